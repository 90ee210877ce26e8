//! The console's pages: log in, the review queue and one evaluation (approve or return with comments),
//! results per class, shoppers with one-time invites, campaign set-up, and the audit log.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use shopper_domain::contact::derived_seconds;
use shopper_domain::definition::{self, Format};
use shopper_domain::protocol::{ReviewComments, ReviewDecision, ReviewRequest, ReviewStatus};
use shopper_domain::questionnaire::Derived;
use shopper_domain::{visible, Answer, Channel, Question, QuestionKind};
use uuid::Uuid;

use super::{esc, ConsoleUser, Page};
use crate::accounts::{self, Role};
use crate::rankings::{self, RankingQuery};
use crate::{campaign, changes, shoppers, store, AppState};

fn status_name(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Received => "Til gjennomgang",
        ReviewStatus::Approved => "Godkjent",
        ReviewStatus::Returned => "Sendt tilbake",
    }
}

fn percent(p: Option<f64>) -> String {
    p.map_or("–".into(), |p| format!("{:.1} %", p).replace('.', ","))
}

pub async fn login_form() -> Page {
    Page::ok(None, "Logg inn", LOGIN_FORM)
}

const LOGIN_FORM: &str = r#"<form method="post" action="/console/login">
<p><label>E-post<br><input type="email" name="email" autocomplete="username" required></label></p>
<p><label>Passord<br><input type="password" name="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Logg inn</button></p></form>"#;

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

pub async fn log_in(
    State(state): State<AppState>,
    Form(form): Form<Credentials>,
) -> Result<Response, Page> {
    match accounts::log_in(&state.db, &form.email, &form.password).await? {
        Some((token, _)) => Ok((
            [(header::SET_COOKIE, accounts::session_cookie(&token))],
            Redirect::to("/console"),
        )
            .into_response()),
        None => {
            let body = format!(
                r#"<p class="error" role="alert" data-testid="error">Feil e-post eller passord.</p>{LOGIN_FORM}"#
            );
            Ok((StatusCode::UNAUTHORIZED, Page::ok(None, "Logg inn", &body)).into_response())
        }
    }
}

