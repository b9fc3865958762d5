//! Image files from outside (a colleague's photo, a research folder) decoded with explicit
//! caps: the header's dimensions are read and checked before any pixel buffer exists, so a
//! file that claims 100000 x 100000 pixels costs nothing but its header.
//!
//! The caps: at most [`MAX_SIDE`] pixels a side and [`MAX_PIXELS`] pixels in all. A face
//! needs a few hundred pixels; the largest phone photos (48 MP, 8064 x 6048) pass; the
//! decoded 8-bit RGBA of the largest accepted image is 256 MiB. The decoder also runs
//! under image's own allocation limit ([`MAX_DECODE_BYTES`]) for what a header cannot
//! say (16-bit channels, decoder scratch).
//!
//! Valid but unusual photos read as the person who took them sees them: greyscale and
//! 16-bit files become 8-bit RGB, and a JPEG's EXIF orientation (a phone held sideways)
//! is applied, as browsers apply it, so the face is upright for the detector.

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};
use std::io::Cursor;

/// Largest width or height accepted, in pixels (the y4m reader's cap too).
pub const MAX_SIDE: u32 = 8192;
/// Most pixels accepted in one image (8192 x 8192).
pub const MAX_PIXELS: u64 = MAX_SIDE as u64 * MAX_SIDE as u64;
/// Most bytes the decoder may allocate: 16-bit RGBA of the largest accepted image.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 8;
/// Largest image file read, in bytes: no JPEG or PNG of an accepted size comes near it.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImageFileError {
    #[error("image is {width} x {height} pixels; FaceGrade reads at most {MAX_SIDE} x {MAX_SIDE} ({} megapixels)", MAX_PIXELS / 1_000_000)]
    TooLarge { width: u32, height: u32 },
    #[error("image file is {bytes} bytes; FaceGrade reads image files of at most {} MiB", MAX_FILE_BYTES / (1024 * 1024))]
    FileTooLarge { bytes: u64 },
    #[error("not a JPEG, PNG or WebP image")]
    UnknownFormat,
    #[error("the image cannot be decoded: {0}")]
    Decode(#[from] image::ImageError),
}

/// Whether `width` x `height` is within the caps.
pub fn check_dimensions(width: u32, height: u32) -> Result<(), ImageFileError> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageFileError::TooLarge { width, height });
    }
    Ok(())
}

/// The decoder's own limits, matching the caps (it enforces them while decoding too).
fn decoder_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, ImageFileError> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(image::ImageError::IoError)?;
    if reader.format().is_none() {
        return Err(ImageFileError::UnknownFormat);
    }
    Ok(reader)
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A PNG's width and height from its IHDR chunk, which the format puts first (signature,
/// chunk length, "IHDR", width, height): read by hand because the png decoder wants the
/// chunks after it too, and a file that is only a lying header must still be refused by
/// its size.
fn png_ihdr_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let ihdr = bytes.strip_prefix(PNG_SIGNATURE)?.get(4..16)?.strip_prefix(b"IHDR")?;
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&ihdr[..4]), be(&ihdr[4..8])))
}

/// The width and height the file's header claims.
pub fn header_dimensions(bytes: &[u8]) -> Result<(u32, u32), ImageFileError> {
    match png_ihdr_dimensions(bytes) {
        Some(dimensions) => Ok(dimensions),
        None => Ok(reader(bytes)?.into_dimensions()?),
    }
}

/// A whole image file (JPEG, PNG or WebP) as 8-bit RGB, upright by its EXIF orientation,
/// refused before decoding when its header is over the caps.
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, ImageFileError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImageFileError::FileTooLarge { bytes: bytes.len() as u64 });
    }
    let (width, height) = header_dimensions(bytes)?;
    check_dimensions(width, height)?;
    let mut reader = reader(bytes)?;
    reader.limits(decoder_limits());
    let mut decoder = reader.into_decoder()?;
    // A damaged EXIF block is no reason to refuse the pixels: read it as unrotated.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(image.to_rgb8())
}
