//! The campaigns (waves) and their set-up: each campaign's dates, questionnaire and rules, its classes and
//! companies (a company is an organisation's participation in one campaign), its assignments and how they
//! spread, and which participation of an organisation came before another.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use shopper_domain::outcome::OutcomeRule;
use shopper_domain::Channel;

use super::{Store, WriteTransaction};
use crate::error::Result;

/// One company to add, in its class.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    pub class: String,
    pub company: String,
    /// Links the company to the organisation with this number (made when there is none); without it, to the
    /// organisation of the same name.
    pub organisation_number: Option<String>,
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

/// A campaign: one wave of the competition, or an insight package.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    /// `YYYY-MM-DD`, when known.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// New assignments are evaluated with this questionnaire's newest version (none: the newest imported).
    pub questionnaire_id: Option<String>,
    /// When a contact may be recorded as not reached (attempts and waits by channel).
    #[schema(value_type = Object)]
    pub outcome_rule: OutcomeRule,
    /// The fewest approved contacts a company needs to be ranked.
    pub min_ranked_contacts: u32,
    pub created_at: String,
    /// The weekdays contacts may be made on, as ISO day numbers (`1-5`); none: every day.
    #[serde(default)]
    pub weekdays: Option<String>,
    /// The hours contacts may be made in, local time (`09:00-15:00`); none: the whole day.
    #[serde(default)]
    pub hours: Option<String>,
}

type CampaignRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);

const CAMPAIGN_COLUMNS: &str =
    "id, name, starts_on, ends_on, questionnaire_id, outcome_rule, min_ranked_contacts, created_at, weekdays, hours";

/// Newest first: by start date (else the day it was made), then by when it was made.
const NEWEST_FIRST: &str =
    "ORDER BY COALESCE(starts_on, substr(created_at, 1, 10)) DESC, created_at DESC, id DESC";

fn campaign_of(row: CampaignRow) -> Result<Campaign> {
    let (
        id,
        name,
        starts_on,
        ends_on,
        questionnaire_id,
        rule,
        min_ranked,
        created_at,
        weekdays,
        hours,
    ) = row;
    Ok(Campaign {
        id,
        name,
        starts_on,
        ends_on,
        questionnaire_id,
        outcome_rule: serde_json::from_str(&rule)?,
        min_ranked_contacts: super::to_u32(min_ranked, "min_ranked_contacts")?,
        created_at,
        weekdays,
        hours,
    })
}

impl Store {
    /// Every campaign, newest first.
    pub async fn campaigns(&self) -> Result<Vec<Campaign>> {
        let rows: Vec<CampaignRow> = sqlx::query_as(&format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns {NEWEST_FIRST}"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(campaign_of).collect()
    }

    /// The campaign `id`.
    pub async fn campaign(&self, id: &str) -> Result<Option<Campaign>> {
        let row: Option<CampaignRow> = sqlx::query_as(&format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(campaign_of).transpose()
    }

    /// The campaign a company takes part in.
    pub async fn campaign_of_company(&self, company_id: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT cl.campaign_id FROM companies co JOIN classes cl ON cl.id = co.class_id WHERE co.id = $1",
        )
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    /// The campaign's companies: (name, id).
    pub async fn companies(&self, campaign_id: &str) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT co.name, co.id FROM companies co JOIN classes cl ON cl.id = co.class_id
             WHERE cl.campaign_id = $1",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The organisation numbers of the campaign's companies (those that have one).
    pub async fn organisation_numbers(&self, campaign_id: &str) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT o.organisation_number FROM companies co JOIN classes cl ON cl.id = co.class_id
             JOIN organisations o ON o.id = co.organisation_id
             WHERE cl.campaign_id = $1 AND o.organisation_number IS NOT NULL",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(number,)| number).collect())
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

    /// How the campaign's assignments spread over its companies, the channels and the shoppers.
    pub async fn spread(&self, campaign_id: &str) -> Result<Spread> {
        let count = |sql: &'static str| async move {
            let rows: Vec<(String, i64)> = sqlx::query_as(sql)
                .bind(campaign_id)
                .fetch_all(&self.pool)
                .await?;
            Ok::<_, crate::error::Error>(rows.into_iter().collect())
        };
        Ok(Spread {
            by_company: count(
                "SELECT co.name, COUNT(a.id) FROM companies co JOIN classes cl ON cl.id = co.class_id
                 LEFT JOIN assignments a ON a.company_id = co.id AND a.cancelled_at IS NULL
                 WHERE cl.campaign_id = $1 GROUP BY co.id, co.name",
            )
            .await?,
            by_channel: count(
                "SELECT a.channel, COUNT(*) FROM assignments a JOIN companies co ON co.id = a.company_id
                 JOIN classes cl ON cl.id = co.class_id WHERE cl.campaign_id = $1 AND a.cancelled_at IS NULL
                 GROUP BY a.channel",
            )
            .await?,
            by_shopper: count(
                "SELECT s.name, COUNT(a.id) FROM shoppers s LEFT JOIN (
                     SELECT a.id, a.shopper_id FROM assignments a JOIN companies co ON co.id = a.company_id
                     JOIN classes cl ON cl.id = co.class_id
                     WHERE cl.campaign_id = $1 AND a.cancelled_at IS NULL
                 ) a ON a.shopper_id = s.id GROUP BY s.id, s.name",
            )
            .await?,
        })
    }

