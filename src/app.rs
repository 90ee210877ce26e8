//! The app shell: shared state, start-up work (storage, service worker, first sync) and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen_futures::JsFuture;

use crate::components::status_bar::StatusBar;
use crate::pages::{assignments::AssignmentsPage, evaluation::EvaluationPage, sign_in::SignInPage};
use crate::state::Shared;
use crate::sync;

#[component]
pub fn App() -> impl IntoView {
    let shared = Shared::load();
    provide_context(shared);
    sync::start(shared);
    register_service_worker();
    request_persistent_storage();

    view! {
        <Router>
            <StatusBar/>
            <main>
                <Routes fallback=|| view! { <p>"Siden finnes ikke." <a href="/">"Til oppdragene"</a></p> }>
                    <Route path=path!("/") view=AssignmentsPage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/a/:id") view=EvaluationPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// The service worker makes the app open offline. Registering can fail (private mode, plain http on a LAN
/// address); the app then still works while online.
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let registration = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        if let Err(error) = JsFuture::from(registration).await {
            leptos::logging::warn!("service worker not registered: {error:?}");
        }
    });
}

/// Asks the browser not to evict the device's drafts and outbox under storage pressure.
fn request_persistent_storage() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(promise) = window.navigator().storage().persist() {
        leptos::task::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}
