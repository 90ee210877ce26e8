//! Rate limits: guessing sign-in codes and flooding pushes are cut off with a JSON 429 and `Retry-After`,
//! and nothing changes. Shopper sign-ins and organizer logins count apart. Hundreds of wrong-password logins
//! at once from many addresses leave the real server binary's memory bounded.

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
        StatusCode::OK,
        "bad invite codes from an address do not lock its organizers out"
    );
    // Organizer logins have a bucket of their own, shared by the API and the console.
    let mut statuses = Vec::new();
    for attempt in 0..11 {
        let path = if attempt % 2 == 0 {
            "/api/v1/organizer/login"
        } else {
            "/console/login"
        };
        let response = if attempt % 2 == 0 {
            server
                .http
                .post(server.url(path))
                .json(&json!({ "email": "admin@demo.example", "password": "wrong-password" }))
                .send()
                .await
                .unwrap()
        } else {
            server
                .http
                .post(server.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("email=admin%40demo.example&password=wrong-password")
                .send()
                .await
                .unwrap()
        };
        statuses.push(response.status().as_u16());
    }
    // The successful login above was the first of the ten.
    assert_eq!(statuses, [vec![401; 9], vec![429, 429]].concat());
}

/// A server process that is killed when the test ends, however it ends.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The peak resident memory of process `pid` (VmHWM), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/<pid>/status");
    kib * 1024
}

#[tokio::test]
async fn hundreds_of_wrong_password_logins_from_many_addresses_leave_memory_bounded() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    const ADDRESSES: usize = 64;
    const PER_ADDRESS: usize = 8; // under the per-address limit of ten
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("memory.sqlite").display());
    let mut server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_shopper-server"))
            .args([
                "--database-url",
                &database,
                "--addr",
                "127.0.0.1:0",
                "--demo",
                "--demo-waves",
                "false",
            ])
            .args(["--trusted-proxies", "127.0.0.1"])
            .args(["--static-dir", &dir.path().display().to_string()])
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let base = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("Shopper is running at ")
                .map(|url| url.trim_end_matches('/').to_owned())
        })
        .expect("the server prints its address");
    std::thread::spawn(move || lines.for_each(drop));
    let before = peak_rss(server.0.id());

    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    let mut logins = tokio::task::JoinSet::new();
    for n in 0..ADDRESSES * PER_ADDRESS {
        let request = http
            .post(format!("{base}/api/v1/organizer/login"))
            .header(
                "x-forwarded-for",
                format!("198.51.100.{}", n % ADDRESSES + 1),
            )
            .json(&json!({ "email": "admin@demo.example", "password": format!("guess-{n}") }));
        logins.spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let retry_after = response.headers().get("retry-after").is_some();
            let body: Value = response.json().await.unwrap();
            (
                status,
                retry_after,
                body["error"]["code"].as_str().unwrap().to_owned(),
            )
        });
    }
    let mut counts = std::collections::BTreeMap::<u16, usize>::new();
    while let Some(answer) = logins.join_next().await {
        let (status, retry_after, code) = answer.unwrap();
        *counts.entry(status.as_u16()).or_default() += 1;
        match status {
            StatusCode::UNAUTHORIZED => assert_eq!(code, "wrong_credentials"),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(code, "overloaded");
                assert!(retry_after, "a 503 says when to try again");
            }
            StatusCode::TOO_MANY_REQUESTS => assert!(retry_after),
            other => panic!("a login answered {other}"),
        }
    }
    let elapsed = started.elapsed();
    let peak = peak_rss(server.0.id());
    drop(server);
    println!(
        "{} wrong-password logins from {ADDRESSES} addresses in {:.1} s: answers {counts:?}; \
         peak RSS {:.1} MiB (at start {:.1} MiB)",
        ADDRESSES * PER_ADDRESS,
        elapsed.as_secs_f64(),
        peak as f64 / 1048576.0,
        before as f64 / 1048576.0
    );
    assert!(
        counts.contains_key(&503) || counts.contains_key(&429),
        "the bound refused some: {counts:?}"
    );
    assert!(peak < 300 * 1024 * 1024, "peak RSS {} MiB", peak / 1048576);
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

