//! Forged requests: a page of another site, or of another port of this host, making a signed-in organizer's
//! browser change something. Two checks. Every state-changing request to the console or the organizer API that
//! does not carry its own `Authorization` (so a cookie would authenticate it, logins included) must come from
//! this server's own origin, as the browser's `Sec-Fetch-Site` or, without it, `Origin` says ([`same_origin`]).
//! And every console form carries a token tied to the session, which another page cannot read
//! ([`console_token`]). Requests without either header (curl, scripts with the API token) are not a browser's
//! and pass.

use axum::extract::{FromRequest, Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::console::{Lang, Page};
use super::error::{ApiError, MAX_BODY_BYTES};
use super::extract;
use super::AppState;
use crate::secrets;

tokio::task_local! {
    /// The console token of the request being answered, for the forms its page shows.
    static FORM_TOKEN: Option<String>;
}

/// The token the console's forms carry for the session `session`: derived from the session's secret, so a
/// page that cannot read the cookie cannot know it.
fn form_token(session: &str) -> String {
    secrets::hash(&format!("console form {session}"))
}

/// The token for the forms of the page being made, if the browser has a session.
pub fn current_form_token() -> Option<String> {
    FORM_TOKEN.try_with(Clone::clone).ok().flatten()
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the browser says the request comes from a page of another origin (another site, or this host on
/// another port or scheme).
pub fn is_cross_origin(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let own_public = public_url.is_some_and(|url| origin_of(url) == origin);
    let own_host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| {
            origin.split_once("://").is_some_and(|(scheme, authority)| {
                matches!(scheme, "http" | "https") && authority.eq_ignore_ascii_case(host)
            })
        });
    !(own_public || own_host)
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

/// On the whole app: refuses (403, and changes nothing) a state-changing console or organizer API request
/// that a browser sends from another origin.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let guarded = path.starts_with("/console")
        || path.starts_with("/portal")
        || path.starts_with("/api/v1/organizer");
    if guarded
        && changes_state(request.method())
        && !request.headers().contains_key(AUTHORIZATION)
        && is_cross_origin(request.headers(), state.public_url.as_deref())
    {
        tracing::warn!(path = %path, "a cross-origin request was refused: 403");
        if path.starts_with("/console") || path.starts_with("/portal") {
            return refused_page();
        }
        return ApiError::CrossOrigin.into_response();
    }
    next.run(request).await
}

fn refused_page() -> Response {
    let lang = Lang::Nb;
    Page::error(None, StatusCode::FORBIDDEN, &lang.forged()).into_response()
}

#[derive(serde::Deserialize)]
struct TokenField {
    csrf: Option<String>,
}

/// On the console: gives the page's forms the session's token, and refuses (403, and changes nothing) a form
/// sent with a session but without its token. The login form is sent before there is a session; the origin
/// check guards it.
pub async fn console_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let expected = extract::session_token(&parts, &state).map(form_token);
    // Inside the nested router the path has lost its prefix; the login forms are known by the whole one (a
    // browser with an expired session's cookie must still be able to log in).
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path().to_owned(), |uri| uri.path().to_owned());
    let request = match &expected {
        Some(expected)
            if changes_state(&parts.method)
                && !matches!(path.as_str(), "/console/login" | "/portal/login") =>
        {
            // A file import may be as large through the console as through the API.
            let limit = if path.starts_with("/console/campaign/") {
                crate::imports::IMPORT_MAX_BYTES
            } else {
                MAX_BODY_BYTES
            };
            let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
                let message = format!(
                    "Skjemaet er for stort (over {} KB). Del fila i flere.",
                    limit / 1000
                );
                return Page::error(None, StatusCode::PAYLOAD_TOO_LARGE, &message).into_response();
            };
            // A file upload (multipart) carries its token in the form's address, the others in the form.
            let multipart = parts
                .headers
                .get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("multipart/form-data"));
            let sent = if multipart {
                parts
                    .uri
                    .query()
                    .and_then(|q| serde_urlencoded::from_str::<TokenField>(q).ok())
                    .and_then(|field| field.csrf)
            } else {
                let copy =
                    Request::from_parts(parts.clone(), axum::body::Body::from(bytes.clone()));
                axum::Form::<TokenField>::from_request(copy, &state)
                    .await
                    .ok()
                    .and_then(|axum::Form(field)| field.csrf)
            };
            if sent.as_deref() != Some(expected.as_str()) {
                tracing::warn!(path = %path, "a console form without its token was refused: 403");
                return refused_page();
            }
            Request::from_parts(parts, axum::body::Body::from(bytes))
        }
        _ => Request::from_parts(parts, body),
    };
    FORM_TOKEN.scope(expected, next.run(request)).await
}
