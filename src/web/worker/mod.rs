//! The analysis worker: the same wasm module, started by static/worker.js in a dedicated
//! Web Worker, runs the core off the page's thread. One match over [`ToWorker`] hands each
//! message to the analysis or fine-tuning module with the session it needs, and every
//! reply goes back under the request's id.

pub mod analysis;
mod finetune;
pub mod session;

use crate::protocol::wire::{pack, unpack, Attachments};
use crate::protocol::{decode, encode, FromWorker, ToWorker};
use session::{Ready, Session};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static SESSION: RefCell<Session> = const { RefCell::new(Session::Waiting) };
}

/// True inside a worker (no `document`).
pub fn in_worker() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"document".into()).map(|d| d.is_undefined()).unwrap_or(true)
}

pub(crate) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Answers request `id` (0: an event).
pub(crate) fn reply(id: u32, message: FromWorker, attachments: Attachments) {
    let (message, transfer) = pack(encode(id, &message), attachments);
    let _ = scope().post_message_with_transfer(&message, &transfer);
}

/// Installs the message handler and tells the page the worker is listening.
pub fn run() {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let (json, attachments) = unpack(&event.data());
        match decode::<ToWorker>(&json) {
            Ok(envelope) => dispatch(envelope.id, envelope.body, attachments),
            Err(e) => web_sys::console::warn_1(&e.into()),
        }
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    reply(0, FromWorker::Started, Attachments::default());
}

/// Lends the Ready session to `f`; Err when the models have not arrived.
fn with_ready<T>(f: impl FnOnce(&mut Ready) -> T) -> Result<T, String> {
    SESSION.with_borrow_mut(|s| match s {
        Session::Ready(ready) => Ok(f(ready)),
        Session::Waiting => Err("the models are not ready".to_string()),
    })
}

/// As [`with_ready`], for what is kept or measured in millimetres (captured views, video
/// readings, training frames): those wait for the iris model, which calibrates the scale
/// and cross-checks the lids.
fn with_all_models<T>(f: impl FnOnce(&mut Ready) -> T) -> Result<T, String> {
    with_ready(|r| if r.engine.has_iris_model() { Ok(f(r)) } else { Err(IRIS_MODEL_LOADING.to_string()) }).and_then(|t| t)
}

const IRIS_MODEL_LOADING: &str = "The iris model is still loading (it sets the millimetre scale); try again in a moment.";

fn dispatch(id: u32, message: ToWorker, attachments: Attachments) {
    let bitmap = attachments.bitmap.clone();
    let answer = match message {
        ToWorker::Init => Some(match Ready::load(&attachments) {
            Ok(ready) => {
                SESSION.with_borrow_mut(|s| *s = Session::Ready(Box::new(ready)));
                FromWorker::Ready
            }
            Err(e) => FromWorker::Failed(e),
        }),
        ToWorker::IrisModel => Some(match with_ready(|r| r.add_iris_model(&attachments)).and_then(|r| r) {
            Ok(()) => FromWorker::IrisReady,
            Err(e) => FromWorker::Failed(e),
        }),
        ToWorker::Frame { time_ms } => Some(match with_ready(|r| analysis::frame(r, bitmap.as_ref(), time_ms)).and_then(|a| a) {
            Ok(report) => FromWorker::Frame(Box::new(report)),
            Err(e) => FromWorker::FrameFailed(e),
        }),
        // Without models there is nothing to reset or capture: no reply is expected.
        ToWorker::ResetTracking => with_ready(|r| r.tracker.reset()).ok().and(None),
        ToWorker::CaptureStart { view } => with_ready(|r| r.exam.start_capture(view)).ok().and(None),
        ToWorker::CaptureEnd => {
            let peak = with_all_models(analysis::capture_end).unwrap_or_else(|e| Err(analysis::failed(None, e)));
            analysis::answer_capture(id, peak);
            None
        }
        ToWorker::Still { view } => {
            let still = with_all_models(|r| analysis::still(r, view, bitmap.as_ref())).unwrap_or_else(|e| Err(analysis::failed(Some(view), e)));
            analysis::answer_capture(id, still);
            None
        }
        ToWorker::CorrectView { view, corrections } => Some(FromWorker::Corrected(with_ready(|r| r.exam.correct(view, corrections)).and_then(|c| c))),
        ToWorker::ScoreExam { affected } => Some(FromWorker::Exam(with_ready(|r| r.exam.score(affected)).and_then(|s| s))),
        ToWorker::RestoreExam { views, corrections } => Some(match with_ready(|r| r.exam.restore(views, corrections)) {
            Ok((count, unreadable)) => FromWorker::Restored { count, unreadable },
            Err(_) => FromWorker::Restored { count: 0, unreadable: Vec::new() },
        }),
        ToWorker::ResetExam => with_ready(|r| r.exam = Default::default()).ok().and(None),
        ToWorker::VideoFrame { time_ms, first } => Some(FromWorker::VideoReading(with_all_models(|r| analysis::video_frame(r, bitmap.as_ref(), time_ms, first)).and_then(|v| v))),
        ToWorker::TrainingFrame { id: frame_id, group, source, face, corrections } => {
            let frame = with_all_models(|r| finetune::training_frame(r, bitmap.as_ref(), frame_id, group, source, &face, &corrections)).and_then(|f| f);
            Some(FromWorker::TrainingFrame(frame))
        }
        ToWorker::FineTuneStart { frames, name, created } => {
            finetune::start(id, &attachments, frames, name, created);
            None
        }
        ToWorker::FineTuneCancel => {
            finetune::cancel();
            None
        }
        // A panic with the session borrowed: the wasm traps and, as after a real abort,
        // this worker can no longer answer (its session stays borrowed).
        ToWorker::CrashForTest => {
            SESSION.with_borrow_mut(|_| panic!("crash requested by a fault test"));
            None
        }
    };
    // A transferred bitmap is the worker's to free, whatever came of it.
    if let Some(b) = bitmap {
        b.close();
    }
    if let Some(answer) = answer {
        reply(id, answer, Attachments::default());
    }
}
