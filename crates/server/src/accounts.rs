//! Organizer accounts: roles, Argon2id password hashes, browser sessions (a random token in an HttpOnly
//! cookie, only its hash stored) and the back-off of an account whose logins keep failing.

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

use crate::error::{Error, Reason, Result};
use crate::secrets;
use crate::store::Store;
pub use crate::store::{AuditEntry, AuditQuery, OrganizerAccount, Role};

/// Sessions last a working day at most.
pub const SESSION_HOURS: i64 = 12;
/// A session not used for this long ends (the console left open on a shared computer).
pub const IDLE_MINUTES: i64 = 60;
/// A session's end is moved on at most this often (one write per session and interval, not per request).
const EXTEND_EVERY_MINUTES: i64 = 5;
pub const MIN_PASSWORD_CHARS: usize = 10;

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

/// Seconds a login refused for [`Error::Overloaded`] is told to wait.
pub const OVERLOADED_RETRY_SECONDS: u64 = 1;

/// A password computation, run by one of the hashing threads.
type HashJob = Box<dyn FnOnce() + Send>;

/// The password computations (Argon2id, 19 MiB each): two threads per core (at most eight), started on first
/// use, and a permit for each. A login that finds every permit taken is refused at once ([`Error::Overloaded`]) instead of
/// queueing. Without a bound, a stranger's wrong-password logins each took a blocking thread and its 19 MiB,
/// and hundreds at once held gigabytes; with a fixed set of threads, what the allocator keeps per thread stays
/// bounded too.
struct Hashers {
    permits: Arc<Semaphore>,
    jobs: std::sync::mpsc::Sender<HashJob>,
}

fn hashers() -> &'static Hashers {
    static HASHERS: OnceLock<Hashers> = OnceLock::new();
    HASHERS.get_or_init(|| {
        let threads = (2 * std::thread::available_parallelism().map_or(1, usize::from)).min(8);
        let (jobs, queue) = std::sync::mpsc::channel::<HashJob>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || loop {
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("a hashing thread starts");
        }
        Hashers {
            permits: Arc::new(Semaphore::new(threads)),
            jobs,
        }
    })
}

/// Runs a password computation on a hashing thread under a permit. `wait` says whether to queue for a permit
/// (an admin creating an account) or to refuse at once with [`Error::Overloaded`] (a login anyone can send).
/// The permit is held by the computation itself, so a client that hangs up does not free it early.
pub(crate) async fn hashing<T: Send + 'static>(
    wait: bool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    let hashers = hashers();
    let permits = Arc::clone(&hashers.permits);
    let permit = if wait {
        permits.acquire_owned().await.ok()
    } else {
        permits.try_acquire_owned().ok()
    }
    .ok_or(Error::Overloaded(OVERLOADED_RETRY_SECONDS))?;
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        let _ = done.send(work());
        drop(permit);
    });
    hashers
        .jobs
        .send(job)
        .map_err(|_| Error::Internal("the hashing threads stopped".into()))?;
    answer
        .await
        .map_err(|e| Error::Internal(format!("hashing stopped: {e}")))
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

/// Checks `password` against a stored PHC hash. The 19 MiB of Argon2id working memory is the hashing thread's
/// own, kept between checks: the allocator never has to find (and then keep) a fresh block per login.
pub fn verify_password(password: &str, stored: &str) -> bool {
    thread_local! {
        static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    let Ok(algorithm) = argon2::Algorithm::try_from(hash.algorithm) else {
        return false;
    };
    let version = match hash.version.map(argon2::Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = argon2::Params::try_from(&hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    let mut output = vec![0u8; expected.len()];
    let computed = MEMORY.with_borrow_mut(|memory| {
        memory.resize(blocks, argon2::Block::default());
        argon.hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            &mut output,
            &mut memory[..],
        )
    });
    // `Output` compares in constant time.
    computed.is_ok()
        && argon2::password_hash::Output::new(&output).is_ok_and(|output| output == expected)
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
    let hash = hashing(true, move || hash_password(&password)).await??;
    store
        .insert_organizer(&email, name.trim(), role, &hash)
        .await
}

/// Failed logins an account may have before it must wait.
pub const FREE_FAILURES: u32 = 10;
/// The longest wait between two logins of an account whose logins keep failing.
pub const MAX_BACK_OFF: Duration = Duration::from_secs(15 * 60);
/// Failures are forgotten when the account has none for this long.
const FAILURES_KEPT: Duration = Duration::from_secs(60 * 60);

/// Failed logins per account (by e-mail, whatever address they come from, existing account or not, so the
/// answer tells nothing about which e-mails exist): after [`FREE_FAILURES`], the next login of the account is
/// refused without checking the password until 1 s after the last failure, then 2 s, 4 s, ... up to
/// [`MAX_BACK_OFF`]. A successful login clears the count. In memory, per server process.
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// The wait after `failures` failed logins in a row.
pub fn back_off(failures: u32) -> Duration {
    match failures.checked_sub(FREE_FAILURES) {
        None => Duration::ZERO,
        Some(over) => Duration::from_secs(1u64 << over.min(20)).min(MAX_BACK_OFF),
    }
}

impl LoginThrottle {
    /// Seconds the account must still wait before a login is checked, if any.
    pub fn wait(&self, email: &str, now: Instant) -> Option<u64> {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (count, last) = failures.get(email)?;
        let until = *last + back_off(*count);
        (until > now && now.duration_since(*last) < FAILURES_KEPT)
            .then(|| until.duration_since(now).as_secs_f64().ceil() as u64)
            .map(|seconds| seconds.max(1))
    }

    pub fn failed(&self, email: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, (_, last)| now.duration_since(*last) < FAILURES_KEPT);
        }
        let (count, last) = failures.entry(email.to_owned()).or_insert((0, now));
        if now.duration_since(*last) >= FAILURES_KEPT {
            *count = 0;
        }
        *count += 1;
        *last = now;
    }

    pub fn succeeded(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(email);
    }
}

