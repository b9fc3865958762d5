//! The analysis worker kept alive: when it stops (an uncaught error, a wasm trap, an
//! out-of-memory abort: its `error` event), the page ends it, starts a new one, gives it
//! the models the old one held and the exam in progress (its captured views and
//! corrections), and says so. A capture run waits meanwhile (`exam/hold.rs`) and takes
//! the interrupted view again; nothing captured is lost, since the exam lives in the page
//! and on this device, not in the worker. A worker that keeps stopping is not restarted
//! for ever: after [`MAX_RESTARTS`] in [`RESTART_WINDOW_MS`] the page says to reload.
//!
//! A page opened with `?test-faults` offers `window.facegradeTestFaults.crashWorker()`,
//! which sends `ToWorker::CrashForTest`: the worker really traps, and the restart path is
//! this one (tests/e2e/faults_worker.test.mjs).

use crate::i18n::say;
use facegrade::i18n::{Msg, Said};

use crate::exam::ExamState;
use crate::live::{Analysis, Live, WorkerHealth};
use crate::protocol::client::WorkerClient;
use crate::protocol::wire::Attachments;
use crate::protocol::{FromWorker, ToWorker};
use crate::training::{self, Training};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

pub const MAX_RESTARTS: usize = 3;
pub const RESTART_WINDOW_MS: f64 = 60_000.0;

/// The models the worker was given, in the order it was given them, for a new worker.
#[derive(Clone, Default)]
pub struct HeldModels {
    /// `ToWorker::Init`'s buffers (detector, landmarks, and iris when given together).
    pub init: Vec<Vec<u8>>,
    /// The iris model given after, in `ToWorker::IrisModel`.
    pub iris: Option<Vec<u8>>,
}

/// What a restart needs; in context only through its parts.
#[derive(Clone, Copy)]
pub struct Supervisor {
    pub live: Live,
    pub analysis: Analysis,
    pub training: Training,
    pub exam: ExamState,
    pub models: StoredValue<HeldModels, LocalStorage>,
    /// When the worker stopped, this session.
    stops: StoredValue<Vec<f64>, LocalStorage>,
}

impl Supervisor {
    pub fn new(live: Live, analysis: Analysis, training: Training, exam: ExamState) -> Supervisor {
        Supervisor { live, analysis, training, exam, models: StoredValue::new_local(HeldModels::default()), stops: StoredValue::new_local(Vec::new()) }
    }

    /// Starts a worker (the first, or a replacement).
    pub fn start(self) {
        let live = self.live;
        let training = self.training;
        let on_event = move |event| match event {
            FromWorker::Failed(e) => live.fail(Said::new(Msg::ModelsNotPrepared).with("error", e)),
            FromWorker::FineTuneProgress { stage, done, total, error_px } => training::on_progress(training, stage, done, total, error_px),
            _ => {}
        };
        match WorkerClient::spawn(on_event, move |why| self.restart(why)) {
            Ok(worker) => self.analysis.set_client(Some(worker)),
            Err(e) => live.fail(Said::new(Msg::AnalysisNotStarted).with("error", e)),
        }
    }

    /// The worker stopped: a new one with the same models and the exam in progress.
    fn restart(self, why: String) {
        if let Some(old) = self.analysis.client() {
            old.terminate();
        }
        let models = self.models.get_value();
        if models.init.is_empty() {
            // It stopped before it had its models: the loading reports the failure.
            return;
        }
        let now = js_sys::Date::now();
        let recent = self.stops.try_update_value(|s| {
            s.push(now);
            s.retain(|&t| now - t <= RESTART_WINDOW_MS);
            s.len()
        });
        if recent.unwrap_or(0) > MAX_RESTARTS {
            return self.live.fail(Said::new(Msg::AnalysisStoppedTooOften).with("times", MAX_RESTARTS.to_string()).with("why", why));
        }
        self.analysis.health.set(WorkerHealth::Restarting(why.clone()));
        self.start();
        leptos::task::spawn_local(async move {
            match self.prepare(models).await {
                Ok(()) => {
                    let times = self.stops.with_value(Vec::len) as u32;
                    self.analysis.health.set(WorkerHealth::Restarted { times, why });
                }
                Err(e) => self.live.fail(Said::new(Msg::AnalysisNotRestarted).with("why", why).with("error", e)),
            }
        });
    }

    /// Gives a new worker the models and the exam in progress.
    async fn prepare(self, models: HeldModels) -> Result<(), String> {
        let worker = self.analysis.client().ok_or("no worker")?;
        let init: Vec<&[u8]> = models.init.iter().map(Vec::as_slice).collect();
        match worker.request(&ToWorker::Init, Attachments::buffers(&init)).await? {
            (FromWorker::Ready, _) => {}
            (FromWorker::Failed(e), _) => return Err(e),
            _ => return Err("the analysis answered out of turn".into()),
        }
        if let Some(iris) = &models.iris {
            match worker.request(&ToWorker::IrisModel, Attachments::buffers(&[iris])).await? {
                (FromWorker::IrisReady, _) => {}
                (FromWorker::Failed(e), _) => return Err(e),
                _ => return Err("the analysis answered out of turn".into()),
            }
        }
        let Some(record) = self.exam.record.get_untracked() else { return Ok(()) };
        if record.views.is_empty() {
            return Ok(());
        }
        match worker.request(&ToWorker::RestoreExam { views: record.views, corrections: record.corrections }, Attachments::default()).await? {
            (FromWorker::Restored { unreadable, .. }, _) if unreadable.is_empty() => Ok(()),
            (FromWorker::Restored { unreadable, .. }, _) => Err(format!("the views {} could not be given back", unreadable.join(", "))),
            _ => Err("the analysis answered out of turn".into()),
        }
    }

    /// With `?test-faults` in the page's address: `window.facegradeTestFaults.crashWorker()`.
    pub fn offer_test_faults(self) {
        let Some(window) = web_sys::window() else { return };
        if !window.location().search().unwrap_or_default().contains("test-faults") {
            return;
        }
        let crash = Closure::<dyn Fn()>::new(move || self.analysis.send(ToWorker::CrashForTest));
        let faults = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&faults, &"crashWorker".into(), crash.as_ref());
        let _ = js_sys::Reflect::set(&window, &"facegradeTestFaults".into(), &faults);
        crash.forget();
    }
}

/// What the page says about the worker (None: it never stopped).
pub fn health_words(health: &WorkerHealth) -> Option<String> {
    match health {
        WorkerHealth::Running => None,
        WorkerHealth::Restarting(why) => Some(say(&Said::new(Msg::AnalysisRestarting).with("why", why.as_str()))),
        WorkerHealth::Restarted { times, why } => Some(say(&Said::new(Msg::AnalysisRestarted).with("why", why.as_str()).with("times", times.to_string()))),
    }
}
