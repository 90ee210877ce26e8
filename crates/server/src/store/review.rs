//! The review queue as the database answers it: one page of a campaign's evaluations filtered and sorted in
//! SQL, the counts per status, the ids in order (next and previous), and the stored score and flags of each
//! current revision (`review_facts`).

use super::{Store, WriteTransaction};
use crate::error::Result;

/// How the queue is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// Received longest ago first: the work mode's default.
    #[default]
    Oldest,
    Newest,
    Company,
    Shopper,
    ScoreLow,
    ScoreHigh,
    /// Most flags first.
    Flags,
}

impl QueueSort {
    pub const ALL: [QueueSort; 7] = [
        QueueSort::Oldest,
        QueueSort::Newest,
        QueueSort::Company,
        QueueSort::Shopper,
        QueueSort::ScoreLow,
        QueueSort::ScoreHigh,
        QueueSort::Flags,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueSort::Oldest => "oldest",
            QueueSort::Newest => "newest",
            QueueSort::Company => "company",
            QueueSort::Shopper => "shopper",
            QueueSort::ScoreLow => "score",
            QueueSort::ScoreHigh => "-score",
            QueueSort::Flags => "flags",
        }
    }

    pub fn parse(text: &str) -> Option<QueueSort> {
        QueueSort::ALL.into_iter().find(|s| s.as_str() == text)
    }

    fn order_by(self) -> &'static str {
        match self {
            QueueSort::Oldest => "e.received_at, e.id",
            QueueSort::Newest => "e.received_at DESC, e.id DESC",
            QueueSort::Company => "co.name, e.received_at, e.id",
            QueueSort::Shopper => "s.name, e.received_at, e.id",
            QueueSort::ScoreLow => "COALESCE(f.percent, -1), e.received_at, e.id",
            QueueSort::ScoreHigh => "COALESCE(f.percent, -1) DESC, e.received_at, e.id",
            QueueSort::Flags => "COALESCE(f.flag_count, 0) DESC, e.received_at, e.id",
        }
    }
}

/// What the queue shows: every field a filter, none meaning "any".
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    pub campaign_id: String,
    pub status: Option<String>,
    pub class_id: Option<String>,
    pub company_id: Option<String>,
    pub shopper_id: Option<String>,
    pub channel: Option<String>,
    /// Received at or after this UTC timestamp.
    pub received_from: Option<String>,
    /// Received before this UTC timestamp.
    pub received_before: Option<String>,
    pub min_percent: Option<f64>,
    pub max_percent: Option<f64>,
    /// Only flagged (`true`) or only unflagged (`false`) evaluations.
    pub flagged: Option<bool>,
    /// Only evaluations with this flag code.
    pub flag_code: Option<String>,
    pub sort: QueueSort,
}

/// One row of the queue.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub id: String,
    pub revision: i64,
    pub shopper_name: String,
    pub company: String,
    pub class: String,
    pub channel: String,
    pub received_at: String,
    pub status: String,
    pub percent: Option<f64>,
    pub flag_count: Option<i64>,
    pub flag_codes: Option<String>,
}

/// A current revision's stored score and flags.
pub struct NewFacts<'a> {
    pub evaluation_id: &'a str,
    pub revision: i64,
    pub shopper_id: &'a str,
    pub percent: Option<f64>,
    pub flag_count: i64,
    pub flag_codes: &'a str,
    pub flags: &'a str,
}

/// One of a shopper's current evaluations, for computing flags across them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShopperEvaluationRow {
    pub id: String,
    pub revision: i64,
    pub company: String,
    pub content: String,
}

/// How many evaluations there are, the newest receipt and the sum of their revisions.
pub type EvaluationsState = (i64, String, i64);

enum Bind {
    Text(String),
    Float(f64),
}

/// What counts and ids need: the evaluation, its assignment and company (for the campaign) and its facts.
/// `CROSS JOIN` (with the join's conditions in the WHERE clause, [`JOINED`]) makes SQLite start from the
/// evaluations, walking the index of the queue's order: left to choose, without statistics it began from the
/// campaign's companies and took 100-800 ms over a season instead of 1-12 ms. PostgreSQL plans it as the
/// inner join it is.
const FROM: &str = "FROM evaluations e CROSS JOIN assignments a CROSS JOIN companies co
     LEFT JOIN review_facts f ON f.evaluation_id = e.id AND f.revision = e.revision";
const JOINED: &str = "a.id = e.assignment_id AND co.id = a.company_id";

