//! The composition root: makes the shared state, puts it in context, starts the analysis
//! worker and the model loading, and lays out the page: the status and camera controls,
//! the section tabs with the exam bar, then the open section (`sections.rs`: the camera
//! preview beside the live readout or the exam; the report; saved exams; the model) and
//! the folded diagnostics. Each part is a component in `components/` that reads what it
//! needs from context; data flows one way: the worker answers requests, answers land in
//! signals, components and effects derive from them.

use super::components::agreement::Agreement;
use super::components::diagnostics::Diagnostics;
use super::components::exam::Exam;
use super::components::faults::FaultNotices;
use super::components::from_files::FromFiles;
use super::components::history::History;
use super::components::readout::Readout;
use super::components::report::Report;
use super::components::offline::OfflineStatus;
use super::components::stage::Stage;
use super::components::status::Status;
use super::components::exam_bar::ExamBar;
use super::components::tabs::{SectionTabs, PANEL_ID};
use super::components::training::TrainingPanel;
use super::components::blinks::BlinkTest;
use super::editor::Editor;
use super::exam::fhir_export::ModelChecksums;
use super::exam::run::sleep;
use super::exam::{saving, ExamState};
use super::files::Files;
use super::live::{Analysis, IrisModelState, Live, PagePhase};
use super::model_loader::fetch_model;
use super::offline::Offline;
use super::protocol::wire::Attachments;
use super::protocol::{FromWorker, ToWorker};
use super::sections::{OpenSection, Section};
use super::ui_text::{mode_note, no_report};
use super::training::{self, Training};
use super::worker_restart::{HeldModels, Supervisor};
use facegrade::engine::model_files::{FACE_DETECTOR, FACE_LANDMARKS, IRIS_LANDMARKS};
use super::i18n::{self, words, LanguagePicker};
use facegrade::i18n::{Msg, Said};
use leptos::prelude::*;

/// The detector's and landmark model's sizes in bytes (models/MODELS.md): the progress bar
/// counts what the first landmarks need.
const FIRST_MODELS_BYTES: f64 = (223_781 + 2_589_385) as f64;

#[component]
pub fn App() -> impl IntoView {
    i18n::provide();
    let live = Live::new();
    let mut exam = ExamState::new();
    let training = Training::new();
    let blinks = BlinkTest::new();
    let analysis = Analysis::new();
    exam.hold = super::exam::hold::hold_signal(live, analysis);
    let offline = Offline::new();
    provide_context(live);
    provide_context(offline);
    provide_context(exam);
    provide_context(training);
    provide_context(blinks);
    provide_context(analysis);
    provide_context(Editor::new());
    provide_context(Files::new());
    let checksums = ModelChecksums::new();
    provide_context(checksums);
    let open = OpenSection::from_address();
    provide_context(open);
    super::shortcuts::listen(exam, live, analysis, open);
    // The patient's mode offers only the patient's sections.
    Effect::new(move |_| {
        if live.patient_mode.get() && !open.0.get_untracked().for_patient() {
            open.show(Section::Live);
        }
    });
    let section = move || open.0.get();
    let hidden_unless = move |s: Section| move || section() != s;

    let supervisor = Supervisor::new(live, analysis, training, exam);
    supervisor.start();
    supervisor.offer_test_faults();
    let held = supervisor.models;
    live.ask_for_camera_early();
    leptos::task::spawn_local(async move {
        load_models(live, analysis, training, offline, checksums, held).await;
        // The offline copy is made after this visit's own downloads, not competing with them.
        offline.start();
    });
    leptos::task::spawn_local(async move {
        exam.storage.read().await;
        saving::refresh_history(exam).await;
    });
    leptos::task::spawn_local(training::refresh(training));
    live.listen_for_hidden_tab(analysis);
    saving::save_when_changed(exam);
    // The blink test records every analysed frame while it runs.
    Effect::new(move |_| live.report.with(|r| if let Some(r) = r { blinks.on_report(r) }));

    view! {
        <main id="app" data-state=move || live.phase.get().code() data-section=move || section().code() data-mode=move || if live.patient_mode.get() { "patient" } else { "clinician" }>
            <header class="top">
                <h1>"FaceGrade"</h1>
                <LanguagePicker />
                <p class="privacy" id="privacy" data-privacy="on-device">{words(Msg::Privacy)}</p>
            </header>
            <p class="disclaimer" id="page-purpose">{words(Msg::IntendedPurpose)}</p>
            <p id="active-model" data-active-model=move || training.active.get().unwrap_or_else(|| "shipped".into())>{move || training::active_label(training)}</p>
            <OfflineStatus />
            <Status />
            <FaultNotices />
            <div class="sticky-top">
                <nav class="section-nav">
                    <SectionTabs />
                    <p id="mode-note" class="mode-note">{move || mode_note(live.patient_mode.get())}</p>
                </nav>
                <ExamBar />
            </div>
            <div id=PANEL_ID role="tabpanel" class="workspace" aria-labelledby=move || section().tab_id()
                data-camera=move || if section().shows_camera() { "shown" } else { "hidden" }>
                <div class="camera-column" hidden=move || !section().shows_camera()><Stage /></div>
                <div class="side-column">
                    <div hidden=move || !section().shows_camera()><Readout /></div>
                    <div hidden=hidden_unless(Section::Exam)><Exam /><FromFiles /></div>
                    <div hidden=hidden_unless(Section::Report)>
                        <p id="no-report" class="hint" hidden=move || exam.result.with(Option::is_some)>{no_report}</p>
                        <Report />
                    </div>
                    <div hidden=hidden_unless(Section::History)><History /><Agreement /></div>
                    <div hidden=hidden_unless(Section::Model)><TrainingPanel /></div>
                </div>
            </div>
            <Diagnostics />
        </main>
    }
}

