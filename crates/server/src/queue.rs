//! The review queue: every received evaluation with its shopper, company and score; the work mode's pages
//! (filtered and sorted by the database, with counts per status, next and previous) over the stored score and
//! flags of each current revision; an evaluation's kept revisions and what changed from one to the next.

use std::collections::HashMap;
use std::sync::Arc;

use shopper_domain::protocol::{ReceivedEvaluation, ReviewStatus};
use shopper_domain::{score, Answer, Answers, Channel, EvaluationContent, Questionnaire};
use uuid::Uuid;

use crate::error::Result;
use crate::flags::{self, Flag, ShopperTexts, Subject};
use crate::store::{NewFacts, QueueQuery, QueueRow, QueueSort, RevisionRow, Store};

/// The queue's filter as it stands in a URL (the console's and the API's query string alike). Absent fields are "any", except the status: absent is the
/// work mode's "to review", empty is "all".
#[derive(serde::Deserialize, serde::Serialize, Default, Clone, Debug)]
pub struct Filter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub class: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub shopper: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub min: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub max: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub flagged: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub flag: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub sort: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub page: Option<String>,
    /// The console's notices after a bulk approval: how many were approved and skipped (shown once, not
    /// carried on).
    #[serde(skip_serializing)]
    pub approved: Option<String>,
    #[serde(skip_serializing)]
    pub skipped: Option<String>,
    /// The console's notice after a decision: the evaluation just decided (shown once, not carried on).
    #[serde(skip_serializing)]
    pub decided: Option<String>,
}

fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

/// A filter field's value without surrounding blanks; none when empty.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filter {
    /// The filter as a query string (without `?`).
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    /// The same filter on another page, or with the page left out (`None`).
    pub fn on_page(&self, page: Option<i64>) -> Filter {
        Filter {
            page: page.filter(|p| *p > 0).map(|p| p.to_string()),
            ..self.clone()
        }
    }

    /// The filter read back from a query string (the review form's `back` field); the default when unreadable.
    pub fn parse(text: &str) -> Filter {
        serde_urlencoded::from_str(text).unwrap_or_default()
    }

    pub fn status(&self) -> Option<ReviewStatus> {
        match self.status.as_deref() {
            None => Some(ReviewStatus::Received),
            Some(s) => ReviewStatus::ALL.into_iter().find(|x| x.as_str() == s),
        }
    }

    pub fn page_number(&self) -> i64 {
        given(&self.page)
            .and_then(|p| p.parse::<i64>().ok())
            .map_or(0, |p| p.clamp(0, 1_000_000))
    }

    /// The database's query for campaign `campaign_id`, and every part that could not be read (left out of
    /// the query: the console says so above the table, the API refuses the request).
    pub fn query(&self, campaign_id: &str) -> (QueueQuery, Vec<FilterProblem>) {
        let mut problems = vec![];
        let mut number = |text: &Option<String>, lowest: bool| {
            let text = given(text)?;
            match text.replace(',', ".").parse::<f64>() {
                Ok(n) if (0.0..=100.0).contains(&n) => Some(n),
                _ => {
                    problems.push(FilterProblem::Score {
                        lowest,
                        given: text.to_owned(),
                    });
                    None
                }
            }
        };
        let min_percent = number(&self.min, true);
        let max_percent = number(&self.max, false);
        let mut day = |text: &Option<String>, after: bool| {
            let text = given(text)?;
            let at = crate::progress::oslo_midnight_utc(text, after);
            if at.is_none() {
                problems.push(FilterProblem::Day {
                    from: !after,
                    given: text.to_owned(),
                });
            }
            at
        };
        let received_from = day(&self.from, false);
        let received_before = day(&self.to, true);
        // An id with a NUL character cannot be one (and PostgreSQL refuses it in text).
        let mut id = |field: &'static str, value: &Option<String>| {
            let text = given(value)?;
            if text.contains('\0') {
                problems.push(FilterProblem::Choice {
                    field,
                    given: text.replace('\0', "\\0"),
                });
                return None;
            }
            Some(text.to_owned())
        };
        let (class_id, company_id, shopper_id) = (
            id("class", &self.class),
            id("company", &self.company),
            id("shopper", &self.shopper),
        );
        let query = QueueQuery {
            campaign_id: campaign_id.to_owned(),
            status: self.status().map(|s| s.as_str().to_owned()),
            class_id,
            company_id,
            shopper_id,
            channel: given(&self.channel)
                .and_then(Channel::parse)
                .map(|c| c.as_str().to_owned()),
            received_from,
            received_before,
            min_percent,
            max_percent,
            flagged: match given(&self.flagged) {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            flag_code: given(&self.flag)
                .filter(|code| Flag::CODES.contains(code))
                .map(str::to_owned),
            sort: given(&self.sort)
                .and_then(QueueSort::parse)
                .unwrap_or_default(),
        };
        (query, problems)
    }

    /// The parts a program may not leave unread: a status, channel, flag, kind of flag or sort the queue
    /// does not know (the console's lists only offer known ones, so it never sends them).
    pub fn unknown_choices(&self) -> Vec<FilterProblem> {
        let mut problems = vec![];
        let mut check = |field: &'static str, value: &Option<String>, known: bool| {
            if let Some(text) = given(value).filter(|_| !known) {
                problems.push(FilterProblem::Choice {
                    field,
                    given: text.to_owned(),
                });
            }
        };
        check("status", &self.status, self.status().is_some());
        check(
            "channel",
            &self.channel,
            given(&self.channel).is_some_and(|c| Channel::parse(c).is_some()),
        );
        check(
            "flagged",
            &self.flagged,
            matches!(given(&self.flagged), Some("yes" | "no")),
        );
        check(
            "flag",
            &self.flag,
            given(&self.flag).is_some_and(|c| Flag::CODES.contains(&c)),
        );
        check(
            "sort",
            &self.sort,
            given(&self.sort).is_some_and(|s| QueueSort::parse(s).is_some()),
        );
        check(
            "page",
            &self.page,
            given(&self.page).is_some_and(|p| p.parse::<u32>().is_ok()),
        );
        problems
    }
}

