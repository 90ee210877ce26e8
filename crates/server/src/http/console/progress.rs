//! How far the campaign has come, and changing the plan: counts per campaign, class, company and shopper, the
//! overdue contacts with whom to chase, a CSV; the assignments (filtered by company or shopper) to reassign or
//! cancel together, one assignment's window, due date and scenario to edit, a company to withdraw. When the old
//! shopper's phone holds a draft, the page says so and asks whether to move those anyway or keep them.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use shopper_domain::Channel;

use super::layout::{campaign_picker, empty_row, form_token};
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::accounts::OrganizerAccount;
use crate::campaign;
use crate::error::{Error, PlanRefusal, Reason};
use crate::http::AppState;
use crate::plan::{self, CancelAssignments, DraftDecision, EditAssignment, Reassign};
use crate::progress::{self, Counts, GroupCounts};
use crate::store::{AssignmentLine, Campaign};

/// `?campaign=&company=&shopper=`: the campaign and the assignments listed for changing.
#[derive(Deserialize, Default, Clone)]
pub struct ProgressQuery {
    #[serde(default)]
    campaign: Option<String>,
    #[serde(default)]
    company: Option<String>,
    #[serde(default)]
    shopper: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(query): Query<ProgressQuery>,
) -> PageResult {
    let chosen = campaign::chosen(&state.store, query.campaign.as_deref())
        .await
        .or_page(&account)?;
    render(&state, &account, &chosen, &query, html! {}).await
}

pub async fn csv(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(query): Query<ProgressQuery>,
) -> Result<Response, Page> {
    let chosen = campaign::chosen(&state.store, query.campaign.as_deref())
        .await
        .or_page(&account)?;
    let progress = progress::progress(&state.store, &chosen)
        .await
        .or_page(&account)?;
    let text = progress::progress_csv(&progress).or_page(&account)?;
    Ok((
        [
            ("content-type", "text/csv; charset=utf-8"),
            (
                "content-disposition",
                "attachment; filename=\"progress.csv\"",
            ),
        ],
        text,
    )
        .into_response())
}

fn counts_row(lang: Lang, name: &str, class: Option<&str>, c: &Counts) -> Markup {
    let _ = lang;
    html! {
        tr {
            td { (name) } @if let Some(class) = class { td { (class) } }
            td { (c.planned) } td { (c.started) } td { (c.sent) } td { (c.approved) } td { (c.returned) }
            td { (c.not_reached) } td.overdue[c.overdue > 0] { (c.overdue) }
        }
    }
}

fn counts_head(lang: Lang, first: &str, with_class: bool) -> Markup {
    html! {
        thead { tr {
            th { (first) } @if with_class { th { (lang.t("Klasse", "Class")) } }
            th { (lang.t("Planlagt", "Planned")) } th { (lang.t("Påbegynt", "Started")) } th { (lang.t("Sendt", "Sent")) }
            th { (lang.t("Godkjent", "Approved")) } th { (lang.t("Sendt tilbake", "Returned")) }
            th { (lang.t("Ikke nådd", "Not reached")) } th { (lang.t("Forfalt", "Overdue")) }
        } }
    }
}

fn state_text(lang: Lang, state: &str) -> &'static str {
    match state {
        "started" => lang.t("utkast på telefonen", "draft on the phone"),
        "returned" => lang.t("sendt tilbake, ikke rettet", "returned, not corrected"),
        _ => lang.t("ikke påbegynt", "not started"),
    }
}

fn line_state(lang: Lang, line: &AssignmentLine) -> String {
    if line.cancelled_at.is_some() {
        return lang.t("avlyst", "cancelled").into();
    }
    if line.withdrawn_at.is_some() {
        return lang.t("selskapet er trukket", "company withdrawn").into();
    }
    match line.evaluation_status.as_deref() {
        Some(status) => {
            let status = shopper_domain::protocol::ReviewStatus::ALL
                .into_iter()
                .find(|s| s.as_str() == status)
                .map_or(status.to_owned(), |s| lang.status(s).to_owned());
            if line.not_reached == 1 {
                format!("{status} ({})", lang.t("ikke nådd", "not reached"))
            } else {
                status
            }
        }
        None if line.draft == 1 => lang.t("utkast på telefonen", "draft on the phone").into(),
        None => lang.t("ikke påbegynt", "not started").into(),
    }
}

