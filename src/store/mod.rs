//! Device storage: the session, the assignments from the last sync and every evaluation live in IndexedDB,
//! one transaction per change, each write finished only when its transaction has completed (the glue is
//! `records.js`). Only small settings whose loss costs nothing (the language, the install card put away) stay in
//! localStorage, and what belongs to one tab in sessionStorage (`Setting`).

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::Serialize;
use shopper_domain::device::{DeviceEvaluation, LocalState};
use shopper_domain::protocol::PhoneAssignments;
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::Lang;

#[wasm_bindgen(module = "/src/store/records.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadRecords)]
    fn load_records() -> js_sys::Promise;
    #[wasm_bindgen(js_name = writeRecord)]
    fn write_record(key: &str, json: Option<String>, strict: bool) -> js_sys::Promise;
    #[wasm_bindgen(js_name = watchRecords)]
    fn watch_records(on_change: &Closure<dyn FnMut(String, Option<String>)>);
}

const SESSION_KEY: &str = "session";
const ASSIGNMENTS_KEY: &str = "assignments";
const EVALUATION_PREFIX: &str = "evaluation.";
const LANG_KEY: &str = "shopper.v1.lang";

/// The signed-in shopper on this device: the server's answer to the sign-in (token and name), kept as it is,
/// so one reader serves both (the record's JSON is the same as when it was a struct of its own).
pub type Session = shopper_domain::protocol::SignInResponse;

/// What the device holds at start-up.
#[derive(Default)]
pub struct Held {
    pub session: Option<Session>,
    pub assignments: Option<PhoneAssignments>,
    /// Oldest change first.
    pub evaluations: Vec<DeviceEvaluation>,
    /// Why the records could not be read (no IndexedDB, e.g. a private window of an old browser).
    pub error: Option<String>,
}

/// Reads every record (moving those of the release that kept them in localStorage first; should that fail,
/// they are read from there and the error is reported).
pub async fn load() -> Held {
    let mut held = Held::default();
    let records = match JsFuture::from(load_records()).await {
        Ok(records) => js_sys::Array::from(&records),
        Err(error) => {
            held.error = Some(describe(error));
            return held;
        }
    };
    held.error = records.get(0).as_string();
    for pair in records.to_vec()[1..].chunks(2) {
        let (Some(key), Some(json)) = (pair[0].as_string(), pair[1].as_string()) else {
            continue;
        };
        match key.as_str() {
            SESSION_KEY => held.session = shopper_domain::json::from_str(&json).ok(),
            ASSIGNMENTS_KEY => held.assignments = shopper_domain::json::from_str(&json).ok(),
            // Oldest change first, each put in its place as it is read (a library sort's code costs the
            // first load about 1 KB brotli; a phone holds a few hundred evaluations at most).
            _ => {
                if let Some(evaluation) = evaluation(&key, &json) {
                    let at = held
                        .evaluations
                        .partition_point(|e| e.updated_at_ms <= evaluation.updated_at_ms);
                    held.evaluations.insert(at, evaluation);
                }
            }
        }
    }
    held
}

fn evaluation(key: &str, json: &str) -> Option<DeviceEvaluation> {
    key.strip_prefix(EVALUATION_PREFIX)?;
    shopper_domain::json::from_str(json).ok()
}

/// A write begun now (so writes commit in the order they were made), finished when the future is.
fn write(
    key: &str,
    json: Option<String>,
    strict: bool,
) -> impl Future<Output = Result<(), String>> {
    let promise = write_record(key, json, strict);
    async move { JsFuture::from(promise).await.map(drop).map_err(describe) }
}

pub fn save_session(session: &Session) -> impl Future<Output = Result<(), String>> {
    write(SESSION_KEY, serde_json::to_string(session).ok(), true)
}

/// Keeps the server's answer to `GET /api/v1/assignments` as it came (the text it was read from), so the app
/// never serializes a questionnaire: `Serialize` of the whole questionnaire (questions, conditions, ...) would
/// be linked into the wasm only for this. Records the app wrote before are the same JSON, re-serialized. Its
/// questionnaires are read when their form opens (`PhoneAssignments`), not here.
pub fn save_assignments(body: &str) -> impl Future<Output = Result<(), String>> {
    write(ASSIGNMENTS_KEY, Some(body.to_owned()), false)
}

