//! One question of the form, drawn by its kind. Every change is saved on the device at once.

use std::collections::BTreeSet;

use leptos::prelude::*;
use shopper_domain::device::DeviceEvaluation;
use shopper_domain::protocol::{Assignment, ReviewComments};
use shopper_domain::{Answer, Problem, Question, QuestionKind, Questionnaire};

use crate::i18n::{self, Lang};
use crate::state::Shared;

/// What every question of one form shares.
#[derive(Clone, Copy)]
pub struct FormContext {
    pub assignment: StoredValue<Assignment>,
    pub questionnaire: StoredValue<Questionnaire>,
    /// The form's evaluation, once per change: each question reads its answer from here, without a copy and
    /// without searching the device's evaluations again.
    pub evaluation: Memo<Option<DeviceEvaluation>>,
    /// Its problems and the reviewer's comments, which a keystroke seldom changes.
    pub problems: Memo<Vec<Problem>>,
    pub review: Memo<Option<ReviewComments>>,
    pub editable: Signal<bool>,
    /// The questions the skip logic shows for the answers so far (a memo that changes only when they do).
    pub visible_questions: Memo<BTreeSet<String>>,
    /// The form is drawn anew when the language changes.
    pub lang: Lang,
}

#[component]
pub fn QuestionField(question: Question, form: FormContext) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let id = StoredValue::new(question.id.clone());
    let current = Memo::new(move |_| {
        id.with_value(|id| {
            form.evaluation
                .with(|e| e.as_ref().and_then(|e| e.content.answers.get(id).cloned()))
        })
    });
    let problem = Memo::new(move |_| {
        id.with_value(|id| {
            form.problems
                .with(|problems| problems.iter().find(|p| &p.question_id == id).cloned())
        })
    });
    let shown =
        Memo::new(move |_| id.with_value(|id| form.visible_questions.with(|v| v.contains(id))));
    let set = move |answer: Option<Answer>| {
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                id.with_value(|id| shared.answer(assignment, questionnaire, id, answer));
            })
        })
    };
    let lang = form.lang;
    let words = lang.words();
    let problem_kind = question.kind.clone();
    let problem_element_id = format!("problem-{}", question.id);
    let problem_view = move || {
        problem.get().map(|p| {
            // Not an alert of its own: the form announces one summary of every missing answer.
            view! { <p class="problem" id=problem_element_id.clone() data-testid="problem">{i18n::problem(lang, &p, Some(&problem_kind))}</p> }
        })
    };
    let review_comment = Memo::new(move |_| {
        id.with_value(|id| {
            form.review.with(|review| {
                review
                    .as_ref()
                    .and_then(|review| review.questions.get(id).cloned())
            })
        })
    });
    let required = question
        .required
        .then_some(view! { <span class="required" aria-label=words.required>" *"</span> });
    // One help line: a duration the timer fills says so itself (the questionnaire's own help would repeat it).
    let from_timer = matches!(question.kind, QuestionKind::Duration { from: Some(_), .. });
    let help = question
        .help
        .as_ref()
        .filter(|_| !from_timer)
        .map(|help| view! { <p class="help">{help.get(lang.code()).to_owned()}</p> });
    let problem_id = format!("problem-{}", question.id);
    let field = Field {
        name: question.id.clone(),
        label: question.label.get(lang.code()).to_owned(),
        current,
        form,
        set,
    };
    let control = control(&question, &field);

    view! {
        <fieldset
            class="question"
            data-question-id=question.id.clone()
            data-kind=question.kind.name()
            hidden=move || !shown.get()
            class:has-problem=move || problem.with(Option::is_some)
            aria-invalid=move || problem.with(Option::is_some).then_some("true")
            aria-describedby=move || problem.with(Option::is_some).then(|| problem_id.clone())
        >
            <legend>{field.label.clone()} {required}</legend>
            {help}
            {move || review_comment.get().map(|comment| view! {
                <p class="review-comment" data-testid="review-comment">{format!("{} {comment}", words.reviewer_says)}</p>
            })}
            {control}
            {problem_view}
        </fieldset>
    }
}

/// What a control needs to show and change its question's answer.
#[derive(Clone)]
struct Field<S> {
    name: String,
    label: String,
    current: Memo<Option<Answer>>,
    form: FormContext,
    set: S,
}

