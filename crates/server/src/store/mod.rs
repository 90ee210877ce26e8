//! Storage: every SQL statement of the server, as methods of one [`Store`] (reads and lone writes) and of the
//! [`WriteTransaction`] a change opens from it (writes that must commit together). Nothing else talks to the
//! database, and nothing here knows HTTP.
//!
//! Both databases run behind sqlx's `Any` driver, so every statement is written once, in the SQL both
//! understand (`$1` parameters, `ON CONFLICT`, `RETURNING`); `migrations/sqlite` and `migrations/postgres`
//! hold the same schema in each dialect.

mod accounts;
mod attachments;
mod campaign;
mod devices;
mod drafts;
mod evaluations;
mod participants;
mod plan;
mod questionnaires;
mod results;
mod review;
mod shoppers;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use shopper_domain::Questionnaire;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use accounts::{AuditEntry, AuditQuery, OrganizerAccount, Role};
pub use attachments::Upload;
pub use campaign::{Campaign, CompanyRow, ResolvedAssignment, Spread};
pub use devices::ShopperIdentity;
pub use evaluations::{
    parse_status, EvaluationRow, ExportRow, HeldAssignment, HeldEvaluation, Inserted,
    NewEvaluation, RevisionRow, SeededRevision,
};
pub use participants::{ApprovedContact, Participant, ParticipantSummary, Participation};
pub use plan::{AssignmentLine, HeldLine, PlannedAssignment, RosterRow};
pub use results::{
    ApprovedRow, ApprovedScoreRow, ApprovedSet, CompanyInClass, StoredScore, UnscoredRow,
};
pub use review::{
    EvaluationsState, NewFacts, QueueQuery, QueueRow, QueueSort, ShopperEvaluationRow,
};
pub use shoppers::{RosterEntry, RosterFields, ShopperSummary};

/// The database, and what this process keeps beside it: the SQLite writer gate and the parsed questionnaires.
/// Cloning is cheap; every clone shares the pool, the gate and the cache.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer at a time. Left alone, writers that find the database locked poll with growing
    /// sleeps (SQLite's busy handler: 1, 2, 5 ... 100 ms), which makes the slowest pushes wait far longer than
    /// the queue is; so the writers of this store line up here, first come first served, and each finds the
    /// database free.
    writer_gate: Arc<Mutex<()>>,
    /// Parsed questionnaire versions by (id, version). A stored version never changes (a change is a new
    /// version), so once read it is kept: a push or a ranking then costs no query and no parse.
    questionnaires: Arc<RwLock<QuestionnaireCache>>,
    /// Each campaign's approved evaluations' stored scores as last read, with the state they were read at (results
    /// check the state, one small query, and read again only what was approved since).
    approved: Arc<RwLock<HashMap<String, Arc<results::ApprovedSet>>>>,
    /// The evaluations' state (count, newest receipt, sum of revisions) when the review queue's facts were
    /// last complete: while it is unchanged, no revision lacks its facts and the queue skips looking.
    facts_complete_at: Arc<RwLock<Option<review::EvaluationsState>>>,
}

type QuestionnaireCache = HashMap<(String, u32), Arc<Questionnaire>>;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(sqlx::Error::Configuration(
                format!("DATABASE_URL must start with sqlite: or postgres://, not {url:?}").into(),
            ))
        }
    }

    pub fn of_pool(pool: &AnyPool) -> Self {
        Self::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Backend::Sqlite)
    }
}

/// Opens and migrates the database at `url`: `sqlite://data/shopper.sqlite` (the file is created when
/// missing) or `postgres://user:password@host/database` (the database must exist).
async fn open_pool(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)?;
    let url = match backend {
        Backend::Sqlite if !url.contains("mode=") => {
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}mode=rwc")
        }
        _ => url.to_owned(),
    };
    let options: AnyConnectOptions = url.parse()?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers work while one writer commits; synchronous=NORMAL is durable against a
                    // crash of the process (a power cut may lose the last commits, never corrupt the file).
                    // Commits then never wait for the disk; checkpoints (copying the log into the database,
                    // with an fsync) do, so they run beside the writers (`checkpoint_in_background`) instead
                    // of inside whichever commit crosses 1000 pages. journal_size_limit cuts the log file
                    // back to 8 MiB whenever it starts over, so a burst of writes does not leave it large.
                    connection
                        .execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
                             PRAGMA wal_autocheckpoint = 0;
                             PRAGMA journal_size_limit = 8388608;",
                        )
                        .await?;
                }
                Ok(())
            })
        })
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await?;
    match backend {
        Backend::Sqlite => {
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            checkpoint_in_background(pool.clone());
        }
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
    }
    Ok(pool)
}

