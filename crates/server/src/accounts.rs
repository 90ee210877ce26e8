//! Organizer accounts: roles, Argon2id password hashes and browser sessions (a random token in an HttpOnly
//! cookie, only its hash stored).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::{Error, Reason, Result};
use crate::secrets;
use crate::store::Store;
pub use crate::store::{AuditEntry, OrganizerAccount, Role};

/// Sessions last a working day.
pub const SESSION_HOURS: i64 = 12;
const MIN_PASSWORD_CHARS: usize = 10;

impl OrganizerAccount {
    /// Who changes things from the server's command line (the questionnaire import): acts as an admin.
    pub fn command_line() -> Self {
        OrganizerAccount {
            id: "command-line".into(),
            name: "Command line".into(),
            role: Role::Admin,
            language: "nb".into(),
        }
    }

    /// The configured organizer API token, which acts as an admin.
    pub fn api_token() -> Self {
        OrganizerAccount {
            id: "api-token".into(),
            name: "API token".into(),
            role: Role::Admin,
            language: "nb".into(),
        }
    }
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| Error::Internal(format!("the password cannot be hashed: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Internal(format!("the password cannot be hashed: {e}")))
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
    store: &Store,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<String> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') || name.trim().is_empty() {
        return Err(Error::Refused(Reason::OrganizerNeedsEmailAndName));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::Refused(Reason::PasswordTooShort(MIN_PASSWORD_CHARS)));
    }
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| Error::Internal(format!("hashing stopped: {e}")))??;
    store
        .insert_organizer(&email, name.trim(), role, &hash)
        .await
}

/// Checks e-mail and password; on success makes a session and returns its token (for the cookie).
pub async fn log_in(
    store: &Store,
    email: &str,
    password: &str,
) -> Result<Option<(String, OrganizerAccount)>> {
    let found = store
        .organizer_by_email(&email.trim().to_lowercase())
        .await?;
    // Without an account, a dummy verification keeps the answer time the same: no probing for e-mails.
    let stored = found
        .as_ref()
        .map_or_else(dummy_hash, |(_, hash)| hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .unwrap_or(false);
    let Some((account, _)) = found.filter(|_| matches) else {
        return Ok(None);
    };
    let token = secrets::new_secret();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(SESSION_HOURS);
    store
        .insert_session(
            &secrets::hash(&token),
            &account.id,
            &secrets::timestamp(expires),
        )
        .await?;
    Ok(Some((token, account)))
}

fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password("not a real password").unwrap_or_default())
        .clone()
}

/// The organizer signed in with session token `token`.
pub async fn session(store: &Store, token: &str) -> Result<Option<OrganizerAccount>> {
    store.session(&secrets::hash(token)).await
}

pub async fn log_out(store: &Store, token: &str) -> Result<()> {
    store.delete_session(&secrets::hash(token)).await
}

/// The console languages an organizer can choose.
pub const LANGUAGES: [&str; 2] = ["nb", "en"];

pub async fn choose_language(
    store: &Store,
    organizer: &OrganizerAccount,
    language: &str,
) -> Result<()> {
    if !LANGUAGES.contains(&language) {
        return Err(Error::Refused(Reason::UnknownLanguage(language.to_owned())));
    }
    store.set_language(&organizer.id, language).await
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
