//! Smaller attacks of issue 14: an open redirect through the PWA's folders, and a database file other users of
//! the machine could read.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use crate::common::*;
use reqwest::StatusCode;

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
        let stdout = BufReader::new(child.stdout.take().unwrap());
        // The demo's sign-in link is printed after the database was written to.
        let started = stdout
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains("sign-in link"));
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
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let started = stdout
            .lines()
            .map_while(Result::ok)
            .any(|line| line.starts_with("Shopper is running at"));
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
