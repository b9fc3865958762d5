//! Hand-built exam readings (typed in, no models) shared by the score tests.

use facegrade::measure::Expression::{self, *};
use facegrade::scores::ExamReadings;

/// (view, measurement, left, right)
pub type Row = (Expression, &'static str, f32, f32);

pub fn exam(rows: &[Row]) -> ExamReadings {
    rows.iter().fold(ExamReadings::default(), |r, &(v, m, left, right)| r.with(v, m.parse().unwrap(), left, right))
}

/// A symmetric, normally moving face (typical adult values, mm and degrees).
pub const SYMMETRIC: [Row; 18] = [
    (Rest, "brow_height_mm", 20.0, 20.0),
    (Rest, "palpebral_fissure_height_mm", 10.0, 10.0),
    (Rest, "commissure_excursion_mm", 25.0, 25.0),
    (Rest, "smile_angle_deg", 100.0, 100.0),
    (Rest, "commissure_height_mm", 45.0, 45.0),
    (Rest, "dental_show_mm", 0.0, 0.0),
    (Rest, "alar_base_height_mm", 30.0, 30.0),
    (BrowRaise, "brow_height_mm", 27.0, 27.0),
    (BrowRaise, "palpebral_fissure_height_mm", 11.0, 11.0),
    (GentleClosure, "palpebral_fissure_height_mm", 0.5, 0.5),
    (TightClosure, "palpebral_fissure_height_mm", 0.0, 0.0),
    (SmallSmile, "commissure_excursion_mm", 28.0, 28.0),
    (BigSmile, "commissure_excursion_mm", 32.0, 32.0),
    (BigSmile, "palpebral_fissure_height_mm", 8.0, 8.0),
    (Pucker, "commissure_excursion_mm", 18.0, 18.0),
    (Pucker, "palpebral_fissure_height_mm", 10.0, 10.0),
    (LowerTeeth, "dental_show_mm", 5.0, 5.0),
    (Snarl, "alar_base_height_mm", 27.0, 27.0),
];

/// [`SYMMETRIC`] with both eyes read in the snarl too (8 mm: narrowing 2 mm, as in the
/// big smile).
pub fn symmetric_with_snarl_fissures() -> Vec<Row> {
    let mut rows = SYMMETRIC.to_vec();
    rows.push((Snarl, "palpebral_fissure_height_mm", 8.0, 8.0));
    rows
}

/// `rows` with some readings replaced (same view and measurement).
pub fn replaced(rows: &[Row], changes: &[Row]) -> Vec<Row> {
    rows.iter().map(|row| *changes.iter().find(|c| c.0 == row.0 && c.1 == row.1).unwrap_or(row)).collect()
}

/// Right-sided flaccid palsy (tests/scores.rs works its scores out by hand).
pub fn flaccid_right_rows() -> Vec<Row> {
    vec![
        (Rest, "brow_height_mm", 20.0, 16.0),
        (Rest, "palpebral_fissure_height_mm", 10.0, 12.0),
        (Rest, "commissure_excursion_mm", 25.0, 24.0),
        (Rest, "smile_angle_deg", 100.0, 92.0),
        (Rest, "commissure_height_mm", 45.0, 48.0),
        (Rest, "alar_base_height_mm", 30.0, 30.0),
        (BrowRaise, "brow_height_mm", 27.0, 17.0),
        (BrowRaise, "palpebral_fissure_height_mm", 11.0, 12.0),
        (GentleClosure, "palpebral_fissure_height_mm", 0.5, 6.0),
        (TightClosure, "palpebral_fissure_height_mm", 0.0, 3.0),
        (SmallSmile, "commissure_excursion_mm", 28.0, 24.5),
        (BigSmile, "commissure_excursion_mm", 32.0, 26.0),
        (BigSmile, "palpebral_fissure_height_mm", 8.0, 12.0),
        (Pucker, "commissure_excursion_mm", 18.0, 22.0),
        (Pucker, "palpebral_fissure_height_mm", 10.0, 12.0),
        (LowerTeeth, "dental_show_mm", 5.0, 2.0),
        (Snarl, "alar_base_height_mm", 27.0, 29.5),
        (Snarl, "palpebral_fissure_height_mm", 8.0, 12.0),
    ]
}