#[tokio::test]
async fn re_spelling_the_authorization_header_does_not_reset_the_push_limit() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let id = Uuid::new_v4();
    let body = submission(&assignment, 1, valid_answers());
    let spellings = [
        format!("Bearer {token}"),
        format!("Bearer  {token}"),
        format!("Bearer {token} "),
        format!("Bearer \t{token}"),
    ];
    let mut accepted = 0;
    let mut refused = 0;
    for n in 0..125 {
        let response = server
            .http
            .put(server.url(&format!("/api/v1/evaluations/{id}")))
            .header("authorization", spellings[n % spellings.len()].as_str())
            .json(&body)
            .send()
            .await
            .unwrap();
        match response.status() {
            status if status.is_success() => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("{other}"),
        }
    }
    assert_eq!((accepted, refused), (120, 5), "one device, one bucket");
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

#[tokio::test]
async fn an_ipv6_network_shares_one_limit_whichever_of_its_addresses_asks() {
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let server =
        TestServer::start_with(Limiter::new(Limits::default()).trusting(vec![proxy])).await;
    // One /64 has 2^64 addresses: a new one per guess must not mean a new limit.
    let one_network: Vec<String> = (1..=11).map(|n| format!("2001:db8:7:9::{n:x}")).collect();
    let one_network: Vec<&str> = one_network.iter().map(String::as_str).collect();
    assert_eq!(
        sign_in_statuses(&server, &one_network).await,
        [vec![404; 10], vec![429]].concat()
    );
    assert_eq!(
        sign_in_statuses(&server, &["2001:db8:7:a::1"]).await,
        vec![404],
        "the next /64 is another network"
    );
}

async fn organizer_login(
    server: &TestServer,
    from: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    server
        .http
        .post(server.url("/api/v1/organizer/login"))
        .header("x-forwarded-for", from)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_account_whose_logins_keep_failing_must_wait_longer_from_any_address() {
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let server =
        TestServer::start_with(Limiter::new(Limits::default()).trusting(vec![proxy])).await;
    let admin = "admin@demo.example";
    // Nine wrong passwords, each from another address (under every per-address limit).
    for n in 1..=9 {
        let response = organizer_login(&server, &format!("198.51.100.{n}"), admin, "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let tenth = organizer_login(&server, "198.51.100.10", admin, "guess").await;
    assert_eq!(
        tenth.status(),
        StatusCode::UNAUTHORIZED,
        "the tenth failure is still checked"
    );
    // Now the account waits, even with the right password, even from a new address.
    let refused = organizer_login(&server, "203.0.113.50", admin, demo::ORGANIZER_PASSWORD).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(error_code(&body), "login_back_off");
    // Another account is not held up.
    let other = organizer_login(
        &server,
        "198.51.100.1",
        "reviewer@demo.example",
        demo::ORGANIZER_PASSWORD,
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
    // The console's login says it in words, with the same wait.
    let page = server
        .http
        .post(server.url("/console/login"))
        .header("x-forwarded-for", "203.0.113.51")
        .form(&[("email", admin), ("password", demo::ORGANIZER_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("For mange mislykkede innlogginger"));
    // After the wait, the right password gets in and the count starts again.
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    let in_again = organizer_login(&server, "203.0.113.50", admin, demo::ORGANIZER_PASSWORD).await;
    assert_eq!(in_again.status(), StatusCode::OK);
    let after = organizer_login(&server, "203.0.113.50", admin, "guess").await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let next = organizer_login(&server, "203.0.113.50", admin, demo::ORGANIZER_PASSWORD).await;
    assert_eq!(
        next.status(),
        StatusCode::OK,
        "one failure after a success costs no wait"
    );
}

#[tokio::test]
async fn guessing_the_organizer_api_token_is_stopped_after_ten_tries_a_minute() {
    let server = TestServer::start().await;
    let get = |token: String| {
        server
            .http
            .get(server.url("/api/v1/organizer/me"))
            .bearer_auth(token)
            .send()
    };
    let mut statuses = Vec::new();
    for n in 0..10 {
        statuses.push(get(format!("guess-{n}")).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, vec![401; 10]);
    // Now not even the right token is checked from this address for the rest of the minute.
    let refused = get(ORGANIZER_TOKEN.to_owned()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    // A session cookie is not a guess at the token and still works.
    let cookie = log_in(&server, "admin@demo.example").await;
    let me = server
        .http
        .get(server.url("/api/v1/organizer/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

#[test]
fn the_server_refuses_to_start_with_a_short_organizer_token() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_shopper-server"))
        .args(["--addr", "127.0.0.1:0", "--organizer-token", "secret123"])
        .arg("--database-url")
        .arg(format!(
            "sqlite://{}",
            dir.path().join("t.sqlite").display()
        ))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 32 characters"), "{stderr}");
    assert!(!dir.path().join("t.sqlite").exists(), "nothing was started");
}
