//! `shopper-bench`: measures the server on this machine and writes the figures to docs/PERFORMANCE.md.
//! Ingestion: devices pushing evaluations concurrently over loopback to the real server (release build,
//! SQLite), against the limit of inserting the same rows straight into SQLite in batched transactions;
//! assignment download for a shopper with 100 assignments; rankings and a company profile over 10,000
//! approved evaluations; every results call over a full season of stored scores (`shopper-bench season` runs
//! that and the season's log and memory alone); the season planner, 181 x 25 with 100 shoppers (`shopper-bench
//! plan` alone). Figures are medians and ratios within one run.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shopper_domain::results::performance_profile;
use shopper_server::rankings::{self, RankingQuery};
use shopper_server::ratelimit::{Limiter, Limits};
use shopper_server::store::Store;
use shopper_server::{demo, AppState};

mod attachments;
mod plan;
mod queue;
mod reports;
mod season;

// The same start-up as the server's integration tests.
#[path = "../../server/tests/server/common/harness.rs"]
mod harness;

const EVALUATIONS_PER_DEVICE: usize = 10;

struct Server {
    base: String,
    db: Store,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    start_on(None).await
}

/// The server on a new SQLite file, or on a new database of the PostgreSQL server at `postgres`.
async fn start_on(postgres: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let url =
        harness::new_database_url(dir.path(), "bench.sqlite", postgres, "shopper_bench").await;
    let db = Store::open(&url).await.unwrap();
    demo::seed_if_empty(&db).await.unwrap();
    let mut state = AppState::new(db.clone(), "bench-token");
    state.limiter = Arc::new(Limiter::new(Limits {
        sign_in_per_address: u32::MAX,
        login_per_address: u32::MAX,
        login_in_total: u32::MAX,
        push_per_token: u32::MAX,
        push_per_address: u32::MAX,
        wrong_token_per_address: u32::MAX,
    }));
    let base = harness::serve(state, None).await;
    Server {
        base,
        db,
        _dir: dir,
    }
}

/// A shopper with `count` phone assignments, signed in; returns the token and the assignment ids.
async fn device(db: &Store, name: &str, count: usize) -> (String, Vec<String>) {
    sqlx::query(
        "INSERT INTO shoppers (id, name, created_at) VALUES ($1, $1, '2026-01-01T00:00:00Z')",
    )
    .bind(name)
    .execute(db.pool())
    .await
    .unwrap();
    let mut ids = Vec::new();
    for _ in 0..count {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                      due, questionnaire_id, questionnaire_version)
             SELECT $1, $2, id, 'phone', 'Benchmark', 'tel:1', '2026-12-01', '2026-12-10', '2026-12-10', 'kundeservice', 1
             FROM companies ORDER BY random() LIMIT 1",
        )
        .bind(&id)
        .bind(name)
        .execute(db.pool())
        .await
        .unwrap();
        ids.push(id);
    }
    let code = db
        .create_invite(name, "2999-01-01T00:00:00Z")
        .await
        .unwrap();
    let token = db.sign_in(&code).await.unwrap().unwrap().token;
    (token, ids)
}

