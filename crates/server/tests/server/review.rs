//! The review work mode in the console: the queue opens on the evaluations waiting for review, oldest first,
//! with counts per status, 50 a page, filtered and sorted by the database, the filter kept in every link and
//! across decisions; a decision opens the next evaluation; flags computed on the server are shown and
//! filterable; bulk approval approves only unflagged evaluations, each audited; returning an approved one
//! asks first.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use uuid::Uuid;

/// 2026-01-05 10:00 Oslo.
const MONDAY_TEN: i64 = 1_767_603_600_000;

/// A phone call's content: dialled at `at_ms`, answered `waiting_s` later, with these answers and notes.
fn content(assignment: &str, at_ms: i64, waiting_s: i64, answers: Value, notes: &str) -> Value {
    json!({
        "assignment_id": assignment, "questionnaire_id": "kundeservice", "questionnaire_version": 1,
        "channel": "phone",
        "timeline": [
            { "event": "dialled", "at_ms": at_ms }, { "event": "answered", "at_ms": at_ms + waiting_s * 1000 },
            { "event": "ended", "at_ms": at_ms + (waiting_s + 300) * 1000 }
        ],
        "answers": answers, "notes": notes
    })
}

/// `count` evaluations of `shopper` waiting for review, stored as the push stores them (one a minute from
/// `first_received`), each for a new phone assignment with a demo company. The `make` closure gives each
/// one's content from its assignment id and number. Returns the evaluation ids in the order received.
async fn stored(
    server: &TestServer,
    shopper: &str,
    count: usize,
    make: impl Fn(&str, usize) -> Value,
) -> Vec<String> {
    let companies: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM companies WHERE campaign_id = 'demo' ORDER BY name")
            .fetch_all(&server.db)
            .await
            .unwrap();
    let mut ids = vec![];
    for n in 0..count {
        let assignment = Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                      due, questionnaire_id, questionnaire_version)
             VALUES ($1, $2, $3, 'phone', 'Test', 'tel:+4770000000', '2026-01-05', '2026-03-27', '2026-03-27',
                     'kundeservice', 1)",
        )
        .bind(&assignment)
        .bind(shopper)
        .bind(&companies[n % companies.len()].0)
        .execute(&server.db)
        .await
        .unwrap();
        let id = Uuid::new_v4().to_string();
        let body: shopper_domain::EvaluationContent =
            serde_json::from_value(make(&assignment, n)).unwrap();
        let received = format!(
            "2026-01-{:02}T{:02}:{:02}:00Z",
            6 + n / 600,
            (n / 60) % 10,
            n % 60
        );
        sqlx::query(
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at)
             VALUES ($1, $2, $3, 1, $4, $5)",
        )
        .bind(&id)
        .bind(&assignment)
        .bind(shopper)
        .bind(body.canonical_json())
        .bind(&received)
        .execute(&server.db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO evaluation_revisions (evaluation_id, revision, shopper_id, content, received_at)
             VALUES ($1, 1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(shopper)
        .bind(body.canonical_json())
        .bind(&received)
        .execute(&server.db)
        .await
        .unwrap();
        ids.push(id);
    }
    ids
}

/// A reviewer's console session: its cookie and the form token of its pages.
struct Reviewer<'a> {
    server: &'a TestServer,
    cookie: String,
    token: String,
}

