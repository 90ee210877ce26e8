//! Secrets never reach the logs: the real server binary, logging everything (`RUST_LOG=trace`), serves an
//! organizer login, an invite, a shopper's sign-in and push, and wrong credentials; none of the password, the
//! organizer token, the session cookie, the invite code or the device token appears in what it wrote. At the
//! default level, failed logins and 429s are logged at warn, still without a password or e-mail.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use crate::common::{submission, valid_answers, ORGANIZER_TOKEN};
use serde_json::{json, Value};
use shopper_server::demo;

const PASSWORD: &str = "a-long-organizer-password";

/// Collects every line `stream` writes into `log`.
fn collect(stream: impl std::io::Read + Send + 'static, log: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
}

/// Starts the server binary with the demo campaign on `database`, logging at `rust_log` (or the default level)
/// into `log`, and waits for its address.
async fn start_server(
    static_dir: &std::path::Path,
    database: &str,
    extra: &[&str],
    rust_log: Option<&str>,
    log: &Arc<Mutex<String>>,
) -> (std::process::Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shopper-server"));
    command
        .args([
            "--database-url",
            database,
            "--addr",
            "127.0.0.1:0",
            "--demo",
            "--demo-waves",
            "false",
        ])
        .args(extra)
        .args(["--static-dir", &static_dir.display().to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match rust_log {
        Some(level) => command.env("RUST_LOG", level),
        None => command.env_remove("RUST_LOG"),
    };
    let mut server = command.spawn().unwrap();
    collect(server.stdout.take().unwrap(), Arc::clone(log));
    collect(server.stderr.take().unwrap(), Arc::clone(log));
    loop {
        let started = log.lock().unwrap().lines().find_map(|line| {
            line.strip_prefix("Shopper is running at ")
                .map(|url| url.trim_end_matches('/').to_owned())
        });
        if let Some(base) = started {
            return (server, base);
        }
        assert!(server.try_wait().unwrap().is_none(), "the server stopped");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn no_token_code_password_or_cookie_is_ever_logged() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("logs.sqlite").display());
    let binary = env!("CARGO_BIN_EXE_shopper-server");
    let created = Command::new(binary)
        .args(["--database-url", &database, "create-organizer"])
        .args(["--email", "logs@example.com", "--name", "Logs"])
        .env("SHOPPER_PASSWORD", PASSWORD)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let log = Arc::new(Mutex::new(String::new()));
    log.lock()
        .unwrap()
        .push_str(&String::from_utf8_lossy(&created.stdout));
    let (mut server, base) = start_server(
        dir.path(),
        &database,
        &["--organizer-token", ORGANIZER_TOKEN],
        Some("trace"),
        &log,
    )
    .await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{base}{path}");

    let login = http
        .post(url("/api/v1/organizer/login"))
        .json(&json!({ "email": "logs@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success());
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    let session = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let invite: Value = http
        .post(url(&format!(
            "/api/v1/organizer/shoppers/{}/invites",
            demo::DEMO_SHOPPER_ID
        )))
        .header("cookie", format!("shopper_session={session}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = invite["link"]
        .as_str()
        .unwrap()
        .split_once("#code=")
        .unwrap()
        .1
        .to_owned();
    let signed_in: Value = http
        .post(url("/api/v1/sign-in"))
        .json(&json!({ "invite_code": code }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap().to_owned();
    let assignments: Value = http
        .get(url("/api/v1/assignments"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let phone = assignments["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["channel"] == "phone")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pushed = http
        .put(url(&format!(
            "/api/v1/evaluations/{}",
            uuid::Uuid::new_v4()
        )))
        .bearer_auth(&token)
        .json(&submission(&phone, 1, valid_answers()))
        .send()
        .await
        .unwrap();
    assert_eq!(pushed.status(), 201);
    let listed = http
        .get(url("/api/v1/organizer/evaluations"))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    assert!(listed.status().is_success());
    // Wrong credentials are logged no more than right ones.
    for (path, body) in [
        ("/api/v1/sign-in", json!({ "invite_code": code })),
        (
            "/api/v1/organizer/login",
            json!({ "email": "logs@example.com", "password": format!("{PASSWORD}-wrong") }),
        ),
    ] {
        let refused = http.post(url(path)).json(&body).send().await.unwrap();
        assert!(refused.status().is_client_error());
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let log = log.lock().unwrap().clone();
    assert!(
        log.contains("/api/v1/evaluations/") && log.contains("/api/v1/sign-in"),
        "the server logged the requests at trace level:\n{log}"
    );
    for (what, secret) in [
        ("password", PASSWORD),
        ("organizer API token", ORGANIZER_TOKEN),
        ("session cookie", session.as_str()),
        ("invite code", code.as_str()),
        ("device token", token.as_str()),
    ] {
        assert!(!log.contains(secret), "the {what} is in the log");
    }
}

#[tokio::test]
async fn failed_logins_and_rate_limits_are_logged_at_the_default_level_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("warn.sqlite").display());
    let log = Arc::new(Mutex::new(String::new()));
    let (mut server, base) = start_server(dir.path(), &database, &[], None, &log).await;
    let http = reqwest::Client::new();
    let wrong = "not-the-password-at-all";
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let response = http
            .post(format!("{base}/api/v1/organizer/login"))
            .json(&json!({ "email": "admin@demo.example", "password": wrong }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [vec![401; 10], vec![429]].concat());
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    // Without its colours (the log is written for a terminal).
    let mut log = log.lock().unwrap().clone();
    while let Some(start) = log.find('\x1b') {
        let end = log[start..].find('m').map_or(log.len(), |m| start + m + 1);
        log.replace_range(start..end, "");
    }
    let warnings = |needle: &str| {
        log.lines()
            .filter(|line| line.contains("WARN") && line.contains(needle))
            .count()
    };
    assert_eq!(warnings("an organizer login failed"), 10, "{log}");
    assert_eq!(warnings("rate limit reached"), 1, "{log}");
    assert!(log.contains("limit=login"), "{log}");
    assert!(!log.contains(wrong), "the password is not logged");
    assert!(
        !log.contains("admin@demo.example\""),
        "nor the e-mail typed"
    );
}
