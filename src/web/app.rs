//! The live page: model loading with progress, camera with device and resolution
//! pickers, mirrored preview with overlay, quality gate, measurements (clinician table or
//! patient sentences), the eyes as their image shows them (eyes_box.rs) and the blink test
//! (blinks_panel.rs), timings; the exam report opens with its eye-safety panel
//! (eye_safety_panel.rs). The analysis runs in a Web Worker (analysis_worker.rs);
//! this thread only grabs frames, draws and updates the page. Stable data-* hooks for
//! tests are documented in README "Testing".

use super::protocol::client::WorkerClient;
use super::protocol::wire::Attachments;
use super::protocol::{FromWorker, ToWorker};
use super::blinks_panel::{self, BlinkTest};
use super::camera::{self, CameraChoice, CameraError, RESOLUTIONS};
use super::editor::{self, Editor};
use super::exam::{self, ExamState, Skip, ViewStatus};
use super::eye_safety_panel;
use super::eyes_box;
use super::files::{self, Files};
use super::model_loader::{describe, fetch_model, MODEL_FILES};
use super::overlay;
use super::patient;
use super::protocol::{FrameReport, MeasureRow};
use super::training::{self, Training};
use facegrade::measure::measurements::EyeStateMeasurement;
use facegrade::side::PerSide;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, ImageBitmap, MediaStream};

/// Model sizes in bytes (models/MODELS.md), for progress before Content-Length is known.
const MODEL_BYTES_TOTAL: f64 = (418_535 + 4_925_409 + 2_639_563) as f64;

