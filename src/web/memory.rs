//! How much memory this WebAssembly instance holds (the page's and the worker's are
//! separate instances of the same module): the diagnostics show it and the soak test
//! (scripts/soak) records it every minute to catch leaks.
//!
//! Two figures, because a linear memory never shrinks: its size is a high-water mark (one
//! busy moment, e.g. two exams' pictures held at once while the second is saved, steps it up
//! for good), while the bytes the program still holds fall back when it frees them. A leak
//! is the second growing; the first may step up and then stay.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of this instance's linear memory (the high-water mark of everything below).
pub fn wasm_memory_bytes() -> u64 {
    core::arch::wasm32::memory_size(0) as u64 * 65_536
}

/// Bytes allocated and not yet freed by this instance (Rust's heap: models, frames, exams,
/// Leptos' state), counted by [`CountingAllocator`].
pub fn live_heap_bytes() -> u64 {
    LIVE_HEAP_BYTES.load(Ordering::Relaxed)
}

static LIVE_HEAP_BYTES: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting the bytes it hands out and takes back (one relaxed add
/// per allocation; the module runs on one thread per instance).
pub struct CountingAllocator;

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE_HEAP_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE_HEAP_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE_HEAP_BYTES.fetch_sub(layout.size() as u64, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE_HEAP_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
            LIVE_HEAP_BYTES.fetch_sub(layout.size() as u64, Ordering::Relaxed);
        }
        new
    }
}
