//! Time windows: when a contact may be made. A window is a set of weekdays and a span of hours between two
//! dates, all in the competition's local time (Europe/Oslo, civil dates and clock times: the caller turns an
//! instant into local time). The server checks a window against its campaign's, the planner makes them, the
//! phone asks [`Window::status`] whether a contact can be made now, and [`timing_flags`] says whether a contact
//! was made outside its window or after its due date.

use std::fmt;

/// A civil date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD` (a longer text, such as `YYYY-MM-DDTHH:MM`, is read by its first ten characters).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.get(..10)?;
        let bytes = text.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let date = Date {
            year: year as i32,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= date.days_in_month())
            .then_some(date)
    }

    fn is_leap(year: i32) -> bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    fn days_in_month(self) -> u8 {
        match self.month {
            2 if Self::is_leap(self.year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.days() + days)
    }

    /// Monday 0 ... Sunday 6.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.days() + 3).rem_euclid(7) as u8
    }

    /// The Monday of this date's week.
    pub fn monday(self) -> Date {
        self.add_days(-i64::from(self.weekday()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A local date and clock time, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime {
    pub date: Date,
    /// Minutes after midnight, 0..1440.
    pub minute: u16,
}

impl LocalTime {
    /// `YYYY-MM-DDTHH:MM` (seconds and anything after them are ignored) or `YYYY-MM-DD` (midnight).
    pub fn parse(text: &str) -> Option<LocalTime> {
        let date = Date::parse(text)?;
        let minute = match text.get(10..) {
            None | Some("") => 0,
            Some(rest) => {
                let rest = rest.strip_prefix(['T', ' '])?;
                clock(rest.get(..5)?)?
            }
        };
        Some(LocalTime { date, minute })
    }
}

/// `HH:MM` (or `HH`) as minutes after midnight; `24:00` is the end of the day.
fn clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':').unwrap_or((text, "00"));
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || minutes.len() != 2 || !all_digits(minutes) {
        return None;
    }
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 24 * 60).then_some(total)
}

fn clock_text(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A set of weekdays, Monday (bit 0) to Sunday (bit 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekdays(pub u8);

impl Weekdays {
    pub const ALL: Weekdays = Weekdays(0b111_1111);
    /// Monday to Friday.
    pub const WORKDAYS: Weekdays = Weekdays(0b001_1111);

    pub fn contains(self, weekday: u8) -> bool {
        weekday < 7 && self.0 & (1 << weekday) != 0
    }

    pub fn is_subset_of(self, other: Weekdays) -> bool {
        self.0 & !other.0 == 0
    }

    /// ISO day numbers, Monday 1 to Sunday 7: `1-5`, `1,3,5`, `6-7`; empty text is no day.
    pub fn parse(text: &str) -> Option<Weekdays> {
        let mut set = 0u8;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (from, to) = part.split_once('-').unwrap_or((part, part));
            let day = |s: &str| s.trim().parse::<u8>().ok().filter(|d| (1..=7).contains(d));
            let (from, to) = (day(from)?, day(to)?);
            if from > to {
                return None;
            }
            for d in from..=to {
                set |= 1 << (d - 1);
            }
        }
        Some(Weekdays(set))
    }

    /// The days as runs of ISO numbers (`1-5`, `1,3,5`).
    pub fn days(self) -> Vec<(u8, u8)> {
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for d in 0..7u8 {
            if !self.contains(d) {
                continue;
            }
            match runs.last_mut() {
                Some((_, to)) if *to == d => *to = d + 1,
                _ => runs.push((d + 1, d + 1)),
            }
        }
        runs
    }
}

impl fmt::Display for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let runs: Vec<String> = self
            .days()
            .into_iter()
            .map(|(a, b)| match b - a {
                0 => a.to_string(),
                1 => format!("{a},{b}"),
                _ => format!("{a}-{b}"),
            })
            .collect();
        f.write_str(&runs.join(","))
    }
}

/// A span of clock time within a day, `from` up to (not including) `to`, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hours {
    pub from: u16,
    pub to: u16,
}

impl Hours {
    pub const WHOLE_DAY: Hours = Hours {
        from: 0,
        to: 24 * 60,
    };

    /// `09:00-15:00` or `09-15`.
    pub fn parse(text: &str) -> Option<Hours> {
        let (from, to) = text.split_once('-')?;
        Some(Hours {
            from: clock(from.trim())?,
            to: clock(to.trim())?,
        })
    }

    pub fn contains(self, minute: u16) -> bool {
        self.from <= minute && minute < self.to
    }

    pub fn is_within(self, other: Hours) -> bool {
        other.from <= self.from && self.to <= other.to
    }

    pub fn minutes(self) -> u16 {
        self.to.saturating_sub(self.from)
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", clock_text(self.from), clock_text(self.to))
    }
}

