//! Campaign set-up: the campaign picker (the newest by default) and a new campaign with its dates, questionnaire
//! and outcome rule; in the chosen campaign, one company or one assignment from a form, companies and
//! assignments from CSV, and how the assignments spread; a questionnaire from its definition file. After each,
//! the page again with what happened on top: a notice, or every bad line in the organizer's words.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Query, State};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use shopper_domain::definition::Format;

use super::layout::form_token;
use super::layout::{campaign_picker, channel_options, empty_row};
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::accounts::OrganizerAccount;
use crate::campaign::{self, NewAssignment, NewCampaign, ASSIGNMENTS_HEADER, COMPANIES_HEADER};
use crate::changes;
use crate::error::Error;
use crate::http::AppState;
use crate::store::Campaign;

/// `?campaign=<id>`, or a form's hidden field: the campaign a page or form works in (none: the newest).
#[derive(Deserialize, Default)]
pub struct CampaignChoice {
    #[serde(default)]
    pub campaign: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(choice): Query<CampaignChoice>,
) -> PageResult {
    let content = body(&state, &account, choice.campaign.as_deref(), html! {}).await?;
    Ok(Page::ok(
        &account,
        Lang::of(&account).t("Kampanje", "Campaign"),
        content,
    ))
}

/// What an import form had when the page is shown again: its text (nothing typed or uploaded is lost) and
/// the preview of it, for the form it came from.
#[derive(Default)]
pub struct Kept {
    pub kind: Option<ImportKind>,
    pub text: String,
    pub preview: Option<Markup>,
}

/// Which import a form is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ImportKind {
    Companies,
    Assignments,
}

async fn body(
    state: &AppState,
    account: &OrganizerAccount,
    asked: Option<&str>,
    message: Markup,
) -> PageResult<Markup> {
    body_keeping(state, account, asked, message, Kept::default()).await
}

/// An import form: a file to upload (CSV or .xlsx) or text to paste, previewed or imported; after an error the
/// box holds what was sent (an uploaded file's text), and the preview marks each bad cell.
fn import_form(
    lang: Lang,
    kind: ImportKind,
    campaign_id: &str,
    header: &str,
    kept: &Kept,
) -> Markup {
    let (action, label) = match kind {
        ImportKind::Companies => (
            "/console/campaign/companies",
            lang.t("Selskaper som CSV", "Companies as CSV"),
        ),
        ImportKind::Assignments => (
            "/console/campaign/assignments",
            lang.t("Oppdrag som CSV", "Assignments as CSV"),
        ),
    };
    let mine = kept.kind == Some(kind);
    let token = crate::http::forgery::current_form_token().unwrap_or_default();
    html! {
        p.muted {
            (lang.t("Første linje:", "First line:")) " " code { (header) } ". "
            (lang.t(
                "Komma eller semikolon; UTF-8 (med eller uten BOM) eller Excels vanlige CSV; datoer som dd.mm.åååå eller åååå-mm-dd; kontakt som telefonnummer, e-postadresse eller https-lenke. Eller last opp en Excel-fil (.xlsx, første ark).",
                "Commas or semicolons; UTF-8 (with or without a BOM) or Excel's usual CSV; dates as dd.mm.yyyy or yyyy-mm-dd; contacts as a phone number, an e-mail address or an https link. Or upload an Excel file (.xlsx, first sheet)."
            ))
        }
        form method="post" enctype="multipart/form-data" action={ (action) "?csrf=" (token) } data-testid={ "import-" (if kind == ImportKind::Companies { "companies" } else { "assignments" }) } {
            input type="hidden" name="campaign" value=(campaign_id);
            label { (lang.t("Fil (CSV eller .xlsx)", "File (CSV or .xlsx)")) " "
                input type="file" name="file" accept=".csv,.txt,.xlsx,text/csv"; } br;
            textarea name="csv" rows="6" aria-label=(label) {
                @if mine { (kept.text) } @else { (header) "\n" }
            }
            button type="submit" name="action" value="preview" { (lang.t("Forhåndsvis", "Preview")) } " "
            button type="submit" name="action" value="import" { (lang.t("Importer", "Import")) }
        }
        @if mine { @if let Some(preview) = &kept.preview { (preview) } }
    }
}

