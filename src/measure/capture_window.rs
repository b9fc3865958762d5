//! An exam capture's error bars from the frames of its capture window: the frames in
//! which the patient holds the expression near its peak are repeated readings of one
//! face, and their spread is how far the captured peak could have read otherwise.
//!
//! Held means within [`HOLD_TOLERANCE_MM`] of the window's peak score
//! ([`Expression::peak_score`]: how far into the expression a frame is); at rest every
//! frame is held. Each frame was measured live (one pass, its own iris scale), so the
//! frames' spread includes the scale's frame-to-frame jitter.

use super::exam::Expression;
use super::measurements::{FaceMeasurements, Unit};
use super::uncertainty::{ReadingSpread, SideSpread};
use std::collections::BTreeMap;

/// How close to the window's peak (mm of the expression's peak score) a frame must be to
/// count as the expression held: half of the smallest movement that counts as shown
/// ([`super::timeline::MIN_MOVEMENT_MM`]), well above the score's frame-to-frame jitter.
pub const HOLD_TOLERANCE_MM: f32 = super::timeline::MIN_MOVEMENT_MM / 2.0;

/// Fewest held frames whose spread is stated (a standard deviation of two is too rough).
pub const MIN_HELD_FRAMES: usize = 3;

/// The live readings of one view's capture window that passed the quality gate.
#[derive(Clone, Debug, Default)]
pub struct CaptureWindow {
    frames: Vec<(f32, FaceMeasurements)>,
}

impl CaptureWindow {
    /// Keeps a frame that passed the gate, with its score for `view`.
    pub fn add(&mut self, view: Expression, measured: &FaceMeasurements) {
        let score = view.peak_score(measured);
        if score.is_finite() {
            self.frames.push((score, measured.clone()));
        }
    }

    /// The frames held near the peak.
    pub fn held(&self) -> impl Iterator<Item = &FaceMeasurements> {
        let peak = self.frames.iter().map(|f| f.0).fold(f32::NEG_INFINITY, f32::max);
        self.frames.iter().filter(move |f| f.0 >= peak - HOLD_TOLERANCE_MM).map(|f| &f.1)
    }

    /// The spread of the held frames' measurements; None with fewer than
    /// [`MIN_HELD_FRAMES`]. Its scale term is 0: each frame's own iris scale is already in
    /// its millimetres.
    pub fn spread(&self) -> Option<ReadingSpread> {
        let held: Vec<&FaceMeasurements> = self.held().collect();
        if held.len() < MIN_HELD_FRAMES {
            return None;
        }
        let readings: Vec<_> = held.iter().map(|m| m.measurements.clone()).collect();
        let mm_per_px = held.iter().map(|m| m.mm_per_px).sum::<f32>() / held.len() as f32;
        ReadingSpread::of(&readings, mm_per_px, &vec![mm_per_px; held.len()])
    }
}

/// An exam capture's spread: per value the larger of the still's spread across its crop
/// views and the capture window's across its held frames (each is a way the captured
/// value could have come out otherwise; the larger is stated), the still's scale term
/// kept. Either alone when the other is missing.
pub fn capture_spread(still: Option<ReadingSpread>, window: Option<ReadingSpread>) -> Option<ReadingSpread> {
    let (Some(still), Some(window)) = (still.clone(), window.clone()) else { return still.or(window) };
    let k = if window.mm_per_px > 0.0 { still.mm_per_px / window.mm_per_px } else { 1.0 };
    let larger = |a: f32, b: f32| if a.is_nan() { b } else if b.is_nan() { a } else { a.max(b) };
    let measurements: BTreeMap<_, _> = still
        .measurements
        .iter()
        .map(|(name, s)| {
            let w = window.measurements.get(name).copied().unwrap_or(SideSpread { left: f32::NAN, right: f32::NAN, difference: f32::NAN });
            // Angles need no rescaling; millimetres go to the still's scale.
            let k = if name.unit() == Unit::Millimetres { k } else { 1.0 };
            (*name, SideSpread { left: larger(s.left, w.left * k), right: larger(s.right, w.right * k), difference: larger(s.difference, w.difference * k) })
        })
        .collect();
    Some(ReadingSpread { readings: still.readings + window.readings, measurements, ..still })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::uncertainty::SideSpread;
    use crate::measure::MeasurementName::{CommissureExcursion, SmileAngle};

    fn spread(mm_per_px: f32, excursion: f32, angle: f32) -> ReadingSpread {
        let side = |x: f32| SideSpread { left: x, right: x, difference: x };
        ReadingSpread { readings: 5, mm_per_px, scale_relative: 0.01, measurements: BTreeMap::from([(CommissureExcursion, side(excursion)), (SmileAngle, side(angle))]) }
    }

    #[test]
    fn the_larger_spread_is_stated_at_the_stills_scale() {
        let merged = capture_spread(Some(spread(0.1, 0.2, 3.0)), Some(spread(0.2, 0.3, 1.0))).unwrap();
        // The window's 0.3 mm at 0.2 mm/px is 0.15 mm at the still's 0.1 mm/px: smaller.
        assert!((merged.measurements[&CommissureExcursion].left - 0.2).abs() < 1e-6);
        assert_eq!(merged.measurements[&SmileAngle].left, 3.0);
        let merged = capture_spread(Some(spread(0.1, 0.2, 1.0)), Some(spread(0.1, 0.5, 2.0))).unwrap();
        assert_eq!((merged.measurements[&CommissureExcursion].left, merged.measurements[&SmileAngle].right), (0.5, 2.0));
        assert_eq!((merged.scale_relative, merged.readings), (0.01, 10), "the still's scale term");
        assert_eq!(capture_spread(None, Some(spread(0.1, 0.5, 2.0))).unwrap().measurements[&CommissureExcursion].left, 0.5);
        assert_eq!(capture_spread(None, None), None);
    }
}
