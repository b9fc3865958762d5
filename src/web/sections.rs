//! The page's sections, one open at a time (a tab bar moves between them): the live view,
//! the guided exam (with photos or a video instead of the camera), its report, the saved
//! exams, and the landmark model. The open section is in the address (`#exam`), so the
//! back button returns to the previous one and a reload keeps it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Live,
    Exam,
    Report,
    History,
    Model,
}

impl Section {
    pub const ALL: [Section; 5] = [Section::Live, Section::Exam, Section::Report, Section::History, Section::Model];

    /// The address hash and the `data-section` hook.
    pub fn code(self) -> &'static str {
        match self {
            Section::Live => "live",
            Section::Exam => "exam",
            Section::Report => "report",
            Section::History => "history",
            Section::Model => "model",
        }
    }

    pub fn from_code(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The camera preview and the quality line are shown where the camera is used.
    pub fn shows_camera(self) -> bool {
        matches!(self, Section::Live | Section::Exam)
    }

    /// The patient's mode keeps to the live view and the exam: scores, saved exams and
    /// models are the clinician's.
    pub fn for_patient(self) -> bool {
        matches!(self, Section::Live | Section::Exam)
    }

    /// The tab's id (`#tab-exam`): the panel is labelled by the open one.
    pub fn tab_id(self) -> String {
        format!("tab-{}", self.code())
    }
}

/// The open section, in context.
#[derive(Clone, Copy)]
pub struct OpenSection(pub RwSignal<Section>);

impl OpenSection {
    /// The section named by the address, and kept in step with it both ways.
    pub fn from_address() -> OpenSection {
        let open = OpenSection(RwSignal::new(hash_section().unwrap_or(Section::Live)));
        let follow = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = hash_section() {
                open.0.set(s);
            }
        });
        if let Some(w) = web_sys::window() {
            // Back and forward (popstate), and a hash typed into the address (hashchange).
            for event in ["popstate", "hashchange"] {
                let _ = w.add_event_listener_with_callback(event, follow.as_ref().unchecked_ref());
            }
        }
        // One listener for the page's life.
        follow.forget();
        Effect::new(move |_| {
            let s = open.0.get();
            // An empty address is the live view: opening the page adds no history entry.
            if hash_section().unwrap_or(Section::Live) != s {
                push_hash(s);
            }
        });
        open
    }

    pub fn show(self, section: Section) {
        self.0.set(section);
    }
}

/// A new history entry for the section. Not `location.hash =`: that scrolls to the element
/// of that id (`#exam`, `#history` are sections of the page) and takes the focus away.
fn push_hash(s: Section) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&format!("#{}", s.code())));
    }
}

fn hash_section() -> Option<Section> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Section::from_code(hash.trim_start_matches('#'))
}
