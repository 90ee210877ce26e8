//! What a shopper's device calls: sign in with the one-time code, download assignments, upload attachments in
//! chunks, push an evaluation, back up its drafts and get them back.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use shopper_domain::attachment::{
    AttachmentProgress, AttachmentStart, CHUNK_BYTES, CHUNK_HASH_HEADER,
};
use shopper_domain::device::DeviceEvaluation;
use shopper_domain::protocol::{
    AssignmentsResponse, PushReceipt, PushStatus, SignInRequest, SignInResponse, PROTOCOL_VERSION,
};
use shopper_domain::EvaluationSubmission;

use super::evaluation_id;
use crate::error::{Error, Reason};
use crate::http::error::{ApiError, ApiJson};
use crate::http::layers::attachment_response;
use crate::http::ratelimit::{limit_push, limit_sign_in};
use crate::http::AppState;
use crate::store::ShopperIdentity;
use crate::{attachments, drafts, push};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/sign-in",
            post(sign_in).route_layer(from_fn_with_state(state.clone(), limit_sign_in)),
        )
        .route("/assignments", get(assignments))
        .route("/drafts", get(draft_backups))
        .route("/drafts/{id}", put(back_up_draft))
        .route("/attachments", post(start_attachment))
        .route("/attachments/{sha256}", get(attachment_status))
        .route("/attachments/{sha256}/content", get(attachment_content))
        .route(
            "/attachments/{sha256}/chunks/{offset}",
            // A chunk is raw bytes, at most CHUNK_BYTES (the same as the other bodies' limit today; said
            // here so the two can part).
            put(put_chunk).layer(DefaultBodyLimit::max(CHUNK_BYTES as usize)),
        )
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

async fn start_attachment(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
    ApiJson(start): ApiJson<AttachmentStart>,
) -> Result<ApiJson<AttachmentProgress>, ApiError> {
    Ok(ApiJson(
        attachments::start(&state.store, &state.blobs, &shopper, &start).await?,
    ))
}

async fn attachment_status(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
    Path(sha256): Path<String>,
) -> Result<ApiJson<AttachmentProgress>, ApiError> {
    Ok(ApiJson(
        attachments::status(&state.store, &state.blobs, &shopper, &sha256).await?,
    ))
}

async fn attachment_content(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let served = attachments::own_content(&state.store, &state.blobs, &shopper, &sha256).await?;
    Ok(attachment_response(served))
}

async fn put_chunk(
    State(state): State<AppState>,
    shopper: ShopperIdentity,
    Path((sha256, offset)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<ApiJson<AttachmentProgress>, ApiError> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(CHUNK_BYTES as usize)
        } else {
            ApiError::BadRequest(rejection.body_text())
        }
    })?;
    let offset: u64 = offset.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "\"{offset}\" is not an offset (a whole number of bytes)"
        ))
    })?;
    let chunk_sha256 = headers
        .get(CHUNK_HASH_HEADER)
        .and_then(|value| value.to_str().ok());
    let progress = attachments::put_chunk(
        &state.store,
        &state.blobs,
        &shopper,
        &sha256,
        offset,
        chunk_sha256,
        bytes,
    )
    .await?;
    Ok(ApiJson(progress))
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
