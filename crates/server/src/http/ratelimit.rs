//! Rate limits on the doors a stranger can knock on, attached to their routes (`route_layer`): shopper sign-in
//! per address; organizer login (API and console) per address in a bucket of its own and under one cap for all
//! addresses together (each login costs an Argon2id computation); evaluation pushes per device token and per
//! address. A refusal is logged at warn with its kind and address, never a token.
//! Fixed one-minute windows in memory, per server process; a refused request gets 429 with `Retry-After` and
//! changes nothing. Behind a load balancer the address is taken from `X-Forwarded-For`, but only when the
//! request comes from a configured proxy.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{HeaderValue, RETRY_AFTER};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::AppState;
use crate::secrets;

const WINDOW: Duration = Duration::from_secs(60);

/// Requests allowed per minute.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Shopper sign-ins from one address.
    pub sign_in_per_address: u32,
    /// Organizer logins (API and console) from one address: a bucket apart from the shoppers', so bad invite
    /// codes from an office network do not lock its organizers out.
    pub login_per_address: u32,
    /// Organizer logins from all addresses together: many addresses each under their own limit still cannot
    /// make the server check passwords without end.
    pub login_in_total: u32,
    /// Pushes with one device token.
    pub push_per_token: u32,
    /// Pushes from one address (many shoppers can share one, e.g. an office network).
    pub push_per_address: u32,
    /// Wrong organizer API tokens from one address; then no token from there is checked until the minute
    /// is over.
    pub wrong_token_per_address: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            sign_in_per_address: 10,
            login_per_address: 10,
            login_in_total: 300,
            push_per_token: 120,
            push_per_address: 3000,
            wrong_token_per_address: 10,
        }
    }
}

#[derive(Default)]
pub struct Limiter {
    pub limits: Limits,
    /// Load balancers / reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
    /// Failed organizer logins per account, with their back-off (`accounts::LoginThrottle`).
    pub logins: crate::accounts::LoginThrottle,
}

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            trusted_proxies: Vec::new(),
            windows: Mutex::default(),
            logins: Default::default(),
        }
    }

    pub fn trusting(mut self, proxies: Vec<IpAddr>) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// Whether `key` has already used up `limit` this minute (`Err(seconds to wait)`), without counting.
    fn spent(&self, key: &str, limit: u32, now: Instant) -> Result<(), u64> {
        let windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match windows.get(key) {
            Some((start, count)) if now.duration_since(*start) < WINDOW && *count >= limit => {
                Err(WINDOW
                    .saturating_sub(now.duration_since(*start))
                    .as_secs()
                    .max(1))
            }
            _ => Ok(()),
        }
    }

    /// Guessing the organizer API token: after `wrong_token_per_address` wrong tokens in a minute from an
    /// address, no token from there is checked until the minute is over (`Err(seconds to wait)`).
    pub fn token_check_allowed(&self, address: &str) -> Result<(), u64> {
        self.spent(
            &format!("wrong-token {address}"),
            self.limits.wrong_token_per_address,
            Instant::now(),
        )
    }

    pub fn wrong_token(&self, address: &str) {
        let key = format!("wrong-token {address}");
        if self
            .hit(key, self.limits.wrong_token_per_address, Instant::now())
            .is_err()
        {
            tracing::warn!(%address, "wrong organizer API tokens: checks stopped for a minute");
        }
    }

    /// Counts one request for `key`; `Err(seconds to wait)` when the key is over `limit` this minute.
    fn hit(&self, key: String, limit: u32, now: Instant) -> Result<(), u64> {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(key).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        *count += 1;
        if *count > limit {
            Err(WINDOW
                .saturating_sub(now.duration_since(*start))
                .as_secs()
                .max(1))
        } else {
            Ok(())
        }
    }
}

/// The client's address: the TCP peer, or, when the peer is a trusted proxy, the nearest address in
/// `X-Forwarded-For` that is not one of the trusted proxies (entries further left can be forged by the client).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    forwarded_for
        .into_iter()
        .flat_map(|header| header.rsplit(','))
        .map_while(|hop| hop.trim().parse::<IpAddr>().ok())
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

