//! Text laid out on A4 pages, top to bottom: headings, wrapped paragraphs, tables whose
//! cells wrap within their columns (a row never splits across pages; the header row is
//! repeated on the next page), and pictures. Each page ends with a footer line.

use super::document::{Mark, Page, PAGE_HEIGHT, PAGE_WIDTH};
use super::fonts::Font;
use super::winansi;

const MARGIN: f32 = 50.0;
const BODY: f32 = 9.5;
const LEADING: f32 = 1.3;
/// Room kept at the bottom for the footer.
const FOOTER: f32 = 30.0;

/// The pages being filled.
pub struct Layout {
    pages: Vec<Page>,
    /// The top of the next line, from the bottom of the page.
    y: f32,
}

/// Splits `text` into lines no wider than `width` points, at spaces; a word wider than the
/// line is cut.
pub fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let fits = |s: &str| font.width(&winansi::encode(s), size) <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word alone too wide for the line: cut it where it no longer fits.
            let mut rest = word.to_string();
            while !fits(&rest) {
                let cut = (1..rest.chars().count()).rev().map(|n| rest.chars().take(n).collect::<String>()).find(|s| fits(s)).unwrap_or_else(|| rest.chars().take(1).collect());
                rest = rest[cut.len()..].to_string();
                lines.push(cut);
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

impl Default for Layout {
    fn default() -> Self {
        Layout { pages: vec![Vec::new()], y: PAGE_HEIGHT - MARGIN }
    }
}

impl Layout {
    fn width() -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    /// Starts a new page unless `height` points still fit on this one.
    fn room_for(&mut self, height: f32) -> bool {
        if self.y - height < MARGIN + FOOTER && !self.page().is_empty() {
            self.pages.push(Vec::new());
            self.y = PAGE_HEIGHT - MARGIN;
            return false;
        }
        true
    }

    fn line(&mut self, x: f32, font: Font, size: f32, text: &str) {
        let y = self.y - size;
        self.page().push(Mark::Text { x, y, font, size, text: text.to_string() });
    }

    pub fn space(&mut self, points: f32) {
        self.y -= points;
    }

    /// A heading, kept on the page with at least three lines after it.
    pub fn heading(&mut self, text: &str, size: f32) {
        self.space(size * 0.6);
        self.room_for(size * LEADING + 3.0 * BODY * LEADING);
        self.line(MARGIN, Font::Bold, size, text);
        self.y -= size * LEADING;
    }

    /// A paragraph in the body size, wrapped to the margins.
    pub fn paragraph(&mut self, text: &str, font: Font) {
        for line in wrap(text, font, BODY, Self::width()) {
            self.room_for(BODY * LEADING);
            self.line(MARGIN, font, BODY, &line);
            self.y -= BODY * LEADING;
        }
        self.space(BODY * 0.4);
    }

    /// A table: `widths` are the columns' shares of the text width; the header row is bold
    /// and repeated at the top of each page the table runs onto.
    pub fn table(&mut self, widths: &[f32], header: Option<&[String]>, rows: &[Vec<String>]) {
        let total: f32 = widths.iter().sum();
        let columns: Vec<f32> = widths.iter().map(|w| w / total * Self::width()).collect();
        let lay_row = |cells: &[String], font: Font| -> Vec<Vec<String>> { cells.iter().zip(&columns).map(|(c, w)| wrap(c, font, BODY, w - 6.0)).collect() };
        let header = header.map(|h| lay_row(h, Font::Bold));
        if let Some(h) = &header {
            self.row(&columns, h, Font::Bold, None);
        }
        for cells in rows {
            let laid = lay_row(cells, Font::Regular);
            self.row(&columns, &laid, Font::Regular, header.as_ref());
        }
        self.space(BODY * 0.6);
    }

    fn row(&mut self, columns: &[f32], cells: &[Vec<String>], font: Font, header: Option<&Vec<Vec<String>>>) {
        let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * BODY * LEADING + 3.0;
        if !self.room_for(height) {
            if let Some(h) = header {
                self.row(columns, h, Font::Bold, None);
            }
        }
        let top = self.y;
        let mut x = MARGIN;
        for (lines, width) in cells.iter().zip(columns) {
            self.y = top - 1.5;
            for l in lines {
                self.line(x, font, BODY, l);
                self.y -= BODY * LEADING;
            }
            x += width;
        }
        self.y = top - height;
        let y = self.y + 1.0;
        self.page().push(Mark::Rule { x1: MARGIN, y1: y, x2: MARGIN + Self::width(), y2: y });
    }

    /// Picture `index`, `width_px` x `height_px`, scaled to at most `max_height` points high
    /// and the text width, with its caption below.
    pub fn picture(&mut self, index: usize, width_px: u32, height_px: u32, max_height: f32, caption: &str) {
        let scale = (Self::width() / width_px as f32).min(max_height / height_px as f32);
        let (width, height) = (width_px as f32 * scale, height_px as f32 * scale);
        self.room_for(height + BODY * LEADING * 2.0);
        self.y -= height;
        let y = self.y;
        self.page().push(Mark::Picture { index, x: MARGIN, y, width, height });
        self.space(4.0);
        self.paragraph(caption, Font::Regular);
    }

    /// The pages, each with its footer: `footer` and "page i of n".
    pub fn finish(mut self, footer: &str) -> Vec<Page> {
        let n = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("{footer} - page {} of {n}", i + 1);
            page.push(Mark::Text { x: MARGIN, y: MARGIN - 10.0, font: Font::Regular, size: 7.5, text });
        }
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_spaces_within_the_width_and_long_words_are_cut() {
        let lines = wrap("the affected eye closes completely", Font::Regular, 10.0, 80.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| Font::Regular.width(&winansi::encode(l), 10.0) <= 80.0), "{lines:?}");
        assert_eq!(lines.join(" "), "the affected eye closes completely");
        let cut = wrap("abcdefghijklmnopqrstuvwxyz", Font::Regular, 10.0, 40.0);
        assert_eq!(cut.concat(), "abcdefghijklmnopqrstuvwxyz");
        assert!(cut.len() > 2);
    }

    #[test]
    fn a_long_table_runs_onto_pages_with_its_header_again() {
        let mut layout = Layout::default();
        let rows: Vec<Vec<String>> = (0..120).map(|i| vec![format!("item {i}"), "value".into()]).collect();
        layout.table(&[1.0, 1.0], Some(&["Item".into(), "Value".into()]), &rows);
        let pages = layout.finish("report");
        assert!(pages.len() >= 2);
        for page in &pages {
            let texts: Vec<&str> = page.iter().filter_map(|m| if let Mark::Text { text, .. } = m { Some(text.as_str()) } else { None }).collect();
            assert_eq!(texts[0], "Item", "each page starts with the header");
            assert!(page.iter().all(|m| !matches!(m, Mark::Text { y, .. } if *y < MARGIN - 11.0)), "nothing below the footer");
        }
    }
}
