//! Error bars: every value's standard uncertainty, and whether a change between two exams
//! of one patient exceeds what measurement error explains.
//!
//! What is stated is the **standard uncertainty** (one standard deviation, GUM's *u*),
//! in the value's own unit: `uncertainty_mm` beside a millimetre value, `uncertainty_deg`
//! beside an angle. A 95 % interval is value ± 1.96 *u*. It combines, in quadrature:
//! - the measurement spread: the standard deviation of the value across the crop views a
//!   still is analysed under (each view's direct and mirrored pass averaged, as the
//!   reported value is), all measured with the same calibration;
//! - the calibration, for millimetres only: the iris reading's own spread across the
//!   views (relative, within the person), and the between-person spread of the iris
//!   diameter the scale assumes: 11.7 ± 0.5 mm (MediaPipe Iris), a relative error of
//!   0.5 / 11.7 = 4.3 % that scales every millimetre value of the face alike. Angles and
//!   ratios are unaffected by the scale (it cancels). A scale the user entered (a ruler,
//!   a known interpupillary distance) carries no iris term: its error is the user's.
//!
//! For the same patient over time the iris is the same, so the between-person term is a
//! fixed bias that cancels in a change: the minimal detectable change uses the
//! within-person part only ([`Uncertainty::within_person`]).

use super::calibration::{calibrate, Calibration};
use super::measurements::{measure_with_calibration, number_or_nan, SideValue, Unit};
use crate::engine::face_landmarks::FaceLandmarks;
use super::name::MeasurementName;
use super::units::IRIS_DIAMETER_MM;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Between-person standard deviation of the visible iris diameter (mm; MediaPipe Iris:
/// 11.7 ± 0.5 mm).
pub const IRIS_DIAMETER_SD_MM: f32 = 0.5;

/// The relative scale error the assumed iris diameter brings to every millimetre value.
pub const IRIS_SCALE_RELATIVE_SD: f32 = IRIS_DIAMETER_SD_MM / IRIS_DIAMETER_MM;

/// Coverage factor of a two-sided 95 % normal interval.
pub const Z_95: f32 = 1.96;

/// A standard deviation per side and of the left/right difference (in the value's unit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SideSpread {
    #[serde(deserialize_with = "number_or_nan")]
    pub left: f32,
    #[serde(deserialize_with = "number_or_nan")]
    pub right: f32,
    #[serde(deserialize_with = "number_or_nan")]
    pub difference: f32,
}

/// How much the scale (mm per pixel) is uncertain, relative (0.043 = 4.3 %).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScaleUncertainty {
    /// The iris reading's own spread across the views: repeats for the same person.
    pub within_person: f32,
    /// The assumed iris diameter against the person's own: a fixed bias per person.
    pub between_person: f32,
}

/// The spread of one still's readings across its crop views: what the measurement itself
/// repeats to. Computed by the engine for a still, kept with the face.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadingSpread {
    /// How many readings the spread is over.
    pub readings: u32,
    /// The scale the millimetre spreads are at (a measurement at another scale, an exam's
    /// carried calibration, rescales them).
    pub mm_per_px: f32,
    /// Relative standard error of the iris-derived mm per pixel of the readings' mean
    /// (their relative standard deviation over √readings).
    pub scale_relative: f32,
    /// Per measurement, the standard deviation of each side and of the difference, in
    /// millimetres at the face's own scale (degrees for angles).
    pub measurements: BTreeMap<MeasurementName, SideSpread>,
}

/// One value's standard uncertainty (1 SD), per side and of the difference: all sources
/// (the stated error bar), and the part that repeats within the person (for changes).
/// Serialised beside the value as `uncertainty_mm` or `uncertainty_deg`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    #[serde(flatten)]
    pub total: SideSpread,
    pub within_person: SideSpread,
}

/// Sample standard deviation of the finite values; NaN with fewer than two.
pub fn standard_deviation(values: impl IntoIterator<Item = f32>) -> f32 {
    let v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).map(f64::from).collect();
    if v.len() < 2 {
        return f32::NAN;
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt() as f32
}

