//! Analysis in the worker: live frames (tracked, gated, measured, answered with a small
//! report), an exam view's capture window (its peak frame kept, then analysed as a still:
//! both mirror passes, five crop views), photos, the clinician's corrections kept beside
//! the model's landmarks, scoring, a saved exam put back, and recorded videos tracked
//! frame by frame into a timeline of readings. All of it calls the core.

use super::session::Ready;
use crate::protocol::frame_report::{region_severity, rows, OverlayFace, StageTimings};
use crate::protocol::wire::Attachments;
use crate::protocol::{CaptureFailed, CapturedView, FrameReport, FromWorker};
use facegrade::correction::{apply, LandmarkCorrections};
use facegrade::engine::FaceLandmarks;
use facegrade::image_view::{ImageView, PixelLayout};
use facegrade::measure::timeline::FrameReading;
use facegrade::measure::measurements::Unit;
use facegrade::measure::capture_window::{capture_spread, CaptureWindow};
use facegrade::measure::uncertainty::ReadingSpread;
use facegrade::measure::Expression;
use facegrade::quality::gate_and_measure;
use facegrade::scores::{examine_corrected, ExamReport};
use facegrade::side::Side;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::{ImageBitmap, ImageEncodeOptions, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

/// The exam as the worker holds it: each captured view's face as the model gave it
/// (analysed as a still), the clinicians' corrections apart (applied only when measuring),
/// and the capture window open, if any.
#[derive(Default)]
pub struct ExamViews {
    faces: BTreeMap<Expression, FaceLandmarks>,
    corrections: BTreeMap<Expression, LandmarkCorrections>,
    capture: Option<Capture>,
}

/// The peak frame of one view's capture window: the frame furthest into the expression
/// that passed the quality gate.
struct Capture {
    view: Expression,
    best: Option<f32>,
    peak: Picture,
    /// Why the last frame failed the gate, to explain an empty capture.
    last_problem: String,
    /// The frames that passed the gate, for the capture's error bars.
    window: CaptureWindow,
}

/// RGBA pixels of one picture.
#[derive(Default)]
pub struct Picture {
    pixels: Vec<u8>,
    width: u32,
    height: u32,
}

pub fn failed(view: Option<Expression>, message: String) -> CaptureFailed {
    CaptureFailed { view, message }
}

fn now_ms() -> f64 {
    super::scope().performance().map_or(0.0, |p| p.now())
}

/// One live frame: tracked, gated, measured; an open capture window keeps it if it is the
/// peak so far.
pub fn frame(s: &mut Ready, bitmap: Option<&ImageBitmap>, time_ms: f64) -> Result<FrameReport, String> {
    let bitmap = bitmap.ok_or("no frame")?;
    let t0 = now_ms();
    let (w, h) = s.read_pixels(bitmap)?;
    let image = ImageView::new(w, h, PixelLayout::Rgba, &s.frame).map_err(|e| e.to_string())?;
    let fingerprint = facegrade::camera_watch::fingerprint(&s.frame);
    let t1 = now_ms();
    let tracked = s.tracker.track(&mut s.engine, &image, time_ms / 1000.0).map_err(|e| e.to_string())?;
    let t2 = now_ms();
    let (quality, measured) = gate_and_measure(&image, tracked.face, tracked.faces_detected, &s.limits);
    let iris_model_ready = s.engine.has_iris_model();
    if let Some(capture) = s.exam.capture.as_mut() {
        match (&quality, &measured) {
            (Ok(()), Some(m)) => {
                capture.window.add(capture.view, m);
                let score = capture.view.peak_score(m);
                if score.is_finite() && capture.best.is_none_or(|b| score > b) {
                    capture.best = Some(score);
                    capture.peak.pixels.clone_from(&s.frame);
                    (capture.peak.width, capture.peak.height) = (w, h);
                }
            }
            (Err(issue), _) => capture.last_problem = issue.advice(facegrade::i18n::Lang::En),
            _ => {}
        }
    }
    // Millimetres need the iris model's scale: until it is loaded, only angles are shown.
    let millimetres = measured.as_ref().filter(|_| iris_model_ready);
    Ok(FrameReport {
        face: tracked.face.map(OverlayFace::from_face),
        rows: measured.as_ref().map(|m| rows(m).into_iter().filter(|r| iris_model_ready || r.unit != Unit::Millimetres).collect()).unwrap_or_default(),
        eyes: millimetres.map(|m| m.eyes),
        mm_per_px: millimetres.map(|m| m.mm_per_px),
        iris_model_ready,
        time_ms,
        // Colour only what can be measured; a failed gate greys everything.
        region_severity: millimetres.filter(|_| quality.is_ok()).map(region_severity).unwrap_or_default(),
        quality: quality.err(),
        timings: StageTimings { grab_ms: t1 - t0, engine_ms: t2 - t1, measure_ms: now_ms() - t2 },
        worker_memory_bytes: crate::memory::wasm_memory_bytes(),
        worker_live_heap_bytes: crate::memory::live_heap_bytes(),
        width: w,
        height: h,
        fingerprint,
    })
}

impl ExamViews {
    /// Opens a view's capture window (reusing the last window's pixel buffer).
    pub fn start_capture(&mut self, view: Expression) {
        let peak = self.capture.take().map(|c| Picture { pixels: c.peak.pixels, width: 0, height: 0 }).unwrap_or_default();
        self.capture = Some(Capture { view, best: None, peak, last_problem: "No frame was analysed.".into(), window: CaptureWindow::default() });
    }

    /// A clinician's corrections of one view, checked before they are kept.
    pub fn correct(&mut self, view: Expression, corrections: LandmarkCorrections) -> Result<(), String> {
        let face = self.faces.get(&view).ok_or("this view has not been captured")?;
        apply(face, &corrections).map_err(|e| e.to_string())?;
        if corrections.is_empty() {
            self.corrections.remove(&view);
        } else {
            self.corrections.insert(view, corrections);
        }
        Ok(())
    }

    /// Every captured view, corrected where a clinician corrected it, measured with one
    /// calibration, and the exam scored. A correction that does not fit its view is an
    /// error to show, not measured as if it were not there.
    pub fn score(&self, affected: Option<Side>) -> Result<Box<ExamReport>, String> {
        let report = examine_corrected(&self.faces, &self.corrections, None, affected)
            .map_err(|e| format!("A saved correction does not fit its view ({e}): review the views and reset that view's corrections."))?
            .ok_or("No view could be measured: capture the views first.")?;
        Ok(Box::new(report))
    }

    /// Puts saved views back (a reopened exam); views that do not read are left out and
    /// named, with their corrections. The other corrections are kept as saved: one that
    /// does not fit its view makes scoring say so.
    pub fn restore(&mut self, views: BTreeMap<String, serde_json::Value>, corrections: BTreeMap<String, LandmarkCorrections>) -> (u32, Vec<String>) {
        let mut faces = BTreeMap::new();
        let mut unreadable = Vec::new();
        for (code, value) in views {
            match (Expression::from_code(&code), serde_json::from_value::<FaceLandmarks>(value)) {
                (Some(view), Ok(face)) if face.mesh.len() == facegrade::engine::topology::MESH_WITH_IRIS => {
                    faces.insert(view, face);
                }
                _ => unreadable.push(code),
            }
        }
        let corrections = corrections
            .into_iter()
            .filter_map(|(code, c)| Some((Expression::from_code(&code)?, c)))
            .filter(|(view, _)| faces.contains_key(view))
            .collect();
        let count = faces.len() as u32;
        *self = ExamViews { faces, corrections, capture: None };
        (count, unreadable)
    }
}

/// Closes the capture window and analyses its peak frame as a still; its error bars
/// take the window's held frames into account.
pub fn capture_end(s: &mut Ready) -> Result<(CapturedView, Picture), CaptureFailed> {
    let capture = s.exam.capture.take().ok_or_else(|| failed(None, "no capture was started".into()))?;
    if capture.best.is_none() {
        return Err(failed(Some(capture.view), format!("No usable frame for this view: {}", capture.last_problem)));
    }
    analyse_still(s, capture.view, capture.peak, capture.window.spread())
}

/// A photo for one view (a photo set, or a frame picked from a recorded video).
pub fn still(s: &mut Ready, view: Expression, bitmap: Option<&ImageBitmap>) -> Result<(CapturedView, Picture), CaptureFailed> {
    let bitmap = bitmap.ok_or_else(|| failed(Some(view), "no picture".into()))?;
    let (width, height) = s.read_pixels(bitmap).map_err(|e| failed(Some(view), e))?;
    let picture = Picture { pixels: s.frame.clone(), width, height };
    analyse_still(s, view, picture, None)
}

/// Analyses one view's picture as a still and keeps its face (any earlier correction of
/// the view no longer fits the new picture and is dropped); `window`: the spread of the
/// capture window's held frames, if the picture came from one.
fn analyse_still(s: &mut Ready, view: Expression, picture: Picture, window: Option<ReadingSpread>) -> Result<(CapturedView, Picture), CaptureFailed> {
    let fail = |message: String| failed(Some(view), message);
    let image = ImageView::new(picture.width, picture.height, PixelLayout::Rgba, &picture.pixels).map_err(|e| fail(e.to_string()))?;
    let mut faces = s.engine.analyse_image(&image).map_err(|e| fail(e.to_string()))?;
    if faces.len() != 1 {
        return Err(fail(match faces.len() {
            0 => "No face was found in this picture; retake this view.".to_string(),
            n => format!("The picture shows {n} faces; retake this view with one face."),
        }));
    }
    let mut face = faces.remove(0);
    face.spread = capture_spread(face.spread.take(), window);
    s.exam.faces.insert(view, face.clone());
    s.exam.corrections.remove(&view);
    Ok((CapturedView { view, face }, picture))
}

/// Answers a capture: the landmarks go back (so the page can save the view: a reload
/// loses nothing) with the picture as a JPEG, encoded off the page's thread.
pub fn answer_capture(id: u32, result: Result<(CapturedView, Picture), CaptureFailed>) {
    match result {
        Ok((view, picture)) => wasm_bindgen_futures::spawn_local(async move {
            let jpeg = encode_jpeg(&picture).await;
            super::reply(id, FromWorker::Captured(Ok(view)), Attachments { picture: jpeg, ..Default::default() });
        }),
        Err(why) => super::reply(id, FromWorker::Captured(Err(why)), Attachments::default()),
    }
}

async fn encode_jpeg(p: &Picture) -> Option<web_sys::Blob> {
    let canvas = OffscreenCanvas::new(p.width, p.height).ok()?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&p.pixels), p.width, p.height).ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    let options = ImageEncodeOptions::new();
    options.set_type("image/jpeg");
    options.set_quality(0.9);
    wasm_bindgen_futures::JsFuture::from(canvas.convert_to_blob_with_options(&options).ok()?).await.ok()?.dyn_into().ok()
}

/// One frame of a recorded video: tracked like live video, measured, and read for the
/// timeline (each view's peak score, each region's largest left/right difference).
pub fn video_frame(s: &mut Ready, bitmap: Option<&ImageBitmap>, time_ms: f64, first: bool) -> Result<FrameReading, String> {
    let bitmap = bitmap.ok_or("no frame")?;
    if first {
        s.video_tracker.reset();
    }
    let (w, h) = s.read_pixels(bitmap)?;
    let image = ImageView::new(w, h, PixelLayout::Rgba, &s.frame).map_err(|e| e.to_string())?;
    let tracked = s.video_tracker.track(&mut s.engine, &image, time_ms / 1000.0).map_err(|e| e.to_string())?;
    let (quality, measured) = gate_and_measure(&image, tracked.face, tracked.faces_detected, &s.limits);
    Ok(FrameReading::new(time_ms / 1000.0, quality.err().map(|q| q.code().to_string()), measured.as_ref()))
}
