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
    fn watch_install_prompt(on_available: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = promptInstall)]
    pub fn prompt_install();
    #[wasm_bindgen(js_name = needsIosInstallHint)]
    pub fn needs_ios_install_hint() -> bool;
    #[wasm_bindgen(js_name = requestPersistentStorage)]
    pub fn request_persistent_storage();
    /// Calls the function `name` of the evidence code, which loads on the first call (src/evidence.rs).
    pub fn evidence(name: &str, args: &js_sys::Array) -> js_sys::Promise;
}

/// What the app offers the shopper about itself.
#[derive(Clone, Copy)]
pub struct Platform {
    /// A new version is installed and waits for the shopper's go.
    pub update_ready: RwSignal<bool>,
    /// The browser can install the app (Chromium's install prompt).
    pub can_install: RwSignal<bool>,
}

impl Platform {
    pub fn start() -> Self {
        let platform = Self {
            update_ready: RwSignal::new(false),
            can_install: RwSignal::new(false),
        };
        let on_update = Closure::<dyn FnMut()>::new(move || platform.update_ready.set(true));
        watch_service_worker(&on_update);
        on_update.forget();
        let on_installable = Closure::<dyn FnMut()>::new(move || platform.can_install.set(true));
        watch_install_prompt(&on_installable);
        on_installable.forget();
        request_persistent_storage();
        platform
    }
}