/// A part of the queue's filter that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterProblem {
    /// The lowest (or highest) score is not a number from 0 to 100.
    Score { lowest: bool, given: String },
    /// The first (or last) day received is not a date.
    Day { from: bool, given: String },
    /// A choice the queue does not know (status, channel, flag, sort, page).
    Choice { field: &'static str, given: String },
}

impl FilterProblem {
    /// The refusal an API client gets.
    pub fn reason(&self) -> crate::error::Reason {
        let (field, given) = match self {
            FilterProblem::Score { lowest, given } => (if *lowest { "min" } else { "max" }, given),
            FilterProblem::Day { from, given } => (if *from { "from" } else { "to" }, given),
            FilterProblem::Choice { field, given } => (*field, given),
        };
        crate::error::Reason::BadFilter {
            field,
            given: given.clone(),
        }
    }
}

/// Rows on one page of the queue.
pub const PAGE_SIZE: i64 = 50;

/// One page of the queue, with the counts per status the other filters leave.
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    /// (status, count), for every status that has any.
    pub counts: Vec<(String, i64)>,
    /// How many rows the whole filter gives (all pages).
    pub total: i64,
}

/// How many evaluations of one status the filter gives.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StatusCount {
    pub status: String,
    pub count: i64,
}

/// One evaluation on a page of the queue, as the API lists it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct QueueEntry {
    pub id: String,
    /// The current revision: the one a decision (one or in bulk) names.
    pub revision: i64,
    pub shopper_name: String,
    pub company: String,
    pub class: String,
    pub channel: String,
    pub received_at: String,
    pub status: String,
    pub percent: Option<f64>,
    /// The codes of the flags a reviewer should look at (empty: none).
    pub flags: Vec<String>,
}

