//! What an organizer calls under `/api/v1/organizer/` to run a season's daily work from a program: the review
//! work mode's queue (the console's filters, sorting and pages, with counts per status and flags) and bulk
//! approval of unflagged evaluations; the shopper roster (list, import, edit, deactivate, reactivate) and
//! sign-in links for many at once; the campaign's fees per channel, each shopper's statement for a period and
//! the payroll CSV. Each handler is one call into the feature the console calls too.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{extract::DefaultBodyLimit, Router};
use uuid::Uuid;

use super::organizer::{chosen_campaign, csv_response, require_csv, CampaignQuery};
use crate::changes::{self, BulkApproval, RosterImported};
use crate::error::{Error, Reason};
use crate::fees::{self, ChannelFee, FeeSetting, Statement};
use crate::http::error::{ApiError, ApiJson, BodyText};
use crate::http::extract::{AsAdmin, AsReviewer};
use crate::http::AppState;
use crate::imports::IMPORT_MAX_BYTES;
use crate::queue::{self, QueueSheet};
use crate::shoppers::Invite;
use crate::store::RosterEntry;

/// The most evaluations one bulk approval takes (a few pages of the queue).
pub const BULK_MAX: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/queue", get(review_queue))
        .route("/review/bulk", post(approve_unflagged))
        .route("/shoppers/roster", get(roster))
        .route(
            "/shoppers/roster/import",
            post(import_roster).route_layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .route("/shoppers/{id}/roster", post(edit_roster))
        .route("/shoppers/{id}/deactivate", post(deactivate_shopper))
        .route("/shoppers/{id}/reactivate", post(reactivate_shopper))
        .route("/shoppers/invites", post(invite_many))
        .route("/fees", get(campaign_fees).post(set_fees))
        .route(
            "/participant-attachments",
            get(participant_attachments).post(set_participant_attachments),
        )
        .route("/statements", get(statements))
        .route("/export/payroll.csv", get(payroll_csv))
}

type Rejected<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

fn query<T>(query: Rejected<T>) -> Result<T, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::BadRequest(e.body_text()))
}

/// A page of the queue: `?status=` (left out: `received`; empty: all), `class`, `company`, `shopper` (ids),
/// `channel`, `from`/`to` (Oslo days received), `min`/`max` (score), `flagged=yes|no`, `flag=<code>`,
/// `sort`, `page` (from 0) and `campaign` (id or name; left out, the newest).
async fn review_queue(
    State(state): State<AppState>,
    _: AsReviewer,
    filter: Rejected<queue::Filter>,
) -> Result<ApiJson<QueueSheet>, ApiError> {
    let filter = query(filter)?;
    let campaign = crate::campaign::chosen(&state.store, filter.campaign.as_deref()).await?;
    Ok(ApiJson(
        queue::sheet(&state.store, &campaign.id, &filter).await?,
    ))
}

/// One evaluation of a bulk approval: its id and the revision the reviewer saw.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct Pick {
    id: Uuid,
    revision: u32,
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct BulkRequest {
    evaluations: Vec<Pick>,
}

/// Approves each named evaluation still at that revision, waiting and unflagged; skips (and counts) the rest.
async fn approve_unflagged(
    State(state): State<AppState>,
    AsReviewer(actor): AsReviewer,
    ApiJson(request): ApiJson<BulkRequest>,
) -> Result<ApiJson<BulkApproval>, ApiError> {
    if request.evaluations.len() > BULK_MAX {
        return Err(Error::Refused(Reason::TooMany(BULK_MAX)).into());
    }
    let picked: Vec<(Uuid, u32)> = request
        .evaluations
        .iter()
        .map(|p| (p.id, p.revision))
        .collect();
    Ok(ApiJson(
        changes::approve_unflagged(&state.store, &actor, &picked).await?,
    ))
}

/// Every shopper with e-mail, phone, region, capacity, whether they left, devices, links and assignments.
async fn roster(
    State(state): State<AppState>,
    _: AsAdmin,
) -> Result<ApiJson<Vec<RosterEntry>>, ApiError> {
    Ok(ApiJson(state.store.shopper_roster().await?))
}

/// `name,email,phone,region,capacity` rows (comma or semicolon, with or without a BOM): a name on the roster
/// is updated, a new one added; all rows or none.
async fn import_roster(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    headers: HeaderMap,
    BodyText(body): BodyText,
) -> Result<ApiJson<RosterImported>, ApiError> {
    require_csv(&headers)?;
    Ok(ApiJson(
        changes::import_roster(&state.store, &actor, &body).await?,
    ))
}

/// A shopper's roster fields as a program sends them; each one left out is cleared.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct RosterEdit {
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    region: String,
    /// Contacts the shopper can take in the campaign (0-1000); left out, no limit is known.
    #[serde(default)]
    capacity: Option<u32>,
}