    /// The same organisation's participation in the campaign before this company's (the newest that started
    /// earlier): (company id, campaign name).
    pub async fn previous_participation(
        &self,
        company_id: &str,
    ) -> Result<Option<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT prev.id, pc.name FROM companies co JOIN classes cl ON cl.id = co.class_id
             JOIN campaigns cc ON cc.id = cl.campaign_id
             JOIN companies prev ON prev.organisation_id = co.organisation_id AND prev.id <> co.id
             JOIN classes pcl ON pcl.id = prev.class_id JOIN campaigns pc ON pc.id = pcl.campaign_id
             WHERE co.id = $1
               AND (COALESCE(pc.starts_on, substr(pc.created_at, 1, 10)), pc.created_at)
                 < (COALESCE(cc.starts_on, substr(cc.created_at, 1, 10)), cc.created_at)
             ORDER BY COALESCE(pc.starts_on, substr(pc.created_at, 1, 10)) DESC, pc.created_at DESC
             LIMIT 1",
        )
        .bind(company_id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

impl WriteTransaction {
    /// Whether a campaign is called `name` already (ignoring case).
    pub async fn campaign_name_taken(&mut self, name: &str) -> Result<bool> {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT id FROM campaigns WHERE lower(name) = lower($1)")
                .bind(name)
                .fetch_optional(self.connection())
                .await?;
        Ok(found.is_some())
    }

    pub async fn insert_campaign(&mut self, campaign: &Campaign) -> Result<()> {
        sqlx::query(
            "INSERT INTO campaigns (id, name, starts_on, ends_on, questionnaire_id, outcome_rule,
                                    min_ranked_contacts, created_at, weekdays, hours)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&campaign.id)
        .bind(&campaign.name)
        .bind(&campaign.starts_on)
        .bind(&campaign.ends_on)
        .bind(&campaign.questionnaire_id)
        .bind(serde_json::to_string(&campaign.outcome_rule)?)
        .bind(i64::from(campaign.min_ranked_contacts))
        .bind(&campaign.created_at)
        .bind(&campaign.weekdays)
        .bind(&campaign.hours)
        .execute(self.connection())
        .await?;
        Ok(())
    }

    /// Whether another campaign than `id` is called `name` (ignoring case).
    pub async fn campaign_name_taken_by_other(&mut self, name: &str, id: &str) -> Result<bool> {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT id FROM campaigns WHERE lower(name) = lower($1) AND id <> $2")
                .bind(name)
                .bind(id)
                .fetch_optional(self.connection())
                .await?;
        Ok(found.is_some())
    }

    /// Replaces what an organizer sets of a campaign (everything but its id and when it was made).
    pub async fn update_campaign(&mut self, campaign: &Campaign) -> Result<()> {
        sqlx::query(
            "UPDATE campaigns SET name = $1, starts_on = $2, ends_on = $3, questionnaire_id = $4,
                    outcome_rule = $5, min_ranked_contacts = $6, weekdays = $7, hours = $8
             WHERE id = $9",
        )
        .bind(&campaign.name)
        .bind(&campaign.starts_on)
        .bind(&campaign.ends_on)
        .bind(&campaign.questionnaire_id)
        .bind(serde_json::to_string(&campaign.outcome_rule)?)
        .bind(i64::from(campaign.min_ranked_contacts))
        .bind(&campaign.weekdays)
        .bind(&campaign.hours)
        .bind(&campaign.id)
        .execute(self.connection())
        .await?;
        Ok(())
    }

    /// Deletes the campaign if it has no class, company or assignment; whether it did.
    pub async fn delete_empty_campaign(&mut self, id: &str) -> Result<bool> {
        let (used,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM classes WHERE campaign_id = $1)
                  + (SELECT COUNT(*) FROM companies WHERE campaign_id = $1)",
        )
        .bind(id)
        .fetch_one(self.connection())
        .await?;
        if used > 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM campaigns WHERE id = $1")
            .bind(id)
            .execute(self.connection())
            .await?;
        Ok(true)
    }

    /// Sets the campaign's dates (`YYYY-MM-DD`).
    pub async fn set_campaign_dates(
        &mut self,
        id: &str,
        starts_on: &str,
        ends_on: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE campaigns SET starts_on = $1, ends_on = $2 WHERE id = $3")
            .bind(starts_on)
            .bind(ends_on)
            .bind(id)
            .execute(self.connection())
            .await?;
        Ok(())
    }

    /// Sets the fewest approved contacts a company of the campaign needs to be ranked.
    pub async fn set_min_ranked_contacts(&mut self, id: &str, min: u32) -> Result<()> {
        sqlx::query("UPDATE campaigns SET min_ranked_contacts = $1 WHERE id = $2")
            .bind(i64::from(min))
            .bind(id)
            .execute(self.connection())
            .await?;
        Ok(())
    }

    /// The organisation a new company row belongs to: the one with its organisation number, else the one of
    /// its name (ignoring case) that is not in the campaign yet, else a new one. The organisation takes the
    /// row's name.
    async fn organisation_for(&mut self, campaign_id: &str, row: &CompanyRow) -> Result<String> {
        let by_number: Option<(String,)> = match &row.organisation_number {
            Some(number) => {
                sqlx::query_as("SELECT id FROM organisations WHERE organisation_number = $1")
                    .bind(number)
                    .fetch_optional(self.connection())
                    .await?
            }
            None => None,
        };
        let found = match by_number {
            Some(found) => Some(found),
            None => {
                sqlx::query_as(
                    "SELECT id FROM organisations WHERE lower(name) = lower($1)
                       AND ($2 IS NULL OR organisation_number IS NULL)
                       AND id NOT IN (SELECT organisation_id FROM companies
                                      WHERE campaign_id = $3 AND organisation_id IS NOT NULL)
                     ORDER BY id LIMIT 1",
                )
                .bind(&row.company)
                .bind(&row.organisation_number)
                .bind(campaign_id)
                .fetch_optional(self.connection())
                .await?
            }
        };
        match found {
            Some((id,)) => {
                sqlx::query(
                    "UPDATE organisations SET name = $1,
                            organisation_number = COALESCE(organisation_number, $2) WHERE id = $3",
                )
                .bind(&row.company)
                .bind(&row.organisation_number)
                .bind(&id)
                .execute(self.connection())
                .await?;
                Ok(id)
            }
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                sqlx::query(
                    "INSERT INTO organisations (id, name, organisation_number) VALUES ($1, $2, $3)",
                )
                .bind(&id)
                .bind(&row.company)
                .bind(&row.organisation_number)
                .execute(self.connection())
                .await?;
                Ok(id)
            }
        }
    }

    /// Adds the companies to the campaign, making their classes as needed and linking each to its
    /// organisation; returns how many classes were new.
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
            let organisation_id = self.organisation_for(campaign_id, row).await?;
            sqlx::query(
                "INSERT INTO companies (id, class_id, name, campaign_id, organisation_id)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(class_id)
            .bind(&row.company)
            .bind(campaign_id)
            .bind(organisation_id)
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
}
