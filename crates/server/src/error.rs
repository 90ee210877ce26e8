//! One error type for the whole API: each maps to a status and a JSON body with a code and a message.
//! Internal errors are logged in full and answered with a generic message, never leaking details.

use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequest;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shopper_domain::protocol::{ErrorBody, ErrorDetail};
use shopper_domain::questionnaire::DefinitionError;
use shopper_domain::Problem;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("the request body is larger than the {0} bytes this server reads")]
    TooLarge(usize),
    #[error("too many requests: try again in {0} s")]
    TooManyRequests(u64),
    #[error("the request took longer than {0} s (a slow or stalled upload): try again")]
    Timeout(u64),
    #[error("sign in first: this request has no valid token")]
    Unauthorized,
    #[error("wrong e-mail or password")]
    WrongCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        current_revision: Option<u32>,
    },
    #[error("the evaluation has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    #[error("the questionnaire definition has {} error(s): {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    InvalidDefinition(Vec<DefinitionError>),
    #[error("{} row(s) of the file are wrong; nothing was imported", .0.len())]
    InvalidRows(Vec<shopper_domain::protocol::RowError>),
    #[error("this app speaks sync protocol {0}; the server speaks {1}: update the app")]
    ProtocolMismatch(String, u32),
    #[error("internal error")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Json(#[from] serde_json::Error),
    /// Anything else that should not happen (a worker thread that stopped); the detail is only logged.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            Self::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "timeout"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::WrongCredentials => (StatusCode::UNAUTHORIZED, "wrong_credentials"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            Self::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_evaluation"),
            Self::InvalidDefinition(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_definition"),
            Self::InvalidRows(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rows"),
            Self::ProtocolMismatch(..) => (StatusCode::UPGRADE_REQUIRED, "protocol_mismatch"),
            Self::Database(_) | Self::Json(_) | Self::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            Self::Database(inner) => tracing::error!(error = %inner, "database error"),
            Self::Json(inner) => tracing::error!(error = %inner, "serialization error"),
            Self::Internal(inner) => tracing::error!(error = %inner, "internal error"),
            _ => {}
        }
        let mut detail = ErrorDetail {
            code: code.to_owned(),
            message: self.to_string(),
            problems: vec![],
            current_revision: None,
            definition_errors: vec![],
            row_errors: vec![],
        };
        match self {
            Self::Invalid(problems) => detail.problems = problems,
            Self::InvalidDefinition(errors) => detail.definition_errors = errors,
            Self::InvalidRows(errors) => detail.row_errors = errors,
            Self::Conflict {
                current_revision, ..
            } => detail.current_revision = current_revision,
            _ => {}
        }
        (status, axum::Json(ErrorBody { error: detail })).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::TooLarge(crate::api::MAX_BODY_BYTES);
        }
        Self::BadRequest(format!(
            "the request body is not the JSON this endpoint expects: {}",
            rejection.body_text()
        ))
    }
}

/// `axum::Json`, but a body it cannot read becomes a 400 in the API's own error shape.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A request body as UTF-8 text (a CSV or definition file), with the API's errors for too large or not text.
pub struct BodyText(pub String);

impl<S: Send + Sync> FromRequest<S> for BodyText {
    type Rejection = ApiError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge(crate::api::MAX_BODY_BYTES)
                } else {
                    ApiError::BadRequest(rejection.body_text())
                }
            })?;
        String::from_utf8(bytes.to_vec())
            .map(BodyText)
            .map_err(|_| ApiError::BadRequest("the body is not UTF-8 text".into()))
    }
}
