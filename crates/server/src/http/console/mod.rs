//! The organizer's console: server-rendered pages (one file each) over the same features and store as the
//! JSON API, behind the same accounts and roles. Plain forms, printable reports; one small script of the
//! server's own (`review.js`) adds the review work mode's keys, and every page works without it. Pages are built
//! with maud, so every spliced value is escaped by construction; raw HTML appears only where marked
//! `PreEscaped` (the QR code's SVG, made by the QR crate from the link).

pub(crate) mod attachments;
mod audit;
mod campaign;
pub(crate) mod evaluation;
pub(crate) mod format;
pub(crate) mod layout;
pub(crate) mod login;
mod participants;
mod plan;
mod progress;
mod queue;
pub(crate) mod report;
mod results;
mod shoppers;
mod words;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup};

use super::error::{cause_status, log_internal};
use super::extract::{Audience, Denied};
use super::ratelimit::limit_login;
use super::AppState;
use crate::accounts::{OrganizerAccount, Role};
use crate::error::Error;
use crate::imports::IMPORT_MAX_BYTES;
pub use words::Lang;

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(queue::page))
        .route(
            "/login",
            // Only an attempt counts against the limit, not opening the form.
            get(login::form).merge(
                post(login::log_in).route_layer(from_fn_with_state(state.clone(), limit_login)),
            ),
        )
        .route("/logout", post(login::log_out))
        .route("/language", post(login::choose_language))
        .route("/evaluations/{id}", get(evaluation::page))
        .route("/evaluations/{id}/review", post(evaluation::review))
        .route(
            "/evaluations/{id}/attachments/{sha256}",
            get(attachments::file),
        )
        .route("/review/bulk", post(queue::bulk))
        .route("/review.js", get(queue::script))
        .route("/rankings", get(results::page))
        .route("/companies/{id}/report", get(report::page))
        .route("/reports", get(report::all))
        .route(
            "/participants",
            get(participants::page).post(participants::invite),
        )
        .route("/participants/class-table", post(participants::class_table))
        .route("/participants/attachments", post(participants::attachments))
        .route("/participants/{id}/lock-out", post(participants::lock_out))
        .route("/shoppers", get(shoppers::page).post(shoppers::create))
        .route("/shoppers/{id}/invite", post(shoppers::invite))
        .route("/shoppers/{id}/roster", post(shoppers::update))
        .route("/shoppers/{id}/active", post(shoppers::set_active))
        .route("/shoppers/roster", post(shoppers::import_roster))
        .route("/shoppers/invites", post(shoppers::invite_many))
        .route("/shoppers/fees", post(shoppers::set_fees))
        .route("/shoppers/statement", get(shoppers::statement))
        .route("/shoppers/payroll.csv", get(shoppers::payroll))
        .route("/shoppers/{id}/revoke", post(shoppers::revoke))
        .route("/campaign", get(campaign::page))
        .route("/campaigns", post(campaign::create_campaign))
        .route(
            "/campaign/companies",
            post(campaign::import_companies).route_layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .route("/campaign/company", post(campaign::add_company))
        .route("/campaign/assignment", post(campaign::add_assignment))
        .route(
            "/campaign/assignments",
            post(campaign::import_assignments).route_layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
        .route(
            "/campaign/questionnaire",
            post(campaign::import_questionnaire),
        )
        .route("/audit", get(audit::page))
        .route("/campaign/edit", post(campaign::edit_campaign))
        .route("/campaign/delete", post(campaign::delete_campaign))
        .route("/plan", get(plan::page))
        .route("/plan/preview", post(plan::preview))
        .route("/plan/commit", post(plan::commit))
        .route("/progress", get(progress::page))
        .route("/progress.csv", get(progress::csv))
        .route("/assignments/change", post(progress::change))
        .route(
            "/assignments/{id}",
            get(progress::assignment).post(progress::edit),
        )
        .route("/companies/{id}/withdraw", post(progress::withdraw))
        .route("/companies/{id}/reinstate", post(progress::reinstate))
        .layer(from_fn_with_state(
            state.clone(),
            crate::http::forgery::console_token,
        ))
}

/// The pages of the console, in the navigation's order: (path, the role it needs, Norwegian, English).
pub const PAGES: [(&str, Role, &str, &str); 7] = [
    ("/console", Role::Reviewer, "Gjennomgang", "Review"),
    ("/console/rankings", Role::Viewer, "Resultater", "Results"),
    ("/console/shoppers", Role::Admin, "Shoppere", "Shoppers"),
    ("/console/campaign", Role::Admin, "Kampanje", "Campaign"),
    (
        "/console/participants",
        Role::Admin,
        "Deltakere",
        "Participants",
    ),
    ("/console/progress", Role::Admin, "Framdrift", "Progress"),
    ("/console/audit", Role::Reviewer, "Logg", "Log"),
];

/// The first page `role` may open: where a login lands.
pub fn landing(role: Role) -> &'static str {
    PAGES
        .iter()
        .find(|(_, needs, ..)| role >= *needs)
        .map_or("/console/rankings", |(path, ..)| path)
}

