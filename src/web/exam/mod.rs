//! The guided exam's state: each standard view with its status, where the capture run is,
//! the scored result (typed), and the exam as saved on this device. The run itself is in
//! `run.rs`, saving and the saved-exam list in `saving.rs`, exports in `export.rs`.

pub mod export;
pub mod fhir_export;
pub mod grading;
pub mod hold;
pub mod pdf;
pub mod run;
pub mod saving;

use facegrade::scores::ExamReport;
use crate::protocol::client::Reply;
use crate::protocol::{CaptureFailed, CapturedView, FromWorker};
use crate::storage_space::StorageStatus;
use crate::store::ExamRecord;
use facegrade::i18n::{Msg, Said};
use facegrade::measure::Expression;
use facegrade::side::Side;
use crate::i18n::t;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ViewStatus {
    Pending,
    Capturing,
    Captured,
    Failed(String),
}

impl ViewStatus {
    /// The `data-view-status` hook and the words shown.
    pub fn code_and_words(&self) -> (&'static str, String) {
        match self {
            ViewStatus::Pending => ("pending", t(Msg::ViewWaiting).to_string()),
            ViewStatus::Capturing => ("capturing", t(Msg::ViewCapturing).to_string()),
            ViewStatus::Captured => ("captured", t(Msg::ViewCaptured).to_string()),
            ViewStatus::Failed(why) => ("failed", why.clone()),
        }
    }
}

/// Where the capture run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExamPhase {
    /// No run: the exam can be reviewed, retaken or scored.
    Idle,
    /// A view's countdown ("capture now" and "skip" answer here).
    Countdown(Expression),
    /// The capture window is open: the worker keeps the peak frame.
    Capturing(Expression),
    /// The peak frame is analysed as a still.
    Analysing(Expression),
    /// The views are captured; the run ends with its scores.
    Scoring,
}

impl ExamPhase {
    pub fn running(self) -> bool {
        self != ExamPhase::Idle
    }

    pub fn view(self) -> Option<Expression> {
        match self {
            ExamPhase::Countdown(v) | ExamPhase::Capturing(v) | ExamPhase::Analysing(v) => Some(v),
            ExamPhase::Idle | ExamPhase::Scoring => None,
        }
    }
}

/// What the clinician asked for during a view's countdown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Skip {
    /// Capture now, without waiting for the countdown.
    CaptureNow,
    /// Leave this view for later and go to the next.
    NextView,
}

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

/// The affected-side picker's value: a side's name, or "auto" (None: the exam finds it).
pub fn affected_side(value: &str) -> Option<Side> {
    value.parse().ok()
}

/// The views of a new exam, in protocol order: the standard views, the snarl if asked
/// for, then Yanagihara's optional steps (blink, wink, lower-lip depression) if asked for.
pub fn protocol(include_snarl: bool, include_yanagihara: bool) -> Vec<Expression> {
    let standard = Expression::ALL.into_iter().filter(|e| include_snarl || !e.optional());
    standard.chain(Expression::YANAGIHARA.into_iter().filter(|_| include_yanagihara)).collect()
}

#[derive(Clone, Copy)]
pub struct ExamState {
    pub phase: RwSignal<ExamPhase>,
    pub prompt: RwSignal<Said>,
    pub views: RwSignal<Vec<(Expression, ViewStatus)>>,
    pub include_snarl: RwSignal<bool>,
    /// Add Yanagihara's steps (blink, wink, lower-lip depression) to a new exam.
    pub include_yanagihara: RwSignal<bool>,
    /// As set on the page; None: found from the exam.
    pub affected: RwSignal<Option<Side>>,
    /// The scored exam (the record keeps it as JSON, `saved_exam.rs`).
    pub result: RwSignal<Option<ExamReport>>,
    pub error: RwSignal<Option<Said>>,
    /// The exam being taken or reviewed; an effect saves it on this device whenever it
    /// changes (`saving.rs`).
    pub record: RwSignal<Option<ExamRecord>>,
    pub pseudonym: RwSignal<String>,
    pub history: RwSignal<Vec<ExamRecord>>,
    /// The id whose Delete was pressed once (a second press deletes).
    pub confirm_delete: RwSignal<Option<String>>,
    pub store_error: RwSignal<Option<Said>>,
    pub store_note: RwSignal<Option<String>>,
    /// Persistent storage and the space saved exams take (`storage_space.rs`).
    pub storage: StorageStatus,
    pub skip: StoredValue<Option<Skip>, LocalStorage>,
    /// Speak each instruction (on-device voices only).
    pub speak: RwSignal<bool>,
    /// The picture of each view of the current exam (JPEG), kept in memory as well as
    /// saved, for review and the report's optional thumbnails.
    pub pictures: StoredValue<BTreeMap<String, web_sys::Blob>, LocalStorage>,
    /// Bumped when the exam's views change under a reviewer's feet (a new or reopened
    /// exam, a view captured again): an open review closes, the report's pictures reload.
    pub generation: RwSignal<u32>,
    /// Why a capture run must wait now (`hold.rs`); set from the camera and the worker.
    pub hold: Signal<Option<hold::ExamHold>>,
    /// Whether the current exam is saved on this device (`saving.rs`).
    pub save_state: RwSignal<saving::SaveState>,
}

