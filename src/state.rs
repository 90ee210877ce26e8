//! The app's shared state: signals over what the device stores, and the only functions that change it.
//! Every change to an evaluation is written to device storage before the signal updates.

use leptos::prelude::*;
use shopper_domain::device::{DeviceEvaluation, LocalState};
use shopper_domain::protocol::{Assignment, AssignmentsResponse};
use shopper_domain::{Answer, Questionnaire};
use uuid::Uuid;

use crate::i18n::Lang;
use crate::platform::Platform;
use crate::store::{self, Session};

/// What the sync status bar shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub online: bool,
    pub in_flight: bool,
    /// When (ms since the epoch) the last sync reached the server.
    pub last_success: Option<i64>,
    /// Why the last attempt failed, readable.
    pub last_error: Option<String>,
    /// Failed attempts in a row; sets the backoff.
    pub failures: u32,
    /// The evaluation being pushed right now.
    pub sending: Option<Uuid>,
}

#[derive(Clone, Copy)]
pub struct Shared {
    pub session: RwSignal<Option<Session>>,
    pub data: RwSignal<Option<AssignmentsResponse>>,
    pub evaluations: RwSignal<Vec<DeviceEvaluation>>,
    pub sync: RwSignal<SyncStatus>,
    /// Set when the device refused to store something (e.g. storage full); shown until the next good save.
    pub storage_error: RwSignal<Option<String>>,
    /// Bytes used and allowed on the device, when the browser says.
    pub storage_use: RwSignal<Option<(f64, f64)>>,
    pub lang: RwSignal<Lang>,
    pub platform: Platform,
}

impl Shared {
    /// Loads what the device holds.
    pub fn load() -> Self {
        Self {
            session: RwSignal::new(store::load_session()),
            data: RwSignal::new(store::load_assignments()),
            evaluations: RwSignal::new(store::load_evaluations()),
            sync: RwSignal::new(SyncStatus {
                online: navigator_online(),
                ..SyncStatus::default()
            }),
            storage_error: RwSignal::new(None),
            storage_use: RwSignal::new(None),
            lang: RwSignal::new(store::load_lang().unwrap_or_else(Lang::from_browser)),
            platform: Platform::start(),
        }
    }

    /// Keeps this tab in step with the others: the same draft open twice loses no edit, because every save
    /// in one tab reaches the other's signals at once (the browser's `storage` event).
    pub fn follow_other_tabs(&self) {
        let shared = *self;
        let listener = window_event_listener(leptos::ev::storage, move |event| {
            let Some(key) = event.key() else { return };
            match store::other_tab_change(&key, event.new_value().as_deref()) {
                Some(store::OtherTab::Evaluation(evaluation)) => shared.evaluations.update(|all| {
                    match all.iter_mut().find(|e| e.id == evaluation.id) {
                        Some(slot) => *slot = *evaluation,
                        None => all.push(*evaluation),
                    }
                }),
                Some(store::OtherTab::EvaluationDeleted(id)) => {
                    shared.evaluations.update(|all| all.retain(|e| e.id != id))
                }
                Some(store::OtherTab::Assignments) => shared.data.set(store::load_assignments()),
                Some(store::OtherTab::Session) => shared.session.set(store::load_session()),
                None => {}
            }
        });
        std::mem::forget(listener);
    }

