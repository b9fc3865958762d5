//! The numbers a facial-nerve clinic records, per anatomical side, in millimetres, on the
//! pose-normalised face. Definitions follow Emotrics (Guarin et al., JAMA FPS 2018;
//! measurements.py), as summarised in shared/docs/clinical_background.md section 2.3,
//! with the iris centre as reference and contours read at the iris' x position.

use super::calibration::{calibrate, Calibration, KnownScale};
use super::face_frame::{y_at, FaceFrame};
use super::name::MeasurementName::{self, *};
use super::uncertainty::{value_uncertainty, ReadingSpread, Uncertainty};
use crate::engine::eye_state::{EyeImageReading, EyeState, ReadingSource, UnknownReason, LASH_LINE_ALLOWANCE};
use crate::engine::pose::HeadPose;
use crate::engine::topology::{alar_base, brow_upper, canthi, commissure, iris, iris_indices, lid, lid_contour, lower_lid, INNER_LOWER_LIP, INNER_UPPER_LIP, OUTER_LOWER_LIP, OUTER_UPPER_LIP};
use crate::engine::face_landmarks::FaceLandmarks;
use crate::geometry::Point2;
use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Beyond this yaw or pitch (degrees) the 2-D left/right comparison is not trusted even
/// after pose correction: values are flagged and their confidence halved.
pub const MAX_CORRECTABLE_POSE_DEG: f32 = 20.0;

/// Facial region, which sets the asymmetry a person notices (section 6: >= 2 mm at the
/// eyelids, >= 3 mm at brow and mouth; canting > 3 degrees).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Brow,
    Eyelid,
    Mouth,
    Midface,
}

impl Region {
    /// The stable word used in JSON and on the page (same as the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Region::Brow => "brow",
            Region::Eyelid => "eyelid",
            Region::Mouth => "mouth",
            Region::Midface => "midface",
        }
    }

    pub fn noticeable_threshold(self, unit: Unit) -> f32 {
        match (self, unit) {
            (_, Unit::Degrees) => 3.0,
            (Region::Eyelid, Unit::Millimetres) => 2.0,
            _ => 3.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[serde(rename = "mm")]
    Millimetres,
    #[serde(rename = "deg")]
    Degrees,
}

impl Unit {
    /// The stable word used in JSON, CSV and on the page (same as the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Unit::Millimetres => "mm",
            Unit::Degrees => "deg",
        }
    }
}

/// Left/right difference against the noticeable threshold: below it, at least it, or at
/// least twice it (ordered from least to most severe).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    None,
    Noticeable,
    Marked,
}

impl Severity {
    /// The stable word used in JSON and on the page (same as the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Noticeable => "noticeable",
            Severity::Marked => "marked",
        }
    }
}

/// One measurement on both sides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideValue {
    #[serde(deserialize_with = "number_or_nan")]
    pub left: f32,
    #[serde(deserialize_with = "number_or_nan")]
    pub right: f32,
    /// |left - right|
    #[serde(deserialize_with = "number_or_nan")]
    pub difference: f32,
    /// Affected side as a percentage of the healthier side, when the affected side is known.
    pub percent: Option<f32>,
    pub severity: Severity,
    pub unit: Unit,
    pub region: Region,
    /// 0-1, the weakest confidence of the landmarks and calibration this value uses.
    pub confidence: f32,
    /// Uses an eyelid on which the two eyelid models disagree.
    pub uncertain: bool,
    /// Standard uncertainty (1 SD) of a millimetre value, its sides and difference
    /// (see [`super::uncertainty`]); None where the face has no measured spread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty_mm: Option<Uncertainty>,
    /// As `uncertainty_mm`, for an angle (degrees; no scale term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty_deg: Option<Uncertainty>,
}

/// JSON has no NaN: a value that could not be computed (a lip contour the halfway line
/// misses) is written as null, and must read back as NaN, or a stored or sent exam with
/// one such value would not read at all.
pub(crate) fn number_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    Ok(Option::<f32>::deserialize(d)?.unwrap_or(f32::NAN))
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AffectedSideGuess {
    pub side: Option<Side>,
    pub evidence: String,
}

/// All measurements of one face in one frame.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FaceMeasurements {
    pub pose_deg: HeadPose,
    pub pose_within_limits: bool,
    pub mm_per_px: f32,
    pub calibration: Calibration,
    pub affected_side: AffectedSideGuess,
    pub measurements: BTreeMap<MeasurementName, SideValue>,
    /// Each eye's state as its image shows it (open, narrowed, closed, unknown).
    pub eyes: PerSide<EyeStateMeasurement>,
}

