//! What results are computed from: approved evaluations with their company and questionnaire version, the
//! companies by class, and the rows of the evaluation export.

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

/// A company and its class: (class name, company id, company name).
pub type CompanyInClass = (String, String, String);

impl Store {
    /// Every approved evaluation of the campaign.
    pub async fn approved(&self, campaign_id: &str) -> Result<Vec<ApprovedRow>> {
        Ok(sqlx::query_as(
            "SELECT a.company_id, a.questionnaire_id, a.questionnaire_version, e.content, e.received_at
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
             WHERE e.status = 'approved' AND cl.campaign_id = $1",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every company of the campaign with its class, by class name and company name.
    pub async fn companies_by_class(&self, campaign_id: &str) -> Result<Vec<CompanyInClass>> {
        Ok(sqlx::query_as(
            "SELECT cl.name, co.id, co.name FROM companies co JOIN classes cl ON cl.id = co.class_id
             WHERE cl.campaign_id = $1 ORDER BY cl.name, co.name",
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
        let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM companies WHERE class_id = $1")
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
