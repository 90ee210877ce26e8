//! A season against the real server binary (its own process, so its memory is measured alone): 181 companies,
//! 25 contacts each (4,525 phone evaluations pushed by 181 shoppers), every one reviewed and approved, then the
//! reads of the season's end (rankings, both CSV exports, the review list). The SQLite log's size and the
//! server's resident memory are sampled every 50 ms throughout; after 7 idle seconds the log's size again.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use shopper_server::demo;
use shopper_server::store::Store;

const COMPANIES: usize = 181;
const CONTACTS: usize = 25;
const TOKEN: &str = "season-benchmark-organizer-token!";

pub struct Season {
    pub evaluations: usize,
    pub wal_high_water: u64,
    pub wal_after_idle: u64,
    pub peak_rss: u64,
    pub rss_after_reads: u64,
    pub took: Duration,
}

/// The server binary beside this benchmark's (both built with `--profile server`).
fn server_binary() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .with_file_name("shopper-server")
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// One shopper per company with `CONTACTS` phone assignments at it, signed in; their device tokens.
/// Also the campaign they are in.
async fn seed(file: &Path) -> (Vec<(String, Vec<String>)>, String) {
    let store = Store::open(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    demo::seed_if_empty(&store).await.unwrap();
    let pool = store.pool();
    let (class, campaign): (String, String) =
        sqlx::query_as("SELECT id, campaign_id FROM classes LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap();
    let mut fleet = Vec::new();
    for c in 0..COMPANIES {
        let (company, shopper) = (format!("season-company-{c}"), format!("season-shopper-{c}"));
        sqlx::query(
            "INSERT INTO companies (id, class_id, name, campaign_id) VALUES ($1, $2, $1, $3)",
        )
        .bind(&company)
        .bind(&class)
        .bind(&campaign)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO shoppers (id, name, created_at) VALUES ($1, $1, '2026-01-01T00:00:00Z')",
        )
        .bind(&shopper)
        .execute(pool)
        .await
        .unwrap();
        let mut assignments = Vec::new();
        for _ in 0..CONTACTS {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start,
                                          window_end, due, questionnaire_id, questionnaire_version)
                 VALUES ($1, $2, $3, 'phone', 'Season', 'tel:1', '2026-12-01', '2026-12-10', '2026-12-10',
                         'kundeservice', 1)",
            )
            .bind(&id)
            .bind(&shopper)
            .bind(&company)
            .execute(pool)
            .await
            .unwrap();
            assignments.push(id);
        }
        let code = store
            .create_invite(&shopper, "2999-01-01T00:00:00Z")
            .await
            .unwrap();
        let token = store.sign_in(&code).await.unwrap().unwrap().token;
        fleet.push((token, assignments));
    }
    pool.close().await;
    (fleet, campaign)
}

fn start_server(file: &Path, arena_max: Option<&str>) -> (Child, String) {
    let mut command = Command::new(server_binary());
    command
        .args(["--addr", "127.0.0.1:0", "--organizer-token", TOKEN])
        // Every shopper of the load generator comes from 127.0.0.1, all at once: as behind a proxy, each says
        // its own address in X-Forwarded-For (the push limit is per address).
        .args([
            "--max-connections-per-address",
            "512",
            "--trusted-proxies",
            "127.0.0.1",
        ])
        .arg("--database-url")
        .arg(format!("sqlite://{}", file.display()))
        .arg("--static-dir")
        .arg(file.parent().unwrap())
        .env("RUST_LOG", "error")
        .env_remove("MALLOC_ARENA_MAX")
        .stdout(Stdio::piped());
    if let Some(value) = arena_max {
        command.env("MALLOC_ARENA_MAX", value);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", server_binary().display()));
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let base = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("Shopper is running at ")
                .map(|url| url.trim_end_matches('/').to_owned())
        })
        .expect("the server prints its address");
    (child, base)
}

