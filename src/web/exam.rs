//! The guided exam: each standard view with its instruction, a countdown, a capture window
//! in which the worker keeps the peak frame (furthest into the expression, passing the
//! quality gate), retake of any view, then the exam's scores with their evidence, a
//! printable report and JSON / CSV export. Everything stays on this device.

use super::protocol::client::{Reply, WorkerClient};
use super::protocol::wire::Attachments;
use super::protocol::{CaptureFailed, CapturedView, FromWorker, ToWorker};
use super::store::{self, ExamRecord};
use facegrade::correction::LandmarkCorrections;
use facegrade::measure::Expression;
use facegrade::side::Side;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};

const COUNTDOWN_S: u32 = 3;
const CAPTURE_WINDOW_MS: i32 = 2500;
/// How long to wait for the worker to analyse a captured still.
const CAPTURE_REPLY_TIMEOUT_MS: i32 = 30_000;

/// The page's handle on the analysis worker (None: it could not start).
pub type WorkerHandle = StoredValue<Option<WorkerClient>, LocalStorage>;

/// A view's capture as the worker answered it: the landmarks and the picture, or why not.
pub type Captured = Result<(CapturedView, Option<web_sys::Blob>), CaptureFailed>;

/// The worker's answer to a capture or still request, as a capture.
pub fn captured(view: Expression, answer: Result<Reply, String>) -> Captured {
    match answer {
        Ok((FromWorker::Captured(Ok(c)), attachments)) => Ok((c, attachments.picture)),
        Ok((FromWorker::Captured(Err(why)), _)) => Err(why),
        Ok(_) => Err(CaptureFailed { view: Some(view), message: "the analysis answered out of turn".into() }),
        Err(message) => Err(CaptureFailed { view: Some(view), message }),
    }
}

