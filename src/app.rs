//! The app shell: shared state, start-up work (storage, service worker, first sync) and the routes.
//! [`start`] reads the device's records before anything is drawn, so the first screen shows them.

use leptos::prelude::*;

use crate::components::status_bar::StatusBar;
use crate::i18n::Lang;
use crate::pages::{
    assignments::AssignmentsPage, evaluation_loader::EvaluationLoader, sign_in::SignInPage,
};
use crate::router::{self, Route};
use crate::state::Shared;
use crate::{store, sync};

/// Reads what the device holds (IndexedDB answers in a few milliseconds, also offline), then mounts the app.
pub fn start() {
    // Leptos's own executor is set up by the mount, so the read before it runs on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let held = store::load().await;
        // The first draw is in the shopper's language, without a frame of bokmål before it (the start-up script
        // fetched the language's chunk beside the main wasm).
        let _ = store::load_lang()
            .unwrap_or_else(Lang::from_browser)
            .load()
            .await;
        leptos::mount::mount_to_body(move || view! { <App held/> });
    });
}

#[component]
pub fn App(held: store::Held) -> impl IntoView {
    let shared = Shared::new(held);
    provide_context(shared);
    let lang = shared.lang.get_untracked();
    if lang.is_loaded() {
        shared.set_lang(lang);
    } else {
        // Its chunk could not be fetched (offline before the service worker had it): bokmål until the shopper
        // chooses again, and the saved choice is kept for the next start.
        shared.lang.set(Lang::Nb);
    }
    shared.follow_other_tabs();
    sync::start(shared);
    // The contact this tab had open counts only for a share arriving now.
    if !crate::evidence::shared_waiting() {
        crate::evidence::remember_open_contact(None);
    }

    let route = router::start();

    view! {
        <StatusBar/>
        <main>
            {move || match route.get() {
                Route::Assignments => view! { <AssignmentsPage/> }.into_any(),
                Route::SignIn => view! { <SignInPage/> }.into_any(),
                Route::Evaluation => view! { <EvaluationLoader/> }.into_any(),
                Route::Missing => {
                    let words = move || shared.lang.get().words();
                    view! { <p>{move || words().page_missing} " " <a href="/">{move || words().to_assignments}</a></p> }
                        .into_any()
                }
            }}
        </main>
    }
}
