//! The shoppers: the list with devices and unused links, a new shopper, a one-time sign-in link (shown once,
//! as text to copy and as a QR code), and locking a shopper out of all their devices.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use axum::Form;
use maud::{html, PreEscaped};
use serde::Deserialize;

use super::format::time;
use super::layout::empty_row;
use super::layout::form_token;
use super::ConsoleAdmin;
use super::{Lang, OrPage, Page, PageResult};
use crate::changes;
use crate::http::AppState;

pub async fn page(
    State(state): State<AppState>,
    ConsoleAdmin(account): ConsoleAdmin,
) -> PageResult {
    let lang = Lang::of(&account);
    let shoppers = state.store.shoppers().await.or_page(&account)?;
    let content = html! {
        table {
            thead { tr {
                th { (lang.t("Navn", "Name")) } th { (lang.t("Aktive enheter", "Active devices")) }
                th { (lang.t("Ubrukte lenker", "Unused links")) } th { (lang.t("Oppdrag", "Assignments")) }
                th { (lang.t("Handlinger", "Actions")) }
            } }
            tbody {
                @for s in &shoppers {
                    tr data-shopper=(s.name) {
                        td { (s.name) } td { (s.active_devices) } td { (s.open_invites) } td { (s.assignments) }
                        td {
                            form.inline method="post" action={ "/console/shoppers/" (s.id) "/invite" } {
                                (form_token())
                                button type="submit" { (lang.t("Lag innloggingslenke", "Make a sign-in link")) }
                            } " "
                            form.inline method="post" action={ "/console/shoppers/" (s.id) "/revoke" } {
                                (form_token())
                                button type="submit" { (lang.t("Steng ute fra alle enheter", "Lock out of all devices")) }
                            }
                        }
                    }
                }
                @if shoppers.is_empty() { (empty_row(5, lang.t("Ingen shoppere ennå.", "No shoppers yet."))) }
            }
        }
        h2 { (lang.t("Ny shopper", "New shopper")) }
        form method="post" action="/console/shoppers" {
            (form_token())
            label { (lang.t("Navn", "Name")) " " input name="name" required maxlength="100"; } " "
            button type="submit" { (lang.t("Legg til", "Add")) }
        }
    };
    Ok(Page::ok(&account, lang.t("Shoppere", "Shoppers"), content))
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
    let base = state.public_base(&headers).map_err(|e| {
        Page::error(
            Some(&account),
            e.status(),
            lang.t(
                "Serveren vet ikke sin egen adresse.",
                "The server does not know its own address.",
            ),
        )
    })?;
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