impl ExamState {
    pub fn new() -> Self {
        ExamState {
            phase: RwSignal::new(ExamPhase::Idle),
            prompt: RwSignal::new(Said::verbatim("")),
            views: RwSignal::new(Vec::new()),
            include_snarl: RwSignal::new(false),
            include_yanagihara: RwSignal::new(false),
            affected: RwSignal::new(None),
            result: RwSignal::new(None),
            error: RwSignal::new(None),
            record: RwSignal::new(None),
            pseudonym: RwSignal::new(String::new()),
            history: RwSignal::new(Vec::new()),
            confirm_delete: RwSignal::new(None),
            store_error: RwSignal::new(None),
            store_note: RwSignal::new(None),
            storage: StorageStatus::new(),
            skip: StoredValue::new_local(None),
            speak: RwSignal::new(false),
            pictures: StoredValue::new_local(BTreeMap::new()),
            generation: RwSignal::new(0),
            hold: Signal::derive(|| None),
            save_state: RwSignal::new(saving::SaveState::NoExam),
        }
    }

    pub fn running(&self) -> bool {
        self.phase.get_untracked().running()
    }

    /// `#exam[data-exam-state]`: running, scored or idle.
    pub fn state_code(&self) -> &'static str {
        if self.phase.get().running() {
            "running"
        } else if self.result.with(Option::is_some) {
            "scored"
        } else {
            "idle"
        }
    }

    pub fn set_status(&self, view: Expression, status: ViewStatus) {
        self.views.update(|v| {
            if let Some(entry) = v.iter_mut().find(|(e, _)| *e == view) {
                entry.1 = status;
            }
        });
    }

    /// Changes the current exam's record (which the saving effect then writes).
    pub fn edit_record(&self, change: impl FnOnce(&mut ExamRecord)) {
        self.record.update(|r| {
            if let Some(r) = r {
                change(r);
                r.updated_ms = js_sys::Date::now();
            }
        });
    }

    /// The worker finished analysing a capture or a photo; the view (and its picture) is
    /// kept at once. A retaken view's old corrections no longer fit and are dropped.
    pub fn on_captured(&self, result: Captured) {
        match result {
            Ok((CapturedView { view, face }, picture)) => {
                let code = view.code().to_string();
                self.generation.update(|g| *g += 1);
                self.set_status(view, ViewStatus::Captured);
                if let Ok(face) = serde_json::to_value(&face) {
                    self.edit_record(|r| {
                        r.views.insert(code.clone(), face);
                        r.corrections.remove(&code);
                    });
                }
                if let Some(picture) = picture {
                    self.pictures.update_value(|p| {
                        p.insert(code.clone(), picture.clone());
                    });
                    if let Some(id) = self.record.with_untracked(|r| r.as_ref().map(|r| r.id.clone())) {
                        saving::keep_picture(*self, id, code, picture);
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

    pub fn on_scored(&self, result: Result<Box<ExamReport>, String>) {
        match result {
            Ok(report) => {
                self.error.set(None);
                self.prompt.set(Msg::ExamScored.into());
                let json = serde_json::to_value(&*report).ok();
                self.edit_record(|r| r.result = json);
                self.result.set(Some(*report));
            }
            Err(e) => {
                self.prompt.set(Said::verbatim(""));
                self.error.set(Some(Said::verbatim(e)));
            }
        }
    }
}
