//! The FaceGrade web app: a thin Leptos shell over the core. Camera frames are analysed
//! in this page, on this device; nothing is uploaded.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod camera;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod model_loader;
#[cfg(target_arch = "wasm32")]
mod overlay;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// The web app is built for wasm32 by Trunk (`scripts/serve`); natively there is nothing to run.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("facegrade-web is the browser app: run scripts/serve");
}
