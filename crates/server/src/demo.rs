//! Demo data from the seeds: the 20 classes of Kundeserviceprisen 2021, each with the company that led it at
//! the halfway mark (seed 002) and two invented companies marked "(demo)"; the ~40-performance questionnaire
//! in `demo/kundeservice.toml`; two demo shoppers with assignments over phone, chat and e-mail.

use crate::db::Db;
use shopper_domain::definition::{self, Format};
use shopper_domain::Questionnaire;
use uuid::Uuid;

use crate::error::ApiError;
use crate::{secrets, store};

pub const DEMO_SHOPPER_ID: &str = "demo-shopper";
pub const SECOND_SHOPPER_ID: &str = "demo-shopper-2";

/// The demo's organizer accounts, one per role, all with [`ORGANIZER_PASSWORD`] (printed by `--demo`).
pub const ORGANIZERS: [(&str, &str); 3] = [
    ("admin@demo.example", "admin"),
    ("reviewer@demo.example", "reviewer"),
    ("viewer@demo.example", "viewer"),
];
pub const ORGANIZER_PASSWORD: &str = "demo-passord";

/// The demo campaign's questionnaire definition file.
pub const QUESTIONNAIRE_FILE: &str = include_str!("../demo/kundeservice.toml");

/// The questionnaire the demo campaign uses.
pub fn questionnaire() -> Questionnaire {
    definition::parse(QUESTIONNAIRE_FILE, Format::Toml)
        .expect("the demo questionnaire is a valid definition (a unit test checks)")
}

/// (class, companies); the first company of each class led it at the halfway mark (seed 002). Seed 002 names
/// the leaders but not the classes: the class names are inferred from the leaders' industries.
pub const CLASSES: &[(&str, [&str; 3])] = &[
    (
        "Lån og finansformidling",
        ["Lendo", "Lånekompasset (demo)", "Rentesjekk (demo)"],
    ),
    (
        "TV og underholdning",
        [
            "Canal Digital",
            "Kanalvalg (demo)",
            "Fjernsynsfabrikken (demo)",
        ],
    ),
    (
        "Transport og logistikk",
        ["Jetpak", "Pakkepilen (demo)", "Budbilen Nord (demo)"],
    ),
    (
        "Strømmetjenester",
        ["Tv2 Sumo", "Seriestrøm (demo)", "Filmflyt (demo)"],
    ),
    (
        "Kollektivtransport",
        ["Kolumbus", "Fjordbussen (demo)", "Trikkeliten (demo)"],
    ),
    (
        "Offentlige etater",
        [
            "Patentstyret",
            "Skjemadirektoratet (demo)",
            "Stempelverket (demo)",
        ],
    ),
    (
        "Netthandel helse",
        ["Vitamail", "Vitaminhylla (demo)", "Sunnkurven (demo)"],
    ),
    (
        "Mobil",
        ["ice mobil", "Fjordmobil (demo)", "Signalkraft (demo)"],
    ),
    (
        "Fordelsprogram",
        ["Trumf", "Bonusbyen (demo)", "Poengjakt (demo)"],
    ),
    (
        "Netthandel dagligvare",
        [
            "Godtlevert.no",
            "Matkassen Nord (demo)",
            "Handlenett (demo)",
        ],
    ),
    (
        "Inkasso",
        ["Lowell", "Kravkontoret (demo)", "Betalingsro (demo)"],
    ),
    (
        "Hotell",
        [
            "Scandic Hotels",
            "Fjellstua Hotell (demo)",
            "Havnehotellet (demo)",
        ],
    ),
    (
        "Forsikring",
        [
            "Gjensidige Forsikring",
            "Nordlys Forsikring (demo)",
            "Tryggest (demo)",
        ],
    ),
    (
        "Energi",
        ["Tussa Energi", "Vestkraft (demo)", "Fossekraft (demo)"],
    ),
    (
        "Elektronikk",
        ["Eplehuset", "Kretskortet (demo)", "Skjermbua (demo)"],
    ),
    (
        "Bredbånd",
        ["Sognenett", "Fibernett Vest (demo)", "Linjeløs (demo)"],
    ),
    (
        "Bilutleie",
        ["Hertz", "Leiebil Nord (demo)", "Hjulutleie (demo)"],
    ),
    (
        "Bank",
        [
            "Sparebanken Møre",
            "Fjordbanken (demo)",
            "Kystbanken (demo)",
        ],
    ),
    (
        "Media",
        [
            "Dagens Næringsliv",
            "Morgenposten (demo)",
            "Ukeavisa (demo)",
        ],
    ),
    (
        "Alarm og sikkerhet",
        ["Sector Alarm", "Vaktbikkja (demo)", "Trygghjem (demo)"],
    ),
];

