//! Results over approved evaluations: each class's ranking by any of the three scores (total, answered only,
//! agent), overall or for one channel, with the areas, NPS, the minimum of contacts to be ranked, a rank
//! interval per company, and the leaders at the halfway mark. Every revision is scored once and stored
//! ([`fill_scores`]); results read the stored scores. The rules are `shopper_domain::results`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use shopper_domain::results::{
    leaders_at, rank_class, results_by, CompanyResult, Figure, Nps, RankRule, ScoreKind,
    ScoredEvaluation, Scores,
};
use shopper_domain::scoring::{contact_score, ContactScore, Points, QuestionScore};
use shopper_domain::{Channel, EvaluationContent, Questionnaire};

use crate::error::{Error, Reason, Result};
use crate::store::{ApprovedScoreRow, ApprovedSet, Store, StoredScore, UnscoredRow};

/// The fewest approved contacts a company needs to be ranked when the campaign is not found.
pub const DEFAULT_MIN_RANKED_CONTACTS: usize = 10;

/// The campaign's minimum of approved contacts to be ranked: the one place it is read.
pub async fn min_ranked_contacts(store: &Store, campaign_id: &str) -> Result<usize> {
    Ok(store
        .campaign(campaign_id)
        .await?
        .map_or(DEFAULT_MIN_RANKED_CONTACTS, |c| {
            usize::try_from(c.min_ranked_contacts).unwrap_or(DEFAULT_MIN_RANKED_CONTACTS)
        }))
}

