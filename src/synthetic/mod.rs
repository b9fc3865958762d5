//! Known-truth asymmetry for validation: smooth local warps of real faces ("synthetic
//! palsy"). A drag moves the image near one point by a vector with a Gaussian falloff, so
//! the true new position of any landmark is known exactly (by inverting the warp).

pub mod eye_paste;
pub mod photometric;

use crate::engine::topology::{brow_upper, commissure, iris_indices, lid, lid_contour};
use crate::geometry::{Point2, Point3};
use crate::image_view::ImageView;
use crate::side::Side;

/// Moves image content near `centre` by `shift` pixels, fading with a Gaussian of `sigma`.
#[derive(Clone, Copy, Debug)]
pub struct Drag {
    pub centre: Point2,
    pub shift: Point2,
    pub sigma: f32,
}

impl Drag {
    fn weight(&self, p: Point2) -> f32 {
        let d2 = (p.x - self.centre.x).powi(2) + (p.y - self.centre.y).powi(2);
        (-d2 / (2.0 * self.sigma * self.sigma)).exp()
    }

    /// The displacement at an output position (the warp is `out(p) = in(p - d(p))`).
    fn displacement(&self, p: Point2) -> Point2 {
        let w = self.weight(p);
        Point2::new(self.shift.x * w, self.shift.y * w)
    }

    /// Where a point of the original image ends up after the warp: solves q - d(q) = p.
    pub fn moved(&self, p: Point2) -> Point2 {
        let mut q = p;
        for _ in 0..50 {
            let d = self.displacement(q);
            q = Point2::new(p.x + d.x, p.y + d.y);
        }
        q
    }

    /// Applies the drag to an RGB image (bilinear resampling).
    pub fn apply(&self, image: &image::RgbImage) -> image::RgbImage {
        let view = ImageView::from_rgb(image);
        let mut out = image.clone();
        let reach = 4.0 * self.sigma;
        let x0 = (self.centre.x - reach).max(0.0) as u32;
        let x1 = ((self.centre.x + reach) as u32).min(image.width());
        let y0 = (self.centre.y - reach).max(0.0) as u32;
        let y1 = ((self.centre.y + reach) as u32).min(image.height());
        for y in y0..y1 {
            for x in x0..x1 {
                let p = Point2::new(x as f32 + 0.5, y as f32 + 0.5);
                let d = self.displacement(p);
                let s = view.sample_bilinear(Point2::new(p.x - d.x, p.y - d.y), [0.0; 3]);
                out.put_pixel(x, y, image::Rgb(s.map(|v| v.round().clamp(0.0, 255.0) as u8)));
            }
        }
        out
    }
}

/// A synthetic palsy on one side of a face: drags applied one after another.
#[derive(Clone, Debug)]
pub struct SyntheticPalsy {
    pub name: String,
    pub side: Side,
    pub drags: Vec<Drag>,
}

impl SyntheticPalsy {
    pub fn apply(&self, image: &image::RgbImage) -> image::RgbImage {
        self.drags.iter().fold(image.clone(), |img, d| d.apply(&img))
    }

    /// Where a landmark of the original image ends up.
    pub fn moved(&self, p: Point2) -> Point2 {
        self.drags.iter().fold(p, |q, d| d.moved(q))
    }
}

/// The upper lid lowered by `fraction` of the eye's opening (ptosis, or a lid that
/// does not open fully). The drag is centred above the lid, so the lower lid hardly
/// moves; its strength stays below folding (shift * 0.61 / sigma < 1).
pub fn lid_narrowing(mesh: &[Point3], side: Side, fraction: f32) -> Drag {
    let lids = lid_contour(side);
    let (upper, lower) = (mesh[lids[lid::UPPER_MIDDLE]].xy(), mesh[lids[lid::LOWER_MIDDLE]].xy());
    let opening = upper.distance(lower).max(2.0);
    let sigma = 0.6 * opening;
    // At the lid the weight is exp(-(0.5/0.6)^2/2) = 0.71, at the lower lid 0.04.
    let shift = (fraction * opening / 0.67).min(0.95 * sigma / 0.61);
    Drag { centre: Point2::new(upper.x, upper.y - 0.5 * opening), shift: Point2::new(0.0, shift), sigma }
}

