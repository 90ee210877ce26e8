//! Logging in and out of the portal, setting one's password with the invite link, and the choice of language.

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::{failed, layout, page, AsParticipant, OrPortal, PortalResult};
use crate::http::console::layout::form_token;
use crate::http::console::Lang;
use crate::http::extract;
use crate::http::AppState;
use crate::portal;

fn login_form() -> Markup {
    html! {
        form method="post" action="/portal/login" {
            (form_token())
            p { label { "E-post" br; input type="email" name="email" autocomplete="username" required; } }
            p { label { "Passord" br; input type="password" name="password" autocomplete="current-password" required; } }
            p { button type="submit" { "Logg inn" } }
        }
        p.muted lang="en" { "Participant portal: log in with the e-mail and the password you chose with your invite link." }
    }
}

pub async fn form() -> Response {
    page(
        StatusCode::OK,
        layout(None, Lang::Nb, "Logg inn", login_form()),
    )
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

fn signed_in(state: &AppState, token: &str) -> Response {
    (
        [(header::SET_COOKIE, extract::session_cookie(state, token))],
        Redirect::to("/portal"),
    )
        .into_response()
}

fn refused(error: crate::error::Error) -> Response {
    let retry = match error {
        crate::error::Error::Overloaded(seconds) | crate::error::Error::LoginBackOff(seconds) => {
            Some(seconds)
        }
        _ => None,
    };
    let mut response = failed(None, error);
    if let Some(seconds) = retry {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, seconds.into());
    }
    response
}

pub async fn log_in(State(state): State<AppState>, Form(form): Form<Credentials>) -> Response {
    match portal::log_in(
        &state.store,
        &state.limiter.logins,
        &form.email,
        &form.password,
    )
    .await
    {
        Ok(Some((token, _))) => signed_in(&state, &token),
        Ok(None) => {
            let content = html! {
                p.error role="alert" data-testid="error" { "Feil e-post eller passord." }
                (login_form())
            };
            page(
                StatusCode::UNAUTHORIZED,
                layout(None, Lang::Nb, "Logg inn", content),
            )
        }
        Err(error) => refused(error),
    }
}

pub async fn log_out(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    if let Some(token) = extract::session_token(&parts, &state) {
        if let Err(error) = portal::log_out(&state.store, token).await {
            crate::http::error::log_internal(&error);
        }
    }
    (
        [(header::SET_COOKIE, extract::expired_session_cookie(&state))],
        Redirect::to("/portal/login"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
}

pub async fn choose_language(
    State(state): State<AppState>,
    AsParticipant(participant): AsParticipant,
    Form(form): Form<LanguageForm>,
) -> PortalResult<Redirect> {
    portal::choose_language(&state.store, &participant, &form.language)
        .await
        .or_portal(&participant)?;
    Ok(Redirect::to("/portal"))
}

fn password_form(token: &str, name: &str) -> Markup {
    html! {
        p { "Velkommen, " (name) ". Velg passordet du vil logge inn i deltakerportalen med (minst "
            (crate::accounts::MIN_PASSWORD_CHARS) " tegn)." }
        form method="post" action={ "/portal/invite/" (token) } {
            (form_token())
            p { label { "Passord" br; input type="password" name="password" autocomplete="new-password" required; } }
            p { label { "Passordet en gang til" br; input type="password" name="repeated" autocomplete="new-password" required; } }
            p { button type="submit" { "Lagre passordet og logg inn" } }
        }
        p.muted lang="en" { "Welcome to the participant portal: choose the password you will log in with (at least "
            (crate::accounts::MIN_PASSWORD_CHARS) " characters), twice. After logging in you can switch the portal to English." }
    }
}

/// The invite link's page: the form to choose a password, while the link is open.
async fn invite_form_page(state: &AppState, token: &str) -> Response {
    match portal::open_invite(&state.store, token).await {
        Ok(name) => page(
            StatusCode::OK,
            layout(None, Lang::Nb, "Velg passord", password_form(token, &name)),
        ),
        Err(error) => refused(error),
    }
}

pub async fn invite_form(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    invite_form_page(&state, &token).await
}

#[derive(Deserialize)]
pub struct NewPassword {
    password: String,
    repeated: String,
}

pub async fn accept_invite(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<NewPassword>,
) -> Response {
    match portal::accept_invite(&state.store, &token, &form.password, &form.repeated).await {
        Ok((session, _)) => signed_in(&state, &session),
        Err(error @ crate::error::Error::Refused(_)) => {
            // The link stays open: say what to change, with the form again.
            let name = portal::open_invite(&state.store, &token)
                .await
                .unwrap_or_default();
            let content = html! {
                p.error role="alert" data-testid="error" { (Lang::Nb.error(&error)) }
                (password_form(&token, &name))
            };
            page(
                StatusCode::BAD_REQUEST,
                layout(None, Lang::Nb, "Velg passord", content),
            )
        }
        Err(error) => refused(error),
    }
}
