//! Rotated square regions of interest and the crops they define.

use super::detector::Detection;
use crate::geometry::{angle_of, normalize_radians, Affine2, Point2};
use serde::{Deserialize, Serialize};

/// A rotated square in image pixels: what a model input crop covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RotatedSquare {
    pub centre: Point2,
    pub size: f32,
    /// Radians; the crop's x axis points along this angle in the image (y down).
    pub rotation: f32,
}

impl RotatedSquare {
    /// Crop coordinates (continuous, 0..crop_size) -> image pixels. With `mirrored`, the
    /// crop is flipped horizontally (crop x = crop_size - x) before that.
    pub fn crop_to_image(&self, crop_size: usize, mirrored: bool) -> Affine2 {
        let k = self.size / crop_size as f32;
        let (s, c) = self.rotation.sin_cos();
        let half = crop_size as f32 / 2.0;
        // image = centre + R(rotation) * k * (u - half, v - half)
        let m = Affine2 {
            a: k * c,
            b: -k * s,
            c: self.centre.x - k * c * half + k * s * half,
            d: k * s,
            e: k * c,
            f: self.centre.y - k * s * half - k * c * half,
        };
        if mirrored {
            m.compose(&Affine2::mirror_x(crop_size as f32))
        } else {
            m
        }
    }

    /// MediaPipe's face ROI from a detection: rotation from the right-eye -> left-eye
    /// keypoints, square of 1.5x the larger box side, centred on the box.
    pub fn face_from_detection(d: &Detection) -> RotatedSquare {
        let rotation =
            normalize_radians(angle_of(d.keypoints[Detection::RIGHT_EYE], d.keypoints[Detection::LEFT_EYE]));
        RotatedSquare { centre: d.centre, size: 1.5 * d.width.max(d.height), rotation }
    }

    /// Face ROI for the next video frame from this frame's landmarks: rotation from the
    /// two lateral canthi, box of all points in that rotated frame, enlarged 1.5x.
    pub fn face_from_landmarks(points: impl IntoIterator<Item = Point2>, right_lateral_canthus: Point2, left_lateral_canthus: Point2) -> RotatedSquare {
        let rotation = normalize_radians(angle_of(right_lateral_canthus, left_lateral_canthus));
        Self::around_points(points, rotation, 1.5)
    }

    /// Eye ROI as MediaPipe's iris pipeline builds it: rotation from the first to the
    /// second corner, square of 2.3x their horizontal separation in the rotated frame.
    pub fn eye_from_corners(first: Point2, second: Point2) -> RotatedSquare {
        let rotation = normalize_radians(angle_of(first, second));
        let width = first.distance(second);
        RotatedSquare { centre: first.midpoint(second), size: 2.3 * width, rotation }
    }

    /// The square (side = `scale` x the longer box side) around `points` in a frame
    /// rotated by `rotation`.
    pub fn around_points(points: impl IntoIterator<Item = Point2>, rotation: f32, scale: f32) -> RotatedSquare {
        let (s, c) = rotation.sin_cos();
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in points {
            let (x, y) = (c * p.x + s * p.y, -s * p.x + c * p.y);
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
        }
        let (mx, my) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
        let centre = Point2::new(c * mx - s * my, s * mx + c * my);
        RotatedSquare { centre, size: scale * (max_x - min_x).max(max_y - min_y), rotation }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_affine_matches_reference_manifest() {
        // ../shared/data/reference/manifest.json: face_roi and face_crop_affine_out_to_img.
        let roi = RotatedSquare {
            centre: Point2::new(226.47711, 129.20851),
            size: 141.87929,
            rotation: 0.1429557,
        };
        let m = roi.crop_to_image(192, false);
        let expected = [0.7314167, -0.10527833, 166.36783, 0.10527833, 0.7314167, 48.885788];
        let got = [m.a, m.b, m.c, m.d, m.e, m.f];
        for (g, e) in got.iter().zip(expected) {
            assert!((g - e).abs() < 1e-3, "{got:?} vs {expected:?}");
        }
    }

    #[test]
    fn mirrored_crop_flips_horizontally() {
        let roi = RotatedSquare { centre: Point2::new(50.0, 40.0), size: 64.0, rotation: 0.0 };
        let m = roi.crop_to_image(64, true);
        assert_eq!(m.apply(Point2::new(0.0, 0.0)), Point2::new(82.0, 8.0));
    }
}
