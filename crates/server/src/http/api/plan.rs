//! What an organizer calls under `/api/v1/organizer/` to plan a campaign and change the plan: preview and
//! commit a plan, reassign, cancel and edit assignments, withdraw a company and take it back, edit and delete a campaign, and the
//! campaign's progress (JSON and CSV). Admins only; each handler is one call into `plan` or `progress`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;

use super::organizer::{chosen_campaign, csv_response, CampaignQuery};
use crate::campaign::{self, NewCampaign};
use crate::http::error::{ApiError, ApiJson};
use crate::http::extract::AsAdmin;
use crate::http::AppState;
use crate::plan::{
    self, CancelAssignments, Cancelled, EditAssignment, PlanPreview, PlanSpec, Reassign,
    Reassigned, Reinstated, Withdrawn,
};
use crate::progress::{self, Progress};
use crate::store::Campaign;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plan/preview", post(preview_plan))
        .route("/plan", post(commit_plan))
        .route("/assignments/reassign", post(reassign))
        .route("/assignments/cancel", post(cancel))
        .route("/assignments/{id}/edit", post(edit_assignment))
        .route("/companies/{id}/withdraw", post(withdraw_company))
        .route("/companies/{id}/reinstate", post(reinstate_company))
        .route(
            "/campaigns/{id}",
            post(edit_campaign).delete(delete_campaign),
        )
        .route("/progress", axum::routing::get(campaign_progress))
        .route("/export/progress.csv", axum::routing::get(progress_csv))
}

/// `?page=` (from 0): which page of the proposed assignments to answer with.
#[derive(serde::Deserialize, Default)]
struct PageParam {
    page: Option<u32>,
}

type PageQuery = Result<Query<PageParam>, axum::extract::rejection::QueryRejection>;

fn page_of(query: PageQuery) -> Result<usize, ApiError> {
    let Query(param) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    Ok(param.page.unwrap_or(0) as usize)
}

/// What the planner would propose: the summary and one page of the assignments; nothing is stored.
async fn preview_plan(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
    page: PageQuery,
    ApiJson(spec): ApiJson<PlanSpec>,
) -> Result<ApiJson<PlanPreview>, ApiError> {
    let page = page_of(page)?;
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        plan::preview(&state.store, &campaign, &spec)
            .await?
            .page(page),
    ))
}

/// Plans and stores every proposed assignment at once; answers the summary and a page, as the preview.
async fn commit_plan(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    page: PageQuery,
    ApiJson(spec): ApiJson<PlanSpec>,
) -> Result<(StatusCode, ApiJson<PlanPreview>), ApiError> {
    let page = page_of(page)?;
    let campaign = chosen_campaign(&state, campaign).await?;
    let stored = plan::commit(&state.store, &actor, &campaign, &spec).await?;
    Ok((StatusCode::CREATED, ApiJson(stored.page(page))))
}

async fn reassign(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    ApiJson(request): ApiJson<Reassign>,
) -> Result<ApiJson<Reassigned>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        plan::reassign(&state.store, &actor, &campaign, &request).await?,
    ))
}

async fn cancel(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    ApiJson(request): ApiJson<CancelAssignments>,
) -> Result<ApiJson<Cancelled>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        plan::cancel(&state.store, &actor, &campaign, &request).await?,
    ))
}

async fn edit_assignment(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    campaign: CampaignQuery,
    ApiJson(edit): ApiJson<EditAssignment>,
) -> Result<StatusCode, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    plan::edit_assignment(&state.store, &actor, &campaign, &id, &edit).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn withdraw_company(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    campaign: CampaignQuery,
) -> Result<ApiJson<Withdrawn>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        plan::withdraw_company(&state.store, &actor, &campaign, &id).await?,
    ))
}

async fn reinstate_company(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    campaign: CampaignQuery,
) -> Result<ApiJson<Reinstated>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(
        plan::reinstate_company(&state.store, &actor, &campaign, &id).await?,
    ))
}

/// The campaign `id` (not the newest when it is missing: a change names what it changes).
async fn named_campaign(state: &AppState, id: &str) -> Result<Campaign, ApiError> {
    Ok(campaign::chosen(&state.store, Some(id)).await?)
}

async fn edit_campaign(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<NewCampaign>,
) -> Result<ApiJson<Campaign>, ApiError> {
    let campaign = named_campaign(&state, &id).await?;
    Ok(ApiJson(
        plan::edit_campaign(&state.store, &actor, &campaign, &request).await?,
    ))
}

async fn delete_campaign(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let campaign = named_campaign(&state, &id).await?;
    plan::delete_campaign(&state.store, &actor, &campaign).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn campaign_progress(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
) -> Result<ApiJson<Progress>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(progress::progress(&state.store, &campaign).await?))
}

async fn progress_csv(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
) -> Result<Response, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    let progress = progress::progress(&state.store, &campaign).await?;
    Ok(csv_response(
        "progress.csv",
        progress::progress_csv(&progress)?,
    ))
}
