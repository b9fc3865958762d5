//! One head solved from its rows: every training view gives a row of the head's features
//! and, per trained landmark, a target (the clinician's point, else the model's own); a
//! ridge regression toward the original weights (see [`super::ridge`]) gives the new
//! output channels. Targets are solved in the head's raw units, before its attention
//! transform.

use super::dataset::TrainingFrame;
use super::features::HeadReading;
use super::heads::{Head, HeadKind};
use super::model_file::ModelFile;
use super::ridge::RidgeSystem;
use super::trainer::FineTuneError;
use crate::geometry::{Affine2, Point2};
use std::collections::BTreeMap;

/// One crop view's targets for one head.
pub(super) struct Row {
    pub(super) features: Vec<f32>,
    pub(super) transform: Option<([f32; 4], [f32; 2])>,
    /// (label, target in crop pixels, the model's own output, corrected?)
    pub(super) targets: Vec<(usize, Point2, Point2, bool)>,
}

/// One view's row for a head: its features, and per label a target in crop pixels (the
/// corrected point mapped into this view, else the model's own output).
pub(super) fn row(reading: &HeadReading, kind: HeadKind, labels: &[usize], mirrored: bool, mirror: &[usize], frame: &TrainingFrame, frame_to_view: &Affine2) -> Row {
    let vpp = kind.values_per_point();
    let targets = labels
        .iter()
        .map(|&k| {
            let own = Point2::new(reading.output[vpp * k], reading.output[vpp * k + 1]);
            match frame.corrected.get(&kind.landmark(k, mirrored, mirror)) {
                Some(&p) => (k, frame_to_view.apply(p), own, true),
                None => (k, own, own, false),
            }
        })
        .collect();
    Row { features: reading.features.clone(), transform: reading.transform, targets }
}

/// Solves one head by ridge regression toward `base`'s weights and writes the trained
/// channels into `current`; adds the corrected targets' errors to `sums`.
pub(super) fn solve_head(base: &ModelFile, current: &mut ModelFile, head: &Head, labels: &[usize], rows: Vec<Row>, prior_strength: f64, sums: &mut (f64, f64, usize)) -> Result<(), FineTuneError> {
    if rows.is_empty() || labels.is_empty() {
        return Ok(());
    }
    let vpp = head.kind.values_per_point();
    let d = head.feature_len;
    let mut weights = base.weights(&head.weight)?;
    let mut bias = base.weights(&head.bias)?;
    let features: Vec<&[f32]> = rows.iter().map(|r| r.features.as_slice()).collect();
    let system = RidgeSystem::new(&features, prior_strength)?;
    let mut new_raw: BTreeMap<usize, [Vec<f32>; 2]> = BTreeMap::new();
    for (j, &k) in labels.iter().enumerate() {
        // Every row carries label k at position j; targets in raw (pre-transform) units.
        let raw: Vec<Point2> = rows.iter().map(|r| to_raw(r.targets[j].1, r.transform)).collect();
        let tx: Vec<f64> = raw.iter().map(|p| p.x as f64).collect();
        let ty: Vec<f64> = raw.iter().map(|p| p.y as f64).collect();
        let solved = [(vpp * k, &tx), (vpp * k + 1, &ty)].map(|(c, targets)| {
            let mut original = weights[c * d..(c + 1) * d].to_vec();
            original.push(bias[c]);
            system.solve(&features, targets, &original)
        });
        new_raw.insert(k, solved);
    }
    for r in &rows {
        for t in r.targets.iter().filter(|t| t.3) {
            let [wx, wy] = &new_raw[&t.0];
            let dot = |w: &[f32]| r.features.iter().zip(w).map(|(a, b)| a * b).sum::<f32>();
            let predicted = from_raw(Point2::new(dot(wx), dot(wy)), r.transform);
            sums.0 += t.2.distance(t.1) as f64;
            sums.1 += predicted.distance(t.1) as f64;
            sums.2 += 1;
        }
    }
    for (k, [wx, wy]) in new_raw {
        for (c, w) in [(vpp * k, wx), (vpp * k + 1, wy)] {
            weights[c * d..(c + 1) * d].copy_from_slice(&w[..d]);
            bias[c] = w[d];
        }
    }
    current.set_weights(&head.weight, &weights)?;
    current.set_weights(&head.bias, &bias)?;
    Ok(())
}

/// A refined head's crop point back to its raw output: raw = (p - t) A^-1.
fn to_raw(p: Point2, transform: Option<([f32; 4], [f32; 2])>) -> Point2 {
    match transform {
        None => p,
        Some((a, t)) => {
            let (x, y) = (p.x - t[0], p.y - t[1]);
            let det = a[0] * a[3] - a[1] * a[2];
            // [x y] = [rx ry] [[a0 a1] [a2 a3]]  =>  [rx ry] = [x y] inv(A)
            Point2::new((x * a[3] - y * a[2]) / det, (-x * a[1] + y * a[0]) / det)
        }
    }
}

fn from_raw(raw: Point2, transform: Option<([f32; 4], [f32; 2])>) -> Point2 {
    match transform {
        None => raw,
        Some((a, t)) => Point2::new(raw.x * a[0] + raw.y * a[2] + t[0], raw.x * a[1] + raw.y * a[3] + t[1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_crop_points_round_trip_through_the_attention_transform() {
        let t = Some(([0.8, 0.1, -0.2, 1.1], [30.0, 40.0]));
        let raw = Point2::new(12.0, -7.0);
        let back = to_raw(from_raw(raw, t), t);
        assert!(back.distance(raw) < 1e-4);
    }
}
