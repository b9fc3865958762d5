//! What the page and the analysis worker tell each other: one enum per direction; the
//! types are the schema. Each message travels as `{json, bitmap?, buffers?, picture?}`:
//! `json` is an [`Envelope`] (request id and message) and the large things ride beside it,
//! transferred rather than copied (see `wire.rs`). A request's reply carries its id; id 0
//! is an event nobody asked for (the worker listening, fine-tuning progress).

pub mod frame_report;
#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod wire;

pub use frame_report::{FrameReport, MeasureRow, OverlayFace};

use facegrade::correction::LandmarkCorrections;
use facegrade::engine::FaceLandmarks;
use facegrade::finetune::{ModelCard, TrainingFrame};
use facegrade::measure::timeline::FrameReading;
use facegrade::measure::Expression;
use facegrade::scores::ExamReport;
use facegrade::side::Side;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A request (or event, id 0) and its message.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Envelope<M> {
    pub id: u32,
    pub body: M,
}

/// Page -> worker. Attachments named in each variant's comment ride beside it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "kebab-case")]
pub enum ToWorker {
    /// The detector, landmark and iris models (`buffers`, in that order; the iris model may
    /// be left out and follow in `IrisModel`). -> `Ready` | `Failed`
    Init,
    /// The iris model (`buffers[0]`), after an `Init` without it: until it is added, frames
    /// carry no millimetres and captures wait. -> `IrisReady` | `Failed`
    IrisModel,
    /// One live video frame (`bitmap`). -> `Frame` | `FrameFailed`
    Frame { time_ms: f64 },
    /// Forget the tracked face (camera restarted, tab shown again). No reply.
    ResetTracking,
    /// Opens an exam view's capture window: the worker keeps its peak frame. No reply.
    CaptureStart { view: Expression },
    /// Closes the window; the peak frame is analysed as a still. -> `Captured`
    CaptureEnd,
    /// A picture for one view: a photo, or a frame of a recorded video (`bitmap`). -> `Captured`
    Still { view: Expression },
    /// A clinician's corrections of one view (empty: back to the model's landmarks). -> `Corrected`
    CorrectView { view: Expression, corrections: LandmarkCorrections },
    /// Scores the captured views; None: the exam finds the affected side. -> `Exam`
    ScoreExam { affected: Option<Side> },
    /// A saved exam's views (view code -> landmarks as saved) and corrections. -> `Restored`
    RestoreExam { views: BTreeMap<String, serde_json::Value>, corrections: BTreeMap<String, LandmarkCorrections> },
    /// Forget the exam's views and corrections (a new exam). No reply.
    ResetExam,
    /// One frame of a recorded video (`bitmap`); `first` starts a new video. -> `VideoReading`
    VideoFrame { time_ms: f64, first: bool },
    /// A corrected view's picture (`bitmap`) made into a training frame. -> `TrainingFrame`
    TrainingFrame { id: String, group: String, source: String, face: FaceLandmarks, corrections: LandmarkCorrections },
    /// Fine-tunes the shipped landmark and iris models (`buffers`) on `frames`.
    /// -> `FineTuneProgress` events, then `FineTuned` | `FineTuneFailed` | `FineTuneCancelled`
    FineTuneStart { frames: Vec<TrainingFrame>, name: String, created: String },
    /// Stops the running fine-tuning at its next step. No reply (the run answers).
    FineTuneCancel,
    /// Makes the worker trap as an out-of-memory abort would, leaving its state broken, so
    /// that a test exercises the page's real restart path. Sent only by a page opened with
    /// `?test-faults` (see `worker_restart.rs`). No reply: the worker's `error` event.
    CrashForTest,
}

/// A view the worker analysed as a still: the landmarks the model found. Its picture (a
/// JPEG, for review and correction) rides beside as `picture`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CapturedView {
    pub view: Expression,
    pub face: FaceLandmarks,
}

/// Why a view has no capture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaptureFailed {
    pub view: Option<Expression>,
    pub message: String,
}