/// When contacts may be made: the `weekdays` between `first` and `last` (both included), in `hours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub first: Date,
    pub last: Date,
    pub weekdays: Weekdays,
    pub hours: Hours,
}

/// What is wrong with a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowProblem {
    /// The last day is before the first.
    EndsBeforeStart,
    /// No weekday is allowed.
    NoWeekday,
    /// The hours end before (or when) they start.
    HoursReversed,
    /// No allowed weekday falls between the two dates.
    NoDay,
    /// A day the campaign does not allow (a Sunday when it says Monday to Friday).
    WeekdayOutsideCampaign,
    /// Hours outside the campaign's (20:00-23:30 when it says 09:00-15:00).
    HoursOutsideCampaign,
    /// Dates outside the campaign's.
    DatesOutsideCampaign,
}

impl WindowProblem {
    /// The stable code (API and console).
    pub fn code(self) -> &'static str {
        match self {
            WindowProblem::EndsBeforeStart => "window_reversed",
            WindowProblem::NoWeekday => "window_no_weekday",
            WindowProblem::HoursReversed => "window_hours_reversed",
            WindowProblem::NoDay => "window_no_day",
            WindowProblem::WeekdayOutsideCampaign => "window_weekday_outside_campaign",
            WindowProblem::HoursOutsideCampaign => "window_hours_outside_campaign",
            WindowProblem::DatesOutsideCampaign => "window_dates_outside_campaign",
        }
    }
}

/// Whether a contact can be made at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowStatus {
    /// Now is inside the window ("Kan gjennomføres nå").
    Open,
    /// The window has not begun: its first day is still to come.
    NotYet,
    /// Between the dates, but not on an allowed weekday or not within the hours ("Utenfor tidsvinduet").
    Outside,
    /// The window's last day has passed.
    Over,
}

impl Window {
    /// A window that is well-formed on its own: dates in order, some weekday, hours in order, and at least one
    /// allowed day between the dates.
    pub fn check(&self) -> Result<(), WindowProblem> {
        self.check_shape()?;
        self.check_some_day()
    }

    fn check_shape(&self) -> Result<(), WindowProblem> {
        if self.last < self.first {
            return Err(WindowProblem::EndsBeforeStart);
        }
        if self.weekdays.0 & 0b111_1111 == 0 {
            return Err(WindowProblem::NoWeekday);
        }
        if self.hours.to <= self.hours.from {
            return Err(WindowProblem::HoursReversed);
        }
        Ok(())
    }

    fn check_some_day(&self) -> Result<(), WindowProblem> {
        if self.days().next().is_none() {
            return Err(WindowProblem::NoDay);
        }
        Ok(())
    }

    /// [`Window::check`], and inside the campaign's window: its weekdays, hours and dates. A weekday the
    /// campaign does not allow is named first, then a window with no allowed day between its dates (a Sunday
    /// when the campaign says Monday to Friday), then hours and dates outside the campaign's.
    pub fn check_within(&self, campaign: &Window) -> Result<(), WindowProblem> {
        self.check_shape()?;
        if !self.weekdays.is_subset_of(campaign.weekdays) {
            return Err(WindowProblem::WeekdayOutsideCampaign);
        }
        self.check_some_day()?;
        if !self.hours.is_within(campaign.hours) {
            return Err(WindowProblem::HoursOutsideCampaign);
        }
        if self.first < campaign.first || self.last > campaign.last {
            return Err(WindowProblem::DatesOutsideCampaign);
        }
        Ok(())
    }

    /// Every allowed day of the window, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        let (first, last) = (self.first.days(), self.last.days());
        (first..=last)
            .map(Date::from_days)
            .filter(|d| self.weekdays.contains(d.weekday()))
    }

    /// Whether `at` is on an allowed day between the dates and within the hours.
    pub fn contains(&self, at: LocalTime) -> bool {
        self.first <= at.date
            && at.date <= self.last
            && self.weekdays.contains(at.date.weekday())
            && self.hours.contains(at.minute)
    }

    /// What the phone shows at local time `now`: open, not yet, outside (another day or hour), or over.
    pub fn status(&self, now: LocalTime) -> WindowStatus {
        if self.contains(now) {
            WindowStatus::Open
        } else if now.date < self.first {
            WindowStatus::NotYet
        } else if now.date > self.last {
            WindowStatus::Over
        } else {
            WindowStatus::Outside
        }
    }

    /// Whether the first stamp of a contact at `now` should be confirmed first (anything but open).
    pub fn asks_before_first_stamp(&self, now: LocalTime) -> bool {
        self.status(now) != WindowStatus::Open
    }
}

