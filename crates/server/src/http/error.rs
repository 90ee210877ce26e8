//! The API's one error shape: every failure is a status and a JSON body with a stable code and a message.
//! Causes from the features and the store ([`crate::error::Error`]) are mapped here; so are the failures only
//! HTTP has (bodies too large or unreadable, time limits, rate limits, missing sign-in). Internal errors are
//! logged in full and answered with a generic message, never leaking details.

use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequest;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shopper_domain::protocol::{ErrorBody, ErrorDetail, OutsideAssignment, RowError};
use shopper_domain::sync::Refusal;

use shopper_domain::attachment::AttachmentRefusal;

use crate::error::{AttachmentProblem, Error, PlanRefusal, Reason};
use crate::store::Role;

/// Largest request body the API and the console read. A 40-answer evaluation with long notes is a few KiB.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Cause(#[from] Error),
    /// A request HTTP cannot read (a body, a path, a query).
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
    #[error("this needs the {} role; you are {}", .needed.as_str(), .have.as_str())]
    Forbidden { needed: Role, have: Role },
    #[error("a browser sent this from a page of another origin; nothing was changed")]
    CrossOrigin,
    #[error("send this as {0}")]
    WrongContentType(&'static str),
    #[error("no such API endpoint")]
    NoEndpoint,
    #[error("this app speaks sync protocol {0}; the server speaks {1}: update the app")]
    ProtocolMismatch(String, u32),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Cause(cause) => cause_status(cause),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            Self::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "timeout"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::WrongCredentials => (StatusCode::UNAUTHORIZED, "wrong_credentials"),
            Self::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden"),
            Self::CrossOrigin => (StatusCode::FORBIDDEN, "cross_origin"),
            Self::WrongContentType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "wrong_content_type"),
            Self::NoEndpoint => (StatusCode::NOT_FOUND, "not_found"),
            Self::ProtocolMismatch(..) => (StatusCode::UPGRADE_REQUIRED, "protocol_mismatch"),
        }
    }
}

/// The status and wire code of a cause. Refusals and missing things keep the general codes the API has always
/// sent; conflicts carry their own.
pub fn cause_status(cause: &Error) -> (StatusCode, &'static str) {
    match cause {
        Error::Refused(_) => (StatusCode::BAD_REQUEST, "bad_request"),
        Error::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
        Error::Conflict { reason, .. } => (StatusCode::CONFLICT, reason.code()),
        Error::Submission(Refusal::NotYourAssignment) => (StatusCode::NOT_FOUND, "not_found"),
        Error::Submission(Refusal::Invalid(_)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_evaluation")
        }
        Error::Submission(_) => (StatusCode::BAD_REQUEST, "bad_request"),
        Error::Attachment(problem) => (attachment_status(problem), problem.code()),
        Error::InvalidDefinition(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_definition"),
        Error::InvalidRows(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rows"),
        Error::Overloaded(_) => (StatusCode::SERVICE_UNAVAILABLE, "overloaded"),
        Error::LoginBackOff(_) => (StatusCode::TOO_MANY_REQUESTS, "login_back_off"),
        Error::Database(_) | Error::Json(_) | Error::Internal(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    }
}

/// A file too large is 413, a chunk at the wrong offset or files still to upload 409, the rest 422.
fn attachment_status(problem: &AttachmentProblem) -> StatusCode {
    match problem {
        AttachmentProblem::Refused(AttachmentRefusal::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
        AttachmentProblem::ChunkOffset { .. } | AttachmentProblem::Missing(_) => {
            StatusCode::CONFLICT
        }
        AttachmentProblem::ChunkHashMissing => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Logs the detail of an internal error (the answer says only "internal error").
pub fn log_internal(cause: &Error) {
    match cause {
        Error::Database(inner) => tracing::error!(error = %inner, "database error"),
        Error::Json(inner) => tracing::error!(error = %inner, "serialization error"),
        Error::Internal(inner) => tracing::error!(error = %inner, "internal error"),
        _ => {}
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let retry_after = match &self {
            Self::Cause(Error::Overloaded(seconds) | Error::LoginBackOff(seconds)) => {
                Some(*seconds)
            }
            _ => None,
        };
        let mut detail = ErrorDetail {
            code: code.to_owned(),
            message: self.to_string(),
            problems: vec![],
            current_revision: None,
            definition_errors: vec![],
            row_errors: vec![],
            reason: None,
            missing_attachments: vec![],
            outside_assignments: vec![],
        };
        if let Self::Cause(cause) = self {
            log_internal(&cause);
            match cause {
                Error::Submission(Refusal::Invalid(problems)) => detail.problems = problems,
                Error::InvalidDefinition(errors) => detail.definition_errors = errors,
                Error::InvalidRows(rows) => {
                    detail.row_errors = rows
                        .into_iter()
                        .map(|row| RowError {
                            line: row.line,
                            code: row.problem.code().to_owned(),
                            message: row.problem.to_string(),
                        })
                        .collect()
                }
                Error::Conflict {
                    current_revision, ..
                } => detail.current_revision = current_revision,
                Error::Attachment(AttachmentProblem::Missing(hashes)) => {
                    detail.missing_attachments = hashes
                }
                Error::Refused(reason) | Error::NotFound(reason) => {
                    detail.reason = Some(reason.code().to_owned());
                    if let Reason::Plan(PlanRefusal::AssignmentsOutside(outside)) = reason {
                        detail.outside_assignments = outside
                            .into_iter()
                            .map(|a| OutsideAssignment {
                                id: a.id,
                                company: a.company,
                                shopper: a.shopper,
                                window: a.window,
                                code: a.problem.code().to_owned(),
                            })
                            .collect();
                    }
                }
                _ => {}
            }
        }
        let mut response = (status, axum::Json(ErrorBody { error: detail })).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::TooLarge(MAX_BODY_BYTES);
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
                    // Files (imports) may be larger than other bodies: the route's own limit.
                    ApiError::TooLarge(crate::imports::IMPORT_MAX_BYTES)
                } else {
                    ApiError::BadRequest(rejection.body_text())
                }
            })?;
        String::from_utf8(bytes.to_vec())
            .map(BodyText)
            .map_err(|_| ApiError::BadRequest("the body is not UTF-8 text".into()))
    }
}
