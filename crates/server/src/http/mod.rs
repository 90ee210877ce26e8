//! The top floor: everything that knows HTTP (axum). The router, the JSON API for shoppers and organizers,
//! the console's pages, who is asking ([`extract`]), the layers and rate limits, and how a cause becomes a
//! response ([`error`]). Handlers are thin: they read the request, call a feature or the store, and answer.

pub mod api;
pub mod connections;
pub mod console;
pub mod error;
pub mod extract;
pub mod forgery;
pub mod layers;
pub mod portal;
pub mod ratelimit;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use axum::Router;

use crate::secrets;
use crate::store::Store;
use error::{ApiError, MAX_BODY_BYTES};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Where attachments' bytes are kept (a folder or S3).
    pub blobs: crate::attachments::Blobs,
    /// SHA-256 of the organizer's API token (from configuration); compared by hash, never kept in clear.
    pub organizer_token_hash: Arc<str>,
    /// Where shoppers reach the server, for sign-in links; without it, the request's Host is used.
    pub public_url: Option<Arc<str>>,
    pub limiter: Arc<ratelimit::Limiter>,
    /// How long an API or console request may take, reading its body included (see [`layers::time_limit`]).
    pub request_timeout: Duration,
}

/// The default of [`AppState::request_timeout`]: generous for a phone on a poor network sending a few KiB.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl AppState {
    pub fn new(store: Store, organizer_token: &str) -> Self {
        Self {
            store,
            blobs: crate::attachments::Blobs::in_memory(),
            organizer_token_hash: secrets::hash(organizer_token).into(),
            public_url: None,
            limiter: Arc::default(),
            request_timeout: REQUEST_TIMEOUT,
        }
    }

    /// Where shoppers reach this server, for links: the configured public URL, else `http://` + the request's
    /// Host header.
    pub fn public_base(&self, headers: &HeaderMap) -> Result<String, ApiError> {
        if let Some(url) = &self.public_url {
            return Ok(url.to_string());
        }
        headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("http://{host}"))
            .ok_or_else(|| ApiError::BadRequest("no Host header to build the link from".into()))
    }

    /// Whether the public URL is https: the session cookie is then `__Host-` and `Secure`.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// Keeps attachments in `blobs` (`AppState::new` keeps them in memory, for tests that attach nothing).
    pub fn with_blobs(mut self, blobs: crate::attachments::Blobs) -> Self {
        self.blobs = blobs;
        self
    }

    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = Some(url.trim_end_matches('/').into());
        self
    }
}

/// The whole server: API, console, and (when `static_dir` is given) the PWA with its cache rules.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let https = state.https();
    let same_origin = axum::middleware::from_fn_with_state(state.clone(), forgery::same_origin);
    let time_limit = axum::middleware::from_fn_with_state(state.clone(), layers::time_limit);
    let router = Router::new()
        .nest("/api/v1", api::router(&state))
        .nest(
            "/console",
            console::router(&state).layer(axum::middleware::from_fn(layers::console_pages)),
        )
        .nest(
            "/portal",
            portal::router(&state).layer(axum::middleware::from_fn(layers::console_pages)),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(time_limit)
        .layer(same_origin)
        .with_state(state);
    let router = match static_dir {
        Some(dir) => router.fallback_service(layers::static_files(dir)),
        None => router,
    };
    layers::with_common_layers(router, https)
}
