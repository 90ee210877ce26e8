//! The review queue over a full season (`shopper-bench queue`): 181 companies in 20 classes, 25 contacts
//! each (4,525 evaluations) from 100 shoppers, about a third waiting for review, some with flags; a reviewer's
//! console pages timed over HTTP (the work mode's first page, filters, a deep page, one evaluation) and the
//! same views through the JSON API, one reviewer alone and four at once. Returns the report's lines.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::{content, ms, percentile, start};

const SHOPPERS: usize = 100;

async fn seed(db: &shopper_server::store::Store) -> usize {
    sqlx::query(
        "INSERT INTO campaigns (id, name, starts_on, ends_on, questionnaire_id, min_ranked_contacts, created_at)
         VALUES ('season', 'Sesong', '2026-01-05', '2026-03-27', 'kundeservice', 10, '2026-12-01T00:00:00Z')",
    )
    .execute(db.pool())
    .await
    .unwrap();
    let mut tx = db.pool().begin().await.unwrap();
    for shopper in 0..SHOPPERS {
        sqlx::query(
            "INSERT INTO shoppers (id, name, created_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')",
        )
        .bind(format!("season-shopper-{shopper:03}"))
        .bind(format!("Sesongshopper {shopper:03}"))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let day_ms = 86_400_000_i64;
    let january = 1_767_607_200_000_i64; // 2026-01-05 10:00 UTC
    let mut evaluations = 0;
    for company in 0..181usize {
        let class = format!("season-class-{:02}", company % 20);
        if company < 20 {
            sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, 'season', $2)")
                .bind(&class)
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
            "INSERT INTO companies (id, class_id, name, campaign_id, organisation_id) VALUES ($1, $2, $3, 'season', $1)",
        )
        .bind(&company_id)
        .bind(&class)
        .bind(format!("Sesongselskap {company:03}"))
        .execute(&mut *tx)
        .await
        .unwrap();
        for contact in 0..25usize {
            let n = company * 25 + contact;
            let shopper = format!(
                "season-shopper-{:03}",
                (company * 7 + contact * 13) % SHOPPERS
            );
            let channel = ["phone", "phone", "chat", "phone", "email"][contact % 5];
            let assignment = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start, window_end,
                                          due, questionnaire_id, questionnaire_version)
                 VALUES ($1, $2, $3, $4, 'Sesong', 'tel:+4712345678', '2026-01-05', '2026-03-27', '2026-03-27', 'kundeservice', 1)",
            )
            .bind(&assignment)
            .bind(&shopper)
            .bind(&company_id)
            .bind(channel)
            .execute(&mut *tx)
            .await
            .unwrap();
            let at = january + ((contact * 7 + company) % 82) as i64 * day_ms;
            let mut body = content(&assignment);
            body["channel"] = json!(channel);
            body["timeline"] = json!([{ "event": "dialled", "at_ms": at }, { "event": "answered", "at_ms": at + 25_000 },
                                      { "event": "ended", "at_ms": at + 325_000 }]);
            body["answers"]["tidspunkt"] = json!("2026-01-05T10:00");
            body["answers"]["hilsen_vennlig"] = json!(1 + (n * 7) % 6);
            body["answers"]["ordvalg"] = json!(1 + (n * 11) % 6);
            // One in fifteen typed a waiting time far from the timer; one in twenty reuses another's text.
            body["answers"]["ventetid"] = json!(if n % 15 == 0 { 95 } else { 25 });
            body["answers"]["beste"] = json!(if n % 20 == 0 {
                "Hun var hyggelig og forklarte alt grundig, veldig bra".to_owned()
            } else {
                format!("Kontakt {n}: svarte greit og forklarte vilkårene for meg")
            });
            body["notes"] = json!(format!("Notat {n}"));
            let content: shopper_domain::EvaluationContent = serde_json::from_value(body).unwrap();
            // A third waiting for review, a few returned, the rest approved; received over the season.
            let status = match n % 20 {
                0..=6 => "received",
                7 => "returned",
                _ => "approved",
            };
            let received = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:00Z",
                1 + (n % 3),
                1 + (n % 28),
                8 + (n % 9),
                n % 60
            );
            sqlx::query(
                "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at, status)
                 VALUES ($1, $2, $3, 1, $4, $5, $6)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&assignment)
            .bind(&shopper)
            .bind(content.canonical_json())
            .bind(&received)
            .bind(status)
            .execute(&mut *tx)
            .await
            .unwrap();
            evaluations += 1;
        }
    }
    tx.commit().await.unwrap();
    evaluations
}

async fn get(client: &reqwest::Client, url: &str, cookie: &str) -> (Duration, usize, String) {
    let started = Instant::now();
    let response = client
        .get(url)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let body = response.text().await.unwrap();
    (started.elapsed(), body.len(), body)
}

