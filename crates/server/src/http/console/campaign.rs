//! Campaign set-up: one company or one assignment from a form, companies and assignments from CSV, a
//! questionnaire from its definition file, and how the assignments spread. After each, the page again with
//! what happened on top: a notice, or every bad line in the organizer's words.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use shopper_domain::definition::Format;

use super::layout::form_token;
use super::layout::{channel_options, empty_row};
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::accounts::OrganizerAccount;
use crate::campaign::{NewAssignment, ASSIGNMENTS_HEADER, COMPANIES_HEADER};
use crate::changes;
use crate::error::Error;
use crate::http::AppState;

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
) -> PageResult {
    let content = body(&state, &account, html! {}).await?;
    Ok(Page::ok(
        &account,
        Lang::of(&account).t("Kampanje", "Campaign"),
        content,
    ))
}

async fn body(state: &AppState, account: &OrganizerAccount, message: Markup) -> PageResult<Markup> {
    let lang = Lang::of(account);
    let spread = state.store.spread().await.or_page(account)?;
    let table = |title: &str, counts: &BTreeMap<String, i64>, channels: bool| {
        html! {
            table {
                thead { tr { th { (title) } th { (lang.t("Oppdrag", "Assignments")) } } }
                tbody {
                    @for (name, count) in counts {
                        @let name = if channels { shopper_domain::Channel::parse(name).map_or(name.as_str(), |c| lang.channel(c)) } else { name.as_str() };
                        tr { td { (name) } td { (count) } }
                    }
                    @if counts.is_empty() { (empty_row(2, lang.t("Ingen oppdrag ennå.", "No assignments yet."))) }
                }
            }
        }
    };
    Ok(html! {
        (message)
        h2 { (lang.t("Nytt selskap", "New company")) }
        form method="post" action="/console/campaign/company" {
            (form_token())
            label { (lang.t("Klasse", "Class")) " " input name="class" required maxlength="100"; } " "
            label { (lang.t("Selskap", "Company")) " " input name="company" required maxlength="100"; } " "
            button type="submit" { (lang.t("Legg til selskap", "Add company")) }
        }
        h2 { (lang.t("Nytt oppdrag", "New assignment")) }
        form method="post" action="/console/campaign/assignment" {
            (form_token())
            label { (lang.t("Selskap", "Company")) " " input name="company" required; } " "
            label { (lang.t("Kanal", "Channel")) " " select name="channel" { (channel_options(lang, None, None)) } } " "
            label { "Shopper " input name="shopper" required; } " "
            label { (lang.t("Kontakt (tel:, chat-adresse, mailto:)", "Contact (tel:, chat address, mailto:)")) " " input name="contact" required; } br;
            label { "Scenario " input name="scenario" required size="60"; } br;
            label { (lang.t("Fra", "From")) " " input type="date" name="window_start" required; } " "
            label { (lang.t("Til", "To")) " " input type="date" name="window_end" required; } " "
            label { (lang.t("Frist", "Due")) " " input type="date" name="due" required; } " "
            button type="submit" { (lang.t("Legg til oppdrag", "Add assignment")) }
        }
        h2 { (lang.t("Importer selskaper (CSV)", "Import companies (CSV)")) }
        p.muted { (lang.t("Første linje:", "First line:")) " " code { (COMPANIES_HEADER) } }
        form method="post" action="/console/campaign/companies" {
            (form_token())
            textarea name="csv" rows="5" aria-label=(lang.t("Selskaper som CSV", "Companies as CSV")) { (COMPANIES_HEADER) "\n" }
            button type="submit" { (lang.t("Importer selskaper", "Import companies")) }
        }
        h2 { (lang.t("Importer oppdrag (CSV)", "Import assignments (CSV)")) }
        p.muted { (lang.t("Første linje:", "First line:")) " " code { (ASSIGNMENTS_HEADER) } }
        form method="post" action="/console/campaign/assignments" {
            (form_token())
            textarea name="csv" rows="5" aria-label=(lang.t("Oppdrag som CSV", "Assignments as CSV")) { (ASSIGNMENTS_HEADER) "\n" }
            button type="submit" { (lang.t("Importer oppdrag", "Import assignments")) }
        }
        h2 { (lang.t("Importer spørreskjema (TOML)", "Import a questionnaire (TOML)")) }
        form method="post" action="/console/campaign/questionnaire" {
            (form_token())
            textarea name="definition" rows="6" aria-label=(lang.t("Spørreskjema som TOML", "Questionnaire as TOML")) {}
            button type="submit" { (lang.t("Importer skjema", "Import questionnaire")) }
        }
        h2 { (lang.t("Fordeling av oppdrag", "How the assignments spread")) }
        (table(lang.t("Kanal", "Channel"), &spread.by_channel, true))
        (table("Shopper", &spread.by_shopper, false))
        (table(lang.t("Selskap", "Company"), &spread.by_company, false))
    })
}