/// The affected-side picker's value: None lets the exam find it.
pub fn affected_side(value: &str) -> Option<Side> {
    match value {
        "left" => Some(Side::Left),
        "right" => Some(Side::Right),
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ViewStatus {
    Pending,
    Capturing,
    Captured,
    Failed(String),
}

/// What the clinician asked for during a view's countdown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Skip {
    /// Capture now, without waiting for the countdown.
    CaptureNow,
    /// Leave this view for later and go to the next.
    NextView,
}

#[derive(Clone, Copy)]
pub struct ExamState {
    pub running: RwSignal<bool>,
    pub current: RwSignal<Option<Expression>>,
    pub prompt: RwSignal<String>,
    pub views: RwSignal<Vec<(Expression, ViewStatus)>>,
    pub include_snarl: RwSignal<bool>,
    /// As set on the page; None: found from the exam.
    pub affected: RwSignal<Option<Side>>,
    /// The scored exam as the worker sent it (scores, calibration, views).
    pub result: RwSignal<Option<Value>>,
    pub error: RwSignal<Option<String>>,
    /// The exam being taken or reviewed, as saved on this device.
    pub record: StoredValue<Option<ExamRecord>, LocalStorage>,
    pub pseudonym: RwSignal<String>,
    pub history: RwSignal<Vec<ExamRecord>>,
    /// The id whose Delete was pressed once (a second press deletes).
    pub confirm_delete: RwSignal<Option<String>>,
    pub store_error: RwSignal<Option<String>>,
    pub store_note: RwSignal<Option<String>>,
    /// "countdown", "capturing", "analysing" or "" between views.
    pub phase: RwSignal<&'static str>,
    pub skip: StoredValue<Option<Skip>, LocalStorage>,
    /// Speak each instruction (on-device voices only).
    pub speak: RwSignal<bool>,
    /// The picture of each view of the current exam (JPEG), kept in memory as well as
    /// saved, for review and the report's optional thumbnails.
    pub pictures: StoredValue<BTreeMap<String, web_sys::Blob>, LocalStorage>,
    /// Bumped when the exam's views change under a reviewer's feet (a new or reopened
    /// exam, a view captured again): an open review closes.
    pub generation: RwSignal<u32>,
}

impl ExamState {
    pub fn new() -> Self {
        ExamState {
            running: RwSignal::new(false),
            current: RwSignal::new(None),
            prompt: RwSignal::new(String::new()),
            views: RwSignal::new(Vec::new()),
            include_snarl: RwSignal::new(false),
            affected: RwSignal::new(None),
            result: RwSignal::new(None),
            error: RwSignal::new(None),
            record: StoredValue::new_local(None),
            pseudonym: RwSignal::new(String::new()),
            history: RwSignal::new(Vec::new()),
            confirm_delete: RwSignal::new(None),
            store_error: RwSignal::new(None),
            store_note: RwSignal::new(None),
            phase: RwSignal::new(""),
            skip: StoredValue::new_local(None),
            speak: RwSignal::new(false),
            pictures: StoredValue::new_local(BTreeMap::new()),
            generation: RwSignal::new(0),
        }
    }

    fn set_status(&self, view: Expression, status: ViewStatus) {
        self.views.update(|v| {
            if let Some(entry) = v.iter_mut().find(|(e, _)| *e == view) {
                entry.1 = status;
            }
        });
    }

    /// The worker finished analysing a capture or a photo; the view (and its picture) is
    /// saved at once. A retaken view's old corrections no longer fit and are dropped.
    pub fn on_captured(&self, result: Captured) {
        match result {
            Ok((CapturedView { view, face }, picture)) => {
                let code = view.code().to_string();
                self.generation.update(|g| *g += 1);
                self.set_status(view, ViewStatus::Captured);
                if let Ok(face) = serde_json::to_value(&face) {
                    self.record.update_value(|r| {
                        if let Some(r) = r {
                            r.views.insert(code.clone(), face);
                            r.corrections.remove(&code);
                        }
                    });
                    save_current(*self);
                }
                if let Some(picture) = picture {
                    self.pictures.update_value(|p| {
                        p.insert(code.clone(), picture.clone());
                    });
                    if let Some(id) = self.record.with_value(|r| r.as_ref().map(|r| r.id.clone())) {
                        let exam = *self;
                        leptos::task::spawn_local(async move {
                            if let Err(e) = store::save_picture(&id, &code, &picture).await {
                                exam.store_error.set(Some(format!("The picture of the {code} view could not be kept on this device: {e}. Its landmarks are saved.")));
                            }
                        });
                    }
                }
            }
            Err(CaptureFailed { view, message }) => {
                if let Some(view) = view {
                    self.set_status(view, ViewStatus::Failed(message));
                }
            }
        }
    }

    pub fn on_scored(&self, result: Result<Value, String>) {
        match result {
            Ok(value) => {
                self.error.set(None);
                self.prompt.set("Exam scored. Review the views below; retake any view to update the scores.".into());
                self.record.update_value(|r| {
                    if let Some(r) = r {
                        r.result = Some(value.clone());
                    }
                });
                save_current(*self);
                self.result.set(Some(value));
            }
            Err(e) => {
                self.prompt.set(String::new());
                self.error.set(Some(e));
            }
        }
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn send(worker: WorkerHandle, message: ToWorker) {
    if let Some(w) = worker.get_value() {
        w.send(&message, Attachments::default());
    }
}

/// The scored exam (the core's report as JSON), or why there is none.
pub async fn scores(worker: WorkerHandle, affected: Option<Side>) -> Result<Value, String> {
    let worker = worker.get_value().ok_or("the analysis is not running")?;
    match worker.request(&ToWorker::ScoreExam { affected }, Attachments::default()).await? {
        (FromWorker::Exam(result), _) => result,
        _ => Err("the analysis answered out of turn".into()),
    }
}

/// Runs the capture of `views` in order, then scores the exam.
pub fn run(exam: ExamState, worker: WorkerHandle, camera_running: bool, views: Vec<Expression>) {
    if exam.running.get_untracked() {
        return;
    }
    if !camera_running {
        exam.error.set(Some("Start the camera first: the exam captures each view from the live video.".into()));
        return;
    }
    exam.error.set(None);
    exam.running.set(true);
    leptos::task::spawn_local(async move {
        for view in views {
            if !exam.running.get_untracked() {
                return;
            }
            exam.current.set(Some(view));
            exam.set_status(view, ViewStatus::Capturing);
            exam.skip.set_value(None);
            exam.phase.set("countdown");
            if exam.speak.get_untracked() {
                super::speech::say(view.instruction());
            }
            // The countdown, in tenths so that "capture now" and "next view" answer at once.
            let mut tenths = COUNTDOWN_S * 10;
            while tenths > 0 && exam.skip.get_value().is_none() && exam.running.get_untracked() {
                exam.prompt.set(format!("{} Capturing in {}…", view.instruction(), tenths.div_ceil(10)));
                sleep(100).await;
                tenths -= 1;
            }
            if !exam.running.get_untracked() {
                exam.set_status(view, ViewStatus::Pending);
                exam.phase.set("");
                return;
            }
            if exam.skip.get_value() == Some(Skip::NextView) {
                exam.set_status(view, ViewStatus::Failed("Skipped: retake this view when ready.".into()));
                continue;
            }
            exam.phase.set("capturing");
            exam.prompt.set(format!("{} Hold it…", view.instruction()));
            send(worker, ToWorker::CaptureStart { view });
            sleep(CAPTURE_WINDOW_MS).await;
            exam.phase.set("analysing");
            exam.prompt.set("Analysing the best frame…".into());
            let answer = match worker.get_value() {
                Some(w) => w.request_within(&ToWorker::CaptureEnd, Attachments::default(), Some(CAPTURE_REPLY_TIMEOUT_MS)).await,
                None => Err("the analysis is not running".into()),
            };
            let answer = captured(view, answer).map_err(|why| match why.message.as_str() {
                "the analysis did not answer in time" => CaptureFailed { view: Some(view), message: "The analysis did not answer in time; retake this view.".into() },
                _ => why,
            });
            exam.on_captured(answer);
        }
        exam.phase.set("");
        exam.prompt.set("Scoring the exam…".into());
        let scored = scores(worker, exam.affected.get_untracked()).await;
        // The run ends with its scores; scores asked for by a correction or a reopened exam
        // do not end a run.
        exam.running.set(false);
        exam.current.set(None);
        exam.on_scored(scored);
    });
}

/// Scores the views the worker holds, with the affected side as set on the page.
pub fn request_scores(exam: ExamState, worker: WorkerHandle) {
    let affected = exam.affected.get_untracked();
    leptos::task::spawn_local(async move { exam.on_scored(scores(worker, affected).await) });
}

/// The views of a new exam, in protocol order.
pub fn protocol(include_snarl: bool) -> Vec<Expression> {
    Expression::ALL.into_iter().filter(|e| include_snarl || !e.optional()).collect()
}

pub fn start(exam: ExamState, worker: WorkerHandle, camera_running: bool) {
    if exam.running.get_untracked() {
        return;
    }
    begin_new_exam(exam, worker);
    let views = protocol(exam.include_snarl.get_untracked());
    exam.views.set(views.iter().map(|&v| (v, ViewStatus::Pending)).collect());
    exam.result.set(None);
    run(exam, worker, camera_running, views);
}

/// A new, empty exam under the current pseudonym, saved at once; the worker forgets the
/// previous exam's views and an open review closes.
fn begin_new_exam(exam: ExamState, worker: WorkerHandle) {
    send(worker, ToWorker::ResetExam);
    exam.pictures.set_value(BTreeMap::new());
    exam.generation.update(|g| *g += 1);
    exam.record.set_value(Some(store::new_record(exam.pseudonym.get_untracked())));
    save_current(exam);
}

/// Saves the current exam on this device (in the background); a failure is shown, and the
/// views stay in the page.
fn save_current(exam: ExamState) {
    let Some(mut record) = exam.record.get_value() else { return };
    record.updated_ms = js_sys::Date::now();
    exam.record.set_value(Some(record.clone()));
    leptos::task::spawn_local(async move {
        match store::save(&record).await {
            Ok(()) => exam.store_error.set(None),
            Err(e) => exam.store_error.set(Some(format!("Could not save the exam on this device: {e}. Nothing captured is lost: the views stay in this page, and the exam is saved again with the next change."))),
        }
        refresh_history(exam).await;
    });
}

/// Reloads the list of saved exams.
pub async fn refresh_history(exam: ExamState) {
    match store::load_all().await {
        Ok(list) => exam.history.set(list),
        Err(e) => exam.store_error.set(Some(format!("Saved exams cannot be read: {e}"))),
    }
}

/// Reopens a saved exam: its views go back to the worker and it is scored again.
pub fn open(exam: ExamState, worker: WorkerHandle, id: &str) {
    if exam.running.get_untracked() {
        return;
    }
    let Some(record) = exam.history.get_untracked().into_iter().find(|r| r.id == id) else { return };
    let protocol_views = protocol(record.views.contains_key("snarl"));
    exam.views.set(protocol_views.iter().map(|v| (*v, if record.views.contains_key(v.code()) { ViewStatus::Captured } else { ViewStatus::Pending })).collect());
    exam.pseudonym.set(record.pseudonym.clone());
    exam.result.set(record.result.clone());
    exam.error.set(None);
    exam.prompt.set(format!("Reopened the exam of {} ({} views); scoring it again…", if record.pseudonym.is_empty() { "an unnamed patient" } else { &record.pseudonym }, record.views.len()));
    let restore = ToWorker::RestoreExam { views: record.views.clone(), corrections: record.corrections.clone() };
    exam.record.set_value(Some(record));
    exam.pictures.set_value(BTreeMap::new());
    exam.generation.update(|g| *g += 1);
    let Some(w) = worker.get_value() else { return };
    leptos::task::spawn_local(async move {
        match w.request(&restore, Attachments::default()).await {
            Ok((FromWorker::Restored { count, unreadable }, _)) => on_restored(exam, worker, count, unreadable),
            Ok(_) => exam.error.set(Some("The analysis answered out of turn; open the exam again.".into())),
            Err(e) => exam.error.set(Some(format!("The saved views could not be put back: {e}"))),
        }
    });
}

/// Keeps a view's corrections beside the model's landmarks (empty = none) and saves.
pub fn store_corrections(exam: ExamState, view: &str, corrections: LandmarkCorrections) {
    exam.record.update_value(|r| {
        if let Some(r) = r {
            if corrections.is_empty() {
                r.corrections.remove(view);
            } else {
                r.corrections.insert(view.to_string(), corrections);
            }
        }
    });
    // The views list shows which views are corrected.
    exam.views.update(|_| ());
    save_current(exam);
}

/// Starts a new exam from files (photos or a video) instead of the camera.
pub fn start_from_files(exam: ExamState, worker: WorkerHandle, views: &[Expression]) {
    begin_new_exam(exam, worker);
    let mut all = protocol(exam.include_snarl.get_untracked() || views.contains(&Expression::Snarl));
    all.retain(|v| !views.contains(v));
    exam.views.set(views.iter().map(|&v| (v, ViewStatus::Capturing)).chain(all.into_iter().map(|v| (v, ViewStatus::Pending))).collect());
    exam.result.set(None);
    exam.error.set(None);
}

/// The worker has the saved views back: score them.
fn on_restored(exam: ExamState, worker: WorkerHandle, count: u32, unreadable: Vec<String>) {
    if !unreadable.is_empty() {
        exam.error.set(Some(format!("Some saved views could not be read and were left out: {}. Retake them.", unreadable.join(", "))));
    }
    if count == 0 {
        exam.prompt.set("This saved exam has no usable view yet: start the camera and retake its views.".into());
        return;
    }
    request_scores(exam, worker);
}

pub fn rename(exam: ExamState, id: String) {
    let name = exam.pseudonym.get_untracked();
    let Some(mut record) = exam.history.get_untracked().into_iter().find(|r| r.id == id) else { return };
    record.pseudonym = name;
    record.updated_ms = js_sys::Date::now();
    exam.record.update_value(|r| {
        if let Some(r) = r.as_mut().filter(|r| r.id == id) {
            r.pseudonym = record.pseudonym.clone();
        }
    });
    leptos::task::spawn_local(async move {
        if let Err(e) = store::save(&record).await {
            exam.store_error.set(Some(format!("Could not rename: {e}")));
        }
        refresh_history(exam).await;
    });
}

/// Deletes on the second press.
pub fn delete(exam: ExamState, id: String) {
    if exam.confirm_delete.get_untracked().as_deref() != Some(id.as_str()) {
        exam.confirm_delete.set(Some(id));
        return;
    }
    exam.confirm_delete.set(None);
    leptos::task::spawn_local(async move {
        if let Err(e) = store::delete(&id).await {
            exam.store_error.set(Some(format!("Could not delete: {e}. Nothing was deleted.")));
        }
        refresh_history(exam).await;
    });
}

/// Offers every saved exam as one file.
pub fn export_store(exam: ExamState) {
    leptos::task::spawn_local(async move {
        match store::load_all().await {
            Ok(all) => download("facegrade-store.json", "application/json", &super::saved_exam::export(all, js_sys::Date::now())),
            Err(e) => exam.store_error.set(Some(format!("Could not export: {e}"))),
        }
    });
}

/// Imports a store file: validated whole before anything is written, merged without
/// overwriting; the outcome is shown either way.
pub fn import_store(exam: ExamState, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(t) => t.as_string().unwrap_or_default(),
            Err(e) => return exam.store_error.set(Some(format!("Could not read the file: {}", super::model_loader::describe(&e)))),
        };
        let here = match store::load_all().await {
            Ok(h) => h,
            Err(e) => return exam.store_error.set(Some(format!("Could not read the saved exams: {e}"))),
        };
        match super::saved_exam::plan_import(&text, &here) {
            Err(why) => exam.store_error.set(Some(format!("Import refused, nothing was changed: {why}"))),
            Ok(plan) => match store::save_all(&plan.to_write).await {
                Ok(()) => {
                    exam.store_error.set(None);
                    exam.store_note.set(Some(plan.summary()));
                }
                Err(e) => exam.store_error.set(Some(format!("Import failed, nothing was changed: {e}"))),
            },
        }
        refresh_history(exam).await;
    });
}