impl ReadingSpread {
    /// The spread of several readings of one face: each reading's measurements (all with
    /// one calibration) and each reading's own iris scale (mm per pixel). None with fewer
    /// than two readings.
    pub fn of(readings: &[BTreeMap<MeasurementName, SideValue>], mm_per_px: f32, own_scales: &[f32]) -> Option<ReadingSpread> {
        if readings.len() < 2 {
            return None;
        }
        let measurements = MeasurementName::ALL
            .into_iter()
            .map(|name| {
                let sd = |pick: fn(&SideValue) -> f32| standard_deviation(readings.iter().filter_map(|r| r.get(&name)).map(pick));
                (name, SideSpread { left: sd(|v| v.left), right: sd(|v| v.right), difference: sd(|v| v.left - v.right) })
            })
            .collect();
        // The calibration reads the iris of the mean face (all views averaged): its error
        // is the standard error of that mean, the views' iris readings being separate
        // model runs on differently cut crops.
        let mean_scale = own_scales.iter().sum::<f32>() / own_scales.len().max(1) as f32;
        let scale_relative = standard_deviation(own_scales.iter().copied()) / mean_scale / (own_scales.len() as f32).sqrt();
        Some(ReadingSpread { readings: readings.len() as u32, mm_per_px, scale_relative: if scale_relative.is_finite() { scale_relative } else { 0.0 }, measurements })
    }
}

/// The spread of a still's measurements across its crop views (`views`: one face per
/// view, its passes averaged), each view measured with `face`'s iris calibration carried
/// by the view's own pose-fit scale (as an exam carries it between views), so that the
/// spread is the landmarks' alone; the iris reading's own spread is kept apart, relative.
pub fn spread_across_views(face: &FaceLandmarks, views: &[FaceLandmarks]) -> Option<ReadingSpread> {
    let calibration = calibrate(face, None);
    let mut readings = Vec::with_capacity(views.len());
    let mut own_scales = Vec::with_capacity(views.len());
    for view in views {
        let mm_per_px = if face.pixels_per_frontal_unit > 0.0 && view.pixels_per_frontal_unit > 0.0 {
            calibration.mm_per_px * face.pixels_per_frontal_unit / view.pixels_per_frontal_unit
        } else {
            calibration.mm_per_px
        };
        let Some(m) = measure_with_calibration(view, Calibration { mm_per_px, ..calibration }, None) else { continue };
        readings.push(m.measurements);
        own_scales.push(calibrate(view, None).mm_per_px);
    }
    ReadingSpread::of(&readings, calibration.mm_per_px, &own_scales)
}

/// One value's uncertainty: the measurement spread with, for millimetres, the scale's
/// relative uncertainty applied to the value itself, in quadrature.
pub fn value_uncertainty(value: &SideValue, spread: &SideSpread, scale: ScaleUncertainty) -> Uncertainty {
    let (within, between) = match value.unit {
        Unit::Millimetres => (scale.within_person, scale.between_person),
        // An angle is a ratio of lengths: the scale cancels.
        Unit::Degrees => (0.0, 0.0),
    };
    let combine = |sd: f32, x: f32, relative: &[f32]| relative.iter().fold(sd * sd, |acc, r| acc + (r * x).powi(2)).sqrt();
    let part = |relative: &[f32]| SideSpread {
        left: combine(spread.left, value.left, relative),
        right: combine(spread.right, value.right, relative),
        difference: combine(spread.difference, value.left - value.right, relative),
    };
    Uncertainty { total: part(&[within, between]), within_person: part(&[within]) }
}

/// Whether a change from a baseline exceeds what measurement error explains.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeVerdict {
    /// Follow-up minus baseline.
    pub change: f32,
    /// Minimal detectable change at 95 %: 1.96 × √(u_baseline² + u_follow-up²), which is
    /// the familiar 1.96 × √2 × SE when both exams have the same standard error SE.
    pub mdc95: f32,
    /// |change| > MDC95: a real change, beyond measurement error.
    pub exceeds_error: bool,
}

/// The minimal detectable change (95 %) between two readings with these within-person
/// standard uncertainties.
pub fn mdc95(baseline_u: f32, follow_up_u: f32) -> f32 {
    Z_95 * (baseline_u * baseline_u + follow_up_u * follow_up_u).sqrt()
}

/// Compares a follow-up reading with the baseline; None when either uncertainty is
/// unknown (no change can be called real or not then).
pub fn real_change(baseline: f32, baseline_u: f32, follow_up: f32, follow_up_u: f32) -> Option<ChangeVerdict> {
    let mdc95 = mdc95(baseline_u, follow_up_u);
    let change = follow_up - baseline;
    (mdc95.is_finite() && change.is_finite()).then_some(ChangeVerdict { change, mdc95, exceeds_error: change.abs() > mdc95 })
}

