//! Opening the database: SQLite in WAL mode with foreign keys on, migrated to the current schema; and the
//! online backup (a consistent copy taken while the server runs).

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Opens (creating it if missing) and migrates the database at `url`, e.g. `sqlite://data/shopper.sqlite`.
pub async fn open(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        // WAL lets readers work while one writer commits; NORMAL is durable against a crash of the process
        // (a power cut may lose the last commits, never corrupt the file).
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Writes a consistent copy of the whole database to `target` (a new file) while the server keeps serving:
/// SQLite's `VACUUM INTO` reads one snapshot. Restore = stop the server, put the copy in place of the
/// database file (removing its `-wal` and `-shm` files), start again (docs/OPERATIONS.md).
pub async fn backup(pool: &SqlitePool, target: &std::path::Path) -> Result<(), sqlx::Error> {
    if target.exists() {
        return Err(sqlx::Error::Protocol(format!(
            "{} exists already: choose a new file",
            target.display()
        )));
    }
    sqlx::query("VACUUM INTO $1")
        .bind(target.display().to_string())
        .execute(pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_database_runs_in_wal_mode_with_synchronous_normal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let pool = open(&format!(
            "sqlite://{}",
            dir.path().join("d.sqlite").display()
        ))
        .await
        .unwrap();
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
}