/// (shopper, company, channel, contact, scenario)
const ASSIGNMENTS: &[(&str, &str, &str, &str, &str)] = &[
    (DEMO_SHOPPER_ID, "Sparebanken Møre", "phone", "tel:+4770000000",
     "Du vurderer å flytte boliglånet ditt og vil vite hva banken kan tilby."),
    (DEMO_SHOPPER_ID, "Gjensidige Forsikring", "chat", "https://example.com/chat",
     "Du har fått en bulk i bilen på parkeringsplassen og lurer på om egenandelen kan reduseres."),
    (DEMO_SHOPPER_ID, "Tussa Energi", "email", "mailto:kundeservice@example.com",
     "Strømregningen din er dobbelt så høy som i fjor; du ber om en forklaring."),
    (DEMO_SHOPPER_ID, "Scandic Hotels", "phone", "tel:+4721000000",
     "Du skal på kurs i Bergen og vil bestille to netter med frokost."),
    (DEMO_SHOPPER_ID, "ice mobil", "chat", "https://example.com/chat",
     "Mobildekningen hjemme er dårlig; du vil vite om det finnes en løsning før du sier opp."),
    (DEMO_SHOPPER_ID, "Lendo", "phone", "tel:+4722000000",
     "Du har tre forbrukslån og lurer på om det lønner seg å samle dem."),
    (SECOND_SHOPPER_ID, "Fjordbanken (demo)", "phone", "tel:+4770000001",
     "Du har mistet bankkortet og vil sperre det."),
];

/// Fills an empty database with the demo campaign. Does nothing when a campaign exists already.
pub async fn seed_if_empty(db: &Db) -> Result<bool, ApiError> {
    let (campaigns,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM campaigns")
        .fetch_one(db)
        .await?;
    if campaigns > 0 {
        return Ok(false);
    }
    let now = secrets::now();
    let mut tx = crate::db::begin_write(db).await?;
    sqlx::query("INSERT INTO campaigns (id, name) VALUES ('demo', 'Kundeserviceprisen (demo)')")
        .execute(&mut *tx)
        .await?;
    for (class, companies) in CLASSES {
        let class_id = Uuid::new_v4().to_string();
        sqlx::query("INSERT INTO classes (id, campaign_id, name) VALUES ($1, 'demo', $2)")
            .bind(&class_id)
            .bind(class)
            .execute(&mut *tx)
            .await?;
        for company in companies {
            sqlx::query("INSERT INTO companies (id, class_id, name) VALUES ($1, $2, $3)")
                .bind(Uuid::new_v4().to_string())
                .bind(&class_id)
                .bind(company)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (id, name) in [
        (DEMO_SHOPPER_ID, "Demo Shopper"),
        (SECOND_SHOPPER_ID, "Kari Nordmann (demo)"),
    ] {
        sqlx::query("INSERT INTO shoppers (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(name)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    for (email, role) in ORGANIZERS {
        let role = crate::accounts::Role::parse(role).expect("a known role");
        let name = format!("Demo {}", role.as_str());
        crate::accounts::create_organizer(db, email, &name, role, ORGANIZER_PASSWORD).await?;
    }
    let questionnaire = store::import_questionnaire(db, questionnaire()).await?;
    // The demo's contacts are due within two weeks of the day the demo was set up.
    let today = time::OffsetDateTime::now_utc().replace_time(time::macros::time!(08:00));
    let (window_start, window_end) = (
        secrets::timestamp(today),
        secrets::timestamp(today + time::Duration::days(14)),
    );
    for (shopper, company, channel, contact, scenario) in ASSIGNMENTS {
        sqlx::query(
            "INSERT INTO assignments (id, shopper_id, company_id, channel, scenario, contact, window_start,
                                      window_end, due, questionnaire_id, questionnaire_version)
             SELECT $1, $2, id, $3, $4, $5, $6, $7, $8, $9, $10 FROM companies WHERE name = $11",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(shopper)
        .bind(channel)
        .bind(scenario)
        .bind(contact)
        .bind(&window_start)
        .bind(&window_end)
        .bind(&window_end[..10])
        .bind(&questionnaire.id)
        .bind(i64::from(questionnaire.version))
        .bind(company)
        .execute(db)
        .await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopper_domain::Channel;

    #[test]
    fn the_demo_questionnaire_reads_and_has_about_40_performances_for_every_channel() {
        let q = questionnaire();
        let count = q.questions().count();
        assert!((38..=45).contains(&count), "{count}");
        for channel in Channel::ALL {
            let shown = shopper_domain::visible(&q, channel, &Default::default());
            assert!(
                shown.questions.len() >= 25,
                "{channel:?}: {}",
                shown.questions.len()
            );
        }
        let kinds: std::collections::BTreeSet<&str> =
            q.questions().map(|question| question.kind.name()).collect();
        assert_eq!(kinds.len(), 9, "every kind is used: {kinds:?}");
        assert!(
            q.questions().all(|question| question.label.en.is_some()),
            "all in English too"
        );
    }

    #[test]
    fn the_demo_campaign_has_the_20_classes_each_with_its_leader_and_two_demo_companies() {
        assert_eq!(CLASSES.len(), 20);
        for (class, [leader, others @ ..]) in CLASSES {
            assert!(!leader.contains("(demo)"), "{class}");
            assert!(others.iter().all(|c| c.ends_with("(demo)")), "{class}");
        }
    }
}
