//! Waves (issue 15): campaigns made through the API, each with its own companies, rule and results; the
//! migration that puts the data of a database from before campaigns into one campaign, whole; and every
//! revision of an evaluation kept, with who sent it and when.

use std::path::Path;

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use shopper_server::store::Store;
use uuid::Uuid;

/// A database with the schema up to migration `last` (of the folder for its backend), and nothing else.
async fn database_at(url: &str, last: i64) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let folder = if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    let url = if url.starts_with("sqlite:") {
        format!("{url}?mode=rwc")
    } else {
        url.to_owned()
    };
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    let mut migrator = sqlx::migrate::Migrator::new(dir).await.unwrap();
    let earlier: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= last)
        .cloned()
        .collect();
    migrator.migrations = earlier.into();
    migrator.run(&pool).await.unwrap();
    pool
}

async fn execute(pool: &sqlx::AnyPool, sql: &str, binds: &[&str]) {
    let mut query = sqlx::query(sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    query.execute(pool).await.unwrap();
}

#[tokio::test]
async fn a_database_from_before_campaigns_lands_whole_in_one_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let pool = database_at(&url, 6).await;
    let questionnaire = demo::questionnaire();
    let definition = serde_json::to_string(&questionnaire).unwrap();
    let content = json!({
        "assignment_id": "00000000-0000-4000-8000-000000000001", "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version, "channel": "phone", "timeline": [],
        "answers": { "ventetid": 25 }, "notes": "før kampanjer"
    })
    .to_string();
    let version = questionnaire.version.to_string();
    for (sql, binds) in [
        ("INSERT INTO campaigns (id, name) VALUES ('main', 'Campaign')", vec![]),
        ("INSERT INTO classes (id, campaign_id, name) VALUES ('bank', 'main', 'Bank')", vec![]),
        ("INSERT INTO classes (id, campaign_id, name) VALUES ('tele', 'main', 'Telekom')", vec![]),
        ("INSERT INTO companies (id, class_id, name) VALUES ('c1', 'bank', 'Nordbanken')", vec![]),
        ("INSERT INTO companies (id, class_id, name) VALUES ('c2', 'bank', 'Kystbanken')", vec![]),
        ("INSERT INTO companies (id, class_id, name) VALUES ('c3', 'tele', 'Ringeklar')", vec![]),
        (
            "INSERT INTO questionnaires (id, version, definition, created_at) VALUES ($1, $2, $3, '2025-01-05T10:00:00Z')",
            vec![questionnaire.id.as_str(), version.as_str(), definition.as_str()],
        ),
        ("INSERT INTO shoppers (id, name, created_at) VALUES ('s1', 'Kari', '2025-01-06T10:00:00Z')", vec![]),
        (
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                      due, questionnaire_id, questionnaire_version)
             VALUES ('00000000-0000-4000-8000-000000000001', 's1', 'c1', 'phone', 'Boliglån', 'tel:+4770000000',
                     '2025-02-01', '2025-03-01', '2025-03-05', $1, $2)",
            vec![questionnaire.id.as_str(), version.as_str()],
        ),
        (
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status, review,
                                      reviewed_at)
             VALUES ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-000000000001', 's1', 2, $1,
                     '2025-02-10T12:00:00Z', 'returned', '{\"comment\":\"Mangler ventetid\"}', '2025-02-11T09:00:00Z')",
            vec![content.as_str()],
        ),
    ] {
        // PostgreSQL wants the version as a number; SQLite takes either.
        let sql = sql.replace("$2)", "CAST($2 AS BIGINT))").replace("$2, $3", "CAST($2 AS BIGINT), $3");
        execute(&pool, &sql, &binds).await;
    }
    pool.close().await;

    let store = Store::open(&url).await.unwrap();
    let campaigns = store.campaigns().await.unwrap();
    assert_eq!(campaigns.len(), 1, "{campaigns:?}");
    let campaign = &campaigns[0];
    assert_eq!(
        (
            campaign.id.as_str(),
            campaign.name.as_str(),
            campaign.questionnaire_id.as_deref(),
            campaign.starts_on.as_deref(),
            campaign.ends_on.as_deref(),
            campaign.min_ranked_contacts,
        ),
        (
            "main",
            "Campaign",
            Some(questionnaire.id.as_str()),
            Some("2025-02-01"),
            Some("2025-03-05"),
            10
        )
    );
    assert_eq!(campaign.outcome_rule, Default::default());
    let mut companies = store.companies("main").await.unwrap();
    companies.sort();
    assert_eq!(
        companies,
        [
            ("Kystbanken", "c2"),
            ("Nordbanken", "c1"),
            ("Ringeklar", "c3")
        ]
        .map(|(n, i)| (n.to_owned(), i.to_owned()))
    );
    let (organisations,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let (unlinked,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM companies WHERE campaign_id IS NULL OR organisation_id IS NULL",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(
        (organisations, unlinked),
        (3, 0),
        "each company is its own organisation"
    );
    let facts = store
        .assignment_facts("00000000-0000-4000-8000-000000000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(facts.outcome_rule, Default::default());
    let revisions = store
        .revisions(Uuid::parse_str("00000000-0000-4000-8000-0000000000e1").unwrap())
        .await
        .unwrap();
    assert_eq!(
        revisions.len(),
        1,
        "the held revision is the first kept one"
    );
    let kept = &revisions[0];
    assert_eq!(
        (
            kept.revision,
            kept.shopper_name.as_str(),
            kept.received_at.as_str(),
            kept.status.as_str(),
            kept.review.comment.as_deref(),
            kept.content.notes.as_str(),
        ),
        (
            2,
            "Kari",
            "2025-02-10T12:00:00Z",
            "returned",
            Some("Mangler ventetid"),
            "før kampanjer"
        )
    );
    // Names are unique per campaign now, not across the database: the same name in a new campaign is taken.
    let mut tx = store.begin_write().await.unwrap();
    let mut next = campaign.clone();
    next.id = "next".into();
    next.name = "Neste".into();
    next.starts_on = Some("2026-02-01".into());
    tx.insert_campaign(&next).await.unwrap();
    let row = shopper_server::store::CompanyRow {
        class: "Bank".into(),
        company: "Nordbanken".into(),
        organisation_number: None,
    };
    tx.insert_companies("next", std::slice::from_ref(&row))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, new_id) = store.companies("next").await.unwrap().remove(0);
    let previous = store.previous_participation(&new_id).await.unwrap();
    assert_eq!(
        previous,
        Some(("c1".to_owned(), "Campaign".to_owned())),
        "the same organisation"
    );
}

