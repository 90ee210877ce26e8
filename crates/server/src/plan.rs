//! Planning a campaign and changing the plan: the planner's inputs read from the store (companies, roster and
//! capacities, the contact links known), checked and handed to `shopper_domain::planner`; a preview, and the
//! commit of every proposed assignment in one transaction; reassigning (asking the organizer when the old
//! shopper's phone holds a draft), cancelling and editing assignments; withdrawing a company; editing and
//! deleting a campaign. Each change commits with its audit entry. Also the windows: a campaign's and an
//! assignment's window as the domain's [`Window`], and [`evaluation_flags`], whether an evaluation was made
//! outside its window or after its due date.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::json;
use shopper_domain::planner::{
    self, ChannelMix, MixBy, PlanCompany, PlanRequest, PlanShopper, PlannedContact,
};
use shopper_domain::window::{
    timing_flags, Date, Hours, LocalTime, TimingFlag, Weekdays, Window, WindowProblem,
};
use shopper_domain::{Channel, EvaluationContent};

use crate::accounts::OrganizerAccount;
use crate::campaign::{self, NewCampaign};
use crate::error::{Error, OutsideAssignment, PlanRefusal, Reason, Result};
use crate::names;
use crate::secrets;
use crate::store::{AssignmentLine, Campaign, PlannedAssignment, Store};

/// The audit actions of this module.
pub const AUDIT_ACTIONS: [&str; 7] = [
    "commit_plan",
    "reassign_assignments",
    "cancel_assignments",
    "edit_assignment",
    "withdraw_company",
    "edit_campaign",
    "delete_campaign",
];

/// Whether `id` could be a stored id: what could not (empty, too long, control characters) is simply not found,
/// and never reaches the database.
fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 100 && !id.chars().any(char::is_control)
}

/// A scenario as the assignments keep it: at most 2000 characters, line breaks allowed, no other control or
/// invisible character.
fn checked_scenario(text: &str) -> Result<()> {
    if text.chars().count() > 2000 {
        return Err(Error::Refused(Reason::TooLong {
            field: "scenario",
            max: 2000,
        }));
    }
    if let Some(character) = names::first_forbidden(&text.replace(['\n', '\r', '\t'], " ")) {
        return Err(Error::Refused(Reason::InvisibleCharacter(character)));
    }
    Ok(())
}

/// The longest window a plan may span (two years of days).
const MAX_PLAN_DAYS: i64 = 731;

fn weekdays_of(text: Option<&str>) -> Result<Option<Weekdays>, PlanRefusal> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => Weekdays::parse(text)
            .map(Some)
            .ok_or_else(|| PlanRefusal::Weekdays(text.to_owned())),
    }
}

fn hours_of(text: Option<&str>) -> Result<Option<Hours>, PlanRefusal> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => Hours::parse(text)
            .map(Some)
            .ok_or_else(|| PlanRefusal::Hours(text.to_owned())),
    }
}

fn date_of(text: &str) -> Result<Date, PlanRefusal> {
    Date::parse(text.trim()).ok_or_else(|| PlanRefusal::Date(text.to_owned()))
}

/// What the campaign allows: its dates (open-ended where it has none), weekdays (every day) and hours (the
/// whole day). Refuses weekdays or hours it cannot read, and a window that makes no sense.
pub fn campaign_bounds(campaign: &Campaign) -> Result<Window, PlanRefusal> {
    let first = match &campaign.starts_on {
        Some(day) => date_of(day)?,
        None => Date {
            year: 1,
            month: 1,
            day: 1,
        },
    };
    let last = match &campaign.ends_on {
        Some(day) => date_of(day)?,
        None => Date {
            year: 9999,
            month: 12,
            day: 31,
        },
    };
    let window = Window {
        first,
        last,
        weekdays: weekdays_of(campaign.weekdays.as_deref())?.unwrap_or(Weekdays::ALL),
        hours: hours_of(campaign.hours.as_deref())?.unwrap_or(Hours::WHOLE_DAY),
    };
    Ok(window)
}

/// The campaign's window when it has both dates; checks its weekdays and hours either way.
pub fn campaign_window(campaign: &Campaign) -> Result<Option<Window>> {
    let bounds = campaign_bounds(campaign)?;
    if bounds.weekdays.0 == 0 {
        return Err(PlanRefusal::Window(WindowProblem::NoWeekday).into());
    }
    if bounds.hours.to <= bounds.hours.from {
        return Err(PlanRefusal::Window(WindowProblem::HoursReversed).into());
    }
    if campaign.starts_on.is_none() || campaign.ends_on.is_none() {
        return Ok(None);
    }
    bounds.check().map_err(PlanRefusal::Window)?;
    Ok(Some(bounds))
}

