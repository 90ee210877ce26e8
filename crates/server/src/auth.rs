//! Who is asking: the signed-in shopper (device bearer token) or the organizer (token from configuration).

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::{secrets, store, AppState};

/// A shopper whose device token is valid and not revoked.
#[derive(Debug, Clone)]
pub struct Shopper {
    pub id: String,
    pub name: String,
}

impl FromRequestParts<AppState> for Shopper {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthorized)?;
        store::shopper_by_token_hash(&state.db, &secrets::hash(token))
            .await?
            .ok_or(ApiError::Unauthorized)
    }
}

/// The organizer, recognised by the API token the server was configured with.
#[derive(Debug, Clone, Copy)]
pub struct Organizer;

impl FromRequestParts<AppState> for Organizer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer_token(parts) {
            Some(token) if secrets::hash(token) == *state.organizer_token_hash => Ok(Organizer),
            _ => Err(ApiError::Unauthorized),
        }
    }
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then_some(token)
}