fn control<S>(question: &Question, field: &Field<S>) -> AnyView
where
    S: Fn(Option<Answer>) + Copy + Send + Sync + 'static,
{
    let lang = field.form.lang;
    let words = lang.words();
    let na = question
        .allow_na
        .then_some((Answer::NotApplicable, words.not_applicable.to_owned()));
    let choices = |options: Vec<(Answer, String)>| {
        view! {
            <div class="choices">
                {options.into_iter().chain(na.clone()).map(|(value, caption)| radio(field, value, caption)).collect_view()}
            </div>
        }
    };
    match &question.kind {
        QuestionKind::YesNo { .. } => choices(vec![
            (Answer::Bool(true), words.yes.to_owned()),
            (Answer::Bool(false), words.no.to_owned()),
        ])
        .into_any(),
        QuestionKind::Scale { min, max, min_label, max_label } => view! {
            <div class="choices scale">
                {(*min..=*max).map(|value| radio(field, Answer::Number(value), value.to_string())).collect_view()}
                {na.clone().map(|(value, caption)| radio(field, value, caption))}
            </div>
            <p class="scale-ends">
                <span>{format!("{min} = {}", min_label.get(lang.code()))}</span>
                <span>{format!("{max} = {}", max_label.get(lang.code()))}</span>
            </p>
        }
        .into_any(),
        QuestionKind::Nps => view! {
            <div class="choices scale">
                {(0..=10).map(|value| radio(field, Answer::Number(value), value.to_string())).collect_view()}
                {na.clone().map(|(value, caption)| radio(field, value, caption))}
            </div>
            <p class="scale-ends"><span>{words.nps_ends.0}</span><span>{words.nps_ends.1}</span></p>
        }
        .into_any(),
        QuestionKind::SingleChoice { options } => choices(
            options
                .iter()
                .map(|o| (Answer::Text(o.id.clone()), o.label.get(lang.code()).to_owned()))
                .chain(gone_options(field, options).into_iter().map(|id| {
                    let caption = i18n::fill(words.option_gone, &[&id]);
                    (Answer::Text(id), caption)
                }))
                .collect(),
        )
        .into_any(),
        QuestionKind::MultipleChoice { options } => {
            let gone = gone_options(field, options);
            let ids: Vec<String> = options.iter().map(|o| o.id.clone()).chain(gone.iter().cloned()).collect();
            view! {
                <div class="choices">
                    {options
                        .iter()
                        .map(|o| checkbox(field, o.id.clone(), o.label.get(lang.code()).to_owned(), ids.clone()))
                        .collect_view()}
                    {gone
                        .into_iter()
                        .map(|id| {
                            let caption = i18n::fill(words.option_gone, &[&id]);
                            checkbox(field, id, caption, ids.clone())
                        })
                        .collect_view()}
                    {na.clone().map(|(value, caption)| radio(field, value, caption))}
                </div>
            }
            .into_any()
        }
        QuestionKind::Number { min, max, unit } => {
            number_input(field, *min, *max, unit.as_ref().map(|u| u.get(lang.code()).to_owned()), false)
        }
        QuestionKind::Duration { max, from, .. } => {
            let channel = field.form.assignment.with_value(|a| a.channel);
            let current = field.current;
            view! {
                {if *max >= DAY {
                    duration_input(field, *max, lang)
                } else {
                    number_input(field, 0, *max, Some(words.seconds.to_owned()), true)
                }}
                // Seconds read as what they are: "= 2 d 3 t" for an e-mail's reply time.
                <p class="help" data-testid="duration-reads">{move || match current.get() {
                    Some(Answer::Number(n)) if n >= 60 => format!("= {}", i18n::duration(lang, n)),
                    _ => String::new(),
                }}</p>
                {from.map(|which| view! { <p class="help">{i18n::from_timer(lang, channel, which)}</p> })}
            }
            .into_any()
        }
        QuestionKind::DateTime => {
            let Field { name, label, current, form, set } = field.clone();
            // Follows the stored answer: the first stamp of the contact fills it in.
            let shown = move || match current.get() {
                Some(Answer::Text(value)) => value,
                _ => String::new(),
            };
            view! {
                <input
                    type="datetime-local"
                    name=name
                    aria-label=label
                    prop:value=shown
                    disabled=move || !form.editable.get()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        set(if value.is_empty() { None } else { Some(Answer::Text(value)) });
                    }
                />
            }
            .into_any()
        }
        QuestionKind::Text { max_len } => {
            let Field { name, label, current, form, set } = field.clone();
            // The stored text is the starting value; after that it is shown only while the field is not being
            // typed in (a change from another tab): binding it reactively would move the caret as one types.
            let initial = match current.get_untracked() {
                Some(Answer::Text(value)) => value,
                _ => String::new(),
            };
            let node = NodeRef::new();
            follow_stored(node, move || match current.get() {
                Some(Answer::Text(value)) => value,
                _ => String::new(),
            });
            view! {
                <textarea
                    node_ref=node
                    name=name
                    aria-label=label
                    maxlength=*max_len
                    rows="4"
                    prop:value=initial
                    disabled=move || !form.editable.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        set(if value.is_empty() { None } else { Some(Answer::Text(value)) });
                    }
                ></textarea>
            }
            .into_any()
        }
    }
}

