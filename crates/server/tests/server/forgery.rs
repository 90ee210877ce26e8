//! Forged requests and planted cookies: a page on another port of the same host (same site, so SameSite=Strict
//! lets the cookie through) or of another site posts to the console and the organizer API with a signed-in
//! organizer's cookie; a console form without its token; a login forced on a victim; an import as
//! `text/plain`; a cookie planted for `/console`. Each is refused and changes nothing; the real flows still work.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;

/// Logs in through the API: the `name=value` of the session cookie, and the whole `Set-Cookie`.
async fn log_in(server: &TestServer, email: &str) -> (String, String) {
    let response = no_redirects()
        .post(server.url("/api/v1/organizer/login"))
        .json(&json!({ "email": email, "password": demo::ORGANIZER_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let pair = set_cookie.split(';').next().unwrap().to_owned();
    (pair, set_cookie)
}

async fn form_token(server: &TestServer, cookie: &str) -> String {
    let page = no_redirects()
        .get(server.url("/console/shoppers"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    crate::console::form_token(&page)
}

/// What the attacking page's browser adds: the other port's origin, and what the fetch metadata says.
const FORGED: [(&str, &str); 2] = [
    ("origin", "http://127.0.0.1:9"),
    ("sec-fetch-site", "same-site"),
];

#[tokio::test]
async fn a_page_on_another_port_cannot_change_anything_with_the_organizers_cookie() {
    let server = TestServer::start().await;
    let (cookie, _) = log_in(&server, "admin@demo.example").await;
    let token = form_token(&server, &cookie).await;
    let before = row_counts(&server).await;
    let form = |path: &str, body: String, headers: &[(&str, &str)]| {
        let mut request = no_redirects()
            .post(server.url(path))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    let revoke = format!("/console/shoppers/{}/revoke", demo::DEMO_SHOPPER_ID);
    for (path, body) in [
        ("/console/shoppers", format!("name=Mallory&csrf={token}")),
        (
            "/console/campaign/company",
            format!("class=Bank&company=Falsk+AS&csrf={token}"),
        ),
        (revoke.as_str(), format!("csrf={token}")),
    ] {
        // Even with the right token (had the page stolen it), the origin gives it away: by the fetch
        // metadata, or by Origin alone from a browser that sends no metadata.
        for headers in [&FORGED[..], &FORGED[..1]] {
            let response = form(path, body.clone(), headers).await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{path} {headers:?}"
            );
            assert!(response
                .text()
                .await
                .unwrap()
                .contains("ingenting ble endret"));
        }
        // From the console's own page, but without the session's token (or with another).
        for body in [
            "name=Mallory".to_owned(),
            format!("name=Mallory&csrf={}", "0".repeat(64)),
        ] {
            let response = form(path, body, &[("sec-fetch-site", "same-origin")])
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{path} without its token"
            );
        }
    }
    // The organizer API with the cookie: JSON from another port, and an import as text/plain (which a page
    // may send without asking first).
    let api = |path: &str| {
        no_redirects()
            .post(server.url(&format!("/api/v1/organizer{path}")))
            .header("cookie", &cookie)
    };
    let mut forged = api("/shoppers").json(&json!({ "name": "Mallory" }));
    for (name, value) in FORGED {
        forged = forged.header(name, value);
    }
    let response = forged.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "cross_origin");
    for (path, body) in [
        ("/companies/import", "class,company\nBank,Falsk AS\n"),
        ("/questionnaires", demo::QUESTIONNAIRE_FILE),
    ] {
        let response = api(path)
            .header("content-type", "text/plain")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{path}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "wrong_content_type");
    }
    assert_eq!(row_counts(&server).await, before, "nothing changed");

    // The console's own page, with its token, from the same origin (as a browser sends it): works.
    let host = server.base.trim_start_matches("http://").to_owned();
    let origin = format!("http://{host}");
    let response = form(
        "/console/shoppers",
        format!("name=Ekte+shopper&csrf={token}"),
        &[("origin", &origin), ("sec-fetch-site", "same-origin")],
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = api("/shoppers")
        .header("origin", &origin)
        .json(&json!({ "name": "Ekte API-shopper" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn another_site_cannot_sign_a_victim_in_as_the_attacker() {
    let server = TestServer::start().await;
    for headers in [
        vec![
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
    ] {
        let mut console = no_redirects()
            .post(server.url("/console/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "email=admin%40demo.example&password={}",
                demo::ORGANIZER_PASSWORD
            ));
        let mut api = no_redirects()
            .post(server.url("/api/v1/organizer/login"))
            .json(&json!({ "email": "admin@demo.example", "password": demo::ORGANIZER_PASSWORD }));
        for (name, value) in &headers {
            console = console.header(*name, *value);
            api = api.header(*name, *value);
        }
        for response in [console.send().await.unwrap(), api.send().await.unwrap()] {
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
            assert!(
                response.headers().get("set-cookie").is_none(),
                "no session given"
            );
        }
    }
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_host_only_and_secure() {
    let server = TestServer::start_at("https://shopper.example").await;
    let (pair, set_cookie) = log_in(&server, "admin@demo.example").await;
    assert!(pair.starts_with("__Host-shopper_session="), "{set_cookie}");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(
            set_cookie.split("; ").any(|part| part == attribute),
            "{attribute} in {set_cookie}"
        );
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    let token = pair.split_once('=').unwrap().1;
    let me = |cookie: String| {
        no_redirects()
            .get(server.url("/api/v1/organizer/me"))
            .header("cookie", cookie)
            .send()
    };
    assert_eq!(me(pair.clone()).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        me(format!("shopper_session={token}")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "a cookie without the prefix (which any port or plain-http page can set) is not the session"
    );
    // Over plain http there is no prefix to have (a browser takes __Host- only with Secure).
    let plain = TestServer::start().await;
    let (pair, set_cookie) = log_in(&plain, "admin@demo.example").await;
    assert!(pair.starts_with("shopper_session="));
    assert!(!set_cookie.contains("Secure"));
}

#[tokio::test]
async fn a_cookie_planted_for_the_console_does_not_override_the_real_session() {
    let server = TestServer::start().await;
    let (victim, _) = log_in(&server, "admin@demo.example").await;
    let (attacker, _) = log_in(&server, "viewer@demo.example").await;
    // A page on another port set `shopper_session=<attacker's>; Path=/console`: the browser sends the longer
    // path's cookie first.
    let planted = format!("{attacker}; {victim}");
    for path in ["/api/v1/organizer/me", "/console/shoppers"] {
        let response = no_redirects()
            .get(server.url(path))
            .header("cookie", &planted)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}: still the admin");
        if path.ends_with("/me") {
            let me: Value = response.json().await.unwrap();
            assert_eq!(me["role"], "admin");
        }
    }
}
