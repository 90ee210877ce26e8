//! The app shell: shared state, start-up work (storage, service worker, first sync) and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::status_bar::StatusBar;
use crate::pages::{assignments::AssignmentsPage, evaluation::EvaluationPage, sign_in::SignInPage};
use crate::state::Shared;
use crate::sync;

#[component]
pub fn App() -> impl IntoView {
    let shared = Shared::load();
    provide_context(shared);
    shared.set_lang(shared.lang.get_untracked());
    shared.follow_other_tabs();
    sync::start(shared);

    view! {
        <Router>
            <StatusBar/>
            <main>
                <Routes fallback=move || {
                    let words = shared.lang.get().words();
                    view! { <p>{words.page_missing} " " <a href="/">{words.to_assignments}</a></p> }
                }>
                    <Route path=path!("/") view=AssignmentsPage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/a/:id") view=EvaluationPage/>
                </Routes>
            </main>
        </Router>
    }
}