/// The clock time of a local `YYYY-MM-DDTHH:MM` (no zone, no seconds), if the text is one.
fn local_clock(text: &str) -> Option<u16> {
    (text.len() == 16)
        .then(|| LocalTime::parse(text))
        .flatten()
        .map(|t| t.minute)
}

/// An assignment's window from its stored texts: its dates (`YYYY-MM-DD...`), its own weekdays and hours where
/// it has them, else (for hours) the clock times of a local start and end (`2026-03-02T09:00` to
/// `2026-03-06T15:00`), else the campaign's (`campaign`: its weekdays and hours, or every day and the whole day).
pub fn assignment_window(
    window_start: &str,
    window_end: &str,
    weekdays: Option<&str>,
    hours: Option<&str>,
    campaign: (Weekdays, Hours),
) -> Option<Window> {
    let (first, last) = (Date::parse(window_start)?, Date::parse(window_end)?);
    let clock_hours = match (local_clock(window_start), local_clock(window_end)) {
        (Some(from), Some(to)) if to > from => Some(Hours { from, to }),
        _ => None,
    };
    Some(Window {
        first,
        last,
        weekdays: weekdays.and_then(Weekdays::parse).unwrap_or(campaign.0),
        hours: hours
            .and_then(Hours::parse)
            .or(clock_hours)
            .unwrap_or(campaign.1),
    })
}

/// What is odd about when a contact was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimingFlag {
    /// Made on a day or at an hour its window does not allow.
    OutsideWindow,
    /// Made after its due date.
    AfterDue,
}

impl TimingFlag {
    pub fn code(self) -> &'static str {
        match self {
            TimingFlag::OutsideWindow => "outside_window",
            TimingFlag::AfterDue => "after_due",
        }
    }
}

