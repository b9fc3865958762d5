//! Fine-tuning in the worker: a corrected view's picture made into a training frame, and
//! the core's fine-tuning run step by step, yielding between steps so that progress
//! reaches the page and a cancel is heard. One run at a time.

use super::session::Ready;
use crate::protocol::wire::Attachments;
use crate::protocol::FromWorker;
use facegrade::correction::LandmarkCorrections;
use facegrade::engine::FaceLandmarks;
use facegrade::finetune::{FineTuneOptions, FineTuning, TrainingFrame};
use facegrade::image_view::{ImageView, PixelLayout};
use js_sys::Promise;
use std::cell::Cell;
use web_sys::ImageBitmap;

/// The run's state as the dispatcher's messages see it.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    Idle,
    Running,
    /// Asked to stop: the run answers at its next step.
    Cancelling,
}

thread_local! {
    static RUN: Cell<Run> = const { Cell::new(Run::Idle) };
}

/// A corrected view's picture, model landmarks and corrections -> a training frame (None:
/// nothing was corrected).
pub fn training_frame(s: &mut Ready, bitmap: Option<&ImageBitmap>, id: String, group: String, source: String, face: &FaceLandmarks, corrections: &LandmarkCorrections) -> Result<Option<TrainingFrame>, String> {
    let bitmap = bitmap.ok_or("no picture")?;
    let (w, h) = s.read_pixels(bitmap)?;
    let image = ImageView::new(w, h, PixelLayout::Rgba, &s.frame).map_err(|e| e.to_string())?;
    TrainingFrame::from_correction(id, group, source, &image, face, corrections).map_err(|e| e.to_string())
}

pub fn cancel() {
    if RUN.get() == Run::Running {
        RUN.set(Run::Cancelling);
    }
}

/// Starts fine-tuning the shipped models (`buffers`: landmark, iris) on `frames`; the run
/// answers request `id` when it ends and reports progress as events.
pub fn start(id: u32, models: &Attachments, frames: Vec<TrainingFrame>, name: String, created: String) {
    let answer = move |m: FromWorker| super::reply(id, m, Attachments::default());
    if RUN.get() != Run::Idle {
        return answer(FromWorker::FineTuneFailed("a fine-tuning is already running".into()));
    }
    let (base, iris) = (models.buffer_bytes(0).unwrap_or_default(), models.buffer_bytes(1).unwrap_or_default());
    let options = FineTuneOptions { name, created, ..FineTuneOptions::default() };
    let mut tuning = match FineTuning::new(&base, &iris, &frames, options) {
        Ok(t) => t,
        Err(e) => return answer(FromWorker::FineTuneFailed(e.to_string())),
    };
    RUN.set(Run::Running);
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            if RUN.get() == Run::Cancelling {
                answer(FromWorker::FineTuneCancelled);
                break;
            }
            match tuning.step() {
                Ok(Some(done)) => {
                    super::reply(id, FromWorker::FineTuned { card: done.card }, Attachments::buffers(&[&done.model]));
                    break;
                }
                Ok(None) => {
                    let p = tuning.progress();
                    let progress = FromWorker::FineTuneProgress { stage: p.stage.describe().to_string(), done: p.done as u32, total: p.total as u32, error_px: p.training_error_px.map(f64::from) };
                    super::reply(id, progress, Attachments::default());
                }
                Err(e) => {
                    answer(FromWorker::FineTuneFailed(e.to_string()));
                    break;
                }
            }
            yield_to_messages().await;
        }
        RUN.set(Run::Idle);
    });
}

/// Lets the worker's message queue run (a cancel, live frames) before the next step.
async fn yield_to_messages() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = super::scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