impl From<QueueRow> for QueueEntry {
    fn from(row: QueueRow) -> QueueEntry {
        QueueEntry {
            flags: row
                .flag_codes
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            id: row.id,
            revision: row.revision,
            shopper_name: row.shopper_name,
            company: row.company,
            class: row.class,
            channel: row.channel,
            received_at: row.received_at,
            status: row.status,
            percent: row.percent,
        }
    }
}

/// A page of the queue as the API answers it: the same filter and sorting as the console's.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct QueueSheet {
    pub campaign_id: String,
    /// From 0.
    pub page: i64,
    pub page_size: i64,
    pub pages: i64,
    /// How many evaluations the whole filter gives (all pages).
    pub total: i64,
    /// Per status, what the other parts of the filter give (the console's tabs).
    pub counts: Vec<StatusCount>,
    pub evaluations: Vec<QueueEntry>,
    /// What the filter's parts take in this campaign (the console's lists), so a program need not guess ids.
    pub choices: QueueChoices,
}

/// The values the queue's filter takes: `class`, `company` and `shopper` by id (with their names), and the
/// codes of `flag`; `status`, `channel`, `flagged` and `sort` take the fixed words the API document lists.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct QueueChoices {
    pub classes: Vec<Named>,
    pub companies: Vec<Named>,
    /// The shoppers with assignments.
    pub shoppers: Vec<Named>,
    pub flags: Vec<String>,
}

/// An id and the name it is shown by.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// The page of the queue `filter` asks for in campaign `campaign_id`, for a program: a part of the filter
/// that cannot be read is refused (400 `bad_filter`) instead of left out.
pub async fn sheet(store: &Store, campaign_id: &str, filter: &Filter) -> Result<QueueSheet> {
    let (query, mut problems) = filter.query(campaign_id);
    problems.extend(filter.unknown_choices());
    if let Some(problem) = problems.first() {
        return Err(crate::error::Error::Refused(problem.reason()));
    }
    let number = filter.page_number();
    let found = page(store, &query, number).await?;
    let (classes, companies, shoppers) = store.queue_choices(campaign_id).await?;
    let named = |list: Vec<(String, String)>| {
        list.into_iter()
            .map(|(id, name)| Named { id, name })
            .collect()
    };
    Ok(QueueSheet {
        campaign_id: campaign_id.to_owned(),
        page: number,
        page_size: PAGE_SIZE,
        pages: (found.total + PAGE_SIZE - 1) / PAGE_SIZE,
        total: found.total,
        counts: found
            .counts
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect(),
        evaluations: found.rows.into_iter().map(QueueEntry::from).collect(),
        choices: QueueChoices {
            classes: named(classes),
            companies: named(companies),
            shoppers: named(shoppers),
            flags: Flag::CODES.iter().map(|code| (*code).to_owned()).collect(),
        },
    })
}

/// Page `page` (from 0) of the queue `query` gives. Facts of revisions not seen yet are computed first.
pub async fn page(store: &Store, query: &QueueQuery, page: i64) -> Result<QueuePage> {
    fill_facts(store).await?;
    let counts = store.queue_counts(query).await?;
    let total = counts
        .iter()
        .filter(|(status, _)| query.status.as_ref().is_none_or(|s| s == status))
        .map(|(_, n)| n)
        .sum();
    let rows = store
        .queue_page(query, page.max(0) * PAGE_SIZE, PAGE_SIZE)
        .await?;
    Ok(QueuePage {
        rows,
        counts,
        total,
    })
}

