//! Setting up campaigns (waves): a new campaign's name, dates and rules checked, the campaign a request means
//! (the one it names, else the newest), companies by class and assignments, one at a time or from CSV (all rows
//! or none, every bad row named), and the CSV exports. The rows are checked here; `store` keeps them.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use shopper_domain::scoring::contact_score;
use shopper_domain::{Answer, Channel, EvaluationContent, Questionnaire};

use crate::error::{BadRow, Error, Reason, Result, RowProblem};
use crate::names;
use crate::rankings::{self, RankingQuery};
use crate::store::{Campaign, CompanyRow, ResolvedAssignment, Store};
use shopper_domain::outcome::OutcomeRule;

/// The header of a companies file (`organisation_number` may be left out).
pub const COMPANIES_HEADER: &str = "class,company,organisation_number";

/// A campaign to create, as the API's JSON body or the console's form.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewCampaign {
    pub name: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    /// The questionnaire (id) new assignments use, at its newest version; none: the newest imported.
    #[serde(default)]
    pub questionnaire_id: Option<String>,
    /// The rule for a contact nobody answers; left out: the usual rule.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub outcome_rule: Option<OutcomeRule>,
    /// The fewest approved contacts a company needs to be ranked (10 when left out).
    #[serde(default)]
    pub min_ranked_contacts: Option<u32>,
    /// The weekdays contacts may be made on, as ISO day numbers (`1-5` is Monday to Friday); none: every day.
    #[serde(default)]
    pub weekdays: Option<String>,
    /// The hours contacts may be made in, local time (`09:00-15:00`); none: the whole day.
    #[serde(default)]
    pub hours: Option<String>,
}

/// The campaign a request means: `asked` (an id, or a name ignoring case), else the newest.
pub async fn chosen(store: &Store, asked: Option<&str>) -> Result<Campaign> {
    let campaigns = store.campaigns().await?;
    match asked.map(str::trim).filter(|a| !a.is_empty()) {
        Some(asked) => campaigns
            .into_iter()
            .find(|c| c.id == asked || c.name.eq_ignore_ascii_case(asked))
            .ok_or_else(|| Error::NotFound(Reason::NoCampaign(asked.to_owned()))),
        None => campaigns
            .into_iter()
            .next()
            .ok_or(Error::NotFound(Reason::NoCampaignYet)),
    }
}

/// Checks a new campaign: a name of 1-100 characters, dates as `YYYY-MM-DD` in order, a rule whose
/// numbers are in range, a questionnaire that exists. Its id is made from nothing the organizer typed.
pub async fn checked_campaign(store: &Store, new: &NewCampaign) -> Result<Campaign> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::Refused(Reason::CampaignName));
    }
    let date = |value: &Option<String>| -> Result<Option<String>> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(day) if shopper_domain::validation::is_date(day) => Ok(Some(day.to_owned())),
            Some(day) => Err(Error::Refused(Reason::CampaignDate(day.to_owned()))),
        }
    };
    let (starts_on, ends_on) = (date(&new.starts_on)?, date(&new.ends_on)?);
    if let (Some(start), Some(end)) = (&starts_on, &ends_on) {
        if start > end {
            return Err(Error::Refused(Reason::CampaignDatesReversed));
        }
    }
    let rule = new.outcome_rule.unwrap_or_default();
    let in_range = (1..=10).contains(&rule.phone_attempts)
        && rule.phone_gap_minutes <= 24 * 60
        && (1..=24 * 60).contains(&rule.chat_reply_minutes)
        && (1..=60).contains(&rule.email_reply_days);
    if !in_range {
        return Err(Error::Refused(Reason::OutcomeRuleOutOfRange));
    }
    let min_ranked_contacts = new.min_ranked_contacts.unwrap_or(10);
    if !(1..=1000).contains(&min_ranked_contacts) {
        return Err(Error::Refused(Reason::MinRankedContacts));
    }
    let questionnaire_id = new
        .questionnaire_id
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    if let Some(id) = questionnaire_id {
        if store.newest_version(id).await?.is_none() {
            return Err(Error::Refused(Reason::UnknownQuestionnaire(id.to_owned())));
        }
    }
    let blank = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let campaign = Campaign {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_owned(),
        starts_on,
        ends_on,
        questionnaire_id: questionnaire_id.map(str::to_owned),
        outcome_rule: rule,
        min_ranked_contacts,
        created_at: crate::secrets::now(),
        weekdays: blank(&new.weekdays),
        hours: blank(&new.hours),
    };
    crate::plan::campaign_window(&campaign)?;
    Ok(campaign)
}
/// The header of an assignments file: the fields of [`NewAssignment`].
pub const ASSIGNMENTS_HEADER: &str =
    "company,channel,scenario,shopper,contact,window_start,window_end,due";

