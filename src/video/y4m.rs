//! YUV4MPEG2 (.y4m), the uncompressed stream ffmpeg writes with `-f yuv4mpegpipe` and
//! browsers' fake webcams play: clips with known truth travel in it without a codec in the
//! way. Only 8-bit 4:2:0 is read (what `-pix_fmt yuv420p` gives), in ffmpeg's
//! limited-range BT.601 colours, and written back the same way.
//!
//! The reader is defensive: the header's frame size is capped, lines are bounded, frames
//! are read as their bytes arrive (a lying header allocates nothing), and a truncated
//! stream is an error, never a panic.

use image::RgbImage;
use std::io::{BufRead, Read, Write};

/// Largest width or height accepted, as for image files (a 4:2:0 frame of 8192 x 8192 is
/// 96 MiB).
pub const MAX_SIDE: u32 = crate::image_file::MAX_SIDE;
/// Longest header or FRAME line accepted, in bytes.
const MAX_LINE: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum Y4mError {
    #[error("cannot read or write the video: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a YUV4MPEG2 stream (it must start with 'YUV4MPEG2 ')")]
    NotY4m,
    #[error("bad y4m header: {0}")]
    BadHeader(String),
    #[error("y4m colour space 'C{0}' is not supported: only 8-bit 4:2:0 is read (convert with ffmpeg -pix_fmt yuv420p -f yuv4mpegpipe)")]
    UnsupportedColourSpace(String),
    #[error("y4m frame size is {width} x {height} pixels; FaceGrade reads at most {MAX_SIDE} x {MAX_SIDE}")]
    TooLarge { width: u32, height: u32 },
    #[error("y4m frame {index} does not start with a FRAME line")]
    BadFrame { index: usize },
    #[error("y4m frame {index} is truncated: {got} of its {expected} bytes")]
    Truncated { index: usize, got: usize, expected: usize },
    #[error("frame {index} is {width}x{height}, the y4m stream is {expected_width}x{expected_height}")]
    WrongFrameSize { index: usize, width: u32, height: u32, expected_width: u32, expected_height: u32 },
}

/// Frames per second as the header's exact ratio (NTSC's 30000:1001 stays exact).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameRate {
    pub numerator: u32,
    pub denominator: u32,
}

impl FrameRate {
    pub fn per_second(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

/// What a stream's header says about its frames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Y4mHeader {
    pub width: u32,
    pub height: u32,
    pub fps: FrameRate,
    /// The 4:2:0 variant named by the C parameter ("420" when it is absent); the variants
    /// differ only in chroma siting, which this reader does not interpolate.
    pub colour_space: String,
}

/// The 4:2:0 chroma variants; anything else (4:4:4, 4:2:2, mono, 10-bit) is refused.
const ACCEPTED_COLOUR_SPACES: [&str; 4] = ["420", "420jpeg", "420paldv", "420mpeg2"];

impl Y4mHeader {
    /// Parses a header line (without its newline), e.g.
    /// `YUV4MPEG2 W480 H480 F30:1 Ip A1:1 C420jpeg`. W, H and F are required; I, A and X
    /// parameters are ignored.
    pub fn parse(line: &str) -> Result<Y4mHeader, Y4mError> {
        let params = line.strip_prefix("YUV4MPEG2 ").ok_or(Y4mError::NotY4m)?;
        let (mut width, mut height, mut fps, mut colour_space) = (None, None, None, "420".to_string());
        for token in params.split(' ').filter(|t| !t.is_empty()) {
            // Split on the first character, not the first byte: a header is outside data
            // and may start a token with a multi-byte character.
            let mut chars = token.chars();
            let key = chars.next();
            let value = chars.as_str();
            match key {
                Some('W') => width = Some(parse_side(value, "W")?),
                Some('H') => height = Some(parse_side(value, "H")?),
                Some('F') => fps = Some(parse_frame_rate(value)?),
                Some('C') => colour_space = value.to_string(),
                _ => {}
            }
        }
        let width = width.ok_or_else(|| Y4mError::BadHeader("no width (W)".into()))?;
        let height = height.ok_or_else(|| Y4mError::BadHeader("no height (H)".into()))?;
        let fps = fps.ok_or_else(|| Y4mError::BadHeader("no frame rate (F)".into()))?;
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(Y4mError::TooLarge { width, height });
        }
        if !ACCEPTED_COLOUR_SPACES.contains(&colour_space.as_str()) {
            return Err(Y4mError::UnsupportedColourSpace(colour_space));
        }
        Ok(Y4mHeader { width, height, fps, colour_space })
    }