/// The season with the server's allocator setting `arena_max` (None: the server's own default).
pub async fn season(arena_max: Option<&str>) -> Season {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("season.sqlite");
    let (fleet, campaign) = seed(&file).await;
    let (mut child, base) = start_server(&file, arena_max);
    let pid = child.id();
    let wal_file = dir.path().join("season.sqlite-wal");
    let (wal_high, done) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    let sampler = std::thread::spawn({
        let (wal_high, done, wal_file) = (wal_high.clone(), done.clone(), wal_file.clone());
        move || {
            while !done.load(Relaxed) {
                let size = std::fs::metadata(&wal_file).map_or(0, |m| m.len());
                wal_high.fetch_max(size, Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    });
    let started = Instant::now();
    let http = reqwest::Client::new();
    // Every shopper pushes their contacts one after another, all shoppers at once.
    let tasks: Vec<_> = fleet
        .into_iter()
        .enumerate()
        .map(|(n, (token, assignments))| {
            let (http, base) = (http.clone(), base.clone());
            let address = format!("198.51.100.{}", n % 250 + 1);
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for assignment in assignments {
                    let id = uuid::Uuid::new_v4();
                    let body =
                        json!({ "protocol": 1, "revision": 1, "content": super::content(&assignment) });
                    let response = http
                        .put(format!("{base}/api/v1/evaluations/{id}"))
                        .header("x-forwarded-for", &address)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap_or_default());
                    ids.push(id);
                }
                ids
            })
        })
        .collect();
    let mut evaluations = Vec::new();
    for task in tasks {
        evaluations.extend(task.await.unwrap());
    }
    // Reviewed and approved, four reviewers at once.
    let chunks: Vec<Vec<uuid::Uuid>> = evaluations
        .chunks(evaluations.len().div_ceil(4))
        .map(<[_]>::to_vec)
        .collect();
    let mut reviewers = Vec::new();
    for chunk in chunks {
        let (http, base) = (http.clone(), base.clone());
        reviewers.push(tokio::spawn(async move {
            for id in chunk {
                let response = http
                    .post(format!("{base}/api/v1/organizer/evaluations/{id}/review"))
                    .bearer_auth(TOKEN)
                    .json(&json!({ "revision": 1, "decision": "approve" }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(
                    response.status(),
                    200,
                    "{}",
                    response.text().await.unwrap_or_default()
                );
            }
        }));
    }
    for reviewer in reviewers {
        reviewer.await.unwrap();
    }
    // The season's end: what the organizers read, a few times over.
    for _ in 0..3 {
        for path in [
            "/api/v1/organizer/rankings?",
            "/api/v1/organizer/rankings?channel=phone&",
            "/api/v1/organizer/export/evaluations.csv?",
            "/api/v1/organizer/export/scores.csv?",
            "/api/v1/organizer/evaluations?",
        ] {
            let response = http
                .get(format!("{base}{path}campaign={campaign}"))
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let _: Vec<u8> = response.bytes().await.unwrap().to_vec();
        }
    }
    let took = started.elapsed();
    let rss_after_reads = status_kib(pid, "VmRSS:") * 1024;
    tokio::time::sleep(Duration::from_secs(7)).await;
    let wal_after_idle = std::fs::metadata(&wal_file).map_or(0, |m| m.len());
    let peak_rss = status_kib(pid, "VmHWM:") * 1024;
    done.store(true, Relaxed);
    sampler.join().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    Season {
        evaluations: evaluations.len(),
        wal_high_water: wal_high.load(Relaxed),
        wal_after_idle,
        peak_rss,
        rss_after_reads,
        took,
    }
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1048576.0)
}

/// The season's section of docs/PERFORMANCE.md: the server's default and glibc's default arenas.
pub async fn report() -> String {
    let ours = season(None).await;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let glibc_default = (8 * cores).to_string();
    let glibc = season(Some(&glibc_default)).await;
    format!(
        "## A season against the server binary: its log and memory (issue 14)\n\n\
         The real server binary in its own process on SQLite: {COMPANIES} companies x {CONTACTS} contacts \
         ({} phone evaluations pushed by {COMPANIES} shoppers at once), each reviewed and approved over the API \
         (four reviewers at once), then three rounds of the season's reads (rankings in all and by channel, both \
         CSV exports, the review list); {:.0} s in all. The log and the memory are sampled every 50 ms.\n\n\
         | | SQLite log (-wal) high-water | log 7 s after the last write | server peak RSS | RSS after the reads |\n\
         |---|---|---|---|---|\n\
         | server default (`MALLOC_ARENA_MAX=2`) | {} | {} | {} | {} |\n\
         | glibc's default arenas (`MALLOC_ARENA_MAX={glibc_default}`) | {} | {} | {} | {} |\n\n\
         Targets from issue 14: the log under 64 MiB, the server under 150 MiB through the season.\n",
        ours.evaluations,
        ours.took.as_secs_f64(),
        mib(ours.wal_high_water),
        mib(ours.wal_after_idle),
        mib(ours.peak_rss),
        mib(ours.rss_after_reads),
        mib(glibc.wal_high_water),
        mib(glibc.wal_after_idle),
        mib(glibc.peak_rss),
        mib(glibc.rss_after_reads),
    )
}
