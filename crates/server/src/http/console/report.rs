//! A company's report, to print and send to the company: its place in the class, its scores in its campaign,
//! each performance (by its report label) against the class average and against the same organisation's
//! previous wave, the strongest and weakest performances with their ties named, as a chart and a table. The
//! figures are `reports::company_report`'s; this file only lays them out, for the screen and for A4 (margins,
//! a header with campaign, company and date, page numbers, rows kept whole). The same markup serves the
//! console, the participant's portal and the document with every company of a campaign.

use axum::extract::{Path, Query, State};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;
use shopper_domain::results::{ScoreKind, Tier};

use super::format::{date_text, nps, percent, score};
use super::{ConsoleViewer, Lang, OrPage, Page, PageResult};
use crate::http::AppState;
use crate::reports::{self, CompanyReport, Performance, Reader};

/// Rows per chart block: a block is kept whole on a page, so a block no taller than a third of A4 leaves no
/// page near empty.
const CHART_BLOCK: usize = 14;
const ROW: usize = 24;
const LABEL: f64 = 250.0;
const BAR: f64 = 300.0;
/// The performance table's last rows kept on one page with the row before them.
const TAIL_ROWS: usize = 10;
/// The longest label the chart draws whole; longer question texts (without a report label) are cut there.
const CHART_LABEL_CHARS: usize = 42;

/// "Ventetid – 100,0 %", "Ventetid og Hilsen på 100,0 %", "Ventetid og 9 andre på 100,0 %": a tier of
/// performances sharing one percent, named by the first and how many more.
pub fn tier_text(labels: &[&str], value: f64, lang: Lang) -> String {
    let shown = percent(Some(value), lang);
    match labels {
        [] => String::new(),
        [one] => format!("{one} – {shown}"),
        [first, second] => match lang {
            Lang::Nb => format!("{first} og {second} på {shown}"),
            Lang::En => format!("{first} and {second} at {shown}"),
        },
        [first, rest @ ..] => match lang {
            Lang::Nb => format!("{first} og {} andre på {shown}", rest.len()),
            Lang::En => format!("{first} and {} others at {shown}", rest.len()),
        },
    }
}

/// "2. plass av 11 i Bank" / "Place 2 of 11 in Bank"; a shared place says so.
pub fn place_text(report: &CompanyReport, lang: Lang) -> String {
    match &report.place {
        Some(place) => match (lang, place.tied) {
            (Lang::Nb, false) => {
                format!("{}. plass av {} i {}", place.rank, place.of, report.class)
            }
            (Lang::Nb, true) => format!(
                "Delt {}. plass av {} i {}",
                place.rank, place.of, report.class
            ),
            (Lang::En, false) => {
                format!("Place {} of {} in {}", place.rank, place.of, report.class)
            }
            (Lang::En, true) => format!(
                "Shared place {} of {} in {}",
                place.rank, place.of, report.class
            ),
        },
        None => match lang {
            Lang::Nb => format!("Ikke rangert ennå i {}", report.class),
            Lang::En => format!("Not ranked yet in {}", report.class),
        },
    }
}

