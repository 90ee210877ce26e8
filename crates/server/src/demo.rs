//! Demo data from the seeds: a campaign with a few classes and companies (class leaders at the halfway mark of
//! Kundeserviceprisen, plus invented companies marked "demo"), one questionnaire, and two demo shoppers.

use shopper_domain::Questionnaire;
use sqlx::SqlitePool;
use uuid::Uuid;

use crate::error::ApiError;
use crate::{secrets, store};

pub const DEMO_SHOPPER_ID: &str = "demo-shopper";
pub const SECOND_SHOPPER_ID: &str = "demo-shopper-2";

/// The questionnaire the demo campaign uses (the file format is `shopper_domain::Questionnaire` as JSON).
pub fn questionnaire() -> Questionnaire {
    serde_json::from_str(include_str!("../demo/questionnaire.json"))
        .expect("the demo questionnaire is valid JSON")
}

/// (class, companies); the first company of each class led it at the halfway mark (seed 002).
const CLASSES: &[(&str, &[&str])] = &[
    ("Bank", &["Sparebanken Møre", "Fjordbanken (demo)"]),
    (
        "Forsikring",
        &["Gjensidige Forsikring", "Nordlys Forsikring (demo)"],
    ),
    ("Energi", &["Tussa Energi", "Vestkraft (demo)"]),
    ("Hotell", &["Scandic Hotels", "Fjellstua Hotell (demo)"]),
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
    (SECOND_SHOPPER_ID, "Fjordbanken (demo)", "phone", "tel:+4770000001",
     "Du har mistet bankkortet og vil sperre det."),
];

/// Fills an empty database with the demo campaign. Does nothing when a campaign exists already.
pub async fn seed_if_empty(db: &SqlitePool) -> Result<bool, ApiError> {
    let (campaigns,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM campaigns")
        .fetch_one(db)
        .await?;
    if campaigns > 0 {
        return Ok(false);
    }
    let now = secrets::now();
    let mut tx = db.begin().await?;
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
        for company in *companies {
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
    let questionnaire = questionnaire();
    // The demo's contacts are due within two weeks of the day the demo was set up.
    let today = time::OffsetDateTime::now_utc().replace_time(time::macros::time!(08:00));
    let (window_start, window_end) = (
        secrets::timestamp(today),
        secrets::timestamp(today + time::Duration::days(14)),
    );
    store::insert_questionnaire(db, &questionnaire).await?;
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
        .bind(questionnaire.version)
        .bind(company)
        .execute(db)
        .await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_questionnaire_has_at_least_ten_performances_of_every_skeleton_kind() {
        use shopper_domain::QuestionKind;
        let q = questionnaire();
        assert!(q.questions().count() >= 10);
        assert!(q.questions().any(|q| q.kind == QuestionKind::YesNo));
        assert!(q
            .questions()
            .any(|q| matches!(q.kind, QuestionKind::Scale { min: 1, max: 6, .. })));
        assert!(q
            .questions()
            .any(|q| matches!(q.kind, QuestionKind::Text { .. })));
    }
}
