//! The review queue: every received evaluation of the chosen campaign (the newest by default), filtered by
//! status, company and channel. A viewer, who may not review, is sent on to the results.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use shopper_domain::protocol::ReviewStatus;
use shopper_domain::Channel;

use super::format::{percent, time};
use super::layout::{campaign_picker, channel_options, empty_row, status_options};
use super::ConsoleViewer;
use super::Lang;
use super::{landing, OrPage, Page, PageResult};
use crate::accounts::Role;
use crate::http::AppState;
use crate::queue;

#[derive(Deserialize, Default)]
pub struct Filter {
    status: Option<String>,
    company: Option<String>,
    channel: Option<String>,
    campaign: Option<String>,
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
    let status = filter
        .status
        .as_deref()
        .and_then(|s| ReviewStatus::ALL.into_iter().find(|x| x.as_str() == s));
    let channel = filter.channel.as_deref().and_then(Channel::parse);
    let company = filter.company.clone().unwrap_or_default();
    let wanted = company.trim().to_lowercase();
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let chosen = campaigns
        .iter()
        .find(|c| filter.campaign.as_deref() == Some(c.id.as_str()))
        .or(campaigns.first());
    let all = match chosen {
        Some(chosen) => queue::received(&state.store, None, Some(&chosen.id))
            .await
            .or_page(&account)?,
        None => vec![],
    };
    let chosen_id = chosen.map(|c| c.id.clone()).unwrap_or_default();
    let shown: Vec<_> = all
        .iter()
        .filter(|e| status.is_none_or(|s| e.status == s))
        .filter(|e| wanted.is_empty() || e.company.to_lowercase().contains(&wanted))
        .filter(|e| channel.is_none_or(|c| e.content.channel == c))
        .collect();
    let content = html! {
        @if campaigns.len() > 1 { (campaign_picker(lang, "/console", &campaigns, &chosen_id, &[])) }
        form method="get" class="no-print" {
            input type="hidden" name="campaign" value=(chosen_id);
            label { (lang.t("Status", "Status")) " " select name="status" { (status_options(lang, status)) } } " "
            label { (lang.t("Selskap", "Company")) " " input name="company" value=(company); } " "
            label { (lang.t("Kanal", "Channel")) " " select name="channel" { (channel_options(lang, channel, Some(lang.t("Alle", "All")))) } } " "
            button type="submit" { (lang.t("Filtrer", "Filter")) } " "
            a href={ "/api/v1/organizer/export/evaluations.csv?campaign=" (chosen_id) } { (lang.t("Last ned alle som CSV", "Download all as CSV")) } " "
            a href={ "/api/v1/organizer/export/evaluations.csv?revisions=all&campaign=" (chosen_id) } { (lang.t("med alle versjoner", "with every revision")) }
        }
        table {
            thead { tr {
                th { (lang.t("Mottatt", "Received")) } th { (lang.t("Selskap", "Company")) } th { "Shopper" }
                th { (lang.t("Kanal", "Channel")) } th { (lang.t("Versjon", "Version")) } th { "Status" } th { "Score" }
            } }
            tbody {
                @for e in &shown {
                    tr data-testid="queue-row" {
                        td { (time(&e.received_at, lang)) }
                        td { a href={ "/console/evaluations/" (e.id) } { (e.company) } }
                        td { (e.shopper_name) }
                        td { (lang.channel(e.content.channel)) }
                        td { (e.revision) }
                        td data-testid="queue-status" { (lang.status(e.status)) }
                        td { (percent(e.percent, lang)) }
                    }
                }
                @if shown.is_empty() {
                    (empty_row(7, if all.is_empty() { lang.t("Ingen evalueringer ennå.", "No evaluations yet.") } else { lang.t("Ingen evalueringer passer filteret.", "No evaluations match the filter.") }))
                }
            }
        }
    };
    Ok(Page::ok(&account, lang.t("Evalueringer", "Evaluations"), content).into_response())
}
