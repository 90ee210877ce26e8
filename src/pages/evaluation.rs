//! The evaluation of one assignment: the contact panel (timers and notes), the questionnaire one section at a
//! time with progress and live skip logic, a review of every answer, and submit. Returned work shows the
//! reviewer's comments; a draft can be deleted after a confirmation.

use leptos::prelude::*;
use shopper_domain::contact::ContactEvent;
use shopper_domain::device::LocalState;
use shopper_domain::protocol::Assignment;
use shopper_domain::{visible, Answer, Answers, Question, QuestionKind, Questionnaire};
use uuid::Uuid;

use crate::components::contact::ContactPanel;
use crate::components::evidence::EvidencePanel;
use crate::components::question::{FormContext, QuestionField};
use crate::i18n::{self, Lang};
use crate::router::{use_navigate, use_params_map};
use crate::state::{now_ms, Shared};
use crate::sync;

/// Which part of the form is on screen: a section (by id) or the review before submitting.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Section(String),
    Review,
}

const REVIEW_STEP: &str = "review";

/// Why the form cannot be drawn although the assignment is on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unusable {
    /// The device does not have the questionnaire version (not synced since it was given).
    Missing,
    /// The device has it, and this app cannot read it (made for a newer app).
    Unreadable,
}

impl Unusable {
    fn words(self, lang: Lang) -> &'static str {
        match self {
            Unusable::Missing => lang.words().questionnaire_missing,
            Unusable::Unreadable => lang.words().questionnaire_unreadable,
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            Unusable::Missing => "questionnaire-missing",
            Unusable::Unreadable => "questionnaire-unreadable",
        }
    }
}

/// Stamps `event` at `at_ms` on the assignment's evaluation, filling the durations its questionnaire takes
/// from the timeline: the list's "reply came" button, through the form's chunk (the questionnaire is read
/// here only). False when it could not: no evaluation, or its questionnaire missing or unreadable.
pub fn stamp_from_list(
    shared: Shared,
    assignment_id: Uuid,
    event: ContactEvent,
    at_ms: i64,
) -> bool {
    let Some(assignment) = shared.assignment(assignment_id) else {
        return false;
    };
    let Some((id, version)) = shared.with_evaluation_for(assignment_id, |e| {
        e.map(|e| {
            (
                e.content.questionnaire_id.clone(),
                e.content.questionnaire_version,
            )
        })
    }) else {
        return false;
    };
    let Some(Ok(questionnaire)) = shared.questionnaire(&id, version) else {
        return false;
    };
    shared.edit(&assignment, &questionnaire, |evaluation| {
        evaluation.stamp(event, at_ms, &questionnaire);
    });
    true
}

#[component]
pub fn EvaluationPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let params = use_params_map();
    let assignment_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| Uuid::parse_str(&id).ok())));
    // The questionnaire version a started draft keeps. A memo of its own, so that a keystroke (which changes
    // the evaluation, never its version) does not make `form_data` copy and compare the questionnaire.
    let draft_version = Memo::new(move |_| {
        let id = assignment_id.get()?;
        shared.with_evaluation_for(id, |e| {
            e.map(|e| {
                (
                    e.content.questionnaire_id.clone(),
                    e.content.questionnaire_version,
                )
            })
        })
    });
    // What the form is drawn from. A memo, so that a sync that brings the same assignment does not redraw the
    // form under the shopper's fingers. A started draft keeps its questionnaire version.
    let form_data = Memo::new(move |_| {
        let assignment = shared.assignment(assignment_id.get()?)?;
        let (questionnaire_id, version) = draft_version.get().unwrap_or_else(|| {
            (
                assignment.questionnaire_id.clone(),
                assignment.questionnaire_version,
            )
        });
        // Read from the server's text here, in the form's code: a version the device lacks, or one this app
        // cannot read (a newer server's question kind), is said on this screen and costs nothing else.
        let questionnaire = match shared.questionnaire(&questionnaire_id, version) {
            Some(Ok(questionnaire)) => Ok(questionnaire),
            Some(Err(_)) => Err((Unusable::Unreadable, questionnaire_id, version)),
            None => Err((Unusable::Missing, questionnaire_id, version)),
        };
        Some((assignment, questionnaire))
    });
    // Outside the redraw, so switching language keeps the shopper where they were.
    let step = RwSignal::new(None::<Step>);
    move || {
        let lang = shared.lang.get();
        let words = lang.words();
        match form_data.get() {
            None => view! {
                <section class="empty">
                    <p>{words.not_on_device}</p>
                    <a class="button" href="/">{words.to_assignments}</a>
                </section>
            }
            .into_any(),
            Some((_, Err((why, id, version)))) => view! {
                <section class="empty">
                    <p class="banner error" role="alert" data-testid=why.test_id()>
                        {format!("{} ({id} v{version})", why.words(lang))}
                    </p>
                    <a class="button" href="/">{words.to_assignments}</a>
                </section>
            }
            .into_any(),
            Some((assignment, Ok(questionnaire))) => {
                view! { <EvaluationForm assignment questionnaire lang step/> }.into_any()
            }
        }
    }
}

