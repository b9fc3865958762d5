//! Entry points for the in-browser benchmark (`bench/run`): the same engine and per-frame
//! pipeline as the page, callable from the benchmark page's JavaScript so that FaceGrade,
//! onnxruntime-web and MediaPipe are timed on the same frames in one browser session.
//! The page sets `globalThis.facegradeBench = true` before starting the module, so that
//! `main` mounts no app.

use super::overlay;
use super::protocol::frame_report::{region_severity, OverlayFace};
use facegrade::engine::tracking::FaceTracker;
use facegrade::engine::{Engine, FaceLandmarks, ModelBytes};
use facegrade::engine::eye_state::EyeState;
use facegrade::engine::eyelids::EyeEstimate;
use facegrade::engine::face_mesh::MESH_INPUT;
use facegrade::engine::roi::RotatedSquare;
use facegrade::image_view::{sample_crop, ImageView, InputScaling, PixelLayout};
use facegrade::quality::QualityLimits;
use facegrade::side::{PerSide, Side};
use facegrade::synthetic::eye_paste::wink;
use wasm_bindgen::prelude::*;
use web_sys::CanvasRenderingContext2d;

/// Any error of the engine or its inputs, for the benchmark page's JavaScript.
fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// True when the benchmark page loaded this module.
pub fn requested() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"facegradeBench".into()).map(|v| v.is_truthy()).unwrap_or(false)
}

/// One eye as the engine read it: the fused lid opening over the eye's width, and whether
/// the image reading says closed.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct EyeReading {
    pub opening_over_width: f32,
    pub closed: bool,
}

#[wasm_bindgen]
pub struct BenchEngine {
    engine: Engine,
    tracker: FaceTracker,
    limits: QualityLimits,
    /// `shut_right_eye`'s tracker and its closed-eye frame with that frame's face.
    shutting: FaceTracker,
    closed_eye_source: Option<(image::RgbImage, FaceLandmarks)>,
    /// The last whole frame's face crop square and a crop buffer (`face_crop`).
    last_roi: Option<RotatedSquare>,
    crop: Vec<f32>,
    /// The last whole frame's fused eyes (`right_eye_reading`).
    last_eyes: PerSide<EyeEstimate>,
}

#[wasm_bindgen]
impl BenchEngine {
    #[wasm_bindgen(constructor)]
    pub fn new(face_detector: &[u8], face_landmarks: &[u8], iris_landmarks: &[u8]) -> Result<BenchEngine, JsError> {
        let engine = Engine::new(&ModelBytes { face_detector, face_landmarks, iris_landmarks }).map_err(js_error)?;
        Ok(BenchEngine { engine, tracker: FaceTracker::new(), limits: QualityLimits::default(), shutting: FaceTracker::new(), closed_eye_source: None, last_roi: None, crop: vec![0.0; MESH_INPUT * MESH_INPUT * 3], last_eyes: PerSide::default() })
    }

    /// The face-landmark model alone on a 1x192x192x3 input (RGB in 0-1, as onnxruntime-web
    /// gets it): the model's own cost in tract.
    pub fn landmark_model(&mut self, input: &[f32]) -> Result<(), JsError> {
        let model = self.engine.mesh_model();
        model.input_mut().copy_from_slice(input);
        model.infer().map_err(js_error)
    }

    /// The iris model alone on a 1x64x64x3 input: run twice per frame (once per eye) as the
    /// eyelids' second opinion, it is the largest cost after the landmark model.
    pub fn iris_model(&mut self, input: &[f32]) -> Result<(), JsError> {
        let model = self.engine.iris_model().ok_or_else(|| JsError::new("no iris model"))?;
        model.input_mut().copy_from_slice(input);
        model.infer().map_err(js_error)
    }

