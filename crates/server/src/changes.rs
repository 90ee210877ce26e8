//! The organizer's changes. Each opens one write transaction, makes the change, records it in the audit log
//! and commits once: a change is kept with its audit entry or not at all. The JSON API, the console and the
//! command line all go through here, so they cannot differ in what they change or what they log.

use serde_json::json;
use shopper_domain::protocol::{
    ImportedQuestionnaire, ReviewComments, ReviewDecision, ReviewRequest, ReviewStatus,
};
use shopper_domain::Questionnaire;
use uuid::Uuid;

use crate::accounts::OrganizerAccount;
use crate::campaign::{self, CompaniesImported, Lookups, NewAssignment, NewCampaign};
use crate::error::{Error, Reason, Result};
use crate::secrets;
use crate::shoppers::{self, Invite, ShopperSummary};
use crate::store::{Campaign, Store};

pub async fn import_questionnaire(
    store: &Store,
    actor: &OrganizerAccount,
    questionnaire: Questionnaire,
) -> Result<ImportedQuestionnaire> {
    let mut tx = store.begin_write().await?;
    let imported = tx.import_questionnaire(questionnaire).await?;
    if imported.created {
        let subject = format!("questionnaire {} v{}", imported.id, imported.version);
        let detail = json!({ "actor_role": actor.role, "questionnaire": imported.id,
            "version": imported.version, "questions": imported.questions });
        tx.audit(actor, "import_questionnaire", &subject, detail)
            .await?;
    }
    tx.commit().await?;
    Ok(imported)
}

/// Approves or returns one revision of an evaluation. Returning needs a comment, overall or on a question of
/// the evaluation's questionnaire.
pub async fn review(
    store: &Store,
    actor: &OrganizerAccount,
    evaluation_id: Uuid,
    request: &ReviewRequest,
) -> Result<ReviewStatus> {
    let (status, review) = match request.decision {
        ReviewDecision::Approve => (ReviewStatus::Approved, ReviewComments::default()),
        ReviewDecision::Return => (ReviewStatus::Returned, tidy(&request.review)),
    };
    let mut tx = store.begin_write().await?;
    let (held_revision, content, company) = tx
        .evaluation_for_review(evaluation_id)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::NoEvaluation(evaluation_id.to_string())))?;
    if status == ReviewStatus::Returned && review.comment.is_none() && review.questions.is_empty() {
        return Err(Error::Refused(Reason::ReturnNeedsComment));
    }
    if !review.questions.is_empty() {
        let questionnaire = store
            .questionnaire(&content.questionnaire_id, content.questionnaire_version)
            .await?
            .ok_or(Error::Refused(Reason::QuestionnaireMissing))?;
        let unknown = review
            .questions
            .keys()
            .find(|id| questionnaire.question(id).is_none());
        if let Some(unknown) = unknown {
            return Err(Error::Refused(Reason::UnknownQuestion(unknown.clone())));
        }
    }
    let reviewed = tx
        .set_review(
            evaluation_id,
            request.revision,
            status,
            &review,
            &secrets::now(),
        )
        .await?;
    if !reviewed {
        return Err(Error::Conflict {
            reason: Reason::RevisionChanged {
                held: held_revision,
                asked: request.revision,
            },
            current_revision: Some(held_revision),
        });
    }
    let action = match request.decision {
        ReviewDecision::Approve => "review_approve",
        ReviewDecision::Return => "review_return",
    };
    let detail = json!({ "actor_role": actor.role, "company": company,
        "revision": request.revision, "review": request.review });
    tx.audit(
        actor,
        action,
        &format!("evaluation {evaluation_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(status)
}

/// What a bulk approval did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct BulkApproval {
    pub approved: usize,
    /// Flagged, no longer waiting for review, or changed to another revision since the page was read.
    pub skipped: usize,
}

/// Approves every one of `picked` (evaluation id and the revision the reviewer saw) that is still that
/// revision, waiting for review and without flags, in one transaction with an audit entry each; skips the rest.
pub async fn approve_unflagged(
    store: &Store,
    actor: &OrganizerAccount,
    picked: &[(Uuid, u32)],
) -> Result<BulkApproval> {
    let mut done = BulkApproval::default();
    let mut tx = store.begin_write().await?;
    let now = secrets::now();
    for (id, revision) in picked {
        let state = tx.review_state(&id.to_string()).await?;
        let Some((held, status, company, Some(0))) = state else {
            done.skipped += 1;
            continue;
        };
        if held != i64::from(*revision) || status != ReviewStatus::Received.as_str() {
            done.skipped += 1;
            continue;
        }
        let review = ReviewComments::default();
        if !tx
            .set_review(*id, *revision, ReviewStatus::Approved, &review, &now)
            .await?
        {
            done.skipped += 1;
            continue;
        }
        let detail = json!({ "actor_role": actor.role, "company": company,
            "revision": revision, "review": review, "bulk": true });
        tx.audit(actor, "review_approve", &format!("evaluation {id}"), detail)
            .await?;
        done.approved += 1;
    }
    tx.commit().await?;
    Ok(done)
}

