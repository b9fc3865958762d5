//! The analysis worker: the same wasm module, started by static/worker.js in a dedicated
//! Web Worker, runs the core (engine, tracker, quality gate, measurements) off the page's
//! thread. Frames arrive as transferred ImageBitmaps; each is drawn on an OffscreenCanvas,
//! read back into one reused buffer, analysed, and answered with a small report.
//! During an exam capture the worker also keeps the capture window's peak frame, analyses
//! it as a still when the window closes (or a photo the page sends), keeps the model's
//! landmarks and the clinician's corrections apart, and scores the exam on request. A
//! recorded video is tracked frame by frame into a timeline of readings.

use super::protocol::{region_severity, rows, FrameReport, OverlayFace, StageTimings};
use facegrade::correction::{apply, LandmarkCorrections};
use facegrade::engine::tracking::{FaceTracker, TrackedFrame};
use facegrade::engine::{Engine, FaceLandmarks, ModelBytes};
use facegrade::image_view::{ImageView, PixelLayout};
use facegrade::measure::timeline::FrameReading;
use facegrade::measure::{Expression, FaceMeasurements};
use facegrade::quality::{QualityIssue, QualityLimits};
use facegrade::scores::examine;
use facegrade::side::Side;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array, Uint8ClampedArray};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, ImageBitmap, ImageEncodeOptions, MessageEvent, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

/// True inside a worker (no `document`).
pub fn in_worker() -> bool {
    Reflect::get(&js_sys::global(), &"document".into()).map(|d| d.is_undefined()).unwrap_or(true)
}

pub(crate) struct Session {
    engine: Engine,
    tracker: FaceTracker,
    canvas: OffscreenCanvas,
    ctx: OffscreenCanvasRenderingContext2d,
    pub(crate) frame: Vec<u8>,
    limits: QualityLimits,
    /// The exam view being captured, if any, and its best frame so far.
    capture: Option<Capture>,
    /// Each captured view's face as the model gave it, analysed as a still (unbiased,
    /// five crop views).
    exam: BTreeMap<Expression, FaceLandmarks>,
    /// Clinicians' corrections per view, applied only when measuring.
    corrections: BTreeMap<Expression, LandmarkCorrections>,
    /// Tracks the face through a recorded video; its own, since live camera frames keep
    /// arriving in between and would make one tracker jump between two faces.
    video_tracker: FaceTracker,
}

/// The peak frame of one view's capture window: the frame furthest into the expression
/// that passed the quality gate.
struct Capture {
    view: Expression,
    best: Option<f32>,
    pixels: Vec<u8>,
    width: u32,
    height: u32,
    /// Why the last frame failed the gate, to explain an empty capture.
    last_problem: String,
}

thread_local! {
    pub(crate) static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

pub(crate) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(crate) fn post(kind: &str, fields: &[(&str, JsValue)]) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"kind".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&message, &(*k).into(), v);
    }
    let _ = scope().post_message(&message);
}

/// Installs the message handler and tells the page the worker is listening.
pub fn run() {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let data = event.data();
        let kind = Reflect::get(&data, &"kind".into()).ok().and_then(|k| k.as_string()).unwrap_or_default();
        match kind.as_str() {
            "init" => init(&data),
            "frame" => frame(&data),
            "reset" => SESSION.with_borrow_mut(|s| {
                if let Some(s) = s {
                    s.tracker.reset()
                }
            }),
            "capture-start" => capture_start(&data),
            "capture-end" => capture_end(),
            "score-exam" => score(&data),
            "restore-exam" => restore(&data),
            "reset-exam" => SESSION.with_borrow_mut(|s| {
                if let Some(s) = s {
                    s.exam.clear();
                    s.corrections.clear();
                    s.capture = None;
                }
            }),
            "still" => still(&data),
            "correct-view" => correct_view(&data),
            "video-frame" => video_frame(&data),
            "training-frame" => super::finetune_worker::training_frame(&data),
            "finetune-start" => super::finetune_worker::start(&data),
            "finetune-cancel" => super::finetune_worker::cancel(),
            _ => {}
        }
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    post("started", &[]);
}

