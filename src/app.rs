//! The app shell: shared state, start-up work (storage, service worker, first sync) and the routes.

use leptos::prelude::*;

use crate::components::status_bar::StatusBar;
use crate::pages::{assignments::AssignmentsPage, evaluation::EvaluationPage, sign_in::SignInPage};
use crate::router::{self, Route};
use crate::state::Shared;
use crate::sync;

#[component]
pub fn App() -> impl IntoView {
    let shared = Shared::load();
    provide_context(shared);
    shared.set_lang(shared.lang.get_untracked());
    shared.follow_other_tabs();
    sync::start(shared);

    let route = router::start();

    view! {
        <StatusBar/>
        <main>
            {move || match route.get() {
                Route::Assignments => view! { <AssignmentsPage/> }.into_any(),
                Route::SignIn => view! { <SignInPage/> }.into_any(),
                Route::Evaluation => view! { <EvaluationPage/> }.into_any(),
                Route::Missing => {
                    let words = move || shared.lang.get().words();
                    view! { <p>{move || words().page_missing} " " <a href="/">{move || words().to_assignments}</a></p> }
                        .into_any()
                }
            }}
        </main>
    }
}
