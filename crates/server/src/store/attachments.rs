//! Attachments: each shopper's uploads (how far each is, when it was checked whole) and the files held whole,
//! by SHA-256. The bytes themselves are in the object store (`crate::attachments`); this is only the record.

use shopper_domain::attachment::ContentType;

use super::{Store, WriteTransaction};
use crate::error::{Error, Result};

/// One shopper's upload of one file, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub sha256: String,
    pub content_type: ContentType,
    pub size: u64,
    pub received: u64,
    pub complete: bool,
}

type UploadRow = (String, String, i64, i64, Option<String>);

fn upload(row: UploadRow) -> Result<Upload> {
    let (sha256, content_type, size, received, completed_at) = row;
    let content_type = ContentType::parse(&content_type)
        .ok_or_else(|| Error::Internal(format!("stored content type {content_type:?}")))?;
    let bytes = |value: i64| {
        u64::try_from(value).map_err(|_| Error::Internal(format!("stored size {value}")))
    };
    Ok(Upload {
        sha256,
        content_type,
        size: bytes(size)?,
        received: bytes(received)?,
        complete: completed_at.is_some(),
    })
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
    /// `shopper_id`'s upload of `sha256`, if they ever started it.
    pub async fn upload(&self, shopper_id: &str, sha256: &str) -> Result<Option<Upload>> {
        let row: Option<UploadRow> = sqlx::query_as(
            "SELECT sha256, content_type, size, received, completed_at FROM attachment_uploads
             WHERE shopper_id = $1 AND sha256 = $2",
        )
        .bind(shopper_id)
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await?;
        row.map(upload).transpose()
    }

    /// Records a new upload at 0 bytes unless the shopper started this file already; the upload as held.
    pub async fn start_upload(
        &self,
        shopper_id: &str,
        sha256: &str,
        content_type: ContentType,
        size: u64,
        now: &str,
    ) -> Result<Upload> {
        {
            let mut turn = self.writer_turn().await?;
            sqlx::query(
                "INSERT INTO attachment_uploads (shopper_id, sha256, content_type, size, received, started_at)
                 VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (shopper_id, sha256) DO NOTHING",
            )
            .bind(shopper_id)
            .bind(sha256)
            .bind(content_type.as_str())
            .bind(signed(size))
            .bind(now)
            .execute(turn.connection())
            .await?;
        }
        self.upload(shopper_id, sha256)
            .await?
            .ok_or_else(|| Error::Internal("an upload just recorded is missing".into()))
    }

    /// Moves an unfinished upload from `from` to `to` bytes received; false when it was not at `from` (a
    /// concurrent copy of the same chunk got in first, or the upload is complete).
    pub async fn advance_upload(
        &self,
        shopper_id: &str,
        sha256: &str,
        from: u64,
        to: u64,
    ) -> Result<bool> {
        let mut turn = self.writer_turn().await?;
        let done = sqlx::query(
            "UPDATE attachment_uploads SET received = $4
             WHERE shopper_id = $1 AND sha256 = $2 AND received = $3 AND completed_at IS NULL",
        )
        .bind(shopper_id)
        .bind(sha256)
        .bind(signed(from))
        .bind(signed(to))
        .execute(turn.connection())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records that the file is held whole (its hash checked) and that this shopper's upload of it is complete,
    /// in one transaction.
    pub async fn complete_upload(
        &self,
        shopper_id: &str,
        sha256: &str,
        size: u64,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO attachment_files (sha256, size, stored_at) VALUES ($1, $2, $3)
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(signed(size))
        .bind(now)
        .execute(tx.connection())
        .await?;
        sqlx::query(
            "UPDATE attachment_uploads SET received = size, completed_at = $3
             WHERE shopper_id = $1 AND sha256 = $2 AND completed_at IS NULL",
        )
        .bind(shopper_id)
        .bind(sha256)
        .bind(now)
        .execute(tx.connection())
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts an unfinished upload again from 0 (its bytes did not add up to its hash).
    pub async fn restart_upload(&self, shopper_id: &str, sha256: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query(
            "UPDATE attachment_uploads SET received = 0
             WHERE shopper_id = $1 AND sha256 = $2 AND completed_at IS NULL",
        )
        .bind(shopper_id)
        .bind(sha256)
        .execute(turn.connection())
        .await?;
        Ok(())
    }

    /// Forgets an unfinished upload (started again with another size or type).
    pub async fn forget_upload(&self, shopper_id: &str, sha256: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query(
            "DELETE FROM attachment_uploads WHERE shopper_id = $1 AND sha256 = $2 AND completed_at IS NULL",
        )
        .bind(shopper_id)
        .bind(sha256)
        .execute(turn.connection())
        .await?;
        Ok(())
    }

    /// `shopper_id`'s unfinished uploads, the longest started first: hash, size and when it was started.
    pub async fn unfinished_uploads(&self, shopper_id: &str) -> Result<Vec<(String, u64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT sha256, size FROM attachment_uploads
             WHERE shopper_id = $1 AND completed_at IS NULL ORDER BY started_at, sha256",
        )
        .bind(shopper_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(sha256, size)| (sha256, u64::try_from(size).unwrap_or(0)))
            .collect())
    }

    /// Every unfinished upload started before `before` (a timestamp), as (shopper, hash).
    pub async fn uploads_started_before(&self, before: &str) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT shopper_id, sha256 FROM attachment_uploads
             WHERE completed_at IS NULL AND started_at < $1 ORDER BY started_at",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether the object store holds `sha256` whole (by any shopper's upload).
    pub async fn file_held(&self, sha256: &str) -> Result<bool> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT sha256 FROM attachment_files WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    /// Of `hashes`, those `shopper_id` has not uploaded whole, in the order given.
    pub async fn uploads_missing(&self, shopper_id: &str, hashes: &[&str]) -> Result<Vec<String>> {
        let complete: Vec<(String,)> = sqlx::query_as(
            "SELECT sha256 FROM attachment_uploads WHERE shopper_id = $1 AND completed_at IS NOT NULL",
        )
        .bind(shopper_id)
        .fetch_all(&self.pool)
        .await?;
        let complete: std::collections::HashSet<&str> =
            complete.iter().map(|(sha,)| sha.as_str()).collect();
        let mut missing: Vec<String> = Vec::new();
        for hash in hashes {
            if !complete.contains(hash) && !missing.iter().any(|m| m == hash) {
                missing.push((*hash).to_owned());
            }
        }
        Ok(missing)
    }

    /// Every file held whole, with its size (the fault test and a restore check compare them with the store).
    pub async fn held_files(&self) -> Result<Vec<(String, u64)>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT sha256, size FROM attachment_files ORDER BY sha256")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(sha, size)| (sha, u64::try_from(size).unwrap_or(0)))
            .collect())
    }

    /// Whether the participants' portal shows the campaign's attachments.
    pub async fn attachments_to_participants(&self, campaign_id: &str) -> Result<bool> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT attachments_to_participants FROM campaigns WHERE id = $1")
                .bind(campaign_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some_and(|(on,)| on != 0))
    }
}

impl WriteTransaction {
    /// Sets whether the participants' portal shows the campaign's attachments.
    pub async fn set_attachments_to_participants(
        &mut self,
        campaign_id: &str,
        shown: bool,
    ) -> Result<()> {
        sqlx::query("UPDATE campaigns SET attachments_to_participants = $2 WHERE id = $1")
            .bind(campaign_id)
            .bind(i64::from(shown))
            .execute(self.connection())
            .await?;
        Ok(())
    }
}
