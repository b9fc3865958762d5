//! How much memory this WebAssembly instance holds (the page's and the worker's are
//! separate instances of the same module): the diagnostics show it and the soak test
//! (scripts/soak) records it every minute to catch leaks.

/// Bytes of this instance's linear memory (it only grows: a leak shows as steps up).
pub fn wasm_memory_bytes() -> u64 {
    core::arch::wasm32::memory_size(0) as u64 * 65_536
}
