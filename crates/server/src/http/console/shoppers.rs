//! The shoppers: the roster (e-mail, phone, region, capacity; edited one by one or imported from a file;
//! deactivated when they leave) with devices and unused links, a new shopper, one-time sign-in links (one, or
//! for every active shopper without a device at once: each shown once, as text with a copy button and as a
//! printable sheet of QR cards), locking a shopper out of all their devices; the campaign's fees per contact
//! by channel, a statement per shopper for a period and the payroll CSV.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use maud::{html, PreEscaped};
use serde::Deserialize;

use super::format::time;
use super::layout::empty_row;
use super::layout::form_token;
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::changes;
use crate::fees;
use crate::http::AppState;
use crate::shoppers::ROSTER_HEADER;
use shopper_domain::Channel;

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(choice): Query<super::campaign::CampaignChoice>,
) -> PageResult {
    let content = body(&state, &account, choice.campaign.as_deref(), html! {}, "").await?;
    Ok(Page::ok(
        &account,
        Lang::of(&account).t("Shoppere", "Shoppers"),
        content,
    ))
}

/// The page under `message`; `roster_text` refills the roster box after a refused import.
async fn body(
    state: &AppState,
    account: &crate::accounts::OrganizerAccount,
    asked: Option<&str>,
    message: maud::Markup,
    roster_text: &str,
) -> PageResult<maud::Markup> {
    let lang = Lang::of(account);
    let roster = state.store.shopper_roster().await.or_page(account)?;
    let campaigns = state.store.campaigns().await.or_page(account)?;
    let chosen = campaigns
        .iter()
        .find(|c| asked.is_some_and(|a| a == c.id))
        .or(campaigns.first());
    let fees = match chosen {
        Some(c) => state.store.fees(&c.id).await.or_page(account)?,
        None => vec![],
    };
    let fee_of = |channel: Channel| {
        fees.iter()
            .find(|(c, ..)| c == channel.as_str())
            .map_or((0, 0), |(_, r, n)| (*r, *n))
    };
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
    Ok(html! {
        (message)
        div.scroll { table data-testid="roster" {
            thead { tr {
                th { (lang.t("Navn", "Name")) } th { (lang.t("E-post", "E-mail")) } th { (lang.t("Telefon", "Phone")) }
                th { (lang.t("Region", "Region")) } th { (lang.t("Kapasitet", "Capacity")) }
                th { (lang.t("Aktive enheter", "Active devices")) }
                th { (lang.t("Ubrukte lenker", "Unused links")) } th { (lang.t("Oppdrag", "Assignments")) }
                th { (lang.t("Handlinger", "Actions")) }
            } }
            tbody {
                @for s in &roster {
                    tr data-shopper=(s.name) class=[s.deactivated_at.is_some().then_some("muted")] {
                        td { (s.name) @if s.deactivated_at.is_some() { br; small data-testid="deactivated" { (lang.t("sluttet", "left")) } } }
                        td { (dash(&s.email)) } td { (dash(&s.phone)) } td { (dash(&s.region)) }
                        td { (s.capacity.map_or("–".to_owned(), |c| c.to_string())) }
                        td { (s.active_devices) } td { (s.open_invites) } td { (s.assignments) }
                        td {
                            @if s.deactivated_at.is_none() {
                                form.inline method="post" action={ "/console/shoppers/" (s.id) "/invite" } {
                                    (form_token())
                                    button type="submit" { (lang.t("Lag innloggingslenke", "Make a sign-in link")) }
                                } " "
                                form.inline method="post" action={ "/console/shoppers/" (s.id) "/revoke" } {
                                    (form_token())
                                    button type="submit" { (lang.t("Steng ute fra alle enheter", "Lock out of all devices")) }
                                } " "
                            }
                            form.inline method="post" action={ "/console/shoppers/" (s.id) "/active" } {
                                (form_token())
                                @if s.deactivated_at.is_none() {
                                    button type="submit" name="active" value="no" { (lang.t("Har sluttet", "Has left")) }
                                } @else {
                                    button type="submit" name="active" value="yes" { (lang.t("Aktiver igjen", "Reactivate")) }
                                }
                            }
                            details {
                                summary { (lang.t("Endre", "Edit")) }
                                form method="post" action={ "/console/shoppers/" (s.id) "/roster" } data-testid="edit-shopper" {
                                    (form_token())
                                    label { (lang.t("E-post", "E-mail")) " " input name="email" type="email" value=[s.email.as_deref()]; } br;
                                    label { (lang.t("Telefon", "Phone")) " " input name="phone" type="tel" value=[s.phone.as_deref()]; } br;
                                    label { (lang.t("Region", "Region")) " " input name="region" maxlength="100" value=[s.region.as_deref()]; } br;
                                    label { (lang.t("Kapasitet (kontakter per bølge)", "Capacity (contacts a wave)")) " " input name="capacity" type="number" min="0" max="1000" value=[s.capacity]; } br;
                                    button type="submit" { (lang.t("Lagre", "Save")) }
                                }
                            }
                        }
                    }
                }
                @if roster.is_empty() { (empty_row(9, lang.t("Ingen shoppere ennå.", "No shoppers yet."))) }
            }
        } }
        form method="post" action="/console/shoppers/invites" {
            (form_token())
            button type="submit" data-testid="invite-many" { (lang.t("Lag innloggingslenker for alle aktive uten enhet", "Make sign-in links for every active shopper without a device")) }
        }
        h2 { (lang.t("Ny shopper", "New shopper")) }
        form method="post" action="/console/shoppers" {
            (form_token())
            label { (lang.t("Navn", "Name")) " " input name="name" required maxlength="100"; } " "
            button type="submit" { (lang.t("Legg til", "Add")) }
        }
        h2 { (lang.t("Importer shoppere (CSV)", "Import shoppers (CSV)")) }
        p.muted { (lang.t("Første linje:", "First line:")) " " code { (ROSTER_HEADER) } ". "
            (lang.t("Komma eller semikolon. Et navn som finnes fra før, oppdateres.", "Commas or semicolons. A name already on the roster is updated.")) }
        form method="post" action="/console/shoppers/roster" {
            (form_token())
            textarea name="csv" rows="5" aria-label=(lang.t("Shoppere som CSV", "Shoppers as CSV")) {
                @if roster_text.is_empty() { (ROSTER_HEADER) "\n" } @else { (roster_text) }
            }
            button type="submit" { (lang.t("Importer shoppere", "Import shoppers")) }
        }
        @if let Some(campaign) = chosen {
            h2 { (lang.t("Honorar per kontakt", "Fee per contact")) " – " (campaign.name) }
            @if campaigns.len() > 1 { (super::layout::campaign_picker(lang, "/console/shoppers", &campaigns, &campaign.id, &[])) }
            form method="post" action="/console/shoppers/fees" data-testid="fees" {
                (form_token())
                input type="hidden" name="campaign" value=(campaign.id);
                table {
                    thead { tr { th { (lang.t("Kanal", "Channel")) } th { (lang.t("Godkjent kontakt (kr)", "Approved contact (NOK)")) } th { (lang.t("Ikke svar (kr)", "Not reached (NOK)")) } } }
                    tbody {
                        @for channel in Channel::ALL {
                            @let (reached, not_reached) = fee_of(channel);
                            tr {
                                th scope="row" { (lang.channel(channel)) }
                                td { input name={ "reached_" (channel.as_str()) } inputmode="decimal" size="8" value=(fees::kroner(reached))
                                    aria-label={ (lang.channel(channel)) ": " (lang.t("godkjent kontakt", "approved contact")) }; }
                                td { input name={ "not_reached_" (channel.as_str()) } inputmode="decimal" size="8" value=(fees::kroner(not_reached))
                                    aria-label={ (lang.channel(channel)) ": " (lang.t("ikke svar", "not reached")) }; }
                            }
                        }
                    }
                }
                button type="submit" { (lang.t("Lagre honorarene", "Save the fees")) }
            }
            h2 { (lang.t("Oppgjør", "Statement")) }
            form method="get" action="/console/shoppers/statement" data-testid="statement-form" {
                input type="hidden" name="campaign" value=(campaign.id);
                label { (lang.t("Godkjent fra", "Approved from")) " " input type="date" name="from" required; } " "
                label { (lang.t("til og med", "to")) " " input type="date" name="to" required; } " "
                button type="submit" { (lang.t("Vis oppgjør", "Show the statement")) }
            }
        }
        script src="/console/review.js" defer {}
    })
}

