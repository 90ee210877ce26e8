//! Entry point of the shopper PWA: reads the device's records and mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    shopper::app::start();
}
