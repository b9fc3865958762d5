//! Scored exams for the web tier's unit tests, made by the core's own scoring so that the
//! page is tested against the types it really receives.

use facegrade::engine::eye_state::{EyeState, ReadingSource};
use facegrade::engine::pose::HeadPose;
use facegrade::measure::calibration::{Calibration, CalibrationSource};
use facegrade::measure::measurements::{AffectedSideGuess, EyeStateMeasurement, Region, Unit};
use facegrade::measure::Expression::{self, *};
use facegrade::measure::{FaceMeasurements, MeasurementName, Severity, SideValue};
use facegrade::scores::{score_exam, ExamCalibration, ExamReadings, ExamReport, ExamScores};
use facegrade::side::{PerSide, Side};
use std::collections::BTreeMap;

/// The core's scores of an exam whose right eye is 3 mm open on tight closure and 5 mm
/// on gentle closure, and narrows 4 mm (40 %) in the big smile against the left eye's
/// 2 mm (20 %); the right side given as affected.
pub fn right_eye_exam() -> ExamScores {
    let rows = [(Rest, 10.0, 10.0), (GentleClosure, 0.5, 5.0), (TightClosure, 0.0, 3.0), (BigSmile, 8.0, 6.0), (Pucker, 10.0, 10.0)];
    let readings = rows.iter().fold(ExamReadings::default(), |r, &(v, left, right)| r.with(v, MeasurementName::PalpebralFissureHeight, left, right));
    score_exam(&readings, Some(Side::Right))
}

/// A report of `scores` whose views hold the given (view, measurement, left, right)
/// values and nothing else.
pub fn report(scores: ExamScores, values: &[(Expression, MeasurementName, f32, f32)]) -> ExamReport {
    let calibration = Calibration { mm_per_px: 0.1, source: CalibrationSource::Manual, confidence: 1.0, scale_uncertainty: Default::default() };
    let mut views: BTreeMap<Expression, FaceMeasurements> = BTreeMap::new();
    for &(view, name, left, right) in values {
        let eye = EyeStateMeasurement { state: EyeState::Open, visible_height_mm: 9.0, confidence: 1.0, unknown_reason: None, disagrees_with_landmarks: false, source: ReadingSource::Image };
        let face = views.entry(view).or_insert_with(|| FaceMeasurements {
            pose_deg: HeadPose::default(),
            pose_within_limits: true,
            mm_per_px: 0.1,
            calibration,
            affected_side: AffectedSideGuess { side: None, evidence: String::new() },
            measurements: BTreeMap::new(),
            eyes: PerSide::new(eye, eye),
        });
        let value = SideValue { left, right, difference: (left - right).abs(), percent: None, severity: Severity::None, unit: Unit::Millimetres, region: Region::Mouth, confidence: 1.0, uncertain: false, uncertainty_mm: None, uncertainty_deg: None };
        face.measurements.insert(name, value);
    }
    ExamReport { scores, calibration: ExamCalibration { reference_view: Rest, calibration, mm_per_frontal_unit: 1.0 }, views }
}

/// Gives a value of `report` the same standard uncertainty `u` on both sides and the
/// difference, all within the person (no calibration term).
pub fn with_uncertainty(report: &mut ExamReport, view: Expression, name: MeasurementName, u: f32) {
    let spread = facegrade::measure::uncertainty::SideSpread { left: u, right: u, difference: u };
    let value = report.views.get_mut(&view).and_then(|v| v.measurements.get_mut(&name)).expect("the value is in the report");
    value.uncertainty_mm = Some(facegrade::measure::uncertainty::Uncertainty { total: spread, within_person: spread });
}
