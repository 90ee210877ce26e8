//! What an organizer calls under `/api/v1/organizer/`: log in, review, results, shoppers and invites,
//! campaign set-up, questionnaires, exports and the audit log. Each handler names the role it needs.

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use shopper_domain::definition::Format;
use shopper_domain::protocol::{
    ImportedQuestionnaire, ReceivedEvaluation, ReviewRequest, ReviewStatus,
};

use super::evaluation_id;
use crate::accounts::{self, AuditFilter, AuditSheet, OrganizerAccount};
use crate::campaign::{self, NewAssignment, NewCampaign};
use crate::http::error::{ApiError, ApiJson, BodyText};
use crate::http::extract::{self, AsAdmin, AsReviewer, AsViewer};
use crate::http::ratelimit::limit_login;
use crate::http::AppState;
use crate::imports::IMPORT_MAX_BYTES;
use crate::rankings::{self, RankingQuery, Rankings};
use crate::shoppers::{Invite, ShopperSummary};
use crate::store::{Campaign, Spread};
use crate::{changes, queue};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/login",
            post(log_in).route_layer(from_fn_with_state(state.clone(), limit_login)),
        )
        .route("/logout", post(log_out))
        .route("/me", get(me))
        .route("/audit", get(audit_log))
        .route("/campaigns", get(list_campaigns).post(create_campaign))
        .route("/rankings", get(rankings))
        .route("/shoppers", get(list_shoppers).post(create_shopper))
        .route("/organizers/deactivate", post(deactivate_organizer))
        .route("/shoppers/{id}/invites", post(invite_shopper))
        .route("/shoppers/{id}/revoke", post(revoke_shopper))
        .route(
            "/companies/import",
            post(import_companies).route_layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .route("/assignments", post(create_assignment))
        .route(
            "/assignments/import",
            post(import_assignments).route_layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .route("/assignments/spread", get(assignment_spread))
        .route("/export/evaluations.csv", get(export_evaluations))
        .route("/export/scores.csv", get(export_scores))
        .route("/evaluations", get(received_evaluations))
        .route("/evaluations/{id}/review", post(review_evaluation))
        .route("/evaluations/{id}/revisions", get(evaluation_revisions))
        .route(
            "/evaluations/{id}/attachments/{sha256}",
            get(evaluation_attachment),
        )
        .route(
            "/questionnaires",
            post(import_questionnaire).route_layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .merge(super::plan::router())
        .merge(super::season::router())
}

/// `?campaign=<id or name>` on every route that works within one campaign; left out, the newest campaign.
#[derive(serde::Deserialize, Default)]
pub(super) struct CampaignParam {
    campaign: Option<String>,
}

pub(super) type CampaignQuery =
    Result<Query<CampaignParam>, axum::extract::rejection::QueryRejection>;

/// The campaign a request names, else the newest; a named one that does not exist is 404 `no_campaign`.
pub(super) async fn chosen_campaign(
    state: &AppState,
    query: CampaignQuery,
) -> Result<Campaign, ApiError> {
    let Query(param) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    Ok(campaign::chosen(&state.store, param.campaign.as_deref()).await?)
}

/// Every campaign, newest first.
async fn list_campaigns(
    State(state): State<AppState>,
    _: AsViewer,
) -> Result<ApiJson<Vec<Campaign>>, ApiError> {
    Ok(ApiJson(state.store.campaigns().await?))
}

async fn create_campaign(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    ApiJson(request): ApiJson<NewCampaign>,
) -> Result<(StatusCode, ApiJson<Campaign>), ApiError> {
    let campaign = changes::create_campaign(&state.store, &actor, &request).await?;
    Ok((StatusCode::CREATED, ApiJson(campaign)))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct LogIn {
    email: String,
    password: String,
}

/// Signs an organizer in: an HttpOnly, SameSite=Strict session cookie for the API, valid for a working day.
async fn log_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LogIn>,
) -> Result<Response, ApiError> {
    let Some((token, account)) = accounts::log_in(
        &state.store,
        &state.limiter.logins,
        &request.email,
        &request.password,
    )
    .await?
    else {
        return Err(ApiError::WrongCredentials);
    };
    let cookie = extract::session_cookie(&state, &token);
    Ok(([(header::SET_COOKIE, cookie)], ApiJson(account)).into_response())
}

async fn log_out(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = extract::session_token(&parts, &state) {
        accounts::log_out(&state.store, token).await?;
    }
    let expired = extract::expired_session_cookie(&state);
    Ok(([(header::SET_COOKIE, expired)], StatusCode::NO_CONTENT).into_response())
}

async fn me(AsViewer(organizer): AsViewer) -> ApiJson<OrganizerAccount> {
    ApiJson(organizer)
}

/// A page of the audit log, newest first: `?person=` (as the log names them), `kind=`, `from=`/`to=` (Oslo
/// days), `page=` (from 0), with the total the filter gives.
async fn audit_log(
    State(state): State<AppState>,
    _: AsReviewer,
    filter: Result<Query<AuditFilter>, axum::extract::rejection::QueryRejection>,
) -> Result<ApiJson<AuditSheet>, ApiError> {
    let Query(filter) = filter.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let (sheet, _) = accounts::audit_sheet(&state.store, &filter, true).await?;
    Ok(ApiJson(sheet))
}

async fn rankings(
    State(state): State<AppState>,
    _: AsViewer,
    query: Result<Query<RankingQuery>, axum::extract::rejection::QueryRejection>,
    campaign: CampaignQuery,
) -> Result<ApiJson<Rankings>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        rankings::rankings(&state.store, &campaign.id, query).await?,
    ))
}

