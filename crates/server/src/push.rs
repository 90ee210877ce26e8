//! A shopper's device pushing one revision of an evaluation, and what the device downloads. The push reads top
//! to bottom: check the submission against its assignment (a domain rule), then decide on what is held (a
//! domain rule) and make the one conditional write that decision calls for, deciding again if another copy
//! of the same push got in between. Safe to retry any number of times.

use std::sync::Arc;

use shopper_domain::attachment;
use shopper_domain::protocol::{AssignmentsResponse, PushReceipt, PushStatus, ReviewStatus};
use shopper_domain::sync::{check_submission, decide_push, AssignmentFacts, Held, PushDecision};
use shopper_domain::{EvaluationContent, EvaluationSubmission, Questionnaire};
use uuid::Uuid;

use crate::error::{AttachmentProblem, Error, Reason, Result};
use crate::secrets;
use crate::store::{HeldEvaluation, Inserted, NewEvaluation, ShopperIdentity, Store};

/// Stores revision `submission.revision` of evaluation `evaluation_id` for `shopper`, or says why not.
/// The longest notes a pushed evaluation may carry, in characters (the app's notes field stops there too).
pub const MAX_NOTES_CHARS: usize = 10_000;
/// The most stamps (calls, replies, ...) a contact's timeline may have.
pub const MAX_TIMELINE_STAMPS: usize = 500;

pub async fn push_evaluation(
    store: &Store,
    shopper: &ShopperIdentity,
    evaluation_id: Uuid,
    submission: &EvaluationSubmission,
) -> Result<PushReceipt> {
    if submission.revision == 0 {
        return Err(Error::Refused(Reason::RevisionZero));
    }
    // Below the body limit, what every reviewer's page and export carries stays bounded.
    let notes = submission.content.notes.chars().count();
    if notes > MAX_NOTES_CHARS {
        return Err(Error::Refused(Reason::TooLong {
            field: "notes",
            max: MAX_NOTES_CHARS,
        }));
    }
    if submission.content.timeline.len() > MAX_TIMELINE_STAMPS {
        return Err(Error::Refused(Reason::TooLong {
            field: "timeline",
            max: MAX_TIMELINE_STAMPS,
        }));
    }
    check(store, shopper, &submission.content).await?;
    attachment::check_set(&submission.content.attachments)
        .map_err(|r| Error::Attachment(AttachmentProblem::Refused(r)))?;
    let push = Push {
        evaluation_id,
        id: evaluation_id.to_string(),
        assignment_id: submission.content.assignment_id.to_string(),
        shopper_id: &shopper.id,
        revision: submission.revision,
        canonical: submission.content.canonical_json(),
    };
    // A concurrent push can change the row between reading and writing; the conditional writes notice and
    // the loop decides again on what is now held. Two rounds always suffice; a third is a safety margin.
    for _ in 0..3 {
        let held = push.held(store).await?;
        let view = held.as_ref().map(|h| Held {
            revision: h.revision,
            canonical_content: &h.canonical_content,
        });
        let written = match decide_push(view, push.revision, &push.canonical) {
            PushDecision::Replay => {
                let received_at = held.map(|h| h.received_at).unwrap_or_default();
                Some(push.receipt(PushStatus::Replayed, received_at))
            }
            PushDecision::ConflictingContent => {
                return Err(conflict(
                    Reason::RevisionConflict(push.revision),
                    push.revision,
                ))
            }
            PushDecision::Stale { current_revision } => {
                let sent = push.revision;
                let reason = Reason::StaleRevision {
                    current: current_revision,
                    sent,
                };
                return Err(conflict(reason, current_revision));
            }
            PushDecision::Insert => {
                files_held(store, shopper, &submission.content).await?;
                push.insert(store).await?
            }
            PushDecision::Update => {
                files_held(store, shopper, &submission.content).await?;
                push.update(store, held).await?
            }
        };
        if let Some(receipt) = written {
            crate::drafts::forget_received(store, &push.id).await;
            return Ok(receipt);
        }
    }
    Err(Error::Conflict {
        reason: Reason::Busy,
        current_revision: None,
    })
}

