//! Photometric variations of a frame for robustness tests: the same face under another
//! exposure, white balance, focus or compression, so the truth (landmarks, eye state) is
//! unchanged and only the pixels are not. Every function is pure and deterministic.

use image::RgbImage;

fn to_u8(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

/// Applies `f` to every channel value.
fn map_values(img: &RgbImage, f: impl Fn(usize, f32) -> f32) -> RgbImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        for c in 0..3 {
            p[c] = to_u8(f(c, p[c] as f32));
        }
    }
    out
}

/// Contrast `gain` about mid-grey (128), then brightness `offset` (levels): what a camera's
/// exposure and contrast settings do to the picture. Gain 1, offset 0 is the identity.
pub fn brightness_contrast(img: &RgbImage, gain: f32, offset: f32) -> RgbImage {
    map_values(img, |_, v| (v - 128.0) * gain + 128.0 + offset)
}

/// A white-balance error: each channel scaled by its own gain ([r, g, b]), e.g. the warm
/// cast of tungsten light is [1.1, 1.0, 0.8].
pub fn colour_cast(img: &RgbImage, gains: [f32; 3]) -> RgbImage {
    map_values(img, |c, v| v * gains[c])
}

/// Less light: the scene's linear radiance scaled by `factor` (0-1) before the sRGB
/// curve, as a shorter exposure or a dim room does; shadows sink more than a plain gain
/// would make them.
pub fn darken(img: &RgbImage, factor: f32) -> RgbImage {
    let table: [u8; 256] = std::array::from_fn(|v| to_u8(255.0 * linear_to_srgb(srgb_to_linear(v as f32 / 255.0) * factor.max(0.0))));
    let mut out = img.clone();
    for p in out.pixels_mut() {
        for c in 0..3 {
            p[c] = table[p[c] as usize];
        }
    }
    out
}

