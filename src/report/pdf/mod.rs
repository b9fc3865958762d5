//! The exam report as a PDF file, made on the device (`facegrade exam --pdf`, the page's
//! "Save PDF", and the FHIR DiagnosticReport's presentedForm when asked for). A small
//! writer of our own rather than a crate: the report needs text, rules and JPEG pictures
//! in the standard fonts, about 400 lines, with no dependency to build for wasm.
//!
//! - `winansi`: text in the fonts' encoding; `fonts`: their widths, for wrapping;
//! - `document`: the file's objects, cross-reference table and trailer;
//! - `layout`: paragraphs and tables paged on A4;
//! - `exam`: the exam report's content, from the same rows the page shows.

pub mod document;
pub mod exam;
pub mod fonts;
pub mod layout;
pub mod picture;
pub mod winansi;

pub use document::Jpeg;
pub use exam::{exam_pdf, PdfContext, PdfPicture};
