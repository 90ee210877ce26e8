//! The review queue: every received evaluation with its shopper, company and score; the work mode's pages
//! (filtered and sorted by the database, with counts per status, next and previous) over the stored score and
//! flags of each current revision; an evaluation's kept revisions and what changed from one to the next.

use std::collections::HashMap;
use std::sync::Arc;

use shopper_domain::protocol::ReceivedEvaluation;
use shopper_domain::{score, Answer, Answers, EvaluationContent, Questionnaire};
use uuid::Uuid;

use crate::error::Result;
use crate::flags::{self, Flag, ShopperTexts, Subject};
use crate::store::{NewFacts, QueueQuery, QueueRow, RevisionRow, Store};

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