/// What a page shows besides: the shopper's and the class's names.
const NAMES: &str = "JOIN shoppers s ON s.id = e.shopper_id JOIN classes cl ON cl.id = co.class_id";

/// The WHERE clause of `query` (with the status filter unless `without_status`) and its parameters in order.
fn conditions(query: &QueueQuery, without_status: bool) -> (String, Vec<Bind>) {
    let mut clauses: Vec<String> = vec![JOINED.to_owned()];
    let mut binds: Vec<Bind> = vec![];
    let mut add = |clause: &str, bind: Bind, binds: &mut Vec<Bind>| {
        binds.push(bind);
        clauses.push(clause.replace('?', &format!("${}", binds.len())));
    };
    add(
        "co.campaign_id = ?",
        Bind::Text(query.campaign_id.clone()),
        &mut binds,
    );
    let texts = [
        (
            "e.status = ?",
            if without_status {
                None
            } else {
                query.status.as_ref()
            },
        ),
        ("co.class_id = ?", query.class_id.as_ref()),
        ("co.id = ?", query.company_id.as_ref()),
        ("e.shopper_id = ?", query.shopper_id.as_ref()),
        ("a.channel = ?", query.channel.as_ref()),
        ("e.received_at >= ?", query.received_from.as_ref()),
        ("e.received_at < ?", query.received_before.as_ref()),
    ];
    for (clause, value) in texts {
        if let Some(value) = value {
            add(clause, Bind::Text(value.clone()), &mut binds);
        }
    }
    if let Some(min) = query.min_percent {
        add("f.percent >= ?", Bind::Float(min), &mut binds);
    }
    if let Some(max) = query.max_percent {
        add("f.percent <= ?", Bind::Float(max), &mut binds);
    }
    if let Some(code) = &query.flag_code {
        add(
            "f.flag_codes LIKE ?",
            Bind::Text(format!("%,{code},%")),
            &mut binds,
        );
    }
    match query.flagged {
        Some(true) => clauses.push("f.flag_count > 0".into()),
        Some(false) => clauses.push("COALESCE(f.flag_count, 0) = 0".into()),
        None => {}
    }
    (clauses.join(" AND "), binds)
}

macro_rules! bound {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for bind in $binds {
            query = match bind {
                Bind::Text(text) => query.bind(text),
                Bind::Float(number) => query.bind(number),
            };
        }
        query
    }};
}

