//! The participants' portal: an invited contact person chooses a password with a one-time link and reads their
//! own company's results across both demo waves; the route x role matrix over every portal and organizer
//! page and API route, with participant A and participant B beside the other callers: A reaches nothing of
//! B's by any id (company, evaluation, campaign, CSV), and the other roles get what they got before.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shopper_server::{demo, portal};

/// The company id of `name` in campaign `campaign`.
async fn company_id(server: &TestServer, campaign: &str, name: &str) -> String {
    server
        .store
        .companies(campaign)
        .await
        .unwrap()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no company {name} in {campaign}"))
        .1
}

/// Logs a participant in through the portal's form; the session cookie ("name=value").
async fn portal_login(
    server: &TestServer,
    email: &str,
    password: &str,
) -> Result<String, StatusCode> {
    let response = no_redirects()
        .post(server.url("/portal/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    if response.status() != StatusCode::SEE_OTHER {
        return Err(response.status());
    }
    assert_eq!(response.headers()["location"], "/portal");
    Ok(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned())
}

async fn get_page(server: &TestServer, cookie: &str, path: &str) -> (StatusCode, String) {
    let response = no_redirects()
        .get(server.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

fn form_token(page: &str) -> String {
    crate::console::form_token(page)
}

#[tokio::test]
async fn an_invited_contact_person_chooses_a_password_once_and_reads_their_company_across_both_waves(
) {
    let server = TestServer::start().await;
    assert!(demo::seed_waves(&server.store).await.unwrap());
    let fjordbanken = company_id(&server, demo::DEMO_CAMPAIGN_ID, "Fjordbanken (demo)").await;
    let admin = log_in(&server, "admin@demo.example").await;
    let (status, list) = get_page(&server, &admin, "/console/participants").await;
    assert_eq!(status, StatusCode::OK);
    let token = form_token(&list);
    let invite = |body: String| {
        no_redirects()
            .post(server.url("/console/participants"))
            .header("cookie", &admin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("{body}&csrf={token}"))
            .send()
    };
    // An organizer's e-mail cannot be a participant's; a contact person needs a name.
    let taken = invite(format!(
        "company_id={fjordbanken}&name=Ola&email=admin%40demo.example"
    ))
    .await
    .unwrap();
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert!(taken
        .text()
        .await
        .unwrap()
        .contains("Det finnes allerede en konto"));
    let nameless = invite(format!(
        "company_id={fjordbanken}&name=+&email=ola%40fjordbanken.example"
    ))
    .await
    .unwrap();
    assert_eq!(nameless.status(), StatusCode::BAD_REQUEST);
    let page = invite(format!(
        "company_id={fjordbanken}&name=Ola+Fjord&email=Ola%40Fjordbanken.example"
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let link = page
        .split("data-testid=\"invite-link\"")
        .next()
        .and_then(|before| before.rsplit("value=\"").next())
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let path = link
        .split_once("/portal/")
        .map(|(_, p)| format!("/portal/{p}"))
        .unwrap();
    assert!(path.starts_with("/portal/invite/"), "{link}");

    // The link's page asks for the password twice; a mismatch or a short one is said, and the link stays open.
    let (status, form) = get_page(&server, "", &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Velkommen, Ola Fjord."), "{form}");
    let set = |password: &'static str, repeated: &'static str| {
        no_redirects()
            .post(server.url(&path))
            .form(&[("password", password), ("repeated", repeated)])
            .send()
    };
    let differ = set("fjordbanken-2026", "fjordbanken-2027").await.unwrap();
    assert_eq!(differ.status(), StatusCode::BAD_REQUEST);
    assert!(differ
        .text()
        .await
        .unwrap()
        .contains("De to passordene er ulike"));
    let short = set("kort", "kort").await.unwrap();
    assert_eq!(short.status(), StatusCode::BAD_REQUEST);
    assert!(short.text().await.unwrap().contains("minst 10 tegn"));
    let done = set("fjordbanken-2026", "fjordbanken-2026").await.unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/portal");
    let hash: (String,) = sqlx::query_as("SELECT password_hash FROM participants WHERE email = $1")
        .bind("ola@fjordbanken.example")
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert!(hash.0.starts_with("$argon2id$"), "{}", hash.0);
    // Once only.
    let again = set("fjordbanken-2026", "fjordbanken-2026").await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        portal_login(&server, "ola@fjordbanken.example", "wrong password").await,
        Err(StatusCode::UNAUTHORIZED)
    );
    let cookie = portal_login(&server, "OLA@fjordbanken.example", "fjordbanken-2026")
        .await
        .unwrap();

    // The overview: both waves of the organisation, newest first, each with its place and scores.
    let (status, overview) = get_page(&server, &cookie, "/portal").await;
    assert_eq!(status, StatusCode::OK);
    let previous = company_id(&server, demo::PREVIOUS_WAVE_ID, "Fjordbanken (demo)").await;
    let now_at = overview
        .find(&format!("data-company=\"{fjordbanken}\""))
        .expect("this wave");
    let before_at = overview
        .find(&format!("data-company=\"{previous}\""))
        .expect("last wave");
    assert!(now_at < before_at, "newest first");
    assert!(overview.contains("plass av 3 i Bank"), "{overview}");

    // This wave's report: place, scores, areas, NPS with n, the class table anonymised by default.
    let (status, report) = get_page(
        &server,
        &cookie,
        &format!("/portal/companies/{fjordbanken}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for part in [
        "data-testid=\"place\">",
        "plass av 3 i Bank",
        "data-testid=\"overall\">",
        "data-testid=\"areas\"",
        "(n = ",
        "data-testid=\"previous-overall\"",
        "data-testid=\"own-line\"",
        "Annen deltaker",
        "@page report-0",
    ] {
        assert!(report.contains(part), "{part} in the report");
    }
    for other in ["Sparebanken Møre", "Kystbanken (demo)"] {
        assert!(!report.contains(other), "{other} is anonymised");
    }
    // The campaign names the class table: now the others are named.
    let (_, list) = get_page(&server, &admin, "/console/participants").await;
    let named = no_redirects()
        .post(server.url("/console/participants/class-table"))
        .header("cookie", &admin)
        .form(&[
            ("campaign_id", demo::DEMO_CAMPAIGN_ID),
            ("named", "true"),
            ("csrf", &form_token(&list)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(named.status(), StatusCode::SEE_OTHER);
    let (_, report) = get_page(
        &server,
        &cookie,
        &format!("/portal/companies/{fjordbanken}"),
    )
    .await;
    assert!(report.contains("Sparebanken Møre") && !report.contains("Annen deltaker"));
    let (_, audit) = get_page(&server, &admin, "/console/audit").await;
    for line in [
        "lagde en portallenke til Ola Fjord (Fjordbanken (demo))",
        "valgte klassetabellen i portalen for «Kundeserviceprisen (demo)»: med navn",
    ] {
        assert!(audit.contains(line), "the log says «{line}»");
    }

    // Every contact with date, channel, waiting and talk time, answers and comments; never the shopper.
    let (status, contacts) = get_page(
        &server,
        &cookie,
        &format!("/portal/companies/{fjordbanken}/contacts"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let shown = contacts.matches("data-testid=\"contact\"").count();
    let approved: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
         WHERE a.company_id = $1 AND e.status = 'approved'",
    )
    .bind(&fjordbanken)
    .fetch_one(&server.db)
    .await
    .unwrap();
    assert!(
        shown > 0 && shown as i64 == approved.0,
        "{shown} of {}",
        approved.0
    );
    assert!(contacts.contains("data-testid=\"waiting\""));
    let shoppers: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM shoppers")
        .fetch_all(&server.db)
        .await
        .unwrap();
    for (id, name) in shoppers {
        assert!(
            !contacts.contains(&name) && !contacts.contains(&id),
            "no shopper's identity: {name}"
        );
    }

    // Its own CSV: a row per contact, the performances under their report labels.
    let (status, csv) = get_page(
        &server,
        &cookie,
        &format!("/portal/companies/{fjordbanken}/scores.csv"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("dato,kanal,ventetid_sekunder,samtaletid_sekunder,totalt"),
        "{header}"
    );
    assert!(
        header.contains(",Ventetid,"),
        "report labels as headers: {header}"
    );
    assert_eq!(csv.lines().count() as i64, approved.0 + 1);

    // A participant's own form token does not open the console's forms: locking someone out takes an admin.
    let (_, own) = get_page(&server, &cookie, "/portal").await;
    let participant_id: (String,) = sqlx::query_as("SELECT id FROM participants WHERE email = $1")
        .bind("ola@fjordbanken.example")
        .fetch_one(&server.db)
        .await
        .unwrap();
    let lock_out = format!("/console/participants/{}/lock-out", participant_id.0);
    let tried = no_redirects()
        .post(server.url(&lock_out))
        .header("cookie", &cookie)
        .form(&[("csrf", form_token(&own))])
        .send()
        .await
        .unwrap();
    assert_eq!(tried.status(), StatusCode::SEE_OTHER);
    assert_eq!(tried.headers()["location"], "/console/login");
    assert_eq!(
        get_page(&server, &cookie, "/portal").await.0,
        StatusCode::OK
    );
    // The admin locks Ola out (Ola left the bank): the session ends, the password no longer works.
    let (_, list) = get_page(&server, &admin, "/console/participants").await;
    let locked = no_redirects()
        .post(server.url(&lock_out))
        .header("cookie", &admin)
        .form(&[("csrf", form_token(&list))])
        .send()
        .await
        .unwrap();
    assert_eq!(locked.status(), StatusCode::SEE_OTHER);
    let (status, _) = get_page(&server, &cookie, "/portal").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the session ended");
    assert_eq!(
        portal_login(&server, "ola@fjordbanken.example", "fjordbanken-2026").await,
        Err(StatusCode::UNAUTHORIZED)
    );
    let (_, audit) = get_page(&server, &admin, "/console/audit").await;
    assert!(audit.contains("stengte portalkontoen til Ola Fjord (Fjordbanken (demo))"));
}

#[tokio::test]
async fn a_participant_reaches_nothing_of_another_company_by_any_id_and_the_other_roles_get_what_they_did(
) {
    let server = TestServer::start_with(shopper_server::ratelimit::Limiter::new(
        shopper_server::ratelimit::Limits {
            sign_in_per_address: 1000,
            wrong_token_per_address: 1000,
            ..Default::default()
        },
    ))
    .await;
    assert!(demo::seed_waves(&server.store).await.unwrap());
    demo::seed_attachments(&server.store, &server.blobs)
        .await
        .unwrap();
    let (a_email, a_name) = demo::PARTICIPANT;
    let a_now = company_id(&server, demo::DEMO_CAMPAIGN_ID, a_name).await;
    let a_before = company_id(&server, demo::PREVIOUS_WAVE_ID, a_name).await;
    let b_now = company_id(&server, demo::DEMO_CAMPAIGN_ID, "Fjordbanken (demo)").await;
    let b_before = company_id(&server, demo::PREVIOUS_WAVE_ID, "Fjordbanken (demo)").await;
    portal::create_with_password(
        &server.store,
        &b_now,
        "b@fjordbanken.example",
        "B",
        "passord-for-b",
    )
    .await
    .unwrap();
    let b_evaluation: (String,) = sqlx::query_as(
        "SELECT e.id FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
         WHERE a.company_id = $1 AND e.status = 'approved' LIMIT 1",
    )
    .bind(&b_now)
    .fetch_one(&server.db)
    .await
    .unwrap();
    let b_evaluation = b_evaluation.0;
    // An approved contact with attachments of each company (every answered demo chat has them).
    let with_files = |company: String| {
        let db = server.db.clone();
        async move {
            let (id,): (String,) = sqlx::query_as(
                "SELECT e.id FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
                 WHERE a.company_id = $1 AND e.status = 'approved' AND e.content LIKE '%\"attachments\"%'
                 ORDER BY e.id LIMIT 1",
            )
            .bind(company)
            .fetch_one(&db)
            .await
            .unwrap();
            id
        }
    };
    let a_filed = with_files(a_before.clone()).await;
    let b_filed = with_files(b_before.clone()).await;
    let picture = shopper_server::attachments::sha256_hex(&demo::demo_attachments()[0].1);
    let a = portal_login(&server, a_email, demo::ORGANIZER_PASSWORD)
        .await
        .unwrap();
    let b = portal_login(&server, "b@fjordbanken.example", "passord-for-b")
        .await
        .unwrap();
    let shopper = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let viewer = log_in(&server, "viewer@demo.example").await;
    let reviewer = log_in(&server, "reviewer@demo.example").await;
    let admin = log_in(&server, "admin@demo.example").await;

    enum Who<'a> {
        Nobody,
        Cookie(&'a str),
        Bearer(&'a str),
    }
    let callers = [
        ("anonymous", Who::Nobody),
        ("participant A", Who::Cookie(&a)),
        ("participant B", Who::Cookie(&b)),
        ("shopper", Who::Bearer(&shopper)),
        ("viewer", Who::Cookie(&viewer)),
        ("reviewer", Who::Cookie(&reviewer)),
        ("admin", Who::Cookie(&admin)),
    ];
    // 303: sent to a login page (the portal's, or the console's); 404: not found, the same for another
    // company's id as for one that does not exist.
    let portal_a = [303, 200, 404, 303, 303, 303, 303];
    let portal_b = [303, 404, 200, 303, 303, 303, 303];
    let portal_none = [303, 404, 404, 303, 303, 303, 303];
    let console_viewer = [303, 303, 303, 303, 200, 200, 200];
    let console_queue = [303, 303, 303, 303, 303, 200, 200];
    let console_reviewer = [303, 303, 303, 303, 403, 200, 200];
    let console_admin = [303, 303, 303, 303, 403, 403, 200];
    let api_viewer = [401, 401, 401, 401, 200, 200, 200];
    let api_reviewer = [401, 401, 401, 401, 403, 200, 200];
    let api_reviewer_no_body = [401, 401, 401, 401, 403, 400, 400];
    let api_admin = [401, 401, 401, 401, 403, 403, 200];
    let api_admin_not_found = [401, 401, 401, 401, 403, 403, 404];
    let api_admin_no_body = [401, 401, 401, 401, 403, 403, 400];
    let api_admin_not_csv = [401, 401, 401, 401, 403, 403, 415];
    let api_admin_no_period = [401, 401, 401, 401, 403, 403, 400];
    let mut matrix: Vec<(Method, String, [u16; 7])> = vec![
        (
            Method::GET,
            "/portal".into(),
            [303, 200, 200, 303, 303, 303, 303],
        ),
        (Method::GET, "/portal/login".into(), [200; 7]),
    ];
    for (company, expected) in [
        (&a_now, portal_a),
        (&a_before, portal_a),
        (&b_now, portal_b),
        (&b_before, portal_b),
        (&b_evaluation, portal_none),
        (&demo::DEMO_CAMPAIGN_ID.to_owned(), portal_none),
        (&"nobody".to_owned(), portal_none),
    ] {
        for tail in ["", "/contacts", "/scores.csv"] {
            matrix.push((
                Method::GET,
                format!("/portal/companies/{company}{tail}"),
                expected,
            ));
        }
    }
    matrix.extend([
        (
            Method::GET,
            format!("/portal/evaluations/{b_evaluation}"),
            [404; 7],
        ),
        (Method::GET, "/portal/invite/not-a-token".into(), [404; 7]),
        // Attachments: a participant gets the files of its own company's contacts only (the demo campaigns
        // show them); an organizer from viewer up gets any evaluation's; the shopper did not upload these.
        (
            Method::GET,
            format!("/portal/companies/{a_before}/contacts/{a_filed}/attachments/{picture}"),
            portal_a,
        ),
        (
            Method::GET,
            format!("/portal/companies/{b_before}/contacts/{b_filed}/attachments/{picture}"),
            portal_b,
        ),
        (
            Method::GET,
            format!("/portal/companies/{a_before}/contacts/{b_filed}/attachments/{picture}"),
            portal_none,
        ),
        (
            Method::GET,
            format!("/console/evaluations/{a_filed}/attachments/{picture}"),
            console_viewer,
        ),
        (
            Method::GET,
            format!("/api/v1/organizer/evaluations/{b_filed}/attachments/{picture}"),
            api_viewer,
        ),
        (
            Method::GET,
            format!("/api/v1/attachments/{picture}/content"),
            [401, 401, 401, 404, 401, 401, 401],
        ),
        (Method::GET, "/console".into(), console_queue),
        (Method::GET, "/console/rankings".into(), console_viewer),
        (
            Method::GET,
            format!("/console/companies/{a_now}/report"),
            console_viewer,
        ),
        (
            Method::GET,
            format!("/console/companies/{b_now}/report"),
            console_viewer,
        ),
        (Method::GET, "/console/reports".into(), console_viewer),
        (
            Method::GET,
            format!("/console/evaluations/{b_evaluation}"),
            console_reviewer,
        ),
        (Method::GET, "/console/audit".into(), console_reviewer),
        (Method::GET, "/console/participants".into(), console_admin),
        (Method::GET, "/console/shoppers".into(), console_admin),
        (Method::GET, "/console/campaign".into(), console_admin),
        (Method::GET, "/api/v1/organizer/me".into(), api_viewer),
        (Method::GET, "/api/v1/organizer/rankings".into(), api_viewer),
        (
            Method::GET,
            "/api/v1/organizer/export/scores.csv".into(),
            api_viewer,
        ),
        (
            Method::GET,
            "/api/v1/organizer/evaluations".into(),
            api_reviewer,
        ),
        (
            Method::GET,
            "/api/v1/organizer/export/evaluations.csv".into(),
            api_reviewer,
        ),
        (
            Method::GET,
            "/api/v1/assignments".into(),
            [401, 401, 401, 200, 401, 401, 401],
        ),
        // The season's daily work through the API: a participant's session opens none of it.
        (Method::GET, "/api/v1/organizer/queue".into(), api_reviewer),
        (Method::GET, "/api/v1/organizer/audit".into(), api_reviewer),
        (
            Method::POST,
            "/api/v1/organizer/review/bulk".into(),
            api_reviewer_no_body,
        ),
        (
            Method::GET,
            "/api/v1/organizer/shoppers/roster".into(),
            api_admin,
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/deactivate".into(),
            api_admin_not_found,
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/reactivate".into(),
            api_admin_not_found,
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/nobody/roster".into(),
            api_admin_no_body,
        ),
        (
            Method::POST,
            "/api/v1/organizer/shoppers/roster/import".into(),
            api_admin_not_csv,
        ),
        (Method::GET, "/api/v1/organizer/fees".into(), api_admin),
        (
            Method::POST,
            "/api/v1/organizer/fees".into(),
            api_admin_no_body,
        ),
        (
            Method::GET,
            "/api/v1/organizer/statements".into(),
            api_admin_no_period,
        ),
        (
            Method::GET,
            "/api/v1/organizer/export/payroll.csv".into(),
            api_admin_no_period,
        ),
        (
            Method::POST,
            "/api/v1/organizer/companies/nobody/reinstate".into(),
            api_admin_not_found,
        ),
    ]);
    let mut wrong = Vec::new();
    let mut bodies_a = Vec::new();
    for (method, path, expected) in &matrix {
        for ((who, caller), want) in callers.iter().zip(expected) {
            let mut request = no_redirects().request(method.clone(), server.url(path));
            request = match caller {
                Who::Nobody => request,
                Who::Cookie(cookie) => request.header("cookie", *cookie),
                Who::Bearer(token) => request.bearer_auth(token),
            };
            let response = request.send().await.unwrap();
            let got = response.status().as_u16();
            if got != *want {
                wrong.push(format!("{who} {method} {path}: {got}, expected {want}"));
            }
            if *who == "participant A" {
                bodies_a.push((path.clone(), response.text().await.unwrap()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Nothing A is shown names B's company or carries B's ids.
    for (path, body) in &bodies_a {
        for b_thing in [
            "Fjordbanken (demo)",
            b_now.as_str(),
            b_before.as_str(),
            b_evaluation.as_str(),
        ] {
            assert!(
                !body.contains(b_thing) || path.contains(b_thing),
                "A's {path} shows {b_thing}"
            );
        }
    }
    // Every route of the JSON API that needs a shopper or an organizer, with B's ids in its path: a
    // participant's session is neither (401), and nothing changes.
    use shopper_server::http::api::openapi::{Caller as Needs, ROUTES};
    let before = row_counts(&server).await;
    let mut api_calls = 0;
    for route in ROUTES.iter().filter(|r| !matches!(r.caller, Needs::Anyone)) {
        let path = route
            .path
            .replace("{id}", &b_evaluation)
            .replace("{sha256}", &picture)
            .replace("{offset}", "0");
        let method = Method::from_bytes(route.method.to_uppercase().as_bytes()).unwrap();
        for cookie in [&a, &b] {
            let status = no_redirects()
                .request(method.clone(), server.url(&path))
                .header("cookie", cookie.as_str())
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap()
                .status();
            api_calls += 1;
            if status != StatusCode::UNAUTHORIZED {
                wrong.push(format!(
                    "a participant {method} {path}: {status}, expected 401"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        row_counts(&server).await,
        before,
        "refused calls change nothing"
    );
    assert!(api_calls >= 40, "{api_calls}");

    // The size of the matrix, said where it is counted.
    assert_eq!(matrix.len() * callers.len(), 60 * 7);

    // The contacts page shows the pictures and the pasted text while the campaign allows it; turned off,
    // neither the page nor the file route shows them.
    let file = format!("/portal/companies/{a_before}/contacts/{a_filed}/attachments/{picture}");
    let (_, contacts) = get_page(
        &server,
        &a,
        &format!("/portal/companies/{a_before}/contacts"),
    )
    .await;
    assert!(contacts.contains(&format!("src=\"{file}\"")), "{contacts}");
    assert!(contacts.contains("Hva kan jeg hjelpe deg med?"));
    // Turned off through the organizer's API (the console's form does the same).
    let setting = format!(
        "/api/v1/organizer/participant-attachments?campaign={}",
        demo::PREVIOUS_WAVE_ID
    );
    let shown = |body: Value| body["shown"].clone();
    let read = server
        .http
        .get(server.url(&setting))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(shown(read.json().await.unwrap()), true);
    let turned = server
        .http
        .post(server.url(&setting))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&json!({ "shown": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(turned.status(), StatusCode::OK);
    let turned: Value = turned.json().await.unwrap();
    assert_eq!(turned["campaign_id"], demo::PREVIOUS_WAVE_ID);
    assert_eq!(shown(turned), false);
    let (_, contacts) = get_page(
        &server,
        &a,
        &format!("/portal/companies/{a_before}/contacts"),
    )
    .await;
    assert!(!contacts.contains("/attachments/"), "{contacts}");
    let status = no_redirects()
        .get(server.url(&file))
        .header("cookie", &a)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A's state-changing portal form (the language) needs A's token: another session's token is refused.
    let (_, page) = get_page(&server, &a, "/portal").await;
    let b_page = get_page(&server, &b, "/portal").await.1;
    let with = |token: String| {
        no_redirects()
            .post(server.url("/portal/language"))
            .header("cookie", &a)
            .form(&[("language", "en".to_owned()), ("csrf", token)])
            .send()
    };
    assert_eq!(
        with(form_token(&b_page)).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let cross = no_redirects()
        .post(server.url("/portal/language"))
        .header("cookie", &a)
        .header("origin", "http://evil.example")
        .form(&[("language", "en".to_owned()), ("csrf", form_token(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(
        cross.status(),
        StatusCode::FORBIDDEN,
        "another origin is refused"
    );
    assert_eq!(
        with(form_token(&page)).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let (_, english) = get_page(&server, &a, &format!("/portal/companies/{a_now}")).await;
    assert!(
        english.contains("lang=\"en\"") && english.contains("The class Bank"),
        "the report follows the reader's language"
    );
}

#[tokio::test]
async fn a_browser_with_an_expired_sessions_cookie_can_still_log_in_to_the_portal_and_the_console()
{
    let server = TestServer::start().await;
    let (email, _) = demo::PARTICIPANT;
    for (path, email) in [
        ("/portal/login", email),
        ("/console/login", "viewer@demo.example"),
    ] {
        let response = no_redirects()
            .post(server.url(path))
            .header("cookie", "shopper_session=an-expired-session")
            .form(&[("email", email), ("password", demo::ORGANIZER_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
    }
}

#[tokio::test]
async fn the_login_pages_speak_the_visitors_language_and_keep_it_after_a_wrong_password() {
    let server = TestServer::start().await;
    let (email, _) = demo::PARTICIPANT;
    for path in ["/portal/login", "/console/login"] {
        let get = |accept: &'static str, query: &'static str| {
            let url = server.url(&format!("{path}{query}"));
            async move {
                let response = no_redirects()
                    .get(url)
                    .header("accept-language", accept)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::OK);
                response.text().await.unwrap()
            }
        };
        let norwegian = get("nb-NO,nb;q=0.9,en;q=0.8", "").await;
        assert!(
            norwegian.contains("Logg inn") && norwegian.contains("lang=\"nb\""),
            "{path}"
        );
        assert!(norwegian.contains("?lang=en"), "{path}: a link to English");
        let english = get("en-US,en;q=0.9", "").await;
        assert!(
            english.contains(">Log in<") && english.contains("lang=\"en\""),
            "{path}"
        );
        assert!(!english.contains("Passord"), "{path}: no Norwegian label");
        let chosen = get("nb-NO", "?lang=en").await;
        assert!(
            chosen.contains(">Log in<"),
            "{path}: the link's choice wins"
        );

        let refused = no_redirects()
            .post(server.url(path))
            .form(&[("email", email), ("password", "wrong"), ("lang", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{path}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("Wrong e-mail or password."), "{path}: {page}");
    }
}
