//! The worker's side of fine-tuning: turning a corrected view's picture into a training
//! frame, and running the core's fine-tuning step by step, yielding between steps so
//! progress reaches the page and a cancel is heard.
//!
//! Page -> worker: `training-frame` {bitmap, id, group, source, face JSON, corrections
//! JSON}; `finetune-start` {base, iris: ArrayBuffer (the shipped landmark and iris
//! models), frames JSON, name, created}; `finetune-cancel`. Worker -> page: `training-frame` {id, frame JSON |
//! error}; `finetune-progress` {stage, done, total, error_px}; `finetune-done` {model:
//! ArrayBuffer, card JSON}; `finetune-error` {message}; `finetune-cancelled`.

use super::worker::{post, read_pixels, scope, SESSION};
use facegrade::correction::LandmarkCorrections;
use facegrade::engine::FaceLandmarks;
use facegrade::finetune::{FineTuneOptions, FineTuning, TrainingFrame};
use facegrade::image_view::{ImageView, PixelLayout};
use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ImageBitmap;

thread_local! {
    static CANCELLED: Cell<bool> = const { Cell::new(false) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

fn text(data: &JsValue, key: &str) -> String {
    Reflect::get(data, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// A corrected view's picture, model landmarks and corrections -> a training frame.
pub fn training_frame(data: &JsValue) {
    let id = text(data, "id");
    let Ok(bitmap) = Reflect::get(data, &"bitmap".into()).and_then(|b| b.dyn_into::<ImageBitmap>()) else {
        return post("training-frame", &[("id", id.into()), ("error", "no picture".into())]);
    };
    let outcome = (|| {
        let face: FaceLandmarks = serde_json::from_str(&text(data, "face")).map_err(|e| format!("unreadable landmarks: {e}"))?;
        let corrections: LandmarkCorrections = serde_json::from_str(&text(data, "corrections")).map_err(|e| format!("unreadable corrections: {e}"))?;
        SESSION.with_borrow_mut(|s| {
            let s = s.as_mut().ok_or("the models are not ready")?;
            let (w, h) = read_pixels(s, &bitmap)?;
            let image = ImageView::new(w, h, PixelLayout::Rgba, &s.frame).map_err(|e| e.to_string())?;
            let frame = TrainingFrame::from_correction(id.clone(), text(data, "group"), text(data, "source"), &image, &face, &corrections).map_err(|e| e.to_string())?;
            Ok::<_, String>(frame.map(|f| serde_json::to_string(&f).unwrap_or_default()))
        })
    })();
    bitmap.close();
    match outcome {
        Ok(Some(json)) => post("training-frame", &[("id", id.into()), ("frame", json.into())]),
        Ok(None) => post("training-frame", &[("id", id.into()), ("error", "nothing was corrected".into())]),
        Err(e) => post("training-frame", &[("id", id.into()), ("error", e.into())]),
    }
}

pub fn cancel() {
    CANCELLED.set(true);
}

/// Starts a fine-tuning; one at a time.
pub fn start(data: &JsValue) {
    if RUNNING.get() {
        return post("finetune-error", &[("message", "a fine-tuning is already running".into())]);
    }
    let bytes = |key: &str| Reflect::get(data, &key.into()).ok().filter(|b| b.is_instance_of::<ArrayBuffer>()).map(|b| Uint8Array::new(&b).to_vec()).unwrap_or_default();
    let (base, iris_base) = (bytes("base"), bytes("iris"));
    let frames: Result<Vec<TrainingFrame>, String> = serde_json::from_str(&text(data, "frames")).map_err(|e| format!("unreadable training frames: {e}"));
    let options = FineTuneOptions { name: text(data, "name"), created: text(data, "created"), ..FineTuneOptions::default() };
    let tuning = frames.and_then(|frames| FineTuning::new(&base, &iris_base, &frames, options).map_err(|e| e.to_string()));
    let mut tuning = match tuning {
        Ok(t) => t,
        Err(e) => return post("finetune-error", &[("message", e.into())]),
    };
    CANCELLED.set(false);
    RUNNING.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            if CANCELLED.get() {
                post("finetune-cancelled", &[]);
                break;
            }
            match tuning.step() {
                Ok(Some(done)) => {
                    let buffer = Uint8Array::from(done.model.as_slice()).buffer();
                    let message = Object::new();
                    let _ = Reflect::set(&message, &"kind".into(), &"finetune-done".into());
                    let _ = Reflect::set(&message, &"model".into(), &buffer);
                    let _ = Reflect::set(&message, &"card".into(), &serde_json::to_string(&done.card).unwrap_or_default().into());
                    let _ = scope().post_message_with_transfer(&message, &Array::of1(&buffer));
                    break;
                }
                Ok(None) => {
                    let p = tuning.progress();
                    post("finetune-progress", &[("stage", p.stage.describe().into()), ("done", (p.done as u32).into()), ("total", (p.total as u32).into()), ("error_px", p.training_error_px.map_or(JsValue::NULL, |e| e.into()))]);
                }
                Err(e) => {
                    post("finetune-error", &[("message", e.to_string().into())]);
                    break;
                }
            }
            yield_to_messages().await;
        }
        RUNNING.set(false);
    });
}

/// Lets the worker's message queue run (a cancel, live frames) before the next step.
async fn yield_to_messages() {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