fn init(data: &JsValue) {
    let models: Array = Reflect::get(data, &"models".into()).map(|m| m.unchecked_into()).unwrap_or_default();
    let bytes: Vec<Vec<u8>> = models.iter().map(|b| Uint8Array::new(&b.unchecked_into::<ArrayBuffer>()).to_vec()).collect();
    if bytes.len() != 3 {
        return post("error", &[("message", "the page sent no models".into())]);
    }
    let engine = match Engine::new(&ModelBytes { face_detector: &bytes[0], face_landmarks: &bytes[1], iris_landmarks: &bytes[2] }) {
        Ok(engine) => engine,
        Err(e) => return post("error", &[("message", e.to_string().into())]),
    };
    let canvas = match OffscreenCanvas::new(1, 1) {
        Ok(c) => c,
        Err(_) => return post("error", &[("message", "this browser has no OffscreenCanvas in workers".into())]),
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"willReadFrequently".into(), &true.into());
    let Some(ctx) = canvas.get_context_with_context_options("2d", &options).ok().flatten().and_then(|c| c.dyn_into::<OffscreenCanvasRenderingContext2d>().ok()) else {
        return post("error", &[("message", "no 2d context on the OffscreenCanvas".into())]);
    };
    SESSION.with_borrow_mut(|s| *s = Some(Session { engine, tracker: FaceTracker::new(), canvas, ctx, frame: Vec::new(), limits: QualityLimits::default(), capture: None, exam: BTreeMap::new(), corrections: BTreeMap::new(), video_tracker: FaceTracker::new() }));
    post("ready", &[]);
}

fn now_ms() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn frame(data: &JsValue) {
    let Ok(bitmap) = Reflect::get(data, &"bitmap".into()).and_then(|b| b.dyn_into::<ImageBitmap>()) else { return };
    let time_ms = Reflect::get(data, &"time_ms".into()).ok().and_then(|t| t.as_f64()).unwrap_or(0.0);
    let report = SESSION.with_borrow_mut(|s| s.as_mut().map(|s| analyse(s, &bitmap, time_ms)));
    bitmap.close();
    match report {
        Some(Ok(report)) => {
            let json = serde_json::to_string(&report).unwrap_or_default();
            post("result", &[("report", json.into())]);
        }
        Some(Err(message)) => post("frame-error", &[("message", message.into())]),
        None => post("error", &[("message", "a frame arrived before the models".into())]),
    }
}

/// Draws the bitmap on the worker's canvas and reads its pixels into `s.frame` (reused).
pub(crate) fn read_pixels(s: &mut Session, bitmap: &ImageBitmap) -> Result<(u32, u32), String> {
    let (w, h) = (bitmap.width(), bitmap.height());
    if s.canvas.width() != w || s.canvas.height() != h {
        s.canvas.set_width(w);
        s.canvas.set_height(h);
    }
    s.ctx.draw_image_with_image_bitmap(bitmap, 0.0, 0.0).map_err(|_| "could not draw the frame")?;
    let data = s.ctx.get_image_data(0.0, 0.0, w as f64, h as f64).map_err(|_| "could not read the frame")?;
    let pixels: Uint8ClampedArray = Reflect::get(&data, &"data".into()).map_err(|_| "no pixel data")?.unchecked_into();
    s.frame.resize((w * h * 4) as usize, 0);
    pixels.copy_to(&mut s.frame);
    Ok((w, h))
}

/// A tracked video frame through the quality gate, and its measurements (with their own
/// iris calibration) when it has a face. Live frames, recorded videos and the benchmark's
/// whole frame all go through it.
pub(crate) fn gate_and_measure(image: &ImageView, tracked: &TrackedFrame, limits: &QualityLimits) -> (Result<(), QualityIssue>, Option<FaceMeasurements>) {
    facegrade::quality::gate_and_measure(image, tracked.face, tracked.faces_detected, limits)
}