/// The rows of a CSV text as people have it (a byte-order mark, commas or semicolons: `imports::tidy_csv`).
fn rows<T: for<'de> Deserialize<'de>>(csv_text: &str) -> Vec<(usize, Result<T, RowProblem>)> {
    let csv_text = crate::imports::tidy_csv(csv_text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    reader
        .deserialize::<T>()
        .enumerate()
        .map(|(index, row)| {
            let row = row.map_err(|e| RowProblem::Unreadable(e.to_string()));
            (index + 2, row)
        })
        .collect()
}

/// A field of 1 to `max` characters with no control or invisible character (a scenario may break lines).
fn text(field: &'static str, value: &str, max: usize) -> Result<(), RowProblem> {
    match value.chars().count() {
        0 => Err(RowProblem::Empty(field)),
        n if n > max => Err(RowProblem::TooLong { field, max }),
        // A scenario is prose and may have line breaks and tabs; names and links may not.
        _ => match if field == "scenario" {
            names::first_forbidden(&value.replace(['\n', '\r', '\t'], " "))
        } else {
            names::first_forbidden(value)
        } {
            Some(character) => Err(RowProblem::InvisibleCharacter { field, character }),
            None => Ok(()),
        },
    }
}

/// Every row checked: the good ones, or (when any is bad, or there is none) every bad one.
fn all_or_none<T>(
    checked: Vec<(usize, Result<T, RowProblem>)>,
    header: &'static str,
) -> Result<Vec<T>> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (line, row) in checked {
        match row {
            Ok(row) => good.push(row),
            Err(problem) => bad.push(BadRow { line, problem }),
        }
    }
    if good.is_empty() && bad.is_empty() {
        bad.push(BadRow {
            line: 1,
            problem: RowProblem::NoRows(header),
        });
    }
    if bad.is_empty() {
        Ok(good)
    } else {
        Err(Error::InvalidRows(bad))
    }
}

#[derive(Debug, Deserialize)]
struct CompanyLine {
    class: String,
    company: String,
    #[serde(default)]
    organisation_number: Option<String>,
}

