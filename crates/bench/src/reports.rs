//! The reports over a full season in two waves (issue 17): last year's and this year's campaign, each with 181
//! companies in 20 classes and 25 approved contacts a company (4,525 a wave), the same organisations in both.
//! Timed over HTTP against the real router: a participant's report page in the portal (with the previous
//! wave's column), the portal's overview (every wave's report figures), and the organizer's document with every
//! company's report of this year's campaign.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{content, ms, percentile, start, Timing, RUNS};

const COMPANIES: usize = 181;
const CONTACTS: usize = 25;
const WAVES: [(&str, &str, i64); 2] = [
    ("wave-2025", "2025-01-06", 1_736_157_600_000), // 2025-01-06 10:00 UTC
    ("wave-2026", "2026-01-05", 1_767_607_200_000), // 2026-01-05 10:00 UTC
];

async fn seed(db: &shopper_server::store::Store) -> usize {
    let pool = db.pool();
    sqlx::query("INSERT INTO shoppers (id, name, created_at) VALUES ('waves', 'waves', '2025-01-01T00:00:00Z')")
        .execute(pool)
        .await
        .unwrap();
    let mut evaluations = 0;
    for (wave, (campaign, starts, first_ms)) in WAVES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO campaigns (id, name, starts_on, questionnaire_id, min_ranked_contacts, created_at)
             VALUES ($1, $2, $3, 'kundeservice', 10, $4)",
        )
        .bind(campaign)
        .bind(format!("Sesong {}", &starts[..4]))
        .bind(starts)
        .bind(format!("{starts}T00:00:00Z"))
        .execute(pool)
        .await
        .unwrap();
        let mut tx = pool.begin().await.unwrap();
        for class in 0..20 {
            sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, $2, $3)")
                .bind(format!("{campaign}-class-{class:02}"))
                .bind(campaign)
                .bind(format!("Sesongklasse {class:02}"))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        for company in 0..COMPANIES {
            let organisation = format!("organisation-{company:03}");
            if wave == 0 {
                sqlx::query("INSERT INTO organisations (id, name) VALUES ($1, $2)")
                    .bind(&organisation)
                    .bind(format!("Sesongselskap {company:03}"))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
            }
            let company_id = format!("{campaign}-company-{company:03}");
            sqlx::query(
                "INSERT INTO companies (id, class_id, name, campaign_id, organisation_id) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&company_id)
            .bind(format!("{campaign}-class-{:02}", company % 20))
            .bind(format!("Sesongselskap {company:03}"))
            .bind(campaign)
            .bind(&organisation)
            .execute(&mut *tx)
            .await
            .unwrap();
            for contact in 0..CONTACTS {
                let channel = ["phone", "phone", "chat", "phone", "email"][contact % 5];
                let assignment = uuid::Uuid::new_v4().to_string();
                sqlx::query(
                    "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start,
                                              window_end, due, questionnaire_id, questionnaire_version)
                     VALUES ($1, 'waves', $2, $3, 'Sesong', 'tel:1', $4, $4, $4, 'kundeservice', 1)",
                )
                .bind(&assignment)
                .bind(&company_id)
                .bind(channel)
                .bind(starts)
                .execute(&mut *tx)
                .await
                .unwrap();
                let at = first_ms + ((contact * 7 + company) % 82) as i64 * 86_400_000;
                let mut body = content(&assignment);
                body["channel"] = json!(channel);
                body["timeline"] = json!([{ "event": "dialled", "at_ms": at }, { "event": "answered", "at_ms": at + 25_000 },
                                          { "event": "ended", "at_ms": at + 325_000 }]);
                let spread = (company * 31 + contact * 17 + wave * 5) % 6;
                for question in [
                    "hilsen_vennlig",
                    "ordvalg",
                    "tonefall",
                    "engasjement",
                    "riktig_info",
                ] {
                    body["answers"][question] =
                        json!(1 + ((spread + company % 3 + question.len()) % 6) as i64);
                }
                body["answers"]["anbefaling"] = json!(((company * 3 + contact + wave) % 11) as i64);
                body["answers"]["ventetid"] = json!(((company * 13 + contact * 29) % 240) as i64);
                let content: shopper_domain::EvaluationContent =
                    serde_json::from_value(body).unwrap();
                sqlx::query(
                    "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status)
                     VALUES ($1, $2, 'waves', 1, $3, $4, 'approved')",
                )
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(&assignment)
                .bind(content.canonical_json())
                .bind(format!("{starts}T12:00:00Z"))
                .execute(&mut *tx)
                .await
                .unwrap();
                evaluations += 1;
            }
        }
        tx.commit().await.unwrap();
    }
    evaluations
}