#[derive(Deserialize)]
pub struct RosterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    capacity: String,
}

/// Saves one shopper's roster fields; a refused value is said above the roster, the rest unchanged.
pub async fn update(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
    Form(form): Form<RosterForm>,
) -> PageResult {
    let lang = Lang::of(&account);
    let done = match crate::shoppers::checked_roster(
        &form.email,
        &form.phone,
        &form.region,
        &form.capacity,
    ) {
        Ok(fields) => changes::update_shopper(&state.store, &account, &id, &fields).await,
        Err(error) => Err(error),
    };
    let message = match done {
        Ok(()) => {
            html! { p.notice role="status" data-testid="notice" { (lang.t("Lagret.", "Saved.")) } }
        }
        Err(error) => html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } },
    };
    let content = body(&state, &account, None, message, "").await?;
    Ok(Page::ok(&account, lang.t("Shoppere", "Shoppers"), content))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
    Form(form): Form<ActiveForm>,
) -> PageResult<Redirect> {
    changes::set_shopper_active(&state.store, &account, &id, form.active == "yes")
        .await
        .or_page(&account)?;
    Ok(Redirect::to("/console/shoppers"))
}

#[derive(Deserialize)]
pub struct RosterImport {
    csv: String,
}

pub async fn import_roster(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<RosterImport>,
) -> PageResult {
    let lang = Lang::of(&account);
    let (message, kept) = match changes::import_roster(&state.store, &account, &form.csv).await {
        Ok(done) => (
            html! { p.notice role="status" data-testid="notice" {
                (match lang {
                    Lang::Nb => format!("{} nye shoppere, {} oppdatert.", done.created, done.updated),
                    Lang::En => format!("{} new shoppers, {} updated.", done.created, done.updated),
                })
            } },
            String::new(),
        ),
        Err(crate::error::Error::InvalidRows(rows)) => (
            html! { div.error role="alert" data-testid="error" {
                p { (lang.t("Ingenting ble importert. Rett disse linjene:", "Nothing was imported. Correct these lines:")) }
                ul { @for row in &rows { li { (lang.bad_row(row)) } } }
            } },
            form.csv.clone(),
        ),
        Err(error) => (
            html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } },
            form.csv.clone(),
        ),
    };
    let content = body(&state, &account, None, message, &kept).await?;
    Ok(Page::ok(&account, lang.t("Shoppere", "Shoppers"), content))
}

