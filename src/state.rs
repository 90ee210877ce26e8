//! The app's shared state: signals over what the device stores, and the only functions that change it.
//! Every change to an evaluation is shown at once and written to device storage in the same moment; the
//! screen says "saved" only once that write has completed.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shopper_domain::device::{merge_server_statuses, DeviceEvaluation, LocalState, Merged};
use shopper_domain::protocol::{Assignment, EvaluationStatus, PhoneAssignments};
use shopper_domain::{Answer, Questionnaire};
use uuid::Uuid;

use crate::i18n::Lang;
use crate::platform::Platform;
use crate::store::{self, Held, OtherTab, Session};

/// What the sync status bar shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub online: bool,
    pub in_flight: bool,
    /// When (ms since the epoch) the last sync reached the server.
    pub last_success: Option<i64>,
    /// Why the last attempt failed, in the shopper's language.
    pub last_error: Option<String>,
    /// The server no longer knows this device's token: the header says "Logget ut" until a new sign-in.
    pub signed_out: bool,
    /// Failed attempts in a row; sets the backoff.
    pub failures: u32,
    /// The evaluation being pushed right now.
    pub sending: Option<Uuid>,
    /// The file being uploaded right now (its SHA-256) and the percentage the server holds.
    pub uploading: Option<(String, u32)>,
    /// Files the server said it holds whole, since the app started.
    pub uploaded: Vec<String>,
}

/// Whether what is on screen is on the device yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Saved {
    /// A write has begun and not yet completed.
    pub pending: bool,
    /// When (ms since the epoch) the last write completed with nothing begun after it.
    pub at_ms: Option<i64>,
}

thread_local! {
    /// Writes begun so far; a completed write that is the latest begun makes the screen say "saved".
    static WRITES: Cell<u64> = const { Cell::new(0) };
}

#[derive(Clone, Copy)]
pub struct Shared {
    pub session: RwSignal<Option<Session>>,
    pub data: RwSignal<Option<PhoneAssignments>>,
    pub evaluations: RwSignal<Vec<DeviceEvaluation>>,
    pub sync: RwSignal<SyncStatus>,
    /// Set when the device refused to store something (storage full, private mode); shown until the next
    /// good save. What was typed stays on screen meanwhile.
    pub storage_error: RwSignal<Option<String>>,
    pub saved: RwSignal<Saved>,
    /// When (ms since the epoch) a draft's backup last reached the server.
    pub backed_up_at: RwSignal<Option<i64>>,
    pub lang: RwSignal<Lang>,
    pub platform: Platform,
    /// What just happened, said once on the next screen ("Sendt inn. Den sendes av seg selv når du får nett.").
    pub notice: RwSignal<Option<String>>,
}

impl Shared {
    /// Takes what the device holds (read before the app is drawn).
    pub fn new(held: Held) -> Self {
        Self {
            session: RwSignal::new(held.session),
            data: RwSignal::new(held.assignments),
            evaluations: RwSignal::new(held.evaluations),
            sync: RwSignal::new(SyncStatus {
                online: navigator_online(),
                ..SyncStatus::default()
            }),
            storage_error: RwSignal::new(held.error),
            saved: RwSignal::new(Saved::default()),
            backed_up_at: RwSignal::new(None),
            lang: RwSignal::new(store::load_lang().unwrap_or_else(Lang::from_browser)),
            platform: Platform::start(),
            notice: RwSignal::new(None),
        }
    }

    /// Keeps this tab in step with the others: the same draft open twice loses no edit, because every write
    /// one tab commits reaches the other's signals at once.
    pub fn follow_other_tabs(&self) {
        let shared = *self;
        store::follow_other_tabs(move |change| match change {
            OtherTab::Evaluation(evaluation) => {
                shared.evaluations.update(|all| put(all, *evaluation))
            }
            OtherTab::EvaluationDeleted(id) => {
                shared.evaluations.update(|all| all.retain(|e| e.id != id))
            }
            OtherTab::Assignments(data) => shared.data.set(data),
            OtherTab::Session(session) => shared.session.set(session),
        });
    }