impl<'a> Reviewer<'a> {
    async fn log_in(server: &'a TestServer) -> Reviewer<'a> {
        let cookie = log_in(server, "reviewer@demo.example").await;
        let mut reviewer = Reviewer {
            server,
            cookie,
            token: String::new(),
        };
        let (_, page) = reviewer.get("/console").await;
        reviewer.token = crate::console::form_token(&page);
        reviewer
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = no_redirects()
            .get(self.server.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Posts a form; the status, the redirect's target (if any) and the body.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        fields.push(("csrf", &self.token));
        let response = no_redirects()
            .post(self.server.url(path))
            .header("cookie", &self.cookie)
            .form(&fields)
            .send()
            .await
            .unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (response.status(), location, response.text().await.unwrap())
    }
}

/// The evaluation ids of the queue's rows, in order.
fn row_ids(page: &str) -> Vec<String> {
    page.split("data-testid=\"queue-row\" data-id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

fn count(page: &str, status: &str) -> i64 {
    let (_, rest) = page
        .split_once(&format!("data-testid=\"count-{status}\""))
        .unwrap();
    let (_, rest) = rest.split_once("<span class=\"count\">").unwrap();
    rest.split('<').next().unwrap().parse().unwrap()
}

fn plain(n: usize) -> Value {
    let mut answers = valid_answers();
    answers["beste"] = json!(format!("Svar nummer {n}"));
    answers["tidspunkt"] = json!("2026-01-05T10:00");
    answers
}

#[tokio::test]
async fn the_queue_opens_on_to_review_oldest_first_50_a_page_with_counts_and_the_filter_in_every_link(
) {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 120, |assignment, n| {
        content(assignment, MONDAY_TEN, 25, plain(n), "")
    })
    .await;
    // Two approved, one returned: the counts say so, the default view shows only those to review.
    for id in &ids[..2] {
        sqlx::query("UPDATE evaluations SET status = 'approved' WHERE id = $1")
            .bind(id)
            .execute(&server.db)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE evaluations SET status = 'returned' WHERE id = $1")
        .bind(&ids[2])
        .execute(&server.db)
        .await
        .unwrap();
    let reviewer = Reviewer::log_in(&server).await;
    let (status, page) = reviewer.get("/console").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(count(&page, "received"), 117);
    assert_eq!(count(&page, "approved"), 2);
    assert_eq!(count(&page, "returned"), 1);
    assert_eq!(count(&page, "all"), 120);
    assert_eq!(
        row_ids(&page),
        ids[3..53],
        "the oldest 50 waiting, oldest first"
    );
    assert!(page.contains("Side 1 av 3"), "{page}");
    let (_, third) = reviewer.get("/console?campaign=demo&page=2").await;
    assert_eq!(row_ids(&third), ids[103..120]);
    // Newest first, all statuses: the sort and the status are the database's.
    let (_, newest) = reviewer
        .get("/console?campaign=demo&status=&sort=newest")
        .await;
    assert_eq!(
        row_ids(&newest)[..3],
        [&ids[119], &ids[118], &ids[117]].map(String::clone)
    );
    // The filter travels in the rows' links and the pager.
    assert!(newest.contains(&format!(
        "/console/evaluations/{}?campaign=demo&amp;status=&amp;sort=newest",
        ids[119]
    )));
    assert!(newest.contains("/console?campaign=demo&amp;status=&amp;sort=newest&amp;page=1"));
    // A bad score in the filter is said, not a failure, and the rest of the filter still applies.
    let (status, bad) = reviewer.get("/console?campaign=demo&min=abc").await;
    assert_eq!(status, StatusCode::OK);
    assert!(bad.contains("Laveste score må være et tall fra 0 til 100; «abc» er ikke brukt."));
    assert_eq!(row_ids(&bad).len(), 50);
}

#[tokio::test]
async fn flags_are_computed_on_the_server_shown_at_the_top_and_filterable() {
    let server = TestServer::start().await;
    let reused = "Hun forklarte vilkårene grundig og tilbød en oppfølging";
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 6, |assignment, n| {
        let mut answers = plain(n);
        match n {
            // Typed 95 s against a timer of 4 s.
            1 => {
                answers["ventetid"] = json!(95);
                content(assignment, MONDAY_TEN, 4, answers, "")
            }
            // The same text in two of this shopper's evaluations.
            2 | 3 => {
                answers["beste"] = json!(reused);
                content(assignment, MONDAY_TEN, 25, answers, "")
            }
            // A contact time four hours from the timeline.
            4 => {
                answers["tidspunkt"] = json!("2026-01-05T14:00");
                content(assignment, MONDAY_TEN, 25, answers, "")
            }
            _ => content(assignment, MONDAY_TEN, 25, answers, ""),
        }
    })
    .await;
    let reviewer = Reviewer::log_in(&server).await;
    let (_, flagged) = reviewer.get("/console?campaign=demo&flagged=yes").await;
    assert_eq!(row_ids(&flagged), ids[1..5]);
    let (_, unflagged) = reviewer.get("/console?campaign=demo&flagged=no").await;
    assert_eq!(row_ids(&unflagged), [ids[0].clone(), ids[5].clone()]);
    let (_, typed) = reviewer
        .get("/console?campaign=demo&flag=typed_duration")
        .await;
    assert_eq!(row_ids(&typed), [ids[1].clone()]);
    let (_, page) = reviewer
        .get(&format!("/console/evaluations/{}", ids[1]))
        .await;
    let flags = page.split_once("data-testid=\"flags\"").unwrap().1;
    assert!(
        flags.contains("skrevet inn 95 s, tidtakeren viser 4 s."),
        "{flags}"
    );
    assert!(
        page.find("data-testid=\"flags\"").unwrap() < page.find("Tidslinje").unwrap(),
        "the flags come first"
    );
    let (_, page) = reviewer
        .get(&format!("/console/evaluations/{}", ids[3]))
        .await;
    assert!(
        page.contains("står ordrett i shopperens evaluering av"),
        "{page}"
    );
    let (_, page) = reviewer
        .get(&format!("/console/evaluations/{}", ids[4]))
        .await;
    assert!(page.contains("2026-01-05 14:00 skrevet inn, tidslinjen begynner 2026-01-05 10:00."));
    // A new revision from the shopper is flagged again from its own content.
    let mut fixed = plain(1);
    fixed["ventetid"] = json!(4);
    let body = content(&Uuid::nil().to_string(), MONDAY_TEN, 4, fixed, "");
    let assignment: (String,) =
        sqlx::query_as("SELECT assignment_id FROM evaluations WHERE id = $1")
            .bind(&ids[1])
            .fetch_one(&server.db)
            .await
            .unwrap();
    let mut body = body;
    body["assignment_id"] = json!(assignment.0);
    let body: shopper_domain::EvaluationContent = serde_json::from_value(body).unwrap();
    sqlx::query("UPDATE evaluations SET revision = 2, content = $1 WHERE id = $2")
        .bind(body.canonical_json())
        .bind(&ids[1])
        .execute(&server.db)
        .await
        .unwrap();
    let (_, typed) = reviewer
        .get("/console?campaign=demo&flag=typed_duration")
        .await;
    assert!(row_ids(&typed).is_empty());
}

#[tokio::test]
async fn a_decision_opens_the_next_evaluation_of_the_same_filter() {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 4, |assignment, n| {
        content(assignment, MONDAY_TEN, 25, plain(n), "")
    })
    .await;
    let reviewer = Reviewer::log_in(&server).await;
    let back = "campaign=demo&sort=oldest";
    let (_, page) = reviewer
        .get(&format!("/console/evaluations/{}?{back}", ids[0]))
        .await;
    assert!(
        page.contains(&format!(
            "/console/evaluations/{}?campaign=demo&amp;sort=oldest\" data-key=\"j\"",
            ids[1]
        )),
        "{page}"
    );
    assert!(page.contains("data-key=\"a\""));
    let (status, location, _) = reviewer
        .post(
            &format!("/console/evaluations/{}/review", ids[0]),
            &[
                ("revision", "1"),
                ("decision", "approve"),
                ("back", back),
                ("at", "0"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!("/console/evaluations/{}?{back}&decided={}", ids[1], ids[0])
    );
    // Returned with a comment: the next one again, with the filter.
    let (_, location, _) = reviewer
        .post(
            &format!("/console/evaluations/{}/review", ids[1]),
            &[
                ("revision", "1"),
                ("decision", "return"),
                ("comment", "Mangler ventetid"),
                ("back", back),
                ("at", "0"),
            ],
        )
        .await;
    assert_eq!(
        location,
        format!("/console/evaluations/{}?{back}&decided={}", ids[2], ids[1])
    );
    // The last one leads back to the queue with its filter.
    reviewer
        .post(
            &format!("/console/evaluations/{}/review", ids[2]),
            &[
                ("revision", "1"),
                ("decision", "approve"),
                ("back", back),
                ("at", "0"),
            ],
        )
        .await;
    let (_, location, _) = reviewer
        .post(
            &format!("/console/evaluations/{}/review", ids[3]),
            &[
                ("revision", "1"),
                ("decision", "approve"),
                ("back", back),
                ("at", "0"),
            ],
        )
        .await;
    assert_eq!(location, format!("/console?{back}&decided={}", ids[3]));
    let statuses: Vec<(String,)> =
        sqlx::query_as("SELECT status FROM evaluations WHERE shopper_id = $1 ORDER BY received_at")
            .bind(demo::DEMO_SHOPPER_ID)
            .fetch_all(&server.db)
            .await
            .unwrap();
    let statuses: Vec<&str> = statuses.iter().map(|(s,)| s.as_str()).collect();
    assert_eq!(statuses, ["approved", "returned", "approved", "approved"]);
}

#[tokio::test]
async fn bulk_approval_approves_only_unflagged_waiting_evaluations_each_with_its_audit_entry() {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 5, |assignment, n| {
        let mut answers = plain(n);
        if n == 1 {
            answers["ventetid"] = json!(95);
            return content(assignment, MONDAY_TEN, 4, answers, "");
        }
        content(assignment, MONDAY_TEN, 25, answers, "")
    })
    .await;
    let reviewer = Reviewer::log_in(&server).await;
    let (_, page) = reviewer.get("/console").await;
    assert!(
        page.contains("Godkjenn alle uflaggede på siden (4)"),
        "{page}"
    );
    assert!(
        !page.contains(&format!("value=\"{}:1\"", ids[1])),
        "a flagged one cannot be picked"
    );
    // The page's unflagged ones, and a flagged one slipped in by hand: only the unflagged are approved.
    let picks: Vec<String> = [0, 1, 2, 3, 4]
        .iter()
        .map(|i| format!("{}:1", ids[*i]))
        .collect();
    let mut fields: Vec<(&str, &str)> = picks.iter().map(|p| ("page_pick", p.as_str())).collect();
    fields.push(("which", "page"));
    fields.push(("back", "campaign=demo"));
    let (status, location, _) = reviewer.post("/console/review/bulk", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/console?campaign=demo&approved=4&skipped=1");
    let (_, page) = reviewer.get(&location).await;
    assert!(page.contains("Godkjent: 4"), "{page}");
    assert_eq!(row_ids(&page), [ids[1].clone()]);
    let audited: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'review_approve' AND detail LIKE '%\"bulk\":true%'",
    )
    .fetch_one(&server.db)
    .await
    .unwrap();
    assert_eq!(audited.0, 4);
}

#[tokio::test]
async fn returning_an_approved_evaluation_asks_first_and_only_then_takes_it_out_of_the_results() {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 1, |assignment, n| {
        content(assignment, MONDAY_TEN, 25, plain(n), "")
    })
    .await;
    let reviewer = Reviewer::log_in(&server).await;
    let path = format!("/console/evaluations/{}/review", ids[0]);
    reviewer
        .post(&path, &[("revision", "1"), ("decision", "approve")])
        .await;
    let fields = [
        ("revision", "1"),
        ("decision", "return"),
        ("comment", "Feil selskap"),
    ];
    let (status, _, page) = reviewer.post(&path, &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-testid=\"confirm-return\""), "{page}");
    assert!(
        page.contains("Feil selskap"),
        "the comment is kept in the question"
    );
    let held: (String,) = sqlx::query_as("SELECT status FROM evaluations WHERE id = $1")
        .bind(&ids[0])
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert_eq!(held.0, "approved", "nothing changes before the answer");
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm", "yes"));
    let (status, _, _) = reviewer.post(&path, &confirmed).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let held: (String,) = sqlx::query_as("SELECT status FROM evaluations WHERE id = $1")
        .bind(&ids[0])
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert_eq!(held.0, "returned");
}

/// `count` audit entries, one a minute from 2026-01-05 08:00 UTC, alternating two people and two kinds.
async fn audit_entries(server: &TestServer, count: usize) {
    for n in 0..count {
        let (actor, action) = if n % 2 == 0 {
            ("Kari Nordmann (k1)", "review_approve")
        } else {
            ("Ola Hansen (o2)", "create_shopper")
        };
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(format!("2026-01-{:02}T08:{:02}:00Z", 5 + n / 60, n % 60))
            .bind(actor)
            .bind(action)
            .bind(format!("entry {n}"))
            .bind(format!(r#"{{"name":"Entry {n}","company":"Entry {n}"}}"#))
            .execute(&server.db)
            .await
            .unwrap();
    }
}

fn audit_subjects(page: &str) -> Vec<String> {
    page.split("data-testid=\"audit-line\"")
        .skip(1)
        .map(|rest| {
            let (_, after) = rest.split_once("Entry ").unwrap();
            after
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_audit_log_pages_through_every_entry_and_filters_by_person_kind_and_date() {
    let server = TestServer::start().await;
    audit_entries(&server, 250).await;
    let reviewer = Reviewer::log_in(&server).await;
    let (_, first) = reviewer.get("/console/audit").await;
    let total: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert!(first.contains(&format!("1–100 av {}", total.0)), "{first}");
    // Every entry is on some page, newest first, none twice: nothing is cut off.
    let mut seen = vec![];
    let pages = (total.0 + 99) / 100;
    for page in 0..pages {
        let (_, text) = reviewer.get(&format!("/console/audit?page={page}")).await;
        seen.extend(
            text.split("data-testid=\"audit-line\"")
                .skip(1)
                .map(|line| line.split("</li>").next().unwrap().to_owned()),
        );
    }
    assert_eq!(seen.len() as i64, total.0);
    let ours: Vec<String> = audit_subjects(&first);
    assert_eq!(ours[..3], ["249", "248", "247"].map(String::from));
    // By person, kind and days (Oslo): on 6 January only entries 60-119 exist; Kari made the even ones.
    let (_, kari) = reviewer
        .get("/console/audit?person=Kari+Nordmann+%28k1%29&kind=review_approve&from=2026-01-06&to=2026-01-06")
        .await;
    let numbers = audit_subjects(&kari);
    let expected: Vec<String> = (60..120)
        .rev()
        .filter(|n| n % 2 == 0)
        .map(|n| n.to_string())
        .collect();
    assert_eq!(numbers, expected);
    assert!(kari.contains("1–30 av 30"));
    // The filter stays in the pager's links.
    let (_, second) = reviewer.get("/console/audit?kind=create_shopper").await;
    assert!(
        second.contains("/console/audit?kind=create_shopper&amp;page=1"),
        "{second}"
    );
    let (_, bad) = reviewer.get("/console/audit?from=5.1.2026").await;
    assert!(bad.contains("«5.1.2026» er ikke en dato (åååå-mm-dd) og er ikke brukt."));
}

/// `GET path` as the caller with `cookie`: the status and the JSON answer.
async fn api_get(server: &TestServer, path: &str, cookie: &str) -> (StatusCode, Value) {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn entry_ids(sheet: &Value) -> Vec<String> {
    sheet["evaluations"]
        .as_array()
        .unwrap_or_else(|| panic!("no evaluations in {sheet}"))
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_queue_pages_filters_and_counts_as_the_console_does_and_refuses_what_it_cannot_read(
) {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 120, |assignment, n| {
        let mut answers = plain(n);
        if n == 7 {
            // A typed waiting time of 95 s against a timer of 4 s: flagged.
            answers["ventetid"] = json!(95);
            return content(assignment, MONDAY_TEN, 4, answers, "");
        }
        content(assignment, MONDAY_TEN, 25, answers, "")
    })
    .await;
    for id in &ids[..2] {
        sqlx::query("UPDATE evaluations SET status = 'approved' WHERE id = $1")
            .bind(id)
            .execute(&server.db)
            .await
            .unwrap();
    }
    let reviewer = Reviewer::log_in(&server).await;
    let (status, first) = api_get(&server, "/api/v1/organizer/queue", &reviewer.cookie).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["total"].as_i64(), first["pages"].as_i64()),
        (Some(118), Some(3))
    );
    let counts: Vec<(String, i64)> = first["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        counts.contains(&("received".into(), 118)) && counts.contains(&("approved".into(), 2)),
        "{counts:?}"
    );
    // The same rows as the console's first page, oldest first; the pages together hold every one once.
    let (_, console) = reviewer.get("/console").await;
    assert_eq!(entry_ids(&first), row_ids(&console));
    let mut every = entry_ids(&first);
    for page in 1..3 {
        let (_, sheet) = api_get(
            &server,
            &format!("/api/v1/organizer/queue?page={page}"),
            &reviewer.cookie,
        )
        .await;
        every.extend(entry_ids(&sheet));
    }
    assert_eq!(every, ids[2..]);
    // Flags: the flagged one alone, with its codes; the rest without.
    let (_, flagged) = api_get(
        &server,
        "/api/v1/organizer/queue?flagged=yes",
        &reviewer.cookie,
    )
    .await;
    assert_eq!(entry_ids(&flagged), [ids[7].clone()]);
    assert!(
        flagged["evaluations"][0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "typed_duration"),
        "{flagged}"
    );
    let (_, unflagged) = api_get(
        &server,
        "/api/v1/organizer/queue?flagged=no&status=&sort=newest",
        &reviewer.cookie,
    )
    .await;
    assert_eq!(unflagged["total"], 119);
    assert_eq!(entry_ids(&unflagged)[0], ids[119]);
    // The sheet lists what the filter's parts take, so a program filters by company without guessing ids:
    // the first page's first company, by the id the choices give for its name, gives that company's alone.
    let choices = &first["choices"];
    assert!(choices["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "typed_duration"));
    assert!(choices["shoppers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == demo::DEMO_SHOPPER_ID));
    assert!(!choices["classes"].as_array().unwrap().is_empty());
    let name = first["evaluations"][0]["company"].as_str().unwrap();
    let company = choices["companies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {choices}"));
    let (status, one) = api_get(
        &server,
        &format!(
            "/api/v1/organizer/queue?company={}&status=",
            company["id"].as_str().unwrap()
        ),
        &reviewer.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{one}");
    let rows = one["evaluations"].as_array().unwrap();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r["company"] == name),
        "{one}"
    );
    assert!(one["total"].as_i64().unwrap() < 120);
    // What cannot be read is refused with a stable code, not quietly left out.
    for bad in [
        "min=abc",
        "from=5.1.2026",
        "status=lost",
        "sort=random",
        "page=-1",
        "channel=fax",
    ] {
        let (status, body) = api_get(
            &server,
            &format!("/api/v1/organizer/queue?{bad}"),
            &reviewer.cookie,
        )
        .await;
        assert_eq!(
            (status, body["error"]["reason"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_filter")),
            "{bad}: {body}"
        );
    }
    let (status, _) = api_get(
        &server,
        "/api/v1/organizer/queue?campaign=nowhere",
        &reviewer.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_approval_through_the_api_approves_only_unflagged_waiting_ones_each_audited() {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 5, |assignment, n| {
        let mut answers = plain(n);
        if n == 1 {
            answers["ventetid"] = json!(95);
            return content(assignment, MONDAY_TEN, 4, answers, "");
        }
        content(assignment, MONDAY_TEN, 25, answers, "")
    })
    .await;
    let reviewer = Reviewer::log_in(&server).await;
    // The queue is read first (it computes the flags), as a reviewer's program would.
    let (_, sheet) = api_get(&server, "/api/v1/organizer/queue", &reviewer.cookie).await;
    assert_eq!(sheet["total"], 5);
    let bulk = |picks: Value| {
        let cookie = reviewer.cookie.clone();
        let server = &server;
        async move {
            let response = server
                .http
                .post(server.url("/api/v1/organizer/review/bulk"))
                .header("cookie", cookie)
                .json(&json!({ "evaluations": picks }))
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let mut picks: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "id": id, "revision": 1 }))
        .collect();
    // A revision the reviewer never saw is skipped too.
    picks.push(json!({ "id": ids[0], "revision": 2 }));
    let (status, done) = bulk(json!(picks)).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["approved"].as_i64(), done["skipped"].as_i64()),
        (Some(4), Some(2))
    );
    let (_, left) = api_get(&server, "/api/v1/organizer/queue", &reviewer.cookie).await;
    assert_eq!(entry_ids(&left), [ids[1].clone()], "the flagged one waits");
    let (_, again) = bulk(json!(picks)).await;
    assert_eq!(again["approved"], 0, "approving twice changes nothing");
    let audited: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'review_approve' AND detail LIKE '%\"bulk\":true%'",
    )
    .fetch_one(&server.db)
    .await
    .unwrap();
    assert_eq!(audited.0, 4);
    let too_many: Vec<Value> = (0..501)
        .map(|_| json!({ "id": Uuid::new_v4(), "revision": 1 }))
        .collect();
    let (status, body) = bulk(json!(too_many)).await;
    assert_eq!(
        (status, body["error"]["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("too_many"))
    );
}

#[tokio::test]
async fn the_audit_log_through_the_api_pages_through_every_entry_with_filters_and_a_total() {
    let server = TestServer::start().await;
    audit_entries(&server, 250).await;
    let reviewer = Reviewer::log_in(&server).await;
    let (status, first) = api_get(&server, "/api/v1/organizer/audit", &reviewer.cookie).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let total: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert_eq!(first["total"], total.0);
    assert_eq!(first["pages"], (total.0 + 99) / 100);
    assert_eq!(first["entries"].as_array().unwrap().len(), 100);
    assert_eq!(first["entries"][0]["subject"], "entry 249", "newest first");
    // Every entry on some page, none twice: nothing is cut off.
    let mut subjects = vec![];
    for page in 0..first["pages"].as_i64().unwrap() {
        let (_, sheet) = api_get(
            &server,
            &format!("/api/v1/organizer/audit?page={page}"),
            &reviewer.cookie,
        )
        .await;
        subjects.extend(
            sheet["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["subject"].as_str().unwrap().to_owned()),
        );
    }
    assert_eq!(subjects.len() as i64, total.0);
    let unique: std::collections::HashSet<&String> = subjects.iter().collect();
    assert_eq!(unique.len(), subjects.len());
    // By person, kind and Oslo days, as the console filters.
    let (_, kari) = api_get(
        &server,
        "/api/v1/organizer/audit?person=Kari+Nordmann+%28k1%29&kind=review_approve&from=2026-01-06&to=2026-01-06",
        &reviewer.cookie,
    )
    .await;
    assert_eq!(kari["total"], 30, "{kari}");
    assert_eq!(kari["entries"][0]["subject"], "entry 118");
    for bad in [
        "from=5.1.2026",
        "to=tomorrow",
        "page=last",
        "person=Kari%00",
    ] {
        let (status, body) = api_get(
            &server,
            &format!("/api/v1/organizer/audit?{bad}"),
            &reviewer.cookie,
        )
        .await;
        assert_eq!(
            (status, body["error"]["reason"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_filter")),
            "{bad}: {body}"
        );
    }
}

#[tokio::test]
async fn after_a_decision_the_next_evaluation_says_what_was_decided_and_links_back_to_it() {
    let server = TestServer::start().await;
    let ids = stored(&server, demo::DEMO_SHOPPER_ID, 2, |assignment, n| {
        content(assignment, MONDAY_TEN, 25, plain(n), "")
    })
    .await;
    let company_of = |id: String| {
        let db = server.db.clone();
        async move {
            let (name,): (String,) = sqlx::query_as(
                "SELECT co.name FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
                 JOIN companies co ON co.id = a.company_id WHERE e.id = $1",
            )
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
            name
        }
    };
    let (first, second) = (
        company_of(ids[0].clone()).await,
        company_of(ids[1].clone()).await,
    );
    let reviewer = Reviewer::log_in(&server).await;
    let path = format!("/console/evaluations/{}/review", ids[0]);
    let (status, location, _) = reviewer
        .post(
            &path,
            &[
                ("revision", "1"),
                ("decision", "approve"),
                ("back", "campaign=demo"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!(
            "/console/evaluations/{}?campaign=demo&decided={}",
            ids[1], ids[0]
        )
    );
    let (_, page) = reviewer.get(&location).await;
    let said = format!("Godkjent: {first}, telefon. Neste: {second}, telefon.");
    assert!(page.contains(&said), "{said} not in {page}");
    assert!(
        page.contains(&format!(
            "href=\"/console/evaluations/{}?campaign=demo\" data-testid=\"decided-link\"",
            ids[0]
        )),
        "the decided evaluation is one click away"
    );
    // The last one: the queue says it is empty for the filter, still with the link back.
    let path = format!("/console/evaluations/{}/review", ids[1]);
    let (_, location, _) = reviewer
        .post(
            &path,
            &[
                ("revision", "1"),
                ("decision", "return"),
                ("comment", "Mangler navn"),
                ("back", "campaign=demo"),
            ],
        )
        .await;
    let (_, queue) = reviewer.get(&location).await;
    assert!(
        queue.contains(&format!(
            "Sendt tilbake: {second}, telefon. Ingen flere i køen med dette filteret."
        )),
        "{queue}"
    );
    // In English for an organizer who chose it.
    sqlx::query("UPDATE organizers SET language = 'en' WHERE email = 'reviewer@demo.example'")
        .execute(&server.db)
        .await
        .unwrap();
    let (_, english) = reviewer.get(&location).await;
    assert!(
        english.contains(&format!(
            "Returned: {second}, phone. No more in the queue with this filter."
        )),
        "{english}"
    );
}
