//! The JSON API under `/api/v1/`: thin handlers over [`crate::store`], one error shape for every failure.

use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use shopper_domain::definition::{self, Format};
use shopper_domain::protocol::{
    AssignmentsResponse, ImportedQuestionnaire, PushReceipt, PushStatus, ReceivedEvaluation,
    ReviewRequest, ReviewStatus, SignInRequest, SignInResponse, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use shopper_domain::EvaluationSubmission;
use uuid::Uuid;

use crate::auth::{Organizer, Shopper};
use crate::error::{ApiError, ApiJson};
use crate::{store, AppState};

/// Largest request body the API reads. A 40-answer evaluation with long notes is a few KiB.
const MAX_BODY_BYTES: usize = 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/assignments", get(assignments))
        .route("/evaluations/{id}", put(push_evaluation))
        .route("/organizer/evaluations", get(received_evaluations))
        .route(
            "/organizer/evaluations/{id}/review",
            post(review_evaluation),
        )
        .route("/organizer/questionnaires", post(import_questionnaire))
        .fallback(|| async { ApiError::NotFound("no such API endpoint".into()) })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(check_protocol))
}

/// Refuses a device that speaks another sync protocol (426), so an old app says "update" instead of
/// sending data this server would misread. Requests without the header (curl, the console) pass.
async fn check_protocol(request: Request, next: Next) -> Response {
    if let Some(value) = request.headers().get(PROTOCOL_HEADER) {
        let spoken = value.to_str().unwrap_or("?").to_owned();
        if spoken != PROTOCOL_VERSION.to_string() {
            return ApiError::ProtocolMismatch(spoken, PROTOCOL_VERSION).into_response();
        }
    }
    next.run(request).await
}

async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<ApiJson<SignInResponse>, ApiError> {
    let signed_in = store::sign_in(&state.db, request.invite_code.trim()).await?;
    signed_in.map(ApiJson).ok_or(ApiError::NotFound(
        "this sign-in link is not valid (expired, revoked or mistyped): ask the organizer for a new one".into(),
    ))
}

async fn assignments(
    State(state): State<AppState>,
    shopper: Shopper,
) -> Result<ApiJson<AssignmentsResponse>, ApiError> {
    Ok(ApiJson(store::assignments_for(&state.db, &shopper).await?))
}

async fn push_evaluation(
    State(state): State<AppState>,
    shopper: Shopper,
    Path(id): Path<String>,
    ApiJson(submission): ApiJson<EvaluationSubmission>,
) -> Result<(StatusCode, ApiJson<PushReceipt>), ApiError> {
    let id = evaluation_id(&id)?;
    if submission.protocol != PROTOCOL_VERSION {
        return Err(ApiError::ProtocolMismatch(
            submission.protocol.to_string(),
            PROTOCOL_VERSION,
        ));
    }
    if submission.revision == 0 {
        return Err(ApiError::BadRequest("revisions start at 1".into()));
    }
    let receipt = store::push_evaluation(&state.db, &shopper, id, &submission).await?;
    let status = match receipt.status {
        PushStatus::Stored => StatusCode::CREATED,
        PushStatus::Replayed => StatusCode::OK,
    };
    Ok((status, ApiJson(receipt)))
}

async fn received_evaluations(
    State(state): State<AppState>,
    _organizer: Organizer,
) -> Result<ApiJson<Vec<ReceivedEvaluation>>, ApiError> {
    Ok(ApiJson(store::received_evaluations(&state.db).await?))
}

/// Imports a questionnaire definition file: TOML, or JSON when sent as `application/json`.
async fn import_questionnaire(
    State(state): State<AppState>,
    _organizer: Organizer,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, ApiJson<ImportedQuestionnaire>), ApiError> {
    let body = std::str::from_utf8(&body)
        .map_err(|_| ApiError::BadRequest("the definition file is not UTF-8 text".into()))?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));
    let format = if is_json { Format::Json } else { Format::Toml };
    let questionnaire = definition::parse(body, format).map_err(ApiError::InvalidDefinition)?;
    let imported = store::import_questionnaire(&state.db, questionnaire).await?;
    let status = if imported.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, ApiJson(imported)))
}

fn evaluation_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text)
        .map_err(|_| ApiError::BadRequest(format!("\"{text}\" is not an evaluation id (a UUID)")))
}

#[derive(serde::Serialize)]
struct Reviewed {
    status: ReviewStatus,
}

async fn review_evaluation(
    State(state): State<AppState>,
    _organizer: Organizer,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReviewRequest>,
) -> Result<ApiJson<Reviewed>, ApiError> {
    let status = store::review_evaluation(&state.db, evaluation_id(&id)?, &request).await?;
    Ok(ApiJson(Reviewed { status }))
}