#[component]
fn EvaluationForm(
    assignment: Assignment,
    questionnaire: Questionnaire,
    lang: Lang,
    step: RwSignal<Option<Step>>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = lang.words();
    let navigate = use_navigate();
    let id = assignment.id;
    let evaluation = Memo::new(move |_| shared.evaluation_for(id));
    let state = Memo::new(move |_| evaluation.with(|e| e.as_ref().map(|e| e.state)));
    let editable = Signal::derive(move || {
        state.get().is_none_or(|s| {
            matches!(
                s,
                LocalState::Draft | LocalState::Refused | LocalState::Returned
            )
        })
    });
    let questionnaire_value = StoredValue::new(questionnaire.clone());
    let channel = assignment.channel;
    // The parts of the evaluation that change seldom, as memos of their own: a keystroke re-runs these two,
    // and the question fields that follow them only when they really change.
    let problems = Memo::new(move |_| {
        evaluation.with(|e| e.as_ref().map(|e| e.problems.clone()).unwrap_or_default())
    });
    let review = Memo::new(move |_| evaluation.with(|e| e.as_ref().and_then(|e| e.review.clone())));
    let shown = Memo::new(move |_| {
        evaluation.with(|e| {
            let none = Answers::new();
            let answers = e.as_ref().map_or(&none, |e| &e.content.answers);
            questionnaire_value.with_value(|q| visible(q, channel, answers))
        })
    });
    // Which sections and questions it shows: these change only when an answer changes the skip logic, so what
    // follows them is not re-run at every keystroke.
    let shown_sections = Memo::new(move |_| shown.with(|v| v.sections.clone()));
    let shown_questions = Memo::new(move |_| shown.with(|v| v.questions.clone()));
    let form = FormContext {
        assignment: StoredValue::new(assignment.clone()),
        questionnaire: questionnaire_value,
        evaluation,
        problems,
        review,
        editable,
        visible_questions: shown_questions,
        lang,
    };
    // The sections the skip logic shows, in order: the steps of the form.
    let sections = Memo::new(move |_| {
        questionnaire_value.with_value(|q| {
            q.sections
                .iter()
                .filter(|s| shown_sections.with(|v| v.contains(&s.id)))
                .map(|s| (s.id.clone(), s.title.get(lang.code()).to_owned()))
                .collect::<Vec<_>>()
        })
    });
    let current = Memo::new(move |_| match step.get() {
        Some(Step::Review) => Step::Review,
        Some(Step::Section(id)) if sections.with(|s| s.iter().any(|(s, _)| *s == id)) => {
            Step::Section(id)
        }
        _ => sections.with(|s| {
            s.first()
                .map_or(Step::Review, |(id, _)| Step::Section(id.clone()))
        }),
    });
    let position = move || {
        current.with(|c| match c {
            Step::Section(id) => sections.with(|s| s.iter().position(|(s, _)| s == id)),
            Step::Review => None,
        })
    };
    // The new step lands with its heading at the top (below the header), focused for the screen reader; not
    // at the top of the page, above the contact panel. Only while the focus is still where the shopper asked
    // from («Neste», the section picker): one who went on to the notes keeps the caret there.
    let go = move |to: Step| {
        let selector = match &to {
            Step::Section(id) => format!("[data-section-id=\"{id}\"] > h2"),
            Step::Review => "[data-testid=\"review\"] > h2".to_owned(),
        };
        let asked_from = document().active_element();
        step.set(Some(to));
        after_redraw(move || {
            if focus_is_still(&asked_from) {
                focus_heading(&selector);
            }
        });
    };
    let go_by = move |delta: isize| {
        let count = sections.with(Vec::len) as isize;
        let here = position().map_or(count, |p| p as isize);
        let there = here + delta;
        if there >= count {
            go(Step::Review);
        } else if there >= 0 {
            go(Step::Section(
                sections.with(|s| s[there as usize].0.clone()),
            ));
        }
    };
    let progress = Memo::new(move |_| {
        shown.with(|v| {
            let answered = v
                .questions
                .iter()
                .filter(|q| v.answers.contains_key(*q))
                .count();
            (answered, v.questions.len())
        })
    });
    let summary = RwSignal::new(None::<String>);
    let section_of = move |question_id: &str| {
        questionnaire_value.with_value(|q| {
            q.sections
                .iter()
                .find(|s| {
                    s.questions
                        .iter()
                        .any(|question| question.id == question_id)
                })
                .map(|s| s.id.clone())
        })
    };
    let show_question = move |question_id: String| {
        if let Some(section) = section_of(&question_id) {
            step.set(Some(Step::Section(section)));
            after_redraw(move || scroll_to_question(&question_id));
        }
    };
    let first_missing = move || {
        if let Some(first) = problems.with(|p| p.first().map(|p| p.question_id.clone())) {
            show_question(first);
        }
    };
    let submit = move || {
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
                step.set(None);
                let offline = !shared.sync.with_untracked(|s| s.online);
                shared.notice.set(Some(i18n::fill(
                    if offline {
                        words.submitted_offline
                    } else {
                        words.submitted
                    },
                    &[&form.assignment.with_value(|a| a.company.clone())],
                )));
                sync::sync_soon(shared);
                navigate("/", Default::default());
            }
            Err(problems) => {
                summary.set(Some(words.problems_before_submit.of(problems.len())));
                show_question(problems[0].question_id.clone());
            }
        }
    };

    let refusal =
        Memo::new(move |_| evaluation.with(|e| e.as_ref().and_then(|e| e.refusal.clone())));
    let overall_comment = Memo::new(move |_| {
        evaluation.with(|e| {
            e.as_ref()
                .filter(|e| e.state == LocalState::Returned)
                .and_then(|e| e.review.as_ref())
                .map(|r| r.comment.clone())
        })
    });
    let sending = Memo::new(move |_| shared.sync.with(|s| s.sending == Some(id)));
    // The reviewer's comments on questions: (question id, its label, the comment), in the questionnaire's order.
    let commented = move || {
        review.with(|review| {
            let Some(review) = review else {
                return Vec::new();
            };
            questionnaire_value.with_value(|q| {
                q.questions()
                    .filter_map(|question| {
                        review.questions.get(&question.id).map(|text| {
                            (
                                question.id.clone(),
                                question.label.get(lang.code()).to_owned(),
                                text.clone(),
                            )
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    // Sections with a comment are marked in the section picker.
    let section_commented = move |section_id: &str| {
        review.with(|review| {
            review.as_ref().is_some_and(|review| {
                questionnaire_value.with_value(|q| {
                    q.sections.iter().any(|s| {
                        s.id == section_id
                            && s.questions
                                .iter()
                                .any(|question| review.questions.contains_key(&question.id))
                    })
                })
            })
        })
    };

    // The questions are drawn after the first paint (the contact panel above them fills the first screen), one per
    // task and the first section's first, so that no long task holds the phone (building all 40 at start was one
    // task of 0.2-0.4 s at 4x CPU). A section asked for before its turn is drawn when it comes on screen.
    let question_count = questionnaire.questions().count();
    let drawn = RwSignal::new(0usize);
    request_animation_frame(move || draw_later(drawn, question_count));
    let mut question_index = 0;
    let evidence_ready = Memo::new(move |_| drawn.get() > 0);

    view! {
        // The head (the way back, the company, its channel and scenario) is drawn by the main module before
        // this chunk has arrived (`pages::evaluation_loader`); the form goes on below it.
        <div class="evaluation-body">
            <p class="state-line" data-testid="evaluation-state">{move || i18n::state(lang, state.get(), sending.get())}</p>
            <SavedLine lang/>
            // The destructive action up here, away from "Send inn". Its place is kept while there is no draft
            // yet, so the first answer (which makes the draft) moves nothing under the shopper's thumb.
            <div class="draft-actions"><DeleteDraft assignment_id=id lang/></div>
            {move || refusal.get().map(|reason| view! {
                <div class="banner error" role="alert" data-testid="refusal">
                    <p>{format!("{} {}", words.refused_by_server, i18n::refusal(lang, &reason))}</p>
                    // What to do: the answers kept here go as the next revision (after a look at the review).
                    <button type="button" data-testid="send-as-new" on:click=move |_| go(Step::Review)>{words.send_as_new}</button>
                </div>
            })}
            {move || overall_comment.get().map(|comment| view! {
                <div class="banner returned" role="alert" data-testid="returned">
                    <p>{words.returned_banner}</p>
                    {comment.map(|c| view! { <p data-testid="review-comment-overall"><strong>{words.reviewer_says}</strong> " " {c}</p> })}
                    <p class="fixed-count" data-testid="comments-fixed">{move || {
                        let (fixed, all) = evaluation.with(|e| e.as_ref().map_or((0, 0), |e| e.comments_fixed()));
                        i18n::fill(words.fixed_of, &[&fixed, &all])
                    }}</p>
                    // Each comment, in the questionnaire's order, a tap away from its question.
                    <ul class="comment-list" data-testid="comment-list">
                        {commented().into_iter().map(|(question_id, label, text)| view! {
                            <li><button type="button" data-comment-for=question_id.clone()
                                on:click=move |_| show_question(question_id.clone())>
                                <strong>{label}</strong> " " {text}
                            </button></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <ContactPanel form/>

            <nav class="form-nav" aria-label=words.go_to_section>
                <p class="progress-line" data-testid="progress">
                    {move || match position() {
                        Some(at) => i18n::fill(words.section_of, &[&(at + 1), &sections.with(Vec::len)]),
                        None => words.review_title.to_owned(),
                    }}
                    " · "
                    {move || { let (done, all) = progress.get(); i18n::fill(words.answered_of, &[&done, &all]) }}
                </p>
                <progress
                    max=move || progress.get().1.max(1)
                    value=move || progress.get().0
                    aria-label=move || { let (done, all) = progress.get(); i18n::fill(words.answered_of, &[&done, &all]) }
                ></progress>
                <label class="jump">
                    <span>{words.go_to_section}</span>
                    <select
                        data-testid="go-to-section"
                        prop:value=move || match current.get() { Step::Section(id) => id, Step::Review => REVIEW_STEP.to_owned() }
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            go(if value == REVIEW_STEP { Step::Review } else { Step::Section(value) });
                        }
                    >
                        {move || sections.get().into_iter().map(|(id, title)| {
                            let title = if section_commented(&id) { format!("{title} – {}", words.commented) } else { title };
                            view! { <option value=id>{title}</option> }
                        }).collect_view()}
                        <option value=REVIEW_STEP>{words.review_title}</option>
                    </select>
                </label>
            </nav>

            <form class="questions" data-drawn=move || (drawn.get() >= question_count).to_string()
                on:submit=move |ev| { ev.prevent_default(); go_by(1); } novalidate>
                {questionnaire
                    .sections
                    .iter()
                    .map(|section| {
                        let section_id = StoredValue::new(section.id.clone());
                        let applies = move || shown_sections.with(|v| section_id.with_value(|id| v.contains(id)));
                        let on_screen = move || section_id.with_value(|id| current.with(|c| *c == Step::Section(id.clone())));
                        let first_question = question_index;
                        let opens_here = first_question == 0
                            && section_id.with_value(|id| current.with_untracked(|c| *c == Step::Section(id.clone())));
                        question_index += section.questions.len();
                        view! {
                            <section
                                class="form-section"
                                data-section-id=section.id.clone()
                                data-applies=move || applies().to_string()
                                hidden=move || !on_screen()
                            >
                                <h2 tabindex="-1">{section.title.get(lang.code()).to_owned()}</h2>
                                {section.help.as_ref().map(|help| view! { <p class="help">{help.get(lang.code()).to_owned()}</p> })}
                                {section
                                    .questions
                                    .iter()
                                    .enumerate()
                                    .map(|(i, question)| {
                                        // Drawn once its turn has come, or at once when its section is on screen
                                        // before that, and kept; the first section, on screen as the form opens,
                                        // comes first in turn.
                                        let ready = Memo::new(move |was: Option<&bool>| {
                                            was.copied().unwrap_or(false)
                                                || drawn.get() > first_question + i
                                                || (on_screen() && !opens_here)
                                        });
                                        let question = question.clone();
                                        move || ready.get().then(|| view! { <QuestionField question=question.clone() form/> })
                                    })
                                    .collect_view()}
                            </section>
                        }
                    })
                    .collect_view()}
                <div class="step-buttons" hidden=move || current.get() == Step::Review>
                    <button type="button" data-testid="previous" disabled=move || position() == Some(0) on:click=move |_| go_by(-1)>
                        {words.previous}
                    </button>
                    <button type="submit" class="primary" data-testid="next">
                        {move || if position().is_some_and(|p| p + 1 >= sections.with(Vec::len)) { words.review } else { words.next }}
                    </button>
                </div>
            </form>

            // Below the form, where its arrival after the first paint moves nothing.
            {move || evidence_ready.get().then(|| view! { <EvidencePanel form/> })}

            <section class="review" data-testid="review" hidden=move || current.get() != Step::Review>
                <h2 tabindex="-1">{words.review_title}</h2>
                // Drawn only while on screen: drawn behind the form, it was redone at every keystroke.
                {move || (current.get() == Step::Review).then(|| {
                    let answers = shown.with(|v| v.answers.clone());
                    questionnaire_value.with_value(|q| {
                        q.sections
                            .iter()
                            .filter(|s| shown.with(|v| v.sections.contains(&s.id)))
                            .map(|section| {
                                let section_id = section.id.clone();
                                view! {
                                    <div class="review-section">
                                        <h3>{section.title.get(lang.code()).to_owned()}</h3>
                                        <dl>
                                            {section
                                                .questions
                                                .iter()
                                                .filter(|question| shown.with(|v| v.questions.contains(&question.id)))
                                                .map(|question| {
                                                    let answer = answers.get(&question.id);
                                                    let missing = answer.is_none() && question.required;
                                                    view! {
                                                        <div class="review-item" class:missing=missing data-review-id=question.id.clone()>
                                                            <dt>{question.label.get(lang.code()).to_owned()}</dt>
                                                            <dd>{answer.map_or_else(|| words.not_answered.to_owned(), |a| answer_text(lang, question, a))}</dd>
                                                        </div>
                                                    }
                                                })
                                                .collect_view()}
                                        </dl>
                                        <button type="button" on:click=move |_| go(Step::Section(section_id.clone()))>{words.change}</button>
                                    </div>
                                }
                            })
                            .collect_view()
                    })
                })}
            </section>

            {move || summary.get().map(|text| view! {
                <div class="banner error" role="alert" data-testid="submit-problems">
                    <p>{text}</p>
                    <button type="button" data-testid="first-missing" on:click=move |_| first_missing()>{words.first_missing}</button>
                </div>
            })}
            <div class="submit-row" hidden=move || current.get() != Step::Review>
                <button type="button" class="primary" data-testid="submit" disabled=move || !editable.get() on:click=move |_| submit()>
                    {words.submit}
                </button>
            </div>
        </div>
    }
}

/// How many questions one task draws after the first paint: one, since a question drawn for the first time costs
/// 10-20 ms at 4x CPU and a task over 50 ms is a long one on a slow phone.
const QUESTIONS_PER_TASK: usize = 1;

/// Draws the next question(s) in a task of their own, then schedules the next, until all `count` are drawn (or
/// the form is gone).
fn draw_later(drawn: RwSignal<usize>, count: usize) {
    set_timeout(
        move || {
            let now = drawn.try_update(|n| {
                *n = (*n + QUESTIONS_PER_TASK).min(count);
                *n
            });
            if now.is_some_and(|n| n < count) {
                draw_later(drawn, count);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// "Saved on the phone 09:14:03" once the last change is on the device; "saving" while a write is under way,
/// "not saved" when the device refused it (the status bar says why).
#[component]
fn SavedLine(lang: Lang) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = lang.words();
    let failed = move || shared.storage_error.with(Option::is_some);
    view! {
        <p class="saved-line muted" data-testid="saved" data-pending=move || shared.saved.with(|s| s.pending).to_string()
            class:error=failed>
            {move || {
                let saved = shared.saved.get();
                if failed() {
                    words.not_saved.to_owned()
                } else if saved.pending {
                    words.saving.to_owned()
                } else {
                    saved.at_ms.map(|ms| i18n::fill(words.saved_at, &[&i18n::clock_ms(lang, ms, false)])).unwrap_or_default()
                }
            }}
        </p>
    }
}

/// "Delete the draft", with a confirmation in place (no browser dialog).
#[component]
fn DeleteDraft(assignment_id: Uuid, lang: Lang) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = lang.words();
    let navigate = use_navigate();
    let draft = Memo::new(move |_| {
        shared.with_evaluation_for(assignment_id, |e| {
            e.filter(|e| e.state == LocalState::Draft).map(|e| e.id)
        })
    });
    let asking = RwSignal::new(false);
    move || {
        let navigate = navigate.clone();
        draft.get().map(|evaluation_id| {
            if asking.get() {
                view! {
                    <div class="banner confirm" role="alertdialog" aria-label=words.delete_draft data-testid="delete-confirm">
                        <p>{words.delete_confirm}</p>
                        <button type="button" class="danger" data-testid="delete-yes" on:click=move |_| {
                            shared.delete_draft(evaluation_id);
                            asking.set(false);
                            navigate("/", Default::default());
                        }>{words.delete_yes}</button>
                        <button type="button" data-testid="delete-cancel" on:click=move |_| asking.set(false)>{words.cancel}</button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" class="delete" data-testid="delete-draft" on:click=move |_| asking.set(true)>
                        {words.delete_draft}
                    </button>
                }
                .into_any()
            }
        })
    }
}

/// An answer as the review shows it: option labels instead of ids, "yes"/"no", durations in minutes.
fn answer_text(lang: Lang, question: &Question, answer: &Answer) -> String {
    let words = lang.words();
    let option_label = |id: &str| match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options
                .iter()
                .find(|o| o.id == id)
                .map_or_else(|| id.to_owned(), |o| o.label.get(lang.code()).to_owned())
        }
        _ => id.to_owned(),
    };
    match (answer, &question.kind) {
        (Answer::NotApplicable, _) => words.not_applicable.to_owned(),
        (Answer::Bool(true), _) => words.yes.to_owned(),
        (Answer::Bool(false), _) => words.no.to_owned(),
        (Answer::Number(n), QuestionKind::Duration { .. }) => i18n::duration(lang, *n),
        (
            Answer::Number(n),
            QuestionKind::Number {
                unit: Some(unit), ..
            },
        ) => {
            format!(
                "{} {}",
                i18n::number(lang, *n as f64),
                unit.get(lang.code())
            )
        }
        (Answer::Number(n), QuestionKind::Scale { max, .. }) => {
            i18n::fill(words.of_scale, &[n, max])
        }
        (Answer::Number(n), QuestionKind::Nps) => i18n::fill(words.of_scale, &[n, &10]),
        (Answer::Number(n), _) => i18n::number(lang, *n as f64),
        (Answer::Text(text), QuestionKind::DateTime) => {
            i18n::date(lang, text) + " " + text.get(11..16).unwrap_or("")
        }
        (Answer::Text(id), QuestionKind::SingleChoice { .. }) => option_label(id),
        (Answer::Text(text), _) => text.clone(),
        (Answer::Choices(ids), _) => ids
            .iter()
            .map(|id| option_label(id))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn scroll_to_question(question_id: &str) {
    let selector = format!("[data-question-id=\"{question_id}\"]");
    if let Some(element) = document().query_selector(&selector).ok().flatten() {
        element.scroll_into_view();
    }
}

/// Runs `then` once what the last signal changes redraw is on the page: right after the pending updates, in
/// the same task (not at the next animation frame, which a busy phone gives late, after the shopper has gone
/// on to type elsewhere).
fn after_redraw(then: impl FnOnce() + 'static) {
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        then();
    });
}

/// Whether the focus is still on `asked_from` (or nowhere): the shopper has not gone on to another field.
fn focus_is_still(asked_from: &Option<web_sys::Element>) -> bool {
    match document().active_element() {
        None => true,
        Some(now) => {
            Some(&now) == asked_from.as_ref()
                || document()
                    .body()
                    .is_some_and(|body| AsRef::<web_sys::Element>::as_ref(&body) == &now)
        }
    }
}

fn focus_heading(selector: &str) {
    use wasm_bindgen::JsCast;
    if let Some(heading) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        heading.scroll_into_view();
        let _ = heading.focus();
    }
}
