//! Demo data from the seeds: the 20 classes of Kundeserviceprisen 2021, each with the company that led it at
//! the halfway mark (seed 002) and two invented companies marked "(demo)"; the ~40-performance questionnaire
//! in `demo/kundeservice.toml`; two demo shoppers with assignments over phone, chat and e-mail. With `--demo`
//! also two generated waves ([`seed_waves`]): last year's campaign complete and this year's half done.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shopper_domain::attachment::{AttachmentRef, ContentType};
use shopper_domain::contact::{ContactEvent, Stamp};
use shopper_domain::definition::{self, Format};
use shopper_domain::outcome::Outcome;
use shopper_domain::protocol::{ReviewComments, ReviewStatus};
use shopper_domain::{Answer, Answers, Channel, EvaluationContent, QuestionKind, Questionnaire};

use crate::accounts::{self, Role};
use crate::error::Result;
use crate::secrets;
use crate::store::{CompanyRow, ResolvedAssignment, SeededRevision, Store};

pub const DEMO_SHOPPER_ID: &str = "demo-shopper";
pub const SECOND_SHOPPER_ID: &str = "demo-shopper-2";

/// The demo's organizer accounts, one per role, all with [`ORGANIZER_PASSWORD`] (printed by `--demo`).
pub const ORGANIZERS: [(&str, &str); 3] = [
    ("admin@demo.example", "admin"),
    ("reviewer@demo.example", "reviewer"),
    ("viewer@demo.example", "viewer"),
];
pub const ORGANIZER_PASSWORD: &str = "demo-passord";
/// The demo's participant login (e-mail, company): the contact person of one company, with
/// [`ORGANIZER_PASSWORD`] (printed by `--demo`), who sees only that company in the portal.
pub const PARTICIPANT: (&str, &str) = ("kontakt@sparebanken.demo.example", "Sparebanken Møre");

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
        // The small demo has a contact or two a company: one approved contact makes a place.
        min_ranked_contacts: 1,
        created_at: secrets::now(),
        weekdays: None,
        hours: None,
    }
}

/// Fills an empty database with the demo campaign. Does nothing when a campaign exists already.
pub async fn seed_if_empty(store: &Store) -> Result<bool> {
    if store.campaign_count().await? > 0 {
        return Ok(false);
    }
    let mut tx = store.begin_write().await?;
    tx.insert_campaign(&demo_campaign()).await?;
    let companies = demo_companies();
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
    ensure_participant(store).await?;
    Ok(true)
}

/// Makes the demo's participant login ([`PARTICIPANT`]) when it is missing, also in a demo database made
/// before there were participants.
pub async fn ensure_participant(store: &Store) -> Result<()> {
    let (email, company) = PARTICIPANT;
    if store.participant_by_email(email).await?.is_some() {
        return Ok(());
    }
    let Some((_, company_id)) = store
        .companies(DEMO_CAMPAIGN_ID)
        .await?
        .into_iter()
        .find(|(name, _)| name == company)
    else {
        return Ok(());
    };
    crate::portal::create_with_password(
        store,
        &company_id,
        email,
        &format!("Demo {company}"),
        ORGANIZER_PASSWORD,
    )
    .await
}