/// The evaluations before and after `id` in the queue `query` gives. When `id` is no longer in it (just
/// decided, it left the filter), `after` is where it was: the evaluation that took its place.
pub async fn neighbours(
    store: &Store,
    query: &QueueQuery,
    id: Uuid,
    was_at: Option<usize>,
) -> Result<(Option<String>, Option<String>, Option<usize>)> {
    let ids = store.queue_ids(query).await?;
    let id = id.to_string();
    Ok(match ids.iter().position(|x| *x == id) {
        Some(at) => (
            at.checked_sub(1).map(|i| ids[i].clone()),
            ids.get(at + 1).cloned(),
            Some(at),
        ),
        None => {
            let at = was_at.unwrap_or(0).min(ids.len());
            (
                at.checked_sub(1).map(|i| ids[i].clone()),
                ids.get(at).cloned(),
                None,
            )
        }
    })
}

/// The flags of evaluation `id`'s current revision (computed first when not yet).
pub async fn flags_of(store: &Store, id: Uuid) -> Result<Vec<Flag>> {
    fill_facts(store).await?;
    match store.stored_flags(&id.to_string()).await? {
        Some(text) => Ok(serde_json::from_str(&text)?),
        None => Ok(vec![]),
    }
}

/// Computes and stores the score and flags of every current revision that has none, for all of each such
/// revision's shopper's evaluations (a reused text is found across them). Returns how many were stored.
pub async fn fill_facts(store: &Store) -> Result<usize> {
    let state = store.evaluations_state().await?;
    if store.facts_complete_at(&state) {
        return Ok(0);
    }
    let mut stored = 0;
    for shopper_id in store.shoppers_without_facts().await? {
        let rows = store.shopper_evaluations(&shopper_id).await?;
        let mut read = Vec::with_capacity(rows.len());
        for row in rows {
            let content: EvaluationContent = serde_json::from_str(&row.content)?;
            let questionnaire = store
                .questionnaire(&content.questionnaire_id, content.questionnaire_version)
                .await?;
            let id = Uuid::parse_str(&row.id).map_err(|e| unreadable(e.to_string()))?;
            read.push((row, id, content, questionnaire));
        }
        let mut texts = ShopperTexts::default();
        for (row, id, content, questionnaire) in &read {
            if let Some(questionnaire) = questionnaire {
                texts.add(*id, &row.company, content, questionnaire);
            }
        }
        let mut computed = Vec::with_capacity(read.len());
        for (row, _, content, questionnaire) in &read {
            let (percent, mut found) = match questionnaire {
                Some(questionnaire) => (
                    score(questionnaire, content).percent(),
                    flags::flags(&Subject {
                        content,
                        questionnaire,
                        shopper_texts: &texts,
                    }),
                ),
                None => (None, vec![]),
            };
            found.extend(
                crate::plan::evaluation_flags(store, &row.id)
                    .await?
                    .into_iter()
                    .map(Flag::from_timing),
            );
            computed.push((
                row,
                percent,
                flags::stored_codes(&found),
                serde_json::to_string(&found)?,
                found.len(),
            ));
        }
        let mut tx = store.begin_write().await?;
        for (row, percent, codes, text, count) in &computed {
            tx.put_facts(&NewFacts {
                evaluation_id: &row.id,
                revision: row.revision,
                shopper_id: &shopper_id,
                percent: *percent,
                flag_count: *count as i64,
                flag_codes: codes,
                flags: text,
            })
            .await?;
        }
        tx.commit().await?;
        stored += computed.len();
    }
    // Complete as of `state`: what arrived meanwhile changed the state, so it is looked for next time.
    store.facts_complete(state);
    Ok(stored)
}

/// One answer that differs between two revisions: the question, the answer before and after (none: not
/// answered in that revision).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerChange {
    pub question_id: String,
    pub before: Option<Answer>,
    pub after: Option<Answer>,
}

/// Every answer that differs from `before` to `after`, in the order of `order` (the questionnaire's question
/// ids), then any other question ids in their own order.
pub fn answer_changes(before: &Answers, after: &Answers, order: &[String]) -> Vec<AnswerChange> {
    let mut ids: Vec<&String> = order.iter().collect();
    let mut rest: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|id| !order.contains(id))
        .collect();
    rest.sort();
    rest.dedup();
    ids.extend(rest);
    ids.into_iter()
        .filter_map(|id| {
            let (old, new) = (before.get(id), after.get(id));
            (old != new).then(|| AnswerChange {
                question_id: id.clone(),
                before: old.cloned(),
                after: new.cloned(),
            })
        })
        .collect()
}

