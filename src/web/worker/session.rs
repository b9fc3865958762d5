//! The worker's session: Waiting until the page sends the models, then Ready with the
//! engine (its iris model may follow later), the trackers, the canvas frames are read through and the exam's views. Only
//! the dispatcher (mod.rs) holds it; the analysis and fine-tuning modules are lent a
//! `&mut Ready` for one message.

use super::analysis::ExamViews;
use crate::protocol::wire::Attachments;
use facegrade::engine::tracking::FaceTracker;
use facegrade::engine::{Engine, ModelBytes};
use facegrade::quality::QualityLimits;
use js_sys::{Object, Reflect, Uint8ClampedArray};
use wasm_bindgen::JsCast;
use web_sys::{ImageBitmap, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

pub enum Session {
    /// No models yet: nothing can be analysed.
    Waiting,
    Ready(Box<Ready>),
}

pub struct Ready {
    pub engine: Engine,
    /// Tracks the live camera's face.
    pub tracker: FaceTracker,
    /// Tracks the face through a recorded video; its own, since live camera frames keep
    /// arriving in between and would make one tracker jump between two faces.
    pub video_tracker: FaceTracker,
    canvas: OffscreenCanvas,
    ctx: OffscreenCanvasRenderingContext2d,
    /// The last frame's RGBA pixels (one buffer, reused).
    pub frame: Vec<u8>,
    pub limits: QualityLimits,
    pub exam: ExamViews,
}

impl Ready {
    /// Builds the engine from the models (`buffers`: detector, landmarks and, unless it
    /// follows in `ToWorker::IrisModel`, iris).
    pub fn load(models: &Attachments) -> Result<Ready, String> {
        let bytes: Vec<Vec<u8>> = (0..models.buffers.len()).filter_map(|i| models.buffer_bytes(i)).collect();
        let engine = match &bytes[..] {
            [face_detector, face_landmarks, iris_landmarks] => Engine::new(&ModelBytes { face_detector, face_landmarks, iris_landmarks }),
            [face_detector, face_landmarks] => Engine::without_iris_model(face_detector, face_landmarks),
            _ => return Err("the page sent no models".into()),
        }
        .map_err(|e| e.to_string())?;
        let canvas = OffscreenCanvas::new(1, 1).map_err(|_| "this browser has no OffscreenCanvas in workers")?;
        let options = Object::new();
        let _ = Reflect::set(&options, &"willReadFrequently".into(), &true.into());
        let ctx = canvas
            .get_context_with_context_options("2d", &options)
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<OffscreenCanvasRenderingContext2d>().ok())
            .ok_or("no 2d context on the OffscreenCanvas")?;
        Ok(Ready { engine, tracker: FaceTracker::new(), video_tracker: FaceTracker::new(), canvas, ctx, frame: Vec::new(), limits: QualityLimits::default(), exam: ExamViews::default() })
    }

    /// Adds the iris model that followed the first two (`buffers[0]`).
    pub fn add_iris_model(&mut self, models: &Attachments) -> Result<(), String> {
        let bytes = models.buffer_bytes(0).ok_or("the page sent no iris model")?;
        self.engine.add_iris_model(&bytes).map_err(|e| e.to_string())
    }

    /// Draws the bitmap on the worker's canvas and reads its pixels into `frame` (reused).
    pub fn read_pixels(&mut self, bitmap: &ImageBitmap) -> Result<(u32, u32), String> {
        let (w, h) = (bitmap.width(), bitmap.height());
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        self.ctx.draw_image_with_image_bitmap(bitmap, 0.0, 0.0).map_err(|_| "could not draw the frame")?;
        let data = self.ctx.get_image_data(0.0, 0.0, w as f64, h as f64).map_err(|_| "could not read the frame")?;
        let pixels: Uint8ClampedArray = Reflect::get(&data, &"data".into()).map_err(|_| "no pixel data")?.unchecked_into();
        self.frame.resize((w * h * 4) as usize, 0);
        pixels.copy_to(&mut self.frame);
        Ok((w, h))
    }
}
