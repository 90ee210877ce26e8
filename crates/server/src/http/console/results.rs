//! Results per class over a campaign's approved evaluations (the picker's campaign, the newest by default):
//! overall or for one channel, with the standings at a date.

use axum::extract::{Query, State};
use maud::html;

use super::campaign::CampaignChoice;
use super::format::percent;
use super::layout::{campaign_picker, channel_options, empty_row};
use super::ConsoleViewer;
use super::{Lang, OrPage, Page, PageResult};
use crate::http::AppState;
use crate::rankings::{self, RankingQuery};

pub async fn page(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Query(query): Query<RankingQuery>,
    Query(choice): Query<CampaignChoice>,
) -> PageResult {
    let lang = Lang::of(&account);
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let chosen = crate::campaign::chosen(&state.store, choice.campaign.as_deref())
        .await
        .or_page(&account)?;
    let channel = query.channel;
    let halfway = query.halfway.clone().filter(|d| !d.is_empty());
    let query = RankingQuery {
        channel,
        halfway: halfway.clone(),
    };
    let result = rankings::rankings(&state.store, &chosen.id, query)
        .await
        .or_page(&account)?;
    let mut keep = vec![];
    if let Some(channel) = channel {
        keep.push(("channel", channel.as_str().to_owned()));
    }
    if let Some(day) = &halfway {
        keep.push(("halfway", day.clone()));
    }
    let content = html! {
        @if campaigns.len() > 1 { (campaign_picker(lang, "/console/rankings", &campaigns, &chosen.id, &keep)) }
        form method="get" class="no-print" {
            input type="hidden" name="campaign" value=(chosen.id);
            label { (lang.t("Kanal", "Channel")) " " select name="channel" { (channel_options(lang, channel, Some(lang.t("Alle kanaler", "All channels")))) } } " "
            label { (lang.t("Stilling per dato (f.eks. halvveis)", "Standings on a date (e.g. halfway)")) " "
                input type="date" name="halfway" value=(halfway.as_deref().unwrap_or("")); } " "
            button type="submit" { (lang.t("Vis", "Show")) } " "
            a href={ "/api/v1/organizer/export/scores.csv?campaign=" (chosen.id) } { (lang.t("Last ned som CSV", "Download as CSV")) }
        }
        p.muted { (lang.t("Kun godkjente evalueringer teller. Lik score med én desimal gir delt plass.", "Only approved evaluations count. Equal scores to one decimal share a place.")) }
        @if result.classes.is_empty() {
            p data-testid="empty" { (lang.t("Ingen klasser ennå.", "No classes yet.")) }
        }
        @for class in &result.classes {
            section data-class=(class.class) {
                h2 { (class.class) }
                @if !class.halfway_leaders.is_empty() {
                    p data-testid="halfway" { (lang.t("Ledet på datoen:", "Leading on the date:")) " " (class.halfway_leaders.join(", ")) }
                }
                table {
                    thead { tr { th { (lang.t("Plass", "Place")) } th { (lang.t("Selskap", "Company")) } th { "Score" } th { (lang.t("Evalueringer", "Evaluations")) } } }
                    tbody {
                        @for line in &class.ranking {
                            tr {
                                td { @match (line.rank, line.tied) {
                                    (Some(rank), true) => span.tie title=(lang.t("Delt plass", "Shared place")) { (rank) "=" },
                                    (Some(rank), false) => (rank),
                                    (None, _) => "–",
                                } }
                                td { a href={ "/console/companies/" (line.company_id) "/report" } { (line.company) } }
                                td { (percent(line.percent, lang)) }
                                td { (line.evaluations) }
                            }
                        }
                        @if class.ranking.is_empty() { (empty_row(4, lang.t("Ingen selskaper i klassen.", "No companies in the class."))) }
                    }
                }
            }
        }
    };
    Ok(Page::ok(
        &account,
        lang.t("Resultater per klasse", "Results per class"),
        content,
    ))
}