#[derive(Clone, Copy)]
struct Page {
    state: RwSignal<&'static str>,
    message: RwSignal<String>,
    progress: RwSignal<f64>,
    camera_error: RwSignal<Option<(&'static str, String)>>,
    frames: RwSignal<u64>,
    fps: RwSignal<f64>,
    engine_ms: RwSignal<f64>,
    grab_ms: RwSignal<f64>,
    measure_ms: RwSignal<f64>,
    latency_ms: RwSignal<f64>,
    face_present: RwSignal<bool>,
    landmark_count: RwSignal<usize>,
    face_box: RwSignal<String>,
    frame_size: RwSignal<String>,
    quality: RwSignal<(String, String)>,
    show_mesh: RwSignal<bool>,
    patient_mode: RwSignal<bool>,
    rows: RwSignal<Vec<MeasureRow>>,
    /// The latest frame's eyes as their image shows them.
    eyes: RwSignal<Option<PerSide<EyeStateMeasurement>>>,
    blinks: BlinkTest,
    region_severity: RwSignal<String>,
    cameras: RwSignal<Vec<(String, String)>>,
    choice: RwSignal<CameraChoice>,
    worker: StoredValue<Option<WorkerClient>, LocalStorage>,
    /// A frame is with the worker: the next is grabbed only after its report.
    in_flight: StoredValue<bool, LocalStorage>,
    sent_at: StoredValue<f64, LocalStorage>,
    last_video_time: StoredValue<f64, LocalStorage>,
    stream: StoredValue<Option<MediaStream>, LocalStorage>,
    frame_times: StoredValue<Vec<f64>, LocalStorage>,
    video: NodeRef<html::Video>,
    overlay: NodeRef<html::Canvas>,
    exam: ExamState,
    editor: Editor,
    files: Files,
    /// Report: show the views' pictures (off by default: a printed report may travel).
    show_pictures: RwSignal<bool>,
    picture_urls: RwSignal<Vec<(String, String)>>,
    trend_metric: RwSignal<String>,
    /// Exams ticked for the before/after comparison (at most two).
    compared: RwSignal<Vec<String>>,
    speech_note: RwSignal<Option<String>>,
    training: Training,
}

#[component]
pub fn App() -> impl IntoView {
    let page = Page {
        state: RwSignal::new("loading"),
        message: RwSignal::new("Loading the face models…".into()),
        progress: RwSignal::new(0.0),
        camera_error: RwSignal::new(None),
        frames: RwSignal::new(0),
        fps: RwSignal::new(0.0),
        engine_ms: RwSignal::new(0.0),
        grab_ms: RwSignal::new(0.0),
        measure_ms: RwSignal::new(0.0),
        latency_ms: RwSignal::new(0.0),
        face_present: RwSignal::new(false),
        landmark_count: RwSignal::new(0),
        face_box: RwSignal::new(String::new()),
        frame_size: RwSignal::new(String::new()),
        quality: RwSignal::new(("no-face".into(), "Waiting for the camera.".into())),
        show_mesh: RwSignal::new(false),
        patient_mode: RwSignal::new(false),
        rows: RwSignal::new(Vec::new()),
        eyes: RwSignal::new(None),
        blinks: BlinkTest::new(),
        region_severity: RwSignal::new(String::new()),
        cameras: RwSignal::new(Vec::new()),
        choice: RwSignal::new(CameraChoice::default()),
        worker: StoredValue::new_local(None),
        in_flight: StoredValue::new_local(false),
        sent_at: StoredValue::new_local(0.0),
        last_video_time: StoredValue::new_local(-1.0),
        stream: StoredValue::new_local(None),
        frame_times: StoredValue::new_local(Vec::with_capacity(32)),
        video: NodeRef::new(),
        overlay: NodeRef::new(),
        exam: ExamState::new(),
        editor: Editor::new(),
        files: Files::new(),
        show_pictures: RwSignal::new(false),
        picture_urls: RwSignal::new(Vec::new()),
        trend_metric: RwSignal::new("eface_total".into()),
        compared: RwSignal::new(Vec::new()),
        speech_note: RwSignal::new(None),
        training: Training::new(),
    };
    let ex = page.exam;
    let ed = page.editor;
    let camera_running = move || page.state.get_untracked() == "running";
    start_worker(page);
    leptos::task::spawn_local(load_models(page));
    leptos::task::spawn_local(exam::refresh_history(page.exam));
    leptos::task::spawn_local(training::refresh(page.training));
    listen_for_hidden_tab(page);
    // The report's pictures follow the exam's views.
    Effect::new(move |_| {
        ex.generation.track();
        if page.show_pictures.get_untracked() {
            show_pictures(page, true);
        }
    });

    view! {
        <main id="app" data-state=move || page.state.get() data-mode=move || if page.patient_mode.get() { "patient" } else { "clinician" }>
            <header class="top">
                <h1>"FaceGrade"</h1>
                <p class="privacy" id="privacy" data-privacy="on-device">
                    "Processed on this device: the video never leaves this browser and nothing is sent anywhere. Frames are analysed in memory and discarded; only exams you capture are kept (with the picture each view was measured on, for review), in this browser's storage, until you delete them. Exports hold numbers and landmarks, never pictures."
                </p>
            </header>
            <p class="disclaimer">"Objective facial measurements, not a diagnosis."</p>
            <p id="active-model" data-active-model=move || page.training.active.get().unwrap_or_else(|| "shipped".into())>{move || training::active_label(page.training)}</p>
            <section class="status" aria-live="polite">
                <p id="status-message">{move || page.message.get()}</p>
                <progress id="model-progress" max="1"
                    data-model-progress=move || format!("{:.3}", page.progress.get())
                    prop:value=move || page.progress.get()
                    class:hidden=move || page.state.get() != "loading"></progress>
                <p id="camera-error" class="error"
                    data-camera-error=move || page.camera_error.get().map(|(c, _)| c).unwrap_or("")
                    class:hidden=move || page.camera_error.get().is_none()>
                    {move || page.camera_error.get().map(|(_, m)| m).unwrap_or_default()}
                </p>
                <div class="controls">
                    <button data-action="start-camera" on:click=move |_| start_camera(page)
                        prop:disabled=move || page.state.get() == "loading" || page.state.get() == "running" || page.state.get() == "error">
                        "Start camera"
                    </button>
                    <button data-action="stop-camera" on:click=move |_| stop_camera(page)
                        prop:disabled=move || page.state.get() != "running">
                        "Stop"
                    </button>
                    <label>"Camera "
                        <select data-action="select-camera" on:change=move |ev| {
                            let id = event_target_value(&ev);
                            page.choice.update(|c| c.device_id = (!id.is_empty()).then_some(id));
                            restart_camera(page);
                        }>
                            <option value="">"Default (front) camera"</option>
                            {move || page.cameras.get().into_iter().map(|(id, label)| {
                                let selected = page.choice.get().device_id.as_deref() == Some(id.as_str());
                                view! { <option value=id prop:selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Resolution "
                        <select data-action="select-resolution" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some((w, h)) = value.split_once('x').and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?))) {
                                page.choice.update(|c| { c.width = w; c.height = h; });
                                restart_camera(page);
                            }
                        }>
                            {RESOLUTIONS.iter().map(|(w, h)| view! { <option value=format!("{w}x{h}")>{format!("{w} x {h}")}</option> }).collect_view()}
                        </select>
                    </label>
                    <label><input type="checkbox" data-action="toggle-mesh"
                        on:change=move |ev| page.show_mesh.set(event_target_checked(&ev)) />" Show full mesh"</label>
                    <label><input type="checkbox" data-action="toggle-patient-mode"
                        on:change=move |ev| page.patient_mode.set(event_target_checked(&ev)) />" Patient view (plain words)"</label>
                </div>
            </section>
            <section class="stage">
                <video node_ref=page.video class="preview mirrored" autoplay=true playsinline=true prop:muted=true></video>
                <canvas node_ref=page.overlay id="overlay" class="overlay mirrored" data-region-severity=move || page.region_severity.get()></canvas>
                <p class="sides-note">"Mirror view: your left side is on the left of the screen. All labels use your own (anatomical) left and right."</p>
                <p class="legend">"Colours: contours turn amber when the two sides differ noticeably (2 mm at the eyelids, 3 mm at brow and mouth) and red when markedly; grey when the picture cannot be measured; dashed orange where the two eyelid models disagree."</p>
            </section>
            <section class="readout">
                <p id="quality" data-quality=move || page.quality.get().0 class:bad=move || page.quality.get().0 != "ok">
                    {move || page.quality.get().1}
                </p>
                <p id="face"
                    data-face=move || if page.face_present.get() { "present" } else { "absent" }
                    data-landmarks=move || page.landmark_count.get().to_string()
                    data-face-box=move || page.face_box.get()
                    data-frame-size=move || page.frame_size.get()>
                    {move || if page.face_present.get() { format!("Face found: {} landmarks", page.landmark_count.get()) } else { "No face".to_string() }}
                </p>
                {eyes_box::panel(page.eyes, page.quality)}
                <section id="patient-summary" class:hidden=move || !page.patient_mode.get() class:greyed=move || page.quality.get().0 != "ok">
                    <h2>"What the camera sees"</h2>
                    <ul>
                        {move || {
                            if page.quality.get().0 != "ok" {
                                vec![view! { <li>{page.quality.get().1}</li> }].into_iter().collect_view()
                            } else {
                                patient::summary(&page.rows.get()).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()
                            }
                        }}
                    </ul>
                    <p class="disclaimer">"These are measurements, not a diagnosis. Talk to your clinician about what they mean for you."</p>
                </section>
                <table id="measurements" class:greyed=move || page.quality.get().0 != "ok" class:hidden=move || page.patient_mode.get()>
                    <caption>"Live measurements (millimetres; subject's own right and left). Greyed when the picture cannot be measured."</caption>
                    <thead><tr><th>"Measure"</th><th>"Right"</th><th>"Left"</th><th>"Difference"</th><th>"Smaller side, % of the other"</th><th>"Asymmetry"</th></tr></thead>
                    <tbody>
                        {move || page.rows.get().into_iter().map(|r| {
                            let label = format!("{} ({})", r.name.trim_end_matches("_mm").trim_end_matches("_deg").replace('_', " "), r.unit);
                            let (row_name, right_name, left_name, name_for_percent) = (r.name.clone(), r.name.clone(), r.name.clone(), r.name);
                            let (row_severity, severity) = (r.severity.clone(), r.severity);
                            let (right, left, difference) = (format!("{:.1}", r.right), format!("{:.1}", r.left), format!("{:.1}", r.difference));
                            let percent = r.percent.map_or("-".to_string(), |p| format!("{p:.0} %"));
                            view! {
                                <tr data-measure-row=row_name data-severity=row_severity>
                                    <th>{label}</th>
                                    <td data-measure=right_name data-side="right">{right}</td>
                                    <td data-measure=left_name data-side="left">{left}</td>
                                    <td>{difference}</td>
                                    <td data-percent=name_for_percent>{percent}</td>
                                    <td>{severity}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {blinks_panel::panel(page.blinks, page.state)}
                <section id="exam" data-exam-state=move || if ex.running.get() { "running" } else if ex.result.get().is_some() { "scored" } else { "idle" }>
                    <h2>"Guided exam"</h2>
                    <p class="hint">"The standard views one after another: follow each instruction; after a short countdown the best frame of the next 2.5 seconds is kept (the one furthest into the expression that passes the quality check). Retake any view."</p>
                    <div class="controls">
                        <button data-action="start-exam" on:click=move |_| exam::start(ex, page.worker, camera_running())
                            prop:disabled=move || ex.running.get() || page.state.get() != "running">"Start exam"</button>
                        <button data-action="stop-exam" on:click=move |_| { ex.running.set(false); ex.prompt.set("Exam stopped.".into()); }
                            prop:disabled=move || !ex.running.get()>"Stop exam"</button>
                        <button data-action="finish-exam" on:click=move |_| {
                            ex.prompt.set("Scoring the captured views…".into());
                            exam::request_scores(ex, page.worker);
                        } prop:disabled=move || ex.running.get() || !ex.views.get().iter().any(|(_, s)| *s == ViewStatus::Captured)>"Score captured views"</button>
                        <button data-action="capture" prop:disabled=move || ex.phase.get() != "countdown"
                            on:click=move |_| ex.skip.set_value(Some(Skip::CaptureNow))>"Capture now"</button>
                        <button data-action="next-view" prop:disabled=move || ex.phase.get() != "countdown"
                            on:click=move |_| ex.skip.set_value(Some(Skip::NextView))>"Skip to the next view"</button>
                        <label><input type="checkbox" data-action="include-snarl" on:change=move |ev| ex.include_snarl.set(event_target_checked(&ev)) />" Include snarl"</label>
                        <label><input type="checkbox" data-action="speak-prompts" on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ex.speak.set(on);
                            page.speech_note.set(if on { super::speech::available().err() } else { None });
                        } />" Speak the instructions"</label>
                        <label>"Affected side "
                            <select data-action="affected-side" on:change=move |ev| ex.affected.set(exam::affected_side(&event_target_value(&ev)))>
                                <option value="auto">"find from the exam"</option>
                                <option value="left">"left"</option>
                                <option value="right">"right"</option>
                            </select>
                        </label>
                    </div>
                    <p id="exam-prompt" class="prompt" data-current-view=move || ex.current.get().map(|e| e.code()).unwrap_or("")>{move || ex.prompt.get()}</p>
                    <p id="exam-error" class="error" class:hidden=move || ex.error.get().is_none()>{move || ex.error.get().unwrap_or_default()}</p>
                    <p id="speech-note" class="hint" class:hidden=move || page.speech_note.get().is_none()>{move || page.speech_note.get().unwrap_or_default()}</p>
                    <ol id="exam-views">
                        {move || ex.views.get().into_iter().map(|(view, status)| {
                            let (code, label) = match &status {
                                ViewStatus::Pending => ("pending", "waiting".to_string()),
                                ViewStatus::Capturing => ("capturing", "capturing…".to_string()),
                                ViewStatus::Captured => ("captured", "captured".to_string()),
                                ViewStatus::Failed(why) => ("failed", why.clone()),
                            };
                            let corrected = ex.record.with_value(|r| r.as_ref().is_some_and(|r| r.corrections.contains_key(view.code())));
                            let captured = code == "captured";
                            view! {
                                <li data-view=view.code() data-view-status=code data-corrected=if corrected { "yes" } else { "no" }>
                                    {view.code().replace('_', " ")}": "{label}{if corrected { " (landmarks corrected)" } else { "" }}" "
                                    <button data-action="retake" data-view=view.code()
                                        prop:disabled=move || ex.running.get()
                                        on:click=move |_| exam::run(ex, page.worker, camera_running(), vec![view])>"Retake"</button>
                                    <button data-action="review-view" data-view=view.code() class:hidden=!captured
                                        prop:disabled=move || ex.running.get()
                                        on:click=move |_| editor::open(ed, ex, view.code())>"Review / correct landmarks"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {editor::panel(ed, ex, page.worker)}
                    <section id="exam-report" class:hidden=move || ex.result.get().is_none()>
                        <h2>"Exam report"</h2>
                        <p class="disclaimer">{facegrade::scores::NOT_A_DIAGNOSIS}</p>
                        {move || ex.result.get().map(|v| {
                            let side = v.pointer("/scores/affected_side/side").and_then(|s| s.as_str()).unwrap_or("").to_string();
                            let decided = v.pointer("/scores/affected_side/decided_by").and_then(|s| s.as_str()).unwrap_or("").replace('_', " ");
                            let missing = v.pointer("/scores/missing_views").and_then(|m| m.as_array()).map(|m| m.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", ")).unwrap_or_default();
                            view! {
                                {eye_safety_panel::panel(&v)}
                                <p id="affected-side" data-affected-side=side.clone()>{format!("Affected side: {side} (decided by {decided})")}</p>
                                <p class="hint" class:hidden=missing.is_empty()>{format!("Views not captured: {missing}")}</p>
                                <table id="exam-scores">
                                    {exam::headline(&v).into_iter().map(|(key, label, value)| view! {
                                        <tr><th>{label}</th><td data-score=key>{value}</td></tr>
                                    }).collect_view()}
                                </table>
                                {region_bars(&v)}
                                <table id="exam-items">
                                    <thead><tr><th>"Scale"</th><th>"Item"</th><th>"Value"</th><th>"Rule or reason"</th></tr></thead>
                                    <tbody>
                                        {exam::items(&v).into_iter().map(|(scale, item, value, why)| {
                                            let key = item.clone();
                                            view! { <tr data-item=key><td>{scale}</td><td>{item}</td><td>{value}</td><td>{why}</td></tr> }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }
                        })}
                        <div class="controls">
                            <label><input type="checkbox" data-action="include-pictures" prop:checked=move || page.show_pictures.get()
                                on:change=move |ev| show_pictures(page, event_target_checked(&ev)) />" Show the views' pictures in the report"</label>
                            <button data-action="export-json" on:click=move |_| if let Some(json) = exam::export_json(ex) {
                                exam::download("facegrade-exam.json", "application/json", &json);
                            }>"Export JSON"</button>
                            <button data-action="export-csv" on:click=move |_| if let Some(v) = ex.result.get_untracked() {
                                exam::download("facegrade-exam.csv", "text/csv", &exam::csv(&v));
                            }>"Export CSV"</button>
                            <button data-action="print-report" on:click=move |_| if let Some(w) = web_sys::window() { let _ = w.print(); }>"Print report / save as PDF"</button>
                        </div>
                        <div id="report-pictures" class:hidden=move || !page.show_pictures.get()>
                            {move || page.picture_urls.get().into_iter().map(|(view, url)| view! {
                                <figure data-picture-view=view.clone()><img src=url alt=format!("{} view", view.replace('_', " ")) /><figcaption>{view.replace('_', " ")}</figcaption></figure>
                            }).collect_view()}
                        </div>
                    </section>
                </section>
                <section id="history">
                    <h2>"Saved exams (on this device only)"</h2>
                    <label>"Patient pseudonym "
                        <input type="text" data-action="pseudonym" maxlength="60" prop:value=move || ex.pseudonym.get()
                            on:input=move |ev| ex.pseudonym.set(event_target_value(&ev)) />
                    </label>
                    <p class="hint">"Use a pseudonym or code, not the patient's name. Each exam is saved in this browser as each view is captured, so a reload or a crash loses no captured view; nothing is uploaded."</p>
                    <div class="controls">
                        <button data-action="export-store" on:click=move |_| exam::export_store(ex)>"Export all saved exams (one file)"</button>
                        <label>"Import saved exams: "
                            <input type="file" accept=".json,application/json" data-action="import-store" on:change=move |ev| {
                                let input: web_sys::HtmlInputElement = event_target(&ev);
                                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                                    exam::import_store(ex, file);
                                }
                                input.set_value("");
                            } />
                        </label>
                    </div>
                    <p id="store-note" class:hidden=move || ex.store_note.get().is_none()>{move || ex.store_note.get().unwrap_or_default()}</p>
                    <p id="store-error" class="error" class:hidden=move || ex.store_error.get().is_none()>{move || ex.store_error.get().unwrap_or_default()}</p>
                    <ul id="exam-history">
                        {move || ex.history.get().into_iter().map(|r| {
                            let (open_id, rename_id, delete_id, confirm_id, compare_id) = (r.id.clone(), r.id.clone(), r.id.clone(), r.id.clone(), r.id.clone());
                            let line = exam::describe_record(&r);
                            let scored = if r.result.is_some() { "yes" } else { "no" };
                            view! {
                                <li data-exam-id=r.id data-scored=scored>
                                    {line}" "
                                    <button data-action="open-exam" prop:disabled=move || ex.running.get() on:click=move |_| exam::open(ex, page.worker, &open_id)>"Open"</button>
                                    <button data-action="rename-exam" on:click=move |_| exam::rename(ex, rename_id.clone())>"Rename to the pseudonym above"</button>
                                    <button data-action="delete-exam" on:click=move |_| exam::delete(ex, delete_id.clone())>
                                        {move || if ex.confirm_delete.get().as_deref() == Some(confirm_id.as_str()) { "Press again to delete" } else { "Delete" }}
                                    </button>
                                    <label><input type="checkbox" data-action="compare-exam" prop:checked={ let id = compare_id.clone(); move || page.compared.get().contains(&id) }
                                        on:change=move |ev| toggle_compared(page, &compare_id, event_target_checked(&ev)) />" compare"</label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {trend_panel(page)}
                    {comparison_panel(page)}
                </section>
                {files::panel(page.files, ex, page.worker)}
                {training::panel(page.training, page.worker)}
                <details id="diagnostics" open=true>
                    <summary>"Diagnostics"</summary>
                    <p id="frames" data-frames=move || page.frames.get().to_string()>{move || format!("{} frames analysed", page.frames.get())}</p>
                    <p id="fps" data-fps=move || format!("{:.1}", page.fps.get())>{move || format!("{:.1} frames per second", page.fps.get())}</p>
                    <p id="model-time" data-model-ms=move || format!("{:.1}", page.engine_ms.get())>{move || format!("engine {:.1} ms per frame (in the worker)", page.engine_ms.get())}</p>
                    <p id="stage-times" data-grab-ms=move || format!("{:.1}", page.grab_ms.get()) data-measure-ms=move || format!("{:.1}", page.measure_ms.get()) data-latency-ms=move || format!("{:.1}", page.latency_ms.get())>
                        {move || format!("frame read {:.1} ms, measurements {:.1} ms, camera-to-result {:.0} ms", page.grab_ms.get(), page.measure_ms.get(), page.latency_ms.get())}
                    </p>
                </details>
            </section>
        </main>
    }
}

fn start_worker(page: Page) {
    match WorkerClient::spawn(move |event| on_worker_event(page, event)) {
        Ok(worker) => page.worker.set_value(Some(worker)),
        Err(e) => fail(page, format!("FaceGrade could not start its analysis: {e}. Reload the page to try again.")),
    }
}

/// What the worker says that no request waits for.
fn on_worker_event(page: Page, event: FromWorker) {
    match event {
        FromWorker::Failed(e) => fail(page, format!("The face models could not be prepared: {e}. Reload the page to try again.")),
        FromWorker::FineTuneProgress { stage, done, total, error_px } => training::on_progress(page.training, stage, done, total, error_px),
        _ => {}
    }
}

async fn load_models(page: Page) {
    let mut loaded = Vec::new();
    let mut done_before = 0usize;
    for name in MODEL_FILES {
        let result = fetch_model(name, |n| page.progress.set(((done_before + n) as f64 / MODEL_BYTES_TOTAL).min(1.0))).await;
        match result {
            Ok(bytes) => {
                done_before += bytes.len();
                loaded.push(bytes);
            }
            Err(e) => return fail(page, format!("The face models could not be loaded: {e}. Reload the page to try again.")),
        }
    }
    // The landmark and iris models: the shipped ones, or the fine-tuned pair chosen here.
    let shipped = (std::mem::take(&mut loaded[1]), std::mem::take(&mut loaded[2]));
    (loaded[1], loaded[2]) = training::choose_models(page.training, shipped).await;
    page.message.set("Preparing the models…".into());
    let Some(worker) = page.worker.get_value() else { return };
    // The worker may not listen yet: the request waits for it.
    match worker.request(&ToWorker::Init, Attachments::buffers(&[&loaded[0], &loaded[1], &loaded[2]])).await {
        Ok((FromWorker::Ready, _)) => {
            page.progress.set(1.0);
            page.state.set("ready");
            page.message.set("Models ready. Starting the camera…".into());
            start_camera(page);
        }
        Ok((FromWorker::Failed(e), _)) | Err(e) => fail(page, format!("The face models could not be prepared: {e}. Reload the page to try again.")),
        Ok(_) => fail(page, "The analysis answered out of turn. Reload the page to try again.".into()),
    }
}

fn fail(page: Page, message: String) {
    page.state.set("error");
    page.message.set(message);
}

fn start_camera(page: Page) {
    let state = page.state.get_untracked();
    if state == "running" || state == "loading" || state == "error" {
        return;
    }
    page.camera_error.set(None);
    page.message.set("Asking for the camera…".into());
    let choice = page.choice.get_untracked();
    leptos::task::spawn_local(async move {
        match camera::open_camera(&choice).await {
            Ok(stream) => {
                let Some(video) = page.video.get_untracked() else { return };
                video.set_src_object(Some(&stream));
                let _ = video.play();
                watch_for_unplug(page, &stream);
                page.stream.set_value(Some(stream));
                reset_tracking(page);
                page.in_flight.set_value(false);
                page.last_video_time.set_value(-1.0);
                page.state.set("running");
                page.message.set("Camera on. Look straight at the camera.".into());
                schedule_frame(page);
                page.cameras.set(camera::list_cameras().await);
            }
            Err(CameraError { code, message }) => {
                page.state.set("ready");
                page.message.set("The camera is off.".into());
                page.camera_error.set(Some((code, message)));
            }
        }
    });
}

fn stop_camera(page: Page) {
    page.stream.update_value(|s| {
        if let Some(s) = s.take() {
            camera::stop(&s);
        }
    });
    if let Some(video) = page.video.get_untracked() {
        video.set_src_object(None);
    }
    if page.state.get_untracked() == "running" {
        page.state.set("ready");
    }
    page.message.set("The camera is off. Press Start camera to continue.".into());
}

fn restart_camera(page: Page) {
    if page.state.get_untracked() == "running" {
        stop_camera(page);
        start_camera(page);
    }
}

fn watch_for_unplug(page: Page, stream: &MediaStream) {
    for track in stream.get_video_tracks().iter() {
        let track: web_sys::MediaStreamTrack = track.unchecked_into();
        let on_ended = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            stop_camera(page);
            page.camera_error.set(Some(("camera-disconnected", "The camera was disconnected. Reconnect it, then press Start camera.".into())));
        });
        track.set_onended(Some(on_ended.as_ref().unchecked_ref()));
        on_ended.forget();
    }
}

fn listen_for_hidden_tab(page: Page) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let doc = document.clone();
    let handler = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if page.state.get_untracked() != "running" {
            return;
        }
        if doc.hidden() {
            page.message.set("Paused while the tab is hidden.".into());
        } else {
            page.message.set("Camera on. Look straight at the camera.".into());
            // The face may have moved while hidden: track it afresh.
            reset_tracking(page);
        }
    });
    let _ = document.add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
    handler.forget();
}

fn reset_tracking(page: Page) {
    if let Some(w) = page.worker.get_value() {
        w.send(&ToWorker::ResetTracking, Attachments::default());
    }
}

fn schedule_frame(page: Page) {
    request_animation_frame(move || {
        if page.state.get_untracked() != "running" {
            return;
        }
        send_frame(page);
        schedule_frame(page);
    });
}

/// Grabs the current video frame as an ImageBitmap (off this thread) and hands it to the
/// worker, one frame at a time; no pixels are read on this thread.
fn send_frame(page: Page) {
    let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
    if hidden || page.in_flight.get_value() {
        return;
    }
    let Some(video) = page.video.get_untracked() else { return };
    if video.video_width() == 0 || video.ready_state() < 2 || video.current_time() == page.last_video_time.get_value() {
        return;
    }
    page.last_video_time.set_value(video.current_time());
    let Some(window) = web_sys::window() else { return };
    let Ok(promise) = window.create_image_bitmap_with_html_video_element(&video) else { return };
    page.in_flight.set_value(true);
    let now = window.performance().map_or(0.0, |p| p.now());
    page.sent_at.set_value(now);
    let Some(worker) = page.worker.get_value() else { return page.in_flight.set_value(false) };
    leptos::task::spawn_local(async move {
        let answer = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(bitmap) => worker.request(&ToWorker::Frame { time_ms: now }, Attachments::bitmap(bitmap.unchecked_into::<ImageBitmap>())).await,
            Err(e) => Err(format!("could not grab a frame: {}", describe(&e))),
        };
        page.in_flight.set_value(false);
        match answer {
            Ok((FromWorker::Frame(report), _)) if page.state.get_untracked() == "running" => show_report(page, &report),
            Ok((FromWorker::FrameFailed(e), _)) | Err(e) => web_sys::console::warn_1(&format!("frame not analysed: {e}").into()),
            Ok(_) => {}
        }
    });
}

fn show_report(page: Page, r: &FrameReport) {
    let now = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    page.frames.update(|n| *n += 1);
    page.frame_times.update_value(|t| {
        t.push(now);
        if t.len() > 30 {
            t.remove(0);
        }
        if t.len() > 1 {
            page.fps.set((t.len() - 1) as f64 * 1000.0 / (t[t.len() - 1] - t[0]).max(1.0));
        }
    });
    page.engine_ms.set(r.timings.engine_ms);
    page.grab_ms.set(r.timings.grab_ms);
    page.measure_ms.set(r.timings.measure_ms);
    page.latency_ms.set(now - page.sent_at.get_value());
    page.frame_size.set(format!("{} {}", r.width, r.height));
    match &r.face {
        Some(face) => {
            page.face_present.set(true);
            page.landmark_count.set(face.landmark_count);
            let [x, y, w, h] = face.face_box;
            page.face_box.set(format!("{x:.0} {y:.0} {w:.0} {h:.0}"));
        }
        None => {
            page.face_present.set(false);
            page.landmark_count.set(0);
            page.face_box.set(String::new());
        }
    }
    if page.rows.get_untracked() != r.rows {
        page.rows.set(r.rows.clone());
    }
    if page.eyes.get_untracked() != r.eyes {
        page.eyes.set(r.eyes);
    }
    page.blinks.on_report(r);
    let severity = r.region_severity.iter().map(|(region, s)| format!("{region}:{s}")).collect::<Vec<_>>().join(" ");
    if page.region_severity.get_untracked() != severity {
        page.region_severity.set(severity);
    }
    let quality = (r.quality_code.clone(), r.quality_advice.clone());
    if page.quality.get_untracked() != quality {
        page.quality.set(quality);
    }
    draw(page, r);
}

fn draw(page: Page, r: &FrameReport) {
    let Some(canvas) = page.overlay.get_untracked() else { return };
    if canvas.width() != r.width || canvas.height() != r.height {
        canvas.set_width(r.width);
        canvas.set_height(r.height);
    }
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok()) else { return };
    overlay::clear(&ctx, r.width as f64, r.height as f64);
    if let Some(face) = &r.face {
        overlay::draw_face(&ctx, face, &r.region_severity, page.show_mesh.get_untracked());
    }
}

/// The report's per-region bars: each auto-eFACE item's score (0-100, 100 = normal).
fn region_bars(v: &serde_json::Value) -> impl IntoView {
    const ROW_H: f64 = 18.0;
    const LABEL_W: f64 = 210.0;
    const BAR_W: f64 = 300.0;
    let regions = super::trends::region_bars(v);
    let rows: usize = regions.iter().map(|(_, items)| items.len() + 1).sum();
    let mut y = 0.0;
    let mut parts = Vec::new();
    for (region, items) in regions {
        y += ROW_H;
        parts.push(view! { <text x="0" y=format!("{:.0}", y - 4.0) font-weight="bold" font-size="12">{region}</text> }.into_any());
        for (item, score) in items {
            y += ROW_H;
            let label = item.replace('_', " ");
            let bar = match score {
                Some(s) => {
                    let colour = if s >= 75.0 { "#4c9a6a" } else if s >= 50.0 { "#d19a1f" } else { "#c8453b" };
                    view! {
                    <g data-bar=item data-value=format!("{s:.0}")>
                        <rect x=LABEL_W.to_string() y=format!("{:.0}", y - 13.0) width=format!("{:.1}", BAR_W * s.clamp(0.0, 100.0) / 100.0) height="11"
                            fill=colour />
                        <text x=format!("{:.0}", LABEL_W + BAR_W + 6.0) y=format!("{:.0}", y - 4.0) font-size="11">{format!("{s:.0}")}</text>
                    </g>
                    }.into_any()
                }
                None => view! { <g data-bar=item data-value="not measured"><text x=LABEL_W.to_string() y=format!("{:.0}", y - 4.0) font-size="11" fill="#777">"not measured"</text></g> }.into_any(),
            };
            parts.push(view! { <g><text x="8" y=format!("{:.0}", y - 4.0) font-size="11">{label}</text>{bar}</g> }.into_any());
        }
    }
    view! {
        <figure id="region-bars">
            <svg viewBox=format!("0 0 {:.0} {:.0}", LABEL_W + BAR_W + 40.0, rows as f64 * ROW_H + 6.0) role="img" aria-label="auto-eFACE items by region, 0 to 100">
                <line x1=LABEL_W.to_string() x2=LABEL_W.to_string() y1="0" y2=format!("{:.0}", rows as f64 * ROW_H) stroke="#999" />
                <line x1=format!("{:.0}", LABEL_W + BAR_W) x2=format!("{:.0}", LABEL_W + BAR_W) y1="0" y2=format!("{:.0}", rows as f64 * ROW_H) stroke="#ccc" stroke-dasharray="2 2" />
                {parts}
            </svg>
            <figcaption>"auto-eFACE items by region (0-100; 100 = the two sides alike). Green 75 and above, amber 50-74, red below 50."</figcaption>
        </figure>
    }
}

fn show_pictures(page: Page, on: bool) {
    page.show_pictures.set(on);
    for (_, url) in page.picture_urls.get_untracked() {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    page.picture_urls.set(Vec::new());
    if on {
        leptos::task::spawn_local(async move { page.picture_urls.set(exam::picture_urls(page.exam).await) });
    }
}

fn toggle_compared(page: Page, id: &str, on: bool) {
    page.compared.update(|c| {
        c.retain(|x| x != id);
        if on {
            c.push(id.to_string());
            if c.len() > 2 {
                c.remove(0);
            }
        }
    });
}

const TREND_W: f64 = 560.0;
const TREND_H: f64 = 180.0;

/// The trend of one score or measurement over the saved exams of the current pseudonym.
fn trend_panel(page: Page) -> impl IntoView {
    let ex = page.exam;
    let chart = move || {
        let who = ex.pseudonym.get();
        let key = page.trend_metric.get();
        let points = super::trends::trend(&ex.history.get(), &who, &key);
        if points.is_empty() {
            return view! { <p id="trend-empty" class="hint">"No scored exam of this pseudonym has this value yet."</p> }.into_any();
        }
        let (t0, t1) = (points[0].when_ms, points[points.len() - 1].when_ms.max(points[0].when_ms + 1.0));
        let (lo, hi) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.value), hi.max(p.value)));
        let (lo, hi) = if key.starts_with("rest:") || key == "house_brackmann_grade" { (0.0f64.min(lo), hi.max(lo + 1.0)) } else { (0.0, 100.0f64.max(hi)) };
        let x = move |t: f64| 40.0 + (t - t0) / (t1 - t0) * (TREND_W - 60.0);
        let y = move |v: f64| TREND_H - 20.0 - (v - lo) / (hi - lo) * (TREND_H - 40.0);
        let line: String = points.iter().map(|p| format!("{:.1},{:.1} ", x(p.when_ms), y(p.value))).collect();
        let dots = points.iter().map(|p| {
            let date = String::from(js_sys::Date::new(&p.when_ms.into()).to_locale_date_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED));
            view! {
                <g data-trend-point=p.exam_id.clone() data-value=format!("{:.2}", p.value)>
                    <circle cx=format!("{:.1}", x(p.when_ms)) cy=format!("{:.1}", y(p.value)) r="4" fill="#1b6fa8" />
                    <text x=format!("{:.1}", x(p.when_ms) - 14.0) y=format!("{:.1}", TREND_H - 4.0) font-size="10">{date}</text>
                    <text x=format!("{:.1}", x(p.when_ms) + 6.0) y=format!("{:.1}", y(p.value) - 6.0) font-size="10">{format!("{:.1}", p.value)}</text>
                </g>
            }
        }).collect_view();
        view! {
            <svg id="trend-chart" viewBox=format!("0 0 {TREND_W} {TREND_H}") role="img" data-points=points.len().to_string()>
                <text x="0" y="14" font-size="10">{format!("{hi:.0}")}</text>
                <text x="0" y=format!("{:.0}", TREND_H - 20.0) font-size="10">{format!("{lo:.0}")}</text>
                <polyline points=line fill="none" stroke="#1b6fa8" stroke-width="2" />
                {dots}
            </svg>
        }.into_any()
    };
    view! {
        <section id="trends">
            <h3>"Progress over time (exams saved under the pseudonym above)"</h3>
            <label>"Show "
                <select data-action="trend-metric" on:change=move |ev| page.trend_metric.set(event_target_value(&ev))>
                    {super::trends::metrics().into_iter().map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()}
                </select>
            </label>
            {chart}
        </section>
    }
}

/// Two ticked exams side by side, the earlier first, with the change.
fn comparison_panel(page: Page) -> impl IntoView {
    let ex = page.exam;
    move || {
        let ids = page.compared.get();
        let history = ex.history.get();
        let find = |id: &String| history.iter().find(|r| &r.id == id);
        let (Some(a), Some(b)) = (ids.first().and_then(find), ids.get(1).and_then(find)) else {
            return view! { <p id="comparison-hint" class="hint">"Tick two saved exams to compare them side by side (before and after)."</p> }.into_any();
        };
        let (first, second, rows) = super::trends::compare(a, b);
        let label = |id: &str| history.iter().find(|r| r.id == id).map(exam::describe_record).unwrap_or_default();
        let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.1}"));
        view! {
            <table id="comparison" data-before=first.clone() data-after=second.clone()>
                <caption>{format!("Before: {}. After: {}.", label(&first), label(&second))}</caption>
                <thead><tr><th>"Measure"</th><th>"Before"</th><th>"After"</th><th>"Change"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let change = r.change().map_or("-".to_string(), |c| format!("{c:+.1}"));
                        view! { <tr data-compare=r.key.clone()><th>{r.label.clone()}</th><td>{f(r.before)}</td><td>{f(r.after)}</td><td>{change}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any()
    }
}
