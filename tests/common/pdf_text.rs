//! What a PDF reader finds in a PDF: poppler's pdftotext and pdfimages (Debian
//! poppler-utils; scripts/test installs them). A missing tool fails the test with that
//! advice rather than skipping it.

use std::path::Path;
use std::process::Command;

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| panic!("{tool} (Debian poppler-utils) is needed to read the PDF back: {e}; scripts/test installs it"));
    assert!(out.status.success(), "{tool} refused the PDF: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The PDF's text as pdftotext reads it, in reading order with the layout kept (a table's
/// row on one line), whitespace runs folded to one space.
pub fn pdf_text(pdf: &Path) -> String {
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

/// The PDF's images as (width, height, colour space, filter), from `pdfimages -list`.
pub fn pdf_images(pdf: &Path) -> Vec<(u32, u32, String, String)> {
    poppler("pdfimages", &["-list", pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // page num type width height color comp bpc enc ...
            (f[3].parse().unwrap(), f[4].parse().unwrap(), f[5].to_string(), f[8].to_string())
        })
        .collect()
}