fn analyse(s: &mut Session, bitmap: &ImageBitmap, time_ms: f64) -> Result<FrameReport, String> {
    let t0 = now_ms();
    let (w, h) = read_pixels(s, bitmap)?;
    let image = ImageView::new(w, h, PixelLayout::Rgba, &s.frame).map_err(|e| e.to_string())?;
    let t1 = now_ms();
    let tracked = s.tracker.track(&mut s.engine, &image, time_ms / 1000.0).map_err(|e| e.to_string())?;
    let t2 = now_ms();
    let (quality, measured) = gate_and_measure(&image, &tracked, &s.limits);
    if let Some(capture) = s.capture.as_mut() {
        match (&quality, &measured) {
            (Ok(()), Some(m)) => {
                let score = capture.view.peak_score(m);
                if score.is_finite() && capture.best.is_none_or(|b| score > b) {
                    capture.best = Some(score);
                    capture.pixels.clone_from(&s.frame);
                    (capture.width, capture.height) = (w, h);
                }
            }
            (Err(issue), _) => capture.last_problem = issue.advice(),
            _ => {}
        }
    }
    let (quality_code, quality_advice) = match &quality {
        Ok(()) => ("ok".to_string(), "Good: one face, facing the camera, well lit.".to_string()),
        Err(issue) => (issue.code().to_string(), issue.advice()),
    };
    let report = FrameReport {
        face: tracked.face.map(OverlayFace::from_face),
        rows: measured.as_ref().map(rows).unwrap_or_default(),
        eyes: measured.as_ref().map(|m| m.eyes),
        mm_per_px: measured.as_ref().map(|m| m.mm_per_px),
        time_ms,
        // Colour only what can be measured; a failed gate greys everything.
        region_severity: measured.as_ref().filter(|_| quality.is_ok()).map(region_severity).unwrap_or_default(),
        quality_code,
        quality_advice,
        timings: StageTimings { grab_ms: t1 - t0, engine_ms: t2 - t1, measure_ms: now_ms() - t2 },
        width: w,
        height: h,
    };
    Ok(report)
}

fn capture_start(data: &JsValue) {
    let view = Reflect::get(data, &"view".into()).ok().and_then(|v| v.as_string()).and_then(|v| Expression::from_code(&v));
    let Some(view) = view else { return post("captured", &[("ok", false.into()), ("message", "unknown view".into())]) };
    SESSION.with_borrow_mut(|s| {
        if let Some(s) = s {
            let pixels = s.capture.take().map(|c| c.pixels).unwrap_or_default();
            s.capture = Some(Capture { view, best: None, pixels, width: 0, height: 0, last_problem: "No frame was analysed.".into() });
        }
    });
}

/// Ends the capture: the peak frame is analysed again as a still (both mirror passes, five
/// crop views) and kept for the exam.
fn capture_end() {
    let taken = SESSION.with_borrow_mut(|s| s.as_mut()?.capture.take());
    let Some(capture) = taken else { return post("captured", &[("ok", false.into()), ("message", "no capture was started".into())]) };
    let view = capture.view;
    if capture.best.is_none() {
        return post_capture_failed(view, &format!("No usable frame for this view: {}", capture.last_problem));
    }
    analyse_still(view, capture.pixels, capture.width, capture.height);
}

/// A photo for one view (a photo set, or a frame picked from a recorded video).
fn still(data: &JsValue) {
    let view = Reflect::get(data, &"view".into()).ok().and_then(|v| v.as_string()).and_then(|v| Expression::from_code(&v));
    let Ok(bitmap) = Reflect::get(data, &"bitmap".into()).and_then(|b| b.dyn_into::<ImageBitmap>()) else { return };
    let Some(view) = view else {
        bitmap.close();
        return post("captured", &[("ok", false.into()), ("message", "unknown view".into())]);
    };
    let read = SESSION.with_borrow_mut(|s| {
        let s = s.as_mut().ok_or("the models are not ready")?;
        let (w, h) = read_pixels(s, &bitmap)?;
        Ok::<_, String>((s.frame.clone(), w, h))
    });
    bitmap.close();
    match read {
        Ok((pixels, w, h)) => analyse_still(view, pixels, w, h),
        Err(e) => post_capture_failed(view, &e),
    }
}

