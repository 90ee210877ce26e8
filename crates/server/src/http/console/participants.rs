//! The participants: each company's contact people with portal access, inviting one (a one-time link, shown
//! once, with which they choose their password), and per campaign whether the portal's class table names the
//! other companies or shows them anonymised, and whether it shows the contacts' attachments.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use axum::Form;
use maud::html;
use serde::Deserialize;

use super::layout::{campaign_picker, empty_row, form_token};
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::http::AppState;
use crate::portal;

#[derive(Debug, Deserialize)]
pub struct CampaignQuery {
    campaign: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Query(query): Query<CampaignQuery>,
) -> PageResult {
    let lang = Lang::of(&account);
    let campaign = crate::campaign::chosen(&state.store, query.campaign.as_deref())
        .await
        .or_page(&account)?;
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let participants = state.store.participants().await.or_page(&account)?;
    let companies = state
        .store
        .companies_by_class(&campaign.id)
        .await
        .or_page(&account)?;
    let named = state
        .store
        .class_table_named(&campaign.id)
        .await
        .or_page(&account)?;
    let attachments_shown = crate::attachments::shown_to_participants(&state.store, &campaign.id)
        .await
        .or_page(&account)?;
    let content = html! {
        (campaign_picker(lang, "/console/participants", &campaigns, &campaign.id, &[]))
        table data-testid="participants" {
            thead { tr {
                th { (lang.t("Navn", "Name")) } th { (lang.t("E-post", "E-mail")) }
                th { (lang.t("Selskap", "Company")) } th { (lang.t("Kan logge inn", "Can log in")) }
                th { (lang.t("Handlinger", "Actions")) }
            } }
            tbody {
                @for p in &participants {
                    tr { td { (p.name) } td { (p.email) } td { (p.organisation) }
                         td { (if p.active { lang.t("ja", "yes") } else { lang.t("nei", "no") }) }
                         td { form.inline method="post" action={ "/console/participants/" (p.id) "/lock-out" } {
                             (form_token())
                             button type="submit" { (lang.t("Steng ute", "Lock out")) } } } }
                }
                @if participants.is_empty() { (empty_row(5, lang.t("Ingen deltakere har tilgang ennå.", "No participant has access yet."))) }
            }
        }
        h2 { (lang.t("Inviter en kontaktperson", "Invite a contact person")) }
        p.muted { (lang.t("Kontaktpersonen ser bare sitt eget selskap, i alle rundene det har vært med i.",
            "The contact person sees only their own company, in every wave it took part in.")) }
        form method="post" action="/console/participants" {
            (form_token())
            p { label { (lang.t("Selskap", "Company")) " "
                select name="company_id" required {
                    @for (class, id, name) in &companies { option value=(id) { (name) " (" (class) ")" } }
                } } }
            p { label { (lang.t("Navn", "Name")) " " input name="name" required maxlength="100"; } " "
                label { (lang.t("E-post", "E-mail")) " " input type="email" name="email" required maxlength="254"; } }
            p { button type="submit" { (lang.t("Lag invitasjonslenke", "Make an invite link")) } }
        }
        h2 { (lang.t("Klassetabellen i portalen", "The class table in the portal")) }
        form method="post" action="/console/participants/class-table" {
            (form_token())
            input type="hidden" name="campaign_id" value=(campaign.id);
            p { (lang.t("I", "In")) " " strong { (campaign.name) } " " (lang.t("ser deltakerne de andre selskapene i klassen", "participants see the other companies of the class")) " "
                select name="named" aria-label=(lang.t("Klassetabellen", "The class table")) {
                    option value="false" selected[!named] { (lang.t("anonymisert", "anonymised")) }
                    option value="true" selected[named] { (lang.t("med navn", "named")) }
                } " "
                button type="submit" { (lang.t("Lagre", "Save")) } }
        }
        h2 { (lang.t("Vedlegg i portalen", "Attachments in the portal")) }
        form method="post" action="/console/participants/attachments" data-testid="participant-attachments" {
            (form_token())
            input type="hidden" name="campaign_id" value=(campaign.id);
            p.muted { (lang.t("Bilder og tekst shopperne har lagt ved, kan vise shopperens skjerm. Slått av med mindre du slår det på.",
                "Pictures and text the shoppers attached may show the shopper's screen. Off unless you turn it on.")) }
            p { (lang.t("I", "In")) " " strong { (campaign.name) } " " (lang.t("ser deltakerne vedleggene til sine egne kontakter", "participants see the attachments of their own contacts")) " "
                select name="shown" aria-label=(lang.t("Vedlegg i portalen", "Attachments in the portal")) {
                    option value="false" selected[!attachments_shown] { (lang.t("nei", "no")) }
                    option value="true" selected[attachments_shown] { (lang.t("ja", "yes")) }
                } " "
                button type="submit" { (lang.t("Lagre", "Save")) } }
        }
    };
    Ok(Page::ok(
        &account,
        lang.t("Deltakere", "Participants"),
        content,
    ))
}

#[derive(Deserialize)]
pub struct Invite {
    company_id: String,
    name: String,
    email: String,
}

/// The link is shown as text to copy, once: only its hash is kept.
pub async fn invite(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    headers: HeaderMap,
    Form(form): Form<Invite>,
) -> PageResult {
    let lang = Lang::of(&account);
    let base = Page::public_base(&state, &headers, &account)?;
    let token = portal::invite(
        &state.store,
        &account,
        &form.company_id,
        &form.email,
        &form.name,
    )
    .await
    .or_page(&account)?;
    let link = format!("{base}/portal/invite/{token}");
    let content = html! {
        p.notice {
            (lang.t("Lenken virker én gang, i", "The link works once, for")) " " (portal::INVITE_DAYS) " "
            (lang.t("dager. Den vises bare nå: kopier den og send den til kontaktpersonen, som velger sitt eget passord med den.",
                    "days. It is shown only now: copy it and send it to the contact person, who chooses their own password with it."))
        }
        p { label { (lang.t("Lenken (merk og kopier)", "The link (select and copy)")) br;
            input.link type="text" readonly value=(link) data-testid="invite-link"; } }
        p { a href="/console/participants" { (lang.t("Tilbake til deltakerne", "Back to the participants")) } }
    };
    Ok(Page::ok(
        &account,
        lang.t("Invitasjonslenke", "Invite link"),
        content,
    ))
}

#[derive(Deserialize)]
pub struct ClassTable {
    campaign_id: String,
    named: bool,
}

pub async fn class_table(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<ClassTable>,
) -> PageResult<Redirect> {
    portal::set_class_table(&state.store, &account, &form.campaign_id, form.named)
        .await
        .or_page(&account)?;
    Ok(Redirect::to(&format!(
        "/console/participants?campaign={}",
        form.campaign_id
    )))
}

#[derive(Deserialize)]
pub struct ParticipantAttachments {
    campaign_id: String,
    shown: bool,
}

pub async fn attachments(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Form(form): Form<ParticipantAttachments>,
) -> PageResult<Redirect> {
    crate::attachments::set_shown_to_participants(
        &state.store,
        &account,
        &form.campaign_id,
        form.shown,
    )
    .await
    .or_page(&account)?;
    Ok(Redirect::to(&format!(
        "/console/participants?campaign={}",
        form.campaign_id
    )))
}

pub async fn lock_out(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
    Path(id): Path<String>,
) -> PageResult<Redirect> {
    portal::lock_out(&state.store, &account, &id)
        .await
        .or_page(&account)?;
    Ok(Redirect::to("/console/participants"))
}
