//! Video: the next frame's ROI from this frame's landmarks, re-detection when the face is
//! lost, and One Euro smoothing (Casiez et al., CHI 2012) that follows fast movement
//! without lag yet steadies a still face. Frames alternate direct and mirrored passes so
//! the filter also averages out the model's left/right bias at no extra cost per frame.

use super::analysis::{Engine, EngineError, FaceLandmarks, PassPlan};
use super::iris_memory::IrisMemory;
use super::roi::RotatedSquare;
use super::eye_state::{close_lid_contour, EyeState};
use super::topology::{canthi, lid, lid_contour, MESH_POINTS};
use crate::geometry::{Point2, Point3};
use crate::image_view::ImageView;
use crate::side::Side;

/// One Euro filter for one scalar signal.
#[derive(Clone, Debug)]
pub struct OneEuroFilter {
    min_cutoff_hz: f32,
    beta: f32,
    derivative_cutoff_hz: f32,
    previous: Option<(f32, f32)>, // (value, derivative)
}

impl OneEuroFilter {
    pub fn new(min_cutoff_hz: f32, beta: f32) -> Self {
        OneEuroFilter { min_cutoff_hz, beta, derivative_cutoff_hz: 1.0, previous: None }
    }

    fn alpha(cutoff_hz: f32, dt: f32) -> f32 {
        let tau = 1.0 / (2.0 * std::f32::consts::PI * cutoff_hz);
        1.0 / (1.0 + tau / dt)
    }

    pub fn filter(&mut self, value: f32, dt_seconds: f32) -> f32 {
        let dt = dt_seconds.max(1e-3);
        match self.previous {
            None => {
                self.previous = Some((value, 0.0));
                value
            }
            Some((prev, prev_d)) => {
                let d = (value - prev) / dt;
                let a_d = Self::alpha(self.derivative_cutoff_hz, dt);
                let d_hat = prev_d + a_d * (d - prev_d);
                let cutoff = self.min_cutoff_hz + self.beta * d_hat.abs();
                let a = Self::alpha(cutoff, dt);
                let v = prev + a * (value - prev);
                self.previous = Some((v, d_hat));
                v
            }
        }
    }

    pub fn reset(&mut self) {
        self.previous = None;
    }
}

/// What the tracker saw in one frame (the face is the tracker's own, reused buffer).
#[derive(Clone, Copy, Debug)]
pub struct TrackedFrame<'a> {
    /// Faces found by the last detection (run when the face was lost, and periodically).
    pub faces_detected: usize,
    pub face: Option<&'a FaceLandmarks>,
}

/// Per-video tracking state. Filters and the face are created once and reused: a tracked
/// frame allocates nothing of its own (detection, every 30th frame, does).
pub struct FaceTracker {
    face: FaceLandmarks,
    roi: Option<RotatedSquare>,
    filters: Vec<OneEuroFilter>,
    last_time_s: Option<f64>,
    frame_index: u64,
    faces_detected: usize,
    /// Re-run detection this often while tracking, to notice a second face.
    pub detect_every_n_frames: u64,
    pub smoothing: bool,
    /// The iris model's last readings; it runs only when an eye's lids need it.
    pub iris_memory: IrisMemory,
    /// Run the iris model on every frame instead (the measurement of what skipping costs).
    pub iris_every_frame: bool,
}

/// Below this presence the face is considered lost.
const MIN_PRESENCE: f32 = 0.5;
/// Filter settings (pixels): steady at rest, little lag when moving.
const MIN_CUTOFF_HZ: f32 = 1.5;
const BETA: f32 = 0.05;

impl Default for FaceTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl FaceTracker {
    pub fn new() -> Self {
        FaceTracker {
            face: FaceLandmarks::default(),
            roi: None,
            filters: Vec::new(),
            last_time_s: None,
            frame_index: 0,
            faces_detected: 0,
            detect_every_n_frames: 30,
            smoothing: true,
            iris_memory: IrisMemory::default(),
            iris_every_frame: false,
        }
    }

    pub fn reset(&mut self) {
        self.roi = None;
        self.last_time_s = None;
        self.filters.iter_mut().for_each(OneEuroFilter::reset);
        self.iris_memory.reset();
    }