pub async fn report() -> String {
    let server = start().await;
    let evaluations = seed(&server.db).await;
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{}/api/v1/organizer/login", server.base))
        .json(&json!({ "email": "reviewer@demo.example", "password": shopper_server::demo::ORGANIZER_PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let queue = |query: &str| format!("{}/console?campaign=season{query}", server.base);
    // The first call computes and stores every revision's score and flags (once; a new revision later costs
    // its shopper's evaluations only).
    let (first, _, _) = get(&client, &queue(""), &cookie).await;
    let shopper_filter = "&status=&shopper=season-shopper-042";
    let views = [
        ("the work mode's first page (to review, oldest first)", ""),
        ("flagged only", "&flagged=yes"),
        ("chat, lowest score first", "&channel=chat&sort=score"),
        ("all statuses, page 40 of 91", "&status=&page=39"),
        ("one shopper, all statuses", shopper_filter),
        (
            "score 40-60 %, received in February",
            "&min=40&max=60&from=2026-02-01&to=2026-02-28",
        ),
    ];
    let mut lines = vec![
        format!(
            "One campaign of 181 companies in 20 classes, {evaluations} evaluations from {SHOPPERS} shoppers (7 in 20 to \
             review, 1 in 20 returned, the rest approved; 1 in 15 with a typed waiting time far from the timer, 1 in 20 \
             reusing a text), SQLite. The reviewer's pages over HTTP, each the median (and slowest) of 21 calls after one \
             warm-up. The first call after start computed and stored the score and flags of all {evaluations} revisions: {}.",
            ms(first)
        ),
        String::new(),
        "| page | p50 | slowest | HTML |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for (name, query) in views {
        lines.push(view_line(&client, &cookie, "queue", name, &queue(query)).await);
    }
    // One evaluation as the reviewer opens it from the queue (flags, previous and next in the filter).
    let (_, _, page) = get(&client, &queue(""), &cookie).await;
    let first_link = page
        .split("data-row-link href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let evaluation = format!("{}{first_link}", server.base);
    get(&client, &evaluation, &cookie).await;
    let mut times = vec![];
    for _ in 0..21 {
        times.push(get(&client, &evaluation, &cookie).await.0);
    }
    times.sort();
    lines.push(format!(
        "| one evaluation, with its flags and next/previous in the filter | {} | {} | |",
        ms(percentile(&times, 0.5)),
        ms(*times.last().unwrap())
    ));

    // Four reviewers at once, each going through the views above in turn.
    let urls: Vec<String> = views.iter().map(|(_, q)| queue(q)).collect();
    lines.push(String::new());
    lines.push(four_at_once(&client, &cookie, &urls, "queue pages").await);

    // The same views through the JSON API (`GET /api/v1/organizer/queue`): the same filters, sorting and
    // pages, the same feature function; no HTML to make.
    let api = |query: &str| {
        format!(
            "{}/api/v1/organizer/queue?campaign=season{query}",
            server.base
        )
    };
    lines.push(String::new());
    lines.push("| API page | p50 | slowest | JSON |".to_owned());
    lines.push("|---|---|---|---|".to_owned());
    for (name, query) in views {
        lines.push(view_line(&client, &cookie, "API queue", name, &api(query)).await);
    }
    let urls: Vec<String> = views.iter().map(|(_, q)| api(q)).collect();
    lines.push(String::new());
    lines.push(four_at_once(&client, &cookie, &urls, "API queue pages").await);
    lines.join("\n")
}

/// One table line: the median and slowest of 21 calls of `url` after one warm-up, and the answer's size.
async fn view_line(
    client: &reqwest::Client,
    cookie: &str,
    what: &str,
    name: &str,
    url: &str,
) -> String {
    get(client, url, cookie).await;
    let mut times = vec![];
    let mut bytes = 0;
    for _ in 0..21 {
        let (took, size, _) = get(client, url, cookie).await;
        times.push(took);
        bytes = size;
    }
    times.sort();
    format!(
        "| {what}: {name} | {} | {} | {} KB |",
        ms(percentile(&times, 0.5)),
        ms(*times.last().unwrap()),
        bytes / 1000
    )
}

/// Four reviewers at once, each calling 24 of `urls` in a row (each starting at another one).
async fn four_at_once(
    client: &reqwest::Client,
    cookie: &str,
    urls: &[String],
    what: &str,
) -> String {
    let started = Instant::now();
    let mut tasks = vec![];
    for reviewer in 0..4usize {
        let (client, cookie, urls) = (client.clone(), cookie.to_owned(), urls.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut times = vec![];
            for call in 0..24 {
                let url = &urls[(call + reviewer) % urls.len()];
                times.push(get(&client, url, &cookie).await.0);
            }
            times
        }));
    }
    let mut all = vec![];
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let wall = started.elapsed();
    all.sort();
    format!(
        "Four reviewers at once (each 24 {what} in a row over the six views, {} calls in {}): p50 {}, p99 {}, \
         slowest {}.",
        all.len(),
        ms(wall),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap())
    )
}
