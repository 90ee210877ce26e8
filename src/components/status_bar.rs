//! The header: one line with a chip only when something needs attention (offline, work not sent, signed out)
//! and a menu button that opens sync and language; below it the banners for sync and storage errors and for a
//! new version of the app, laid over the top of the page (their arrival moves nothing) and each put away with ×
//! until its message changes.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{self, Lang};
use crate::state::Shared;
use crate::{platform, sync};

#[component]
pub fn StatusBar() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let status = shared.sync;
    let words = move || shared.lang.get().words();
    let waiting = move || shared.waiting_count();
    let put_away = RwSignal::new(PutAway::default());
    view! {
        <header class="status-bar" data-testid="status-bar">
            <a class="brand" href="/">"Shopper"</a>
            <span class="chip offline" data-testid="online" hidden=move || status.with(|s| s.online)>
                {move || words().offline}
            </span>
            // Only when something waits: "1 ikke sendt".
            <span class="chip waiting" data-testid="waiting" hidden=move || waiting() == 0>{move || words().waiting.of(waiting())}</span>
            <span class="chip signed-out" data-testid="signed-out-chip" hidden=move || !status.with(|s| s.signed_out)>
                {move || words().signed_out_chip}
            </span>
            <Menu/>
        </header>
        <div class="banners">
            <Show when=move || shared.platform.update_ready.get() && !put_away.with(|p| p.update)>
                <div class="banner update" role="status" data-testid="update-banner">
                    <span>{move || words().update_ready}</span>
                    <button type="button" class="primary" data-testid="update-now" on:click=move |_| { platform::apply_update(); }>
                        {move || words().update_now}
                    </button>
                    <CloseBanner on_close=move || put_away.update(|p| p.update = true)/>
                </div>
            </Show>
            <Show when=move || status.with(|s| s.last_error.is_some() && s.last_error != put_away.with(|p| p.sync_error.clone()))>
                <div class="banner error" role="alert" data-testid="sync-error">
                    <p>{move || status.with(|s| s.last_error.clone().unwrap_or_default())}</p>
                    <CloseBanner on_close=move || put_away.update(|p| p.sync_error = status.with_untracked(|s| s.last_error.clone()))/>
                </div>
            </Show>
            <Show when=move || shared.storage_error.with(|e| e.is_some() && *e != put_away.with(|p| p.storage_error.clone()))>
                <div class="banner error" role="alert" data-testid="storage-error"
                    data-detail=move || shared.storage_error.get().unwrap_or_default()>
                    <p>
                        {move || words().storage_failed} " "
                        {move || i18n::storage_reason(shared.lang.get(), &shared.storage_error.get().unwrap_or_default())} " "
                        {move || words().storage_failed_hint}
                    </p>
                    <CloseBanner on_close=move || put_away.update(|p| p.storage_error = shared.storage_error.get_untracked())/>
                </div>
            </Show>
        </div>
    }
}

/// The banners the shopper has put away: the update until the app is reloaded, an error until its message changes.
#[derive(Default)]
struct PutAway {
    update: bool,
    sync_error: Option<String>,
    storage_error: Option<String>,
}

/// A banner's × (44 px), named for a screen reader.
#[component]
fn CloseBanner(on_close: impl Fn() + 'static) -> impl IntoView {
    let shared = expect_context::<Shared>();
    view! {
        <button type="button" class="close-banner" data-testid="close-banner"
            aria-label=move || shared.lang.get().words().close_banner on:click=move |_| on_close()>
            <span aria-hidden="true">"×"</span>
        </button>
    }
}

/// A disclosure button and its small menu: sync now with the last successful sync, and the language (bokmål,
/// English, Danish, each named in itself). Escape,
/// a tap outside or the button again close it; Escape gives the focus back to the button.
#[component]
fn Menu() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let status = shared.sync;
    let words = move || shared.lang.get().words();
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    let menu = NodeRef::<html::Div>::new();
    // The header lives as long as the app, and so does this listener.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let inside = menu
            .get_untracked()
            .zip(ev.target())
            .is_some_and(|(menu, target)| {
                use wasm_bindgen::JsCast;
                target
                    .dyn_ref::<web_sys::Node>()
                    .is_some_and(|node| menu.contains(Some(node)))
            });
        if !inside && open.get_untracked() {
            open.set(false);
        }
    });
    std::mem::forget(outside);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    let chosen = shared.lang.get_untracked();
    let select = NodeRef::<html::Select>::new();
    let not_loaded = RwSignal::new(false);
    // English and Danish are fetched when chosen (from the precache offline); the choice shows once they are
    // here. A quicker second choice wins; a failed fetch puts the menu back on the language shown.
    let choose = move |lang: Lang| {
        leptos::task::spawn_local(async move {
            let loaded = lang.load().await.is_ok();
            let Some(select) = select.get_untracked() else {
                return;
            };
            if select.value() != lang.code() {
                return;
            }
            not_loaded.set(!loaded);
            if loaded {
                shared.set_lang(lang);
            } else {
                select.set_value(shared.lang.get_untracked().code());
            }
        });
    };
    let last_sync = move || {
        let lang = shared.lang.get();
        status
            .with(|s| s.last_success)
            .map(|ms| {
                format!(
                    "{} {}",
                    lang.words().synced_at,
                    i18n::clock_minutes(lang, ms)
                )
            })
            .unwrap_or_else(|| lang.words().not_synced_yet.to_owned())
    };
    view! {
        <div class="menu" node_ref=menu on:keydown=on_keydown>
            <button type="button" class="menu-button" data-testid="menu" node_ref=button
                aria-expanded=move || open.get().to_string() aria-controls="app-menu"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span aria-hidden="true">"☰"</span>
                <span class="visually-hidden">{move || words().menu}</span>
            </button>
            <div class="menu-panel" id="app-menu" data-testid="app-menu" hidden=move || !open.get()>
                <button type="button" class="sync-now" data-testid="sync-now"
                    disabled=move || status.with(|s| s.in_flight)
                    on:click=move |_| sync::sync_soon(shared)>
                    {move || if status.with(|s| s.in_flight) { words().syncing } else { words().sync_now }}
                </button>
                <p class="last-sync" data-testid="last-sync">{last_sync}</p>
                <label class="languages">
                    <span>{move || words().language}</span>
                    // Only this changes the language, so each option's first state is all it needs.
                    <select data-testid="language" node_ref=select
                        on:change=move |ev| {
                            let code = event_target_value(&ev);
                            if let Some(lang) = [Lang::Nb, Lang::En, Lang::Da].into_iter().find(|l| l.code() == code) {
                                choose(lang);
                            }
                        }>
                        <option value="nb" lang="nb" selected=chosen == Lang::Nb>"Norsk bokmål"</option>
                        <option value="en" lang="en" selected=chosen == Lang::En>"English"</option>
                        <option value="da" lang="da" selected=chosen == Lang::Da>"Dansk"</option>
                    </select>
                </label>
                // Empty while all is well: an alert with text counts as one, hidden or not.
                <p class="language-not-loaded" role="alert" data-testid="language-not-loaded" hidden=move || !not_loaded.get()>
                    {move || if not_loaded.get() { words().language_not_loaded } else { "" }}
                </p>
            </div>
        </div>
    }
}
