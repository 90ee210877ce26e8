//! Sync: pushes the outbox and fetches assignments, by itself. It runs at start-up, when the browser comes
//! online (at once, whatever the backoff), when the app becomes visible, every few minutes while it is open
//! and online (so returned work arrives without a reload), after every submit, and with backoff while
//! failing. Background Sync is never relied on (Safari and Firefox lack it). An evaluation leaves the outbox
//! only on the server's receipt; what an answer means is the domain's `PushOutcome::from_status`. Its files
//! are uploaded whole before each push (and again when the server answers that it lacks some).

pub mod backup;
pub mod http;

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shopper_domain::attachment::AttachmentRef;
use shopper_domain::device::{DeviceEvaluation, LocalState};
use shopper_domain::json;
use shopper_domain::protocol::{PhoneAssignments, PushOutcome, SignInRequest};

use crate::evidence::{self, forget_unneeded};
use crate::i18n;
use crate::state::{now_ms, Shared};
use crate::store::{self, Session};

/// How often an open app on the network asks the server for news (a returned evaluation, new assignments).
const PERIODIC: Duration = Duration::from_secs(120);

thread_local! {
    /// A sync was asked for while one was running: run once more when it ends.
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static RETRY_PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Why a sync stopped early.
enum Stop {
    /// No answer from the server: try again later.
    Unreachable,
    /// The server answered, but not as hoped: its stable error code, shown in the shopper's words.
    Failed(String),
    /// The device token is no longer valid; retrying will not help until the shopper signs in again.
    SignedOut(String),
}

/// Listens for the moments a sync should run, and runs the first one.
pub fn start(shared: Shared) {
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        // Back on the network: the first try is now, not when the offline backoff would have had it.
        shared.sync.update(|s| {
            s.online = true;
            s.failures = 0;
        });
        AGAIN.set(true);
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
    let periodic = set_interval_with_handle(
        move || {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && shared.sync.with_untracked(|s| s.online && s.failures == 0) {
                sync_soon(shared);
            }
        },
        PERIODIC,
    );
    std::mem::forget(periodic);
    backup::start(shared);
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
    // Every sync also asks whether the app changed, whatever becomes of the sync itself.
    crate::platform::check_for_update();
    loop {
        AGAIN.set(false);
        let result = push_and_fetch(shared, &session).await;
        shared.sync.update(|s| match &result {
            Ok(()) => {
                s.failures = 0;
                s.last_error = None;
                s.signed_out = false;
                s.last_success = Some(now_ms());
            }
            Err(Stop::Unreachable) => {
                s.failures += 1;
                s.last_error = None;
            }
            Err(Stop::Failed(code)) => {
                s.failures += 1;
                s.last_error = Some(i18n::sync_error(shared.lang.get_untracked(), code).to_owned());
            }
            Err(Stop::SignedOut(message)) => {
                s.failures += 1;
                s.signed_out = true;
                s.last_error = Some(message.clone());
            }
        });
        // Asked again meanwhile (back online, "sync now"): once more at once, also after a failure.
        let again = AGAIN.get() && shared.sync.with_untracked(|s| s.online);
        match result {
            Ok(()) if again => continue,
            Ok(()) => break,
            Err(Stop::SignedOut(_)) => break,
            Err(_) if again && shared.sync.with_untracked(|s| s.failures) <= 1 => continue,
            Err(_) => {
                retry_later(shared);
                break;
            }
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
    // An evaluation whose file is not on this device waits; the others still go.
    let mut blocked = None;
    for mut evaluation in outbox {
        // Its files first, each whole; then the push. A server that still lacks some (it lost them, or they
        // were uploaded by another device) says which: those are uploaded again and the same revision is
        // pushed once more.
        let token = &session.token;
        match upload_files(shared, token, &evaluation.content.attachments, false).await {
            Err(Stop::Failed(code)) if code == "file_missing" => {
                blocked = Some(code);
                continue;
            }
            done => done?,
        }
        let mut outcome = push(shared, token, &evaluation).await?;
        if let PushOutcome::UploadFirst(missing) = &outcome {
            let again: Vec<_> = (evaluation.content.attachments.iter())
                .filter(|a| missing.contains(&a.sha256))
                .cloned()
                .collect();
            upload_files(shared, token, &again, true).await?;
            outcome = push(shared, token, &evaluation).await?;
        }
        match outcome {
            PushOutcome::Acknowledged(receipt) => evaluation.acknowledge(&receipt),
            PushOutcome::SignedOut => return Err(signed_out(shared)),
            // The server decided about this evaluation: it goes back to the shopper with the reason.
            PushOutcome::Refused(error) => evaluation.refuse(error.code, error.problems),
            // Not this evaluation's fault: it keeps waiting and goes out again later.
            PushOutcome::RetryLater(error) => return Err(Stop::Failed(error.code)),
            // Still lacking files just uploaded: it keeps waiting and goes out again later.
            PushOutcome::UploadFirst(_) => return Err(Stop::Failed("attachments_missing".into())),
        }
        evaluation.updated_at_ms = now_ms();
        let files = evaluation.content.attachments.clone();
        shared.save(evaluation);
        // The server holds every file of an acknowledged evaluation: the device lets go of those no other
        // unsent evaluation names.
        forget_unneeded(shared, &files);
    }
    if let Some(code) = blocked {
        return Err(Stop::Failed(code));
    }
    let answer = http::send("GET", "/api/v1/assignments", Some(&session.token), None)
        .await
        .map_err(|_| Stop::Unreachable)?;
    match answer.status {
        200 => {
            let data: PhoneAssignments =
                json::from_str(&answer.body).map_err(|_| Stop::Failed("unreadable".into()))?;
            if shared.apply_statuses(&data.evaluations) {
                AGAIN.set(true); // the server lost something this device sent: send it again now
            }
            // Usually nothing has changed since the last sync: then the list is not drawn again (its cards
            // would be replaced under the shopper's thumb) and nothing is written.
            if shared
                .data
                .with_untracked(|held| held.as_ref() != Some(&data))
            {
                shared.track(store::save_assignments(&answer.body));
                shared.data.set(Some(data));
            }
            backup::fetch(shared, &session.token).await;
            // Drafts changed while offline are backed up now.
            backup::send(shared, false);
            Ok(())
        }
        401 => Err(signed_out(shared)),
        status => Err(Stop::Failed(answer.error_code(status))),
    }
}

async fn push(
    shared: Shared,
    token: &str,
    evaluation: &DeviceEvaluation,
) -> Result<PushOutcome, Stop> {
    shared.sync.update(|s| s.sending = Some(evaluation.id));
    let body = store::to_json(&evaluation.submission());
    let path = format!("/api/v1/evaluations/{}", evaluation.id);
    let answer = http::send("PUT", &path, Some(token), Some(body)).await;
    shared.sync.update(|s| s.sending = None);
    let answer = answer.map_err(|_| Stop::Unreachable)?;
    Ok(PushOutcome::from_status(answer.status, &answer.body))
}

/// Uploads `files` (each whole, in chunks, resuming where the server stands), skipping those the server
/// already said it holds unless `again`. The form shows the file being uploaded and its percentage.
async fn upload_files(
    shared: Shared,
    token: &str,
    files: &[AttachmentRef],
    again: bool,
) -> Result<(), Stop> {
    if files.is_empty() {
        return Ok(());
    }
    let result = evidence::upload_all(token, files, again, move |sha256, percent| {
        shared.sync.update(|s| {
            if percent < 100 {
                s.uploading = Some((sha256, percent));
            } else {
                s.uploading = None;
                s.uploaded.push(sha256);
            }
        })
    })
    .await;
    shared.sync.update(|s| s.uploading = None);
    match result {
        Ok(()) => Ok(()),
        Err(code) if code == "unreachable" => Err(Stop::Unreachable),
        Err(code) if code == "signed_out" => Err(signed_out(shared)),
        Err(code) => Err(Stop::Failed(code)),
    }
}

fn signed_out(shared: Shared) -> Stop {
    Stop::SignedOut(shared.lang.get_untracked().words().signed_out.to_owned())
}

/// Exchanges the code from the sign-in link for a device token and keeps it.
pub async fn sign_in(shared: Shared, invite_code: String) -> Result<(), String> {
    let body = store::to_json(&SignInRequest { invite_code });
    let lang = shared.lang.get_untracked();
    let answer = http::send("POST", "/api/v1/sign-in", None, Some(body))
        .await
        .map_err(|_| lang.words().sign_in_offline.to_owned())?;
    if answer.status == 404 {
        return Err(lang.words().sign_in_link_invalid.to_owned());
    }
    let session: Session = json::from_str(&answer.body)
        .map_err(|_| i18n::sync_error(lang, &answer.error_code(answer.status)).to_owned())?;
    // Signed in only once the device holds the token: the link is used up now.
    store::save_session(&session).await?;
    shared.session.set(Some(session));
    shared.sync.update(|s| {
        s.last_error = None;
        s.signed_out = false;
    });
    sync_soon(shared);
    Ok(())
}
