//! The roster and fees in the console: shoppers imported (a known name updated) and edited with e-mail,
//! phone, region and capacity, deactivated when they leave (their devices locked out at once), links for many
//! at once with copy buttons and QR cards; fees per contact by channel and outcome, a statement per shopper for
//! a period and the payroll CSV. Each change audited.

use crate::common::*;
use reqwest::StatusCode;
use shopper_server::demo;
use uuid::Uuid;

struct Admin<'a> {
    server: &'a TestServer,
    cookie: String,
    token: String,
}

impl<'a> Admin<'a> {
    async fn log_in(server: &'a TestServer) -> Admin<'a> {
        let cookie = log_in(server, "admin@demo.example").await;
        let mut admin = Admin {
            server,
            cookie,
            token: String::new(),
        };
        let (_, page) = admin.get("/console/shoppers").await;
        admin.token = crate::console::form_token(&page);
        admin
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

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut fields = fields.to_vec();
        fields.push(("csrf", &self.token));
        let response = no_redirects()
            .post(self.server.url(path))
            .header("cookie", &self.cookie)
            .form(&fields)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }
}

async fn shopper(
    server: &TestServer,
    name: &str,
) -> (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
) {
    sqlx::query_as(
        "SELECT id, email, phone, region, capacity, deactivated_at FROM shoppers WHERE name = $1",
    )
    .bind(name)
    .fetch_one(&server.db)
    .await
    .unwrap()
}

async fn audited(server: &TestServer, action: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&server.db)
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn shoppers_are_imported_and_edited_with_contact_region_and_capacity_and_bad_values_are_named(
) {
    let server = TestServer::start().await;
    let admin = Admin::log_in(&server).await;
    let bad = "name;email;phone;region;capacity\nOla Nordmann;ola@example.no;915 55 555;Vestland;45\nPer Hansen;per-at-example;;;\n";
    let (_, page) = admin
        .post("/console/shoppers/roster", &[("csv", bad)])
        .await;
    assert!(
        page.contains("Linje 3: «per-at-example» er ikke en e-postadresse."),
        "{page}"
    );
    assert!(
        page.contains("Per Hansen;per-at-example"),
        "the box keeps the text"
    );
    let none: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM shoppers WHERE name = 'Ola Nordmann'")
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert_eq!(none.0, 0, "nothing stored");
    let good =
        "name;email;phone;region;capacity\nOla Nordmann;ola@example.no;915 55 555;Vestland;45\n\
                Kari Nordmann (demo);kari@example.no;+47 22 12 34 56;Oslo;30\n";
    let (_, page) = admin
        .post("/console/shoppers/roster", &[("csv", good)])
        .await;
    assert!(page.contains("1 nye shoppere, 1 oppdatert."), "{page}");
    let ola = shopper(&server, "Ola Nordmann").await;
    assert_eq!(
        (ola.1.as_deref(), ola.2.as_deref(), ola.3.as_deref(), ola.4),
        (
            Some("ola@example.no"),
            Some("+4791555555"),
            Some("Vestland"),
            Some(45)
        )
    );
    assert_eq!(
        shopper(&server, "Kari Nordmann (demo)").await.2.as_deref(),
        Some("+4722123456")
    );
    // Edited one at a time; a bad phone is said and nothing changes.
    let path = format!("/console/shoppers/{}/roster", ola.0);
    let (_, page) = admin
        .post(
            &path,
            &[
                ("email", "ola@example.no"),
                ("phone", "12"),
                ("region", "Vestland"),
                ("capacity", "45"),
            ],
        )
        .await;
    assert!(page.contains("«12» er ikke et telefonnummer"), "{page}");
    let (_, page) = admin
        .post(
            &path,
            &[
                ("email", ""),
                ("phone", "40 00 00 00"),
                ("region", "Rogaland"),
                ("capacity", "20"),
            ],
        )
        .await;
    assert!(page.contains("Lagret."), "{page}");
    let ola = shopper(&server, "Ola Nordmann").await;
    assert_eq!(
        (ola.1, ola.2.as_deref(), ola.3.as_deref(), ola.4),
        (None, Some("+4740000000"), Some("Rogaland"), Some(20))
    );
    assert_eq!(audited(&server, "import_roster").await, 1);
    assert_eq!(audited(&server, "update_shopper").await, 1);
}

#[tokio::test]
async fn a_shopper_who_leaves_is_deactivated_locked_out_at_once_and_gets_no_link_with_the_many() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let admin = Admin::log_in(&server).await;
    let (status, _) = admin
        .post(
            &format!("/console/shoppers/{}/active", demo::DEMO_SHOPPER_ID),
            &[("active", "no")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let refused = server
        .http
        .get(server.url("/api/v1/assignments"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(shopper(&server, "Demo Shopper").await.5.is_some());
    let (_, page) = admin.get("/console/shoppers").await;
    assert!(page.contains("data-testid=\"deactivated\""));
    // Links for many at once: every active shopper without a device, each with a copy button and a QR card.
    let (status, page) = admin.post("/console/shoppers/invites", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let links = page.matches("/signin#code=").count();
    let active: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM shoppers WHERE deactivated_at IS NULL")
            .fetch_one(&server.db)
            .await
            .unwrap();
    assert_eq!(links as i64, active.0, "{page}");
    assert_eq!(page.matches("data-copy=").count() as i64, active.0);
    assert_eq!(
        page.matches("<figure class=\"card\"").count() as i64,
        active.0
    );
    assert!(
        !page.contains(">Demo Shopper<"),
        "no link for the one who left"
    );
    // A link for them alone is refused too, through the API as in the console.
    let refused = server
        .http
        .post(server.url(&format!(
            "/api/v1/organizer/shoppers/{}/invites",
            demo::DEMO_SHOPPER_ID
        )))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("has left"),
        "{body}"
    );
    assert_eq!(audited(&server, "deactivate_shopper").await, 1);
    assert_eq!(audited(&server, "invite_shoppers").await, 1);
}

/// Approved in January 2026: two phone contacts (one not reached) and an e-mail for the demo shopper; one
/// more approved after the period, and one not approved.
async fn paid_contacts(server: &TestServer) {
    let company: (String,) =
        sqlx::query_as("SELECT id FROM companies WHERE campaign_id = 'demo' LIMIT 1")
            .fetch_one(&server.db)
            .await
            .unwrap();
    for (channel, reached, status, reviewed) in [
        ("phone", true, "approved", "2026-01-10T10:00:00Z"),
        ("phone", false, "approved", "2026-01-11T10:00:00Z"),
        ("email", true, "approved", "2026-01-31T22:30:00Z"), // 31 Jan 23:30 in Oslo: in January
        ("phone", true, "approved", "2026-02-01T10:00:00Z"),
        ("phone", true, "received", "2026-01-12T10:00:00Z"),
    ] {
        let assignment = Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                      due, questionnaire_id, questionnaire_version)
             VALUES ($1, $2, $3, $4, 'Lønn', 'tel:+4770000000', '2026-01-05', '2026-03-27', '2026-03-27', 'kundeservice', 1)",
        )
        .bind(&assignment)
        .bind(demo::DEMO_SHOPPER_ID)
        .bind(&company.0)
        .bind(channel)
        .execute(&server.db)
        .await
        .unwrap();
        let outcome = if reached {
            ""
        } else {
            r#","outcome":"not_reached""#
        };
        let content = format!(
            r#"{{"assignment_id":"{assignment}","questionnaire_id":"kundeservice","questionnaire_version":1,"channel":"{channel}","timeline":[],"answers":{{}},"notes":""{outcome}}}"#
        );
        sqlx::query(
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status, reviewed_at)
             VALUES ($1, $2, $3, 1, $4, '2026-01-05T10:00:00Z', $5, $6)",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(&assignment)
        .bind(demo::DEMO_SHOPPER_ID)
        .bind(&content)
        .bind(status)
        .bind(reviewed)
        .execute(&server.db)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn fees_make_a_statement_per_shopper_for_a_period_and_a_payroll_csv() {
    let server = TestServer::start().await;
    let admin = Admin::log_in(&server).await;
    let (_, page) = admin
        .post(
            "/console/shoppers/fees",
            &[
                ("campaign", "demo"),
                ("reached_phone", "250,50"),
                ("not_reached_phone", "100"),
                ("reached_chat", "abc"),
            ],
        )
        .await;
    assert!(page.contains("«abc» er ikke et beløp i kroner"), "{page}");
    let (_, page) = admin
        .post(
            "/console/shoppers/fees",
            &[
                ("campaign", "demo"),
                ("reached_phone", "250,50"),
                ("not_reached_phone", "100"),
                ("reached_email", "kr 150"),
            ],
        )
        .await;
    assert!(page.contains("Honorarene er lagret."), "{page}");
    paid_contacts(&server).await;
    let (status, page) = admin
        .get("/console/shoppers/statement?campaign=demo&from=2026-01-01&to=2026-01-31")
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let demo_statement = page
        .split("data-shopper=\"Demo Shopper\"")
        .nth(1)
        .expect("the demo shopper's statement");
    // 250,50 + 100 (not reached) + 150.
    assert!(
        demo_statement.contains("data-testid=\"statement-total\">kr 500,50"),
        "{demo_statement}"
    );
    let (status, csv) = admin
        .get("/console/shoppers/payroll.csv?campaign=demo&from=2026-01-01&to=2026-01-31")
        .await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "shopper_id,shopper,from,to,channel,outcome,contacts,fee_nok,amount_nok"
    );
    for line in [
        "demo-shopper,Demo Shopper,2026-01-01,2026-01-31,phone,reached,1,250.50,250.50",
        "demo-shopper,Demo Shopper,2026-01-01,2026-01-31,phone,not_reached,1,100.00,100.00",
        "demo-shopper,Demo Shopper,2026-01-01,2026-01-31,email,reached,1,150.00,150.00",
        "demo-shopper,Demo Shopper,2026-01-01,2026-01-31,total,,3,,500.50",
    ] {
        assert!(lines.contains(&line), "{line} in {csv}");
    }
    // No period: said, not a failure.
    let (status, page) = admin.get("/console/shoppers/statement?campaign=demo").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Velg en periode"), "{page}");
    assert_eq!(audited(&server, "set_fees").await, 1);
}

/// A request as the admin with `cookie`: the status and the answer's text.
async fn api(
    server: &TestServer,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
    body: Body,
) -> (StatusCode, String) {
    let mut request = server
        .http
        .request(method, server.url(path))
        .header("cookie", cookie);
    request = match body {
        Body::None => request,
        Body::Json(value) => request.json(&value),
        Body::Text(text) => request.header("content-type", "text/csv").body(text),
    };
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

fn json_of(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test]
async fn the_roster_fees_statements_and_payroll_work_through_the_api_as_in_the_console_each_audited(
) {
    use reqwest::Method;
    use serde_json::json;
    let server = TestServer::start().await;
    let cookie = log_in(&server, "admin@demo.example").await;
    // Import: a bad row names its line and stores nothing; a good file adds and updates.
    let (status, body) = api(
        &server,
        &cookie,
        Method::POST,
        "/api/v1/organizer/shoppers/roster/import",
        Body::Text("name;email\nOla Nordmann;ola-at-example\n".into()),
    )
    .await;
    let body = json_of(&body);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["row_errors"][0]["line"], 2, "{body}");
    let (status, body) = api(
        &server,
        &cookie,
        Method::POST,
        "/api/v1/organizer/shoppers/roster/import",
        Body::Text("\u{feff}name;email;phone;region;capacity\nOla Nordmann;ola@example.no;915 55 555;Vestland;45\n".into()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(json_of(&body)["created"], 1);
    let (ola, ..) = shopper(&server, "Ola Nordmann").await;
    // Edit: a bad phone is refused with its code and changes nothing; a good edit is kept.
    let edit = format!("/api/v1/organizer/shoppers/{ola}/roster");
    let (status, body) = api(
        &server,
        &cookie,
        Method::POST,
        &edit,
        Body::Json(json!({ "email": "ola@example.no", "phone": "12" })),
    )
    .await;
    assert_eq!(
        (status, json_of(&body)["error"]["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("not_a_phone"))
    );
    let (status, _) = api(&server, &cookie, Method::POST, &edit,
        Body::Json(json!({ "email": "ola@nordmann.no", "phone": "+47 915 55 556", "region": "Rogaland", "capacity": 30 }))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, email, phone, region, capacity, _) = shopper(&server, "Ola Nordmann").await;
    assert_eq!(
        (
            email.as_deref(),
            phone.as_deref(),
            region.as_deref(),
            capacity
        ),
        (
            Some("ola@nordmann.no"),
            Some("+4791555556"),
            Some("Rogaland"),
            Some(30)
        )
    );
    let (_, roster) = api(
        &server,
        &cookie,
        Method::GET,
        "/api/v1/organizer/shoppers/roster",
        Body::None,
    )
    .await;
    let roster = json_of(&roster);
    let listed = roster
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Ola Nordmann")
        .unwrap();
    assert_eq!(listed["region"], "Rogaland");
    // Invite many: a link for each active shopper without a device, Ola among them.
    let (status, invites) = api(
        &server,
        &cookie,
        Method::POST,
        "/api/v1/organizer/shoppers/invites",
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{invites}");
    let invites = json_of(&invites);
    let for_ola = invites
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["shopper"] == "Ola Nordmann")
        .unwrap();
    assert!(
        for_ola["invite"]["link"]
            .as_str()
            .unwrap()
            .contains("/signin#code="),
        "{for_ola}"
    );
    // Deactivate locks Ola out (the new link no longer works); reactivate lets links be made again.
    let (status, _) = api(
        &server,
        &cookie,
        Method::POST,
        &format!("/api/v1/organizer/shoppers/{ola}/deactivate"),
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(shopper(&server, "Ola Nordmann").await.5.is_some());
    let (status, _) = api(
        &server,
        &cookie,
        Method::POST,
        &format!("/api/v1/organizer/shoppers/{ola}/invites"),
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no link for one who left");
    let (status, _) = api(
        &server,
        &cookie,
        Method::POST,
        &format!("/api/v1/organizer/shoppers/{ola}/reactivate"),
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(shopper(&server, "Ola Nordmann").await.5.is_none());
    // Fees: text or numbers; a bad amount or channel is refused and nothing changes.
    let (status, body) = api(&server, &cookie, Method::POST, "/api/v1/organizer/fees?campaign=demo",
        Body::Json(json!({ "fees": [{ "channel": "phone", "reached": "250,50", "not_reached": 100 }, { "channel": "fax", "reached": 1, "not_reached": 1 }] }))).await;
    assert_eq!(
        (status, json_of(&body)["error"]["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("row_unknown_channel")),
        "{body}"
    );
    let (status, body) = api(
        &server,
        &cookie,
        Method::POST,
        "/api/v1/organizer/fees?campaign=demo",
        Body::Json(json!({ "fees": [{ "channel": "chat", "reached": "abc", "not_reached": 0 }] })),
    )
    .await;
    assert_eq!(
        (status, json_of(&body)["error"]["reason"].as_str()),
        (StatusCode::BAD_REQUEST, Some("not_an_amount"))
    );
    let (status, body) = api(&server, &cookie, Method::POST, "/api/v1/organizer/fees?campaign=demo",
        Body::Json(json!({ "fees": [{ "channel": "phone", "reached": "250,50", "not_reached": 100 }, { "channel": "email", "reached": "kr 150", "not_reached": "0" }] }))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fees = json_of(&body);
    assert_eq!(
        fees[0],
        json!({ "channel": "phone", "reached_ore": 25050, "not_reached_ore": 10000, "reached": "250,50", "not_reached": "100,00" })
    );
    let (_, read) = api(
        &server,
        &cookie,
        Method::GET,
        "/api/v1/organizer/fees?campaign=demo",
        Body::None,
    )
    .await;
    assert_eq!(json_of(&read), fees);
    // The statement and the payroll file of January: the same figures as the console's.
    paid_contacts(&server).await;
    let (status, body) = api(
        &server,
        &cookie,
        Method::GET,
        "/api/v1/organizer/statements?campaign=demo&from=2026-01-01&to=2026-01-31",
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let statements = json_of(&body);
    let demo_statement = statements["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["shopper_name"] == "Demo Shopper")
        .unwrap();
    assert_eq!(demo_statement["total_ore"], 50050);
    assert_eq!(demo_statement["lines"].as_array().unwrap().len(), 3);
    let (status, csv) = api(
        &server,
        &cookie,
        Method::GET,
        "/api/v1/organizer/export/payroll.csv?campaign=demo&from=2026-01-01&to=2026-01-31",
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.contains("demo-shopper,Demo Shopper,2026-01-01,2026-01-31,total,,3,,500.50"),
        "{csv}"
    );
    for bad in [
        "from=2026-01-31",
        "from=1.1.2026&to=2026-01-31",
        "from=2026-02-01&to=2026-01-01",
    ] {
        let (status, body) = api(
            &server,
            &cookie,
            Method::GET,
            &format!("/api/v1/organizer/statements?campaign=demo&{bad}"),
            Body::None,
        )
        .await;
        assert_eq!(
            (status, json_of(&body)["error"]["reason"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_period")),
            "{bad}"
        );
    }
    // Each change audited as the console's are.
    for (action, n) in [
        ("import_roster", 1),
        ("update_shopper", 1),
        ("invite_shoppers", 1),
        ("deactivate_shopper", 1),
        ("reactivate_shopper", 1),
        ("set_fees", 1),
    ] {
        assert_eq!(audited(&server, action).await, n, "{action}");
    }
}
