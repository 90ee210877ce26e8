//! The participants' portal: server-rendered pages where a participating company's contact person reads
//! their own organisation's results, across every wave it took part in. Behind its own accounts
//! (`portal.rs`): the same session cookie, CSRF token and Origin rules as the console, but its own sessions,
//! so an organizer's session opens nothing here and a participant's opens nothing in the console or the API.

mod login;
mod pages;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup, DOCTYPE};

use super::console::layout::{form_token, STYLE};
use super::console::Lang;
use super::error::{cause_status, log_internal};
use super::extract::session_token;
use super::ratelimit::limit_login;
use super::AppState;
use crate::error::Error;
use crate::portal;
use crate::store::Participant;

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(pages::overview))
        .route(
            "/login",
            get(login::form).merge(
                post(login::log_in).route_layer(from_fn_with_state(state.clone(), limit_login)),
            ),
        )
        .route("/logout", post(login::log_out))
        .route("/language", post(login::choose_language))
        .route(
            "/invite/{token}",
            get(login::invite_form).merge(
                post(login::accept_invite)
                    .route_layer(from_fn_with_state(state.clone(), limit_login)),
            ),
        )
        .route("/companies/{id}", get(pages::report))
        .route("/companies/{id}/contacts", get(pages::contacts))
        .route("/companies/{id}/scores.csv", get(pages::csv))
        .route(
            "/companies/{id}/contacts/{evaluation}/attachments/{sha256}",
            get(pages::attachment),
        )
        .fallback(not_found)
        .layer(from_fn_with_state(
            state.clone(),
            crate::http::forgery::console_token,
        ))
}

/// A signed-in participant. A browser without a participant's session is sent to the portal's login page.
pub struct AsParticipant(pub Participant);

impl FromRequestParts<AppState> for AsParticipant {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(parts, state) else {
            return Err(Redirect::to("/portal/login").into_response());
        };
        match portal::session(&state.store, token).await {
            Ok(Some(participant)) => Ok(AsParticipant(participant)),
            Ok(None) => Err(Redirect::to("/portal/login").into_response()),
            Err(error) => Err(failed(None, error)),
        }
    }
}

pub fn lang_of(participant: &Participant) -> Lang {
    Lang::from_code(&participant.language)
}

/// The page for a cause, in the participant's language.
pub fn failed(participant: Option<&Participant>, error: Error) -> Response {
    log_internal(&error);
    let (status, _) = cause_status(&error);
    let lang = participant.map_or(Lang::Nb, lang_of);
    let content = html! { p.error role="alert" data-testid="error" { (lang.error(&error)) } };
    (
        status,
        layout(participant, lang, lang.t("Feil", "Error"), content),
    )
        .into_response()
}

/// What a portal handler returns when a feature or the store fails: the error page.
pub type PortalResult<T = Markup> = Result<T, Response>;

pub trait OrPortal<T> {
    fn or_portal(self, participant: &Participant) -> PortalResult<T>;
}

impl<T> OrPortal<T> for Result<T, Error> {
    fn or_portal(self, participant: &Participant) -> PortalResult<T> {
        self.map_err(|error| failed(Some(participant), error))
    }
}

/// A whole portal page: `title` as text, `content` as markup.
pub fn layout(
    participant: Option<&Participant>,
    lang: Lang,
    title: &str,
    content: Markup,
) -> Markup {
    let (other, other_name) = lang.other();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (lang.t("Shopper deltakerportal", "Shopper participant portal")) }
                style { (STYLE) }
            }
            body {
                header {
                    strong { (lang.t("Deltakerportal", "Participant portal")) }
                    @if let Some(participant) = participant {
                        nav aria-label=(lang.t("Portal", "Portal")) {
                            a href="/portal" { (lang.t("Oversikt", "Overview")) }
                        }
                        span.who { (participant.name) " (" (participant.organisation) ")" }
                        form.inline method="post" action="/portal/language" {
                            (form_token())
                            button type="submit" name="language" value=(other.code()) lang=(other.code()) { (other_name) }
                        }
                        form.inline method="post" action="/portal/logout" {
                            (form_token())
                            button type="submit" { (lang.t("Logg ut", "Log out")) }
                        }
                    }
                }
                main { h1 { (title) } (content) }
            }
        }
    }
}

/// Any other address under the portal: not found (not the shopper's app, which the site serves elsewhere).
async fn not_found() -> Response {
    let lang = Lang::Nb;
    let content = html! { p.error role="alert" data-testid="error" { (lang.t("Denne siden finnes ikke.", "This page does not exist.")) } };
    page(
        StatusCode::NOT_FOUND,
        layout(None, lang, lang.t("Feil", "Error"), content),
    )
}

/// A page with its status.
pub fn page(status: StatusCode, markup: Markup) -> Response {
    (status, markup).into_response()
}