/// An organisation number as written (spaces dropped), or none when the cell is empty.
fn organisation_number(given: Option<&str>) -> Result<Option<String>, RowProblem> {
    let number: String = given
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if number.is_empty() {
        return Ok(None);
    }
    text("organisation_number", &number, 20)?;
    Ok(Some(number))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CompaniesImported {
    pub classes_created: usize,
    pub companies_created: usize,
}

/// Checks `class,company[,organisation_number]` rows against the campaign's companies (`existing` names): a
/// company already in the campaign (or twice in the file) is an error.
pub fn company_rows(
    csv_text: &str,
    existing: &[(String, String)],
    existing_numbers: &[String],
) -> Result<Vec<CompanyRow>> {
    // Look-alikes are one company: "Hertz", "HERTZ" and a full-width "Ｈｅｒｔｚ" (names.rs).
    let mut seen: HashSet<String> = existing
        .iter()
        .map(|(n, _)| names::look_alike_key(n))
        .collect();
    let mut numbers: HashSet<String> = existing_numbers.iter().cloned().collect();
    // Every problem of a row is named (a row can have an empty class and a taken company at once), each
    // as its own bad row of the same line, so the preview marks each bad cell.
    let mut checked = vec![];
    for (line, row) in rows::<CompanyLine>(csv_text) {
        let row = match row {
            Ok(row) => row,
            Err(problem) => {
                checked.push((line, Err(problem)));
                continue;
            }
        };
        let (class, company) = (
            names::normalised(&row.class),
            names::normalised(&row.company),
        );
        let mut problems = vec![];
        problems.extend(text("class", &class, 100).err());
        let company_ok = text("company", &company, 100);
        let company_checked = company_ok.is_ok();
        problems.extend(company_ok.err());
        if company_checked && !seen.insert(names::look_alike_key(&company)) {
            problems.push(RowProblem::CompanyTaken(company.clone()));
        }
        let organisation_number = match organisation_number(row.organisation_number.as_deref()) {
            Ok(number) => number,
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        if let Some(number) = &organisation_number {
            if !numbers.insert(number.clone()) {
                problems.push(RowProblem::OrganisationNumberTaken(number.clone()));
            }
        }
        if problems.is_empty() {
            checked.push((
                line,
                Ok(CompanyRow {
                    class,
                    company,
                    organisation_number,
                }),
            ));
        } else {
            checked.extend(problems.into_iter().map(|p| (line, Err(p))));
        }
    }
    all_or_none(checked, COMPANIES_HEADER)
}

/// One company from a form: the same rules as a one-row file.
pub fn company_row(
    class: &str,
    company: &str,
    number: Option<&str>,
    existing: &[(String, String)],
    existing_numbers: &[String],
) -> Result<Vec<CompanyRow>> {
    let checked = (|| {
        let (class, company) = (names::normalised(class), names::normalised(company));
        text("class", &class, 100)?;
        text("company", &company, 100)?;
        let organisation_number = organisation_number(number)?;
        if let Some(number) = &organisation_number {
            if existing_numbers.contains(number) {
                return Err(RowProblem::OrganisationNumberTaken(number.clone()));
            }
        }
        let key = names::look_alike_key(&company);
        if existing
            .iter()
            .any(|(name, _)| names::look_alike_key(name) == key)
        {
            return Err(RowProblem::CompanyTaken(company));
        }
        Ok(CompanyRow {
            class,
            company,
            organisation_number,
        })
    })();
    all_or_none(vec![(2, checked)], COMPANIES_HEADER)
}

/// One assignment, as a CSV row or a JSON body.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
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

/// The companies (of one campaign) and shoppers an assignment may name, and the campaign whose window bounds
/// the assignments' windows.
pub struct Lookups {
    companies: HashMap<String, String>,
    shoppers: Vec<(String, String)>,
    campaign: Option<Campaign>,
}

impl Lookups {
    pub async fn load(store: &Store, campaign_id: &str) -> Result<Self> {
        Ok(Self {
            campaign: store.campaign(campaign_id).await?,
            companies: store
                .companies(campaign_id)
                .await?
                .into_iter()
                .map(|(n, id)| (n.to_lowercase(), id))
                .collect(),
            shoppers: store.shopper_names().await?,
        })
    }

    /// Checks one assignment and finds the ids it names: the first problem, if any.
    pub fn resolve(&self, row: &NewAssignment) -> Result<ResolvedAssignment, RowProblem> {
        self.resolve_all(row)
            .map_err(|mut problems| problems.remove(0))
    }

    /// Checks one assignment and finds the ids it names, with every problem it has (one per field at most).
    /// Dates may be `dd.mm.yyyy`; a contact may be an e-mail address or a Norwegian number
    /// (`imports::contact_link`).
    pub fn resolve_all(&self, row: &NewAssignment) -> Result<ResolvedAssignment, Vec<RowProblem>> {
        let mut problems = vec![];
        let company_id = self.companies.get(&row.company.to_lowercase()).cloned();
        if company_id.is_none() {
            problems.push(RowProblem::NoCompany(row.company.clone()));
        }
        let channel = Channel::parse(&row.channel.to_lowercase());
        if channel.is_none() {
            problems.push(RowProblem::UnknownChannel(row.channel.clone()));
        }
        let by_id = self.shoppers.iter().find(|(id, _)| id == &row.shopper);
        let by_name: Vec<_> = self
            .shoppers
            .iter()
            .filter(|(_, name)| name.eq_ignore_ascii_case(&row.shopper))
            .collect();
        let shopper_id = match (by_id, by_name.as_slice()) {
            (Some((id, _)), _) | (None, [(id, _)]) => Some(id.clone()),
            (None, []) => {
                problems.push(RowProblem::NoShopper(row.shopper.clone()));
                None
            }
            (None, _) => {
                problems.push(RowProblem::AmbiguousShopper(row.shopper.clone()));
                None
            }
        };
        if let Err(problem) = text("scenario", &row.scenario, 2000) {
            problems.push(problem);
        }
        let contact = crate::imports::contact_link(&row.contact);
        match text("contact", &contact, 500) {
            Err(problem) => problems.push(problem),
            Ok(()) if !names::safe_contact_link(&contact) => {
                problems.push(RowProblem::UnsafeContact(row.contact.clone()))
            }
            Ok(()) => {}
        }
        let mut date = |field: &'static str, value: &str| {
            let iso = crate::imports::iso_date(value);
            match shopper_domain::validation::as_date_time(&iso) {
                Some(at) => Some((iso, at)),
                None => {
                    problems.push(RowProblem::NotADate {
                        field,
                        given: value.to_owned(),
                    });
                    None
                }
            }
        };
        let start = date("window_start", &row.window_start);
        let end = date("window_end", &row.window_end);
        let due = date("due", &row.due);
        if let (Some((_, start)), Some((_, end))) = (&start, &end) {
            if start > end {
                problems.push(RowProblem::WindowReversed);
            }
        }
        if let (Some(campaign), Some((start, _)), Some((end, _))) = (&self.campaign, &start, &end) {
            if let Err(problem) = crate::plan::assignment_window(campaign, start, end, None, None) {
                problems.push(RowProblem::Window(problem));
            }
        }
        match (company_id, channel, shopper_id, start, end, due) {
            (
                Some(company_id),
                Some(channel),
                Some(shopper_id),
                Some(start),
                Some(end),
                Some(due),
            ) if problems.is_empty() => Ok(ResolvedAssignment {
                company_id,
                shopper_id,
                channel,
                scenario: row.scenario.clone(),
                contact,
                window_start: start.0,
                window_end: end.0,
                due: due.0,
            }),
            _ => Err(problems),
        }
    }

    /// The preview of an assignments file: every row with every problem in its cell.
    pub fn preview_assignments(&self, csv_text: &str) -> crate::imports::Preview {
        let text = crate::imports::tidy_csv(csv_text);
        crate::imports::preview(&text, |header, cells| {
            let cell = |name: &str| {
                header
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| cells.get(i))
                    .cloned()
            };
            let mut missing = vec![];
            let mut field = |name: &'static str| {
                cell(name).unwrap_or_else(|| {
                    missing.push(RowProblem::Unreadable(format!("missing field `{name}`")));
                    String::new()
                })
            };
            let row = NewAssignment {
                company: field("company"),
                channel: field("channel"),
                scenario: field("scenario"),
                shopper: field("shopper"),
                contact: field("contact"),
                window_start: field("window_start"),
                window_end: field("window_end"),
                due: field("due"),
            };
            if !missing.is_empty() {
                return missing;
            }
            self.resolve_all(&row).err().unwrap_or_default()
        })
    }

    /// Assignments from CSV with the columns of [`NewAssignment`]: all rows, or every bad one.
    pub fn assignment_rows(&self, csv_text: &str) -> Result<Vec<ResolvedAssignment>> {
        let checked = rows::<NewAssignment>(csv_text)
            .into_iter()
            .map(|(line, row)| (line, row.and_then(|row| self.resolve(&row))))
            .collect();
        all_or_none(checked, ASSIGNMENTS_HEADER)
    }
}

