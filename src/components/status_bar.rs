//! Always-visible sync status: online or not, how many evaluations wait, last sync, and "sync now".

use leptos::prelude::*;

use crate::state::Shared;
use crate::sync;

#[component]
pub fn StatusBar() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let status = shared.sync;
    let waiting = move || shared.waiting_count();
    view! {
        <header class="status-bar" data-testid="status-bar">
            <a class="brand" href="/">"Shopper"</a>
            <span class="online" data-testid="online" class:offline=move || !status.with(|s| s.online)>
                {move || if status.with(|s| s.online) { "På nett" } else { "Uten nett" }}
            </span>
            <span data-testid="waiting">{move || format!("{} venter", waiting())}</span>
            <span class="last-sync">
                {move || status.with(|s| s.last_success.clone().map(|t| format!("Synkronisert {t}")).unwrap_or_default())}
            </span>
            <button
                type="button"
                class="sync-now"
                disabled=move || status.with(|s| s.in_flight)
                on:click=move |_| sync::sync_soon(shared)
            >
                {move || if status.with(|s| s.in_flight) { "Synkroniserer…" } else { "Synkroniser nå" }}
            </button>
        </header>
        <Show when=move || status.with(|s| s.last_error.is_some())>
            <p class="banner error" role="alert" data-testid="sync-error">
                {move || status.with(|s| s.last_error.clone().unwrap_or_default())}
            </p>
        </Show>
        <Show when=move || shared.storage_error.with(Option::is_some)>
            <p class="banner error" role="alert" data-testid="storage-error">
                "Kunne ikke lagre på enheten: " {move || shared.storage_error.get().unwrap_or_default()}
                " Frigjør plass og prøv igjen; ikke lukk appen."
            </p>
        </Show>
    }
}
