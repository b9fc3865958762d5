//! What the page shows about one live frame: overlay geometry, the quality verdict, the
//! measurement rows and each eye's state as its image shows it (with the frame's scale and
//! time, for the blink test). The worker builds it from the core's results; the page only
//! draws it.

use facegrade::engine::topology::{brow_upper, lid, MESH_POINTS};
use facegrade::engine::FaceLandmarks;
use facegrade::geometry::image_bounds;
use facegrade::measure::measurements::{EyeStateMeasurement, Region, Unit};
use facegrade::measure::{FaceMeasurements, MeasurementName, Severity};
use facegrade::quality::QualityIssue;
use facegrade::side::{PerSide, Side};
use serde::{Deserialize, Serialize};

/// One eye as drawn: the lid loop, the iris circle, and whether the two eyelid models
/// disagree on it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OverlayEye {
    pub lid_loop: Vec<[f32; 2]>,
    pub iris_centre: [f32; 2],
    pub iris_radius: f32,
    pub uncertain: bool,
}

/// The landmarks the overlay draws, in video pixels.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OverlayFace {
    /// The 468 mesh points (x, y).
    pub mesh: Vec<[f32; 2]>,
    pub eyes: PerSide<OverlayEye>,
    pub brows: PerSide<Vec<[f32; 2]>>,
    /// Outer lip ring, closed.
    pub lips: Vec<[f32; 2]>,
    /// Line width scale for the face's size.
    pub scale: f32,
    pub landmark_count: usize,
    /// Bounding box x, y, w, h.
    pub face_box: [f32; 4],
}

/// One live measurement row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureRow {
    pub name: MeasurementName,
    pub right: f32,
    pub left: f32,
    pub difference: f32,
    /// The side with the smaller value as a percentage of the other (100 = equal).
    pub percent: Option<f32>,
    pub unit: Unit,
    pub severity: Severity,
}

/// How long each stage of a frame took in the worker, milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTimings {
    /// Bitmap to pixels (draw + read back + copy into the reused buffer).
    pub grab_ms: f64,
    /// Tracking: face model, iris models, pose, smoothing.
    pub engine_ms: f64,
    /// Quality gate and measurements.
    pub measure_ms: f64,
}

/// Everything the page shows about one frame.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FrameReport {
    pub face: Option<OverlayFace>,
    /// Why the frame fails the quality gate; None when it passes.
    pub quality: Option<QualityIssue>,
    pub rows: Vec<MeasureRow>,
    /// Each eye's state read from its image (open, narrowed, closed, unknown) with the
    /// visible eyeball height; filled wherever `rows` are (None without measurements).
    #[serde(default)]
    pub eyes: Option<PerSide<EyeStateMeasurement>>,
    /// This frame's own scale (mm per image pixel), with `eyes`: the blink test converts
    /// every frame with one scale, as `facegrade blinks` does (a closed eye hides the iris
    /// that calibrates its own frame).
    #[serde(default)]
    pub mm_per_px: Option<f32>,
    /// False while the iris model is still loading: `rows` then hold no millimetres, and
    /// `eyes` and `mm_per_px` are None.
    #[serde(default)]
    pub iris_model_ready: bool,
    /// The frame's timestamp as the page sent it (ms, the page's performance clock).
    #[serde(default)]
    pub time_ms: f64,
    /// The worst severity per region for colouring the overlay; empty when the frame
    /// cannot be measured.
    pub region_severity: Vec<(Region, Severity)>,
    pub timings: StageTimings,
    /// The worker's WebAssembly memory after this frame, bytes: the soak test watches it
    /// grow (or not) over hours of frames.
    #[serde(default)]
    pub worker_memory_bytes: u64,
    /// Of which the worker's program still holds (allocated, not freed): a leak grows this.
    #[serde(default)]
    pub worker_live_heap_bytes: u64,
    pub width: u32,
    pub height: u32,
    /// A cheap fingerprint of the frame's pixels (`camera_watch::fingerprint`): the page
    /// tells a frozen camera by it.
    #[serde(default)]
    pub fingerprint: u64,
}

fn xy(p: facegrade::geometry::Point2) -> [f32; 2] {
    [p.x, p.y]
}

impl OverlayFace {
    pub fn from_face(face: &FaceLandmarks) -> OverlayFace {
        let eye = |side: Side| {
            let e = face.eyes.get(side);
            // Lower lid lateral -> medial, then the upper lid back.
            let lid_loop = lid::around().map(|k| xy(e.lid_contour[k])).collect();
            OverlayEye { lid_loop, iris_centre: xy(e.iris_centre), iris_radius: e.iris_radius_px, uncertain: e.uncertain }
        };
        let (min, max) = image_bounds(&face.mesh);
        OverlayFace {
            mesh: face.mesh[..MESH_POINTS].iter().map(|p| [p.x, p.y]).collect(),
            eyes: PerSide::new(eye(Side::Left), eye(Side::Right)),
            brows: PerSide::new(Side::Left, Side::Right).map(|_, &s| brow_upper(s).iter().map(|&i| xy(face.mesh[i].xy())).collect()),
            lips: face.lips[0..11].iter().chain(face.lips[11..20].iter().rev()).map(|p| xy(*p)).collect(),
            scale: (face.roi.size / 200.0).max(1.0),
            landmark_count: face.mesh.len(),
            face_box: [min.x, min.y, max.x - min.x, max.y - min.y],
        }
    }
}

/// Measurement rows in report order.
pub fn rows(m: &FaceMeasurements) -> Vec<MeasureRow> {
    MeasurementName::ALL
        .into_iter()
        .map(|name| {
            let v = &m.measurements[&name];
            let (small, large) = (v.left.abs().min(v.right.abs()), v.left.abs().max(v.right.abs()));
            let percent = (large > 1e-3).then(|| 100.0 * small / large);
            MeasureRow { name, right: v.right, left: v.left, difference: v.difference, percent, unit: v.unit, severity: v.severity }
        })
        .collect()
}

/// The worst severity in each region.
pub fn region_severity(m: &FaceMeasurements) -> Vec<(Region, Severity)> {
    [Region::Brow, Region::Eyelid, Region::Mouth, Region::Midface]
        .into_iter()
        .map(|region| (region, m.measurements.values().filter(|v| v.region == region).map(|v| v.severity).max().unwrap_or(Severity::None)))
        .collect()
}