/// One eye's state in millimetres: what the page, the report and the blink analysis read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EyeStateMeasurement {
    pub state: EyeState,
    /// Visible eyeball height across the lids (mm; 0 when closed).
    pub visible_height_mm: f32,
    pub confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_reason: Option<UnknownReason>,
    /// The image and the landmark models disagree about this eye.
    pub disagrees_with_landmarks: bool,
    pub source: ReadingSource,
}

impl EyeStateMeasurement {
    fn new(reading: &EyeImageReading, visible_height_mm: f32) -> Self {
        EyeStateMeasurement {
            state: reading.state,
            visible_height_mm,
            confidence: reading.confidence,
            unknown_reason: reading.unknown_reason,
            disagrees_with_landmarks: reading.disagrees_with_landmarks,
            source: reading.source,
        }
    }
}

impl SideValue {
    /// The value's uncertainty, whichever its unit.
    pub fn uncertainty(&self) -> Option<&Uncertainty> {
        self.uncertainty_mm.as_ref().or(self.uncertainty_deg.as_ref())
    }

    /// Keeps `u` under the name of this value's unit.
    fn set_uncertainty(&mut self, u: Uncertainty) {
        match self.unit {
            Unit::Millimetres => self.uncertainty_mm = Some(u),
            Unit::Degrees => self.uncertainty_deg = Some(u),
        }
    }

    /// The value on one side.
    pub fn value(&self, side: Side) -> f32 {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }
}

/// Raw per-side values before comparison.
struct Raw {
    name: MeasurementName,
    values: PerSide<f32>,
    unit: Unit,
    region: Region,
    eyelid: bool,
}

/// Measures one face. `known` (a scale the user knows) overrides the iris calibration; `affected`
/// overrides the automatic affected-side guess. None when the pose cannot be corrected
/// (no canonical face).
pub fn measure(face: &FaceLandmarks, known: Option<KnownScale>, affected: Option<Side>) -> Option<FaceMeasurements> {
    measure_with_calibration(face, calibrate(face, known), affected)
}

/// Measures one face with a calibration decided elsewhere (an exam carries the rest
/// frame's calibration to frames where the eyes are closed and the iris is hidden).
pub fn measure_with_calibration(face: &FaceLandmarks, calibration: Calibration, affected: Option<Side>) -> Option<FaceMeasurements> {
    let frame = FaceFrame::new(face, calibration.mm_per_px)?;
    let raw = raw_values(&frame, face.eyes.map(|_, e| e.image.state == EyeState::Closed));
    let visible = raw.iter().find(|r| r.name == VisibleEyeballHeight).map(|r| r.values).unwrap_or_default();
    let eyes = face.eyes.map(|side, e| EyeStateMeasurement::new(&e.image, *visible.get(side)));
    let guess = match affected {
        Some(side) => AffectedSideGuess { side: Some(side), evidence: "set by the user".into() },
        None => guess_affected_side(&raw),
    };
    let pose_ok = face.pose.yaw.abs() <= MAX_CORRECTABLE_POSE_DEG && face.pose.pitch.abs() <= MAX_CORRECTABLE_POSE_DEG;
    let base_confidence = face.presence.min(if pose_ok { 1.0 } else { 0.5 });
    let measurements = raw
        .into_iter()
        .map(|r| {
            let mm_confidence = if r.unit == Unit::Millimetres { calibration.confidence } else { 1.0 };
            let eye_confidence = if r.eyelid { face.eyes.left.opening_confidence.min(face.eyes.right.opening_confidence) } else { 1.0 };
            let uncertain = r.eyelid && (face.eyes.left.uncertain || face.eyes.right.uncertain);
            let mut value = compare(&r, guess.side, base_confidence.min(mm_confidence).min(eye_confidence), uncertain);
            if let Some(u) = face.spread.as_ref().and_then(|s| uncertainty_at(s, &value, r.name, &calibration)) {
                value.set_uncertainty(u);
            }
            (r.name, value)
        })
        .collect();
    Some(FaceMeasurements {
        pose_deg: face.pose,
        pose_within_limits: pose_ok,
        mm_per_px: calibration.mm_per_px,
        calibration,
        affected_side: guess,
        measurements,
        eyes,
    })
}

/// A value's uncertainty from its face's spread, the millimetre spread rescaled from the
/// scale it was read at to this measurement's (an exam's carried calibration).
fn uncertainty_at(spread: &ReadingSpread, value: &SideValue, name: MeasurementName, calibration: &Calibration) -> Option<Uncertainty> {
    let mut sd = *spread.measurements.get(&name)?;
    if value.unit == Unit::Millimetres && spread.mm_per_px > 0.0 {
        let k = calibration.mm_per_px / spread.mm_per_px;
        (sd.left, sd.right, sd.difference) = (sd.left * k, sd.right * k, sd.difference * k);
    }
    Some(value_uncertainty(value, &sd, calibration.scale_uncertainty))
}