    /// Bytes of one frame's planes: full-size Y, then U and V at half size (rounded up).
    pub fn frame_bytes(&self) -> usize {
        let (w, h) = (self.width as usize, self.height as usize);
        w * h + 2 * w.div_ceil(2) * h.div_ceil(2)
    }
}

fn parse_side(value: &str, name: &str) -> Result<u32, Y4mError> {
    match value.parse::<u32>() {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(Y4mError::BadHeader(format!("{name}{value} is not a positive size"))),
    }
}

fn parse_frame_rate(value: &str) -> Result<FrameRate, Y4mError> {
    let bad = || Y4mError::BadHeader(format!("F{value} is not a frame rate (numerator:denominator)"));
    let (n, d) = value.split_once(':').ok_or_else(bad)?;
    match (n.parse::<u32>(), d.parse::<u32>()) {
        (Ok(numerator), Ok(denominator)) if numerator > 0 && denominator > 0 => Ok(FrameRate { numerator, denominator }),
        _ => Err(bad()),
    }
}

/// Reads one newline-terminated line of at most [`MAX_LINE`] bytes into `line` (without
/// the newline). Returns (anything read, newline seen): nothing at a clean end of stream;
/// a line cut short or too long has no newline, which the caller reports.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> Result<(bool, bool), Y4mError> {
    line.clear();
    input.take(MAX_LINE as u64 + 1).read_until(b'\n', line)?;
    if line.is_empty() {
        return Ok((false, false));
    }
    let complete = line.last() == Some(&b'\n');
    if complete {
        line.pop();
    }
    Ok((true, complete))
}

