//! Logging in and out of the console, and the organizer's choice of language (kept on their account).

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
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

/// The language a page before login is in: the visitor's choice (`?lang=`, or the form's hidden field), else
/// their browser's.
pub(crate) fn visitor_lang(headers: &HeaderMap, chosen: Option<&str>) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    Lang::of_visitor(chosen, accept)
}

/// A pre-login page's link to the same page in the other language.
pub(crate) fn other_language_link(path: &str, lang: Lang) -> Markup {
    let (other, name) = lang.other();
    html! {
        p.muted { a href={ (path) "?lang=" (other.code()) } lang=(other.code()) hreflang=(other.code()) data-testid="other-language" { (name) } }
    }
}

/// The choice of language in a pre-login page's address.
#[derive(Deserialize, Default)]
pub struct LanguageChoice {
    pub lang: Option<String>,
}

fn login_form(lang: Lang) -> Markup {
    html! {
        form method="post" action="/console/login" {
            input type="hidden" name="lang" value=(lang.code());
            p { label { (lang.t("E-post", "E-mail")) br; input type="email" name="email" autocomplete="username" required; } }
            p { label { (lang.t("Passord", "Password")) br; input type="password" name="password" autocomplete="current-password" required; } }
            p { button type="submit" { (lang.t("Logg inn", "Log in")) } }
        }
        (other_language_link("/console/login", lang))
    }
}

pub async fn form(headers: HeaderMap, Query(choice): Query<LanguageChoice>) -> Page {
    let lang = visitor_lang(&headers, choice.lang.as_deref());
    Page(
        StatusCode::OK,
        layout(None, lang, lang.t("Logg inn", "Log in"), login_form(lang)),
    )
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
    #[serde(default)]
    lang: Option<String>,
}

pub async fn log_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Response {
    let lang = visitor_lang(&headers, form.lang.as_deref());
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
                p.error role="alert" data-testid="error" { (lang.t("Feil e-post eller passord.", "Wrong e-mail or password.")) }
                (login_form(lang))
            };
            let page = layout(None, lang, lang.t("Logg inn", "Log in"), content);
            (StatusCode::UNAUTHORIZED, page).into_response()
        }
        Err(error) => {
            crate::http::error::log_internal(&error);
            let (status, _) = crate::http::error::cause_status(&error);
            let mut response = Page::error(None, status, &lang.error(&error)).into_response();
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