fn compare(r: &Raw, affected: Option<Side>, confidence: f32, uncertain: bool) -> SideValue {
    let (left, right) = (r.values.left, r.values.right);
    let difference = (left - right).abs();
    let threshold = r.region.noticeable_threshold(r.unit);
    let severity = if difference >= 2.0 * threshold {
        Severity::Marked
    } else if difference >= threshold {
        Severity::Noticeable
    } else {
        Severity::None
    };
    let percent = affected.and_then(|side| {
        let healthy = *r.values.get(side.other());
        (healthy.abs() > 1e-3).then(|| 100.0 * r.values.get(side) / healthy)
    });
    SideValue { left, right, difference, percent, severity, unit: r.unit, region: r.region, confidence, uncertain, uncertainty_mm: None, uncertainty_deg: None }
}

/// Emotrics-style affected side: the side whose mouth corner sits lower; failing a clear
/// difference, the side whose brow sits lower; otherwise unknown.
fn guess_affected_side(raw: &[Raw]) -> AffectedSideGuess {
    let get = |name| raw.iter().find(|r| r.name == name).map(|r| r.values);
    if let Some(v) = get(CommissureHeight) {
        if (v.left - v.right).abs() >= 1.0 {
            let side = if v.left > v.right { Side::Left } else { Side::Right };
            return AffectedSideGuess { side: Some(side), evidence: format!("{} mouth corner {:.1} mm lower", side.name(), (v.left - v.right).abs()) };
        }
    }
    if let Some(v) = get(BrowHeight) {
        if (v.left - v.right).abs() >= 1.5 {
            let side = if v.left < v.right { Side::Left } else { Side::Right };
            return AffectedSideGuess { side: Some(side), evidence: format!("{} brow {:.1} mm lower", side.name(), (v.left - v.right).abs()) };
        }
    }
    AffectedSideGuess { side: None, evidence: "no side-to-side difference of 1 mm or more at the mouth corners or brows".into() }
}

