//! One evaluation as the reviewer reads it: the flags first, the contact's timeline and durations, the notes,
//! what changed since the previous revision (old -> new per answer) and the earlier revisions with their
//! comments, each shown answer with a comment field, and the decision bar, always in view at the bottom
//! (approve, or return to the shopper with comments; previous and next in the queue's filter, which the page
//! carries). After a decision the next evaluation of the filter opens. Returning an approved evaluation asks
//! first: it takes the evaluation out of the results.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Redirect;
use axum::Form;
use maud::html;
use shopper_domain::contact::{derived_seconds, Derived};
use shopper_domain::protocol::{ReviewComments, ReviewDecision, ReviewRequest};
use shopper_domain::{visible, Answer, Question, QuestionKind};
use uuid::Uuid;

use super::format::{answered_time_text, duration, from_millis, percent, time};
use super::layout::form_token;
use super::queue::{chosen, keys_help, Filter};
use super::ConsoleReviewer;
use super::{Lang, OrPage, Page, PageResult};
use crate::error::{Error, Reason};
use crate::http::AppState;
use crate::{changes, queue};
use shopper_domain::protocol::ReviewStatus;

/// An answer as the reviewer reads it: option labels instead of ids, durations in seconds.
pub(crate) fn answer_text(question: &Question, answer: &Answer, lang: Lang) -> String {
    let label = |id: &str| question.option_label(id, lang.code()).to_owned();
    match answer {
        Answer::NotApplicable => lang.t("Ikke aktuelt", "Not applicable").into(),
        Answer::Bool(true) => lang.t("Ja", "Yes").into(),
        Answer::Bool(false) => lang.t("Nei", "No").into(),
        Answer::Number(n) if matches!(question.kind, QuestionKind::Duration { .. }) => {
            format!("{n} s")
        }
        Answer::Number(n) => n.to_string(),
        Answer::Text(text) if matches!(question.kind, QuestionKind::DateTime) => {
            answered_time_text(text, lang)
        }
        Answer::Text(text) => label(text),
        Answer::Choices(ids) => ids
            .iter()
            .map(|id| label(id))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleReviewer(account): ConsoleReviewer,
    Path(id): Path<Uuid>,
    Query(filter): Query<Filter>,
) -> PageResult {
    let lang = Lang::of(&account);
    let found = queue::received(&state.store, Some(id), None)
        .await
        .or_page(&account)?
        .pop();
    let Some(evaluation) = found else {
        let error = Error::NotFound(Reason::NoEvaluation(id.to_string()));
        return Err(Page::failed(&account, error));
    };
    let content = &evaluation.content;
    let questionnaire = state
        .store
        .questionnaire(&content.questionnaire_id, content.questionnaire_version)
        .await
        .or_page(&account)?
        .ok_or_else(|| Page::failed(&account, Error::Refused(Reason::QuestionnaireMissing)))?;
    let seen = visible(&questionnaire, content.channel, &content.answers);
    let revisions = queue::revisions(&state.store, id).await.or_page(&account)?;
    let earlier: Vec<_> = revisions
        .iter()
        .filter(|r| r.revision < evaluation.revision)
        .collect();
    let order: Vec<String> = questionnaire.questions().map(|q| q.id.clone()).collect();
    let changes = earlier.last().map(|previous| {
        (
            previous.revision,
            queue::answer_changes(&previous.content.answers, &content.answers, &order),
        )
    });
    let shown = |question_id: &str, answer: &Option<Answer>| match (
        questionnaire.question(question_id),
        answer,
    ) {
        (_, None) => "–".to_owned(),
        (Some(question), Some(answer)) => answer_text(question, answer, lang),
        (None, Some(answer)) => format!("{answer:?}"),
    };
    let label_of = |question_id: &str| {
        questionnaire
            .question(question_id)
            .map_or(question_id.to_owned(), |q| {
                q.label.get(lang.code()).to_owned()
            })
    };
    let flags = queue::flags_of(&state.store, id).await.or_page(&account)?;
    let flag_label = |question_id: &str| {
        if question_id == "notes" {
            lang.t("Notater", "Notes").to_owned()
        } else {
            label_of(question_id)
        }
    };
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let campaign_id = chosen(&campaigns, &filter)
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let filter = Filter {
        campaign: Some(campaign_id.clone()),
        ..filter
    };
    let (query, _) = filter.query(&campaign_id);
    let (previous, next, at) = queue::neighbours(&state.store, &query, id, None)
        .await
        .or_page(&account)?;
    let back = filter.query_string();
    let decided = super::queue::decided_notice(
        &state,
        &filter,
        lang,
        Some((evaluation.company.as_str(), content.channel)),
    )
    .await;
    let files = crate::attachments::shown(&state.blobs, &content.attachments)
        .await
        .or_page(&account)?;
    let file_href = |sha256: &str| format!("/console/evaluations/{id}/attachments/{sha256}");
    // The evaluation's own files, and those of a question not shown (skipped, or unknown to the version).
    let own_file = |file: &crate::attachments::Shown| {
        file.reference
            .question_id
            .as_ref()
            .is_none_or(|q| !seen.questions.contains(q))
    };
    let derived = |which| {
        derived_seconds(&content.timeline, which).map_or("–".into(), |s| duration(s, lang))
    };
    let body = html! {
        (decided)
        @if !flags.is_empty() {
            section.flags role="note" data-testid="flags" {
                h2 { (lang.t("Flagg: se på dette", "Flags: look at this")) }
                ul { @for flag in &flags { li data-flag=(flag.code()) { (lang.flag(flag, &flag_label)) } } }
            }
        }
        p {
            (evaluation.company) " · " (lang.channel(content.channel)) " · " (evaluation.shopper_name) " · "
            (lang.t("versjon", "version")) " " (evaluation.revision) " · "
            (lang.t("mottatt", "received")) " " (time(&evaluation.received_at, lang)) " · "
            strong data-testid="status" { (lang.status(evaluation.status)) } " · "
            "score " (percent(evaluation.percent, lang))
        }
        @if let Some((previous, changes)) = &changes {
            h2 { (lang.t("Endret siden versjon", "Changed since version")) " " (previous) }
            @if content.notes != earlier.last().map_or("", |r| r.content.notes.as_str()) {
                p data-testid="notes-changed" { (lang.t("Notatene er endret.", "The notes have changed.")) }
            }
            table data-testid="changes" {
                thead { tr { th { (lang.t("Spørsmål", "Question")) } th { (lang.t("Før", "Before")) } th { (lang.t("Nå", "Now")) } } }
                tbody {
                    @for change in changes {
                        tr data-changed=(change.question_id) {
                            th scope="row" { (label_of(&change.question_id)) }
                            td { (shown(&change.question_id, &change.before)) }
                            td { "→ " (shown(&change.question_id, &change.after)) }
                        }
                    }
                    @if changes.is_empty() { (super::layout::empty_row(3, lang.t("Ingen svar er endret.", "No answer has changed."))) }
                }
            }
            h2 { (lang.t("Tidligere versjoner", "Earlier revisions")) }
            ol data-testid="earlier" {
                @for revision in &earlier {
                    li {
                        (lang.t("Versjon", "Version")) " " (revision.revision) ": " (lang.t("sendt av", "sent by")) " " (revision.shopper_name) " "
                        (time(&revision.received_at, lang)) " · " (lang.status(revision.status))
                        @if let Some(comment) = &revision.review.comment { br; (lang.t("Kommentar:", "Comment:")) " " q { (comment) } }
                        @if !revision.review.questions.is_empty() {
                            ul { @for (question_id, comment) in &revision.review.questions {
                                li { (label_of(question_id)) ": " q { (comment) } }
                            } }
                        }
                    }
                }
            }
        }
        h2 { (lang.t("Tidslinje", "Timeline")) }
        ol {
            @for stamp in &content.timeline {
                li { (time(&from_millis(stamp.at_ms), lang)) " " (lang.event(stamp.event)) }
            }
        }
        p {
            (lang.t("Ventetid", "Waiting time")) ": " (derived(Derived::WaitingTime)) " · "
            (lang.t("Samtaletid", "Talk time")) ": " (derived(Derived::TalkTime))
        }
        h2 { (lang.t("Notater", "Notes")) }
        p data-testid="notes" { (content.notes) }
        @if !files.is_empty() {
            h2 { (lang.t("Vedlegg", "Attachments")) " (" (files.len()) ")" }
            (super::attachments::gallery(lang, &files, &own_file, &file_href))
        }
        h2 { (lang.t("Svar", "Answers")) }
        @for section in questionnaire.sections.iter().filter(|s| seen.sections.contains(&s.id)) {
            h3 { (section.title.get(lang.code())) }
            table { tbody {
                @for question in section.questions.iter().filter(|q| seen.questions.contains(&q.id)) {
                    @let label = question.label.get(lang.code());
                    @let answer = content.answers.get(&question.id).map_or("–".into(), |a| answer_text(question, a, lang));
                    @let comment = evaluation.review.questions.get(&question.id).map(String::as_str).unwrap_or("");
                    tr data-answer-id=(question.id) {
                        th scope="row" { (label) }
                        td { (answer)
                            (super::attachments::gallery(lang, &files, &|f| f.reference.question_id.as_deref() == Some(question.id.as_str()), &file_href)) }
                        td.no-print {
                            label { (lang.t("Kommentar til shopperen", "Comment to the shopper")) " "
                                input name={ "q." (question.id) } form="review" value=(comment)
                                    aria-label={ (lang.t("Kommentar", "Comment")) ": " (label) }; }
                        }
                    }
                }
            } }
        }
        h2.no-print { (lang.t("Vurdering", "Decision")) }
        p.muted.no-print { (lang.t("Knappene står nederst i vinduet.", "The buttons stay at the bottom of the window.")) }
        form #review .decision method="post" action={ "/console/evaluations/" (evaluation.id) "/review" } class="no-print" data-testid="decision" {
            (form_token())
            input type="hidden" name="revision" value=(evaluation.revision);
            input type="hidden" name="back" value=(back);
            @if let Some(at) = at { input type="hidden" name="at" value=(at); }
            label { (lang.t("Kommentar til hele evalueringen", "Comment on the whole evaluation")) br;
                textarea name="comment" rows="2" data-key="c" { (evaluation.review.comment.as_deref().unwrap_or("")) } }
            p.error data-needs-comment hidden { (lang.t("Skriv en kommentar før du sender tilbake (c), så Esc og r.", "Write a comment before returning (c), then Esc and r.")) }
            p {
                button type="submit" name="decision" value="approve" data-key="a" { (lang.t("Godkjenn", "Approve")) " (a)" } " "
                button type="submit" name="decision" value="return" data-key="r" { (lang.t("Send tilbake til shopperen", "Return to the shopper")) " (r)" } " "
                @if let Some(previous) = &previous {
                    a href={ "/console/evaluations/" (previous) "?" (back) } data-key="k" rel="prev" { "← " (lang.t("Forrige", "Previous")) " (k)" } " "
                }
                @if let Some(next) = &next {
                    a href={ "/console/evaluations/" (next) "?" (back) } data-key="j" rel="next" { (lang.t("Neste", "Next")) " (j) →" } " "
                }
                a href={ "/console?" (back) } data-key="u" { (lang.t("Til køen", "To the queue")) " (u)" }
            }
            (keys_help(lang, true))
        }
        script src="/console/review.js" defer {}
    };
    Ok(Page::ok(&account, lang.t("Evaluering", "Evaluation"), body))
}

