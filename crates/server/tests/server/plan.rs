//! Planning a campaign and changing the plan through the API, on the real server and database: a preview that
//! stores nothing, a commit that stores every assignment or none, windows that must fit the campaign's,
//! evaluations flagged outside their window or after their due date, reassigning (asking when a draft is held),
//! cancelling, editing, withdrawing a company, progress with its CSV, and a campaign edited or deleted. Every
//! change leaves its audit entry.

use std::collections::{HashMap, HashSet};

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shopper_domain::window::TimingFlag;
use shopper_server::demo;
use uuid::Uuid;

async fn api(
    server: &TestServer,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = server
        .http
        .request(method, server.url(path))
        .bearer_auth(ORGANIZER_TOKEN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql)
        .fetch_one(&server.db)
        .await
        .unwrap()
        .0
}

async fn audit_actions(server: &TestServer) -> Vec<(String, Value)> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT action, detail FROM audit_log ORDER BY id")
            .fetch_all(&server.db)
            .await
            .unwrap();
    rows.into_iter()
        .map(|(action, detail)| (action, serde_json::from_str(&detail).unwrap()))
        .collect()
}

fn reason(body: &Value) -> &str {
    body["error"]["reason"]
        .as_str()
        .unwrap_or_else(|| panic!("no reason in {body}"))
}

