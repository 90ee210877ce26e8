//! The campaign's set-up: campaigns, classes, companies and assignments, and how assignments spread.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use shopper_domain::Channel;

use super::{Store, WriteTransaction};
use crate::error::Result;

/// One company to add, in its class.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    pub class: String,
    pub company: String,
}

/// One assignment, checked and resolved to the ids it refers to.
#[derive(Debug, Clone)]
pub struct ResolvedAssignment {
    pub company_id: String,
    pub shopper_id: String,
    pub channel: Channel,
    pub scenario: String,
    pub contact: String,
    pub window_start: String,
    pub window_end: String,
    pub due: String,
}

/// How many assignments each company, channel and shopper has.
#[derive(Debug, Serialize)]
pub struct Spread {
    pub by_company: BTreeMap<String, i64>,
    pub by_channel: BTreeMap<String, i64>,
    pub by_shopper: BTreeMap<String, i64>,
}

impl Store {
    /// Every company: (name, id).
    pub async fn companies(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT name, id FROM companies")
            .fetch_all(&self.pool)
            .await?)
    }

    /// Every shopper: (id, name).
    pub async fn shopper_names(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT id, name FROM shoppers")
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn campaign_count(&self) -> Result<i64> {
        let (campaigns,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM campaigns")
            .fetch_one(&self.pool)
            .await?;
        Ok(campaigns)
    }

    pub async fn spread(&self) -> Result<Spread> {
        let count = |sql: &'static str| async move {
            let rows: Vec<(String, i64)> = sqlx::query_as(sql).fetch_all(&self.pool).await?;
            Ok::<_, crate::error::Error>(rows.into_iter().collect())
        };
        Ok(Spread {
            by_company: count(
                "SELECT co.name, COUNT(a.id) FROM companies co LEFT JOIN assignments a ON a.company_id = co.id GROUP BY co.id",
            )
            .await?,
            by_channel: count("SELECT channel, COUNT(*) FROM assignments GROUP BY channel").await?,
            by_shopper: count(
                "SELECT s.name, COUNT(a.id) FROM shoppers s LEFT JOIN assignments a ON a.shopper_id = s.id GROUP BY s.id",
            )
            .await?,
        })
    }
}

impl WriteTransaction {
    /// The campaign new companies go to when none is named: the only (or first) one, made when there is none.
    pub async fn default_campaign(&mut self) -> Result<String> {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT id FROM campaigns ORDER BY id LIMIT 1")
                .fetch_optional(self.connection())
                .await?;
        match found {
            Some((id,)) => Ok(id),
            None => {
                self.insert_campaign("main", "Campaign").await?;
                Ok("main".into())
            }
        }
    }

    pub async fn insert_campaign(&mut self, id: &str, name: &str) -> Result<()> {
        sqlx::query("INSERT INTO campaigns (id, name) VALUES ($1, $2)")
            .bind(id)
            .bind(name)
            .execute(self.connection())
            .await?;
        Ok(())
    }

    /// Adds the companies to the campaign, making their classes as needed; returns how many classes were new.
    pub async fn insert_companies(
        &mut self,
        campaign_id: &str,
        rows: &[CompanyRow],
    ) -> Result<usize> {
        let classes: Vec<(String, String)> =
            sqlx::query_as("SELECT name, id FROM classes WHERE campaign_id = $1")
                .bind(campaign_id)
                .fetch_all(self.connection())
                .await?;
        let mut class_ids: HashMap<String, String> = classes.into_iter().collect();
        let mut classes_created = 0;
        for row in rows {
            let class_id = match class_ids.get(&row.class) {
                Some(id) => id.clone(),
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, $2, $3)")
                        .bind(&id)
                        .bind(campaign_id)
                        .bind(&row.class)
                        .execute(self.connection())
                        .await?;
                    class_ids.insert(row.class.clone(), id.clone());
                    classes_created += 1;
                    id
                }
            };
            sqlx::query("INSERT INTO companies (id, class_id, name) VALUES ($1, $2, $3)")
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(class_id)
                .bind(&row.company)
                .execute(self.connection())
                .await?;
        }
        Ok(classes_created)
    }

    /// Stores the assignments, all evaluated with questionnaire `questionnaire` (id, version); their new ids.
    pub async fn insert_assignments(
        &mut self,
        rows: &[ResolvedAssignment],
        questionnaire: (&str, u32),
    ) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for row in rows {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start,
                                          window_end, due, questionnaire_id, questionnaire_version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(&id)
            .bind(&row.shopper_id)
            .bind(&row.company_id)
            .bind(row.channel.as_str())
            .bind(&row.scenario)
            .bind(&row.contact)
            .bind(&row.window_start)
            .bind(&row.window_end)
            .bind(&row.due)
            .bind(questionnaire.0)
            .bind(i64::from(questionnaire.1))
            .execute(self.connection())
            .await?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// The id of the company called `name`.
    pub async fn company_id(&mut self, name: &str) -> Result<Option<String>> {
        let found: Option<(String,)> = sqlx::query_as("SELECT id FROM companies WHERE name = $1")
            .bind(name)
            .fetch_optional(self.connection())
            .await?;
        Ok(found.map(|(id,)| id))
    }
}
