//! A company's report, to print and send to the company: its score in its campaign, each performance against
//! the class average and against the same organisation's previous wave (the same question ids), the strongest
//! and weakest performances, as a chart.

use axum::extract::{Path, State};
use maud::{html, Markup};
use shopper_domain::results::{company_results, performance_profile, PerformanceFigure};

use super::format::percent;
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
    let (scored, questionnaires) = rankings::approved(&state.store, &campaign_id, None)
        .await
        .or_page(&account)?;
    // The previous wave: the organisation's participation in the campaign before, its evaluations counted as
    // this company's so the figures line up question by question.
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
        let (earlier, _) = rankings::approved(&state.store, &previous_campaign, None)
            .await
            .or_page(&account)?;
        previous = earlier
            .into_iter()
            .filter(|e| &e.company_id == previous_id)
            .map(|mut e| {
                e.company_id = company_id.clone();
                e
            })
            .collect();
    }
    let in_class: Vec<_> = scored
        .into_iter()
        .filter(|e| class_ids.contains(&e.company_id))
        .collect();
    // Labels and order from the newest questionnaire version in use.
    let Some(questionnaire) = questionnaires.iter().max_by_key(|q| q.version) else {
        let content = html! { p data-testid="empty" { (lang.t("Ingen godkjente evalueringer ennå.", "No approved evaluations yet.")) } };
        return Ok(Page::ok(&account, &title, content));
    };
    let question_ids: Vec<String> = questionnaire.questions().map(|q| q.id.clone()).collect();
    let profile = performance_profile(&question_ids, &company_id, &class_ids, &in_class, &previous);
    let previous_overall = company_results(&previous)
        .get(&company_id)
        .map(|r| r.overall);
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
    let overall = company_results(&in_class)
        .get(&company_id)
        .map(|r| r.overall);
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
        p { (class) " · " (lang.t("samlet score", "overall score")) " " strong data-testid="overall" { (percent(overall.map(|o| o.percent), lang)) }
            " " (lang.t("av", "from")) " " (overall.map_or(0, |o| o.evaluations)) " " (lang.t("godkjente evalueringer.", "approved evaluations.")) }
        @if let Some((_, wave)) = &previous_wave {
            p data-testid="previous-wave" { (lang.t("Forrige runde", "Previous wave")) " (" (wave) "): "
                strong data-testid="previous-overall" { (percent(previous_overall.map(|o| o.percent), lang)) }
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