/// Every measurement's per-side values; `closed` says which eyes their image reads closed.
fn raw_values(f: &FaceFrame, closed: PerSide<bool>) -> Vec<Raw> {
    let canthal_y = (f.at(canthi(Side::Left).1).y + f.at(canthi(Side::Right).1).y) / 2.0;
    let lower_outer = f.polyline(&OUTER_LOWER_LIP);
    // Where the lower outer lip crosses the midline (Emotrics' reference for the mouth).
    let lip_midpoint = Point2::new(0.0, y_at(&lower_outer, 0.0).unwrap_or(f.at(OUTER_LOWER_LIP[5]).y));
    let per_side = |g: &dyn Fn(Side) -> f32| PerSide::new(g(Side::Left), g(Side::Right));
    let eye = |side: Side| {
        let lids = lid_contour(side);
        let lower: Vec<Point2> = lower_lid(side).iter().map(|&i| f.at(i)).collect();
        let upper: Vec<Point2> = lid::upper_margin().map(|k| f.at(lids[k])).collect();
        (upper, lower, f.at(iris_indices(side)[iris::CENTRE]))
    };
    let fissure_height = |s: Side| {
        let (upper, lower, _) = eye(s);
        let (lateral, medial) = (upper[0], upper[upper.len() - 1]);
        let (x0, x1) = (lateral.x.min(medial.x), lateral.x.max(medial.x));
        (1..20)
            .filter_map(|k| {
                let x = x0 + (x1 - x0) * k as f32 / 20.0;
                Some(y_at(&lower, x)? - y_at(&upper, x)?)
            })
            .fold(0.0, f32::max)
    };
    let halfway_x = |side: Side| (lip_midpoint.x + f.at(commissure(side)).x) / 2.0;
    let lip_at = |contour: &[usize], side: Side| y_at(&f.polyline(contour), halfway_x(side)).unwrap_or(f32::NAN);
    let mm = Unit::Millimetres;
    let raw = |name, values, unit, region, eyelid| Raw { name, values, unit, region, eyelid };
    vec![
        // Brow height: iris centre up to the brow's upper contour, at the iris' x.
        raw(BrowHeight, per_side(&|s| {
            let (_, _, c) = eye(s);
            c.y - y_at(&f.polyline(&brow_upper(s)), c.x).unwrap_or(f.at(brow_upper(s)[2]).y)
        }), mm, Region::Brow, false),
        // MRD1: iris centre (light reflex) to the upper lid margin.
        raw(Mrd1, per_side(&|s| {
            let (upper, _, c) = eye(s);
            c.y - y_at(&upper, c.x).unwrap_or(c.y)
        }), mm, Region::Eyelid, true),
        // MRD2: iris centre to the lower lid margin.
        raw(Mrd2, per_side(&|s| {
            let (_, lower, c) = eye(s);
            y_at(&lower, c.x).unwrap_or(c.y) - c.y
        }), mm, Region::Eyelid, true),
        // Palpebral fissure height: the largest upper-to-lower lid distance.
        raw(PalpebralFissureHeight, per_side(&fissure_height), mm, Region::Eyelid, true),
        // Visible eyeball height: the eyeball that shows between the lids: 0 when the eye
        // image reads closed, else the fissure less the lash line along its margins
        // (eye_state::LASH_LINE_ALLOWANCE of the fissure's width).
        raw(VisibleEyeballHeight, per_side(&|s| {
            if *closed.get(s) {
                return 0.0;
            }
            let (lat, med) = canthi(s);
            (fissure_height(s) - LASH_LINE_ALLOWANCE * f.at(lat).distance(f.at(med))).max(0.0)
        }), mm, Region::Eyelid, true),
        // Palpebral fissure width: canthus to canthus.
        raw(PalpebralFissureWidth, per_side(&|s| {
            let (lat, med) = canthi(s);
            f.at(lat).distance(f.at(med))
        }), mm, Region::Eyelid, true),
        // Commissure excursion: lower-lip midline point to the mouth corner.
        raw(CommissureExcursion, per_side(&|s| lip_midpoint.distance(f.at(commissure(s)))), mm, Region::Mouth, false),
        // Commissure height: mouth corner below the line through the medial canthi.
        raw(CommissureHeight, per_side(&|s| f.at(commissure(s)).y - canthal_y), mm, Region::Mouth, false),
        // Smile angle: horizontal through the lip midline point to the corner, + 90 degrees.
        raw(SmileAngle, per_side(&|s| {
            let c = f.at(commissure(s));
            (lip_midpoint.y - c.y).atan2((c.x - lip_midpoint.x).abs()).to_degrees() + 90.0
        }), Unit::Degrees, Region::Mouth, false),
        // Upper/lower lip height: outer lip contour halfway between midline and corner,
        // below the medial-canthal line (their left/right difference is Emotrics' deviation).
        raw(UpperLipHeight, per_side(&|s| lip_at(&OUTER_UPPER_LIP, s) - canthal_y), mm, Region::Mouth, false),
        raw(LowerLipHeight, per_side(&|s| lip_at(&OUTER_LOWER_LIP, s) - canthal_y), mm, Region::Mouth, false),
        // Dental show: inner-lip gap halfway between midline and corner (never negative).
        raw(DentalShow, per_side(&|s| (lip_at(&INNER_LOWER_LIP, s) - lip_at(&INNER_UPPER_LIP, s)).max(0.0)), mm, Region::Mouth, false),
        // Midface proxies the mesh allows: alar base height and the ala-to-corner distance
        // along which the nasolabial fold runs (its depth is shading, not geometry).
        raw(AlarBaseHeight, per_side(&|s| f.at(alar_base(s)).y - canthal_y), mm, Region::Midface, false),
        raw(NasolabialLength, per_side(&|s| f.at(alar_base(s)).distance(f.at(commissure(s)))), mm, Region::Midface, false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_could_not_be_computed_survives_json_as_nan() {
        let v = SideValue { left: f32::NAN, right: 2.0, difference: f32::NAN, percent: None, severity: Severity::None, unit: Unit::Millimetres, region: Region::Mouth, confidence: 1.0, uncertain: false, uncertainty_mm: None, uncertainty_deg: None };
        let json = serde_json::to_string(&v).unwrap();
        assert!(json.contains(r#""left":null"#), "{json}");
        let back: SideValue = serde_json::from_str(&json).unwrap();
        assert!(back.left.is_nan() && back.difference.is_nan() && back.right == 2.0);
    }

    #[test]
    fn measurement_names_list_every_measurement_in_order() {
        let frame = FaceFrame { points: vec![Point2::default(); crate::engine::topology::MESH_WITH_IRIS] };
        let names: Vec<MeasurementName> = raw_values(&frame, PerSide::new(false, false)).iter().map(|r| r.name).collect();
        assert_eq!(names, MeasurementName::ALL);
    }

    #[test]
    fn severity_code_matches_its_json_name() {
        for s in [Severity::None, Severity::Noticeable, Severity::Marked] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
    }
}