/// Who is logging in, for the words of the log.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LoginKind {
    Organizer,
    Participant,
}

/// What every password login shares, around the account's look-up `found` (run only when the account is not
/// waiting): the back-off, the same answer time with or without an account, the log without e-mail or
/// password, counting the failure or clearing the account's failures. The account when both matched.
pub(crate) async fn checked_password<A>(
    throttle: &LoginThrottle,
    kind: LoginKind,
    email: &str,
    password: &str,
    found: impl std::future::Future<Output = Result<Option<(A, String)>>>,
) -> Result<Option<A>> {
    let (refused, failed) = match kind {
        LoginKind::Organizer => (
            "an organizer login refused: the account's logins keep failing",
            "an organizer login failed: wrong e-mail or password",
        ),
        LoginKind::Participant => (
            "a participant login refused: the account's logins keep failing",
            "a participant login failed: wrong e-mail or password",
        ),
    };
    if let Some(seconds) = throttle.wait(email, Instant::now()) {
        tracing::warn!(wait_seconds = seconds, "{refused}");
        return Err(Error::LoginBackOff(seconds));
    }
    let found = found.await?;
    // Without an account, a dummy verification keeps the answer time the same: no probing for e-mails.
    let stored = found.as_ref().map(|(_, hash)| hash.clone());
    let password = password.to_owned();
    let matches = hashing(false, move || {
        verify_password(&password, &stored.unwrap_or_else(dummy_hash))
    })
    .await?;
    let Some((account, _)) = found.filter(|_| matches) else {
        // Neither the e-mail nor the password is written: the e-mail may be a password typed in the wrong box.
        tracing::warn!("{failed}");
        throttle.failed(email, Instant::now());
        return Ok(None);
    };
    throttle.succeeded(email);
    Ok(Some(account))
}

/// Checks e-mail and password; on success makes a session and returns its token (for the cookie). An account
/// with too many failures in a row is refused with [`Error::LoginBackOff`] before its password is checked.
pub async fn log_in(
    store: &Store,
    throttle: &LoginThrottle,
    email: &str,
    password: &str,
) -> Result<Option<(String, OrganizerAccount)>> {
    let email = email.trim().to_lowercase();
    let found = store.organizer_by_email(&email);
    let Some(account) =
        checked_password(throttle, LoginKind::Organizer, &email, password, found).await?
    else {
        return Ok(None);
    };
    let token = secrets::new_secret();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::minutes(IDLE_MINUTES);
    store
        .insert_session(
            &secrets::hash(&token),
            &account.id,
            &secrets::timestamp(expires),
        )
        .await?;
    Ok(Some((token, account)))
}

pub(crate) fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password("not a real password").unwrap_or_default())
        .clone()
}

