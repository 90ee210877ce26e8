//! Results from stored scores: a phone contact nobody answered (three unanswered calls an hour apart) is
//! stored, reviewed, exported and scored as 0 in the total and not at all in answered-only; every revision is
//! scored once and kept in `scores`; the console lists companies below the minimum as not ranked; the
//! minimum is the campaign's own.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{
    first_assignment, log_in, review, submission, valid_answers, TestServer, ORGANIZER_TOKEN,
};

const BASE_MS: i64 = 1_763_633_700_000; // 2025-11-20 10:15 UTC
const HOUR_MS: i64 = 3_600_000;

/// A phone contact given up after three calls an hour apart, each ringing 40 s.
fn unanswered_call(assignment_id: &str) -> Value {
    let mut timeline = Vec::new();
    for call in 0..3 {
        let dialled = BASE_MS + call * HOUR_MS;
        timeline.push(json!({ "event": "dialled", "at_ms": dialled }));
        timeline.push(json!({ "event": "no_answer", "at_ms": dialled + 40_000 }));
    }
    json!({
        "protocol": 1,
        "revision": 1,
        "content": {
            "assignment_id": assignment_id,
            "questionnaire_id": "kundeservice",
            "questionnaire_version": 1,
            "channel": "phone",
            "timeline": timeline,
            "answers": {},
            "notes": "Ingen svarte, tre forsøk",
            "outcome": "not_reached"
        }
    })
}

