//! One live session: the engine and tracker, a reused frame buffer, and the per-frame step
//! (grab the video frame, track, gate, time).

use facegrade::engine::tracking::FaceTracker;
use facegrade::engine::{Engine, FaceLandmarks, ModelBytes};
use facegrade::image_view::{ImageView, PixelLayout};
use facegrade::quality::{assess, FrameStats, QualityIssue, QualityLimits};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement};

pub struct FrameResult {
    pub face: Option<FaceLandmarks>,
    pub quality: Result<(), QualityIssue>,
    pub engine_ms: f64,
    pub width: u32,
    pub height: u32,
}

pub struct LiveSession {
    engine: Engine,
    tracker: FaceTracker,
    grab_canvas: HtmlCanvasElement,
    grab_ctx: CanvasRenderingContext2d,
    frame: Vec<u8>,
    limits: QualityLimits,
    last_video_time: f64,
}

impl LiveSession {
    pub fn new(models: &ModelBytes) -> Result<Self, String> {
        let engine = Engine::new(models).map_err(|e| e.to_string())?;
        let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let grab_canvas: HtmlCanvasElement = document.create_element("canvas").map_err(|_| "no canvas")?.unchecked_into();
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into());
        let grab_ctx: CanvasRenderingContext2d = grab_canvas
            .get_context_with_context_options("2d", &options)
            .ok()
            .flatten()
            .ok_or("no 2d canvas")?
            .unchecked_into();
        Ok(LiveSession { engine, tracker: FaceTracker::new(), grab_canvas, grab_ctx, frame: Vec::new(), limits: QualityLimits::default(), last_video_time: -1.0 })
    }

    pub fn reset(&mut self) {
        self.tracker.reset();
        self.last_video_time = -1.0;
    }

    /// Processes the video's current frame, or returns None when there is no new one.
    pub fn step(&mut self, video: &HtmlVideoElement, now_ms: f64) -> Option<FrameResult> {
        let (w, h) = (video.video_width(), video.video_height());
        if w == 0 || h == 0 || video.ready_state() < 2 || video.current_time() == self.last_video_time {
            return None;
        }
        self.last_video_time = video.current_time();
        if self.grab_canvas.width() != w || self.grab_canvas.height() != h {
            self.grab_canvas.set_width(w);
            self.grab_canvas.set_height(h);
            self.frame.resize((w * h * 4) as usize, 0);
        }
        self.grab_ctx.draw_image_with_html_video_element(video, 0.0, 0.0).ok()?;
        let data = self.grab_ctx.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?;
        // Copy the pixels straight into our reused buffer (no per-frame Vec).
        let pixels: js_sys::Uint8ClampedArray = js_sys::Reflect::get(&data, &"data".into()).ok()?.unchecked_into();
        pixels.copy_to(&mut self.frame);
        let image = ImageView::new(w, h, PixelLayout::Rgba, &self.frame).ok()?;
        let perf = web_sys::window().and_then(|w| w.performance());
        let t0 = perf.as_ref().map_or(now_ms, |p| p.now());
        let tracked = self.tracker.track(&mut self.engine, &image, now_ms / 1000.0);
        let engine_ms = perf.as_ref().map_or(0.0, |p| p.now()) - t0;
        let tracked = match tracked {
            Ok(t) => t,
            Err(e) => {
                web_sys::console::error_1(&format!("engine: {e}").into());
                return None;
            }
        };
        let stats = match &tracked.face {
            Some(face) => {
                let (lum, sharp) = image.luminance_and_sharpness(&face.roi.crop_to_image(1, false), 12);
                FrameStats { faces_detected: tracked.faces_detected, face_luminance: lum, face_sharpness: sharp }
            }
            None => FrameStats { faces_detected: tracked.faces_detected, ..Default::default() },
        };
        let quality = assess(tracked.face.as_ref(), stats, &self.limits);
        Some(FrameResult { face: tracked.face, quality, engine_ms, width: w, height: h })
    }
}
