//! Assignments as a shopper's device gets them, and evaluations: the small conditional writes the push is
//! made of, what the review queue lists, and the review decision.

use shopper_domain::outcome::OutcomeRule;
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
    outcome_rule: String,
    weekdays: Option<String>,
    hours: Option<String>,
    campaign_weekdays: Option<String>,
    campaign_hours: Option<String>,
}

impl AssignmentRow {
    fn into_assignment(self) -> Result<Assignment, sqlx::Error> {
        use shopper_domain::window::{Hours, Weekdays};
        // The window the phone checks: the assignment's own days and hours, else its clock times, else the
        // campaign's (sent as text only where they limit anything).
        let campaign = (
            self.campaign_weekdays
                .as_deref()
                .and_then(Weekdays::parse)
                .unwrap_or(Weekdays::ALL),
            self.campaign_hours
                .as_deref()
                .and_then(Hours::parse)
                .unwrap_or(Hours::WHOLE_DAY),
        );
        let window = shopper_domain::window::assignment_window(
            &self.window_start,
            &self.window_end,
            self.weekdays.as_deref(),
            self.hours.as_deref(),
            campaign,
        );
        let weekdays = window
            .filter(|w| w.weekdays != Weekdays::ALL)
            .map(|w| w.weekdays.to_string());
        let hours = window
            .filter(|w| w.hours != Hours::WHOLE_DAY)
            .map(|w| w.hours.to_string());
        Ok(Assignment {
            weekdays,
            hours,
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
            outcome_rule: parse_rule(&self.outcome_rule)?,
        })
    }
}

/// A campaign's outcome rule as stored (JSON).
fn parse_rule(text: &str) -> Result<OutcomeRule, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(e.into()))
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

/// What the push checks a submission against: the assignment's shopper, questionnaire version, channel and
/// its campaign's outcome rule.
#[derive(Debug, Clone)]
pub struct HeldAssignment {
    pub shopper_id: String,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
    pub channel: Channel,
    pub outcome_rule: OutcomeRule,
}

/// One kept revision of an evaluation: who sent it, when, what it held and the review it got.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RevisionRow {
    pub revision: u32,
    pub shopper_name: String,
    pub received_at: String,
    pub content: EvaluationContent,
    pub status: ReviewStatus,
    pub review: ReviewComments,
    pub reviewed_at: Option<String>,
}

/// One row of the evaluations export: the current revision, or every kept one.
#[derive(sqlx::FromRow)]
pub struct ExportRow {
    pub id: String,
    pub revision: i64,
    pub status: String,
    pub class: String,
    pub company: String,
    pub shopper: String,
    pub received_at: String,
    pub content: String,
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
                    a.window_end, a.due, a.questionnaire_id, a.questionnaire_version, ca.outcome_rule,
                    a.weekdays, a.hours, ca.weekdays AS campaign_weekdays, ca.hours AS campaign_hours
             FROM assignments a JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
             JOIN campaigns ca ON ca.id = cl.campaign_id
             WHERE a.shopper_id = $1 AND a.cancelled_at IS NULL AND co.withdrawn_at IS NULL
             ORDER BY a.due, co.name",
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