/// A whole-number input. `follow` keeps it showing the stored answer (a duration the timers fill in);
/// otherwise the stored answer is only the starting value, so typing is never interrupted.
fn number_input<S>(
    field: &Field<S>,
    min: i64,
    max: i64,
    unit: Option<String>,
    follow: bool,
) -> AnyView
where
    S: Fn(Option<Answer>) + Copy + Send + Sync + 'static,
{
    let Field {
        name,
        label,
        current,
        form,
        set,
    } = field.clone();
    let shown = move || match current.get() {
        Some(Answer::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let initial = current.with_untracked(|c| match c {
        Some(Answer::Number(n)) => n.to_string(),
        _ => String::new(),
    });
    view! {
        <div class="number">
            <input
                type="number"
                inputmode="numeric"
                name=name
                aria-label=label
                min=min
                max=max
                step="1"
                prop:value=move || if follow { shown() } else { initial.clone() }
                disabled=move || !form.editable.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    set(value.trim().parse::<i64>().ok().map(Answer::Number));
                }
            />
            {unit.map(|unit| view! { <span class="unit">{unit}</span> })}
        </div>
    }
    .into_any()
}

const DAY: i64 = 86_400;

/// A duration that can run into days (an e-mail's reply time): a number and its unit (seconds, minutes,
/// hours, days), stored as seconds as every duration is. The unit shown is the largest that the
/// stored seconds reach (hours for an empty answer); changing the unit keeps the number typed and
/// stores it in the new unit. A half ("1,5" or "1.5") is taken, to the second.
fn duration_input<S>(field: &Field<S>, max: i64, lang: crate::i18n::Lang) -> AnyView
where
    S: Fn(Option<Answer>) + Copy + Send + Sync + 'static,
{
    let Field {
        name,
        label,
        current,
        form,
        set,
    } = field.clone();
    let units: Vec<(i64, &'static str)> = [
        (1, "s"),
        (60, "min"),
        (3600, lang.words().hour_unit),
        (DAY, "d"),
    ]
    .into_iter()
    .filter(|(factor, _)| *factor <= max)
    .collect();
    // The largest unit the value reaches: 172,801 s read as "2" days, 5,400 s as "1,5" hours.
    let fitting_unit = move |seconds: i64| {
        [DAY, 3600, 60]
            .into_iter()
            .find(|factor| *factor <= max && seconds >= *factor)
            .unwrap_or(1)
    };
    let unit = RwSignal::new(current.with_untracked(|c| match c {
        Some(Answer::Number(n)) => fitting_unit(*n),
        _ => 3600,
    }));
    // The stored seconds come from the timer too: a value set while the shopper is not typing here takes the
    // unit it reaches.
    let typed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Answer::Number(n)) = current.get() {
            if typed.get_untracked().is_none() {
                unit.set(fitting_unit(n));
            }
        }
    });
    let shown = move || match (typed.get(), current.get()) {
        (Some(text), _) => text,
        (None, Some(Answer::Number(n))) => amount_text(lang, n, unit.get()),
        _ => String::new(),
    };
    let store = move |text: &str, factor: i64| {
        set(seconds_of(text, factor).map(Answer::Number));
    };
    view! {
        <div class="number duration">
            <input
                type="text"
                inputmode="decimal"
                name=name.clone()
                aria-label=label.clone()
                prop:value=shown
                disabled=move || !form.editable.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    store(&text, unit.get_untracked());
                    typed.set(Some(text));
                }
                on:blur=move |_| typed.set(None)
            />
            <select
                class="unit"
                data-testid="duration-unit"
                aria-label=format!("{label}: {}", lang.words().unit)
                disabled=move || !form.editable.get()
                on:change=move |ev| {
                    let Ok(factor) = event_target_value(&ev).parse::<i64>() else { return };
                    let text = typed.get_untracked().unwrap_or_else(|| match current.get_untracked() {
                        Some(Answer::Number(n)) => amount_text(lang, n, unit.get_untracked()),
                        _ => String::new(),
                    });
                    unit.set(factor);
                    if !text.trim().is_empty() {
                        store(&text, factor);
                    }
                }
            >
                {units.into_iter().map(|(factor, name)| view! {
                    <option value=factor.to_string() prop:selected=move || unit.get() == factor>{name}</option>
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

/// Seconds as a number of `factor`-second units: "2", "1,5" (up to three decimals, the language's mark).
fn amount_text(lang: crate::i18n::Lang, seconds: i64, factor: i64) -> String {
    let (whole, rest) = (seconds / factor, seconds % factor);
    if rest == 0 {
        return whole.to_string();
    }
    let thousandths = (rest * 1000 + factor / 2) / factor;
    match thousandths {
        0 => return whole.to_string(),
        1000 => return (whole + 1).to_string(),
        _ => {}
    }
    let fraction = format!("{thousandths:03}");
    let mark = if lang == crate::i18n::Lang::En {
        '.'
    } else {
        ','
    };
    format!("{whole}{mark}{}", fraction.trim_end_matches('0'))
}

/// A typed number of `factor`-second units as seconds: "2" days, "1,5" hours; whole-number arithmetic (float
/// parsing would cost the first load several KB). None when it is not a number.
fn seconds_of(text: &str, factor: i64) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = match text.bytes().position(|b| b == b',' || b == b'.') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    // Three decimals at most: a thousandth of a day is 86 s, finer than a reply time is ever typed.
    let mut part = 0i64;
    let mut scale = 1i64;
    for digit in fraction.bytes().take(3) {
        part = part * 10 + i64::from(digit - b'0');
        scale *= 10;
    }
    whole
        .checked_mul(factor)?
        .checked_add((part * factor + scale / 2) / scale)
}

/// The stored option ids this version of the questionnaire no longer offers (an answer kept from an older
/// definition): shown, checked, until the shopper changes them, never dropped by a tap on another option.
fn gone_options<S>(
    field: &Field<S>,
    options: &[shopper_domain::questionnaire::ChoiceOption],
) -> Vec<String>
where
    S: Fn(Option<Answer>) + Copy + Send + Sync + 'static,
{
    let known = |id: &String| options.iter().any(|o| &o.id == id);
    field.current.with_untracked(|stored| match stored {
        Some(Answer::Text(id)) if !known(id) => vec![id.clone()],
        Some(Answer::Choices(chosen)) => chosen.iter().filter(|id| !known(id)).cloned().collect(),
        _ => Vec::new(),
    })
}

/// One radio choice: checked when it is the stored answer, saving `value` when picked.
fn radio<S>(field: &Field<S>, value: Answer, caption: String) -> impl IntoView
where
    S: Fn(Option<Answer>) + Copy + Send + Sync + 'static,
{
    let Field {
        name,
        current,
        form,
        set,
        ..
    } = field.clone();
    let checked = value.clone();
    view! {
        <label class="choice">
            <input
                type="radio"
                name=name
                prop:checked=move || current.with(|c| c.as_ref() == Some(&checked))
                disabled=move || !form.editable.get()
                on:change=move |_| set(Some(value.clone()))
            />
            <span>{caption}</span>
        </label>
    }
}

/// One option of a multiple choice: the answer is the chosen options in the questionnaire's order; choosing
/// none leaves the question unanswered.
fn checkbox<S>(
    field: &Field<S>,
    option: String,
    caption: String,
    order: Vec<String>,
) -> impl IntoView
where
    S: Fn(Option<Answer>) + Copy + Send + Sync + 'static,
{
    let Field {
        current, form, set, ..
    } = field.clone();
    let mine = option.clone();
    let is_chosen =
        move || matches!(current.get(), Some(Answer::Choices(chosen)) if chosen.contains(&mine));
    view! {
        <label class="choice">
            <input
                type="checkbox"
                prop:checked=is_chosen
                disabled=move || !form.editable.get()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let before = match current.get_untracked() {
                        Some(Answer::Choices(chosen)) => chosen,
                        _ => vec![],
                    };
                    // In the options' order, taken from the options (no sort: its code costs the first load
                    // more than a few options cost time).
                    let chosen: Vec<String> = order
                        .iter()
                        .filter(|o| if **o == option { on } else { before.contains(o) })
                        .cloned()
                        .collect();
                    set((!chosen.is_empty()).then_some(Answer::Choices(chosen)));
                }
            />
            <span>{caption}</span>
        </label>
    }
}

/// Keeps a text field showing the stored text when it changed elsewhere (the same draft typed in another
/// tab), but never while the field has the focus: what the shopper is typing into is not touched.
pub fn follow_stored(
    node: NodeRef<leptos::html::Textarea>,
    stored: impl Fn() -> String + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        let text = stored();
        let Some(field) = node.get() else {
            return;
        };
        // Typed in: the focused field of the page that has the focus (a tab in the background keeps its
        // active element, but nobody types there).
        let document = document();
        let focused = document.has_focus().unwrap_or(true)
            && document
                .active_element()
                .is_some_and(|active| AsRef::<web_sys::Element>::as_ref(&field) == &active);
        if !focused && field.value() != text {
            field.set_value(&text);
        }
    });
}