/// Loads the models: the detector and landmark model first, so that analysis starts as
/// soon as they are ready, then the iris model (see [`load_iris_model`]). A fine-tuned
/// model in use is a landmark and iris pair checked together: the three load first.
async fn load_models(live: Live, analysis: Analysis, training: Training, offline: Offline, checksums: ModelChecksums, held: StoredValue<HeldModels, LocalStorage>) {
    let mut loaded = Vec::new();
    let mut done_before = 0usize;
    for name in [FACE_DETECTOR, FACE_LANDMARKS] {
        match fetch_model(name, |n| live.progress.set(((done_before + n) as f64 / FIRST_MODELS_BYTES).min(1.0))).await {
            Ok(model) => {
                note_replaced(offline, name, &model);
                done_before += model.bytes.len();
                loaded.push(model.bytes);
            }
            Err(e) => return live.fail(Said::new(Msg::ModelsNotLoaded).with("error", e)),
        }
    }
    let fine_tuned = super::store::active_model().is_some();
    if fine_tuned {
        let iris = match fetch_model(IRIS_LANDMARKS, |_| {}).await {
            Ok(model) => {
                note_replaced(offline, IRIS_LANDMARKS, &model);
                model.bytes
            }
            Err(e) => return live.fail(Said::new(Msg::ModelsNotLoaded).with("error", e)),
        };
        // The landmark and iris models: the fine-tuned pair chosen here, or the shipped ones.
        let shipped = (std::mem::take(&mut loaded[1]), iris);
        let (landmarks, iris) = training::choose_models(training, shipped).await;
        loaded[1] = landmarks;
        loaded.push(iris);
    }
    live.message.set(Msg::PreparingModels.into());
    let Some(worker) = analysis.client() else { return };
    let buffers: Vec<&[u8]> = loaded.iter().map(Vec::as_slice).collect();
    // The worker may not listen yet: the request waits for it.
    match worker.request(&ToWorker::Init, Attachments::buffers(&buffers)).await {
        Ok((FromWorker::Ready, _)) => {
            // Kept for a worker that has to be restarted (`worker_restart.rs`).
            held.update_value(|h| h.init.clone_from(&loaded));
            live.progress.set(1.0);
            live.phase.set(PagePhase::Ready);
            live.message.set(Msg::ModelsReady.into());
            live.start_camera(analysis);
        }
        Ok((FromWorker::Failed(e), _)) | Err(e) => return live.fail(Said::new(Msg::ModelsNotPrepared).with("error", e)),
        Ok(_) => return live.fail(Msg::AnalysisOutOfTurn.into()),
    }
    if fine_tuned {
        checksums.set(&[FACE_DETECTOR, FACE_LANDMARKS, IRIS_LANDMARKS], &loaded);
        live.iris_model.set(IrisModelState::Ready);
    } else {
        checksums.set(&[FACE_DETECTOR, FACE_LANDMARKS], &loaded);
        load_iris_model(live, worker, training, offline, checksums, std::mem::take(&mut loaded[1]), held).await;
    }
}

/// The shipped iris model, after the first landmarks: the worker adds it to its engine,
/// and millimetres appear from the next frame on.
async fn load_iris_model(live: Live, worker: super::protocol::client::WorkerClient, training: Training, offline: Offline, checksums: ModelChecksums, landmarks: Vec<u8>, held: StoredValue<HeldModels, LocalStorage>) {
    // The worker does one thing at a time: preparing the iris model before the first frame
    // would hold the first landmarks back by as long (and its download is not needed for them).
    first_frame(live).await;
    let iris = match fetch_model(IRIS_LANDMARKS, |_| {}).await {
        Ok(model) => {
            note_replaced(offline, IRIS_LANDMARKS, &model);
            model.bytes
        }
        Err(e) => return live.iris_model.set(IrisModelState::Failed(e)),
    };
    match worker.request(&ToWorker::IrisModel, Attachments::buffers(&[&iris])).await {
        Ok((FromWorker::IrisReady, _)) => {
            checksums.add(IRIS_LANDMARKS, &iris);
            held.update_value(|h| h.iris = Some(iris.clone()));
            // Fine-tuning starts from the shipped pair.
            training.shipped.set_value(Some((landmarks, iris)));
            live.iris_model.set(IrisModelState::Ready);
        }
        Ok((FromWorker::Failed(e), _)) | Err(e) => live.iris_model.set(IrisModelState::Failed(e)),
        Ok(_) => live.iris_model.set(IrisModelState::Failed("the analysis answered out of turn".into())),
    }
}

/// Returns once the worker has answered a camera frame, or the camera has failed, or after
/// 5 s (a slow camera does not keep the millimetres waiting longer).
async fn first_frame(live: Live) {
    for _ in 0..50 {
        if live.report.with_untracked(Option::is_some) || live.camera_error.with_untracked(Option::is_some) {
            return;
        }
        sleep(100).await;
    }
}

/// Says on the page that a model's copy in this browser was damaged and replaced.
fn note_replaced(offline: Offline, name: &str, model: &super::model_loader::CheckedModel) {
    if model.replaced_damaged_copy {
        offline.note.set(Some(Said::new(Msg::ModelReplaced).with("name", name).text(i18n::lang())));
    }
}