/// A text as a CSS string (for the page header in `@page` rules): quoted, with every character that could
/// end the string or the style element written as a CSS escape.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() && c.is_ascii()
            || matches!(c, ' ' | '.' | ',' | '-' | '(' | ')' | ':')
        {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// The print rules: A4 with margins, page numbers at the foot, and for each report a named page whose header
/// gives its campaign, company and date (a new company starts a new page).
pub fn print_style(reports: &[&CompanyReport], lang: Lang, day: &str) -> Markup {
    let date = date_text(day, lang);
    let mut css = String::from(PRINT_STYLE);
    let (page, of) = match lang {
        Lang::Nb => ("Side", "av"),
        Lang::En => ("Page", "of"),
    };
    css.push_str(&format!(
        "@page {{ size: A4; margin: 20mm 16mm 18mm; @bottom-right {{ content: {} counter(page) {} counter(pages); font: 9pt system-ui, sans-serif; color: #444; }} }}\n",
        css_string(&format!("{page} ")),
        css_string(&format!(" {of} ")),
    ));
    for (index, report) in reports.iter().enumerate() {
        css.push_str(&format!(
            "@page report-{index} {{ @top-left {{ content: {}; font: 9pt system-ui, sans-serif; color: #444; }} @top-right {{ content: {}; font: 9pt system-ui, sans-serif; color: #444; }} }}\n",
            css_string(&format!("{} · {}", report.campaign, report.company)),
            css_string(&date),
        ));
    }
    // Markup the server made itself: every text in it went through `css_string`.
    html! { style { (PreEscaped(css)) } }
}

/// The report's own rules; in print, the performance table's last rows (`tr.tail`) go to a new page together,
/// so a company's last page is never a row or two.
const PRINT_STYLE: &str = r#"
.report .meta { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0 0 0.75rem; }
.report .place { font-size: 1.25rem; font-weight: 600; margin: 0.25rem 0 0.75rem; }
.report .own { font-weight: 600; background: rgba(11, 93, 75, 0.1); }
.report td.number, .report th.number { text-align: right; white-space: nowrap; }
.report .chart svg { display: block; max-width: 100%; height: auto; }
.report .chart { margin: 0 0 0.5rem; }
@media print {
  body { font-size: 10pt; }
  main > h1 { display: none; }
  .report { break-before: page; }
  .report:first-of-type { break-before: auto; }
  .report h1, .report h2 { break-after: avoid; }
  .report h2 { margin: 0.8rem 0 0.3rem; }
  .report table { margin: 0.3rem 0 0.8rem; }
  .report tr, .report .chart, .report li, .report .keep { break-inside: avoid; }
  .report tr.tail { break-before: avoid; }
  .report th, .report td { padding: 0.15rem 0.4rem; }
}
"#;

/// One block of the chart: a bar per performance with its label beside it, the value in a column of its own,
/// and the class average as a marker on the bar with its value beside the company's.
fn chart_block(rows: &[&Performance], lang: Lang) -> Markup {
    let value_x = LABEL + BAR + 10.0;
    let width = value_x + 150.0;
    let height = rows.len() * ROW + 4;
    html! {
        svg role="img" aria-label=(lang.t("Prestasjoner mot klassesnittet", "Performances against the class average"))
            width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } xmlns="http://www.w3.org/2000/svg"
            font-size="12" font-family="system-ui, sans-serif" {
            @for (index, performance) in rows.iter().enumerate() {
                @let y = (index * ROW + 2) as f64;
                @let figure = &performance.figure;
                @let mine = figure.company.map_or(0.0, |f| f.percent);
                @let label = performance.label.get(lang.code());
                @let label: String = if label.chars().count() > CHART_LABEL_CHARS { label.chars().take(CHART_LABEL_CHARS - 1).chain(['…']).collect() } else { label.to_owned() };
                text x=(LABEL - 8.0) y=(y + 13.0) text-anchor="end" { (label) }
                rect x=(LABEL) y=(y + 2.0) width=(BAR) height="14" fill="#e8eeec" {}
                rect x=(LABEL) y=(y + 2.0) width=(format!("{:.1}", BAR * mine / 100.0)) height="14" fill="#0b5d4b" {}
                @if let Some(average) = figure.class_average {
                    @let x = LABEL + BAR * average / 100.0;
                    // A diamond on the bar: visible on the company's colour and on the empty track alike.
                    path d=(format!("M{:.1} {:.1} l5 7 l-5 7 l-5 -7 z", x, y + 2.0)) fill="#f0a030" stroke="#5a3300" stroke-width="1" {}
                }
                text x=(value_x) y=(y + 13.0) font-weight="600" { (percent(Some(mine), lang)) }
                text x=(value_x + 62.0) y=(y + 13.0) fill="#5a3300" {
                    (lang.t("snitt", "avg.")) " " (percent(figure.class_average, lang))
                }
            }
        }
    }
}

fn legend(lang: Lang) -> Markup {
    html! {
        p.muted.legend {
            svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" { rect width="12" height="12" fill="#0b5d4b" {} }
            " " (lang.t("Selskapet", "The company")) "   "
            svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" { path d="M6 0 l5 7 l-5 7 l-5 -7 z" fill="#f0a030" stroke="#5a3300" {} }
            " " (lang.t("Klassesnittet (snitt)", "The class average (avg.)"))
        }
    }
}

fn tiers(report: &CompanyReport, tiers: &[Tier], lang: Lang) -> Markup {
    html! {
        @for tier in tiers {
            @let labels: Vec<&str> = tier.members.iter().map(|&i| report.performances[i].label.get(lang.code())).collect();
            li { (tier_text(&labels, tier.percent, lang))
                @if labels.len() > 2 { br; span.muted { (labels.join(", ")) } } }
        }
    }
}