impl Store {
    /// Opens and migrates the database at `url`: `sqlite://data/shopper.sqlite` (the file is created when
    /// missing) or `postgres://user:password@host/database` (the database must exist).
    pub async fn open(url: &str) -> Result<Store, sqlx::Error> {
        let pool = open_pool(url).await?;
        Ok(Store {
            backend: Backend::of_pool(&pool),
            pool,
            writer_gate: Arc::default(),
            questionnaires: Arc::default(),
            approved: Arc::default(),
            facts_complete_at: Arc::default(),
        })
    }

    /// The pool itself, for tests and benchmarks that look at rows directly.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn writer_gate(&self) -> Option<OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(Arc::clone(&self.writer_gate).lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// Starts a transaction that will write. On SQLite it waits for this store's writer turn and takes the
    /// write lock at once (`BEGIN IMMEDIATE`), so a transaction that reads before it writes cannot fail with
    /// "database is locked" when another writer got in between; PostgreSQL takes row locks as it goes.
    ///
    /// The connection is taken before the turn, as [`Store::writer_turn`] does: a writer holding the turn
    /// while waiting for a connection, with every connection held by writers waiting for the turn, would wait
    /// forever (pushes, which keep every revision in a transaction, are many).
    pub async fn begin_write(&self) -> Result<WriteTransaction, sqlx::Error> {
        let connection = self.pool.acquire().await?;
        let turn = self.writer_gate().await;
        let begin = match self.backend {
            Backend::Sqlite => Some("BEGIN IMMEDIATE".into()),
            Backend::Postgres => None,
        };
        let transaction = Transaction::begin(connection, begin).await?;
        Ok(WriteTransaction {
            transaction,
            _turn: turn,
        })
    }

    /// A connection for one writing statement outside a transaction, holding the writer turn until dropped
    /// (nothing to wait for on PostgreSQL). The connection is taken first, so the turn is held only while the
    /// statement runs.
    async fn writer_turn(&self) -> Result<WriterTurn, sqlx::Error> {
        let connection = self.pool.acquire().await?;
        Ok(WriterTurn {
            connection,
            _turn: self.writer_gate().await,
        })
    }

