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
use crate::store::QueueSort;
use crate::{changes, store::Campaign};

pub use crate::queue::{given, Filter, FilterProblem};

/// What is wrong with a part of the filter, in the organizer's words (the part is left out).
pub fn problem_words(problem: &FilterProblem, lang: Lang) -> String {
    match problem {
        FilterProblem::Score { lowest, given } => {
            let what = if *lowest {
                lang.t("Laveste score", "Lowest score")
            } else {
                lang.t("Høyeste score", "Highest score")
            };
            match lang {
                Lang::Nb => {
                    format!("{what} må være et tall fra 0 til 100; «{given}» er ikke brukt.")
                }
                Lang::En => {
                    format!("{what} must be a number from 0 to 100; \"{given}\" is not used.")
                }
            }
        }
        FilterProblem::Day { from, given } => {
            let what = if *from {
                lang.t("Fra", "From")
            } else {
                lang.t("Til", "To")
            };
            match lang {
                Lang::Nb => {
                    format!("{what} må være en dato (åååå-mm-dd); «{given}» er ikke brukt.")
                }
                Lang::En => format!("{what} must be a date (yyyy-mm-dd); \"{given}\" is not used."),
            }
        }
        FilterProblem::Choice { field, given } => match lang {
            Lang::Nb => format!("Filteret «{field}» kan ikke være «{given}»; det er ikke brukt."),
            Lang::En => format!("The filter “{field}” cannot be “{given}”; it is not used."),
        },
    }
}

/// What the decision just made did, said at the top of the page that opens next: "Godkjent: Sparebanken
/// Møre, telefon. Neste: Jetpak, chat." with a link back to the decided evaluation (the filter kept). Nothing
/// when the filter names no decided evaluation or it cannot be found.
pub async fn decided_notice(
    state: &AppState,
    filter: &Filter,
    lang: Lang,
    next: Option<(&str, Channel)>,
) -> Markup {
    let Some(id) = given(&filter.decided).and_then(|id| Uuid::parse_str(id).ok()) else {
        return html! {};
    };
    let Ok(Some(decided)) = queue::received(&state.store, Some(id), None)
        .await
        .map(|mut found| found.pop())
    else {
        return html! {};
    };
    let back = filter.query_string();
    html! {
        p.notice role="status" data-testid="decided" {
            (lang.status(decided.status)) ": " (decided.company) ", " (lang.channel(decided.content.channel).to_lowercase()) ". "
            @if let Some((company, channel)) = next {
                (lang.t("Neste:", "Next:")) " " (company) ", " (lang.channel(channel).to_lowercase()) ". "
            } @else {
                (lang.t("Ingen flere i køen med dette filteret.", "No more in the queue with this filter.")) " "
            }
            a href={ "/console/evaluations/" (decided.id) "?" (back) } data-testid="decided-link" {
                (lang.t("Åpne den igjen", "Open it again"))
            }
        }
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
    let (query, problems) = filter.query(&campaign.id);
    let problems: Vec<String> = problems.iter().map(|p| problem_words(p, lang)).collect();
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
    let decided = decided_notice(&state, &filter, lang, None).await;
    let content = html! {
        (decided)
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