fn post_capture_failed(view: Expression, message: &str) {
    post("captured", &[("ok", false.into()), ("view", view.code().into()), ("message", message.into())]);
}

/// Analyses one view's picture as a still, keeps its face (any earlier correction of the
/// view no longer fits the new picture and is dropped), and answers with the landmarks
/// and the picture as a JPEG (for review and correction; kept only on this device).
fn analyse_still(view: Expression, pixels: Vec<u8>, width: u32, height: u32) {
    let analysed = SESSION.with_borrow_mut(|s| {
        let s = s.as_mut().ok_or("the models are not ready")?;
        let image = ImageView::new(width, height, PixelLayout::Rgba, &pixels).map_err(|e| e.to_string())?;
        let mut faces = s.engine.analyse_image(&image).map_err(|e| e.to_string())?;
        if faces.len() != 1 {
            return Err(match faces.len() {
                0 => "No face was found in this picture; retake this view.".to_string(),
                n => format!("The picture shows {n} faces; retake this view with one face."),
            });
        }
        let face = faces.remove(0);
        let json = serde_json::to_string(&face).unwrap_or_default();
        s.exam.insert(view, face);
        s.corrections.remove(&view);
        Ok(json)
    });
    let face = match analysed {
        Ok(json) => json,
        Err(message) => return post_capture_failed(view, &message),
    };
    wasm_bindgen_futures::spawn_local(async move {
        let picture = encode_jpeg(&pixels, width, height).await.unwrap_or(JsValue::NULL);
        // The landmarks go back too, so the page can save the view (a reload loses nothing).
        post("captured", &[("ok", true.into()), ("view", view.code().into()), ("face", face.into()), ("picture", picture)]);
    });
}

/// The frame as a JPEG Blob, encoded by the browser off the page's thread.
async fn encode_jpeg(pixels: &[u8], width: u32, height: u32) -> Option<JsValue> {
    let canvas = OffscreenCanvas::new(width, height).ok()?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(pixels), width, height).ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    let options = ImageEncodeOptions::new();
    options.set_type("image/jpeg");
    options.set_quality(0.9);
    wasm_bindgen_futures::JsFuture::from(canvas.convert_to_blob_with_options(&options).ok()?).await.ok()
}

