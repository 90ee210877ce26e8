//! The evaluation form for one assignment: the questionnaire section by section, notes, and submit.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shopper_domain::device::LocalState;
use shopper_domain::protocol::Assignment;
use shopper_domain::{visible, Questionnaire};
use uuid::Uuid;

use crate::components::question::{FormContext, QuestionField};
use crate::state::{now_ms, Shared};
use crate::{sync, text};

#[component]
pub fn EvaluationPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let params = use_params_map();
    let assignment_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| Uuid::parse_str(&id).ok())));
    // What the form is drawn from. A memo, so that a sync that brings the same assignment does not redraw the
    // form under the shopper's fingers. A started draft keeps its questionnaire version.
    let form_data = Memo::new(move |_| {
        let assignment = shared.assignment(assignment_id.get()?)?;
        let (questionnaire_id, version) = shared
            .evaluation_for(assignment.id)
            .map(|e| (e.content.questionnaire_id, e.content.questionnaire_version))
            .unwrap_or_else(|| {
                (
                    assignment.questionnaire_id.clone(),
                    assignment.questionnaire_version,
                )
            });
        Some((
            assignment,
            shared
                .questionnaire(&questionnaire_id, version)
                .ok_or((questionnaire_id, version)),
        ))
    });
    move || {
        match form_data.get() {
        None => view! {
            <section class="empty">
                <p>"Fant ikke dette oppdraget på enheten. Synkroniser når du har nett."</p>
                <a href="/">"Til oppdragene"</a>
            </section>
        }
        .into_any(),
        Some((_, Err((id, version)))) => view! {
            <section class="empty">
                <p class="banner error" role="alert">
                    {format!("Skjemaet «{id}» versjon {version} finnes ikke på enheten. Synkroniser når du har nett.")}
                </p>
                <a href="/">"Til oppdragene"</a>
            </section>
        }
        .into_any(),
        Some((assignment, Ok(questionnaire))) => view! { <EvaluationForm assignment questionnaire/> }.into_any(),
    }
    }
}

#[component]
fn EvaluationForm(assignment: Assignment, questionnaire: Questionnaire) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let navigate = use_navigate();
    let id = assignment.id;
    let state = Memo::new(move |_| shared.evaluation_for(id).map(|e| e.state));
    let refusal = Memo::new(move |_| shared.evaluation_for(id).and_then(|e| e.refusal));
    let editable = Signal::derive(move || {
        state
            .get()
            .is_none_or(|s| matches!(s, LocalState::Draft | LocalState::Refused))
    });
    let questionnaire_value = StoredValue::new(questionnaire.clone());
    let channel = assignment.channel;
    let shown = Memo::new(move |_| {
        let answers = shared
            .evaluation_for(id)
            .map(|e| e.content.answers)
            .unwrap_or_default();
        questionnaire_value.with_value(|q| visible(q, channel, &answers))
    });
    let form = FormContext {
        assignment: StoredValue::new(assignment.clone()),
        questionnaire: questionnaire_value,
        editable,
        visible: shown,
    };
    let summary = RwSignal::new(None::<String>);
    let initial_notes = shared
        .evaluation_for(id)
        .map(|e| e.content.notes)
        .unwrap_or_default();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut outcome = Ok(());
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                shared.edit(assignment, questionnaire, |evaluation| {
                    outcome = evaluation.submit(questionnaire, now_ms())
                });
            })
        });
        match outcome {
            Ok(()) => {
                summary.set(None);
                sync::sync_soon(shared);
                navigate("/", Default::default());
            }
            Err(problems) => {
                summary.set(Some(format!(
                    "{} svar mangler eller må rettes før du kan sende inn.",
                    problems.len()
                )));
                scroll_to_question(&problems[0].question_id);
            }
        }
    };

    view! {
        <article class="evaluation">
            <a href="/" class="back">"← Oppdragene"</a>
            <h1>{assignment.company.clone()}</h1>
            <p class="muted">{format!("{} · {} · frist {}", text::channel(assignment.channel), assignment.class, assignment.due)}</p>
            <p class="scenario">{assignment.scenario.clone()}</p>
            <a class="contact button" href=assignment.contact.clone()>{text::contact_action(assignment.channel)}</a>
            <p class="state-line" data-testid="evaluation-state">{move || text::state(state.get())}</p>
            {move || refusal.get().map(|reason| view! {
                <p class="banner error" role="alert" data-testid="refusal">{format!("Serveren avviste innsendingen: {reason}")}</p>
            })}
            <form on:submit=submit novalidate>
                {questionnaire
                    .sections
                    .iter()
                    .map(|section| {
                        let section_id = section.id.clone();
                        let hidden = move || !shown.with(|v| v.sections.contains(&section_id));
                        view! {
                        <section class="form-section" data-section-id=section.id.clone() hidden=hidden>
                            <h2>{section.title.get(text::LANG).to_owned()}</h2>
                            {section.help.as_ref().map(|help| view! { <p class="help">{help.get(text::LANG).to_owned()}</p> })}
                            {section
                                .questions
                                .iter()
                                .map(|question| view! { <QuestionField question=question.clone() form/> })
                                .collect_view()}
                        </section>
                        }
                    })
                    .collect_view()}
                <section class="form-section">
                    <h2>"Notater"</h2>
                    <textarea
                        class="notes"
                        aria-label="Notater"
                        data-testid="notes"
                        rows="4"
                        prop:value=initial_notes
                        disabled=move || !editable.get()
                        on:input=move |ev| {
                            let notes = event_target_value(&ev);
                            form.assignment.with_value(|assignment| {
                                form.questionnaire.with_value(|questionnaire| {
                                    shared.edit(assignment, questionnaire, |e| {
                                        e.set_notes(notes, now_ms());
                                    })
                                })
                            })
                        }
                    ></textarea>
                </section>
                {move || summary.get().map(|text| view! { <p class="banner error" role="alert" data-testid="submit-problems">{text}</p> })}
                <button type="submit" class="primary" data-testid="submit" disabled=move || !editable.get()>"Send inn"</button>
            </form>
        </article>
    }
}

fn scroll_to_question(question_id: &str) {
    let selector = format!("[data-question-id=\"{question_id}\"]");
    if let Some(element) = document().query_selector(&selector).ok().flatten() {
        element.scroll_into_view();
    }
}