/// Worker -> page.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "kebab-case")]
pub enum FromWorker {
    /// Event: the worker is listening (requests sent before wait for it).
    Started,
    /// The models are loaded and optimised.
    Ready,
    /// The iris model that followed `Ready` is loaded and optimised.
    IrisReady,
    /// The worker cannot analyse: it could not start, a model is unusable, or it stopped.
    Failed(String),
    Frame(Box<FrameReport>),
    /// One frame could not be analysed (the next may be).
    FrameFailed(String),
    Captured(Result<CapturedView, CaptureFailed>),
    Corrected(Result<(), String>),
    /// The scored exam (scores, calibration, views), or why there is none.
    Exam(Result<Box<ExamReport>, String>),
    /// Saved views put back: how many, and the codes of those that did not read.
    Restored { count: u32, unreadable: Vec<String> },
    VideoReading(Result<FrameReading, String>),
    /// A training frame; None: nothing was corrected.
    TrainingFrame(Result<Option<TrainingFrame>, String>),
    /// Event: fine-tuning progress (training error in crop pixels).
    FineTuneProgress { stage: String, done: u32, total: u32, error_px: Option<f64> },
    /// The fine-tuned model's card; its ONNX file rides beside as `buffers[0]`.
    FineTuned { card: ModelCard },
    FineTuneFailed(String),
    FineTuneCancelled,
}

impl FromWorker {
    /// False for messages that report on a request without ending it.
    pub fn ends_request(&self) -> bool {
        !matches!(self, FromWorker::FineTuneProgress { .. } | FromWorker::Started)
    }
}

/// The message as the `json` field carries it.
pub fn encode<M: Serialize>(id: u32, body: &M) -> String {
    serde_json::to_string(&Envelope { id, body }).unwrap_or_default()
}

pub fn decode<M: for<'de> Deserialize<'de>>(json: &str) -> Result<Envelope<M>, String> {
    serde_json::from_str(json).map_err(|e| format!("unreadable message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_their_json() {
        let to = [
            ToWorker::Init,
            ToWorker::IrisModel,
            ToWorker::Frame { time_ms: 12.5 },
            ToWorker::CaptureStart { view: Expression::BigSmile },
            ToWorker::ScoreExam { affected: Some(Side::Left) },
            ToWorker::ScoreExam { affected: None },
            ToWorker::CorrectView { view: Expression::Rest, corrections: LandmarkCorrections::default() },
            ToWorker::FineTuneCancel,
            ToWorker::CrashForTest,
        ];
        for (id, m) in to.into_iter().enumerate() {
            let json = encode(id as u32, &m);
            let back: Envelope<ToWorker> = decode(&json).unwrap();
            assert_eq!((back.id, encode(back.id, &back.body)), (id as u32, json));
        }
        let from = [
            FromWorker::Ready,
            FromWorker::IrisReady,
            FromWorker::Failed("no models".into()),
            FromWorker::Captured(Err(CaptureFailed { view: Some(Expression::Pucker), message: "No face".into() })),
            FromWorker::Restored { count: 2, unreadable: vec!["snarl".into()] },
            FromWorker::FineTuneProgress { stage: "solving".into(), done: 1, total: 3, error_px: None },
            FromWorker::Exam(Ok(Box::new(crate::test_exams::report(crate::test_exams::right_eye_exam(), &[(Expression::Rest, facegrade::measure::MeasurementName::DentalShow, f32::NAN, 1.0)])))),
            FromWorker::Exam(Err("No view could be measured".into())),
        ];
        for m in from {
            let json = encode(7, &m);
            let back: Envelope<FromWorker> = decode(&json).unwrap();
            assert_eq!(encode(back.id, &back.body), json);
        }
    }

    #[test]
    fn the_worker_script_failure_reads_as_a_failure() {
        // static/worker.js writes this by hand when the module cannot start.
        let m: Envelope<FromWorker> = decode(r#"{"id":0,"body":{"kind":"failed","data":"the analysis worker could not start"}}"#).unwrap();
        assert!(matches!(m.body, FromWorker::Failed(why) if why == "the analysis worker could not start"));
    }

    #[test]
    fn only_progress_and_the_start_leave_a_request_open() {
        assert!(!FromWorker::FineTuneProgress { stage: String::new(), done: 0, total: 1, error_px: None }.ends_request());
        assert!(FromWorker::FineTuneCancelled.ends_request());
        assert!(FromWorker::Frame(Box::default()).ends_request());
    }
}
