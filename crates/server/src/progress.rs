//! How far a campaign has come: per campaign, class, company and shopper, how many contacts are planned,
//! started (a draft backed up from the phone), sent, approved, returned, not reached and overdue; the overdue
//! contacts with whom to chase (name, e-mail, phone); the same as CSV. Counted from the stored assignments, their
//! draft backups and evaluations; cancelled assignments and withdrawn companies are left out of the counts.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::error::Result;
use crate::store::{AssignmentLine, Store};

/// The counts of one group of assignments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Counts {
    /// Active assignments.
    pub planned: u32,
    /// A draft is backed up from the phone, nothing sent yet.
    pub started: u32,
    /// An evaluation was sent (whatever its review since).
    pub sent: u32,
    pub approved: u32,
    /// Sent back to the shopper to fix.
    pub returned: u32,
    /// Sent as not reached (nobody answered).
    pub not_reached: u32,
    /// Past its due date and not sent (or returned and not sent again).
    pub overdue: u32,
}

/// One group's name and counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupCounts {
    pub name: String,
    /// The class a company is in (companies only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    pub counts: Counts,
}

/// A contact past its due date, and whom to chase.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Overdue {
    pub assignment_id: String,
    pub class: String,
    pub company: String,
    pub channel: String,
    pub due: String,
    pub days_overdue: i64,
    /// `not_started`, `started` (a draft on the phone) or `returned`.
    pub state: String,
    pub shopper: String,
    pub shopper_email: Option<String>,
    pub shopper_phone: Option<String>,
}

/// A campaign's progress.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub campaign: String,
    /// The day overdue is counted against (`YYYY-MM-DD`, Oslo).
    pub today: String,
    pub total: Counts,
    pub classes: Vec<GroupCounts>,
    pub companies: Vec<GroupCounts>,
    pub shoppers: Vec<GroupCounts>,
    /// Oldest due first.
    pub overdue: Vec<Overdue>,
    /// Companies withdrawn from the campaign (their assignments are not counted).
    pub withdrawn: Vec<String>,
    pub cancelled: u32,
}

/// Today's date in Oslo.
pub fn today() -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Oslo").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now()
        .to_zoned_datetime(tz)
        .date()
        .to_string()
}

