//! A company's report, to print and send to the company: its score, each performance against the class
//! average (and the previous wave where there is one), the strongest and weakest performances, as SVG charts.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use shopper_domain::results::{company_results, performance_profile, PerformanceFigure};
use shopper_domain::Questionnaire;

use super::{esc, ConsoleUser, Page};
use crate::accounts::Role;
use crate::rankings;
use crate::AppState;

/// One bar per performance: the company's percent as a bar, the class average as a line across it.
fn chart(rows: &[(&str, &PerformanceFigure)]) -> String {
    const ROW: usize = 26;
    const LABEL: usize = 470;
    const BAR: f64 = 300.0;
    let height = rows.len() * ROW + 24;
    let mut svg = format!(
        r#"<svg role="img" aria-label="Prestasjoner mot klassesnittet" width="{w}" height="{height}" viewBox="0 0 {w} {height}" xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="system-ui, sans-serif">"#,
        w = LABEL + BAR as usize + 60
    );
    for (index, (label, figure)) in rows.iter().enumerate() {
        let y = index * ROW;
        let mine = figure.company.map_or(0.0, |f| f.percent);
        // Long labels are cut to fit; the table below has them whole.
        let label: String = if label.chars().count() > 75 {
            label.chars().take(74).chain(['…']).collect()
        } else {
            label.to_string()
        };
        svg.push_str(&format!(
            r##"<text x="{tx}" y="{ty}" text-anchor="end">{label}</text><rect x="{LABEL}" y="{y}" width="{width:.1}" height="18" fill="#0b5d4b"><title>{mine:.1} %</title></rect><text x="{vx:.1}" y="{ty}">{mine:.0} %</text>"##,
            tx = LABEL - 8,
            ty = y + 13,
            label = esc(&label),
            width = BAR * mine / 100.0,
            vx = LABEL as f64 + BAR * mine / 100.0 + 4.0,
        ));
        if let Some(average) = figure.class_average {
            let x = LABEL as f64 + BAR * average / 100.0;
            svg.push_str(&format!(
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="{y1}" y2="{y2}" stroke="#b26a00" stroke-width="3"><title>Klassesnitt {average:.1} %</title></line>"##,
                y1 = y.saturating_sub(2),
                y2 = y + 20
            ));
        }
    }
    let legend_y = rows.len() * ROW + 16;
    svg.push_str(&format!(
        r##"<rect x="{LABEL}" y="{ly}" width="12" height="10" fill="#0b5d4b"/><text x="{a}" y="{t}">Selskapet</text><rect x="{b}" y="{ly}" width="3" height="10" fill="#b26a00"/><text x="{c}" y="{t}">Klassesnitt</text></svg>"##,
        ly = legend_y - 9,
        t = legend_y,
        a = LABEL + 16,
        b = LABEL + 100,
        c = LABEL + 108
    ));
    svg
}

fn pct(value: Option<f64>) -> String {
    value.map_or("–".into(), |p| format!("{p:.1} %").replace('.', ","))
}

pub async fn company_report(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(company_id): Path<String>,
) -> Result<Page, Page> {
    let account = user.require(Role::Viewer)?;
    let company: Option<(String, String, String)> = sqlx::query_as(
        "SELECT co.name, cl.id, cl.name FROM companies co JOIN classes cl ON cl.id = co.class_id WHERE co.id = $1",
    )
    .bind(&company_id)
    .fetch_optional(&state.db)
    .await
    .map_err(crate::error::ApiError::from)?;
    let Some((name, class_id, class)) = company else {
        return Err(Page::error(
            Some(account),
            StatusCode::NOT_FOUND,
            "Fant ikke selskapet.",
        ));
    };
    let class_ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM companies WHERE class_id = $1")
        .bind(&class_id)
        .fetch_all(&state.db)
        .await
        .map_err(crate::error::ApiError::from)?;
    let class_ids: Vec<String> = class_ids.into_iter().map(|(id,)| id).collect();
    let (scored, questionnaires) = rankings::approved(&state.db, None).await?;
    let in_class: Vec<_> = scored
        .into_iter()
        .filter(|e| class_ids.contains(&e.company_id))
        .collect();
    // Labels and order from the newest questionnaire version in use.
    let Some(questionnaire) = questionnaires.iter().max_by_key(|q| q.version) else {
        let body = "<p>Ingen godkjente evalueringer ennå.</p>";
        return Ok(Page::ok(Some(account), &format!("Rapport: {name}"), body));
    };
    let question_ids: Vec<String> = questionnaire.questions().map(|q| q.id.clone()).collect();
    // No earlier wave is stored yet, so the previous-wave column stays empty.
    let profile = performance_profile(&question_ids, &company_id, &class_ids, &in_class, &[]);
    let label =
        |q: &Questionnaire, id: &str| q.question(id).map_or(id.to_owned(), |q| q.label.nb.clone());
    let measured: Vec<(String, &PerformanceFigure)> = profile
        .iter()
        .filter(|f| f.company.is_some())
        .map(|f| (label(questionnaire, &f.question_id), f))
        .collect();
    let results = company_results(&in_class);
    let overall = results.get(&company_id).map(|r| r.overall);
    let mut ranked: Vec<&(String, &PerformanceFigure)> = measured.iter().collect();
    ranked.sort_by(|a, b| {
        let p = |x: &(String, &PerformanceFigure)| x.1.company.map_or(0.0, |f| f.percent);
        p(b).total_cmp(&p(a))
    });
    let list = |items: &[&(String, &PerformanceFigure)]| {
        items
            .iter()
            .map(|(label, f)| {
                format!(
                    "<li>{} – {}</li>",
                    esc(label),
                    pct(f.company.map(|c| c.percent))
                )
            })
            .collect::<String>()
    };
    let strongest = list(&ranked[..ranked.len().min(3)]);
    let weakest = list(&ranked.iter().rev().take(3).copied().collect::<Vec<_>>());
    let rows: String = measured
        .iter()
        .map(|(label, f)| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(label),
                pct(f.company.map(|c| c.percent)),
                pct(f.class_average),
                pct(f.previous.map(|p| p.percent)),
                f.company.map_or(0, |c| c.evaluations)
            )
        })
        .collect();
    let chart_rows: Vec<(&str, &PerformanceFigure)> =
        measured.iter().map(|(l, f)| (l.as_str(), *f)).collect();
    let body = format!(
        r#"<p>{class} · samlet score <strong data-testid="overall">{score}</strong> av {n} godkjente evalueringer.</p>
<p class="no-print muted">Skriv ut eller lagre som PDF med nettleserens utskrift: sida er laget for papir.</p>
<h2>Sterkest</h2><ol data-testid="strongest">{strongest}</ol><h2>Mest å trene på</h2><ol data-testid="weakest">{weakest}</ol>
<h2>Prestasjonene mot klassen</h2><figure data-testid="chart">{chart}</figure>
<table><thead><tr><th>Prestasjon</th><th>Selskapet</th><th>Klassesnitt</th><th>Forrige runde</th><th>Evalueringer</th></tr></thead><tbody>{rows}</tbody></table>"#,
        class = esc(&class),
        score = pct(overall.map(|o| o.percent)),
        n = overall.map_or(0, |o| o.evaluations),
        chart = chart(&chart_rows),
    );
    Ok(Page::ok(Some(account), &format!("Rapport: {name}"), &body))
}
