//! Small faces in large stills: a second detection pass over overlapping tiles.
//!
//! The face detector sees the whole frame squeezed into 128 x 128 pixels. A face a tenth
//! of a photo's height (a person at a lectern, a group photo's edge) is then about ten
//! detector pixels tall, below what the short-range model finds. When the whole frame
//! shows no face, the still is searched again in square tiles a third (then a sixth) of
//! its short side, overlapping by half, so that any face up to half a tile lies whole in
//! one tile and reaches the detector at 3x-6x its whole-frame size. The crop the landmark
//! model sees is taken from the full-resolution image either way, so a found face is
//! measured at the photo's own resolution.
//!
//! Stills only: live video keeps its one whole-frame pass (a tiled search costs tens of
//! detector runs).

use super::detector::{Detection, DETECTOR_INPUT};
use crate::geometry::Affine2;

/// Tiles smaller than this many image pixels a side would upsample the image for the
/// detector: a face that small has too few pixels to measure in millimetres anyway.
pub const MIN_TILE_SIDE: f32 = 192.0;

/// The tile sides searched, largest first, as fractions of the image's short side.
const TILE_FRACTIONS: [f32; 2] = [1.0 / 3.0, 1.0 / 6.0];

/// The landmark model's face presence a face found in a tile needs (its crop is read at
/// full resolution, where a pattern the detector took for a face is seen for what it is).
pub const MIN_LANDMARK_PRESENCE: f32 = 0.5;

/// Two detections from neighbouring tiles overlapping more than this are one face.
const SAME_FACE_IOU: f32 = 0.3;

/// The tile levels of a `width` x `height` still: for each level, the maps from the
/// detector's 128-pixel input to the image pixels of each tile. Levels whose tiles
/// would be under [`MIN_TILE_SIDE`] are left out (a small image has none).
pub fn tile_levels(width: u32, height: u32) -> Vec<Vec<Affine2>> {
    let short_side = width.min(height) as f32;
    TILE_FRACTIONS
        .iter()
        .map(|fraction| short_side * fraction)
        .filter(|&side| side >= MIN_TILE_SIDE)
        .map(|side| {
            let scale = side / DETECTOR_INPUT as f32;
            let xs = tile_starts(width as f32, side);
            let ys = tile_starts(height as f32, side);
            ys.iter()
                .flat_map(|&y| xs.iter().map(move |&x| Affine2 { a: scale, b: 0.0, c: x, d: 0.0, e: scale, f: y }))
                .collect()
        })
        .collect()
}

/// Tile starts along one axis of `extent` pixels: evenly spaced, at most half a tile
/// apart, the first at 0 and the last flush with the far edge.
fn tile_starts(extent: f32, side: f32) -> Vec<f32> {
    let room = (extent - side).max(0.0);
    let steps = (room / (side / 2.0)).ceil() as usize;
    if steps == 0 {
        return vec![room / 2.0];
    }
    (0..=steps).map(|i| room * i as f32 / steps as f32).collect()
}

/// One detection per face from the detections of all tiles: the most confident of each
/// group of overlapping ones (a face cut by a tile's edge scores lower than the same face
/// whole in the next tile).
pub fn one_per_face(mut detections: Vec<Detection>) -> Vec<Detection> {
    detections.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Detection> = Vec::new();
    for d in detections {
        if kept.iter().all(|k| k.iou(&d) <= SAME_FACE_IOU && !contains_centre(k, &d)) {
            kept.push(d);
        }
    }
    kept
}

/// Whether `inner`'s centre lies inside `outer`'s box (a part of a face found at a tile's
/// edge can have a small IoU with the whole face yet sit inside it).
fn contains_centre(outer: &Detection, inner: &Detection) -> bool {
    (inner.centre.x - outer.centre.x).abs() <= outer.width / 2.0 && (inner.centre.y - outer.centre.y).abs() <= outer.height / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point2;

    #[test]
    fn tiles_cover_the_image_and_overlap_by_at_least_half() {
        let levels = tile_levels(4000, 3000);
        assert_eq!(levels.len(), 2);
        for tiles in &levels {
            let side = tiles[0].a * DETECTOR_INPUT as f32;
            let (mut max_x, mut max_y) = (0.0f32, 0.0f32);
            for t in tiles {
                assert!(t.c >= 0.0 && t.f >= 0.0);
                max_x = max_x.max(t.c + side);
                max_y = max_y.max(t.f + side);
            }
            assert!((max_x - 4000.0).abs() < 0.5 && (max_y - 3000.0).abs() < 0.5, "{max_x} {max_y}");
            let mut xs: Vec<f32> = tiles.iter().map(|t| t.c).collect();
            xs.sort_by(f32::total_cmp);
            xs.dedup();
            assert!(xs.windows(2).all(|w| w[1] - w[0] <= side / 2.0 + 1e-3));
        }
    }

    #[test]
    fn small_images_have_no_tiles() {
        assert!(tile_levels(640, 480).is_empty());
        assert_eq!(tile_levels(1280, 720).len(), 1);
    }

    fn face(x: f32, y: f32, size: f32, score: f32) -> Detection {
        Detection { score, centre: Point2::new(x, y), width: size, height: size, keypoints: [Point2::new(x, y); 6] }
    }

    #[test]
    fn overlapping_detections_from_neighbouring_tiles_are_one_face() {
        let kept = one_per_face(vec![face(100.0, 100.0, 50.0, 0.7), face(105.0, 100.0, 50.0, 0.9), face(400.0, 100.0, 50.0, 0.8), face(112.0, 100.0, 20.0, 0.6)]);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].score, 0.9);
        assert_eq!(kept[1].centre.x, 400.0);
    }
}