/// The flags of a contact made at local time `made` for an assignment with `window` and `due` date.
pub fn timing_flags(window: &Window, due: Date, made: LocalTime) -> Vec<TimingFlag> {
    let mut flags = Vec::new();
    if !window.contains(made) {
        flags.push(TimingFlag::OutsideWindow);
    }
    if made.date > due {
        flags.push(TimingFlag::AfterDue);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn at(text: &str) -> LocalTime {
        LocalTime::parse(text).unwrap()
    }

    fn workdays_9_to_15() -> Window {
        Window {
            first: date("2026-01-05"),
            last: date("2026-04-03"),
            weekdays: Weekdays::WORKDAYS,
            hours: Hours::parse("09-15").unwrap(),
        }
    }

    #[test]
    fn dates_read_count_and_know_their_weekday() {
        assert_eq!(date("2026-12-01").weekday(), 1, "a Tuesday");
        assert_eq!(date("2026-12-06").weekday(), 6, "a Sunday");
        assert_eq!(date("1970-01-01").days(), 0);
        assert_eq!(date("2024-02-29").add_days(1), date("2024-03-01"));
        assert_eq!(date("2026-12-31").add_days(1), date("2027-01-01"));
        assert_eq!(date("2026-12-03").monday(), date("2026-11-30"));
        for days in -800_000..800_000i64 {
            if days % 997 == 0 {
                assert_eq!(Date::from_days(days).days(), days);
            }
        }
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-01-00",
            "soon",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(date("2026-03-04").to_string(), "2026-03-04");
    }

    #[test]
    fn weekdays_and_hours_read_and_write_as_the_organizer_types_them() {
        assert_eq!(Weekdays::parse("1-5"), Some(Weekdays::WORKDAYS));
        assert_eq!(Weekdays::parse("1, 3,5").unwrap().to_string(), "1,3,5");
        assert_eq!(Weekdays::parse("1-4,6").unwrap().to_string(), "1-4,6");
        assert_eq!(Weekdays::parse("6-7").unwrap().to_string(), "6,7");
        assert_eq!(Weekdays::parse("0"), None);
        assert_eq!(Weekdays::parse("5-1"), None);
        assert_eq!(Weekdays::parse("man"), None);
        let hours = Hours::parse("09-15").unwrap();
        assert_eq!((hours.from, hours.to), (540, 900));
        assert_eq!(hours.to_string(), "09:00-15:00");
        assert_eq!(Hours::parse("20:00-23:30").unwrap().to, 23 * 60 + 30);
        assert_eq!(Hours::parse("08:00-24:00").unwrap().to, 1440);
        for bad in ["9-", "25-26", "09:60-10", "nine-ten", "0900-1000"] {
            assert_eq!(Hours::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_nonsense_window_is_refused_with_its_reason() {
        let campaign = workdays_9_to_15();
        let sunday_evening = Window {
            first: date("2026-01-11"),
            last: date("2026-01-11"),
            weekdays: Weekdays::parse("7").unwrap(),
            hours: Hours::parse("20:00-23:30").unwrap(),
        };
        assert_eq!(
            sunday_evening.check(),
            Ok(()),
            "a Sunday window is a window"
        );
        assert_eq!(
            sunday_evening.check_within(&campaign),
            Err(WindowProblem::WeekdayOutsideCampaign)
        );
        let evening = Window {
            weekdays: Weekdays::WORKDAYS,
            first: date("2026-01-12"),
            last: date("2026-01-16"),
            ..sunday_evening
        };
        assert_eq!(
            evening.check_within(&campaign),
            Err(WindowProblem::HoursOutsideCampaign)
        );
        let reversed = Window {
            first: date("2026-02-01"),
            last: date("2026-01-01"),
            ..campaign
        };
        assert_eq!(reversed.check(), Err(WindowProblem::EndsBeforeStart));
        let weekend_only = Window {
            first: date("2026-01-10"),
            last: date("2026-01-11"),
            ..campaign
        };
        assert_eq!(weekend_only.check(), Err(WindowProblem::NoDay));
        let late = Window {
            last: date("2026-05-01"),
            ..campaign
        };
        assert_eq!(
            late.check_within(&campaign),
            Err(WindowProblem::DatesOutsideCampaign)
        );
        let backwards_hours = Window {
            hours: Hours { from: 900, to: 540 },
            ..campaign
        };
        assert_eq!(backwards_hours.check(), Err(WindowProblem::HoursReversed));
        assert_eq!(
            Window {
                weekdays: Weekdays(0),
                ..campaign
            }
            .check(),
            Err(WindowProblem::NoWeekday)
        );
        assert_eq!(campaign.check_within(&campaign), Ok(()));
    }

    #[test]
    fn the_phone_knows_whether_a_contact_can_be_made_now() {
        let window = workdays_9_to_15();
        assert_eq!(window.status(at("2026-01-05T09:00")), WindowStatus::Open);
        assert_eq!(window.status(at("2026-01-05T14:59")), WindowStatus::Open);
        assert_eq!(window.status(at("2026-01-05T15:00")), WindowStatus::Outside);
        assert_eq!(window.status(at("2026-01-05T08:59")), WindowStatus::Outside);
        assert_eq!(
            window.status(at("2026-01-11T10:00")),
            WindowStatus::Outside,
            "a Sunday"
        );
        assert_eq!(window.status(at("2026-01-02T10:00")), WindowStatus::NotYet);
        assert_eq!(window.status(at("2026-04-06T10:00")), WindowStatus::Over);
        assert!(!window.asks_before_first_stamp(at("2026-02-03T12:00")));
        assert!(window.asks_before_first_stamp(at("2026-02-03T20:00")));
        assert_eq!(window.days().count(), 65, "13 weeks of workdays");
    }

    #[test]
    fn an_assignments_window_takes_its_own_days_and_hours_then_its_clock_times_then_the_campaigns()
    {
        let campaign = (Weekdays::WORKDAYS, Hours::parse("09-15").unwrap());
        let own = assignment_window(
            "2026-03-02",
            "2026-03-06",
            Some("1-3"),
            Some("10-12"),
            campaign,
        )
        .unwrap();
        assert_eq!(
            (own.weekdays.to_string(), own.hours.to_string()),
            ("1-3".into(), "10:00-12:00".into())
        );
        let clock = assignment_window("2026-03-02T09:30", "2026-03-06T11:00", None, None, campaign)
            .unwrap();
        assert_eq!(clock.hours.to_string(), "09:30-11:00");
        let utc = assignment_window(
            "2026-03-02T08:00:00Z",
            "2026-03-16T08:00:00Z",
            None,
            None,
            campaign,
        )
        .unwrap();
        assert_eq!(
            (utc.first, utc.last, utc.hours),
            (date("2026-03-02"), date("2026-03-16"), campaign.1)
        );
        assert_eq!(
            assignment_window("soon", "2026-03-06", None, None, campaign),
            None
        );
    }

    #[test]
    fn a_contact_outside_its_window_or_after_its_due_date_is_flagged() {
        let window = workdays_9_to_15();
        let due = date("2026-04-03");
        assert!(timing_flags(&window, due, at("2026-02-03T10:00")).is_empty());
        assert_eq!(
            timing_flags(&window, due, at("2026-02-08T21:00")),
            [TimingFlag::OutsideWindow]
        );
        assert_eq!(
            timing_flags(&window, due, at("2026-08-03T10:00")),
            [TimingFlag::OutsideWindow, TimingFlag::AfterDue]
        );
        let long = Window {
            last: date("2026-12-31"),
            ..window
        };
        assert_eq!(
            timing_flags(&long, due, at("2026-08-03T10:00")),
            [TimingFlag::AfterDue]
        );
    }
}