    pub fn set_lang(&self, lang: Lang) {
        let _ = store::save_lang(lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        self.lang.set(lang);
    }

    /// Reads how much of the device's storage is used, for the assignments page.
    pub fn refresh_storage_use(&self) {
        let shared = *self;
        leptos::task::spawn_local(async move {
            shared.storage_use.set(crate::platform::storage_use().await);
        });
    }

    /// Deletes a draft from the device (the shopper confirmed). Only drafts: sent work is never deleted.
    pub fn delete_draft(&self, evaluation_id: Uuid) {
        let is_draft = self.evaluations.with_untracked(|all| {
            all.iter()
                .any(|e| e.id == evaluation_id && e.state == LocalState::Draft)
        });
        if !is_draft {
            return;
        }
        store::delete_evaluation(evaluation_id);
        self.evaluations
            .update(|all| all.retain(|e| e.id != evaluation_id));
    }

    /// Takes in the server's complete list of the shopper's evaluations: returned, approved, or ones this device
    /// has never seen (a new phone). True when something this device sent is missing there (the server was
    /// restored from an older backup) and was put back in the outbox to be sent again.
    pub fn apply_statuses(&self, statuses: &[shopper_domain::protocol::EvaluationStatus]) -> bool {
        for status in statuses {
            let held = self
                .evaluations
                .with_untracked(|all| all.iter().find(|e| e.id == status.evaluation_id).cloned());
            match held {
                Some(mut evaluation) => {
                    let before = evaluation.clone();
                    evaluation.apply_status(status);
                    if evaluation != before {
                        self.save(evaluation);
                    }
                }
                None if self.evaluation_for(status.content.assignment_id).is_none() => {
                    self.save(DeviceEvaluation::from_server(status));
                }
                None => {}
            }
        }
        // The list is complete: what this device sent and the server no longer holds goes out again.
        let lost: Vec<DeviceEvaluation> = self.evaluations.with_untracked(|all| {
            all.iter()
                .filter(|e| e.server_lost_it(statuses))
                .map(|e| {
                    let mut e = e.clone();
                    e.resend_if_server_lost_it(statuses);
                    e
                })
                .collect()
        });
        let resend = !lost.is_empty();
        for evaluation in lost {
            self.save(evaluation);
        }
        resend
    }

    pub fn assignment(&self, id: Uuid) -> Option<Assignment> {
        self.data.with(|data| {
            data.as_ref()?
                .assignments
                .iter()
                .find(|a| a.id == id)
                .cloned()
        })
    }

    pub fn questionnaire(&self, id: &str, version: u32) -> Option<Questionnaire> {
        self.data.with(|data| {
            data.as_ref()?
                .questionnaires
                .iter()
                .find(|q| q.id == id && q.version == version)
                .cloned()
        })
    }

    /// The evaluation the device holds for an assignment (the newest, should there be more), as a copy.
    pub fn evaluation_for(&self, assignment_id: Uuid) -> Option<DeviceEvaluation> {
        self.with_evaluation_for(assignment_id, |evaluation| evaluation.cloned())
    }

    /// Reads the evaluation the device holds for an assignment without copying it. What memos use: they run
    /// at every keystroke, and a copy of a whole evaluation each is where a keystroke's time went.
    pub fn with_evaluation_for<R>(
        &self,
        assignment_id: Uuid,
        read: impl FnOnce(Option<&DeviceEvaluation>) -> R,
    ) -> R {
        self.evaluations.with(|all| {
            read(
                all.iter()
                    .rev()
                    .find(|e| e.content.assignment_id == assignment_id),
            )
        })
    }

    pub fn waiting_count(&self) -> usize {
        self.evaluations
            .with(|all| all.iter().filter(|e| e.state == LocalState::Outbox).count())
    }

    /// Saves `evaluation` on the device, then shows it. Storage failing is reported, never silently dropped.
    pub fn save(&self, evaluation: DeviceEvaluation) {
        self.report_storage(store::save_evaluation(&evaluation));
        self.evaluations
            .update(|all| match all.iter_mut().find(|e| e.id == evaluation.id) {
                Some(slot) => *slot = evaluation,
                None => all.push(evaluation),
            });
    }

    fn report_storage(&self, saved: Result<(), String>) {
        match saved {
            // Only a change is announced: every keystroke saves, and each announcement costs a redraw check.
            Ok(()) if self.storage_error.with_untracked(Option::is_none) => {}
            Ok(()) => self.storage_error.set(None),
            Err(error) => self.storage_error.set(Some(error)),
        }
    }

    /// Applies `change` to the assignment's evaluation, starting a draft (with an id made here) if there is
    /// none yet, and saves it at once. The change is made in place, so a keystroke copies no evaluation; the
    /// signal announces it only after the closure, that is after the device has stored it.
    pub fn edit(
        &self,
        assignment: &Assignment,
        questionnaire: &Questionnaire,
        change: impl FnOnce(&mut DeviceEvaluation),
    ) {
        let mut saved = Ok(());
        self.evaluations.update(|all| {
            let index = match all
                .iter()
                .rposition(|e| e.content.assignment_id == assignment.id)
            {
                Some(index) => index,
                None => {
                    all.push(DeviceEvaluation::new(
                        new_uuid(),
                        assignment.id,
                        assignment.channel,
                        questionnaire,
                        now_ms(),
                    ));
                    all.len() - 1
                }
            };
            change(&mut all[index]);
            saved = store::save_evaluation(&all[index]);
        });
        self.report_storage(saved);
    }

    pub fn answer(
        &self,
        assignment: &Assignment,
        questionnaire: &Questionnaire,
        question_id: &str,
        answer: Option<Answer>,
    ) {
        self.edit(assignment, questionnaire, |evaluation| {
            evaluation.set_answer(question_id, answer, now_ms());
        });
    }
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn navigator_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// A random UUID v4 from `crypto.getRandomValues` (unlike `crypto.randomUUID`, also there on plain http).
pub fn new_uuid() -> Uuid {
    let mut bytes = [0u8; 16];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .expect("every browser the app supports has crypto.getRandomValues");
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
