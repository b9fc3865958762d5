//! Known-truth eye closure: one eye of a frame pasted onto another frame of the same face.
//!
//! Real blinks close both eyes together, so a clip where only one eye closes (a wink, the
//! incomplete closure of a palsied side) has no ground truth unless it is made: the eye
//! region of a closed (or open) frame is laid onto an open (or closed) frame through a
//! soft-edged rounded region, and the pasted eye is then exactly as closed as its source was.
//! For the same person in the same pose the alignment is nearly the identity, so nothing
//! but the lids changes.

use crate::engine::eyelids::{LATERAL_CANTHUS, MEDIAL_CANTHUS};
use crate::engine::FaceLandmarks;
use crate::geometry::{Affine2, Point2};
use crate::image_view::ImageView;
use crate::side::Side;
use image::RgbImage;

/// The pasted region reaches this far along the canthal axis from the eye's centre, in eye
/// widths: a quarter of a width beyond each canthus, so the canthal skin folds come along
/// (and a closed eye's lashes, which hang past and below the lateral canthus).
const REACH_ALONG: f32 = 0.75;
/// ... and this far towards the brow: the whole upper lid skin (a closed lid's crease
/// moves), short of the brow, which sits 0.6-0.8 widths above the canthal line.
const REACH_ABOVE: f32 = 0.5;
/// ... and this far towards the cheek: the lower lid, its margin and a closed eye's lashes.
const REACH_BELOW: f32 = 0.55;
/// Width of the soft edge, inside the reach, in eye widths: the pasted skin blends into
/// the frame's own over this band (raised cosine), so no seam shows.
const FADE: f32 = 0.15;
/// The region is a superellipse of this order (a rounded rectangle): an ellipse's corners
/// left the lateral ends of a closed eye's lashes half pasted (expressions_ai_2, frame 78).
const ROUNDNESS: i32 = 4;

/// The eye's frame on the image: centre between the canthi, unit axis from the lateral to
/// the medial canthus, unit normal towards the chin, and the width (px).
#[derive(Clone, Copy, Debug)]
struct EyeAxes {
    centre: Point2,
    along: Point2,
    down: Point2,
    width_px: f32,
}

impl EyeAxes {
    /// From a 16-point lid contour; `None` when it has no canthi or they coincide. "Down"
    /// is the axis turned a quarter towards the chin: clockwise (in image axes, y down)
    /// for the right eye, whose axis runs image-left to right, anticlockwise for the left.
    fn new(contour: &[Point2], side: Side) -> Option<EyeAxes> {
        let (lateral, medial) = (*contour.get(LATERAL_CANTHUS)?, *contour.get(MEDIAL_CANTHUS)?);
        let width_px = lateral.distance(medial);
        if !(width_px.is_finite() && width_px > 1.0) {
            return None;
        }
        let along = Point2::new((medial.x - lateral.x) / width_px, (medial.y - lateral.y) / width_px);
        let down = match side {
            Side::Right => Point2::new(-along.y, along.x),
            Side::Left => Point2::new(along.y, -along.x),
        };
        Some(EyeAxes { centre: lateral.midpoint(medial), along, down, width_px })
    }

    /// Eye coordinates of an image point, in eye widths: along the axis from the centre,
    /// and across it (positive towards the chin).
    fn eye_coordinates(&self, p: Point2) -> (f32, f32) {
        let (dx, dy) = (p.x - self.centre.x, p.y - self.centre.y);
        ((dx * self.along.x + dy * self.along.y) / self.width_px, (dx * self.down.x + dy * self.down.y) / self.width_px)
    }
}

