//! Assignments as a shopper's device gets them, and evaluations: the small conditional writes the push is
//! made of, what the review queue lists, and the review decision.

use shopper_domain::protocol::{Assignment, EvaluationStatus, ReviewComments, ReviewStatus};
use shopper_domain::{Channel, EvaluationContent};
use uuid::Uuid;

use super::{parse_uuid, to_u32, Store, WriteTransaction};
use crate::error::Result;

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: String,
    company: String,
    class: String,
    channel: String,
    scenario: String,
    contact: String,
    window_start: String,
    window_end: String,
    due: String,
    questionnaire_id: String,
    questionnaire_version: i64,
}

impl AssignmentRow {
    fn into_assignment(self) -> Result<Assignment, sqlx::Error> {
        Ok(Assignment {
            id: parse_uuid(&self.id)?,
            channel: parse_channel(&self.channel)?,
            questionnaire_version: to_u32(self.questionnaire_version, "questionnaire version")?,
            company: self.company,
            class: self.class,
            scenario: self.scenario,
            contact: self.contact,
            window_start: self.window_start,
            window_end: self.window_end,
            due: self.due,
            questionnaire_id: self.questionnaire_id,
            // One rule for every assignment until campaigns carry their own.
            outcome_rule: Default::default(),
        })
    }
}

fn parse_channel(text: &str) -> Result<Channel, sqlx::Error> {
    Channel::parse(text).ok_or_else(|| sqlx::Error::Decode(format!("bad channel {text}").into()))
}

/// A review status as stored.
pub fn parse_status(text: &str) -> Result<ReviewStatus> {
    ReviewStatus::ALL
        .into_iter()
        .find(|status| status.as_str() == text)
        .ok_or_else(|| sqlx::Error::Decode(format!("bad status {text}").into()).into())
}

/// What is held for an evaluation id, as the push rule needs it.
#[derive(Debug, Clone)]
pub struct HeldEvaluation {
    pub shopper_id: String,
    pub assignment_id: String,
    pub revision: u32,
    pub canonical_content: String,
    pub received_at: String,
    pub status: ReviewStatus,
}

/// A new evaluation row.
pub struct NewEvaluation<'a> {
    pub id: &'a str,
    pub assignment_id: &'a str,
    pub shopper_id: &'a str,
    pub revision: u32,
    pub canonical_content: &'a str,
    pub received_at: &'a str,
}

/// How an insert of a new evaluation went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    Stored,
    /// Another copy of this push stored the same id first: decide again on what is held now.
    LostRace,
    /// The assignment already has an evaluation with another id.
    AssignmentTaken,
}

/// One received evaluation as the review queue shows it.
#[derive(sqlx::FromRow)]
pub struct EvaluationRow {
    pub id: String,
    pub revision: i64,
    pub shopper_name: String,
    pub company: String,
    pub received_at: String,
    pub status: String,
    pub review: String,
    pub content: String,
}

impl Store {
    /// The shopper's assignments, soonest due first.
    pub async fn assignments_for(&self, shopper_id: &str) -> Result<Vec<Assignment>> {
        let rows: Vec<AssignmentRow> = sqlx::query_as(
            "SELECT a.id, co.name AS company, cl.name AS class, a.channel, a.scenario, a.contact, a.window_start,
                    a.window_end, a.due, a.questionnaire_id, a.questionnaire_version
             FROM assignments a JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
             WHERE a.shopper_id = $1 ORDER BY a.due, co.name",
        )
        .bind(shopper_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(AssignmentRow::into_assignment)
            .collect::<Result<_, _>>()?)
    }