pub async fn log_out(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Response, Page> {
    let (parts, _) = request.into_parts();
    if let Some(token) = crate::auth::session_cookie(&parts) {
        accounts::log_out(&state.db, token).await?;
    }
    Ok((
        [(header::SET_COOKIE, accounts::expired_session_cookie())],
        Redirect::to("/console/login"),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct QueueFilter {
    status: Option<String>,
    company: Option<String>,
    channel: Option<String>,
}

pub async fn queue(
    State(state): State<AppState>,
    user: ConsoleUser,
    Query(filter): Query<QueueFilter>,
) -> Result<Page, Page> {
    let account = user.require(Role::Reviewer)?;
    let wanted = |value: &Option<String>| {
        value
            .as_deref()
            .filter(|v| !v.is_empty())
            .map(str::to_lowercase)
    };
    let (status, company, channel) = (
        wanted(&filter.status),
        wanted(&filter.company),
        wanted(&filter.channel),
    );
    let all = store::received_evaluations(&state.db).await?;
    let rows: String = all
        .iter()
        .filter(|e| status.as_deref().is_none_or(|s| serde_json::to_value(e.status).is_ok_and(|v| v == s)))
        .filter(|e| company.as_deref().is_none_or(|c| e.company.to_lowercase().contains(c)))
        .filter(|e| channel.as_deref().is_none_or(|c| e.content.channel.as_str() == c))
        .map(|e| {
            format!(
                r#"<tr data-testid="queue-row"><td>{}</td><td><a href="/console/evaluations/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td data-testid="queue-status">{}</td><td>{}</td></tr>"#,
                esc(&e.received_at),
                e.id,
                esc(&e.company),
                esc(&e.shopper_name),
                e.content.channel.as_str(),
                e.revision,
                status_name(e.status),
                percent(e.percent)
            )
        })
        .collect();
    let selected = |value: &Option<String>, option: &str| {
        if value.as_deref() == Some(option) {
            " selected"
        } else {
            ""
        }
    };
    let body = format!(
        r#"<form method="get" class="no-print"><label>Status <select name="status"><option value="">Alle</option>
<option value="received"{}>Til gjennomgang</option><option value="returned"{}>Sendt tilbake</option><option value="approved"{}>Godkjent</option></select></label>
<label>Selskap <input name="company" value="{}"></label>
<label>Kanal <select name="channel"><option value="">Alle</option><option value="phone"{}>Telefon</option><option value="chat"{}>Chat</option><option value="email"{}>E-post</option></select></label>
<button type="submit">Filtrer</button> <a href="/api/v1/organizer/export/evaluations.csv">Last ned alle som CSV</a></form>
<table><thead><tr><th>Mottatt</th><th>Selskap</th><th>Shopper</th><th>Kanal</th><th>Revisjon</th><th>Status</th><th>Score</th></tr></thead><tbody>{rows}</tbody></table>"#,
        selected(&status, "received"),
        selected(&status, "returned"),
        selected(&status, "approved"),
        esc(filter.company.as_deref().unwrap_or("")),
        selected(&channel, "phone"),
        selected(&channel, "chat"),
        selected(&channel, "email"),
    );
    Ok(Page::ok(Some(account), "Evalueringer", &body))
}

fn answer_text(question: &Question, answer: &Answer) -> String {
    let label = |id: &str| match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options
                .iter()
                .find(|o| o.id == id)
                .map_or_else(|| id.to_owned(), |o| o.label.nb.clone())
        }
        _ => id.to_owned(),
    };
    match answer {
        Answer::NotApplicable => "Ikke aktuelt".into(),
        Answer::Bool(true) => "Ja".into(),
        Answer::Bool(false) => "Nei".into(),
        Answer::Number(n) if matches!(question.kind, QuestionKind::Duration { .. }) => {
            format!("{n} s")
        }
        Answer::Number(n) => n.to_string(),
        Answer::Text(text) => label(text),
        Answer::Choices(ids) => ids
            .iter()
            .map(|id| label(id))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn clock(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(crate::secrets::timestamp)
        .unwrap_or_default()
}

pub async fn evaluation(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<Uuid>,
) -> Result<Page, Page> {
    let account = user.require(Role::Reviewer)?;
    let Some(evaluation) = store::received_evaluation(&state.db, id).await? else {
        return Err(Page::error(
            Some(account),
            StatusCode::NOT_FOUND,
            "Fant ikke evalueringen.",
        ));
    };
    let content = &evaluation.content;
    let questionnaire = store::questionnaire(
        &state.db,
        &content.questionnaire_id,
        content.questionnaire_version,
    )
    .await?
    .ok_or_else(|| Page::error(Some(account), StatusCode::NOT_FOUND, "Skjemaet mangler."))?;
    let seen = visible(&questionnaire, content.channel, &content.answers);
    let timeline: String = content
        .timeline
        .iter()
        .map(|stamp| format!("<li>{} {:?}</li>", esc(&clock(stamp.at_ms)), stamp.event))
        .collect();
    let duration = |which| {
        derived_seconds(&content.timeline, which).map_or("–".into(), |s| format!("{s} s"))
    };
    let mut sections = String::new();
    for section in questionnaire
        .sections
        .iter()
        .filter(|s| seen.sections.contains(&s.id))
    {
        sections.push_str(&format!(
            "<h3>{}</h3><table><tbody>",
            esc(&section.title.nb)
        ));
        for question in section
            .questions
            .iter()
            .filter(|q| seen.questions.contains(&q.id))
        {
            let answer = content
                .answers
                .get(&question.id)
                .map_or("–".into(), |a| answer_text(question, a));
            let comment = evaluation
                .review
                .questions
                .get(&question.id)
                .map(String::as_str)
                .unwrap_or("");
            sections.push_str(&format!(
                r#"<tr data-answer-id="{id}"><th scope="row">{label}</th><td>{answer}</td><td class="no-print"><label>Kommentar til shopperen <input name="q.{id}" form="review" value="{comment}" aria-label="Kommentar: {label}"></label></td></tr>"#,
                id = esc(&question.id),
                label = esc(&question.label.nb),
                answer = esc(&answer),
                comment = esc(comment),
            ));
        }
        sections.push_str("</tbody></table>");
    }
    let body = format!(
        r#"<p>{company} · {channel} · {shopper} · revisjon {revision} · mottatt {received} · <strong data-testid="status">{status}</strong> · score {score}</p>
<h2>Tidslinje</h2><ol>{timeline}</ol><p>Ventetid: {waiting} · Samtaletid: {talk}</p>
<h2>Notater</h2><p data-testid="notes">{notes}</p>
<h2>Svar</h2>{sections}
<h2 class="no-print">Vurdering</h2>
<form id="review" method="post" action="/console/evaluations/{id}/review" class="no-print">
<input type="hidden" name="revision" value="{revision}">
<p><label>Kommentar til hele evalueringen<br><textarea name="comment" rows="3">{overall}</textarea></label></p>
<p><button type="submit" name="decision" value="approve">Godkjenn</button> <button type="submit" name="decision" value="return">Send tilbake til shopperen</button></p>
</form>"#,
        company = esc(&evaluation.company),
        channel = content.channel.as_str(),
        shopper = esc(&evaluation.shopper_name),
        revision = evaluation.revision,
        received = esc(&evaluation.received_at),
        status = status_name(evaluation.status),
        score = percent(evaluation.percent),
        waiting = duration(Derived::WaitingTime),
        talk = duration(Derived::TalkTime),
        notes = esc(&content.notes),
        overall = esc(evaluation.review.comment.as_deref().unwrap_or("")),
    );
    Ok(Page::ok(Some(account), "Evaluering", &body))
}

pub async fn review(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<Uuid>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Page> {
    let account = user.require(Role::Reviewer)?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let decision = match field("decision").as_deref() {
        Some("approve") => ReviewDecision::Approve,
        Some("return") => ReviewDecision::Return,
        _ => {
            return Err(Page::error(
                Some(account),
                StatusCode::BAD_REQUEST,
                "Velg godkjenn eller send tilbake.",
            ))
        }
    };
    let revision = field("revision").and_then(|r| r.parse().ok()).unwrap_or(0);
    let questions: BTreeMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("q.")?.to_owned(), v.clone())))
        .collect();
    let request = ReviewRequest {
        revision,
        decision,
        review: ReviewComments {
            comment: field("comment"),
            questions,
        },
    };
    if let Err(error) = changes::review(&state.db, account, id, &request).await {
        return Err(Page::error(
            Some(account),
            error.status(),
            &error.to_string(),
        ));
    }
    Ok(Redirect::to(&format!("/console/evaluations/{id}")).into_response())
}

pub async fn rankings(
    State(state): State<AppState>,
    user: ConsoleUser,
    Query(query): Query<RankingQuery>,
) -> Result<Page, Page> {
    let account = user.require(Role::Viewer)?;
    let channel = query.channel;
    let halfway = query.halfway.clone().unwrap_or_default();
    let result = rankings::rankings(&state.db, query).await?;
    let mut tables = String::new();
    for class in &result.classes {
        let rows: String = class
            .ranking
            .iter()
            .map(|line| {
                let rank = match (line.rank, line.tied) {
                    (Some(rank), true) => format!(r#"<span class="tie" title="Delt plass">{rank}=</span>"#),
                    (Some(rank), false) => rank.to_string(),
                    (None, _) => "–".into(),
                };
                format!(
                    r#"<tr><td>{rank}</td><td><a href="/console/companies/{}/report">{}</a></td><td>{}</td><td>{}</td></tr>"#,
                    esc(&line.company_id),
                    esc(&line.company),
                    percent(line.percent),
                    line.evaluations
                )
            })
            .collect();
        let leaders = if class.halfway_leaders.is_empty() {
            String::new()
        } else {
            format!(
                r#"<p data-testid="halfway">Ledet ved runding: {}</p>"#,
                esc(&class.halfway_leaders.join(", "))
            )
        };
        tables.push_str(&format!(
            r#"<section data-class="{class}"><h2>{class}</h2>{leaders}<table><thead><tr><th>Plass</th><th>Selskap</th><th>Score</th><th>Evalueringer</th></tr></thead><tbody>{rows}</tbody></table></section>"#,
            class = esc(&class.class)
        ));
    }
    let option = |value: Option<Channel>, label: &str| {
        let code = value.map_or("", Channel::as_str);
        let selected = if value == channel { " selected" } else { "" };
        format!(r#"<option value="{code}"{selected}>{label}</option>"#)
    };
    let body = format!(
        r#"<form method="get" class="no-print"><label>Kanal <select name="channel">{}{}{}{}</select></label>
<label>Leder ved runding per dato <input type="date" name="halfway" value="{}"></label> <button type="submit">Vis</button>
<a href="/api/v1/organizer/export/scores.csv">Last ned som CSV</a></form>
<p class="muted">Kun godkjente evalueringer teller. Lik score med én desimal gir delt plass.</p>{tables}"#,
        option(None, "Alle kanaler"),
        option(Some(Channel::Phone), "Telefon"),
        option(Some(Channel::Chat), "Chat"),
        option(Some(Channel::Email), "E-post"),
        esc(&halfway),
    );
    Ok(Page::ok(Some(account), "Resultater per klasse", &body))
}

pub async fn shoppers(State(state): State<AppState>, user: ConsoleUser) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?;
    let rows: String = shoppers::list(&state.db)
        .await?
        .iter()
        .map(|s| {
            format!(
                r#"<tr data-shopper="{name}"><td>{name}</td><td>{devices}</td><td>{invites}</td><td>{assignments}</td>
<td><form class="inline" method="post" action="/console/shoppers/{id}/invite"><button type="submit">Lag innloggingslenke</button></form>
<form class="inline" method="post" action="/console/shoppers/{id}/revoke"><button type="submit">Steng enhetene</button></form></td></tr>"#,
                name = esc(&s.name),
                id = esc(&s.id),
                devices = s.active_devices,
                invites = s.open_invites,
                assignments = s.assignments
            )
        })
        .collect();
    let body = format!(
        r#"<table><thead><tr><th>Navn</th><th>Aktive enheter</th><th>Åpne lenker</th><th>Oppdrag</th><th></th></tr></thead><tbody>{rows}</tbody></table>
<h2>Ny shopper</h2><form method="post" action="/console/shoppers"><label>Navn <input name="name" required maxlength="100"></label> <button type="submit">Legg til</button></form>"#
    );
    Ok(Page::ok(Some(account), "Shoppere", &body))
}

#[derive(Deserialize)]
pub struct NewShopper {
    name: String,
}

pub async fn create_shopper(
    State(state): State<AppState>,
    user: ConsoleUser,
    Form(form): Form<NewShopper>,
) -> Result<Response, Page> {
    let account = user.require(Role::Admin)?;
    changes::create_shopper(&state.db, account, &form.name).await?;
    Ok(Redirect::to("/console/shoppers").into_response())
}

pub async fn invite(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?;
    let base = state.public_base(&headers)?;
    let invite = changes::invite_shopper(&state.db, account, &id, &base).await?;
    let body = format!(
        r#"<p class="notice">Lenken virker én gang, til {expires}. Den vises bare nå: skann QR-koden med telefonen, eller send lenken.</p>
<figure data-testid="qr">{qr}</figure><p><a data-testid="invite-link" href="{link}">{link}</a></p><p><a href="/console/shoppers">Tilbake til shopperne</a></p>"#,
        expires = esc(&invite.expires_at),
        qr = invite.qr_svg,
        link = esc(&invite.link),
    );
    Ok(Page::ok(Some(account), "Innloggingslenke", &body))
}

pub async fn revoke(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
) -> Result<Response, Page> {
    let account = user.require(Role::Admin)?;
    changes::revoke_shopper(&state.db, account, &id).await?;
    Ok(Redirect::to("/console/shoppers").into_response())
}

pub async fn campaign(State(state): State<AppState>, user: ConsoleUser) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?;
    Ok(Page::ok(
        Some(account),
        "Kampanje",
        &campaign_body(&state, "").await?,
    ))
}

async fn campaign_body(state: &AppState, message: &str) -> Result<String, Page> {
    let spread = campaign::spread(&state.db).await?;
    let table = |title: &str, counts: &BTreeMap<String, i64>| {
        let rows: String = counts
            .iter()
            .map(|(name, count)| format!("<tr><td>{}</td><td>{count}</td></tr>", esc(name)))
            .collect();
        format!("<table><thead><tr><th>{title}</th><th>Oppdrag</th></tr></thead><tbody>{rows}</tbody></table>")
    };
    Ok(format!(
        r#"{message}
<h2>Nytt selskap</h2><form method="post" action="/console/campaign/company"><label>Klasse <input name="class" required maxlength="100"></label>
<label>Selskap <input name="company" required maxlength="100"></label> <button type="submit">Legg til selskap</button></form>
<h2>Nytt oppdrag</h2><form method="post" action="/console/campaign/assignment">
<label>Selskap <input name="company" required></label> <label>Kanal <select name="channel"><option value="phone">Telefon</option><option value="chat">Chat</option><option value="email">E-post</option></select></label>
<label>Shopper <input name="shopper" required></label> <label>Kontakt (tel:, chat-adresse, mailto:) <input name="contact" required></label><br>
<label>Scenario <input name="scenario" required size="60"></label><br>
<label>Fra <input type="date" name="window_start" required></label> <label>Til <input type="date" name="window_end" required></label>
<label>Frist <input type="date" name="due" required></label> <button type="submit">Legg til oppdrag</button></form>
<h2>Importer selskaper (CSV: class,company)</h2><form method="post" action="/console/campaign/companies"><textarea name="csv" rows="5" aria-label="Selskaper som CSV">class,company
</textarea><button type="submit">Importer selskaper</button></form>
<h2>Importer oppdrag (CSV)</h2><p class="muted">company,channel,scenario,shopper,contact,window_start,window_end,due</p>
<form method="post" action="/console/campaign/assignments"><textarea name="csv" rows="5" aria-label="Oppdrag som CSV">company,channel,scenario,shopper,contact,window_start,window_end,due
</textarea><button type="submit">Importer oppdrag</button></form>
<h2>Importer spørreskjema (TOML)</h2><form method="post" action="/console/campaign/questionnaire"><textarea name="definition" rows="6" aria-label="Spørreskjema som TOML"></textarea><button type="submit">Importer skjema</button></form>
<h2>Fordeling av oppdrag</h2>{}{}{}"#,
        table("Kanal", &spread.by_channel),
        table("Shopper", &spread.by_shopper),
        table("Selskap", &spread.by_company),
    ))
}

#[derive(Deserialize)]
pub struct CsvForm {
    csv: String,
}

#[derive(Deserialize)]
pub struct DefinitionForm {
    definition: String,
}

/// The campaign page again with what happened on top: a notice, or every bad line.
async fn campaign_result(
    state: &AppState,
    account: &accounts::OrganizerAccount,
    outcome: Result<String, crate::error::ApiError>,
) -> Result<Page, Page> {
    let message = match outcome {
        Ok(done) => format!(
            r#"<p class="notice" role="status" data-testid="notice">{}</p>"#,
            esc(&done)
        ),
        Err(crate::error::ApiError::InvalidRows(rows)) => format!(
            r#"<div class="error" role="alert" data-testid="error"><p>Ingenting ble importert. Rett disse linjene:</p><ul>{}</ul></div>"#,
            rows.iter()
                .map(|r| format!("<li>Linje {}: {}</li>", r.line, esc(&r.message)))
                .collect::<String>()
        ),
        Err(crate::error::ApiError::InvalidDefinition(errors)) => format!(
            r#"<div class="error" role="alert" data-testid="error"><p>Skjemaet ble ikke importert:</p><ul>{}</ul></div>"#,
            errors
                .iter()
                .map(|e| format!("<li>{}</li>", esc(&e.to_string())))
                .collect::<String>()
        ),
        Err(error) => format!(
            r#"<p class="error" role="alert" data-testid="error">{}</p>"#,
            esc(&error.to_string())
        ),
    };
    Ok(Page::ok(
        Some(account),
        "Kampanje",
        &campaign_body(state, &message).await?,
    ))
}

pub async fn import_companies(
    State(state): State<AppState>,
    user: ConsoleUser,
    Form(form): Form<CsvForm>,
) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?.clone();
    let outcome = changes::import_companies(&state.db, &account, &form.csv).await;
    let outcome = outcome.map(|done| {
        format!(
            "{} selskaper og {} nye klasser importert.",
            done.companies_created, done.classes_created
        )
    });
    campaign_result(&state, &account, outcome).await
}

#[derive(Deserialize)]
pub struct CompanyForm {
    class: String,
    company: String,
}

/// One company from the form: the same rules as a one-row CSV import.
pub async fn add_company(
    State(state): State<AppState>,
    user: ConsoleUser,
    Form(form): Form<CompanyForm>,
) -> Result<Page, Page> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = writer
        .write_record(["class", "company"])
        .and_then(|()| writer.write_record([form.class.as_str(), form.company.as_str()]));
    let bytes = written
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .unwrap_or_default();
    import_companies(
        State(state),
        user,
        Form(CsvForm {
            csv: String::from_utf8_lossy(&bytes).into_owned(),
        }),
    )
    .await
}

