//! Pixels to millimetres from the iris diameter, preferring the open, reliable eye.

use super::units::IRIS_DIAMETER_MM;
use crate::engine::FaceLandmarks;
use crate::side::Side;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationSource {
    /// 11.7 mm over the iris diameter of this eye.
    Iris { eye: Side },
    /// A value the user entered (known mm/px, or a known distance).
    Manual,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Calibration {
    pub mm_per_px: f32,
    pub source: CalibrationSource,
    /// 0-1: how far the iris reading can be trusted (eye open, both iris models agree).
    pub confidence: f32,
}

/// A manual value wins; otherwise the eye whose iris is most reliable: open (the lids
/// hide less of the iris), agreeing lid models, and agreeing iris radii.
pub fn calibrate(face: &FaceLandmarks, manual_mm_per_px: Option<f32>) -> Calibration {
    if let Some(mm_per_px) = manual_mm_per_px {
        return Calibration { mm_per_px, source: CalibrationSource::Manual, confidence: 1.0 };
    }
    let score = |side: Side| {
        let eye = face.eyes.get(side);
        // An eye open less than ~60 % of its iris diameter hides the iris edges.
        let openness = (eye.opening_px / (2.0 * eye.iris_radius_px.max(1e-3)) / 0.6).min(1.0);
        let agreement = (1.0 - 4.0 * eye.iris_radius_disagreement).clamp(0.0, 1.0);
        openness * agreement * eye.opening_confidence.max(0.25)
    };
    let eye = if score(Side::Left) > score(Side::Right) { Side::Left } else { Side::Right };
    let radius = face.eyes.get(eye).iris_radius_px;
    Calibration { mm_per_px: IRIS_DIAMETER_MM / (2.0 * radius.max(1e-3)), source: CalibrationSource::Iris { eye }, confidence: score(eye) }
}