/// Every kept revision of evaluation `id`, oldest first: who sent it, when, and the review it got.
pub async fn revisions(store: &Store, id: Uuid) -> Result<Vec<RevisionRow>> {
    store.revisions(id).await
}

/// Every evaluation received (or only `only`; only campaign `campaign_id`'s when given), newest first.
pub async fn received(
    store: &Store,
    only: Option<Uuid>,
    campaign_id: Option<&str>,
) -> Result<Vec<ReceivedEvaluation>> {
    let rows = store.received(only, campaign_id).await?;
    let mut questionnaires: HashMap<(String, u32), Option<Arc<Questionnaire>>> = HashMap::new();
    let mut received = Vec::with_capacity(rows.len());
    for row in rows {
        let content: EvaluationContent = serde_json::from_str(&row.content)?;
        let key = (
            content.questionnaire_id.clone(),
            content.questionnaire_version,
        );
        if !questionnaires.contains_key(&key) {
            let found = store.questionnaire(&key.0, key.1).await?;
            questionnaires.insert(key.clone(), found);
        }
        let percent = questionnaires[&key]
            .as_ref()
            .and_then(|q| score(q, &content).percent());
        received.push(ReceivedEvaluation {
            id: Uuid::parse_str(&row.id).map_err(|e| unreadable(e.to_string()))?,
            revision: u32::try_from(row.revision).map_err(|e| unreadable(e.to_string()))?,
            shopper_name: row.shopper_name,
            company: row.company,
            received_at: row.received_at,
            status: crate::store::parse_status(&row.status)?,
            review: serde_json::from_str(&row.review)?,
            percent,
            content,
        });
    }
    Ok(received)
}

fn unreadable(detail: String) -> crate::error::Error {
    crate::error::Error::Internal(format!("a stored evaluation cannot be read: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(id, answer)| ((*id).to_owned(), answer.clone()))
            .collect()
    }

    #[test]
    fn the_changes_are_every_answer_that_differs_in_questionnaire_order_with_old_and_new() {
        let before = answers(&[
            ("ventetid", Answer::Number(25)),
            ("hilsen", Answer::Bool(true)),
            ("beste", Answer::Text("Rask".into())),
        ]);
        let after = answers(&[
            ("ventetid", Answer::Number(40)),
            ("hilsen", Answer::Bool(true)),
            ("empati", Answer::Bool(false)),
        ]);
        let order = ["hilsen", "empati", "ventetid", "beste"].map(String::from);
        let changes = answer_changes(&before, &after, &order);
        let seen: Vec<(&str, Option<&Answer>, Option<&Answer>)> = changes
            .iter()
            .map(|c| (c.question_id.as_str(), c.before.as_ref(), c.after.as_ref()))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("empati", None, Some(&Answer::Bool(false))),
                (
                    "ventetid",
                    Some(&Answer::Number(25)),
                    Some(&Answer::Number(40))
                ),
                ("beste", Some(&Answer::Text("Rask".into())), None),
            ]
        );
        assert!(answer_changes(&after, &after, &order).is_empty());
    }

    #[test]
    fn a_question_outside_the_questionnaire_still_shows_after_the_known_ones() {
        let before = answers(&[("gammel", Answer::Number(1))]);
        let after = answers(&[("ventetid", Answer::Number(3))]);
        let order = ["ventetid".to_owned()];
        let ids: Vec<String> = answer_changes(&before, &after, &order)
            .into_iter()
            .map(|c| c.question_id)
            .collect();
        assert_eq!(ids, ["ventetid", "gammel"]);
    }
}