/// A revision is stored only when the server holds every file it names whole, uploaded by this shopper
/// (the evaluation is "sent" on the phone only then); otherwise 409 `attachments_missing` with the hashes.
async fn files_held(
    store: &Store,
    shopper: &ShopperIdentity,
    content: &EvaluationContent,
) -> Result<()> {
    let missing = crate::attachments::missing(store, &shopper.id, &content.attachments).await?;
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Attachment(AttachmentProblem::Missing(missing)))
    }
}

/// The submission against its assignment and the questionnaire version the assignment uses (a domain rule).
async fn check(
    store: &Store,
    shopper: &ShopperIdentity,
    content: &EvaluationContent,
) -> Result<()> {
    let facts = store
        .assignment_facts(&content.assignment_id.to_string())
        .await?;
    let questionnaire = match &facts {
        Some(facts) => {
            store
                .questionnaire(&facts.questionnaire_id, facts.questionnaire_version)
                .await?
        }
        None => None,
    };
    let assignment = facts.as_ref().map(|facts| AssignmentFacts {
        shopper_id: &facts.shopper_id,
        questionnaire_id: &facts.questionnaire_id,
        questionnaire_version: facts.questionnaire_version,
        channel: facts.channel,
        outcome_rule: facts.outcome_rule,
    });
    let now_ms = jiff::Timestamp::now().as_millisecond();
    check_submission(
        &shopper.id,
        assignment,
        content,
        questionnaire.as_deref(),
        now_ms,
    )
    .map_err(Error::Submission)
}

/// One push being applied: what it would store, and the conditional writes it is made of.
struct Push<'a> {
    evaluation_id: Uuid,
    id: String,
    assignment_id: String,
    shopper_id: &'a str,
    revision: u32,
    canonical: String,
}

impl Push<'_> {
    fn receipt(&self, status: PushStatus, received_at: String) -> PushReceipt {
        PushReceipt {
            evaluation_id: self.evaluation_id,
            revision: self.revision,
            status,
            received_at,
        }
    }

    /// What is held for this id; another shopper's evaluation, or one for another assignment, is not found.
    async fn held(&self, store: &Store) -> Result<Option<HeldEvaluation>> {
        let held = store.held(&self.id).await?;
        if let Some(held) = &held {
            if held.shopper_id != self.shopper_id || held.assignment_id != self.assignment_id {
                return Err(Error::NotFound(Reason::NotYourEvaluation(self.id.clone())));
            }
        }
        Ok(held)
    }

    /// Stores it as new; `None` when another copy of this push got in first (decide again).
    async fn insert(&self, store: &Store) -> Result<Option<PushReceipt>> {
        let now = secrets::now();
        let new = NewEvaluation {
            id: &self.id,
            assignment_id: &self.assignment_id,
            shopper_id: self.shopper_id,
            revision: self.revision,
            canonical_content: &self.canonical,
            received_at: &now,
        };
        match store.insert_new(&new).await? {
            Inserted::Stored => Ok(Some(self.receipt(PushStatus::Stored, now))),
            Inserted::LostRace => Ok(None),
            Inserted::AssignmentTaken => Err(Error::Conflict {
                reason: Reason::AssignmentTaken,
                current_revision: None,
            }),
        }
    }

    /// Replaces the held revision unless it is approved; `None` when it changed meanwhile (decide again).
    async fn update(
        &self,
        store: &Store,
        held: Option<HeldEvaluation>,
    ) -> Result<Option<PushReceipt>> {
        let Some(held) = held else {
            return Ok(None);
        };
        if held.status == ReviewStatus::Approved {
            return Err(conflict(Reason::AlreadyApproved, held.revision));
        }
        let now = secrets::now();
        let updated = store
            .update_if_revision(
                &self.id,
                self.shopper_id,
                held.revision,
                self.revision,
                &self.canonical,
                &now,
            )
            .await?;
        Ok(updated.then(|| self.receipt(PushStatus::Stored, now)))
    }
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