/// 4:2:0 planes (limited-range BT.601, as ffmpeg writes yuv420p) to RGB; each chroma
/// sample serves its 2x2 block.
pub fn yuv420_to_rgb(width: u32, height: u32, planes: &[u8]) -> Option<RgbImage> {
    let (w, h) = (width as usize, height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    if planes.len() != w * h + 2 * cw * ch {
        return None;
    }
    let (y_plane, chroma) = planes.split_at(w * h);
    let (u_plane, v_plane) = chroma.split_at(cw * ch);
    let mut data = Vec::with_capacity(w * h * 3);
    for row in 0..h {
        for col in 0..w {
            let c = (row / 2) * cw + col / 2;
            let (y, u, v) = (y_plane[row * w + col] as f32 - 16.0, u_plane[c] as f32 - 128.0, v_plane[c] as f32 - 128.0);
            let rgb = [1.164_383 * y + 1.596_027 * v, 1.164_383 * y - 0.391_762 * u - 0.812_968 * v, 1.164_383 * y + 2.017_232 * u];
            data.extend(rgb.map(|x| x.round().clamp(0.0, 255.0) as u8));
        }
    }
    RgbImage::from_raw(width, height, data)
}

/// RGB to 4:2:0 planes (limited-range BT.601), appended to `out`; each chroma sample is
/// the mean of its 2x2 block (fewer at odd edges).
pub fn rgb_to_yuv420(image: &RgbImage, out: &mut Vec<u8>) {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let px = |x: usize, y: usize| image.get_pixel(x as u32, y as u32).0.map(|v| v as f32);
    let level = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    for y in 0..h {
        for x in 0..w {
            let [r, g, b] = px(x, y);
            out.push(level(16.0 + 0.256_788 * r + 0.504_129 * g + 0.097_906 * b));
        }
    }
    let mut block_means = Vec::with_capacity(cw * ch);
    for cy in 0..ch {
        for cx in 0..cw {
            let (mut sum, mut n) = ([0.0f32; 3], 0.0);
            for y in 2 * cy..(2 * cy + 2).min(h) {
                for x in 2 * cx..(2 * cx + 2).min(w) {
                    let p = px(x, y);
                    (0..3).for_each(|c| sum[c] += p[c]);
                    n += 1.0;
                }
            }
            block_means.push(sum.map(|s| s / n));
        }
    }
    out.extend(block_means.iter().map(|&[r, g, b]| level(128.0 - 0.148_223 * r - 0.290_993 * g + 0.439_216 * b)));
    out.extend(block_means.iter().map(|&[r, g, b]| level(128.0 + 0.439_216 * r - 0.367_788 * g - 0.071_427 * b)));
}

/// A y4m stream read frame by frame.
pub struct Y4mReader<R: BufRead> {
    input: R,
    header: Y4mHeader,
    next_index: usize,
    line: Vec<u8>,
    planes: Vec<u8>,
    finished: bool,
}

impl<R: BufRead> Y4mReader<R> {
    /// Reads and checks the header.
    pub fn new(mut input: R) -> Result<Self, Y4mError> {
        let mut line = Vec::new();
        let (any, complete) = read_line(&mut input, &mut line)?;
        if !any || !line.starts_with(b"YUV4MPEG2 ") {
            return Err(Y4mError::NotY4m);
        }
        if !complete {
            return Err(Y4mError::BadHeader(format!("no end of line in its first {MAX_LINE} bytes")));
        }
        let header = Y4mHeader::parse(std::str::from_utf8(&line).map_err(|_| Y4mError::BadHeader("not ASCII".into()))?)?;
        Ok(Y4mReader { input, header, next_index: 0, line, planes: Vec::new(), finished: false })
    }

    pub fn header(&self) -> &Y4mHeader {
        &self.header
    }

    /// Frames per second (the header's ratio, rounded to f32 for timestamps).
    pub fn fps(&self) -> f32 {
        self.header.fps.per_second() as f32
    }

    /// The next frame as RGB; `None` at the end of the stream.
    pub fn next_frame(&mut self) -> Result<Option<RgbImage>, Y4mError> {
        let index = self.next_index;
        let (any, complete) = read_line(&mut self.input, &mut self.line)?;
        if !any {
            return Ok(None);
        }
        let is_frame = self.line == b"FRAME" || self.line.starts_with(b"FRAME ");
        if !complete && b"FRAME".starts_with(&self.line) {
            return Err(Y4mError::Truncated { index, got: 0, expected: self.header.frame_bytes() });
        }
        if !(complete && is_frame) {
            return Err(Y4mError::BadFrame { index });
        }
        let expected = self.header.frame_bytes();
        self.planes.clear();
        // `take` + `read_to_end` grows the buffer only as bytes arrive.
        let got = (&mut self.input).take(expected as u64).read_to_end(&mut self.planes)?;
        if got < expected {
            return Err(Y4mError::Truncated { index, got, expected });
        }
        self.next_index += 1;
        yuv420_to_rgb(self.header.width, self.header.height, &self.planes).map(Some).ok_or(Y4mError::Truncated { index, got, expected })
    }
}

impl<R: BufRead> Iterator for Y4mReader<R> {
    type Item = Result<RgbImage, Y4mError>;

    /// Frames until the end of the stream or the first error (which ends it).
    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = self.next_frame().transpose();
        if !matches!(item, Some(Ok(_))) {
            self.finished = true;
        }
        item
    }
}

/// A whole y4m file: its header and every frame.
pub fn read_y4m_file(path: &std::path::Path) -> Result<(Y4mHeader, Vec<RgbImage>), Y4mError> {
    let reader = Y4mReader::new(std::io::BufReader::new(std::fs::File::open(path)?))?;
    let header = reader.header().clone();
    Ok((header, reader.collect::<Result<Vec<_>, _>>()?))
}

/// Writes RGB frames as a 4:2:0 y4m stream (C420jpeg: chroma centred in its 2x2 block,
/// as the writer's block means put it).
pub struct Y4mWriter<W: Write> {
    output: W,
    width: u32,
    height: u32,
    written: usize,
    planes: Vec<u8>,
}

