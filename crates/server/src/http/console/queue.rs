//! The review queue, as a work mode: it opens on the chosen campaign's evaluations waiting for review, oldest
//! first, with the counts per status; 50 a page, filtered (status, class, company, shopper, channel, dates,
//! score range, flags) and sorted by the database; the filter travels in every link, so it sticks across
//! decisions; unflagged evaluations can be approved many at once. Keys (review.js): j/k move, Enter opens.
//! A viewer, who may not review, is sent on to the results.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use shopper_domain::protocol::ReviewStatus;
use shopper_domain::Channel;
use uuid::Uuid;

use super::format::{percent, time};
use super::layout::{channel_options, empty_row, form_token};
use super::ConsoleViewer;
use super::Lang;
use super::{landing, ConsoleReviewer, OrPage, Page, PageResult};
use crate::accounts::Role;
use crate::flags::Flag;
use crate::http::AppState;
use crate::queue::{self, PAGE_SIZE};
use crate::store::{QueueQuery, QueueSort};
use crate::{changes, store::Campaign};

/// The queue's filter as it stands in the URL. Absent fields are "any", except the status: absent is the
/// work mode's "to review", empty is "all".
#[derive(Deserialize, Serialize, Default, Clone, Debug)]
pub struct Filter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub class: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub shopper: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub min: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub max: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub flagged: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub flag: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub sort: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    pub page: Option<String>,
    /// After a bulk approval: how many were approved and skipped (shown once, not carried on).
    #[serde(skip_serializing)]
    pub approved: Option<String>,
    #[serde(skip_serializing)]
    pub skipped: Option<String>,
}

fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filter {
    /// The filter as a query string (without `?`).
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    /// The same filter on another page, or with the page left out (`None`).
    pub fn on_page(&self, page: Option<i64>) -> Filter {
        Filter {
            page: page.filter(|p| *p > 0).map(|p| p.to_string()),
            ..self.clone()
        }
    }

    /// The filter read back from a query string (the review form's `back` field); the default when unreadable.
    pub fn parse(text: &str) -> Filter {
        serde_urlencoded::from_str(text).unwrap_or_default()
    }

    pub fn status(&self) -> Option<ReviewStatus> {
        match self.status.as_deref() {
            None => Some(ReviewStatus::Received),
            Some(s) => ReviewStatus::ALL.into_iter().find(|x| x.as_str() == s),
        }
    }

    pub fn page_number(&self) -> i64 {
        given(&self.page)
            .and_then(|p| p.parse::<i64>().ok())
            .map_or(0, |p| p.max(0))
    }

    /// The database's query for campaign `campaign_id`, and the words of any part that could not be read
    /// (left out of the query, shown above the table).
    pub fn query(&self, campaign_id: &str, lang: Lang) -> (QueueQuery, Vec<String>) {
        let mut problems = vec![];
        let mut number = |text: &Option<String>, what: &str| {
            let text = given(text)?;
            match text.replace(',', ".").parse::<f64>() {
                Ok(n) if (0.0..=100.0).contains(&n) => Some(n),
                _ => {
                    problems.push(match lang {
                        Lang::Nb => {
                            format!("{what} må være et tall fra 0 til 100; «{text}» er ikke brukt.")
                        }
                        Lang::En => format!(
                            "{what} must be a number from 0 to 100; \"{text}\" is not used."
                        ),
                    });
                    None
                }
            }
        };
        let min_percent = number(&self.min, lang.t("Laveste score", "Lowest score"));
        let max_percent = number(&self.max, lang.t("Høyeste score", "Highest score"));
        let mut day = |text: &Option<String>, after: bool, what: &str| {
            let text = given(text)?;
            match super::format::oslo_midnight_utc(text, after) {
                Some(at) => Some(at),
                None => {
                    problems.push(match lang {
                        Lang::Nb => {
                            format!("{what} må være en dato (åååå-mm-dd); «{text}» er ikke brukt.")
                        }
                        Lang::En => {
                            format!("{what} must be a date (yyyy-mm-dd); \"{text}\" is not used.")
                        }
                    });
                    None
                }
            }
        };
        let received_from = day(&self.from, false, lang.t("Fra", "From"));
        let received_before = day(&self.to, true, lang.t("Til", "To"));
        let query = QueueQuery {
            campaign_id: campaign_id.to_owned(),
            status: self.status().map(|s| s.as_str().to_owned()),
            class_id: given(&self.class).map(str::to_owned),
            company_id: given(&self.company).map(str::to_owned),
            shopper_id: given(&self.shopper).map(str::to_owned),
            channel: given(&self.channel)
                .and_then(Channel::parse)
                .map(|c| c.as_str().to_owned()),
            received_from,
            received_before,
            min_percent,
            max_percent,
            flagged: match given(&self.flagged) {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            },
            flag_code: given(&self.flag)
                .filter(|code| Flag::CODES.contains(code))
                .map(str::to_owned),
            sort: given(&self.sort)
                .and_then(QueueSort::parse)
                .unwrap_or_default(),
        };
        (query, problems)
    }
}

