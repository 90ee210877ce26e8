//! Backups of the shopper's drafts (`PUT /api/v1/drafts/{id}`, `GET /api/v1/drafts`): the device mirrors each
//! draft here while online, so a lost, replaced or wiped phone gets its drafts back at the next sign-in. A backup
//! is readable only by its shopper's devices and lives in its own table, which the review queue, the exports
//! and the results never read. Only the newest backup of an evaluation is kept, and it is deleted when the
//! evaluation is received. Pushing an evaluation is untouched by this: exactly-once stays the push's rule.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use shopper_domain::device::DeviceEvaluation;
use uuid::Uuid;

use crate::auth::Shopper;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiJson};
use crate::{secrets, AppState};

/// Keeps `draft` as the newest backup of its evaluation (an older one than the one held changes nothing).
pub async fn back_up(
    State(state): State<AppState>,
    shopper: Shopper,
    Path(id): Path<String>,
    ApiJson(draft): ApiJson<DeviceEvaluation>,
) -> Result<StatusCode, ApiError> {
    if Uuid::parse_str(&id).ok() != Some(draft.id) {
        return Err(ApiError::BadRequest(format!(
            "the path names evaluation {id}, the body {}",
            draft.id
        )));
    }
    let Some(next) = draft.unsent_revision().filter(|_| draft.is_editable()) else {
        return Err(ApiError::BadRequest(
            "only a draft (or a refused or returned evaluation being corrected) is backed up"
                .into(),
        ));
    };
    let assignment = draft.content.assignment_id.to_string();
    let owner: Option<(String,)> =
        sqlx::query_as("SELECT id FROM assignments WHERE id = $1 AND shopper_id = $2")
            .bind(&assignment)
            .bind(&shopper.id)
            .fetch_optional(&state.db)
            .await?;
    if owner.is_none() {
        return Err(ApiError::NotFound(format!(
            "you have no assignment {assignment}"
        )));
    }
    let received: Option<(String, i64)> =
        sqlx::query_as("SELECT id, revision FROM evaluations WHERE assignment_id = $1")
            .bind(&assignment)
            .fetch_optional(&state.db)
            .await?;
    if let Some((held_id, revision)) = received {
        if held_id != draft.id.to_string() || revision >= i64::from(next) {
            return Err(ApiError::Conflict {
                code: "already_received",
                message:
                    "the server already holds this evaluation as received; the draft is not kept"
                        .into(),
                current_revision: u32::try_from(revision).ok(),
            });
        }
    }
    let record = serde_json::to_string(&draft)?;
    let mut turn = db::writer_turn(&state.db).await?;
    sqlx::query(
        "INSERT INTO draft_backups (evaluation_id, shopper_id, assignment_id, updated_at_ms, record, saved_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (evaluation_id) DO UPDATE
         SET updated_at_ms = excluded.updated_at_ms, record = excluded.record, saved_at = excluded.saved_at
         WHERE draft_backups.shopper_id = excluded.shopper_id
           AND draft_backups.updated_at_ms <= excluded.updated_at_ms",
    )
    .bind(draft.id.to_string())
    .bind(&shopper.id)
    .bind(&assignment)
    .bind(draft.updated_at_ms)
    .bind(record)
    .bind(secrets::now())
    .execute(&mut *turn)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The backups of this shopper's drafts, except any the server has meanwhile received.
pub async fn list(
    State(state): State<AppState>,
    shopper: Shopper,
) -> Result<ApiJson<Vec<DeviceEvaluation>>, ApiError> {
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT b.record, e.revision FROM draft_backups b LEFT JOIN evaluations e ON e.assignment_id = b.assignment_id
         WHERE b.shopper_id = $1 ORDER BY b.updated_at_ms",
    )
    .bind(&shopper.id)
    .fetch_all(&state.db)
    .await?;
    let mut drafts = Vec::with_capacity(rows.len());
    for (record, received) in rows {
        let draft: DeviceEvaluation = serde_json::from_str(&record)?;
        let next = draft.unsent_revision().unwrap_or(0);
        if received.is_none_or(|revision| revision < i64::from(next)) {
            drafts.push(draft);
        }
    }
    Ok(ApiJson(drafts))
}

/// The evaluation was received: its backup has done its job.
pub async fn forget(db: &Db, evaluation_id: Uuid) -> Result<(), ApiError> {
    let mut turn = db::writer_turn(db).await?;
    sqlx::query("DELETE FROM draft_backups WHERE evaluation_id = $1")
        .bind(evaluation_id.to_string())
        .execute(&mut *turn)
        .await?;
    Ok(())
}
