//! A company's report, to print and send to the company: its score in its campaign, each performance against
//! the class average and against the same organisation's previous wave (the same question ids), the strongest
//! and weakest performances, as a chart.

use axum::extract::{Path, State};
use maud::{html, Markup};
use shopper_domain::results::{
    company_results, performance_profile, PerformanceFigure, ScoreKind, Scores,
};

use super::format::{nps, percent, score};
use super::ConsoleViewer;
use super::{Lang, OrPage, Page, PageResult};
use crate::error::{Error, Reason};
use crate::http::AppState;
use crate::rankings;

const ROW: usize = 26;
const LABEL: usize = 470;
const BAR: f64 = 300.0;

/// One bar per performance: the company's percent as a bar, the class average as a line across it.
fn chart(rows: &[(&str, &PerformanceFigure)], lang: Lang) -> Markup {
    let height = rows.len() * ROW + 24;
    let width = LABEL + BAR as usize + 60;
    let legend_y = rows.len() * ROW + 16;
    html! {
        svg role="img" aria-label=(lang.t("Prestasjoner mot klassesnittet", "Performances against the class average"))
            width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } xmlns="http://www.w3.org/2000/svg"
            font-size="12" font-family="system-ui, sans-serif" {
            @for (index, (label, figure)) in rows.iter().enumerate() {
                @let y = index * ROW;
                @let mine = figure.company.map_or(0.0, |f| f.percent);
                // Long labels are cut to fit; the table below has them whole.
                @let label: String = if label.chars().count() > 75 { label.chars().take(74).chain(['…']).collect() } else { label.to_string() };
                text x=(LABEL - 8) y=(y + 13) text-anchor="end" { (label) }
                rect x=(LABEL) y=(y) width=(format!("{:.1}", BAR * mine / 100.0)) height="18" fill="#0b5d4b" { title { (format!("{mine:.1} %")) } }
                text x=(format!("{:.1}", LABEL as f64 + BAR * mine / 100.0 + 4.0)) y=(y + 13) { (format!("{mine:.0} %")) }
                @if let Some(average) = figure.class_average {
                    @let x = format!("{:.1}", LABEL as f64 + BAR * average / 100.0);
                    line x1=(x) x2=(x) y1=(y.saturating_sub(2)) y2=(y + 20) stroke="#b26a00" stroke-width="3" {
                        title { (lang.t("Klassesnitt", "Class average")) " " (percent(Some(average), lang)) }
                    }
                }
            }
            rect x=(LABEL) y=(legend_y - 9) width="12" height="10" fill="#0b5d4b" {}
            text x=(LABEL + 16) y=(legend_y) { (lang.t("Selskapet", "The company")) }
            rect x=(LABEL + 100) y=(legend_y - 9) width="3" height="10" fill="#b26a00" {}
            text x=(LABEL + 108) y=(legend_y) { (lang.t("Klassesnitt", "Class average")) }
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Path(company_id): Path<String>,
) -> PageResult {
    let lang = Lang::of(&account);
    let found = state
        .store
        .company_and_class(&company_id)
        .await
        .or_page(&account)?;
    let Some((name, class, class_ids)) = found else {
        let error = Error::NotFound(Reason::Row(crate::error::RowProblem::NoCompany(company_id)));
        return Err(Page::failed(&account, error));
    };
    let title = format!("{} {name}", lang.t("Rapport:", "Report:"));
    let campaign_id = state
        .store
        .campaign_of_company(&company_id)
        .await
        .or_page(&account)?
        .unwrap_or_default();
    let (in_class, questionnaire) =
        rankings::approved_in_class(&state.store, &campaign_id, &class_ids)
            .await
            .or_page(&account)?;
    // The previous wave: the organisation's participation in the campaign before, its evaluations counted as
    // this company's (below, by this wave's question ids) so the figures line up question by question.
    let previous_wave = state
        .store
        .previous_participation(&company_id)
        .await
        .or_page(&account)?;
    let mut previous = Vec::new();
    if let Some((previous_id, _)) = &previous_wave {
        let previous_campaign = state
            .store
            .campaign_of_company(previous_id)
            .await
            .or_page(&account)?
            .unwrap_or_default();
        let (earlier, _) = rankings::approved_in_class(
            &state.store,
            &previous_campaign,
            std::slice::from_ref(previous_id),
        )
        .await
        .or_page(&account)?;
        previous = earlier
            .into_iter()
            .filter(|e| &e.company_id == previous_id)
            .collect();
    }
    // Labels and order from the newest questionnaire version in use.
    let Some(questionnaire) = questionnaire else {
        let content = html! { p data-testid="empty" { (lang.t("Ingen godkjente evalueringer ennå.", "No approved evaluations yet.")) } };
        return Ok(Page::ok(&account, &title, content));
    };
    let question_ids: Vec<String> = questionnaire.questions().map(|q| q.id.clone()).collect();
    let previous = crate::campaign::as_this_wave(previous, &questionnaire, &company_id);
    let profile = performance_profile(&question_ids, &company_id, &class_ids, &in_class, &previous);
    let previous_scores = company_results(&previous)
        .get(&company_id)
        .map(|r| r.overall.clone())
        .unwrap_or_default();
    let previous_overall = previous_scores.total;
    let measured: Vec<(String, &PerformanceFigure)> = profile
        .iter()
        .filter(|f| f.company.is_some())
        .map(|f| {
            let label = questionnaire
                .question(&f.question_id)
                .map_or(f.question_id.clone(), |q| {
                    q.label.get(lang.code()).to_owned()
                });
            (label, f)
        })
        .collect();
    let results = company_results(&in_class);
    let scores = results
        .get(&company_id)
        .map(|r| r.overall.clone())
        .unwrap_or_default();
    // The class's figure of a score or area: the mean of its companies' figures, each counting once.
    let class_mean = |figure: &dyn Fn(&Scores) -> Option<f64>| {
        let values: Vec<f64> = results
            .values()
            .filter_map(|r| figure(&r.overall))
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let three = [
        (
            "overall",
            lang.t("Totalt (ubesvart = 0)", "Total (unanswered = 0)"),
            ScoreKind::Total,
        ),
        (
            "answered",
            lang.t("Kun besvarte kontakter", "Answered contacts only"),
            ScoreKind::Answered,
        ),
        (
            "agent",
            lang.t("Kundebehandleren", "The agent"),
            ScoreKind::Agent,
        ),
    ];
    let mut ranked: Vec<&(String, &PerformanceFigure)> = measured.iter().collect();
    let mine = |x: &(String, &PerformanceFigure)| x.1.company.map_or(0.0, |f| f.percent);
    ranked.sort_by(|a, b| mine(b).total_cmp(&mine(a)));
    let strongest = &ranked[..ranked.len().min(3)];
    let weakest: Vec<_> = ranked.iter().rev().take(3).copied().collect();
    let chart_rows: Vec<(&str, &PerformanceFigure)> =
        measured.iter().map(|(l, f)| (l.as_str(), *f)).collect();
    let list = |items: &[&(String, &PerformanceFigure)]| {
        html! {
            @for (label, figure) in items { li { (label) " – " (percent(figure.company.map(|c| c.percent), lang)) } }
        }
    };
    let content = html! {
        p { (class) " · " (scores.contacts) " " (lang.t("godkjente kontakter, av dem", "approved contacts, of them")) " "
            span data-testid="not-reached" { (scores.not_reached) } " " (lang.t("ikke besvart.", "not answered.")) }
        table data-testid="scores" {
            thead { tr { th { (lang.t("Score", "Score")) } th { (lang.t("Selskapet", "The company")) } th { (lang.t("Klassesnitt", "Class average")) } th { (lang.t("Forrige runde", "Previous wave")) } th { (lang.t("Kontakter", "Contacts")) } } }
            tbody {
                @for (id, label, kind) in three {
                    @let mine = scores.figure(kind);
                    tr { td { (label) } td data-testid=(id) { (score(mine.map(|f| f.percent), lang)) }
                         td { (score(class_mean(&|s: &Scores| s.figure(kind).map(|f| f.percent)), lang)) }
                         td data-testid={ (id) "-previous" } { (score(previous_scores.figure(kind).map(|f| f.percent), lang)) }
                         td { (mine.map_or(0, |f| f.evaluations)) } }
                }
                tr { td { "NPS" } td data-testid="nps" { (nps(scores.nps.map(|n| n.score), lang)) @if let Some(n) = scores.nps { " (n = " (n.n) ")" } }
                     td { (nps(class_mean(&|s: &Scores| s.nps.map(|n| n.score)), lang)) }
                     td { (nps(previous_scores.nps.map(|n| n.score), lang)) } td { (scores.nps.map_or(0, |n| n.n)) } }
            }
        }
        p.muted { (lang.t("NPS er andelen som anbefaler (9–10) minus andelen som ikke gjør det (0–6), og står ved siden av scoren, ikke i den.",
            "NPS is the share of promoters (9–10) minus the share of detractors (0–6), shown beside the score, not inside it.")) }
        @if !questionnaire.areas.is_empty() {
            h2 { (lang.t("Prestasjonsområder", "Performance areas")) }
            table data-testid="areas" {
                thead { tr { th { (lang.t("Område", "Area")) } th { (lang.t("Vekt", "Weight")) } th { (lang.t("Selskapet", "The company")) } th { (lang.t("Klassesnitt", "Class average")) } } }
                tbody {
                    @for area in &questionnaire.areas {
                        tr data-area=(area.id) {
                            td { (area.title.get(lang.code())) @if area.agent { " · " (lang.t("kundebehandleren", "the agent")) } }
                            td { (area.weight) " %" }
                            td { (percent(scores.areas.get(&area.id).map(|f| f.percent), lang)) }
                            td { (percent(class_mean(&|s: &Scores| s.areas.get(&area.id).map(|f| f.percent)), lang)) }
                        }
                    }
                }
            }
        }
        @if let Some((_, wave)) = &previous_wave {
            p data-testid="previous-wave" { (lang.t("Forrige runde", "Previous wave")) " (" (wave) "): "
                strong data-testid="previous-overall" { (score(previous_overall.map(|o| o.percent), lang)) }
                " " (lang.t("av", "from")) " " (previous_overall.map_or(0, |o| o.evaluations)) " " (lang.t("godkjente evalueringer.", "approved evaluations.")) }
        }
        p.no-print.muted { (lang.t("Skriv ut eller lagre som PDF (Ctrl+P). Siden er tilpasset A4.", "Print or save as PDF (Ctrl+P). The page is made for A4.")) }
        h2 { (lang.t("Sterkest", "Strongest")) } ol data-testid="strongest" { (list(strongest)) }
        h2 { (lang.t("Mest å trene på", "Most to work on")) } ol data-testid="weakest" { (list(&weakest)) }
        h2 { (lang.t("Prestasjonene mot klassen", "The performances against the class")) }
        figure data-testid="chart" { (chart(&chart_rows, lang)) }
        table {
            thead { tr { th { (lang.t("Prestasjon", "Performance")) } th { (lang.t("Selskapet", "The company")) } th { (lang.t("Klassesnitt", "Class average")) } th { (lang.t("Forrige runde", "Previous wave")) } th { (lang.t("Evalueringer", "Evaluations")) } } }
            tbody {
                @for (label, f) in &measured {
                    tr data-question=(f.question_id) { td { (label) } td { (percent(f.company.map(|c| c.percent), lang)) } td { (percent(f.class_average, lang)) }
                         td data-testid="previous" { (percent(f.previous.map(|p| p.percent), lang)) } td { (f.company.map_or(0, |c| c.evaluations)) } }
                }
            }
        }
    };
    Ok(Page::ok(&account, &title, content))
}