/// A finished console page (or an error page), as a response.
pub struct Page(StatusCode, Markup);

impl Page {
    pub fn ok(account: &OrganizerAccount, title: &str, content: Markup) -> Page {
        Page(
            StatusCode::OK,
            layout::layout(Some(account), Lang::of(account), title, content),
        )
    }

    /// A page that says what went wrong, in the organizer's language.
    pub fn error(account: Option<&OrganizerAccount>, status: StatusCode, message: &str) -> Page {
        let lang = account.map_or(Lang::Nb, Lang::of);
        let content = html! { p.error role="alert" data-testid="error" { (message) } };
        Page(
            status,
            layout::layout(account, lang, lang.t("Feil", "Error"), content),
        )
    }

    /// The address sign-in links start with (see [`AppState::public_base`]), or the page that says the
    /// server does not know it.
    pub fn public_base(
        state: &AppState,
        headers: &axum::http::HeaderMap,
        account: &OrganizerAccount,
    ) -> PageResult<String> {
        state.public_base(headers).map_err(|e| {
            Page::error(
                Some(account),
                e.status(),
                Lang::of(account).t(
                    "Serveren vet ikke sin egen adresse.",
                    "The server does not know its own address.",
                ),
            )
        })
    }

    /// The page for a cause from a feature or the store.
    pub fn failed(account: &OrganizerAccount, error: Error) -> Page {
        log_internal(&error);
        let (status, _) = cause_status(&error);
        Page::error(Some(account), status, &Lang::of(account).error(&error))
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.0, self.1).into_response()
    }
}

crate::http::extract::at_least! {
    ConsoleViewer, Console: Role::Viewer;
    ConsoleReviewer, Console: Role::Reviewer;
    ConsoleAdmin, Console: Role::Admin;
}

/// Browsers: a signed-out one is sent to the login page, a role too low gets a readable page that says so.
pub struct Console;

impl Audience for Console {
    fn refuse(denied: Denied) -> Response {
        match denied {
            Denied::SignedOut => Redirect::to("/console/login").into_response(),
            Denied::TooLow { account, needed } => {
                let lang = Lang::of(&account);
                let message = match lang {
                    Lang::Nb => format!(
                        "Denne siden er for rollen {}; du er {}.",
                        lang.role(needed),
                        lang.role(account.role)
                    ),
                    Lang::En => format!(
                        "This page is for the {} role; you are {}.",
                        lang.role(needed),
                        lang.role(account.role)
                    ),
                };
                Page::error(Some(&account), StatusCode::FORBIDDEN, &message).into_response()
            }
            Denied::Failed(error) => {
                log_internal(&error);
                let (status, _) = cause_status(&error);
                Page::error(None, status, &Lang::Nb.error(&error)).into_response()
            }
        }
    }
}

/// What a console handler returns when a feature or the store fails: the error page in the organizer's words.
pub type PageResult<T = Page> = Result<T, Page>;

/// Turns a cause into the organizer's error page.
pub trait OrPage<T> {
    fn or_page(self, account: &OrganizerAccount) -> PageResult<T>;
}

impl<T> OrPage<T> for Result<T, Error> {
    fn or_page(self, account: &OrganizerAccount) -> PageResult<T> {
        self.map_err(|error| Page::failed(account, error))
    }
}