/// An assignment's window (`shopper_domain::window::assignment_window`: its own weekdays and hours, else the
/// clock times of a local start and end, else the campaign's), checked to lie within the campaign's.
pub fn assignment_window(
    campaign: &Campaign,
    window_start: &str,
    window_end: &str,
    weekdays: Option<&str>,
    hours: Option<&str>,
) -> Result<Window, WindowProblem> {
    let bounds = campaign_bounds(campaign).unwrap_or(Window {
        first: Date::from_days(-719_162),
        last: Date::from_days(2_932_896),
        weekdays: Weekdays::ALL,
        hours: Hours::WHOLE_DAY,
    });
    let window = shopper_domain::window::assignment_window(
        window_start,
        window_end,
        weekdays,
        hours,
        (bounds.weekdays, bounds.hours),
    )
    .ok_or(WindowProblem::EndsBeforeStart)?;
    window.check_within(&bounds)?;
    Ok(window)
}

/// A stored UTC timestamp (or milliseconds) as local time in Oslo.
fn oslo_time(stamp: jiff::Timestamp) -> LocalTime {
    let tz = jiff::tz::TimeZone::get("Europe/Oslo").unwrap_or(jiff::tz::TimeZone::UTC);
    let civil = stamp.to_zoned_datetime(tz).datetime();
    LocalTime {
        date: Date {
            year: i32::from(civil.year()),
            month: civil.month() as u8,
            day: civil.day() as u8,
        },
        minute: civil.hour() as u16 * 60 + civil.minute() as u16,
    }
}

/// When a contact was made, in Oslo time: its first stamp, else when it was received.
pub fn made_at(content: &EvaluationContent, received_at: &str) -> Option<LocalTime> {
    let stamp = match content.timeline.first() {
        Some(first) => jiff::Timestamp::from_millisecond(first.at_ms).ok()?,
        None => received_at.parse().ok()?,
    };
    Some(oslo_time(stamp))
}

/// Whether the evaluation `evaluation_id` was made outside its assignment's window or after its due date
/// (empty: neither, or no such evaluation). For the review page and its queue.
pub async fn evaluation_flags(store: &Store, evaluation_id: &str) -> Result<Vec<TimingFlag>> {
    let Some((start, end, weekdays, hours, due, campaign_id, content, received_at)) =
        store.evaluation_timing(evaluation_id).await?
    else {
        return Ok(vec![]);
    };
    let Some(campaign) = store.campaign(&campaign_id).await? else {
        return Ok(vec![]);
    };
    let content: EvaluationContent = serde_json::from_str(&content)?;
    Ok(contact_flags(
        &campaign,
        (&start, &end, weekdays.as_deref(), hours.as_deref(), &due),
        &content,
        &received_at,
    ))
}

/// [`evaluation_flags`] from what is already read: the campaign, the assignment's (window start, window end,
/// weekdays, hours, due) and the evaluation.
pub fn contact_flags(
    campaign: &Campaign,
    (start, end, weekdays, hours, due): (&str, &str, Option<&str>, Option<&str>, &str),
    content: &EvaluationContent,
    received_at: &str,
) -> Vec<TimingFlag> {
    let window = assignment_window(campaign, start, end, weekdays, hours).unwrap_or(Window {
        first: Date::parse(start).unwrap_or(Date::from_days(0)),
        last: Date::parse(end).unwrap_or(Date::from_days(0)),
        weekdays: Weekdays::ALL,
        hours: Hours::WHOLE_DAY,
    });
    let (Some(due), Some(made)) = (Date::parse(due), made_at(content, received_at)) else {
        return vec![];
    };
    timing_flags(&window, due, made)
}

/// Shares of the channels, as the API takes them.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct Mix {
    #[serde(default)]
    pub phone: u32,
    #[serde(default)]
    pub chat: u32,
    #[serde(default)]
    pub email: u32,
}

impl From<Mix> for ChannelMix {
    fn from(mix: Mix) -> Self {
        ChannelMix {
            phone: mix.phone,
            chat: mix.chat,
            email: mix.email,
        }
    }
}

/// A contact link for a company's channel.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ContactLink {
    pub company: String,
    pub channel: String,
    pub contact: String,
}

/// What to plan: the API's JSON body (the console's form becomes one).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PlanSpec {
    /// Contacts each company gets in all (those it has count).
    pub contacts_per_company: u32,
    /// The channel mix where `mixes` names none.
    pub mix: Mix,
    /// `class` (the default) or `company`: whose names `mixes` uses.
    #[serde(default)]
    pub mix_by: Option<String>,
    #[serde(default)]
    pub mixes: BTreeMap<String, Mix>,
    /// `YYYY-MM-DD`; left out: the campaign's first and last day.
    #[serde(default)]
    pub first_day: Option<String>,
    #[serde(default)]
    pub last_day: Option<String>,
    /// ISO day numbers (`1-5`); left out: the campaign's, else Monday to Friday.
    #[serde(default)]
    pub weekdays: Option<String>,
    /// `09:00-15:00`; left out: the campaign's, else 09:00-15:00.
    #[serde(default)]
    pub hours: Option<String>,
    /// Each assignment gets a band of about this many minutes of the hours (120 when left out).
    #[serde(default)]
    pub band_minutes: Option<u16>,
    /// The same seed gives the same plan.
    #[serde(default)]
    pub seed: u64,
    /// Capacity by shopper id or name, over the roster's.
    #[serde(default)]
    pub capacities: BTreeMap<String, u32>,
    /// The capacity of a shopper the roster gives none (left out: no limit).
    #[serde(default)]
    pub default_capacity: Option<u32>,
    /// The scenario by channel (`phone`, `chat`, `email`); left out: the company's latest for that channel.
    #[serde(default)]
    pub scenarios: BTreeMap<String, String>,
    /// Contact links; where none is given, the company's latest for that channel.
    #[serde(default)]
    pub contacts: Vec<ContactLink>,
}