/// The exam as one JSON file: the scores and measurements, and the model's landmarks and
/// the clinician's corrections of every view (pictures are never exported).
pub fn export_json(exam: ExamState) -> Option<String> {
    let mut v = exam.result.get_untracked()?;
    if let (Some(obj), Some(record)) = (v.as_object_mut(), exam.record.get_value()) {
        obj.insert("exam_id".into(), record.id.into());
        obj.insert("pseudonym".into(), record.pseudonym.into());
        obj.insert("model_landmarks".into(), serde_json::to_value(&record.views).unwrap_or_default());
        obj.insert("corrections".into(), serde_json::to_value(&record.corrections).unwrap_or_default());
    }
    serde_json::to_string_pretty(&v).ok()
}

/// Object URLs of the current exam's pictures, for the report's optional thumbnails
/// (loaded from this device's storage when not in memory).
pub async fn picture_urls(exam: ExamState) -> Vec<(String, String)> {
    let Some(record) = exam.record.get_value() else { return Vec::new() };
    let mut out = Vec::new();
    for view in record.views.keys() {
        let blob = match exam.pictures.with_value(|p| p.get(view).cloned()) {
            Some(b) => Some(b),
            None => store::load_picture(&record.id, view).await.ok().flatten(),
        };
        if let Some(url) = blob.and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok()) {
            out.push((view.clone(), url));
        }
    }
    out
}

