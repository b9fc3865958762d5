//! "Save PDF": the exam report as a PDF file made in this page by the core
//! (`facegrade::report::pdf`, the file `facegrade exam --pdf` writes) and offered as a
//! download; nothing is sent. The views' pictures go in only when the report shows them.

use super::export::download_bytes;
use super::ExamState;
use crate::store;
use facegrade::report::pdf::{exam_pdf, Jpeg, PdfContext, PdfPicture};
use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A view's saved picture (JPEG) as report picture; None when it is missing or unreadable.
async fn view_picture(exam: ExamState, id: &str, view: &str) -> Option<PdfPicture> {
    let blob = match exam.pictures.with_value(|p| p.get(view).cloned()) {
        Some(b) => b,
        None => store::load_picture(id, view).await.ok().flatten()?,
    };
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    let jpeg = Jpeg::from_bytes(Uint8Array::new(&buffer).to_vec())?;
    Some(PdfPicture { caption: format!("{} view", view.replace('_', " ")), jpeg })
}

/// Makes the current exam's report PDF and offers it as `facegrade-exam.pdf`.
pub fn save_pdf(exam: ExamState, with_pictures: bool) {
    let (Some(record), Some(report)) = (exam.record.get_untracked(), exam.result.get_untracked()) else { return };
    leptos::task::spawn_local(async move {
        let mut pictures = Vec::new();
        if with_pictures {
            for view in record.views.keys() {
                pictures.extend(view_picture(exam, &record.id, view).await);
            }
        }
        let taken = String::from(js_sys::Date::new(&record.created_ms.into()).to_iso_string());
        let context = PdfContext {
            pseudonym: Some(record.pseudonym.clone()).filter(|p| !p.trim().is_empty()),
            taken: Some(taken),
            facegrade_version: env!("CARGO_PKG_VERSION").to_string(),
            pictures,
            clinician_grades: record.clinician_grades.clone(),
            clinical_context: record.context.clone(),
        };
        download_bytes("facegrade-exam.pdf", "application/pdf", &exam_pdf(&report, &context));
    });
}
