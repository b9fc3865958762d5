//! Borrowed views of 8-bit RGB/RGBA frames and the affine crop every model input uses.
//!
//! The browser hands us RGBA canvas data and the command line decodes RGB files; both
//! are sampled in place, without converting or copying the frame.

use crate::geometry::{Affine2, Point2};
use thiserror::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PixelLayout {
    Rgb,
    Rgba,
}

impl PixelLayout {
    pub fn channels(self) -> usize {
        match self {
            PixelLayout::Rgb => 3,
            PixelLayout::Rgba => 4,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum ImageError {
    #[error("image is empty ({width}x{height})")]
    Empty { width: u32, height: u32 },
    #[error("image buffer holds {actual} bytes, {width}x{height} {layout:?} needs {expected}")]
    WrongSize { width: u32, height: u32, layout: PixelLayout, expected: usize, actual: usize },
}

/// A read-only view of a packed 8-bit frame (row stride = width x channels).
#[derive(Clone, Copy, Debug)]
pub struct ImageView<'a> {
    width: u32,
    height: u32,
    layout: PixelLayout,
    data: &'a [u8],
}

impl<'a> ImageView<'a> {
    pub fn new(width: u32, height: u32, layout: PixelLayout, data: &'a [u8]) -> Result<Self, ImageError> {
        if width == 0 || height == 0 {
            return Err(ImageError::Empty { width, height });
        }
        let expected = width as usize * height as usize * layout.channels();
        if data.len() != expected {
            return Err(ImageError::WrongSize { width, height, layout, expected, actual: data.len() });
        }
        Ok(ImageView { width, height, layout, data })
    }

    pub fn from_rgb(image: &'a image::RgbImage) -> Self {
        ImageView { width: image.width(), height: image.height(), layout: PixelLayout::Rgb, data: image.as_raw() }
    }

    pub fn width(&self) -> u32 {
        self.width
    }
    pub fn height(&self) -> u32 {
        self.height
    }
    pub fn layout(&self) -> PixelLayout {
        self.layout
    }
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    #[inline]
    fn texel(&self, x: i32, y: i32) -> Option<[f32; 3]> {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return None;
        }
        let ch = self.layout.channels();
        let i = (y as usize * self.width as usize + x as usize) * ch;
        let p = &self.data[i..i + 3];
        Some([p[0] as f32, p[1] as f32, p[2] as f32])
    }

    /// The four texels around (x0, y0): (x0, y0), (x0+1, y0), (x0, y0+1), (x0+1, y0+1);
    /// `border` for those outside the frame.
    #[inline]
    fn quad(&self, x0: i32, y0: i32, border: [f32; 3]) -> [[f32; 3]; 4] {
        let (w, h) = (self.width as i32, self.height as i32);
        if x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1 {
            // Inside the frame (nearly every sample of a crop): two row slices and no
            // per-texel checks, twice as fast as four `texel` lookups.
            let ch = self.layout.channels();
            let stride = self.width as usize * ch;
            let i = y0 as usize * stride + x0 as usize * ch;
            let (top, bottom) = (&self.data[i..i + ch + 3], &self.data[i + stride..i + stride + ch + 3]);
            let rgb = |row: &[u8], k: usize| [row[k] as f32, row[k + 1] as f32, row[k + 2] as f32];
            return [rgb(top, 0), rgb(top, ch), rgb(bottom, 0), rgb(bottom, ch)];
        }
        let q = |x, y| self.texel(x, y).unwrap_or(border);
        [q(x0, y0), q(x0 + 1, y0), q(x0, y0 + 1), q(x0 + 1, y0 + 1)]
    }

    /// Bilinear sample at continuous image coordinates (pixel centres at +0.5).
    /// Outside the frame the value is `border` (MediaPipe pads model inputs with zeros).
    #[inline]
    pub fn sample_bilinear(&self, p: Point2, border: [f32; 3]) -> [f32; 3] {
        let (x0, y0, tx, ty) = bilinear_cell(p);
        let [q00, q10, q01, q11] = self.quad(x0, y0, border);
        let mut out = [0.0; 3];
        for c in 0..3 {
            let top = q00[c] + (q10[c] - q00[c]) * tx;
            let bottom = q01[c] + (q11[c] - q01[c]) * tx;
            out[c] = top + (bottom - top) * ty;
        }
        out
    }

    /// Mean luminance (0-255) and a sharpness score (mean absolute Laplacian) over a
    /// region, sampled on a coarse grid; used by the quality gate.
    pub fn luminance_and_sharpness(&self, to_image: &Affine2, grid: usize) -> (f32, f32) {
        let lum = |p: Point2| {
            let c = self.sample_bilinear(p, [0.0; 3]);
            0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
        };
        let step = 1.0 / grid as f32;
        let pixel = to_image.scale();
        let (mut sum, mut lap, mut n) = (0.0, 0.0, 0.0);
        for j in 1..grid {
            for i in 1..grid {
                let p = to_image.apply(Point2::new(i as f32 * step, j as f32 * step));
                let centre = lum(p);
                let d = 1.0f32.max(pixel * step * 0.25);
                let around = lum(Point2::new(p.x + d, p.y))
                    + lum(Point2::new(p.x - d, p.y))
                    + lum(Point2::new(p.x, p.y + d))
                    + lum(Point2::new(p.x, p.y - d));
                sum += centre;
                lap += (around - 4.0 * centre).abs();
                n += 1.0;
            }
        }
        (sum / n, lap / n)
    }
}

/// How 0-255 channel values become model inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputScaling {
    /// x / 255 (landmark and iris models)
    ZeroToOne,
    /// x / 127.5 - 1 (face detector)
    MinusOneToOne,
}