/// A short line for the history list.
pub fn describe_record(r: &ExamRecord) -> String {
    let date = js_sys::Date::new(&r.created_ms.into());
    let when = String::from(date.to_locale_string("en-GB", &JsValue::UNDEFINED));
    let total = r.result.as_ref().and_then(|v| number(v, &["scores", "auto_eface", "total"])).map_or("not scored".to_string(), |t| format!("auto-eFACE total {t:.0}"));
    format!("{when}: {}, {} views, {total}", if r.pseudonym.is_empty() { "(no pseudonym)" } else { &r.pseudonym }, r.views.len())
}

/// A number from the scored exam, or None.
fn number(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_f64)
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str).map(str::to_string)
}

/// (data-score name, label, shown value) of the headline scores.
pub fn headline(v: &Value) -> Vec<(&'static str, &'static str, String)> {
    let n = |path: &[&str]| number(v, path).map_or("not measured".to_string(), |x| format!("{x:.0}"));
    let composite = v.pointer("/scores/sunnybrook/composite").and_then(Value::as_array).map_or("not measured".into(), |r| {
        let (lo, hi) = (r.first().and_then(Value::as_f64).unwrap_or(0.0), r.get(1).and_then(Value::as_f64).unwrap_or(0.0));
        if lo == hi { format!("{lo:.0}") } else { format!("{lo:.0}-{hi:.0}") }
    });
    vec![
        ("eface_total", "auto-eFACE total (0-100, 100 = normal)", n(&["scores", "auto_eface", "total"])),
        ("eface_static", "auto-eFACE static", n(&["scores", "auto_eface", "static_score"])),
        ("eface_dynamic", "auto-eFACE dynamic", n(&["scores", "auto_eface", "dynamic_score"])),
        ("eface_synkinesis", "auto-eFACE synkinesis", n(&["scores", "auto_eface", "synkinesis_score"])),
        ("sunnybrook_composite", "Sunnybrook composite, measurable parts (range over what is not measured)", composite),
        ("house_brackmann_estimate", "House-Brackmann estimate", text(v, &["scores", "house_brackmann", "label"]).unwrap_or_else(|| "not estimated".into())),
    ]
}

