//! What results are computed from: each revision's stored scores (and the revisions not scored yet),
//! approved evaluations with their company, the companies by class, and the rows of the evaluation export.

use shopper_domain::results::ScoredEvaluation;

use super::Store;
use crate::error::Result;

#[derive(sqlx::FromRow)]
pub struct ApprovedRow {
    pub company_id: String,
    pub questionnaire_id: String,
    pub questionnaire_version: i64,
    pub content: String,
    pub received_at: String,
}

/// A revision without stored scores: what scoring it needs.
#[derive(sqlx::FromRow)]
pub struct UnscoredRow {
    pub evaluation_id: String,
    pub revision: i64,
    pub questionnaire_id: String,
    pub questionnaire_version: i64,
    pub content: String,
    pub received_at: String,
}

/// One revision's stored scores, as written by [`Store::save_scores`].
#[derive(Debug, Clone)]
pub struct StoredScore {
    pub evaluation_id: String,
    pub revision: i64,
    pub channel: String,
    pub day: String,
    /// `ContactScore` as JSON.
    pub score: String,
    /// `[[question id, earned, possible], ...]`.
    pub questions: String,
}

/// An approved evaluation with its company and its stored scores (`None` when not scored yet).
#[derive(sqlx::FromRow)]
pub struct ApprovedScoreRow {
    pub evaluation_id: String,
    pub revision: i64,
    pub company_id: String,
    pub channel: Option<String>,
    pub day: Option<String>,
    pub score: Option<String>,
    pub questions: Option<String>,
}

/// A campaign's approved evaluations, scored, as read from the stored scores, and the state of the database
/// (`Store::approved_state`) it was read at. An approved evaluation never changes again, so the set only
/// grows: while the state is the same, it is the same set.
#[derive(Debug, Default)]
pub struct ApprovedSet {
    pub count: i64,
    pub newest_review: String,
    /// The (evaluation id, revision) of each evaluation, in the order of `evaluations`.
    pub keys: Vec<(String, i64)>,
    pub evaluations: Vec<ScoredEvaluation>,
}

/// A company and its class: (class name, company id, company name).
pub type CompanyInClass = (String, String, String);