fn srgb_to_linear(v: f32) -> f32 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_to_srgb(v: f32) -> f32 {
    if v <= 0.0031308 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// The normalised Gaussian taps for `sigma` (px), out to 3 sigma either side.
fn gaussian_kernel(sigma: f32) -> Vec<f32> {
    let radius = (3.0 * sigma).ceil().max(1.0) as i32;
    let taps: Vec<f32> = (-radius..=radius).map(|k| (-(k * k) as f32 / (2.0 * sigma * sigma)).exp()).collect();
    let sum: f32 = taps.iter().sum();
    taps.into_iter().map(|t| t / sum).collect()
}

/// One pass of a separable filter along x (`horizontal`) or y, edges clamped, in f32.
fn convolve_1d(values: &[f32], width: usize, height: usize, kernel: &[f32], horizontal: bool) -> Vec<f32> {
    let radius = (kernel.len() / 2) as i64;
    let mut out = vec![0.0f32; values.len()];
    for y in 0..height {
        for x in 0..width {
            let mut acc = [0.0f32; 3];
            for (k, &t) in kernel.iter().enumerate() {
                let d = k as i64 - radius;
                let (sx, sy) = if horizontal { ((x as i64 + d).clamp(0, width as i64 - 1) as usize, y) } else { (x, (y as i64 + d).clamp(0, height as i64 - 1) as usize) };
                let i = (sy * width + sx) * 3;
                for c in 0..3 {
                    acc[c] += t * values[i + c];
                }
            }
            out[(y * width + x) * 3..][..3].copy_from_slice(&acc);
        }
    }
    out
}

/// Defocus or motion-free camera softness: a Gaussian blur of `sigma` pixels, separable
/// (rows, then columns), edges clamped. Sigma 0 or less returns the image as it is.
pub fn gaussian_blur(img: &RgbImage, sigma: f32) -> RgbImage {
    if sigma.is_nan() || sigma <= 0.0 || img.width() == 0 || img.height() == 0 {
        return img.clone();
    }
    let (w, h) = (img.width() as usize, img.height() as usize);
    let kernel = gaussian_kernel(sigma);
    let values: Vec<f32> = img.as_raw().iter().map(|&v| v as f32).collect();
    let rows = convolve_1d(&values, w, h, &kernel, true);
    let both = convolve_1d(&rows, w, h, &kernel, false);
    RgbImage::from_raw(w as u32, h as u32, both.into_iter().map(to_u8).collect()).expect("same size")
}

/// The frame as a webcam's or a messenger's JPEG leaves it: encoded at `quality` (1-100)
/// with the image crate's baseline encoder and decoded again.
///
/// Panics only for frames JPEG cannot hold (a side over 65535 px, or empty).
pub fn jpeg_roundtrip(img: &RgbImage, quality: u8) -> RgbImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality.clamp(1, 100)).encode_image(img).expect("a frame JPEG can hold");
    image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).expect("our own JPEG decodes").to_rgb8()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face_like(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let r = 120.0 + 60.0 * ((x as f32) / 9.0).sin() + (y as f32) * 0.3;
            let g = 90.0 + 40.0 * ((y as f32) / 7.0).cos();
            let b = if (x / 8 + y / 8) % 2 == 0 { 200.0 } else { 30.0 };
            image::Rgb([to_u8(r), to_u8(g), to_u8(b)])
        })
    }

    fn mean(img: &RgbImage, c: usize) -> f32 {
        img.pixels().map(|p| p[c] as f32).sum::<f32>() / (img.width() * img.height()) as f32
    }

    fn max_diff(a: &RgbImage, b: &RgbImage) -> i32 {
        a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as i32 - y as i32).abs()).max().unwrap_or(0)
    }

    #[test]
    fn gain_one_offset_zero_is_the_identity_and_gain_stretches_about_mid_grey() {
        let img = face_like(40, 30);
        assert_eq!(brightness_contrast(&img, 1.0, 0.0), img);
        let flat = RgbImage::from_pixel(2, 2, image::Rgb([128, 100, 200]));
        assert_eq!(brightness_contrast(&flat, 2.0, 10.0).get_pixel(0, 0).0, [138, 82, 255]);
    }

    #[test]
    fn a_colour_cast_scales_each_channel_alone() {
        let img = face_like(40, 30);
        assert_eq!(colour_cast(&img, [1.0; 3]), img);
        let warm = colour_cast(&img, [1.1, 1.0, 0.8]);
        assert!(mean(&warm, 0) > mean(&img, 0) && mean(&warm, 2) < mean(&img, 2));
        assert_eq!(warm.pixels().map(|p| p[1]).collect::<Vec<_>>(), img.pixels().map(|p| p[1]).collect::<Vec<_>>());
    }

    #[test]
    fn a_blur_keeps_the_mean_and_smooths_edges() {
        let img = face_like(64, 48);
        let blurred = gaussian_blur(&img, 2.0);
        for c in 0..3 {
            assert!((mean(&blurred, c) - mean(&img, c)).abs() < 1.5, "channel {c}: {} vs {}", mean(&blurred, c), mean(&img, c));
        }
        // The blue checker's edge is softened: neighbours across it come closer.
        let step = |i: &RgbImage| (i.get_pixel(23, 4)[2] as i32 - i.get_pixel(24, 4)[2] as i32).abs();
        assert!(step(&blurred) < step(&img) / 3, "{} vs {}", step(&blurred), step(&img));
        assert_eq!(gaussian_blur(&img, 0.0), img);
        let flat = RgbImage::from_pixel(9, 9, image::Rgb([77, 1, 254]));
        assert_eq!(gaussian_blur(&flat, 1.5), flat);
    }

    #[test]
    fn a_high_quality_jpeg_stays_close_and_a_low_one_does_not() {
        let img = gaussian_blur(&face_like(64, 48), 1.0);
        let good = jpeg_roundtrip(&img, 95);
        assert_eq!(good.dimensions(), img.dimensions());
        let mean_err = |a: &RgbImage| a.as_raw().iter().zip(img.as_raw()).map(|(&x, &y)| (x as f32 - y as f32).abs()).sum::<f32>() / a.as_raw().len() as f32;
        assert!(mean_err(&good) < 3.0, "{}", mean_err(&good));
        assert!(mean_err(&jpeg_roundtrip(&img, 10)) > mean_err(&good));
    }

    #[test]
    fn darkening_sinks_every_level_in_linear_light() {
        let img = face_like(40, 30);
        assert!(max_diff(&darken(&img, 1.0), &img) <= 1);
        let dim = darken(&img, 0.5);
        assert!(img.as_raw().iter().zip(dim.as_raw()).all(|(&a, &b)| b <= a));
        let levels = darken(&RgbImage::from_fn(2, 1, |x, _| image::Rgb([255 * x as u8; 3])), 0.5);
        // Half the light of white is sRGB 188, not 128; black stays black.
        assert_eq!(levels.get_pixel(0, 0).0, [0; 3]);
        assert!((187..=188).contains(&levels.get_pixel(1, 0)[0]), "{:?}", levels.get_pixel(1, 0));
    }
}
