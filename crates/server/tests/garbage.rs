//! Generated garbage against the push endpoint and the definition importer: every answer is a JSON error or a
//! success, the server never fails (500), and something is stored only when it says so (a damaged file can
//! still be a valid one, e.g. a changed letter in a label: then it is a new version).

mod common;

use common::*;
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
