//! Results per class over a campaign's approved evaluations (the picker's campaign, the newest by default):
//! ranked by any of the three scores, overall or for one channel, with rank intervals, the companies below
//! the campaign's minimum of contacts, NPS, and the standings at a date.

use axum::extract::{Query, State};
use maud::html;
use serde::Deserialize;
use shopper_domain::results::ScoreKind;
use shopper_domain::Channel;

use super::campaign::CampaignChoice;
use super::format::{nps, score};
use super::layout::{campaign_picker, channel_options, empty_row};
use super::ConsoleViewer;
use super::{Lang, OrPage, Page, PageResult};
use crate::http::AppState;
use crate::rankings::{self, RankingQuery};

/// The form's fields; empty ones mean "the default".
#[derive(Debug, Default, Deserialize)]
pub struct Form {
    channel: Option<Channel>,
    halfway: Option<String>,
    by: Option<String>,
    min_contacts: Option<String>,
}

fn score_name(kind: ScoreKind, lang: Lang) -> &'static str {
    match kind {
        ScoreKind::Total => lang.t("Totalt", "Total"),
        ScoreKind::Answered => lang.t("Kun besvarte", "Answered only"),
        ScoreKind::Agent => lang.t("Kundebehandleren", "The agent"),
    }
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Query(form): Query<Form>,
    Query(choice): Query<CampaignChoice>,
) -> PageResult {
    let lang = Lang::of(&account);
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let chosen = crate::campaign::chosen(&state.store, choice.campaign.as_deref())
        .await
        .or_page(&account)?;
    let channel = form.channel;
    let halfway = form.halfway.clone().filter(|d| !d.is_empty());
    let by = ScoreKind::ALL
        .into_iter()
        .find(|k| form.by.as_deref() == Some(k.as_str()));
    let min_contacts = form
        .min_contacts
        .as_deref()
        .and_then(|m| m.trim().parse::<usize>().ok());
    let query = RankingQuery {
        channel,
        halfway: halfway.clone(),
        by,
        min_contacts,
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
    if let Some(by) = by {
        keep.push(("by", by.as_str().to_owned()));
    }
    let content = html! {
        @if campaigns.len() > 1 { (campaign_picker(lang, "/console/rankings", &campaigns, &chosen.id, &keep)) }
        form method="get" class="no-print" {
            input type="hidden" name="campaign" value=(chosen.id);
            label { (lang.t("Kanal", "Channel")) " " select name="channel" { (channel_options(lang, channel, Some(lang.t("Alle kanaler", "All channels")))) } } " "
            label { (lang.t("Ranger etter", "Rank by")) " " select name="by" {
                @for kind in ScoreKind::ALL { option value=(kind.as_str()) selected[kind == result.by] { (score_name(kind, lang)) } }
            } } " "
            label { (lang.t("Minst godkjente kontakter for plass", "Fewest approved contacts for a place")) " "
                input type="number" name="min_contacts" min="0" max="1000" value=(result.min_contacts); } " "
            label { (lang.t("Stilling per dato (f.eks. halvveis)", "Standings on a date (e.g. halfway)")) " "
                input type="date" name="halfway" value=(halfway.as_deref().unwrap_or("")); } " "
            button type="submit" { (lang.t("Vis", "Show")) } " "
            a href={ "/api/v1/organizer/export/scores.csv?campaign=" (chosen.id) } { (lang.t("Last ned som CSV", "Download as CSV")) } " · "
            a href={ "/console/reports?campaign=" (chosen.id) } { (lang.t("Alle selskapenes rapporter i ett dokument", "Every company's report in one document")) }
        }
        p.muted { (lang.t(
            "Kun godkjente evalueringer teller. Totalt: en kontakt ingen svarte på teller 0. Kun besvarte: bare kontakter som ble besvart. Kundebehandleren: bare kundebehandlerens egne områder. Plassene avgjøres på hundredeler: lik score med to desimaler gir delt plass. Intervallet er plassene selskapet får i 95 % av trekningene på nytt fra egne kontakter (bootstrap): plasser innenfor samme intervall er innenfor støyen.",
            "Only approved evaluations count. Total: a contact nobody answered counts 0. Answered only: answered contacts alone. The agent: the agent's own areas alone. Places are decided by hundredths: equal scores to two decimals share a place. The interval is the places the company takes in 95 % of redraws from its own contacts (bootstrap): places within one interval are within noise.")) }
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
                    thead { tr {
                        th { (lang.t("Plass", "Place")) } th { (lang.t("Selskap", "Company")) } th { (score_name(result.by, lang)) }
                        th { (lang.t("Evalueringer", "Evaluations")) } th { (lang.t("Intervall", "Interval")) }
                        @for kind in ScoreKind::ALL { @if kind != result.by { th { (score_name(kind, lang)) } } }
                        th { "NPS" } th { (lang.t("Ikke besvart", "Not answered")) }
                    } }
                    tbody {
                        @for line in &class.ranking {
                            tr data-ranked=(line.ranked) {
                                td { @match (line.rank, line.tied) {
                                    (Some(rank), true) => span.tie title=(lang.t("Delt plass", "Shared place")) { (rank) "=" },
                                    (Some(rank), false) => (rank),
                                    (None, _) => "–",
                                } }
                                td { a href={ "/console/companies/" (line.company_id) "/report" } { (line.company) } }
                                td { (score(line.percent, lang)) }
                                td { (line.evaluations) }
                                td { @match (&line.rank_interval, line.ranked || line.percent.is_none()) {
                                    (Some(interval), _) => (interval),
                                    (None, false) => span.muted title=(lang.t("For få godkjente kontakter til å få plass", "Too few approved contacts for a place")) { (lang.t("ikke rangert", "not ranked")) },
                                    (None, true) => "–",
                                } }
                                @for kind in ScoreKind::ALL { @if kind != result.by {
                                    td { (score(match kind { ScoreKind::Total => line.scores.total, ScoreKind::Answered => line.scores.answered, ScoreKind::Agent => line.scores.agent }, lang)) }
                                } }
                                td { (nps(line.scores.nps.map(|n| n.score), lang)) }
                                td { (line.scores.not_reached) }
                            }
                        }
                        @if class.ranking.is_empty() { (empty_row(9, lang.t("Ingen selskaper i klassen.", "No companies in the class."))) }
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
