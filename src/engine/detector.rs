//! BlazeFace short-range face detection: letterboxed 128x128 input, 896 SSD anchors,
//! box + 6 keypoint decoding and MediaPipe's weighted non-max suppression.

use super::runtime::{ModelError, ModelRunner};
use crate::geometry::{Affine2, Point2};
use crate::image_view::{sample_crop, ImageView, InputScaling};
use serde::Serialize;

pub const DETECTOR_INPUT: usize = 128;
const ANCHOR_COUNT: usize = 896;
/// MediaPipe's face_detection_short_range thresholds.
const MIN_SCORE: f32 = 0.5;
const MIN_SUPPRESSION_IOU: f32 = 0.3;

/// One detected face in image pixels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Detection {
    pub score: f32,
    pub centre: Point2,
    pub width: f32,
    pub height: f32,
    /// Subject's right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion.
    pub keypoints: [Point2; 6],
}

impl Detection {
    pub const RIGHT_EYE: usize = 0;
    pub const LEFT_EYE: usize = 1;

    /// Relabels a detection made on a mirrored crop whose positions were already mapped
    /// back into the unmirrored frame: the model's right eye (and ear) is the subject's left.
    pub fn relabel_mirrored(&self) -> Detection {
        let k = self.keypoints;
        Detection { keypoints: [k[1], k[0], k[2], k[3], k[5], k[4]], ..self.clone() }
    }

    /// Point-wise mean of two detections of the same face.
    pub fn averaged_with(&self, other: &Detection) -> Detection {
        Detection {
            score: (self.score + other.score) / 2.0,
            centre: self.centre.midpoint(other.centre),
            width: (self.width + other.width) / 2.0,
            height: (self.height + other.height) / 2.0,
            keypoints: std::array::from_fn(|k| self.keypoints[k].midpoint(other.keypoints[k])),
        }
    }

    pub fn iou(&self, other: &Detection) -> f32 {
        let (ax0, ax1) = (self.centre.x - self.width / 2.0, self.centre.x + self.width / 2.0);
        let (ay0, ay1) = (self.centre.y - self.height / 2.0, self.centre.y + self.height / 2.0);
        let (bx0, bx1) = (other.centre.x - other.width / 2.0, other.centre.x + other.width / 2.0);
        let (by0, by1) = (other.centre.y - other.height / 2.0, other.centre.y + other.height / 2.0);
        let iw = (ax1.min(bx1) - ax0.max(bx0)).max(0.0);
        let ih = (ay1.min(by1) - ay0.max(by0)).max(0.0);
        let inter = iw * ih;
        let union = self.width * self.height + other.width * other.height - inter;
        if union <= 0.0 {
            0.0
        } else {
            inter / union
        }
    }
}

/// Anchor centres in [0, 1] of the 128 input: stride 8 (16x16 grid, 2 per cell), then
/// stride 16 (8x8 grid, 6 per cell), all of unit size.
fn anchors() -> Vec<Point2> {
    let mut out = Vec::with_capacity(ANCHOR_COUNT);
    for (grid, per_cell) in [(16usize, 2usize), (8, 6)] {
        for y in 0..grid {
            for x in 0..grid {
                for _ in 0..per_cell {
                    out.push(Point2::new((x as f32 + 0.5) / grid as f32, (y as f32 + 0.5) / grid as f32));
                }
            }
        }
    }
    out
}

pub struct FaceDetector {
    runner: ModelRunner,
    anchors: Vec<Point2>,
    candidates: Vec<Detection>,
}

