//! The JSON API under `/api/v1/`: thin handlers over [`crate::store`], one error shape for every failure.

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
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

use crate::accounts::{self, OrganizerAccount};
use crate::auth::{session_cookie, AsAdmin, AsReviewer, AsViewer, Organizer, Shopper};
use crate::campaign::{self, NewAssignment};
use crate::error::{ApiError, ApiJson, BodyText};
use crate::rankings::{self, RankingQuery, Rankings};
use crate::shoppers::{self, Invite, ShopperSummary};
use crate::{changes, drafts, store, AppState};

/// Largest request body the API reads. A 40-answer evaluation with long notes is a few KiB.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/assignments", get(assignments))
        .route("/evaluations/{id}", put(push_evaluation))
        .route("/drafts", get(drafts::list))
        .route("/drafts/{id}", put(drafts::back_up))
        .route("/organizer/login", post(log_in))
        .route("/organizer/logout", post(log_out))
        .route("/organizer/me", get(me))
        .route("/organizer/audit", get(audit_log))
        .route("/organizer/rankings", get(rankings))
        .route(
            "/organizer/shoppers",
            get(list_shoppers).post(create_shopper),
        )
        .route("/organizer/shoppers/{id}/invites", post(invite_shopper))
        .route("/organizer/companies/import", post(import_companies))
        .route("/organizer/assignments", post(create_assignment))
        .route("/organizer/assignments/import", post(import_assignments))
        .route("/organizer/assignments/spread", get(assignment_spread))
        .route("/organizer/export/evaluations.csv", get(export_evaluations))
        .route("/organizer/export/scores.csv", get(export_scores))
        .route("/organizer/shoppers/{id}/revoke", post(revoke_shopper))
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

/// Answers 408 when a request takes longer than the configured timeout, reading its body included: a client that
/// stalls or trickles its upload gets an answer instead of holding its connection and task forever.
pub async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit.as_secs()).into_response(),
    }
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
    // The backup of the draft has done its job. Best effort: the list of backups leaves out received ones.
    if let Err(error) = drafts::forget(&state.db, id).await {
        tracing::warn!(%error, evaluation = %id, "the draft backup of a received evaluation was not deleted");
    }
    let status = match receipt.status {
        PushStatus::Stored => StatusCode::CREATED,
        PushStatus::Replayed => StatusCode::OK,
    };
    Ok((status, ApiJson(receipt)))
}

async fn received_evaluations(
    State(state): State<AppState>,
    _: AsReviewer,
) -> Result<ApiJson<Vec<ReceivedEvaluation>>, ApiError> {
    Ok(ApiJson(store::received_evaluations(&state.db).await?))
}

/// Imports a questionnaire definition file: TOML, or JSON when sent as `application/json`.
async fn import_questionnaire(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    headers: HeaderMap,
    BodyText(body): BodyText,
) -> Result<(StatusCode, ApiJson<ImportedQuestionnaire>), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));
    let format = if is_json { Format::Json } else { Format::Toml };
    let questionnaire = definition::parse(&body, format).map_err(ApiError::InvalidDefinition)?;
    let imported = changes::import_questionnaire(&state.db, &actor, questionnaire).await?;
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
    AsReviewer(actor): AsReviewer,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReviewRequest>,
) -> Result<ApiJson<Reviewed>, ApiError> {
    let status = changes::review(&state.db, &actor, evaluation_id(&id)?, &request).await?;
    Ok(ApiJson(Reviewed { status }))
}

#[derive(serde::Deserialize)]
struct LogIn {
    email: String,
    password: String,
}

/// Signs an organizer in: an HttpOnly, SameSite=Strict session cookie for the API, valid for a working day.
async fn log_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LogIn>,
) -> Result<Response, ApiError> {
    let Some((token, account)) =
        accounts::log_in(&state.db, &request.email, &request.password).await?
    else {
        return Err(ApiError::WrongCredentials);
    };
    let cookie = accounts::session_cookie(&token);
    Ok(([(header::SET_COOKIE, cookie)], ApiJson(account)).into_response())
}

