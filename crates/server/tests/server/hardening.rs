//! Smaller attacks of issue 14: an open redirect through the PWA's folders, a database file other users of
//! the machine could read, glibc's arenas, `javascript:` contact links, and names with invisible characters or
//! look-alikes of names already there.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Reads the child's output until a line `found` says; the rest is drained on a thread, so that the server
/// never writes into a closed pipe.
fn started_with(child: &mut std::process::Child, found: impl Fn(&str) -> bool) -> bool {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| found(&line));
    std::thread::spawn(move || lines.for_each(drop));
    started
}

#[tokio::test]
async fn a_folder_of_the_pwa_never_redirects_to_another_host() {
    let server = TestServer::start().await;
    std::fs::create_dir(server.dist().join("icons")).unwrap();
    std::fs::write(server.dist().join("icons/icon-192.png"), b"\x89PNG").unwrap();
    for path in ["//icons", "/icons", "//icons/", "///icons"] {
        let response = no_redirects().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers().get("location").is_none(),
            "{path} redirects"
        );
        assert!(
            response.text().await.unwrap().contains("<title>Shopper"),
            "{path} gets the app shell"
        );
    }
    let icon = no_redirects()
        .get(server.url("/icons/icon-192.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
}

#[test]
fn the_sqlite_database_and_its_log_are_readable_by_the_server_user_alone() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("data/shopper.sqlite");
    // A database file left by an older start, readable by everyone, is made private too.
    let old = dir.path().join("old.sqlite");
    std::fs::write(&old, b"").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    for file in [&database, &old] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shopper-server"))
            .args(["--addr", "127.0.0.1:0", "--demo", "--static-dir"])
            .arg(dir.path())
            .arg("--database-url")
            .arg(format!("sqlite://{}", file.display()))
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        // The demo's sign-in link is printed after the database was written to.
        let started = started_with(&mut child, |line| line.contains("sign-in link"));
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(started, "the server started on {}", file.display());
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{}{suffix}", file.display());
            if let Ok(metadata) = std::fs::metadata(&path) {
                assert_eq!(metadata.permissions().mode() & 0o777, 0o600, "{path}");
            } else {
                assert!(!suffix.is_empty(), "{path} exists");
            }
        }
    }
}

/// The environment of the running server process `pid`.
fn environment_of(pid: u32) -> String {
    String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/environ")).unwrap())
        .replace('\0', "\n")
}

#[test]
fn the_server_limits_glibcs_malloc_arenas_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    for (given, expected) in [
        (None, "MALLOC_ARENA_MAX=2"),
        (Some("4"), "MALLOC_ARENA_MAX=4"),
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_shopper-server"));
        command
            .args(["--addr", "127.0.0.1:0", "--static-dir"])
            .arg(dir.path())
            .arg("--database-url")
            .arg(format!(
                "sqlite://{}",
                dir.path().join("m.sqlite").display()
            ))
            .env("RUST_LOG", "error")
            .env_remove("MALLOC_ARENA_MAX")
            .stdout(Stdio::piped());
        if let Some(value) = given {
            command.env("MALLOC_ARENA_MAX", value);
        }
        let mut child = command.spawn().unwrap();
        let started = started_with(&mut child, |line| line.starts_with("Shopper is running at"));
        let environment = environment_of(child.id());
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(started);
        assert!(
            environment.lines().any(|line| line == expected),
            "{expected} not in the server's environment"
        );
    }
}