impl Store {
    /// Every approved evaluation of the campaign.
    pub async fn approved(&self, campaign_id: &str) -> Result<Vec<ApprovedRow>> {
        Ok(sqlx::query_as(
            "SELECT a.company_id, a.questionnaire_id, a.questionnaire_version, e.content, e.received_at
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
             WHERE e.status = 'approved' AND cl.campaign_id = $1 AND co.withdrawn_at IS NULL",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every revision, current or kept, without stored scores yet (all of them before the first start with
    /// scores; afterwards the revisions received since they were last scored).
    pub async fn unscored(&self) -> Result<Vec<UnscoredRow>> {
        Ok(sqlx::query_as(
            "SELECT e.id AS evaluation_id, e.revision, a.questionnaire_id, a.questionnaire_version, e.content,
                    e.received_at
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             LEFT JOIN scores s ON s.evaluation_id = e.id AND s.revision = e.revision
             WHERE s.evaluation_id IS NULL
             UNION
             SELECT r.evaluation_id, r.revision, a.questionnaire_id, a.questionnaire_version, r.content,
                    r.received_at
             FROM evaluation_revisions r JOIN evaluations e ON e.id = r.evaluation_id
             JOIN assignments a ON a.id = e.assignment_id
             LEFT JOIN scores s ON s.evaluation_id = r.evaluation_id AND s.revision = r.revision
             WHERE s.evaluation_id IS NULL",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stores revisions' scores, in one transaction; a revision already scored keeps its row (a revision's
    /// content never changes, so neither do its scores).
    pub async fn save_scores(&self, scores: &[StoredScore]) -> Result<()> {
        if scores.is_empty() {
            return Ok(());
        }
        let mut transaction = self.begin_write().await?;
        for chunk in scores.chunks(500) {
            for row in chunk {
                sqlx::query(
                    "INSERT INTO scores (evaluation_id, revision, channel, day, score, questions)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (evaluation_id, revision) DO NOTHING",
                )
                .bind(&row.evaluation_id)
                .bind(row.revision)
                .bind(&row.channel)
                .bind(&row.day)
                .bind(&row.score)
                .bind(&row.questions)
                .execute(transaction.connection())
                .await?;
            }
        }
        transaction.commit().await?;
        Ok(())
    }

    /// How many evaluations are approved (in every campaign) and when the newest approval was (`""` when
    /// none has a time): read from an index alone.
    pub async fn approved_state(&self) -> Result<(i64, String)> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(COALESCE(reviewed_at, '')), '') FROM evaluations
             WHERE status = 'approved'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// The campaign's approved evaluations reviewed at or after `since` (all of them for `""`), with their
    /// stored scores.
    pub async fn approved_scores_since(
        &self,
        campaign_id: &str,
        since: &str,
    ) -> Result<Vec<ApprovedScoreRow>> {
        Ok(sqlx::query_as(
            "SELECT e.id AS evaluation_id, e.revision, a.company_id, s.channel, s.day, s.score, s.questions
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id
             LEFT JOIN scores s ON s.evaluation_id = e.id AND s.revision = e.revision
             WHERE e.status = 'approved' AND co.campaign_id = $1 AND co.withdrawn_at IS NULL
               AND COALESCE(e.reviewed_at, '') >= $2",
        )
        .bind(campaign_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The campaign's approved set last read by this process, if any.
    pub fn cached_approved(&self, campaign_id: &str) -> Option<std::sync::Arc<ApprovedSet>> {
        self.approved.read().ok()?.get(campaign_id).cloned()
    }

    /// Keeps `set` as the campaign's approved set last read.
    pub fn keep_approved(&self, campaign_id: &str, set: std::sync::Arc<ApprovedSet>) {
        if let Ok(mut sets) = self.approved.write() {
            sets.insert(campaign_id.to_owned(), set);
        }
    }

    /// The newest questionnaire version an approved evaluation of the campaign uses, if any.
    pub async fn newest_approved_questionnaire(
        &self,
        campaign_id: &str,
    ) -> Result<Option<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT a.questionnaire_id, a.questionnaire_version
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id
             WHERE e.status = 'approved' AND co.campaign_id = $1 AND co.withdrawn_at IS NULL
             ORDER BY a.questionnaire_version DESC, a.questionnaire_id LIMIT 1",
        )
        .bind(campaign_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every company of the campaign with its class, by class name and company name.
    pub async fn companies_by_class(&self, campaign_id: &str) -> Result<Vec<CompanyInClass>> {
        Ok(sqlx::query_as(
            "SELECT cl.name, co.id, co.name FROM companies co JOIN classes cl ON cl.id = co.class_id
             WHERE cl.campaign_id = $1 AND co.withdrawn_at IS NULL ORDER BY cl.name, co.name",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The company `company_id`: its name, its class's name and the ids of every company in that class.
    pub async fn company_and_class(
        &self,
        company_id: &str,
    ) -> Result<Option<(String, String, Vec<String>)>> {
        let company: Option<(String, String, String)> = sqlx::query_as(
            "SELECT co.name, cl.id, cl.name FROM companies co JOIN classes cl ON cl.id = co.class_id WHERE co.id = $1",
        )
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((name, class_id, class)) = company else {
            return Ok(None);
        };
        let ids: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM companies WHERE class_id = $1 AND withdrawn_at IS NULL")
                .bind(&class_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Some((
            name,
            class,
            ids.into_iter().map(|(id,)| id).collect(),
        )))
    }

    /// Every evaluation for the export: (id, revision, status, class, company, shopper, received_at, content).
    #[allow(clippy::type_complexity)]
    pub async fn export_rows(
        &self,
    ) -> Result<Vec<(String, i64, String, String, String, String, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.revision, e.status, cl.name, co.name, s.name, e.received_at, e.content
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
             JOIN classes cl ON cl.id = co.class_id JOIN shoppers s ON s.id = e.shopper_id
             ORDER BY cl.name, co.name, e.received_at",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