pub async fn add_assignment(
    State(state): State<AppState>,
    user: ConsoleUser,
    Form(form): Form<campaign::NewAssignment>,
) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?.clone();
    let company = form.company.clone();
    let outcome = changes::create_assignment(&state.db, &account, form).await;
    campaign_result(
        &state,
        &account,
        outcome.map(|_| format!("Oppdraget for {company} er lagt til.")),
    )
    .await
}

pub async fn import_assignments(
    State(state): State<AppState>,
    user: ConsoleUser,
    Form(form): Form<CsvForm>,
) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?.clone();
    let outcome = changes::import_assignments(&state.db, &account, &form.csv).await;
    campaign_result(
        &state,
        &account,
        outcome.map(|n| format!("{n} oppdrag importert.")),
    )
    .await
}

pub async fn import_questionnaire(
    State(state): State<AppState>,
    user: ConsoleUser,
    Form(form): Form<DefinitionForm>,
) -> Result<Page, Page> {
    let account = user.require(Role::Admin)?.clone();
    let outcome = match definition::parse(&form.definition, Format::Toml) {
        Err(errors) => Err(crate::error::ApiError::InvalidDefinition(errors)),
        Ok(questionnaire) => {
            changes::import_questionnaire(&state.db, &account, questionnaire).await
        }
    };
    let outcome = outcome.map(|i| {
        if i.created {
            format!(
                "«{}» versjon {} importert ({} spørsmål).",
                i.id, i.version, i.questions
            )
        } else {
            format!("«{}» er uendret (versjon {}).", i.id, i.version)
        }
    });
    campaign_result(&state, &account, outcome).await
}

pub async fn audit(State(state): State<AppState>, user: ConsoleUser) -> Result<Page, Page> {
    let account = user.require(Role::Reviewer)?;
    let rows: String = accounts::audit_log(&state.db, 500)
        .await?
        .iter()
        .map(|e| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(&e.at),
                esc(&e.actor),
                esc(&e.action),
                esc(&e.subject),
                esc(&e.detail)
            )
        })
        .collect();
    let body = format!(
        "<table><thead><tr><th>Når</th><th>Hvem</th><th>Hva</th><th>Gjelder</th><th>Detaljer</th></tr></thead><tbody>{rows}</tbody></table>"
    );
    Ok(Page::ok(Some(account), "Endringslogg", &body))
}
