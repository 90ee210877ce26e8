//! The organizer's changes, each done and recorded in the audit log in one place, so the JSON API and the
//! console cannot differ in what they change or what they log.

use crate::db::Db;
use shopper_domain::protocol::{
    ImportedQuestionnaire, ReviewDecision, ReviewRequest, ReviewStatus,
};
use shopper_domain::Questionnaire;
use uuid::Uuid;

use crate::accounts::{audit, OrganizerAccount};
use crate::campaign::{self, CompaniesImported, NewAssignment};
use crate::error::ApiError;
use crate::shoppers::{self, Invite, ShopperSummary};
use crate::store;

pub async fn import_questionnaire(
    db: &Db,
    actor: &OrganizerAccount,
    questionnaire: Questionnaire,
) -> Result<ImportedQuestionnaire, ApiError> {
    let imported = store::import_questionnaire(db, questionnaire).await?;
    if imported.created {
        let subject = format!("questionnaire {} v{}", imported.id, imported.version);
        let detail = serde_json::json!({ "questions": imported.questions });
        audit(db, actor, "import_questionnaire", &subject, detail).await?;
    }
    Ok(imported)
}

pub async fn review(
    db: &Db,
    actor: &OrganizerAccount,
    evaluation_id: Uuid,
    request: &ReviewRequest,
) -> Result<ReviewStatus, ApiError> {
    let status = store::review_evaluation(db, evaluation_id, request).await?;
    let action = match request.decision {
        ReviewDecision::Approve => "review_approve",
        ReviewDecision::Return => "review_return",
    };
    let detail = serde_json::json!({ "revision": request.revision, "review": request.review });
    audit(
        db,
        actor,
        action,
        &format!("evaluation {evaluation_id}"),
        detail,
    )
    .await?;
    Ok(status)
}

pub async fn create_shopper(
    db: &Db,
    actor: &OrganizerAccount,
    name: &str,
) -> Result<ShopperSummary, ApiError> {
    let shopper = shoppers::create(db, name).await?;
    let detail = serde_json::json!({ "name": shopper.name });
    audit(
        db,
        actor,
        "create_shopper",
        &format!("shopper {}", shopper.id),
        detail,
    )
    .await?;
    Ok(shopper)
}

pub async fn invite_shopper(
    db: &Db,
    actor: &OrganizerAccount,
    shopper_id: &str,
    public_base: &str,
) -> Result<Invite, ApiError> {
    let invite = shoppers::invite(db, shopper_id, public_base).await?;
    let detail = serde_json::json!({ "expires_at": invite.expires_at });
    audit(
        db,
        actor,
        "invite_shopper",
        &format!("shopper {shopper_id}"),
        detail,
    )
    .await?;
    Ok(invite)
}

pub async fn revoke_shopper(
    db: &Db,
    actor: &OrganizerAccount,
    shopper_id: &str,
) -> Result<u64, ApiError> {
    let devices = shoppers::revoke(db, shopper_id).await?;
    let detail = serde_json::json!({ "devices": devices });
    audit(
        db,
        actor,
        "revoke_shopper",
        &format!("shopper {shopper_id}"),
        detail,
    )
    .await?;
    Ok(devices)
}

/// `class,company` CSV rows into the campaign (the only one, made if there is none yet).
pub async fn import_companies(
    db: &Db,
    actor: &OrganizerAccount,
    csv_text: &str,
) -> Result<CompaniesImported, ApiError> {
    let campaign_id = campaign::default_campaign(db).await?;
    let imported = campaign::import_companies(db, &campaign_id, csv_text).await?;
    let detail = serde_json::to_value(&imported)?;
    audit(
        db,
        actor,
        "import_companies",
        &format!("campaign {campaign_id}"),
        detail,
    )
    .await?;
    Ok(imported)
}

pub async fn create_assignment(
    db: &Db,
    actor: &OrganizerAccount,
    row: NewAssignment,
) -> Result<String, ApiError> {
    let detail = serde_json::json!({ "company": row.company, "shopper": row.shopper, "channel": row.channel });
    let id = campaign::create_assignment(db, row).await?;
    audit(
        db,
        actor,
        "create_assignment",
        &format!("assignment {id}"),
        detail,
    )
    .await?;
    Ok(id)
}

pub async fn import_assignments(
    db: &Db,
    actor: &OrganizerAccount,
    csv_text: &str,
) -> Result<usize, ApiError> {
    let created = campaign::import_assignments(db, csv_text).await?;
    audit(
        db,
        actor,
        "import_assignments",
        "assignments",
        serde_json::json!({ "created": created }),
    )
    .await?;
    Ok(created)
}
