//! The planner page of a campaign: contacts per company, the channel mix (for all, or per class or company),
//! the window (dates, weekdays, hours), capacities, scenarios and contact links; a preview (weeks, bands of
//! hours, channels, each shopper's load, the proposed assignments), then the whole plan stored at once. The form
//! comes back with everything typed after a preview or a refusal. Also the words of the planner's refusals.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use shopper_domain::window::WindowProblem;
use shopper_domain::Channel;

use super::campaign::CampaignChoice;
use super::layout::{campaign_picker, form_token};
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::accounts::OrganizerAccount;
use crate::campaign;
use crate::error::{Error, PlanRefusal};
use crate::http::AppState;
use crate::plan::{self, ContactLink, Mix, PlanPreview, PlanSpec};
use crate::store::Campaign;

/// The planner form as sent: every field as typed, so it can be shown again unchanged.
#[derive(Debug, Clone, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    campaign: Option<String>,
    #[serde(default = "twenty_five")]
    contacts_per_company: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    chat: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    mix_by: String,
    /// Lines `name,phone,chat,email`.
    #[serde(default)]
    mixes: String,
    #[serde(default)]
    first_day: String,
    #[serde(default)]
    last_day: String,
    #[serde(default)]
    weekdays: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    band_minutes: String,
    #[serde(default)]
    seed: String,
    #[serde(default)]
    default_capacity: String,
    /// Lines `shopper,capacity`.
    #[serde(default)]
    capacities: String,
    #[serde(default)]
    scenario_phone: String,
    #[serde(default)]
    scenario_chat: String,
    #[serde(default)]
    scenario_email: String,
    /// Lines `company,channel,contact`.
    #[serde(default)]
    contacts: String,
}

fn twenty_five() -> String {
    "25".into()
}

impl Default for PlanForm {
    fn default() -> Self {
        PlanForm {
            campaign: None,
            contacts_per_company: twenty_five(),
            phone: "3".into(),
            chat: "1".into(),
            email: "1".into(),
            mix_by: "class".into(),
            mixes: String::new(),
            first_day: String::new(),
            last_day: String::new(),
            weekdays: String::new(),
            hours: String::new(),
            band_minutes: "120".into(),
            seed: "1".into(),
            default_capacity: String::new(),
            capacities: String::new(),
            scenario_phone: String::new(),
            scenario_chat: String::new(),
            scenario_email: String::new(),
            contacts: String::new(),
        }
    }
}

/// A whole number typed in a field (empty: `empty`).
fn number<T: std::str::FromStr>(text: &str, empty: T, what: &str) -> Result<T, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(empty);
    }
    text.parse()
        .map_err(|_| PlanRefusal::MixLine(format!("{what}: {text}")).into())
}

/// The lines of a text field split at commas or semicolons, blank lines left out.
fn cells(text: &str) -> impl Iterator<Item = (String, Vec<String>)> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let cells = line
                .split([',', ';'])
                .map(|c| c.trim().to_owned())
                .collect();
            (line.to_owned(), cells)
        })
}

