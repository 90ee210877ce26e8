//! The review queue: every received evaluation with its shopper, company and score; an evaluation's kept
//! revisions and what changed from one to the next.

use std::collections::HashMap;
use std::sync::Arc;

use shopper_domain::protocol::ReceivedEvaluation;
use shopper_domain::{score, Answer, Answers, EvaluationContent, Questionnaire};
use uuid::Uuid;

use crate::error::Result;
use crate::store::{RevisionRow, Store};

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