/// The organizer signed in with session token `token`. Each use keeps the session for another
/// [`IDLE_MINUTES`], never past [`SESSION_HOURS`] after the login.
pub async fn session(store: &Store, token: &str) -> Result<Option<OrganizerAccount>> {
    let hash = secrets::hash(token);
    let Some((account, created_at, expires_at)) = store.session(&hash).await? else {
        return Ok(None);
    };
    // A write only every few minutes of use, and only for a session young enough that its new end stays
    // within the working day (timestamps are fixed-width UTC text: text order is time order).
    let now = time::OffsetDateTime::now_utc();
    let idle = time::Duration::minutes(IDLE_MINUTES);
    let due =
        expires_at < secrets::timestamp(now + idle - time::Duration::minutes(EXTEND_EVERY_MINUTES));
    let young = created_at > secrets::timestamp(now - time::Duration::hours(SESSION_HOURS) + idle);
    if due && young {
        store
            .extend_session(&hash, &secrets::timestamp(now + idle))
            .await?;
    }
    Ok(Some(account))
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
    fn an_account_waits_longer_after_each_failure_beyond_the_free_ones() {
        assert_eq!(back_off(FREE_FAILURES - 1), Duration::ZERO);
        assert_eq!(back_off(FREE_FAILURES), Duration::from_secs(1));
        assert_eq!(back_off(FREE_FAILURES + 3), Duration::from_secs(8));
        assert_eq!(back_off(FREE_FAILURES + 40), MAX_BACK_OFF);
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for n in 0..FREE_FAILURES + 2 {
            let free = n < FREE_FAILURES;
            assert_eq!(throttle.wait("a@x.no", start).is_none(), free, "{n}");
            throttle.failed("a@x.no", start);
        }
        assert_eq!(throttle.wait("a@x.no", start), Some(4));
        assert_eq!(
            throttle.wait("a@x.no", start + Duration::from_secs(3)),
            Some(1)
        );
        assert_eq!(
            throttle.wait("a@x.no", start + Duration::from_secs(4)),
            None
        );
        assert_eq!(
            throttle.wait("b@x.no", start),
            None,
            "accounts are counted apart"
        );
        throttle.succeeded("a@x.no");
        assert_eq!(
            throttle.wait("a@x.no", start),
            None,
            "a success clears the count"
        );
    }

    #[test]
    fn roles_include_the_ones_below() {
        assert!(Role::Admin > Role::Reviewer && Role::Reviewer > Role::Viewer);
        for role in [Role::Viewer, Role::Reviewer, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}

/// Entries on one page of the audit log.
pub const AUDIT_PAGE: i64 = 100;

/// The audit log's filter as it stands in a URL (the console's and the API's); empty fields are "any". The
/// days are Oslo days, `to` included.
#[derive(serde::Deserialize, serde::Serialize, Default, Clone, Debug)]
pub struct AuditFilter {
    /// Exactly this actor, as the log names them ("Name (id)").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub person: String,
    /// Exactly this kind of entry (`review_approve`, `withdraw_company`, ...).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
    /// From 0, newest first.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub page: String,
}

/// One page of the audit log, with how many entries the filter gives in all.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AuditSheet {
    /// From 0, newest first.
    pub page: i64,
    pub page_size: i64,
    pub pages: i64,
    pub total: i64,
    pub entries: Vec<AuditEntry>,
}

/// A part of the filter that cannot be used: (its field, as given).
pub type BadPart = (&'static str, String);

impl AuditFilter {
    /// The database's query, and the parts that could not be read (left out).
    pub fn query(&self) -> (AuditQuery, Vec<BadPart>) {
        let mut problems = vec![];
        // A name with a NUL character is nobody's (and PostgreSQL refuses it in text).
        let mut name = |field: &'static str, text: &str| {
            if text.contains('\0') {
                problems.push((field, text.replace('\0', "\\0")));
                return None;
            }
            Some(text.to_owned()).filter(|t| !t.is_empty())
        };
        let (actor, action) = (name("person", &self.person), name("kind", &self.kind));
        let mut day = |field: &'static str, text: &str, after: bool| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let at = crate::progress::oslo_midnight_utc(text, after);
            if at.is_none() {
                problems.push((field, text.to_owned()));
            }
            at
        };
        let (from, before) = (day("from", &self.from, false), day("to", &self.to, true));
        let query = AuditQuery {
            actor,
            action,
            from,
            before,
        };
        (query, problems)
    }

    pub fn page_number(&self) -> i64 {
        self.page
            .trim()
            .parse::<i64>()
            .map_or(0, |p| p.clamp(0, 1_000_000))
    }
}

/// The page of the audit log `filter` asks for; a part that cannot be read is refused when `strict` (a
/// program), else left out and returned (the console says so).
pub async fn audit_sheet(
    store: &Store,
    filter: &AuditFilter,
    strict: bool,
) -> Result<(AuditSheet, Vec<BadPart>)> {
    let (query, problems) = filter.query();
    if strict {
        let bad_page = (!filter.page.trim().is_empty()
            && filter.page.trim().parse::<u32>().is_err())
        .then(|| ("page", filter.page.trim().to_owned()));
        if let Some((field, given)) = problems.first().cloned().or(bad_page) {
            return Err(Error::Refused(Reason::BadFilter { field, given }));
        }
    }
    let page = filter.page_number();
    let total = store.audit_count(&query).await?;
    let entries = store
        .audit_page(&query, page * AUDIT_PAGE, AUDIT_PAGE)
        .await?;
    Ok((
        AuditSheet {
            page,
            page_size: AUDIT_PAGE,
            pages: (total + AUDIT_PAGE - 1) / AUDIT_PAGE,
            total,
            entries,
        },
        problems,
    ))
}
