//! A view's photo for the report: scaled down (a report is read, not measured on) and
//! written as a JPEG, which the PDF carries as it is.

use super::document::Jpeg;
use super::exam::PdfPicture;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::RgbImage;

/// The longest side of a picture in the report, pixels: about 150 dpi at its printed size.
pub const LONGEST_SIDE_PX: u32 = 800;

/// The photo as a report picture, at most [`LONGEST_SIDE_PX`] on its longest side.
pub fn picture(photo: &RgbImage, caption: &str) -> Option<PdfPicture> {
    let longest = photo.width().max(photo.height());
    let scaled;
    let photo = if longest > LONGEST_SIDE_PX {
        let f = LONGEST_SIDE_PX as f32 / longest as f32;
        scaled = image::imageops::resize(photo, ((photo.width() as f32 * f).round() as u32).max(1), ((photo.height() as f32 * f).round() as u32).max(1), FilterType::Triangle);
        &scaled
    } else {
        photo
    };
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 85).encode_image(photo).ok()?;
    Some(PdfPicture { caption: caption.to_string(), jpeg: Jpeg::from_bytes(bytes)? })
}
