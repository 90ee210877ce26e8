//! The review queue: every received evaluation with its shopper, company and score.

use std::collections::HashMap;
use std::sync::Arc;

use shopper_domain::protocol::ReceivedEvaluation;
use shopper_domain::{score, EvaluationContent, Questionnaire};
use uuid::Uuid;

use crate::error::Result;
use crate::store::Store;

/// Every evaluation received (or only `only`), newest first.
pub async fn received(store: &Store, only: Option<Uuid>) -> Result<Vec<ReceivedEvaluation>> {
    let rows = store.received(only).await?;
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