    /// Time per kind of operation in the landmark and iris models (JSON), timed with
    /// `performance.now()` around each node: where tract's time goes in wasm.
    pub fn profile_models(&mut self, runs: usize) -> Result<String, JsError> {
        let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).map_err(|_| JsError::new("no performance clock"))?;
        let now_fn: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into()).map_err(|_| JsError::new("no performance.now"))?.into();
        let now = || now_fn.call0(&performance).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        self.engine.mesh_model().profile(1, &now).map_err(js_error)?;
        let landmarks = self.engine.mesh_model().profile(runs, &now).map_err(js_error)?;
        let iris_model = self.engine.iris_model().ok_or_else(|| JsError::new("no iris model"))?;
        iris_model.profile(1, &now).map_err(js_error)?;
        let iris = iris_model.profile(runs, &now).map_err(js_error)?;
        Ok(serde_json::json!({ "runs": runs, "face_landmark_with_attention": landmarks, "iris_landmark": iris }).to_string())
    }

    /// A fresh tracker; `iris_every_frame`: the iris model on both eyes of every frame,
    /// instead of only when an eye's lids need it (the page's way); `right_eye_every_frame`:
    /// on the right eye of every frame and the left as needed (the worst case of one eye
    /// shut: its two readings disagreeing on every frame).
    pub fn reset_tracker(&mut self, iris_every_frame: bool, right_eye_every_frame: bool) {
        self.tracker = FaceTracker::new();
        self.tracker.iris_every_frame = iris_every_frame;
        self.tracker.iris_memory.every_frame = PerSide::new(false, right_eye_every_frame);
    }

    /// The frame with the subject's right eye shut: that eye's region replaced by the same
    /// face's right eye from `closed_rgba`, a frame of the same video mid-blink
    /// (`synthetic::eye_paste::wink`, as `facegrade make-eye-clips` makes its clips), as
    /// RGBA: one eye shut, the case the issue asks the live path to stay within budget for.
    /// Frames must come in video order (a tracker finds each one's lids); the first call's
    /// `closed_rgba` (and the face found on it) serves every later call.
    pub fn shut_right_eye(&mut self, rgba: &[u8], closed_rgba: &[u8], width: u32, height: u32, time_ms: f64) -> Result<Vec<u8>, JsError> {
        let rgb = |rgba: &[u8]| image::RgbImage::from_raw(width, height, rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect()).ok_or_else(|| JsError::new("frame size does not match its pixels"));
        if self.closed_eye_source.is_none() {
            let closed = rgb(closed_rgba)?;
            let face = self.engine.analyse_image(&ImageView::from_rgb(&closed)).map_err(js_error)?.into_iter().next().ok_or_else(|| JsError::new("no face in the closed-eye frame"))?;
            self.closed_eye_source = Some((closed, face));
        }
        let (closed, closed_face) = self.closed_eye_source.as_ref().expect("just set");
        let frame = rgb(rgba)?;
        let face = self.shutting.track(&mut self.engine, &ImageView::from_rgb(&frame), time_ms / 1000.0).map_err(js_error)?.face.ok_or_else(|| JsError::new("no face to shut an eye of"))?;
        let shut = wink(&frame, face, closed, closed_face, Side::Right);
        Ok(shut.pixels().flat_map(|p| [p[0], p[1], p[2], 255]).collect())
    }

    /// The last whole frame's right eye as the engine read it: how shut `shut_right_eye`'s
    /// eye is to the engine.
    pub fn right_eye_reading(&self) -> EyeReading {
        let eye = &self.last_eyes.right;
        EyeReading { opening_over_width: eye.opening_px / eye.width_px.max(1e-3), closed: eye.image.state == EyeState::Closed }
    }

    /// Tracking alone (the first part of `whole_frame`: detection when needed, crops,
    /// models, fused lids, eye state, pose, smoothing), to tell its cost from the quality
    /// gate's, the measurements' and the overlay's. Returns whether a face was found.
    pub fn track_only(&mut self, rgba: &[u8], width: u32, height: u32, time_ms: f64) -> Result<bool, JsError> {
        let image = ImageView::new(width, height, PixelLayout::Rgba, rgba).map_err(js_error)?;
        let tracked = self.tracker.track(&mut self.engine, &image, time_ms / 1000.0).map_err(js_error)?;
        Ok(tracked.face.is_some())
    }

    /// The face model's input crop (192x192, supersampled where the face is large) of the
    /// last whole frame's face square, sampled from `pixels` (RGBA as the page's frames, the
    /// SIMD path; or RGB, `rgb`, as the command line's, the scalar path): the largest cost
    /// of a frame outside the models. Returns the samples per crop pixel.
    pub fn face_crop(&mut self, pixels: &[u8], width: u32, height: u32, rgb: bool) -> Result<u32, JsError> {
        let layout = if rgb { PixelLayout::Rgb } else { PixelLayout::Rgba };
        let image = ImageView::new(width, height, layout, pixels).map_err(js_error)?;
        let roi = self.last_roi.ok_or_else(|| JsError::new("no face tracked yet"))?;
        let to_image = roi.crop_to_image(MESH_INPUT, false);
        sample_crop(&image, &to_image, MESH_INPUT, InputScaling::ZeroToOne, &mut self.crop);
        Ok(facegrade::image_view::supersampling_taps(&to_image).pow(2) as u32)
    }

    /// Fraction of eye-frames on which the iris model ran since the last reset.
    pub fn iris_run_fraction(&self) -> f64 {
        if self.tracker.iris_every_frame {
            1.0
        } else {
            self.tracker.iris_memory.run_fraction()
        }
    }

    /// The page's whole per-frame work on one RGBA frame: tracking (detection when needed,
    /// landmarks with refined eyes and lips, the iris model on the eyes whose lids need
    /// it, fused lids, pose, smoothing), the quality gate, measurements, and the overlay
    /// drawn on `ctx`.
    /// Returns whether a face was found.
    pub fn whole_frame(&mut self, rgba: &[u8], width: u32, height: u32, time_ms: f64, ctx: &CanvasRenderingContext2d) -> Result<bool, JsError> {
        let image = ImageView::new(width, height, PixelLayout::Rgba, rgba).map_err(js_error)?;
        let tracked = self.tracker.track(&mut self.engine, &image, time_ms / 1000.0).map_err(js_error)?;
        let Some(face) = tracked.face else { return Ok(false) };
        self.last_roi = Some(face.roi);
        self.last_eyes.clone_from(&face.eyes);
        let (quality, measured) = facegrade::quality::gate_and_measure(&image, Some(face), tracked.faces_detected, &self.limits);
        let severity = measured.as_ref().filter(|_| quality.is_ok()).map(region_severity).unwrap_or_default();
        overlay::clear(ctx, width as f64, height as f64);
        overlay::draw_face(ctx, &OverlayFace::from_face(face), &severity, false);
        Ok(true)
    }
}