async fn organizer(
    server: &TestServer,
    method: reqwest::Method,
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

async fn csv(server: &TestServer, path: &str, body: &str) -> (StatusCode, Value) {
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

#[tokio::test]
async fn campaigns_are_made_through_the_api_each_with_its_companies_rule_and_results() {
    let server = TestServer::start().await;
    let (status, first) = organizer(
        &server,
        reqwest::Method::POST,
        "/api/v1/organizer/campaigns",
        Some(json!({ "name": "Kundeserviceprisen 2025", "starts_on": "2025-01-06", "ends_on": "2025-06-27",
                     "questionnaire_id": "kundeservice", "min_ranked_contacts": 5,
                     "outcome_rule": { "phone_attempts": 2, "phone_gap_minutes": 30 } })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["outcome_rule"]["phone_attempts"], 2);
    assert_eq!(
        first["outcome_rule"]["chat_reply_minutes"], 15,
        "the rest is the usual rule"
    );
    let id_2025 = first["id"].as_str().unwrap().to_owned();
    // Refusals are 400 `bad_request` (as every refusal of the API), each saying what is wrong.
    for (body, says) in [
        (json!({ "name": " " }), "needs a name"),
        (
            json!({ "name": "kundeserviceprisen 2025" }),
            "already a campaign",
        ),
        (
            json!({ "name": "X", "starts_on": "2025-13-01" }),
            "not a date",
        ),
        (
            json!({ "name": "X", "starts_on": "2025-05-01", "ends_on": "2025-04-01" }),
            "ends before it starts",
        ),
        (
            json!({ "name": "X", "outcome_rule": { "phone_attempts": 0 } }),
            "out of range",
        ),
        (
            json!({ "name": "X", "questionnaire_id": "ukjent" }),
            "no questionnaire",
        ),
    ] {
        let (status, answer) = organizer(
            &server,
            reqwest::Method::POST,
            "/api/v1/organizer/campaigns",
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (status, error_code(&answer)),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{body}: {answer}"
        );
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{body}: {message}");
    }
    let (_, jetpak) = organizer(
        &server,
        reqwest::Method::POST,
        "/api/v1/organizer/campaigns",
        Some(json!({ "name": "Innsiktspakke Jetpak vår 2026", "starts_on": "2026-03-01" })),
    )
    .await;
    let (status, list) = organizer(
        &server,
        reqwest::Method::GET,
        "/api/v1/organizer/campaigns",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    // Newest first by start date (the demo's campaign was made today and has no dates).
    assert_eq!(
        names,
        [
            "Kundeserviceprisen (demo)",
            "Innsiktspakke Jetpak vår 2026",
            "Kundeserviceprisen 2025"
        ]
    );

    // A name already in the demo campaign is free in another campaign; the same organisation is linked.
    let path = format!("/api/v1/organizer/companies/import?campaign={id_2025}");
    let (status, body) = csv(
        &server,
        &path,
        "class,company,organisation_number\nBank,Sparebanken Møre,937 899 408\nBank,Ny Bank,\n",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = csv(
        &server,
        &path,
        "class,company,organisation_number\nBank,Annen Bank,937899408\nBank,Tredje Bank,123\nBank,Fjerde Bank,123\n",
    )
    .await;
    let codes: Vec<(u64, &str)> = body["error"]["row_errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        (status, codes),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![
                (2, "row_organisation_number_taken"),
                (4, "row_organisation_number_taken")
            ]
        ),
        "a number in the campaign already, and twice in the file"
    );
    let (status, body) = csv(&server, &path, "class,company\nBank,Ny Bank\n").await;
    assert_eq!(
        (status, body["error"]["row_errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("row_company_taken")),
        "{body}"
    );
    let (status, body) = csv(
        &server,
        "/api/v1/organizer/companies/import?campaign=nope",
        "class,company\nBank,X\n",
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no campaign"));

    // The organisation takes its newest name; a company of that name in a campaign where the organisation is
    // already (under its old name) is another organisation.
    let jetpak_id = jetpak["id"].as_str().unwrap();
    let (status, body) = csv(
        &server,
        &format!("/api/v1/organizer/companies/import?campaign={jetpak_id}"),
        "class,company,organisation_number\nBank,Møre Sparebank,937899408\n",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = csv(
        &server,
        "/api/v1/organizer/companies/import",
        "class,company\nBank,Møre Sparebank\n",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (linked,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM companies co JOIN organisations o ON o.id = co.organisation_id
         WHERE o.organisation_number = '937899408'",
    )
    .fetch_one(&server.db)
    .await
    .unwrap();
    assert_eq!(
        linked, 3,
        "the demo's, 2025's and the package's participation of one organisation"
    );

    // An assignment in the 2025 campaign carries its rule to the shopper's device.
    let (status, body) = organizer(
        &server,
        reqwest::Method::POST,
        &format!("/api/v1/organizer/assignments?campaign={id_2025}"),
        Some(json!({ "company": "Ny Bank", "channel": "phone", "scenario": "Lån", "shopper": demo::DEMO_SHOPPER_ID,
                     "contact": "tel:+4790000000", "window_start": "2025-02-01", "window_end": "2025-02-20",
                     "due": "2025-02-21" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let assignment_id = body["id"].as_str().unwrap().to_owned();
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignments = server.assignments(&token).await;
    let rule_of = |id: &str| {
        assignments["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["outcome_rule"]["phone_attempts"].clone())
    };
    assert_eq!(rule_of(&assignment_id), Some(json!(2)));
    let lendo = assignments["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["company"] == "Lendo")
        .unwrap();
    assert_eq!(
        lendo["outcome_rule"]["phone_attempts"],
        json!(3),
        "the demo campaign keeps the usual rule"
    );

    // Results are per campaign: the insight package has no classes, the 2025 wave has its own.
    let classes = |body: &Value| -> Vec<String> {
        body["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["class"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, newest) = organizer(
        &server,
        reqwest::Method::GET,
        "/api/v1/organizer/rankings",
        None,
    )
    .await;
    assert_eq!(
        classes(&newest).len(),
        20,
        "no campaign named: the newest, the demo's"
    );
    let (_, package) = organizer(
        &server,
        reqwest::Method::GET,
        &format!(
            "/api/v1/organizer/rankings?campaign={}",
            jetpak["id"].as_str().unwrap()
        ),
        None,
    )
    .await;
    assert_eq!(classes(&package), vec!["Bank"], "only its own company");
    let (_, wave) = organizer(
        &server,
        reqwest::Method::GET,
        &format!("/api/v1/organizer/rankings?campaign={id_2025}"),
        None,
    )
    .await;
    assert_eq!(classes(&wave), vec!["Bank"]);
    assert_eq!(wave["classes"][0]["ranking"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn every_revision_is_kept_with_who_sent_it_and_when_and_the_export_can_show_them_all() {
    let server = TestServer::start().await;
    let (token, assignment, id) = server.pushed_evaluation().await;
    let (status, _) = review(
        &server,
        id,
        json!({ "revision": 1, "decision": "return", "review": { "comment": "Ventetiden ser feil ut",
                "questions": { "ventetid": "Var det ikke 40 s?" } } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut answers = valid_answers();
    answers["ventetid"] = json!(40);
    let (status, body) = server
        .push(Some(&token), id, &submission(&assignment, 2, answers))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A replay of revision 2 changes nothing, a third copy of revision 1 is stale.
    let mut again = valid_answers();
    again["ventetid"] = json!(40);
    let (status, _) = server
        .push(Some(&token), id, &submission(&assignment, 2, again))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .push(
            Some(&token),
            id,
            &submission(&assignment, 1, valid_answers()),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let revisions = server.store.revisions(id).await.unwrap();
    assert_eq!(revisions.len(), 2);
    let (first, second) = (&revisions[0], &revisions[1]);
    assert_eq!(
        first.content.answers["ventetid"],
        shopper_domain::Answer::Number(25)
    );
    assert_eq!(
        second.content.answers["ventetid"],
        shopper_domain::Answer::Number(40)
    );
    assert_eq!(
        (
            first.status.as_str(),
            first.review.comment.as_deref(),
            second.status.as_str()
        ),
        ("returned", Some("Ventetiden ser feil ut"), "received"),
        "the earlier comments stay with the revision they were about"
    );
    assert_eq!(first.shopper_name, "Demo Shopper");
    assert!(first.received_at <= second.received_at);

    let (status, kept) = organizer(
        &server,
        reqwest::Method::GET,
        &format!("/api/v1/organizer/evaluations/{id}/revisions"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        kept.as_array()
            .unwrap()
            .iter()
            .map(|r| (
                r["revision"].clone(),
                r["status"].clone(),
                r["content"]["answers"]["ventetid"].clone()
            ))
            .collect::<Vec<_>>(),
        vec![
            (json!(1), json!("returned"), json!(25)),
            (json!(2), json!("received"), json!(40))
        ]
    );
    assert_eq!(kept[0]["shopper_name"], "Demo Shopper");
    assert_eq!(kept[0]["review"]["comment"], "Ventetiden ser feil ut");
    let (status, _) = organizer(
        &server,
        reqwest::Method::GET,
        &format!("/api/v1/organizer/evaluations/{}/revisions", Uuid::new_v4()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The review page of revision 2: what changed since revision 1, and the comments revision 1 got.
    let cookie = log_in(&server, "reviewer@demo.example").await;
    let page = server
        .http
        .get(server.url(&format!("/console/evaluations/{id}")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let changes = page
        .split("data-testid=\"changes\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .unwrap_or_else(|| panic!("no changes table: {page}"));
    assert!(changes.contains("data-changed=\"ventetid\""), "{changes}");
    assert!(
        changes.contains("25 s") && changes.contains("40 s"),
        "{changes}"
    );
    assert_eq!(
        changes.matches("data-changed=").count(),
        1,
        "only the changed answer: {changes}"
    );
    let earlier = page.split("data-testid=\"earlier\"").nth(1).unwrap();
    assert!(
        earlier.contains("Ventetiden ser feil ut") && earlier.contains("Var det ikke 40 s?"),
        "{earlier}"
    );
    assert!(earlier.contains("Demo Shopper"), "who sent it");

    let export = |query: &'static str| {
        let server = &server;
        async move {
            let response = server
                .http
                .get(server.url(&format!("/api/v1/organizer/export/evaluations.csv{query}")))
                .bearer_auth(ORGANIZER_TOKEN)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let text = response.text().await.unwrap();
            text.lines()
                .skip(1)
                .map(|line| line.split(',').take(3).collect::<Vec<_>>().join(","))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(export("").await, vec![format!("{id},2,received")]);
    assert_eq!(
        export("?revisions=all").await,
        vec![format!("{id},1,returned"), format!("{id},2,received")]
    );
    let response = server
        .http
        .get(server.url("/api/v1/organizer/export/evaluations.csv?revisions=some"))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_demo_waves_give_a_second_wave_whose_report_shows_the_first_waves_figures() {
    let server = TestServer::start().await;
    assert!(demo::seed_waves(&server.store).await.unwrap());
    assert!(!demo::seed_waves(&server.store).await.unwrap(), "only once");
    let line = |rankings: &Value, company: &str| -> Value {
        rankings["classes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["ranking"].as_array().unwrap().clone())
            .find(|line| line["company"] == company)
            .unwrap_or_else(|| panic!("{company} in {rankings}"))
    };
    let (_, last_year) = organizer(
        &server,
        reqwest::Method::GET,
        &format!(
            "/api/v1/organizer/rankings?campaign={}",
            demo::PREVIOUS_WAVE_ID
        ),
        None,
    )
    .await;
    let classes = last_year["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 20);
    assert!(
        classes.iter().all(|c| c["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["rank"].is_u64())),
        "last year's wave is complete: every company ranked"
    );
    let before = line(&last_year, "Lendo");
    let (_, this_year) = organizer(
        &server,
        reqwest::Method::GET,
        "/api/v1/organizer/rankings",
        None,
    )
    .await;
    let now = line(&this_year, "Lendo");
    assert_ne!(
        now["company_id"], before["company_id"],
        "a participation per wave"
    );
    let done: u64 = this_year["classes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["ranking"].as_array().unwrap().clone())
        .map(|l| l["evaluations"].as_u64().unwrap())
        .sum();
    let last: u64 = classes
        .iter()
        .flat_map(|c| c["ranking"].as_array().unwrap().clone())
        .map(|l| l["evaluations"].as_u64().unwrap())
        .sum();
    assert!(
        done > last / 5 && done < last * 4 / 5,
        "this year's wave is about half done: {done} of {last}"
    );

    let cookie = log_in(&server, "viewer@demo.example").await;
    let page = server
        .http
        .get(server.url(&format!(
            "/console/companies/{}/report",
            now["company_id"].as_str().unwrap()
        )))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let previous_overall =
        format!("{:.2} %", before["percent"].as_f64().unwrap()).replace('.', ",");
    let shown = page
        .split("data-testid=\"previous-overall\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no previous wave on the report: {page}"));
    assert_eq!(shown, previous_overall);
    let cells: Vec<&str> = page
        .split("data-testid=\"previous\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert!(cells.len() > 20, "{cells:?}");
    assert!(
        cells.iter().filter(|cell| cell.ends_with(" %")).count() > 20,
        "previous-wave figures per performance: {cells:?}"
    );
}

#[tokio::test]
async fn the_console_creates_a_campaign_with_its_rule_and_adds_companies_to_the_chosen_one() {
    let server = TestServer::start().await;
    let admin = log_in(&server, "admin@demo.example").await;
    let get = |path: String| {
        let admin = admin.clone();
        let server = &server;
        async move {
            no_redirects()
                .get(server.url(&path))
                .header("cookie", admin)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let page = get("/console/campaign".into()).await;
    let token = crate::console::form_token(&page);
    let post = |path: &'static str, body: String| {
        let (admin, token) = (admin.clone(), token.clone());
        let server = &server;
        async move {
            no_redirects()
                .post(server.url(path))
                .header("cookie", admin)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("{body}&csrf={token}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let page = post(
        "/console/campaigns",
        "name=Kundeserviceprisen+2027&starts_on=2027-01-04&ends_on=2027-06-25&questionnaire_id=&min_ranked_contacts=8\
         &phone_attempts=4&phone_gap_minutes=90&chat_reply_minutes=10&email_reply_days=2"
            .into(),
    )
    .await;
    assert!(
        page.contains("Kampanjen «Kundeserviceprisen 2027» er opprettet."),
        "{page}"
    );
    let rule = page.split("data-testid=\"outcome-rule\">").nth(1).unwrap();
    assert!(
        rule.starts_with("Ikke svar: 4 telefonforsøk med minst 90 minutter mellom; chat uten svar etter 10 minutter; e-post uten svar etter 2 dager."),
        "{rule}"
    );
    let campaigns = server.store.campaigns().await.unwrap();
    let created = campaigns
        .iter()
        .find(|c| c.name == "Kundeserviceprisen 2027")
        .unwrap();
    assert_eq!(
        (
            created.min_ranked_contacts,
            created.outcome_rule.phone_attempts
        ),
        (8, 4)
    );
    assert_eq!(campaigns[0].id, created.id, "the newest");

    // A company goes to the campaign the form names, not to the newest.
    let page = post(
        "/console/campaign/company",
        format!(
            "campaign={}&class=Bank&company=Lendo",
            demo::DEMO_CAMPAIGN_ID
        ),
    )
    .await;
    assert!(
        page.contains("data-testid=\"error\""),
        "Lendo is in the demo campaign already: {page}"
    );
    let page = post(
        "/console/campaign/company",
        format!(
            "campaign={}&class=Bank&company=Lendo&organisation_number=",
            created.id
        ),
    )
    .await;
    assert!(
        page.contains("1 selskaper og 1 nye klasser importert."),
        "{page}"
    );
    assert_eq!(server.store.companies(&created.id).await.unwrap().len(), 1);

    for (body, says) in [
        (
            "name=+&starts_on=",
            "Kampanjen trenger et navn på 1–100 tegn.",
        ),
        (
            "name=Feil&starts_on=2027-05-01&ends_on=2027-04-01",
            "Kampanjen slutter før den begynner.",
        ),
        (
            "name=kundeserviceprisen+2027",
            "Det finnes allerede en kampanje som heter «kundeserviceprisen 2027».",
        ),
        (
            "name=Feil&phone_attempts=0",
            "Regelen for ubesvarte kontakter er utenfor grensene",
        ),
    ] {
        let page = post("/console/campaigns", body.into()).await;
        assert!(page.contains(says), "{body}: {page}");
    }
    assert_eq!(
        server.store.campaigns().await.unwrap().len(),
        2,
        "nothing more made"
    );
    let audit = get("/console/audit".into()).await;
    assert!(
        audit.contains("opprettet kampanjen «Kundeserviceprisen 2027»"),
        "{audit}"
    );
}
