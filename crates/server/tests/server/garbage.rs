//! Generated garbage against the push endpoint and the definition importer: every answer is a JSON error or a
//! success, the server never fails (500), and something is stored only when it says so (a damaged file can
//! still be a valid one, e.g. a changed letter in a label: then it is a new version).

use crate::common::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::Value;
use shopper_server::demo;
use uuid::Uuid;

const CASES: usize = 400;

/// A valid body damaged at random: bytes flipped, cut out, or repeated; or a JSON value of the wrong shape.
fn damaged(valid: &str, rng: &mut StdRng) -> Vec<u8> {
    let mut bytes = valid.as_bytes().to_vec();
    match rng.random_range(0..5) {
        0 => {
            for _ in 0..rng.random_range(1..8) {
                let at = rng.random_range(0..bytes.len());
                bytes[at] = rng.random();
            }
        }
        1 => {
            let from = rng.random_range(0..bytes.len());
            let to = (from + rng.random_range(1..40)).min(bytes.len());
            bytes.drain(from..to);
        }
        2 => {
            let at = rng.random_range(0..bytes.len());
            let piece: Vec<u8> = bytes[at..(at + 20).min(bytes.len())].to_vec();
            bytes.splice(at..at, piece);
        }
        3 => {
            let replacements = [
                "null",
                "[]",
                "{}",
                "-1",
                "1e999",
                "\"\"",
                "true",
                "[[[[[[[[",
                "\"\u{0}\"",
            ];
            let value = replacements[rng.random_range(0..replacements.len())];
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let keys = [
                "\"revision\":",
                "\"answers\":",
                "\"channel\":",
                "\"protocol\":",
                "\"ventetid\":",
                "\"content\":",
            ];
            let key = keys[rng.random_range(0..keys.len())];
            bytes = text
                .replacen(key, &format!("{key}{value},\"x\":"), 1)
                .into_bytes();
        }
        _ => {
            bytes = (0..rng.random_range(0..200))
                .map(|_| rng.random())
                .collect()
        }
    }
    bytes
}

#[tokio::test]
async fn garbage_pushes_get_json_errors_and_store_only_what_was_acknowledged() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let valid = submission(&assignment, 1, valid_answers()).to_string();
    let mut rng = StdRng::seed_from_u64(2026);
    let (mut refused, mut stored) = (0, 0);
    for case in 0..CASES {
        // One device token may push 120 a minute: a fresh device every 100 cases.
        let token = if case % 100 == 0 && case > 0 {
            server.sign_in(demo::DEMO_SHOPPER_ID).await
        } else {
            token.clone()
        };
        let body = damaged(&valid, &mut rng);
        let response = server
            .http
            .put(server.url(&format!("/api/v1/evaluations/{}", Uuid::new_v4())))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(
            status != StatusCode::INTERNAL_SERVER_ERROR,
            "case {case}: 500 for {:?}",
            String::from_utf8_lossy(&body)
        );
        let answer: Value = response
            .json()
            .await
            .unwrap_or_else(|e| panic!("case {case}: not JSON ({e})"));
        if status.is_success() {
            stored += 1;
            assert_eq!(answer["status"], "stored");
        } else {
            refused += 1;
            assert!(
                answer["error"]["message"].is_string(),
                "case {case}: {answer}"
            );
        }
        let rows = server.stored_rows().await;
        assert!(rows <= 1, "one assignment holds one evaluation");
        assert_eq!(
            rows > 0,
            stored > 0,
            "case {case}: stored only when acknowledged"
        );
    }
    println!("push garbage: {CASES} cases, {refused} refused with a JSON error, {stored} accepted (still valid)");
}

