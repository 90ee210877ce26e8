//! Participants (a participating company's contact people, each bound to one organisation), their one-time
//! invites and browser sessions (hashes only), the organisation's participations across campaigns, its
//! approved contacts, and each campaign's choice of a named or anonymised class table in the portal.

use serde::Serialize;

use super::{Store, WriteTransaction};
use crate::error::{Error, Reason, Result};
use crate::secrets;

/// A signed-in participant: who they are and the one organisation they may read.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation_id: String,
    /// The organisation's newest name.
    pub organisation: String,
    /// The portal's language for this participant: `nb` or `en`.
    pub language: String,
}

/// A participant as the organizer's list shows them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// Whether they can log in: they chose a password with their invite and are not locked out.
    pub active: bool,
}

/// One participation of an organisation: the company row of one campaign.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Participation {
    pub company_id: String,
    pub company: String,
    pub class: String,
    pub campaign_id: String,
    pub campaign: String,
}

/// An approved contact of a company: its newest revision's content and the review's comments (JSON).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApprovedContact {
    pub evaluation_id: String,
    pub questionnaire_id: String,
    pub questionnaire_version: i64,
    pub content: String,
    pub received_at: String,
}

type ParticipantRow = (String, String, String, String, String, String);

fn participant_of(
    (id, name, email, organisation_id, organisation, language): ParticipantRow,
) -> Participant {
    Participant {
        id,
        name,
        email,
        organisation_id,
        organisation,
        language,
    }
}

const PARTICIPANT_COLUMNS: &str = "p.id, p.name, p.email, p.organisation_id, o.name, p.language";

/// Oldest first: by start date (else the day it was made), then by when it was made.
const OLDEST_FIRST: &str =
    "ORDER BY COALESCE(ca.starts_on, substr(ca.created_at, 1, 10)), ca.created_at, ca.id";

