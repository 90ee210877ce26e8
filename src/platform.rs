//! The browser's app-level services: the service worker (offline start and updates), the install prompt,
//! and persistent storage. The glue is `platform.js`; this module gives it Rust signatures.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/platform.js")]
extern "C" {
    #[wasm_bindgen(js_name = watchServiceWorker)]
    fn watch_service_worker(on_update_ready: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = checkForUpdate)]
    pub fn check_for_update();
    #[wasm_bindgen(js_name = applyUpdate)]
    pub fn apply_update() -> bool;
    #[wasm_bindgen(js_name = watchInstallPrompt)]
    fn watch_install_prompt(on_available: &Closure<dyn FnMut()>, on_gone: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = installExpected)]
    fn install_expected_js() -> bool;
    #[wasm_bindgen(js_name = promptInstall)]
    pub fn prompt_install();
    #[wasm_bindgen(js_name = afterFirstPaint)]
    fn after_first_paint_js(then: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = needsIosInstallHint)]
    pub fn needs_ios_install_hint() -> bool;
    #[wasm_bindgen(js_name = requestPersistentStorage)]
    pub fn request_persistent_storage();
    /// Calls the function `name` of the evidence code, which loads on the first call (src/evidence.rs).
    pub fn evidence(name: &str, args: &js_sys::Array) -> js_sys::Promise;
}

/// Runs `then` once the page's first contentful paint has been presented (soon, when it has been already), so
/// that what it fetches neither shares the network with the first screen nor counts towards its paint.
pub fn after_first_paint(then: impl FnOnce() + 'static) {
    // A `dyn FnMut` as the app's other callbacks (one glue for all) rather than `Closure::once`, whose glue is
    // made anew for each closure; it runs once and is kept, as they are.
    let mut then = Some(then);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(then) = then.take() {
            then()
        }
    });
    after_first_paint_js(&callback);
    callback.forget();
}

/// What the app offers the shopper about itself.
#[derive(Clone, Copy)]
pub struct Platform {
    /// A new version is installed and waits for the shopper's go.
    pub update_ready: RwSignal<bool>,
    /// The browser can install the app (Chromium's install prompt is in hand).
    pub can_install: RwSignal<bool>,
    /// The browser is expected to offer its install prompt (it did at an earlier start, or it is one that offers
    /// it and nothing is known yet): the install card is drawn at once, its button waiting for the prompt.
    pub install_expected: RwSignal<bool>,
}

impl Platform {
    pub fn start() -> Self {
        let platform = Self {
            update_ready: RwSignal::new(false),
            can_install: RwSignal::new(false),
            install_expected: RwSignal::new(install_expected_js()),
        };
        let on_update = Closure::<dyn FnMut()>::new(move || platform.update_ready.set(true));
        watch_service_worker(&on_update);
        on_update.forget();
        let on_installable = Closure::<dyn FnMut()>::new(move || platform.can_install.set(true));
        let on_gone = Closure::<dyn FnMut()>::new(move || platform.install_gone());
        watch_install_prompt(&on_installable, &on_gone);
        on_installable.forget();
        on_gone.forget();
        request_persistent_storage();
        platform
    }

    /// Installing is no longer on offer (installed, or the prompt used or not offered again).
    pub fn install_gone(&self) {
        self.can_install.set(false);
        self.install_expected.set(false);
    }
}