/// The brow lowered (frontal branch weakness) by `fraction_of_ipd` of the
/// inter-pupillary distance.
pub fn brow_drop(mesh: &[Point3], side: Side, fraction_of_ipd: f32) -> Drag {
    let brow = brow_upper(side);
    let (lateral, medial) = (mesh[brow[0]].xy(), mesh[brow[4]].xy());
    let sigma = 0.45 * lateral.distance(medial);
    let shift = (fraction_of_ipd * inter_pupillary_px(mesh)).min(0.9 * sigma / 0.61);
    Drag { centre: mesh[brow[2]].xy(), shift: Point2::new(0.0, shift), sigma }
}

/// The mouth corner drooping (lower face weakness) by `fraction_of_ipd` of the
/// inter-pupillary distance.
pub fn commissure_droop(mesh: &[Point3], side: Side, fraction_of_ipd: f32) -> Drag {
    let corner = mesh[commissure(side)].xy();
    let width = corner.distance(mesh[commissure(side.other())].xy());
    let sigma = 0.3 * width;
    let shift = (fraction_of_ipd * inter_pupillary_px(mesh)).min(0.9 * sigma / 0.61);
    Drag { centre: corner, shift: Point2::new(0.0, shift), sigma }
}

/// The synthetic palsies the fine-tuning experiment uses on each side of a face.
pub fn palsy_set(mesh: &[Point3]) -> Vec<SyntheticPalsy> {
    let mut out = Vec::new();
    for side in Side::BOTH {
        let one = |name: &str, drag: Drag| SyntheticPalsy { name: format!("{} {name}", side.name()), side, drags: vec![drag] };
        out.push(one("upper lid lowered 35 %", lid_narrowing(mesh, side, 0.35)));
        out.push(one("upper lid lowered 60 %", lid_narrowing(mesh, side, 0.6)));
        out.push(one("brow lowered", brow_drop(mesh, side, 0.08)));
        out.push(one("commissure drooped", commissure_droop(mesh, side, 0.07)));
        out.push(SyntheticPalsy {
            name: format!("{} hemiface (lid, brow, commissure)", side.name()),
            side,
            drags: vec![lid_narrowing(mesh, side, 0.5), brow_drop(mesh, side, 0.06), commissure_droop(mesh, side, 0.06)],
        });
    }
    out
}

fn inter_pupillary_px(mesh: &[Point3]) -> f32 {
    mesh[iris_indices(Side::Left)[0]].xy().distance(mesh[iris_indices(Side::Right)[0]].xy())
}

/// Mirrors an RGB image horizontally.
pub fn mirror(image: &image::RgbImage) -> image::RgbImage {
    image::imageops::flip_horizontal(image)
}

/// Rotates an RGB image by `degrees` about its centre (same size, black corners).
pub fn rotate(image: &image::RgbImage, degrees: f32) -> image::RgbImage {
    let view = ImageView::from_rgb(image);
    let centre = Point2::new(image.width() as f32 / 2.0, image.height() as f32 / 2.0);
    // out(p) = in(R^-1 p)
    let inverse = crate::geometry::Affine2::rotation_about(centre, -degrees.to_radians());
    image::RgbImage::from_fn(image.width(), image.height(), |x, y| {
        let s = view.sample_bilinear(inverse.apply(Point2::new(x as f32 + 0.5, y as f32 + 0.5)), [0.0; 3]);
        image::Rgb(s.map(|v| v.round().clamp(0.0, 255.0) as u8))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_point_lands_where_the_warp_puts_its_pixel() {
        let drag = Drag { centre: Point2::new(50.0, 50.0), shift: Point2::new(0.0, 4.0), sigma: 10.0 };
        let p = Point2::new(50.0, 48.0);
        let q = drag.moved(p);
        // The warp samples the source at q - d(q), which must be p.
        let d = drag.displacement(q);
        assert!((q.x - d.x - p.x).abs() < 1e-3 && (q.y - d.y - p.y).abs() < 1e-3);
        assert!(q.y > 51.0 && q.y < 52.1, "{q:?}");
    }
}
