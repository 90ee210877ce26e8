//! Every organizer change is kept together with its audit entry or not at all, whoever makes it: the API, the
//! console, or the command line.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use shopper_server::store::Store;

use crate::common::*;

/// Rows of the tables the changes below would touch.
async fn counts(server: &TestServer) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "shoppers",
        "invites",
        "companies",
        "classes",
        "questionnaires",
        "assignments",
    ] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&server.db)
            .await
            .unwrap();
        counts.push(n);
    }
    counts
}

async fn status_of(server: &TestServer, id: uuid::Uuid) -> String {
    sqlx::query_as::<_, (String,)>("SELECT status FROM evaluations WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&server.db)
        .await
        .unwrap()
        .0
}

async fn post(server: &TestServer, path: &str, body: Body) -> StatusCode {
    let mut request = server
        .http
        .post(server.url(&format!("/api/v1/organizer{path}")))
        .bearer_auth(ORGANIZER_TOKEN);
    request = match body {
        Body::None => request,
        Body::Json(value) => request.json(&value),
        Body::Text(text) => request.header("content-type", import_type(path)).body(text),
    };
    request.send().await.unwrap().status()
}

#[tokio::test]
async fn a_change_whose_audit_entry_cannot_be_written_is_not_kept() {
    let server = TestServer::start().await;
    let (_, _, evaluation) = server.pushed_evaluation().await;
    let shopper = demo::DEMO_SHOPPER_ID;
    // The audit log goes missing: every audit insert now fails.
    sqlx::query("ALTER TABLE audit_log RENAME TO audit_log_gone")
        .execute(&server.db)
        .await
        .unwrap();
    let before = counts(&server).await;
    let changed_definition =
        demo::QUESTIONNAIRE_FILE.replace("Kundeservice – prestasjoner", "Kundeservice – endret");
    let changes = [
        ("/shoppers", Body::Json(json!({ "name": "Uten logg" }))),
        (&format!("/shoppers/{shopper}/invites") as &str, Body::None),
        (&format!("/shoppers/{shopper}/revoke"), Body::None),
        (
            "/companies/import",
            Body::Text("class,company\nTelekom,Ulogget AS\n".into()),
        ),
        (
            "/assignments/import",
            Body::Text(
                "company,channel,scenario,shopper,contact,window_start,window_end,due\n\
             Hertz,phone,x,demo-shopper,tel:1,2026-12-01,2026-12-10,2026-12-10\n"
                    .into(),
            ),
        ),
        (
            &format!("/evaluations/{evaluation}/review"),
            Body::Json(json!({ "revision": 1, "decision": "approve" })),
        ),
        ("/questionnaires", Body::Text(changed_definition)),
    ];
    let mut kept = Vec::new();
    for (path, body) in changes {
        let status = post(&server, path, body).await;
        if status != StatusCode::INTERNAL_SERVER_ERROR {
            kept.push(format!("{path}: {status}"));
        }
    }
    assert!(kept.is_empty(), "answered as if kept: {kept:#?}");
    assert_eq!(counts(&server).await, before, "no change was kept");
    assert_eq!(
        status_of(&server, evaluation).await,
        "received",
        "the approval was not kept"
    );
    let token = server.sign_in(shopper).await;
    assert_eq!(
        server.assignments(&token).await["shopper_name"],
        "Demo Shopper",
        "the shopper's devices were not locked out"
    );

    // With the audit log back, the same change is kept, with its entry.
    sqlx::query("ALTER TABLE audit_log_gone RENAME TO audit_log")
        .execute(&server.db)
        .await
        .unwrap();
    let approve = json!({ "revision": 1, "decision": "approve" });
    let path = format!("/evaluations/{evaluation}/review");
    assert_eq!(
        post(&server, &path, Body::Json(approve)).await,
        StatusCode::OK
    );
    assert_eq!(status_of(&server, evaluation).await, "approved");
    let log: Value = server
        .http
        .get(server.url("/api/v1/organizer/audit"))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["entries"][0]["action"], "review_approve");
}

#[tokio::test]
async fn the_command_line_import_is_recorded_as_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let file = dir.path().join("kundeservice.toml");
    std::fs::write(&file, demo::QUESTIONNAIRE_FILE).unwrap();
    let imported = Command::new(env!("CARGO_BIN_EXE_shopper-server"))
        .args(["--database-url", &url, "import-questionnaire"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    let store = Store::open(&url).await.unwrap();
    let log = store.audit_log(10).await.unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (
            log[0].actor.as_str(),
            log[0].action.as_str(),
            log[0].subject.as_str()
        ),
        (
            "Command line (command-line)",
            "import_questionnaire",
            "questionnaire kundeservice v1"
        )
    );
}