    /// Who an assignment is for, what it is evaluated with and its campaign's outcome rule.
    pub async fn assignment_facts(&self, assignment_id: &str) -> Result<Option<HeldAssignment>> {
        let row: Option<(String, String, i64, String, String)> = sqlx::query_as(
            "SELECT a.shopper_id, a.questionnaire_id, a.questionnaire_version, a.channel, ca.outcome_rule
             FROM assignments a JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
             JOIN campaigns ca ON ca.id = cl.campaign_id WHERE a.id = $1 AND a.cancelled_at IS NULL",
        )
        .bind(assignment_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((shopper_id, questionnaire_id, version, channel, rule)) = row else {
            return Ok(None);
        };
        Ok(Some(HeldAssignment {
            shopper_id,
            questionnaire_id,
            questionnaire_version: to_u32(version, "questionnaire version")?,
            channel: parse_channel(&channel)?,
            outcome_rule: parse_rule(&rule)?,
        }))
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

    /// Inserts a new evaluation unless its id is taken (by a copy of the same push) or its assignment has one,
    /// and keeps it as the evaluation's first kept revision, in one transaction.
    pub async fn insert_new(&self, new: &NewEvaluation<'_>) -> Result<Inserted> {
        let mut tx = self.begin_write().await?;
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
        .execute(tx.connection())
        .await;
        match inserted {
            Ok(done) if done.rows_affected() == 1 => {
                tx.keep_revision(
                    new.id,
                    new.shopper_id,
                    new.revision,
                    new.canonical_content,
                    new.received_at,
                )
                .await?;
                tx.commit().await?;
                Ok(Inserted::Stored)
            }
            Ok(_) => Ok(Inserted::LostRace),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Ok(Inserted::AssignmentTaken)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Makes a newer revision of evaluation `id` the current one (held revision `held_revision`), back to
    /// "received", and keeps it beside the earlier ones, in one transaction; `false` when the held revision
    /// changed meanwhile or it was approved.
    pub async fn update_if_revision(
        &self,
        id: &str,
        shopper_id: &str,
        held_revision: u32,
        revision: u32,
        canonical_content: &str,
        received_at: &str,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
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
        .execute(tx.connection())
        .await?;
        if updated.rows_affected() != 1 {
            return Ok(false);
        }
        tx.keep_revision(id, shopper_id, revision, canonical_content, received_at)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The campaign's evaluations for the export, by class, company and time: the current revision of each, or
    /// (`all_revisions`) every kept revision, oldest first.
    pub async fn export_revisions(
        &self,
        campaign_id: &str,
        all_revisions: bool,
    ) -> Result<Vec<ExportRow>> {
        // The current revision is the evaluation's own row; the earlier ones are only in the kept revisions.
        let (revisions, shopper) = if all_revisions {
            (
                "JOIN evaluation_revisions r ON r.evaluation_id = e.id",
                "r.shopper_id",
            )
        } else {
            ("JOIN evaluations r ON r.id = e.id", "r.shopper_id")
        };
        Ok(sqlx::query_as(&format!(
            "SELECT e.id, r.revision, r.status, cl.name AS class, co.name AS company, s.name AS shopper,
                    r.received_at, r.content
             FROM evaluations e {revisions}
             JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
             JOIN classes cl ON cl.id = co.class_id JOIN shoppers s ON s.id = {shopper}
             WHERE cl.campaign_id = $1
             ORDER BY cl.name, co.name, e.received_at, e.id, r.revision"
        ))
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every kept revision of evaluation `id`, oldest first.
    pub async fn revisions(&self, id: Uuid) -> Result<Vec<RevisionRow>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, String, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT r.revision, s.name, r.received_at, r.content, r.status, r.review, r.reviewed_at
             FROM evaluation_revisions r JOIN shoppers s ON s.id = r.shopper_id
             WHERE r.evaluation_id = $1 ORDER BY r.revision",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(
                |(revision, shopper_name, received_at, content, status, review, reviewed_at)| {
                    Ok(RevisionRow {
                        revision: to_u32(revision, "revision")?,
                        shopper_name,
                        received_at,
                        content: serde_json::from_str(&content)?,
                        status: parse_status(&status)?,
                        review: serde_json::from_str(&review)?,
                        reviewed_at,
                    })
                },
            )
            .collect()
    }

    /// Every received evaluation (or only `only`; only those of campaign `campaign_id` when given), newest
    /// first, with shopper and company names.
    pub async fn received(
        &self,
        only: Option<Uuid>,
        campaign_id: Option<&str>,
    ) -> Result<Vec<EvaluationRow>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.revision, s.name AS shopper_name, co.name AS company, e.received_at, e.status, e.review,
                    e.content
             FROM evaluations e JOIN shoppers s ON s.id = e.shopper_id
             JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
             JOIN classes cl ON cl.id = co.class_id
             WHERE ($1 IS NULL OR e.id = $1) AND ($2 IS NULL OR cl.campaign_id = $2)
             ORDER BY e.received_at DESC, e.id",
        )
        .bind(only.map(|id| id.to_string()))
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// One revision of an evaluation as the demo seeds it: its content, when it came and the review it got.
pub struct SeededRevision {
    pub content: String,
    pub received_at: String,
    pub status: ReviewStatus,
    pub review: ReviewComments,
    pub reviewed_at: Option<String>,
}

impl WriteTransaction {
    /// Stores an evaluation with all its revisions at once (revision 1 first), the last one current: for the
    /// demo's seeded waves, which are not pushed.
    pub async fn insert_seeded_evaluation(
        &mut self,
        id: &str,
        assignment_id: &str,
        shopper_id: &str,
        revisions: &[SeededRevision],
    ) -> Result<()> {
        let Some(current) = revisions.last() else {
            return Ok(());
        };
        sqlx::query(
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status, review,
                                      reviewed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(assignment_id)
        .bind(shopper_id)
        .bind(revisions.len() as i64)
        .bind(&current.content)
        .bind(&current.received_at)
        .bind(current.status.as_str())
        .bind(serde_json::to_string(&current.review)?)
        .bind(&current.reviewed_at)
        .execute(self.connection())
        .await?;
        for (index, revision) in revisions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO evaluation_revisions (evaluation_id, revision, shopper_id, content, received_at, status,
                                                   review, reviewed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(index as i64 + 1)
            .bind(shopper_id)
            .bind(&revision.content)
            .bind(&revision.received_at)
            .bind(revision.status.as_str())
            .bind(serde_json::to_string(&revision.review)?)
            .bind(&revision.reviewed_at)
            .execute(self.connection())
            .await?;
        }
        Ok(())
    }

    /// Keeps a received revision beside the earlier ones (a replay of a kept revision changes nothing).
    async fn keep_revision(
        &mut self,
        id: &str,
        shopper_id: &str,
        revision: u32,
        canonical_content: &str,
        received_at: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO evaluation_revisions (evaluation_id, revision, shopper_id, content, received_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (evaluation_id, revision) DO NOTHING",
        )
        .bind(id)
        .bind(i64::from(revision))
        .bind(shopper_id)
        .bind(canonical_content)
        .bind(received_at)
        .execute(self.connection())
        .await?;
        Ok(())
    }

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
        if updated.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE evaluation_revisions SET status = $1, review = $2, reviewed_at = $3
             WHERE evaluation_id = $4 AND revision = $5",
        )
        .bind(status.as_str())
        .bind(serde_json::to_string(review)?)
        .bind(reviewed_at)
        .bind(id.to_string())
        .bind(i64::from(revision))
        .execute(self.connection())
        .await?;
        Ok(true)
    }
}