impl<W: Write> Y4mWriter<W> {
    /// Writes the header for frames of `width` x `height` at `fps`.
    pub fn new(mut output: W, width: u32, height: u32, fps: FrameRate) -> Result<Self, Y4mError> {
        if width == 0 || height == 0 || fps.numerator == 0 || fps.denominator == 0 {
            return Err(Y4mError::BadHeader(format!("cannot write {width}x{height} at {}:{} fps", fps.numerator, fps.denominator)));
        }
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(Y4mError::TooLarge { width, height });
        }
        writeln!(output, "YUV4MPEG2 W{width} H{height} F{}:{} Ip A1:1 C420jpeg", fps.numerator, fps.denominator)?;
        Ok(Y4mWriter { output, width, height, written: 0, planes: Vec::new() })
    }

    pub fn write_frame(&mut self, frame: &RgbImage) -> Result<(), Y4mError> {
        if frame.dimensions() != (self.width, self.height) {
            return Err(Y4mError::WrongFrameSize { index: self.written, width: frame.width(), height: frame.height(), expected_width: self.width, expected_height: self.height });
        }
        self.planes.clear();
        rgb_to_yuv420(frame, &mut self.planes);
        self.output.write_all(b"FRAME\n")?;
        self.output.write_all(&self.planes)?;
        self.written += 1;
        Ok(())
    }

    /// Frames written so far.
    pub fn frames_written(&self) -> usize {
        self.written
    }

    /// Flushes and hands back the output.
    pub fn finish(mut self) -> Result<W, Y4mError> {
        self.output.flush()?;
        Ok(self.output)
    }
}