/// Comments without surrounding blanks; empty ones dropped.
fn tidy(review: &ReviewComments) -> ReviewComments {
    let text = |s: &String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    ReviewComments {
        comment: review.comment.as_ref().and_then(text),
        questions: review
            .questions
            .iter()
            .filter_map(|(id, comment)| Some((id.clone(), text(comment)?)))
            .collect(),
    }
}

/// Deactivates the organizer with `email`: no login works for them any more and every session of theirs ends
/// at once (their next request is signed out).
pub async fn deactivate_organizer(
    store: &Store,
    actor: &OrganizerAccount,
    email: &str,
) -> Result<()> {
    let email = email.trim().to_lowercase();
    let mut tx = store.begin_write().await?;
    let name = tx
        .deactivate_organizer(&email)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::NoOrganizer(email.clone())))?;
    let detail = json!({ "actor_role": actor.role, "email": email, "name": name });
    tx.audit(
        actor,
        "deactivate_organizer",
        &format!("organizer {email}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn create_shopper(
    store: &Store,
    actor: &OrganizerAccount,
    name: &str,
) -> Result<ShopperSummary> {
    let name = shoppers::checked_name(name)?;
    let name = name.as_str();
    let id = Uuid::new_v4().to_string();
    let mut tx = store.begin_write().await?;
    tx.insert_shopper(&id, name).await?;
    let detail = json!({ "actor_role": actor.role, "name": name });
    tx.audit(actor, "create_shopper", &format!("shopper {id}"), detail)
        .await?;
    tx.commit().await?;
    Ok(ShopperSummary {
        id,
        name: name.to_owned(),
        active_devices: 0,
        open_invites: 0,
        assignments: 0,
    })
}

/// The shopper's name, or not found.
async fn shopper_name(store: &Store, shopper_id: &str) -> Result<String> {
    store
        .shopper_name(shopper_id)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::NoShopper(shopper_id.to_owned())))
}

