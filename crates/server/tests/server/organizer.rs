//! The organizer's side of the API: accounts with roles and session cookies, the audit log, and rankings per
//! class from approved evaluations. (Who may call which route: access.rs.)

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shopper_server::demo;

#[tokio::test]
async fn a_wrong_password_is_refused_alike_for_unknown_and_known_accounts_and_logging_out_ends_the_session(
) {
    let server = TestServer::start().await;
    for email in ["admin@demo.example", "nobody@demo.example"] {
        let response = server
            .http
            .post(server.url("/api/v1/organizer/login"))
            .json(&json!({ "email": email, "password": "wrong password" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().get("set-cookie").is_none());
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["message"], "wrong e-mail or password");
    }
    let cookie = log_in(&server, "Admin@Demo.Example ").await;
    let me = get_json(&server, "/api/v1/organizer/me", &cookie).await;
    assert_eq!(
        (me["role"].as_str(), me["name"].as_str()),
        (Some("admin"), Some("Demo admin"))
    );
    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM organizer_sessions")
        .fetch_all(&server.db)
        .await
        .unwrap();
    let token = cookie.split('=').nth(1).unwrap();
    assert!(
        stored.iter().all(|(hash,)| hash != token),
        "sessions are stored hashed"
    );

    let out = server
        .http
        .post(server.url("/api/v1/organizer/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let after = call(
        &server,
        &Caller::Cookie(&cookie),
        Method::GET,
        "/api/v1/organizer/me",
        &Body::None,
    )
    .await;
    assert_eq!(after, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    let server = TestServer::start().await;
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT password_hash FROM organizers")
        .fetch_all(&server.db)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 3);
    for (hash,) in hashes {
        assert!(
            hash.starts_with("$argon2id$") && !hash.contains(demo::ORGANIZER_PASSWORD),
            "{hash}"
        );
    }
}

#[tokio::test]
async fn reviews_are_in_the_audit_log_and_rankings_count_approved_evaluations_only() {
    let server = TestServer::start().await;
    let reviewer = log_in(&server, "reviewer@demo.example").await;
    let (_, _, id) = server.pushed_evaluation().await; // asserts 201 Created

    const RANKINGS: &str = "/api/v1/organizer/rankings?halfway=2099-01-01&min_contacts=1";
    // The first phone assignment is Lendo's (class "Lån og finansformidling").
    let lendo_class = |body: &Value| {
        body["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == "Lån og finansformidling")
            .unwrap()
            .clone()
    };
    let before = lendo_class(&get_json(&server, RANKINGS, &reviewer).await);
    assert!(
        before["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .all(|line| line["rank"].is_null()),
        "received is not approved"
    );

    let approve = server
        .http
        .post(server.url(&format!("/api/v1/organizer/evaluations/{id}/review")))
        .header("cookie", &reviewer)
        .json(&json!({ "revision": 1, "decision": "approve" }))
        .send()
        .await
        .unwrap();
    assert_eq!(approve.status(), StatusCode::OK);

    let after = lendo_class(&get_json(&server, RANKINGS, &reviewer).await);
    let first = &after["ranking"][0];
    assert_eq!(
        (
            first["company"].as_str(),
            first["rank"].as_u64(),
            first["evaluations"].as_u64()
        ),
        (Some("Lendo"), Some(1), Some(1))
    );
    assert!(first["percent"].as_f64().unwrap() > 50.0);
    assert_eq!(after["halfway_leaders"], json!(["Lendo"]));
    assert!(
        after["ranking"][1]["rank"].is_null(),
        "companies without evaluations are unranked"
    );

    let audit = get_json(&server, "/api/v1/organizer/audit", &reviewer).await["entries"].clone();
    assert_eq!(audit[0]["action"], "review_approve");
    assert_eq!(audit[0]["subject"], format!("evaluation {id}"));
    assert!(audit[0]["actor"]
        .as_str()
        .unwrap()
        .starts_with("Demo reviewer"));

    let bad = call(
        &server,
        &Caller::Cookie(&reviewer),
        Method::GET,
        "/api/v1/organizer/rankings?halfway=soon",
        &Body::None,
    )
    .await;
    assert_eq!(bad, StatusCode::BAD_REQUEST);
    let chat_only = get_json(
        &server,
        "/api/v1/organizer/rankings?channel=chat&min_contacts=1",
        &reviewer,
    )
    .await;
    assert!(
        lendo_class(&chat_only)["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .all(|line| line["rank"].is_null()),
        "the approved one was a phone call"
    );
}

#[tokio::test]
async fn an_invite_signs_in_one_device_once_and_revoking_locks_the_shoppers_devices_out() {
    let server = TestServer::start().await;
    let admin = log_in(&server, "admin@demo.example").await;
    let post = |path: String, body: Value| {
        let request = server
            .http
            .post(server.url(&path))
            .header("cookie", &admin)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let (status, shopper) = post(
        "/api/v1/organizer/shoppers".into(),
        json!({ "name": "Ola Nordmann" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = shopper["id"].as_str().unwrap().to_owned();
    let (status, invite) = post(
        format!("/api/v1/organizer/shoppers/{id}/invites"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let link = invite["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!("{}/signin#code=", server.base)),
        "{link}"
    );
    assert!(invite["qr_svg"].as_str().unwrap().contains("<svg"));
    let code = link.split("code=").nth(1).unwrap();

    let sign_in = |code: String| {
        let request = server
            .http
            .post(server.url("/api/v1/sign-in"))
            .json(&json!({ "invite_code": code }));
        async move { request.send().await.unwrap() }
    };
    let first = sign_in(code.to_owned()).await;
    assert_eq!(first.status(), StatusCode::OK);
    let token = first.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        sign_in(code.to_owned()).await.status(),
        StatusCode::NOT_FOUND,
        "a link signs in once"
    );
    assert_eq!(
        call(
            &server,
            &Caller::Shopper(&token),
            Method::GET,
            "/api/v1/assignments",
            &Body::None
        )
        .await,
        StatusCode::OK
    );

    let (_, second_invite) = post(
        format!("/api/v1/organizer/shoppers/{id}/invites"),
        json!({}),
    )
    .await;
    let (status, revoked) =
        post(format!("/api/v1/organizer/shoppers/{id}/revoke"), json!({})).await;
    assert_eq!(
        (status, revoked["devices"].as_u64()),
        (StatusCode::OK, Some(1))
    );
    assert_eq!(
        call(
            &server,
            &Caller::Shopper(&token),
            Method::GET,
            "/api/v1/assignments",
            &Body::None
        )
        .await,
        StatusCode::UNAUTHORIZED
    );
    let unused = second_invite["link"]
        .as_str()
        .unwrap()
        .split("code=")
        .nth(1)
        .unwrap()
        .to_owned();
    assert_eq!(
        sign_in(unused).await.status(),
        StatusCode::NOT_FOUND,
        "open invites are revoked too"
    );

    let listed = get_json(&server, "/api/v1/organizer/shoppers", &admin).await;
    let ola = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        (ola["active_devices"].as_i64(), ola["open_invites"].as_i64()),
        (Some(0), Some(0))
    );

    let reviewer = log_in(&server, "reviewer@demo.example").await;
    let status = call(
        &server,
        &Caller::Cookie(&reviewer),
        Method::POST,
        &format!("/api/v1/organizer/shoppers/{id}/invites"),
        &Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
