//! The per-frame hot path allocates nothing of its own: after warm-up, a tracked video
//! frame makes exactly the allocations of the model runs inside it (tract's, counted
//! here by running the models alone) and no more.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::engine::roi::RotatedSquare;
use facegrade::engine::tracking::FaceTracker;
use facegrade::image_view::ImageView;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(|c| c.get());
    f();
    ALLOCATIONS.with(|c| c.get()) - before
}

#[test]
fn a_tracked_frame_allocates_only_inside_the_models() {
    let mut engine = engine();
    let image = load_rgb(face("portrait_frontal_ai.jpg"));
    let view = ImageView::from_rgb(&image);
    let mut tracker = FaceTracker::new();
    // Warm-up: the first frames size every buffer (and run detection).
    let mut t = 0.0;
    for _ in 0..4 {
        t += 1.0 / 30.0;
        tracker.track(&mut engine, &view, t).unwrap();
    }
    // Tract's own allocations per run, each model alone on a prepared input.
    let roi = RotatedSquare::face_from_detection(&engine.detect(&view).unwrap()[0]);
    engine.mesh_model().run(&view, &roi, false).unwrap();
    let mesh_model = allocations_during(|| engine.mesh_model().infer().unwrap());
    let iris_model = allocations_during(|| engine.iris_model().expect("loaded").infer().unwrap());
    // Frames 5 to 8 (direct and mirrored; no periodic detection), each with the iris
    // model on the eyes whose lids needed it, and on every eye.
    for every_frame in [false, true] {
        tracker.iris_every_frame = every_frame;
        let mut frames = Vec::new();
        for _ in 0..4 {
            t += 1.0 / 30.0;
            let runs = tracker.iris_memory.runs;
            let allocations = allocations_during(|| {
                tracker.track(&mut engine, &view, t).unwrap();
            });
            let iris_runs = if every_frame { 2 } else { tracker.iris_memory.runs - runs };
            frames.push((allocations, iris_runs));
        }
        println!("allocations per tracked frame (iris runs): {frames:?}; inside the models: mesh {mesh_model}, iris {iris_model} per run");
        for (f, runs) in frames {
            let models = mesh_model + runs * iris_model;
            assert_eq!(f, models, "the frame's own code allocated {} times", f as i64 - models as i64);
        }
    }
}
