//! The iris's five points, in both iris models and in the mesh (points 468-472 for the
//! subject's right eye, 473-477 for the left): the centre, then the edge points on the
//! image's right, top, left and bottom.

use crate::geometry::Point2;

use std::ops::Range;

pub const CENTRE: usize = 0;
/// The four edge points.
pub const EDGES: Range<usize> = 1..5;
/// The two edge points across the iris horizontally: the ones the lids do not hide.
pub const HORIZONTAL_EDGES: (usize, usize) = (1, 3);
/// The same points in a horizontally mirrored image: the horizontal edges trade places.
pub const MIRRORED: [usize; 5] = [0, 3, 2, 1, 4];

/// Iris radius (px) from the two horizontal edge points: the vertical ones hide under the
/// lids. The one definition of the radius the iris calibration (11.7 mm diameter,
/// clinical_background.md section 4) divides by.
pub fn radius_px(iris: &[Point2; 5]) -> f32 {
    iris[HORIZONTAL_EDGES.0].distance(iris[HORIZONTAL_EDGES.1]) / 2.0
}