async fn render(
    state: &AppState,
    account: &OrganizerAccount,
    chosen: &Campaign,
    query: &ProgressQuery,
    message: Markup,
) -> PageResult {
    let lang = Lang::of(account);
    let campaigns = state.store.campaigns().await.or_page(account)?;
    let progress = progress::progress(&state.store, chosen)
        .await
        .or_page(account)?;
    let lines = state
        .store
        .campaign_assignments(&chosen.id)
        .await
        .or_page(account)?;
    let roster = state.store.roster().await.or_page(account)?;
    let company_ids: HashMap<&str, (&str, bool)> = lines
        .iter()
        .map(|l| {
            (
                l.company.as_str(),
                (l.company_id.as_str(), l.withdrawn_at.is_some()),
            )
        })
        .collect();
    let filter_company = query.company.as_deref().filter(|c| !c.is_empty());
    let filter_shopper = query.shopper.as_deref().filter(|c| !c.is_empty());
    let listed: Vec<&AssignmentLine> = lines
        .iter()
        .filter(|l| filter_company.is_none_or(|c| c == l.company_id))
        .filter(|l| filter_shopper.is_none_or(|s| s == l.shopper_id))
        .collect();
    let filtering = filter_company.is_some() || filter_shopper.is_some();
    let mut companies: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l.company.as_str(), l.company_id.as_str()))
        .collect();
    companies.sort();
    companies.dedup();
    let group_table = |title: &str, groups: &[GroupCounts], with_class: bool, testid: &str| {
        html! {
            table data-testid=(testid) {
                (counts_head(lang, title, with_class))
                tbody {
                    @for g in groups {
                        (counts_row(lang, &g.name, if with_class { g.class.as_deref() } else { None }, &g.counts))
                    }
                    @if groups.is_empty() { (empty_row(9, lang.t("Ingen oppdrag ennå.", "No assignments yet."))) }
                }
            }
        }
    };
    let content = html! {
        (message)
        (campaign_picker(lang, "/console/progress", &campaigns, &chosen.id, &[]))
        p { a href={ "/console/progress.csv?campaign=" (chosen.id) } data-testid="progress-csv" { (lang.t("Last ned som CSV", "Download as CSV")) } " · "
            a href={ "/console/plan?campaign=" (chosen.id) } { (lang.t("Planlegg", "Plan")) } }
        h2 { (lang.t("Hele kampanjen", "The whole campaign")) }
        table data-testid="progress-total" {
            (counts_head(lang, lang.t("Kampanje", "Campaign"), false))
            tbody { (counts_row(lang, &progress.campaign, None, &progress.total)) }
        }
        @if progress.cancelled > 0 || !progress.withdrawn.is_empty() {
            p.muted {
                (progress.cancelled) " " (lang.t("avlyste oppdrag telles ikke.", "cancelled assignments are not counted.")) " "
                @if !progress.withdrawn.is_empty() {
                    (lang.t("Trukket (utenfor resultatene, tatt vare på):", "Withdrawn (out of the results, kept on record):")) " "
                    (progress.withdrawn.join(", "))
                }
            }
        }
        h2 { (lang.t("Forfalt: hvem som må purres", "Overdue: whom to chase")) }
        table data-testid="overdue" {
            thead { tr { th { (lang.t("Frist", "Due")) } th { (lang.t("Dager over", "Days over")) } th { "Shopper" }
                th { (lang.t("E-post", "E-mail")) } th { (lang.t("Telefon", "Phone")) } th { (lang.t("Selskap", "Company")) }
                th { (lang.t("Kanal", "Channel")) } th { (lang.t("Står på", "State")) } } }
            tbody {
                @for o in &progress.overdue {
                    tr { td { (o.due) } td { (o.days_overdue) } td { (o.shopper) }
                         td { @if let Some(e) = &o.shopper_email { a href={ "mailto:" (e) } { (e) } } }
                         td { @if let Some(p) = &o.shopper_phone { a href={ "tel:" (p) } { (p) } } }
                         td { (o.company) } td { (Channel::parse(&o.channel).map_or(o.channel.as_str(), |c| lang.channel(c))) }
                         td { (state_text(lang, &o.state)) } }
                }
                @if progress.overdue.is_empty() { (empty_row(8, lang.t("Ingenting er forfalt.", "Nothing is overdue."))) }
            }
        }
        h2 { (lang.t("Per klasse", "By class")) }
        (group_table(lang.t("Klasse", "Class"), &progress.classes, false, "progress-classes"))
        h2 { (lang.t("Per selskap", "By company")) }
        table data-testid="progress-companies" {
            (counts_head(lang, lang.t("Selskap", "Company"), true))
            tbody {
                @for g in &progress.companies {
                    (counts_row(lang, &g.name, g.class.as_deref(), &g.counts))
                }
            }
        }
        h2 { (lang.t("Per shopper", "By shopper")) }
        (group_table("Shopper", &progress.shoppers, false, "progress-shoppers"))

        h2 id="change" { (lang.t("Endre planen", "Change the plan")) }
        form method="get" action="/console/progress" data-testid="assignment-filter" {
            input type="hidden" name="campaign" value=(chosen.id);
            label { (lang.t("Selskap", "Company")) " " select name="company" {
                option value="" { (lang.t("Velg", "Choose")) }
                @for (name, id) in &companies { option value=(id) selected[filter_company == Some(*id)] { (name) } }
            } } " "
            label { "Shopper " select name="shopper" {
                option value="" { (lang.t("Velg", "Choose")) }
                @for (id, name, ..) in &roster { option value=(id) selected[filter_shopper == Some(id.as_str())] { (name) } }
            } } " "
            button type="submit" { (lang.t("Vis oppdragene", "Show the assignments")) }
        }
        @if let Some(company) = filter_company {
            @if let Some((name, (id, withdrawn))) = company_ids.iter().find(|(_, (id, _))| *id == company) {
                @if !withdrawn {
                    form method="post" action={ "/console/companies/" (id) "/withdraw" } data-testid="withdraw" {
                        (form_token()) input type="hidden" name="campaign" value=(chosen.id);
                        button type="submit" { (lang.t("Trekk", "Withdraw")) " " (name) " " (lang.t("fra kampanjen", "from the campaign")) }
                        span.muted { " " (lang.t("Evalueringene tas ut av resultatene og tas vare på; oppdrag som ikke er sendt, avlyses.",
                            "Its evaluations leave the results and are kept on record; assignments not sent are cancelled.")) }
                    }
                } @else {
                    form method="post" action={ "/console/companies/" (id) "/reinstate" } data-testid="reinstate" {
                        (form_token()) input type="hidden" name="campaign" value=(chosen.id);
                        button type="submit" { (lang.t("Ta", "Reinstate")) " " (name) " " (lang.t("inn i kampanjen igjen", "in the campaign")) }
                        span.muted { " " (lang.t("Evalueringene teller i resultatene igjen; oppdragene som ble avlyst da selskapet ble trukket, gjelder igjen.",
                            "Its evaluations count in the results again; the assignments cancelled by the withdrawal are active again.")) }
                    }
                }
            }
        }
        @if filtering {
            form method="post" action="/console/assignments/change" data-testid="change-assignments" {
                (form_token())
                input type="hidden" name="campaign" value=(chosen.id);
                input type="hidden" name="company" value=(filter_company.unwrap_or_default());
                input type="hidden" name="shopper" value=(filter_shopper.unwrap_or_default());
                table {
                    thead { tr { th { (lang.t("Velg", "Choose")) } th { (lang.t("Selskap", "Company")) } th { "Shopper" } th { (lang.t("Kanal", "Channel")) }
                        th { (lang.t("Vindu", "Window")) } th { (lang.t("Frist", "Due")) } th { (lang.t("Står på", "State")) } th {} } }
                    tbody {
                        @for line in &listed {
                            tr {
                                td { @if line.cancelled_at.is_none() && line.withdrawn_at.is_none() {
                                    input type="checkbox" name={ "pick:" (line.id) } aria-label={ (line.company) ", " (line.shopper) };
                                } }
                                td { (line.company) } td { (line.shopper) }
                                td { (Channel::parse(&line.channel).map_or(line.channel.as_str(), |c| lang.channel(c))) }
                                td { (line.window_start.get(..10).unwrap_or(&line.window_start)) " – " (line.window_end.get(..10).unwrap_or(&line.window_end))
                                     @if let Some(days) = &line.weekdays { " " (lang.weekdays(days)) } @if let Some(hours) = &line.hours { " " (hours) } }
                                td { (line.due) } td { (line_state(lang, line)) }
                                td { @if line.cancelled_at.is_none() { a href={ "/console/assignments/" (line.id) "?campaign=" (chosen.id) } { (lang.t("Endre", "Edit")) } } }
                            }
                        }
                        @if listed.is_empty() { (empty_row(8, lang.t("Ingen oppdrag.", "No assignments."))) }
                    }
                }
                label { (lang.t("Flytt de valgte til", "Move the chosen to")) " " select name="to" {
                    option value="" { (lang.t("Velg shopper", "Choose a shopper")) }
                    @for (id, name, ..) in &roster { option value=(id) { (name) } }
                } } " "
                button type="submit" name="action" value="reassign" data-testid="reassign" { (lang.t("Flytt", "Move")) } " "
                button type="submit" name="action" value="cancel" data-testid="cancel" { (lang.t("Avlys de valgte", "Cancel the chosen")) }
            }
        }
    };
    Ok(Page::ok(account, lang.t("Framdrift", "Progress"), content))
}

