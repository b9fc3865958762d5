//! A PDF 1.4 file (ISO 32000-1 / the PDF Reference 1.4): the catalog, the page tree, the
//! two standard fonts in WinAnsiEncoding, JPEG pictures as image XObjects (DCTDecode: the
//! JPEG's bytes go in as they are), one uncompressed content stream per page, the cross-
//! reference table and the trailer. Nothing is read from a clock or a file: the same
//! pages give the same bytes.

use super::fonts::Font;
use super::winansi;
use std::fmt::Write;

/// A4 portrait, in points (1/72 inch).
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;

/// A JPEG picture, as its file's bytes and its size in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Jpeg {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// 1 (grey), 3 (YCbCr / RGB) or 4 (CMYK) colour components.
    pub components: u8,
}

impl Jpeg {
    /// Reads the size and components from the JPEG's start-of-frame marker; None when the
    /// bytes are not a JPEG.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Jpeg> {
        if bytes.get(..2)? != [0xFF, 0xD8] {
            return None;
        }
        let mut i = 2;
        while i + 4 <= bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            let length = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
            if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                let sof = bytes.get(i + 4..i + 10)?;
                let height = u16::from_be_bytes([sof[1], sof[2]]) as u32;
                let width = u16::from_be_bytes([sof[3], sof[4]]) as u32;
                let components = sof[5];
                return (width > 0 && height > 0 && matches!(components, 1 | 3 | 4)).then_some(Jpeg { bytes, width, height, components });
            }
            i += 2 + length;
        }
        None
    }
}

/// What a page draws, in page coordinates (points, origin at the bottom left).
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// Text on one line, its baseline starting at (x, y).
    Text { x: f32, y: f32, font: Font, size: f32, text: String },
    /// A thin grey rule.
    Rule { x1: f32, y1: f32, x2: f32, y2: f32 },
    /// Picture `index` of the document, its lower left corner at (x, y).
    Picture { index: usize, x: f32, y: f32, width: f32, height: f32 },
}

/// A page's marks.
pub type Page = Vec<Mark>;

/// The document's title and the program that made it (the Info dictionary).
#[derive(Clone, Debug, Default)]
pub struct Info {
    pub title: String,
    pub producer: String,
}

/// A PDF string literal of WinAnsi text: ( ) and \ escaped, bytes outside printable
/// ASCII as octal escapes, so the file stays 7-bit apart from its pictures.
fn literal(text: &str) -> String {
    let mut out = String::from("(");
    for b in winansi::encode(text) {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7E => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

/// A page's content stream.
fn content(page: &Page) -> String {
    let mut out = String::new();
    for mark in page {
        match mark {
            Mark::Text { x, y, font, size, text } => {
                let _ = writeln!(out, "BT /{} {size:.1} Tf {x:.2} {y:.2} Td {} Tj ET", font.resource(), literal(text));
            }
            Mark::Rule { x1, y1, x2, y2 } => {
                let _ = writeln!(out, "q 0.6 G 0.5 w {x1:.2} {y1:.2} m {x2:.2} {y2:.2} l S Q");
            }
            Mark::Picture { index, x, y, width, height } => {
                let _ = writeln!(out, "q {width:.2} 0 0 {height:.2} {x:.2} {y:.2} cm /Im{index} Do Q");
            }
        }
    }
    out
}

/// The objects in order, object n at index n - 1.
struct Objects(Vec<Vec<u8>>);

impl Objects {
    fn add(&mut self, body: Vec<u8>) -> usize {
        self.0.push(body);
        self.0.len()
    }

    fn stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
        let mut body = format!("<< {dictionary} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        body
    }
}

/// The PDF file of these pages and pictures.
pub fn write(pages: &[Page], pictures: &[Jpeg], info: &Info) -> Vec<u8> {
    // Object numbers: 1 catalog, 2 page tree, 3-4 fonts, 5 info, the pictures, then each
    // page and its content stream.
    let mut objects = Objects(Vec::new());
    objects.add(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.add(Vec::new()); // the page tree, once the pages have numbers
    for font in [Font::Regular, Font::Bold] {
        objects.add(format!("<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>", font.base_font()).into_bytes());
    }
    objects.add(format!("<< /Title {} /Producer {} >>", literal(&info.title), literal(&info.producer)).into_bytes());
    let picture_ids: Vec<usize> = pictures
        .iter()
        .map(|p| {
            let colour = match p.components {
                1 => "/DeviceGray",
                4 => "/DeviceCMYK",
                _ => "/DeviceRGB",
            };
            let dictionary = format!("/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {colour} /BitsPerComponent 8 /Filter /DCTDecode", p.width, p.height);
            objects.add(Objects::stream(&dictionary, &p.bytes))
        })
        .collect();
    let x_objects: String = picture_ids.iter().enumerate().map(|(i, id)| format!(" /Im{i} {id} 0 R")).collect();
    let resources = format!("<< /Font << /F1 3 0 R /F2 4 0 R >> /XObject <<{x_objects} >> >>");
    let mut page_ids = Vec::new();
    for page in pages {
        let stream = objects.add(Objects::stream("", content(page).as_bytes()));
        let body = format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Resources {resources} /Contents {stream} 0 R >>");
        page_ids.push(objects.add(body.into_bytes()));
    }
    let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
    objects.0[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), page_ids.len()).into_bytes();

    // A binary comment after the header tells transfer programs the file is binary.
    let mut file = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.0.iter().enumerate() {
        offsets.push(file.len());
        file.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        file.extend_from_slice(body);
        file.extend_from_slice(b"\nendobj\n");
    }
    let xref = file.len();
    // Each cross-reference entry is exactly 20 bytes, its line end included.
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.0.len() + 1);
    for offset in offsets {
        let _ = write!(table, "{offset:010} 00000 n \n");
    }
    let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.0.len() + 1);
    file.extend_from_slice(table.as_bytes());
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_the_xref_points_at_each_object() {
        assert_eq!(literal("a (b) \\ ±"), "(a \\(b\\) \\\\ \\261)");
        let page = vec![Mark::Text { x: 50.0, y: 700.0, font: Font::Bold, size: 12.0, text: "Score".into() }];
        let file = write(&[page], &[], &Info { title: "t".into(), producer: "p".into() });
        assert!(file.starts_with(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"));
        // After the 15-byte header the file is text, and its offsets are the file's less 15.
        let text = String::from_utf8(file[15..].to_vec()).unwrap();
        assert!(text.ends_with("%%EOF\n"));
        let start: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[start - 15..].starts_with("xref\n0 8\n"), "7 objects: catalog, pages, 2 fonts, info, content, page");
        for (n, line) in text[start - 15..].lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(text[offset - 15..].starts_with(&format!("{} 0 obj", n + 1)), "object {}", n + 1);
        }
    }

    #[test]
    fn a_jpeg_gives_its_size_and_anything_else_is_refused() {
        let mut bytes = Vec::new();
        let rgb = image::RgbImage::from_pixel(7, 5, image::Rgb([200, 10, 10]));
        image::codecs::jpeg::JpegEncoder::new(&mut bytes).encode_image(&rgb).unwrap();
        let jpeg = Jpeg::from_bytes(bytes).unwrap();
        assert_eq!((jpeg.width, jpeg.height, jpeg.components), (7, 5, 3));
        assert_eq!(Jpeg::from_bytes(b"\x89PNG....".to_vec()), None);
        assert_eq!(Jpeg::from_bytes(vec![0xFF, 0xD8, 0xFF]), None);
    }
}