async fn organizer_post(server: &TestServer, path: &str, body: Value) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url(path))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn import_companies(server: &TestServer, csv: &str) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/organizer/companies/import"))
        .bearer_auth(ORGANIZER_TOKEN)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn row_codes(body: &Value) -> Vec<&str> {
    body["error"]["row_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn only_tel_mailto_and_https_contacts_are_stored() {
    let server = TestServer::start().await;
    let before = row_counts(&server).await;
    for contact in [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://example.com/chat",
    ] {
        let (status, body) = organizer_post(
            &server,
            "/api/v1/organizer/assignments",
            json!({ "company": "Hertz", "channel": "chat", "scenario": "Leie bil", "shopper": "Kari Nordmann (demo)",
                    "contact": contact, "window_start": "2026-12-01", "window_end": "2026-12-05", "due": "2026-12-05" }),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{contact}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("is not a tel:, mailto: or https:// link"),
            "{message}"
        );
    }
    assert_eq!(row_counts(&server).await, before, "nothing was stored");
    let (status, _) = organizer_post(
        &server,
        "/api/v1/organizer/assignments",
        json!({ "company": "Hertz", "channel": "chat", "scenario": "Leie bil", "shopper": "Kari Nordmann (demo)",
                "contact": "https://example.com/chat", "window_start": "2026-12-01", "window_end": "2026-12-05", "due": "2026-12-05" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn names_with_invisible_characters_and_look_alikes_of_companies_there_are_refused() {
    let server = TestServer::start().await;
    let before = row_counts(&server).await;
    // "Hertz" is a demo company: these all look like it, or hide what they say.
    let (status, body) = import_companies(
        &server,
        "class,company\n\
         Bilutleie,HERTZ\n\
         Bilutleie,\u{FF28}\u{FF45}\u{FF52}\u{FF54}\u{FF5A}\n\
         Bilutleie,Her\u{200B}tz\n\
         Bilutleie,\u{202E}ztreH\n\
         Bilutleie,Ny  Bil\n\
         Bilutleie,ny bil\n",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        row_codes(&body),
        [
            "row_company_taken",
            "row_company_taken",
            "row_invisible_character",
            "row_invisible_character",
            "row_company_taken",
        ]
    );
    assert_eq!(row_counts(&server).await, before, "nothing was imported");

    // A name typed with a combining ring is stored precomposed (NFC), once.
    let (status, _) = import_companies(&server, "class,company\nBilutleie,A\u{030A}s Bil\n").await;
    assert_eq!(status, StatusCode::CREATED);
    let (stored,): (String,) =
        sqlx::query_as("SELECT name FROM companies WHERE name LIKE '%s Bil'")
            .fetch_one(&server.db)
            .await
            .unwrap();
    assert_eq!(stored, "\u{00C5}s Bil");
    let (status, body) =
        import_companies(&server, "class,company\nBilutleie,\u{00C5}S BIL\n").await;
    assert_eq!(
        (status, row_codes(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["row_company_taken"])
    );

    // A shopper's name too.
    let (status, body) = organizer_post(
        &server,
        "/api/v1/organizer/shoppers",
        json!({ "name": "Kari\u{202E}nnamdroN" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("invisible or control character (U+202E)"),
        "{message}"
    );
}

#[tokio::test]
async fn what_axum_refuses_on_the_console_is_a_console_page_in_words() {
    let server = TestServer::start().await;
    for (content_type, body, status, words) in [
        (
            "application/x-www-form-urlencoded",
            "email=admin%40demo.example",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Skjemaet eller adressen kunne ikke leses",
        ),
        (
            "application/json",
            r#"{"email":"admin@demo.example","password":"x"}"#,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "i et format konsollen ikke leser",
        ),
    ] {
        let response = no_redirects()
            .post(server.url("/console/login"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{content_type}");
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(kind.starts_with("text/html"), "{kind}");
        let page = response.text().await.unwrap();
        assert!(page.contains(words), "{page}");
        assert!(page.contains("data-testid=\"error\""), "{page}");
    }
    let wrong_method = no_redirects()
        .delete(server.url("/console/shoppers"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method
        .text()
        .await
        .unwrap()
        .contains("tar ikke imot slike"));
}

#[tokio::test]
async fn the_questionnaire_imported_last_is_current_even_within_one_second() {
    use shopper_domain::definition::{self, Format};
    use shopper_server::accounts::OrganizerAccount;
    use shopper_server::{changes, demo};
    let server = TestServer::start().await;
    let actor = OrganizerAccount::command_line();
    let mut first = definition::parse(demo::QUESTIONNAIRE_FILE, Format::Toml).unwrap();
    first.id = "first".into();
    let mut second = first.clone();
    second.id = "second".into();
    let mut first_again = first.clone();
    first_again.sections[0].title.nb.push_str(" (ny)");
    // "first" twice (versions 1 and 2), then "second" (version 1), well within one second.
    for questionnaire in [first, first_again, second] {
        changes::import_questionnaire(&server.store, &actor, questionnaire)
            .await
            .unwrap();
    }
    assert_eq!(
        server.store.current_questionnaire().await.unwrap(),
        Some(("second".to_owned(), 1)),
        "the last import counts, not the highest version"
    );
}

#[tokio::test]
async fn a_console_session_ends_after_an_hour_unused_and_within_the_working_day() {
    use shopper_server::secrets::timestamp;
    use time::{Duration, OffsetDateTime};
    let server = TestServer::start().await;
    let cookie = log_in(&server, "admin@demo.example").await;
    let expires = || async {
        let (at,): (String,) = sqlx::query_as("SELECT expires_at FROM organizer_sessions")
            .fetch_one(&server.db)
            .await
            .unwrap();
        at
    };
    let set = |column: &'static str, at: OffsetDateTime| {
        let db = server.db.clone();
        async move {
            sqlx::query(&format!("UPDATE organizer_sessions SET {column} = $1"))
                .bind(timestamp(at))
                .execute(&db)
                .await
                .unwrap();
        }
    };
    let me = || async {
        server
            .http
            .get(server.url("/api/v1/organizer/me"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .status()
    };
    let now = OffsetDateTime::now_utc;
    // A login is good for an hour, not the whole day.
    let ends = expires().await;
    assert!(
        ends > timestamp(now() + Duration::minutes(59))
            && ends <= timestamp(now() + Duration::minutes(61)),
        "{ends}"
    );
    // Used a minute before it would end: another hour.
    set("expires_at", now() + Duration::minutes(1)).await;
    assert_eq!(me().await, StatusCode::OK);
    assert!(expires().await > timestamp(now() + Duration::minutes(59)));
    // Unused for the hour: it is over.
    set("expires_at", now() - Duration::seconds(1)).await;
    assert_eq!(me().await, StatusCode::UNAUTHORIZED);
    // Near the end of the working day, use no longer extends it.
    set(
        "created_at",
        now() - Duration::hours(11) - Duration::minutes(30),
    )
    .await;
    let last_minute = now() + Duration::minutes(1);
    set("expires_at", last_minute).await;
    assert_eq!(me().await, StatusCode::OK);
    assert_eq!(expires().await, timestamp(last_minute));
}

#[tokio::test]
async fn a_deactivated_organizer_is_signed_out_at_once_and_cannot_log_in_again() {
    let server = TestServer::start().await;
    let reviewer = log_in(&server, "reviewer@demo.example").await;
    let admin = log_in(&server, "admin@demo.example").await;
    let me = |cookie: String| {
        let request = server
            .http
            .get(server.url("/api/v1/organizer/me"))
            .header("cookie", cookie);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(me(reviewer.clone()).await, StatusCode::OK);
    // A reviewer may not; an admin may.
    let response = server
        .http
        .post(server.url("/api/v1/organizer/organizers/deactivate"))
        .header("cookie", &reviewer)
        .json(&json!({ "email": "admin@demo.example" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = server
        .http
        .post(server.url("/api/v1/organizer/organizers/deactivate"))
        .header("cookie", &admin)
        .json(&json!({ "email": " Reviewer@Demo.example " }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me(reviewer).await,
        StatusCode::UNAUTHORIZED,
        "the open session ended"
    );
    let login = server
        .http
        .post(server.url("/api/v1/organizer/login"))
        .json(&json!({ "email": "reviewer@demo.example", "password": shopper_server::demo::ORGANIZER_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        login.status(),
        StatusCode::UNAUTHORIZED,
        "the right password no longer opens it"
    );
    assert_eq!(
        me(admin.clone()).await,
        StatusCode::OK,
        "others stay signed in"
    );
    let audit = get_json(&server, "/api/v1/organizer/audit", &admin).await["entries"].clone();
    assert_eq!(audit[0]["action"], "deactivate_organizer", "{audit}");
    let (status, body) = organizer_post(
        &server,
        "/api/v1/organizer/organizers/deactivate",
        json!({ "email": "nobody@demo.example" }),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

#[tokio::test]
async fn a_pushed_evaluation_with_endless_notes_or_timeline_is_refused_and_nothing_stored() {
    let server = TestServer::start().await;
    let token = server.sign_in(shopper_server::demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let before = server.stored_rows().await;
    let mut long_notes = submission(&assignment, 1, valid_answers());
    long_notes["content"]["notes"] = json!("x".repeat(10_001));
    let (status, body) = server
        .push(Some(&token), uuid::Uuid::new_v4(), &long_notes)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("notes is longer than 10000"));
    let mut long_timeline = submission(&assignment, 1, valid_answers());
    let stamp = long_timeline["content"]["timeline"][0].clone();
    long_timeline["content"]["timeline"] = json!(vec![stamp; 501]);
    let (status, body) = server
        .push(Some(&token), uuid::Uuid::new_v4(), &long_timeline)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("timeline is longer than 500"));
    assert_eq!(server.stored_rows().await, before);
    // At the cap, notes are fine.
    let mut at_cap = submission(&assignment, 1, valid_answers());
    at_cap["content"]["notes"] = json!("x".repeat(10_000));
    let (status, body) = server
        .push(Some(&token), uuid::Uuid::new_v4(), &at_cap)
        .await;
    assert!(status.is_success(), "{status} {body}");
}
