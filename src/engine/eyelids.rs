//! Two opinions on each eye, fused into one lid estimate with an explicit confidence.
//!
//! Measured on palsy photos (engine issue): the attention model follows real lid margins
//! on open eyes and slits but once collapsed a narrowed, open eye to a line; the iris
//! model tracked that eye better but sat lower lids 2-3 px high on wide-open eyes. Neither
//! is trusted alone: the fused contour is their mean, and when their openings disagree by
//! more than the tolerance the eye is marked uncertain instead of guessed.

use super::eye_state::EyeImageReading;
use super::topology::lid::{self, LOWER, UPPER};
use crate::geometry::Point2;
use serde::{Deserialize, Serialize};

pub use super::topology::iris::radius_px as iris_radius_px;
pub use super::topology::lid::{LATERAL_CANTHUS, MEDIAL_CANTHUS};

/// Agreement tolerance between the two openings: 12 % of the eye's width, at least 1 px.
const TOLERANCE_FRACTION_OF_WIDTH: f32 = 0.12;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct EyeEstimate {
    /// Fused lid contour (16 points, layout in [`lid`]), image pixels.
    pub lid_contour: Vec<Point2>,
    /// Largest lid separation perpendicular to the canthal axis, per source and fused (px).
    pub opening_attention_px: f32,
    pub opening_iris_model_px: f32,
    pub opening_px: f32,
    /// Canthus-to-canthus distance (px).
    pub width_px: f32,
    /// 1 = both sources agree; 0 = they disagree by twice the tolerance or more.
    pub opening_confidence: f32,
    /// The two sources disagree beyond tolerance: do not trust eyelid measures blindly.
    pub uncertain: bool,
    /// Fused iris centre and radius (px, from the horizontal edge points).
    pub iris_centre: Point2,
    pub iris_radius_px: f32,
    /// Relative disagreement of the two iris radii (0 = identical).
    pub iris_radius_disagreement: f32,
    /// What the eye image itself says (open, narrowed, closed or unknown); when it reads
    /// closed the contour above has its lids laid together. Default (unknown) for faces
    /// not read from an image.
    #[serde(default)]
    pub image: EyeImageReading,
}

/// Largest upper-to-lower lid separation, measured perpendicular to the canthal axis.
pub fn lid_opening_px(contour: &[Point2]) -> f32 {
    let (lat, med) = (contour[LATERAL_CANTHUS], contour[MEDIAL_CANTHUS]);
    let axis = Point2::new(med.x - lat.x, med.y - lat.y);
    let len = (axis.x * axis.x + axis.y * axis.y).sqrt().max(1e-6);
    let normal = Point2::new(-axis.y / len, axis.x / len);
    let offset = |p: Point2| (p.x - lat.x) * normal.x + (p.y - lat.y) * normal.y;
    let along = |p: Point2| ((p.x - lat.x) * axis.x + (p.y - lat.y) * axis.y) / len;
    let lower = &contour[LOWER];
    let mut best = 0.0f32;
    for &u in &contour[UPPER] {
        let t = along(u);
        // Lower lid offset at the same position along the axis, by linear interpolation.
        let lower_offset = interpolate_offset(lower, t, &along, &offset);
        best = best.max((lower_offset - offset(u)).abs());
    }
    best
}

fn interpolate_offset(lid: &[Point2], t: f32, along: &dyn Fn(Point2) -> f32, offset: &dyn Fn(Point2) -> f32) -> f32 {
    for w in lid.windows(2) {
        let (t0, t1) = (along(w[0]), along(w[1]));
        if (t0 <= t && t <= t1) || (t1 <= t && t <= t0) {
            let f = if (t1 - t0).abs() < 1e-6 { 0.0 } else { (t - t0) / (t1 - t0) };
            return offset(w[0]) + (offset(w[1]) - offset(w[0])) * f;
        }
    }
    // Outside the lid's span: nearest end.
    let first = lid[0];
    let last = lid[lid.len() - 1];
    if (along(first) - t).abs() < (along(last) - t).abs() {
        offset(first)
    } else {
        offset(last)
    }
}

