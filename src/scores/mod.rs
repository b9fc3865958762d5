//! Exam scores from one measured frame per expression: auto-eFACE, the parts of
//! Sunnybrook that landmarks support, a House-Brackmann estimate (overall and per region),
//! a Yanagihara estimate, the affected side, and
//! eye safety (lagophthalmos and ocular synkinesis in mm).
//! Objective measurements, not a diagnosis.

pub mod affected_side;
pub mod auto_eface;
pub mod evidence;
pub mod eye_safety;
pub mod house_brackmann;
pub mod house_brackmann_regions;
pub mod readings;
pub mod words;
pub mod sunnybrook;
pub mod yanagihara;

pub use affected_side::{AffectedSide, DecidedBy};
pub use auto_eface::AutoEface;
pub use eye_safety::EyeSafety;
pub use house_brackmann::HouseBrackmannEstimate;
pub use readings::ExamReadings;
pub use sunnybrook::Sunnybrook;
pub use yanagihara::Yanagihara;

use crate::correction::{self, CorrectionError, LandmarkCorrections};
use crate::engine::face_landmarks::FaceLandmarks;
use crate::measure::calibration::{Calibration, KnownScale};
use crate::measure::{measure_exam, Expression, FaceMeasurements};
use crate::side::Side;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What FaceGrade is for, stated on the page and at the head of every report and export.
pub const INTENDED_PURPOSE: &str = "Intended purpose: documentation and research support; measurements, not a diagnosis.";

/// Shown with every score.
pub const NOT_A_DIAGNOSIS: &str = "Objective measurements from face landmarks, not a diagnosis. Scores are computed by stated rules from these measurements; a clinician interprets them.";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExamScores {
    pub affected_side: AffectedSide,
    pub auto_eface: AutoEface,
    pub sunnybrook: Sunnybrook,
    pub house_brackmann: HouseBrackmannEstimate,
    /// The 40-point Yanagihara scale, estimated. None only in exams exported before it
    /// was scored.
    #[serde(default)]
    pub yanagihara: Option<Yanagihara>,
    /// Lagophthalmos (the gap left on eye closure) and ocular synkinesis, in mm.
    pub eye_safety: EyeSafety,
    /// Views of the protocol that were not provided.
    pub missing_views: Vec<Expression>,
    pub notice: String,
}

/// Scores an exam. `affected` overrides the automatic choice of the affected side.
pub fn score_exam(readings: &ExamReadings, affected: Option<Side>) -> ExamScores {
    let affected_side = affected_side::find(readings, affected);
    let side = affected_side.side;
    let sunnybrook = sunnybrook::score(readings, side);
    ExamScores {
        auto_eface: auto_eface::score(readings, side),
        house_brackmann: house_brackmann::estimate(readings, side, &sunnybrook),
        yanagihara: Some(yanagihara::score(readings, side)),
        eye_safety: eye_safety::assess(readings, &affected_side),
        sunnybrook,
        missing_views: Expression::ALL.into_iter().filter(|e| !readings.has_view(*e)).collect(),
        affected_side,
        notice: notice(),
    }
}

/// The notice every scored exam carries: the intended purpose, then what the numbers are.
pub fn notice() -> String {
    format!("{INTENDED_PURPOSE} {NOT_A_DIAGNOSIS}")
}

/// The calibration an exam's views share.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExamCalibration {
    pub reference_view: Expression,
    pub calibration: Calibration,
    pub mm_per_frontal_unit: f32,
}

/// A scored exam: the scores, the shared calibration, and every view's measurements (with
/// percentages relative to the exam's affected side). The JSON of `facegrade exam --json`
/// and of the page's export.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExamReport {
    pub scores: ExamScores,
    pub calibration: ExamCalibration,
    pub views: BTreeMap<Expression, FaceMeasurements>,
}

/// Measures and scores one face per view. `known` overrides the iris calibration,
/// `affected` the automatic affected side. None when no view can be pose-corrected.
pub fn examine(faces: &BTreeMap<Expression, FaceLandmarks>, known: Option<KnownScale>, affected: Option<Side>) -> Option<ExamReport> {
    let first = measure_exam(faces, known, affected)?;
    let scores = score_exam(&ExamReadings::from_exam(&first), affected);
    // Measure again with the exam's affected side, so each view's percentages use it.
    let exam = measure_exam(faces, known, Some(scores.affected_side.side))?;
    Some(ExamReport {
        scores,
        calibration: ExamCalibration { reference_view: exam.calibration_reference, calibration: exam.calibration, mm_per_frontal_unit: exam.mm_per_frontal_unit },
        views: exam.views,
    })
}

/// What the page does when a clinician has reviewed an exam: each view's corrections
/// applied to the model's face (a view without corrections as the model read it), then
/// the exam measured and scored as [`examine`] does. Corrections are checked first: a
/// correction that does not fit its face is an error, not silently dropped.
pub fn examine_corrected(
    faces: &BTreeMap<Expression, FaceLandmarks>,
    corrections: &BTreeMap<Expression, LandmarkCorrections>,
    known: Option<KnownScale>,
    affected: Option<Side>,
) -> Result<Option<ExamReport>, CorrectionError> {
    let corrected = faces
        .iter()
        .map(|(view, face)| match corrections.get(view) {
            Some(c) => correction::apply(face, c).map(|f| (*view, f)),
            None => Ok((*view, face.clone())),
        })
        .collect::<Result<BTreeMap<_, _>, _>>()?;
    Ok(examine(&corrected, known, affected))
}