/// Every auto-eFACE and Sunnybrook item as (scale, item, value, evidence or reason).
pub fn items(v: &Value) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for part in ["static_items", "dynamic_items", "synkinesis_items"] {
        for item in v.pointer(&format!("/scores/auto_eface/{part}")).and_then(Value::as_array).into_iter().flatten() {
            let name = item["name"].as_str().unwrap_or_default().to_string();
            let (value, why) = match item["score"].as_f64() {
                Some(s) => (format!("{s:.0}"), item["rule"].as_str().unwrap_or_default().to_string()),
                None => ("not measured".into(), item["not_measured"].as_str().unwrap_or_default().to_string()),
            };
            out.push(("auto-eFACE".into(), name, value, why));
        }
    }
    for part in ["resting", "voluntary", "synkinesis"] {
        for item in v.pointer(&format!("/scores/sunnybrook/{part}")).and_then(Value::as_array).into_iter().flatten() {
            let name = format!("{part}: {}", item["name"].as_str().unwrap_or_default());
            let (value, why) = match item["grade"].as_u64() {
                Some(g) => (g.to_string(), item["finding"].as_str().unwrap_or_default().to_string()),
                None => {
                    let r = &item["range"];
                    (format!("{}-{} (not measured)", r[0], r[1]), item["not_measured"].as_str().unwrap_or_default().to_string())
                }
            };
            out.push(("Sunnybrook".into(), name, value, why));
        }
    }
    out
}

/// One CSV row per view and measurement.
pub fn csv(v: &Value) -> String {
    let mut out = String::from("view,measurement,right,left,difference,severity,unit\n");
    if let Some(views) = v.get("views").and_then(Value::as_object) {
        for (view, m) in views {
            for name in facegrade::measure::MEASUREMENT_NAMES {
                let x = &m["measurements"][name];
                out += &format!(
                    "{view},{name},{:.2},{:.2},{:.2},{},{}\n",
                    x["right"].as_f64().unwrap_or(f64::NAN),
                    x["left"].as_f64().unwrap_or(f64::NAN),
                    x["difference"].as_f64().unwrap_or(f64::NAN),
                    x["severity"].as_str().unwrap_or(""),
                    x["unit"].as_str().unwrap_or("")
                );
            }
        }
    }
    out
}

/// Offers `contents` as a file download (a blob: URL on this page; nothing is sent).
pub fn download(name: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    download_blob(name, &blob);
}

/// Offers bytes as a file download.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else { return };
    download_blob(name, &blob);
}

fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = document.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    // Revoke once the download has started.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 5000);
    }
}
