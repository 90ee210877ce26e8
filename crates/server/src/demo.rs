//! Demo data from the seeds: the 20 classes of Kundeserviceprisen 2021, each with the company that led it at
//! the halfway mark (seed 002) and two invented companies marked "(demo)"; the ~40-performance questionnaire
//! in `demo/kundeservice.toml`; two demo shoppers with assignments over phone, chat and e-mail.

use shopper_domain::definition::{self, Format};
use shopper_domain::Questionnaire;

use crate::accounts::{self, Role};
use crate::error::Result;
use crate::secrets;
use crate::store::{CompanyRow, ResolvedAssignment, Store};

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

/// The demo campaign's id.
pub const DEMO_CAMPAIGN_ID: &str = "demo";

/// This year's demo campaign.
fn demo_campaign() -> crate::store::Campaign {
    crate::store::Campaign {
        id: DEMO_CAMPAIGN_ID.into(),
        name: "Kundeserviceprisen (demo)".into(),
        starts_on: None,
        ends_on: None,
        questionnaire_id: Some(questionnaire().id),
        outcome_rule: Default::default(),
        min_ranked_contacts: 10,
        created_at: secrets::now(),
    }
}

/// Fills an empty database with the demo campaign. Does nothing when a campaign exists already.
pub async fn seed_if_empty(store: &Store) -> Result<bool> {
    if store.campaign_count().await? > 0 {
        return Ok(false);
    }
    let mut tx = store.begin_write().await?;
    tx.insert_campaign(&demo_campaign()).await?;
    let companies: Vec<CompanyRow> = CLASSES
        .iter()
        .flat_map(|(class, companies)| {
            companies.iter().map(|company| CompanyRow {
                class: (*class).to_owned(),
                company: (*company).to_owned(),
                organisation_number: None,
            })
        })
        .collect();
    tx.insert_companies("demo", &companies).await?;
    for (id, name) in [
        (DEMO_SHOPPER_ID, "Demo Shopper"),
        (SECOND_SHOPPER_ID, "Kari Nordmann (demo)"),
    ] {
        tx.insert_shopper(id, name).await?;
    }
    let questionnaire = tx.import_questionnaire(questionnaire()).await?;
    tx.commit().await?;
    for (email, role) in ORGANIZERS {
        let role = Role::parse(role).expect("a known role");
        let name = format!("Demo {}", role.as_str());
        accounts::create_organizer(store, email, &name, role, ORGANIZER_PASSWORD).await?;
    }
    // The demo's contacts are due within two weeks of the day the demo was set up.
    let today = time::OffsetDateTime::now_utc().replace_time(time::macros::time!(08:00));
    let (window_start, window_end) = (
        secrets::timestamp(today),
        secrets::timestamp(today + time::Duration::days(14)),
    );
    let company_ids: std::collections::HashMap<String, String> = store
        .companies(DEMO_CAMPAIGN_ID)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<ResolvedAssignment> = ASSIGNMENTS
        .iter()
        .map(
            |(shopper, company, channel, contact, scenario)| ResolvedAssignment {
                company_id: company_ids[*company].clone(),
                shopper_id: (*shopper).to_owned(),
                channel: shopper_domain::Channel::parse(channel).expect("a demo channel"),
                scenario: (*scenario).to_owned(),
                contact: (*contact).to_owned(),
                window_start: window_start.clone(),
                window_end: window_end.clone(),
                due: window_end[..10].to_owned(),
            },
        )
        .collect();
    let mut tx = store.begin_write().await?;
    tx.insert_assignments(&rows, (&questionnaire.id, questionnaire.version))
        .await?;
    tx.commit().await?;
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