/// The key an address is counted under: an IPv4 address itself, an IPv6 address by its /64 (one household or
/// office network gets a whole /64, so counting single IPv6 addresses would give an attacker 2^64 buckets).
/// An IPv4 address mapped into IPv6 counts as the IPv4 address.
pub fn address_group(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn address(request: &Request, state: &AppState) -> String {
    address_of(request.extensions(), request.headers(), state)
}

/// The client's address group (see [`address_group`]) from a request's extensions and headers.
pub fn address_of(
    extensions: &axum::http::Extensions,
    headers: &axum::http::HeaderMap,
    state: &AppState,
) -> String {
    extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(
        || "unknown".to_owned(),
        |ConnectInfo(addr)| {
            let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
            address_group(client_address(
                addr.ip(),
                forwarded_for,
                &state.limiter.trusted_proxies,
            ))
        },
    )
}

/// Counts the request under every key; the first key over its limit answers 429 (and is logged at warn by its
/// kind and the client's address: keys that hold a token's hash are not written out).
async fn within(
    state: &AppState,
    keys: Vec<(String, u32)>,
    request: Request,
    next: Next,
) -> Response {
    let now = Instant::now();
    for (key, limit) in keys {
        let kind = key.split(' ').next().unwrap_or_default().to_owned();
        if let Err(wait) = state.limiter.hit(key, limit, now) {
            tracing::warn!(
                limit = %kind,
                address = %address(&request, state),
                path = %request.uri().path(),
                "rate limit reached: 429"
            );
            let mut response = ApiError::TooManyRequests(wait).into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            return response;
        }
    }
    next.run(request).await
}

/// On the organizer logins (API and console): per address, and all addresses together.
pub async fn limit_login(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limits = state.limiter.limits;
    let keys = vec![
        ("login-total".to_owned(), limits.login_in_total),
        (
            format!("login {}", address(&request, &state)),
            limits.login_per_address,
        ),
    ];
    within(&state, keys, request, next).await
}

/// On the shopper sign-in: per address.
pub async fn limit_sign_in(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let key = format!("sign-in {}", address(&request, &state));
    let keys = vec![(key, state.limiter.limits.sign_in_per_address)];
    within(&state, keys, request, next).await
}

/// On the evaluation push: per address and per device token.
pub async fn limit_push(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limits = state.limiter.limits;
    let mut keys = vec![(
        format!("push {}", address(&request, &state)),
        limits.push_per_address,
    )];
    // The token as the sign-in check reads it: "Bearer  x", "Bearer x " and "Bearer x" are one device.
    if let Some(token) = super::extract::bearer_in(request.headers()) {
        keys.push((
            format!("push token {}", secrets::hash(token)),
            limits.push_per_token,
        ));
    }
    within(&state, keys, request, next).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.5");
        let trusted = [proxy, ip("10.0.0.6")];
        // A stranger's own X-Forwarded-For is ignored.
        assert_eq!(
            client_address(ip("203.0.113.9"), Some("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
        // Behind the proxy: the nearest untrusted hop, not the forgeable leftmost one.
        assert_eq!(
            client_address(proxy, Some("6.6.6.6, 198.51.100.7, 10.0.0.6"), &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(client_address(proxy, None, &trusted), proxy);
        assert_eq!(client_address(proxy, Some("garbage"), &trusted), proxy);
    }

    #[test]
    fn an_ipv6_network_counts_as_one_address() {
        let group = |s: &str| address_group(s.parse().unwrap());
        assert_eq!(group("203.0.113.9"), "203.0.113.9");
        assert_eq!(group("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(group("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(
            group("2001:db8:1:2:ffff:eeee:dddd:cccc"),
            group("2001:db8:1:2::1")
        );
        assert_ne!(group("2001:db8:1:3::1"), group("2001:db8:1:2::1"));
    }

    #[test]
    fn a_key_gets_its_limit_per_minute_then_waits_for_the_next_minute() {
        let limiter = Limiter::default();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.hit("k".into(), 3, start).is_ok());
        }
        let wait = limiter
            .hit("k".into(), 3, start + Duration::from_secs(20))
            .unwrap_err();
        assert_eq!(wait, 40);
        assert!(
            limiter.hit("other".into(), 3, start).is_ok(),
            "keys are counted apart"
        );
        assert!(
            limiter.hit("k".into(), 3, start + WINDOW).is_ok(),
            "a new minute, a new count"
        );
    }
}
