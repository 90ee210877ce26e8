//! Draft backups: only the shopper's own devices read them, only the newest is kept, they never reach the
//! review queue or the exports, and a received evaluation's backup is gone (and refused from then on).

use crate::common::{
    error_code, first_assignment, organizer_list, submission, valid_answers, TestServer,
    ORGANIZER_TOKEN,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use uuid::Uuid;

fn draft(
    id: Uuid,
    assignment: &str,
    state: &str,
    revision: u32,
    updated_at_ms: i64,
    notes: &str,
) -> Value {
    let mut content = submission(assignment, revision, json!({ "ordvalg": 4 }))["content"].clone();
    content["notes"] = json!(notes);
    json!({
        "id": id, "revision": revision, "state": state, "content": content, "updated_at_ms": updated_at_ms,
    })
}

async fn back_up(server: &TestServer, token: &str, id: Uuid, body: &Value) -> (StatusCode, Value) {
    let response = server
        .http
        .put(server.url(&format!("/api/v1/drafts/{id}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn backups(server: &TestServer, token: &str) -> Vec<Value> {
    serde_json::from_value(server.shopper_get("/api/v1/drafts", token).await).unwrap()
}

#[tokio::test]
async fn the_newest_backup_is_kept_for_the_shoppers_own_devices_only() {
    let server = TestServer::start().await;
    let phone = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let new_phone = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let other = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &phone).await;
    let id = Uuid::new_v4();

    let (status, _) = back_up(
        &server,
        &phone,
        id,
        &draft(id, &assignment, "draft", 1, 2_000, "nyest"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // An older state arriving late (a slow request) does not replace it.
    let (status, _) = back_up(
        &server,
        &phone,
        id,
        &draft(id, &assignment, "draft", 1, 1_000, "eldre"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let mine = backups(&server, &new_phone).await;
    assert_eq!(mine.len(), 1, "one backup per evaluation");
    assert_eq!(
        (mine[0]["id"].as_str(), mine[0]["content"]["notes"].as_str()),
        (Some(&*id.to_string()), Some("nyest"))
    );
    assert!(
        backups(&server, &other).await.is_empty(),
        "another shopper sees nothing"
    );
    let (status, body) = back_up(
        &server,
        &other,
        id,
        &draft(id, &assignment, "draft", 1, 3_000, "fremmed"),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    assert_eq!(
        backups(&server, &phone).await[0]["content"]["notes"],
        "nyest"
    );

    // Drafts are never in the review queue or the exports.
    assert!(organizer_list(&server).await.is_empty());
    let export = server
        .http
        .get(server.url("/api/v1/organizer/export/evaluations.csv"))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!export.contains(&id.to_string()), "{export}");
}

#[tokio::test]
async fn a_received_evaluation_has_no_backup_and_takes_none() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let id = Uuid::new_v4();
    back_up(
        &server,
        &token,
        id,
        &draft(id, &assignment, "draft", 1, 1_000, "underveis"),
    )
    .await;

    let (status, body) = server
        .push(
            Some(&token),
            id,
            &submission(&assignment, 1, valid_answers()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        backups(&server, &token).await.is_empty(),
        "deleted when received"
    );
    let (status, body) = back_up(
        &server,
        &token,
        id,
        &draft(id, &assignment, "draft", 1, 2_000, "sent"),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "already_received")
    );
    // Another evaluation for the same assignment could never be sent: not kept either.
    let other = Uuid::new_v4();
    let (status, _) = back_up(
        &server,
        &token,
        other,
        &draft(other, &assignment, "draft", 1, 2_000, "to"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A returned evaluation being corrected is the next revision: backed up.
    let (status, _) = back_up(
        &server,
        &token,
        id,
        &draft(id, &assignment, "returned", 1, 3_000, "rettet"),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(backups(&server, &token).await.len(), 1);
    assert_eq!(
        server.stored_rows().await,
        1,
        "the push protocol's one row, nothing more"
    );
}

#[tokio::test]
async fn only_drafts_are_backed_up_and_the_path_names_the_body() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let id = Uuid::new_v4();
    let (status, body) = back_up(
        &server,
        &token,
        id,
        &draft(id, &assignment, "outbox", 1, 1, ""),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let (status, body) = back_up(
        &server,
        &token,
        Uuid::new_v4(),
        &draft(id, &assignment, "draft", 1, 1, ""),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let response = server
        .http
        .get(server.url("/api/v1/drafts"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let garbage = server
        .http
        .put(server.url(&format!("/api/v1/drafts/{id}")))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"id\": 7")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let body: Value = garbage.json().await.unwrap();
    assert_eq!(
        error_code(&body),
        "bad_request",
        "a JSON error with a stable code"
    );
}
