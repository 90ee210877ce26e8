//! The portal's pages: the overview with the trend across waves, a wave's report (printable, the same as the
//! organizer's but with the class table as the campaign decides), every contact of a wave, and its CSV. Each
//! page of a wave first asks `portal::own_participation`: another company's id is not found.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;
use shopper_domain::results::ScoreKind;

use super::{lang_of, layout, AsParticipant, OrPortal, PortalResult};
use crate::http::console::attachments::gallery;
use crate::http::console::evaluation::answer_text;
use crate::http::console::format::{date_text, duration, nps, score, today_in_oslo};
use crate::http::console::report::{place_text, print_style, report_body};
use crate::http::console::Lang;
use crate::http::layers::attachment_response;
use crate::http::AppState;
use crate::portal;
use crate::reports::{self, Reader};

pub async fn overview(
    State(state): State<AppState>,
    AsParticipant(participant): AsParticipant,
) -> PortalResult {
    let lang = lang_of(&participant);
    let waves = portal::trend(&state.store, &participant)
        .await
        .or_portal(&participant)?;
    let content = html! {
        @if waves.is_empty() {
            p data-testid="empty" { (lang.t("Selskapet har ikke deltatt i noen runde ennå.", "The company has not taken part in any wave yet.")) }
        } @else {
            h2 { (lang.t("Utviklingen over rundene", "The trend across waves")) }
            table data-testid="trend" {
                thead { tr {
                    th { (lang.t("Runde", "Wave")) } th { (lang.t("Plass", "Place")) }
                    th.number { (lang.t("Totalt", "Total")) } th.number { (lang.t("Kun besvarte", "Answered only")) }
                    th.number { (lang.t("Kundebehandleren", "The agent")) } th.number { "NPS" } th.number { (lang.t("Kontakter", "Contacts")) }
                } }
                tbody {
                    @for wave in waves.iter().rev() {
                        @let r = &wave.report;
                        tr data-company=(wave.participation.company_id) {
                            td { a href={ "/portal/companies/" (wave.participation.company_id) } { (wave.participation.campaign) } }
                            td { (place_text(r, lang)) }
                            td.number { (score(r.scores.figure(ScoreKind::Total).map(|f| f.percent), lang)) }
                            td.number { (score(r.scores.figure(ScoreKind::Answered).map(|f| f.percent), lang)) }
                            td.number { (score(r.scores.figure(ScoreKind::Agent).map(|f| f.percent), lang)) }
                            td.number { (nps(r.scores.nps.map(|n| n.score), lang)) @if let Some(n) = r.scores.nps { " (n = " (n.n) ")" } }
                            td.number { (r.scores.contacts) }
                        }
                    }
                }
            }
            h2 { (lang.t("Rundene", "The waves")) }
            ul {
                @for wave in waves.iter().rev() {
                    @let id = &wave.participation.company_id;
                    li { strong { (wave.participation.campaign) } " – "
                        a href={ "/portal/companies/" (id) } { (lang.t("rapporten", "the report")) } " · "
                        a href={ "/portal/companies/" (id) "/contacts" } { (lang.t("alle kontaktene", "every contact")) } " · "
                        a href={ "/portal/companies/" (id) "/scores.csv" } { (lang.t("kontaktene som CSV", "the contacts as CSV")) } }
                }
            }
        }
    };
    Ok(layout(
        Some(&participant),
        lang,
        &participant.organisation,
        content,
    ))
}

pub async fn report(
    State(state): State<AppState>,
    AsParticipant(participant): AsParticipant,
    Path(company_id): Path<String>,
) -> PortalResult {
    let lang = lang_of(&participant);
    let participation = portal::own_participation(&state.store, &participant, &company_id)
        .await
        .or_portal(&participant)?;
    let report =
        reports::company_report(&state.store, &participation.company_id, Reader::Participant)
            .await
            .or_portal(&participant)?;
    let day = today_in_oslo();
    let title = format!("{} {}", lang.t("Rapport:", "Report:"), report.company);
    let content = html! {
        (print_style(&[&report], lang, &day))
        p.no-print {
            a href={ "/portal/companies/" (company_id) "/contacts" } { (lang.t("Alle kontaktene", "Every contact")) } " · "
            a href={ "/portal/companies/" (company_id) "/scores.csv" } { (lang.t("Kontaktene som CSV", "The contacts as CSV")) }
        }
        (report_body(&report, lang, &day, 0))
    };
    Ok(layout(Some(&participant), lang, &title, content))
}

