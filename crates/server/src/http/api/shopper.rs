//! What a shopper's device calls: sign in with the one-time code, download assignments, push an evaluation,
//! back up its drafts and get them back.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, put};
use axum::Router;
use shopper_domain::device::DeviceEvaluation;
use shopper_domain::protocol::{
    AssignmentsResponse, PushReceipt, PushStatus, SignInRequest, SignInResponse, PROTOCOL_VERSION,
};
use shopper_domain::EvaluationSubmission;

use super::evaluation_id;
use crate::error::{Error, Reason};
use crate::http::error::{ApiError, ApiJson};
use crate::http::ratelimit::{limit_push, limit_sign_in};
use crate::http::AppState;
use crate::store::ShopperIdentity;
use crate::{drafts, push};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/sign-in",
            post(sign_in).route_layer(from_fn_with_state(state.clone(), limit_sign_in)),
        )
        .route("/assignments", get(assignments))
        .route("/drafts", get(draft_backups))
        .route("/drafts/{id}", put(back_up_draft))
        .route(
            "/evaluations/{id}",
            put(push_evaluation).route_layer(from_fn_with_state(state.clone(), limit_push)),
        )
}

async fn sign_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<ApiJson<SignInResponse>, ApiError> {
    let signed_in = state.store.sign_in(request.invite_code.trim()).await?;
    Ok(signed_in
        .map(ApiJson)
        .ok_or(Error::NotFound(Reason::InviteNotValid))?)
}

async fn assignments(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
) -> Result<ApiJson<AssignmentsResponse>, ApiError> {
    Ok(ApiJson(
        push::assignments_for(&state.store, &shopper).await?,
    ))
}

async fn push_evaluation(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
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
    let receipt = push::push_evaluation(&state.store, &shopper, id, &submission).await?;
    let status = match receipt.status {
        PushStatus::Stored => StatusCode::CREATED,
        PushStatus::Replayed => StatusCode::OK,
    };
    Ok((status, ApiJson(receipt)))
}

async fn back_up_draft(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
    Path(id): Path<String>,
    ApiJson(draft): ApiJson<DeviceEvaluation>,
) -> Result<StatusCode, ApiError> {
    drafts::back_up(&state.store, &shopper, evaluation_id(&id)?, &draft).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn draft_backups(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
) -> Result<ApiJson<Vec<DeviceEvaluation>>, ApiError> {
    Ok(ApiJson(drafts::list(&state.store, &shopper).await?))
}
