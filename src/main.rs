//! Entry point of the shopper PWA: reads the device's records and mounts the app.

/// Talc instead of Rust's default dlmalloc: smaller in the wasm and faster (docs/DECISIONS.md).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    shopper::app::start();
}