    pub fn set_lang(&self, lang: Lang) {
        store::save_lang(lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        self.lang.set(lang);
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
        self.track(store::delete_evaluation(evaluation_id));
        self.evaluations
            .update(|all| all.retain(|e| e.id != evaluation_id));
    }

    /// Takes in the server's complete list of the shopper's evaluations (the rule is the domain's
    /// `merge_server_statuses`) and stores what it changed. True when something this device sent is missing
    /// there and was put back in the outbox to be sent again.
    pub fn apply_statuses(&self, statuses: &[EvaluationStatus]) -> bool {
        self.merge(|all| merge_server_statuses(all, statuses))
            .resend
    }

    /// Applies one of the domain's merge rules to the device's evaluations, and stores what it changed.
    pub fn merge(&self, rule: impl FnOnce(&mut Vec<DeviceEvaluation>) -> Merged) -> Merged {
        let mut merged = Merged::default();
        self.evaluations.maybe_update(|all| {
            merged = rule(all);
            !merged.is_empty()
        });
        for id in &merged.removed {
            self.track(store::delete_evaluation(*id));
        }
        self.evaluations.with_untracked(|all| {
            for evaluation in all.iter().filter(|e| merged.changed.contains(&e.id)) {
                self.track(store::save_evaluation(evaluation));
            }
        });
        merged
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

    /// The questionnaire version, read from the server's text now: `None` when the device does not have it,
    /// an error when this app cannot read it. Called by the form only, so its reader is in the form's chunk.
    pub fn questionnaire(
        &self,
        id: &str,
        version: u32,
    ) -> Option<Result<Questionnaire, serde_json::Error>> {
        self.data.with(|data| {
            (data.as_ref()?.questionnaires.iter())
                .find(|q| q.id == id && q.version == version)
                .map(|q| q.read())
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

    /// Shows `evaluation` and writes it to the device.
    pub fn save(&self, evaluation: DeviceEvaluation) {
        self.track(store::save_evaluation(&evaluation));
        self.evaluations.update(|all| put(all, evaluation));
    }

    /// Follows a write to the device: "saved" once it and every write begun before it completed; a failure
    /// is reported (never silently dropped), and the next good write clears it.
    pub fn track(&self, write: impl std::future::Future<Output = Result<(), String>> + 'static) {
        let number = WRITES.get() + 1;
        WRITES.set(number);
        if !self.saved.with_untracked(|s| s.pending) {
            self.saved.update(|s| s.pending = true);
        }
        let shared = *self;
        spawn_local(async move {
            let result = write.await;
            match result {
                Ok(()) if shared.storage_error.with_untracked(Option::is_none) => {}
                Ok(()) => shared.storage_error.set(None),
                Err(error) => shared.storage_error.set(Some(error)),
            }
            if WRITES.get() == number {
                shared.saved.set(Saved {
                    pending: false,
                    at_ms: Some(now_ms())
                        .filter(|_| shared.storage_error.with_untracked(Option::is_none)),
                });
            }
        });
    }

    /// Applies `change` to the assignment's evaluation, starting a draft (with an id made here) if there is
    /// none yet, and saves it at once. The change is made in place, so a keystroke copies no evaluation; the
    /// write to the device begins inside the closure, and the screen says "saved" once it has completed.
    pub fn edit(
        &self,
        assignment: &Assignment,
        questionnaire: &Questionnaire,
        change: impl FnOnce(&mut DeviceEvaluation),
    ) {
        let mut write = None;
        let mut draft = None;
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
            write = Some(store::save_evaluation(&all[index]));
            draft = all[index].is_editable().then_some(all[index].id);
        });
        if let Some(write) = write {
            self.track(write);
        }
        if let Some(id) = draft {
            crate::sync::backup::changed(*self, id);
        }
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

/// Puts `evaluation` in place of the one with its id, or adds it.
fn put(all: &mut Vec<DeviceEvaluation>, evaluation: DeviceEvaluation) {
    match all.iter_mut().find(|e| e.id == evaluation.id) {
        Some(slot) => *slot = evaluation,
        None => all.push(evaluation),
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
