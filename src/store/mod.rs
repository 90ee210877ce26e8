//! Device storage (localStorage through gloo-storage): the session, the assignments from the last sync, and
//! every evaluation. Each evaluation has its own key, so saving one keystroke rewrites one small record.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shopper_domain::device::DeviceEvaluation;
use shopper_domain::protocol::AssignmentsResponse;
use uuid::Uuid;

use crate::i18n::Lang;

const SESSION_KEY: &str = "shopper.v1.session";
const ASSIGNMENTS_KEY: &str = "shopper.v1.assignments";
const EVALUATION_PREFIX: &str = "shopper.v1.evaluation.";
const LANG_KEY: &str = "shopper.v1.lang";

/// The signed-in shopper on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub shopper_name: String,
}

pub fn load_session() -> Option<Session> {
    LocalStorage::get(SESSION_KEY).ok()
}

pub fn save_session(session: &Session) -> Result<(), String> {
    LocalStorage::set(SESSION_KEY, session).map_err(describe)
}

pub fn load_assignments() -> Option<AssignmentsResponse> {
    LocalStorage::get(ASSIGNMENTS_KEY).ok()
}

pub fn save_assignments(assignments: &AssignmentsResponse) -> Result<(), String> {
    LocalStorage::set(ASSIGNMENTS_KEY, assignments).map_err(describe)
}

/// Every evaluation on the device, oldest change first.
pub fn load_evaluations() -> Vec<DeviceEvaluation> {
    let storage = LocalStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(EVALUATION_PREFIX))
        .collect();
    let mut evaluations: Vec<DeviceEvaluation> = keys
        .iter()
        .filter_map(|key| LocalStorage::get(key).ok())
        .collect();
    evaluations.sort_by_key(|evaluation| evaluation.updated_at_ms);
    evaluations
}

/// The one place an evaluation is written to the device.
pub fn save_evaluation(evaluation: &DeviceEvaluation) -> Result<(), String> {
    LocalStorage::set(format!("{EVALUATION_PREFIX}{}", evaluation.id), evaluation).map_err(describe)
}

pub fn delete_evaluation(id: Uuid) {
    LocalStorage::delete(format!("{EVALUATION_PREFIX}{id}"));
}

pub fn load_lang() -> Option<Lang> {
    LocalStorage::get(LANG_KEY).ok()
}

pub fn save_lang(lang: Lang) -> Result<(), String> {
    LocalStorage::set(LANG_KEY, lang).map_err(describe)
}

fn describe(error: gloo_storage::errors::StorageError) -> String {
    error.to_string()
}

/// What another tab changed, from a `storage` event's key and new value.
pub enum OtherTab {
    Evaluation(Box<DeviceEvaluation>),
    EvaluationDeleted(Uuid),
    Assignments,
    Session,
}

pub fn other_tab_change(key: &str, new_value: Option<&str>) -> Option<OtherTab> {
    if let Some(id) = key.strip_prefix(EVALUATION_PREFIX) {
        return match new_value {
            Some(json) => serde_json::from_str(json)
                .ok()
                .map(|e| OtherTab::Evaluation(Box::new(e))),
            None => Uuid::parse_str(id).ok().map(OtherTab::EvaluationDeleted),
        };
    }
    match key {
        ASSIGNMENTS_KEY => Some(OtherTab::Assignments),
        SESSION_KEY => Some(OtherTab::Session),
        _ => None,
    }
}
