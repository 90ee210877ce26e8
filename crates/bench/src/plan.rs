//! The season planner: 181 companies x 25 contacts with 100 shoppers, 13 weeks of workdays 09-15. The pure
//! planner (`shopper_domain::planner::plan`) alone, and the whole use case on a real SQLite store: the preview
//! (reading companies, roster and contact links, planning, naming) and the commit (the same, then 4,525
//! assignments and the audit entry in one transaction). Medians of repeated runs in one process.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use shopper_domain::planner::{self, ChannelMix, MixBy, PlanCompany, PlanRequest, PlanShopper};
use shopper_domain::window::{Date, Hours, Weekdays, Window};
use shopper_server::accounts::OrganizerAccount;
use shopper_server::plan::{self, Mix, PlanSpec};
use shopper_server::store::Store;

const COMPANIES: usize = 181;
const CONTACTS: u32 = 25;
const SHOPPERS: usize = 100;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn window() -> Window {
    Window {
        first: Date::parse("2026-01-05").unwrap(),
        last: Date::parse("2026-04-03").unwrap(),
        weekdays: Weekdays::WORKDAYS,
        hours: Hours { from: 540, to: 900 },
    }
}

/// The pure planner: (median of 21 runs, slowest, loads (min, max), contacts per week (min, max)).
fn pure() -> (Duration, Duration, (u32, u32), (usize, usize)) {
    let companies: Vec<PlanCompany> = (0..COMPANIES)
        .map(|i| PlanCompany {
            id: format!("company-{i:03}"),
            name: format!("Company {i:03}"),
            class: format!("Class {:02}", i % 20),
            planned: 0,
            shoppers: vec![],
        })
        .collect();
    let shoppers: Vec<PlanShopper> = (0..SHOPPERS)
        .map(|i| PlanShopper {
            id: format!("shopper-{i:03}"),
            capacity: Some(50),
            load: 0,
        })
        .collect();
    let request = PlanRequest {
        contacts_per_company: CONTACTS,
        mix: ChannelMix {
            phone: 15,
            chat: 5,
            email: 5,
        },
        mix_by: MixBy::Class,
        mixes: BTreeMap::new(),
        window: window(),
        band_minutes: 120,
        seed: 2026,
    };
    let mut times = Vec::new();
    let mut last = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        last = planner::plan(&request, &companies, &shoppers).unwrap();
        times.push(started.elapsed());
    }
    let mut load = std::collections::HashMap::<&str, u32>::new();
    for contact in &last {
        *load.entry(contact.shopper_id.as_str()).or_default() += 1;
    }
    let mut weeks = [0usize; 13];
    for contact in &last {
        weeks[contact.week] += 1;
    }
    let slowest = *times.iter().max().unwrap();
    (
        median(times),
        slowest,
        (*load.values().min().unwrap(), *load.values().max().unwrap()),
        (*weeks.iter().min().unwrap(), *weeks.iter().max().unwrap()),
    )
}

/// The use case on SQLite: (preview median of 5, commit) and how many were stored.
async fn through_the_store() -> (Duration, Duration, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("plan.sqlite").display()
    ))
    .await
    .unwrap();
    shopper_server::demo::seed_if_empty(&store).await.unwrap();
    let pool = store.pool();
    sqlx::query(
        "INSERT INTO campaigns (id, name, starts_on, ends_on, questionnaire_id, min_ranked_contacts, created_at,
                                weekdays, hours)
         VALUES ('plan', 'Sesong', '2026-01-05', '2026-04-03', 'kundeservice', 10, '2026-01-01T00:00:00Z',
                 '1-5', '09:00-15:00')",
    )
    .execute(pool)
    .await
    .unwrap();
    for class in 0..20 {
        sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, 'plan', $2)")
            .bind(format!("plan-class-{class:02}"))
            .bind(format!("Klasse {class:02}"))
            .execute(pool)
            .await
            .unwrap();
    }
    for company in 0..COMPANIES {
        sqlx::query(
            "INSERT INTO companies (id, class_id, name, campaign_id) VALUES ($1, $2, $3, 'plan')",
        )
        .bind(format!("plan-company-{company:03}"))
        .bind(format!("plan-class-{:02}", company % 20))
        .bind(format!("Selskap {company:03}"))
        .execute(pool)
        .await
        .unwrap();
    }
    for shopper in 0..SHOPPERS {
        sqlx::query(
            "INSERT INTO shoppers (id, name, created_at, capacity) VALUES ($1, $2, '2026-01-01T00:00:00Z', 50)",
        )
        .bind(format!("plan-shopper-{shopper:03}"))
        .bind(format!("Shopper {shopper:03}"))
        .execute(pool)
        .await
        .unwrap();
    }
    let campaign = store.campaign("plan").await.unwrap().unwrap();
    let contacts = (0..COMPANIES)
        .flat_map(|c| {
            [
                ("phone", "tel:+4722000000"),
                ("chat", "https://example.com/chat"),
                ("email", "mailto:kundeservice@example.com"),
            ]
            .map(|(channel, contact)| plan::ContactLink {
                company: format!("Selskap {c:03}"),
                channel: channel.into(),
                contact: contact.into(),
            })
        })
        .collect();
    let spec = PlanSpec {
        contacts_per_company: CONTACTS,
        mix: Mix {
            phone: 15,
            chat: 5,
            email: 5,
        },
        seed: 2026,
        scenarios: [("phone", "Ring"), ("chat", "Skriv"), ("email", "Send")]
            .into_iter()
            .map(|(c, s)| (c.to_owned(), s.to_owned()))
            .collect(),
        contacts,
        ..PlanSpec::default()
    };
    let mut previews = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let preview = plan::preview(&store, &campaign, &spec).await.unwrap();
        previews.push(started.elapsed());
        assert_eq!(preview.contacts, COMPANIES * CONTACTS as usize);
    }
    let started = Instant::now();
    plan::commit(&store, &OrganizerAccount::command_line(), &campaign, &spec)
        .await
        .unwrap();
    let commit = started.elapsed();
    let (stored,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM assignments a JOIN companies co ON co.id = a.company_id WHERE co.campaign_id = 'plan'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    (median(previews), commit, stored)
}

/// The section of docs/PERFORMANCE.md.
pub async fn report() -> String {
    let (median, slowest, (low, high), (week_low, week_high)) = pure();
    let (preview, commit, stored) = through_the_store().await;
    format!(
        "## The season planner (issue 16)\n\n\
         {COMPANIES} companies x {CONTACTS} contacts (phone 15, chat 5, e-mail 5) with {SHOPPERS} shoppers of \
         capacity 50, over 13 weeks of workdays 09:00-15:00 in bands of two hours. Measured by \
         `target/server/shopper-bench plan` (built with `cargo build --profile server -p shopper-bench`), one run.\n\n\
         | step | time |\n|---|---|\n\
         | the planner alone (`shopper_domain::planner::plan`), median of 21 | {} (slowest {}) |\n\
         | preview through the store (read companies, roster and contacts, plan, name every row), median of 5 | {} |\n\
         | commit: the same, then {stored} assignments and the audit entry in one SQLite transaction | {} |\n\n\
         Every shopper got {low}-{high} contacts; every week {week_low}-{week_high} (of {} in all). Target from \
         issue 16: 181 x 25 with 100 shoppers planned under 2 s.",
        ms(median),
        ms(slowest),
        ms(preview),
        ms(commit),
        COMPANIES * CONTACTS as usize,
    )
}
