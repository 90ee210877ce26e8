//! Who is asking: the signed-in shopper (device bearer token), or an organizer (session cookie from the
//! console, or the API token from configuration, which acts as an admin), and whether their role allows it.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;

use crate::accounts::{self, OrganizerAccount, Role, SESSION_COOKIE};
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

/// A signed-in organizer.
#[derive(Debug, Clone)]
pub struct Organizer(pub OrganizerAccount);

impl Organizer {
    /// 403 unless the organizer's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<&OrganizerAccount, ApiError> {
        if self.0.role >= role {
            Ok(&self.0)
        } else {
            Err(ApiError::Forbidden(format!(
                "this needs the {} role; you are {}",
                role.as_str(),
                self.0.role.as_str()
            )))
        }
    }
}

impl FromRequestParts<AppState> for Organizer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer_token(parts) {
            return if secrets::hash(token) == *state.organizer_token_hash {
                Ok(Organizer(OrganizerAccount {
                    id: "api-token".into(),
                    name: "API token".into(),
                    role: Role::Admin,
                }))
            } else {
                Err(ApiError::Unauthorized)
            };
        }
        let token = session_cookie(parts).ok_or(ApiError::Unauthorized)?;
        accounts::session(&state.db, token)
            .await?
            .map(Organizer)
            .ok_or(ApiError::Unauthorized)
    }
}

/// Extractors that admit an organizer whose role is at least the one they name, else 403. They read only the
/// request's head, so the role is checked before any body is read or judged.
macro_rules! at_least {
    ($($name:ident: $role:expr;)*) => {$(
        #[derive(Debug, Clone)]
        pub struct $name(pub OrganizerAccount);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Self::Rejection> {
                let organizer = Organizer::from_request_parts(parts, state).await?;
                organizer.require($role).cloned().map($name)
            }
        }
    )*};
}

at_least! {
    AsViewer: Role::Viewer;
    AsReviewer: Role::Reviewer;
    AsAdmin: Role::Admin;
}

/// The console's session cookie, if the request carries one.
pub fn session_cookie(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
        .filter(|token| !token.is_empty())
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then_some(token)
}
