//! The plan of a campaign as stored: its assignments with who has them and how far each got (draft backed up,
//! evaluation sent and its review), what the planner reads (companies, the roster with capacities, the
//! contact links and scenarios known from earlier assignments), and the plan's changes: planned assignments
//! stored in bulk, reassigned, cancelled, edited; a company withdrawn.

use serde::Serialize;

use super::{Store, WriteTransaction};
use crate::error::Result;

/// One assignment of a campaign and how far it got.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AssignmentLine {
    pub id: String,
    pub company_id: String,
    pub company: String,
    pub class: String,
    pub shopper_id: String,
    pub shopper: String,
    pub channel: String,
    pub scenario: String,
    pub window_start: String,
    pub window_end: String,
    /// ISO day numbers (`1-5`); none: the campaign's.
    pub weekdays: Option<String>,
    /// `09:00-11:00`; none: the campaign's.
    pub hours: Option<String>,
    pub due: String,
    pub cancelled_at: Option<String>,
    /// When its company was withdrawn, if it was.
    pub withdrawn_at: Option<String>,
    /// The evaluation's review status (`received`, `approved`, `returned`) once one was sent.
    pub evaluation_status: Option<String>,
    /// 1 when the evaluation sent says nobody answered.
    pub not_reached: i64,
    /// 1 when the shopper's phone has backed up a draft for it.
    pub draft: i64,
}

const LINE_SELECT: &str =
    "SELECT a.id, a.company_id, co.name AS company, cl.name AS class, a.shopper_id, s.name AS shopper,
            a.channel, a.scenario, a.window_start, a.window_end, a.weekdays, a.hours, a.due, a.cancelled_at,
            co.withdrawn_at, e.status AS evaluation_status,
            CASE WHEN e.content LIKE '%\"outcome\":\"not_reached\"%' THEN 1 ELSE 0 END AS not_reached,
            CASE WHEN EXISTS (SELECT 1 FROM draft_backups d WHERE d.assignment_id = a.id
                              AND d.shopper_id = a.shopper_id) THEN 1 ELSE 0 END AS draft
     FROM assignments a JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
     JOIN shoppers s ON s.id = a.shopper_id LEFT JOIN evaluations e ON e.assignment_id = a.id";

/// A company the planner may plan for: (id, name, class name).
pub type PlanCompanyRow = (String, String, String);

/// A shopper of the roster: (id, name, capacity, e-mail, phone).
pub type RosterRow = (String, String, Option<i64>, Option<String>, Option<String>);

/// One assignment made by the planner, to store.
#[derive(Debug, Clone)]
pub struct PlannedAssignment {
    pub company_id: String,
    pub shopper_id: String,
    pub channel: &'static str,
    pub scenario: String,
    pub contact: String,
    pub window_start: String,
    pub window_end: String,
    pub weekdays: String,
    pub hours: String,
    pub due: String,
}

/// What a change of the plan needs to know of an assignment: (id, shopper id, shopper name, company id,
/// company name, campaign id, cancelled at, an evaluation was sent, the shopper's phone holds a draft).
pub type HeldLine = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
);

