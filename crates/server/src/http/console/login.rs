//! Logging in and out of the console, and the organizer's choice of language (kept on their account).

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::layout;
use super::ConsoleViewer;
use super::Lang;
use super::{landing, OrPage, Page, PageResult};
use crate::accounts;
use crate::http::extract;
use crate::http::AppState;

fn login_form() -> Markup {
    html! {
        form method="post" action="/console/login" {
            p { label { "E-post" br; input type="email" name="email" autocomplete="username" required; } }
            p { label { "Passord" br; input type="password" name="password" autocomplete="current-password" required; } }
            p { button type="submit" { "Logg inn" } }
        }
    }
}

pub async fn form() -> Page {
    Page(
        StatusCode::OK,
        layout(None, Lang::Nb, "Logg inn", login_form()),
    )
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

pub async fn log_in(State(state): State<AppState>, Form(form): Form<Credentials>) -> Response {
    match accounts::log_in(
        &state.store,
        &state.limiter.logins,
        &form.email,
        &form.password,
    )
    .await
    {
        Ok(Some((token, account))) => (
            [(header::SET_COOKIE, extract::session_cookie(&state, &token))],
            Redirect::to(landing(account.role)),
        )
            .into_response(),
        Ok(None) => {
            let content = html! {
                p.error role="alert" data-testid="error" { "Feil e-post eller passord." }
                (login_form())
            };
            let page = layout(None, Lang::Nb, "Logg inn", content);
            (StatusCode::UNAUTHORIZED, page).into_response()
        }
        Err(error) => {
            crate::http::error::log_internal(&error);
            let (status, _) = crate::http::error::cause_status(&error);
            let mut response = Page::error(None, status, &Lang::Nb.error(&error)).into_response();
            if let crate::error::Error::Overloaded(seconds)
            | crate::error::Error::LoginBackOff(seconds) = error
            {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, seconds.into());
            }
            response
        }
    }
}

pub async fn log_out(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    if let Some(token) = extract::session_token(&parts, &state) {
        if let Err(error) = accounts::log_out(&state.store, token).await {
            crate::http::error::log_internal(&error);
        }
    }
    (
        [(header::SET_COOKIE, extract::expired_session_cookie(&state))],
        Redirect::to("/console/login"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
}

/// Keeps the organizer's choice of language on their account, then shows their first page in it.
pub async fn choose_language(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Form(form): Form<LanguageForm>,
) -> PageResult<Redirect> {
    accounts::choose_language(&state.store, &account, &form.language)
        .await
        .or_page(&account)?;
    Ok(Redirect::to(landing(account.role)))
}