/// One proposed assignment, by name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposedAssignment {
    pub class: String,
    pub company: String,
    pub shopper: String,
    pub channel: String,
    pub window_start: String,
    pub window_end: String,
    pub weekdays: String,
    pub hours: String,
    pub due: String,
}

/// A shopper's load in the plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShopperLoad {
    pub shopper: String,
    /// Active assignments in the campaign before the plan.
    pub before: u32,
    pub planned: u32,
    pub capacity: Option<u32>,
}

/// A week of the plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WeekLoad {
    pub first_day: String,
    pub last_day: String,
    pub contacts: usize,
}

/// What the planner proposes (the preview), or what was stored (the commit).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanPreview {
    pub contacts: usize,
    pub companies: usize,
    pub weeks: Vec<WeekLoad>,
    /// Contacts per band of hours (`09:00-11:00`).
    pub bands: BTreeMap<String, usize>,
    pub channels: BTreeMap<String, usize>,
    pub shoppers: Vec<ShopperLoad>,
    /// The proposed assignments: every one, or through the API one page of them (`page`, from 0, of `pages`,
    /// `page_size` a page).
    pub assignments: Vec<ProposedAssignment>,
    pub page: usize,
    pub page_size: usize,
    pub pages: usize,
    /// SHA-256 of every proposed assignment, in order: the same seed and inputs give the same digest, so a
    /// program sees that what it committed is what it previewed without fetching every page.
    pub digest: String,
    /// Milliseconds the planner took.
    pub planning_ms: f64,
}

/// Proposed assignments on one page of the API's preview (and of a commit's answer).
pub const PLAN_PAGE: usize = 200;

impl PlanPreview {
    /// The same summary with only page `page` (from 0) of the assignments.
    pub fn page(mut self, page: usize) -> PlanPreview {
        let pages = self.assignments.len().div_ceil(PLAN_PAGE);
        self.assignments = self
            .assignments
            .into_iter()
            .skip(page.saturating_mul(PLAN_PAGE))
            .take(PLAN_PAGE)
            .collect();
        PlanPreview {
            page,
            page_size: PLAN_PAGE,
            pages,
            ..self
        }
    }
}

/// Everything the plan turns into, before it is stored.
struct Planned {
    preview: PlanPreview,
    rows: Vec<PlannedAssignment>,
}

