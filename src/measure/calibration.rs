//! Pixels to millimetres from the iris diameter, preferring the open, reliable eye.

use super::uncertainty::{ScaleUncertainty, IRIS_SCALE_RELATIVE_SD};
use super::units::IRIS_DIAMETER_MM;
use crate::engine::topology::iris_indices;
use crate::engine::face_landmarks::FaceLandmarks;
use crate::side::Side;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationSource {
    /// 11.7 mm over the iris diameter of this eye.
    Iris { eye: Side },
    /// A millimetres-per-pixel value the user entered (e.g. from a ruler in the photo).
    Manual,
    /// The subject's known interpupillary distance (e.g. from an optician), over the
    /// pose-corrected distance between the pupils.
    KnownInterpupillaryDistance { mm: f32 },
}

/// A scale the user knows, which wins over the iris.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KnownScale {
    MmPerPx(f32),
    InterpupillaryMm(f32),
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub mm_per_px: f32,
    pub source: CalibrationSource,
    /// 0-1: how far the iris reading can be trusted (eye open, both iris models agree).
    pub confidence: f32,
    /// How uncertain `mm_per_px` is, relative: none for a scale the user gave (its error
    /// is theirs); for the iris, its reading's spread and the iris diameter's
    /// between-person spread (see [`super::uncertainty`]). Zero in exams saved before it.
    #[serde(default)]
    pub scale_uncertainty: ScaleUncertainty,
}

/// A known scale wins; otherwise the eye whose iris is most reliable: open (the lids
/// hide less of the iris), agreeing lid models, and agreeing iris radii.
pub fn calibrate(face: &FaceLandmarks, known: Option<KnownScale>) -> Calibration {
    match known {
        Some(KnownScale::MmPerPx(mm_per_px)) => return Calibration { mm_per_px, source: CalibrationSource::Manual, confidence: 1.0, scale_uncertainty: ScaleUncertainty::default() },
        Some(KnownScale::InterpupillaryMm(mm)) => {
            let (r, l) = (iris_indices(Side::Right)[0], iris_indices(Side::Left)[0]);
            // Pose-corrected when the frontal face exists: a turned head shortens the
            // pupils' distance in the image.
            let pupils_px = if face.pixels_per_frontal_unit > 0.0 {
                face.frontal[r].xy().distance(face.frontal[l].xy()) * face.pixels_per_frontal_unit
            } else {
                face.mesh[r].xy().distance(face.mesh[l].xy())
            };
            return Calibration { mm_per_px: mm / pupils_px.max(1e-3), source: CalibrationSource::KnownInterpupillaryDistance { mm }, confidence: 1.0, scale_uncertainty: ScaleUncertainty::default() };
        }
        None => {}
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
    let scale_uncertainty = ScaleUncertainty { within_person: face.spread.as_ref().map_or(0.0, |s| s.scale_relative), between_person: IRIS_SCALE_RELATIVE_SD };
    Calibration { mm_per_px: IRIS_DIAMETER_MM / (2.0 * radius.max(1e-3)), source: CalibrationSource::Iris { eye }, confidence: score(eye), scale_uncertainty }
}