/// How much of the pasted eye shows at eye coordinates (u along, v across towards the
/// chin, eye widths): 1 inside the region shrunk by the fade, 0 outside the reach, and a
/// raised cosine between, over the concentric superellipses that fill the band.
fn paste_weight(u: f32, v: f32) -> f32 {
    let across = if v < 0.0 { REACH_ABOVE } else { REACH_BELOW };
    // Which curve of the family (REACH - FADE + s) passes through (u, v), s in 0..FADE.
    let level = |s: f32| (u / (REACH_ALONG - FADE + s)).powi(ROUNDNESS) + (v / (across - FADE + s)).powi(ROUNDNESS);
    if level(0.0) <= 1.0 {
        return 1.0;
    }
    if level(FADE) >= 1.0 {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0f32, FADE);
    for _ in 0..20 {
        let mid = 0.5 * (lo + hi);
        if level(mid) > 1.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t = 0.5 * (lo + hi) / FADE;
    0.5 * (1.0 + (std::f32::consts::PI * t).cos())
}

/// The similarity transform (rotation, uniform scale, shift) taking `from`'s two points
/// onto `to`'s: as complex numbers, z -> alpha z + beta.
fn similarity(from: (Point2, Point2), to: (Point2, Point2)) -> Affine2 {
    let (f, t) = ((from.1.x - from.0.x, from.1.y - from.0.y), (to.1.x - to.0.x, to.1.y - to.0.y));
    let norm = (f.0 * f.0 + f.1 * f.1).max(1e-12);
    // alpha = t / f
    let (ar, ai) = ((t.0 * f.0 + t.1 * f.1) / norm, (t.1 * f.0 - t.0 * f.1) / norm);
    let (cr, ci) = (to.0.x - (ar * from.0.x - ai * from.0.y), to.0.y - (ai * from.0.x + ar * from.0.y));
    Affine2 { a: ar, b: -ai, c: cr, d: ai, e: ar, f: ci }
}

/// The disc, centre and radius (px), outside which [`paste_eye`] changes no pixel of a
/// target with this lid contour; `None` for a contour without distinct canthi.
pub fn pasted_region(target_contour: &[Point2]) -> Option<(Point2, f32)> {
    let axes = EyeAxes::new(target_contour, Side::Right)?;
    // The corner of the bounding box: a superellipse bulges past its semi-axes' circle.
    Some((axes.centre, REACH_ALONG.hypot(REACH_ABOVE.max(REACH_BELOW)) * axes.width_px + 1.0))
}

/// Copies the eye region of `source` onto the eye of `target`, aligned by the similarity
/// that maps the source's canthi onto the target's, through a soft-edged rounded region around the
/// eye (lids and lid skin, not the brow). Lid contours have the 16-point layout of
/// [`crate::engine::eyelids`] (0 lateral canthus, 8 medial). Bilinear resampling; pixels
/// outside [`pasted_region`] are the target's exactly. A contour without distinct canthi
/// leaves the target as it is.
pub fn paste_eye(target: &RgbImage, target_contour: &[Point2], source: &RgbImage, source_contour: &[Point2], side: Side) -> RgbImage {
    let mut out = target.clone();
    let (Some(axes), Some(_)) = (EyeAxes::new(target_contour, side), EyeAxes::new(source_contour, side)) else {
        return out;
    };
    let canthi = |c: &[Point2]| (c[LATERAL_CANTHUS], c[MEDIAL_CANTHUS]);
    let to_source = similarity(canthi(target_contour), canthi(source_contour));
    let view = ImageView::from_rgb(source);
    let (sw, sh) = (source.width() as f32, source.height() as f32);
    let Some((centre, radius)) = pasted_region(target_contour) else {
        return out;
    };
    let x0 = (centre.x - radius).floor().max(0.0) as u32;
    let y0 = (centre.y - radius).floor().max(0.0) as u32;
    let x1 = ((centre.x + radius).ceil().max(0.0) as u32).min(target.width());
    let y1 = ((centre.y + radius).ceil().max(0.0) as u32).min(target.height());
    for y in y0..y1 {
        for x in x0..x1 {
            let p = Point2::new(x as f32 + 0.5, y as f32 + 0.5);
            let (u, v) = axes.eye_coordinates(p);
            let w = paste_weight(u, v);
            let q = to_source.apply(p);
            // Outside the source's pixel centres bilinear would blend in a border colour.
            if w <= 0.0 || q.x < 0.5 || q.y < 0.5 || q.x > sw - 0.5 || q.y > sh - 0.5 {
                continue;
            }
            let s = view.sample_bilinear(q, [0.0; 3]);
            let t = target.get_pixel(x, y).0;
            let blended = std::array::from_fn(|c| (t[c] as f32 + (s[c] - t[c] as f32) * w).round().clamp(0.0, 255.0) as u8);
            out.put_pixel(x, y, image::Rgb(blended));
        }
    }
    out
}

/// The skin around an eye that a blink leaves where it is: the brow, the temple beyond the
/// lateral canthus, the side of the nose and the upper cheek, i.e. the ring just outside
/// what [`paste_eye`] replaces (out to 1.05 widths along the axis and 0.85 across, less
/// the pasted region). Aligning on it makes the paste's edge continuous.
fn in_eye_surround(u: f32, v: f32) -> bool {
    (u / SURROUND_ALONG).powi(2) + (v / SURROUND_ACROSS).powi(2) <= 1.0 && paste_weight(u, v) == 0.0
}

const SURROUND_ALONG: f32 = 1.05;
const SURROUND_ACROSS: f32 = 0.85;

/// Mean squared luminance difference over `ring` between `reference` and `moved` shifted
/// by `shift`; ring points that leave `moved` count as a large difference.
fn surround_difference(reference: &[(Point2, f32)], moved: &ImageView, shift: Point2) -> f32 {
    let (w, h) = (moved.width() as f32, moved.height() as f32);
    let luminance = |c: [f32; 3]| 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    let total: f32 = reference
        .iter()
        .map(|&(p, l)| {
            let q = Point2::new(p.x + shift.x, p.y + shift.y);
            if q.x < 0.5 || q.y < 0.5 || q.x > w - 0.5 || q.y > h - 0.5 {
                return 255.0 * 255.0;
            }
            (luminance(moved.sample_bilinear(q, [0.0; 3])) - l).powi(2)
        })
        .sum();
    total / reference.len().max(1) as f32
}

/// Where the surroundings of an eye of `reference` (lid contour `contour` there) sit in
/// `moved`, as a shift in pixels: the whole-pixel shift within `search_px` of `guess`
/// whose luminance differs least over the brow, temple, nose side and upper cheek, refined
/// to a tenth of a pixel by a parabola through its neighbours.
///
/// This is how a pasted eye is placed on a frame of the same face: the engine's canthi on
/// a closed eye are not where the open eye's were (on expressions_ai_2 mid-blink the
/// lateral canthus reads 5-7 px low with the head still), so they cannot align a paste.
pub fn eye_surround_shift(reference: &RgbImage, moved: &RgbImage, contour: &[Point2], side: Side, guess: Point2, search_px: u32) -> Point2 {
    let Some(axes) = EyeAxes::new(contour, side) else {
        return guess;
    };
    let view = ImageView::from_rgb(reference);
    let reach = SURROUND_ALONG * axes.width_px + 1.0;
    let luminance = |c: image::Rgb<u8>| 0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32;
    let mut ring = Vec::new();
    let y0 = (axes.centre.y - reach).max(0.0) as u32;
    let y1 = ((axes.centre.y + reach).max(0.0) as u32).min(view.height());
    let x0 = (axes.centre.x - reach).max(0.0) as u32;
    let x1 = ((axes.centre.x + reach).max(0.0) as u32).min(view.width());
    for y in y0..y1 {
        for x in x0..x1 {
            let p = Point2::new(x as f32 + 0.5, y as f32 + 0.5);
            let (u, v) = axes.eye_coordinates(p);
            if in_eye_surround(u, v) {
                ring.push((p, luminance(*reference.get_pixel(x, y))));
            }
        }
    }
    let moved = ImageView::from_rgb(moved);
    let start = Point2::new(guess.x.round(), guess.y.round());
    let r = search_px as i32;
    let at = |dx: i32, dy: i32| surround_difference(&ring, &moved, Point2::new(start.x + dx as f32, start.y + dy as f32));
    let mut best = (f32::MAX, 0, 0);
    for dy in -r..=r {
        for dx in -r..=r {
            let d = at(dx, dy);
            if d < best.0 {
                best = (d, dx, dy);
            }
        }
    }
    let (centre, bx, by) = best;
    // Vertex of the parabola through the best shift and its two neighbours, per axis.
    let vertex = |minus: f32, plus: f32| {
        let curvature = minus + plus - 2.0 * centre;
        if curvature > 1e-6 {
            (0.5 * (minus - plus) / curvature).clamp(-0.5, 0.5)
        } else {
            0.0
        }
    };
    let fx = vertex(at(bx - 1, by), at(bx + 1, by));
    let fy = vertex(at(bx, by - 1), at(bx, by + 1));
    Point2::new(start.x + bx as f32 + (fx * 10.0).round() / 10.0, start.y + by as f32 + (fy * 10.0).round() / 10.0)
}

/// The head's motion from one face to another in the image, as the median displacement of
/// their mesh points (robust to the few points a blink or a smile moves); zero without
/// meshes.
pub fn median_mesh_shift(from: &FaceLandmarks, to: &FaceLandmarks) -> Point2 {
    let n = from.mesh.len().min(to.mesh.len());
    if n == 0 {
        return Point2::default();
    }
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let pairs = from.mesh[..n].iter().zip(&to.mesh[..n]);
    Point2::new(median(pairs.clone().map(|(a, b)| b.x - a.x).collect()), median(pairs.map(|(a, b)| b.y - a.y).collect()))
}

/// A lid contour moved by `shift` pixels.
pub fn shifted_contour(contour: &[Point2], shift: Point2) -> Vec<Point2> {
    contour.iter().map(|p| Point2::new(p.x + shift.x, p.y + shift.y)).collect()
}

/// How far from the head's rough motion (`guess`) [`carry_eye_contour`] looks: a
/// blink's mesh shifts about 1 px with the head still (expressions_ai_2).
const CARRY_SEARCH_PX: u32 = 4;

/// An open eye's lid contour on `open_frame` carried over to `other_frame` of the same face
/// (the head moved about `guess` px, e.g. [`median_mesh_shift`]): where that eye's canthi
/// are on the other frame, whatever its lids do there, from the skin around the eye
/// ([`eye_surround_shift`]). The contour to align a paste by, on the frame whose own lid
/// landmarks cannot be trusted (a closed eye's).
pub fn carry_eye_contour(open_frame: &RgbImage, open_contour: &[Point2], other_frame: &RgbImage, side: Side, guess: Point2) -> Vec<Point2> {
    shifted_contour(open_contour, eye_surround_shift(open_frame, other_frame, open_contour, side, guess, CARRY_SEARCH_PX))
}

/// A wink with known truth: `open_frame` with the eye on `closed_side` replaced by that
/// eye of `closed_frame` (the same face, e.g. a frame of the same clip mid-blink). The
/// other eye stays as open as it was; the pasted one is exactly as closed as its source.
///
/// The closed eye is placed by the open eye's contour carried over to the closed frame
/// ([`carry_eye_contour`], from the faces' median mesh shift), not by the engine's canthi
/// on the closed eye, which drift.
pub fn wink(open_frame: &RgbImage, open_face: &FaceLandmarks, closed_frame: &RgbImage, closed_face: &FaceLandmarks, closed_side: Side) -> RgbImage {
    let open_contour = &open_face.eyes.get(closed_side).lid_contour;
    let on_closed = carry_eye_contour(open_frame, open_contour, closed_frame, closed_side, median_mesh_shift(open_face, closed_face));
    paste_eye(open_frame, open_contour, closed_frame, &on_closed, closed_side)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A textured frame: smooth gradients plus a fine checker, so any misalignment shows.
    fn pattern(width: u32, height: u32, phase: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let checker = if ((x + phase) / 3 + y / 3) % 2 == 0 { 40 } else { 0 };
            image::Rgb([(x * 2 % 200) as u8 + checker, (y * 3 % 200) as u8, ((x + y + phase) % 180) as u8 + checker])
        })
    }

    /// A 16-point almond between canthi at (cx -/+ half, cy), lateral on the image's left
    /// (a right eye).
    fn almond(cx: f32, cy: f32, half: f32) -> Vec<Point2> {
        let mut c: Vec<Point2> = (0..9).map(|i| Point2::new(cx - half + i as f32 * half / 4.0, cy + 0.3 * half * (std::f32::consts::PI * i as f32 / 8.0).sin())).collect();
        c.extend((1..8).map(|i| Point2::new(cx - half + i as f32 * half / 4.0, cy - 0.35 * half * (std::f32::consts::PI * i as f32 / 8.0).sin())));
        c
    }

    fn shifted(contour: &[Point2], dx: f32, dy: f32) -> Vec<Point2> {
        shifted_contour(contour, Point2::new(dx, dy))
    }

    /// A smooth, face-like luminance field (no repeats, so a shift has one best match).
    fn skin(width: u32, height: u32, dx: f32, dy: f32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let (x, y) = (x as f32 - dx, y as f32 - dy);
            let v = 120.0 + 50.0 * (x / 11.0).sin() * (y / 17.0).cos() + 30.0 * ((x + 2.0 * y) / 23.0).sin() + 0.2 * x;
            image::Rgb([v as u8, (0.8 * v) as u8, (0.6 * v) as u8])
        })
    }

    #[test]
    fn an_identical_source_leaves_the_image_unchanged() {
        let img = pattern(120, 100, 0);
        let eye = almond(60.0, 50.0, 20.0);
        let out = paste_eye(&img, &eye, &img, &eye, Side::Right);
        let worst = img.pixels().zip(out.pixels()).flat_map(|(a, b)| (0..3).map(move |c| (a[c] as i32 - b[c] as i32).abs())).max().unwrap();
        assert!(worst <= 1, "{worst}");
    }

    #[test]
    fn pixels_far_from_the_eye_are_the_targets_exactly() {
        let (target, source) = (pattern(160, 120, 0), RgbImage::from_pixel(160, 120, image::Rgb([255, 255, 255])));
        let eye = almond(70.0, 60.0, 16.0);
        let out = paste_eye(&target, &eye, &source, &eye, Side::Right);
        let (centre, radius) = pasted_region(&eye).unwrap();
        assert!(out != target, "something is pasted");
        for (x, y, p) in out.enumerate_pixels() {
            let d = Point2::new(x as f32 + 0.5, y as f32 + 0.5).distance(centre);
            if d > radius {
                assert_eq!(p, target.get_pixel(x, y), "({x}, {y})");
            }
        }
        // Beyond the canthi along the axis, the edge is soft: 0.17 widths out it is half
        // pasted, at the reach not at all.
        let partly = out.get_pixel(91, 60)[1];
        assert!(partly > target.get_pixel(91, 60)[1] + 20 && partly < 235, "{partly}");
        // The brow (0.7 widths above the canthal line) is untouched.
        assert_eq!(out.get_pixel(70, 60 - 23), target.get_pixel(70, 60 - 23));
    }

    #[test]
    fn the_pasted_centre_is_the_sources_centre() {
        // The source's eye sits 7 px right and 4 px up of the target's.
        let (target, source) = (pattern(140, 120, 0), pattern(140, 120, 1));
        let eye = almond(60.0, 60.0, 18.0);
        let out = paste_eye(&target, &eye, &source, &shifted(&eye, 7.0, -4.0), Side::Right);
        for (dx, dy) in [(0, 0), (-6, 2), (5, -3)] {
            let (x, y) = ((60 + dx) as u32, (60 + dy) as u32);
            assert_eq!(out.get_pixel(x, y), source.get_pixel(x + 7, y - 4), "({dx}, {dy})");
        }
        assert_ne!(out.get_pixel(60, 60), target.get_pixel(60, 60));
    }

    #[test]
    fn a_larger_source_eye_is_brought_to_the_targets_size() {
        // Source = target scaled x2 about the origin: its eye is twice as wide. (The
        // similarity's rotation is checked on its own below.)
        let target = pattern(100, 100, 0);
        let source = RgbImage::from_fn(200, 200, |x, y| *target.get_pixel(x / 2, y / 2));
        let eye = almond(50.0, 50.0, 16.0);
        let big: Vec<Point2> = eye.iter().map(|p| Point2::new(2.0 * p.x, 2.0 * p.y)).collect();
        let out = paste_eye(&target, &eye, &source, &big, Side::Right);
        // Every target pixel centre lands between four equal source pixels: nothing changes.
        let worst = target.pixels().zip(out.pixels()).flat_map(|(a, b)| (0..3).map(move |c| (a[c] as i32 - b[c] as i32).abs())).max().unwrap();
        assert!(worst <= 1, "{worst}");
        let m = similarity((Point2::new(0.0, 0.0), Point2::new(1.0, 0.0)), (Point2::new(2.0, 3.0), Point2::new(2.0, 5.0)));
        let p = m.apply(Point2::new(0.5, 0.0));
        assert!((p.x - 2.0).abs() < 1e-6 && (p.y - 4.0).abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn the_weight_falls_smoothly_from_one_to_zero() {
        assert_eq!(paste_weight(0.0, 0.0), 1.0);
        assert_eq!(paste_weight(0.5, 0.0), 1.0);
        // Where a closed eye's lash tips hang, lateral to and below the canthus.
        assert_eq!(paste_weight(-0.52, 0.32), 1.0);
        assert_eq!(paste_weight(0.0, -0.51), 0.0);
        assert_eq!(paste_weight(0.76, 0.0), 0.0);
        let mid = paste_weight(0.675, 0.0);
        assert!((mid - 0.5).abs() < 0.01, "{mid}");
        let mut last = 1.0;
        for k in 0..=50 {
            let w = paste_weight(0.0, -0.35 - 0.15 * k as f32 / 50.0);
            assert!(w <= last + 1e-6 && last - w < 0.06, "{k}: {w}");
            last = w;
        }
    }

    /// A different picture over an eye of `width` px at `centre`, inside what a paste replaces.
    fn paint_eye(img: &mut RgbImage, centre: Point2, width: f32) {
        for (x, y, p) in img.enumerate_pixels_mut() {
            let (u, v) = ((x as f32 + 0.5 - centre.x) / width, (y as f32 + 0.5 - centre.y) / width);
            if (u / 0.6).powi(2) + (v / 0.4).powi(2) < 1.0 {
                *p = image::Rgb([(x * 7 % 256) as u8, 20, 200]);
            }
        }
    }

    #[test]
    fn the_surround_shift_finds_how_far_the_face_moved() {
        let eye = almond(80.0, 70.0, 15.0);
        let reference = skin(160, 140, 0.0, 0.0);
        for (dx, dy) in [(0.0, 0.0), (3.0, -2.0), (-1.5, 2.5)] {
            // The eye itself changes (a different picture inside the paste's reach): only
            // its surroundings may decide.
            let mut moved = skin(160, 140, dx, dy);
            paint_eye(&mut moved, Point2::new(80.0 + dx, 70.0 + dy), 30.0);
            let found = eye_surround_shift(&reference, &moved, &eye, Side::Right, Point2::default(), 5);
            assert!((found.x - dx).abs() <= 0.2 && (found.y - dy).abs() <= 0.2, "({dx}, {dy}): {found:?}");
        }
    }

    #[test]
    fn a_wink_pastes_only_the_named_eye_where_the_open_eye_was() {
        // The closed frame is the open one moved 2 px right and 1 px down, with a
        // different eye picture; its face's contour is off by 5 px, as a closed eye's is.
        let open = skin(200, 120, 0.0, 0.0);
        let mut closed = skin(200, 120, 2.0, 1.0);
        paint_eye(&mut closed, Point2::new(62.0, 61.0), 30.0);
        let mut open_face = FaceLandmarks::default();
        open_face.eyes.right.lid_contour = almond(60.0, 60.0, 15.0);
        // The left eye's lateral canthus is on the image's right: the almond mirrored.
        open_face.eyes.left.lid_contour = almond(140.0, 60.0, 15.0).iter().map(|p| Point2::new(280.0 - p.x, p.y)).collect();
        let mut closed_face = open_face.clone();
        closed_face.eyes.right.lid_contour = shifted(&open_face.eyes.right.lid_contour, 2.0, 6.0);
        let out = wink(&open, &open_face, &closed, &closed_face, Side::Right);
        assert_eq!(out.get_pixel(60, 60), closed.get_pixel(62, 61));
        assert_eq!(out.get_pixel(140, 60), open.get_pixel(140, 60));
    }
}
