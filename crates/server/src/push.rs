//! A shopper's device pushing one revision of an evaluation, and what the device downloads. The push reads top
//! to bottom: check the submission against its assignment (a domain rule), then decide on what is held (a
//! domain rule) and make the one conditional write that decision calls for, deciding again if another copy
//! of the same push got in between. Safe to retry any number of times.

use std::sync::Arc;

use shopper_domain::protocol::{AssignmentsResponse, PushReceipt, PushStatus};
use shopper_domain::sync::{check_submission, decide_push, AssignmentFacts, Held, PushDecision};
use shopper_domain::{EvaluationSubmission, Questionnaire};
use uuid::Uuid;

use crate::error::{Error, Reason, Result};
use crate::secrets;
use crate::store::{Inserted, NewEvaluation, ShopperIdentity, Store};

/// Stores revision `submission.revision` of evaluation `evaluation_id` for `shopper`, or says why not.
pub async fn push_evaluation(
    store: &Store,
    shopper: &ShopperIdentity,
    evaluation_id: Uuid,
    submission: &EvaluationSubmission,
) -> Result<PushReceipt> {
    if submission.revision == 0 {
        return Err(Error::Refused(Reason::RevisionZero));
    }
    let content = &submission.content;
    let assignment_id = content.assignment_id.to_string();
    let facts = store.assignment_facts(&assignment_id).await?;
    let questionnaire = match &facts {
        Some((_, id, version, _)) => store.questionnaire(id, *version).await?,
        None => None,
    };
    let assignment = facts
        .as_ref()
        .map(|(shopper_id, id, version, channel)| AssignmentFacts {
            shopper_id,
            questionnaire_id: id,
            questionnaire_version: *version,
            channel: *channel,
        });
    check_submission(&shopper.id, assignment, content, questionnaire.as_deref())
        .map_err(Error::Submission)?;

    let id = evaluation_id.to_string();
    let canonical = content.canonical_json();
    let receipt = |status, received_at| PushReceipt {
        evaluation_id,
        revision: submission.revision,
        status,
        received_at,
    };
    // A concurrent push can change the row between reading and writing; the conditional writes notice and
    // the loop decides again on what is now held. Two rounds always suffice; a third is a safety margin.
    for _ in 0..3 {
        let held = store.held(&id).await?;
        if let Some(held) = &held {
            if held.shopper_id != shopper.id || held.assignment_id != assignment_id {
                return Err(Error::NotFound(Reason::NotYourEvaluation(id)));
            }
        }
        let view = held.as_ref().map(|h| Held {
            revision: h.revision,
            canonical_content: &h.canonical_content,
        });
        let now = secrets::now();
        match decide_push(view, submission.revision, &canonical) {
            PushDecision::Replay => {
                let received_at = held.map(|h| h.received_at).unwrap_or_default();
                return Ok(receipt(PushStatus::Replayed, received_at));
            }
            PushDecision::ConflictingContent => {
                return Err(conflict(
                    Reason::RevisionConflict(submission.revision),
                    submission.revision,
                ))
            }
            PushDecision::Stale { current_revision } => {
                let reason = Reason::StaleRevision {
                    current: current_revision,
                    sent: submission.revision,
                };
                return Err(conflict(reason, current_revision));
            }
            PushDecision::Insert => {
                let new = NewEvaluation {
                    id: &id,
                    assignment_id: &assignment_id,
                    shopper_id: &shopper.id,
                    revision: submission.revision,
                    canonical_content: &canonical,
                    received_at: &now,
                };
                match store.insert_new(&new).await? {
                    Inserted::Stored => return Ok(receipt(PushStatus::Stored, now)),
                    Inserted::LostRace => continue,
                    Inserted::AssignmentTaken => {
                        return Err(Error::Conflict {
                            reason: Reason::AssignmentTaken,
                            current_revision: None,
                        })
                    }
                }
            }
            PushDecision::Update => {
                let held = held.expect("an update replaces a held revision");
                if held.status == shopper_domain::protocol::ReviewStatus::Approved {
                    return Err(conflict(Reason::AlreadyApproved, held.revision));
                }
                let updated = store
                    .update_if_revision(&id, held.revision, submission.revision, &canonical, &now)
                    .await?;
                if updated {
                    return Ok(receipt(PushStatus::Stored, now));
                }
            }
        }
    }
    Err(Error::Conflict {
        reason: Reason::Busy,
        current_revision: None,
    })
}

fn conflict(reason: Reason, current_revision: u32) -> Error {
    Error::Conflict {
        reason,
        current_revision: Some(current_revision),
    }
}

/// Everything `shopper` needs on the device: assignments, each questionnaire version they use, and what the
/// server holds of the shopper's evaluations.
pub async fn assignments_for(
    store: &Store,
    shopper: &ShopperIdentity,
) -> Result<AssignmentsResponse> {
    let assignments = store.assignments_for(&shopper.id).await?;
    let mut questionnaires: Vec<Questionnaire> = Vec::new();
    for assignment in &assignments {
        let (id, version) = (
            &assignment.questionnaire_id,
            assignment.questionnaire_version,
        );
        if questionnaires
            .iter()
            .any(|q| &q.id == id && q.version == version)
        {
            continue;
        }
        let questionnaire = store.questionnaire(id, version).await?.ok_or_else(|| {
            Error::Internal(format!(
                "assignment {} uses missing questionnaire {id} v{version}",
                assignment.id
            ))
        })?;
        questionnaires.push(Arc::unwrap_or_clone(questionnaire));
    }
    Ok(AssignmentsResponse {
        shopper_name: shopper.name.clone(),
        assignments,
        questionnaires,
        evaluations: store.evaluation_statuses(&shopper.id).await?,
    })
}
