//! Entry point of the shopper PWA: mounts the app, nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shopper::app::App);
}