/// A phone call evaluated in full: 27 answers (every question a solved phone call shows) and notes.
fn content(assignment_id: &str) -> Value {
    json!({
        "assignment_id": assignment_id, "questionnaire_id": "kundeservice", "questionnaire_version": 1,
        "channel": "phone",
        "timeline": [{ "event": "dialled", "at_ms": 1_763_633_700_000_i64 }, { "event": "answered", "at_ms": 1_763_633_725_000_i64 },
                     { "event": "ended", "at_ms": 1_763_634_025_000_i64 }],
        "answers": {
            "ventetid": 25, "kom_fram": "forste", "firmanavn": true, "presentasjon": true, "hilsen_vennlig": 5,
            "tilbud_om_hjelp": true, "ordvalg": 6, "tonefall": 5, "engasjement": 4, "lyttet": true, "forstaelig": 5,
            "tilpasset": 5, "empati": true, "apne_sporsmal": false, "antall_sporsmal": 4, "oppsummerte_behov": true,
            "vent_uten_forklaring": false, "loste_problemet": "helt", "riktig_info": 6, "eierskap": true,
            "tilbud_ekstra": null, "noe_mer": true, "oppsummering": true, "takket": true, "avslutning_god": 5,
            "samtaletid": 300, "helhetsinntrykk": 5, "anbefaling": 8, "tidspunkt": "2026-11-20T10:15",
            "beste": "Hyggelig og rask, forklarte godt hva som skjer videre."
        },
        "notes": "Ventet litt i kø, ellers fint."
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// CPU time this process has used so far (user + system; all threads: server and load generator alike).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name's closing parenthesis; utime and stime are the 12th and 13th, in ticks.
    let fields: Vec<u64> = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let ticks = fields.get(10).unwrap_or(&0) + fields.get(11).unwrap_or(&0);
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

struct Ingestion {
    devices: usize,
    /// CPU time of the whole process (server and load generator) per evaluation stored.
    cpu_per_evaluation: Duration,
    evaluations: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    limit_per_second: f64,
}

async fn ingestion(devices: usize, per_device: usize, postgres: Option<&str>) -> Ingestion {
    let server = start_on(postgres).await;
    let mut fleet = Vec::new();
    for d in 0..devices {
        fleet.push(device(&server.db, &format!("bench-{devices}-{d}"), per_device).await);
    }
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(devices)
        .build()
        .unwrap();
    let started = Instant::now();
    let cpu_before = cpu_time();
    let tasks: Vec<_> = fleet
        .into_iter()
        .map(|(token, assignments)| {
            let (http, base) = (http.clone(), server.base.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for assignment in assignments {
                    let body =
                        json!({ "protocol": 1, "revision": 1, "content": content(&assignment) });
                    let sent = Instant::now();
                    let response = http
                        .put(format!(
                            "{base}/api/v1/evaluations/{}",
                            uuid::Uuid::new_v4()
                        ))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(
                        response.status(),
                        201,
                        "{}",
                        response.text().await.unwrap_or_default()
                    );
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_before);
    latencies.sort();
    let evaluations = latencies.len();
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM evaluations")
        .fetch_one(server.db.pool())
        .await
        .unwrap();
    assert_eq!(stored as usize, evaluations, "every push stored once");
    Ingestion {
        devices,
        cpu_per_evaluation: cpu / evaluations as u32,
        evaluations,
        per_second: evaluations as f64 / elapsed.as_secs_f64(),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        limit_per_second: raw_limit(evaluations).await,
    }
}

/// The same rows inserted straight into SQLite (same schema and settings), 500 per transaction.
async fn raw_limit(rows: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("raw.sqlite");
    // The server's schema, then a plain SQLite connection (no pool, no Any layer) with the server's settings.
    Store::open(&format!("sqlite://{}", file.display()))
        .await
        .unwrap()
        .pool()
        .close()
        .await;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&file)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
        .foreign_keys(false);
    let mut connection = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options)
        .await
        .unwrap();
    let body = content("00000000-0000-0000-0000-000000000000").to_string();
    let started = Instant::now();
    for chunk in (0..rows).collect::<Vec<_>>().chunks(500) {
        let mut tx = sqlx::Connection::begin(&mut connection).await.unwrap();
        for _ in chunk {
            sqlx::query(
                "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at)
                 VALUES ($1, $2, 'raw', 1, $3, '2026-11-23T00:00:00Z')",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&body)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    rows as f64 / started.elapsed().as_secs_f64()
}

async fn assignment_download() -> (Duration, usize) {
    let server = start().await;
    let (token, _) = device(&server.db, "hundred", 100).await;
    let http = reqwest::Client::new();
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..50 {
        let started = Instant::now();
        let body = http
            .get(format!("{}/api/v1/assignments", server.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        times.push(started.elapsed());
        bytes = body.len();
    }
    times.sort();
    (percentile(&times, 0.5), bytes)
}

/// Where a ranking's time goes, each step on one core: fetching the approved rows, parsing their JSON,
/// scoring them.
struct ResultsBreakdown {
    fetch: Duration,
    parse: Duration,
    score: Duration,
}

async fn results_breakdown(db: &Store) -> ResultsBreakdown {
    let started = Instant::now();
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT e.content FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
         WHERE e.status = 'approved'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let fetch = started.elapsed();
    let started = Instant::now();
    let parsed: Vec<shopper_domain::EvaluationContent> = rows
        .iter()
        .map(|(content,)| serde_json::from_str(content).unwrap())
        .collect();
    let parse = started.elapsed();
    let questionnaire = db.questionnaire("kundeservice", 1).await.unwrap().unwrap();
    let started = Instant::now();
    let scored = parsed
        .iter()
        .filter(|c| shopper_domain::score(&questionnaire, c).percent().is_some())
        .count();
    let score = started.elapsed();
    assert_eq!(scored, rows.len());
    ResultsBreakdown {
        fetch,
        parse,
        score,
    }
}

async fn results_over(evaluations: usize) -> (Duration, Duration, ResultsBreakdown) {
    let server = start().await;
    let (_, assignments) = device(&server.db, "many", evaluations).await;
    let mut tx = server.db.pool().begin().await.unwrap();
    for assignment in &assignments {
        sqlx::query(
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status)
             VALUES ($1, $2, 'many', 1, $3, '2026-11-23T00:00:00Z', 'approved')",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(assignment)
        .bind(serde_json::from_value::<shopper_domain::EvaluationContent>(content(assignment)).unwrap().canonical_json())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut ranking_times = Vec::new();
    let mut profile_times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let ranked = rankings::rankings(
            &server.db,
            shopper_server::demo::DEMO_CAMPAIGN_ID,
            RankingQuery::default(),
        )
        .await
        .unwrap();
        ranking_times.push(started.elapsed());
        assert!(!ranked.classes.is_empty());
        let started = Instant::now();
        let scored = rankings::approved(&server.db, shopper_server::demo::DEMO_CAMPAIGN_ID)
            .await
            .unwrap();
        let company = scored.evaluations[0].company_id.clone();
        // The company's class: every company that has evaluations here (the bench spreads them at random).
        let mut class: Vec<String> = scored
            .evaluations
            .iter()
            .map(|s| s.company_id.clone())
            .collect();
        class.sort();
        class.dedup();
        let (in_class, questionnaire) =
            rankings::approved_in_class(&server.db, shopper_server::demo::DEMO_CAMPAIGN_ID, &class)
                .await
                .unwrap();
        let ids: Vec<String> = questionnaire
            .unwrap()
            .questions()
            .map(|q| q.id.clone())
            .collect();
        let profile = performance_profile(&ids, &company, &class, &in_class, &[]);
        profile_times.push(started.elapsed());
        assert!(profile.iter().any(|p| p.company.is_some()));
    }
    ranking_times.sort();
    profile_times.sort();
    (
        percentile(&ranking_times, 0.5),
        percentile(&profile_times, 0.5),
        results_breakdown(&server.db).await,
    )
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// One run of a results call: the median and the slowest of `RUNS`, after one call that warmed the caches.
struct Timing {
    p50: Duration,
    max: Duration,
}

const RUNS: usize = 21;

async fn time<F, Fut>(mut call: F) -> Timing
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    call().await;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        call().await;
        times.push(started.elapsed());
    }
    times.sort();
    Timing {
        p50: percentile(&times, 0.5),
        max: times[times.len() - 1],
    }
}

/// A full season as the competition runs it: 181 companies in 20 classes, 25 approved contacts each
/// (4,525) over phone, chat and e-mail from January to March, one in twelve not reached, answers that
/// differ by company. Returns the report's lines.
async fn results_season() -> String {
    let server = start().await;
    let db = &server.db;
    let campaign = "season".to_owned();
    sqlx::query(
        "INSERT INTO campaigns (id, name, starts_on, ends_on, questionnaire_id, min_ranked_contacts, created_at)
         VALUES ('season', 'Sesong', '2026-01-05', '2026-03-27', 'kundeservice', 10, '2026-01-01T00:00:00Z')",
    )
    .execute(db.pool())
    .await
    .unwrap();
    sqlx::query("INSERT INTO shoppers (id, name, created_at) VALUES ('season', 'season', '2026-01-01T00:00:00Z')")
        .execute(db.pool())
        .await
        .unwrap();
    let mut tx = db.pool().begin().await.unwrap();
    let day_ms = 86_400_000_i64;
    let january = 1_767_607_200_000_i64; // 2026-01-05 10:00 UTC
    let mut evaluations = 0;
    for company in 0..181usize {
        let class = format!("season-class-{:02}", company % 20);
        if company < 20 {
            sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, $2, $3)")
                .bind(&class)
                .bind(&campaign)
                .bind(format!("Sesongklasse {:02}", company % 20))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        let company_id = format!("season-company-{company:03}");
        sqlx::query("INSERT INTO organisations (id, name) VALUES ($1, $2)")
            .bind(&company_id)
            .bind(format!("Sesongselskap {company:03}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO companies (id, class_id, name, campaign_id, organisation_id) VALUES ($1, $2, $3, $4, $1)",
        )
        .bind(&company_id)
        .bind(&class)
        .bind(format!("Sesongselskap {company:03}"))
        .bind(&campaign)
        .execute(&mut *tx)
        .await
        .unwrap();
        for contact in 0..25usize {
            let channel = ["phone", "phone", "chat", "phone", "email"][contact % 5];
            let assignment = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                          due, questionnaire_id, questionnaire_version)
                 VALUES ($1, 'season', $2, $3, 'Sesong', 'tel:1', '2026-01-05', '2026-03-27', '2026-03-27', 'kundeservice', 1)",
            )
            .bind(&assignment)
            .bind(&company_id)
            .bind(channel)
            .execute(&mut *tx)
            .await
            .unwrap();
            let at = january + ((contact * 7 + company) % 82) as i64 * day_ms;
            let mut body = content(&assignment);
            body["channel"] = json!(channel);
            let spread = (company * 31 + contact * 17) % 6;
            if (company + contact) % 12 == 0 && channel == "phone" {
                body["outcome"] = json!("not_reached");
                body["answers"] = json!({});
                body["timeline"] = json!([
                    { "event": "dialled", "at_ms": at }, { "event": "no_answer", "at_ms": at + 40_000 },
                    { "event": "dialled", "at_ms": at + 3_600_000 }, { "event": "no_answer", "at_ms": at + 3_640_000 },
                    { "event": "dialled", "at_ms": at + 7_200_000 }, { "event": "no_answer", "at_ms": at + 7_240_000 },
                ]);
            } else {
                body["timeline"] = json!([{ "event": "dialled", "at_ms": at }, { "event": "answered", "at_ms": at + 25_000 },
                                          { "event": "ended", "at_ms": at + 325_000 }]);
                for (question, base) in [
                    ("hilsen_vennlig", 1),
                    ("ordvalg", 1),
                    ("tonefall", 1),
                    ("engasjement", 1),
                    ("riktig_info", 1),
                ] {
                    body["answers"][question] =
                        json!(base + ((spread + company % 3 + question.len()) % 6) as i64);
                }
                body["answers"]["anbefaling"] = json!(((company * 3 + contact) % 11) as i64);
                body["answers"]["ventetid"] = json!(((company * 13 + contact * 29) % 240) as i64);
            }
            let content: shopper_domain::EvaluationContent = serde_json::from_value(body).unwrap();
            sqlx::query(
                "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status)
                 VALUES ($1, $2, 'season', 1, $3, '2026-03-30T00:00:00Z', 'approved')",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&assignment)
            .bind(content.canonical_json())
            .execute(&mut *tx)
            .await
            .unwrap();
            evaluations += 1;
        }
    }
    tx.commit().await.unwrap();

    // The old path, which every results call took before scores were stored: fetch every approved
    // evaluation's content, parse it and score it (then rank).
    let questionnaire = db.questionnaire("kundeservice", 1).await.unwrap().unwrap();
    let rescoring = time(|| {
        let questionnaire = questionnaire.clone();
        async move {
            let rows = db.approved("season").await.unwrap();
            let scored = tokio::task::spawn_blocking(move || {
                rows.iter()
                    .filter(|row| {
                        let content: shopper_domain::EvaluationContent =
                            serde_json::from_str(&row.content).unwrap();
                        shopper_domain::scoring::contact_score(&questionnaire, &content)
                            .0
                            .total
                            .is_some()
                    })
                    .count()
            })
            .await
            .unwrap();
            assert!(scored > 4000);
        }
    })
    .await;

    let started = Instant::now();
    let filled = rankings::fill_scores(db).await.unwrap();
    let fill = started.elapsed();
    assert_eq!(filled, evaluations + demo_evaluations(db).await);

    let query = |channel: Option<shopper_domain::Channel>, halfway: Option<&str>| RankingQuery {
        channel,
        halfway: halfway.map(str::to_owned),
        by: None,
        min_contacts: None,
    };
    let phone = Some(shopper_domain::Channel::Phone);
    let mut timings = Vec::new();
    for (name, channel, halfway) in [
        ("rankings", None, None),
        ("rankings, halfway 2026-02-15", None, Some("2026-02-15")),
        ("rankings, phone", phone, None),
        (
            "rankings, phone, halfway 2026-02-15",
            phone,
            Some("2026-02-15"),
        ),
    ] {
        let timing = time(|| async {
            let ranked = rankings::rankings(db, "season", query(channel, halfway))
                .await
                .unwrap();
            assert_eq!(ranked.classes.len(), 20);
        })
        .await;
        timings.push((name.to_owned(), timing));
    }
    let agent = time(|| async {
        let mut q = query(None, None);
        q.by = Some(shopper_domain::results::ScoreKind::Agent);
        rankings::rankings(db, "season", q).await.unwrap();
    })
    .await;
    timings.push(("rankings by the agent score".to_owned(), agent));
    let report = time(|| async {
        let class: Vec<String> = (0..181)
            .filter(|c| c % 20 == 7)
            .map(|c| format!("season-company-{c:03}"))
            .collect();
        let (in_class, questionnaire) = rankings::approved_in_class(db, "season", &class)
            .await
            .unwrap();
        let questionnaire = questionnaire.unwrap();
        let ids: Vec<String> = questionnaire.questions().map(|q| q.id.clone()).collect();
        let profile = performance_profile(&ids, "season-company-007", &class, &in_class, &[]);
        let results = shopper_domain::results::company_results(&in_class);
        assert!(profile.iter().any(|p| p.company.is_some()));
        assert!(results["season-company-007"].overall.total.is_some());
    })
    .await;
    timings.push((
        "a company report (its class's scores and questions)".to_owned(),
        report,
    ));
    let csv = time(|| async {
        let text = shopper_server::campaign::scores_csv(db, "season")
            .await
            .unwrap();
        assert!(text.lines().count() > 181);
    })
    .await;
    timings.push(("scores.csv".to_owned(), csv));

    // A review session: each call right after one more approval reads the stored scores approved since.
    let mut after_approval = Vec::new();
    for n in 0..RUNS {
        let assignment = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                      due, questionnaire_id, questionnaire_version)
             VALUES ($1, 'season', 'season-company-000', 'phone', 'Sesong', 'tel:1', '2026-01-05', '2026-03-27',
                     '2026-03-27', 'kundeservice', 1)",
        )
        .bind(&assignment)
        .execute(db.pool())
        .await
        .unwrap();
        let content: shopper_domain::EvaluationContent =
            serde_json::from_value(content(&assignment)).unwrap();
        sqlx::query(
            "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status, reviewed_at)
             VALUES ($1, $2, 'season', 1, $3, '2026-03-30T00:00:00Z', 'approved', $4)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&assignment)
        .bind(content.canonical_json())
        .bind(format!("2026-03-31T00:00:{n:02}Z"))
        .execute(db.pool())
        .await
        .unwrap();
        let started = Instant::now();
        rankings::rankings(db, "season", query(None, None))
            .await
            .unwrap();
        after_approval.push(started.elapsed());
    }
    after_approval.sort();
    timings.push((
        "rankings right after one more approval (it is scored, stored and read)".to_owned(),
        Timing {
            p50: percentile(&after_approval, 0.5),
            max: after_approval[after_approval.len() - 1],
        },
    ));

    let mut lines = vec![format!(
        "A full season: one campaign of 181 companies in 20 classes, {evaluations} approved \
         evaluations (25 a company: phone, chat and e-mail; one phone contact in twelve not reached), from \
         January to March. Each figure is the median (and slowest) of {RUNS} calls after one warm-up, through \
         the same functions the API and console call.\n"
    )];
    lines.push("| results call | p50 | slowest |".to_owned());
    lines.push("|---|---|---|".to_owned());
    lines.push(format!(
        "| before: fetch, parse and score every approved evaluation (what each call did) | {} | {} |",
        ms(rescoring.p50),
        ms(rescoring.max)
    ));
    for (name, timing) in &timings {
        lines.push(format!(
            "| {name} | {} | {} |",
            ms(timing.p50),
            ms(timing.max)
        ));
    }
    lines.push(format!(
        "\nScoring and storing all {filled} revisions once (the start-up backfill of a database from before \
         stored scores): {}.",
        ms(fill)
    ));
    lines.join("\n")
}

async fn demo_evaluations(db: &Store) -> usize {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM evaluations WHERE shopper_id <> 'season'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    count as usize
}

#[tokio::main]
async fn main() {
    // Without an argument the whole run, which rewrites docs/PERFORMANCE.md; with one, a section printed alone.
    // Anything else (`--help` among them) is told how to call it, and nothing is run or written.
    if let Some(other) = std::env::args()
        .nth(1)
        .filter(|a| !["queue", "season", "reports", "attachments", "plan"].contains(&a.as_str()))
    {
        eprintln!(
            "unknown argument {other:?}\nusage: shopper-bench [queue|season|reports|attachments|plan]\n  \
             no argument: every benchmark, written to docs/PERFORMANCE.md; one: that section, printed only"
        );
        std::process::exit(2);
    }
    // `shopper-bench season` prints the two season sections alone (a few minutes less than the whole run).
    // `shopper-bench queue` prints the review queue over a full season (docs/PERFORMANCE.md, issue 16).
    if std::env::args().nth(1).as_deref() == Some("queue") {
        println!("{}", queue::report().await);
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("season") {
        println!("{}\n\n{}", results_season().await, season::report().await);
        return;
    }
    // `shopper-bench reports` prints the reports' section alone (issue 17).
    if std::env::args().nth(1).as_deref() == Some("reports") {
        println!("{}", reports::report().await);
        return;
    }
    // `shopper-bench attachments` prints the chunk uploads' section alone (issue 19).
    if std::env::args().nth(1).as_deref() == Some("attachments") {
        println!("{}", attachments::report().await);
        return;
    }
    // `shopper-bench plan` prints the planner's section alone.
    if std::env::args().nth(1).as_deref() == Some("plan") {
        println!("{}", plan::report().await);
        return;
    }
    let mut lines = vec![
        "| devices | evaluations | evaluations/s | p50 | p99 | CPU per evaluation | raw SQLite limit/s | server / limit |"
            .to_owned(),
        "|---|---|---|---|---|---|---|---|".to_owned(),
    ];
    let mut runs = Vec::new();
    for (devices, per_device) in [
        (1, 200),
        (50, EVALUATIONS_PER_DEVICE),
        (200, EVALUATIONS_PER_DEVICE),
    ] {
        let run = ingestion(devices, per_device, None).await;
        let line = format!(
            "| {} | {} | {:.0} | {} | {} | {:.0} µs | {:.0} | {:.0} % |",
            run.devices,
            run.evaluations,
            run.per_second,
            ms(run.p50),
            ms(run.p99),
            run.cpu_per_evaluation.as_secs_f64() * 1e6,
            run.limit_per_second,
            100.0 * run.per_second / run.limit_per_second
        );
        println!("{line}");
        lines.push(line);
        runs.push(run);
    }
    let (alone, busiest) = (&runs[0], &runs[2]);
    // The same 200 devices against PostgreSQL, when scripts/bench.sh could start one.
    let postgres = match std::env::var("BENCH_POSTGRES_URL") {
        Ok(url) => {
            let run = ingestion(200, EVALUATIONS_PER_DEVICE, Some(&url)).await;
            let line = format!(
                "\nOn PostgreSQL (local, `fsync=off`: a throwaway test cluster), the same 200 devices: {:.0} evaluations/s, \
                 p50 {}, p99 {}, {:.0} µs CPU per evaluation in this process (PostgreSQL's own processes not counted).\n",
                run.per_second,
                ms(run.p50),
                ms(run.p99),
                run.cpu_per_evaluation.as_secs_f64() * 1e6
            );
            println!("{line}");
            line
        }
        Err(_) => String::new(),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (download, bytes) = assignment_download().await;
    let (ranking, profile, breakdown) = results_over(10_000).await;
    let season = results_season().await;
    let peak = peak_memory_kib();
    let season_section = season::report().await;
    let reports_section = reports::report().await;
    let plan_section = plan::report().await;
    let attachments_section = attachments::report().await;
    let report = format!(
        "# Performance\n\n\
         Measured by `scripts/bench.sh` (`cargo run --profile server -p shopper-bench`) on this machine: {cores} cores, \
         SQLite in WAL mode with synchronous=NORMAL, server and load generator in one process over loopback. Every \
         evaluation is a full phone call: 30 answers, a timeline and notes, validated and stored by the real API.\n\n\
         ## Ingestion\n\nEach device pushes its evaluations one after another (the first row: one device alone, 200 \
         in a row); all devices at once. CPU per evaluation is the whole process's (server and load generator). The \
         limit is the same rows inserted straight into SQLite (no pool, no HTTP), 500 per transaction.\n\n{}\n{postgres}\n\
         ## Reading\n\n\
         - Assignment download for a shopper with 100 assignments: median {} for {} bytes of JSON.\n\
         - Rankings over 10,000 approved evaluations (score every evaluation, rank all 20 classes): median {}.\n\
         - A company's performance profile over the same 10,000: median {}.\n\
         - Peak memory of the whole run (server, load generator and all databases): {} MiB. Much of it is memory \
         already freed that glibc keeps in one arena per thread (the scoring threads add theirs); run with \
         `MALLOC_ARENA_MAX=1` the same benchmark peaked at 145 MiB instead of 538 MiB (see docs/OPERATIONS.md).\n\n\
         Targets from issue 7: at least 2,000 evaluations/s with p99 under 50 ms at 200 devices and at least 30 % of \
         the raw limit; results over 10,000 evaluations under 200 ms.\n\n\
         ## Results over a full season (issue 15)\n\n{season}\n\n\
         Target from issue 15: every results call under 50 ms at p50 with the season loaded. When the issue was \
         filed, rankings took 89 ms (median) and 327 ms with a halfway date, rescoring every evaluation on each \
         call. `target/server/shopper-bench season` runs this part and the next season section alone.\n\n\
         ## Where the time goes\n\n\
         - **One device alone** gets its answer in {} (p50), and each evaluation costs {:.0} µs of CPU (HTTP on \
         both ends, JSON, token check, validation, the insert). With {cores} cores that would allow about {:.0} \
         evaluations/s; the runs reach {:.0}, with the cores not fully busy. What is left in between is the one \
         SQLite writer: every push is its own small commit, taken in turn. The next step is group commit (the \
         pushes waiting for the writer's turn committed together in one transaction, each answered after that \
         commit); it is not done yet because it changes the path every evaluation takes into the database.\n\
         - **200 devices at once is a queue**: every device sends its next evaluation as soon as the last is \
         answered, so 200 requests are always waiting, and a request waits for the ones ahead of it: \
         200 / {:.0} per second = {:.0} ms on average (Little's law), whatever the server does in between. The p99 \
         under 50 ms at 200 devices that issue 7 asks for needs over 4,000 evaluations/s in this setup, i.e. under \
         {:.0} µs of CPU per evaluation including the load generator's. Real phones send an evaluation every few \
         minutes, not back to back: 200 phones make a handful of requests a second, each answered in about the \
         time of one device alone.\n\
         - **SQLite's writer is not the limit**: the raw insert limit is {:.0}/s on the same machine. Writers take \
         turns inside the process (the store's writer turn) instead of SQLite's busy handler, whose sleeps of up to \
         100 ms were the old slow tail; the questionnaire of a push comes from an in-memory cache of parsed \
         versions (they never change).\n\
         - **Results** over 10,000 evaluations, each step on one core: fetching the rows {}, parsing their JSON {}, \
         scoring {}. The server parses and scores on all cores; scoring walks the visible answers without copying \
         them.\n\
         - Figures on this shared 2-core machine vary from run to run (the raw SQLite limit by a factor of 3); \
         compare ratios within one run.\n\n{season_section}\n\n{plan_section}\n\n\
         ## A participant's report and every company's report (issue 17)\n\n{reports_section}\n\n{attachments_section}",
        lines.join("\n"),
        ms(download),
        bytes,
        ms(ranking),
        ms(profile),
        peak / 1024,
        ms(alone.p50),
        alone.cpu_per_evaluation.as_secs_f64() * 1e6,
        cores as f64 / alone.cpu_per_evaluation.as_secs_f64().max(1e-9),
        busiest.per_second,
        busiest.per_second,
        200_000.0 / busiest.per_second,
        cores as f64 * 1e6 / 4000.0,
        busiest.limit_per_second,
        ms(breakdown.fetch),
        ms(breakdown.parse),
        ms(breakdown.score),
    );
    println!("{report}");
    std::fs::write("docs/PERFORMANCE.md", report).unwrap();
}