async fn edit_roster(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
    ApiJson(edit): ApiJson<RosterEdit>,
) -> Result<StatusCode, ApiError> {
    let capacity = edit.capacity.map(|c| c.to_string()).unwrap_or_default();
    let fields =
        crate::shoppers::checked_roster(&edit.email, &edit.phone, &edit.region, &capacity)?;
    changes::update_shopper(&state.store, &actor, &id, &fields).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Locked {
    /// Devices signed out by the change.
    devices: u64,
}

/// The shopper left: kept on record, every device and open link locked out at once.
async fn deactivate_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
) -> Result<ApiJson<Locked>, ApiError> {
    let devices = changes::set_shopper_active(&state.store, &actor, &id, false).await?;
    Ok(ApiJson(Locked { devices }))
}

/// The shopper is back: new sign-in links can be made again.
async fn reactivate_shopper(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    Path(id): Path<String>,
) -> Result<ApiJson<Locked>, ApiError> {
    let devices = changes::set_shopper_active(&state.store, &actor, &id, true).await?;
    Ok(ApiJson(Locked { devices }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct NamedInvite {
    shopper: String,
    invite: Invite,
}

/// A one-time sign-in link (and its QR code) for every active shopper without a signed-in device.
async fn invite_many(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    headers: HeaderMap,
) -> Result<(StatusCode, ApiJson<Vec<NamedInvite>>), ApiError> {
    let base = state.public_base(&headers)?;
    let invites = changes::invite_many(&state.store, &actor, &base).await?;
    let invites = invites
        .into_iter()
        .map(|(shopper, invite)| NamedInvite { shopper, invite })
        .collect();
    Ok((StatusCode::CREATED, ApiJson(invites)))
}

async fn campaign_fees(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
) -> Result<ApiJson<Vec<ChannelFee>>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    Ok(ApiJson(fees::fee_table(&state.store, &campaign).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub(super) struct FeesRequest {
    fees: Vec<FeeSetting>,
}

/// Sets the fees of the channels named (the others keep theirs); answers every channel's fees.
async fn set_fees(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    ApiJson(request): ApiJson<FeesRequest>,
) -> Result<ApiJson<Vec<ChannelFee>>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    let typed = fees::typed_settings(&request.fees)?;
    changes::set_fees(&state.store, &actor, &campaign, &typed).await?;
    Ok(ApiJson(fees::fee_table(&state.store, &campaign).await?))
}

/// Whether the participants' portal shows the campaign's attachments to the evaluated companies.
#[derive(serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub(super) struct ParticipantAttachments {
    /// The campaign's id (in an answer; a request names the campaign by `?campaign=`).
    #[serde(default)]
    campaign_id: String,
    /// Off unless the organizer turns it on: the evidence may show the shopper's screen.
    shown: bool,
}

async fn participant_attachments(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
) -> Result<ApiJson<ParticipantAttachments>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    let shown = crate::attachments::shown_to_participants(&state.store, &campaign.id).await?;
    Ok(ApiJson(ParticipantAttachments {
        campaign_id: campaign.id,
        shown,
    }))
}

/// Turns the portal's attachments on or off for the campaign (recorded in the audit log).
async fn set_participant_attachments(
    State(state): State<AppState>,
    AsAdmin(actor): AsAdmin,
    campaign: CampaignQuery,
    ApiJson(request): ApiJson<ParticipantAttachments>,
) -> Result<ApiJson<ParticipantAttachments>, ApiError> {
    let campaign = chosen_campaign(&state, campaign).await?;
    crate::attachments::set_shown_to_participants(
        &state.store,
        &actor,
        &campaign.id,
        request.shown,
    )
    .await?;
    Ok(ApiJson(ParticipantAttachments {
        campaign_id: campaign.id,
        shown: request.shown,
    }))
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (Oslo days approved, both included).
#[derive(serde::Deserialize)]
struct Period {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Statements {
    campaign_id: String,
    from: String,
    to: String,
    statements: Vec<Statement>,
    /// What all the statements pay together, in øre.
    total_ore: i64,
}

/// Each shopper's statement for the period: approved contacts by channel and outcome x fee.
async fn statements(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
    period: Rejected<Period>,
) -> Result<ApiJson<Statements>, ApiError> {
    let period = query(period)?;
    let campaign = chosen_campaign(&state, campaign).await?;
    let statements =
        fees::period_statements(&state.store, &campaign, &period.from, &period.to).await?;
    Ok(ApiJson(Statements {
        campaign_id: campaign.id,
        from: period.from.trim().to_owned(),
        to: period.to.trim().to_owned(),
        total_ore: statements.iter().map(|s| s.total_ore).sum(),
        statements,
    }))
}

/// The payroll file of the period: a row per shopper and line, then each shopper's total.
async fn payroll_csv(
    State(state): State<AppState>,
    _: AsAdmin,
    campaign: CampaignQuery,
    period: Rejected<Period>,
) -> Result<Response, ApiError> {
    let period = query(period)?;
    let campaign = chosen_campaign(&state, campaign).await?;
    let statements =
        fees::period_statements(&state.store, &campaign, &period.from, &period.to).await?;
    let (from, to) = (period.from.trim(), period.to.trim());
    Ok(csv_response(
        &format!("payroll-{from}-{to}.csv"),
        fees::payroll_csv(&statements, from, to),
    ))
}