/// Fuses the attention model's refined eye and the iris model's contour for one eye.
pub fn fuse_eye(attention_eye: &[Point2], attention_iris: &[Point2; 5], iris_contour: Option<&[Point2]>, iris_model_iris: Option<&[Point2; 5]>) -> EyeEstimate {
    let mut out = EyeEstimate::default();
    fuse_eye_into(attention_eye, attention_iris, iris_contour, iris_model_iris, &mut out);
    out
}

/// As [`fuse_eye`], into an estimate whose contour buffer is reused.
pub fn fuse_eye_into(attention_eye: &[Point2], attention_iris: &[Point2; 5], iris_contour: Option<&[Point2]>, iris_model_iris: Option<&[Point2; 5]>, out: &mut EyeEstimate) {
    let a = &attention_eye[..lid::POINTS];
    let opening_attention_px = lid_opening_px(a);
    let width_px = a[LATERAL_CANTHUS].distance(a[MEDIAL_CANTHUS]);
    out.lid_contour.clear();
    let opening_iris_model_px = match iris_contour {
        Some(b) => {
            let b = &b[..lid::POINTS];
            out.lid_contour.extend(a.iter().zip(b).map(|(p, q)| p.midpoint(*q)));
            lid_opening_px(b)
        }
        None => {
            out.lid_contour.extend_from_slice(a);
            opening_attention_px
        }
    };
    let tolerance = (TOLERANCE_FRACTION_OF_WIDTH * width_px).max(1.0);
    let diff = (opening_attention_px - opening_iris_model_px).abs();
    let r_att = iris_radius_px(attention_iris);
    let (iris_centre, iris_radius_px, iris_radius_disagreement) = match iris_model_iris {
        Some(i) => {
            let r_iris = iris_radius_px(i);
            (attention_iris[0].midpoint(i[0]), (r_att + r_iris) / 2.0, (r_att - r_iris).abs() / r_att.max(r_iris).max(1e-6))
        }
        None => (attention_iris[0], r_att, 0.0),
    };
    out.opening_px = lid_opening_px(&out.lid_contour);
    out.opening_attention_px = opening_attention_px;
    out.opening_iris_model_px = opening_iris_model_px;
    out.width_px = width_px;
    out.opening_confidence = (1.0 - diff / (2.0 * tolerance)).clamp(0.0, 1.0);
    out.uncertain = diff > tolerance;
    out.iris_centre = iris_centre;
    out.iris_radius_px = iris_radius_px;
    out.iris_radius_disagreement = iris_radius_disagreement;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eye(open: f32) -> Vec<Point2> {
        let mut c = Vec::new();
        for i in 0..9 {
            let x = i as f32 * 4.0;
            c.push(Point2::new(x, (std::f32::consts::PI * i as f32 / 8.0).sin() * 2.0));
        }
        for i in 1..8 {
            let x = i as f32 * 4.0;
            c.push(Point2::new(x, -(std::f32::consts::PI * i as f32 / 8.0).sin() * open));
        }
        c
    }

    #[test]
    fn opening_is_the_largest_lid_gap() {
        assert!((lid_opening_px(&eye(8.0)) - 10.0).abs() < 1e-4);
    }

    #[test]
    fn disagreement_marks_the_eye_uncertain() {
        let iris = [Point2::new(16.0, 0.0), Point2::new(21.0, 0.0), Point2::new(16.0, -5.0), Point2::new(11.0, 0.0), Point2::new(16.0, 5.0)];
        let agree = fuse_eye(&eye(8.0), &iris, Some(&eye(8.3)), Some(&iris));
        assert!(!agree.uncertain && agree.opening_confidence > 0.8);
        let disagree = fuse_eye(&eye(8.0), &iris, Some(&eye(1.0)), Some(&iris));
        assert!(disagree.uncertain && disagree.opening_confidence < 0.2);
        assert!((agree.iris_radius_px - 5.0).abs() < 1e-5);
    }
}