/// `value` as JSON text. The app's records and requests always serialize (string keys, derived `Serialize`).
/// Panics without formatting serde_json's error: its `Debug` would bring every one of serde_json's and std's
/// I/O error texts into the wasm (about 2 KB with brotli) for a case that cannot happen.
#[track_caller]
pub fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| panic!("a record always serializes"))
}

/// The one place an evaluation is written to the device. Moving it to the outbox waits for the disk too.
pub fn save_evaluation(evaluation: &DeviceEvaluation) -> impl Future<Output = Result<(), String>> {
    let strict = evaluation.state == LocalState::Outbox;
    let json = to_json(evaluation);
    write(&evaluation_key(evaluation.id), Some(json), strict)
}

pub fn delete_evaluation(id: Uuid) -> impl Future<Output = Result<(), String>> {
    write(&evaluation_key(id), None, false)
}

fn evaluation_key(id: Uuid) -> String {
    format!("{EVALUATION_PREFIX}{id}")
}

/// Where a small setting lives: localStorage, or sessionStorage for what belongs to this tab only.
#[derive(Clone, Copy)]
pub enum Setting {
    Device,
    Tab,
}

impl Setting {
    fn storage(self) -> Option<web_sys::Storage> {
        let window = web_sys::window()?;
        match self {
            Setting::Device => window.local_storage(),
            Setting::Tab => window.session_storage(),
        }
        .ok()
        .flatten()
    }

    /// The setting under `key`, kept as JSON text (as the releases that used gloo-storage kept it too).
    pub fn get<T: DeserializeOwned>(self, key: &str) -> Option<T> {
        let text = self.storage()?.get_item(key).ok()??;
        shopper_domain::json::from_str(&text).ok()
    }

    /// Keeps `value` under `key`; a browser that refuses (private mode, full) costs only the setting.
    pub fn set(self, key: &str, value: &impl Serialize) {
        if let Some(storage) = self.storage() {
            let _ = storage.set_item(key, &to_json(value));
        }
    }

    pub fn remove(self, key: &str) {
        if let Some(storage) = self.storage() {
            let _ = storage.remove_item(key);
        }
    }
}

pub fn load_lang() -> Option<Lang> {
    Setting::Device.get(LANG_KEY)
}

pub fn save_lang(lang: Lang) {
    Setting::Device.set(LANG_KEY, &lang);
}

const INSTALL_KEY: &str = "shopper.install-dismissed";

/// Whether the shopper has put the install card away.
pub fn install_dismissed() -> bool {
    Setting::Device.get(INSTALL_KEY).unwrap_or(false)
}

pub fn dismiss_install() {
    Setting::Device.set(INSTALL_KEY, &true);
}

fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// What another tab committed.
pub enum OtherTab {
    Evaluation(Box<DeviceEvaluation>),
    EvaluationDeleted(Uuid),
    Assignments(Option<PhoneAssignments>),
    Session(Option<Session>),
}

/// Calls `on_change` for each record another tab of the app committed.
pub fn follow_other_tabs(mut on_change: impl FnMut(OtherTab) + 'static) {
    let listener = Closure::<dyn FnMut(String, Option<String>)>::new(
        move |key: String, json: Option<String>| {
            if let Some(change) = other_tab_change(&key, json.as_deref()) {
                on_change(change);
            }
        },
    );
    watch_records(&listener);
    listener.forget();
}

fn parsed<T: serde::de::DeserializeOwned>(json: Option<&str>) -> Option<T> {
    shopper_domain::json::from_str(json?).ok()
}

fn other_tab_change(key: &str, json: Option<&str>) -> Option<OtherTab> {
    match key {
        SESSION_KEY => Some(OtherTab::Session(parsed(json))),
        ASSIGNMENTS_KEY => Some(OtherTab::Assignments(parsed(json))),
        _ => match json {
            Some(json) => evaluation(key, json).map(|e| OtherTab::Evaluation(Box::new(e))),
            None => Uuid::parse_str(key.strip_prefix(EVALUATION_PREFIX)?)
                .ok()
                .map(OtherTab::EvaluationDeleted),
        },
    }
}