impl PlanForm {
    fn spec(&self) -> Result<PlanSpec, Error> {
        let mut mixes = BTreeMap::new();
        for (line, cells) in cells(&self.mixes) {
            let [name, phone, chat, email] = cells.as_slice() else {
                return Err(PlanRefusal::MixLine(line).into());
            };
            let share = |s: &str| {
                s.parse::<u32>()
                    .map_err(|_| PlanRefusal::MixLine(line.clone()))
            };
            mixes.insert(
                name.clone(),
                Mix {
                    phone: share(phone)?,
                    chat: share(chat)?,
                    email: share(email)?,
                },
            );
        }
        let mut capacities = BTreeMap::new();
        for (line, cells) in cells(&self.capacities) {
            match cells.as_slice() {
                [who, capacity] => {
                    let capacity = capacity
                        .parse()
                        .map_err(|_| PlanRefusal::MixLine(line.clone()))?;
                    capacities.insert(who.clone(), capacity);
                }
                _ => return Err(PlanRefusal::MixLine(line).into()),
            }
        }
        let mut contacts = Vec::new();
        for (line, cells) in cells(&self.contacts) {
            match cells.as_slice() {
                [company, channel, contact] => contacts.push(ContactLink {
                    company: company.clone(),
                    channel: channel.clone(),
                    contact: contact.clone(),
                }),
                _ => return Err(PlanRefusal::MixLine(line).into()),
            }
        }
        let mut scenarios = BTreeMap::new();
        for (channel, text) in [
            (Channel::Phone, &self.scenario_phone),
            (Channel::Chat, &self.scenario_chat),
            (Channel::Email, &self.scenario_email),
        ] {
            if !text.trim().is_empty() {
                scenarios.insert(channel.as_str().to_owned(), text.trim().to_owned());
            }
        }
        let some = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        Ok(PlanSpec {
            contacts_per_company: number(&self.contacts_per_company, 0, "contacts")?,
            mix: Mix {
                phone: number(&self.phone, 0, "phone")?,
                chat: number(&self.chat, 0, "chat")?,
                email: number(&self.email, 0, "email")?,
            },
            mix_by: some(&self.mix_by),
            mixes,
            first_day: some(&self.first_day),
            last_day: some(&self.last_day),
            weekdays: some(&self.weekdays),
            hours: some(&self.hours),
            band_minutes: Some(number(&self.band_minutes, 120, "band")?),
            seed: number(&self.seed, 1, "seed")?,
            capacities,
            default_capacity: Some(number(&self.default_capacity, 0u32, "capacity")?)
                .filter(|c| *c > 0),
            scenarios,
            contacts,
        })
    }
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(choice): Query<CampaignChoice>,
) -> PageResult {
    let chosen = campaign::chosen(&state.store, choice.campaign.as_deref())
        .await
        .or_page(&account)?;
    let form = PlanForm::default();
    render(&state, &account, &chosen, &form, html! {}, None).await
}

async fn render(
    state: &AppState,
    account: &OrganizerAccount,
    chosen: &Campaign,
    form: &PlanForm,
    message: Markup,
    preview: Option<&PlanPreview>,
) -> PageResult {
    let lang = Lang::of(account);
    let campaigns = state.store.campaigns().await.or_page(account)?;
    let content = html! {
        (message)
        (campaign_picker(lang, "/console/plan", &campaigns, &chosen.id, &[]))
        p.muted {
            (lang.t("Kampanjens vindu:", "The campaign's window:")) " "
            (chosen.starts_on.as_deref().unwrap_or("…")) " – " (chosen.ends_on.as_deref().unwrap_or("…")) ", "
            (lang.t("ukedager", "weekdays")) " " (chosen.weekdays.as_deref().unwrap_or(lang.t("alle", "all"))) ", "
            (lang.t("klokken", "hours")) " " (chosen.hours.as_deref().unwrap_or(lang.t("hele dagen", "the whole day"))) ". "
            (lang.t("Selskaper som allerede har oppdrag får bare det som mangler, og ingen shopper får samme selskap to ganger.",
                    "Companies that have assignments get only what they lack, and no shopper gets the same company twice."))
        }
        (plan_form(lang, chosen, form, preview.is_some()))
        @if let Some(preview) = preview { (preview_table(lang, preview)) }
    };
    Ok(Page::ok(
        account,
        lang.t("Planlegging", "Planning"),
        content,
    ))
}

