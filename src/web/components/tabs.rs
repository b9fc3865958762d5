//! The section tabs (WAI-ARIA tabs pattern): one tab per section, the open one selected
//! and in the Tab order; the arrow keys, Home and End move between tabs and open the one
//! reached. In the patient's mode only the patient's sections are offered.

use crate::live::Live;
use crate::sections::{OpenSection, Section};
use crate::ui_text::{section_label, sections};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The panel the tabs control (`app.rs`).
pub const PANEL_ID: &str = "section-panel";

#[component]
pub fn SectionTabs() -> impl IntoView {
    let open = expect_context::<OpenSection>();
    let live = expect_context::<Live>();
    let offered = move || Section::ALL.into_iter().filter(|s| !live.patient_mode.get() || s.for_patient()).collect::<Vec<_>>();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let tabs = offered();
        let here = tabs.iter().position(|s| *s == open.0.get_untracked()).unwrap_or(0);
        let Some(next) = step(ev.key().as_str(), here, tabs.len()) else { return };
        ev.prevent_default();
        open.show(tabs[next]);
        focus(&tabs[next].tab_id());
    };
    let tab = move |s: Section| {
        let selected = move || open.0.get() == s;
        view! {
            <button type="button" role="tab" id=s.tab_id() data-section-tab=s.code() aria-controls=PANEL_ID
                aria-selected=move || selected().to_string() tabindex=move || if selected() { "0" } else { "-1" }
                hidden=move || live.patient_mode.get() && !s.for_patient()
                on:click=move |_| open.show(s)>{move || section_label(s)}</button>
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label=sections on:keydown=on_key>
            {Section::ALL.into_iter().map(tab).collect_view()}
        </div>
    }
}

/// The tab a key moves to from `here` among `n` (wrapping), or None for other keys.
fn step(key: &str, here: usize, n: usize) -> Option<usize> {
    match key {
        "ArrowRight" => Some((here + 1) % n),
        "ArrowLeft" => Some((here + n - 1) % n),
        "Home" => Some(0),
        "End" => Some(n - 1),
        _ => None,
    }
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