/// The report of one company: `index` names its print page (its header).
pub fn report_body(report: &CompanyReport, lang: Lang, day: &str, index: usize) -> Markup {
    let scores = &report.scores;
    let previous = &report.previous_scores;
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
    let measured: Vec<&Performance> = report.performances.iter().collect();
    html! {
        article.report style=(format!("page: report-{index}")) data-testid="report" data-company=(report.company_id) {
            h2.company data-testid="company" { (report.company) }
            p.meta {
                span data-testid="campaign" { (report.campaign) }
                span { (report.class) }
                span { (date_text(day, lang)) }
            }
            p.place data-testid="place" { (place_text(report, lang)) }
            p { (scores.contacts) " " (lang.t("godkjente kontakter, av dem", "approved contacts, of them")) " "
                span data-testid="not-reached" { (scores.not_reached) } " " (lang.t("ikke besvart.", "not answered.")) }
            @if report.questionnaire.is_none() {
                p data-testid="empty" { (lang.t("Ingen godkjente evalueringer ennå.", "No approved evaluations yet.")) }
            } @else {
                table data-testid="scores" {
                    thead { tr { th { (lang.t("Score", "Score")) } th.number { (lang.t("Selskapet", "The company")) } th.number { (lang.t("Klassesnitt", "Class average")) } th.number { (lang.t("Forrige runde", "Previous wave")) } th.number { (lang.t("Kontakter", "Contacts")) } } }
                    tbody {
                        @for (id, label, kind) in three {
                            @let mine = scores.figure(kind);
                            tr { td { (label) } td.number data-testid=(id) { (score(mine.map(|f| f.percent), lang)) }
                                 td.number { (score(report.class_means.figure(kind), lang)) }
                                 td.number data-testid={ (id) "-previous" } { (score(previous.figure(kind).map(|f| f.percent), lang)) }
                                 td.number { (mine.map_or(0, |f| f.evaluations)) } }
                        }
                        tr { td { "NPS" } td.number data-testid="nps" { (nps(scores.nps.map(|n| n.score), lang)) @if let Some(n) = scores.nps { " (n = " (n.n) ")" } }
                             td.number { (nps(report.class_means.nps, lang)) }
                             td.number { (nps(previous.nps.map(|n| n.score), lang)) } td.number { (scores.nps.map_or(0, |n| n.n)) } }
                    }
                }
                p.muted { (lang.t("NPS er andelen som anbefaler (9–10) minus andelen som ikke gjør det (0–6), og står ved siden av scoren, ikke i den.",
                    "NPS is the share of promoters (9–10) minus the share of detractors (0–6), shown beside the score, not inside it.")) }
                @if let Some(wave) = &report.previous_wave {
                    p data-testid="previous-wave" { (lang.t("Forrige runde", "Previous wave")) " (" (wave) "): "
                        strong data-testid="previous-overall" { (score(previous.total.map(|o| o.percent), lang)) }
                        " " (lang.t("av", "from")) " " (previous.total.map_or(0, |o| o.evaluations)) " " (lang.t("godkjente evalueringer.", "approved evaluations.")) }
                }
                @if let Some(questionnaire) = report.questionnaire.as_deref().filter(|q| !q.areas.is_empty()) {
                    h3 { (lang.t("Prestasjonsområder", "Performance areas")) }
                    table data-testid="areas" {
                        thead { tr { th { (lang.t("Område", "Area")) } th.number { (lang.t("Vekt", "Weight")) } th.number { (lang.t("Selskapet", "The company")) } th.number { (lang.t("Klassesnitt", "Class average")) } th.number { (lang.t("Forrige runde", "Previous wave")) } } }
                        tbody {
                            @for area in &questionnaire.areas {
                                tr data-area=(area.id) {
                                    td { (area.title.get(lang.code())) @if area.agent { " · " (lang.t("kundebehandleren", "the agent")) } }
                                    td.number { (area.weight) " %" }
                                    td.number { (percent(scores.areas.get(&area.id).map(|f| f.percent), lang)) }
                                    td.number { (percent(report.class_means.areas.get(&area.id).copied(), lang)) }
                                    td.number { (percent(previous.areas.get(&area.id).map(|f| f.percent), lang)) }
                                }
                            }
                        }
                    }
                }
                h3 { (lang.t("Klassen", "The class")) " " (report.class) }
                table data-testid="class-table" {
                    thead { tr { th.number { (lang.t("Plass", "Place")) } th { (lang.t("Selskap", "Company")) } th.number { (lang.t("Totalt", "Total")) } th.number { (lang.t("Kontakter", "Contacts")) } } }
                    tbody {
                        @for line in &report.class_table {
                            tr.own[line.own] data-testid=[line.own.then_some("own-line")] {
                                td.number { (line.rank.map_or("–".to_owned(), |r| r.to_string())) }
                                td { @match &line.company { Some(name) => (name), None => span.muted { (lang.t("Annen deltaker", "Another participant")) } } }
                                td.number { (score(line.total, lang)) }
                                td.number { (line.contacts) }
                            }
                        }
                    }
                }
                div.keep {
                    h3 { (lang.t("Sterkest", "Strongest")) } ol data-testid="strongest" { (tiers(report, &report.strongest, lang)) }
                }
                div.keep {
                    h3 { (lang.t("Mest å trene på", "Most to work on")) } ol data-testid="weakest" { (tiers(report, &report.weakest, lang)) }
                }
                p.no-print.muted { (lang.t("Skriv ut eller lagre som PDF (Ctrl+P). Siden er tilpasset A4.", "Print or save as PDF (Ctrl+P). The page is made for A4.")) }
                h3 { (lang.t("Prestasjonene mot klassen", "The performances against the class")) }
                (legend(lang))
                @for block in measured.chunks(CHART_BLOCK) {
                    figure.chart data-testid="chart" { (chart_block(block, lang)) }
                }
                table data-testid="performances" {
                    thead { tr { th { (lang.t("Prestasjon", "Performance")) } th.number { (lang.t("Selskapet", "The company")) } th.number { (lang.t("Klassesnitt", "Class average")) } th.number { (lang.t("Forrige runde", "Previous wave")) } th.number { (lang.t("Evalueringer", "Evaluations")) } } }
                    tbody {
                        @for (index, performance) in measured.iter().enumerate() {
                            @let f = &performance.figure;
                            tr.tail[index > 0 && index + TAIL_ROWS > measured.len()] data-question=(f.question_id) { td { (performance.label.get(lang.code())) } td.number { (percent(f.company.map(|c| c.percent), lang)) } td.number { (percent(f.class_average, lang)) }
                                 td.number data-testid="previous" { (percent(f.previous.map(|p| p.percent), lang)) } td.number { (f.company.map_or(0, |c| c.evaluations)) } }
                        }
                    }
                }
            }
        }
    }
}

