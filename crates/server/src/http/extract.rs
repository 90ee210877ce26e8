//! Who is asking: the signed-in shopper (device bearer token), or an organizer (session cookie from the
//! console, or the API token from configuration, which acts as an admin), and whether their role allows it.
//!
//! One mechanism for roles: [`admit`] decides, and the extractors made by `at_least!` name the role in the
//! handler's signature. They read only the request's head, so the role is checked before any body is read.
//! Each audience says a refusal its own way ([`Audience`]): the API answers 401/403 JSON, the console sends
//! a signed-out browser to its login page and shows a role too low a readable page.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::AppState;
use crate::accounts::{self, OrganizerAccount, Role};
use crate::secrets;
use crate::store::ShopperIdentity;

/// The console's session cookie over plain http (a LAN or test server): HttpOnly, SameSite=Strict, for the whole
/// site (API and console).
pub const SESSION_COOKIE: &str = "shopper_session";
/// The session cookie behind https: the `__Host-` prefix makes the browser take it only with `Secure`, `Path=/`
/// and no `Domain`, so no other host, subdomain or plain-http page can set or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-shopper_session";

fn cookie_name(state: &AppState) -> &'static str {
    if state.https() {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

fn cookie_attributes(state: &AppState) -> &'static str {
    if state.https() {
        "HttpOnly; Secure; SameSite=Strict; Path=/"
    } else {
        "HttpOnly; SameSite=Strict; Path=/"
    }
}

/// The `Set-Cookie` value that keeps a session in the browser: HttpOnly (no script reads it), SameSite=Strict
/// (no other site's page can send it along), for the whole site (API and console); `__Host-` and `Secure`
/// behind https.
pub fn session_cookie(state: &AppState, token: &str) -> String {
    format!(
        "{}={token}; {}; Max-Age={}",
        cookie_name(state),
        cookie_attributes(state),
        accounts::SESSION_HOURS * 3600
    )
}

pub fn expired_session_cookie(state: &AppState) -> String {
    format!(
        "{}=; {}; Max-Age=0",
        cookie_name(state),
        cookie_attributes(state)
    )
}

/// The session token the request's cookie carries, if any. When several cookies of the name arrive (a page of
/// another port of this host can plant one for a longer path such as `/console`, and the browser sends those
/// first), the last counts: the server's own cookie has the shortest path, `/`.
pub fn session_token<'a>(parts: &'a Parts, state: &AppState) -> Option<&'a str> {
    let name = cookie_name(state);
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
        .next_back()
        .filter(|token| !token.is_empty())
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    bearer_in(&parts.headers)
}

/// The token of an `Authorization: Bearer ...` header, as every check reads it (surrounding spaces dropped),
/// so the push limit counts the token itself and not its spelling.
pub fn bearer_in(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then_some(token)
}

/// A shopper whose device token is valid and not revoked.
impl FromRequestParts<AppState> for ShopperIdentity {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthorized)?;
        state
            .store
            .shopper_by_token_hash(&secrets::hash(token))
            .await?
            .ok_or(ApiError::Unauthorized)
    }
}

/// Why an organizer was not let in.
pub enum Denied {
    /// No valid session or token.
    SignedOut,
    /// Signed in, with a role below the one needed.
    TooLow {
        account: OrganizerAccount,
        needed: Role,
    },
    /// The sign-in could not be checked (the database failed).
    Failed(crate::error::Error),
}

/// The signed-in organizer, if their role is at least `needed`.
pub async fn admit(
    parts: &Parts,
    state: &AppState,
    needed: Role,
) -> Result<OrganizerAccount, Denied> {
    let account = if let Some(token) = bearer_token(parts) {
        // The API token is guessed at most ten times a minute per address; then no token from there is checked.
        let address = super::ratelimit::address_of(&parts.extensions, &parts.headers, state);
        if let Err(wait) = state.limiter.token_check_allowed(&address) {
            return Err(Denied::Failed(crate::error::Error::LoginBackOff(wait)));
        }
        if secrets::hash(token) != *state.organizer_token_hash {
            state.limiter.wrong_token(&address);
            return Err(Denied::SignedOut);
        }
        OrganizerAccount::api_token()
    } else {
        let token = session_token(parts, state).ok_or(Denied::SignedOut)?;
        accounts::session(&state.store, token)
            .await
            .map_err(Denied::Failed)?
            .ok_or(Denied::SignedOut)?
    };
    if account.role >= needed {
        Ok(account)
    } else {
        Err(Denied::TooLow { account, needed })
    }
}

/// How an audience is told it may not.
pub trait Audience {
    fn refuse(denied: Denied) -> Response;
}

/// JSON callers: 401 or 403 in the API's error shape.
pub struct Api;

impl Audience for Api {
    fn refuse(denied: Denied) -> Response {
        match denied {
            Denied::SignedOut => ApiError::Unauthorized,
            Denied::TooLow { account, needed } => ApiError::Forbidden {
                needed,
                have: account.role,
            },
            Denied::Failed(cause) => ApiError::Cause(cause),
        }
        .into_response()
    }
}

/// Extractors that admit an organizer whose role is at least the one they name; the audience says a refusal.
/// The API's are below; the console's are made in `console/mod.rs` with its own audience.
macro_rules! at_least {
    ($($name:ident, $audience:ty: $role:expr;)*) => {$(
        #[derive(Debug, Clone)]
        pub struct $name(pub $crate::accounts::OrganizerAccount);

        impl axum::extract::FromRequestParts<$crate::http::AppState> for $name {
            type Rejection = axum::response::Response;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &$crate::http::AppState,
            ) -> Result<Self, Self::Rejection> {
                $crate::http::extract::admit(parts, state, $role)
                    .await
                    .map($name)
                    .map_err(<$audience as $crate::http::extract::Audience>::refuse)
            }
        }
    )*};
}
pub(crate) use at_least;

at_least! {
    AsViewer, Api: Role::Viewer;
    AsReviewer, Api: Role::Reviewer;
    AsAdmin, Api: Role::Admin;
}
