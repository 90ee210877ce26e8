//! Organizer accounts: roles, Argon2id password hashes, browser sessions (HttpOnly cookie, hashed at rest)
//! and the audit log of who changed what.

use crate::db::Db;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::secrets;

/// What an organizer may do; each role includes the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Results only.
    Viewer,
    /// The review queue and results.
    Reviewer,
    /// Everything.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Sessions last a working day.
pub const SESSION_HOURS: i64 = 12;
pub const SESSION_COOKIE: &str = "shopper_session";
const MIN_PASSWORD_CHARS: usize = 10;

/// The `Set-Cookie` value that keeps a session in the browser: HttpOnly (no script reads it), SameSite=Strict
/// (no other site's page can send it along), for the whole site (API and console).
pub fn session_cookie(token: &str) -> String {
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        SESSION_HOURS * 3600
    )
}

pub fn expired_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| ApiError::BadRequest(format!("the password cannot be hashed: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::BadRequest(format!("the password cannot be hashed: {e}")))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Creates an organizer account. The password must have at least 10 characters.
pub async fn create_organizer(
    db: &Db,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<String, ApiError> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') || name.trim().is_empty() {
        return Err(ApiError::BadRequest(
            "an organizer needs an e-mail address and a name".into(),
        ));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::BadRequest(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| ApiError::BadRequest("hashing failed".into()))??;
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query(
        "INSERT INTO organizers (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&email)
    .bind(name.trim())
    .bind(role.as_str())
    .bind(hash)
    .bind(secrets::now())
    .execute(db)
    .await;
    match inserted {
        Ok(_) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(ApiError::Conflict {
            code: "email_taken",
            message: format!("there is already an organizer with e-mail {email}"),
            current_revision: None,
        }),
        Err(e) => Err(e.into()),
    }
}

/// A signed-in organizer (or the configured API token, which acts as an admin).
#[derive(Debug, Clone, Serialize)]
pub struct OrganizerAccount {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// Checks e-mail and password; on success makes a session and returns its token (for the cookie).
pub async fn log_in(
    db: &Db,
    email: &str,
    password: &str,
) -> Result<Option<(String, OrganizerAccount)>, ApiError> {
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT id, name, role, password_hash FROM organizers WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(db)
            .await?;
    // Without an account, a dummy verification keeps the answer time the same: no probing for e-mails.
    let stored = row
        .as_ref()
        .map_or_else(dummy_hash, |(.., hash)| hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .unwrap_or(false);
    let Some((id, name, role, _)) = row.filter(|_| matches) else {
        return Ok(None);
    };
    let token = secrets::new_secret();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(SESSION_HOURS);
    sqlx::query(
        "INSERT INTO organizer_sessions (token_hash, organizer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(secrets::hash(&token))
    .bind(&id)
    .bind(secrets::now())
    .bind(secrets::timestamp(expires))
    .execute(db)
    .await?;
    let role = Role::parse(&role).unwrap_or(Role::Viewer);
    Ok(Some((token, OrganizerAccount { id, name, role })))
}

fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password("not a real password").unwrap_or_default())
        .clone()
}

pub async fn session(db: &Db, token: &str) -> Result<Option<OrganizerAccount>, ApiError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.name, o.role FROM organizer_sessions s JOIN organizers o ON o.id = s.organizer_id
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(secrets::hash(token))
    .bind(secrets::now())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, name, role)| OrganizerAccount {
        id,
        name,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
    }))
}

pub async fn log_out(db: &Db, token: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM organizer_sessions WHERE token_hash = $1")
        .bind(secrets::hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// Records a change: who did it, what, to what, with details.
pub async fn audit(
    db: &Db,
    actor: &OrganizerAccount,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(secrets::now())
    .bind(format!("{} ({})", actor.name, actor.id))
    .bind(action)
    .bind(subject)
    .bind(detail.to_string())
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

pub async fn audit_log(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("korrekt hest batteri").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("korrekt"));
        assert!(verify_password("korrekt hest batteri", &hash));
        assert!(!verify_password("korrekt hest batteri!", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn roles_include_the_ones_below() {
        assert!(Role::Admin > Role::Reviewer && Role::Reviewer > Role::Viewer);
        for role in [Role::Viewer, Role::Reviewer, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
