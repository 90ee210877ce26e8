//! Logging in and out of the portal, setting one's password with the invite link, and the choice of language.

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::{failed, layout, page, AsParticipant, OrPortal, PortalResult};
use crate::http::console::layout::form_token;
use crate::http::console::login::{other_language_link, visitor_lang, LanguageChoice};
use crate::http::console::Lang;
use crate::http::extract;
use crate::http::AppState;
use crate::portal;

fn login_form(lang: Lang) -> Markup {
    html! {
        p { (lang.t(
            "Deltakerportalen: logg inn med e-posten og passordet du valgte med invitasjonslenken.",
            "Participant portal: log in with the e-mail and the password you chose with your invite link.",
        )) }
        form method="post" action="/portal/login" {
            (form_token())
            input type="hidden" name="lang" value=(lang.code());
            p { label { (lang.t("E-post", "E-mail")) br; input type="email" name="email" autocomplete="username" required; } }
            p { label { (lang.t("Passord", "Password")) br; input type="password" name="password" autocomplete="current-password" required; } }
            p { button type="submit" { (lang.t("Logg inn", "Log in")) } }
        }
        (other_language_link("/portal/login", lang))
    }
}

pub async fn form(headers: HeaderMap, Query(choice): Query<LanguageChoice>) -> Response {
    let lang = visitor_lang(&headers, choice.lang.as_deref());
    page(
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

pub async fn log_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Response {
    let lang = visitor_lang(&headers, form.lang.as_deref());
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
                p.error role="alert" data-testid="error" { (lang.t("Feil e-post eller passord.", "Wrong e-mail or password.")) }
                (login_form(lang))
            };
            page(
                StatusCode::UNAUTHORIZED,
                layout(None, lang, lang.t("Logg inn", "Log in"), content),
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

fn password_form(lang: Lang, token: &str, name: &str) -> Markup {
    let minimum = crate::accounts::MIN_PASSWORD_CHARS;
    html! {
        p { (match lang {
            Lang::Nb => format!("Velkommen, {name}. Velg passordet du vil logge inn i deltakerportalen med (minst {minimum} tegn)."),
            Lang::En => format!("Welcome, {name}. Choose the password you will log in to the participant portal with (at least {minimum} characters)."),
        }) }
        form method="post" action={ "/portal/invite/" (token) } {
            (form_token())
            input type="hidden" name="lang" value=(lang.code());
            p { label { (lang.t("Passord", "Password")) br; input type="password" name="password" autocomplete="new-password" required; } }
            p { label { (lang.t("Passordet en gang til", "The password once more")) br; input type="password" name="repeated" autocomplete="new-password" required; } }
            p { button type="submit" { (lang.t("Lagre passordet og logg inn", "Save the password and log in")) } }
        }
        (other_language_link(&format!("/portal/invite/{token}"), lang))
    }
}

/// The invite link's page: the form to choose a password, while the link is open.
async fn invite_form_page(state: &AppState, lang: Lang, token: &str) -> Response {
    match portal::open_invite(&state.store, token).await {
        Ok(name) => page(
            StatusCode::OK,
            layout(
                None,
                lang,
                lang.t("Velg passord", "Choose a password"),
                password_form(lang, token, &name),
            ),
        ),
        Err(error) => refused(error),
    }
}

pub async fn invite_form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Query(choice): Query<LanguageChoice>,
) -> Response {
    let lang = visitor_lang(&headers, choice.lang.as_deref());
    invite_form_page(&state, lang, &token).await
}

#[derive(Deserialize)]
pub struct NewPassword {
    password: String,
    repeated: String,
    #[serde(default)]
    lang: Option<String>,
}

pub async fn accept_invite(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<NewPassword>,
) -> Response {
    let lang = visitor_lang(&headers, form.lang.as_deref());
    match portal::accept_invite(&state.store, &token, &form.password, &form.repeated).await {
        Ok((session, _)) => signed_in(&state, &session),
        Err(error @ crate::error::Error::Refused(_)) => {
            // The link stays open: say what to change, with the form again.
            let name = portal::open_invite(&state.store, &token)
                .await
                .unwrap_or_default();
            let content = html! {
                p.error role="alert" data-testid="error" { (lang.error(&error)) }
                (password_form(lang, &token, &name))
            };
            page(
                StatusCode::BAD_REQUEST,
                layout(
                    None,
                    lang,
                    lang.t("Velg passord", "Choose a password"),
                    content,
                ),
            )
        }
        Err(error) => refused(error),
    }
}