/// The reassign-or-cancel form: the ticked assignments are the `pick:<id>` fields.
pub async fn change(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(fields): Form<HashMap<String, String>>,
) -> PageResult {
    let lang = Lang::of(&account);
    let field = |name: &str| fields.get(name).cloned().filter(|v| !v.is_empty());
    let chosen = campaign::chosen(&state.store, field("campaign").as_deref())
        .await
        .or_page(&account)?;
    let query = ProgressQuery {
        campaign: Some(chosen.id.clone()),
        company: field("company"),
        shopper: field("shopper"),
    };
    let mut picked: Vec<String> = fields
        .keys()
        .filter_map(|k| k.strip_prefix("pick:"))
        .map(str::to_owned)
        .collect();
    picked.sort();
    let drafts = match field("drafts").as_deref() {
        Some("move") => Some(DraftDecision::Move),
        Some("keep") => Some(DraftDecision::Keep),
        _ => None,
    };
    let message = match field("action").as_deref() {
        Some("cancel") => {
            let request = CancelAssignments {
                assignments: picked,
            };
            match plan::cancel(&state.store, &account, &chosen, &request).await {
                Ok(done) => notice(match lang {
                    Lang::Nb => format!("{} oppdrag er avlyst.", done.cancelled),
                    Lang::En => format!("{} assignments are cancelled.", done.cancelled),
                }),
                Err(error) => refusal(lang, &error),
            }
        }
        _ => {
            let request = Reassign {
                assignments: picked.clone(),
                shopper: field("to").unwrap_or_default(),
                drafts,
            };
            match plan::reassign(&state.store, &account, &chosen, &request).await {
                Ok(done) => notice(match lang {
                    Lang::Nb => format!(
                        "{} oppdrag er flyttet. {} var allerede sendt og ble værende; {} med utkast ble værende.",
                        done.moved.len(),
                        done.kept_sent.len(),
                        done.kept_drafts.len()
                    ),
                    Lang::En => format!(
                        "{} assignments moved. {} were already sent and stayed; {} with drafts stayed.",
                        done.moved.len(),
                        done.kept_sent.len(),
                        done.kept_drafts.len()
                    ),
                }),
                Err(Error::Conflict {
                    reason: Reason::Plan(PlanRefusal::DraftsHeld(n)),
                    ..
                }) => ask_about_drafts(lang, &chosen, &query, &request, n),
                Err(error) => refusal(lang, &error),
            }
        }
    };
    render(&state, &account, &chosen, &query, message).await
}