async fn make_plan(store: &Store, campaign: &Campaign, spec: &PlanSpec) -> Result<Planned> {
    let bounds = campaign_bounds(campaign)?;
    let first = match spec.first_day.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(day) => date_of(day)?,
        None => match &campaign.starts_on {
            Some(day) => date_of(day)?,
            None => return Err(PlanRefusal::CampaignUndated.into()),
        },
    };
    let last = match spec.last_day.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(day) => date_of(day)?,
        None => match &campaign.ends_on {
            Some(day) => date_of(day)?,
            None => return Err(PlanRefusal::CampaignUndated.into()),
        },
    };
    let window = Window {
        first,
        last,
        weekdays: weekdays_of(spec.weekdays.as_deref())?
            .or(weekdays_of(campaign.weekdays.as_deref())?)
            .unwrap_or(Weekdays::WORKDAYS),
        hours: hours_of(spec.hours.as_deref())?
            .or(hours_of(campaign.hours.as_deref())?)
            .unwrap_or(Hours { from: 540, to: 900 }),
    };
    window.check_within(&bounds).map_err(PlanRefusal::Window)?;
    if window.last.days() - window.first.days() >= MAX_PLAN_DAYS {
        return Err(PlanRefusal::PlanTooLong(MAX_PLAN_DAYS).into());
    }
    for text in spec.scenarios.values() {
        checked_scenario(text)?;
    }
    let mix_by = match spec.mix_by.as_deref().map(str::trim) {
        None | Some("") | Some("class") => MixBy::Class,
        Some("company") => MixBy::Company,
        Some(other) => return Err(PlanRefusal::MixLine(other.to_owned()).into()),
    };

    let companies = store.plan_companies(&campaign.id).await?;
    if companies.is_empty() {
        return Err(PlanRefusal::NothingToPlan.into());
    }
    let names: HashSet<String> = companies
        .iter()
        .flat_map(|(_, name, class)| [name.to_lowercase(), class.to_lowercase()])
        .collect();
    if let Some(unknown) = spec
        .mixes
        .keys()
        .find(|name| !names.contains(&name.to_lowercase()))
    {
        return Err(PlanRefusal::MixUnknownName(unknown.clone()).into());
    }
    let lines = store.campaign_assignments(&campaign.id).await?;
    let mut planned: HashMap<&str, (u32, Vec<String>)> = HashMap::new();
    let mut load: HashMap<&str, u32> = HashMap::new();
    for line in lines.iter().filter(|l| l.cancelled_at.is_none()) {
        let entry = planned.entry(line.company_id.as_str()).or_default();
        entry.0 += 1;
        entry.1.push(line.shopper_id.clone());
        *load.entry(line.shopper_id.as_str()).or_default() += 1;
    }
    let plan_companies: Vec<PlanCompany> = companies
        .iter()
        .map(|(id, name, class)| {
            let (count, shoppers) = planned.get(id.as_str()).cloned().unwrap_or_default();
            PlanCompany {
                id: id.clone(),
                name: name.clone(),
                class: class.clone(),
                planned: count,
                shoppers,
            }
        })
        .collect();
    // Only shoppers who have not left get new work.
    let roster = store.active_roster().await?;
    let overrides: HashMap<String, u32> = spec
        .capacities
        .iter()
        .map(|(who, cap)| (who.to_lowercase(), *cap))
        .collect();
    let shoppers: Vec<PlanShopper> = roster
        .iter()
        .map(|(id, name, capacity, _, _)| PlanShopper {
            id: id.clone(),
            capacity: overrides
                .get(&id.to_lowercase())
                .or(overrides.get(&name.to_lowercase()))
                .copied()
                .or(capacity.and_then(|c| u32::try_from(c).ok()))
                .or(spec.default_capacity),
            load: load.get(id.as_str()).copied().unwrap_or(0),
        })
        .collect();
    let request = PlanRequest {
        contacts_per_company: spec.contacts_per_company,
        mix: spec.mix.into(),
        mix_by,
        mixes: spec
            .mixes
            .iter()
            .map(|(name, mix)| {
                // Names as the campaign writes them, whatever case the request used.
                let known = companies
                    .iter()
                    .flat_map(|(_, company, class)| [company, class])
                    .find(|n| n.eq_ignore_ascii_case(name))
                    .cloned()
                    .unwrap_or_else(|| name.clone());
                (known, ChannelMix::from(*mix))
            })
            .collect(),
        window,
        band_minutes: spec.band_minutes.unwrap_or(120),
        seed: spec.seed,
    };
    let started = std::time::Instant::now();
    let proposed =
        planner::plan(&request, &plan_companies, &shoppers).map_err(PlanRefusal::from)?;
    let planning_ms = started.elapsed().as_secs_f64() * 1000.0;

    // Contact links and scenarios: given, else the newest known for the company's channel.
    let mut links: HashMap<(String, &'static str), String> = HashMap::new();
    let mut scenarios: HashMap<(String, &'static str), String> = HashMap::new();
    for (company_id, channel, contact, scenario) in store.known_contacts(&campaign.id).await? {
        if let Some(channel) = Channel::parse(&channel) {
            links.insert((company_id.clone(), channel.as_str()), contact);
            scenarios.insert((company_id, channel.as_str()), scenario);
        }
    }
    let by_name: HashMap<String, &str> = companies
        .iter()
        .map(|(id, name, _)| (names::look_alike_key(name), id.as_str()))
        .collect();
    for link in &spec.contacts {
        let company = by_name
            .get(&names::look_alike_key(&link.company))
            .ok_or_else(|| PlanRefusal::NoCompany(link.company.clone()))?;
        let channel = Channel::parse(&link.channel.trim().to_lowercase()).ok_or_else(|| {
            Error::Refused(Reason::Row(crate::error::RowProblem::UnknownChannel(
                link.channel.clone(),
            )))
        })?;
        let contact = link.contact.trim();
        if contact.chars().count() > 500
            || names::first_forbidden(contact).is_some()
            || !names::safe_contact_link(contact)
        {
            return Err(Error::Refused(Reason::Row(
                crate::error::RowProblem::UnsafeContact(contact.to_owned()),
            )));
        }
        links.insert(
            ((*company).to_owned(), channel.as_str()),
            contact.to_owned(),
        );
    }
    let given_scenario = |channel: Channel| {
        spec.scenarios
            .get(channel.as_str())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    };
    let names_of: HashMap<&str, (&str, &str)> = companies
        .iter()
        .map(|(id, name, class)| (id.as_str(), (name.as_str(), class.as_str())))
        .collect();
    let shopper_names: HashMap<&str, &str> = roster
        .iter()
        .map(|(id, name, ..)| (id.as_str(), name.as_str()))
        .collect();
    let mut rows = Vec::with_capacity(proposed.len());
    let mut assignments = Vec::with_capacity(proposed.len());
    for PlannedContact {
        company_id,
        shopper_id,
        channel,
        window,
        ..
    } in &proposed
    {
        let key = (company_id.clone(), channel.as_str());
        let (company, class) = names_of[company_id.as_str()];
        let contact = links
            .get(&key)
            .cloned()
            .ok_or_else(|| PlanRefusal::NoContact {
                company: company.to_owned(),
                channel: channel.as_str(),
            })?;
        let scenario = match given_scenario(*channel) {
            Some(text) => text.to_owned(),
            None => scenarios
                .get(&key)
                .cloned()
                .ok_or(PlanRefusal::NoScenario(channel.as_str()))?,
        };
        let row = PlannedAssignment {
            company_id: company_id.clone(),
            shopper_id: shopper_id.clone(),
            channel: channel.as_str(),
            scenario,
            contact,
            window_start: window.first.to_string(),
            window_end: window.last.to_string(),
            weekdays: window.weekdays.to_string(),
            hours: window.hours.to_string(),
            due: window.last.to_string(),
        };
        assignments.push(ProposedAssignment {
            class: class.to_owned(),
            company: company.to_owned(),
            shopper: shopper_names
                .get(shopper_id.as_str())
                .copied()
                .unwrap_or_default()
                .to_owned(),
            channel: row.channel.to_owned(),
            window_start: row.window_start.clone(),
            window_end: row.window_end.clone(),
            weekdays: row.weekdays.clone(),
            hours: row.hours.clone(),
            due: row.due.clone(),
        });
        rows.push(row);
    }

    let weeks = planner::weeks(&window);
    let mut per_week = vec![0usize; weeks.len()];
    let mut bands: BTreeMap<String, usize> = BTreeMap::new();
    let mut channels: BTreeMap<String, usize> = BTreeMap::new();
    let mut planned_by: HashMap<&str, u32> = HashMap::new();
    for contact in &proposed {
        per_week[contact.week] += 1;
        *bands.entry(contact.window.hours.to_string()).or_default() += 1;
        *channels
            .entry(contact.channel.as_str().to_owned())
            .or_default() += 1;
        *planned_by.entry(contact.shopper_id.as_str()).or_default() += 1;
    }
    let preview = PlanPreview {
        contacts: proposed.len(),
        companies: plan_companies
            .iter()
            .filter(|c| c.planned < spec.contacts_per_company)
            .count(),
        weeks: weeks
            .iter()
            .zip(&per_week)
            .map(|((first, last), &contacts)| WeekLoad {
                first_day: first.to_string(),
                last_day: last.to_string(),
                contacts,
            })
            .collect(),
        bands,
        channels,
        shoppers: shoppers
            .iter()
            .zip(&roster)
            .map(|(s, (_, name, ..))| ShopperLoad {
                shopper: name.clone(),
                before: s.load,
                planned: planned_by.get(s.id.as_str()).copied().unwrap_or(0),
                capacity: s.capacity,
            })
            .collect(),
        page: 0,
        page_size: assignments.len(),
        pages: 1,
        digest: crate::secrets::hash(&serde_json::to_string(&assignments)?),
        assignments,
        planning_ms,
    };
    Ok(Planned { preview, rows })
}

/// What the planner would propose for the campaign; nothing is stored.
pub async fn preview(store: &Store, campaign: &Campaign, spec: &PlanSpec) -> Result<PlanPreview> {
    Ok(make_plan(store, campaign, spec).await?.preview)
}

/// Plans and stores every proposed assignment in one transaction with its audit entry: all or nothing.
pub async fn commit(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    spec: &PlanSpec,
) -> Result<PlanPreview> {
    let Planned { preview, rows } = make_plan(store, campaign, spec).await?;
    let questionnaire = campaign::current_questionnaire(store, campaign).await?;
    let mut tx = store.begin_write().await?;
    tx.insert_planned(&rows, (&questionnaire.0, questionnaire.1))
        .await?;
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "count": rows.len(),
        "contacts_per_company": spec.contacts_per_company, "seed": spec.seed,
        "first_day": rows.first().map(|r| r.window_start.clone()),
        "last_day": rows.last().map(|r| r.window_end.clone()), "channels": preview.channels });
    tx.audit(
        actor,
        "commit_plan",
        &format!("campaign {}", campaign.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(preview)
}

/// What to do with assignments whose old shopper's phone holds a draft for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DraftDecision {
    /// Move them anyway: the draft stays on the old phone, which can no longer send it.
    Move,
    /// Leave them with the old shopper.
    Keep,
}