fn plan_form(lang: Lang, chosen: &Campaign, form: &PlanForm, previewed: bool) -> Markup {
    html! {
        form method="post" action="/console/plan/preview" data-testid="plan-form" {
            (form_token())
            input type="hidden" name="campaign" value=(chosen.id);
            fieldset {
                legend { (lang.t("Kontakter", "Contacts")) }
                label { (lang.t("Kontakter per selskap", "Contacts per company")) " " input name="contacts_per_company" inputmode="numeric" size="4" value=(form.contacts_per_company); } " "
                label { (lang.t("Telefon", "Phone")) " " input name="phone" inputmode="numeric" size="3" value=(form.phone); } " "
                label { "Chat " input name="chat" inputmode="numeric" size="3" value=(form.chat); } " "
                label { (lang.t("E-post", "E-mail")) " " input name="email" inputmode="numeric" size="3" value=(form.email); } br;
                label { (lang.t("Egen fordeling per", "Own mix per")) " "
                    select name="mix_by" {
                        option value="class" selected[form.mix_by != "company"] { (lang.t("klasse", "class")) }
                        option value="company" selected[form.mix_by == "company"] { (lang.t("selskap", "company")) }
                    }
                }
                br;
                label { (lang.t("Fordeling per navn (navn,telefon,chat,e-post per linje)", "Mix by name (name,phone,chat,email a line)")) br;
                    textarea name="mixes" rows="3" cols="60" { (form.mixes) } }
            }
            fieldset {
                legend { (lang.t("Tidsvindu", "Window")) }
                label { (lang.t("Fra", "From")) " " input type="date" name="first_day" value=(form.first_day); } " "
                label { (lang.t("Til", "To")) " " input type="date" name="last_day" value=(form.last_day); } " "
                label { (lang.t("Ukedager (1-5)", "Weekdays (1-5)")) " " input name="weekdays" size="8" value=(form.weekdays); } " "
                label { (lang.t("Klokkeslett (09:00-15:00)", "Hours (09:00-15:00)")) " " input name="hours" size="12" value=(form.hours); } " "
                label { (lang.t("Tidsbolk i minutter", "Band of hours in minutes")) " " input name="band_minutes" inputmode="numeric" size="4" value=(form.band_minutes); }
                p.muted { (lang.t("Tomt: kampanjens. Hvert oppdrag får én uke og én tidsbolk.", "Empty: the campaign's. Each assignment gets one week and one band of hours.")) }
            }
            fieldset {
                legend { (lang.t("Shoppere", "Shoppers")) }
                label { (lang.t("Kapasitet for shoppere uten (tomt: ingen grense)", "Capacity of shoppers without one (empty: no limit)")) " " input name="default_capacity" inputmode="numeric" size="4" value=(form.default_capacity); } br;
                label { (lang.t("Kapasitet for denne planen (shopper,kapasitet per linje)", "Capacity for this plan (shopper,capacity a line)")) br;
                    textarea name="capacities" rows="3" cols="60" { (form.capacities) } }
            }
            fieldset {
                legend { (lang.t("Scenario og kontakt", "Scenario and contact")) }
                label { (lang.t("Scenario, telefon", "Scenario, phone")) br; textarea name="scenario_phone" rows="2" cols="60" { (form.scenario_phone) } } br;
                label { (lang.t("Scenario, chat", "Scenario, chat")) br; textarea name="scenario_chat" rows="2" cols="60" { (form.scenario_chat) } } br;
                label { (lang.t("Scenario, e-post", "Scenario, e-mail")) br; textarea name="scenario_email" rows="2" cols="60" { (form.scenario_email) } } br;
                label { (lang.t("Kontakter (selskap,kanal,kontakt per linje; tomt: selskapets siste)", "Contacts (company,channel,contact a line; empty: the company's latest)")) br;
                    textarea name="contacts" rows="4" cols="60" { (form.contacts) } }
            }
            label { (lang.t("Frø (samme frø gir samme plan)", "Seed (the same seed gives the same plan)")) " " input name="seed" inputmode="numeric" size="8" value=(form.seed); } " "
            button type="submit" data-testid="preview" { (lang.t("Forhåndsvis", "Preview")) } " "
            @if previewed {
                button type="submit" formaction="/console/plan/commit" data-testid="commit" { (lang.t("Lagre hele planen", "Store the whole plan")) }
            }
        }
    }
}

