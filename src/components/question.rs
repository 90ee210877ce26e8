//! One question of the form, drawn by its kind. Every change is saved on the device at once.

use leptos::prelude::*;
use shopper_domain::protocol::Assignment;
use shopper_domain::{Answer, Question, QuestionKind, Questionnaire};

use crate::state::Shared;
use crate::text;

/// What every question of one form shares.
#[derive(Clone, Copy)]
pub struct FormContext {
    pub assignment: StoredValue<Assignment>,
    pub questionnaire: StoredValue<Questionnaire>,
    pub editable: Signal<bool>,
}

#[component]
pub fn QuestionField(question: Question, form: FormContext) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let assignment_id = form.assignment.with_value(|a| a.id);
    let id = StoredValue::new(question.id.clone());
    let current = Memo::new(move |_| {
        id.with_value(|id| {
            shared
                .evaluation_for(assignment_id)
                .and_then(|e| e.content.answers.get(id).cloned())
        })
    });
    let kind = question.kind.clone();
    let problem = Memo::new(move |_| {
        id.with_value(|id| {
            shared
                .evaluation_for(assignment_id)
                .and_then(|e| e.problems.iter().find(|p| &p.question_id == id).cloned())
        })
    });
    let problem_kind = kind.clone();
    let set = move |answer: Option<Answer>| {
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                id.with_value(|id| shared.answer(assignment, questionnaire, id, answer));
            })
        })
    };
    let label = question.label.get(text::LANG).to_owned();
    let required = question
        .required
        .then_some(view! { <span class="required" aria-label="må besvares">" *"</span> });
    let problem_view = move || {
        problem.get().map(|p| {
            view! { <p class="problem" role="alert" data-testid="problem">{text::problem(&p, Some(&problem_kind))}</p> }
        })
    };
    let input_name = question.id.clone();

    let control = match kind {
        QuestionKind::YesNo => view! {
            <div class="choices">
                {[(true, "Ja"), (false, "Nei")]
                    .into_iter()
                    .map(|(value, caption)| radio(&input_name, Answer::Bool(value), caption.to_owned(), current, form, set))
                    .collect_view()}
            </div>
        }
        .into_any(),
        QuestionKind::Scale { min, max, min_label, max_label } => view! {
            <div class="choices scale">
                {(min..=max)
                    .map(|value| radio(&input_name, Answer::Number(value), value.to_string(), current, form, set))
                    .collect_view()}
            </div>
            <p class="scale-ends">
                <span>{format!("{min} = {}", min_label.get(text::LANG))}</span>
                <span>{format!("{max} = {}", max_label.get(text::LANG))}</span>
            </p>
        }
        .into_any(),
        QuestionKind::Text { max_len } => {
            // The stored text is the starting value only: binding it reactively would move the caret as the
            // shopper types.
            let initial = current.get_untracked().and_then(|a| match a {
                Answer::Text(text) => Some(text),
                _ => None,
            });
            view! {
                <textarea
                    name=input_name.clone()
                    aria-label=label.clone()
                    maxlength=max_len
                    rows="4"
                    prop:value=initial.unwrap_or_default()
                    disabled=move || !form.editable.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        set(if value.is_empty() { None } else { Some(Answer::Text(value)) });
                    }
                ></textarea>
            }
            .into_any()
        }
    };

    view! {
        <fieldset class="question" data-question-id=question.id.clone() class:has-problem=move || problem.with(Option::is_some)>
            <legend>{label.clone()} {required}</legend>
            {control}
            {problem_view}
        </fieldset>
    }
}

/// One radio choice: checked when it is the stored answer, saving `value` when picked.
fn radio(
    name: &str,
    value: Answer,
    caption: String,
    current: Memo<Option<Answer>>,
    form: FormContext,
    set: impl Fn(Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let checked = value.clone();
    view! {
        <label class="choice">
            <input
                type="radio"
                name=name.to_owned()
                prop:checked=move || current.with(|c| c.as_ref() == Some(&checked))
                disabled=move || !form.editable.get()
                on:change=move |_| set(Some(value.clone()))
            />
            <span>{caption}</span>
        </label>
    }
}