    pub fn track(&mut self, engine: &mut Engine, image: &ImageView, time_s: f64) -> Result<TrackedFrame<'_>, EngineError> {
        let periodic = self.frame_index % self.detect_every_n_frames.max(1) == 0;
        let mut detection_score = None;
        if self.roi.is_none() {
            let detections = engine.detect(image)?;
            self.faces_detected = detections.len();
            if let Some(best) = detections.first() {
                self.roi = Some(RotatedSquare::face_from_detection(best));
                detection_score = Some(best.score);
            }
        } else if periodic {
            self.faces_detected = engine.count_faces(image)?;
        }
        let Some(roi) = self.roi else {
            self.frame_index += 1;
            self.reset();
            return Ok(TrackedFrame { faces_detected: self.faces_detected, face: None });
        };
        let mirrored = engine.mirror_map().is_some() && self.frame_index % 2 == 1;
        self.frame_index += 1;
        let plan = PassPlan::video_frame(mirrored);
        if self.iris_every_frame {
            engine.analyse_face_into(image, &roi, detection_score, plan, &mut self.face)?;
        } else {
            engine.analyse_video_face_into(image, &roi, detection_score, plan, &mut self.iris_memory, &mut self.face)?;
        }
        if self.face.presence < MIN_PRESENCE {
            self.reset();
            return Ok(TrackedFrame { faces_detected: self.faces_detected, face: None });
        }
        let mesh = &self.face.mesh;
        self.roi = Some(RotatedSquare::face_from_landmarks(mesh[..MESH_POINTS].iter().map(|p| p.xy()), mesh[canthi(Side::Right).0].xy(), mesh[canthi(Side::Left).0].xy()));
        if self.smoothing {
            let dt = self.last_time_s.map_or(1.0 / 30.0, |t| (time_s - t) as f32);
            smooth(&mut self.filters, &mut self.face, dt);
        }
        self.last_time_s = Some(time_s);
        Ok(TrackedFrame { faces_detected: self.faces_detected.max(1), face: Some(&self.face) })
    }
}

/// One Euro filter over every landmark coordinate, the frontal face and the eyes.
fn smooth(filters: &mut Vec<OneEuroFilter>, face: &mut FaceLandmarks, dt: f32) {
    // The frontal face feeds the measurements: smoothing it also averages the
    // alternating direct/mirrored passes.
    let values = face.mesh.len() * 3 + face.frontal.len() * 3 + 2 * (16 * 2 + 3);
    if filters.len() != values {
        *filters = vec![OneEuroFilter::new(MIN_CUTOFF_HZ, BETA); values];
    }
    let mut f = filters.iter_mut();
    let mut next = |v: f32| f.next().expect("filter per value").filter(v, dt);
    for p in face.mesh.iter_mut().chain(face.frontal.iter_mut()) {
        *p = Point3::new(next(p.x), next(p.y), next(p.z));
    }
    for side in Side::BOTH {
        let eye = face.eyes.get_mut(side);
        for p in eye.lid_contour.iter_mut() {
            *p = Point2::new(next(p.x), next(p.y));
        }
        eye.iris_centre = Point2::new(next(eye.iris_centre.x), next(eye.iris_centre.y));
        eye.iris_radius_px = next(eye.iris_radius_px);
    }
    // A blink lasts a few frames: smoothing would draw (and measure) an eye the image sees
    // shut as half open. An eye read closed keeps its lids together.
    for side in Side::BOTH {
        let eye = face.eyes.get_mut(side);
        if eye.image.state == EyeState::Closed {
            close_lid_contour(&mut eye.lid_contour);
            for (k, &m) in lid_contour(side).iter().enumerate() {
                let p = eye.lid_contour[k];
                face.mesh[m] = Point3::new(p.x, p.y, face.mesh[m].z);
            }
            // The frontal face (what the measurements read) likewise.
            let map = lid_contour(side);
            if face.frontal.len() > map.iter().copied().max().unwrap_or(0) {
                for (upper, lower) in lid::partners() {
                    face.frontal[map[upper]] = face.frontal[map[lower]];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_euro_steadies_noise_and_follows_a_step() {
        let mut f = OneEuroFilter::new(MIN_CUTOFF_HZ, BETA);
        let mut out = 0.0;
        for i in 0..60 {
            let noise = if i % 2 == 0 { 1.0 } else { -1.0 };
            out = f.filter(100.0 + noise, 1.0 / 30.0);
        }
        assert!((out - 100.0).abs() < 0.6, "noise passes through: {out}");
        // A 100 px jump is followed within a few frames (beta opens the filter).
        for _ in 0..5 {
            out = f.filter(200.0, 1.0 / 30.0);
        }
        assert!(out > 190.0, "lags behind a fast move: {out}");
    }
}
