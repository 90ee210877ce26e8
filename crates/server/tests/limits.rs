//! Rate limits: guessing sign-in codes and flooding pushes are cut off with a JSON 429 and `Retry-After`,
//! and nothing changes.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::demo;
use uuid::Uuid;

#[tokio::test]
async fn guessing_sign_in_codes_is_stopped_after_ten_tries_a_minute() {
    let server = TestServer::start().await;
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
