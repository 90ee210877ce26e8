//! Results over approved evaluations: each class's ranking (overall or for one channel) with the number of
//! evaluations behind every score, and the leaders at the halfway mark. The rules are `shopper_domain::results`.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use shopper_domain::results::{company_results, leaders_at, rank_class, ScoredEvaluation};
use shopper_domain::{score, Channel, EvaluationContent, Questionnaire};

use crate::error::{Error, Reason, Result};
use crate::store::{ApprovedRow, Store};

#[derive(Debug, Default, Deserialize)]
pub struct RankingQuery {
    /// Rank by one channel's evaluations only.
    pub channel: Option<Channel>,
    /// `YYYY-MM-DD`: also name each class's leader(s) on contacts up to this day.
    pub halfway: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Rankings {
    pub channel: Option<Channel>,
    pub halfway: Option<String>,
    pub classes: Vec<ClassRanking>,
}

#[derive(Debug, Serialize)]
pub struct ClassRanking {
    pub class: String,
    pub ranking: Vec<RankedCompany>,
    pub halfway_leaders: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RankedCompany {
    pub company_id: String,
    pub company: String,
    pub rank: Option<u32>,
    pub tied: bool,
    /// Mean percent, rounded to one decimal as shown.
    pub percent: Option<f64>,
    pub evaluations: usize,
}

/// The day of a contact: its first stamp, else the day it was received (UTC).
fn contact_day(content: &EvaluationContent, received_at: &str) -> String {
    content
        .timeline
        .iter()
        .map(|stamp| stamp.at_ms)
        .min()
        .and_then(|ms| {
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
        })
        .map(|at| crate::secrets::timestamp(at)[..10].to_owned())
        .unwrap_or_else(|| received_at.get(..10).unwrap_or_default().to_owned())
}

/// Every approved evaluation of the campaign, scored (only `channel`'s when given), with the questionnaire
/// versions they use.
pub async fn approved(
    store: &Store,
    campaign_id: &str,
    channel: Option<Channel>,
) -> Result<(Vec<ScoredEvaluation>, Vec<Arc<Questionnaire>>)> {
    let rows = store.approved(campaign_id).await?;
    let mut questionnaires: HashMap<(String, i64), Arc<Questionnaire>> = HashMap::new();
    for row in &rows {
        let key = (row.questionnaire_id.clone(), row.questionnaire_version);
        if let std::collections::hash_map::Entry::Vacant(slot) = questionnaires.entry(key) {
            let version = u32::try_from(row.questionnaire_version).unwrap_or(u32::MAX);
            if let Some(found) = store.questionnaire(&row.questionnaire_id, version).await? {
                slot.insert(found);
            }
        }
    }
    // Parsing and scoring is CPU work (about 20 µs an evaluation): off the async workers, on every core.
    let versions = questionnaires.clone();
    let scored = tokio::task::spawn_blocking(move || score_all(&rows, &versions, channel))
        .await
        .map_err(|e| Error::Internal(format!("scoring stopped: {e}")))??;
    Ok((scored, questionnaires.into_values().collect()))
}

/// Scores `rows` on their questionnaire version, split over the machine's cores.
fn score_all(
    rows: &[ApprovedRow],
    questionnaires: &HashMap<(String, i64), Arc<Questionnaire>>,
    channel: Option<Channel>,
) -> Result<Vec<ScoredEvaluation>> {
    let score_one = |row: &ApprovedRow| -> Result<Option<ScoredEvaluation>> {
        let key = (row.questionnaire_id.clone(), row.questionnaire_version);
        let Some(questionnaire) = questionnaires.get(&key) else {
            return Ok(None);
        };
        let content: EvaluationContent = serde_json::from_str(&row.content)?;
        if channel.is_some_and(|c| c != content.channel) {
            return Ok(None);
        }
        Ok(Some(ScoredEvaluation {
            company_id: row.company_id.clone(),
            channel: content.channel,
            day: contact_day(&content, &row.received_at),
            score: score(questionnaire, &content),
        }))
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = rows.len().div_ceil(cores).max(1);
    let parts: Vec<Result<Vec<Option<ScoredEvaluation>>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = rows
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(score_one).collect()))
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err(Error::Internal("scoring panicked".into())))
            })
            .collect()
    });
    let mut scored = Vec::with_capacity(rows.len());
    for part in parts {
        scored.extend(part?.into_iter().flatten());
    }
    Ok(scored)
}

/// The campaign's rankings.
pub async fn rankings(store: &Store, campaign_id: &str, query: RankingQuery) -> Result<Rankings> {
    if let Some(day) = &query.halfway {
        if !shopper_domain::validation::is_date(day) {
            return Err(Error::Refused(Reason::HalfwayNotADate(day.clone())));
        }
    }
    let companies = store.companies_by_class(campaign_id).await?;
    let (scored, _) = approved(store, campaign_id, query.channel).await?;
    let results = company_results(&scored);
    let names: HashMap<&str, &str> = companies
        .iter()
        .map(|(_, id, name)| (id.as_str(), name.as_str()))
        .collect();
    let mut classes: Vec<ClassRanking> = Vec::new();
    for (class, _, _) in &companies {
        if classes.last().is_some_and(|c| &c.class == class) {
            continue;
        }
        let ids: Vec<String> = companies
            .iter()
            .filter(|(c, ..)| c == class)
            .map(|(_, id, _)| id.clone())
            .collect();
        let ranking = rank_class(&ids, &results, query.channel)
            .into_iter()
            .map(|line| RankedCompany {
                company_id: line.company_id.clone(),
                company: names[line.company_id.as_str()].to_owned(),
                rank: line.rank,
                tied: line.tied,
                percent: line.figure.map(|f| (f.percent * 10.0).round() / 10.0),
                evaluations: line.figure.map_or(0, |f| f.evaluations),
            })
            .collect();
        let halfway_leaders = match &query.halfway {
            Some(day) => leaders_at(day, &ids, &scored)
                .into_iter()
                .map(|line| names[line.company_id.as_str()].to_owned())
                .collect(),
            None => vec![],
        };
        classes.push(ClassRanking {
            class: class.clone(),
            ranking,
            halfway_leaders,
        });
    }
    Ok(Rankings {
        channel: query.channel,
        halfway: query.halfway,
        classes,
    })
}