fn preview_table(lang: Lang, preview: &PlanPreview) -> Markup {
    const SHOWN: usize = 300;
    html! {
        h2 { (lang.t("Forslag", "Proposal")) }
        p data-testid="plan-summary" {
            (preview.contacts) " " (lang.t("oppdrag for", "assignments for")) " " (preview.companies) " "
            (lang.t("selskaper", "companies")) " (" (format!("{:.0}", preview.planning_ms)) " ms)."
        }
        h3 { (lang.t("Per uke", "By week")) }
        table data-testid="plan-weeks" {
            thead { tr { th { (lang.t("Uke", "Week")) } th { (lang.t("Oppdrag", "Assignments")) } } }
            tbody { @for week in &preview.weeks { tr { td { (week.first_day) " – " (week.last_day) } td { (week.contacts) } } } }
        }
        h3 { (lang.t("Per tidsbolk og kanal", "By band of hours and channel")) }
        table {
            tbody {
                @for (band, n) in &preview.bands { tr { td { (band) } td { (n) } } }
                @for (channel, n) in &preview.channels {
                    tr { td { (Channel::parse(channel).map_or(channel.as_str(), |c| lang.channel(c))) } td { (n) } }
                }
            }
        }
        h3 { (lang.t("Per shopper", "By shopper")) }
        table data-testid="plan-shoppers" {
            thead { tr { th { "Shopper" } th { (lang.t("Fra før", "Before")) } th { (lang.t("Nye", "New")) } th { (lang.t("Kapasitet", "Capacity")) } } }
            tbody { @for s in &preview.shoppers {
                tr { td { (s.shopper) } td { (s.before) } td { (s.planned) }
                     td { @if let Some(c) = s.capacity { (c) } @else { "–" } } }
            } }
        }
        h3 { (lang.t("Oppdragene", "The assignments")) }
        @if preview.assignments.len() > SHOWN {
            p.muted { (lang.t("Viser de første", "Showing the first")) " " (SHOWN) "." }
        }
        table data-testid="plan-assignments" {
            thead { tr { th { (lang.t("Klasse", "Class")) } th { (lang.t("Selskap", "Company")) } th { "Shopper" } th { (lang.t("Kanal", "Channel")) } th { (lang.t("Vindu", "Window")) } } }
            tbody { @for a in preview.assignments.iter().take(SHOWN) {
                tr { td { (a.class) } td { (a.company) } td { (a.shopper) }
                     td { (Channel::parse(&a.channel).map_or(a.channel.as_str(), |c| lang.channel(c))) }
                     td { (a.window_start) " – " (a.window_end) ", " (lang.weekdays(&a.weekdays)) " " (a.hours) } }
            } }
        }
    }
}

pub async fn preview(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<PlanForm>,
) -> PageResult {
    let chosen = campaign::chosen(&state.store, form.campaign.as_deref())
        .await
        .or_page(&account)?;
    let lang = Lang::of(&account);
    let result = match form.spec() {
        Ok(spec) => plan::preview(&state.store, &chosen, &spec).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(preview) => render(&state, &account, &chosen, &form, html! {}, Some(&preview)).await,
        Err(error) => {
            let message =
                html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } };
            render(&state, &account, &chosen, &form, message, None).await
        }
    }
}

pub async fn commit(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<PlanForm>,
) -> PageResult {
    let chosen = campaign::chosen(&state.store, form.campaign.as_deref())
        .await
        .or_page(&account)?;
    let lang = Lang::of(&account);
    let result = match form.spec() {
        Ok(spec) => plan::commit(&state.store, &account, &chosen, &spec).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(stored) => {
            let message = html! { p.notice role="status" data-testid="notice" {
                (stored.contacts) " " (lang.t("oppdrag er lagret.", "assignments are stored.")) " "
                a href={ "/console/progress?campaign=" (chosen.id) } { (lang.t("Se framdriften", "See the progress")) }
            } };
            render(
                &state,
                &account,
                &chosen,
                &PlanForm::default(),
                message,
                None,
            )
            .await
        }
        Err(error) => {
            let message =
                html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } };
            render(&state, &account, &chosen, &form, message, None).await
        }
    }
}

