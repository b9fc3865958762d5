//! The composition root: makes the shared state, puts it in context, starts the analysis
//! worker and the model loading, and lays out the sections. Each section is a component
//! in `components/` that reads what it needs from context; data flows one way: the worker
//! answers requests, answers land in signals, components and effects derive from them.

use super::components::agreement::Agreement;
use super::components::diagnostics::Diagnostics;
use super::components::exam::Exam;
use super::components::from_files::FromFiles;
use super::components::history::History;
use super::components::offline::OfflineStatus;
use super::components::readout::Readout;
use super::components::stage::Stage;
use super::components::status::Status;
use super::components::training::TrainingPanel;
use super::components::blinks::BlinkTest;
use super::editor::Editor;
use super::exam::fhir_export::ModelChecksums;
use super::exam::{saving, ExamState};
use super::files::Files;
use super::live::{Analysis, Live, PagePhase};
use super::model_loader::{fetch_model, MODEL_FILES};
use super::offline::Offline;
use super::protocol::client::WorkerClient;
use super::protocol::wire::Attachments;
use super::protocol::{FromWorker, ToWorker};
use super::training::{self, Training};
use leptos::prelude::*;

/// Model sizes in bytes (models/MODELS.md), for progress before Content-Length is known.
const MODEL_BYTES_TOTAL: f64 = (418_535 + 4_925_409 + 2_639_563) as f64;

#[component]
pub fn App() -> impl IntoView {
    let live = Live::new();
    let exam = ExamState::new();
    let training = Training::new();
    let blinks = BlinkTest::new();
    let analysis = Analysis(StoredValue::new_local(None));
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

    start_worker(live, analysis, training);
    leptos::task::spawn_local(async move {
        load_models(live, analysis, training, offline, checksums).await;
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
        <main id="app" data-state=move || live.phase.get().code() data-mode=move || if live.patient_mode.get() { "patient" } else { "clinician" }>
            <header class="top">
                <h1>"FaceGrade"</h1>
                <p class="privacy" id="privacy" data-privacy="on-device">
                    "Processed on this device: the video never leaves this browser and nothing is sent anywhere. Frames are analysed in memory and discarded; only exams you capture are kept (with the picture each view was measured on, for review), in this browser's storage, until you delete them. Exports hold numbers and landmarks; pictures only in a report PDF saved while the report shows them."
                </p>
            </header>
            <p class="disclaimer" id="page-purpose">{facegrade::scores::INTENDED_PURPOSE}</p>
            <p id="active-model" data-active-model=move || training.active.get().unwrap_or_else(|| "shipped".into())>{move || training::active_label(training)}</p>
            <OfflineStatus />
            <Status />
            <Stage />
            <Readout>
                <Exam />
                <History />
                <Agreement />
                <FromFiles />
                <TrainingPanel />
                <Diagnostics />
            </Readout>
        </main>
    }
}

fn start_worker(live: Live, analysis: Analysis, training: Training) {
    let on_event = move |event| match event {
        FromWorker::Failed(e) => live.fail(format!("The face models could not be prepared: {e}. Reload the page to try again.")),
        FromWorker::FineTuneProgress { stage, done, total, error_px } => training::on_progress(training, stage, done, total, error_px),
        _ => {}
    };
    match WorkerClient::spawn(on_event) {
        Ok(worker) => analysis.0.set_value(Some(worker)),
        Err(e) => live.fail(format!("FaceGrade could not start its analysis: {e}. Reload the page to try again.")),
    }
}

async fn load_models(live: Live, analysis: Analysis, training: Training, offline: Offline, checksums: ModelChecksums) {
    let mut loaded = Vec::new();
    let mut done_before = 0usize;
    for name in MODEL_FILES {
        let result = fetch_model(name, |n| live.progress.set(((done_before + n) as f64 / MODEL_BYTES_TOTAL).min(1.0))).await;
        match result {
            Ok(model) => {
                if model.replaced_damaged_copy {
                    offline.note.set(Some(format!("{name} was damaged in this browser's copy of the app: it was downloaded again and checked.")));
                }
                done_before += model.bytes.len();
                loaded.push(model.bytes);
            }
            Err(e) => return live.fail(format!("The face models could not be loaded: {e}. Reload the page to try again.")),
        }
    }
    // The landmark and iris models: the shipped ones, or the fine-tuned pair chosen here.
    let shipped = (std::mem::take(&mut loaded[1]), std::mem::take(&mut loaded[2]));
    (loaded[1], loaded[2]) = training::choose_models(training, shipped).await;
    checksums.set(&MODEL_FILES, &loaded);
    live.message.set("Preparing the models…".into());
    let Some(worker) = analysis.client() else { return };
    // The worker may not listen yet: the request waits for it.
    match worker.request(&ToWorker::Init, Attachments::buffers(&[&loaded[0], &loaded[1], &loaded[2]])).await {
        Ok((FromWorker::Ready, _)) => {
            live.progress.set(1.0);
            live.phase.set(PagePhase::Ready);
            live.message.set("Models ready. Starting the camera…".into());
            live.start_camera(analysis);
        }
        Ok((FromWorker::Failed(e), _)) | Err(e) => live.fail(format!("The face models could not be prepared: {e}. Reload the page to try again.")),
        Ok(_) => live.fail("The analysis answered out of turn. Reload the page to try again.".into()),
    }
}
