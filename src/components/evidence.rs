//! Evidence on the form: pictures (camera or file picker) and pasted chat or e-mail text, attached to the
//! evaluation or to one question, each listed with its state (on the phone, uploading k %, on the server) and,
//! before sending, a button to remove it. What the share target received is attached here too.
//!
//! Written as markup, like the contact panel's buttons, and read by one handler per kind of event from
//! `data-action`: a Leptos view per element cost the first load about 15 KB brotli here. Every text from
//! outside the app (pasted text, question labels) is escaped.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shopper_domain::attachment::{AttachmentRef, MAX_ATTACHMENTS_PER_EVALUATION};
use shopper_domain::device::LocalState;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::contact::escape;
use crate::components::question::FormContext;
use crate::evidence;
use crate::i18n::{self, Evidence};
use crate::state::{now_ms, Shared};
use crate::store;

#[component]
pub fn EvidencePanel(form: FormContext) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = form.lang;
    let text = move |t| i18n::evidence(lang, t);
    let files = Memo::new(move |_| {
        form.evaluation.with(|e| {
            e.as_ref()
                .map(|e| e.content.attachments.clone())
                .unwrap_or_default()
        })
    });
    let message = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let attach = move |added: Vec<AttachmentRef>| {
        let mut refused = None;
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                shared.edit(assignment, questionnaire, |evaluation| {
                    for file in &added {
                        if let Err(refusal) = evaluation.attach(file.clone(), now_ms()) {
                            refused = Some(refusal.code());
                        }
                    }
                })
            })
        });
        message.set(refused.map(|code| i18n::evidence_refusal(lang, code)));
        if refused.is_some() {
            evidence::forget_unneeded(shared, &added);
        }
    };
    let keep = move |file: Result<AttachmentRef, String>| {
        busy.set(false);
        match file {
            Ok(file) => attach(vec![file]),
            Err(code) => message.set(Some(i18n::evidence_refusal(lang, &code))),
        }
    };
    let room = move || {
        let full = files.with(Vec::len) >= MAX_ATTACHMENTS_PER_EVALUATION;
        message.set(full.then(|| i18n::evidence_refusal(lang, "too_many_attachments")));
        !full
    };
    let remove = move |index: usize| {
        let mut removed = None;
        form.assignment.with_value(|assignment| {
            form.questionnaire.with_value(|questionnaire| {
                shared.edit(assignment, questionnaire, |evaluation| {
                    removed = evaluation.detach(index, now_ms());
                })
            })
        });
        if let Some(removed) = removed {
            evidence::forget_unneeded(shared, &[removed]);
        }
    };
    // A picture chosen (camera or picker) or "attach the text": the target question is the one chosen then.
    let on_event = move |ev: web_sys::Event| {
        let Some(element) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(panel) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let action = element.get_attribute("data-action").unwrap_or_default();
        let field = |selector: &str| panel.query_selector(selector).ok().flatten();
        let question = field("select")
            .and_then(|s| value_of(&s))
            .filter(|v| !v.is_empty());
        match (ev.type_().as_str(), action.as_str()) {
            ("change", "pick") if room() => {
                busy.set(true);
                let input: JsValue = element.into();
                spawn_local(async move { keep(evidence::add_image(input, question).await) });
            }
            ("click", "attach-text") => {
                let Some(area) = field("textarea") else {
                    return;
                };
                let typed = value_of(&area).unwrap_or_default();
                if typed.trim().is_empty() {
                    message.set(Some(text(Evidence::Empty)));
                } else if room() {
                    busy.set(true);
                    spawn_local(async move {
                        let file = evidence::add_text(&typed, question).await;
                        if file.is_ok() {
                            let _ = js_sys::Reflect::set(&area, &"value".into(), &"".into());
                        }
                        keep(file);
                    });
                }
            }
            ("click", "remove") => {
                if let Some(index) = element
                    .get_attribute("data-index")
                    .and_then(|i| i.parse().ok())
                {
                    remove(index);
                }
            }
            _ => {}
        }
    };
    let path = format!("/a/{}", form.assignment.with_value(|a| a.id));
    evidence::remember_open_contact(Some(&path));
    on_cleanup(|| evidence::remember_open_contact(None));
    // Opened by the share target: what was shared is attached here, to the whole evaluation, and dropped from
    // the share target's store only once the evaluation naming it is on the device.
    if form.editable.get_untracked() && evidence::shared_waiting() {
        spawn_local(async move {
            let Ok((added, keys)) = evidence::take_shared().await else {
                return;
            };
            attach(added);
            let id = form.assignment.with_value(|a| a.id);
            if let Some(evaluation) = shared.evaluation_for(id) {
                if store::save_evaluation(&evaluation).await.is_ok() {
                    evidence::drop_shared(keys).await;
                    message.set(Some(text(Evidence::SharedAttached)));
                    let _ = window().history().map(|h| {
                        h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("/a/{id}")))
                    });
                }
            }
        });
    }
    let label_of = move |question_id: &str| {
        form.questionnaire.with_value(|q| {
            q.questions()
                .find(|question| question.id == question_id)
                .map_or_else(
                    || question_id.to_owned(),
                    |question| question.label.get(lang.code()).to_owned(),
                )
        })
    };
    let items = move || {
        let editable = form.editable.get();
        let sent = form.evaluation.with(|e| {
            e.as_ref()
                .is_some_and(|e| matches!(e.state, LocalState::Sent | LocalState::Approved))
        });
        let mut markup = String::new();
        let files = files.get();
        for (index, file) in files.iter().enumerate() {
            let (uploading, uploaded) = shared.sync.with(|s| {
                (
                    s.uploading
                        .as_ref()
                        .filter(|(sha, _)| *sha == file.sha256)
                        .map(|(_, percent)| *percent),
                    s.uploaded.contains(&file.sha256),
                )
            });
            let state = match uploading {
                Some(percent) => i18n::fill(text(Evidence::Uploading), &[&percent]),
                None if sent || uploaded => text(Evidence::OnServer).to_owned(),
                None => text(Evidence::OnPhone).to_owned(),
            };
            let about = file
                .question_id
                .as_deref()
                .map_or_else(|| text(Evidence::Whole).to_owned(), label_of);
            let remove = if editable {
                format!(
                    "<button type=\"button\" class=\"delete\" data-action=\"remove\" data-index=\"{index}\" \
                     data-testid=\"evidence-remove\">{}</button>",
                    text(Evidence::Remove)
                )
            } else {
                String::new()
            };
            markup += &format!(
                "<li class=\"evidence-item\" data-testid=\"evidence-item\" data-sha256=\"{}\" data-type=\"{}\" \
                 data-size=\"{}\"><span class=\"evidence-preview\"></span><span class=\"evidence-about\">{}</span>\
                 <span class=\"evidence-state muted\" data-testid=\"evidence-state\">{state}</span>{remove}</li>",
                file.sha256,
                file.content_type.as_str(),
                file.size,
                escape(&about)
            );
        }
        // The pictures and texts are filled in by the evidence code (which loads here, for a form with files),
        // once this markup is on the page.
        if !files.is_empty() {
            let token = shared
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
            spawn_local(async move {
                leptos::task::tick().await;
                if let Ok(Some(list)) = document().query_selector("[data-testid=evidence-list]") {
                    evidence::fill_previews(
                        list.into(),
                        token,
                        text(Evidence::Picture),
                        text(Evidence::OnServer),
                    );
                }
            });
        }
        markup
    };
    // The ways to add one, drawn when the questions the skip logic shows change (the text box and the choice
    // keep what the shopper put there meanwhile: they are read when a file is added).
    let adding = move || {
        let mut options = format!("<option value=\"\">{}</option>", text(Evidence::Whole));
        form.questionnaire.with_value(|q| {
            for question in q
                .questions()
                .filter(|question| form.visible_questions.with(|v| v.contains(&question.id)))
            {
                options += &format!(
                    "<option value=\"{}\">{}</option>",
                    escape(&question.id),
                    escape(question.label.get(lang.code()))
                );
            }
        });
        format!(
            "<p class=\"help\">{}</p>\
             <label class=\"field\"><span>{}</span><select data-testid=\"evidence-for\">{options}</select></label>\
             <div class=\"evidence-buttons\">\
             <label class=\"button\">{}<input type=\"file\" accept=\"image/*\" capture=\"environment\" \
             data-action=\"pick\" data-testid=\"evidence-camera\"></label>\
             <label class=\"button\">{}<input type=\"file\" accept=\"image/*\" data-action=\"pick\" \
             data-testid=\"evidence-file\"></label></div>\
             <label class=\"field\"><span>{}</span><textarea rows=\"3\" data-testid=\"evidence-text\"></textarea></label>\
             <button type=\"button\" data-action=\"attach-text\" data-testid=\"evidence-attach-text\">{}</button>",
            text(Evidence::Help),
            text(Evidence::For),
            text(Evidence::TakePhoto),
            text(Evidence::ChoosePicture),
            text(Evidence::PasteLabel),
            text(Evidence::AttachText),
        )
    };
    view! {
        <section class="evidence" data-testid="evidence" on:click=move |ev| on_event(ev.into())
            on:change=on_event>
            <h2>{text(Evidence::Title)}</h2>
            <ul class="evidence-list" data-testid="evidence-list" inner_html=items></ul>
            <div class="evidence-add" hidden=move || !form.editable.get() inner_html=adding></div>
            <p class="muted" role="status">{move || busy.get().then(|| text(Evidence::Working))}</p>
            <p class="problem" role="alert" data-testid="evidence-message">{move || message.get()}</p>
        </section>
    }
}

/// The `value` of a form element (select, textarea), without a web-sys type for each.
fn value_of(element: &web_sys::Element) -> Option<String> {
    js_sys::Reflect::get(element, &"value".into())
        .ok()?
        .as_string()
}