/// A one-time sign-in link (and its QR code) for one more of the shopper's devices.
pub async fn invite_shopper(
    store: &Store,
    actor: &OrganizerAccount,
    shopper_id: &str,
    public_base: &str,
) -> Result<Invite> {
    let name = shopper_name(store, shopper_id).await?;
    if store.shopper_left(shopper_id).await? {
        return Err(Error::Refused(Reason::ShopperLeft(name)));
    }
    let expires_at = shoppers::invite_expiry();
    let mut tx = store.begin_write().await?;
    let code = tx.create_invite(shopper_id, &expires_at).await?;
    let invite = Invite::new(public_base, &code, expires_at)?;
    let detail = json!({ "actor_role": actor.role, "name": name, "expires_at": invite.expires_at });
    tx.audit(
        actor,
        "invite_shopper",
        &format!("shopper {shopper_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(invite)
}

/// Locks every device of the shopper out; returns how many were signed in.
pub async fn revoke_shopper(
    store: &Store,
    actor: &OrganizerAccount,
    shopper_id: &str,
) -> Result<u64> {
    let name = shopper_name(store, shopper_id).await?;
    let mut tx = store.begin_write().await?;
    let devices = tx.revoke_devices(shopper_id).await?;
    let detail = json!({ "actor_role": actor.role, "name": name, "devices": devices });
    tx.audit(
        actor,
        "revoke_shopper",
        &format!("shopper {shopper_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(devices)
}

/// Sets a shopper's roster fields (e-mail, phone, region, capacity), checked.
pub async fn update_shopper(
    store: &Store,
    actor: &OrganizerAccount,
    shopper_id: &str,
    fields: &crate::store::RosterFields,
) -> Result<()> {
    let name = shopper_name(store, shopper_id).await?;
    let mut tx = store.begin_write().await?;
    tx.update_roster(shopper_id, fields).await?;
    let detail = json!({ "actor_role": actor.role, "name": name, "email": fields.email,
        "phone": fields.phone, "region": fields.region, "capacity": fields.capacity });
    tx.audit(
        actor,
        "update_shopper",
        &format!("shopper {shopper_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A shopper leaves (`active` false): kept for the record, every device and open link locked out at once. Or
/// comes back (`active` true): new links can be made again.
pub async fn set_shopper_active(
    store: &Store,
    actor: &OrganizerAccount,
    shopper_id: &str,
    active: bool,
) -> Result<u64> {
    let name = shopper_name(store, shopper_id).await?;
    let mut tx = store.begin_write().await?;
    tx.set_deactivated(shopper_id, active).await?;
    let devices = if active {
        0
    } else {
        tx.revoke_devices(shopper_id).await?
    };
    let action = if active {
        "reactivate_shopper"
    } else {
        "deactivate_shopper"
    };
    let detail = json!({ "actor_role": actor.role, "name": name, "devices": devices });
    tx.audit(actor, action, &format!("shopper {shopper_id}"), detail)
        .await?;
    tx.commit().await?;
    Ok(devices)
}

/// What a roster import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RosterImported {
    pub created: usize,
    pub updated: usize,
}

/// Shoppers from a roster file (`name,email,phone,region,capacity`): a name already on the roster is updated,
/// a new one added; every row checked first, all rows or none, each bad one named by line.
pub async fn import_roster(
    store: &Store,
    actor: &OrganizerAccount,
    csv_text: &str,
) -> Result<RosterImported> {
    #[derive(serde::Deserialize)]
    struct Line {
        name: String,
        #[serde(default)]
        email: String,
        #[serde(default)]
        phone: String,
        #[serde(default)]
        region: String,
        #[serde(default)]
        capacity: String,
    }
    let text = crate::imports::tidy_csv(csv_text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut good = vec![];
    let mut bad = vec![];
    for (index, row) in reader.deserialize::<Line>().enumerate() {
        let line = index + 2;
        let checked = row
            .map_err(|e| crate::error::RowProblem::Unreadable(e.to_string()))
            .and_then(|row| {
                let name = shoppers::checked_name(&row.name)
                    .map_err(|_| crate::error::RowProblem::Empty("name"))?;
                let fields =
                    shoppers::checked_roster(&row.email, &row.phone, &row.region, &row.capacity)
                        .map_err(|e| match e {
                            Error::Refused(reason) => crate::error::RowProblem::Value {
                                field: match reason {
                                    Reason::NotAnEmail(_) => "email",
                                    Reason::NotAPhone(_) => "phone",
                                    Reason::BadCapacity(_) => "capacity",
                                    _ => "region",
                                },
                                reason: Box::new(reason),
                            },
                            other => crate::error::RowProblem::Unreadable(other.to_string()),
                        })?;
                Ok((name, fields))
            });
        match checked {
            Ok(row) => good.push(row),
            Err(problem) => bad.push(crate::error::BadRow { line, problem }),
        }
    }
    if good.is_empty() && bad.is_empty() {
        bad.push(crate::error::BadRow {
            line: 1,
            problem: crate::error::RowProblem::NoRows(shoppers::ROSTER_HEADER),
        });
    }
    if !bad.is_empty() {
        return Err(Error::InvalidRows(bad));
    }
    let existing = store.shopper_names().await?;
    let mut done = RosterImported::default();
    let mut tx = store.begin_write().await?;
    for (name, fields) in &good {
        let id = match existing.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)) {
            Some((id, _)) => {
                done.updated += 1;
                id.clone()
            }
            None => {
                let id = Uuid::new_v4().to_string();
                tx.insert_shopper(&id, name).await?;
                done.created += 1;
                id
            }
        };
        tx.update_roster(&id, fields).await?;
    }
    let detail =
        json!({ "actor_role": actor.role, "created": done.created, "updated": done.updated });
    tx.audit(actor, "import_roster", "shoppers", detail).await?;
    tx.commit().await?;
    Ok(done)
}

/// One-time sign-in links for every active shopper without a signed-in device, at once: (name, invite).
pub async fn invite_many(
    store: &Store,
    actor: &OrganizerAccount,
    public_base: &str,
) -> Result<Vec<(String, Invite)>> {
    let roster = store.shopper_roster().await?;
    let expires_at = shoppers::invite_expiry();
    let mut tx = store.begin_write().await?;
    let mut invites = vec![];
    for shopper in roster
        .iter()
        .filter(|s| s.deactivated_at.is_none() && s.active_devices == 0)
    {
        let code = tx.create_invite(&shopper.id, &expires_at).await?;
        invites.push((
            shopper.name.clone(),
            Invite::new(public_base, &code, expires_at.clone())?,
        ));
    }
    let names: Vec<&str> = invites.iter().map(|(n, _)| n.as_str()).collect();
    let detail = json!({ "actor_role": actor.role, "names": names, "expires_at": expires_at });
    tx.audit(actor, "invite_shoppers", "shoppers", detail)
        .await?;
    tx.commit().await?;
    Ok(invites)
}

/// Sets a campaign's fees per contact by channel: (channel, reached, not reached) amounts in kroner as typed.
pub async fn set_fees(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    typed: &[(shopper_domain::Channel, String, String)],
) -> Result<()> {
    let mut amounts = vec![];
    for (channel, reached, not_reached) in typed {
        amounts.push((
            *channel,
            crate::fees::parse_kroner(reached)?,
            crate::fees::parse_kroner(not_reached)?,
        ));
    }
    let mut tx = store.begin_write().await?;
    for (channel, reached, not_reached) in &amounts {
        tx.set_fee(&campaign.id, channel.as_str(), *reached, *not_reached)
            .await?;
    }
    let fees: Vec<_> = amounts
        .iter()
        .map(|(c, r, n)| json!({ "channel": c.as_str(), "reached_ore": r, "not_reached_ore": n }))
        .collect();
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "fees": fees });
    tx.audit(
        actor,
        "set_fees",
        &format!("campaign {}", campaign.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new campaign (a wave, or an insight package), checked; its companies come by import.
pub async fn create_campaign(
    store: &Store,
    actor: &OrganizerAccount,
    new: &NewCampaign,
) -> Result<Campaign> {
    let campaign = campaign::checked_campaign(store, new).await?;
    let mut tx = store.begin_write().await?;
    if tx.campaign_name_taken(&campaign.name).await? {
        return Err(Error::Refused(Reason::CampaignTaken(campaign.name)));
    }
    tx.insert_campaign(&campaign).await?;
    let detail = json!({ "actor_role": actor.role, "name": campaign.name,
        "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
        "questionnaire_id": campaign.questionnaire_id, "outcome_rule": campaign.outcome_rule,
        "min_ranked_contacts": campaign.min_ranked_contacts });
    tx.audit(
        actor,
        "create_campaign",
        &format!("campaign {}", campaign.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(campaign)
}

/// `class,company[,organisation_number]` CSV rows into the campaign. All rows or none.
pub async fn import_companies(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    csv_text: &str,
) -> Result<CompaniesImported> {
    let rows = campaign::company_rows(
        csv_text,
        &store.companies(&campaign.id).await?,
        &store.organisation_numbers(&campaign.id).await?,
    )?;
    add_companies(store, actor, campaign, rows).await
}

/// One company, from the console's form.
pub async fn add_company(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    class: &str,
    company: &str,
    organisation_number: Option<&str>,
) -> Result<CompaniesImported> {
    let rows = campaign::company_row(
        class,
        company,
        organisation_number,
        &store.companies(&campaign.id).await?,
        &store.organisation_numbers(&campaign.id).await?,
    )?;
    add_companies(store, actor, campaign, rows).await
}

async fn add_companies(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    rows: Vec<crate::store::CompanyRow>,
) -> Result<CompaniesImported> {
    let mut tx = store.begin_write().await?;
    let classes_created = tx.insert_companies(&campaign.id, &rows).await?;
    let imported = CompaniesImported {
        classes_created,
        companies_created: rows.len(),
    };
    let names: Vec<&str> = rows.iter().map(|row| row.company.as_str()).collect();
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name,
        "classes_created": classes_created, "companies_created": rows.len(), "companies": names });
    tx.audit(
        actor,
        "import_companies",
        &format!("campaign {}", campaign.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(imported)
}

/// One assignment for a company of the campaign.
pub async fn create_assignment(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    row: NewAssignment,
) -> Result<String> {
    let resolved = Lookups::load(store, &campaign.id)
        .await?
        .resolve(&row)
        .map_err(|problem| Error::Refused(Reason::Row(problem)))?;
    let questionnaire = campaign::current_questionnaire(store, campaign).await?;
    let mut tx = store.begin_write().await?;
    let id = tx
        .insert_assignments(&[resolved], (&questionnaire.0, questionnaire.1))
        .await?
        .remove(0);
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "company": row.company,
        "shopper": row.shopper, "channel": row.channel });
    tx.audit(
        actor,
        "create_assignment",
        &format!("assignment {id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Assignments from CSV for companies of the campaign. All rows or none.
pub async fn import_assignments(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    csv_text: &str,
) -> Result<usize> {
    let rows = Lookups::load(store, &campaign.id)
        .await?
        .assignment_rows(csv_text)?;
    let questionnaire = campaign::current_questionnaire(store, campaign).await?;
    let mut tx = store.begin_write().await?;
    let created = tx
        .insert_assignments(&rows, (&questionnaire.0, questionnaire.1))
        .await?
        .len();
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "created": created });
    tx.audit(actor, "import_assignments", "assignments", detail)
        .await?;
    tx.commit().await?;
    Ok(created)
}