/// Today in Oslo, `YYYY-MM-DD`: the date a report is made.
pub fn today() -> String {
    super::format::today_in_oslo()
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Path(company_id): Path<String>,
) -> PageResult {
    let lang = Lang::of(&account);
    let report = reports::company_report(&state.store, &company_id, Reader::Organizer)
        .await
        .or_page(&account)?;
    let title = format!("{} {}", lang.t("Rapport:", "Report:"), report.company);
    let day = today();
    let content = html! {
        (print_style(&[&report], lang, &day))
        p.no-print { a href={ "/console/reports?campaign=" (report.campaign_id) } { (lang.t("Alle selskapenes rapporter i ett dokument", "Every company's report in one document")) } }
        (report_body(&report, lang, &day, 0))
    };
    Ok(Page::ok(&account, &title, content))
}

#[derive(Debug, Deserialize)]
pub struct CampaignQuery {
    campaign: Option<String>,
}

/// One HTML document with every company's report of a campaign, a page break between them (each starts a
/// page with its own header), to print to PDF from the browser in one go.
pub async fn all(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Query(query): Query<CampaignQuery>,
) -> PageResult<Markup> {
    let lang = Lang::of(&account);
    let campaign = crate::campaign::chosen(&state.store, query.campaign.as_deref())
        .await
        .or_page(&account)?;
    let all = reports::campaign_reports(&state.store, &campaign.id)
        .await
        .or_page(&account)?;
    let title = format!(
        "{} – {}",
        campaign.name,
        lang.t("alle rapporter", "every report")
    );
    Ok(print_document(
        &title,
        lang,
        &all.iter().collect::<Vec<_>>(),
        &today(),
    ))
}

/// A document of its own (no console around it) with the reports, for printing.
pub fn print_document(title: &str, lang: Lang, reports: &[&CompanyReport], day: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (super::layout::STYLE) }
                (print_style(reports, lang, day))
            }
            body {
                main {
                    h1.no-print { (title) }
                    p.no-print.muted { (lang.t("Skriv ut eller lagre som PDF (Ctrl+P): hvert selskap begynner på en ny side.",
                        "Print or save as PDF (Ctrl+P): each company starts on a new page.")) }
                    @for (index, report) in reports.iter().enumerate() { (report_body(report, lang, day, index)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tier_is_named_by_its_first_performance_and_how_many_share_it() {
        assert_eq!(
            tier_text(&["Ventetid"], 100.0, Lang::Nb),
            "Ventetid – 100,0 %"
        );
        assert_eq!(
            tier_text(&["Ventetid", "Hilsen"], 87.5, Lang::Nb),
            "Ventetid og Hilsen på 87,5 %"
        );
        let ten = ["Ventetid", "a", "b", "c", "d", "e", "f", "g", "h", "i"];
        assert_eq!(
            tier_text(&ten, 100.0, Lang::Nb),
            "Ventetid og 9 andre på 100,0 %"
        );
        assert_eq!(
            tier_text(&ten, 100.0, Lang::En),
            "Ventetid and 9 others at 100.0 %"
        );
    }

    #[test]
    fn a_header_text_cannot_leave_its_css_string_or_the_style_element() {
        let written = css_string("H&M \"AS\" </style><script>");
        assert!(
            !written[1..written.len() - 1].contains(['"', '<', '>', '&']),
            "{written}"
        );
        assert_eq!(css_string("Bank 1, Møre"), "\"Bank 1, M\\f8 re\"");
    }
}