impl InputScaling {
    #[inline]
    fn apply(self, v: f32) -> f32 {
        match self {
            InputScaling::ZeroToOne => v * (1.0 / 255.0),
            InputScaling::MinusOneToOne => v * (1.0 / 127.5) - 1.0,
        }
    }
}

/// Samples per crop pixel along each axis when `out_to_image` maps one crop pixel onto
/// `scale` image pixels: enough that a downscale does not alias (at most 4 x 4).
pub fn supersampling_taps(out_to_image: &Affine2) -> usize {
    (out_to_image.scale().ceil() as usize).clamp(1, 4)
}

/// Fills `out` (NHWC, `size` x `size` x 3) by sampling `image` where `out_to_image` maps
/// crop coordinates (continuous, 0..size) to image coordinates. When one crop pixel
/// covers several image pixels the sample is averaged over a grid inside its footprint,
/// so a downscale does not alias (close to an antialiased resize).
///
/// The browser's RGBA frames take a wasm SIMD128 path (one texel's four channels per
/// vector) that computes the same operations per channel in the same order: the same bits.
pub fn sample_crop(image: &ImageView, out_to_image: &Affine2, size: usize, scaling: InputScaling, out: &mut [f32]) {
    assert_eq!(out.len(), size * size * 3, "crop buffer has the wrong size");
    let taps = supersampling_taps(out_to_image);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if image.layout == PixelLayout::Rgba {
        return rgba_simd::sample_crop(image, out_to_image, size, taps, scaling, out);
    }
    let inv_taps = 1.0 / taps as f32;
    let weight = 1.0 / (taps * taps) as f32;
    for v in 0..size {
        for u in 0..size {
            let mut acc = [0.0f32; 3];
            for j in 0..taps {
                for i in 0..taps {
                    let s = image.sample_bilinear(out_to_image.apply(tap_point(u, v, i, j, inv_taps)), [0.0; 3]);
                    for c in 0..3 {
                        acc[c] += s[c];
                    }
                }
            }
            let o = (v * size + u) * 3;
            for c in 0..3 {
                out[o + c] = scaling.apply(acc[c] * weight);
            }
        }
    }
}

/// The texel cell a bilinear sample at `p` falls in (pixel centres at +0.5): its top-left
/// texel and the fractions towards the next column and row.
#[inline(always)]
fn bilinear_cell(p: Point2) -> (i32, i32, f32, f32) {
    let (fx, fy) = (p.x - 0.5, p.y - 0.5);
    let (x0, y0) = (fx.floor(), fy.floor());
    (x0 as i32, y0 as i32, fx - x0, fy - y0)
}

/// Crop coordinates of tap (`i`, `j`) of crop pixel (`u`, `v`): the centres of a
/// `taps` x `taps` grid inside the pixel.
#[inline(always)]
fn tap_point(u: usize, v: usize, i: usize, j: usize, inv_taps: f32) -> Point2 {
    Point2::new(u as f32 + (i as f32 + 0.5) * inv_taps, v as f32 + (j as f32 + 0.5) * inv_taps)
}

