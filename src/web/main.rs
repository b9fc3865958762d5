//! The FaceGrade web app: a thin Leptos shell over the core. Camera frames are analysed
//! on this device, in a Web Worker running the same wasm module; nothing is uploaded.
//! The page and the worker load this one binary: `main` mounts the page, or, inside the
//! worker (no `document`), starts the analysis loop.
//!
//! Rooms: `app.rs` composes the page from `components/` over shared state in context
//! (`live.rs`, `exam/`, `editor.rs`, `files.rs`, `training.rs`); `protocol/` is what page
//! and worker say to each other (typed messages, request ids); `worker/` runs the core;
//! `store.rs` keeps exams and models in IndexedDB.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bench;
#[cfg(target_arch = "wasm32")]
mod camera;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod exam;
// Pure (no web types): also compiled natively, so their unit tests run with `cargo test`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
mod eye_report;
#[cfg(target_arch = "wasm32")]
mod files;
#[cfg(target_arch = "wasm32")]
mod i18n;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod memory;
#[cfg(target_arch = "wasm32")]
mod model_loader;
#[cfg(target_arch = "wasm32")]
mod offline;
#[cfg(target_arch = "wasm32")]
mod overlay;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod patient;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod photo_views;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
mod protocol;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod saved_exam;
#[cfg(target_arch = "wasm32")]
mod sections;
#[cfg(target_arch = "wasm32")]
mod shortcuts;
#[cfg(target_arch = "wasm32")]
mod speech;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod storage_space;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod trends;
#[cfg(test)]
mod test_exams;
#[cfg(target_arch = "wasm32")]
mod training;
#[cfg(target_arch = "wasm32")]
mod ui_text;
#[cfg(target_arch = "wasm32")]
mod worker;
#[cfg(target_arch = "wasm32")]
mod worker_restart;

/// Every allocation counted, so the diagnostics and the soak test can tell a leak (bytes
/// held growing) from the linear memory's high-water mark (`memory.rs`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: memory::CountingAllocator = memory::CountingAllocator;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    if worker::in_worker() {
        worker::run();
    } else if bench::requested() {
        // The benchmark page drives `bench::BenchEngine` itself.
    } else {
        leptos::mount::mount_to_body(app::App);
    }
}

/// The web app is built for wasm32 by Trunk (`scripts/serve`); natively there is nothing to run.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("facegrade-web is the browser app: run scripts/serve");
}