/// Reassign these assignments to a shopper.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Reassign {
    pub assignments: Vec<String>,
    /// The new shopper's id or (unique) name.
    pub shopper: String,
    /// Needed when a draft is held (else the answer is 409 `drafts_held`, listing them, and nothing moves).
    #[serde(default)]
    pub drafts: Option<DraftDecision>,
}

/// What a reassignment did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Reassigned {
    pub moved: Vec<String>,
    /// Already sent: the work is the old shopper's, so they stay.
    pub kept_sent: Vec<String>,
    /// Their old shopper's phone holds a draft and the organizer chose to keep them there.
    pub kept_drafts: Vec<String>,
}

/// The assignments a change names: each must exist, belong to the campaign and not be cancelled.
async fn held(
    tx: &mut crate::store::WriteTransaction,
    campaign: &Campaign,
    ids: &[String],
) -> Result<Vec<crate::store::HeldLine>> {
    if ids.is_empty() {
        return Err(PlanRefusal::NoAssignmentChosen.into());
    }
    let mut unique: Vec<String> = ids.iter().map(|id| id.trim().to_owned()).collect();
    unique.sort();
    unique.dedup();
    if let Some(odd) = unique.iter().find(|id| !plausible_id(id)) {
        return Err(Error::NotFound(Reason::Plan(PlanRefusal::NoAssignment(
            odd.clone(),
        ))));
    }
    let lines = tx.held_lines(&unique).await?;
    let found: HashSet<&str> = lines
        .iter()
        .filter(|l| l.5 == campaign.id)
        .map(|l| l.0.as_str())
        .collect();
    if let Some(missing) = unique.iter().find(|id| !found.contains(id.as_str())) {
        return Err(Error::NotFound(Reason::Plan(PlanRefusal::NoAssignment(
            missing.clone(),
        ))));
    }
    if let Some(cancelled) = lines.iter().find(|l| l.6.is_some()) {
        return Err(PlanRefusal::AssignmentCancelled(cancelled.0.clone()).into());
    }
    Ok(lines)
}

