//! The contact panel, used during the call, chat or e-mail: a call bar that leads with one large next step
//! (the first one also dials, opens the chat or writes the e-mail) and a live clock, the steps done with their
//! time, unanswered attempts and "Ikke svar" once the campaign's rule allows it, undo that names what it
//! undoes, and a notes pad. Once the contact is over the panel folds into one line. The rules are the
//! domain's `callbar` and `outcome`.

use leptos::prelude::*;
use shopper_domain::callbar::{self, Phase};
use shopper_domain::contact::{derived_seconds, ContactEvent};
use shopper_domain::outcome::{not_reached_allowed, unanswered_calls, Unmet};
use shopper_domain::questionnaire::Derived;
use shopper_domain::{Answer, Channel, QuestionKind};

use crate::components::question::{follow_stored, FormContext};
use crate::i18n;
use crate::router::use_navigate;
use crate::state::{now_ms, Shared};
use crate::sync;

#[component]
pub fn ContactPanel(form: FormContext) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let navigate = use_navigate();
    let lang = form.lang;
    let words = lang.words();
    let (channel, company, contact, rule) = form.assignment.with_value(|a| {
        (
            a.channel,
            a.company.clone(),
            a.contact.clone(),
            a.outcome_rule,
        )
    });
    let timeline = Memo::new(move |_| {
        form.evaluation
            .with(|e| e.as_ref().map(|e| e.content.timeline.clone()))
            .unwrap_or_default()
    });
    let phase = move || timeline.with(|t| callbar::phase(channel, t));
    let under_way = Memo::new(move |_| {
        matches!(
            phase(),
            Phase::Waiting { .. } | Phase::Live { .. } | Phase::OnHold { .. }
        )
    });
    // The live clock: ticks twice a second while the panel is on screen.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(now_ms()),
        std::time::Duration::from_millis(500),
    ) {
        on_cleanup(move || handle.clear());
    }
    // What the last tap did, for the screen reader (and as the short message of a refused tap).
    let announcement = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
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
    let company_name = StoredValue::new(company);
    // A chat's address opens beside the app, so the form stays where it is.
    let web_link = contact.starts_with("http");
    let contact = StoredValue::new(contact);
    let stamp = move |event: ContactEvent| {
        let check = timeline.with_untracked(|t| callbar::check_stamp(channel, t, event));
        match check {
            Ok(()) => {
                let at = now_ms();
                let local = local_date_time(at);
                edit(&|evaluation, questionnaire| {
                    let first = evaluation.content.timeline.is_empty();
                    evaluation.stamp(event, at, questionnaire);
                    // The contact time comes from the first stamp (the shopper can still change it).
                    if first {
                        for question in questionnaire.questions() {
                            if question.kind == QuestionKind::DateTime
                                && !evaluation.content.answers.contains_key(&question.id)
                            {
                                evaluation.set_answer(
                                    &question.id,
                                    Some(Answer::Text(local.clone())),
                                    at,
                                );
                            }
                        }
                    }
                });
                now.set(at);
                refused.set(None);
                announcement.set(i18n::stamped(lang, event, &i18n::clock_ms(lang, at, false)));
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().vibrate_with_duration(30);
                }
            }
            Err(why) => {
                let text = company_name.with_value(|c| i18n::stamp_refused(lang, why, c));
                announcement.set(text.clone());
                refused.set(Some(text));
            }
        }
    };
    let clock = move || {
        let at = now.get();
        let (label, since) = match phase() {
            Phase::Waiting { since_ms } => (words.clock_waiting, since_ms),
            Phase::Live { since_ms } => (words.clock_talking, since_ms),
            Phase::OnHold { since_ms, .. } => (words.clock_on_hold, since_ms),
            _ => return String::new(),
        };
        format!(
            "{label} {}",
            i18n::clock_duration(lang, (at - since).max(0) / 1000)
        )
    };
    let over = Memo::new(move |_| phase() == Phase::Over);
    // Whether "Ikke svar" may be sent: a memo, so the ticking clock redraws the panel only when it flips.
    let rule_ok = Memo::new(move |_| {
        let at = now.get();
        timeline.with(|t| not_reached_allowed(&rule, channel, t, at).is_ok())
    });
    let confirming = RwSignal::new(false);
    // A first stamp outside the assignment's window waits for the shopper's "Start likevel": the moment
    // tapped and what the window says.
    let window_asking = RwSignal::new(None::<(ContactEvent, String)>);
    let window_line = Memo::new(move |_| {
        let at = now.get();
        form.assignment.with_value(|a| {
            crate::window::status(a, at).map(|(window, status)| {
                (
                    crate::window::status_name(status),
                    crate::window::describe(lang, &window, status),
                )
            })
        })
    });
    let not_reached_problem = RwSignal::new(false);
    let send_not_reached = move || {
        let mut outcome = Ok(());
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                shared.edit(assignment, questionnaire, |evaluation| {
                    outcome = evaluation.submit_not_reached(questionnaire, &rule, now_ms());
                });
            })
        });
        match outcome {
            Ok(()) => {
                confirming.set(false);
                let offline = !shared.sync.with_untracked(|s| s.online);
                shared.notice.set(Some(i18n::fill(
                    if offline {
                        words.submitted_offline
                    } else {
                        words.submitted
                    },
                    &[&company_name.get_value()],
                )));
                sync::sync_soon(shared);
                navigate("/", Default::default());
            }
            Err(_) => not_reached_problem.set(true),
        }
    };
    let send_not_reached = StoredValue::new(send_not_reached);
    let undo = move || {
        let undone = timeline.with_untracked(|t| t.last().map(|s| s.event));
        edit(&|evaluation, questionnaire| {
            evaluation.undo_stamp(questionnaire, now_ms());
        });
        refused.set(None);
        if let Some(event) = undone {
            announcement.set(i18n::fill(words.undone, &[&i18n::event(lang, event)]));
        }
    };
    // Everything that follows the timeline is written as markup each time it changes (a stamp is a tap,
    // seldom), and its taps are read by one handler from `data-event` / `data-action`: a view per button cost
    // the first load about 15 KB brotli. Every text from outside the app is escaped.
    let drawn = move || {
        let t = timeline.get();
        let editable = form.editable.get();
        let phase = callbar::phase(channel, &t);
        let allowed = callbar::allowed(channel, phase);
        let main = callbar::steps(channel);
        let next = allowed.first().copied();
        let now_at = now.get_untracked();
        let company = company_name.get_value();
        let disabled = if editable { "" } else { " disabled" };
        let mut bar = String::new();
        if let Some((asked, said)) = window_asking.get().filter(|_| editable && t.is_empty()) {
            let go = if main.first() == Some(&asked) {
                let target = if web_link {
                    " target=\"_blank\" rel=\"noopener\""
                } else {
                    ""
                };
                format!(
                    "<a class=\"button primary\" href=\"{}\" data-event=\"{asked:?}\" data-window-ok data-testid=\"window-go\"{target}>{}</a>",
                    contact.with_value(|c| escape(c)),
                    words.window_go
                )
            } else {
                format!(
                    "<button type=\"button\" class=\"primary\" data-event=\"{asked:?}\" data-window-ok data-testid=\"window-go\">{}</button>",
                    words.window_go
                )
            };
            bar += &format!(
                "<div class=\"banner confirm\" role=\"alertdialog\" aria-label=\"{}\" data-testid=\"window-confirm\"><p>{}</p>{go}\
                 <button type=\"button\" data-action=\"window-cancel\" data-testid=\"window-cancel\">{}</button></div>",
                escape(&said),
                escape(&i18n::fill(words.window_ask, &[&said])),
                words.cancel
            );
        } else if let Some(next) = next {
            let label = escape(&i18n::action(lang, next, &company));
            if main.first() == Some(&next) && editable {
                let target = if web_link {
                    " target=\"_blank\" rel=\"noopener\""
                } else {
                    ""
                };
                bar += &format!(
                    "<a class=\"stamp next button\" href=\"{}\" data-event=\"{next:?}\" data-testid=\"next-step\"{target}>{label}</a>",
                    contact.with_value(|c| escape(c))
                );
            } else {
                bar += &format!(
                    "<button type=\"button\" class=\"stamp next\" data-event=\"{next:?}\" data-testid=\"next-step\"{disabled}>{label}</button>"
                );
            }
        }
        // The other moments allowed now that are no main step: no answer, hold, resume, transfer, unavailable.
        let secondary: String = allowed
            .iter()
            .skip(1)
            .filter(|event| !main.contains(event))
            .map(|&event| {
                format!(
                    "<button type=\"button\" class=\"stamp secondary\" data-event=\"{event:?}\"{disabled}>{}</button>",
                    escape(&i18n::action(lang, event, &company))
                )
            })
            .collect();
        if !secondary.is_empty() {
            bar += &format!("<div class=\"secondary-stamps\">{secondary}</div>");
        }
        // The main steps in order: done ones (in this attempt) with a check and their time, tapping one again
        // is refused with a message; the rest as what comes.
        let attempt_start = t
            .iter()
            .filter(|s| main.first() == Some(&s.event))
            .map(|s| s.at_ms)
            .max();
        let mut rest = String::from("<ol class=\"steps\" data-testid=\"steps\">");
        for &event in main {
            let done = t
                .iter()
                .filter(|s| s.event == event && attempt_start.is_some_and(|start| s.at_ms >= start))
                .map(|s| s.at_ms)
                .min()
                .filter(|_| next != Some(event));
            let name = i18n::event(lang, event);
            rest += &match done {
                Some(at) => format!(
                    "<li><button type=\"button\" class=\"step done\" aria-pressed=\"true\" data-event=\"{event:?}\"{disabled}>✓ {name} {}</button></li>",
                    i18n::clock_ms(lang, at, false)
                ),
                None if next == Some(event) => format!("<li class=\"step current\" aria-current=\"step\">{name}</li>"),
                None => format!("<li class=\"step\">{name}</li>"),
            };
        }
        rest += "</ol>";
        let calls = if channel == Channel::Phone {
            unanswered_calls(&t)
        } else {
            Vec::new()
        };
        if !calls.is_empty() {
            rest += "<ol class=\"attempts\" data-testid=\"attempts\">";
            for (i, call) in calls.iter().enumerate() {
                rest += &format!(
                    "<li>{}</li>",
                    i18n::attempt(
                        lang,
                        i + 1,
                        &i18n::clock_ms(lang, call.started_ms, true),
                        &i18n::duration(lang, call.rang_seconds)
                    )
                );
            }
            rest += "</ol>";
        }
        // "Ikke svar" once the rule allows it; before that, what is still missing.
        if editable && rule_ok.get() {
            if confirming.get() {
                rest += &format!(
                    "<div class=\"banner confirm\" role=\"alertdialog\" aria-label=\"{}\" data-testid=\"not-reached-confirm\"><p>{}</p>\
                     <button type=\"button\" class=\"primary\" data-action=\"not-reached-yes\" data-testid=\"not-reached-yes\">{}</button>\
                     <button type=\"button\" data-action=\"cancel\">{}</button>{}</div>",
                    words.not_reached,
                    words.not_reached_confirm,
                    words.not_reached_send,
                    words.cancel,
                    if not_reached_problem.get() {
                        format!("<p class=\"problem\" role=\"alert\">{}</p>", words.not_reached_too_soon)
                    } else {
                        String::new()
                    }
                );
            } else {
                rest += &format!(
                    "<div class=\"not-reached\" data-testid=\"not-reached-offer\"><p>{}</p>\
                     <button type=\"button\" class=\"not-reached-button\" data-action=\"not-reached\" data-testid=\"not-reached\">{}</button></div>",
                    words.not_reached_allowed, words.not_reached
                );
            }
        } else if editable {
            let line = match not_reached_allowed(&rule, channel, &t, now_at) {
                Err(Unmet::Calls {
                    more,
                    not_before_ms,
                }) if !calls.is_empty() => Some(i18n::calls_needed(
                    lang,
                    more,
                    (not_before_ms > now_at).then(|| i18n::clock_ms(lang, not_before_ms, true)),
                )),
                Err(Unmet::Waiting { until_ms }) => Some(i18n::fill(
                    words.no_reply_until,
                    &[&i18n::clock_ms(lang, until_ms, true)],
                )),
                _ => None,
            };
            if let Some(line) = line {
                rest += &format!("<p class=\"help\" data-testid=\"rule-status\">{line}</p>");
            }
        }
        rest += "<ol class=\"timeline\" data-testid=\"timeline\">";
        for stamp in &t {
            rest += &format!(
                "<li>{} {}</li>",
                i18n::clock_ms(lang, stamp.at_ms, false),
                i18n::event(lang, stamp.event)
            );
        }
        rest += "</ol>";
        let figure = |which: Derived| {
            derived_seconds(&t, which)
                .map(|s| i18n::duration(lang, s))
                .unwrap_or_else(|| "–".into())
        };
        rest += &format!(
            "<p class=\"figures\"><span>{}: <strong data-testid=\"waiting-time\">{}</strong></span>",
            words.waiting_time,
            figure(Derived::WaitingTime)
        );
        if channel != Channel::Email {
            rest += &format!(
                "<span>{}: <strong data-testid=\"talk-time\">{}</strong></span>",
                words.talk_time_for(channel),
                figure(Derived::TalkTime)
            );
        }
        let undo_label = t
            .last()
            .map(|s| i18n::fill(words.undo_named, &[&i18n::event(lang, s.event)]))
            .unwrap_or_else(|| words.undo.to_owned());
        rest += &format!(
            "</p><button type=\"button\" data-action=\"undo\" data-testid=\"undo-stamp\"{}>{undo_label}</button>",
            if editable && !t.is_empty() { "" } else { " disabled" }
        );
        (bar, rest)
    };
    let on_tap = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(tapped) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-event], [data-action]").ok().flatten())
        else {
            return;
        };
        // The markup is written anew after a tap, so the tapped button is gone: a keyboard or screen reader
        // user who had the focus on it gets it on the next step (else on undo), not on the page's start.
        let had_focus = document().active_element().as_ref() == Some(&tapped);
        if let Some(name) = tapped.get_attribute("data-event") {
            if let Some(&event) = ContactEvent::ALL.iter().find(|e| format!("{e:?}") == name) {
                // The first stamp outside the window asks first (and does not dial yet).
                let asks = !tapped.has_attribute("data-window-ok")
                    && timeline.with_untracked(Vec::is_empty)
                    && form
                        .assignment
                        .with_value(|a| crate::window::asks_before_first_stamp(a, now_ms()));
                if asks {
                    ev.prevent_default();
                    let said = window_line.get_untracked().map(|(_, said)| said);
                    window_asking.set(Some((event, said.unwrap_or_default())));
                } else {
                    window_asking.set(None);
                    stamp(event);
                }
            }
        } else {
            match tapped.get_attribute("data-action").as_deref() {
                Some("undo") => undo(),
                Some("not-reached") => confirming.set(true),
                Some("cancel") => confirming.set(false),
                Some("window-cancel") => window_asking.set(None),
                Some("not-reached-yes") => send_not_reached.with_value(|send| send()),
                _ => {}
            }
        }
        if had_focus {
            leptos::task::spawn_local(async {
                leptos::task::tick().await;
                refocus_after_redraw();
            });
        }
    };
    let folded_line = move || {
        if !over.get() {
            return String::new();
        }
        let mut parts = Vec::new();
        for (label, which) in [
            (words.waiting_time, Derived::WaitingTime),
            (
                if channel == Channel::Phone {
                    words.clock_talking
                } else {
                    words.talk_time_for(channel)
                },
                Derived::TalkTime,
            ),
        ] {
            if let Some(seconds) = timeline.with(|t| derived_seconds(t, which)) {
                parts.push(format!("{label} {}", i18n::clock_duration(lang, seconds)));
            }
        }
        let notes = form.evaluation.with(|e| {
            e.as_ref().map_or(0, |e| {
                e.content
                    .notes
                    .lines()
                    .filter(|line| !line.trim().is_empty())
                    .count()
            })
        });
        if notes > 0 {
            parts.push(i18n::notes_count(lang, notes));
        }
        parts.join(" · ")
    };
    let initial_notes = form
        .evaluation
        .with_untracked(|e| e.as_ref().map(|e| e.content.notes.clone()))
        .unwrap_or_default();
    let notes_field = NodeRef::new();
    follow_stored(notes_field, move || {
        form.evaluation
            .with(|e| e.as_ref().map(|e| e.content.notes.clone()))
            .unwrap_or_default()
    });
    view! {
        <details class="contact-panel" data-testid="contact-panel" prop:open=move || !over.get()>
            <summary>
                <h2>{words.contact_heading(channel)}</h2>
                <span class="folded" data-testid="contact-summary">{folded_line}</span>
            </summary>
            {move || window_line.get().filter(|_| !over.get()).map(|(name, said)| view! {
                <p class="window-status" data-testid="window-status" data-status=name>{said}</p>
            })}
            <div class=move || if under_way.get() { "callbar under-way" } else { "callbar" } data-testid="callbar">
                <p class="clock" data-testid="clock" hidden=move || !under_way.get()>{clock}</p>
                <div inner_html=move || drawn().0 on:click=on_tap></div>
            </div>
            <div inner_html=move || drawn().1 on:click=on_tap></div>
            <p class="refused" role="alert" data-testid="stamp-refused">{move || refused.get()}</p>
            <p class="visually-hidden" aria-live="polite" data-testid="announcement">{move || announcement.get()}</p>
            <label class="notes">
                <span>{words.notes}</span>
                <span class="help">{words.notes_hint}</span>
                <textarea
                    node_ref=notes_field
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
        </details>
    }
}

/// Puts the focus back in the panel when its redraw took it (it fell to the page's body): on the next step,
/// else on undo. Never takes it from anywhere else.
fn refocus_after_redraw() {
    use wasm_bindgen::JsCast;
    let document = document();
    let lost = match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => AsRef::<web_sys::Element>::as_ref(&body) == &active,
        _ => false,
    };
    if !lost {
        return;
    }
    let target = [
        "[data-testid=\"window-go\"]",
        "[data-testid=\"next-step\"]",
        "[data-testid=\"undo-stamp\"]",
    ]
    .iter()
    .find_map(|selector| document.query_selector(selector).ok().flatten())
    .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// Milliseconds since the epoch as the device's local "2026-12-01T08:13", what a date-and-time field holds.
fn local_date_time(ms: i64) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        when.get_full_year(),
        when.get_month() + 1,
        when.get_date(),
        when.get_hours(),
        when.get_minutes()
    )
}

/// Text from outside the app (a company's name, its address) made safe inside markup.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