/// Writes `frames` (all the same size, at least one) to a y4m file.
pub fn write_y4m_file(path: &std::path::Path, frames: &[RgbImage], fps: FrameRate) -> Result<(), Y4mError> {
    let first = frames.first().ok_or_else(|| Y4mError::BadHeader("no frames to write".into()))?;
    let mut writer = Y4mWriter::new(std::io::BufWriter::new(std::fs::File::create(path)?), first.width(), first.height(), fps)?;
    for frame in frames {
        writer.write_frame(frame)?;
    }
    writer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FPS: FrameRate = FrameRate { numerator: 30, denominator: 1 };

    /// Smooth ramps (a few levels a pixel, like a face): sharper colour edges lose more to
    /// 4:2:0's shared chroma, which is the format, not the code.
    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 3).min(255) as u8, (y * 4).min(255) as u8, (x + y + 30).min(255) as u8]))
    }

    fn encode(frames: &[RgbImage]) -> Vec<u8> {
        let mut writer = Y4mWriter::new(Vec::new(), frames[0].width(), frames[0].height(), FPS).unwrap();
        frames.iter().for_each(|f| writer.write_frame(f).unwrap());
        writer.finish().unwrap()
    }

    fn decode(bytes: &[u8]) -> Result<(Y4mHeader, Vec<RgbImage>), Y4mError> {
        let reader = Y4mReader::new(bytes)?;
        let header = reader.header().clone();
        Ok((header, reader.collect::<Result<Vec<_>, _>>()?))
    }

    #[test]
    fn the_header_gives_size_rate_and_colour_space() {
        let h = Y4mHeader::parse("YUV4MPEG2 W480 H360 F30000:1001 It A1:1 C420paldv XYSCSS=420PALDV").unwrap();
        assert_eq!((h.width, h.height, h.colour_space.as_str()), (480, 360, "420paldv"));
        assert_eq!(h.fps, FrameRate { numerator: 30000, denominator: 1001 });
        assert!((h.fps.per_second() - 29.97).abs() < 0.01);
        assert_eq!(h.frame_bytes(), 480 * 360 * 3 / 2);
        // No C means 4:2:0; odd sizes round the chroma planes up.
        let h = Y4mHeader::parse("YUV4MPEG2 W5 H3 F25:1").unwrap();
        assert_eq!((h.colour_space.as_str(), h.frame_bytes()), ("420", 15 + 2 * 3 * 2));
        assert!(matches!(Y4mHeader::parse("YUV4MPEG W5 H3 F25:1"), Err(Y4mError::NotY4m)));
        assert!(matches!(Y4mHeader::parse("YUV4MPEG2 W5 F25:1"), Err(Y4mError::BadHeader(_))));
        assert!(matches!(Y4mHeader::parse("YUV4MPEG2 W5 H3 F25:0"), Err(Y4mError::BadHeader(_))));
        assert!(matches!(Y4mHeader::parse("YUV4MPEG2 W0 H3 F25:1"), Err(Y4mError::BadHeader(_))));
        assert!(matches!(Y4mHeader::parse("YUV4MPEG2 W100000 H100000 F25:1"), Err(Y4mError::TooLarge { .. })));
    }

    #[test]
    fn other_colour_spaces_are_refused_with_a_clear_error() {
        for c in ["444", "422", "mono", "420p10"] {
            let err = decode(format!("YUV4MPEG2 W4 H4 F30:1 C{c}\n").as_bytes()).unwrap_err();
            assert!(matches!(&err, Y4mError::UnsupportedColourSpace(s) if s == c), "{err}");
            assert!(err.to_string().contains("4:2:0"), "{err}");
        }
    }

    #[test]
    fn a_gradient_survives_the_round_trip_within_a_few_levels() {
        for (w, h) in [(64, 48), (33, 17)] {
            let frames = [gradient(w, h), image::imageops::flip_horizontal(&gradient(w, h))];
            let (header, back) = decode(&encode(&frames)).unwrap();
            assert_eq!((header.width, header.height, header.fps, header.colour_space.as_str()), (w, h, FPS, "420jpeg"));
            assert_eq!(back.len(), 2);
            for (a, b) in frames.iter().zip(&back) {
                let worst = a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as i32 - y as i32).abs()).max().unwrap();
                assert!(worst <= 5, "{w}x{h}: {worst}");
            }
        }
        // Grey levels are exact or off by one (219 luma steps for 256 levels).
        let grey = RgbImage::from_fn(16, 2, |x, _| image::Rgb([(x * 17) as u8; 3]));
        let (_, back) = decode(&encode(std::slice::from_ref(&grey))).unwrap();
        assert!(grey.as_raw().iter().zip(back[0].as_raw()).all(|(&x, &y)| (x as i32 - y as i32).abs() <= 1));
    }

    #[test]
    fn truncated_and_malformed_streams_are_errors() {
        let bytes = encode(&[gradient(8, 6), gradient(8, 6)]);
        assert_eq!(decode(&bytes).unwrap().1.len(), 2);
        // Cut inside the second frame's planes, and inside its FRAME line.
        let frame = 6 + 8 * 6 * 3 / 2;
        let header = bytes.len() - 2 * frame;
        let err = decode(&bytes[..bytes.len() - 10]).unwrap_err();
        assert!(matches!(err, Y4mError::Truncated { index: 1, got, expected } if got == expected - 10 && expected == 72), "{err}");
        assert!(matches!(decode(&bytes[..header + frame + 3]).unwrap_err(), Y4mError::Truncated { index: 1, got: 0, .. }));
        // Garbage where a frame should start; no header; a header with no end.
        let mut garbage = bytes[..header + frame].to_vec();
        garbage.extend_from_slice(b"FRAMX\nxxxx");
        assert!(matches!(decode(&garbage).unwrap_err(), Y4mError::BadFrame { index: 1 }));
        assert!(matches!(decode(b"RIFF....").unwrap_err(), Y4mError::NotY4m));
        assert!(matches!(decode(b"").unwrap_err(), Y4mError::NotY4m));
        let endless = [b"YUV4MPEG2 W8 H6 F30:1 ".as_slice(), &[b'X'; 10_000]].concat();
        assert!(matches!(decode(&endless).unwrap_err(), Y4mError::BadHeader(_)));
        // A header claiming a huge frame with no data behind it: an error, not an allocation.
        let err = decode(b"YUV4MPEG2 W8192 H8192 F30:1\nFRAME\n\x10\x10").unwrap_err();
        assert!(matches!(err, Y4mError::Truncated { index: 0, got: 2, .. }), "{err}");
        // A header alone is an empty clip.
        assert!(decode(b"YUV4MPEG2 W8 H6 F30:1 C420jpeg\n").unwrap().1.is_empty());
    }

    #[test]
    fn the_writer_refuses_a_frame_of_another_size() {
        let mut writer = Y4mWriter::new(Vec::new(), 8, 6, FPS).unwrap();
        writer.write_frame(&gradient(8, 6)).unwrap();
        assert!(matches!(writer.write_frame(&gradient(6, 8)), Err(Y4mError::WrongFrameSize { index: 1, .. })));
        assert_eq!(writer.frames_written(), 1);
        assert!(Y4mWriter::new(Vec::new(), 0, 6, FPS).is_err());
    }
}
