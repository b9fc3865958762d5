//! The page's handle on the analysis worker: starts it, hands it the models and frames
//! (transferred, not copied), and turns its replies into typed messages.

use super::model_loader::describe;
use super::protocol::FrameReport;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, ImageBitmap, MessageEvent, Worker, WorkerOptions, WorkerType};

/// A view the worker analysed as a still: its landmarks (engine JSON) and the picture
/// (JPEG) they were found on, for review and correction.
pub struct CapturedView {
    pub view: String,
    pub face: String,
    pub picture: Option<Blob>,
}

pub enum WorkerMessage {
    /// Listening: the models can be sent.
    Started,
    /// Models loaded and optimised.
    Ready,
    /// The worker cannot analyse (it could not start, or a model is unusable).
    Failed(String),
    /// One frame could not be analysed (the next may be).
    FrameFailed(String),
    Report(FrameReport),
    /// An exam view's capture (or photo) was analysed, or Err((view code, why not)).
    Captured(Result<CapturedView, (String, String)>),
    /// A correction was refused (and not kept).
    CorrectionFailed(String),
    /// One recorded-video frame's reading (JSON of `FrameReading`), or why it failed.
    VideoReading(Result<String, String>),
    /// Saved views were put back: how many, and the names of any that did not read.
    Restored(u32, String),
    /// The exam's scores, calibration and views as JSON, or why there are none.
    Exam(Result<String, String>),
    /// A corrected view made into a training frame: (id, frame JSON) or (id, why not).
    TrainingFrame(Result<(String, String), (String, String)>),
    /// Fine-tuning progress: stage, done, total, training error (px).
    FineTuneProgress { stage: String, done: u32, total: u32, error_px: Option<f64> },
    /// A fine-tuned model (ONNX bytes) and its card (JSON).
    FineTuned { model: Vec<u8>, card: String },
    FineTuneFailed(String),
    FineTuneCancelled,
}