async fn log_out(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = session_cookie(&parts) {
        accounts::log_out(&state.db, token).await?;
    }
    let expired = accounts::expired_session_cookie();
    Ok(([(header::SET_COOKIE, expired)], StatusCode::NO_CONTENT).into_response())
}

async fn me(organizer: Organizer) -> ApiJson<OrganizerAccount> {
    ApiJson(organizer.0)
}

async fn audit_log(
    State(state): State<AppState>,
    _: AsReviewer,
) -> Result<ApiJson<Vec<accounts::AuditEntry>>, ApiError> {
    Ok(ApiJson(accounts::audit_log(&state.db, 500).await?))
}

async fn rankings(
    State(state): State<AppState>,
    _: AsViewer,
    query: Result<Query<RankingQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<ApiJson<Rankings>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    Ok(ApiJson(rankings::rankings(&state.db, query).await?))
}

async fn list_shoppers(
    State(state): State<AppState>,
    _: AsAdmin,
) -> Result<ApiJson<Vec<ShopperSummary>>, ApiError> {
    Ok(ApiJson(shoppers::list(&state.db).await?))
}

#[derive(serde::Deserialize)]
struct NewShopper {
    name: String,
}

async fn create_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    ApiJson(request): ApiJson<NewShopper>,
) -> Result<(StatusCode, ApiJson<ShopperSummary>), ApiError> {
    let shopper = changes::create_shopper(&state.db, &actor, &request.name).await?;
    Ok((StatusCode::CREATED, ApiJson(shopper)))
}

/// A one-time sign-in link and its QR code for one of the shopper's devices.
async fn invite_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<(StatusCode, ApiJson<Invite>), ApiError> {
    let base = state.public_base(&headers)?;
    let invite = changes::invite_shopper(&state.db, &actor, &id, &base).await?;
    Ok((StatusCode::CREATED, ApiJson(invite)))
}

#[derive(serde::Serialize)]
struct Revoked {
    devices: u64,
}

async fn revoke_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
) -> Result<ApiJson<Revoked>, ApiError> {
    let devices = changes::revoke_shopper(&state.db, &actor, &id).await?;
    Ok(ApiJson(Revoked { devices }))
}

/// `class,company` CSV rows into the campaign.
async fn import_companies(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    BodyText(body): BodyText,
) -> Result<(StatusCode, ApiJson<campaign::CompaniesImported>), ApiError> {
    let imported = changes::import_companies(&state.db, &actor, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(imported)))
}

#[derive(serde::Serialize)]
struct Created {
    created: usize,
}

async fn create_assignment(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    ApiJson(request): ApiJson<NewAssignment>,
) -> Result<(StatusCode, ApiJson<serde_json::Value>), ApiError> {
    let id = changes::create_assignment(&state.db, &actor, request).await?;
    Ok((
        StatusCode::CREATED,
        ApiJson(serde_json::json!({ "id": id })),
    ))
}

async fn import_assignments(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    BodyText(body): BodyText,
) -> Result<(StatusCode, ApiJson<Created>), ApiError> {
    let created = changes::import_assignments(&state.db, &actor, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(Created { created })))
}

async fn assignment_spread(
    State(state): State<AppState>,
    _: AsAdmin,
) -> Result<ApiJson<campaign::Spread>, ApiError> {
    Ok(ApiJson(campaign::spread(&state.db).await?))
}

fn csv_response(name: &str, text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        text,
    )
        .into_response()
}

async fn export_evaluations(
    State(state): State<AppState>,
    _: AsReviewer,
) -> Result<Response, ApiError> {
    Ok(csv_response(
        "evaluations.csv",
        campaign::evaluations_csv(&state.db).await?,
    ))
}

async fn export_scores(State(state): State<AppState>, _: AsViewer) -> Result<Response, ApiError> {
    Ok(csv_response(
        "scores.csv",
        campaign::scores_csv(&state.db).await?,
    ))
}
