//! How the console writes times, durations, percentages and people: times in Europe/Oslo ("1. des. 2026 kl.
//! 09:17", the exact time on hover), never the UTC text the database keeps.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use maud::{html, Markup};

use super::words::Lang;

const MONTHS_NB: [&str; 12] = [
    "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn oslo() -> TimeZone {
    TimeZone::get("Europe/Oslo").unwrap_or(TimeZone::UTC)
}

/// A day and clock time: "1. des. 2026 kl. 09:17" or "1 Dec 2026, 09:17".
fn civil_text(at: DateTime, lang: Lang) -> String {
    let month = usize::try_from(at.month() - 1).unwrap_or(0);
    let (day, year, hour, minute) = (at.day(), at.year(), at.hour(), at.minute());
    match lang {
        Lang::Nb => format!(
            "{day}. {} {year} kl. {hour:02}:{minute:02}",
            MONTHS_NB[month]
        ),
        Lang::En => format!("{day} {} {year}, {hour:02}:{minute:02}", MONTHS_EN[month]),
    }
}

/// Today in Oslo, `YYYY-MM-DD`.
pub fn today_in_oslo() -> String {
    Timestamp::now()
        .to_zoned_datetime(oslo())
        .date()
        .to_string()
}

/// A day (`YYYY-MM-DD`) as "1. des. 2026" or "1 Dec 2026"; the text itself when it is not one.
pub fn date_text(day: &str, lang: Lang) -> String {
    match day.get(..10).unwrap_or(day).parse::<jiff::civil::Date>() {
        Ok(date) => {
            let month = usize::try_from(date.month() - 1).unwrap_or(0);
            match lang {
                Lang::Nb => format!("{}. {} {}", date.day(), MONTHS_NB[month], date.year()),
                Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
            }
        }
        Err(_) => day.to_owned(),
    }
}

/// `at` (a stored UTC timestamp, `2026-12-01T08:17:53Z`) in Oslo's time: "1. des. 2026 kl. 09:17" or
/// "1 Dec 2026, 09:17"; the text itself when it is not a timestamp.
pub fn time_text(at: &str, lang: Lang) -> String {
    match at.parse::<Timestamp>() {
        Ok(stamp) => civil_text(stamp.to_zoned_datetime(oslo()).datetime(), lang),
        Err(_) => at.to_owned(),
    }
}

/// A date and time as a shopper answers it (`2026-11-20T10:15`, the time where the contact took place).
pub fn answered_time_text(text: &str, lang: Lang) -> String {
    match text.parse::<DateTime>() {
        Ok(at) => civil_text(at, lang),
        Err(_) => text.to_owned(),
    }
}

/// The exact moment, to the second, with its offset from UTC: what hovering over a time shows.
pub fn exact_time(at: &str) -> String {
    match at.parse::<Timestamp>() {
        Ok(stamp) => stamp
            .to_zoned_datetime(oslo())
            .strftime("%Y-%m-%d %H:%M:%S %:z")
            .to_string(),
        Err(_) => at.to_owned(),
    }
}

/// A `<time>` element: the readable Oslo time, the exact one on hover.
pub fn time(at: &str, lang: Lang) -> Markup {
    html! { time datetime=(at) title=(exact_time(at)) { (time_text(at, lang)) } }
}

/// Milliseconds since 1970 as a stored timestamp (UTC text).
pub fn from_millis(ms: i64) -> String {
    Timestamp::from_millisecond(ms).map_or_else(
        |_| String::new(),
        |t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

/// Seconds as "25 s", "2 min 5 s", "1 t 3 min" ("1 h 3 min").
pub fn duration(seconds: i64, lang: Lang) -> String {
    let hour = lang.t("t", "h");
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 && s % 60 == 0 => format!("{} min", s / 60),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} {hour} {} min", s / 3600, (s % 3600) / 60),
    }
}

/// An NPS, -100 to 100, with one decimal and its sign ("+12,5", "-3,0"), or a dash.
pub fn nps(value: Option<f64>, lang: Lang) -> String {
    match value {
        None => "–".into(),
        Some(v) => {
            let text = format!("{v:+.1}");
            match lang {
                Lang::Nb => text.replace('.', ",").replace('-', "−"),
                Lang::En => text,
            }
        }
    }
}

/// A percentage with one decimal ("87,5 %" in Norwegian), or a dash.
pub fn percent(value: Option<f64>, lang: Lang) -> String {
    match value {
        None => "–".into(),
        Some(p) if lang == Lang::Nb => format!("{p:.1} %").replace('.', ","),
        Some(p) => format!("{p:.1} %"),
    }
}

/// A score that decides places, to hundredths ("87,45 %"), or a dash.
pub fn score(value: Option<f64>, lang: Lang) -> String {
    match value {
        None => "–".into(),
        Some(p) if lang == Lang::Nb => format!("{p:.2} %").replace('.', ","),
        Some(p) => format!("{p:.2} %"),
    }
}

/// The person in an audit entry's actor ("Kari Nordmann (3f2c…)" as stored): the name without the id.
pub fn actor_name(actor: &str) -> &str {
    match actor.rfind(" (") {
        Some(cut) if actor.ends_with(')') => &actor[..cut],
        _ => actor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_oslo_time_winter_and_summer() {
        assert_eq!(
            time_text("2026-12-01T08:17:53Z", Lang::Nb),
            "1. des. 2026 kl. 09:17"
        );
        assert_eq!(
            time_text("2026-12-01T08:17:53Z", Lang::En),
            "1 Dec 2026, 09:17"
        );
        assert_eq!(
            time_text("2026-07-14T22:05:00Z", Lang::Nb),
            "15. juli 2026 kl. 00:05"
        );
        assert_eq!(
            exact_time("2026-12-01T08:17:53Z"),
            "2026-12-01 09:17:53 +01:00"
        );
        assert_eq!(time_text("not a time", Lang::Nb), "not a time");
        assert_eq!(
            answered_time_text("2026-11-20T10:15", Lang::Nb),
            "20. nov. 2026 kl. 10:15"
        );
    }

    #[test]
    fn a_timeline_stamp_becomes_a_stored_timestamp() {
        assert_eq!(from_millis(1_763_633_700_000), "2025-11-20T10:15:00Z");
    }

    #[test]
    fn durations_read_as_seconds_minutes_and_hours() {
        assert_eq!(duration(25, Lang::Nb), "25 s");
        assert_eq!(duration(120, Lang::Nb), "2 min");
        assert_eq!(duration(125, Lang::Nb), "2 min 5 s");
        assert_eq!(duration(3780, Lang::Nb), "1 t 3 min");
        assert_eq!(duration(3780, Lang::En), "1 h 3 min");
    }

    #[test]
    fn percentages_use_the_languages_decimal_mark() {
        assert_eq!(percent(Some(87.45), Lang::Nb), "87,5 %");
        assert_eq!(percent(Some(87.45), Lang::En), "87.5 %");
        assert_eq!(percent(None, Lang::Nb), "–");
        assert_eq!(score(Some(87.454), Lang::Nb), "87,45 %");
        assert_eq!(score(Some(87.454), Lang::En), "87.45 %");
    }

    #[test]
    fn an_actor_is_named_without_their_id() {
        assert_eq!(actor_name("Kari Nordmann (3f2c-11)"), "Kari Nordmann");
        assert_eq!(actor_name("Demo admin (demo) (a1)"), "Demo admin (demo)");
        assert_eq!(actor_name("API token"), "API token");
    }
}
