//! The evaluation screen's code boundary: the form (pages/evaluation.rs with the contact, question and evidence
//! components) is split out of the main wasm into a chunk that loads the first time a shopper opens an
//! evaluation (`scripts/wasm-build.mjs` builds it; the service worker precaches it, so this works offline too). The
//! start and list screens load without it. "Laster skjemaet …" appears only if loading takes a moment.
//! The screen's head (the way back, the company, its channel, class, due date and scenario) is drawn here, by
//! the main module, from the assignment on the device: it is on screen as soon as the app has started, while the
//! chunk is still on its way, and the form is drawn below it without moving it.

use std::sync::OnceLock;
use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use shopper_domain::contact::ContactEvent;
use uuid::Uuid;

use crate::i18n;
use crate::pages::evaluation::{stamp_from_list, EvaluationPage};
use crate::router::use_params_map;
use crate::state::Shared;

/// Draws the evaluation screen; the function lives in the form's chunk.
type DrawPage = fn() -> AnyView;

/// What the form's chunk gives the rest of the app: its screen, and the one change the list makes that
/// needs the questionnaire (an e-mail's reply stamped from its card fills the durations its questions take
/// from the timeline), since the questionnaire is read in the chunk only.
#[derive(Clone, Copy)]
pub struct Form {
    pub draw: DrawPage,
    /// Stamps a moment on the assignment's evaluation at the time given; false when it could not (the
    /// questionnaire missing or unreadable: the form says why).
    pub stamp: fn(Shared, Uuid, ContactEvent, i64) -> bool,
}

/// How long a load may take before the screen says it is loading (a precached chunk takes a few ms).
const QUIET_FOR: Duration = Duration::from_millis(300);

/// The split point: everything only this function reaches goes into the `evaluation` chunk. A failed load
/// (a chunk missing after an update in another tab, say) is an `Err`, not a panic, so it can be retried.
#[wasm_split(evaluation, wasm_split_path = ::leptos::wasm_split, fallible)]
fn evaluation_chunk() -> Result<Form, SplitLoaderError> {
    Ok(Form {
        draw: || view! { <EvaluationPage/> }.into_any(),
        stamp: stamp_from_list,
    })
}

/// The chunk's functions once loaded: later openings draw at once, without a frame of waiting.
static LOADED: OnceLock<Form> = OnceLock::new();

/// The form's chunk, loaded the first time it is asked for.
pub async fn form() -> Result<Form, SplitLoaderError> {
    if let Some(form) = LOADED.get() {
        return Ok(*form);
    }
    let form = evaluation_chunk().await?;
    let _ = LOADED.set(form);
    Ok(form)
}

#[derive(Clone, Copy)]
enum Loading {
    Quiet,
    Slow,
    Failed,
    Done(DrawPage),
}

#[component]
pub fn EvaluationLoader() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = move || shared.lang.get().words();
    let state = RwSignal::new(match LOADED.get() {
        Some(form) => Loading::Done(form.draw),
        None => Loading::Quiet,
    });
    // Every write checks that the screen is still there (the shopper may have gone back at once): a write to a
    // signal that is gone would panic, and with panic=abort stop the whole app.
    let load = move || {
        if state.try_set(Loading::Quiet).is_some() {
            return;
        }
        set_timeout(
            move || {
                if matches!(state.try_get_untracked(), Some(Loading::Quiet)) {
                    let _ = state.try_set(Loading::Slow);
                }
            },
            QUIET_FOR,
        );
        leptos::task::spawn_local(async move {
            match form().await {
                Ok(form) => {
                    let _ = state.try_set(Loading::Done(form.draw));
                }
                Err(_) => {
                    let _ = state.try_set(Loading::Failed);
                }
            }
        });
    };
    // Fetched once the head below has been painted (after the page's first paint, then two frames on): started
    // before, the chunk shared the slow network with the main wasm on an evaluation's own address, and the
    // largest paint waited for both.
    if LOADED.get().is_none() {
        crate::platform::after_first_paint(move || {
            request_animation_frame(move || request_animation_frame(load))
        });
    }
    let params = use_params_map();
    let assignment = Memo::new(move |_| {
        let id = params.with(|p| p.get("id").and_then(|id| Uuid::parse_str(&id).ok()))?;
        shared.assignment(id)
    });
    let head = move || {
        let lang = shared.lang.get();
        let words = lang.words();
        assignment.get().map(|assignment| {
            view! {
                <a href="/" class="back">{words.back}</a>
                <h1>{assignment.company}</h1>
                <p class="muted">{format!("{} · {} · {} {}", i18n::channel(lang, assignment.channel), assignment.class,
                    words.due, i18n::date(lang, &assignment.due))}</p>
                <p class="scenario">{assignment.scenario}</p>
            }
        })
    };
    let body = move || {
        match state.get() {
            Loading::Quiet => ().into_any(),
            Loading::Slow => view! { <p class="loading" data-testid="form-loading">{move || words().loading_form}</p> }
                .into_any(),
            Loading::Failed => view! {
                <p role="alert" data-testid="form-not-loaded">{move || words().form_not_loaded}</p>
                <p>
                    <button type="button" on:click=move |_| load()>{move || words().try_again}</button>
                    " "
                    <a href="/">{move || words().to_assignments}</a>
                </p>
            }
            .into_any(),
            Loading::Done(draw) => draw(),
        }
    };
    view! {
        <article class="evaluation">
            {head}
            {body}
        </article>
    }
}