async fn received_evaluations(
    State(state): State<AppState>,
    _: AsReviewer,
    campaign: CampaignQuery,
) -> Result<ApiJson<Vec<ReceivedEvaluation>>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        queue::received(&state.store, None, Some(&campaign.id)).await?,
    ))
}

/// Every kept revision of the evaluation, oldest first, with who sent it, when and the review it got.
async fn evaluation_attachment(
    State(state): State<AppState>,
    _: AsViewer,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = evaluation_id(&id)?;
    let served =
        crate::attachments::of_evaluation(&state.store, &state.blobs, &id.to_string(), &sha256)
            .await?;
    Ok(crate::http::layers::attachment_response(served))
}

async fn evaluation_revisions(
    State(state): State<AppState>,
    _: AsReviewer,
    Path(id): Path<String>,
) -> Result<ApiJson<Vec<crate::store::RevisionRow>>, ApiError> {
    let id = evaluation_id(&id)?;
    let revisions = queue::revisions(&state.store, id).await?;
    if revisions.is_empty() {
        return Err(
            crate::error::Error::NotFound(crate::error::Reason::NoEvaluation(id.to_string()))
                .into(),
        );
    }
    Ok(ApiJson(revisions))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Reviewed {
    status: ReviewStatus,
}

async fn review_evaluation(
    State(state): State<AppState>,
    AsReviewer(actor): AsReviewer,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReviewRequest>,
) -> Result<ApiJson<Reviewed>, ApiError> {
    let status = changes::review(&state.store, &actor, evaluation_id(&id)?, &request).await?;
    Ok(ApiJson(Reviewed { status }))
}

/// The media type of a request's body, without parameters, in lower case.
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Refuses (415) a CSV import sent as anything but `text/csv`. A browser sends a page's request without
/// asking first (no CORS preflight) only as `text/plain`, a form or multipart: the real type keeps another
/// site from importing with an organizer's cookie even where the origin check could not tell.
pub(super) fn require_csv(headers: &HeaderMap) -> Result<(), ApiError> {
    if media_type(headers) == "text/csv" {
        Ok(())
    } else {
        Err(ApiError::WrongContentType("text/csv"))
    }
}

/// Imports a questionnaire definition file: `application/toml` or `application/json` (nothing else: see
/// [`require_csv`]).
async fn import_questionnaire(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    headers: HeaderMap,
    BodyText(body): BodyText,
) -> Result<(StatusCode, ApiJson<ImportedQuestionnaire>), ApiError> {
    let format = match media_type(&headers).as_str() {
        "application/toml" => Format::Toml,
        "application/json" => Format::Json,
        _ => {
            return Err(ApiError::WrongContentType(
                "application/toml or application/json",
            ))
        }
    };
    let questionnaire = campaign::read_definition(body, format).await?;
    let imported = changes::import_questionnaire(&state.store, &actor, questionnaire).await?;
    let status = if imported.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, ApiJson(imported)))
}