/// The previous wave's evaluations of an organisation, as this wave's company `company_id` sees them: counted
/// as that company's, and each performance under the id it has in this wave's `questionnaire` (a question that
/// names a `previous_id` takes the figures of that id; the others keep their own).
pub fn as_this_wave(
    previous: Vec<shopper_domain::results::ScoredEvaluation>,
    questionnaire: &Questionnaire,
    company_id: &str,
) -> Vec<shopper_domain::results::ScoredEvaluation> {
    let renamed: HashMap<&str, &str> = questionnaire
        .questions()
        .filter_map(|q| Some((q.previous_id.as_deref()?, q.id.as_str())))
        .collect();
    previous
        .into_iter()
        .map(|mut evaluation| {
            evaluation.company_id = company_id.to_owned();
            for question in &mut evaluation.questions {
                if let Some(now) = renamed.get(question.question_id.as_str()) {
                    question.question_id = (*now).to_owned();
                } else if questionnaire
                    .question(&question.question_id)
                    .is_some_and(|q| q.previous_id.is_some())
                {
                    // This id is another question's now; its own figure is of its previous id.
                    question.question_id.clear();
                }
            }
            evaluation
        })
        .collect()
}

/// Reads and checks a questionnaire definition file off the async workers (on the blocking pool): a large
/// broken file takes its time without stalling anyone else's requests.
pub async fn read_definition(
    source: String,
    format: shopper_domain::definition::Format,
) -> Result<Questionnaire> {
    tokio::task::spawn_blocking(move || shopper_domain::definition::parse(&source, format))
        .await
        .map_err(|e| Error::Internal(format!("reading the definition stopped: {e}")))?
        .map_err(Error::InvalidDefinition)
}

