//! Sync: pushes the outbox and fetches assignments, by itself. It runs at start-up, when the browser comes
//! online, when the app becomes visible, after every submit, and with backoff while failing. Background Sync
//! is never relied on (Safari and Firefox lack it). An evaluation leaves the outbox only on the server's receipt.

pub mod http;

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shopper_domain::device::LocalState;
use shopper_domain::protocol::{AssignmentsResponse, PushReceipt, SignInRequest, SignInResponse};

use crate::state::{now_ms, Shared};
use crate::store::{self, Session};

thread_local! {
    /// A sync was asked for while one was running: run once more when it ends.
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static RETRY_PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Why a sync stopped early.
enum Stop {
    /// No answer from the server: try again later.
    Unreachable,
    /// The server answered, but not as hoped; the message says what to do.
    Refused(String),
    /// The device token is no longer valid; retrying will not help until the shopper signs in again.
    SignedOut(String),
}

/// Listens for the moments a sync should run, and runs the first one.
pub fn start(shared: Shared) {
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        shared.sync.update(|s| s.online = true);
        sync_soon(shared);
    });
    let on_offline = window_event_listener(leptos::ev::offline, move |_| {
        shared.sync.update(|s| s.online = false)
    });
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            sync_soon(shared);
        }
    });
    // The listeners live as long as the app.
    std::mem::forget((on_online, on_offline, on_visible));
    sync_soon(shared);
}

pub fn sync_soon(shared: Shared) {
    spawn_local(sync(shared));
}

async fn sync(shared: Shared) {
    if shared.sync.with_untracked(|s| s.in_flight) {
        AGAIN.set(true);
        return;
    }
    let Some(session) = shared.session.get_untracked() else {
        return;
    };
    shared.sync.update(|s| s.in_flight = true);
    loop {
        AGAIN.set(false);
        let result = push_and_fetch(shared, &session).await;
        shared.sync.update(|s| match &result {
            Ok(()) => {
                s.failures = 0;
                s.last_error = None;
                s.last_success = Some(now_ms());
            }
            Err(Stop::Unreachable) => {
                s.failures += 1;
                s.last_error = None;
            }
            Err(Stop::Refused(message)) | Err(Stop::SignedOut(message)) => {
                s.failures += 1;
                s.last_error = Some(message.clone());
            }
        });
        if result.is_ok() && !AGAIN.get() {
            break;
        }
        if let Err(stop) = result {
            if !matches!(stop, Stop::SignedOut(_)) {
                retry_later(shared);
            }
            break;
        }
    }
    shared.sync.update(|s| s.in_flight = false);
}

/// Schedules one retry with exponential backoff: 2 s, 4 s, 8 s ... at most a minute.
fn retry_later(shared: Shared) {
    if RETRY_PENDING.replace(true) {
        return;
    }
    let failures = shared.sync.with_untracked(|s| s.failures).clamp(1, 6);
    let delay = Duration::from_secs((1u64 << failures).min(60));
    set_timeout(
        move || {
            RETRY_PENDING.set(false);
            sync_soon(shared);
        },
        delay,
    );
}

async fn push_and_fetch(shared: Shared, session: &Session) -> Result<(), Stop> {
    if !shared.sync.with_untracked(|s| s.online) {
        return Err(Stop::Unreachable);
    }
    let outbox: Vec<_> = shared.evaluations.with_untracked(|all| {
        all.iter()
            .filter(|e| e.state == LocalState::Outbox)
            .cloned()
            .collect()
    });
    for mut evaluation in outbox {
        shared.sync.update(|s| s.sending = Some(evaluation.id));
        let body = serde_json::to_string(&evaluation.submission())
            .expect("a submission always serializes");
        let path = format!("/api/v1/evaluations/{}", evaluation.id);
        let answer = http::send("PUT", &path, Some(&session.token), Some(body)).await;
        shared.sync.update(|s| s.sending = None);
        let answer = answer.map_err(|_| Stop::Unreachable)?;
        match answer.status {
            200 | 201 => match serde_json::from_str::<PushReceipt>(&answer.body) {
                Ok(receipt) => evaluation.acknowledge(&receipt),
                Err(_) => {
                    return Err(Stop::Refused(
                        "the server's receipt could not be read".into(),
                    ))
                }
            },
            401 => return Err(signed_out(shared)),
            // The server decided about this evaluation: it goes back to the shopper with the reason.
            400 | 404 | 409 | 422 => {
                let error = answer.error().error;
                evaluation.refuse(error.message, error.problems);
            }
            // 426, 5xx, a proxy's page: not this evaluation's fault; keep it waiting and try later.
            _ => return Err(Stop::Refused(answer.error().error.message)),
        }
        evaluation.updated_at_ms = now_ms();
        shared.save(evaluation);
    }
    let answer = http::send("GET", "/api/v1/assignments", Some(&session.token), None)
        .await
        .map_err(|_| Stop::Unreachable)?;
    match answer.status {
        200 => {
            let data: AssignmentsResponse = serde_json::from_str(&answer.body).map_err(|_| {
                Stop::Refused("the server's list of assignments could not be read".into())
            })?;
            if shared.apply_statuses(&data.evaluations) {
                AGAIN.set(true); // the server lost something this device sent: send it again now
            }
            // Usually nothing has changed since the last sync: then the list is not drawn again (its cards
            // would be replaced under the shopper's thumb) and nothing is written.
            if shared
                .data
                .with_untracked(|held| held.as_ref() != Some(&data))
            {
                if let Err(error) = store::save_assignments(&data) {
                    shared.storage_error.set(Some(error));
                }
                shared.data.set(Some(data));
            }
            crate::platform::check_for_update();
            Ok(())
        }
        401 => Err(signed_out(shared)),
        _ => Err(Stop::Refused(answer.error().error.message)),
    }
}

fn signed_out(shared: Shared) -> Stop {
    Stop::SignedOut(shared.lang.get_untracked().words().signed_out.to_owned())
}

/// Exchanges the code from the sign-in link for a device token and keeps it.
pub async fn sign_in(shared: Shared, invite_code: String) -> Result<(), String> {
    let body = serde_json::to_string(&SignInRequest { invite_code }).expect("serializes");
    let answer = http::send("POST", "/api/v1/sign-in", None, Some(body))
        .await
        .map_err(|_| {
            shared
                .lang
                .get_untracked()
                .words()
                .sign_in_offline
                .to_owned()
        })?;
    if !answer.is_success() {
        return Err(answer.error().error.message);
    }
    let signed_in: SignInResponse =
        serde_json::from_str(&answer.body).map_err(|e| e.to_string())?;
    let session = Session {
        token: signed_in.token,
        shopper_name: signed_in.shopper_name,
    };
    store::save_session(&session)?;
    shared.session.set(Some(session));
    shared.sync.update(|s| s.last_error = None);
    sync_soon(shared);
    Ok(())
}
