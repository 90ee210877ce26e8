//! Backups of the shopper's drafts: the device mirrors each draft here while online, so a lost, replaced or
//! wiped phone gets its drafts back at the next sign-in. A backup is readable only by its shopper's devices and
//! lives in its own table, which the review queue, the exports and the results never read. Only the newest
//! backup of an evaluation is kept, and it is deleted when the evaluation is received. Pushing an evaluation is
//! untouched by this: exactly-once stays the push's rule.

use shopper_domain::device::DeviceEvaluation;
use uuid::Uuid;

use crate::error::{Error, Reason, Result};
use crate::store::{ShopperIdentity, Store};

/// Keeps `draft` as the newest backup of evaluation `evaluation_id` (an older one than the one held changes
/// nothing).
pub async fn back_up(
    store: &Store,
    shopper: &ShopperIdentity,
    evaluation_id: Uuid,
    draft: &DeviceEvaluation,
) -> Result<()> {
    if evaluation_id != draft.id {
        return Err(Error::Refused(Reason::DraftIdMismatch));
    }
    let Some(next) = draft.unsent_revision().filter(|_| draft.is_editable()) else {
        return Err(Error::Refused(Reason::NotADraft));
    };
    let assignment = draft.content.assignment_id.to_string();
    let owner = store
        .assignment_facts(&assignment)
        .await?
        .map(|facts| facts.shopper_id);
    if owner.as_deref() != Some(shopper.id.as_str()) {
        return Err(Error::NotFound(Reason::NotYourAssignment(assignment)));
    }
    if let Some((held_id, revision)) = store.received_on_assignment(&assignment).await? {
        if held_id != draft.id.to_string() || revision >= next {
            return Err(Error::Conflict {
                reason: Reason::AlreadyReceived,
                current_revision: Some(revision),
            });
        }
    }
    store.keep_draft_backup(&shopper.id, draft).await
}

/// The backups of `shopper`'s drafts, except any the server has meanwhile received.
pub async fn list(store: &Store, shopper: &ShopperIdentity) -> Result<Vec<DeviceEvaluation>> {
    Ok(store
        .draft_backups(&shopper.id)
        .await?
        .into_iter()
        .filter(|(draft, received)| {
            let next = draft.unsent_revision().unwrap_or(0);
            received.is_none_or(|revision| revision < next)
        })
        .map(|(draft, _)| draft)
        .collect())
}

/// Evaluation `evaluation_id` was received: its backup has done its job. Best effort: the list of backups
/// leaves out received evaluations anyway.
pub async fn forget_received(store: &Store, evaluation_id: &str) {
    if let Err(error) = store.forget_draft_backup(evaluation_id).await {
        tracing::warn!(%error, evaluation = evaluation_id, "the draft backup of a received evaluation was not deleted");
    }
}
