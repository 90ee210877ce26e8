//! Sync as the rest of the app sees it: when a sync runs, and the engine that runs it loaded on demand. The engine
//! (`engine`, with its HTTP, the draft backups and the protocol's JSON readers and writers) is a wasm chunk of its
//! own, fetched after the first paint, so the list and the sign-in page draw from the main wasm alone; a sync asked
//! for earlier (submit, "Synkroniser nå", back online, sign-in) fetches it at once. What is asked before it is there
//! waits here and runs once it is. A failed fetch (offline before the service worker had precached it) is tried
//! again at the next trigger (back online, the app visible, the periodic tick); the outbox stays in IndexedDB
//! until the server's receipt whatever becomes of it.

mod backup;
mod engine;
mod http;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use uuid::Uuid;

use crate::state::Shared;

/// How often an open app on the network asks the server for news (a returned evaluation, new assignments).
const PERIODIC: Duration = Duration::from_secs(120);

/// What the engine's chunk gives the app.
#[derive(Clone, Copy)]
struct Engine {
    /// Runs a sync now, or once more after the one running.
    sync: fn(Shared),
    /// Back on the network: a sync at once, whatever the backoff.
    back_online: fn(Shared),
    /// A draft changed: its backup goes out once the shopper pauses.
    draft_changed: fn(Shared, Uuid),
    /// Sends the changed drafts' backups now (`true`: with keepalive, as the page is left).
    send_backups: fn(Shared, bool),
    /// Exchanges a sign-in link's code for a device token.
    sign_in: fn(Shared, String) -> Pin<Box<dyn Future<Output = Result<(), String>>>>,
}

/// The split point: everything only this function reaches goes into the `sync` chunk. A failed load is an
/// `Err`, not a panic, so it can be tried again.
#[wasm_split(sync, wasm_split_path = ::leptos::wasm_split, fallible)]
fn engine_chunk() -> Result<Engine, SplitLoaderError> {
    Ok(Engine {
        sync: engine::sync_soon,
        back_online: engine::back_online,
        draft_changed: backup::changed,
        send_backups: backup::send,
        sign_in: |shared, code| Box::pin(engine::sign_in(shared, code)),
    })
}

/// Something asked of the engine before it was there.
#[derive(Clone, Copy, PartialEq)]
enum Ask {
    Sync,
    BackOnline,
    DraftChanged(Uuid),
}

thread_local! {
    static ENGINE: Cell<Option<Engine>> = const { Cell::new(None) };
    /// What waits for the engine, each once, in the order asked.
    static WAITING: RefCell<Vec<Ask>> = const { RefCell::new(Vec::new()) };
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

/// Listens for the moments a sync should run, and fetches the engine once the first screen is drawn.
pub fn start(shared: Shared) {
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        shared.sync.update(|s| {
            s.online = true;
            s.failures = 0;
        });
        ask(shared, Ask::BackOnline);
    });
    let on_offline = window_event_listener(leptos::ev::offline, move |_| {
        shared.sync.update(|s| s.online = false)
    });
    let on_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        match document().visibility_state() {
            web_sys::VisibilityState::Visible => ask(shared, Ask::Sync),
            // The shopper left the app (another app in front, the tab closed): the backups go now.
            _ => send_backups_on_leaving(shared),
        }
    });
    let on_pagehide = window_event_listener(leptos::ev::pagehide, move |_| {
        send_backups_on_leaving(shared)
    });
    // The listeners live as long as the app.
    std::mem::forget((on_online, on_offline, on_visibility, on_pagehide));
    let periodic = set_interval_with_handle(
        move || {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && shared.sync.with_untracked(|s| s.online && s.failures == 0) {
                ask(shared, Ask::Sync);
            }
        },
        PERIODIC,
    );
    std::mem::forget(periodic);
    // The first sync: once the first paint has been presented, so the engine's fetch does not share the network
    // with what the first screen needs.
    crate::platform::after_first_paint(move || ask(shared, Ask::Sync));
}

/// Runs a sync soon: now if the engine is there, else once it is (fetched now).
pub fn sync_soon(shared: Shared) {
    ask(shared, Ask::Sync);
}

/// A draft changed: its backup goes out once the shopper pauses. Before the engine is there, the change waits for
/// it (it does not fetch the engine: the first sync does, in a moment).
pub fn draft_changed(shared: Shared, id: Uuid) {
    match ENGINE.get() {
        Some(engine) => (engine.draft_changed)(shared, id),
        None => wait_for_engine(Ask::DraftChanged(id)),
    }
}

/// Exchanges the code from the sign-in link for a device token and keeps it.
pub async fn sign_in(shared: Shared, invite_code: String) -> Result<(), String> {
    match engine(shared).await {
        Ok(engine) => (engine.sign_in)(shared, invite_code).await,
        // Its chunk could not be fetched: the network is gone (the link still works later).
        Err(_) => Err(shared
            .lang
            .get_untracked()
            .words()
            .sign_in_offline
            .to_owned()),
    }
}

fn send_backups_on_leaving(shared: Shared) {
    // Without the engine no backup has been sent or can be: the drafts are on the device and go with the next sync.
    if let Some(engine) = ENGINE.get() {
        (engine.send_backups)(shared, true);
    }
}

fn ask(shared: Shared, what: Ask) {
    match ENGINE.get() {
        Some(engine) => run(engine, shared, what),
        None => {
            wait_for_engine(what);
            fetch_engine(shared);
        }
    }
}

fn wait_for_engine(what: Ask) {
    WAITING.with_borrow_mut(|waiting| {
        if !waiting.contains(&what) {
            waiting.push(what);
        }
    });
}

fn run(engine: Engine, shared: Shared, what: Ask) {
    match what {
        Ask::Sync => (engine.sync)(shared),
        Ask::BackOnline => (engine.back_online)(shared),
        Ask::DraftChanged(id) => (engine.draft_changed)(shared, id),
    }
}

/// Fetches the engine, one fetch at a time; what waits runs once it is there, and keeps waiting if it failed.
fn fetch_engine(shared: Shared) {
    if LOADING.replace(true) {
        return;
    }
    spawn_local(async move {
        if engine(shared).await.is_err() {
            // A build's chunk missing from the network and the cache is what an update in another tab leaves:
            // the update banner offers the new build (the engine, which asks at every sync, is not there).
            crate::platform::check_for_update();
        }
        LOADING.set(false);
    });
}

/// The engine, fetched the first time it is needed; the first to get it runs what waited for it.
async fn engine(shared: Shared) -> Result<Engine, SplitLoaderError> {
    if let Some(engine) = ENGINE.get() {
        return Ok(engine);
    }
    let engine = engine_chunk().await?;
    if ENGINE.replace(Some(engine)).is_none() {
        for what in WAITING.take() {
            run(engine, shared, what);
        }
    }
    Ok(engine)
}