pub async fn set_fees(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let lang = Lang::of(&account);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let asked = field("campaign");
    let typed: Vec<(Channel, String, String)> = Channel::ALL
        .into_iter()
        .map(|c| {
            (
                c,
                field(&format!("reached_{}", c.as_str())),
                field(&format!("not_reached_{}", c.as_str())),
            )
        })
        .collect();
    let done = match crate::campaign::chosen(&state.store, Some(&asked)).await {
        Ok(campaign) => changes::set_fees(&state.store, &account, &campaign, &typed).await,
        Err(error) => Err(error),
    };
    let message = match done {
        Ok(()) => {
            html! { p.notice role="status" data-testid="notice" { (lang.t("Honorarene er lagret.", "The fees are saved.")) } }
        }
        Err(error) => html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } },
    };
    let content = body(&state, &account, Some(&asked), message, "").await?;
    Ok(Page::ok(&account, lang.t("Shoppere", "Shoppers"), content))
}

#[derive(Deserialize)]
pub struct Period {
    #[serde(default)]
    campaign: Option<String>,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The statements of the period, or the words of what is wrong with it.
async fn period_statements(
    state: &AppState,
    period: &Period,
    lang: Lang,
) -> Result<(crate::store::Campaign, Vec<fees::Statement>), String> {
    let campaign = crate::campaign::chosen(&state.store, period.campaign.as_deref())
        .await
        .map_err(|e| lang.error(&e))?;
    let statements = fees::period_statements(&state.store, &campaign, &period.from, &period.to)
        .await
        .map_err(|e| lang.error(&e))?;
    Ok((campaign, statements))
}

pub async fn statement(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(period): Query<Period>,
) -> PageResult {
    let lang = Lang::of(&account);
    let (campaign, statements) =
        period_statements(&state, &period, lang)
            .await
            .map_err(|message| {
                Page::error(
                    Some(&account),
                    axum::http::StatusCode::BAD_REQUEST,
                    &message,
                )
            })?;
    let total: i64 = statements.iter().map(|s| s.total_ore).sum();
    let query = serde_urlencoded::to_string([
        ("campaign", campaign.id.as_str()),
        ("from", period.from.trim()),
        ("to", period.to.trim()),
    ])
    .unwrap_or_default();
    let content = html! {
        p { (campaign.name) " · " (lang.t("godkjent", "approved")) " " (period.from) " – " (period.to) " · "
            a href={ "/console/shoppers/payroll.csv?" (query) } data-testid="payroll" { (lang.t("Last ned lønnsfil (CSV)", "Download the payroll file (CSV)")) } }
        @for s in &statements {
            section.statement data-testid="statement" data-shopper=(s.shopper_name) {
                h2 { (s.shopper_name) }
                table {
                    thead { tr { th { (lang.t("Kanal", "Channel")) } th { (lang.t("Utfall", "Outcome")) } th { (lang.t("Kontakter", "Contacts")) } th { (lang.t("Honorar", "Fee")) } th { (lang.t("Beløp", "Amount")) } } }
                    tbody {
                        @for line in &s.lines {
                            tr {
                                td { (lang.channel(line.channel)) }
                                td { (if line.reached { lang.t("Godkjent", "Approved") } else { lang.t("Ikke svar", "Not reached") }) }
                                td { (line.contacts) } td { "kr " (fees::kroner(line.fee_ore)) } td { "kr " (fees::kroner(line.amount_ore())) }
                            }
                        }
                        tr { th colspan="4" { (lang.t("Til utbetaling", "To pay")) } th data-testid="statement-total" { "kr " (fees::kroner(s.total_ore)) } }
                    }
                }
            }
        }
        @if statements.is_empty() { p data-testid="empty" { (lang.t("Ingen godkjente kontakter i perioden.", "No approved contacts in the period.")) } }
        p { strong { (lang.t("Sum alle:", "Total:")) " kr " (fees::kroner(total)) } }
    };
    Ok(Page::ok(&account, lang.t("Oppgjør", "Statement"), content))
}

pub async fn payroll(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(period): Query<Period>,
) -> PageResult<axum::response::Response> {
    let lang = Lang::of(&account);
    let (_, statements) = period_statements(&state, &period, lang)
        .await
        .map_err(|message| {
            Page::error(
                Some(&account),
                axum::http::StatusCode::BAD_REQUEST,
                &message,
            )
        })?;
    let csv = fees::payroll_csv(&statements, period.from.trim(), period.to.trim());
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"payroll-{}-{}.csv\"",
                    period.from.trim(),
                    period.to.trim()
                ),
            ),
        ],
        csv,
    )
        .into_response())
}

