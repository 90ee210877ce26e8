//! Poisoned questionnaire definitions: conditions nested far deeper than any questionnaire needs (by TOML table
//! headers, which the parser's own inline limit does not see) are refused with a clear error and nothing is
//! stored, so every later sync, export and import still works; and large files full of errors are answered
//! quickly, off the async workers, while everyone else's requests go on.

use std::time::{Duration, Instant};

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;
use shopper_server::demo;

async fn import(server: &TestServer, definition: String) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/organizer/questionnaires"))
        .bearer_auth(ORGANIZER_TOKEN)
        .header("content-type", "application/toml")
        .body(definition)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

/// The demo questionnaire with a last question shown under `levels` `all` conditions, one inside the other,
/// each opened by a table header.
fn nested_by_headers(levels: usize) -> String {
    let mut file = demo::QUESTIONNAIRE_FILE.replace("id = \"kundeservice\"", "id = \"dyp\"");
    file.push_str(
        "\n[[sections.questions]]\nid = \"dypt\"\nkind = \"yes_no\"\nlabel = { nb = \"Dypt\" }\n",
    );
    let mut path = "sections.questions.show_if".to_owned();
    file.push_str(&format!("[{path}]\n"));
    for _ in 0..levels {
        path.push_str(".all");
        file.push_str(&format!("[[{path}]]\n"));
    }
    file.push_str("answered = { question = \"ventetid\" }\n");
    file
}

#[tokio::test]
async fn conditions_nested_sixty_levels_deep_are_refused_and_everything_still_reads() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let before = row_counts(&server).await;
    for levels in [61, 76] {
        let (status, body) = import(&server, nested_by_headers(levels)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{levels}: {body}");
        assert_eq!(body["error"]["code"], "invalid_definition");
        let errors = body["error"]["definition_errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{body}");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(message.contains("nests more than 16 levels"), "{message}");
        assert!(
            errors[0]["line"].as_u64().is_some(),
            "the line of the header"
        );
    }
    assert_eq!(row_counts(&server).await, before, "nothing stored");
    // Everything that reads questionnaires still answers.
    server.assignments(&token).await; // asserts 200
    for path in [
        "/api/v1/organizer/export/evaluations.csv",
        "/api/v1/organizer/export/scores.csv",
    ] {
        let response = server
            .http
            .get(server.url(path))
            .bearer_auth(ORGANIZER_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let (status, body) = import(&server, demo::QUESTIONNAIRE_FILE.to_owned()).await;
    assert_eq!(status, StatusCode::OK, "the demo again, unchanged: {body}");
    // A few levels are fine.
    let (status, body) = import(&server, nested_by_headers(3)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    server.assignments(&token).await;
}

#[tokio::test]
async fn two_large_files_full_of_errors_are_answered_quickly_and_stall_no_one() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    // As large as a request body may be: each question repeats an id and has an empty label.
    let mut broken = demo::QUESTIONNAIRE_FILE.to_owned();
    let question = "\n[[sections.questions]]\nid=\"ventetid\"\nkind=\"nps\"\nlabel={nb=\"\"}\n";
    while broken.len() + question.len() < 250 * 1024 {
        broken.push_str(question);
    }
    let started = Instant::now();
    let imports: Vec<_> = (0..2)
        .map(|_| {
            let (http, url, body) = (
                server.http.clone(),
                server.url("/api/v1/organizer/questionnaires"),
                broken.clone(),
            );
            tokio::spawn(async move {
                let response = http
                    .post(url)
                    .bearer_auth(ORGANIZER_TOKEN)
                    .header("content-type", "application/toml")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let body: Value = response.json().await.unwrap();
                (status, body, started.elapsed())
            })
        })
        .collect();
    // Meanwhile, a shopper syncs again and again.
    let mut slowest = Duration::ZERO;
    let mut syncs = 0;
    while imports.iter().any(|import| !import.is_finished()) || syncs < 5 {
        let sync = Instant::now();
        server.assignments(&token).await;
        slowest = slowest.max(sync.elapsed());
        syncs += 1;
    }
    for import in imports {
        let (status, body, took) = import.await.unwrap();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let errors = body["error"]["definition_errors"].as_array().unwrap();
        let last = errors.last().unwrap()["message"].as_str().unwrap();
        println!(
            "a {} KB definition, sent twice at once: answered in {:.2} s with {} errors listed ({last}); \
             {syncs} syncs meanwhile, the slowest {} ms",
            broken.len() / 1024,
            took.as_secs_f64(),
            errors.len(),
            slowest.as_millis()
        );
        assert_eq!(errors.len(), 101, "the first hundred and how many in all");
        assert!(took < Duration::from_secs(10), "{took:?}");
    }
    assert!(slowest < Duration::from_secs(1), "a sync took {slowest:?}");
}
