//! Accepting connections under limits, against slow-loris and descriptor exhaustion: a request head must
//! arrive whole within the header timeout (on a new connection and on a kept-alive one waiting for its next
//! request, so an idle keep-alive connection is closed after the same time), and connections are capped in
//! total and per client address (IPv6 per /64). A connection over a cap is closed at once, before anything is
//! read from it. The server speaks HTTP/1.1 (a TLS proxy in front may speak HTTP/2 to browsers).

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::ratelimit::address_group;

/// How long, how many and from where.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// The time a request head may take to arrive whole, and an idle kept-alive connection may wait for its
    /// next request.
    pub header_timeout: Duration,
    /// Open connections in all (keep it well under the process's descriptor limit, usually 1,024).
    pub max_connections: usize,
    /// Open connections from one address (an IPv6 /64 counts as one); trusted proxies are not capped.
    pub max_per_address: usize,
    /// Proxies in front, whose connections carry many clients (see `ratelimit::client_address`).
    pub trusted_proxies: Vec<IpAddr>,
}

/// Defaults of [`ConnectionLimits`].
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_CONNECTIONS: usize = 768;
pub const MAX_PER_ADDRESS: usize = 128;

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout: HEADER_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            max_per_address: MAX_PER_ADDRESS,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Open connections per address group; a [`Seat`] gives its place back when the connection ends.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<String, usize>>);

struct Seat {
    table: Arc<PerAddress>,
    key: String,
}

impl PerAddress {
    fn take(self: &Arc<Self>, key: String, cap: usize) -> Option<Seat> {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(key.clone()).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Seat {
            table: self.clone(),
            key,
        })
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut open = self.table.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// Warns about refused connections at most once every ten seconds (with how many), so a flood cannot fill
/// the log.
#[derive(Default)]
struct RefusalLog(Mutex<(Option<Instant>, u64)>);

impl RefusalLog {
    fn refused(&self, cap: &str, address: &str) {
        let mut log = self.0.lock().unwrap_or_else(|p| p.into_inner());
        log.1 += 1;
        let now = Instant::now();
        if log
            .0
            .is_none_or(|last| now.duration_since(last) >= Duration::from_secs(10))
        {
            log.0 = Some(now);
            tracing::warn!(cap, %address, refused_so_far = log.1, "connection refused: too many open");
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open requests finish (up to the header
/// timeout plus 30 s).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let total = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(PerAddress::default());
    let refusals = RefusalLog::default();
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors or memory: wait a moment instead of spinning.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = total.clone().try_acquire_owned() else {
            refusals.refused("total", &peer.ip().to_string());
            drop(stream);
            continue;
        };
        let seat = if limits.trusted_proxies.contains(&peer.ip()) {
            None
        } else {
            let key = address_group(peer.ip());
            match per_address.take(key.clone(), limits.max_per_address) {
                Some(seat) => Some(seat),
                None => {
                    refusals.refused("per-address", &key);
                    drop(stream);
                    continue;
                }
            }
        };
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    request
                        .extensions_mut()
                        .insert(ConnectInfo::<SocketAddr>(peer));
                    request
                });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop((permit, seat));
        });
    }
    drop(listener);
    let wait = limits.header_timeout + Duration::from_secs(30);
    if tokio::time::timeout(wait, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {wait:?}; stopping anyway");
    }
    Ok(())
}
