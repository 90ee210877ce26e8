//! The contact panel, used during the call, chat or e-mail: big one-tap buttons that stamp each moment
//! (saved at once, the last one undoable), the waiting and talk time they give, and a notes pad.

use leptos::prelude::*;
use shopper_domain::contact::{derived_seconds, ContactEvent};
use shopper_domain::questionnaire::Derived;
use shopper_domain::Channel;

use crate::components::question::FormContext;
use crate::i18n;
use crate::state::{now_ms, Shared};

fn events(channel: Channel) -> &'static [ContactEvent] {
    use ContactEvent::*;
    match channel {
        Channel::Phone => &[Dialled, Answered, OnHold, Resumed, Transferred, Ended],
        Channel::Chat => &[Opened, FirstReply, Closed],
        Channel::Email => &[Sent, Replied],
    }
}

#[component]
pub fn ContactPanel(form: FormContext) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = form.lang;
    let words = lang.words();
    let channel = form.assignment.with_value(|a| a.channel);
    let timeline = Memo::new(move |_| {
        form.evaluation
            .with(|e| e.as_ref().map(|e| e.content.timeline.clone()))
            .unwrap_or_default()
    });
    let edit = move |change: &dyn Fn(
        &mut shopper_domain::device::DeviceEvaluation,
        &shopper_domain::Questionnaire,
    )| {
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                shared.edit(assignment, questionnaire, |evaluation| {
                    change(evaluation, questionnaire)
                });
            })
        })
    };
    let figure = move |which: Derived| {
        move || {
            timeline
                .with(|t| derived_seconds(t, which))
                .map(i18n::duration)
                .unwrap_or_else(|| "–".into())
        }
    };
    let initial_notes = form
        .evaluation
        .with_untracked(|e| e.as_ref().map(|e| e.content.notes.clone()))
        .unwrap_or_default();
    view! {
        <section class="contact-panel" data-testid="contact-panel">
            <h2>{words.contact}</h2>
            <div class="stamps">
                {events(channel)
                    .iter()
                    .map(|&event| view! {
                        <button
                            type="button"
                            class="stamp"
                            data-event=format!("{event:?}")
                            disabled=move || !form.editable.get()
                            on:click=move |_| edit(&|evaluation, questionnaire| {
                                evaluation.stamp(event, now_ms(), questionnaire);
                            })
                        >
                            {i18n::event(lang, event)}
                        </button>
                    })
                    .collect_view()}
            </div>
            <ol class="timeline" data-testid="timeline">
                {move || timeline.get().into_iter().map(|stamp| view! {
                    <li>{format!("{} {}", i18n::clock_ms(lang, stamp.at_ms, false), i18n::event(lang, stamp.event))}</li>
                }).collect_view()}
            </ol>
            <p class="figures">
                <span>{words.waiting_time} ": " <strong data-testid="waiting-time">{figure(Derived::WaitingTime)}</strong></span>
                <span>{words.talk_time} ": " <strong data-testid="talk-time">{figure(Derived::TalkTime)}</strong></span>
            </p>
            <button
                type="button"
                data-testid="undo-stamp"
                disabled=move || !form.editable.get() || timeline.with(Vec::is_empty)
                on:click=move |_| edit(&|evaluation, questionnaire| {
                    evaluation.undo_stamp(questionnaire, now_ms());
                })
            >
                {words.undo}
            </button>
            <label class="notes">
                <span>{words.notes}</span>
                <span class="help">{words.notes_hint}</span>
                <textarea
                    data-testid="notes"
                    rows="4"
                    maxlength="10000"
                    prop:value=initial_notes
                    disabled=move || !form.editable.get()
                    on:input=move |ev| {
                        let notes = event_target_value(&ev);
                        edit(&|evaluation, _| {
                            evaluation.set_notes(notes.clone(), now_ms());
                        })
                    }
                ></textarea>
            </label>
        </section>
    }
}