/// The campaign the filter names, else the newest.
pub fn chosen<'a>(campaigns: &'a [Campaign], filter: &Filter) -> Option<&'a Campaign> {
    campaigns
        .iter()
        .find(|c| filter.campaign.as_deref() == Some(c.id.as_str()))
        .or(campaigns.first())
}

/// The keys of the work mode, as the page documents them.
pub fn keys_help(lang: Lang, on_evaluation: bool) -> Markup {
    let keys: &[(&str, &str, &str)] = if on_evaluation {
        &[
            ("j", "neste", "next"),
            ("k", "forrige", "previous"),
            ("a", "godkjenn", "approve"),
            ("c", "kommentar", "comment"),
            ("Esc", "ut av feltet", "leave the field"),
            ("r", "send tilbake", "return"),
            ("u", "til køen", "to the queue"),
        ]
    } else {
        &[
            ("j", "neste rad", "next row"),
            ("k", "forrige rad", "previous row"),
            ("o / Enter", "åpne", "open"),
        ]
    };
    html! {
        p.muted.no-print data-testid="keys" {
            (lang.t("Taster:", "Keys:")) " "
            @for (i, (key, nb, en)) in keys.iter().enumerate() {
                @if i > 0 { " · " }
                kbd { (key) } " " (lang.t(nb, en))
            }
        }
    }
}

