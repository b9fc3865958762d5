//! The guided exam: each standard view with its instruction, a countdown, a capture window
//! in which the worker keeps the peak frame (furthest into the expression, passing the
//! quality gate), retake of any view, then the exam's scores with their evidence, a
//! printable report and JSON / CSV export. Everything stays on this device.

use super::analysis_worker::AnalysisWorker;
use facegrade::measure::Expression;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

const COUNTDOWN_S: u32 = 3;
const CAPTURE_WINDOW_MS: i32 = 2500;
/// How long to wait for the worker to analyse a captured still.
const CAPTURE_REPLY_TIMEOUT_MS: i32 = 30_000;

#[derive(Clone, Debug, PartialEq)]
pub enum ViewStatus {
    Pending,
    Capturing,
    Captured,
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct ExamState {
    pub running: RwSignal<bool>,
    pub current: RwSignal<Option<Expression>>,
    pub prompt: RwSignal<String>,
    pub views: RwSignal<Vec<(Expression, ViewStatus)>>,
    pub include_snarl: RwSignal<bool>,
    pub affected: RwSignal<String>,
    /// The scored exam as the worker sent it (scores, calibration, views).
    pub result: RwSignal<Option<Value>>,
    pub error: RwSignal<Option<String>>,
    awaiting: StoredValue<bool, LocalStorage>,
}

impl ExamState {
    pub fn new() -> Self {
        ExamState {
            running: RwSignal::new(false),
            current: RwSignal::new(None),
            prompt: RwSignal::new(String::new()),
            views: RwSignal::new(Vec::new()),
            include_snarl: RwSignal::new(false),
            affected: RwSignal::new("auto".into()),
            result: RwSignal::new(None),
            error: RwSignal::new(None),
            awaiting: StoredValue::new_local(false),
        }
    }

    fn set_status(&self, view: Expression, status: ViewStatus) {
        self.views.update(|v| {
            if let Some(entry) = v.iter_mut().find(|(e, _)| *e == view) {
                entry.1 = status;
            }
        });
    }

    /// The worker finished analysing a capture.
    pub fn on_captured(&self, result: Result<String, (String, String)>) {
        match result {
            Ok(code) => {
                if let Some(view) = Expression::from_code(&code) {
                    self.set_status(view, ViewStatus::Captured);
                }
            }
            Err((code, message)) => {
                if let Some(view) = Expression::from_code(&code) {
                    self.set_status(view, ViewStatus::Failed(message));
                }
            }
        }
        self.awaiting.set_value(false);
    }

    pub fn on_scored(&self, result: Result<String, String>) {
        self.running.set(false);
        self.current.set(None);
        match result.and_then(|json| serde_json::from_str::<Value>(&json).map_err(|e| e.to_string())) {
            Ok(value) => {
                self.error.set(None);
                self.prompt.set("Exam scored. Review the views below; retake any view to update the scores.".into());
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

fn with_worker(worker: StoredValue<Option<AnalysisWorker>, LocalStorage>, f: impl FnOnce(&AnalysisWorker)) {
    worker.with_value(|w| {
        if let Some(w) = w {
            f(w)
        }
    });
}

/// Runs the capture of `views` in order, then scores the exam.
pub fn run(exam: ExamState, worker: StoredValue<Option<AnalysisWorker>, LocalStorage>, camera_running: bool, views: Vec<Expression>) {
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
            for left in (1..=COUNTDOWN_S).rev() {
                exam.prompt.set(format!("{} Capturing in {left}…", view.instruction()));
                sleep(1000).await;
            }
            exam.prompt.set(format!("{} Hold it…", view.instruction()));
            exam.awaiting.set_value(true);
            with_worker(worker, |w| w.capture_start(view.code()));
            sleep(CAPTURE_WINDOW_MS).await;
            exam.prompt.set("Analysing the best frame…".into());
            with_worker(worker, |w| w.capture_end());
            let mut waited = 0;
            while exam.awaiting.get_value() && waited < CAPTURE_REPLY_TIMEOUT_MS {
                sleep(100).await;
                waited += 100;
            }
            if exam.awaiting.get_value() {
                exam.set_status(view, ViewStatus::Failed("The analysis did not answer in time; retake this view.".into()));
                exam.awaiting.set_value(false);
            }
        }
        exam.prompt.set("Scoring the exam…".into());
        let affected = exam.affected.get_untracked();
        with_worker(worker, |w| w.score_exam(&affected));
    });
}

/// The views of a new exam, in protocol order.
pub fn protocol(include_snarl: bool) -> Vec<Expression> {
    Expression::ALL.into_iter().filter(|e| include_snarl || !e.optional()).collect()
}

pub fn start(exam: ExamState, worker: StoredValue<Option<AnalysisWorker>, LocalStorage>, camera_running: bool) {
    if exam.running.get_untracked() {
        return;
    }
    with_worker(worker, |w| w.reset_exam());
    let views = protocol(exam.include_snarl.get_untracked());
    exam.views.set(views.iter().map(|&v| (v, ViewStatus::Pending)).collect());
    exam.result.set(None);
    run(exam, worker, camera_running, views);
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
        let (lo, hi) = (r[0].as_f64().unwrap_or(0.0), r[1].as_f64().unwrap_or(0.0));
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
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
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