    /// Writes a consistent copy of the whole SQLite database to `target` (a new file) while the server keeps
    /// serving: `VACUUM INTO` reads one snapshot. Restore = stop the server, put the copy in place of the database
    /// file (removing its `-wal` and `-shm` files), start again (docs/OPERATIONS.md). PostgreSQL is backed up
    /// with its own tools (`pg_dump`), as OPERATIONS.md says.
    pub async fn backup(&self, target: &std::path::Path) -> Result<(), sqlx::Error> {
        if self.backend != Backend::Sqlite {
            return Err(sqlx::Error::Configuration(
                "backup copies an SQLite database; back PostgreSQL up with pg_dump (docs/OPERATIONS.md)".into(),
            ));
        }
        if target.exists() {
            return Err(sqlx::Error::Protocol(format!(
                "{} exists already: choose a new file",
                target.display()
            )));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(target.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A transaction that will write, holding its turn as SQLite's writer until it commits or is dropped. The
/// writes of one organizer change and its audit entry are its methods, so they commit together or not at all.
pub struct WriteTransaction {
    transaction: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.transaction.commit().await
    }

    fn connection(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.transaction
    }
}

struct WriterTurn {
    connection: sqlx::pool::PoolConnection<Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriterTurn {
    fn connection(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.connection
    }
}

/// How often the log is checkpointed (and its size looked at).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);
/// Checkpoints without a new write to the log (5 s) after which it is truncated to nothing.
const IDLE_BEFORE_TRUNCATE: u32 = 20;
/// The log's size above which it is truncated at the next second even while writes go on.
const WAL_SOFT_LIMIT_BYTES: i64 = 8 << 20;

/// Copies SQLite's write-ahead log into the database file four times a second, without holding up the
/// writers (a PASSIVE checkpoint takes no write lock), until the pool is closed. Readers that never pause can
/// keep a passive checkpoint from starting the log over, so it would only grow: once nothing was written for
/// 5 seconds ([`IDLE_BEFORE_TRUNCATE`] checkpoints), a TRUNCATE checkpoint (which waits for readers, briefly,
/// and holds the writers for that moment) empties the file; so does one whenever the log has grown past
/// [`WAL_SOFT_LIMIT_BYTES`], so a season of busy writes and reads never leaves it large.
fn checkpoint_in_background(pool: AnyPool) {
    tokio::spawn(async move {
        let page_size: i64 = sqlx::query_as::<_, (i64,)>("PRAGMA page_size")
            .fetch_one(&pool)
            .await
            .map_or(4096, |(size,)| size);
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let (mut last_frames, mut idle) = (0i64, 0u32);
        while !pool.is_closed() {
            every.tick().await;
            let passive: Result<(i64, i64, i64), _> =
                sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                    .fetch_one(&pool)
                    .await;
            let frames = match passive {
                Ok((_, frames, _)) => frames,
                Err(error) => {
                    if pool.is_closed() {
                        break;
                    }
                    tracing::warn!(%error, "WAL checkpoint failed; trying again shortly");
                    continue;
                }
            };
            idle = if frames == last_frames { idle + 1 } else { 0 };
            last_frames = frames;
            let too_large = frames * page_size > WAL_SOFT_LIMIT_BYTES;
            if frames > 0 && (idle >= IDLE_BEFORE_TRUNCATE || too_large) {
                match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)")
                    .fetch_one(&pool)
                    .await
                {
                    Ok((0, _, _)) => last_frames = 0,
                    // Busy (a reader held on): try again at the next idle second.
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "WAL truncation failed; trying again later")
                    }
                }
            }
        }
    });
}

/// A number the database holds as BIGINT, as the u32 the domain uses (a corrupt value is a decode error).
fn to_u32(value: i64, what: &str) -> Result<u32, sqlx::Error> {
    u32::try_from(value).map_err(|_| sqlx::Error::Decode(format!("bad {what}: {value}").into()))
}

fn parse_uuid(text: &str) -> Result<uuid::Uuid, sqlx::Error> {
    uuid::Uuid::parse_str(text).map_err(|e| sqlx::Error::Decode(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_sqlite_database_runs_in_wal_mode_with_synchronous_normal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let pool = Store::open(&format!(
            "sqlite://{}",
            dir.path().join("d.sqlite").display()
        ))
        .await
        .unwrap()
        .pool()
        .clone();
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        let (synchronous,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(&pool)
            .await
            .unwrap();
        let (foreign_keys,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!((mode.as_str(), synchronous, foreign_keys), ("wal", 1, 1));
    }

    #[tokio::test]
    async fn the_log_is_copied_into_the_database_file_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.sqlite");
        let store = Store::open(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let pool = store.pool();
        let (autocheckpoint,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(autocheckpoint, 0, "no commit waits for a checkpoint");
        let size = || std::fs::metadata(&file).unwrap().len();
        for n in 0..200 {
            sqlx::query("INSERT INTO campaigns (id, name) VALUES ($1, $2)")
                .bind(format!("c{n}"))
                .bind("x".repeat(2000))
                .execute(pool)
                .await
                .unwrap();
        }
        // No commit copies the log into the file; only the background checkpoint does.
        let mut waited = 0;
        while size() < 200 * 2000 && waited < 50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += 1;
        }
        assert!(size() >= 200 * 2000, "checkpointed within 5 s");
    }

    #[tokio::test]
    async fn the_log_is_emptied_once_writes_pause_even_while_reads_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("w.sqlite");
        let store = Store::open(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let pool = store.pool().clone();
        let wal = || std::fs::metadata(dir.path().join("w.sqlite-wal")).map_or(0, |m| m.len());
        // A burst of writes while a reader holds one snapshot all along: no checkpoint can start the log over,
        // so it grows (deterministically, however fast the machine checkpoints).
        let mut held = pool.acquire().await.unwrap();
        sqlx::query("BEGIN").execute(&mut *held).await.unwrap();
        let _: Vec<(String,)> = sqlx::query_as("SELECT name FROM campaigns")
            .fetch_all(&mut *held)
            .await
            .unwrap();
        for n in 0..180 {
            sqlx::query("INSERT INTO campaigns (id, name) VALUES ($1, $2)")
                .bind(format!("c{n}"))
                .bind("x".repeat(20_000))
                .execute(&pool)
                .await
                .unwrap();
        }
        sqlx::query("ROLLBACK").execute(&mut *held).await.unwrap();
        drop(held);
        // Then the writes pause, and short reads go on all the while.
        let reading = tokio::spawn({
            let pool = pool.clone();
            async move {
                loop {
                    let _: Vec<(String,)> = sqlx::query_as("SELECT name FROM campaigns")
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
            }
        });
        let high = wal();
        // Large, but under the soft limit: what empties it is the pause, not its size.
        assert!(
            high > 4 * 1024 * 1024 && high < WAL_SOFT_LIMIT_BYTES as u64,
            "the burst wrote a large log: {high}"
        );
        let mut waited = 0;
        while wal() > 0 && waited < 150 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += 1;
        }
        assert_eq!(wal(), 0, "the log is emptied within 15 s of the last write");
        reading.abort();
    }

    #[test]
    fn a_url_of_another_database_is_refused_with_what_is_accepted() {
        assert_eq!(Backend::of_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        let error = Backend::of_url("mysql://u@h/db").unwrap_err().to_string();
        assert!(error.contains("sqlite: or postgres://"), "{error}");
    }
}