/// Midnight in Oslo at the start of `day` (`YYYY-MM-DD`; or of the day after, `after`), as a stored UTC
/// timestamp: how a filter's "from" and "to" days become bounds on stored times.
pub fn oslo_midnight_utc(day: &str, after: bool) -> Option<String> {
    let date: jiff::civil::Date = day.parse().ok()?;
    let date = if after { date.tomorrow().ok()? } else { date };
    let zone = jiff::tz::TimeZone::get("Europe/Oslo").unwrap_or(jiff::tz::TimeZone::UTC);
    let midnight = date.to_datetime(jiff::civil::Time::midnight());
    let at = zone.to_ambiguous_timestamp(midnight).compatible().ok()?;
    Some(at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Where an active assignment stands on `today`.
fn count(line: &AssignmentLine, today: &str, counts: &mut Counts) -> Option<&'static str> {
    counts.planned += 1;
    let status = line.evaluation_status.as_deref();
    match status {
        Some(status) => {
            counts.sent += 1;
            match status {
                "approved" => counts.approved += 1,
                "returned" => counts.returned += 1,
                _ => {}
            }
            if line.not_reached == 1 {
                counts.not_reached += 1;
            }
        }
        None if line.draft == 1 => counts.started += 1,
        None => {}
    }
    let open = matches!(status, None | Some("returned"));
    if open && line.due.get(..10).is_some_and(|due| due < today) {
        counts.overdue += 1;
        return Some(match status {
            Some(_) => "returned",
            None if line.draft == 1 => "started",
            None => "not_started",
        });
    }
    None
}

fn days_between(from: &str, to: &str) -> i64 {
    use shopper_domain::window::Date;
    match (Date::parse(from), Date::parse(to)) {
        (Some(from), Some(to)) => to.days() - from.days(),
        _ => 0,
    }
}

/// The campaign's progress as of `today` (`YYYY-MM-DD`).
pub fn progress_of(
    campaign: &str,
    lines: &[AssignmentLine],
    roster: &[crate::store::RosterRow],
    today: &str,
) -> Progress {
    let mut total = Counts::default();
    let mut classes: BTreeMap<String, Counts> = BTreeMap::new();
    let mut companies: BTreeMap<(String, String), Counts> = BTreeMap::new();
    let mut shoppers: BTreeMap<String, Counts> = BTreeMap::new();
    let mut overdue = Vec::new();
    let mut withdrawn: Vec<String> = Vec::new();
    let mut cancelled = 0;
    let reach: HashMap<&str, (&Option<String>, &Option<String>)> = roster
        .iter()
        .map(|(id, _, _, email, phone)| (id.as_str(), (email, phone)))
        .collect();
    for line in lines {
        if line.withdrawn_at.is_some() {
            if !withdrawn.contains(&line.company) {
                withdrawn.push(line.company.clone());
            }
            continue;
        }
        if line.cancelled_at.is_some() {
            cancelled += 1;
            continue;
        }
        let state = count(line, today, &mut total);
        count(line, today, classes.entry(line.class.clone()).or_default());
        count(
            line,
            today,
            companies
                .entry((line.class.clone(), line.company.clone()))
                .or_default(),
        );
        count(
            line,
            today,
            shoppers.entry(line.shopper.clone()).or_default(),
        );
        if let Some(state) = state {
            let (email, phone) = reach
                .get(line.shopper_id.as_str())
                .map(|(e, p)| ((*e).clone(), (*p).clone()))
                .unwrap_or_default();
            overdue.push(Overdue {
                assignment_id: line.id.clone(),
                class: line.class.clone(),
                company: line.company.clone(),
                channel: line.channel.clone(),
                due: line.due.get(..10).unwrap_or(&line.due).to_owned(),
                days_overdue: days_between(&line.due, today),
                state: state.to_owned(),
                shopper: line.shopper.clone(),
                shopper_email: email,
                shopper_phone: phone,
            });
        }
    }
    overdue.sort_by(|a, b| (&a.due, &a.shopper, &a.company).cmp(&(&b.due, &b.shopper, &b.company)));
    withdrawn.sort();
    let group = |(name, counts): (String, Counts)| GroupCounts {
        name,
        class: None,
        counts,
    };
    Progress {
        campaign: campaign.to_owned(),
        today: today.to_owned(),
        total,
        classes: classes.into_iter().map(group).collect(),
        companies: companies
            .into_iter()
            .map(|((class, name), counts)| GroupCounts {
                name,
                class: Some(class),
                counts,
            })
            .collect(),
        shoppers: shoppers.into_iter().map(group).collect(),
        overdue,
        withdrawn,
        cancelled,
    }
}

/// The campaign's progress today.
pub async fn progress(store: &Store, campaign: &crate::store::Campaign) -> Result<Progress> {
    let lines = store.campaign_assignments(&campaign.id).await?;
    let roster = store.roster().await?;
    Ok(progress_of(&campaign.name, &lines, &roster, &today()))
}

/// The progress as CSV: one row per group (`campaign`, `class`, `company`, `shopper`) with the counts, then
/// one row per overdue contact.
pub fn progress_csv(progress: &Progress) -> Result<String> {
    // Two tables of different widths in one file.
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let error = |e: csv::Error| crate::error::Error::Internal(e.to_string());
    writer
        .write_record([
            "level",
            "name",
            "class",
            "planned",
            "started",
            "sent",
            "approved",
            "returned",
            "not_reached",
            "overdue",
        ])
        .map_err(error)?;
    let mut row = |level: &str, name: &str, class: &str, c: &Counts| {
        let numbers = [
            c.planned,
            c.started,
            c.sent,
            c.approved,
            c.returned,
            c.not_reached,
            c.overdue,
        ]
        .map(|n| n.to_string());
        let mut record = vec![
            level.to_owned(),
            crate::campaign::spreadsheet_cell(name).into_owned(),
            crate::campaign::spreadsheet_cell(class).into_owned(),
        ];
        record.extend(numbers);
        writer.write_record(&record).map_err(error)
    };
    row("campaign", &progress.campaign, "", &progress.total)?;
    for group in &progress.classes {
        row("class", &group.name, "", &group.counts)?;
    }
    for group in &progress.companies {
        row(
            "company",
            &group.name,
            group.class.as_deref().unwrap_or_default(),
            &group.counts,
        )?;
    }
    for group in &progress.shoppers {
        row("shopper", &group.name, "", &group.counts)?;
    }
    writer
        .write_record([
            "overdue",
            "due",
            "days_overdue",
            "state",
            "class",
            "company",
            "channel",
            "shopper",
            "shopper_email",
            "shopper_phone",
        ])
        .map_err(error)?;
    for o in &progress.overdue {
        let cells = [
            "overdue".to_owned(),
            o.due.clone(),
            o.days_overdue.to_string(),
            o.state.clone(),
            o.class.clone(),
            o.company.clone(),
            o.channel.clone(),
            o.shopper.clone(),
            o.shopper_email.clone().unwrap_or_default(),
            o.shopper_phone.clone().unwrap_or_default(),
        ];
        let cells: Vec<String> = cells
            .iter()
            .map(|c| crate::campaign::spreadsheet_cell(c).into_owned())
            .collect();
        writer.write_record(&cells).map_err(error)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| error(e.into_error().into()))?;
    String::from_utf8(bytes).map_err(|e| crate::error::Error::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(company: &str, shopper: &str, due: &str) -> AssignmentLine {
        AssignmentLine {
            id: format!("{company}-{shopper}"),
            company_id: company.into(),
            company: company.into(),
            class: "Bank".into(),
            shopper_id: shopper.into(),
            shopper: shopper.into(),
            channel: "phone".into(),
            scenario: String::new(),
            window_start: "2026-01-05".into(),
            window_end: due.into(),
            weekdays: None,
            hours: None,
            due: due.into(),
            cancelled_at: None,
            withdrawn_at: None,
            evaluation_status: None,
            not_reached: 0,
            draft: 0,
        }
    }

    #[test]
    fn each_contact_is_counted_where_it_stands_and_the_overdue_are_listed_with_whom_to_chase() {
        let mut lines = vec![
            line("A", "kari", "2026-01-09"),
            line("A", "ola", "2026-01-09"),
            line("B", "kari", "2026-02-01"),
            line("B", "ola", "2026-01-16"),
            line("C", "kari", "2026-01-09"),
            line("D", "ola", "2026-01-09"),
        ];
        lines[1].draft = 1; // started, overdue
        lines[2].evaluation_status = Some("approved".into());
        lines[3].evaluation_status = Some("returned".into()); // returned, overdue
        lines[4].cancelled_at = Some("2026-01-06T10:00:00Z".into());
        lines[5].withdrawn_at = Some("2026-01-06T10:00:00Z".into());
        let mut sent_unreached = line("B", "per", "2026-01-09");
        sent_unreached.evaluation_status = Some("received".into());
        sent_unreached.not_reached = 1;
        lines.push(sent_unreached);
        let roster = vec![(
            "kari".to_owned(),
            "kari".to_owned(),
            None,
            Some("kari@example.com".to_owned()),
            Some("+4790000000".to_owned()),
        )];
        let progress = progress_of("Vår", &lines, &roster, "2026-01-20");
        assert_eq!(
            progress.total,
            Counts {
                planned: 5,
                started: 1,
                sent: 3,
                approved: 1,
                returned: 1,
                not_reached: 1,
                overdue: 3
            }
        );
        assert_eq!(
            (progress.cancelled, progress.withdrawn.clone()),
            (1, vec!["D".to_owned()])
        );
        let kari = progress.shoppers.iter().find(|s| s.name == "kari").unwrap();
        assert_eq!((kari.counts.planned, kari.counts.overdue), (2, 1));
        let chase: Vec<(&str, &str, &str, i64)> = progress
            .overdue
            .iter()
            .map(|o| {
                (
                    o.company.as_str(),
                    o.shopper.as_str(),
                    o.state.as_str(),
                    o.days_overdue,
                )
            })
            .collect();
        assert_eq!(
            chase,
            [
                ("A", "kari", "not_started", 11),
                ("A", "ola", "started", 11),
                ("B", "ola", "returned", 4)
            ]
        );
        assert_eq!(
            progress.overdue[0].shopper_email.as_deref(),
            Some("kari@example.com")
        );
        let csv = progress_csv(&progress).unwrap();
        assert!(csv.starts_with("level,name,class,planned"), "{csv}");
        assert!(csv.contains("campaign,Vår,,5,1,3,1,1,1,3"), "{csv}");
        assert!(
            csv.contains(
                "overdue,2026-01-09,11,not_started,Bank,A,phone,kari,kari@example.com,+4790000000"
            ),
            "{csv}"
        );
    }
}
