//! Who may read and write what: every API route called by anonymous, shopper A, shopper B, a revoked
//! shopper, viewer, reviewer and admin, each getting exactly its status; a shopper reads only their own
//! assignments and evaluations; and refused calls change nothing.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shopper_server::demo;
use shopper_server::ratelimit::{Limiter, Limits};
use uuid::Uuid;

#[tokio::test]
async fn every_route_gives_each_caller_exactly_its_status_and_refused_calls_change_nothing() {
    // Every caller signs in from 127.0.0.1: the per-address sign-in limit is raised, and so is the one on
    // wrong organizer tokens (device tokens are tried on organizer routes); limits.rs tests both.
    let server = TestServer::start_with(Limiter::new(Limits {
        sign_in_per_address: 1000,
        wrong_token_per_address: 1000,
        ..Limits::default()
    }))
    .await;
    // Shopper A has pushed evaluation `a_evaluation` for `a_assignment`.
    let (a_token, a_assignment, a_evaluation) = server.pushed_evaluation().await;
    let b_token = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let b_assignment = first_assignment(&server, &b_token).await;
    let viewer = log_in(&server, "viewer@demo.example").await;
    let reviewer = log_in(&server, "reviewer@demo.example").await;
    let admin = log_in(&server, "admin@demo.example").await;
    sqlx::query(
        "INSERT INTO shoppers (id, name, created_at) VALUES ('gone', 'Gone', '2026-01-01')",
    )
    .execute(&server.db)
    .await
    .unwrap();
    let revoked_token = server.sign_in("gone").await;
    let revoke = call(
        &server,
        &Caller::Cookie(&admin),
        Method::POST,
        "/api/v1/organizer/shoppers/gone/revoke",
        &Body::None,
    )
    .await;
    assert_eq!(revoke, StatusCode::OK);

    let callers = [
        ("anonymous", Caller::Anonymous),
        ("shopper A", Caller::Shopper(&a_token)),
        ("shopper B", Caller::Shopper(&b_token)),
        ("revoked shopper", Caller::Shopper(&revoked_token)),
        ("viewer", Caller::Cookie(&viewer)),
        ("reviewer", Caller::Cookie(&reviewer)),
        ("admin", Caller::Cookie(&admin)),
    ];
    let a_push = submission(&a_assignment, 1, valid_answers());
    let unknown = Uuid::new_v4();
    let shopper_only = [401, 200, 200, 401, 401, 401, 401];
    let (viewer_up, reviewer_up, admin_only) = (
        |ok| [401, 401, 401, 401, ok, ok, ok],
        |ok| [401, 401, 401, 401, 403, ok, ok],
        |ok| [401, 401, 401, 401, 403, 403, ok],
    );
    use Body::{Json, Text};
    // (method, path, body, expected status for each caller above). Mutating calls carry input that is
    // refused even for the caller allowed in (unknown ids, bad rows), so the matrix changes no data.
    let matrix: Vec<(Method, String, Body, [u16; 7])> = vec![
        (
            Method::POST,
            "/api/v1/sign-in".into(),
            Json(json!({ "invite_code": "not-a-code" })),
            [404; 7],
        ),
        (
            Method::GET,
            "/api/v1/assignments".into(),
            Body::None,
            shopper_only,
        ),
        // A's evaluation again, as sent: A gets the replayed receipt; B may not touch it.
        (
            Method::PUT,
            format!("/api/v1/evaluations/{a_evaluation}"),
            Json(a_push.clone()),
            [401, 200, 404, 401, 401, 401, 401],
        ),
        // A new evaluation for A's assignment: B has no such assignment; A has evaluated it already.
        (
            Method::PUT,
            format!("/api/v1/evaluations/{unknown}"),
            Json(a_push),
            [401, 409, 404, 401, 401, 401, 401],
        ),
        // B's assignment with an invalid answer: A has no such assignment; B is told what is wrong.
        (
            Method::PUT,
            format!("/api/v1/evaluations/{unknown}"),
            Json(submission(&b_assignment, 1, json!({ "ventetid": "lenge" }))),
            [401, 404, 422, 401, 401, 401, 401],
        ),
        (
            Method::POST,
            "/api/v1/organizer/login".into(),
            Json(json!({ "email": "admin@demo.example", "password": "wrong password" })),
            [401; 7],
        ),
        (
            Method::GET,
            "/api/v1/organizer/me".into(),
            Body::None,
            viewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/rankings".into(),
            Body::None,
            viewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/export/scores.csv".into(),
            Body::None,
            viewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/evaluations".into(),
            Body::None,
            reviewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/audit".into(),
            Body::None,
            reviewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/export/evaluations.csv".into(),
            Body::None,
            reviewer_up(200),
        ),
        (
            Method::POST,
            format!("/api/v1/organizer/evaluations/{unknown}/review"),
            Json(json!({ "revision": 1, "decision": "approve" })),
            reviewer_up(404),
        ),
        // Returning needs a comment: refused before anything changes.
        (
            Method::POST,
            format!("/api/v1/organizer/evaluations/{a_evaluation}/review"),
            Json(json!({ "revision": 1, "decision": "return" })),
            reviewer_up(400),
        ),
        (
            Method::GET,
            "/api/v1/organizer/shoppers".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/assignments/spread".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers".into(),
            Json(json!({ "name": "" })),
            admin_only(400),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/invites".into(),
            Body::None,
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/revoke".into(),
            Body::None,
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/companies/import".into(),
            Text("class,company\nBank,\n".into()),
            admin_only(422),
        ),
        (
            Method::POST,
            "/api/v1/organizer/assignments".into(),
            Json(json!({ "company": "Nobody AS" })),
            admin_only(400),
        ),
        (
            Method::POST,
            "/api/v1/organizer/assignments/import".into(),
            Text("company,channel\nNobody AS,fax\n".into()),
            admin_only(422),
        ),
        (
            Method::POST,
            "/api/v1/organizer/questionnaires".into(),
            Text(String::new()),
            admin_only(422),
        ),
        // Planning and changing the plan: the demo campaign has no dates to plan in, no assignment is named,
        // nobody is called "Nobody", and the demo campaign is not empty.
        (
            Method::POST,
            "/api/v1/organizer/plan/preview".into(),
            Json(json!({ "contacts_per_company": 5, "mix": { "phone": 1 } })),
            admin_only(400),
        ),
        (
            Method::POST,
            "/api/v1/organizer/plan".into(),
            Json(json!({ "contacts_per_company": 5, "mix": { "phone": 1 } })),
            admin_only(400),
        ),
        (
            Method::POST,
            "/api/v1/organizer/assignments/reassign".into(),
            Json(json!({ "assignments": [b_assignment], "shopper": "Nobody" })),
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/assignments/cancel".into(),
            Json(json!({ "assignments": [] })),
            admin_only(400),
        ),
        (
            Method::POST,
            format!("/api/v1/organizer/assignments/{unknown}/edit"),
            Json(json!({ "due": "2026-12-24" })),
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/companies/nobody/withdraw".into(),
            Body::None,
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/campaigns/nobody".into(),
            Json(json!({ "name": "Ny" })),
            admin_only(404),
        ),
        (
            Method::DELETE,
            "/api/v1/organizer/campaigns/demo".into(),
            Body::None,
            admin_only(400),
        ),
        (
            Method::GET,
            "/api/v1/organizer/progress".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/export/progress.csv".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::POST,
            "/api/v1/organizer/companies/nobody/reinstate".into(),
            Body::None,
            admin_only(404),
        ),
        // The season's daily work: the review queue and bulk approval (nothing named: nothing approved), the
        // roster (no rows, nobody to edit), fees with a channel that does not exist, statements without a period.
        (
            Method::GET,
            "/api/v1/organizer/queue".into(),
            Body::None,
            reviewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/queue?min=abc".into(),
            Body::None,
            reviewer_up(400),
        ),
        (
            Method::POST,
            "/api/v1/organizer/review/bulk".into(),
            Json(json!({ "evaluations": [{ "id": unknown, "revision": 1 }] })),
            reviewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/audit?page=2".into(),
            Body::None,
            reviewer_up(200),
        ),
        (
            Method::GET,
            "/api/v1/organizer/shoppers/roster".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/roster/import".into(),
            Text("name,email\n".into()),
            admin_only(422),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/roster".into(),
            Json(json!({ "email": "ola@example.no" })),
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/deactivate".into(),
            Body::None,
            admin_only(404),
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/reactivate".into(),
            Body::None,
            admin_only(404),
        ),
        (
            Method::GET,
            "/api/v1/organizer/fees".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::POST,
            "/api/v1/organizer/fees".into(),
            Json(json!({ "fees": [{ "channel": "fax", "reached": 1, "not_reached": 0 }] })),
            admin_only(400),
        ),
        (
            Method::GET,
            "/api/v1/organizer/participant-attachments".into(),
            Body::None,
            admin_only(200),
        ),
        (
            Method::POST,
            "/api/v1/organizer/participant-attachments".into(),
            Json(json!({ "shown": "yes" })),
            admin_only(400),
        ),
        (
            Method::GET,
            "/api/v1/organizer/statements".into(),
            Body::None,
            admin_only(400),
        ),
        (
            Method::GET,
            "/api/v1/organizer/export/payroll.csv?from=2026-01-01".into(),
            Body::None,
            admin_only(400),
        ),
    ];
    let before = row_counts(&server).await;
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &matrix {
        for ((who, caller), want) in callers.iter().zip(expected) {
            let got = call(&server, caller, method.clone(), path, body).await;
            if got.as_u16() != *want {
                wrong.push(format!("{who} {method} {path}: {got}, expected {want}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        row_counts(&server).await,
        before,
        "refused calls change nothing"
    );

    // Links for many at once: refused to all but an admin, for whom it makes them (so it is not in the matrix).
    let invites = "/api/v1/organizer/shoppers/invites";
    let mut got = vec![];
    for (_, caller) in &callers {
        got.push(
            call(&server, caller, Method::POST, invites, &Body::None)
                .await
                .as_u16(),
        );
    }
    assert_eq!(got, [401, 401, 401, 401, 403, 403, 201], "POST {invites}");

    // Reading: each shopper sees their own assignments and evaluations only.
    let a_view = server.assignments(&a_token).await;
    let b_view = server.assignments(&b_token).await;
    let ids = |view: &Value, list: &str, key: &str| -> Vec<String> {
        view[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item[key].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(ids(&a_view, "assignments", "id").contains(&a_assignment));
    assert!(!ids(&a_view, "assignments", "id").contains(&b_assignment));
    assert!(!ids(&b_view, "assignments", "id").contains(&a_assignment));
    assert_eq!(
        ids(&a_view, "evaluations", "evaluation_id"),
        [a_evaluation.to_string()]
    );
    assert!(ids(&b_view, "evaluations", "evaluation_id").is_empty());
}

#[tokio::test]
async fn every_attachment_route_gives_each_caller_exactly_its_status_and_refused_calls_change_nothing(
) {
    let server = TestServer::start_with(Limiter::new(Limits {
        sign_in_per_address: 1000,
        wrong_token_per_address: 1000,
        ..Limits::default()
    }))
    .await;
    // Shopper A uploaded a picture whole and pushed an evaluation naming it; B has uploaded nothing.
    let a_token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let b_token = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let picture = b"a picture's bytes".to_vec();
    let sha = shopper_server::attachments::sha256_hex(&picture);
    let start = json!({ "sha256": sha, "content_type": "image/png", "size": picture.len() });
    let started = server
        .http
        .post(server.url("/api/v1/attachments"))
        .bearer_auth(&a_token)
        .json(&start)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::OK);
    let done = server
        .http
        .put(server.url(&format!("/api/v1/attachments/{sha}/chunks/0")))
        .bearer_auth(&a_token)
        .header("x-chunk-sha256", &sha)
        .body(picture.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let assignment = first_assignment(&server, &a_token).await;
    let mut push = submission(&assignment, 1, valid_answers());
    push["content"]["attachments"] =
        json!([{ "sha256": sha, "content_type": "image/png", "size": picture.len() }]);
    let evaluation = Uuid::new_v4();
    let (status, _) = server.push(Some(&a_token), evaluation, &push).await;
    assert_eq!(status, StatusCode::CREATED);
    let viewer = log_in(&server, "viewer@demo.example").await;
    let reviewer = log_in(&server, "reviewer@demo.example").await;
    let admin = log_in(&server, "admin@demo.example").await;
    let callers = [
        ("anonymous", Caller::Anonymous),
        ("shopper A", Caller::Shopper(&a_token)),
        ("shopper B", Caller::Shopper(&b_token)),
        ("viewer", Caller::Cookie(&viewer)),
        ("reviewer", Caller::Cookie(&reviewer)),
        ("admin", Caller::Cookie(&admin)),
    ];
    let organizers = |ok| [401, 401, 401, ok, ok, ok];
    // The console sends a browser without a session to its login page (303).
    let console = |ok| [303, 303, 303, ok, ok, ok];
    let unknown = Uuid::new_v4();
    let other = "0".repeat(64);
    use Body::Json;
    let matrix: Vec<(Method, String, Body, [u16; 6])> = vec![
        // Starting A's file again: A is told it is complete; B starts an upload of its own, at 0.
        (
            Method::POST,
            "/api/v1/attachments".into(),
            Json(start.clone()),
            [401, 200, 200, 401, 401, 401],
        ),
        (
            Method::GET,
            format!("/api/v1/attachments/{sha}"),
            Body::None,
            [401, 200, 200, 401, 401, 401],
        ),
        (
            Method::GET,
            format!("/api/v1/attachments/{sha}/content"),
            Body::None,
            [401, 200, 404, 401, 401, 401],
        ),
        (
            Method::GET,
            format!("/api/v1/attachments/{other}"),
            Body::None,
            [401, 404, 404, 401, 401, 401],
        ),
        (
            Method::PUT,
            format!("/api/v1/attachments/{other}/chunks/0"),
            Body::None,
            [401, 404, 404, 401, 401, 401],
        ),
        (
            Method::GET,
            format!("/api/v1/organizer/evaluations/{evaluation}/attachments/{sha}"),
            Body::None,
            organizers(200),
        ),
        (
            Method::GET,
            format!("/api/v1/organizer/evaluations/{unknown}/attachments/{sha}"),
            Body::None,
            organizers(404),
        ),
        (
            Method::GET,
            format!("/api/v1/organizer/evaluations/{evaluation}/attachments/{other}"),
            Body::None,
            organizers(404),
        ),
        (
            Method::GET,
            format!("/console/evaluations/{evaluation}/attachments/{sha}"),
            Body::None,
            console(200),
        ),
        (
            Method::GET,
            format!("/console/evaluations/{evaluation}/attachments/{other}"),
            Body::None,
            console(404),
        ),
    ];
    // B's start of A's file is the one call here that stores something (B's own upload at 0): it is made
    // first and counted apart, so every other call must change nothing.
    let mut wrong = Vec::new();
    let mut before = None;
    for (index, (method, path, body, expected)) in matrix.iter().enumerate() {
        for ((who, caller), want) in callers.iter().zip(expected) {
            let mut request = no_redirects().request(method.clone(), server.url(path));
            request = match caller {
                Caller::Anonymous => request,
                Caller::Shopper(token) => request.bearer_auth(token),
                Caller::Cookie(cookie) => request.header("cookie", *cookie),
            };
            if let Json(value) = body {
                request = request.json(value);
            }
            let got = request.send().await.unwrap().status();
            if got.as_u16() != *want {
                wrong.push(format!("{who} {method} {path}: {got}, expected {want}"));
            }
        }
        if index == 0 {
            before = Some(row_counts(&server).await);
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        Some(row_counts(&server).await),
        before,
        "refused calls change nothing"
    );
    // B's upload of the same bytes starts at 0: nothing tells B that A holds them.
    let b_view: Value = server
        .http
        .get(server.url(&format!("/api/v1/attachments/{sha}")))
        .bearer_auth(&b_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (b_view["received"].clone(), b_view["complete"].clone()),
        (json!(0), json!(false))
    );
}
