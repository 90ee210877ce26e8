//! Always-visible sync status: online or not, how many evaluations wait, last sync, "sync now", the language
//! switch; below it the banners for sync and storage errors and for a new version of the app.

use leptos::prelude::*;

use crate::i18n;
use crate::state::Shared;
use crate::{platform, sync};

#[component]
pub fn StatusBar() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let status = shared.sync;
    let words = move || shared.lang.get().words();
    let waiting = move || shared.waiting_count();
    view! {
        <header class="status-bar" data-testid="status-bar">
            <a class="brand" href="/">"Shopper"</a>
            // A chip only when something needs attention: offline, or work not sent yet.
            <span class="online" data-testid="online" class:offline=move || !status.with(|s| s.online)
                hidden=move || status.with(|s| s.online)>
                {move || if status.with(|s| s.online) { words().online } else { words().offline }}
            </span>
            // Only when something waits: "1 ikke sendt".
            <span class="waiting" data-testid="waiting" hidden=move || waiting() == 0>{move || words().waiting.of(waiting())}</span>
            <button
                type="button"
                class="sync-now"
                data-testid="sync-now"
                disabled=move || status.with(|s| s.in_flight)
                aria-label=move || if status.with(|s| s.in_flight) { words().syncing } else { words().sync_now }
                title=move || words().sync_now
                on:click=move |_| sync::sync_soon(shared)
            >
                "⟳"
            </button>
            <button
                type="button"
                class="language"
                data-testid="language"
                lang=move || shared.lang.get().other().code()
                on:click=move |_| shared.set_lang(shared.lang.get_untracked().other())
            >
                {move || words().switch_to}
            </button>
            <span class="last-sync" data-testid="last-sync">
                {move || {
                    let lang = shared.lang.get();
                    status.with(|s| s.last_success)
                        .map(|ms| format!("{} {}", lang.words().synced_at, i18n::clock_minutes(lang, ms)))
                        .unwrap_or_default()
                }}
            </span>
        </header>
        <Show when=move || shared.platform.update_ready.get()>
            <div class="banner update" role="status" data-testid="update-banner">
                <span>{move || words().update_ready}</span>
                <button type="button" class="primary" data-testid="update-now" on:click=move |_| { platform::apply_update(); }>
                    {move || words().update_now}
                </button>
            </div>
        </Show>
        <Show when=move || status.with(|s| s.last_error.is_some())>
            <p class="banner error" role="alert" data-testid="sync-error">
                {move || status.with(|s| s.last_error.clone().unwrap_or_default())}
            </p>
        </Show>
        <Show when=move || shared.storage_error.with(Option::is_some)>
            <p class="banner error" role="alert" data-testid="storage-error"
                data-detail=move || shared.storage_error.get().unwrap_or_default()>
                {move || words().storage_failed} " "
                {move || i18n::storage_reason(shared.lang.get(), &shared.storage_error.get().unwrap_or_default())} " "
                {move || words().storage_failed_hint}
            </p>
        </Show>
    }
}