async fn organizer_get(server: &TestServer, path: &str) -> (StatusCode, String) {
    let response = server
        .http
        .get(server.url(path))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn rankings(server: &TestServer, query: &str) -> Value {
    let (status, body) = organizer_get(server, &format!("/api/v1/organizer/rankings{query}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

fn line<'a>(rankings: &'a Value, company: &str) -> &'a Value {
    rankings["classes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["ranking"].as_array().unwrap())
        .find(|l| l["company"] == company)
        .unwrap()
}

async fn stored_scores(server: &TestServer, id: Uuid) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT revision, score FROM scores WHERE evaluation_id = $1")
        .bind(id.to_string())
        .fetch_all(&server.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unanswered_phone_contact_is_stored_reviewed_exported_and_scores_0_in_the_total_only() {
    let server = TestServer::start().await;
    let token = server.sign_in(shopper_server::demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await; // Lendo's
    let id = Uuid::new_v4();
    let (status, body) = server
        .push(Some(&token), id, &unanswered_call(&assignment))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let before = rankings(&server, "?min_contacts=1").await;
    assert!(
        line(&before, "Lendo")["rank"].is_null(),
        "received, not yet approved"
    );
    let (status, body) = review(&server, id, json!({ "revision": 1, "decision": "approve" })).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let after = rankings(&server, "?min_contacts=1").await;
    let lendo = line(&after, "Lendo");
    assert_eq!(lendo["rank"], 1, "{lendo}");
    assert_eq!(
        lendo["total"], 0.0,
        "nobody answered: 0 in the total; {lendo}"
    );
    assert_eq!(lendo["percent"], 0.0);
    assert!(
        lendo["answered"].is_null(),
        "and not at all in answered-only; {lendo}"
    );
    assert!(lendo["agent"].is_null());
    assert_eq!(
        (lendo["contacts"].as_u64(), lendo["not_reached"].as_u64()),
        (Some(1), Some(1))
    );
    let answered = rankings(&server, "?min_contacts=1&by=answered").await;
    assert!(
        line(&answered, "Lendo")["rank"].is_null(),
        "no answered contact, no answered place"
    );

    let by_default = rankings(&server, "").await;
    assert_eq!(
        by_default["min_contacts"], 1,
        "the demo campaign's own minimum"
    );
    let strict = rankings(&server, "?min_contacts=10").await;
    assert_eq!(strict["min_contacts"], 10);
    let lendo = line(&strict, "Lendo");
    assert_eq!(
        (lendo["rank"].is_null(), lendo["ranked"].as_bool()),
        (true, Some(false)),
        "1 of 10 contacts"
    );
    assert_eq!(lendo["total"], 0.0, "listed with its score all the same");

    let (_, csv) = organizer_get(&server, "/api/v1/organizer/export/evaluations.csv").await;
    let row = csv
        .lines()
        .find(|l| l.starts_with(&id.to_string()))
        .unwrap();
    assert!(
        row.contains(",approved,") && row.contains(",0.0,\"Ingen svarte, tre forsøk\""),
        "{row}"
    );
    let (_, scores) = organizer_get(&server, "/api/v1/organizer/export/scores.csv").await;
    let lendo: Vec<&str> = scores
        .lines()
        .find(|l| l.contains(",Lendo,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(
        (lendo[7], lendo[8], lendo[9], lendo[10]),
        ("1", "1", "0.0", ""),
        "{scores}"
    );

    // The console: listed but not ranked below the minimum; the report shows the three scores and the areas.
    let cookie = log_in(&server, "viewer@demo.example").await;
    let page = |path: String| {
        let request = server.http.get(server.url(&path)).header("cookie", &cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let rankings_page = page("/console/rankings?min_contacts=10".into()).await;
    assert!(rankings_page.contains("ikke rangert"), "{rankings_page}");
    let by_agent = page("/console/rankings?by=agent".into()).await;
    assert!(by_agent.contains("<option value=\"agent\" selected>Kundebehandleren</option>"));
    let company = line(&after, "Lendo")["company_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let report = page(format!("/console/companies/{company}/report")).await;
    for part in [
        "data-testid=\"overall\">0,00 %",
        "data-testid=\"answered\">–",
        "data-testid=\"agent\">–",
        "data-testid=\"not-reached\">1",
        "Svar og ventetid",
        "Kundebehandleren",
    ] {
        assert!(report.contains(part), "{part} in {report}");
    }

    let stored = stored_scores(&server, id).await;
    assert_eq!(stored.len(), 1, "scored once, keyed by revision");
    assert_eq!(stored[0].0, 1);
    let score: Value = serde_json::from_str(&stored[0].1).unwrap();
    assert_eq!(
        (score["reached"].as_bool(), score["total"].as_f64()),
        (Some(false), Some(0.0))
    );
}

#[tokio::test]
async fn scores_are_stored_per_revision_and_missing_ones_are_filled_in_the_same() {
    let server = TestServer::start().await;
    let token = server.sign_in(shopper_server::demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let id = Uuid::new_v4();
    let (status, _) = server
        .push(
            Some(&token),
            id,
            &submission(&assignment, 1, valid_answers()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let returned =
        json!({ "revision": 1, "decision": "return", "review": { "comment": "Sjekk ventetiden" } });
    let (status, body) = review(&server, id, returned).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut answers = valid_answers();
    answers["ventetid"] = json!(200);
    let (status, body) = server
        .push(Some(&token), id, &submission(&assignment, 2, answers))
        .await;
    assert!(status.is_success(), "{body}");
    let (status, _) = review(&server, id, json!({ "revision": 2, "decision": "approve" })).await;
    assert_eq!(status, StatusCode::OK);

    let first = rankings(&server, "?min_contacts=1").await;
    let lendo = line(&first, "Lendo").clone();
    let mut revisions: Vec<i64> = stored_scores(&server, id)
        .await
        .into_iter()
        .map(|s| s.0)
        .collect();
    revisions.sort_unstable();
    assert_eq!(
        revisions,
        vec![1, 2],
        "the approved revision and the kept first one, each scored once"
    );
    for kind in ["total", "answered", "agent"] {
        let value = lendo[kind]
            .as_f64()
            .unwrap_or_else(|| panic!("{kind}: {lendo}"));
        assert!((0.0..=100.0).contains(&value), "{kind} {value}");
    }
    assert_eq!(
        lendo["total"], lendo["answered"],
        "reached: the total is the answered score"
    );
    assert_eq!(
        lendo["nps"],
        json!({ "score": 0.0, "n": 1 }),
        "an 8 is neither promoter nor detractor"
    );
    assert!(
        lendo["areas"]["svar_ventetid"].as_f64().unwrap() < 100.0,
        "200 s of waiting: {lendo}"
    );

    // A database from before stored scores (or rows lost from `scores`): the start-up backfill scores every
    // revision again, the same.
    sqlx::query("DELETE FROM scores")
        .execute(&server.db)
        .await
        .unwrap();
    let scored = shopper_server::rankings::fill_scores(&server.store)
        .await
        .unwrap();
    assert_eq!(scored, 2, "the evaluation's two revisions");
    assert_eq!(stored_scores(&server, id).await.len(), 2);
    let again = rankings(&server, "?min_contacts=1").await;
    assert_eq!(line(&again, "Lendo"), &lendo);
}

#[tokio::test]
async fn rankings_refuse_an_unknown_score_with_a_stable_code() {
    let server = TestServer::start().await;
    let (status, body) = organizer_get(&server, "/api/v1/organizer/rankings?by=best").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert!(body["error"]["code"].is_string(), "{body}");
}

#[tokio::test]
async fn rankings_use_the_campaigns_own_minimum_of_contacts() {
    let server = TestServer::start().await;
    let response = server
        .http
        .post(server.url("/api/v1/organizer/campaigns"))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&json!({ "name": "Innsiktspakke vår 2026", "min_ranked_contacts": 20 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let campaign: Value = response.json().await.unwrap();
    let id = campaign["id"].as_str().unwrap();
    let own = rankings(&server, &format!("?campaign={id}")).await;
    assert_eq!(own["min_contacts"], 20);
    let view = rankings(&server, &format!("?campaign={id}&min_contacts=2")).await;
    assert_eq!(view["min_contacts"], 2, "changed for one view");
}