pub struct AnalysisWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl AnalysisWorker {
    pub fn spawn(mut on_message: impl FnMut(WorkerMessage) + 'static) -> Result<AnalysisWorker, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("worker.js", &options).map_err(|e| format!("the analysis worker could not start: {}", describe(&e)))?;
        let (tx, tx_err) = {
            let shared = std::rc::Rc::new(std::cell::RefCell::new(move |m: WorkerMessage| on_message(m)));
            (shared.clone(), shared)
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let field = |k: &str| Reflect::get(&data, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            let message = match field("kind").as_str() {
                "started" => WorkerMessage::Started,
                "ready" => WorkerMessage::Ready,
                "error" => WorkerMessage::Failed(field("message")),
                "frame-error" => WorkerMessage::FrameFailed(field("message")),
                "captured" => {
                    let ok = Reflect::get(&data, &"ok".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
                    WorkerMessage::Captured(if ok {
                        let picture = Reflect::get(&data, &"picture".into()).ok().and_then(|p| p.dyn_into::<Blob>().ok());
                        Ok(CapturedView { view: field("view"), face: field("face"), picture })
                    } else {
                        Err((field("view"), field("message")))
                    })
                }
                "correction-error" => WorkerMessage::CorrectionFailed(field("message")),
                "video-reading" => {
                    let json = field("reading");
                    WorkerMessage::VideoReading(if json.is_empty() { Err(field("error")) } else { Ok(json) })
                }
                "restored" => WorkerMessage::Restored(Reflect::get(&data, &"count".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32, field("unreadable")),
                "exam" => {
                    let json = field("exam");
                    WorkerMessage::Exam(if json.is_empty() { Err(field("error")) } else { Ok(json) })
                }
                "training-frame" => {
                    let frame = field("frame");
                    WorkerMessage::TrainingFrame(if frame.is_empty() { Err((field("id"), field("error"))) } else { Ok((field("id"), frame)) })
                }
                "finetune-progress" => {
                    let number = |k: &str| Reflect::get(&data, &k.into()).ok().and_then(|v| v.as_f64());
                    WorkerMessage::FineTuneProgress { stage: field("stage"), done: number("done").unwrap_or(0.0) as u32, total: number("total").unwrap_or(0.0) as u32, error_px: number("error_px") }
                }
                "finetune-done" => {
                    let model = Reflect::get(&data, &"model".into()).ok().filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>()).map(|b| Uint8Array::new(&b).to_vec()).unwrap_or_default();
                    WorkerMessage::FineTuned { model, card: field("card") }
                }
                "finetune-error" => WorkerMessage::FineTuneFailed(field("message")),
                "finetune-cancelled" => WorkerMessage::FineTuneCancelled,
                "result" => match serde_json::from_str::<FrameReport>(&field("report")) {
                    Ok(report) => WorkerMessage::Report(report),
                    Err(e) => WorkerMessage::FrameFailed(format!("unreadable report: {e}")),
                },
                _ => return,
            };
            (tx.borrow_mut())(message);
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            (tx_err.borrow_mut())(WorkerMessage::Failed(format!("the analysis worker stopped: {}", event.message())));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(AnalysisWorker { worker, _on_message: on_message, _on_error: on_error })
    }

    /// Hands the three models to the worker; their buffers are transferred.
    pub fn send_models(&self, models: &[Vec<u8>]) {
        let buffers = Array::new();
        for m in models {
            buffers.push(&Uint8Array::from(m.as_slice()).buffer());
        }
        self.post("init", &[("models", buffers.clone().into())], &buffers);
    }

    /// One video frame (transferred: the page keeps no copy).
    pub fn send_frame(&self, bitmap: ImageBitmap, time_ms: f64) {
        self.post("frame", &[("bitmap", bitmap.clone().into()), ("time_ms", time_ms.into())], &Array::of1(&bitmap));
    }

    /// Forget the tracked face (camera restarted, tab shown again).
    pub fn reset(&self) {
        self.post("reset", &[], &Array::new());
    }

    /// Starts an exam view's capture window: the worker keeps its peak frame.
    pub fn capture_start(&self, view: &str) {
        self.post("capture-start", &[("view", view.into())], &Array::new());
    }

    /// Ends the capture window; a `Captured` message follows.
    pub fn capture_end(&self) {
        self.post("capture-end", &[], &Array::new());
    }

    /// Scores the captured views (`affected`: "left", "right" or "auto"); an `Exam` message follows.
    pub fn score_exam(&self, affected: &str) {
        self.post("score-exam", &[("affected", affected.into())], &Array::new());
    }

    /// Puts a saved exam's views back into the worker (JSON: view code -> landmarks, and
    /// view code -> corrections).
    pub fn restore_exam(&self, views_json: &str, corrections_json: &str) {
        self.post("restore-exam", &[("views", views_json.into()), ("corrections", corrections_json.into())], &Array::new());
    }

    /// A picture for one view (a photo, or a frame of a recorded video); a `Captured`
    /// message follows. The bitmap is transferred.
    pub fn send_still(&self, view: &str, bitmap: ImageBitmap) {
        self.post("still", &[("view", view.into()), ("bitmap", bitmap.clone().into())], &Array::of1(&bitmap));
    }

    /// A clinician's corrections of one view (JSON of `LandmarkCorrections`).
    pub fn correct_view(&self, view: &str, corrections_json: &str) {
        self.post("correct-view", &[("view", view.into()), ("corrections", corrections_json.into())], &Array::new());
    }

    /// One frame of a recorded video (`first` starts a new video); a `VideoReading` follows.
    pub fn send_video_frame(&self, bitmap: ImageBitmap, time_ms: f64, first: bool) {
        self.post("video-frame", &[("bitmap", bitmap.clone().into()), ("time_ms", time_ms.into()), ("first", first.into())], &Array::of1(&bitmap));
    }

    /// A corrected view's picture (transferred), for a training frame.
    pub fn send_training_frame(&self, bitmap: ImageBitmap, id: &str, group: &str, source: &str, face_json: &str, corrections_json: &str) {
        self.post(
            "training-frame",
            &[("bitmap", bitmap.clone().into()), ("id", id.into()), ("group", group.into()), ("source", source.into()), ("face", face_json.into()), ("corrections", corrections_json.into())],
            &Array::of1(&bitmap),
        );
    }

    /// Starts fine-tuning the shipped landmark and iris models on `frames_json`.
    pub fn start_fine_tuning(&self, base: &[u8], iris: &[u8], frames_json: &str, name: &str, created: &str) {
        let (base, iris) = (Uint8Array::from(base).buffer(), Uint8Array::from(iris).buffer());
        self.post(
            "finetune-start",
            &[("base", base.clone().into()), ("iris", iris.clone().into()), ("frames", frames_json.into()), ("name", name.into()), ("created", created.into())],
            &Array::of2(&base, &iris),
        );
    }

    pub fn cancel_fine_tuning(&self) {
        self.post("finetune-cancel", &[], &Array::new());
    }

    pub fn reset_exam(&self) {
        self.post("reset-exam", &[], &Array::new());
    }

    fn post(&self, kind: &str, fields: &[(&str, JsValue)], transfer: &Array) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"kind".into(), &kind.into());
        for (k, v) in fields {
            let _ = Reflect::set(&message, &(*k).into(), v);
        }
        let _ = self.worker.post_message_with_transfer(&message, transfer);
    }
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
