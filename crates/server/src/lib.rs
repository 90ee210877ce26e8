//! Shopper's organizer server: the JSON API under `/api/v1/`, its SQLite storage, and the built PWA.
//!
//! `app(state)` builds the whole router so that tests start exactly what `main` starts, on `127.0.0.1:0`.

pub mod accounts;
pub mod api;
pub mod auth;
pub mod campaign;
pub mod changes;
pub mod console;
pub mod db;
pub mod demo;
pub mod drafts;
pub mod error;
pub mod rankings;
pub mod ratelimit;
pub mod secrets;
pub mod shoppers;
pub mod store;
pub mod web;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::db::Db;
use axum::Router;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// SHA-256 of the organizer's API token (from configuration); compared by hash, never kept in clear.
    pub organizer_token_hash: Arc<str>,
    /// Where shoppers reach the server, for sign-in links; without it, the request's Host is used.
    pub public_url: Option<Arc<str>>,
    pub limiter: Arc<ratelimit::Limiter>,
    /// How long an API or console request may take, reading its body included (see [`api::time_limit`]).
    pub request_timeout: Duration,
}

/// The default of [`AppState::request_timeout`]: generous for a phone on a poor network sending a few KiB.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl AppState {
    pub fn new(db: Db, organizer_token: &str) -> Self {
        Self {
            db,
            organizer_token_hash: secrets::hash(organizer_token).into(),
            public_url: None,
            limiter: Arc::default(),
            request_timeout: REQUEST_TIMEOUT,
        }
    }

    /// Where shoppers reach this server, for links: the configured public URL, else `http://` + the request's
    /// Host header.
    pub fn public_base(&self, headers: &axum::http::HeaderMap) -> Result<String, error::ApiError> {
        if let Some(url) = &self.public_url {
            return Ok(url.to_string());
        }
        headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("http://{host}"))
            .ok_or_else(|| {
                error::ApiError::BadRequest("no Host header to build the link from".into())
            })
    }

    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = Some(url.trim_end_matches('/').into());
        self
    }
}

/// The whole server: API, and (when `static_dir` is given) the PWA with its cache rules.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let https = state
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    let router = Router::new()
        .nest(
            "/api/v1",
            api::router()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    ratelimit::limit,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    api::time_limit,
                )),
        )
        .nest(
            "/console",
            console::router()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    ratelimit::limit,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    api::time_limit,
                )),
        )
        .with_state(state);
    let router = match static_dir {
        Some(dir) => router.fallback_service(web::static_files(dir)),
        None => router,
    };
    web::with_common_layers(router, https)
}