/// Links for every active shopper without a device: each as text with a copy button, and a sheet of QR cards
/// to print and hand out. Shown once.
pub async fn invite_many(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    headers: HeaderMap,
) -> PageResult {
    let lang = Lang::of(&account);
    let base = Page::public_base(&state, &headers, &account)?;
    let invites = changes::invite_many(&state.store, &account, &base)
        .await
        .or_page(&account)?;
    let content = html! {
        p.notice.no-print {
            (invites.len()) " " (lang.t("lenker. Hver virker én gang, i", "links. Each works once, for")) " " (crate::shoppers::INVITE_DAYS) " "
            (lang.t("dager. De vises bare nå: kopier hver og send den, eller skriv ut arket med QR-kort.", "days. They are shown only now: copy each and send it, or print the sheet of QR cards."))
            " " button type="button" data-print { (lang.t("Skriv ut QR-kortene", "Print the QR cards")) }
        }
        table.no-print data-testid="invite-links" {
            thead { tr { th { (lang.t("Shopper", "Shopper")) } th { (lang.t("Lenke", "Link")) } th {} } }
            tbody {
                @for (i, (name, invite)) in invites.iter().enumerate() {
                    tr {
                        td { (name) }
                        td { input.link type="text" readonly value=(invite.link) id={ "link-" (i) } aria-label={ (lang.t("Lenke for", "Link for")) " " (name) }; }
                        td { button type="button" data-copy={ "link-" (i) } data-copied=(lang.t("Kopiert", "Copied")) { (lang.t("Kopier", "Copy")) } }
                    }
                }
                @if invites.is_empty() { (empty_row(3, lang.t("Alle aktive shoppere har en enhet.", "Every active shopper has a device."))) }
            }
        }
        div.cards data-testid="qr-cards" {
            @for (name, invite) in &invites {
                // The QR crate's SVG of the link (made here from the link, no shopper text in it).
                figure.card { (PreEscaped(&invite.qr_svg)) figcaption { strong { (name) } br; (lang.t("Skann med telefonen for å logge inn", "Scan with the phone to sign in")) } }
            }
        }
        p.no-print { a href="/console/shoppers" { (lang.t("Tilbake til shopperne", "Back to the shoppers")) } }
        script src="/console/review.js" defer {}
    };
    Ok(Page::ok(
        &account,
        lang.t("Innloggingslenker", "Sign-in links"),
        content,
    ))
}