impl Lang {
    /// ISO weekday numbers as the organizer reads them: "man–fre", "man, ons, fre".
    pub fn weekdays(self, iso: &str) -> String {
        let names_nb = ["man", "tir", "ons", "tor", "fre", "lør", "søn"];
        let names_en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let names = if self == Lang::Nb { names_nb } else { names_en };
        let Some(days) = shopper_domain::window::Weekdays::parse(iso) else {
            return iso.to_owned();
        };
        days.days()
            .into_iter()
            .map(|(a, b)| {
                let (a, b) = (names[usize::from(a - 1)], names[usize::from(b - 1)]);
                if a == b {
                    a.to_owned()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn window_problem(self, problem: WindowProblem) -> &'static str {
        match problem {
            WindowProblem::EndsBeforeStart => self.t(
                "Tidsvinduet slutter før det begynner.",
                "The window ends before it starts.",
            ),
            WindowProblem::NoWeekday => self.t(
                "Tidsvinduet har ingen ukedag.",
                "The window has no weekday.",
            ),
            WindowProblem::HoursReversed => self.t(
                "Klokkeslettene slutter før de begynner.",
                "The hours end before they start.",
            ),
            WindowProblem::NoDay => self.t(
                "Ingen tillatt ukedag faller mellom datoene.",
                "No allowed weekday falls between the dates.",
            ),
            WindowProblem::WeekdayOutsideCampaign => self.t(
                "Tidsvinduet har en ukedag kampanjen ikke tillater.",
                "The window has a weekday the campaign does not allow.",
            ),
            WindowProblem::HoursOutsideCampaign => self.t(
                "Klokkeslettene er utenfor kampanjens.",
                "The hours are outside the campaign's.",
            ),
            WindowProblem::DatesOutsideCampaign => self.t(
                "Datoene er utenfor kampanjens.",
                "The dates are outside the campaign's.",
            ),
        }
    }

    pub fn plan_refusal(self, refusal: &PlanRefusal) -> String {
        let nb = self == Lang::Nb;
        let pick = |nb_text: String, en_text: String| if nb { nb_text } else { en_text };
        match refusal {
            PlanRefusal::Window(problem) => self.window_problem(*problem).into(),
            PlanRefusal::Weekdays(text) => pick(
                format!("«{text}» er ikke ukedager: bruk tall, mandag 1 til søndag 7, for eksempel 1-5 eller 1,3,5."),
                format!("“{text}” are not weekdays: use numbers, Monday 1 to Sunday 7, such as 1-5 or 1,3,5."),
            ),
            PlanRefusal::Hours(text) => pick(
                format!("«{text}» er ikke klokkeslett: skriv TT:MM-TT:MM, for eksempel 09:00-15:00."),
                format!("“{text}” are not hours: write HH:MM-HH:MM, such as 09:00-15:00."),
            ),
            PlanRefusal::CampaignUndated => self.t("Gi kampanjen første og siste dag (eller fyll inn fra og til) før den planlegges.", "Give the campaign its first and last day (or fill in from and to) before planning it.").into(),
            PlanRefusal::ContactsPerCompany => pick(
                format!("Kontakter per selskap må være 1–{}.", shopper_domain::planner::MAX_CONTACTS_PER_COMPANY),
                format!("Contacts per company must be 1–{}.", shopper_domain::planner::MAX_CONTACTS_PER_COMPANY),
            ),
            PlanRefusal::BandMinutes => self.t("En tidsbolk må være minst 30 minutter.", "A band of hours must be at least 30 minutes.").into(),
            PlanRefusal::EmptyMix(name) if name.is_empty() => self.t("Fordelingen har ingen kanal: gi minst én kanal en andel.", "The mix has no channel: give at least one channel a share.").into(),
            PlanRefusal::EmptyMix(name) => pick(
                format!("Fordelingen for «{name}» har ingen kanal."),
                format!("The mix for “{name}” has no channel."),
            ),
            PlanRefusal::MixLine(line) => pick(
                format!("Kan ikke lese «{line}»: sjekk at tallene er hele tall og at linja har alle feltene."),
                format!("Cannot read “{line}”: check that the numbers are whole and the line has every field."),
            ),
            PlanRefusal::MixUnknownName(name) => pick(
                format!("«{name}» er verken en klasse eller et selskap i kampanjen."),
                format!("“{name}” is neither a class nor a company of the campaign."),
            ),
            PlanRefusal::TooFewShoppers { company, needed, available } => pick(
                format!("{company} trenger {needed} forskjellige shoppere, men bare {available} kan ta det. Legg til shoppere eller gi dem mer kapasitet."),
                format!("{company} needs {needed} different shoppers, but only {available} can take it. Add shoppers or give them more capacity."),
            ),
            PlanRefusal::NotEnoughCapacity { needed, available } => pick(
                format!("Planen trenger plass til {needed} kontakter; shopperne har {available} igjen."),
                format!("The plan needs room for {needed} contacts; the shoppers have {available} left."),
            ),
            PlanRefusal::CapacityTooConcentrated { company } => pick(
                format!("Kapasiteten finnes, men for få shoppere har den til at {company} kan få forskjellige shoppere."),
                format!("The capacity is there, but too few shoppers have it for {company} to get different shoppers."),
            ),
            PlanRefusal::NoContact { company, channel } => {
                let channel = Channel::parse(channel).map_or(*channel, |c| self.channel(c));
                pick(
                    format!("Mangler kontakt for {company} ({channel}): skriv den under Kontakter (selskap,kanal,kontakt)."),
                    format!("No contact for {company} ({channel}): give it under Contacts (company,channel,contact)."),
                )
            }
            PlanRefusal::NoScenario(channel) => {
                let channel = Channel::parse(channel).map_or(*channel, |c| self.channel(c));
                pick(format!("Skriv et scenario for {channel}."), format!("Write a scenario for {channel}."))
            }
            PlanRefusal::NothingToPlan => self.t("Kampanjen har ingen selskaper å planlegge for.", "The campaign has no companies to plan for.").into(),
            PlanRefusal::NoAssignment(_) => self.t("Fant ikke oppdraget.", "No such assignment.").into(),
            PlanRefusal::AssignmentCancelled(_) => self.t("Oppdraget er avlyst.", "The assignment is cancelled.").into(),
            PlanRefusal::NoAssignmentChosen => self.t("Velg minst ett oppdrag.", "Choose at least one assignment.").into(),
            PlanRefusal::ShopperHasCompany(who) => pick(
                format!("{who}: shopperen har allerede et oppdrag for dette selskapet."),
                format!("{who}: the shopper already has an assignment for this company."),
            ),
            PlanRefusal::DraftsHeld(n) => pick(
                format!("{n} av oppdragene har et utkast på den gamle shopperens telefon. Velg om de skal flyttes likevel eller bli der."),
                format!("{n} of the assignments have a draft on the old shopper's phone. Choose whether to move them anyway or keep them there."),
            ),
            PlanRefusal::DraftDecision(_) => self.t("Velg flytt eller behold for utkastene.", "Choose move or keep for the drafts.").into(),
            PlanRefusal::NoCompany(name) => pick(format!("Fant ikke selskapet «{name}»."), format!("No company “{name}”.")),
            PlanRefusal::AlreadyWithdrawn => self.t("Selskapet er allerede trukket.", "The company is withdrawn already.").into(),
            PlanRefusal::AssignmentsOutside(outside) => {
                let mut named: Vec<String> = outside
                    .iter()
                    .take(10)
                    .map(|a| format!("{} ({}, {})", a.company, a.shopper, a.window))
                    .collect();
                if outside.len() > 10 {
                    named.push(pick(format!("og {} til", outside.len() - 10), format!("and {} more", outside.len() - 10)));
                }
                pick(
                    format!("{} oppdrag ville havne utenfor kampanjens nye tidsvindu. Endre vinduet deres, flytt eller avlys dem først: {}.", outside.len(), named.join("; ")),
                    format!("{} assignments would fall outside the campaign's new window. Change their window, move or cancel them first: {}.", outside.len(), named.join("; ")),
                )
            }
            PlanRefusal::NotWithdrawn => self.t("Selskapet er ikke trukket, så det er ingenting å gjeninnsette.", "The company is not withdrawn, so there is nothing to reinstate.").into(),
            PlanRefusal::CampaignNotEmpty => self.t("Kampanjen har selskaper eller oppdrag og kan ikke slettes. Bare en tom kampanje kan slettes.", "The campaign has companies or assignments and cannot be deleted. Only an empty campaign can be deleted.").into(),
            PlanRefusal::Date(day) => pick(format!("«{day}» er ikke en dato (ÅÅÅÅ-MM-DD)."), format!("“{day}” is not a date (YYYY-MM-DD).")),
            PlanRefusal::PlanTooLong(days) => pick(format!("En plan kan vare høyst {days} dager."), format!("A plan may span at most {days} days.")),
        }
    }
}
