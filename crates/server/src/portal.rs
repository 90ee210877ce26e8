//! Participants' accounts: the organizer invites a participating company's contact person, bound to that
//! company's organisation, with a one-time link; with it they set their own password (Argon2id, as
//! organizers'); they log in to browser sessions kept as organizers' are. What a participant may read is
//! decided here once: only participations of their own organisation ([`own_participation`]).

use std::collections::HashMap;
use std::sync::Arc;

use shopper_domain::contact::derived_seconds;
use shopper_domain::contact::Derived;
use shopper_domain::results::ScoredEvaluation;
use shopper_domain::{EvaluationContent, Questionnaire};

use crate::accounts::{
    self, hashing, LoginThrottle, IDLE_MINUTES, MIN_PASSWORD_CHARS, SESSION_HOURS,
};
use crate::error::{Error, Reason, Result, RowProblem};
use crate::rankings;
use crate::reports::{self, CompanyReport, Reader};
use crate::secrets;
use crate::store::{OrganizerAccount, Participant, Participation, Store};

/// How long an invite link works.
pub const INVITE_DAYS: i64 = 14;
/// A session's end is moved on at most this often.
const EXTEND_EVERY_MINUTES: i64 = 5;

/// Invites `email` (named `name`) as the contact person of the organisation behind company `company_id`: a
/// new participant, or a new link for one of the same organisation. The link's one-time token.
pub async fn invite(
    store: &Store,
    actor: &OrganizerAccount,
    company_id: &str,
    email: &str,
    name: &str,
) -> Result<String> {
    let email = email.trim().to_lowercase();
    let name = name.trim();
    if !email.contains('@') || name.is_empty() || name.chars().count() > 100 || email.len() > 254 {
        return Err(Error::Refused(Reason::ParticipantNeedsEmailAndName));
    }
    let not_found = || Error::NotFound(Reason::Row(RowProblem::NoCompany(company_id.to_owned())));
    let organisation = store
        .organisation_of_company(company_id)
        .await?
        .ok_or_else(not_found)?;
    let company = store
        .company_and_class(company_id)
        .await?
        .map(|(name, ..)| name)
        .unwrap_or_default();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::days(INVITE_DAYS);
    let mut tx = store.begin_write().await?;
    let participant_id = match tx.participant_with_email(&email).await? {
        Some((id, theirs)) if theirs == organisation => id,
        Some(_) => {
            return Err(Error::Conflict {
                reason: Reason::ParticipantEmailTaken(email),
                current_revision: None,
            })
        }
        None => match tx.insert_participant(&organisation, &email, name).await {
            Err(Error::Conflict { .. }) => {
                return Err(Error::Conflict {
                    reason: Reason::ParticipantEmailTaken(email),
                    current_revision: None,
                })
            }
            other => other?,
        },
    };
    let token = tx
        .create_participant_invite(&participant_id, &secrets::timestamp(expires))
        .await?;
    tx.audit(
        actor,
        "invite_participant",
        &company,
        serde_json::json!({
            "actor_role": actor.role.as_str(), "participant": name, "email": email,
            "company": company, "company_id": company_id,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Sets whether the campaign's class table in the portal names the other companies (else anonymised).
pub async fn set_class_table(
    store: &Store,
    actor: &OrganizerAccount,
    campaign_id: &str,
    named: bool,
) -> Result<()> {
    let campaign = store
        .campaign(campaign_id)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::NoCampaign(campaign_id.to_owned())))?;
    let mut tx = store.begin_write().await?;
    tx.set_class_table_named(campaign_id, named).await?;
    tx.audit(
        actor,
        "set_class_table",
        &campaign.name,
        serde_json::json!({ "actor_role": actor.role.as_str(), "campaign": campaign.name, "named": named }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Locks participant `participant_id` out of the portal (someone who left the company): no password works,
/// their sessions end and their unused links stop working. A new invite gives them access again.
pub async fn lock_out(store: &Store, actor: &OrganizerAccount, participant_id: &str) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let Some((name, organisation)) = tx.lock_out_participant(participant_id).await? else {
        return Err(Error::NotFound(Reason::NoParticipant(
            participant_id.to_owned(),
        )));
    };
    tx.audit(
        actor,
        "lock_out_participant",
        &organisation,
        serde_json::json!({ "actor_role": actor.role.as_str(), "participant": name, "company": organisation }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The name of the participant whose invite `token` is still open.
pub async fn open_invite(store: &Store, token: &str) -> Result<String> {
    store
        .open_participant_invite(&secrets::hash(token))
        .await?
        .ok_or(Error::NotFound(Reason::InviteNotValid))
}

/// Sets the password with the invite `token` (once) and starts a session: its token, and the participant.
pub async fn accept_invite(
    store: &Store,
    token: &str,
    password: &str,
    repeated: &str,
) -> Result<(String, Participant)> {
    if password != repeated {
        return Err(Error::Refused(Reason::PasswordsDiffer));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::Refused(Reason::PasswordTooShort(MIN_PASSWORD_CHARS)));
    }
    // Checked before the work of hashing, and again (atomically) when used.
    open_invite(store, token).await?;
    let password = password.to_owned();
    let hash = hashing(true, move || accounts::hash_password(&password)).await??;
    let participant = store
        .use_participant_invite(&secrets::hash(token), &hash)
        .await?
        .ok_or(Error::NotFound(Reason::InviteNotValid))?;
    let session = new_session(store, &participant).await?;
    Ok((session, participant))
}

async fn new_session(store: &Store, participant: &Participant) -> Result<String> {
    let token = secrets::new_secret();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::minutes(IDLE_MINUTES);
    store
        .insert_participant_session(
            &secrets::hash(&token),
            &participant.id,
            &secrets::timestamp(expires),
        )
        .await?;
    Ok(token)
}

/// Checks e-mail and password as an organizer's login is checked (the same back-off, the same time with or
/// without an account); on success a session's token and the participant.
pub async fn log_in(
    store: &Store,
    throttle: &LoginThrottle,
    email: &str,
    password: &str,
) -> Result<Option<(String, Participant)>> {
    let email = email.trim().to_lowercase();
    let found = store.participant_by_email(&email);
    let Some(participant) = accounts::checked_password(
        throttle,
        accounts::LoginKind::Participant,
        &email,
        password,
        found,
    )
    .await?
    else {
        return Ok(None);
    };
    let token = new_session(store, &participant).await?;
    Ok(Some((token, participant)))
}

/// The participant signed in with session token `token`; each use keeps the session for another
/// [`IDLE_MINUTES`], never past [`SESSION_HOURS`] after the login.
pub async fn session(store: &Store, token: &str) -> Result<Option<Participant>> {
    let hash = secrets::hash(token);
    let Some((participant, created_at, expires_at)) = store.participant_session(&hash).await?
    else {
        return Ok(None);
    };
    let now = time::OffsetDateTime::now_utc();
    let idle = time::Duration::minutes(IDLE_MINUTES);
    let due =
        expires_at < secrets::timestamp(now + idle - time::Duration::minutes(EXTEND_EVERY_MINUTES));
    let young = created_at > secrets::timestamp(now - time::Duration::hours(SESSION_HOURS) + idle);
    if due && young {
        store
            .extend_participant_session(&hash, &secrets::timestamp(now + idle))
            .await?;
    }
    Ok(Some(participant))
}

pub async fn log_out(store: &Store, token: &str) -> Result<()> {
    store
        .delete_participant_session(&secrets::hash(token))
        .await
}

pub async fn choose_language(
    store: &Store,
    participant: &Participant,
    language: &str,
) -> Result<()> {
    if !accounts::LANGUAGES.contains(&language) {
        return Err(Error::Refused(Reason::UnknownLanguage(language.to_owned())));
    }
    store
        .set_participant_language(&participant.id, language)
        .await
}

/// The participant's organisation's participations, oldest campaign first.
pub async fn participations(
    store: &Store,
    participant: &Participant,
) -> Result<Vec<Participation>> {
    store.participations(&participant.organisation_id).await
}

/// The participation `company_id` if it is the participant's own organisation's; any other id, another
/// company's as much as one that does not exist, is not found, in the same words.
pub async fn own_participation(
    store: &Store,
    participant: &Participant,
    company_id: &str,
) -> Result<Participation> {
    participations(store, participant)
        .await?
        .into_iter()
        .find(|p| p.company_id == company_id)
        .ok_or_else(|| Error::NotFound(Reason::Row(RowProblem::NoCompany(company_id.to_owned()))))
}

/// The participant's newest participation, where the portal opens.
pub async fn newest_participation(
    store: &Store,
    participant: &Participant,
) -> Result<Option<Participation>> {
    Ok(participations(store, participant).await?.pop())
}

/// One approved contact as the participant reads it: when, how, how long, every answer and the shopper's
/// comments, with its scores. Nothing says who the shopper was.
#[derive(Debug, Clone)]
pub struct Contact {
    pub evaluation_id: String,
    /// `YYYY-MM-DD`: the contact's first stamp, else the day it was received.
    pub day: String,
    pub content: EvaluationContent,
    pub questionnaire: Arc<Questionnaire>,
    pub waiting_seconds: Option<i64>,
    pub talk_seconds: Option<i64>,
    /// The stored scores of the contact, when scored.
    pub score: Option<ScoredEvaluation>,
}

/// Every approved contact of the participation, oldest first.
pub async fn contacts(store: &Store, participation: &Participation) -> Result<Vec<Contact>> {
    let set = rankings::approved(store, &participation.campaign_id).await?;
    let scored: HashMap<&str, &ScoredEvaluation> = set
        .keys
        .iter()
        .zip(&set.evaluations)
        .filter(|(_, e)| e.company_id == participation.company_id)
        .map(|((id, _), e)| (id.as_str(), e))
        .collect();
    let mut contacts = Vec::new();
    for row in store.approved_contacts(&participation.company_id).await? {
        let version = u32::try_from(row.questionnaire_version).unwrap_or(u32::MAX);
        let Some(questionnaire) = store.questionnaire(&row.questionnaire_id, version).await? else {
            continue;
        };
        let content: EvaluationContent = serde_json::from_str(&row.content)?;
        let score = scored.get(row.evaluation_id.as_str()).map(|e| (*e).clone());
        let day = score.as_ref().map_or_else(
            || row.received_at.get(..10).unwrap_or_default().to_owned(),
            |s| s.day.clone(),
        );
        contacts.push(Contact {
            evaluation_id: row.evaluation_id.clone(),
            day,
            waiting_seconds: derived_seconds(&content.timeline, Derived::WaitingTime),
            talk_seconds: derived_seconds(&content.timeline, Derived::TalkTime),
            content,
            questionnaire,
            score,
        });
    }
    contacts.sort_by(|a, b| a.day.cmp(&b.day));
    Ok(contacts)
}

/// The participation's own contacts as CSV, one row each: day, channel, waiting and talk time, the three
/// scores and the NPS answer, then each performance's percent under its report label (in `language`), then
/// the shopper's comments.
pub async fn contacts_csv(
    store: &Store,
    participation: &Participation,
    language: &str,
) -> Result<String> {
    let contacts = contacts(store, participation).await?;
    let questionnaire = match contacts.last() {
        Some(contact) => Arc::clone(&contact.questionnaire),
        None => return crate::campaign::csv_text(vec![fixed_columns(language)]),
    };
    let performances: Vec<(&str, &str)> = questionnaire
        .questions()
        .filter(|q| contacts.iter().any(|c| has_points(c, &q.id)))
        .map(|q| {
            let label = questionnaire
                .report_label(&q.id)
                .map_or(q.id.as_str(), |l| l.get(language));
            (q.id.as_str(), label)
        })
        .collect();
    let mut header = fixed_columns(language);
    header.extend(performances.iter().map(|(_, label)| (*label).to_owned()));
    header.push(
        if language == "en" {
            "comments"
        } else {
            "kommentarer"
        }
        .to_owned(),
    );
    let one_decimal = |p: Option<f64>| p.map_or(String::new(), |p| format!("{p:.1}"));
    let mut records = vec![header];
    for contact in &contacts {
        let score = contact.score.as_ref();
        let mut record = vec![
            contact.day.clone(),
            contact.content.channel.as_str().to_owned(),
            contact
                .waiting_seconds
                .map_or(String::new(), |s| s.to_string()),
            contact
                .talk_seconds
                .map_or(String::new(), |s| s.to_string()),
            one_decimal(score.and_then(|s| s.score.total)),
            one_decimal(score.and_then(|s| s.score.answered)),
            one_decimal(score.and_then(|s| s.score.agent)),
            score
                .and_then(|s| s.score.nps)
                .map_or(String::new(), |n| n.to_string()),
        ];
        record.extend(performances.iter().map(|(id, _)| {
            one_decimal(score.and_then(|s| {
                s.questions
                    .iter()
                    .find(|q| q.question_id == *id)
                    .and_then(|q| q.points.percent())
            }))
        }));
        record.push(contact.content.notes.clone());
        records.push(record);
    }
    crate::campaign::csv_text(records)
}

fn has_points(contact: &Contact, question_id: &str) -> bool {
    contact.score.as_ref().is_some_and(|s| {
        s.questions
            .iter()
            .any(|q| q.question_id == question_id && q.points.possible > 0)
    })
}

fn fixed_columns(language: &str) -> Vec<String> {
    let names: [&str; 8] = if language == "en" {
        [
            "date",
            "channel",
            "waiting_seconds",
            "talk_seconds",
            "total",
            "answered",
            "agent",
            "nps",
        ]
    } else {
        [
            "dato",
            "kanal",
            "ventetid_sekunder",
            "samtaletid_sekunder",
            "totalt",
            "besvart",
            "kundebehandler",
            "nps",
        ]
    };
    names.map(String::from).to_vec()
}

/// One wave of the trend: a participation's place and scores.
#[derive(Debug, Clone)]
pub struct Wave {
    pub participation: Participation,
    pub report: CompanyReport,
}

/// The organisation's waves, oldest first, each with its report's figures (the trend across waves).
pub async fn trend(store: &Store, participant: &Participant) -> Result<Vec<Wave>> {
    let mut waves = Vec::new();
    for participation in participations(store, participant).await? {
        let report =
            reports::company_report(store, &participation.company_id, Reader::Participant).await?;
        waves.push(Wave {
            participation,
            report,
        });
    }
    Ok(waves)
}

/// Makes a participant of company `company_id`'s organisation with a password set at once (the demo's login,
/// which needs no invite link).
pub async fn create_with_password(
    store: &Store,
    company_id: &str,
    email: &str,
    name: &str,
    password: &str,
) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::Refused(Reason::PasswordTooShort(MIN_PASSWORD_CHARS)));
    }
    let organisation = store
        .organisation_of_company(company_id)
        .await?
        .ok_or_else(|| {
            Error::NotFound(Reason::Row(RowProblem::NoCompany(company_id.to_owned())))
        })?;
    let expires = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
    let mut tx = store.begin_write().await?;
    let id = tx
        .insert_participant(&organisation, &email.trim().to_lowercase(), name)
        .await?;
    let token = tx
        .create_participant_invite(&id, &secrets::timestamp(expires))
        .await?;
    tx.commit().await?;
    let password = password.to_owned();
    let hash = hashing(true, move || accounts::hash_password(&password)).await??;
    store
        .use_participant_invite(&secrets::hash(&token), &hash)
        .await?
        .ok_or(Error::NotFound(Reason::InviteNotValid))?;
    Ok(())
}