/// The demo's evidence: a small screenshot-like picture (made here, as PNG) and a pasted chat.
pub fn demo_attachments() -> [(ContentType, Vec<u8>, Option<&'static str>); 2] {
    [
        (ContentType::Png, chat_picture(), Some("helhetsinntrykk")),
        (ContentType::Text, DEMO_CHAT.as_bytes().to_vec(), None),
    ]
}

const DEMO_CHAT: &str = "Kundeservice (10:02): Hei, og velkommen! Hva kan jeg hjelpe deg med?\n\
Meg (10:02): Hei! Jeg er ny her og lurer på hva dere kan tilby en privatkunde.\n\
Kundeservice (10:04): Så hyggelig! Skal vi se på hva som passer for deg? Hva bruker du mest i dag?\n\
Meg (10:05): Mest kort og sparing.\n\
Kundeservice (10:07): Da anbefaler jeg å starte med ... Er det noe mer jeg kan hjelpe deg med?\n";

fn demo_attachment_refs() -> Vec<AttachmentRef> {
    demo_attachments()
        .into_iter()
        .map(|(content_type, bytes, question)| AttachmentRef {
            sha256: crate::attachments::sha256_hex(&bytes),
            content_type,
            size: bytes.len() as u64,
            question_id: question.map(Into::into),
        })
        .collect()
}

/// A 120 x 80 picture of a chat window (grey, a white bubble left, a blue one right), as PNG with stored
/// (uncompressed) deflate blocks: a few kilobytes, made here so the repository holds no binary file.
fn chat_picture() -> Vec<u8> {
    const W: usize = 120;
    const H: usize = 80;
    let mut raw = Vec::with_capacity(H * (1 + W * 3));
    for y in 0..H {
        raw.push(0); // no filter
        for x in 0..W {
            let pixel: [u8; 3] = if y < 12 {
                [40, 60, 90] // the title bar
            } else if (18..34).contains(&y) && (8..78).contains(&x) {
                [255, 255, 255]
            } else if (42..58).contains(&y) && (42..112).contains(&x) {
                [60, 120, 220]
            } else if (64..74).contains(&y) && (8..60).contains(&x) {
                [255, 255, 255]
            } else {
                [232, 234, 238]
            };
            raw.extend_from_slice(&pixel);
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&(W as u32).to_be_bytes());
    header.extend_from_slice(&(H as u32).to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB
    for (kind, data) in [
        (&b"IHDR"[..], &header[..]),
        (b"IDAT", &zlib),
        (b"IEND", &[]),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Puts the demo's evidence files in the object store, uploaded whole by every shopper of the generated
/// waves (whose evaluations name them), and lets the demo campaigns' participants see them. Once: a database
/// that holds them already is left as it is (an organizer may have turned the portal's setting off).
pub async fn seed_attachments(store: &Store, blobs: &crate::attachments::Blobs) -> Result<()> {
    let files = demo_attachments();
    let first = crate::attachments::sha256_hex(&files[0].1);
    if store.file_held(&first).await? || store.campaign(PREVIOUS_WAVE_ID).await?.is_none() {
        return Ok(());
    }
    for (content_type, bytes, _) in files {
        crate::attachments::seed_file(
            store,
            blobs,
            WAVE_SHOPPERS.map(|(id, _)| id).as_slice(),
            content_type,
            bytes,
        )
        .await?;
    }
    let mut tx = store.begin_write().await?;
    for campaign in [PREVIOUS_WAVE_ID, DEMO_CAMPAIGN_ID] {
        tx.set_attachments_to_participants(campaign, true).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The demo's previous wave.
pub const PREVIOUS_WAVE_ID: &str = "demo-previous";
/// The fixed seed of the demo's generated waves: every start makes the same contacts and answers.
pub const WAVES_SEED: u64 = 2025;
/// Contacts per company in each generated wave (phone, chat and e-mail in turn).
const CONTACTS_PER_COMPANY: usize = 6;
/// The fewest approved contacts for a place in the generated waves: half of a company's six, so this
/// year's half-done wave shows places, and companies not yet ranked beside them.
const WAVES_MIN_RANKED_CONTACTS: u32 = 3;
/// The generated shoppers who made the waves' contacts (the demo shopper's own list stays short).
const WAVE_SHOPPERS: [(&str, &str); 4] = [
    ("demo-wave-1", "Ola Hansen (demo)"),
    ("demo-wave-2", "Ingrid Berg (demo)"),
    ("demo-wave-3", "Jonas Dahl (demo)"),
    ("demo-wave-4", "Sara Lie (demo)"),
];

const BEST: [&str; 6] = [
    "Hyggelig og rask",
    "Forklarte vilkårene tydelig",
    "Tok seg god tid",
    "Ga et konkret tilbud",
    "Fulgte opp på e-post etterpå",
    "Kunnskapsrik og vennlig",
];
const NOTES: [&str; 5] = [
    "Ventet litt i kø før svar.",
    "Ble satt over én gang.",
    "Svaret kom raskt.",
    "Måtte gjenta spørsmålet.",
    "",
];

/// `at` as Oslo's clock shows it, to the minute: `YYYY-MM-DDTHH:MM`.
fn oslo_minute(at: time::OffsetDateTime) -> String {
    let zone = jiff::tz::TimeZone::get("Europe/Oslo").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(at.unix_timestamp())
        .map(|stamp| {
            zone.to_datetime(stamp)
                .strftime("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// A weekday at 09:00-15:00 (UTC) `days` after `start`, at a random minute.
fn contact_time(rng: &mut StdRng, start: time::OffsetDateTime, days: i64) -> time::OffsetDateTime {
    let mut day = start + time::Duration::days(days);
    while matches!(
        day.weekday(),
        time::Weekday::Saturday | time::Weekday::Sunday
    ) {
        day += time::Duration::days(1);
    }
    day.replace_time(time::Time::MIDNIGHT)
        + time::Duration::minutes(9 * 60 + rng.random_range(0..6 * 60))
}

/// The timeline of a contact made at `at`: reached (dialled/answered/ended and the like), or not reached
/// (three calls an hour apart that rang out, a chat that could not be opened, an e-mail never answered).
fn timeline(rng: &mut StdRng, channel: Channel, at: i64, reached: bool) -> Vec<Stamp> {
    let stamp = |event, at_ms| Stamp { event, at_ms };
    let s = 1000;
    match (channel, reached) {
        (Channel::Phone, true) => {
            let wait = rng.random_range(8..240) * s;
            let talk = rng.random_range(120..720) * s;
            vec![
                stamp(ContactEvent::Dialled, at),
                stamp(ContactEvent::Answered, at + wait),
                stamp(ContactEvent::Ended, at + wait + talk),
            ]
        }
        (Channel::Phone, false) => (0..3)
            .flat_map(|attempt| {
                let dialled = at + attempt * 61 * 60 * s;
                let rang = rng.random_range(40..75) * s;
                [
                    stamp(ContactEvent::Dialled, dialled),
                    stamp(ContactEvent::NoAnswer, dialled + rang),
                ]
            })
            .collect(),
        (Channel::Chat, true) => {
            let wait = rng.random_range(5..400) * s;
            let talk = rng.random_range(180..900) * s;
            vec![
                stamp(ContactEvent::Opened, at),
                stamp(ContactEvent::FirstReply, at + wait),
                stamp(ContactEvent::Closed, at + wait + talk),
            ]
        }
        (Channel::Chat, false) => vec![stamp(ContactEvent::Unavailable, at)],
        (Channel::Email, true) => vec![
            stamp(ContactEvent::Sent, at),
            stamp(
                ContactEvent::Replied,
                at + rng.random_range(1..60) * 3600 * s,
            ),
        ],
        (Channel::Email, false) => vec![stamp(ContactEvent::Sent, at)],
    }
}

/// Answers of a contact with a company whose service is `quality` (0-1): better service, better answers,
/// with noise. Follows the questionnaire's skip logic until the shown questions no longer change.
fn answers(
    rng: &mut StdRng,
    questionnaire: &Questionnaire,
    channel: Channel,
    quality: f64,
    timeline: &[Stamp],
    at: time::OffsetDateTime,
) -> Answers {
    let mut answers = Answers::new();
    for _ in 0..8 {
        let seen = shopper_domain::visible(questionnaire, channel, &answers);
        let before = answers.len();
        answers.retain(|id, _| seen.questions.contains(id));
        let mut added = false;
        for question in questionnaire.questions() {
            if !seen.questions.contains(&question.id) || answers.contains_key(&question.id) {
                continue;
            }
            let good = (quality + rng.random_range(-0.25..0.25)).clamp(0.0, 1.0);
            let answer = match &question.kind {
                QuestionKind::YesNo {
                    yes_points,
                    no_points,
                } => {
                    let yes_is_good = yes_points >= no_points;
                    Answer::Bool(rng.random_bool(good) == yes_is_good)
                }
                QuestionKind::Scale { min, max, .. } => {
                    Answer::Number(min + ((max - min) as f64 * good).round() as i64)
                }
                QuestionKind::SingleChoice { options } => {
                    let mut ranked: Vec<_> = options.iter().collect();
                    ranked.sort_by_key(|o| o.points.unwrap_or(0));
                    let index = ((ranked.len() - 1) as f64 * good).round() as usize;
                    Answer::Text(ranked[index].id.clone())
                }
                QuestionKind::MultipleChoice { options } => {
                    let picked = &options[rng.random_range(0..options.len())];
                    Answer::Choices(vec![picked.id.clone()])
                }
                QuestionKind::Number { min, max, .. } => {
                    Answer::Number(rng.random_range(*min..=(*max).min(min + 5)))
                }
                QuestionKind::Duration { max, from, .. } => {
                    let derived = from.and_then(|which| {
                        shopper_domain::contact::derived_seconds(timeline, which)
                    });
                    Answer::Number(
                        derived
                            .unwrap_or_else(|| rng.random_range(10..600))
                            .clamp(0, *max),
                    )
                }
                // The shopper types the contact's time as their clock shows it: Oslo's.
                QuestionKind::DateTime => Answer::Text(oslo_minute(at)),
                QuestionKind::Text { max_len } => Answer::Text(
                    BEST[rng.random_range(0..BEST.len())]
                        .chars()
                        .take(*max_len)
                        .collect(),
                ),
                QuestionKind::Nps => Answer::Number(
                    (good * 10.0 + rng.random_range(-1.5..1.5))
                        .round()
                        .clamp(0.0, 10.0) as i64,
                ),
            };
            if !question.required && rng.random_bool(0.1) {
                continue;
            }
            answers.insert(question.id.clone(), answer);
            added = true;
        }
        if !added && answers.len() == before {
            break;
        }
    }
    answers
}

/// Seeds the demo's waves next to the demo campaign, once: last year's campaign complete (every contact
/// approved) and this year's (the demo campaign) half done, with unanswered contacts, returned evaluations
/// corrected by the shopper, approvals and some still waiting for review. Same seed, same data.
pub async fn seed_waves(store: &Store) -> Result<bool> {
    if store.campaign(PREVIOUS_WAVE_ID).await?.is_some()
        || store.campaign(DEMO_CAMPAIGN_ID).await?.is_none()
    {
        return Ok(false);
    }
    let mut questionnaire = questionnaire();
    // The stored version (the file's own may differ from the one the import gave it).
    questionnaire.version = store
        .newest_version(&questionnaire.id)
        .await?
        .unwrap_or(questionnaire.version);
    // Everything is reckoned from this week's Monday, so the waves are the same data whichever day they are
    // seeded on (contacts skip weekends, and which are done decides the random draws that follow).
    let today = time::OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
    let monday = today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
    let this_start = monday - time::Duration::days(56);
    let last_start = this_start - time::Duration::days(364);
    let day = |at: time::OffsetDateTime| secrets::timestamp(at)[..10].to_owned();
    let mut rng = StdRng::seed_from_u64(WAVES_SEED);

    let mut tx = store.begin_write().await?;
    let mut previous = demo_campaign();
    previous.id = PREVIOUS_WAVE_ID.into();
    previous.name = format!("Kundeserviceprisen {} (demo)", last_start.year());
    previous.starts_on = Some(day(last_start));
    previous.ends_on = Some(day(last_start + time::Duration::days(84)));
    previous.created_at = secrets::timestamp(last_start - time::Duration::days(30));
    previous.min_ranked_contacts = WAVES_MIN_RANKED_CONTACTS;
    tx.insert_campaign(&previous).await?;
    tx.set_min_ranked_contacts(DEMO_CAMPAIGN_ID, WAVES_MIN_RANKED_CONTACTS)
        .await?;
    tx.set_campaign_dates(
        DEMO_CAMPAIGN_ID,
        &day(this_start),
        &day(this_start + time::Duration::days(84)),
    )
    .await?;
    let companies = demo_companies();
    tx.insert_companies(PREVIOUS_WAVE_ID, &companies).await?;
    for (id, name) in WAVE_SHOPPERS {
        tx.insert_shopper(id, name).await?;
    }
    tx.commit().await?;

    // Each company's service, a little better or worse this year than last. The first company of each class
    // (the one that led it at the halfway mark in seed 002) serves best.
    let quality: std::collections::HashMap<&str, (f64, f64)> = CLASSES
        .iter()
        .flat_map(|(_, companies)| companies.iter().enumerate())
        .map(|(index, company)| {
            let last = if index == 0 {
                rng.random_range(0.8..0.95)
            } else {
                rng.random_range(0.35..0.8)
            };
            let this = (last + rng.random_range(-0.12..0.12f64)).clamp(0.2, 1.0);
            (*company, (last, this))
        })
        .collect();
    for (campaign, start, complete) in [
        (PREVIOUS_WAVE_ID, last_start, true),
        (DEMO_CAMPAIGN_ID, this_start, false),
    ] {
        let ids: std::collections::HashMap<String, String> =
            store.companies(campaign).await?.into_iter().collect();
        let mut names: Vec<&&str> = quality.keys().collect();
        names.sort();
        let mut rows = Vec::new();
        let mut plans = Vec::new();
        for name in names {
            let (last, this) = quality[*name];
            let service = if complete { last } else { this };
            // A demo campaign made by an older version may lack a company: it then gets no contacts.
            let Some(company_id) = ids.get(*name as &str) else {
                continue;
            };
            for n in 0..CONTACTS_PER_COMPANY {
                let channel = Channel::ALL[n % 3];
                let (shopper, _) = WAVE_SHOPPERS[rng.random_range(0..WAVE_SHOPPERS.len())];
                // Contacts spread over the wave's twelve weeks; this year's are done up to this Monday (eight weeks).
                let offset = (n as i64 * 14) + rng.random_range(0..12);
                let at = contact_time(&mut rng, start, offset);
                let done = complete || at < monday;
                let window_start = secrets::timestamp(at.replace_time(time::Time::MIDNIGHT));
                let window_end = secrets::timestamp(at + time::Duration::days(7));
                rows.push(ResolvedAssignment {
                    company_id: company_id.clone(),
                    shopper_id: shopper.to_owned(),
                    channel,
                    scenario: "Du er ny privatkunde og vil vite hva de kan tilby deg.".into(),
                    contact: match channel {
                        Channel::Phone => "tel:+4722000000".into(),
                        Channel::Chat => "https://example.com/chat".into(),
                        Channel::Email => "mailto:kundeservice@example.com".into(),
                    },
                    due: window_end[..10].to_owned(),
                    window_start,
                    window_end,
                });
                plans.push((shopper, channel, service, at, done));
            }
        }
        let mut tx = store.begin_write().await?;
        let assignment_ids = tx
            .insert_assignments(&rows, (&questionnaire.id, questionnaire.version))
            .await?;
        for (assignment_id, (shopper, channel, service, at, done)) in
            assignment_ids.iter().zip(plans)
        {
            if !done {
                continue;
            }
            let at_ms = (at.unix_timestamp_nanos() / 1_000_000) as i64;
            // About one contact in twelve is never answered (more often where the service is poor).
            let reached = !rng.random_bool((0.16 - service * 0.12).clamp(0.02, 0.2));
            let stamps = timeline(&mut rng, channel, at_ms, reached);
            // Every answered chat carries evidence: the chat pasted as text, and a screenshot for the overall
            // impression (no random draw, so the generated answers stay as they were).
            let evidence = channel == Channel::Chat && reached;
            let content = |answers: Answers| EvaluationContent {
                attachments: if evidence {
                    demo_attachment_refs()
                } else {
                    Vec::new()
                },
                assignment_id: uuid::Uuid::parse_str(assignment_id).expect("a new uuid"),
                questionnaire_id: questionnaire.id.clone(),
                questionnaire_version: questionnaire.version,
                channel,
                timeline: stamps.clone(),
                answers,
                notes: NOTES[rng_index(at_ms, NOTES.len())].into(),
                outcome: if reached {
                    Outcome::Reached
                } else {
                    Outcome::NotReached
                },
            };
            let first = if reached {
                answers(&mut rng, &questionnaire, channel, service, &stamps, at)
            } else {
                Answers::new()
            };
            let sent = at + time::Duration::hours(if reached { 2 } else { 3 });
            let reviewed = sent + time::Duration::days(1);
            let roll: f64 = rng.random();
            let mut revisions = vec![SeededRevision {
                content: content(first.clone()).canonical_json(),
                received_at: secrets::timestamp(sent),
                status: ReviewStatus::Approved,
                review: ReviewComments::default(),
                reviewed_at: Some(secrets::timestamp(reviewed)),
            }];
            let waiting = !complete && monday - sent < time::Duration::days(10);
            if reached && roll < 0.12 {
                // Returned: the reviewer asked about the waiting time; the shopper corrected it.
                let question = if channel == Channel::Email {
                    "svartid_epost"
                } else {
                    "ventetid"
                };
                revisions[0].status = ReviewStatus::Returned;
                revisions[0].review = ReviewComments {
                    comment: Some("Sjekk ventetiden mot tidslinjen.".into()),
                    questions: [(question.to_owned(), "Stemmer dette?".to_owned())]
                        .into_iter()
                        .collect(),
                };
                let mut corrected = first.clone();
                if let Some(Answer::Number(seconds)) = corrected.get_mut(question) {
                    *seconds += 15;
                }
                revisions.push(SeededRevision {
                    content: content(corrected).canonical_json(),
                    received_at: secrets::timestamp(reviewed + time::Duration::hours(3)),
                    status: if waiting {
                        ReviewStatus::Received
                    } else {
                        ReviewStatus::Approved
                    },
                    review: ReviewComments::default(),
                    reviewed_at: (!waiting)
                        .then(|| secrets::timestamp(reviewed + time::Duration::days(1))),
                });
            } else if waiting && roll < 0.5 {
                revisions[0].status = ReviewStatus::Received;
                revisions[0].reviewed_at = None;
            }
            tx.insert_seeded_evaluation(
                &uuid::Uuid::new_v4().to_string(),
                assignment_id,
                shopper,
                &revisions,
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(true)
}

/// A stable index from a time, for picking notes without drawing from the generator.
fn rng_index(at_ms: i64, len: usize) -> usize {
    (at_ms / 60_000).rem_euclid(len as i64) as usize
}

/// The demo's companies by class, as a companies import would give them.
fn demo_companies() -> Vec<CompanyRow> {
    CLASSES
        .iter()
        .flat_map(|(class, companies)| {
            companies.iter().map(|company| CompanyRow {
                class: (*class).to_owned(),
                company: (*company).to_owned(),
                organisation_number: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_picture_is_a_png_whose_chunks_and_pixels_add_up() {
        let png = chat_picture();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut at = 8;
        let mut kinds = Vec::new();
        let mut pixels = Vec::new();
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let body = &png[at + 4..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc32(body), crc, "each chunk's CRC");
            kinds.push(String::from_utf8_lossy(&body[..4]).into_owned());
            if &body[..4] == b"IDAT" {
                // Stored deflate blocks after the two-byte zlib header: read them back.
                let data = &body[4..];
                let mut z = 2;
                loop {
                    let last = data[z] & 1 == 1;
                    let n = u16::from_le_bytes([data[z + 1], data[z + 2]]) as usize;
                    pixels.extend_from_slice(&data[z + 5..z + 5 + n]);
                    z += 5 + n;
                    if last {
                        break;
                    }
                }
                assert_eq!(z + 4, data.len(), "the Adler-32 closes the stream");
            }
            at += 12 + len;
        }
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        assert_eq!(
            pixels.len(),
            80 * (1 + 120 * 3),
            "every row: a filter byte and 120 RGB pixels"
        );
        assert!(png.len() < 40_000, "{} bytes", png.len());
    }

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
    fn generated_contacts_are_valid_evaluations_and_unanswered_calls_are_three_an_hour_apart() {
        let q = questionnaire();
        let mut rng = StdRng::seed_from_u64(WAVES_SEED);
        let at = time::macros::datetime!(2026-03-02 10:00 UTC);
        let at_ms = (at.unix_timestamp_nanos() / 1_000_000) as i64;
        for channel in Channel::ALL {
            for quality in [0.2, 0.6, 1.0] {
                let stamps = timeline(&mut rng, channel, at_ms, true);
                let given = answers(&mut rng, &q, channel, quality, &stamps, at);
                let problems = shopper_domain::validation::validate(&q, channel, &given);
                assert!(problems.is_empty(), "{channel:?} {quality}: {problems:?}");
            }
        }
        let calls = timeline(&mut rng, Channel::Phone, at_ms, false);
        let attempts = shopper_domain::outcome::unanswered_calls(&calls);
        assert_eq!(attempts.len(), 3);
        assert!(attempts
            .windows(2)
            .all(|w| w[1].started_ms - w[0].started_ms >= 60 * 60_000));
        let rule = shopper_domain::outcome::OutcomeRule::default();
        assert_eq!(
            shopper_domain::outcome::not_reached_allowed(&rule, Channel::Phone, &calls, at_ms),
            Ok(())
        );
    }

    #[test]
    fn better_service_gives_better_scores_in_the_generated_answers() {
        let q = questionnaire();
        let mut rng = StdRng::seed_from_u64(WAVES_SEED);
        let at = time::macros::datetime!(2026-03-02 10:00 UTC);
        let mean = |rng: &mut StdRng, quality: f64| {
            let total: f64 = (0..30)
                .map(|_| {
                    let stamps = timeline(rng, Channel::Phone, 0, true);
                    let content = EvaluationContent {
                        attachments: Vec::new(),
                        assignment_id: uuid::Uuid::nil(),
                        questionnaire_id: q.id.clone(),
                        questionnaire_version: q.version,
                        channel: Channel::Phone,
                        answers: answers(rng, &q, Channel::Phone, quality, &stamps, at),
                        timeline: stamps,
                        notes: String::new(),
                        outcome: Outcome::Reached,
                    };
                    shopper_domain::score(&q, &content).percent().unwrap_or(0.0)
                })
                .sum();
            total / 30.0
        };
        let (poor, good) = (mean(&mut rng, 0.3), mean(&mut rng, 0.9));
        assert!(good > poor + 20.0, "{poor} vs {good}");
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
