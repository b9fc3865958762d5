//! The pose-normalised face in millimetres: head roll, yaw and pitch removed by the
//! engine's rigid alignment to the canonical face, then scaled by the calibration.
//! Axes: x toward the subject's left (x = 0 is the facial midline), y down.

use crate::engine::face_landmarks::FaceLandmarks;
use crate::geometry::Point2;

pub struct FaceFrame {
    /// All 478 landmarks, frontalised, in millimetres.
    pub points: Vec<Point2>,
}

impl FaceFrame {
    /// None when the canonical face (and so the pose correction) is unavailable.
    pub fn new(face: &FaceLandmarks, mm_per_px: f32) -> Option<FaceFrame> {
        if face.frontal.is_empty() || face.pixels_per_frontal_unit <= 0.0 {
            return None;
        }
        let mm_per_unit = face.pixels_per_frontal_unit * mm_per_px;
        Some(FaceFrame { points: face.frontal.iter().map(|p| Point2::new(p.x * mm_per_unit, p.y * mm_per_unit)).collect() })
    }

    pub fn at(&self, index: usize) -> Point2 {
        self.points[index]
    }

    pub fn polyline(&self, indices: &[usize]) -> Vec<Point2> {
        indices.iter().map(|&i| self.points[i]).collect()
    }
}

/// Height (y) of a polyline where it crosses the vertical line at `x` (linear
/// interpolation; Emotrics fits a smoothing spline, which differs by well under 0.1 mm on
/// mesh-dense contours). None when the polyline does not span `x`.
pub fn y_at(polyline: &[Point2], x: f32) -> Option<f32> {
    polyline.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        let (lo, hi) = if a.x <= b.x { (a, b) } else { (b, a) };
        if x < lo.x || x > hi.x {
            return None;
        }
        let t = if (hi.x - lo.x).abs() < 1e-6 { 0.5 } else { (x - lo.x) / (hi.x - lo.x) };
        Some(lo.y + (hi.y - lo.y) * t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_along_x_in_either_direction() {
        let line = [Point2::new(0.0, 0.0), Point2::new(2.0, 2.0), Point2::new(4.0, 0.0)];
        assert_eq!(y_at(&line, 1.0), Some(1.0));
        let reversed: Vec<Point2> = line.iter().rev().copied().collect();
        assert_eq!(y_at(&reversed, 3.0), Some(1.0));
        assert_eq!(y_at(&line, 5.0), None);
    }
}
