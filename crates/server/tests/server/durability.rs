//! Keeping data: an online backup of SQLite taken while the server runs restores to exactly the same data
//! (PostgreSQL is backed up with pg_dump, not by this server), and oversized requests are refused with a JSON
//! 413 that changes nothing.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use shopper_server::store::{Backend, Store};
use sqlx::AnyPool as Db;
use uuid::Uuid;

async fn dump(pool: &Db) -> Vec<String> {
    let mut lines = Vec::new();
    for table in [
        "campaigns",
        "classes",
        "companies",
        "questionnaires",
        "shoppers",
        "assignments",
        "evaluations",
        "organizers",
        "audit_log",
    ] {
        let columns: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(pool)
                .await
                .unwrap();
        assert!(!columns.is_empty(), "{table}");
        let list: Vec<String> = columns.into_iter().map(|(c,)| c).collect();
        let rows: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT json_array({}) FROM {table} ORDER BY 1",
            list.join(", ")
        ))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{table}: {e}"));
        lines.extend(rows.into_iter().map(|(row,)| format!("{table} {row}")));
    }
    lines
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_to_the_same_data() {
    let server = TestServer::start().await;
    if server.backend() != Backend::Sqlite {
        eprintln!("the backup command is SQLite's; PostgreSQL uses pg_dump");
        return;
    }
    let (_, _, id) = server.pushed_evaluation().await;
    review(
        &server,
        id,
        json!({ "revision": 1, "decision": "return", "review": { "comment": "Sjekk ventetiden" } }),
    )
    .await;

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.sqlite");
    server.store.backup(&copy).await.unwrap();
    assert!(
        server.store.backup(&copy).await.is_err(),
        "never overwrites a file"
    );

    // Restoring is opening the copy as the database.
    let restored = Store::open(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    let original = dump(&server.db).await;
    assert!(original
        .iter()
        .any(|l| l.starts_with("evaluations ") && l.contains("Sjekk ventetiden")));
    assert_eq!(dump(restored.pool()).await, original);
}

#[tokio::test]
async fn oversized_bodies_are_a_json_413_and_store_nothing() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let mut huge = valid_answers();
    huge["beste"] = json!("x".repeat(300 * 1024));
    let (status, body) = server
        .push(
            Some(&token),
            Uuid::new_v4(),
            &submission(&assignment, 1, huge),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large"))
    );
    assert_eq!(server.stored_rows().await, 0);

    // An import file has a larger limit than other bodies (imports.rs), the same through the console.
    let big_csv = format!("class,company\n{}", "Bank,Et selskap\n".repeat(600_000));
    assert!(big_csv.len() > shopper_server::imports::IMPORT_MAX_BYTES);
    let response = server
        .http
        .post(server.url("/api/v1/organizer/companies/import"))
        .bearer_auth(ORGANIZER_TOKEN)
        .body(big_csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_large");
}