/// The campaign page again with what happened on top: a notice, or every bad line.
async fn outcome(
    state: &AppState,
    account: &OrganizerAccount,
    outcome: Result<String, Error>,
) -> PageResult {
    let lang = Lang::of(account);
    let message = match outcome {
        Ok(done) => html! { p.notice role="status" data-testid="notice" { (done) } },
        Err(Error::InvalidRows(rows)) => html! {
            div.error role="alert" data-testid="error" {
                p { (lang.t("Ingenting ble importert. Rett disse linjene:", "Nothing was imported. Correct these lines:")) }
                ul { @for row in &rows { li { (lang.bad_row(row)) } } }
            }
        },
        Err(Error::InvalidDefinition(errors)) => html! {
            div.error role="alert" data-testid="error" {
                p { (lang.t("Skjemaet ble ikke importert. Feil i definisjonsfila:", "The questionnaire was not imported. Errors in the definition file:")) }
                ul { @for e in &errors {
                    li {
                        @if let Some(line) = e.line { (lang.t("Linje", "Line")) " " (line) ": " }
                        span lang="en" { (e.message) }
                    }
                } }
            }
        },
        Err(error) => html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } },
    };
    let content = body(state, account, message).await?;
    Ok(Page::ok(account, lang.t("Kampanje", "Campaign"), content))
}

#[derive(Deserialize)]
pub struct CsvForm {
    csv: String,
}

pub async fn import_companies(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<CsvForm>,
) -> PageResult {
    let done = changes::import_companies(&state.store, &account, &form.csv).await;
    outcome(
        &state,
        &account,
        done.map(|done| companies_done(Lang::of(&account), done)),
    )
    .await
}

fn companies_done(lang: Lang, done: crate::campaign::CompaniesImported) -> String {
    match lang {
        Lang::Nb => format!(
            "{} selskaper og {} nye klasser importert.",
            done.companies_created, done.classes_created
        ),
        Lang::En => format!(
            "{} companies and {} new classes imported.",
            done.companies_created, done.classes_created
        ),
    }
}

#[derive(Deserialize)]
pub struct CompanyForm {
    class: String,
    company: String,
}

pub async fn add_company(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<CompanyForm>,
) -> PageResult {
    let done = changes::add_company(&state.store, &account, &form.class, &form.company).await;
    outcome(
        &state,
        &account,
        done.map(|done| companies_done(Lang::of(&account), done)),
    )
    .await
}

pub async fn add_assignment(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<NewAssignment>,
) -> PageResult {
    let lang = Lang::of(&account);
    let company = form.company.clone();
    let done = changes::create_assignment(&state.store, &account, form).await;
    let done = done.map(|_| match lang {
        Lang::Nb => format!("Oppdraget for {company} er lagt til."),
        Lang::En => format!("The assignment for {company} is added."),
    });
    outcome(&state, &account, done).await
}

pub async fn import_assignments(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<CsvForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let done = changes::import_assignments(&state.store, &account, &form.csv).await;
    let done = done.map(|n| match lang {
        Lang::Nb => format!("{n} oppdrag importert."),
        Lang::En => format!("{n} assignments imported."),
    });
    outcome(&state, &account, done).await
}

#[derive(Deserialize)]
pub struct DefinitionForm {
    definition: String,
}

pub async fn import_questionnaire(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<DefinitionForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let done = match crate::campaign::read_definition(form.definition, Format::Toml).await {
        Err(error) => Err(error),
        Ok(questionnaire) => {
            changes::import_questionnaire(&state.store, &account, questionnaire).await
        }
    };
    let done = done.map(|i| match (lang, i.created) {
        (Lang::Nb, true) => format!(
            "«{}» versjon {} importert ({} spørsmål).",
            i.id, i.version, i.questions
        ),
        (Lang::Nb, false) => format!("«{}» er uendret (versjon {}).", i.id, i.version),
        (Lang::En, true) => format!(
            "“{}” version {} imported ({} questions).",
            i.id, i.version, i.questions
        ),
        (Lang::En, false) => format!("“{}” is unchanged (version {}).", i.id, i.version),
    });
    outcome(&state, &account, done).await
}
