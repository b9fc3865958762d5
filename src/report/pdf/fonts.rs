//! The two standard fonts the report uses, Helvetica and Helvetica-Bold (every PDF reader
//! has them, so nothing is embedded), and their advance widths from Adobe's AFM files
//! (Core14 metrics, 1/1000 em), so that lines wrap before the margin.

/// A standard font, by its resource name in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

/// Widths of the WinAnsi bytes 0x20-0x7E (Helvetica.afm).
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/// Widths of the WinAnsi bytes 0x20-0x7E (Helvetica-Bold.afm).
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0 to ?
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P to _
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // ` to o
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // p to ~
];

impl Font {
    /// The font's PostScript name (its /BaseFont).
    pub fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
        }
    }

    /// The page resource name it is set with (`/F1 10 Tf`).
    pub fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// One WinAnsi byte's advance, 1/1000 em. Bytes above 0x7E are the few marks the report
    /// uses, with their AFM widths; any other takes the widest capital's (a line wraps a
    /// little early rather than running past the margin).
    fn advance(self, b: u8) -> u16 {
        match (b, self) {
            (0x20..=0x7E, Font::Regular) => REGULAR[(b - 0x20) as usize],
            (0x20..=0x7E, Font::Bold) => BOLD[(b - 0x20) as usize],
            (0xB1 | 0xD7, _) => 584,             // plusminus, multiply
            (0xB0, _) => 400,                    // degree
            (0x96, _) => 556,                    // endash
            (0x97 | 0x85, _) => 1000,            // emdash, ellipsis
            (0x95, _) => 350,                    // bullet
            (0xB7 | 0xA0, _) => 278,             // periodcentered, nbspace
            (0x91 | 0x92, Font::Regular) => 222, // quoteleft, quoteright
            (0x91 | 0x92, Font::Bold) => 278,
            (0x93 | 0x94, Font::Regular) => 333, // quotedblleft, quotedblright
            (0x93 | 0x94, Font::Bold) => 500,
            _ => 944,
        }
    }

    /// The width of WinAnsi text set at `size` points, in points.
    pub fn width(self, text: &[u8], size: f32) -> f32 {
        text.iter().map(|&b| self.advance(b) as f32).sum::<f32>() * size / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_afm_files() {
        // "Hello": H 722 + e 556 + l 222 + l 222 + o 556 = 2278 / 1000 em in Helvetica.
        assert!((Font::Regular.width(b"Hello", 10.0) - 22.78).abs() < 1e-3);
        assert!((Font::Bold.width(b"Hello", 10.0) - 24.45).abs() < 1e-3);
        assert!(Font::Regular.width(b"\xB1", 10.0) > 5.0);
    }
}
