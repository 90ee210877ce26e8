//! Backups of shoppers' drafts: the newest copy of each draft a device mirrors while online, in a table of its
//! own that the review queue, the exports and the results never read.

use shopper_domain::device::DeviceEvaluation;

use super::{to_u32, Store};
use crate::error::Result;
use crate::secrets;

impl Store {
    /// The evaluation the server holds for assignment `assignment_id`, as (evaluation id, revision).
    pub async fn received_on_assignment(
        &self,
        assignment_id: &str,
    ) -> Result<Option<(String, u32)>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT id, revision FROM evaluations WHERE assignment_id = $1")
                .bind(assignment_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, revision)| Ok((id, to_u32(revision, "revision")?)))
            .transpose()
    }

    /// Keeps `draft` as the backup of its evaluation for `shopper_id`, unless a newer one (by the device's change
    /// time) is held already.
    pub async fn keep_draft_backup(
        &self,
        shopper_id: &str,
        draft: &DeviceEvaluation,
    ) -> Result<()> {
        let record = serde_json::to_string(draft)?;
        let mut turn = self.writer_turn().await?;
        sqlx::query(
            "INSERT INTO draft_backups (evaluation_id, shopper_id, assignment_id, updated_at_ms, record, saved_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (evaluation_id) DO UPDATE
             SET updated_at_ms = excluded.updated_at_ms, record = excluded.record, saved_at = excluded.saved_at
             WHERE draft_backups.shopper_id = excluded.shopper_id
               AND draft_backups.updated_at_ms <= excluded.updated_at_ms",
        )
        .bind(draft.id.to_string())
        .bind(shopper_id)
        .bind(draft.content.assignment_id.to_string())
        .bind(draft.updated_at_ms)
        .bind(record)
        .bind(secrets::now())
        .execute(turn.connection())
        .await?;
        Ok(())
    }

    /// The backups of `shopper_id`'s drafts, oldest change first, each with the revision the server has
    /// received for its assignment (if any).
    pub async fn draft_backups(
        &self,
        shopper_id: &str,
    ) -> Result<Vec<(DeviceEvaluation, Option<u32>)>> {
        let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
            "SELECT b.record, e.revision FROM draft_backups b
             LEFT JOIN evaluations e ON e.assignment_id = b.assignment_id
             WHERE b.shopper_id = $1 ORDER BY b.updated_at_ms",
        )
        .bind(shopper_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(record, received)| {
                Ok((
                    serde_json::from_str(&record)?,
                    received.map(|r| to_u32(r, "revision")).transpose()?,
                ))
            })
            .collect()
    }

    /// Deletes the backup of evaluation `evaluation_id` (it was received).
    pub async fn forget_draft_backup(&self, evaluation_id: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("DELETE FROM draft_backups WHERE evaluation_id = $1")
            .bind(evaluation_id)
            .execute(turn.connection())
            .await?;
        Ok(())
    }
}