fn channel_text(lang: Lang, channel: shopper_domain::Channel) -> &'static str {
    lang.channel(channel)
}

pub async fn contacts(
    State(state): State<AppState>,
    AsParticipant(participant): AsParticipant,
    Path(company_id): Path<String>,
) -> PortalResult {
    let lang = lang_of(&participant);
    let participation = portal::own_participation(&state.store, &participant, &company_id)
        .await
        .or_portal(&participant)?;
    let contacts = portal::contacts(&state.store, &participation)
        .await
        .or_portal(&participant)?;
    let title = format!(
        "{} {} – {}",
        lang.t("Kontaktene:", "The contacts:"),
        participation.company,
        participation.campaign
    );
    let seconds = |s: Option<i64>| s.map_or("–".to_owned(), |s| duration(s, lang));
    let mut files = Vec::with_capacity(contacts.len());
    if crate::attachments::shown_to_participants(&state.store, &participation.campaign_id)
        .await
        .or_portal(&participant)?
    {
        for contact in &contacts {
            files.push(
                crate::attachments::shown(&state.blobs, &contact.content.attachments)
                    .await
                    .or_portal(&participant)?,
            );
        }
    }
    let none = Vec::new();
    let content = html! {
        p { (contacts.len()) " " (lang.t("godkjente kontakter.", "approved contacts.")) " "
            a.no-print href={ "/portal/companies/" (company_id) "/scores.csv" } { (lang.t("Last ned som CSV", "Download as CSV")) } }
        @for (index, contact) in contacts.iter().enumerate() {
            @let shown = files.get(index).unwrap_or(&none);
            @let href = |sha256: &str| format!("/portal/companies/{company_id}/contacts/{}/attachments/{sha256}", contact.evaluation_id);
            section.contact data-testid="contact" {
                h2 { (lang.t("Kontakt", "Contact")) " " (index + 1) ": " (date_text(&contact.day, lang)) " · " (channel_text(lang, contact.content.channel)) }
                p {
                    (lang.t("Ventetid", "Waiting time")) ": " span data-testid="waiting" { (seconds(contact.waiting_seconds)) } " · "
                    (lang.t("Samtaletid", "Talk time")) ": " span data-testid="talk" { (seconds(contact.talk_seconds)) } " · "
                    (lang.t("Totalt", "Total")) ": " (score(contact.score.as_ref().and_then(|s| s.score.total), lang))
                }
                @if !contact.content.notes.trim().is_empty() {
                    p data-testid="comments" { strong { (lang.t("Shopperens kommentarer", "The shopper's comments")) ": " } (contact.content.notes) }
                }
                @if !shown.is_empty() {
                    h3 { (lang.t("Vedlegg", "Attachments")) }
                    (gallery(lang, shown, &|_| true, &href))
                }
                table {
                    thead { tr { th { (lang.t("Spørsmål", "Question")) } th { (lang.t("Svar", "Answer")) } } }
                    tbody {
                        @for question in contact.questionnaire.questions() {
                            @if let Some(answer) = contact.content.answers.get(&question.id) {
                                tr data-answer-id=(question.id) {
                                    td { (question.label.get(lang.code())) }
                                    td { (answer_text(question, answer, lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(Some(&participant), lang, &title, content))
}

/// A file of one of the company's own approved contacts, when the campaign shows attachments to participants.
pub async fn attachment(
    State(state): State<AppState>,
    AsParticipant(participant): AsParticipant,
    Path((company_id, evaluation_id, sha256)): Path<(String, String, String)>,
) -> PortalResult<Response> {
    let participation = portal::own_participation(&state.store, &participant, &company_id)
        .await
        .or_portal(&participant)?;
    let served = crate::attachments::for_participant(
        &state.store,
        &state.blobs,
        &participation,
        &evaluation_id,
        &sha256,
    )
    .await
    .or_portal(&participant)?;
    Ok(attachment_response(served))
}

pub async fn csv(
    State(state): State<AppState>,
    AsParticipant(participant): AsParticipant,
    Path(company_id): Path<String>,
) -> PortalResult<Response> {
    let participation = portal::own_participation(&state.store, &participant, &company_id)
        .await
        .or_portal(&participant)?;
    let text = portal::contacts_csv(&state.store, &participation, &participant.language)
        .await
        .or_portal(&participant)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"contacts.csv\"".to_owned(),
            ),
        ],
        text,
    )
        .into_response())
}