fn select(
    name: &str,
    label: &str,
    all: &str,
    chosen: Option<&str>,
    options: &[(String, String)],
) -> Markup {
    html! {
        label { (label) " "
            select name=(name) {
                option value="" selected[chosen.is_none()] { (all) }
                @for (id, text) in options { option value=(id) selected[chosen == Some(id.as_str())] { (text) } }
            }
        } " "
    }
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Query(filter): Query<Filter>,
) -> PageResult<Response> {
    if account.role < Role::Reviewer {
        return Ok(Redirect::to(landing(account.role)).into_response());
    }
    let lang = Lang::of(&account);
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let Some(campaign) = chosen(&campaigns, &filter) else {
        let content = html! { p data-testid="empty" { (lang.t("Ingen evalueringer ennå.", "No evaluations yet.")) } };
        return Ok(
            Page::ok(&account, lang.t("Evalueringer", "Evaluations"), content).into_response(),
        );
    };
    let filter = Filter {
        campaign: Some(campaign.id.clone()),
        ..filter
    };
    let (query, problems) = filter.query(&campaign.id, lang);
    let page_number = filter.page_number();
    let found = queue::page(&state.store, &query, page_number)
        .await
        .or_page(&account)?;
    let (classes, companies, shoppers) = state
        .store
        .queue_choices(&campaign.id)
        .await
        .or_page(&account)?;
    let pages = (found.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let status = filter.status();
    let count_of = |s: ReviewStatus| {
        found
            .counts
            .iter()
            .find(|(x, _)| x == s.as_str())
            .map_or(0, |(_, n)| *n)
    };
    let all_count: i64 = found.counts.iter().map(|(_, n)| n).sum();
    let back = filter.on_page(Some(page_number)).query_string();
    let unflagged: Vec<String> = found
        .rows
        .iter()
        .filter(|r| r.status == ReviewStatus::Received.as_str() && r.flag_count == Some(0))
        .map(|r| format!("{}:{}", r.id, r.revision))
        .collect();
    let tab = |s: Option<ReviewStatus>, text: &str, count: i64, id: &str| {
        let link = Filter {
            status: Some(s.map_or(String::new(), |s| s.as_str().to_owned())),
            page: None,
            ..filter.clone()
        };
        html! {
            a href={ "/console?" (link.query_string()) } data-testid={ "count-" (id) }
                aria-current=[(status == s).then_some("page")] {
                (text) " (" span.count { (count) } ")"
            }
        }
    };
    let sort = query.sort;
    let sort_name = |s: QueueSort| match s {
        QueueSort::Oldest => lang.t("Eldste først", "Oldest first"),
        QueueSort::Newest => lang.t("Nyeste først", "Newest first"),
        QueueSort::Company => lang.t("Selskap", "Company"),
        QueueSort::Shopper => "Shopper",
        QueueSort::ScoreLow => lang.t("Lavest score", "Lowest score"),
        QueueSort::ScoreHigh => lang.t("Høyest score", "Highest score"),
        QueueSort::Flags => lang.t("Flest flagg", "Most flags"),
    };
    let content = html! {
        nav.tabs data-testid="status-counts" aria-label=(lang.t("Status", "Status")) {
            (tab(Some(ReviewStatus::Received), lang.status(ReviewStatus::Received), count_of(ReviewStatus::Received), "received")) " · "
            (tab(Some(ReviewStatus::Approved), lang.status(ReviewStatus::Approved), count_of(ReviewStatus::Approved), "approved")) " · "
            (tab(Some(ReviewStatus::Returned), lang.status(ReviewStatus::Returned), count_of(ReviewStatus::Returned), "returned")) " · "
            (tab(None, lang.t("Alle", "All"), all_count, "all"))
        }
        form method="get" action="/console" class="no-print filter" data-testid="filter" {
            @if campaigns.len() > 1 {
                label { (lang.t("Kampanje", "Campaign")) " "
                    select name="campaign" { @for c in &campaigns { option value=(c.id) selected[c.id == campaign.id] { (c.name) } } }
                } " "
            } @else {
                input type="hidden" name="campaign" value=(campaign.id);
            }
            label { "Status " select name="status" {
                @for s in ReviewStatus::ALL { option value=(s.as_str()) selected[status == Some(s)] { (lang.status(s)) } }
                option value="" selected[status.is_none()] { (lang.t("Alle", "All")) }
            } } " "
            (select("class", lang.t("Klasse", "Class"), lang.t("Alle", "All"), given(&filter.class), &classes))
            (select("company", lang.t("Selskap", "Company"), lang.t("Alle", "All"), given(&filter.company), &companies))
            (select("shopper", "Shopper", lang.t("Alle", "All"), given(&filter.shopper), &shoppers))
            label { (lang.t("Kanal", "Channel")) " " select name="channel" {
                (channel_options(lang, given(&filter.channel).and_then(Channel::parse), Some(lang.t("Alle", "All"))))
            } } " "
            label { (lang.t("Mottatt fra", "Received from")) " " input type="date" name="from" value=[given(&filter.from)]; } " "
            label { (lang.t("til og med", "to")) " " input type="date" name="to" value=[given(&filter.to)]; } " "
            label { (lang.t("Score fra", "Score from")) " " input type="number" name="min" min="0" max="100" step="any" size="4" value=[given(&filter.min)]; } " "
            label { (lang.t("til", "to")) " " input type="number" name="max" min="0" max="100" step="any" size="4" value=[given(&filter.max)]; } " "
            @let flagged = given(&filter.flagged);
            label { (lang.t("Flagg", "Flags")) " " select name="flagged" {
                option value="" selected[flagged.is_none()] { (lang.t("Alle", "All")) }
                option value="yes" selected[flagged == Some("yes")] { (lang.t("Med flagg", "Flagged")) }
                option value="no" selected[flagged == Some("no")] { (lang.t("Uten flagg", "Unflagged")) }
            } } " "
            @let code = given(&filter.flag);
            label { (lang.t("Flaggtype", "Kind of flag")) " " select name="flag" {
                option value="" selected[code.is_none()] { (lang.t("Alle", "All")) }
                @for c in Flag::CODES { option value=(c) selected[code == Some(c)] { (lang.flag_name(c)) } }
            } } " "
            label { (lang.t("Sorter", "Sort")) " " select name="sort" {
                @for s in QueueSort::ALL { option value=(s.as_str()) selected[s == sort] { (sort_name(s)) } }
            } } " "
            button type="submit" { (lang.t("Filtrer", "Filter")) } " "
            a href={ "/api/v1/organizer/export/evaluations.csv?campaign=" (campaign.id) } { (lang.t("Last ned alle som CSV", "Download all as CSV")) } " "
            a href={ "/api/v1/organizer/export/evaluations.csv?revisions=all&campaign=" (campaign.id) } { (lang.t("med alle versjoner", "with every revision")) }
        }
        @if let Some(approved) = given(&filter.approved) {
            p.notice role="status" data-testid="bulk-done" {
                (lang.t("Godkjent:", "Approved:")) " " (approved)
                @if let Some(skipped) = given(&filter.skipped).filter(|s| *s != "0") {
                    " · " (lang.t("hoppet over (flagget, allerede vurdert eller endret siden):", "skipped (flagged, already decided or changed since):")) " " (skipped)
                }
            }
        }
        @for problem in &problems { p.error role="alert" data-testid="filter-problem" { (problem) } }
        (keys_help(lang, false))
        form #bulk method="post" action="/console/review/bulk" {
            (form_token())
            input type="hidden" name="back" value=(back);
            @for pick in &unflagged { input type="hidden" name="page_pick" value=(pick); }
            table data-testid="queue" {
                thead { tr {
                    th.no-print { span.muted { (lang.t("Velg", "Pick")) } }
                    th { (lang.t("Mottatt", "Received")) } th { (lang.t("Selskap", "Company")) } th { (lang.t("Klasse", "Class")) }
                    th { "Shopper" } th { (lang.t("Kanal", "Channel")) } th { (lang.t("Versjon", "Version")) } th { "Status" }
                    th { "Score" } th { (lang.t("Flagg", "Flags")) }
                } }
                tbody {
                    @for e in &found.rows {
                        @let codes: Vec<&str> = e.flag_codes.as_deref().unwrap_or("").split(',').filter(|c| !c.is_empty()).collect();
                        tr data-testid="queue-row" data-id=(e.id) {
                            td.no-print {
                                @if e.status == ReviewStatus::Received.as_str() && e.flag_count == Some(0) {
                                    input type="checkbox" name="pick" value={ (e.id) ":" (e.revision) }
                                        aria-label={ (lang.t("Velg", "Pick")) " " (e.company) };
                                }
                            }
                            td { (time(&e.received_at, lang)) }
                            td { a data-row-link href={ "/console/evaluations/" (e.id) "?" (back) } { (e.company) } }
                            td { (e.class) }
                            td { (e.shopper_name) }
                            td { (Channel::parse(&e.channel).map_or(e.channel.as_str(), |c| lang.channel(c))) }
                            td { (e.revision) }
                            td data-testid="queue-status" {
                                (crate::store::parse_status(&e.status).map_or(e.status.clone(), |s| lang.status(s).to_owned()))
                            }
                            td { (percent(e.percent, lang)) }
                            td data-testid="queue-flags" {
                                @for (i, c) in codes.iter().enumerate() { @if i > 0 { br; } span.flag { (lang.flag_name(c)) } }
                            }
                        }
                    }
                    @if found.rows.is_empty() {
                        (empty_row(10, if all_count == 0 { lang.t("Ingen evalueringer passer filteret.", "No evaluations match the filter.") } else { lang.t("Ingen evalueringer med denne statusen passer filteret.", "No evaluations of this status match the filter.") }))
                    }
                }
            }
            @if !unflagged.is_empty() {
                p.no-print {
                    button type="submit" name="which" value="picked" { (lang.t("Godkjenn valgte", "Approve the picked ones")) } " "
                    button type="submit" name="which" value="page" data-testid="approve-page" {
                        (lang.t("Godkjenn alle uflaggede på siden", "Approve every unflagged one on the page")) " (" (unflagged.len()) ")"
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager.no-print data-testid="pager" {
                @if page_number > 0 {
                    a rel="prev" href={ "/console?" (filter.on_page(Some(page_number - 1)).query_string()) } { "← " (lang.t("Forrige side", "Previous page")) } " "
                }
                (lang.t("Side", "Page")) " " (page_number + 1) " " (lang.t("av", "of")) " " (pages) " "
                @if page_number + 1 < pages {
                    a rel="next" href={ "/console?" (filter.on_page(Some(page_number + 1)).query_string()) } { (lang.t("Neste side", "Next page")) " →" }
                }
            }
        }
        script src="/console/review.js" defer {}
    };
    Ok(Page::ok(&account, lang.t("Evalueringer", "Evaluations"), content).into_response())
}

/// Approves the picked (or every unflagged on the page) evaluations that are still unflagged and waiting,
/// then shows the same page of the queue with how many were approved.
pub async fn bulk(
    State(state): State<AppState>,
    ConsoleReviewer(account): ConsoleReviewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult<Redirect> {
    let which = fields
        .iter()
        .find(|(k, _)| k == "which")
        .map_or("picked", |(_, v)| v.as_str());
    let name = if which == "page" { "page_pick" } else { "pick" };
    let picked: Vec<(Uuid, u32)> = fields
        .iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| {
            let (id, revision) = v.split_once(':')?;
            Some((Uuid::parse_str(id).ok()?, revision.parse().ok()?))
        })
        .collect();
    let back = fields
        .iter()
        .find(|(k, _)| k == "back")
        .map_or(String::new(), |(_, v)| v.clone());
    let done = changes::approve_unflagged(&state.store, &account, &picked)
        .await
        .or_page(&account)?;
    let filter = Filter::parse(&back);
    Ok(Redirect::to(&format!(
        "/console?{}&approved={}&skipped={}",
        filter.query_string(),
        done.approved,
        done.skipped
    )))
}

/// The work mode's keys: a small script of this server's own (no inline script), the console works without it.
pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("review.js"),
    )
}
