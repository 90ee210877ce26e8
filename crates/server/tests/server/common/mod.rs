//! What the server tests share: the real server on 127.0.0.1:0 with a fresh database (an SQLite file, or a new
//! PostgreSQL database when `SHOPPER_TEST_DATABASE_URL` names a PostgreSQL server) and the demo campaign,
//! signed-in shoppers, valid answers, and small request helpers.
#![allow(dead_code)]

use reqwest::{redirect, Client, StatusCode};
use serde_json::{json, Value};
use shopper_server::attachments::Blobs;
use shopper_server::ratelimit::{Limiter, Limits};
use shopper_server::store::{Backend, Store};
use shopper_server::{demo, AppState};
use sqlx::AnyPool;
use uuid::Uuid;

pub const ORGANIZER_TOKEN: &str = "organizer-test-token-of-32-chars";

pub mod harness;

/// An empty database for one test: a new SQLite file in the folder `dir`, or, when `SHOPPER_TEST_DATABASE_URL`
/// is a PostgreSQL server (scripts/test.sh starts one), a new database created there.
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    let server = std::env::var("SHOPPER_TEST_DATABASE_URL").ok();
    harness::new_database_url(dir, "test.sqlite", server.as_deref(), "shopper_test").await
}

/// Where a test server keeps attachments.
#[derive(Debug, Clone)]
pub enum Storage {
    /// A folder in the test's temporary folder (the default).
    Disk,
    /// A fresh prefix in the bucket of a real S3-protocol server (`SHOPPER_TEST_S3_URL`,
    /// `http://host:port/bucket`, which scripts/test.sh starts with moto).
    S3(String),
}

impl Storage {
    /// The storages the attachment tests run on: the disk always, S3 when the test command started one.
    pub fn all() -> Vec<Storage> {
        let mut all = vec![Storage::Disk];
        if let Ok(url) = std::env::var("SHOPPER_TEST_S3_URL") {
            all.push(Storage::S3(url));
        }
        all
    }

    pub fn open(&self, dir: &std::path::Path) -> Blobs {
        match self {
            Storage::Disk => {
                Blobs::open(&dir.join("attachments").display().to_string(), []).unwrap()
            }
            Storage::S3(url) => {
                let (endpoint, bucket) = url.trim_end_matches('/').rsplit_once('/').unwrap();
                let location = format!("s3://{bucket}/test-{}", Uuid::new_v4().simple());
                let env = [
                    ("AWS_ENDPOINT", endpoint),
                    ("AWS_ALLOW_HTTP", "true"),
                    ("AWS_REGION", "us-east-1"),
                    ("AWS_ACCESS_KEY_ID", "test"),
                    ("AWS_SECRET_ACCESS_KEY", "test"),
                ]
                .map(|(k, v)| (k.to_owned(), v.to_owned()));
                Blobs::open(&location, env).unwrap()
            }
        }
    }
}