pub async fn review(
    State(state): State<AppState>,
    ConsoleReviewer(account): ConsoleReviewer,
    Path(id): Path<Uuid>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult<Redirect> {
    let lang = Lang::of(&account);
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
            let message = lang.t(
                "Velg godkjenn eller send tilbake.",
                "Choose approve or return.",
            );
            return Err(Page::error(
                Some(&account),
                StatusCode::BAD_REQUEST,
                message,
            ));
        }
    };
    let questions: BTreeMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("q.")?.to_owned(), v.clone())))
        .collect();
    let request = ReviewRequest {
        revision: field("revision").and_then(|r| r.parse().ok()).unwrap_or(0),
        decision,
        review: ReviewComments {
            comment: field("comment"),
            questions,
        },
    };
    let back = Filter::parse(&field("back").unwrap_or_default());
    let held = state.store.held(&id.to_string()).await.or_page(&account)?;
    let approved = held
        .as_ref()
        .is_some_and(|h| h.status == ReviewStatus::Approved);
    if approved && decision == ReviewDecision::Return && field("confirm").as_deref() != Some("yes")
    {
        return Err(confirm_return(&account, id, &fields));
    }
    changes::review(&state.store, &account, id, &request)
        .await
        .or_page(&account)?;
    let campaigns = state.store.campaigns().await.or_page(&account)?;
    let campaign_id = chosen(&campaigns, &back)
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let back = Filter {
        campaign: Some(campaign_id.clone()),
        ..back
    };
    let (query, _) = back.query(&campaign_id);
    let was_at = field("at").and_then(|a| a.parse().ok());
    let (_, next, _) = queue::neighbours(&state.store, &query, id, was_at)
        .await
        .or_page(&account)?;
    let shown = format!("{}&decided={id}", back.query_string());
    Ok(Redirect::to(&match next {
        Some(next) => format!("/console/evaluations/{next}?{shown}"),
        None => format!("/console?{shown}"),
    }))
}

