//! Rate limits: guessing sign-in codes and flooding pushes are cut off with a JSON 429 and `Retry-After`,
//! and nothing changes.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use shopper_server::ratelimit::{Limiter, Limits};
use uuid::Uuid;

#[tokio::test]
async fn guessing_sign_in_codes_is_stopped_after_ten_tries_a_minute() {
    let server = TestServer::start().await;
    for _ in 0..12 {
        let form = server
            .http
            .get(server.url("/console/login"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            form.status(),
            StatusCode::OK,
            "opening the login form is not a try"
        );
    }
    let mut statuses = Vec::new();
    for attempt in 0..11 {
        let response = server
            .http
            .post(server.url("/api/v1/sign-in"))
            .json(&json!({ "invite_code": format!("guess-{attempt}") }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&wait));
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "too_many_requests");
        }
    }
    assert_eq!(statuses, [vec![404; 10], vec![429]].concat());
    let login = server
        .http
        .post(server.url("/api/v1/organizer/login"))
        .json(&json!({ "email": "admin@demo.example", "password": demo::ORGANIZER_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        login.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "organizer login shares the address's budget"
    );
    let console_login = server
        .http
        .post(server.url("/console/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=admin%40demo.example&password={}",
            demo::ORGANIZER_PASSWORD
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        console_login.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "and so does the console's login"
    );
}

#[tokio::test]
async fn a_device_flooding_pushes_is_cut_off_and_nothing_more_is_stored() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let id = Uuid::new_v4();
    let body = submission(&assignment, 1, valid_answers());
    let mut last = StatusCode::OK;
    let mut accepted = 0;
    for _ in 0..125 {
        let (status, _) = server.push(Some(&token), id, &body).await;
        if status.is_success() {
            accepted += 1;
        }
        last = status;
    }
    assert_eq!((accepted, last), (120, StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.stored_rows().await, 1);
}

async fn sign_in_statuses(server: &TestServer, forwarded_for: &[&str]) -> Vec<u16> {
    let mut statuses = Vec::new();
    for (attempt, address) in forwarded_for.iter().enumerate() {
        let response = server
            .http
            .post(server.url("/api/v1/sign-in"))
            .header("x-forwarded-for", *address)
            .json(&json!({ "invite_code": format!("guess-{attempt}") }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_has_its_own_limit_and_forged_ones_count_for_nothing(
) {
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let server =
        TestServer::start_with(Limiter::new(Limits::default()).trusting(vec![proxy])).await;
    let many: Vec<String> = (1..=11).map(|n| format!("198.51.100.{n}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(sign_in_statuses(&server, &many).await, vec![404; 11]);
    assert_eq!(
        sign_in_statuses(&server, &["203.0.113.9"; 11]).await,
        [vec![404; 10], vec![429]].concat(),
        "one client behind the proxy still gets ten a minute"
    );

    // Not behind a trusted proxy: the header is the client's own claim and changes nothing.
    let direct = TestServer::start().await;
    assert_eq!(
        sign_in_statuses(&direct, &many).await,
        [vec![404; 10], vec![429]].concat()
    );
}