pub struct TestServer {
    pub base: String,
    /// The pool under the store, for looking at rows directly.
    pub db: AnyPool,
    pub store: Store,
    /// Where the server keeps attachments (a folder in the test's own, or S3).
    pub blobs: Blobs,
    pub http: Client,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(Limiter::new(Limits::default())).await
    }

    /// A server with these rate limits (tests that make many sign-ins from one address, or stand behind a
    /// proxy).
    pub async fn start_with(limiter: Limiter) -> Self {
        Self::start_configured(limiter, None).await
    }

    /// A server whose public URL is `public_url` (e.g. an https one behind a proxy).
    pub async fn start_at(public_url: &str) -> Self {
        Self::start_configured(Limiter::new(Limits::default()), Some(public_url)).await
    }

    pub async fn start_configured(limiter: Limiter, public_url: Option<&str>) -> Self {
        Self::start_full(limiter, public_url, Storage::Disk).await
    }

    /// A server keeping attachments in `storage`.
    pub async fn start_storing(storage: Storage) -> Self {
        Self::start_full(Limiter::new(Limits::default()), None, storage).await
    }

    async fn start_full(limiter: Limiter, public_url: Option<&str>, storage: Storage) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("dist")).unwrap();
        std::fs::write(
            dir.path().join("dist/index.html"),
            "<!doctype html><title>Shopper</title>",
        )
        .unwrap();
        std::fs::write(dir.path().join("dist/sw.js"), "// service worker").unwrap();
        std::fs::write(
            dir.path().join("dist/shopper-0123456789abcdef_bg.wasm"),
            b"\0asm",
        )
        .unwrap();
        let url = fresh_database_url(dir.path()).await;
        let store = Store::open(&url).await.unwrap();
        demo::seed_if_empty(&store).await.unwrap();
        let db = store.pool().clone();
        let blobs = storage.open(dir.path());
        let mut state = AppState::new(store.clone(), ORGANIZER_TOKEN).with_blobs(blobs.clone());
        state.limiter = std::sync::Arc::new(limiter);
        if let Some(url) = public_url {
            state = state.with_public_url(url);
        }
        let base = harness::serve(state, Some(dir.path().join("dist"))).await;
        Self {
            base,
            db,
            store,
            blobs,
            http: Client::new(),
            _dir: dir,
        }
    }

    /// The folder the server serves the PWA from.
    pub fn dist(&self) -> std::path::PathBuf {
        self._dir.path().join("dist")
    }

    pub fn backend(&self) -> Backend {
        Backend::of_pool(&self.db)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs `shopper_id` in through the API, as the PWA does with the code from its link.
    pub async fn sign_in(&self, shopper_id: &str) -> String {
        let code = self
            .store
            .create_invite(shopper_id, "2999-01-01T00:00:00Z")
            .await
            .unwrap();
        let response = self
            .http
            .post(self.url("/api/v1/sign-in"))
            .json(&json!({ "invite_code": code }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn assignments(&self, token: &str) -> Value {
        self.shopper_get("/api/v1/assignments", token).await
    }

    /// GET `path` with a shopper's device token, expecting 200, read as JSON.
    pub async fn shopper_get(&self, path: &str, token: &str) -> Value {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub async fn push(&self, token: Option<&str>, id: Uuid, body: &Value) -> (StatusCode, Value) {
        let mut request = self
            .http
            .put(self.url(&format!("/api/v1/evaluations/{id}")))
            .json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        (response.status(), response.json().await.unwrap())
    }

    /// The demo shopper signed in, with their first phone assignment evaluated and pushed (revision 1):
    /// (token, assignment id, evaluation id).
    pub async fn pushed_evaluation(&self) -> (String, String, Uuid) {
        let token = self.sign_in(demo::DEMO_SHOPPER_ID).await;
        let assignment = first_assignment(self, &token).await;
        let id = Uuid::new_v4();
        let (status, body) = self
            .push(
                Some(&token),
                id,
                &submission(&assignment, 1, valid_answers()),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (token, assignment, id)
    }

    pub async fn stored_rows(&self) -> i64 {
        sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM evaluations")
            .fetch_one(&self.db)
            .await
            .unwrap()
            .0
    }
}

/// Every required answer of the demo questionnaire for a phone call that solved the matter.
pub fn valid_answers() -> Value {
    json!({
        "ventetid": 25, "kom_fram": "forste", "firmanavn": true, "presentasjon": true, "hilsen_vennlig": 5,
        "tilbud_om_hjelp": true, "ordvalg": 6, "tonefall": 5, "engasjement": 4, "lyttet": true, "forstaelig": 5,
        "tilpasset": 5, "empati": true, "apne_sporsmal": false, "loste_problemet": "helt", "riktig_info": 6,
        "eierskap": true, "tilbud_ekstra": null, "noe_mer": true, "oppsummering": true, "takket": true,
        "avslutning_god": 5, "helhetsinntrykk": 5, "anbefaling": 8, "tidspunkt": "2026-11-20T10:15",
        "beste": "Hyggelig og rask"
    })
}

pub fn submission(assignment_id: &str, revision: u32, answers: Value) -> Value {
    json!({
        "protocol": 1,
        "revision": revision,
        "content": {
            "assignment_id": assignment_id,
            "questionnaire_id": "kundeservice",
            "questionnaire_version": 1,
            "channel": "phone",
            "timeline": [
                { "event": "dialled", "at_ms": 1_763_633_700_000_i64 },
                { "event": "answered", "at_ms": 1_763_633_725_000_i64 }
            ],
            "answers": answers,
            "notes": "Ventet 2 minutter i kø"
        }
    })
}

/// The shopper's first phone assignment (the valid answers above are for a phone call).
pub async fn first_assignment(server: &TestServer, token: &str) -> String {
    let body = server.assignments(token).await;
    let phone = body["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["channel"] == "phone")
        .expect("a phone assignment");
    phone["id"].as_str().unwrap().to_owned()
}

pub fn error_code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error body: {body}"))
}

pub async fn organizer_list(server: &TestServer) -> Vec<Value> {
    let response = server
        .http
        .get(server.url("/api/v1/organizer/evaluations"))
        .bearer_auth(ORGANIZER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

pub async fn review(server: &TestServer, id: Uuid, body: Value) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url(&format!("/api/v1/organizer/evaluations/{id}/review")))
        .bearer_auth(ORGANIZER_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

/// Logs a demo organizer in and returns the session cookie ("name=value").
pub async fn log_in(server: &TestServer, email: &str) -> String {
    let response = server
        .http
        .post(server.url("/api/v1/organizer/login"))
        .json(&json!({ "email": email, "password": demo::ORGANIZER_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_owned()
}

/// Who calls: nobody, a shopper's device token, or an organizer's session cookie ("name=value").
pub enum Caller<'a> {
    Anonymous,
    Shopper(&'a str),
    Cookie(&'a str),
}

pub enum Body {
    None,
    Json(Value),
    /// A file to import, sent as its real type: TOML to the questionnaires, CSV elsewhere.
    Text(String),
}

/// The content type an import to `path` is sent as.
pub fn import_type(path: &str) -> &'static str {
    if path.ends_with("/questionnaires") {
        "application/toml"
    } else {
        "text/csv"
    }
}

/// One request as `caller`; the answer's status.
pub async fn call(
    server: &TestServer,
    caller: &Caller<'_>,
    method: reqwest::Method,
    path: &str,
    body: &Body,
) -> StatusCode {
    let mut request = server.http.request(method, server.url(path));
    request = match caller {
        Caller::Anonymous => request,
        Caller::Shopper(token) => request.bearer_auth(token),
        Caller::Cookie(cookie) => request.header("cookie", *cookie),
    };
    request = match body {
        Body::None => request,
        Body::Json(value) => request.json(value),
        Body::Text(text) => request
            .header("content-type", import_type(path))
            .body(text.clone()),
    };
    request.send().await.unwrap().status()
}

/// Row counts of every table a request could change, by table: equal before and after means a refused
/// request changed nothing.
pub async fn row_counts(server: &TestServer) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in [
        "shoppers",
        "invites",
        "device_tokens",
        "companies",
        "classes",
        "assignments",
        "evaluations",
        "questionnaires",
        "organizers",
        "organizer_sessions",
        "audit_log",
        "draft_backups",
        "campaigns",
        "organisations",
        "evaluation_revisions",
        "attachment_uploads",
        "attachment_files",
    ] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&server.db)
            .await
            .unwrap();
        counts.push((table, n));
    }
    counts
}

/// `GET path` with an organizer's session cookie ("name=value"), read as JSON.
pub async fn get_json(server: &TestServer, path: &str, cookie: &str) -> Value {
    server
        .http
        .get(server.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A client that shows redirects instead of following them (the console answers a form with 303).
pub fn no_redirects() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}