async fn timed(runs: usize, mut call: impl AsyncFnMut() -> usize) -> (Timing, usize) {
    let bytes = call().await; // warm-up
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        call().await;
        times.push(started.elapsed());
    }
    times.sort();
    (
        Timing {
            p50: percentile(&times, 0.5),
            max: times[times.len() - 1],
        },
        bytes,
    )
}

/// The section's lines.
pub async fn report() -> String {
    let server = start().await;
    let db = &server.db;
    let evaluations = seed(db).await;
    let started = Instant::now();
    let scored = shopper_server::rankings::fill_scores(db).await.unwrap();
    let fill = started.elapsed();
    shopper_server::portal::create_with_password(
        db,
        "wave-2026-company-007",
        "kontakt@bench.example",
        "Bench",
        "bench-passord",
    )
    .await
    .unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = http
        .post(format!("{}/portal/login", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=kontakt%40bench.example&password=bench-passord")
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let get = |path: String, cookie: Option<String>| {
        let http = http.clone();
        let url = format!("{}{path}", server.base);
        async move {
            let mut request = http.get(url);
            request = match cookie {
                Some(cookie) => request.header("cookie", cookie),
                None => request.bearer_auth("bench-token"),
            };
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap().len()
        }
    };
    let (page, page_bytes) = timed(RUNS, async || {
        get(
            "/portal/companies/wave-2026-company-007".into(),
            Some(cookie.clone()),
        )
        .await
    })
    .await;
    let (overview, _) = timed(RUNS, async || {
        get("/portal".into(), Some(cookie.clone())).await
    })
    .await;
    let (console_report, _) = timed(RUNS, async || {
        get(
            "/console/companies/wave-2026-company-007/report".into(),
            None,
        )
        .await
    })
    .await;
    let (all, all_bytes) = timed(5, async || {
        get("/console/reports?campaign=wave-2026".into(), None).await
    })
    .await;
    format!(
        "Two waves of a full season: last year's and this year's campaign, each 181 companies in 20 classes with \
         25 approved contacts a company ({evaluations} approved evaluations in all, 4,525 a wave; the same \
         organisations in both, so every report has a previous-wave column), scored once beforehand ({scored} \
         revisions in {}). Timed over HTTP on loopback against the real router, release build, SQLite; the \
         median (and slowest) of {RUNS} calls after one warm-up, the document of every company of 5. Reproduce: \
         `cargo build --profile server -p shopper-bench && target/server/shopper-bench reports` (the full \
         `scripts/bench.sh` writes this section too).\n\n\
         | page | p50 | slowest | size |\n|---|---|---|---|\n\
         | a participant's report page in the portal (`/portal/companies/{{id}}`) | {} | {} | {} KB |\n\
         | the portal's overview (every wave's report figures, the trend) | {} | {} | |\n\
         | the organizer's report of the same company (`/console/companies/{{id}}/report`) | {} | {} | |\n\
         | every company's report of this year's campaign in one document (`/console/reports`) | {} | {} | {} KB |\n\n\
         Targets from issue 17: a participant's report page under 50 ms at p50; the all-companies document under 10 s.",
        ms(fill),
        ms(page.p50),
        ms(page.max),
        page_bytes / 1000,
        ms(overview.p50),
        ms(overview.max),
        ms(console_report.p50),
        ms(console_report.max),
        ms(all.p50),
        ms(all.max),
        all_bytes / 1000,
    )
}