/// A clinician's corrections of one view (JSON of `LandmarkCorrections`; empty = back to
/// the model's landmarks). Checked before it is kept; the page scores again afterwards.
fn correct_view(data: &JsValue) {
    let view = Reflect::get(data, &"view".into()).ok().and_then(|v| v.as_string()).and_then(|v| Expression::from_code(&v));
    let json = Reflect::get(data, &"corrections".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let outcome = (|| {
        let view = view.ok_or("unknown view")?;
        let corrections: LandmarkCorrections = serde_json::from_str(&json).map_err(|e| format!("unreadable corrections: {e}"))?;
        SESSION.with_borrow_mut(|s| {
            let s = s.as_mut().ok_or("the models are not ready")?;
            let face = s.exam.get(&view).ok_or("this view has not been captured")?;
            apply(face, &corrections).map_err(|e| e.to_string())?;
            if corrections.is_empty() {
                s.corrections.remove(&view);
            } else {
                s.corrections.insert(view, corrections);
            }
            Ok::<(), String>(())
        })
    })();
    if let Err(message) = outcome {
        post("correction-error", &[("message", message.into())]);
    }
}

/// One frame of a recorded video: tracked like live video, measured, and answered with
/// its reading for the timeline (each view's peak score, each region's largest
/// left/right difference), or with why it could not be measured.
fn video_frame(data: &JsValue) {
    let Ok(bitmap) = Reflect::get(data, &"bitmap".into()).and_then(|b| b.dyn_into::<ImageBitmap>()) else { return };
    let time_ms = Reflect::get(data, &"time_ms".into()).ok().and_then(|t| t.as_f64()).unwrap_or(0.0);
    let first = Reflect::get(data, &"first".into()).ok().and_then(|t| t.as_bool()).unwrap_or(false);
    let reading = SESSION.with_borrow_mut(|s| {
        let s = s.as_mut().ok_or("the models are not ready")?;
        if first {
            s.video_tracker.reset();
        }
        let (w, h) = read_pixels(s, &bitmap)?;
        let image = ImageView::new(w, h, PixelLayout::Rgba, &s.frame).map_err(|e| e.to_string())?;
        let tracked = s.video_tracker.track(&mut s.engine, &image, time_ms / 1000.0).map_err(|e| e.to_string())?;
        let (quality, measured) = gate_and_measure(&image, &tracked, &s.limits);
        Ok::<_, String>(FrameReading::new(time_ms / 1000.0, quality.err().map(|q| q.code().to_string()), measured.as_ref()))
    });
    bitmap.close();
    match reading {
        Ok(reading) => post("video-reading", &[("reading", serde_json::to_string(&reading).unwrap_or_default().into())]),
        Err(message) => post("video-reading", &[("error", message.into())]),
    }
}

/// Measures every captured view with one calibration and scores the exam; the page gets
/// the scores, the calibration and each view's measurements as JSON.
fn score(data: &JsValue) {
    let affected = match Reflect::get(data, &"affected".into()).ok().and_then(|v| v.as_string()).as_deref() {
        Some("left") => Some(Side::Left),
        Some("right") => Some(Side::Right),
        _ => None,
    };
    let json = SESSION.with_borrow(|s| {
        let s = s.as_ref()?;
        // Corrections were checked when they arrived; a view whose correction fails is
        // measured as the model gave it.
        let faces: BTreeMap<Expression, FaceLandmarks> = s
            .exam
            .iter()
            .map(|(view, face)| (*view, s.corrections.get(view).and_then(|c| apply(face, c).ok()).unwrap_or_else(|| face.clone())))
            .collect();
        serde_json::to_string(&examine(&faces, None, affected)?).ok()
    });
    match json {
        Some(json) => post("exam", &[("exam", json.into())]),
        None => post("exam", &[("error", "No view could be measured: capture the views first.".into())]),
    }
}

/// Puts saved views back (a reopened exam): `views` is a JSON object of view code ->
/// landmarks, as sent with each capture, `corrections` one of view code -> corrections.
/// Views that do not read are left out and named.
fn restore(data: &JsValue) {
    let json = Reflect::get(data, &"views".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let parsed: BTreeMap<String, serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    let mut restored = BTreeMap::new();
    let mut unreadable = Vec::new();
    for (code, value) in parsed {
        match (Expression::from_code(&code), serde_json::from_value::<FaceLandmarks>(value)) {
            (Some(view), Ok(face)) if face.mesh.len() == facegrade::engine::topology::MESH_WITH_IRIS => {
                restored.insert(view, face);
            }
            _ => unreadable.push(code),
        }
    }
    let corrections_json = Reflect::get(data, &"corrections".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let corrections: BTreeMap<String, LandmarkCorrections> = serde_json::from_str(&corrections_json).unwrap_or_default();
    let corrections: BTreeMap<Expression, LandmarkCorrections> = corrections
        .into_iter()
        .filter_map(|(code, c)| Some((Expression::from_code(&code)?, c)))
        .filter(|(view, c)| restored.get(view).is_some_and(|face| apply(face, c).is_ok()))
        .collect();
    let count = restored.len();
    SESSION.with_borrow_mut(|s| {
        if let Some(s) = s {
            s.exam = restored;
            s.corrections = corrections;
            s.capture = None;
        }
    });
    post("restored", &[("count", (count as u32).into()), ("unreadable", unreadable.join(", ").into())]);
}
