//! Sign-in from the link the organizer sends: `/signin#code=...`. The code sits in the fragment, which never
//! reaches a server log, and is removed from the address bar as soon as it has been used.

use leptos::prelude::*;

use crate::router::use_navigate;
use crate::state::Shared;
use crate::sync;

#[component]
pub fn SignInPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let navigate = use_navigate();
    let code = invite_code_from_location();
    forget_code_in_address_bar();
    let words = move || shared.lang.get().words();
    match code {
        None => outcome.set(Some(Err(words().link_without_code.into()))),
        Some(code) => leptos::task::spawn_local(async move {
            let result = sync::sign_in(shared, code).await;
            let signed_in = result.is_ok();
            outcome.set(Some(result));
            if signed_in {
                navigate("/", Default::default());
            }
        }),
    }
    view! {
        <section class="sign-in">
            <h1>{move || if outcome.with(|o| matches!(o, Some(Err(_)))) { words().sign_in_failed } else { words().signing_in }}</h1>
            {move || match outcome.get() {
                None => view! { <p>{words().one_moment}</p> }.into_any(),
                Some(Ok(())) => view! { <p>{words().signed_in}</p> }.into_any(),
                Some(Err(message)) => view! {
                    <p class="banner error" role="alert" data-testid="sign-in-error">{message}</p>
                    <p><a class="button" href="/">{words().to_assignments}</a></p>
                }
                .into_any(),
            }}
        </section>
    }
}

fn invite_code_from_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("code="))
        .map(str::to_owned)
        .filter(|code| !code.is_empty())
}

fn forget_code_in_address_bar() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/signin"));
    }
}
