//! The offline copy's state in one line ("Works offline" once this version is kept in the
//! browser), the banner offering a new version fetched in the background, and a damaged
//! model file that was replaced.

use crate::offline::{Offline, OfflineCopy};
use crate::i18n::{words, lang, say, t};
use facegrade::i18n::{fill, Msg};
use leptos::prelude::*;

#[component]
pub fn OfflineStatus() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let copy = offline.copy;
    let line = move || match copy.get() {
        OfflineCopy::Starting => t(Msg::OfflineStarting).to_string(),
        OfflineCopy::Saving => t(Msg::OfflineSaving).to_string(),
        OfflineCopy::Ready => fill(Msg::OfflineReady, lang(), &[("version", &offline.version.get().map(|v| format!(" ({v})")).unwrap_or_default())]),
        OfflineCopy::Unsupported => t(Msg::OfflineUnsupported).to_string(),
        OfflineCopy::Failed => fill(Msg::OfflineFailed, lang(), &[("error", &offline.detail.get().map(|d| say(&d)).unwrap_or_default())]),
    };
    view! {
        <p id="update-banner" class="update" role="alert" class:hidden=move || !offline.update_ready.get()>
            {words(Msg::UpdateReady)}
            <button data-action="reload-update" on:click=move |_| offline.accept_update()>{words(Msg::UpdateReload)}</button>
            {words(Msg::UpdateKeeps)}
        </p>
        <p id="offline-status" class="offline" data-offline=move || copy.get().code()
            data-offline-version=move || offline.version.get().unwrap_or_default()>{line}</p>
        <p id="offline-note" class="note" class:hidden=move || offline.note.get().is_none()>{move || offline.note.get().unwrap_or_default()}</p>
    }
}
