//! What went wrong with storage, the camera or the analysis, and what it means for the
//! exam: whether the current exam is saved (with Retry, or Reload / Keep mine after
//! another tab's edit), why a capture run is paused, that the analysis was restarted, and
//! an unfinished exam left by a reload or a crash, offered for resuming. Every string the
//! fault handling shows is made here or in the modules it names.

use crate::exam::saving::{self, SaveState};
use crate::exam::hold::ExamHold;
use crate::exam::{run, ExamState};
use crate::live::{Analysis, Live};
use crate::store::StoreNotice;
use crate::worker_restart::health_words;
use crate::i18n::{words, say, t};
use facegrade::i18n::{Msg, Said};
use leptos::prelude::*;

#[component]
pub fn FaultNotices() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let live = expect_context::<Live>();
    let analysis = expect_context::<Analysis>();
    let health = move || health_words(&analysis.health.get());
    let camera = move || live.camera_fault.get().map(|f| f.explain(crate::i18n::lang()));
    // Shown only while a run waits, and not again when the camera line says it already.
    let hold = move || exam.phase.get().running().then(|| exam.hold.get()).flatten();
    let hold_words = move || hold().filter(|h| !matches!(h, ExamHold::Camera(_))).map(|h| h.explain());
    let save_code = move || exam.save_state.get().code();
    let save_words = move || saving::save_state_words(exam);
    let failed = move || matches!(exam.save_state.get(), SaveState::Failed(_) | SaveState::Unavailable(_));
    let conflict = move || exam.save_state.get() == SaveState::ChangedElsewhere;
    let notice = move || match exam.storage.notice.get() {
        StoreNotice::Clear => None,
        StoreNotice::BlockedByOlderTab => Some(t(Msg::StorageBlockedByOlderTab)),
        StoreNotice::NewerTabUpgraded => Some(t(Msg::StorageNewerTab)),
    };
    let unfinished = move || if exam.record.with(Option::is_some) { None } else { exam.history.with(|h| run::unfinished(h).map(|r| (r.id.clone(), saving::describe_record(r)))) };
    view! {
        <section id="fault-notices" aria-live="polite">
            <p id="storage-notice" class="error" data-storage-notice=move || exam.storage.notice.get().code() class:hidden=move || notice().is_none()>{notice}</p>
            <p id="worker-health" data-worker-health=move || analysis.health.get().code() class:hidden=move || health().is_none()>{health}</p>
            <p id="camera-fault" class="error" data-camera-fault=move || live.camera_fault.get().map_or("none", |f| f.code()) class:hidden=move || camera().is_none()>{camera}</p>
            <p id="exam-hold" data-exam-hold=move || hold().map_or("none", |h| h.code()) class:hidden=move || hold_words().is_none()>{hold_words}</p>
            <p id="save-state" data-save-state=save_code class:error=failed class:hidden=move || save_words().is_none()>
                {save_words}
                <button data-action="retry-save" class:hidden=move || !failed() on:click=move |_| saving::retry(exam, false)>{words(Msg::RetryButton)}</button>
                <button data-action="reload-other-version" class:hidden=move || !conflict() on:click=move |_| { let _ = web_sys::window().map(|w| w.location().reload()); }>{words(Msg::ReloadButton)}</button>
                <button data-action="keep-mine" class:hidden=move || !conflict() on:click=move |_| saving::retry(exam, true)>{words(Msg::KeepMineButton)}</button>
            </p>
            {move || unfinished().map(|(id, line)| {
                let shown_id = id.clone();
                view! {
                <p id="unfinished-exam" data-exam-id=shown_id>
                    {say(&Said::new(Msg::UnfinishedExam).with("line", line))}
                    <button data-action="resume-exam" on:click=move |_| run::resume(exam, analysis, live.running(), &id)>{words(Msg::ResumeExamButton)}</button>
                </p>
                }
            })}
        </section>
    }
}