/// A season-like campaign: 13 weeks of workdays 09-15, 12 companies in 3 classes, 30 shoppers (some with a
/// capacity). Its id.
async fn season(server: &TestServer) -> String {
    let (status, campaign) = api(
        server,
        Method::POST,
        "/api/v1/organizer/campaigns",
        Some(
            json!({ "name": "Vår 2026", "starts_on": "2026-01-05", "ends_on": "2026-04-03",
                     "weekdays": "1-5", "hours": "09:00-15:00" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{campaign}");
    let id = campaign["id"].as_str().unwrap().to_owned();
    let mut csv = "class,company\n".to_owned();
    for i in 0..12 {
        csv.push_str(&format!("Klasse {},Selskap {i}\n", i % 3));
    }
    let response = server
        .http
        .post(server.url(&format!("/api/v1/organizer/companies/import?campaign={id}")))
        .bearer_auth(ORGANIZER_TOKEN)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    for i in 0..30 {
        let (status, _) = api(
            server,
            Method::POST,
            "/api/v1/organizer/shoppers",
            Some(json!({ "name": format!("Shopper {i:02}") })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // The roster's capacity (edited elsewhere): four shoppers take at most 2 contacts.
    sqlx::query("UPDATE shoppers SET capacity = 2 WHERE name IN ('Shopper 00', 'Shopper 01', 'Shopper 02', 'Shopper 03')")
        .execute(&server.db)
        .await
        .unwrap();
    id
}

fn spec(contacts: u32) -> Value {
    let mut links = Vec::new();
    for i in 0..12 {
        for (channel, contact) in [
            ("phone", "tel:+4790000000"),
            ("chat", "https://example.com/chat"),
            ("email", "mailto:kundeservice@example.com"),
        ] {
            links.push(json!({ "company": format!("Selskap {i}"), "channel": channel, "contact": contact }));
        }
    }
    json!({
        "contacts_per_company": contacts,
        "mix": { "phone": 3, "chat": 1, "email": 1 },
        "mixes": { "Klasse 2": { "phone": 0, "chat": 1, "email": 0 } },
        "seed": 42,
        "scenarios": { "phone": "Du vil flytte lånet.", "chat": "Du lurer på vilkårene.", "email": "Du vil klage." },
        "contacts": links,
    })
}

async fn planned_rows(
    server: &TestServer,
    campaign: &str,
) -> Vec<(String, String, String, String, String, String, String)> {
    sqlx::query_as(
        "SELECT a.company_id, a.shopper_id, a.channel, a.window_start, a.window_end, a.hours, cl.name
         FROM assignments a JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
         WHERE co.campaign_id = $1",
    )
    .bind(campaign)
    .fetch_all(&server.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_plan_is_previewed_without_storing_then_committed_whole_and_audited() {
    let server = TestServer::start().await;
    let campaign = season(&server).await;
    let before = count(&server, "SELECT COUNT(*) FROM assignments").await;

    // Without contact links the plan says which one is missing.
    let mut no_links = spec(10);
    no_links["contacts"] = json!([]);
    let (status, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan/preview?campaign={campaign}"),
        Some(no_links),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::BAD_REQUEST, "no_contact"),
        "{body}"
    );
    assert_eq!(error_code(&body), "bad_request");

    let (status, preview) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan/preview?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["contacts"], 120);
    assert_eq!(preview["weeks"].as_array().unwrap().len(), 13);
    let bands = preview["bands"].as_object().unwrap();
    assert_eq!(
        bands.keys().collect::<Vec<_>>(),
        ["09:00-11:00", "11:00-13:00", "13:00-15:00"]
    );
    assert!(
        bands
            .values()
            .all(|n| (30..=50).contains(&n.as_u64().unwrap())),
        "spread over the hours: {bands:?}"
    );
    let capped: Vec<&Value> = preview["shoppers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["capacity"] == 2)
        .collect();
    assert_eq!(capped.len(), 4);
    assert!(
        capped.iter().all(|s| s["planned"].as_u64().unwrap() <= 2),
        "{capped:?}"
    );
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM assignments").await,
        before,
        "a preview stores nothing"
    );

    // The same seed, the same plan.
    let (_, again) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan/preview?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(again["assignments"], preview["assignments"]);
    assert_eq!(again["digest"], preview["digest"]);
    // Paged: 120 assignments fit one page of 200; a page past the end holds none, the summary all.
    assert_eq!(
        (preview["pages"].as_u64(), preview["page_size"].as_u64()),
        (Some(1), Some(200))
    );
    let (_, past) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan/preview?campaign={campaign}&page=1"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(past["assignments"], json!([]));
    assert_eq!(
        (past["contacts"].clone(), past["digest"].clone()),
        (json!(120), preview["digest"].clone())
    );

    let (status, stored) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(
        stored["assignments"], preview["assignments"],
        "what was previewed is what was stored"
    );
    assert_eq!(stored["digest"], preview["digest"], "every page of it");
    let rows = planned_rows(&server, &campaign).await;
    assert_eq!(rows.len(), 120);
    let mut per_company: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (company, shopper, channel, start, end, hours, class) in &rows {
        assert!(
            per_company.entry(company).or_default().insert(shopper),
            "a shopper twice on {company}"
        );
        assert!(
            start.as_str() >= "2026-01-05" && end.as_str() <= "2026-04-03",
            "{start} {end}"
        );
        assert!(["09:00-11:00", "11:00-13:00", "13:00-15:00"].contains(&hours.as_str()));
        if class == "Klasse 2" {
            assert_eq!(channel, "chat", "Klasse 2 has its own mix");
        }
    }
    assert!(per_company.values().all(|s| s.len() == 10));
    let commits: Vec<Value> = audit_actions(&server)
        .await
        .into_iter()
        .filter(|(a, _)| a == "commit_plan")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(commits.len(), 1);
    assert_eq!(
        (commits[0]["count"].clone(), commits[0]["campaign"].clone()),
        (json!(120), json!("Vår 2026"))
    );

    // The phone gets each window with its days and hours, and can tell whether a contact can be made now.
    let (shopper,): (String,) = sqlx::query_as("SELECT id FROM shoppers WHERE name = 'Shopper 20'")
        .fetch_one(&server.db)
        .await
        .unwrap();
    let token = server.sign_in(&shopper).await;
    let list: shopper_domain::protocol::AssignmentsResponse =
        serde_json::from_value(server.assignments(&token).await).unwrap();
    let first = list
        .assignments
        .first()
        .expect("Shopper 20 has planned work");
    assert_eq!(first.weekdays.as_deref(), Some("1-5"));
    let window = first.window().unwrap();
    use shopper_domain::window::{LocalTime, WindowStatus};
    let monday_of_its_week = window.first.monday();
    let at = |days: i64, minute: u16| LocalTime {
        date: monday_of_its_week.add_days(days),
        minute,
    };
    assert_eq!(
        window.status(at(0, window.hours.from).max(LocalTime {
            date: window.first,
            minute: window.hours.from
        })),
        WindowStatus::Open
    );
    assert_eq!(
        window.status(at(6, window.hours.from)),
        WindowStatus::Over,
        "the Sunday after its week"
    );
    assert_eq!(
        window.status(at(-1, window.hours.from)),
        WindowStatus::NotYet,
        "the Sunday before"
    );
    assert_eq!(
        window.status(LocalTime {
            date: window.first,
            minute: window.hours.to
        }),
        WindowStatus::Outside,
        "after its hours"
    );

    // Planning again fills only what is missing: nothing now; then five more each, none with a shopper twice.
    let (_, nothing) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan/preview?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(nothing["contacts"], 0);
    let (status, more) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan?campaign={campaign}"),
        Some(spec(15)),
    )
    .await;
    assert_eq!(
        (status, more["contacts"].clone()),
        (StatusCode::CREATED, json!(60)),
        "{more}"
    );
    let rows = planned_rows(&server, &campaign).await;
    let mut pairs = HashSet::new();
    assert!(
        rows.iter()
            .all(|(c, s, ..)| pairs.insert((c.clone(), s.clone()))),
        "no shopper twice on a company"
    );
    let full: i64 = count(&server, "SELECT COUNT(*) FROM assignments a JOIN shoppers s ON s.id = a.shopper_id WHERE s.name = 'Shopper 00'").await;
    assert!(full <= 2, "capacity 2 holds across plans: {full}");

    // Impossible: more contacts per company than shoppers.
    let (status, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan?campaign={campaign}"),
        Some(spec(40)),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::BAD_REQUEST, "too_few_shoppers"),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("needs 25 different shoppers"),
        "{body}"
    );
}

#[tokio::test]
async fn a_plan_whose_audit_entry_fails_stores_nothing() {
    let server = TestServer::start().await;
    let campaign = season(&server).await;
    let before = count(&server, "SELECT COUNT(*) FROM assignments").await;
    sqlx::query("ALTER TABLE audit_log RENAME TO audit_log_away")
        .execute(&server.db)
        .await
        .unwrap();
    let (status, _) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    sqlx::query("ALTER TABLE audit_log_away RENAME TO audit_log")
        .execute(&server.db)
        .await
        .unwrap();
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM assignments").await,
        before,
        "all or nothing"
    );
}

#[tokio::test]
async fn a_window_outside_the_campaigns_is_refused_with_its_reason() {
    let server = TestServer::start().await;
    let campaign = season(&server).await;
    let assignment = |start: &str, end: &str| {
        json!({ "company": "Selskap 1", "channel": "phone", "scenario": "Lån", "shopper": "Shopper 10",
                "contact": "tel:+4790000000", "window_start": start, "window_end": end, "due": "2026-03-31" })
    };
    let path = format!("/api/v1/organizer/assignments?campaign={campaign}");
    // A Sunday evening, when the campaign says weekdays 09-15.
    let (status, body) = api(
        &server,
        Method::POST,
        &path,
        Some(assignment("2026-03-08T20:00", "2026-03-08T23:30")),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::BAD_REQUEST, "window_no_day"),
        "{body}"
    );
    let (_, body) = api(
        &server,
        Method::POST,
        &path,
        Some(assignment("2026-03-09T20:00", "2026-03-13T23:30")),
    )
    .await;
    assert_eq!(reason(&body), "window_hours_outside_campaign", "{body}");
    let (_, body) = api(
        &server,
        Method::POST,
        &path,
        Some(assignment("2026-03-09", "2026-05-13")),
    )
    .await;
    assert_eq!(reason(&body), "window_dates_outside_campaign", "{body}");
    let (_, body) = api(
        &server,
        Method::POST,
        &path,
        Some(assignment("2026-03-13", "2026-03-09")),
    )
    .await;
    assert_eq!(reason(&body), "row_window_reversed", "{body}");
    let (status, body) = api(
        &server,
        Method::POST,
        &path,
        Some(assignment("2026-03-09T09:00", "2026-03-13T15:00")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();

    // The same rule for a file.
    let response = server
        .http
        .post(server.url(&format!("/api/v1/organizer/assignments/import?campaign={campaign}")))
        .bearer_auth(ORGANIZER_TOKEN)
        .header("content-type", "text/csv")
        .body(format!("{}\nSelskap 2,phone,Lån,Shopper 11,tel:+4790000000,2026-03-08T20:00,2026-03-08T23:30,2026-03-31\n", shopper_server::campaign::ASSIGNMENTS_HEADER))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["row_errors"][0]["code"], "window_no_day",
        "{body}"
    );

    // And for an edit, which changes nothing when refused.
    let edit = format!("/api/v1/organizer/assignments/{id}/edit?campaign={campaign}");
    let (status, body) = api(
        &server,
        Method::POST,
        &edit,
        Some(json!({ "hours": "20:00-23:30" })),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::BAD_REQUEST, "window_hours_outside_campaign"),
        "{body}"
    );
    let (_, body) = api(
        &server,
        Method::POST,
        &edit,
        Some(json!({ "weekdays": "7" })),
    )
    .await;
    assert_eq!(reason(&body), "window_weekday_outside_campaign", "{body}");
    let (_, body) = api(
        &server,
        Method::POST,
        &edit,
        Some(json!({ "due": "2026-03-01" })),
    )
    .await;
    assert_eq!(
        reason(&body),
        "window_reversed",
        "a due date before the window: {body}"
    );
    let (status, _) = api(
        &server,
        Method::POST,
        &edit,
        Some(json!({ "hours": "10:00-12:00", "due": "2026-03-20", "scenario": "Nytt scenario" })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (hours, due, scenario): (Option<String>, String, String) =
        sqlx::query_as("SELECT hours, due, scenario FROM assignments WHERE id = $1")
            .bind(&id)
            .fetch_one(&server.db)
            .await
            .unwrap();
    assert_eq!(
        (hours.as_deref(), due.as_str(), scenario.as_str()),
        (Some("10:00-12:00"), "2026-03-20", "Nytt scenario")
    );
    let edits: Vec<Value> = audit_actions(&server)
        .await
        .into_iter()
        .filter(|(a, _)| a == "edit_assignment")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(edits.len(), 1, "refused edits leave no entry");
    assert_eq!(
        (
            edits[0]["before"]["due"].clone(),
            edits[0]["after"]["due"].clone()
        ),
        (json!("2026-03-31"), json!("2026-03-20"))
    );

    // What cannot be an id is not found; a scenario with a control character and a plan over two years are refused.
    let (status, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/assignments/cancel?campaign={campaign}"),
        Some(json!({ "assignments": ["a\u{0}b"] })),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::NOT_FOUND, "no_assignment"),
        "{body}"
    );
    let (_, body) = api(
        &server,
        Method::POST,
        &edit,
        Some(json!({ "scenario": "Ring\u{7} dem" })),
    )
    .await;
    assert_eq!(reason(&body), "invisible_character", "{body}");
    let mut long = spec(5);
    long["first_day"] = json!("2026-01-05");
    long["last_day"] = json!("2026-04-03");
    long["scenarios"]["phone"] = json!("Ring\u{0}");
    let (_, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan/preview?campaign={campaign}"),
        Some(long),
    )
    .await;
    assert_eq!(reason(&body), "invisible_character", "{body}");

    let mut years = spec(5);
    years["first_day"] = json!("2026-01-05");
    years["last_day"] = json!("2029-01-05");
    let (_, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/plan/preview?campaign=demo",
        Some(years),
    )
    .await;
    assert_eq!(reason(&body), "plan_too_long", "{body}");

    // A campaign's own window must make sense.
    let (_, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/campaigns",
        Some(json!({ "name": "Søndag", "weekdays": "8" })),
    )
    .await;
    assert_eq!(reason(&body), "weekdays", "{body}");
    let (_, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/campaigns",
        Some(json!({ "name": "Kveld", "hours": "23:30-20:00" })),
    )
    .await;
    assert_eq!(reason(&body), "window_hours_reversed", "{body}");
    let (_, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/campaigns",
        Some(json!({ "name": "Vår 2026" })),
    )
    .await;
    assert_eq!(reason(&body), "campaign_taken", "{body}");
}

#[tokio::test]
async fn an_evaluation_made_outside_its_window_or_after_its_due_date_is_flagged() {
    let server = TestServer::start().await;
    // The demo's evaluation was made 2025-11-20 at 10:15 UTC (11:15 in Oslo), a Thursday.
    let (_, assignment, evaluation) = server.pushed_evaluation().await;
    let flags = || async {
        shopper_server::plan::evaluation_flags(&server.store, &evaluation.to_string())
            .await
            .unwrap()
    };
    let edit = |body: Value| {
        let path = format!("/api/v1/organizer/assignments/{assignment}/edit?campaign=demo");
        let server = &server;
        async move { api(server, Method::POST, &path, Some(body)).await.0 }
    };
    assert_eq!(edit(json!({ "window_start": "2025-11-17", "window_end": "2025-11-21", "hours": "09:00-15:00", "due": "2025-11-21" })).await, StatusCode::NO_CONTENT);
    assert!(flags().await.is_empty(), "inside its window and in time");
    let cookie = log_in(&server, "reviewer@demo.example").await;
    let page = |path: String| {
        let (server, cookie) = (&server, &cookie);
        async move {
            let response = no_redirects()
                .get(server.url(&path))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            response.text().await.unwrap()
        }
    };
    let before = page(format!("/console/evaluations/{evaluation}")).await;
    assert!(
        !before.contains("etter oppdragets frist"),
        "in time: no flag yet"
    );
    assert_eq!(
        edit(json!({ "hours": "12:00-15:00" })).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        flags().await,
        [TimingFlag::OutsideWindow],
        "11:15 is before 12:00 in Oslo"
    );
    assert_eq!(edit(json!({ "window_start": "2025-11-01", "window_end": "2025-11-10", "hours": "", "due": "2025-11-10" })).await, StatusCode::NO_CONTENT);
    assert_eq!(
        flags().await,
        [TimingFlag::OutsideWindow, TimingFlag::AfterDue]
    );
    // The reviewer sees both at the top of the evaluation and can filter the queue by them.
    let shown = page(format!("/console/evaluations/{evaluation}")).await;
    let flags = shown.split_once("data-testid=\"flags\"").unwrap().1;
    assert!(flags.contains("ikke tillater"), "{flags}");
    assert!(flags.contains("etter oppdragets frist"), "{flags}");
    let queue = page("/console?campaign=demo&status=all&flag=after_due".to_owned()).await;
    assert!(queue.contains(&evaluation.to_string()), "{queue}");
    let queue = page("/console?campaign=demo&status=all&flag=typed_duration".to_owned()).await;
    assert!(!queue.contains(&evaluation.to_string()));
    assert!(
        shopper_server::plan::evaluation_flags(&server.store, &Uuid::new_v4().to_string())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn back_up_draft(server: &TestServer, token: &str, assignment: &str) {
    let id = Uuid::new_v4();
    let content = submission(assignment, 1, json!({ "ordvalg": 4 }))["content"].clone();
    let response = server
        .http
        .put(server.url(&format!("/api/v1/drafts/{id}")))
        .bearer_auth(token)
        .json(&json!({ "id": id, "revision": 1, "state": "draft", "content": content, "updated_at_ms": 1000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

fn ids(view: &Value) -> Vec<String> {
    view["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn reassigning_moves_what_is_not_started_and_asks_about_drafts_on_the_old_phone() {
    let server = TestServer::start().await;
    let (old_phone, sent, _) = server.pushed_evaluation().await;
    let view = server.assignments(&old_phone).await;
    let phones: Vec<String> = view["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["channel"] == "phone" && a["id"] != json!(sent))
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let (drafted, plain) = (phones[0].clone(), phones[1].clone());
    back_up_draft(&server, &old_phone, &drafted).await;
    api(
        &server,
        Method::POST,
        "/api/v1/organizer/shoppers",
        Some(json!({ "name": "Nina Ny" })),
    )
    .await;
    let all = json!([sent, drafted, plain]);
    let path = "/api/v1/organizer/assignments/reassign?campaign=demo";

    let (status, body) = api(
        &server,
        Method::POST,
        path,
        Some(json!({ "assignments": all, "shopper": "Nina Ny" })),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "drafts_held"),
        "{body}"
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("1 of the assignments have a draft"));
    assert_eq!(
        ids(&server.assignments(&old_phone).await).len(),
        6,
        "nothing moved yet"
    );

    let (status, body) = api(
        &server,
        Method::POST,
        path,
        Some(json!({ "assignments": all, "shopper": "Nina Ny", "drafts": "keep" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["moved"].clone(),
            body["kept_sent"].clone(),
            body["kept_drafts"].clone()
        ),
        (json!([plain]), json!([sent]), json!([drafted]))
    );
    let old = ids(&server.assignments(&old_phone).await);
    assert!(
        !old.contains(&plain) && old.contains(&drafted) && old.contains(&sent),
        "the old phone drops only the moved one"
    );
    let nina: (String,) = sqlx::query_as("SELECT id FROM shoppers WHERE name = 'Nina Ny'")
        .fetch_one(&server.db)
        .await
        .unwrap();
    let new_phone = server.sign_in(&nina.0).await;
    assert_eq!(
        ids(&server.assignments(&new_phone).await),
        std::slice::from_ref(&plain)
    );

    let (_, body) = api(
        &server,
        Method::POST,
        path,
        Some(json!({ "assignments": [drafted], "shopper": "Nina Ny", "drafts": "move" })),
    )
    .await;
    assert_eq!(body["moved"], json!([drafted]));
    // The old phone's draft can no longer be sent for it.
    let (status, _) = server
        .push(
            Some(&old_phone),
            Uuid::new_v4(),
            &submission(&drafted, 1, valid_answers()),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = api(
        &server,
        Method::POST,
        path,
        Some(json!({ "assignments": [plain], "shopper": "Nina Ny" })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "moving to the shopper who has it is a no-op: {body}"
    );
    assert_eq!(body["moved"], json!([]));
    let (status, body) = api(
        &server,
        Method::POST,
        path,
        Some(json!({ "assignments": ["nope"], "shopper": "Nina Ny" })),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::NOT_FOUND, "no_assignment"),
        "{body}"
    );
    let (status, body) = api(
        &server,
        Method::POST,
        path,
        Some(json!({ "assignments": [plain], "shopper": "Nobody" })),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::NOT_FOUND, "no_shopper"),
        "{body}"
    );

    let moves: Vec<Value> = audit_actions(&server)
        .await
        .into_iter()
        .filter(|(a, _)| a == "reassign_assignments")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(
        moves.len(),
        3,
        "each reassignment that ran, and none that was refused"
    );
    assert_eq!(
        (
            moves[0]["to"].clone(),
            moves[0]["from"].clone(),
            moves[0]["drafts"].clone()
        ),
        (
            json!("Nina Ny"),
            json!({ "Demo Shopper": 1 }),
            json!("keep")
        )
    );
}

#[tokio::test]
async fn cancelling_and_withdrawing_take_work_out_of_lists_and_results_and_keep_it_on_record() {
    let server = TestServer::start().await;
    let (phone, assignment, evaluation) = server.pushed_evaluation().await;
    let (status, _) = review(
        &server,
        evaluation,
        json!({ "revision": 1, "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let company: (String, String) = sqlx::query_as(
        "SELECT co.id, co.name FROM assignments a JOIN companies co ON co.id = a.company_id WHERE a.id = $1",
    )
    .bind(&assignment)
    .fetch_one(&server.db)
    .await
    .unwrap();
    let ranked = |rankings: &Value| -> Vec<String> {
        rankings["classes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c["ranking"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["company"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    let (_, before) = api(
        &server,
        Method::GET,
        "/api/v1/organizer/rankings?campaign=demo",
        None,
    )
    .await;
    assert!(ranked(&before).contains(&company.1));

    // Cancel another assignment: gone from the phone's list, its push refused, still in the database.
    let other = ids(&server.assignments(&phone).await)
        .into_iter()
        .find(|id| id != &assignment)
        .unwrap();
    let (status, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/assignments/cancel?campaign=demo",
        Some(json!({ "assignments": [other] })),
    )
    .await;
    assert_eq!(
        (status, body["cancelled"].clone()),
        (StatusCode::OK, json!(1)),
        "{body}"
    );
    assert!(!ids(&server.assignments(&phone).await).contains(&other));
    assert_eq!(
        count(
            &server,
            "SELECT COUNT(*) FROM assignments WHERE cancelled_at IS NOT NULL"
        )
        .await,
        1
    );
    let (_, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/assignments/cancel?campaign=demo",
        Some(json!({ "assignments": [other] })),
    )
    .await;
    assert_eq!(reason(&body), "assignment_cancelled");
    let (_, body) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/assignments/cancel?campaign=demo",
        Some(json!({ "assignments": [] })),
    )
    .await;
    assert_eq!(reason(&body), "no_assignment_chosen");

    // Withdraw the company with the approved evaluation: out of the results, kept on record.
    let path = format!(
        "/api/v1/organizer/companies/{}/withdraw?campaign=demo",
        company.0
    );
    let (status, body) = api(&server, Method::POST, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, after) = api(
        &server,
        Method::GET,
        "/api/v1/organizer/rankings?campaign=demo",
        None,
    )
    .await;
    assert!(!ranked(&after).contains(&company.1), "{after}");
    assert_eq!(
        count(
            &server,
            "SELECT COUNT(*) FROM evaluations WHERE status = 'approved'"
        )
        .await,
        1,
        "kept on record"
    );
    let (_, body) = api(&server, Method::POST, &path, None).await;
    assert_eq!(reason(&body), "already_withdrawn");
    let (_, progress) = api(
        &server,
        Method::GET,
        "/api/v1/organizer/progress?campaign=demo",
        None,
    )
    .await;
    assert_eq!(progress["withdrawn"], json!([company.1]));
    assert_eq!(progress["cancelled"], 1);
    let actions: Vec<String> = audit_actions(&server)
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert!(
        actions.contains(&"cancel_assignments".to_owned())
            && actions.contains(&"withdraw_company".to_owned())
    );

    // Reinstated: back in the results, the assignments its withdrawal cancelled active again, the one
    // cancelled by hand still cancelled; audited; a second time is refused.
    let cancelled_by_withdrawal = count(
        &server,
        "SELECT COUNT(*) FROM assignments WHERE cancelled_at IS NOT NULL",
    )
    .await
        - 1;
    let back = path.replace("/withdraw", "/reinstate");
    let (status, body) = api(&server, Method::POST, &back, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["restored"], cancelled_by_withdrawal, "{body}");
    let (_, again) = api(
        &server,
        Method::GET,
        "/api/v1/organizer/rankings?campaign=demo",
        None,
    )
    .await;
    assert!(ranked(&again).contains(&company.1), "{again}");
    assert_eq!(
        count(
            &server,
            "SELECT COUNT(*) FROM assignments WHERE cancelled_at IS NOT NULL"
        )
        .await,
        1,
        "the one cancelled by hand stays cancelled"
    );
    let (_, progress) = api(
        &server,
        Method::GET,
        "/api/v1/organizer/progress?campaign=demo",
        None,
    )
    .await;
    assert_eq!(progress["withdrawn"], json!([]));
    let (_, body) = api(&server, Method::POST, &back, None).await;
    assert_eq!(reason(&body), "not_withdrawn");
    let reinstated: Vec<Value> = audit_actions(&server)
        .await
        .into_iter()
        .filter(|(a, _)| a == "reinstate_company")
        .map(|(_, detail)| detail)
        .collect();
    assert_eq!(reinstated.len(), 1);
    assert_eq!(reinstated[0]["company"], company.1);
}

#[tokio::test]
async fn progress_counts_each_stage_and_lists_the_overdue_with_whom_to_chase() {
    let server = TestServer::start().await;
    let (phone, sent, evaluation) = server.pushed_evaluation().await;
    let view = server.assignments(&phone).await;
    let of = |pick: &dyn Fn(&Value) -> bool| -> String {
        view["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| pick(a))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let drafted = of(&|a| a["channel"] == "phone" && a["id"] != json!(sent));
    let late = of(&|a| a["channel"] == "chat");
    back_up_draft(&server, &phone, &drafted).await;
    review(&server, evaluation, json!({ "revision": 1, "decision": "return", "review": { "comment": "Mer om ventetiden" } })).await;
    sqlx::query(
        "UPDATE shoppers SET email = 'demo@example.com', phone = '+4791234567' WHERE id = $1",
    )
    .bind(demo::DEMO_SHOPPER_ID)
    .execute(&server.db)
    .await
    .unwrap();
    // Two contacts are past due: the returned one and one not started.
    for id in [&sent, &late] {
        sqlx::query("UPDATE assignments SET window_start = '2025-10-01', window_end = '2025-10-10', due = '2025-10-10' WHERE id = $1")
            .bind(id)
            .execute(&server.db)
            .await
            .unwrap();
    }
    let (status, progress) = api(
        &server,
        Method::GET,
        "/api/v1/organizer/progress?campaign=demo",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    let total = &progress["total"];
    assert_eq!(
        (
            total["planned"].clone(),
            total["started"].clone(),
            total["sent"].clone(),
            total["returned"].clone(),
            total["approved"].clone(),
            total["overdue"].clone()
        ),
        (json!(7), json!(1), json!(1), json!(1), json!(0), json!(2)),
        "{progress}"
    );
    let overdue = progress["overdue"].as_array().unwrap();
    assert_eq!(overdue.len(), 2);
    assert!(overdue
        .iter()
        .all(|o| o["shopper"] == "Demo Shopper" && o["shopper_email"] == "demo@example.com"));
    let states: HashSet<&str> = overdue
        .iter()
        .map(|o| o["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, HashSet::from(["returned", "not_started"]));
    let demo_shopper = progress["shoppers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Demo Shopper")
        .unwrap();
    assert_eq!(demo_shopper["counts"]["planned"], 6);
    assert!(progress["classes"].as_array().unwrap().len() >= 2);

    let response = server
        .http
        .get(server.url("/api/v1/organizer/export/progress.csv?campaign=demo"))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    assert!(
        csv.starts_with(
            "level,name,class,planned,started,sent,approved,returned,not_reached,overdue\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("campaign,Kundeserviceprisen (demo),,7,1,1,0,1,0,2"),
        "{csv}"
    );
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("overdue,2025-10-10"))
            .count(),
        2,
        "{csv}"
    );
}

#[tokio::test]
async fn a_campaign_is_edited_and_only_an_empty_one_deleted() {
    let server = TestServer::start().await;
    let (_, created) = api(
        &server,
        Method::POST,
        "/api/v1/organizer/campaigns",
        Some(json!({ "name": "Innsikt høst" })),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let (status, edited) = api(&server, Method::POST, &format!("/api/v1/organizer/campaigns/{id}"),
        Some(json!({ "name": "Innsikt høst 2026", "starts_on": "2026-09-01", "ends_on": "2026-11-30", "weekdays": "1-5", "hours": "09-15", "min_ranked_contacts": 5 }))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(
        (
            edited["id"].as_str(),
            edited["name"].clone(),
            edited["hours"].clone(),
            edited["created_at"].clone()
        ),
        (
            Some(id),
            json!("Innsikt høst 2026"),
            json!("09-15"),
            created["created_at"].clone()
        )
    );
    let (_, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/campaigns/{id}"),
        Some(json!({ "name": "Kundeserviceprisen (demo)" })),
    )
    .await;
    assert_eq!(reason(&body), "campaign_taken");
    let (_, body) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/campaigns/{id}"),
        Some(json!({ "name": "X", "starts_on": "2026-12-01", "ends_on": "2026-01-01" })),
    )
    .await;
    assert_eq!(reason(&body), "campaign_dates_reversed");

    let (status, body) = api(
        &server,
        Method::DELETE,
        "/api/v1/organizer/campaigns/demo",
        None,
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::BAD_REQUEST, "campaign_not_empty"),
        "{body}"
    );
    let (status, _) = api(
        &server,
        Method::DELETE,
        &format!("/api/v1/organizer/campaigns/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api(
        &server,
        Method::DELETE,
        &format!("/api/v1/organizer/campaigns/{id}"),
        None,
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::NOT_FOUND, "no_campaign")
    );
    let actions: Vec<(String, Value)> = audit_actions(&server).await;
    let edits = actions.iter().filter(|(a, _)| a == "edit_campaign").count();
    let deletes: Vec<&Value> = actions
        .iter()
        .filter(|(a, _)| a == "delete_campaign")
        .map(|(_, d)| d)
        .collect();
    assert_eq!((edits, deletes.len()), (1, 1));
    assert_eq!(deletes[0]["campaign"], "Innsikt høst 2026");
}

#[tokio::test]
async fn the_console_plans_with_a_preview_then_changes_the_plan_and_keeps_what_was_typed() {
    let server = TestServer::start().await;
    let campaign = season(&server).await;
    let admin = crate::console::console_login(&server, "admin@demo.example").await;
    let get = |path: String| {
        let admin = admin.clone();
        let server = &server;
        async move {
            let response = no_redirects()
                .get(server.url(&path))
                .header("cookie", admin)
                .send()
                .await
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, page) = get(format!("/console/plan?campaign={campaign}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-testid=\"plan-form\""), "{page}");
    let token = crate::console::form_token(&page);
    let post = |path: &str, fields: Vec<(String, String)>| {
        let mut fields = fields;
        fields.push(("csrf".into(), token.clone()));
        let request = no_redirects()
            .post(server.url(path))
            .header("cookie", &admin)
            .form(&fields);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let links: String = (0..12)
        .map(|i| format!("Selskap {i},phone,tel:+4790000000\n"))
        .collect();
    let form = |contacts: &str| -> Vec<(String, String)> {
        [
            ("campaign", campaign.as_str()),
            ("contacts_per_company", contacts),
            ("phone", "1"),
            ("chat", "0"),
            ("email", "0"),
            ("mix_by", "class"),
            ("mixes", ""),
            ("band_minutes", "120"),
            ("seed", "7"),
            ("scenario_phone", "Du vil flytte lånet ditt."),
            ("contacts", links.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };

    // A field it cannot read: said in Norwegian, and everything typed is still there.
    let (_, page) = post("/console/plan/preview", form("fire")).await;
    assert!(
        page.contains("data-testid=\"error\"") && page.contains("Kan ikke lese"),
        "{page}"
    );
    assert!(
        page.contains("Selskap 11,phone,tel:+4790000000")
            && page.contains("Du vil flytte lånet ditt."),
        "{page}"
    );
    assert!(
        !page.contains("data-testid=\"commit\""),
        "no commit before a preview"
    );

    let (_, page) = post("/console/plan/preview", form("4")).await;
    assert!(page.contains("48 oppdrag for 12 selskaper"), "{page}");
    assert!(
        page.contains("data-testid=\"commit\"")
            && page.contains("Selskap 11,phone,tel:+4790000000")
    );
    assert!(page.contains("man–fre"), "windows in words: {page}");
    assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM assignments a JOIN companies co ON co.id = a.company_id WHERE co.campaign_id = '{campaign}'")).await, 0);
    let (_, page) = post("/console/plan/commit", form("4")).await;
    assert!(page.contains("48 oppdrag er lagret."), "{page}");
    assert_eq!(planned_rows(&server, &campaign).await.len(), 48);

    let (status, page) = get(format!("/console/progress?campaign={campaign}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("data-testid=\"progress-total\"") && page.contains("<td>48</td>"),
        "{page}"
    );
    let (status, csv) = get(format!("/console/progress.csv?campaign={campaign}")).await;
    assert_eq!(status, StatusCode::OK);
    // Once the spring of 2026 is over, every contact not sent is overdue.
    let overdue = if shopper_server::progress::today().as_str() > "2026-04-03" {
        48
    } else {
        0
    };
    assert!(
        csv.contains(&format!("campaign,Vår 2026,,48,0,0,0,0,0,{overdue}")),
        "{csv}"
    );

    // Pick Selskap 0's assignments: cancel one, move another to a shopper it does not have yet.
    let (company,): (String,) = sqlx::query_as("SELECT id FROM companies WHERE name = 'Selskap 0'")
        .fetch_one(&server.db)
        .await
        .unwrap();
    let (_, page) = get(format!(
        "/console/progress?campaign={campaign}&company={company}"
    ))
    .await;
    assert!(
        page.contains("data-testid=\"change-assignments\"")
            && page.contains("data-testid=\"withdraw\""),
        "{page}"
    );
    let theirs: Vec<(String, String)> =
        sqlx::query_as("SELECT id, shopper_id FROM assignments WHERE company_id = $1 ORDER BY id")
            .bind(&company)
            .fetch_all(&server.db)
            .await
            .unwrap();
    let (free,): (String,) = sqlx::query_as(&format!(
        "SELECT id FROM shoppers WHERE name LIKE 'Shopper 2%' AND id NOT IN ({}) ORDER BY name LIMIT 1",
        theirs.iter().map(|(_, s)| format!("'{s}'")).collect::<Vec<_>>().join(",")
    )).fetch_one(&server.db).await.unwrap();
    let change = |action: &str, id: &str| -> Vec<(String, String)> {
        [
            ("campaign", campaign.as_str()),
            ("company", company.as_str()),
            ("shopper", ""),
            ("to", free.as_str()),
            ("action", action),
            (&format!("pick:{id}"), "on"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let (_, page) = post(
        "/console/assignments/change",
        change("cancel", &theirs[0].0),
    )
    .await;
    assert!(page.contains("1 oppdrag er avlyst."), "{page}");
    let (_, page) = post(
        "/console/assignments/change",
        change("reassign", &theirs[1].0),
    )
    .await;
    assert!(page.contains("1 oppdrag er flyttet."), "{page}");
    let (moved_to,): (String,) = sqlx::query_as("SELECT shopper_id FROM assignments WHERE id = $1")
        .bind(&theirs[1].0)
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert_eq!(moved_to, free);

    // An edit outside the campaign's hours is refused in words and keeps what was typed.
    let edit_path = format!("/console/assignments/{}", theirs[2].0);
    let (_, page) = get(format!("{edit_path}?campaign={campaign}")).await;
    assert!(page.contains("data-testid=\"edit-assignment\""), "{page}");
    let edit = |hours: &str| -> Vec<(String, String)> {
        [
            ("campaign", campaign.as_str()),
            ("window_start", "2026-02-02"),
            ("window_end", "2026-02-06"),
            ("weekdays", ""),
            ("hours", hours),
            ("due", "2026-02-06"),
            ("scenario", "Nytt spørsmål om lånet"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let (_, page) = post(&edit_path, edit("20:00-23:30")).await;
    assert!(
        page.contains("Klokkeslettene er utenfor kampanjens.")
            && page.contains("value=\"20:00-23:30\"")
            && page.contains("Nytt spørsmål om lånet"),
        "{page}"
    );
    let (_, page) = post(&edit_path, edit("10:00-12:00")).await;
    assert!(page.contains("Oppdraget er endret."), "{page}");

    // Withdraw the company; the campaign, no longer empty, cannot be deleted.
    let (_, page) = post(
        &format!("/console/companies/{company}/withdraw"),
        vec![("campaign".into(), campaign.clone())],
    )
    .await;
    assert!(page.contains("Selskapet er trukket"), "{page}");
    assert!(page.contains("data-testid=\"reinstate\""), "{page}");
    let (_, page) = post(
        &format!("/console/companies/{company}/reinstate"),
        vec![("campaign".into(), campaign.clone())],
    )
    .await;
    assert!(page.contains("Selskapet er med igjen"), "{page}");
    let (_, page) = post(
        &format!("/console/companies/{company}/withdraw"),
        vec![("campaign".into(), campaign.clone())],
    )
    .await;
    assert!(page.contains("Selskapet er trukket"), "{page}");
    let (_, page) = post(
        "/console/campaign/delete",
        vec![("campaign".into(), campaign.clone())],
    )
    .await;
    assert!(
        page.contains("Kampanjen har selskaper eller oppdrag og kan ikke slettes."),
        "{page}"
    );
    let edited: Vec<(String, String)> = [
        ("campaign", campaign.as_str()),
        ("name", "Vår 2026 (endret)"),
        ("starts_on", "2026-01-05"),
        ("ends_on", "2026-04-03"),
        ("weekdays", "1-5"),
        ("hours", "08:00-16:00"),
        ("questionnaire_id", ""),
        ("min_ranked_contacts", "10"),
        ("phone_attempts", "3"),
        ("phone_gap_minutes", "60"),
        ("chat_reply_minutes", "15"),
        ("email_reply_days", "3"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let (_, page) = post("/console/campaign/edit", edited).await;
    assert!(
        page.contains("Kampanjen «Vår 2026 (endret)» er endret.")
            && page.contains("value=\"08:00-16:00\""),
        "{page}"
    );
    let (_, page) = get("/console/audit".into()).await;
    for verb in [
        "lagret planen for",
        "avlyste oppdrag i",
        "flyttet oppdrag i",
        "endret et oppdrag for",
        "trakk selskapet",
    ] {
        assert!(page.contains(verb), "{verb}: {page}");
    }
}

#[tokio::test]
async fn the_console_asks_before_moving_an_assignment_whose_old_phone_holds_a_draft() {
    let server = TestServer::start().await;
    let phone = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let drafted = first_assignment(&server, &phone).await;
    back_up_draft(&server, &phone, &drafted).await;
    let admin = crate::console::console_login(&server, "admin@demo.example").await;
    let page = no_redirects()
        .get(server.url(&format!(
            "/console/progress?campaign=demo&shopper={}",
            demo::DEMO_SHOPPER_ID
        )))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("utkast på telefonen"),
        "the draft shows: {page}"
    );
    let token = crate::console::form_token(&page);
    let send = |drafts: Option<&str>| {
        let mut fields = vec![
            ("campaign".to_owned(), "demo".to_owned()),
            ("shopper".to_owned(), demo::DEMO_SHOPPER_ID.to_owned()),
            ("to".to_owned(), demo::SECOND_SHOPPER_ID.to_owned()),
            ("action".to_owned(), "reassign".to_owned()),
            (format!("pick:{drafted}"), "on".to_owned()),
            ("csrf".to_owned(), token.clone()),
        ];
        if let Some(drafts) = drafts {
            fields.push(("drafts".into(), drafts.into()));
        }
        let request = no_redirects()
            .post(server.url("/console/assignments/change"))
            .header("cookie", &admin)
            .form(&fields);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let holder = || async {
        sqlx::query_as::<_, (String,)>("SELECT shopper_id FROM assignments WHERE id = $1")
            .bind(&drafted)
            .fetch_one(&server.db)
            .await
            .unwrap()
            .0
    };
    let page = send(None).await;
    assert!(
        page.contains("data-testid=\"drafts-held\"")
            && page.contains("1 av oppdragene har et utkast på den gamle shopperens telefon"),
        "{page}"
    );
    assert!(
        page.contains("data-testid=\"drafts-move\"")
            && page.contains("data-testid=\"drafts-keep\"")
    );
    assert_eq!(
        holder().await,
        demo::DEMO_SHOPPER_ID,
        "nothing moves before the organizer decides"
    );
    let page = send(Some("keep")).await;
    assert!(
        page.contains("0 oppdrag er flyttet.") && page.contains("1 med utkast ble værende."),
        "{page}"
    );
    assert_eq!(holder().await, demo::DEMO_SHOPPER_ID);
    let page = send(Some("move")).await;
    assert!(page.contains("1 oppdrag er flyttet."), "{page}");
    assert_eq!(holder().await, demo::SECOND_SHOPPER_ID);
}

#[tokio::test]
async fn a_shopper_who_left_is_given_no_new_work_by_the_planner() {
    let server = TestServer::start().await;
    let campaign = season(&server).await;
    let before = count(&server, "SELECT COUNT(*) FROM assignments").await;
    sqlx::query(
        "UPDATE shoppers SET deactivated_at = '2026-01-01T00:00:00Z' WHERE name = 'Shopper 05'",
    )
    .execute(&server.db)
    .await
    .unwrap();
    let (status, preview) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{preview}");
    let left: i64 = count(
        &server,
        "SELECT COUNT(*) FROM assignments a JOIN shoppers s ON s.id = a.shopper_id WHERE s.name = 'Shopper 05'",
    )
    .await;
    assert_eq!(left, 0, "the shopper who left got work");
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM assignments").await,
        before + 120
    );
}

#[tokio::test]
async fn a_campaign_change_that_would_leave_planned_work_outside_is_refused_naming_it_and_changes_nothing(
) {
    let server = TestServer::start().await;
    let campaign = season(&server).await;
    let (status, _) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/plan?campaign={campaign}"),
        Some(spec(10)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let edit = |ends_on: &str, hours: &str| json!({ "name": "Vår 2026", "starts_on": "2026-01-05", "ends_on": ends_on, "weekdays": "1-5", "hours": hours });
    let path = format!("/api/v1/organizer/campaigns/{campaign}");
    // Ending in February leaves the March weeks outside; narrower hours leave the 09-11 band outside.
    let late: Vec<(String,)> = sqlx::query_as(
        "SELECT a.id FROM assignments a JOIN companies co ON co.id = a.company_id
         WHERE co.campaign_id = $1 AND a.window_end > '2026-02-27'",
    )
    .bind(&campaign)
    .fetch_all(&server.db)
    .await
    .unwrap();
    assert!(!late.is_empty());
    let (status, body) = api(
        &server,
        Method::POST,
        &path,
        Some(edit("2026-02-27", "09:00-15:00")),
    )
    .await;
    assert_eq!(
        (status, reason(&body)),
        (StatusCode::BAD_REQUEST, "assignments_outside"),
        "{body}"
    );
    // Every one of them named in a field a program can read, not only the first ten in the message.
    let named: Vec<&str> = body["error"]["outside_assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = late.iter().map(|(id,)| id.as_str()).collect();
    let mut got = named.clone();
    expected.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, expected, "{body}");
    let first = &body["error"]["outside_assignments"][0];
    assert!(
        first["company"].as_str().unwrap().contains("Selskap"),
        "{first}"
    );
    assert!(
        first["code"].as_str().unwrap().starts_with("window_"),
        "{first}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{} assignment(s) would fall outside", late.len()))
            && message.contains("Selskap"),
        "{message}"
    );
    let (_, body) = api(
        &server,
        Method::POST,
        &path,
        Some(edit("2026-04-03", "10:00-15:00")),
    )
    .await;
    assert_eq!(reason(&body), "assignments_outside", "{body}");
    let (ends_on,): (Option<String>,) =
        sqlx::query_as("SELECT ends_on FROM campaigns WHERE id = $1")
            .bind(&campaign)
            .fetch_one(&server.db)
            .await
            .unwrap();
    assert_eq!(ends_on.as_deref(), Some("2026-04-03"), "nothing changed");
    // A wider window, or the same one, is taken; so is the shorter one once the late work is cancelled.
    let (status, _) = api(
        &server,
        Method::POST,
        &path,
        Some(edit("2026-04-30", "08:00-16:00")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&String> = late.iter().map(|(id,)| id).collect();
    let (status, _) = api(
        &server,
        Method::POST,
        &format!("/api/v1/organizer/assignments/cancel?campaign={campaign}"),
        Some(json!({ "assignments": ids })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = api(
        &server,
        Method::POST,
        &path,
        Some(edit("2026-02-27", "09:00-15:00")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
