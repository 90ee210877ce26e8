//! The organizer's console: server-rendered HTML pages over the same store functions as the JSON API, behind
//! the same accounts and roles. Plain forms, no script, printable reports. Every shopper-written text is
//! escaped before it reaches a page.

mod pages;
mod report;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::accounts::{OrganizerAccount, Role};
use crate::auth::Organizer;
use crate::error::ApiError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::queue))
        .route("/login", get(pages::login_form).post(pages::log_in))
        .route("/logout", post(pages::log_out))
        .route("/evaluations/{id}", get(pages::evaluation))
        .route("/evaluations/{id}/review", post(pages::review))
        .route("/rankings", get(pages::rankings))
        .route("/companies/{id}/report", get(report::company_report))
        .route(
            "/shoppers",
            get(pages::shoppers).post(pages::create_shopper),
        )
        .route("/shoppers/{id}/invite", post(pages::invite))
        .route("/shoppers/{id}/revoke", post(pages::revoke))
        .route("/campaign", get(pages::campaign))
        .route("/campaign/companies", post(pages::import_companies))
        .route("/campaign/company", post(pages::add_company))
        .route("/campaign/assignment", post(pages::add_assignment))
        .route("/campaign/assignments", post(pages::import_assignments))
        .route("/campaign/questionnaire", post(pages::import_questionnaire))
        .route("/audit", get(pages::audit))
}

/// A signed-in organizer on a console page; anyone else is sent to the login page.
pub struct ConsoleUser(pub OrganizerAccount);

impl FromRequestParts<AppState> for ConsoleUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match Organizer::from_request_parts(parts, state).await {
            Ok(Organizer(account)) => Ok(ConsoleUser(account)),
            Err(_) => Err(Redirect::to("/console/login").into_response()),
        }
    }
}

impl ConsoleUser {
    pub fn require(&self, role: Role) -> Result<&OrganizerAccount, Page> {
        if self.0.role >= role {
            Ok(&self.0)
        } else {
            Err(Page::error(
                Some(&self.0),
                StatusCode::FORBIDDEN,
                &format!(
                    "Denne siden krever rollen {}; du er {}.",
                    role.as_str(),
                    self.0.role.as_str()
                ),
            ))
        }
    }
}

/// A finished console page (or an error page), as a response.
pub struct Page(StatusCode, String);

impl Page {
    pub fn ok(user: Option<&OrganizerAccount>, title: &str, body: &str) -> Self {
        Page(StatusCode::OK, layout(user, title, body))
    }

    pub fn error(user: Option<&OrganizerAccount>, status: StatusCode, message: &str) -> Self {
        let body = format!(
            r#"<p class="error" role="alert" data-testid="error">{}</p>"#,
            esc(message)
        );
        Page(status, layout(user, "Feil", &body))
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.0, Html(self.1)).into_response()
    }
}

impl From<ApiError> for Page {
    fn from(error: ApiError) -> Self {
        let status = error.status();
        Page::error(None, status, &error.to_string())
    }
}

/// Text made safe for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --brand: #0b5d4b; --muted: #5b6461; --line: #d5dcda; color-scheme: light dark; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; }
header { background: var(--brand); color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
header a { color: #fff; }
header button { color: #fff; background: transparent; border: 1px solid #fff; border-radius: 0.3rem; padding: 0.2rem 0.6rem; }
header nav { display: flex; flex-wrap: wrap; gap: 0.75rem; }
main { padding: 1rem; max-width: 70rem; margin: 0 auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.error { border: 2px solid #a4161a; color: #a4161a; padding: 0.5rem; }
.notice { border: 2px solid var(--brand); padding: 0.5rem; }
.muted { color: var(--muted); }
textarea, input, select, button { font: inherit; }
textarea { width: 100%; }
form.inline { display: inline; }
.tie { font-weight: 600; }
@media print { header, form, .no-print { display: none !important; } main { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
"#;

fn layout(user: Option<&OrganizerAccount>, title: &str, body: &str) -> String {
    let nav = match user {
        Some(user) => format!(
            r#"<nav aria-label="Konsoll"><a href="/console">Gjennomgang</a><a href="/console/rankings">Resultater</a><a href="/console/shoppers">Shoppere</a><a href="/console/campaign">Kampanje</a><a href="/console/audit">Logg</a></nav>
<span class="muted" style="color:#fff">{} ({})</span>
<form class="inline" method="post" action="/console/logout"><button type="submit">Logg ut</button></form>"#,
            esc(&user.name),
            user.role.as_str()
        ),
        None => String::new(),
    };
    format!(
        r#"<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Shopper konsoll</title><style>{STYLE}</style></head>
<body><header><strong>Shopper konsoll</strong>{nav}</header><main><h1>{title}</h1>{body}</main></body></html>"#,
        title = esc(title)
    )
}
