//! The app's shared state: signals over what the device stores, and the only functions that change it.
//! Every change to an evaluation is written to device storage before the signal updates.

use leptos::prelude::*;
use shopper_domain::device::{DeviceEvaluation, LocalState};
use shopper_domain::protocol::{Assignment, AssignmentsResponse};
use shopper_domain::{Answer, Questionnaire};
use uuid::Uuid;

use crate::store::{self, Session};

/// What the sync status bar shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub online: bool,
    pub in_flight: bool,
    /// Time of day (local) of the last sync that reached the server.
    pub last_success: Option<String>,
    /// Why the last attempt failed, readable.
    pub last_error: Option<String>,
    /// Failed attempts in a row; sets the backoff.
    pub failures: u32,
}

#[derive(Clone, Copy)]
pub struct Shared {
    pub session: RwSignal<Option<Session>>,
    pub data: RwSignal<Option<AssignmentsResponse>>,
    pub evaluations: RwSignal<Vec<DeviceEvaluation>>,
    pub sync: RwSignal<SyncStatus>,
    /// Set when the device refused to store something (e.g. storage full); shown until the next good save.
    pub storage_error: RwSignal<Option<String>>,
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
        }
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

    /// The evaluation the device holds for an assignment (the newest, should there be more).
    pub fn evaluation_for(&self, assignment_id: Uuid) -> Option<DeviceEvaluation> {
        self.evaluations.with(|all| {
            all.iter()
                .rev()
                .find(|e| e.content.assignment_id == assignment_id)
                .cloned()
        })
    }

    pub fn waiting_count(&self) -> usize {
        self.evaluations
            .with(|all| all.iter().filter(|e| e.state == LocalState::Outbox).count())
    }

    /// Saves `evaluation` on the device, then shows it. Storage failing is reported, never silently dropped.
    pub fn save(&self, evaluation: DeviceEvaluation) {
        match store::save_evaluation(&evaluation) {
            Ok(()) => self.storage_error.set(None),
            Err(error) => self.storage_error.set(Some(error)),
        }
        self.evaluations
            .update(|all| match all.iter_mut().find(|e| e.id == evaluation.id) {
                Some(slot) => *slot = evaluation,
                None => all.push(evaluation),
            });
    }

    /// Applies `change` to the assignment's evaluation, starting a draft (with an id made here) if there is
    /// none yet, and saves it at once.
    pub fn edit(
        &self,
        assignment: &Assignment,
        questionnaire: &Questionnaire,
        change: impl FnOnce(&mut DeviceEvaluation),
    ) {
        let mut evaluation = self.evaluation_for(assignment.id).unwrap_or_else(|| {
            DeviceEvaluation::new(
                new_uuid(),
                assignment.id,
                assignment.channel,
                questionnaire,
                now_ms(),
            )
        });
        change(&mut evaluation);
        self.save(evaluation);
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