impl Store {
    /// One page of the queue: `limit` rows from `offset`, in the query's order.
    pub async fn queue_page(
        &self,
        query: &QueueQuery,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<QueueRow>> {
        let (conditions, binds) = conditions(query, false);
        let sql = format!(
            "SELECT e.id, e.revision, s.name AS shopper_name, co.name AS company, cl.name AS class, a.channel,
                    e.received_at, e.status, f.percent, f.flag_count, f.flag_codes
             {FROM} {NAMES} WHERE {conditions} ORDER BY {} LIMIT {limit} OFFSET {offset}",
            query.sort.order_by()
        );
        Ok(bound!(sqlx::query_as(&sql), binds)
            .fetch_all(&self.pool)
            .await?)
    }

    /// How many evaluations of each status the query's other filters leave: (status, count).
    pub async fn queue_counts(&self, query: &QueueQuery) -> Result<Vec<(String, i64)>> {
        let (conditions, binds) = conditions(query, true);
        let sql = format!("SELECT e.status, COUNT(*) {FROM} WHERE {conditions} GROUP BY e.status");
        Ok(bound!(sqlx::query_as(&sql), binds)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Every id the query gives, in its order (for next and previous).
    pub async fn queue_ids(&self, query: &QueueQuery) -> Result<Vec<String>> {
        let (conditions, binds) = conditions(query, false);
        let sql = format!(
            "SELECT e.id {FROM} {NAMES} WHERE {conditions} ORDER BY {}",
            query.sort.order_by()
        );
        let rows: Vec<(String,)> = bound!(sqlx::query_as(&sql), binds)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The campaign's classes and companies, and the shoppers with an assignment in it, each (id, name) by name:
    /// the queue's filter choices.
    #[allow(clippy::type_complexity)]
    pub async fn queue_choices(
        &self,
        campaign_id: &str,
    ) -> Result<(
        Vec<(String, String)>,
        Vec<(String, String)>,
        Vec<(String, String)>,
    )> {
        let mut lists = vec![];
        for sql in [
            "SELECT id, name FROM classes WHERE campaign_id = $1 ORDER BY name, id",
            "SELECT id, name FROM companies WHERE campaign_id = $1 ORDER BY name, id",
        ] {
            let rows: Vec<(String, String)> = sqlx::query_as(sql)
                .bind(campaign_id)
                .fetch_all(&self.pool)
                .await?;
            lists.push(rows);
        }
        let shoppers: Vec<(String, String)> = sqlx::query_as(
            "SELECT s.id, s.name FROM shoppers s
             WHERE EXISTS (SELECT 1 FROM assignments a JOIN companies c ON c.id = a.company_id
                           WHERE a.shopper_id = s.id AND c.campaign_id = $1)
             ORDER BY s.name, s.id",
        )
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?;
        let companies = lists.pop().unwrap_or_default();
        let classes = lists.pop().unwrap_or_default();
        Ok((classes, companies, shoppers))
    }

    /// The evaluations' state now: a new evaluation or revision changes it (one pass over an index).
    pub async fn evaluations_state(&self) -> Result<EvaluationsState> {
        Ok(sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(received_at), ''), CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM evaluations",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Whether every revision had its facts when the evaluations were in `state` (see [`Store::facts_complete`]).
    pub fn facts_complete_at(&self, state: &EvaluationsState) -> bool {
        self.facts_complete_at
            .read()
            .map(|held| held.as_ref() == Some(state))
            .unwrap_or(false)
    }

    /// Notes that every revision had its facts when the evaluations were in `state`.
    pub fn facts_complete(&self, state: EvaluationsState) {
        if let Ok(mut held) = self.facts_complete_at.write() {
            *held = Some(state);
        }
    }

    /// Forgets that every revision had its facts: some were taken away (an assignment's window changed).
    pub fn facts_incomplete(&self) {
        if let Ok(mut held) = self.facts_complete_at.write() {
            *held = None;
        }
    }

    /// The shoppers with an evaluation whose current revision has no stored facts yet.
    pub async fn shoppers_without_facts(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT e.shopper_id FROM evaluations e
             LEFT JOIN review_facts f ON f.evaluation_id = e.id AND f.revision = e.revision
             WHERE f.evaluation_id IS NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Every current evaluation of the shopper, with its company.
    pub async fn shopper_evaluations(&self, shopper_id: &str) -> Result<Vec<ShopperEvaluationRow>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.revision, co.name AS company, e.content FROM evaluations e
             JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
             WHERE e.shopper_id = $1 ORDER BY e.received_at, e.id",
        )
        .bind(shopper_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The stored flags (JSON) of evaluation `id`'s current revision, when computed.
    pub async fn stored_flags(&self, id: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT f.flags FROM review_facts f JOIN evaluations e ON e.id = f.evaluation_id
             AND e.revision = f.revision WHERE f.evaluation_id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(flags,)| flags))
    }
}

impl WriteTransaction {
    /// Stores (or replaces) the facts of an evaluation's current revision.
    ///
    /// The percent is always bound as a number beside whether it is there (`$8`), never as a NULL: the `Any`
    /// driver sends a missing `f64` as a 4-byte float's NULL, so PostgreSQL would prepare the statement for
    /// `real` and then refuse the connection's next 8-byte value ("incorrect binary data format").
    pub async fn put_facts(&mut self, facts: &NewFacts<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO review_facts (evaluation_id, revision, shopper_id, percent, flag_count, flag_codes, flags)
             VALUES ($1, $2, $3, CASE WHEN $8 THEN $4 END, $5, $6, $7)
             ON CONFLICT (evaluation_id) DO UPDATE SET revision = excluded.revision, shopper_id = excluded.shopper_id,
                 percent = excluded.percent, flag_count = excluded.flag_count, flag_codes = excluded.flag_codes,
                 flags = excluded.flags",
        )
        .bind(facts.evaluation_id)
        .bind(facts.revision)
        .bind(facts.shopper_id)
        .bind(facts.percent.unwrap_or(0.0))
        .bind(facts.flag_count)
        .bind(facts.flag_codes)
        .bind(facts.flags)
        .bind(facts.percent.is_some())
        .execute(self.connection())
        .await?;
        Ok(())
    }

    /// Evaluation `id`'s held revision, status, company and flag count (none when not computed), read inside
    /// a bulk approval, which approves only unflagged evaluations waiting for review.
    pub async fn review_state(
        &mut self,
        id: &str,
    ) -> Result<Option<(i64, String, String, Option<i64>)>> {
        Ok(sqlx::query_as(
            "SELECT e.revision, e.status, co.name, f.flag_count FROM evaluations e
             JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
             LEFT JOIN review_facts f ON f.evaluation_id = e.id AND f.revision = e.revision WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(self.connection())
        .await?)
    }
}