#[tokio::test]
async fn garbage_definitions_get_json_errors_and_only_files_still_valid_become_versions() {
    let server = TestServer::start().await;
    let mut rng = StdRng::seed_from_u64(7);
    let (mut refused, mut created) = (0, 0);
    for case in 0..CASES / 4 {
        let body = damaged(demo::QUESTIONNAIRE_FILE, &mut rng);
        let response = server
            .http
            .post(server.url("/api/v1/organizer/questionnaires"))
            .bearer_auth(ORGANIZER_TOKEN)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(status != StatusCode::INTERNAL_SERVER_ERROR, "case {case}");
        let answer: Value = response.json().await.unwrap();
        if status.is_success() {
            created += i64::from(answer["created"] == true);
        } else {
            refused += 1;
            assert!(
                answer["error"]["message"].is_string(),
                "case {case}: {answer}"
            );
        }
    }
    let (versions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM questionnaires WHERE id = 'kundeservice'")
            .fetch_one(&server.db)
            .await
            .unwrap();
    println!(
        "definition garbage: {} cases, {refused} refused, {created} still valid and stored",
        CASES / 4
    );
    assert!(refused > 0);
    assert_eq!(
        versions - 1,
        created,
        "a version is stored exactly when the answer says so"
    );
}

#[tokio::test]
async fn every_endpoint_that_reads_a_body_refuses_bad_ones_with_a_json_error_and_changes_nothing() {
    let server = TestServer::start_with(shopper_server::ratelimit::Limiter::new(
        shopper_server::ratelimit::Limits {
            sign_in_per_address: 1000,
            ..Default::default()
        },
    ))
    .await;
    let shopper = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &shopper).await;
    let evaluation = Uuid::new_v4();
    let out_of_range = {
        let mut answers = valid_answers();
        answers["ordvalg"] = serde_json::json!(99);
        answers["anbefaling"] = serde_json::json!(-3);
        submission(&assignment, 1, answers).to_string()
    };
    let huge = "x".repeat(300 * 1024);
    // (path, method, who, bodies that must be refused: malformed, wrongly typed, out of range, oversized)
    let routes: Vec<(String, reqwest::Method, Option<&str>, Vec<String>)> = vec![
        ("/api/v1/sign-in".into(), reqwest::Method::POST, None, vec![
            r#"{"invite_code": "#.into(), r#"{"invite_code": 42}"#.into(), "[]".into(), huge.clone(),
        ]),
        (format!("/api/v1/evaluations/{evaluation}"), reqwest::Method::PUT, Some(&shopper), vec![
            r#"{"protocol": 1, "revision": "#.into(),
            r#"{"protocol": 1, "revision": "one", "content": {}}"#.into(),
            r#"{"protocol": 1, "revision": -1, "content": {}}"#.into(),
            out_of_range,
            huge.clone(),
        ]),
        ("/api/v1/organizer/login".into(), reqwest::Method::POST, None, vec![
            r#"{"email": "#.into(), r#"{"email": ["a"], "password": 1}"#.into(), huge.clone(),
        ]),
        ("/api/v1/organizer/shoppers".into(), reqwest::Method::POST, Some(ORGANIZER_TOKEN), vec![
            r#"{"name": "#.into(), r#"{"name": 7}"#.into(), format!(r#"{{"name": "{}"}}"#, "n".repeat(101)),
            r#"{"name": "   "}"#.into(), huge.clone(),
        ]),
        ("/api/v1/organizer/companies/import".into(), reqwest::Method::POST, Some(ORGANIZER_TOKEN), vec![
            "class,company\n\"Bank,Unclosed quote\n".into(), "\u{0}\u{1}\u{2}".into(),
            format!("class,company\nBank,{}\n", "n".repeat(500)), huge.clone(),
        ]),
        ("/api/v1/organizer/assignments".into(), reqwest::Method::POST, Some(ORGANIZER_TOKEN), vec![
            r#"{"company": "#.into(), r#"{"company": 1, "channel": true}"#.into(),
            r#"{"company": "Sparebanken Møre", "channel": "fax", "scenario": "s", "shopper": "demo-shopper", "contact": "c", "window_start": "2026-01-01", "window_end": "2026-01-02", "due": "2026-01-02"}"#.into(),
            huge.clone(),
        ]),
        ("/api/v1/organizer/assignments/import".into(), reqwest::Method::POST, Some(ORGANIZER_TOKEN), vec![
            "company,channel\n\"unclosed\n".into(), "\u{0}\u{ff}".into(), huge.clone(),
        ]),
        (format!("/api/v1/organizer/evaluations/{evaluation}/review"), reqwest::Method::POST, Some(ORGANIZER_TOKEN), vec![
            r#"{"revision": "#.into(), r#"{"revision": "1", "decision": "approve"}"#.into(),
            r#"{"revision": 1, "decision": "maybe"}"#.into(), huge.clone(),
        ]),
        ("/api/v1/organizer/questionnaires".into(), reqwest::Method::POST, Some(ORGANIZER_TOKEN), vec![
            "id = ".into(), r#"{"id": 5}"#.into(), "[[sections]]\nid = 3".into(), huge,
        ]),
    ];
    let before = row_counts(&server).await;
    let mut wrong = Vec::new();
    let mut cases = 0;
    for (path, method, token, bodies) in &routes {
        for body in bodies {
            cases += 1;
            let mut request = server
                .http
                .request(method.clone(), server.url(path))
                .body(body.clone());
            if body.starts_with('{') || body.starts_with('[') {
                request = request.header("content-type", "application/json");
            }
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            let json: Option<Value> = response.json().await.ok();
            let message = json
                .as_ref()
                .and_then(|b| b["error"]["message"].as_str())
                .unwrap_or("");
            if !status.is_client_error() || message.is_empty() {
                wrong.push(format!("{method} {path} {:.60}: {status} {json:?}", body));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        row_counts(&server).await,
        before,
        "{cases} refused requests changed nothing"
    );
}