/// Gives assignments to another shopper. Sent ones stay where they are; when the old shopper's phone holds a
/// draft for one, nothing moves until the organizer says whether to move those anyway or keep them.
pub async fn reassign(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    request: &Reassign,
) -> Result<Reassigned> {
    let lookups = store.shopper_names().await?;
    let wanted = request.shopper.trim();
    let by_name: Vec<&(String, String)> = lookups
        .iter()
        .filter(|(_, name)| name.eq_ignore_ascii_case(wanted))
        .collect();
    let (to_id, to_name) = match lookups.iter().find(|(id, _)| id == wanted) {
        Some(found) => found.clone(),
        None => match by_name.as_slice() {
            [one] => (*one).clone(),
            [] => return Err(Error::NotFound(Reason::NoShopper(wanted.to_owned()))),
            _ => {
                return Err(Error::Refused(Reason::Row(
                    crate::error::RowProblem::AmbiguousShopper(wanted.to_owned()),
                )))
            }
        },
    };
    let mut tx = store.begin_write().await?;
    let lines = held(&mut tx, campaign, &request.assignments).await?;
    let drafts = lines
        .iter()
        .filter(|l| l.7 == 0 && l.8 == 1 && l.1 != to_id)
        .count();
    if drafts > 0 && request.drafts.is_none() {
        return Err(Error::Conflict {
            reason: Reason::Plan(PlanRefusal::DraftsHeld(drafts)),
            current_revision: None,
        });
    }
    let theirs: HashMap<String, String> = tx
        .shopper_companies(&to_id, &campaign.id)
        .await?
        .into_iter()
        .map(|(assignment, company)| (company, assignment))
        .collect();
    let mut result = Reassigned {
        moved: vec![],
        kept_sent: vec![],
        kept_drafts: vec![],
    };
    let mut companies_taken: HashSet<String> = HashSet::new();
    let mut from: BTreeMap<String, usize> = BTreeMap::new();
    for (id, shopper_id, shopper_name, company_id, company, ..) in &lines {
        let (sent, draft) = lines
            .iter()
            .find(|l| &l.0 == id)
            .map(|l| (l.7 == 1, l.8 == 1))
            .unwrap_or_default();
        if shopper_id == &to_id {
            continue;
        }
        if sent {
            result.kept_sent.push(id.clone());
            continue;
        }
        if draft && request.drafts == Some(DraftDecision::Keep) {
            result.kept_drafts.push(id.clone());
            continue;
        }
        if theirs.contains_key(company_id) || !companies_taken.insert(company_id.clone()) {
            return Err(PlanRefusal::ShopperHasCompany(format!("{to_name} ({company})")).into());
        }
        tx.reassign(id, &to_id).await?;
        *from.entry(shopper_name.clone()).or_default() += 1;
        result.moved.push(id.clone());
    }
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "count": result.moved.len(),
        "to": to_name, "from": from, "moved": result.moved, "kept_sent": result.kept_sent,
        "kept_drafts": result.kept_drafts, "drafts": request.drafts.map(|d| format!("{d:?}").to_lowercase()) });
    tx.audit(
        actor,
        "reassign_assignments",
        &format!("shopper {to_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// Assignments to cancel.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CancelAssignments {
    pub assignments: Vec<String>,
}

/// What a cancellation did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cancelled {
    pub cancelled: usize,
}

