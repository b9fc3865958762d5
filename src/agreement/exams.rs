//! The exams an agreement is computed over, as `facegrade agreement FILE.json` reads them:
//! a JSON array of exams, each as the page's "Export JSON" writes it (`scores`,
//! `calibration`, `model_landmarks` and `corrections` per view; other fields are
//! ignored), plus an optional `clinician` object of item name -> the clinician's final
//! value (names as in [`super::score_items`], e.g. "house_brackmann.grade": 3).
//!
//! - Score items: FaceGrade's suggestion (from `scores`) against the clinician's value,
//!   for every item both have.
//! - Measurements: for every view the clinician corrected, each measurement and side as
//!   measured on the model's landmarks and on the corrected landmarks (the whole exam is
//!   measured both ways with [`crate::scores::examine`] and
//!   [`crate::scores::examine_corrected`], the exam's own calibration and affected side).

use super::imported_face::check_face;
use super::{score_items, Compared, PairedSeries, Pair};
use crate::correction::LandmarkCorrections;
use crate::engine::face_landmarks::FaceLandmarks;
use crate::measure::calibration::{CalibrationSource, KnownScale};
use crate::measure::Expression;
use crate::scores::{examine, examine_corrected, ExamCalibration, ExamReport, ExamScores};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One exported exam with the clinician's values.
#[derive(Clone, Debug, Deserialize)]
pub struct AgreementExam {
    #[serde(default)]
    pub exam_id: Option<String>,
    pub scores: ExamScores,
    #[serde(default)]
    pub calibration: Option<ExamCalibration>,
    /// Item name -> the clinician's final value.
    #[serde(default)]
    pub clinician: BTreeMap<String, f64>,
    #[serde(default)]
    pub model_landmarks: BTreeMap<Expression, FaceLandmarks>,
    #[serde(default)]
    pub corrections: BTreeMap<Expression, LandmarkCorrections>,
}

/// The series to compare, and what could not be paired (one line each).
#[derive(Clone, Debug, Default)]
pub struct Paired {
    pub series: Vec<PairedSeries>,
    pub notes: Vec<String>,
}

/// Why an exam file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ExamFileError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("{exam}, view {view}: {why}")]
    BadFace { exam: String, view: String, why: String },
}

/// Reads the file's text; every face is checked (see [`super::imported_face`]) so that
/// nothing of a damaged file reaches measurement.
pub fn parse(json: &str) -> Result<Vec<AgreementExam>, ExamFileError> {
    let exams: Vec<AgreementExam> = serde_json::from_str(json)?;
    for (k, exam) in exams.iter().enumerate() {
        for (view, face) in &exam.model_landmarks {
            check_face(face).map_err(|why| ExamFileError::BadFace { exam: exam_label(exam, k), view: view.code().to_string(), why })?;
        }
    }
    Ok(exams)
}

/// The exam's id, else its place in the file ("exam 2").
fn exam_label(exam: &AgreementExam, k: usize) -> String {
    exam.exam_id.clone().unwrap_or_else(|| format!("exam {}", k + 1))
}

/// The scale the exam was measured with when the user gave one (the iris otherwise).
fn known_scale(calibration: Option<&ExamCalibration>) -> Option<KnownScale> {
    let c = calibration?.calibration;
    match c.source {
        CalibrationSource::Manual => Some(KnownScale::MmPerPx(c.mm_per_px)),
        CalibrationSource::KnownInterpupillaryDistance { mm } => Some(KnownScale::InterpupillaryMm(mm)),
        CalibrationSource::Iris { .. } => None,
    }
}

/// The exam measured on the model's landmarks and on the corrected ones; None when
/// nothing was corrected. Err says why it could not be measured.
pub fn measured_both_ways(exam: &AgreementExam) -> Result<Option<(ExamReport, ExamReport)>, String> {
    if exam.corrections.values().all(LandmarkCorrections::is_empty) {
        return Ok(None);
    }
    if exam.model_landmarks.is_empty() {
        return Err("has corrections but no model_landmarks".into());
    }
    let (known, side) = (known_scale(exam.calibration.as_ref()), Some(exam.scores.affected_side.side));
    let model = examine(&exam.model_landmarks, known, side).ok_or("no view could be pose-corrected")?;
    let corrected = examine_corrected(&exam.model_landmarks, &exam.corrections, known, side)
        .map_err(|e| format!("its corrections do not fit: {e}"))?
        .ok_or("no corrected view could be pose-corrected")?;
    Ok(Some((model, corrected)))
}

/// Every item and measurement across the exams, as pairs (series in name order).
pub fn pair_up(exams: &[AgreementExam]) -> Paired {
    let mut series: BTreeMap<(Compared, String), Vec<Pair>> = BTreeMap::new();
    let mut notes = Vec::new();
    for (k, exam) in exams.iter().enumerate() {
        let label = exam_label(exam, k);
        let suggested = score_items::suggested_values(&exam.scores);
        for (item, &clinician) in &exam.clinician {
            match suggested.get(item) {
                Some(&s) => series.entry((Compared::ScoreItem, item.clone())).or_default().push(Pair { suggested: s, clinician }),
                None => notes.push(format!("{label}: FaceGrade has no value for {item}; not compared")),
            }
        }
        match measured_both_ways(exam) {
            Ok(Some((model, corrected))) => {
                for (view, c) in &exam.corrections {
                    let (Some(before), Some(after)) = (model.views.get(view), corrected.views.get(view)) else { continue };
                    if c.is_empty() {
                        continue;
                    }
                    for (name, b) in &before.measurements {
                        let Some(a) = after.measurements.get(name) else { continue };
                        for (side, x, y) in [("left", b.left, a.left), ("right", b.right, a.right)] {
                            if !(x.is_finite() && y.is_finite()) {
                                continue;
                            }
                            let key = format!("{} {} {side}", view.code(), name.as_str());
                            series.entry((Compared::Measurement, key)).or_default().push(Pair { suggested: f64::from(x), clinician: f64::from(y) });
                        }
                    }
                }
            }
            Ok(None) => {}
            Err(why) => notes.push(format!("{label}: {why}; its measurements are not compared")),
        }
    }
    let series = series
        .into_iter()
        .map(|((compared, name), pairs)| PairedSeries { scale: if compared == Compared::ScoreItem { score_items::scale_of(&name) } else { super::Scale::Continuous }, name, compared, pairs })
        .collect();
    Paired { series, notes }
}
