//! The JSON API under `/api/v1/`, split by audience: what a shopper's device calls ([`shopper`]) and what an
//! organizer calls ([`organizer`], for planning and progress [`plan`], for the season's daily work [`season`]). One error shape for every failure ([`super::error`]).

pub mod openapi;
mod organizer;
mod plan;
mod season;
mod shopper;

use axum::middleware;
use axum::routing::get;
use axum::Router;

use super::error::ApiError;
use super::{layers, AppState};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(shopper::router(state))
        .route("/openapi.json", get(openapi::serve))
        .nest("/organizer", organizer::router(state))
        .fallback(|| async { ApiError::NoEndpoint })
        .layer(middleware::from_fn(layers::check_protocol))
}

/// Parses an evaluation id from a path.
fn evaluation_id(text: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(text)
        .map_err(|_| ApiError::BadRequest(format!("\"{text}\" is not an evaluation id (a UUID)")))
}