/// `sample_crop` for RGBA frames in wasm: a texel's RGBA bytes widened into one f32x4,
/// the bilinear weights and the tap sum applied to all four channels at once.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod rgba_simd {
    use super::{bilinear_cell, tap_point, Affine2, ImageView, InputScaling};
    use core::arch::wasm32::*;

    pub(super) fn sample_crop(image: &ImageView, out_to_image: &Affine2, size: usize, taps: usize, scaling: InputScaling, out: &mut [f32]) {
        let inv_taps = 1.0 / taps as f32;
        let weight = f32x4_splat(1.0 / (taps * taps) as f32);
        let store = |out: &mut [f32], u: usize, v: usize, acc: v128| {
            let mean = f32x4_mul(acc, weight);
            let o = (v * size + u) * 3;
            out[o] = scaling.apply(f32x4_extract_lane::<0>(mean));
            out[o + 1] = scaling.apply(f32x4_extract_lane::<1>(mean));
            out[o + 2] = scaling.apply(f32x4_extract_lane::<2>(mean));
        };
        let m = out_to_image;
        let (a, b, c, d, e, f) = (f32x4_splat(m.a), f32x4_splat(m.b), f32x4_splat(m.c), f32x4_splat(m.d), f32x4_splat(m.e), f32x4_splat(m.f));
        let half = f32x4_splat(0.5);
        for v in 0..size {
            // Four crop pixels at a time: their taps' image coordinates in one vector each
            // (the scalar path's operations, lane by lane), then each tap's texels.
            let quads = size / 4;
            for q in 0..quads {
                let u = 4 * q;
                let columns = f32x4(u as f32, (u + 1) as f32, (u + 2) as f32, (u + 3) as f32);
                let mut acc = [f32x4_splat(0.0); 4];
                for j in 0..taps {
                    let py = f32x4_splat(v as f32 + (j as f32 + 0.5) * inv_taps);
                    for i in 0..taps {
                        let px = f32x4_add(columns, f32x4_splat((i as f32 + 0.5) * inv_taps));
                        let x = f32x4_sub(f32x4_add(f32x4_add(f32x4_mul(a, px), f32x4_mul(b, py)), c), half);
                        let y = f32x4_sub(f32x4_add(f32x4_add(f32x4_mul(d, px), f32x4_mul(e, py)), f), half);
                        let (x0, y0) = (f32x4_floor(x), f32x4_floor(y));
                        let (tx, ty) = (f32x4_sub(x, x0), f32x4_sub(y, y0));
                        let (xi, yi) = (lanes_i32(i32x4_trunc_sat_f32x4(x0)), lanes_i32(i32x4_trunc_sat_f32x4(y0)));
                        let (tx, ty) = (lanes_f32(tx), lanes_f32(ty));
                        for (k, sum) in acc.iter_mut().enumerate() {
                            *sum = f32x4_add(*sum, lerp(image, xi[k], yi[k], f32x4_splat(tx[k]), f32x4_splat(ty[k])));
                        }
                    }
                }
                for (k, &sum) in acc.iter().enumerate() {
                    store(out, u + k, v, sum);
                }
            }
            for u in 4 * quads..size {
                let mut acc = f32x4_splat(0.0);
                for j in 0..taps {
                    for i in 0..taps {
                        acc = f32x4_add(acc, bilinear(image, out_to_image.apply(tap_point(u, v, i, j, inv_taps))));
                    }
                }
                store(out, u, v, acc);
            }
        }
    }

    #[inline(always)]
    fn lanes_i32(v: v128) -> [i32; 4] {
        [i32x4_extract_lane::<0>(v), i32x4_extract_lane::<1>(v), i32x4_extract_lane::<2>(v), i32x4_extract_lane::<3>(v)]
    }

    #[inline(always)]
    fn lanes_f32(v: v128) -> [f32; 4] {
        [f32x4_extract_lane::<0>(v), f32x4_extract_lane::<1>(v), f32x4_extract_lane::<2>(v), f32x4_extract_lane::<3>(v)]
    }

    /// `ImageView::sample_bilinear` on all four channels (the fourth, alpha, unused).
    #[inline(always)]
    fn bilinear(image: &ImageView, p: crate::geometry::Point2) -> v128 {
        let (x0, y0, tx, ty) = bilinear_cell(p);
        lerp(image, x0, y0, f32x4_splat(tx), f32x4_splat(ty))
    }

    /// The bilinear blend of the four texels from (x0, y0) at fractions (tx, ty).
    #[inline(always)]
    fn lerp(image: &ImageView, x0: i32, y0: i32, tx: v128, ty: v128) -> v128 {
        let [q00, q10, q01, q11] = quad(image, x0, y0);
        let top = f32x4_add(q00, f32x4_mul(f32x4_sub(q10, q00), tx));
        let bottom = f32x4_add(q01, f32x4_mul(f32x4_sub(q11, q01), tx));
        f32x4_add(top, f32x4_mul(f32x4_sub(bottom, top), ty))
    }

    /// The four texels around (x0, y0) as f32x4 RGBA, zero outside the frame.
    #[inline(always)]
    fn quad(image: &ImageView, x0: i32, y0: i32) -> [v128; 4] {
        let (w, h) = (image.width as i32, image.height as i32);
        let data = image.data;
        if x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1 {
            let stride = image.width as usize * 4;
            let i = y0 as usize * stride + x0 as usize * 4;
            let ((q00, q10), (q01, q11)) = (texel_pair(&data[i..i + 8]), texel_pair(&data[i + stride..i + stride + 8]));
            return [q00, q10, q01, q11];
        }
        let at = |x: i32, y: i32| {
            if x < 0 || y < 0 || x >= w || y >= h {
                return f32x4_splat(0.0);
            }
            let i = (y as usize * image.width as usize + x as usize) * 4;
            texel(&data[i..i + 4])
        };
        [at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1)]
    }

    /// Two neighbouring texels (eight bytes) as two f32x4, from one load.
    #[inline(always)]
    fn texel_pair(rgba: &[u8]) -> (v128, v128) {
        assert!(rgba.len() >= 8);
        // SAFETY: eight bytes are readable (checked above); the load needs no alignment.
        let bytes = unsafe { v128_load64_zero(rgba.as_ptr() as *const u64) };
        let wide = u16x8_extend_low_u8x16(bytes);
        (f32x4_convert_u32x4(u32x4_extend_low_u16x8(wide)), f32x4_convert_u32x4(u32x4_extend_high_u16x8(wide)))
    }

    /// Four bytes as four floats.
    #[inline(always)]
    fn texel(rgba: &[u8]) -> v128 {
        let bytes = u32::from_le_bytes([rgba[0], rgba[1], rgba[2], rgba[3]]);
        f32x4_convert_u32x4(u32x4_extend_low_u16x8(u16x8_extend_low_u8x16(u32x4_splat(bytes))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_wrong_buffer_size() {
        let data = vec![0u8; 10];
        assert!(matches!(ImageView::new(2, 2, PixelLayout::Rgba, &data), Err(ImageError::WrongSize { .. })));
        assert!(matches!(ImageView::new(0, 2, PixelLayout::Rgb, &data), Err(ImageError::Empty { .. })));
    }

    #[test]
    fn bilinear_hits_pixel_centres_exactly() {
        let data: Vec<u8> = (0..12).map(|v| (v * 10) as u8).collect(); // 2x2 RGB
        let img = ImageView::new(2, 2, PixelLayout::Rgb, &data).unwrap();
        assert_eq!(img.sample_bilinear(Point2::new(1.5, 0.5), [0.0; 3]), [30.0, 40.0, 50.0]);
        let mid = img.sample_bilinear(Point2::new(1.0, 1.0), [0.0; 3]);
        assert!((mid[0] - 45.0).abs() < 1e-4);
    }

    /// The interior fast path (`quad`) gives the same bits as four bounds-checked texel
    /// lookups, inside, on the edges and outside the frame, for RGB and RGBA frames.
    #[test]
    fn interior_fast_path_matches_checked_lookups() {
        for layout in [PixelLayout::Rgb, PixelLayout::Rgba] {
            let (w, h) = (7u32, 5u32);
            let data: Vec<u8> = (0..w * h * layout.channels() as u32).map(|v| (v * 37 % 251) as u8).collect();
            let img = ImageView::new(w, h, layout, &data).unwrap();
            let border = [3.0, 2.0, 1.0];
            let mut seed = 12345u32;
            for _ in 0..2000 {
                seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
                let x = (seed >> 8) as f32 / (1u32 << 24) as f32 * (w as f32 + 4.0) - 2.0;
                seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
                let y = (seed >> 8) as f32 / (1u32 << 24) as f32 * (h as f32 + 4.0) - 2.0;
                let (fx, fy) = (x - 0.5, y - 0.5);
                let (x0, y0) = (fx.floor(), fy.floor());
                let (tx, ty) = (fx - x0, fy - y0);
                let q = |dx: i32, dy: i32| img.texel(x0 as i32 + dx, y0 as i32 + dy).unwrap_or(border);
                let (q00, q10, q01, q11) = (q(0, 0), q(1, 0), q(0, 1), q(1, 1));
                let expected: [f32; 3] = std::array::from_fn(|c| {
                    let top = q00[c] + (q10[c] - q00[c]) * tx;
                    let bottom = q01[c] + (q11[c] - q01[c]) * tx;
                    top + (bottom - top) * ty
                });
                assert_eq!(img.sample_bilinear(Point2::new(x, y), border), expected, "{layout:?} at ({x}, {y})");
            }
        }
    }
}