fn notice(text: String) -> Markup {
    html! { p.notice role="status" data-testid="notice" { (text) } }
}

fn refusal(lang: Lang, error: &Error) -> Markup {
    html! { p.error role="alert" data-testid="error" { (lang.error(error)) } }
}

/// Some assignments have a draft on the old phone: the same request again, with the organizer's choice.
fn ask_about_drafts(
    lang: Lang,
    chosen: &Campaign,
    query: &ProgressQuery,
    request: &Reassign,
    drafts: usize,
) -> Markup {
    html! {
        div.error role="alert" data-testid="drafts-held" {
            p { (lang.plan_refusal(&PlanRefusal::DraftsHeld(drafts))) " "
                (lang.t("Flyttes de, kan den gamle telefonen ikke lenger sende utkastet.", "If they move, the old phone can no longer send the draft.")) }
            form method="post" action="/console/assignments/change" {
                (form_token())
                input type="hidden" name="campaign" value=(chosen.id);
                input type="hidden" name="company" value=(query.company.clone().unwrap_or_default());
                input type="hidden" name="shopper" value=(query.shopper.clone().unwrap_or_default());
                input type="hidden" name="to" value=(request.shopper);
                input type="hidden" name="action" value="reassign";
                @for id in &request.assignments { input type="hidden" name={ "pick:" (id) } value="on"; }
                button type="submit" name="drafts" value="move" data-testid="drafts-move" { (lang.t("Flytt likevel", "Move anyway")) } " "
                button type="submit" name="drafts" value="keep" data-testid="drafts-keep" { (lang.t("La dem med utkast bli", "Keep those with drafts")) }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct CampaignField {
    #[serde(default)]
    campaign: Option<String>,
}

pub async fn withdraw(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(company_id): Path<String>,
    Form(form): Form<CampaignField>,
) -> PageResult {
    change_company(&state, &account, company_id, form, CompanyChange::Withdraw).await
}

pub async fn reinstate(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(company_id): Path<String>,
    Form(form): Form<CampaignField>,
) -> PageResult {
    change_company(&state, &account, company_id, form, CompanyChange::Reinstate).await
}

/// What an admin does to a participating company from its progress page.
enum CompanyChange {
    Withdraw,
    Reinstate,
}

/// Withdraws or reinstates the company, then shows its progress with what happened (or why not).
async fn change_company(
    state: &AppState,
    account: &OrganizerAccount,
    company_id: String,
    form: CampaignField,
    change: CompanyChange,
) -> PageResult {
    let lang = Lang::of(account);
    let chosen = campaign::chosen(&state.store, form.campaign.as_deref())
        .await
        .or_page(account)?;
    let done = match change {
        CompanyChange::Withdraw => plan::withdraw_company(&state.store, account, &chosen, &company_id)
            .await
            .map(|done| match lang {
                Lang::Nb => format!(
                    "Selskapet er trukket: evalueringene er tatt ut av resultatene, {} oppdrag er avlyst.",
                    done.cancelled
                ),
                Lang::En => format!(
                    "The company is withdrawn: its evaluations left the results, {} assignments are cancelled.",
                    done.cancelled
                ),
            }),
        CompanyChange::Reinstate => plan::reinstate_company(&state.store, account, &chosen, &company_id)
            .await
            .map(|done| match lang {
                Lang::Nb => format!(
                    "Selskapet er med igjen: evalueringene teller i resultatene, {} oppdrag gjelder igjen.",
                    done.restored
                ),
                Lang::En => format!(
                    "The company is back: its evaluations count in the results, {} assignments are active again.",
                    done.restored
                ),
            }),
    };
    let message = match done {
        Ok(text) => notice(text),
        Err(error) => refusal(lang, &error),
    };
    let query = ProgressQuery {
        campaign: Some(chosen.id.clone()),
        company: Some(company_id),
        shopper: None,
    };
    render(state, account, &chosen, &query, message).await
}

/// One assignment's window, due date and scenario, to edit.
pub async fn assignment(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
    Query(choice): Query<CampaignField>,
) -> PageResult {
    let chosen = campaign::chosen(&state.store, choice.campaign.as_deref())
        .await
        .or_page(&account)?;
    assignment_page(&state, &account, &chosen, &id, None, html! {}).await
}

async fn assignment_page(
    state: &AppState,
    account: &OrganizerAccount,
    chosen: &Campaign,
    id: &str,
    typed: Option<&EditForm>,
    message: Markup,
) -> PageResult {
    let lang = Lang::of(account);
    let line = state
        .store
        .assignment_line(id)
        .await
        .or_page(account)?
        .ok_or_else(|| {
            Page::failed(
                account,
                Error::NotFound(Reason::Plan(PlanRefusal::NoAssignment(id.to_owned()))),
            )
        })?;
    let value =
        |typed: Option<&String>, stored: &str| typed.cloned().unwrap_or_else(|| stored.to_owned());
    let content = html! {
        (message)
        p { strong { (line.company) } " · " (line.shopper) " · " (Channel::parse(&line.channel).map_or(line.channel.as_str(), |c| lang.channel(c))) " · " (line_state(lang, &line)) }
        form method="post" action={ "/console/assignments/" (line.id) } data-testid="edit-assignment" {
            (form_token())
            input type="hidden" name="campaign" value=(chosen.id);
            label { (lang.t("Fra", "From")) " " input name="window_start" value=(value(typed.map(|t| &t.window_start), &line.window_start)); } " "
            label { (lang.t("Til", "To")) " " input name="window_end" value=(value(typed.map(|t| &t.window_end), &line.window_end)); } br;
            label { (lang.t("Ukedager (1-5; tomt: kampanjens)", "Weekdays (1-5; empty: the campaign's)")) " " input name="weekdays" size="8" value=(value(typed.map(|t| &t.weekdays), line.weekdays.as_deref().unwrap_or_default())); } " "
            label { (lang.t("Klokkeslett (tomt: kampanjens)", "Hours (empty: the campaign's)")) " " input name="hours" size="12" value=(value(typed.map(|t| &t.hours), line.hours.as_deref().unwrap_or_default())); } br;
            label { (lang.t("Frist", "Due")) " " input name="due" value=(value(typed.map(|t| &t.due), &line.due)); } br;
            label { "Scenario" br; textarea name="scenario" rows="3" cols="60" { (value(typed.map(|t| &t.scenario), &line.scenario)) } } br;
            button type="submit" { (lang.t("Lagre", "Save")) }
        }
        p { a href={ "/console/progress?campaign=" (chosen.id) "&company=" (line.company_id) "#change" } { (lang.t("Tilbake til oppdragene", "Back to the assignments")) } }
    };
    Ok(Page::ok(account, lang.t("Oppdrag", "Assignment"), content))
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    campaign: Option<String>,
    #[serde(default)]
    window_start: String,
    #[serde(default)]
    window_end: String,
    #[serde(default)]
    weekdays: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    scenario: String,
}

pub async fn edit(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let chosen = campaign::chosen(&state.store, form.campaign.as_deref())
        .await
        .or_page(&account)?;
    let edit = EditAssignment {
        window_start: Some(form.window_start.clone()),
        window_end: Some(form.window_end.clone()),
        weekdays: Some(form.weekdays.clone()),
        hours: Some(form.hours.clone()),
        due: Some(form.due.clone()),
        scenario: Some(form.scenario.clone()),
    };
    match plan::edit_assignment(&state.store, &account, &chosen, &id, &edit).await {
        Ok(()) => {
            let message = notice(
                lang.t("Oppdraget er endret.", "The assignment is changed.")
                    .into(),
            );
            assignment_page(&state, &account, &chosen, &id, None, message).await
        }
        Err(error) => {
            let message = refusal(lang, &error);
            assignment_page(&state, &account, &chosen, &id, Some(&form), message).await
        }
    }
}
