//! Setting up a campaign: companies by class and assignments, one at a time or from CSV (all rows or none,
//! every bad row named), how assignments spread over companies, channels and shoppers, and CSV exports.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::db::Db;
use serde::{Deserialize, Serialize};
use shopper_domain::protocol::RowError;
use shopper_domain::{score, Answer, Channel, EvaluationContent, Questionnaire};

use crate::error::ApiError;
use crate::rankings::{self, RankingQuery};

fn rows<T: for<'de> Deserialize<'de>>(csv_text: &str) -> Vec<(usize, Result<T, String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    reader
        .deserialize::<T>()
        .enumerate()
        .map(|(index, row)| (index + 2, row.map_err(|e| e.to_string())))
        .collect()
}

fn text(field: &str, value: &str, max: usize) -> Result<(), String> {
    match value.chars().count() {
        0 => Err(format!("{field} is empty")),
        n if n > max => Err(format!("{field} is longer than {max} characters")),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize)]
struct CompanyRow {
    class: String,
    company: String,
}

#[derive(Debug, Serialize)]
pub struct CompaniesImported {
    pub classes_created: usize,
    pub companies_created: usize,
}

/// Imports `class,company` rows into the campaign: classes are made as needed; a company already there (or
/// twice in the file) is an error. All rows or none.
pub async fn import_companies(
    db: &Db,
    campaign_id: &str,
    csv_text: &str,
) -> Result<CompaniesImported, ApiError> {
    let existing: Vec<(String,)> = sqlx::query_as("SELECT name FROM companies")
        .fetch_all(db)
        .await?;
    let mut seen: HashSet<String> = existing.into_iter().map(|(n,)| n.to_lowercase()).collect();
    let mut errors = Vec::new();
    let mut good = Vec::new();
    for (line, row) in rows::<CompanyRow>(csv_text) {
        let checked = row.and_then(|row: CompanyRow| {
            text("class", &row.class, 100)?;
            text("company", &row.company, 100)?;
            if !seen.insert(row.company.to_lowercase()) {
                return Err(format!(
                    "company \"{}\" is already in the campaign",
                    row.company
                ));
            }
            Ok(row)
        });
        match checked {
            Ok(row) => good.push(row),
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if good.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 1,
            message: "the file has no rows under its header `class,company`".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::InvalidRows(errors));
    }
    let mut tx = crate::db::begin_write(db).await?;
    let classes: Vec<(String, String)> =
        sqlx::query_as("SELECT name, id FROM classes WHERE campaign_id = $1")
            .bind(campaign_id)
            .fetch_all(&mut *tx)
            .await?;
    let mut class_ids: HashMap<String, String> = classes.into_iter().collect();
    let mut classes_created = 0;
    for row in &good {
        let class_id = match class_ids.get(&row.class) {
            Some(id) => id.clone(),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, $2, $3)")
                    .bind(&id)
                    .bind(campaign_id)
                    .bind(&row.class)
                    .execute(&mut *tx)
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
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(CompaniesImported {
        classes_created,
        companies_created: good.len(),
    })
}

/// One assignment, as a CSV row or a JSON body.
#[derive(Debug, Clone, Deserialize)]
pub struct NewAssignment {
    pub company: String,
    pub channel: String,
    pub scenario: String,
    /// The shopper's id or (unique) name.
    pub shopper: String,
    pub contact: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    pub window_start: String,
    pub window_end: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

struct Resolved {
    company_id: String,
    shopper_id: String,
    channel: Channel,
}

struct Lookups {
    companies: HashMap<String, String>,
    shoppers: Vec<(String, String)>,
}

impl Lookups {
    async fn load(db: &Db) -> Result<Self, ApiError> {
        let companies: Vec<(String, String)> = sqlx::query_as("SELECT name, id FROM companies")
            .fetch_all(db)
            .await?;
        let shoppers: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM shoppers")
            .fetch_all(db)
            .await?;
        Ok(Self {
            companies: companies
                .into_iter()
                .map(|(n, id)| (n.to_lowercase(), id))
                .collect(),
            shoppers,
        })
    }

    fn resolve(&self, row: &NewAssignment) -> Result<Resolved, String> {
        let company_id = self
            .companies
            .get(&row.company.to_lowercase())
            .cloned()
            .ok_or_else(|| format!("no company \"{}\"", row.company))?;
        let channel = serde_json::from_value(serde_json::Value::String(row.channel.to_lowercase()))
            .map_err(|_| format!("channel \"{}\" is not phone, chat or email", row.channel))?;
        let by_id = self.shoppers.iter().find(|(id, _)| id == &row.shopper);
        let by_name: Vec<_> = self
            .shoppers
            .iter()
            .filter(|(_, name)| name.eq_ignore_ascii_case(&row.shopper))
            .collect();
        let shopper_id = match (by_id, by_name.as_slice()) {
            (Some((id, _)), _) | (None, [(id, _)]) => id.clone(),
            (None, []) => return Err(format!("no shopper \"{}\"", row.shopper)),
            (None, _) => {
                return Err(format!(
                    "several shoppers are called \"{}\": use the id",
                    row.shopper
                ))
            }
        };
        text("scenario", &row.scenario, 2000)?;
        text("contact", &row.contact, 500)?;
        let date = |field: &str, value: &str| {
            let full = if value.len() == 10 {
                format!("{value}T00:00")
            } else {
                value.to_owned()
            };
            shopper_domain::validation::is_date_time(&full)
                .then_some(full)
                .ok_or_else(|| {
                    format!("{field} \"{value}\" is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
                })
        };
        let (start, end) = (
            date("window_start", &row.window_start)?,
            date("window_end", &row.window_end)?,
        );
        date("due", &row.due)?;
        if start > end {
            return Err("window_start is after window_end".into());
        }
        Ok(Resolved {
            company_id,
            shopper_id,
            channel,
        })
    }
}

/// The newest version of the most recently changed questionnaire: what new assignments are evaluated with.
async fn current_questionnaire(db: &Db) -> Result<(String, i64), ApiError> {
    let found: Option<(String, i64)> = sqlx::query_as(
        "SELECT id, version FROM questionnaires ORDER BY created_at DESC, version DESC LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    found.ok_or_else(|| {
        ApiError::BadRequest("import a questionnaire before making assignments".into())
    })
}

async fn insert_assignments(
    db: &Db,
    rows: &[(NewAssignment, Resolved)],
) -> Result<Vec<String>, ApiError> {
    let (questionnaire_id, version) = current_questionnaire(db).await?;
    let mut tx = crate::db::begin_write(db).await?;
    let mut ids = Vec::new();
    for (row, resolved) in rows {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start,
                                      window_end, due, questionnaire_id, questionnaire_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(&resolved.shopper_id)
        .bind(&resolved.company_id)
        .bind(resolved.channel.as_str())
        .bind(&row.scenario)
        .bind(&row.contact)
        .bind(&row.window_start)
        .bind(&row.window_end)
        .bind(&row.due)
        .bind(&questionnaire_id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

pub async fn create_assignment(db: &Db, row: NewAssignment) -> Result<String, ApiError> {
    let resolved = Lookups::load(db)
        .await?
        .resolve(&row)
        .map_err(ApiError::BadRequest)?;
    Ok(insert_assignments(db, &[(row, resolved)]).await?.remove(0))
}

/// Imports assignments from CSV with the columns of [`NewAssignment`]. All rows or none.
pub async fn import_assignments(db: &Db, csv_text: &str) -> Result<usize, ApiError> {
    let lookups = Lookups::load(db).await?;
    let mut errors = Vec::new();
    let mut good = Vec::new();
    for (line, row) in rows::<NewAssignment>(csv_text) {
        match row.and_then(|row| lookups.resolve(&row).map(|resolved| (row, resolved))) {
            Ok(pair) => good.push(pair),
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if good.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 1,
            message: "the file has no assignment rows under its header".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::InvalidRows(errors));
    }
    Ok(insert_assignments(db, &good).await?.len())
}

/// How many assignments each company, channel and shopper has.
#[derive(Debug, Serialize)]
pub struct Spread {
    pub by_company: BTreeMap<String, i64>,
    pub by_channel: BTreeMap<String, i64>,
    pub by_shopper: BTreeMap<String, i64>,
}

pub async fn spread(db: &Db) -> Result<Spread, ApiError> {
    let count = |sql: &'static str| async move {
        let rows: Vec<(String, i64)> = sqlx::query_as(sql).fetch_all(db).await?;
        Ok::<_, ApiError>(rows.into_iter().collect())
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

fn answer_cell(answer: &Answer) -> String {
    match answer {
        Answer::NotApplicable => "n/a".into(),
        Answer::Bool(true) => "yes".into(),
        Answer::Bool(false) => "no".into(),
        Answer::Number(n) => n.to_string(),
        Answer::Text(text) => text.clone(),
        Answer::Choices(ids) => ids.join("|"),
    }
}

fn csv_text(records: Vec<Vec<String>>) -> Result<String, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer
            .write_record(&record)
            .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// Every evaluation, one row each: who, what, status and percent, then one column per question (of every
/// stored questionnaire version, in questionnaire order).
pub async fn evaluations_csv(db: &Db) -> Result<String, ApiError> {
    let definitions: Vec<(String,)> = sqlx::query_as(
        "SELECT definition FROM questionnaires ORDER BY created_at DESC, version DESC",
    )
    .fetch_all(db)
    .await?;
    let mut columns: Vec<String> = Vec::new();
    let mut by_version: HashMap<(String, u32), Questionnaire> = HashMap::new();
    for (definition,) in definitions {
        let questionnaire: Questionnaire = serde_json::from_str(&definition)?;
        for question in questionnaire.questions() {
            if !columns.contains(&question.id) {
                columns.push(question.id.clone());
            }
        }
        by_version.insert(
            (questionnaire.id.clone(), questionnaire.version),
            questionnaire,
        );
    }
    type Row = (String, i64, String, String, String, String, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.id, e.revision, e.status, cl.name, co.name, s.name, e.received_at, e.content
         FROM evaluations e JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
         JOIN classes cl ON cl.id = co.class_id JOIN shoppers s ON s.id = e.shopper_id
         ORDER BY cl.name, co.name, e.received_at",
    )
    .fetch_all(db)
    .await?;
    let mut records = vec![[
        "evaluation_id",
        "revision",
        "status",
        "class",
        "company",
        "channel",
        "shopper",
        "received_at",
        "percent",
        "notes",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(columns.iter().cloned())
    .collect::<Vec<_>>()];
    for (id, revision, status, class, company, shopper, received_at, content) in rows {
        let content: EvaluationContent = serde_json::from_str(&content)?;
        let percent = by_version
            .get(&(
                content.questionnaire_id.clone(),
                content.questionnaire_version,
            ))
            .and_then(|q| score(q, &content).percent())
            .map_or(String::new(), |p| format!("{p:.1}"));
        let mut record = vec![
            id,
            revision.to_string(),
            status,
            class,
            company,
            content.channel.as_str().to_owned(),
            shopper,
            received_at,
            percent,
            content.notes.clone(),
        ];
        record.extend(
            columns
                .iter()
                .map(|q| content.answers.get(q).map_or(String::new(), answer_cell)),
        );
        records.push(record);
    }
    csv_text(records)
}

/// Each class's ranking as CSV: class, rank, tie, company, percent, evaluations (approved only).
pub async fn scores_csv(db: &Db) -> Result<String, ApiError> {
    let rankings = rankings::rankings(
        db,
        RankingQuery {
            channel: None,
            halfway: None,
        },
    )
    .await?;
    let mut records = vec![
        ["class", "rank", "tied", "company", "percent", "evaluations"]
            .map(String::from)
            .to_vec(),
    ];
    for class in rankings.classes {
        for line in class.ranking {
            records.push(vec![
                class.class.clone(),
                line.rank.map_or(String::new(), |r| r.to_string()),
                if line.tied {
                    "yes".into()
                } else {
                    String::new()
                },
                line.company,
                line.percent.map_or(String::new(), |p| format!("{p:.1}")),
                line.evaluations.to_string(),
            ]);
        }
    }
    csv_text(records)
}

/// The campaign new companies go to when none is named: the only (or first) one.
pub async fn default_campaign(db: &Db) -> Result<String, ApiError> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .fetch_optional(db)
        .await?;
    match found {
        Some((id,)) => Ok(id),
        None => {
            sqlx::query("INSERT INTO campaigns (id, name) VALUES ('main', 'Campaign')")
                .execute(db)
                .await?;
            Ok("main".into())
        }
    }
}