/// Cancels assignments: they leave the shoppers' lists and the plan, and stay on record (with any evaluation
/// already sent).
pub async fn cancel(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    request: &CancelAssignments,
) -> Result<Cancelled> {
    let mut tx = store.begin_write().await?;
    let lines = held(&mut tx, campaign, &request.assignments).await?;
    let at = secrets::now();
    for line in &lines {
        tx.cancel_assignment(&line.0, &at).await?;
    }
    let companies: Vec<&str> = lines.iter().map(|l| l.4.as_str()).collect();
    let ids: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "count": lines.len(),
        "assignments": ids, "companies": companies });
    tx.audit(
        actor,
        "cancel_assignments",
        &format!("campaign {}", campaign.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(Cancelled {
        cancelled: lines.len(),
    })
}

/// An assignment's new window, due date and scenario (what is left out stays).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct EditAssignment {
    #[serde(default)]
    pub window_start: Option<String>,
    #[serde(default)]
    pub window_end: Option<String>,
    /// ISO day numbers (`1-5`); an empty text: the campaign's.
    #[serde(default)]
    pub weekdays: Option<String>,
    /// `09:00-15:00`; an empty text: the campaign's.
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub scenario: Option<String>,
}

/// Changes an assignment's window, due date or scenario; the window must make sense within the campaign's and
/// the due date may not come before the window starts.
pub async fn edit_assignment(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    id: &str,
    edit: &EditAssignment,
) -> Result<()> {
    if !plausible_id(id) {
        return Err(Error::NotFound(Reason::Plan(PlanRefusal::NoAssignment(
            id.to_owned(),
        ))));
    }
    let line = store
        .assignment_line(id)
        .await?
        .ok_or_else(|| Error::NotFound(Reason::Plan(PlanRefusal::NoAssignment(id.to_owned()))))?;
    if store
        .campaign_of_company(&line.company_id)
        .await?
        .as_deref()
        != Some(&campaign.id)
    {
        return Err(Error::NotFound(Reason::Plan(PlanRefusal::NoAssignment(
            id.to_owned(),
        ))));
    }
    if line.cancelled_at.is_some() {
        return Err(PlanRefusal::AssignmentCancelled(id.to_owned()).into());
    }
    let keep = |new: &Option<String>, old: &str| {
        new.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .unwrap_or(old)
            .to_owned()
    };
    let window_start = keep(&edit.window_start, &line.window_start);
    let window_end = keep(&edit.window_end, &line.window_end);
    let due = keep(&edit.due, &line.due);
    let scenario = keep(&edit.scenario, &line.scenario);
    // An empty text clears the assignment's own weekdays or hours (the campaign's apply).
    let own = |new: &Option<String>, old: &Option<String>| match new {
        Some(text) if text.trim().is_empty() => None,
        Some(text) => Some(text.trim().to_owned()),
        None => old.clone(),
    };
    let weekdays = own(&edit.weekdays, &line.weekdays);
    let hours = own(&edit.hours, &line.hours);
    weekdays_of(weekdays.as_deref())?;
    hours_of(hours.as_deref())?;
    // What is given must be a date (or a local date and time); what is kept was checked when it was stored.
    let given = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    for moment in [given(&edit.window_start), given(&edit.window_end)]
        .into_iter()
        .flatten()
    {
        if shopper_domain::validation::as_date_time(&moment).is_none() {
            return Err(PlanRefusal::Date(moment).into());
        }
    }
    if let Some(day) = given(&edit.due) {
        if !shopper_domain::validation::is_date(&day) {
            return Err(PlanRefusal::Date(day).into());
        }
    }
    let window = assignment_window(
        campaign,
        &window_start,
        &window_end,
        weekdays.as_deref(),
        hours.as_deref(),
    )
    .map_err(PlanRefusal::Window)?;
    if date_of(&due)? < window.first {
        return Err(PlanRefusal::Window(WindowProblem::EndsBeforeStart).into());
    }
    checked_scenario(&scenario)?;
    let mut tx = store.begin_write().await?;
    tx.edit_assignment(
        id,
        &window_start,
        &window_end,
        weekdays.as_deref(),
        hours.as_deref(),
        &due,
        &scenario,
    )
    .await?;
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "company": line.company,
        "shopper": line.shopper, "count": 1,
        "before": { "window_start": line.window_start, "window_end": line.window_end,
                    "weekdays": line.weekdays, "hours": line.hours, "due": line.due, "scenario": line.scenario },
        "after": { "window_start": window_start, "window_end": window_end, "weekdays": weekdays,
                   "hours": hours, "due": due, "scenario": scenario } });
    tx.audit(
        actor,
        "edit_assignment",
        &format!("assignment {id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    store.facts_incomplete();
    Ok(())
}

/// What withdrawing a company did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Withdrawn {
    /// Its assignments without an evaluation, now cancelled.
    pub cancelled: u64,
}