/// The questionnaire the campaign's new assignments are evaluated with: the newest version of the campaign's
/// questionnaire, else of the latest changed one.
pub async fn current_questionnaire(store: &Store, campaign: &Campaign) -> Result<(String, u32)> {
    if let Some(id) = &campaign.questionnaire_id {
        if let Some(version) = store.newest_version(id).await? {
            return Ok((id.clone(), version));
        }
    }
    store
        .current_questionnaire()
        .await?
        .ok_or(Error::Refused(Reason::NoQuestionnaireYet))
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

/// What a spreadsheet would start a formula with (OWASP's CSV injection list: `=`, `+`, `-`, `@`, tab, CR).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as the exports write it: one that a spreadsheet would take as a formula (`=HYPERLINK(...)`, `+1`,
/// `@SUM`) gets a leading `'`, so it is shown as the text it is, as OWASP's CSV injection guidance says (the
/// writer quotes a cell that holds a quote, comma or line break). A number (`-3`) is left as it is. So that [`original_cell`]
/// can always undo it, a cell that already starts with `'` and then one of those characters (or another `'`)
/// gets one more.
pub fn spreadsheet_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = cell.chars();
    let risky = match chars.next() {
        Some(c) if FORMULA_STARTS.contains(&c) => cell.trim().parse::<f64>().is_err(),
        Some('\'') => chars
            .next()
            .is_some_and(|c| c == '\'' || FORMULA_STARTS.contains(&c)),
        _ => false,
    };
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The text a cell of an export was made from: the inverse of [`spreadsheet_cell`], for a program that reads
/// the files back.
pub fn original_cell(cell: &str) -> &str {
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some('\''), Some(c)) if c == '\'' || FORMULA_STARTS.contains(&c) => &cell[1..],
        _ => cell,
    }
}