/// "3.1 ± 0.4 mm": a value with its standard uncertainty, or the bare value without one;
/// "-" for a value that could not be computed.
pub fn with_error_bar(value: f32, u: Option<f32>, unit: Unit) -> String {
    with_error_bar_in(value, u, unit, crate::i18n::Lang::En)
}

/// [`with_error_bar`] with the unit written in `lang` ("deg" is 度 in Japanese).
pub fn with_error_bar_in(value: f32, u: Option<f32>, unit: Unit, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{text, Msg};
    if !value.is_finite() {
        return "-".into();
    }
    let unit = text(if unit == Unit::Degrees { Msg::UnitDeg } else { Msg::UnitMm }, lang);
    match u.filter(|u| u.is_finite()) {
        Some(u) => format!("{value:.1} ± {u:.1} {unit}"),
        None => format!("{value:.1} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::measurements::{Region, Severity};

    fn value(left: f32, right: f32, unit: Unit) -> SideValue {
        SideValue { left, right, difference: (left - right).abs(), percent: None, severity: Severity::None, unit, region: Region::Mouth, confidence: 1.0, uncertain: false, uncertainty_mm: None, uncertainty_deg: None }
    }

    #[test]
    fn the_iris_term_scales_millimetres_and_leaves_angles_alone() {
        let spread = SideSpread { left: 0.3, right: 0.4, difference: 0.5 };
        let scale = ScaleUncertainty { within_person: 0.0, between_person: IRIS_SCALE_RELATIVE_SD };
        let mm = value_uncertainty(&value(10.0, 0.0, Unit::Millimetres), &spread, scale);
        assert!((mm.total.left - (0.09f32 + (10.0 * 0.5 / 11.7f32).powi(2)).sqrt()).abs() < 1e-5, "{mm:?}");
        assert!((mm.total.right - 0.4).abs() < 1e-6, "a zero value has no scale error");
        assert_eq!(mm.within_person, spread, "the between-person term is not within the person");
        let deg = value_uncertainty(&value(100.0, 90.0, Unit::Degrees), &spread, scale);
        assert_eq!(deg.total, spread);
    }

    #[test]
    fn mdc_is_1_96_root_2_se_and_calls_only_larger_changes_real() {
        assert!((mdc95(0.5, 0.5) - 1.96 * 2f32.sqrt() * 0.5).abs() < 1e-6);
        let small = real_change(3.0, 0.5, 4.0, 0.5).unwrap();
        assert!(!small.exceeds_error && (small.change - 1.0).abs() < 1e-6);
        assert!(real_change(3.0, 0.5, 1.5, 0.5).unwrap().exceeds_error);
        assert_eq!(real_change(3.0, f32::NAN, 9.0, 0.5), None);
    }

    #[test]
    fn spread_is_the_sample_sd_over_readings() {
        assert!((standard_deviation([1.0, 2.0, 3.0]) - 1.0).abs() < 1e-6);
        assert!(standard_deviation([1.0, f32::NAN]).is_nan());
        let reading = |l: f32| BTreeMap::from([(MeasurementName::Mrd1, value(l, 1.0, Unit::Millimetres))]);
        let s = ReadingSpread::of(&[reading(1.0), reading(2.0), reading(3.0)], 0.1, &[0.1, 0.1, 0.1]).unwrap();
        assert_eq!(s.readings, 3);
        assert_eq!(s.scale_relative, 0.0);
        let m = s.measurements[&MeasurementName::Mrd1];
        assert!((m.left - 1.0).abs() < 1e-6 && m.right == 0.0 && (m.difference - 1.0).abs() < 1e-6);
        assert!(s.measurements[&MeasurementName::BrowHeight].left.is_nan(), "not measured: no spread");
        assert_eq!(with_error_bar(3.14, Some(0.42), Unit::Millimetres), "3.1 ± 0.4 mm");
        assert_eq!(with_error_bar(3.14, None, Unit::Degrees), "3.1 deg");
        assert_eq!(with_error_bar(f32::NAN, Some(0.4), Unit::Millimetres), "-");
    }
}
