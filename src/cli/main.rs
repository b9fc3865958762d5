//! `facegrade`: the native command line over the core, for batch research use and for
//! tests that need real images.

#[cfg(not(target_arch = "wasm32"))]
mod commands;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(commands::run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