/// The question before an approved evaluation is returned: the same fields again, with `confirm=yes`.
fn confirm_return(
    account: &crate::accounts::OrganizerAccount,
    id: Uuid,
    fields: &[(String, String)],
) -> Page {
    let lang = Lang::of(account);
    let content = html! {
        p.error role="alert" data-testid="confirm-return" {
            (lang.t(
                "Denne evalueringen er godkjent og teller i resultatene. Sendes den tilbake, tas den ut av resultatene til shopperen sender den på nytt og den godkjennes igjen.",
                "This evaluation is approved and counts in the results. Returned, it leaves the results until the shopper sends it again and it is approved again."
            ))
        }
        form method="post" action={ "/console/evaluations/" (id) "/review" } {
            @for (name, value) in fields.iter().filter(|(k, _)| k != "confirm") {
                input type="hidden" name=(name) value=(value);
            }
            input type="hidden" name="confirm" value="yes";
            button type="submit" autofocus { (lang.t("Ja, send tilbake", "Yes, return it")) } " "
            a href={ "/console/evaluations/" (id) } { (lang.t("Nei, behold godkjenningen", "No, keep it approved")) }
        }
    };
    Page::ok(
        account,
        lang.t(
            "Sende tilbake en godkjent evaluering?",
            "Return an approved evaluation?",
        ),
        content,
    )
}