impl Store {
    /// The participant with this e-mail and their password hash.
    pub async fn participant_by_email(&self, email: &str) -> Result<Option<(Participant, String)>> {
        let row: Option<(String, String, String, String, String, String, String)> =
            sqlx::query_as(&format!(
                "SELECT {PARTICIPANT_COLUMNS}, p.password_hash FROM participants p
                 JOIN organisations o ON o.id = p.organisation_id WHERE p.email = $1"
            ))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(id, name, email, org_id, org, language, hash)| {
            (
                participant_of((id, name, email, org_id, org, language)),
                hash,
            )
        }))
    }

    /// Every participant, by organisation and name.
    pub async fn participants(&self) -> Result<Vec<ParticipantSummary>> {
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT p.id, p.name, p.email, o.name, p.password_hash FROM participants p
             JOIN organisations o ON o.id = p.organisation_id ORDER BY o.name, p.name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, email, organisation, hash)| ParticipantSummary {
                id,
                name,
                email,
                organisation,
                active: !hash.starts_with('!'),
            })
            .collect())
    }

    pub async fn insert_participant_session(
        &self,
        token_hash: &str,
        participant_id: &str,
        expires_at: &str,
    ) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query(
            "INSERT INTO participant_sessions (token_hash, participant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(participant_id)
        .bind(secrets::now())
        .bind(expires_at)
        .execute(turn.connection())
        .await?;
        Ok(())
    }

    /// The participant whose unexpired session has this hash, with the session's start and end.
    pub async fn participant_session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(Participant, String, String)>> {
        let row: Option<(
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        )> = sqlx::query_as(&format!(
            "SELECT {PARTICIPANT_COLUMNS}, s.created_at, s.expires_at
                 FROM participant_sessions s JOIN participants p ON p.id = s.participant_id
                 JOIN organisations o ON o.id = p.organisation_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(secrets::now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(id, name, email, org_id, org, language, created, expires)| {
                (
                    participant_of((id, name, email, org_id, org, language)),
                    created,
                    expires,
                )
            },
        ))
    }

    pub async fn extend_participant_session(&self, token_hash: &str, until: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("UPDATE participant_sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(until)
            .bind(token_hash)
            .execute(turn.connection())
            .await?;
        Ok(())
    }

    pub async fn delete_participant_session(&self, token_hash: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("DELETE FROM participant_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(turn.connection())
            .await?;
        Ok(())
    }

    pub async fn set_participant_language(
        &self,
        participant_id: &str,
        language: &str,
    ) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("UPDATE participants SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(participant_id)
            .execute(turn.connection())
            .await?;
        Ok(())
    }

    /// Whether the invite with this hash is open (not used, not expired): the participant's name if so.
    pub async fn open_participant_invite(&self, token_hash: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT p.name FROM participant_invites i JOIN participants p ON p.id = i.participant_id
             WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2",
        )
        .bind(token_hash)
        .bind(secrets::now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(name,)| name))
    }

    /// Uses the open invite with this hash (once: a second use finds it used) and sets the participant's
    /// password hash; the participant, or `None` when the invite is not open.
    pub async fn use_participant_invite(
        &self,
        token_hash: &str,
        password_hash: &str,
    ) -> Result<Option<Participant>> {
        let mut tx = self.begin_write().await?;
        let now = secrets::now();
        let used: Option<(String,)> = sqlx::query_as(
            "UPDATE participant_invites SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING participant_id",
        )
        .bind(&now)
        .bind(token_hash)
        .fetch_optional(tx.connection())
        .await?;
        let Some((participant_id,)) = used else {
            return Ok(None);
        };
        sqlx::query("UPDATE participants SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(&participant_id)
            .execute(tx.connection())
            .await?;
        let row: ParticipantRow = sqlx::query_as(&format!(
            "SELECT {PARTICIPANT_COLUMNS} FROM participants p
             JOIN organisations o ON o.id = p.organisation_id WHERE p.id = $1"
        ))
        .bind(&participant_id)
        .fetch_one(tx.connection())
        .await?;
        tx.commit().await?;
        Ok(Some(participant_of(row)))
    }

    /// The organisation a company row belongs to.
    pub async fn organisation_of_company(&self, company_id: &str) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT organisation_id FROM companies WHERE id = $1")
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(id,)| id))
    }

    /// Every participation of the organisation, oldest campaign first.
    pub async fn participations(&self, organisation_id: &str) -> Result<Vec<Participation>> {
        Ok(sqlx::query_as(&format!(
            "SELECT co.id AS company_id, co.name AS company, cl.name AS class, ca.id AS campaign_id,
                    ca.name AS campaign
             FROM companies co JOIN classes cl ON cl.id = co.class_id JOIN campaigns ca ON ca.id = cl.campaign_id
             WHERE co.organisation_id = $1 {OLDEST_FIRST}"
        ))
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether the campaign's class table in the portal names the other companies (else anonymised).
    pub async fn class_table_named(&self, campaign_id: &str) -> Result<bool> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT class_table FROM campaign_portal WHERE campaign_id = $1")
                .bind(campaign_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some_and(|(table,)| table == "named"))
    }

    /// The company's approved evaluations, oldest received first.
    pub async fn approved_contacts(&self, company_id: &str) -> Result<Vec<ApprovedContact>> {
        Ok(sqlx::query_as(
            "SELECT e.id AS evaluation_id, a.questionnaire_id, a.questionnaire_version, e.content, e.received_at
             FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
             WHERE e.status = 'approved' AND a.company_id = $1 ORDER BY e.received_at, e.id",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl WriteTransaction {
    /// Stores a new participant of the organisation (no password yet); their e-mail must be new.
    pub async fn insert_participant(
        &mut self,
        organisation_id: &str,
        email: &str,
        name: &str,
    ) -> Result<String> {
        let taken: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM participants WHERE email = $1 UNION SELECT id FROM organizers WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(self.connection())
        .await?;
        if taken.is_some() {
            return Err(Error::Conflict {
                reason: Reason::EmailTaken(email.to_owned()),
                current_revision: None,
            });
        }
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO participants (id, organisation_id, email, name, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(organisation_id)
        .bind(email)
        .bind(name)
        .bind(secrets::now())
        .execute(self.connection())
        .await?;
        Ok(id)
    }

    /// The participant with this e-mail: (id, organisation id), if any.
    pub async fn participant_with_email(
        &mut self,
        email: &str,
    ) -> Result<Option<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT id, organisation_id FROM participants WHERE email = $1")
                .bind(email)
                .fetch_optional(self.connection())
                .await?,
        )
    }

    /// Makes a one-time invite link token for the participant; only its hash is stored.
    pub async fn create_participant_invite(
        &mut self,
        participant_id: &str,
        expires_at: &str,
    ) -> Result<String> {
        let token = secrets::new_secret();
        sqlx::query(
            "INSERT INTO participant_invites (token_hash, participant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(secrets::hash(&token))
        .bind(participant_id)
        .bind(secrets::now())
        .bind(expires_at)
        .execute(self.connection())
        .await?;
        Ok(token)
    }

    /// Locks the participant out: a password hash no password matches, every session and open invite of
    /// theirs gone. Their (name, organisation name), if there is such a participant.
    pub async fn lock_out_participant(
        &mut self,
        participant_id: &str,
    ) -> Result<Option<(String, String)>> {
        let found: Option<(String, String)> = sqlx::query_as(
            "SELECT p.name, o.name FROM participants p JOIN organisations o ON o.id = p.organisation_id
             WHERE p.id = $1",
        )
        .bind(participant_id)
        .fetch_optional(self.connection())
        .await?;
        if found.is_none() {
            return Ok(None);
        }
        sqlx::query("UPDATE participants SET password_hash = '!locked' WHERE id = $1")
            .bind(participant_id)
            .execute(self.connection())
            .await?;
        sqlx::query("DELETE FROM participant_sessions WHERE participant_id = $1")
            .bind(participant_id)
            .execute(self.connection())
            .await?;
        sqlx::query("UPDATE participant_invites SET used_at = $1 WHERE participant_id = $2 AND used_at IS NULL")
            .bind(secrets::now())
            .bind(participant_id)
            .execute(self.connection())
            .await?;
        Ok(found)
    }

    /// Sets whether the campaign's class table in the portal names the other companies.
    pub async fn set_class_table_named(&mut self, campaign_id: &str, named: bool) -> Result<()> {
        sqlx::query(
            "INSERT INTO campaign_portal (campaign_id, class_table) VALUES ($1, $2)
             ON CONFLICT (campaign_id) DO UPDATE SET class_table = excluded.class_table",
        )
        .bind(campaign_id)
        .bind(if named { "named" } else { "anonymised" })
        .execute(self.connection())
        .await?;
        Ok(())
    }
}