#[derive(Debug, Default, Deserialize)]
pub struct RankingQuery {
    /// Rank by one channel's evaluations only.
    pub channel: Option<Channel>,
    /// `YYYY-MM-DD`: also name each class's leader(s) on contacts up to this day.
    pub halfway: Option<String>,
    /// The score to rank by: `total` (the default), `answered` or `agent`.
    pub by: Option<ScoreKind>,
    /// The minimum of approved contacts to be ranked, for this view only; the campaign's when left out.
    pub min_contacts: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Rankings {
    pub channel: Option<Channel>,
    pub halfway: Option<String>,
    /// The score ranked by.
    pub by: ScoreKind,
    /// The fewest approved contacts a ranked company has.
    pub min_contacts: usize,
    pub classes: Vec<ClassRanking>,
}

#[derive(Debug, Serialize)]
pub struct ClassRanking {
    pub class: String,
    pub ranking: Vec<RankedCompany>,
    pub halfway_leaders: Vec<String>,
    /// The class's own figures over all its companies' contacts (in the channel, when one is asked for).
    pub scores: ScoreFigures,
}

#[derive(Debug, Serialize)]
pub struct RankedCompany {
    pub company_id: String,
    pub company: String,
    /// `None` when not ranked: no score yet, or fewer approved contacts than the minimum.
    pub rank: Option<u32>,
    pub tied: bool,
    /// Whether the company has enough approved contacts to be ranked.
    pub ranked: bool,
    /// The places within noise, from a seeded bootstrap over the company's contacts: `"1-3"`, or `"2"`.
    pub rank_interval: Option<String>,
    /// The score ranked by, rounded to two decimals (places are decided by hundredths).
    pub percent: Option<f64>,
    /// How many evaluations that score rests on.
    pub evaluations: usize,
    #[serde(flatten)]
    pub scores: ScoreFigures,
}

/// The three scores (rounded to two decimals, as places are decided), the areas (one decimal), NPS and the
/// contacts behind them.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ScoreFigures {
    /// Approved contacts, reached or not.
    pub contacts: usize,
    pub not_reached: usize,
    /// Not reached counts 0.
    pub total: Option<f64>,
    /// Reached contacts only.
    pub answered: Option<f64>,
    /// The agent's own areas ("Kundebehandleren").
    pub agent: Option<f64>,
    pub areas: BTreeMap<String, f64>,
    pub nps: Option<NpsFigure>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct NpsFigure {
    /// % promoters - % detractors, rounded to one decimal.
    pub score: f64,
    pub n: usize,
}

fn shown(figure: Option<Figure>) -> Option<f64> {
    figure.map(|f| (f.percent * 10.0).round() / 10.0)
}

/// A score that decides places, to hundredths.
fn to_hundredths(figure: Option<Figure>) -> Option<f64> {
    figure.map(|f| (f.percent * 100.0).round() / 100.0)
}

impl ScoreFigures {
    pub fn of(scores: &Scores) -> Self {
        ScoreFigures {
            contacts: scores.contacts,
            not_reached: scores.not_reached,
            total: to_hundredths(scores.total),
            answered: to_hundredths(scores.answered),
            agent: to_hundredths(scores.agent),
            areas: scores
                .areas
                .iter()
                .filter_map(|(id, f)| Some((id.clone(), shown(Some(*f))?)))
                .collect(),
            nps: scores.nps.map(|nps: Nps| NpsFigure {
                score: (nps.score * 10.0).round() / 10.0,
                n: nps.n,
            }),
        }
    }
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

/// Scores every revision not scored yet and stores the scores; how many were scored. Run at start-up (the
/// backfill of rows stored before scores were) and before results are read, so a result never rescores.
pub async fn fill_scores(store: &Store) -> Result<usize> {
    let rows = store.unscored().await?;
    if rows.is_empty() {
        return Ok(0);
    }
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
    let scored = tokio::task::spawn_blocking(move || score_all(&rows, &questionnaires))
        .await
        .map_err(|e| Error::Internal(format!("scoring stopped: {e}")))??;
    store.save_scores(&scored).await?;
    Ok(scored.len())
}

/// Scores one revision on its questionnaire version.
fn score_row(row: &UnscoredRow, questionnaire: &Questionnaire) -> Result<StoredScore> {
    let content: EvaluationContent = serde_json::from_str(&row.content)?;
    let (score, points) = contact_score(questionnaire, &content);
    let questions: Vec<(&str, u64, u64)> = points
        .questions
        .iter()
        .map(|q| (q.question_id.as_str(), q.points.earned, q.points.possible))
        .collect();
    Ok(StoredScore {
        evaluation_id: row.evaluation_id.clone(),
        revision: row.revision,
        channel: content.channel.as_str().to_owned(),
        day: contact_day(&content, &row.received_at),
        score: serde_json::to_string(&score)?,
        questions: serde_json::to_string(&questions)?,
    })
}

/// Scores `rows` on their questionnaire version, split over the machine's cores.
fn score_all(
    rows: &[UnscoredRow],
    questionnaires: &HashMap<(String, i64), Arc<Questionnaire>>,
) -> Result<Vec<StoredScore>> {
    let score_one = |row: &UnscoredRow| -> Result<Option<StoredScore>> {
        let key = (row.questionnaire_id.clone(), row.questionnaire_version);
        match questionnaires.get(&key) {
            Some(questionnaire) => score_row(row, questionnaire).map(Some),
            None => Ok(None),
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = rows.len().div_ceil(cores).max(1);
    let parts: Vec<Result<Vec<Option<StoredScore>>>> = std::thread::scope(|scope| {
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

/// A stored row read back; `None` when it has no stored scores.
fn read_row(row: ApprovedScoreRow) -> Result<Option<((String, i64), ScoredEvaluation)>> {
    let (Some(channel), Some(day), Some(score), Some(questions)) =
        (row.channel, row.day, row.score, row.questions)
    else {
        return Ok(None);
    };
    let channel = Channel::parse(&channel)
        .ok_or_else(|| Error::Internal(format!("stored score of channel {channel:?}")))?;
    let score: ContactScore = serde_json::from_str(&score)?;
    let points: Vec<(String, u64, u64)> = serde_json::from_str(&questions)?;
    let questions = points
        .into_iter()
        .map(|(question_id, earned, possible)| QuestionScore {
            question_id,
            section_id: String::new(),
            points: Points { earned, possible },
        })
        .collect();
    let evaluation = ScoredEvaluation {
        company_id: row.company_id,
        channel,
        day,
        score,
        questions,
    };
    Ok(Some(((row.evaluation_id, row.revision), evaluation)))
}

/// Every approved evaluation's stored scores (with the questions' points). While nothing new was approved
/// this is the set read before; otherwise the evaluations approved since are read (and scored first when
/// they have no stored scores yet) and added to it.
pub async fn approved(store: &Store, campaign_id: &str) -> Result<Arc<ApprovedSet>> {
    let (count, newest_review) = store.approved_state().await?;
    let cached = store.cached_approved(campaign_id);
    if let Some(set) = &cached {
        if set.count == count && set.newest_review == newest_review {
            return Ok(Arc::clone(set));
        }
    }
    let base = cached.filter(|set| set.count <= count && set.newest_review <= newest_review);
    // Reviews are stamped before they commit, so one stamped a little earlier may have committed after the
    // last read: read from a minute before it (what was read already is skipped).
    let since = base
        .as_ref()
        .map_or(String::new(), |set| a_minute_before(&set.newest_review));
    let mut rows = store.approved_scores_since(campaign_id, &since).await?;
    if rows.iter().any(|row| row.score.is_none()) {
        fill_scores(store).await?;
        rows = store.approved_scores_since(campaign_id, &since).await?;
    }
    let fresh = tokio::task::spawn_blocking(move || {
        rows.into_iter()
            .filter_map(|row| read_row(row).transpose())
            .collect::<Result<Vec<_>>>()
    })
    .await
    .map_err(|e| Error::Internal(format!("reading scores stopped: {e}")))??;
    let mut set = ApprovedSet {
        count,
        newest_review,
        keys: vec![],
        evaluations: vec![],
    };
    if let Some(base) = &base {
        set.keys.clone_from(&base.keys);
        set.evaluations.clone_from(&base.evaluations);
    }
    let known: std::collections::HashSet<(String, i64)> = set.keys.iter().cloned().collect();
    for (key, evaluation) in fresh {
        if !known.contains(&key) {
            set.keys.push(key);
            set.evaluations.push(evaluation);
        }
    }
    let set = Arc::new(set);
    store.keep_approved(campaign_id, Arc::clone(&set));
    Ok(set)
}

/// The timestamp (`YYYY-MM-DDTHH:MM:SSZ`) a minute before `stamp`; `""` (everything) when it is not one.
fn a_minute_before(stamp: &str) -> String {
    let number = |range: std::ops::Range<usize>| stamp.get(range)?.parse::<u32>().ok();
    let at = (|| {
        let month = time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
        let date = time::Date::from_calendar_date(
            i32::try_from(number(0..4)?).ok()?,
            month,
            u8::try_from(number(8..10)?).ok()?,
        )
        .ok()?;
        let clock = time::Time::from_hms(
            u8::try_from(number(11..13)?).ok()?,
            u8::try_from(number(14..16)?).ok()?,
            u8::try_from(number(17..19)?).ok()?,
        )
        .ok()?;
        Some(time::PrimitiveDateTime::new(date, clock).assume_utc())
    })();
    at.map_or(String::new(), |at| {
        crate::secrets::timestamp(at - time::Duration::minutes(1))
    })
}

/// The stored scores with the questions' points of the campaign's approved evaluations of the companies
/// `class_ids`, and the newest questionnaire version in use (for the performances' labels and order).
pub async fn approved_in_class(
    store: &Store,
    campaign_id: &str,
    class_ids: &[String],
) -> Result<(Vec<ScoredEvaluation>, Option<Arc<Questionnaire>>)> {
    let set = approved(store, campaign_id).await?;
    let scored = set
        .evaluations
        .iter()
        .filter(|e| class_ids.contains(&e.company_id))
        .cloned()
        .collect();
    let questionnaire = questionnaire_in_use(store, campaign_id).await?;
    Ok((scored, questionnaire))
}

/// The newest questionnaire version the campaign's approved evaluations use (the performances' labels and
/// order), if any is approved.
pub async fn questionnaire_in_use(
    store: &Store,
    campaign_id: &str,
) -> Result<Option<Arc<Questionnaire>>> {
    Ok(
        match store.newest_approved_questionnaire(campaign_id).await? {
            Some((id, version)) => {
                let version = u32::try_from(version).unwrap_or(u32::MAX);
                store.questionnaire(&id, version).await?
            }
            None => None,
        },
    )
}

/// A result's figures overall, or for one channel.
pub fn in_scope(result: Option<&CompanyResult>, channel: Option<Channel>) -> Option<&Scores> {
    let result = result?;
    match channel {
        None => Some(&result.overall),
        Some(channel) => result.per_channel.get(&channel),
    }
}

/// Each class's ranking in the campaign by `query`.
pub async fn rankings(store: &Store, campaign_id: &str, query: RankingQuery) -> Result<Rankings> {
    if let Some(day) = &query.halfway {
        if !shopper_domain::validation::is_date(day) {
            return Err(Error::Refused(Reason::HalfwayNotADate(day.clone())));
        }
    }
    let min_contacts = match query.min_contacts {
        Some(min) => min,
        None => min_ranked_contacts(store, campaign_id).await?,
    };
    let by = query.by.unwrap_or_default();
    let rule = RankRule::new(by, query.channel, min_contacts);
    let companies = store.companies_by_class(campaign_id).await?;
    let scored = approved(store, campaign_id).await?;
    let class_of: HashMap<&str, &str> = companies
        .iter()
        .map(|(class, id, _)| (id.as_str(), class.as_str()))
        .collect();
    let names: HashMap<&str, &str> = companies
        .iter()
        .map(|(_, id, name)| (id.as_str(), name.as_str()))
        .collect();
    let mut by_class: HashMap<&str, Vec<&ScoredEvaluation>> = HashMap::new();
    for evaluation in &scored.evaluations {
        if let Some(class) = class_of.get(evaluation.company_id.as_str()) {
            by_class.entry(class).or_default().push(evaluation);
        }
    }
    let empty = Vec::new();
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
        let evaluations = by_class.get(class.as_str()).unwrap_or(&empty);
        let results = results_by(evaluations.iter().copied(), |e| Some(e.company_id.as_str()));
        let in_scope = |result| in_scope(result, query.channel);
        let ranking = rank_class(&ids, evaluations, &rule)
            .into_iter()
            .map(|line| {
                let scores = in_scope(results.get(&line.company_id))
                    .map(ScoreFigures::of)
                    .unwrap_or_default();
                RankedCompany {
                    company: names[line.company_id.as_str()].to_owned(),
                    rank: line.rank,
                    tied: line.tied,
                    ranked: line.figure.is_some() && line.contacts >= min_contacts,
                    rank_interval: line.interval.map(|(low, high)| {
                        if low == high {
                            low.to_string()
                        } else {
                            format!("{low}-{high}")
                        }
                    }),
                    percent: to_hundredths(line.figure),
                    evaluations: line.figure.map_or(0, |f| f.evaluations),
                    company_id: line.company_id,
                    scores,
                }
            })
            .collect();
        let halfway_leaders = match &query.halfway {
            Some(day) => leaders_at(day, &ids, evaluations, &rule)
                .into_iter()
                .map(|line| names[line.company_id.as_str()].to_owned())
                .collect(),
            None => vec![],
        };
        let whole = results_by(evaluations.iter().copied(), |_| Some(""));
        let scores = in_scope(whole.get(""))
            .map(ScoreFigures::of)
            .unwrap_or_default();
        classes.push(ClassRanking {
            class: class.clone(),
            ranking,
            halfway_leaders,
            scores,
        });
    }
    Ok(Rankings {
        channel: query.channel,
        halfway: query.halfway,
        by,
        min_contacts,
        classes,
    })
}

#[cfg(test)]
mod tests {
    use super::a_minute_before;

    #[test]
    fn a_minute_before_a_review_stamp_crosses_hours_and_days() {
        assert_eq!(
            a_minute_before("2026-03-01T00:00:30Z"),
            "2026-02-28T23:59:30Z"
        );
        assert_eq!(
            a_minute_before("2026-12-01T13:24:54Z"),
            "2026-12-01T13:23:54Z"
        );
        assert_eq!(a_minute_before(""), "");
        assert_eq!(a_minute_before("soon"), "");
    }
}