#[derive(Deserialize)]
pub struct NewShopper {
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<NewShopper>,
) -> PageResult<Redirect> {
    changes::create_shopper(&state.store, &account, &form.name)
        .await
        .or_page(&account)?;
    Ok(Redirect::to("/console/shoppers"))
}

/// The link is shown as text to copy, not as a link: clicking it here would use it up on this computer.
pub async fn invite(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = Lang::of(&account);
    let base = Page::public_base(&state, &headers, &account)?;
    let invite = changes::invite_shopper(&state.store, &account, &id, &base)
        .await
        .or_page(&account)?;
    let content = html! {
        p.notice {
            (lang.t("Lenken virker én gang, til", "The link works once, until")) " " (time(&invite.expires_at, lang)) ". "
            (lang.t("Den vises bare nå: skann QR-koden med telefonen, eller kopier lenken og send den til shopperen.",
                    "It is shown only now: scan the QR code with the phone, or copy the link and send it to the shopper."))
        }
        // The QR crate's SVG of the link (made here from the link, no shopper text in it): the one raw splice.
        figure data-testid="qr" { (PreEscaped(&invite.qr_svg)) }
        p { label { (lang.t("Lenken (merk og kopier)", "The link (select and copy)")) br;
            input.link type="text" readonly value=(invite.link) data-testid="invite-link"; } }
        p { a href="/console/shoppers" { (lang.t("Tilbake til shopperne", "Back to the shoppers")) } }
    };
    Ok(Page::ok(
        &account,
        lang.t("Innloggingslenke", "Sign-in link"),
        content,
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
) -> PageResult<Redirect> {
    changes::revoke_shopper(&state.store, &account, &id)
        .await
        .or_page(&account)?;
    Ok(Redirect::to("/console/shoppers"))
}
