//! When an assignment's contact may be made, as the phone tells it: the local time in Europe/Oslo (from the
//! browser's `Intl`, whatever zone the phone is set to), the domain's window status, and its words
//! ("Kan gjennomføres nå", "Utenfor tidsvinduet (man–fre 09–15)").

use shopper_domain::protocol::Assignment;
use shopper_domain::window::{Date, Hours, LocalTime, Weekdays, Window, WindowStatus};

use crate::i18n::{self, Lang};

/// The competition's local time at `ms` (milliseconds since the epoch), to the minute.
pub fn oslo_time(ms: i64) -> Option<LocalTime> {
    use std::cell::OnceCell;
    use wasm_bindgen::JsCast;
    thread_local! {
        static OSLO: OnceCell<js_sys::Intl::DateTimeFormat> = const { OnceCell::new() };
    }
    let parts = OSLO.with(|cell| {
        let formatter = cell.get_or_init(|| {
            let options = js_sys::Object::new();
            for (key, value) in [
                ("timeZone", "Europe/Oslo"),
                ("year", "numeric"),
                ("month", "numeric"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "numeric"),
                ("hourCycle", "h23"),
            ] {
                let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
            }
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"en-GB".into()), &options)
        });
        formatter.format_to_parts(&js_sys::Date::new(&(ms as f64).into()))
    });
    let (mut year, mut month, mut day, mut hour, mut minute) = (None, None, None, None, None);
    for part in parts.iter() {
        let part: js_sys::Object = part.unchecked_into();
        let read = |key: &str| {
            js_sys::Reflect::get(&part, &key.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        let value = read("value").and_then(|v| v.parse::<u16>().ok());
        match read("type").as_deref() {
            Some("year") => year = value,
            Some("month") => month = value,
            Some("day") => day = value,
            Some("hour") => hour = value,
            Some("minute") => minute = value,
            _ => {}
        }
    }
    Some(LocalTime {
        date: Date {
            year: i32::from(year?),
            month: u8::try_from(month?).ok()?,
            day: u8::try_from(day?).ok()?,
        },
        minute: hour? % 24 * 60 + minute?,
    })
}

/// The window of `assignment` and what it is at `now_ms`; none when its dates cannot be read.
pub fn status(assignment: &Assignment, now_ms: i64) -> Option<(Window, WindowStatus)> {
    let window = assignment.window()?;
    Some((window, window.status(oslo_time(now_ms)?)))
}

/// Whether the first stamp of `assignment`'s contact at `now_ms` is to be confirmed (outside its window).
pub fn asks_before_first_stamp(assignment: &Assignment, now_ms: i64) -> bool {
    let Some(window) = assignment.window() else {
        return false;
    };
    oslo_time(now_ms).is_some_and(|now| window.asks_before_first_stamp(now))
}

/// The window's days and hours as people write them: "man–fre 09–15", "Mon–Fri 09:30–15:00"; every day
/// and the whole day leave their part out.
pub fn days_and_hours(lang: Lang, window: &Window) -> String {
    let mut parts = Vec::new();
    if window.weekdays != Weekdays::ALL {
        let runs: Vec<String> = window
            .weekdays
            .days()
            .into_iter()
            .map(|(from, to)| match to - from {
                0 => i18n::weekday(lang, from - 1),
                _ => format!(
                    "{}–{}",
                    i18n::weekday(lang, from - 1),
                    i18n::weekday(lang, to - 1)
                ),
            })
            .collect();
        parts.push(runs.join(", "));
    }
    if window.hours != Hours::WHOLE_DAY {
        let Hours { from, to } = window.hours;
        let whole = from % 60 == 0 && to % 60 == 0;
        let clock = |minute: u16| {
            if whole {
                format!("{:02}", minute / 60)
            } else {
                format!("{:02}:{:02}", minute / 60, minute % 60)
            }
        };
        parts.push(format!("{}–{}", clock(from), clock(to)));
    }
    parts.join(" ")
}

/// What the card and the contact screen say: "Kan gjennomføres nå", "Utenfor tidsvinduet (man–fre 09–15)",
/// "Ikke ennå: fra 3. des. (man–fre 09–15)", "Tidsvinduet gikk ut 15. des.".
pub fn describe(lang: Lang, window: &Window, status: WindowStatus) -> String {
    let words = lang.words();
    let when = days_and_hours(lang, window);
    let with_when = |text: String| {
        if when.is_empty() {
            text
        } else {
            format!("{text} ({when})")
        }
    };
    match status {
        WindowStatus::Open => words.window_open.to_owned(),
        WindowStatus::Outside => with_when(words.window_outside.to_owned()),
        WindowStatus::NotYet => with_when(i18n::fill(
            words.window_not_yet,
            &[&i18n::date(lang, &window.first.to_string())],
        )),
        WindowStatus::Over => i18n::fill(
            words.window_over,
            &[&i18n::date(lang, &window.last.to_string())],
        ),
    }
}

/// The name of a status for `data-status` (tests and styles).
pub fn status_name(status: WindowStatus) -> &'static str {
    match status {
        WindowStatus::Open => "open",
        WindowStatus::NotYet => "not-yet",
        WindowStatus::Outside => "outside",
        WindowStatus::Over => "over",
    }
}