pub(crate) fn csv_text(records: Vec<Vec<String>>) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        let record: Vec<_> = record.iter().map(|cell| spreadsheet_cell(cell)).collect();
        writer
            .write_record(record.iter().map(|cell| cell.as_bytes()))
            .map_err(|e| Error::Internal(e.to_string()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}

/// The campaign's evaluations, one row each (or one row per kept revision, `all_revisions`): who, what, status
/// and percent, then one column per question (of every stored questionnaire version, in questionnaire order).
pub async fn evaluations_csv(
    store: &Store,
    campaign_id: &str,
    all_revisions: bool,
) -> Result<String> {
    let mut columns: Vec<String> = Vec::new();
    let mut by_version: HashMap<(String, u32), Questionnaire> = HashMap::new();
    for questionnaire in store.all_questionnaires().await? {
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
    let rows = store.export_revisions(campaign_id, all_revisions).await?;
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
    for row in rows {
        let content: EvaluationContent = serde_json::from_str(&row.content)?;
        let percent = by_version
            .get(&(
                content.questionnaire_id.clone(),
                content.questionnaire_version,
            ))
            .and_then(|q| contact_score(q, &content).0.total)
            .map_or(String::new(), |p| format!("{p:.1}"));
        let mut record = vec![
            row.id,
            row.revision.to_string(),
            row.status,
            row.class,
            row.company,
            content.channel.as_str().to_owned(),
            row.shopper,
            row.received_at,
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

/// Each class's ranking in the campaign as CSV (approved only, ranked by the total): class, rank, tie, company, the score
/// ranked by and its evaluations, then the rank interval, contacts, not reached, the three scores and NPS.
pub async fn scores_csv(store: &Store, campaign_id: &str) -> Result<String> {
    let rankings = rankings::rankings(store, campaign_id, RankingQuery::default()).await?;
    let mut records = vec![[
        "class",
        "rank",
        "tied",
        "company",
        "percent",
        "evaluations",
        "rank_interval",
        "contacts",
        "not_reached",
        "total",
        "answered",
        "agent",
        "nps",
        "nps_n",
    ]
    .map(String::from)
    .to_vec()];
    let one_decimal = |p: Option<f64>| p.map_or(String::new(), |p| format!("{p:.1}"));
    for class in rankings.classes {
        for line in class.ranking {
            let scores = &line.scores;
            records.push(vec![
                class.class.clone(),
                line.rank.map_or(String::new(), |r| r.to_string()),
                if line.tied {
                    "yes".into()
                } else {
                    String::new()
                },
                line.company,
                one_decimal(line.percent),
                line.evaluations.to_string(),
                line.rank_interval.unwrap_or_default(),
                scores.contacts.to_string(),
                scores.not_reached.to_string(),
                one_decimal(scores.total),
                one_decimal(scores.answered),
                one_decimal(scores.agent),
                one_decimal(scores.nps.map(|n| n.score)),
                scores.nps.map_or(String::new(), |n| n.n.to_string()),
            ]);
        }
    }
    csv_text(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_wave_is_counted_as_this_company_under_this_waves_question_ids() {
        use shopper_domain::results::ScoredEvaluation;
        use shopper_domain::scoring::{Points, QuestionScore};
        let mut questionnaire: Questionnaire = crate::demo::questionnaire();
        // This wave: "ventetid" was called "wait" before; "tonefall" was "ordvalg" (which is now a new question).
        let rename = |q: &mut Questionnaire, id: &str, previous: &str| {
            for section in &mut q.sections {
                for question in &mut section.questions {
                    if question.id == id {
                        question.previous_id = Some(previous.to_owned());
                    }
                }
            }
        };
        rename(&mut questionnaire, "ventetid", "wait");
        rename(&mut questionnaire, "tonefall", "ordvalg");
        rename(&mut questionnaire, "ordvalg", "old_words");
        let score = |id: &str, got: u64| QuestionScore {
            question_id: id.to_owned(),
            section_id: "s".into(),
            points: Points {
                earned: got,
                possible: 4,
            },
        };
        let earlier = ScoredEvaluation {
            company_id: "last-years-id".into(),
            channel: Channel::Phone,
            day: "2025-03-01".into(),
            score: Default::default(),
            questions: vec![score("wait", 1), score("ordvalg", 2), score("empati", 3)],
        };
        let now = as_this_wave(vec![earlier], &questionnaire, "this-years-id");
        assert_eq!(now[0].company_id, "this-years-id");
        let ids: Vec<(&str, u64)> = now[0]
            .questions
            .iter()
            .map(|q| (q.question_id.as_str(), q.points.earned))
            .collect();
        assert_eq!(ids, [("ventetid", 1), ("tonefall", 2), ("empati", 3)]);
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_and_read_back_as_written() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"https://evil.example\")",
                "'=HYPERLINK(\"https://evil.example\")",
            ),
            ("+47 123", "'+47 123"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("'=already", "''=already"),
            ("''", "'''"),
            ("-3", "-3"),
            ("-1.5", "-1.5"),
            ("'quoted", "'quoted"),
            ("Kundeservice", "Kundeservice"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_cell(cell), written, "{cell:?}");
            assert_eq!(original_cell(written), cell, "{written:?}");
        }
    }
}
