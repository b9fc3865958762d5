//! The eye image in the eye's own frame: a fixed grid of luminance samples laid along the
//! canthal axis, so every later step reads "across the lids" and "along the eye" the same
//! way whatever the head's roll, the eye's size in the frame or the side.

use crate::geometry::Point2;
use crate::image_view::ImageView;
use crate::side::Side;

/// Columns along the canthal axis, lateral (0) to medial canthus (1).
pub const COLUMNS: usize = 32;
/// Rows across the lids, from above the upper lid to below the lower lid.
pub const ROWS: usize = 64;
/// The rows span this many eye widths either side of the canthal axis: enough for the
/// skin of the upper lid and of the cheek below the lower lid (a wide-open eye's fissure
/// is about a third of its width), short of the brow.
pub const HALF_HEIGHT_IN_WIDTHS: f32 = 0.5;

/// The eye's frame: where patch coordinates fall in the image.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EyeFrame {
    pub lateral_canthus: Point2,
    /// Unit vector from the lateral to the medial canthus.
    pub along: Point2,
    /// Unit vector across the lids, pointing down the face (towards the lower lid).
    pub across: Point2,
    /// Canthus to canthus, image pixels.
    pub width_px: f32,
}

impl EyeFrame {
    /// The frame of one eye from its canthi. MediaPipe's mesh is drawn on an upright face,
    /// so "down the face" is the canthal axis turned a quarter towards the chin: clockwise
    /// for the right eye (whose axis runs image-left to right), anticlockwise for the left.
    pub fn new(side: Side, lateral_canthus: Point2, medial_canthus: Point2) -> Option<EyeFrame> {
        let (dx, dy) = (medial_canthus.x - lateral_canthus.x, medial_canthus.y - lateral_canthus.y);
        let width_px = (dx * dx + dy * dy).sqrt();
        if !(width_px.is_finite() && width_px > 1.0) {
            return None;
        }
        let along = Point2::new(dx / width_px, dy / width_px);
        let across = match side {
            Side::Right => Point2::new(-along.y, along.x),
            Side::Left => Point2::new(along.y, -along.x),
        };
        Some(EyeFrame { lateral_canthus, along, across, width_px })
    }

    /// Image position of eye coordinates: `u` along the axis and `v` across it, both in eye
    /// widths (u = 0 lateral canthus, 1 medial; v > 0 towards the chin).
    pub fn to_image(&self, u: f32, v: f32) -> Point2 {
        let (a, b) = (u * self.width_px, v * self.width_px);
        Point2::new(self.lateral_canthus.x + a * self.along.x + b * self.across.x, self.lateral_canthus.y + a * self.along.y + b * self.across.y)
    }

    /// Eye coordinates (u, v) of an image position.
    pub fn from_image(&self, p: Point2) -> (f32, f32) {
        let (dx, dy) = (p.x - self.lateral_canthus.x, p.y - self.lateral_canthus.y);
        ((dx * self.along.x + dy * self.along.y) / self.width_px, (dx * self.across.x + dy * self.across.y) / self.width_px)
    }
}

/// Column `i`'s position along the eye (eye widths).
pub fn column_u(i: usize) -> f32 {
    (i as f32 + 0.5) / COLUMNS as f32
}

/// Row `j`'s position across the eye (eye widths).
pub fn row_v(j: usize) -> f32 {
    ((j as f32 + 0.5) / ROWS as f32 - 0.5) * 2.0 * HALF_HEIGHT_IN_WIDTHS
}

/// The fractional row at a position across the eye (inverse of [`row_v`]).
pub fn row_at(v: f32) -> f32 {
    (v / (2.0 * HALF_HEIGHT_IN_WIDTHS) + 0.5) * ROWS as f32 - 0.5
}

/// Eye widths per row.
pub const ROW_STEP: f32 = 2.0 * HALF_HEIGHT_IN_WIDTHS / ROWS as f32;

/// Luminance samples (0-255) of one eye, row-major; a fixed array so that reading an eye
/// allocates nothing.
#[derive(Clone, Debug)]
pub struct EyePatch {
    pub frame: EyeFrame,
    pub luminance: [f32; ROWS * COLUMNS],
    /// Share of samples that fell outside the image (0-1).
    pub outside_fraction: f32,
    /// Share of samples at or near the sensor's ceiling (specular glare, e.g. glasses).
    pub saturated_fraction: f32,
}

impl Default for EyePatch {
    fn default() -> Self {
        EyePatch { frame: EyeFrame::default(), luminance: [0.0; ROWS * COLUMNS], outside_fraction: 0.0, saturated_fraction: 0.0 }
    }
}

/// A sample this bright is glare, not skin or sclera.
const SATURATED: f32 = 250.0;

impl EyePatch {
    /// Samples the eye of `frame` from `image` (bilinear; each sample is averaged over its
    /// footprint when the eye is large in the frame, so fine texture does not alias).
    pub fn sample_into(&mut self, image: &ImageView, frame: EyeFrame) {
        self.frame = frame;
        let step_px = frame.width_px * ROW_STEP;
        let taps = (step_px.ceil() as usize).clamp(1, 3);
        let (w, h) = (image.width() as f32, image.height() as f32);
        let (mut outside, mut saturated) = (0usize, 0usize);
        for j in 0..ROWS {
            for i in 0..COLUMNS {
                let centre = frame.to_image(column_u(i), row_v(j));
                if centre.x < 0.0 || centre.y < 0.0 || centre.x >= w || centre.y >= h {
                    outside += 1;
                }
                let mut sum = 0.0;
                for ty in 0..taps {
                    for tx in 0..taps {
                        let du = ((tx as f32 + 0.5) / taps as f32 - 0.5) * (1.0 / COLUMNS as f32);
                        let dv = ((ty as f32 + 0.5) / taps as f32 - 0.5) * ROW_STEP;
                        let p = frame.to_image(column_u(i) + du, row_v(j) + dv);
                        let c = image.sample_bilinear(p, [0.0; 3]);
                        sum += 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
                    }
                }
                let y = sum / (taps * taps) as f32;
                if y >= SATURATED {
                    saturated += 1;
                }
                self.luminance[j * COLUMNS + i] = y;
            }
        }
        let n = (ROWS * COLUMNS) as f32;
        self.outside_fraction = outside as f32 / n;
        self.saturated_fraction = saturated as f32 / n;
    }

    #[inline]
    pub fn at(&self, row: usize, column: usize) -> f32 {
        self.luminance[row * COLUMNS + column]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eye_coordinates_round_trip_and_point_down_the_face_on_both_sides() {
        let right = EyeFrame::new(Side::Right, Point2::new(100.0, 200.0), Point2::new(130.0, 200.0)).unwrap();
        let left = EyeFrame::new(Side::Left, Point2::new(230.0, 200.0), Point2::new(200.0, 200.0)).unwrap();
        for f in [right, left] {
            assert!(f.to_image(0.5, 0.2).y > 200.0, "v > 0 is towards the chin");
            let (u, v) = f.from_image(f.to_image(0.3, -0.1));
            assert!((u - 0.3).abs() < 1e-5 && (v + 0.1).abs() < 1e-5);
        }
        assert!((row_at(row_v(17)) - 17.0).abs() < 1e-4);
    }
}
