//! The exam's keyboard shortcuts, so that it can be run without a pointer: Space starts
//! an exam (in the live or exam section) or, during a view's countdown, captures it now;
//! N skips to the next view; Escape stops the exam. Keys typed into a control (a field, a
//! button, a tab, the landmark editor) are left to it.

use crate::exam::run;
use crate::exam::{ExamPhase, ExamState, Skip};
use crate::live::{Analysis, IrisModelState, Live, PagePhase};
use crate::sections::{OpenSection, Section};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Elements that answer keys themselves.
const CONTROLS: &str = "input, select, textarea, button:enabled, a[href], summary, [role=tab], canvas, [contenteditable]";

pub fn listen(exam: ExamState, live: Live, analysis: Analysis, open: OpenSection) {
    let on_key = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.default_prevented() || in_control(&ev) {
            return;
        }
        let phase = exam.phase.get_untracked();
        let counting_down = matches!(phase, ExamPhase::Countdown(_));
        match ev.key().as_str() {
            " " if counting_down => exam.skip.set_value(Some(Skip::CaptureNow)),
            " " if !phase.running() && open.0.get_untracked().shows_camera() && can_start(live) => {
                open.show(Section::Exam);
                run::start(exam, analysis, live.running());
            }
            "n" | "N" if counting_down => exam.skip.set_value(Some(Skip::NextView)),
            "Escape" if phase.running() => run::stop(exam),
            _ => return,
        }
        ev.prevent_default();
    });
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        let _ = d.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    }
    // One listener for the page's life.
    on_key.forget();
}

/// As the Start exam button: the camera runs and the iris model (millimetres) is ready.
fn can_start(live: Live) -> bool {
    live.phase.get_untracked() == PagePhase::Running && live.iris_model.with_untracked(IrisModelState::is_ready)
}

fn in_control(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.matches(CONTROLS).unwrap_or(false))
}