/// The preview table: every row, each bad cell marked with what is wrong, a row's other problems beside it.
pub fn preview_table(lang: Lang, preview: &crate::imports::Preview) -> Markup {
    let bad = preview.bad_rows();
    html! {
        div data-testid="preview" {
            p role="status" {
                (lang.t("Forhåndsvisning:", "Preview:")) " " (preview.rows.len()) " " (lang.t("rader", "rows")) ", "
                (bad) " " (lang.t("med feil", "with errors"))
                @if bad == 0 && !preview.rows.is_empty() { ". " (lang.t("Alt ser riktig ut; trykk Importer.", "Everything looks right; press Import.")) }
            }
            div.scroll {
                table.preview {
                    thead { tr { th { (lang.t("Linje", "Line")) } @for h in &preview.header { th { (h) } } th { (lang.t("Feil", "Problems")) } } }
                    tbody {
                        @for row in &preview.rows {
                            tr data-line=(row.line) class=[(!row.problems.is_empty()).then_some("bad-row")] {
                                td { (row.line) }
                                @for (i, cell) in row.cells.iter().enumerate() {
                                    @let problem = row.problems.iter().find(|(c, _)| *c == Some(i)).map(|(_, p)| lang.row_problem(p));
                                    @if let Some(problem) = problem {
                                        td.bad data-bad-cell=(preview.header.get(i).map_or("", String::as_str)) title=(problem) {
                                            mark { (cell) } br; small { (problem) }
                                        }
                                    } @else {
                                        td { (cell) }
                                    }
                                }
                                td {
                                    @for (column, problem) in &row.problems {
                                        @if column.is_none() { (lang.row_problem(problem)) br; }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn body_keeping(
    state: &AppState,
    account: &OrganizerAccount,
    asked: Option<&str>,
    message: Markup,
    kept: Kept,
) -> PageResult<Markup> {
    let lang = Lang::of(account);
    let campaigns = state.store.campaigns().await.or_page(account)?;
    let new_campaign = new_campaign_form(lang);
    let Some(chosen) = campaigns
        .iter()
        .find(|c| asked.is_some_and(|a| a == c.id))
        .or(campaigns.first())
    else {
        return Ok(html! {
            (message)
            p data-testid="empty" { (lang.t("Ingen kampanjer ennå. Lag den første:", "No campaigns yet. Create the first:")) }
            (new_campaign)
        });
    };
    let spread = state.store.spread(&chosen.id).await.or_page(account)?;
    let hidden = html! { input type="hidden" name="campaign" value=(chosen.id); };
    let rule = chosen.outcome_rule;
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
        (campaign_picker(lang, "/console/campaign", &campaigns, &chosen.id, &[]))
        p data-testid="campaign" { strong { (chosen.name) } " · "
            (chosen.starts_on.as_deref().unwrap_or("…")) " – " (chosen.ends_on.as_deref().unwrap_or("…")) " · "
            (lang.t("skjema", "questionnaire")) " " (chosen.questionnaire_id.as_deref().unwrap_or(lang.t("det nyeste", "the newest"))) " · "
            (lang.t("rangert fra", "ranked from")) " " (chosen.min_ranked_contacts) " " (lang.t("kontakter", "contacts")) }
        p.muted data-testid="outcome-rule" {
            (lang.t("Ikke svar:", "Not reached:")) " "
            (rule.phone_attempts) " " (lang.t("telefonforsøk med minst", "phone attempts at least")) " " (rule.phone_gap_minutes) " "
            (lang.t("minutter mellom; chat uten svar etter", "minutes apart; chat without a reply after")) " " (rule.chat_reply_minutes) " "
            (lang.t("minutter; e-post uten svar etter", "minutes; e-mail without a reply after")) " " (rule.email_reply_days) " " (lang.t("dager.", "days."))
        }
        details data-testid="change-campaign" {
            summary { (lang.t("Endre eller slett kampanjen", "Change or delete the campaign")) }
            (campaign_form(lang, Some(chosen)))
        }
        p { a href={ "/console/plan?campaign=" (chosen.id) } { (lang.t("Planlegg oppdragene", "Plan the assignments")) } " · "
            a href={ "/console/progress?campaign=" (chosen.id) } { (lang.t("Framdrift og endringer", "Progress and changes")) } }
        h2 { (lang.t("Nytt selskap", "New company")) }
        form method="post" action="/console/campaign/company" {
            (form_token()) (hidden)
            label { (lang.t("Klasse", "Class")) " " input name="class" required maxlength="100"; } " "
            label { (lang.t("Selskap", "Company")) " " input name="company" required maxlength="100"; } " "
            label { (lang.t("Organisasjonsnummer (valgfritt)", "Organisation number (optional)")) " " input name="organisation_number" maxlength="20"; } " "
            button type="submit" { (lang.t("Legg til selskap", "Add company")) }
        }
        h2 { (lang.t("Nytt oppdrag", "New assignment")) }
        form method="post" action="/console/campaign/assignment" {
            (form_token()) (hidden)
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
        h2 { (lang.t("Importer selskaper (CSV eller Excel)", "Import companies (CSV or Excel)")) }
        (import_form(lang, ImportKind::Companies, &chosen.id, COMPANIES_HEADER, &kept))
        h2 { (lang.t("Importer oppdrag (CSV eller Excel)", "Import assignments (CSV or Excel)")) }
        (import_form(lang, ImportKind::Assignments, &chosen.id, ASSIGNMENTS_HEADER, &kept))
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
        (new_campaign)
    })
}

/// The form for a new campaign: name, dates, questionnaire, the outcome rule and the fewest contacts to rank.
fn new_campaign_form(lang: Lang) -> Markup {
    html! {
        h2 { (lang.t("Ny kampanje", "New campaign")) }
        (campaign_form(lang, None))
    }
}

/// The campaign form, empty for a new campaign or filled in to change `existing` (then with a delete button,
/// which only an empty campaign passes).
fn campaign_form(lang: Lang, existing: Option<&Campaign>) -> Markup {
    let rule = existing.map_or_else(Default::default, |c| c.outcome_rule);
    let value = |pick: fn(&Campaign) -> Option<&str>| {
        existing.and_then(pick).unwrap_or_default().to_owned()
    };
    let (action, testid) = match existing {
        Some(_) => ("/console/campaign/edit", "edit-campaign"),
        None => ("/console/campaigns", "new-campaign"),
    };
    html! {
        form method="post" action=(action) data-testid=(testid) {
            (form_token())
            @if let Some(campaign) = existing { input type="hidden" name="campaign" value=(campaign.id); }
            label { (lang.t("Navn", "Name")) " " input name="name" required maxlength="100" size="40" value=(value(|c| Some(c.name.as_str()))); } " "
            label { (lang.t("Fra", "From")) " " input type="date" name="starts_on" value=(value(|c| c.starts_on.as_deref())); } " "
            label { (lang.t("Til", "To")) " " input type="date" name="ends_on" value=(value(|c| c.ends_on.as_deref())); } br;
            label { (lang.t("Ukedager (1 = mandag, f.eks. 1-5; tomt: alle)", "Weekdays (1 = Monday, e.g. 1-5; empty: all)")) " " input name="weekdays" size="8" value=(value(|c| c.weekdays.as_deref())); } " "
            label { (lang.t("Klokkeslett (f.eks. 09:00-15:00; tomt: hele dagen)", "Hours (e.g. 09:00-15:00; empty: the whole day)")) " " input name="hours" size="12" value=(value(|c| c.hours.as_deref())); } br;
            label { (lang.t("Spørreskjema (id, tomt: det nyeste)", "Questionnaire (id, empty: the newest)")) " " input name="questionnaire_id" value=(value(|c| c.questionnaire_id.as_deref())); } " "
            label { (lang.t("Rangeres fra antall kontakter", "Ranked from contacts")) " " input type="number" name="min_ranked_contacts" min="1" max="1000" value=(existing.map_or(10, |c| c.min_ranked_contacts)); } br;
            label { (lang.t("Telefonforsøk", "Phone attempts")) " " input type="number" name="phone_attempts" min="1" max="10" value=(rule.phone_attempts); } " "
            label { (lang.t("minutter mellom", "minutes apart")) " " input type="number" name="phone_gap_minutes" min="0" max="1440" value=(rule.phone_gap_minutes); } " "
            label { (lang.t("chatsvar innen minutter", "chat reply within minutes")) " " input type="number" name="chat_reply_minutes" min="1" max="1440" value=(rule.chat_reply_minutes); } " "
            label { (lang.t("e-postsvar innen dager", "e-mail reply within days")) " " input type="number" name="email_reply_days" min="1" max="60" value=(rule.email_reply_days); } " "
            @if existing.is_some() {
                button type="submit" { (lang.t("Lagre endringene", "Save the changes")) }
            } @else {
                button type="submit" { (lang.t("Lag kampanje", "Create campaign")) }
            }
        }
        @if let Some(campaign) = existing {
            form method="post" action="/console/campaign/delete" data-testid="delete-campaign" {
                (form_token())
                input type="hidden" name="campaign" value=(campaign.id);
                button type="submit" { (lang.t("Slett kampanjen (bare når den er tom)", "Delete the campaign (only when empty)")) }
            }
        }
    }
}

/// The new-campaign form as sent.
#[derive(Deserialize)]
pub struct CampaignForm {
    name: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    questionnaire_id: String,
    #[serde(default)]
    weekdays: String,
    #[serde(default)]
    hours: String,
    /// The campaign being changed (none: a new one).
    #[serde(default)]
    campaign: Option<String>,
    min_ranked_contacts: Option<u32>,
    phone_attempts: Option<u32>,
    phone_gap_minutes: Option<u32>,
    chat_reply_minutes: Option<u32>,
    email_reply_days: Option<u32>,
}

/// The campaign a form describes.
fn new_campaign(form: CampaignForm) -> NewCampaign {
    let usual = shopper_domain::outcome::OutcomeRule::default();
    let some = |text: String| Some(text).filter(|t| !t.trim().is_empty());
    NewCampaign {
        name: form.name,
        starts_on: some(form.starts_on),
        ends_on: some(form.ends_on),
        questionnaire_id: some(form.questionnaire_id),
        outcome_rule: Some(shopper_domain::outcome::OutcomeRule {
            phone_attempts: form.phone_attempts.unwrap_or(usual.phone_attempts),
            phone_gap_minutes: form.phone_gap_minutes.unwrap_or(usual.phone_gap_minutes),
            chat_reply_minutes: form.chat_reply_minutes.unwrap_or(usual.chat_reply_minutes),
            email_reply_days: form.email_reply_days.unwrap_or(usual.email_reply_days),
        }),
        min_ranked_contacts: form.min_ranked_contacts,
        weekdays: some(form.weekdays),
        hours: some(form.hours),
    }
}

pub async fn create_campaign(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<CampaignForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let new = new_campaign(form);
    let done = changes::create_campaign(&state.store, &account, &new).await;
    let chosen = done.as_ref().ok().map(|c: &Campaign| c.id.clone());
    let done = done.map(|c| match lang {
        Lang::Nb => format!("Kampanjen «{}» er opprettet.", c.name),
        Lang::En => format!("The campaign “{}” is created.", c.name),
    });
    outcome(&state, &account, chosen.as_deref(), done).await
}

/// Saves the changed campaign form.
pub async fn edit_campaign(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<CampaignForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let asked = form.campaign.clone();
    let done = match campaign::chosen(&state.store, asked.as_deref()).await {
        Ok(chosen) => {
            crate::plan::edit_campaign(&state.store, &account, &chosen, &new_campaign(form)).await
        }
        Err(error) => Err(error),
    };
    let done = done.map(|c| match lang {
        Lang::Nb => format!("Kampanjen «{}» er endret.", c.name),
        Lang::En => format!("The campaign “{}” is changed.", c.name),
    });
    outcome(&state, &account, asked.as_deref(), done).await
}

/// Deletes an empty campaign (one with companies or assignments is refused with the reason).
pub async fn delete_campaign(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(choice): Form<CampaignChoice>,
) -> PageResult {
    let lang = Lang::of(&account);
    let chosen = campaign::chosen(&state.store, choice.campaign.as_deref())
        .await
        .or_page(&account)?;
    let done = crate::plan::delete_campaign(&state.store, &account, &chosen).await;
    let kept = done.is_err().then_some(chosen.id.as_str());
    let done = done.map(|()| match lang {
        Lang::Nb => format!("Kampanjen «{}» er slettet.", chosen.name),
        Lang::En => format!("The campaign “{}” is deleted.", chosen.name),
    });
    outcome(&state, &account, kept, done).await
}

/// The campaign page again with what happened on top: a notice, or every bad line.
async fn outcome(
    state: &AppState,
    account: &OrganizerAccount,
    campaign: Option<&str>,
    outcome: Result<String, Error>,
) -> PageResult {
    outcome_keeping(state, account, campaign, outcome, Kept::default()).await
}

async fn outcome_keeping(
    state: &AppState,
    account: &OrganizerAccount,
    campaign: Option<&str>,
    outcome: Result<String, Error>,
    kept: Kept,
) -> PageResult {
    let lang = Lang::of(account);
    let message = match outcome {
        Ok(done) if done.is_empty() => html! {},
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
    let content = body_keeping(state, account, campaign, message, kept).await?;
    Ok(Page::ok(account, lang.t("Kampanje", "Campaign"), content))
}

/// The campaign a form names (a hidden field), else the newest.
async fn form_campaign(state: &AppState, asked: Option<&str>) -> Result<Campaign, Error> {
    campaign::chosen(&state.store, asked).await
}

/// An import form as sent: its campaign, whether only to preview, and the text (an uploaded file's, else the
/// box's).
struct ImportSent {
    campaign: Option<String>,
    preview: bool,
    text: String,
}

/// The form's fields; a file that cannot be read is the second part (the box's text is kept meanwhile).
async fn read_import(mut multipart: Multipart) -> Result<(ImportSent, Option<Error>), String> {
    let mut sent = ImportSent {
        campaign: None,
        preview: false,
        text: String::new(),
    };
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let bytes = field.bytes().await.map_err(|e| e.body_text())?;
                if !bytes.is_empty() {
                    file = Some(bytes);
                }
            }
            _ => {
                let value = field.text().await.map_err(|e| e.body_text())?;
                match name.as_str() {
                    "campaign" => sent.campaign = Some(value).filter(|v| !v.is_empty()),
                    "action" => sent.preview = value == "preview",
                    "csv" => sent.text = value,
                    _ => {}
                }
            }
        }
    }
    let mut unreadable = None;
    if let Some(bytes) = file {
        match crate::imports::file_text(&bytes) {
            Ok(text) => sent.text = text,
            Err(error) => unreadable = Some(error),
        }
    }
    Ok((sent, unreadable))
}

/// The preview of a file whose rows a check refused as `bad`: the file's cells, each problem in its cell.
fn preview_with(text: &str, bad: &[crate::error::BadRow]) -> crate::imports::Preview {
    let mut preview = crate::imports::preview(&crate::imports::tidy_csv(text), |_, _| vec![]);
    for row in bad {
        let column = row
            .problem
            .field()
            .and_then(|field| preview.header.iter().position(|h| h == field));
        if let Some(at) = preview.rows.iter_mut().find(|r| r.line == row.line) {
            at.problems.push((column, row.problem.clone()));
        }
    }
    preview
}

async fn import(
    state: &AppState,
    account: &OrganizerAccount,
    kind: ImportKind,
    multipart: Multipart,
) -> PageResult {
    let lang = Lang::of(account);
    let (sent, unreadable) = match read_import(multipart).await {
        Ok(read) => read,
        Err(detail) => {
            let message = match lang {
                Lang::Nb => format!("Fila eller skjemaet kunne ikke leses: {detail}"),
                Lang::En => format!("The file or the form could not be read: {detail}"),
            };
            return Err(Page::error(
                Some(account),
                axum::http::StatusCode::BAD_REQUEST,
                &message,
            ));
        }
    };
    let chosen = match form_campaign(state, sent.campaign.as_deref()).await {
        Ok(chosen) => chosen,
        Err(error) => return outcome(state, account, sent.campaign.as_deref(), Err(error)).await,
    };
    let campaign = Some(chosen.id.as_str());
    let mut kept = Kept {
        kind: Some(kind),
        text: sent.text.clone(),
        preview: None,
    };
    if let Some(error) = unreadable {
        return outcome_keeping(state, account, campaign, Err(error), kept).await;
    }
    if sent.preview {
        let preview = match kind {
            ImportKind::Assignments => campaign::Lookups::load(&state.store, &chosen.id)
                .await
                .or_page(account)?
                .preview_assignments(&sent.text),
            ImportKind::Companies => {
                let existing = state.store.companies(&chosen.id).await.or_page(account)?;
                let numbers = state
                    .store
                    .organisation_numbers(&chosen.id)
                    .await
                    .or_page(account)?;
                match campaign::company_rows(&sent.text, &existing, &numbers) {
                    Err(Error::InvalidRows(bad)) => preview_with(&sent.text, &bad),
                    _ => preview_with(&sent.text, &[]),
                }
            }
        };
        kept.preview = Some(preview_table(lang, &preview));
        return outcome_keeping(state, account, campaign, Ok(String::new()), kept).await;
    }
    let done = match kind {
        ImportKind::Companies => {
            changes::import_companies(&state.store, account, &chosen, &sent.text)
                .await
                .map(|done| companies_done(lang, done))
        }
        ImportKind::Assignments => {
            changes::import_assignments(&state.store, account, &chosen, &sent.text)
                .await
                .map(|n| match lang {
                    Lang::Nb => format!("{n} oppdrag importert."),
                    Lang::En => format!("{n} assignments imported."),
                })
        }
    };
    match done {
        Ok(done) => outcome(state, account, campaign, Ok(done)).await,
        Err(Error::InvalidRows(bad)) => {
            // Every problem of each row in its cell (the refusal lists each row's first).
            let preview = match kind {
                ImportKind::Assignments => campaign::Lookups::load(&state.store, &chosen.id)
                    .await
                    .or_page(account)?
                    .preview_assignments(&sent.text),
                ImportKind::Companies => preview_with(&sent.text, &bad),
            };
            kept.preview = Some(preview_table(lang, &preview));
            outcome_keeping(state, account, campaign, Err(Error::InvalidRows(bad)), kept).await
        }
        Err(error) => outcome_keeping(state, account, campaign, Err(error), kept).await,
    }
}

pub async fn import_companies(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    multipart: Multipart,
) -> PageResult {
    import(&state, &account, ImportKind::Companies, multipart).await
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
    #[serde(default)]
    organisation_number: Option<String>,
    #[serde(default)]
    campaign: Option<String>,
}

pub async fn add_company(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<CompanyForm>,
) -> PageResult {
    let done = match form_campaign(&state, form.campaign.as_deref()).await {
        Ok(chosen) => {
            changes::add_company(
                &state.store,
                &account,
                &chosen,
                &form.class,
                &form.company,
                form.organisation_number.as_deref(),
            )
            .await
        }
        Err(error) => Err(error),
    };
    outcome(
        &state,
        &account,
        form.campaign.as_deref(),
        done.map(|done| companies_done(Lang::of(&account), done)),
    )
    .await
}

#[derive(Deserialize)]
pub struct AssignmentForm {
    #[serde(default)]
    campaign: Option<String>,
    #[serde(flatten)]
    row: NewAssignment,
}

pub async fn add_assignment(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<AssignmentForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let company = form.row.company.clone();
    let done = match form_campaign(&state, form.campaign.as_deref()).await {
        Ok(chosen) => changes::create_assignment(&state.store, &account, &chosen, form.row).await,
        Err(error) => Err(error),
    };
    let done = done.map(|_| match lang {
        Lang::Nb => format!("Oppdraget for {company} er lagt til."),
        Lang::En => format!("The assignment for {company} is added."),
    });
    outcome(&state, &account, form.campaign.as_deref(), done).await
}

pub async fn import_assignments(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    multipart: Multipart,
) -> PageResult {
    import(&state, &account, ImportKind::Assignments, multipart).await
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
    outcome(&state, &account, None, done).await
}