    /// What the server holds of each of the shopper's evaluations.
    pub async fn evaluation_statuses(&self, shopper_id: &str) -> Result<Vec<EvaluationStatus>> {
        let rows: Vec<(String, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT id, revision, status, review, received_at, content FROM evaluations WHERE shopper_id = $1",
        )
        .bind(shopper_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, revision, status, review, received_at, content)| {
                Ok(EvaluationStatus {
                    evaluation_id: parse_uuid(&id)?,
                    revision: to_u32(revision, "revision")?,
                    status: parse_status(&status)?,
                    review: serde_json::from_str(&review)?,
                    received_at,
                    content: serde_json::from_str(&content)?,
                })
            })
            .collect()
    }

    /// Who an assignment is for and what it is evaluated with: (shopper id, questionnaire id, version, channel).
    pub async fn assignment_facts(
        &self,
        assignment_id: &str,
    ) -> Result<Option<(String, String, u32, Channel)>> {
        let row: Option<(String, String, i64, String)> = sqlx::query_as(
            "SELECT shopper_id, questionnaire_id, questionnaire_version, channel FROM assignments WHERE id = $1",
        )
        .bind(assignment_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((shopper_id, questionnaire_id, version, channel)) = row else {
            return Ok(None);
        };
        Ok(Some((
            shopper_id,
            questionnaire_id,
            to_u32(version, "questionnaire version")?,
            parse_channel(&channel)?,
        )))
    }

    /// What is held for evaluation `id`.
    pub async fn held(&self, id: &str) -> Result<Option<HeldEvaluation>> {
        let row: Option<(String, String, i64, String, String, String)> = sqlx::query_as(
            "SELECT shopper_id, assignment_id, revision, content, received_at, status FROM evaluations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((shopper_id, assignment_id, revision, canonical_content, received_at, status)) =
            row
        else {
            return Ok(None);
        };
        Ok(Some(HeldEvaluation {
            shopper_id,
            assignment_id,
            revision: to_u32(revision, "revision")?,
            canonical_content,
            received_at,
            status: parse_status(&status)?,
        }))
    }

    /// Inserts a new evaluation unless its id is taken (by a copy of the same push) or its assignment has one.
    /// One statement, in this store's writer turn.
    pub async fn insert_new(&self, new: &NewEvaluation<'_>) -> Result<Inserted> {
        let mut turn = self.writer_turn().await?;
        let inserted = sqlx::query(
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(new.id)
        .bind(new.assignment_id)
        .bind(new.shopper_id)
        .bind(i64::from(new.revision))
        .bind(new.canonical_content)
        .bind(new.received_at)
        .execute(turn.connection())
        .await;
        match inserted {
            Ok(done) if done.rows_affected() == 1 => Ok(Inserted::Stored),
            Ok(_) => Ok(Inserted::LostRace),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Ok(Inserted::AssignmentTaken)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Replaces the held revision `held_revision` of evaluation `id` with a newer one, back to "received";
    /// `false` when the held revision changed meanwhile or it was approved. One statement, in the writer turn.
    pub async fn update_if_revision(
        &self,
        id: &str,
        held_revision: u32,
        revision: u32,
        canonical_content: &str,
        received_at: &str,
    ) -> Result<bool> {
        let mut turn = self.writer_turn().await?;
        let updated = sqlx::query(
            "UPDATE evaluations SET revision = $1, content = $2, received_at = $3, status = 'received',
                    review = '{}', reviewed_at = NULL
             WHERE id = $4 AND revision = $5 AND status <> 'approved'",
        )
        .bind(i64::from(revision))
        .bind(canonical_content)
        .bind(received_at)
        .bind(id)
        .bind(i64::from(held_revision))
        .execute(turn.connection())
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Every received evaluation (or only `only`), newest first, with shopper and company names.
    pub async fn received(&self, only: Option<Uuid>) -> Result<Vec<EvaluationRow>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.revision, s.name AS shopper_name, co.name AS company, e.received_at, e.status, e.review,
                    e.content
             FROM evaluations e JOIN shoppers s ON s.id = e.shopper_id
             JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
             WHERE $1 IS NULL OR e.id = $1
             ORDER BY e.received_at DESC, e.id",
        )
        .bind(only.map(|id| id.to_string()))
        .fetch_all(&self.pool)
        .await?)
    }
}

impl WriteTransaction {
    /// The held revision and content of evaluation `id`, read inside the change that reviews it.
    pub async fn evaluation_for_review(
        &mut self,
        id: Uuid,
    ) -> Result<Option<(u32, EvaluationContent, String)>> {
        let held: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT e.revision, e.content, co.name FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id WHERE e.id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(self.connection())
        .await?;
        held.map(|(revision, content, company)| {
            Ok((
                to_u32(revision, "revision")?,
                serde_json::from_str(&content)?,
                company,
            ))
        })
        .transpose()
    }

    /// Sets the review of revision `revision`; `false` when the held revision is another one.
    pub async fn set_review(
        &mut self,
        id: Uuid,
        revision: u32,
        status: ReviewStatus,
        review: &ReviewComments,
        reviewed_at: &str,
    ) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE evaluations SET status = $1, review = $2, reviewed_at = $3 WHERE id = $4 AND revision = $5",
        )
        .bind(status.as_str())
        .bind(serde_json::to_string(review)?)
        .bind(reviewed_at)
        .bind(id.to_string())
        .bind(i64::from(revision))
        .execute(self.connection())
        .await?;
        Ok(updated.rows_affected() == 1)
    }
}