impl FaceDetector {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let runner = ModelRunner::from_bytes("face detector", bytes, &[1, DETECTOR_INPUT, DETECTOR_INPUT, 3])?;
        Ok(FaceDetector { runner, anchors: anchors(), candidates: Vec::with_capacity(64) })
    }

    /// The letterbox: 128-input coordinates -> image pixels (square, centred, zero padded).
    pub fn letterbox(width: u32, height: u32) -> Affine2 {
        let side = width.max(height) as f32;
        let s = side / DETECTOR_INPUT as f32;
        Affine2 { a: s, b: 0.0, c: (width as f32 - side) / 2.0, d: 0.0, e: s, f: (height as f32 - side) / 2.0 }
    }

    /// Detects faces; `to_image` maps 128-input coordinates to the frame (see [`FaceDetector::letterbox`]).
    pub fn detect(&mut self, image: &ImageView, to_image: &Affine2) -> Result<Vec<Detection>, ModelError> {
        sample_crop(image, to_image, DETECTOR_INPUT, InputScaling::MinusOneToOne, self.runner.input_mut());
        self.detect_prepared(to_image)
    }

    /// Runs on whatever is in the input buffer (used by tests that feed reference tensors).
    pub fn detect_prepared(&mut self, to_image: &Affine2) -> Result<Vec<Detection>, ModelError> {
        self.runner.run()?;
        let regressors = self.runner.output(0, ANCHOR_COUNT * 16)?;
        let logits = self.runner.output(1, ANCHOR_COUNT)?;
        self.candidates.clear();
        let n = DETECTOR_INPUT as f32;
        for (i, anchor) in self.anchors.iter().enumerate() {
            let score = sigmoid(logits[i].clamp(-100.0, 100.0));
            if score < MIN_SCORE {
                continue;
            }
            let r = &regressors[i * 16..i * 16 + 16];
            // In 128-input pixels, then into the image.
            let to_px = |dx: f32, dy: f32| to_image.apply(Point2::new((anchor.x + dx / n) * n, (anchor.y + dy / n) * n));
            let mut keypoints = [Point2::default(); 6];
            for (k, kp) in keypoints.iter_mut().enumerate() {
                *kp = to_px(r[4 + 2 * k], r[5 + 2 * k]);
            }
            let scale = to_image.scale();
            self.candidates.push(Detection {
                score,
                centre: to_px(r[0], r[1]),
                width: r[2] * scale,
                height: r[3] * scale,
                keypoints,
            });
        }
        Ok(weighted_non_max_suppression(&mut self.candidates))
    }

    pub fn raw_outputs(&self) -> Result<(&[f32], &[f32]), ModelError> {
        Ok((self.runner.output(0, ANCHOR_COUNT * 16)?, self.runner.output(1, ANCHOR_COUNT)?))
    }

    pub fn input_mut(&mut self) -> &mut [f32] {
        self.runner.input_mut()
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// MediaPipe's weighted NMS: each cluster of overlapping boxes (IoU > 0.3 with the best)
/// becomes one detection whose box and keypoints are the score-weighted mean.
fn weighted_non_max_suppression(candidates: &mut Vec<Detection>) -> Vec<Detection> {
    candidates.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal));
    let mut remaining: Vec<Detection> = std::mem::take(candidates);
    let mut kept = Vec::new();
    while !remaining.is_empty() {
        let best = remaining[0].clone();
        let (cluster, rest): (Vec<Detection>, Vec<Detection>) =
            remaining.into_iter().partition(|d| d.iou(&best) > MIN_SUPPRESSION_IOU);
        remaining = rest;
        let total: f32 = cluster.iter().map(|d| d.score).sum();
        let mut merged = best.clone();
        if total > 0.0 {
            let avg = |f: &dyn Fn(&Detection) -> f32| cluster.iter().map(|d| f(d) * d.score).sum::<f32>() / total;
            merged.centre = Point2::new(avg(&|d| d.centre.x), avg(&|d| d.centre.y));
            merged.width = avg(&|d| d.width);
            merged.height = avg(&|d| d.height);
            for k in 0..6 {
                merged.keypoints[k] = Point2::new(avg(&|d| d.keypoints[k].x), avg(&|d| d.keypoints[k].y));
            }
        }
        kept.push(merged);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_layout_matches_blazeface_short_range() {
        let a = anchors();
        assert_eq!(a.len(), ANCHOR_COUNT);
        assert_eq!(a[0], Point2::new(0.5 / 16.0, 0.5 / 16.0));
        assert_eq!(a[1], a[0]);
        assert_eq!(a[512], Point2::new(0.5 / 8.0, 0.5 / 8.0));
        assert_eq!(a[895], Point2::new(7.5 / 8.0, 7.5 / 8.0));
    }

    #[test]
    fn letterbox_centres_a_wide_frame() {
        let m = FaceDetector::letterbox(640, 480);
        let top_left = m.apply(Point2::new(0.0, 0.0));
        assert_eq!(top_left, Point2::new(0.0, -80.0));
        assert_eq!(m.apply(Point2::new(128.0, 128.0)), Point2::new(640.0, 560.0));
    }
}