/// `$n, $n+1, ...` for `count` values.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Every assignment of the campaign, cancelled ones and those of withdrawn companies included, by class,
    /// company and due date.
    pub async fn campaign_assignments(&self, campaign_id: &str) -> Result<Vec<AssignmentLine>> {
        Ok(sqlx::query_as(&format!(
            "{LINE_SELECT} WHERE co.campaign_id = $1 ORDER BY cl.name, co.name, a.due, a.id"
        ))
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// One assignment and how far it got.
    pub async fn assignment_line(&self, id: &str) -> Result<Option<AssignmentLine>> {
        Ok(sqlx::query_as(&format!("{LINE_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The campaign's companies that are not withdrawn, with their class.
    pub async fn plan_companies(&self, campaign_id: &str) -> Result<Vec<PlanCompanyRow>> {
        Ok(sqlx::query_as(
            "SELECT co.id, co.name, cl.name FROM companies co JOIN classes cl ON cl.id = co.class_id
             WHERE co.campaign_id = $1 AND co.withdrawn_at IS NULL ORDER BY cl.name, co.name",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every shopper with their capacity and how to reach them.
    pub async fn roster(&self) -> Result<Vec<RosterRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, capacity, email, phone FROM shoppers ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The shoppers who can take new work: the roster without those who left (deactivated).
    pub async fn active_roster(&self) -> Result<Vec<RosterRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, capacity, email, phone FROM shoppers WHERE deactivated_at IS NULL ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The contact links and scenarios the campaign's companies had in earlier assignments (of this campaign
    /// or of the same organisation in another), newest last: (company id, channel, contact, scenario).
    pub async fn known_contacts(
        &self,
        campaign_id: &str,
    ) -> Result<Vec<(String, String, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT co.id, a.channel, a.contact, a.scenario FROM companies co
             JOIN companies other ON other.organisation_id = co.organisation_id
             JOIN assignments a ON a.company_id = other.id
             WHERE co.campaign_id = $1 ORDER BY a.window_start, a.id",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// When the evaluation's assignment could be made, and when it was: (window start, window end, weekdays,
    /// hours, due, campaign id, content, received at).
    #[allow(clippy::type_complexity)]
    pub async fn evaluation_timing(
        &self,
        evaluation_id: &str,
    ) -> Result<
        Option<(
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
            String,
        )>,
    > {
        Ok(sqlx::query_as(
            "SELECT a.window_start, a.window_end, a.weekdays, a.hours, a.due, co.campaign_id, e.content,
                    e.received_at
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             JOIN companies co ON co.id = a.company_id WHERE e.id = $1",
        )
        .bind(evaluation_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Forgets the campaign's approved set kept in memory (a withdrawn company leaves the results at once).
    pub fn forget_approved(&self, campaign_id: &str) {
        if let Ok(mut sets) = self.approved.write() {
            sets.remove(campaign_id);
        }
    }
}

impl WriteTransaction {
    /// Stores the planned assignments, all evaluated with `questionnaire` (id, version), 100 rows a statement.
    pub async fn insert_planned(
        &mut self,
        rows: &[PlannedAssignment],
        questionnaire: (&str, u32),
    ) -> Result<usize> {
        const COLUMNS: usize = 13;
        for chunk in rows.chunks(100) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("({})", placeholders(i * COLUMNS + 1, COLUMNS)))
                .collect();
            let sql = format!(
                "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start,
                                          window_end, due, questionnaire_id, questionnaire_version, weekdays,
                                          hours)
                 VALUES {}",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for row in chunk {
                query = query
                    .bind(uuid::Uuid::new_v4().to_string())
                    .bind(&row.shopper_id)
                    .bind(&row.company_id)
                    .bind(row.channel)
                    .bind(&row.scenario)
                    .bind(&row.contact)
                    .bind(&row.window_start)
                    .bind(&row.window_end)
                    .bind(&row.due)
                    .bind(questionnaire.0)
                    .bind(i64::from(questionnaire.1))
                    .bind(&row.weekdays)
                    .bind(&row.hours);
            }
            query.execute(self.connection()).await?;
        }
        Ok(rows.len())
    }

    /// The assignments `ids` as a change of the plan needs them (those that exist).
    pub async fn held_lines(&mut self, ids: &[String]) -> Result<Vec<HeldLine>> {
        let mut lines = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT a.id, a.shopper_id, s.name, a.company_id, co.name, co.campaign_id, a.cancelled_at,
                        CASE WHEN EXISTS (SELECT 1 FROM evaluations e WHERE e.assignment_id = a.id)
                             THEN 1 ELSE 0 END,
                        CASE WHEN EXISTS (SELECT 1 FROM draft_backups d WHERE d.assignment_id = a.id
                                          AND d.shopper_id = a.shopper_id) THEN 1 ELSE 0 END
                 FROM assignments a JOIN companies co ON co.id = a.company_id
                 JOIN shoppers s ON s.id = a.shopper_id WHERE a.id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            lines.extend(query.fetch_all(self.connection()).await?);
        }
        Ok(lines)
    }

    /// The companies (ids) among `companies` where `shopper_id` has an active assignment other than `except`.
    pub async fn shopper_companies(
        &mut self,
        shopper_id: &str,
        campaign_id: &str,
    ) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.company_id FROM assignments a JOIN companies co ON co.id = a.company_id
             WHERE a.shopper_id = $1 AND co.campaign_id = $2 AND a.cancelled_at IS NULL",
        )
        .bind(shopper_id)
        .bind(campaign_id)
        .fetch_all(self.connection())
        .await?)
    }

    /// Gives the assignment to another shopper.
    pub async fn reassign(&mut self, id: &str, shopper_id: &str) -> Result<()> {
        sqlx::query("UPDATE assignments SET shopper_id = $1 WHERE id = $2")
            .bind(shopper_id)
            .bind(id)
            .execute(self.connection())
            .await?;
        Ok(())
    }

    /// Cancels the assignment (it stays on record).
    pub async fn cancel_assignment(&mut self, id: &str, at: &str) -> Result<()> {
        sqlx::query(
            "UPDATE assignments SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL",
        )
        .bind(at)
        .bind(id)
        .execute(self.connection())
        .await?;
        Ok(())
    }

    /// Withdraws the company and cancels its assignments that have no evaluation; how many were cancelled.
    pub async fn withdraw_company(&mut self, company_id: &str, at: &str) -> Result<u64> {
        sqlx::query("UPDATE companies SET withdrawn_at = $1 WHERE id = $2")
            .bind(at)
            .bind(company_id)
            .execute(self.connection())
            .await?;
        let cancelled = sqlx::query(
            "UPDATE assignments SET cancelled_at = $1 WHERE company_id = $2 AND cancelled_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.assignment_id = assignments.id)",
        )
        .bind(at)
        .bind(company_id)
        .execute(self.connection())
        .await?;
        Ok(cancelled.rows_affected())
    }

    /// Takes the company back into the campaign: no longer withdrawn, and the assignments its withdrawal
    /// cancelled (those cancelled at the very time it was withdrawn, `withdrawn_at`) active again; how many.
    pub async fn reinstate_company(&mut self, company_id: &str, withdrawn_at: &str) -> Result<u64> {
        sqlx::query("UPDATE companies SET withdrawn_at = NULL WHERE id = $1")
            .bind(company_id)
            .execute(self.connection())
            .await?;
        let restored = sqlx::query(
            "UPDATE assignments SET cancelled_at = NULL WHERE company_id = $1 AND cancelled_at = $2",
        )
        .bind(company_id)
        .bind(withdrawn_at)
        .execute(self.connection())
        .await?;
        Ok(restored.rows_affected())
    }

    /// The company's (name, campaign id, withdrawn at), if there is one.
    pub async fn company_for_change(
        &mut self,
        company_id: &str,
    ) -> Result<Option<(String, String, Option<String>)>> {
        Ok(
            sqlx::query_as("SELECT name, campaign_id, withdrawn_at FROM companies WHERE id = $1")
                .bind(company_id)
                .fetch_optional(self.connection())
                .await?,
        )
    }

    /// Sets the assignment's window, due date and scenario.
    #[allow(clippy::too_many_arguments)]
    pub async fn edit_assignment(
        &mut self,
        id: &str,
        window_start: &str,
        window_end: &str,
        weekdays: Option<&str>,
        hours: Option<&str>,
        due: &str,
        scenario: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE assignments SET window_start = $1, window_end = $2, weekdays = $3, hours = $4, due = $5,
                    scenario = $6 WHERE id = $7",
        )
        .bind(window_start)
        .bind(window_end)
        .bind(weekdays)
        .bind(hours)
        .bind(due)
        .bind(scenario)
        .bind(id)
        .execute(self.connection())
        .await?;
        // Whether its evaluations were made inside the window is among the review's facts: found again.
        sqlx::query(
            "DELETE FROM review_facts WHERE evaluation_id IN (SELECT id FROM evaluations WHERE assignment_id = $1)",
        )
        .bind(id)
        .execute(self.connection())
        .await?;
        Ok(())
    }
}
