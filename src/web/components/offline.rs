//! The offline copy's state in one line ("Works offline" once this version is kept in the
//! browser), the banner offering a new version fetched in the background, and a damaged
//! model file that was replaced.

use crate::offline::{Offline, OfflineCopy};
use leptos::prelude::*;

#[component]
pub fn OfflineStatus() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let copy = offline.copy;
    let line = move || match copy.get() {
        OfflineCopy::Starting => "Works offline once the models are loaded and kept in this browser.".to_string(),
        OfflineCopy::Saving => "Keeping a copy of the app and its models in this browser for offline use…".to_string(),
        OfflineCopy::Ready => format!(
            "Works offline: this version{} of the app and its models is kept in this browser; the page, the camera analysis, saved exams and fine-tuning need no network.",
            offline.version.get().map(|v| format!(" ({v})")).unwrap_or_default()
        ),
        OfflineCopy::Unsupported => "This browser cannot keep the app for offline use here; it works while this page's server can be reached.".to_string(),
        OfflineCopy::Failed => format!("The app could not be kept for offline use: {}.", offline.detail.get().unwrap_or_default()),
    };
    view! {
        <p id="update-banner" class="update" role="alert" class:hidden=move || !offline.update_ready.get()>
            "A new version is ready: "
            <button data-action="reload-update" on:click=move |_| offline.accept_update()>"reload"</button>
            " (the page and the models switch together; saved exams stay)."
        </p>
        <p id="offline-status" class="offline" data-offline=move || copy.get().code()
            data-offline-version=move || offline.version.get().unwrap_or_default()>{line}</p>
        <p id="offline-note" class="note" class:hidden=move || offline.note.get().is_none()>{move || offline.note.get().unwrap_or_default()}</p>
    }
}