async fn list_shoppers(
    State(state): State<AppState>,
    _: AsAdmin,
) -> Result<ApiJson<Vec<ShopperSummary>>, ApiError> {
    Ok(ApiJson(state.store.shoppers().await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct NewShopper {
    name: String,
}

async fn create_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    ApiJson(request): ApiJson<NewShopper>,
) -> Result<(StatusCode, ApiJson<ShopperSummary>), ApiError> {
    let shopper = changes::create_shopper(&state.store, &actor, &request.name).await?;
    Ok((StatusCode::CREATED, ApiJson(shopper)))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct DeactivateOrganizer {
    email: String,
}

/// Locks an organizer out: no login any more, every session of theirs ended at once.
async fn deactivate_organizer(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    ApiJson(request): ApiJson<DeactivateOrganizer>,
) -> Result<StatusCode, ApiError> {
    changes::deactivate_organizer(&state.store, &actor, &request.email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A one-time sign-in link and its QR code for one of the shopper's devices.
async fn invite_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<(StatusCode, ApiJson<Invite>), ApiError> {
    let base = state.public_base(&headers)?;
    let invite = changes::invite_shopper(&state.store, &actor, &id, &base).await?;
    Ok((StatusCode::CREATED, ApiJson(invite)))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Revoked {
    devices: u64,
}

async fn revoke_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
) -> Result<ApiJson<Revoked>, ApiError> {
    let devices = changes::revoke_shopper(&state.store, &actor, &id).await?;
    Ok(ApiJson(Revoked { devices }))
}

/// `class,company` CSV rows into the campaign.
async fn import_companies(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    headers: HeaderMap,
    BodyText(body): BodyText,
) -> Result<(StatusCode, ApiJson<campaign::CompaniesImported>), ApiError> {
    require_csv(&headers)?;
    let campaign = chosen_campaign(&state, campaign).await?;
    let imported = changes::import_companies(&state.store, &actor, &campaign, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(imported)))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Created {
    created: usize,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct CreatedId {
    id: String,
}

async fn create_assignment(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    ApiJson(request): ApiJson<NewAssignment>,
) -> Result<(StatusCode, ApiJson<CreatedId>), ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    let id = changes::create_assignment(&state.store, &actor, &campaign, request).await?;
    Ok((StatusCode::CREATED, ApiJson(CreatedId { id })))
}

async fn import_assignments(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    headers: HeaderMap,
    BodyText(body): BodyText,
) -> Result<(StatusCode, ApiJson<Created>), ApiError> {
    require_csv(&headers)?;
    let campaign = chosen_campaign(&state, campaign).await?;
    let created = changes::import_assignments(&state.store, &actor, &campaign, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(Created { created })))
}

async fn assignment_spread(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
) -> Result<ApiJson<Spread>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(state.store.spread(&campaign.id).await?))
}

pub(super) fn csv_response(name: &str, text: String) -> Response {
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

/// `?revisions=all`: one row per kept revision instead of the current one.
#[derive(serde::Deserialize, Default)]
struct ExportParam {
    revisions: Option<String>,
}

async fn export_evaluations(
    State(state): State<AppState>,
    _: AsReviewer,
    campaign: CampaignQuery,
    export: Result<Query<ExportParam>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(export) = export.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let all = match export.revisions.as_deref() {
        None | Some("current") => false,
        Some("all") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "revisions is \"all\" or \"current\", not {other:?}"
            )))
        }
    };
    let campaign = chosen_campaign(&state, campaign).await?;
    let text = campaign::evaluations_csv(&state.store, &campaign.id, all).await?;
    Ok(csv_response("evaluations.csv", text))
}

async fn export_scores(
    State(state): State<AppState>,
    _: AsViewer,
    campaign: CampaignQuery,
) -> Result<Response, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    let text = campaign::scores_csv(&state.store, &campaign.id).await?;
    Ok(csv_response("scores.csv", text))
}
