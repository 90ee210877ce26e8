//! Organizer accounts, their sessions (hashes only) and the audit log.

use serde::{Deserialize, Serialize};

use super::{Store, WriteTransaction};
use crate::error::{Error, Reason, Result};
use crate::secrets;

/// What an organizer may do; each role includes the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(utoipa::ToSchema)]
pub enum Role {
    /// Results only.
    Viewer,
    /// The review queue and results.
    Reviewer,
    /// Everything.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Reviewer, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// A signed-in organizer (or the configured API token, or the command line, which act as an admin).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizerAccount {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The console's language for this organizer: `nb` or `en`.
    #[serde(skip)]
    pub language: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    name: String,
    role: String,
    language: String,
}

impl AccountRow {
    fn into_account(self) -> OrganizerAccount {
        OrganizerAccount {
            id: self.id,
            name: self.name,
            role: Role::parse(&self.role).unwrap_or(Role::Viewer),
            language: self.language,
        }
    }
}

impl Store {
    /// Stores a new organizer; their e-mail must be new.
    pub async fn insert_organizer(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        let mut turn = self.writer_turn().await?;
        let inserted = sqlx::query(
            "INSERT INTO organizers (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(email)
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(secrets::now())
        .execute(turn.connection())
        .await;
        match inserted {
            Ok(_) => Ok(id),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(Error::Conflict {
                reason: Reason::EmailTaken(email.to_owned()),
                current_revision: None,
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// The account with this e-mail and its password hash.
    pub async fn organizer_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(OrganizerAccount, String)>> {
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, name, role, language, password_hash FROM organizers WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, name, role, language, hash)| {
            let row = AccountRow {
                id,
                name,
                role,
                language,
            };
            (row.into_account(), hash)
        }))
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        organizer_id: &str,
        expires_at: &str,
    ) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query(
            "INSERT INTO organizer_sessions (token_hash, organizer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(organizer_id)
        .bind(secrets::now())
        .bind(expires_at)
        .execute(turn.connection())
        .await?;
        Ok(())
    }

    /// The organizer whose unexpired session has this hash, with the session's start and end.
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(OrganizerAccount, String, String)>> {
        let row: Option<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT o.id, o.name, o.role, o.language, s.created_at, s.expires_at
             FROM organizer_sessions s JOIN organizers o ON o.id = s.organizer_id
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(secrets::now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(
            row.map(|(id, name, role, language, created_at, expires_at)| {
                let account = AccountRow {
                    id,
                    name,
                    role,
                    language,
                }
                .into_account();
                (account, created_at, expires_at)
            }),
        )
    }

    /// Moves the session's end to `until`.
    pub async fn extend_session(&self, token_hash: &str, until: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("UPDATE organizer_sessions SET expires_at = $1 WHERE token_hash = $2")
            .bind(until)
            .bind(token_hash)
            .execute(turn.connection())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("DELETE FROM organizer_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(turn.connection())
            .await?;
        Ok(())
    }

    /// Keeps the console language `language` (`nb` or `en`) for the organizer.
    pub async fn set_language(&self, organizer_id: &str, language: &str) -> Result<()> {
        let mut turn = self.writer_turn().await?;
        sqlx::query("UPDATE organizers SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(organizer_id)
            .execute(turn.connection())
            .await?;
        Ok(())
    }

    /// The newest `limit` entries of the audit log, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        Ok(sqlx::query_as(
            "SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Which audit entries to show: every field a filter, none meaning "any".
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Exactly this actor ("Name (id)", as stored).
    pub actor: Option<String>,
    pub action: Option<String>,
    /// At or after this UTC timestamp.
    pub from: Option<String>,
    /// Before this UTC timestamp.
    pub before: Option<String>,
}

impl AuditQuery {
    fn conditions(&self) -> (String, Vec<String>) {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut binds = vec![];
        for (clause, value) in [
            ("actor = ", &self.actor),
            ("action = ", &self.action),
            ("at >= ", &self.from),
            ("at < ", &self.before),
        ] {
            if let Some(value) = value {
                binds.push(value.clone());
                clauses.push(format!("{clause}${}", binds.len()));
            }
        }
        (clauses.join(" AND "), binds)
    }
}

impl Store {
    /// Entries `offset` to `offset + limit` of the audit log the query gives, newest first.
    pub async fn audit_page(
        &self,
        query: &AuditQuery,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let (conditions, binds) = query.conditions();
        let sql = format!(
            "SELECT at, actor, action, subject, detail FROM audit_log WHERE {conditions}
             ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
        );
        let mut select = sqlx::query_as(&sql);
        for bind in binds {
            select = select.bind(bind);
        }
        Ok(select.fetch_all(&self.pool).await?)
    }

    /// How many entries the query gives.
    pub async fn audit_count(&self, query: &AuditQuery) -> Result<i64> {
        let (conditions, binds) = query.conditions();
        let sql = format!("SELECT COUNT(*) FROM audit_log WHERE {conditions}");
        let mut select = sqlx::query_as::<_, (i64,)>(&sql);
        for bind in binds {
            select = select.bind(bind);
        }
        Ok(select.fetch_one(&self.pool).await?.0)
    }

    /// Everyone who appears in the audit log, and every kind of entry: the filter's choices.
    pub async fn audit_choices(&self) -> Result<(Vec<String>, Vec<String>)> {
        let actors: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
                .fetch_all(&self.pool)
                .await?;
        let actions: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT action FROM audit_log ORDER BY action")
                .fetch_all(&self.pool)
                .await?;
        Ok((
            actors.into_iter().map(|(a,)| a).collect(),
            actions.into_iter().map(|(a,)| a).collect(),
        ))
    }
}

impl WriteTransaction {
    /// Locks the organizer with `email` out: a password hash no password matches (`!` as in a locked Unix
    /// account), and every session of theirs deleted. Their name, if there is such an organizer.
    pub async fn deactivate_organizer(&mut self, email: &str) -> Result<Option<String>> {
        let found: Option<(String, String)> = sqlx::query_as(
            "UPDATE organizers SET password_hash = '!deactivated' WHERE email = $1 RETURNING id, name",
        )
        .bind(email)
        .fetch_optional(self.connection())
        .await?;
        let Some((id, name)) = found else {
            return Ok(None);
        };
        sqlx::query("DELETE FROM organizer_sessions WHERE organizer_id = $1")
            .bind(&id)
            .execute(self.connection())
            .await?;
        Ok(Some(name))
    }

    /// Records a change in the same transaction as the change: who did it, what, to what, with details.
    pub async fn audit(
        &mut self,
        actor: &OrganizerAccount,
        action: &str,
        subject: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secrets::now())
        .bind(format!("{} ({})", actor.name, actor.id))
        .bind(action)
        .bind(subject)
        .bind(detail.to_string())
        .execute(self.connection())
        .await?;
        Ok(())
    }
}