/// Withdraws a company from the campaign: its evaluations leave the results (kept on record) and its
/// assignments not yet sent are cancelled.
pub async fn withdraw_company(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    company_id: &str,
) -> Result<Withdrawn> {
    if !plausible_id(company_id) {
        return Err(Error::NotFound(Reason::Plan(PlanRefusal::NoCompany(
            company_id.to_owned(),
        ))));
    }
    let mut tx = store.begin_write().await?;
    let (name, campaign_id, withdrawn) = tx
        .company_for_change(company_id)
        .await?
        .filter(|(_, c, _)| c == &campaign.id)
        .ok_or_else(|| {
            Error::NotFound(Reason::Plan(PlanRefusal::NoCompany(company_id.to_owned())))
        })?;
    if withdrawn.is_some() {
        return Err(PlanRefusal::AlreadyWithdrawn.into());
    }
    let cancelled = tx.withdraw_company(company_id, &secrets::now()).await?;
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "company": name,
        "count": cancelled });
    tx.audit(
        actor,
        "withdraw_company",
        &format!("company {company_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    store.forget_approved(&campaign_id);
    Ok(Withdrawn { cancelled })
}

/// What reinstating a company did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Reinstated {
    /// Assignments its withdrawal had cancelled, active again.
    pub restored: u64,
}

/// Takes a withdrawn company back into the campaign: its evaluations count in the results again and the
/// assignments its withdrawal cancelled are active again (those cancelled one by one before stay cancelled).
pub async fn reinstate_company(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    company_id: &str,
) -> Result<Reinstated> {
    let no_company =
        || Error::NotFound(Reason::Plan(PlanRefusal::NoCompany(company_id.to_owned())));
    if !plausible_id(company_id) {
        return Err(no_company());
    }
    let mut tx = store.begin_write().await?;
    let (name, campaign_id, withdrawn) = tx
        .company_for_change(company_id)
        .await?
        .filter(|(_, c, _)| c == &campaign.id)
        .ok_or_else(no_company)?;
    let Some(withdrawn_at) = withdrawn else {
        return Err(PlanRefusal::NotWithdrawn.into());
    };
    let restored = tx.reinstate_company(company_id, &withdrawn_at).await?;
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name, "company": name,
        "count": restored, "withdrawn_at": withdrawn_at });
    tx.audit(
        actor,
        "reinstate_company",
        &format!("company {company_id}"),
        detail,
    )
    .await?;
    tx.commit().await?;
    store.forget_approved(&campaign_id);
    Ok(Reinstated { restored })
}

/// Changes a campaign: the same checks as a new one; its id and when it was made stay.
pub async fn edit_campaign(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
    new: &NewCampaign,
) -> Result<Campaign> {
    let mut changed = campaign::checked_campaign(store, new).await?;
    changed.id = campaign.id.clone();
    changed.created_at = campaign.created_at.clone();
    let outside = outside_of(&changed, &store.campaign_assignments(&campaign.id).await?);
    if !outside.is_empty() {
        return Err(PlanRefusal::AssignmentsOutside(outside).into());
    }
    let mut tx = store.begin_write().await?;
    if tx
        .campaign_name_taken_by_other(&changed.name, &changed.id)
        .await?
    {
        return Err(Error::Refused(Reason::CampaignTaken(changed.name)));
    }
    tx.update_campaign(&changed).await?;
    let detail = json!({ "actor_role": actor.role, "campaign": changed.name, "before": campaign,
        "after": changed });
    tx.audit(
        actor,
        "edit_campaign",
        &format!("campaign {}", changed.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    store.forget_approved(&changed.id);
    Ok(changed)
}

/// The assignments still to be made (not cancelled, company not withdrawn, nothing sent) whose window the
/// campaign `changed` would no longer hold. Those already sent keep the window they were made in.
///
/// A change that leaves work outside is refused rather than the work moved: moving a shopper's dates or
/// hours behind their back could put a contact on a day they cannot make, and the organizer already has the
/// tools to decide each case (edit the window, reassign, cancel) before changing the campaign.
pub fn outside_of(changed: &Campaign, lines: &[AssignmentLine]) -> Vec<OutsideAssignment> {
    lines
        .iter()
        .filter(|l| {
            l.cancelled_at.is_none() && l.withdrawn_at.is_none() && l.evaluation_status.is_none()
        })
        .filter_map(|l| {
            let problem = assignment_window(
                changed,
                &l.window_start,
                &l.window_end,
                l.weekdays.as_deref(),
                l.hours.as_deref(),
            )
            .err()?;
            let own: Vec<&str> = [l.weekdays.as_deref(), l.hours.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let mut window = format!("{} – {}", l.window_start, l.window_end);
            if !own.is_empty() {
                window = format!("{window} {}", own.join(" "));
            }
            Some(OutsideAssignment {
                id: l.id.clone(),
                company: l.company.clone(),
                shopper: l.shopper.clone(),
                window,
                problem,
            })
        })
        .collect()
}

/// Deletes a campaign that has nothing in it yet; a campaign with companies or assignments is refused.
pub async fn delete_campaign(
    store: &Store,
    actor: &OrganizerAccount,
    campaign: &Campaign,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if !tx.delete_empty_campaign(&campaign.id).await? {
        return Err(PlanRefusal::CampaignNotEmpty.into());
    }
    let detail = json!({ "actor_role": actor.role, "campaign": campaign.name });
    tx.audit(
        actor,
        "delete_campaign",
        &format!("campaign {}", campaign.id),
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
