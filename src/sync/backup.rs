//! The server's copy of the shopper's drafts: each changed draft is sent a few seconds after the last change
//! while online, and at once (with `keepalive`, so it outlives the page) when the app is hidden or closed (the
//! facade, `super`, listens for that). Part of the sync engine's chunk.
//! What could not be sent stays marked and goes with the next sync. Drafts come back from the server at
//! every sync (`merge_backups`): a new phone, or one whose storage the browser evicted, gets them again.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shopper_domain::device::merge_backups;
use shopper_domain::json;
use uuid::Uuid;

use super::http;
use crate::state::{now_ms, Shared};

/// How long after the last change a draft is sent.
const QUIET: Duration = Duration::from_secs(3);

thread_local! {
    /// Drafts changed since their last backup, each once (a few at most: a list, not a set, whose code the
    /// wasm would carry for this alone).
    static CHANGED: RefCell<Vec<Uuid>> = const { RefCell::new(Vec::new()) };
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

/// A draft changed: its backup goes out once the shopper pauses.
pub fn changed(shared: Shared, id: Uuid) {
    mark_changed(id);
    if let Some(timer) = TIMER.take() {
        timer.clear();
    }
    TIMER.set(set_timeout_with_handle(move || send(shared, false), QUIET).ok());
}

fn mark_changed(id: Uuid) {
    CHANGED.with_borrow_mut(|changed| {
        if !changed.contains(&id) {
            changed.push(id);
        }
    });
}

/// Sends every changed draft's backup, when online and signed in.
pub fn send(shared: Shared, keepalive: bool) {
    let Some(token) = shared
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    else {
        return;
    };
    if !shared.sync.with_untracked(|s| s.online) {
        return;
    }
    for id in CHANGED.take() {
        let Some(draft) = shared
            .evaluations
            .with_untracked(|all| all.iter().find(|e| e.id == id && e.is_editable()).cloned())
        else {
            continue;
        };
        let body = crate::store::to_json(&draft);
        let token = token.clone();
        spawn_local(async move {
            let path = format!("/api/v1/drafts/{id}");
            match http::send_with("PUT", &path, Some(&token), Some(body), keepalive).await {
                Ok(answer) if answer.is_success() => shared.backed_up_at.set(Some(now_ms())),
                // The server has it as received (or will never take it): nothing more to back up.
                Ok(answer)
                    if answer.status == 409 || answer.status == 400 || answer.status == 404 => {}
                _ => {
                    mark_changed(id);
                }
            }
        });
    }
}

/// Takes in the server's backups (part of every sync) and stores what they brought.
pub async fn fetch(shared: Shared, token: &str) {
    let Ok(answer) = http::send("GET", "/api/v1/drafts", Some(token), None).await else {
        return;
    };
    let Ok(backups) = json::from_str::<Vec<_>>(&answer.body) else {
        return;
    };
    shared.merge(|all| merge_backups(all, &backups));
}
