//! What the report exports of a scored exam: the JSON file, the PDF, and the download of a file made on this page
//! (a blob: URL; nothing is sent). The CSV is the core's (`facegrade::report::exam::csv`),
//! the same file `facegrade exam --csv` writes.

use crate::store::ExamRecord;
use facegrade::correction::LandmarkCorrections;
use facegrade::clinician::{final_scores, ClinicalContext, ClinicianGrade};
use facegrade::scores::{ExamReport, ExamScores, INTENDED_PURPOSE};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

/// The report's content, the core's: the PDF shows the same.
pub use facegrade::report::printed::{headline, items};

/// The exam as one JSON file: the intended purpose first, the core's report as
/// `facegrade exam --json` writes it (scores, calibration, every view's measurements),
/// with the exam's id and pseudonym, the model's landmarks and the clinician's corrections
/// of every view, the clinician's grades (audit list) with the scores recomputed from
/// them, and the record's context (pictures are never exported).
pub fn exam_json(record: &ExamRecord, report: &ExamReport) -> Option<String> {
    #[derive(Serialize)]
    struct ExportedExam<'a> {
        intended_purpose: &'a str,
        exam_id: &'a str,
        pseudonym: &'a str,
        #[serde(flatten)]
        report: &'a ExamReport,
        model_landmarks: &'a BTreeMap<String, Value>,
        corrections: &'a BTreeMap<String, LandmarkCorrections>,
        clinician_grades: &'a [ClinicianGrade],
        /// The scores with the clinician's values; absent when nothing was graded.
        #[serde(skip_serializing_if = "Option::is_none")]
        clinician_scores: Option<ExamScores>,
        context: &'a ClinicalContext,
    }
    let clinician_scores = (!record.clinician_grades.is_empty()).then(|| final_scores(&report.scores, &record.clinician_grades));
    let exported = ExportedExam {
        intended_purpose: INTENDED_PURPOSE,
        exam_id: &record.id,
        pseudonym: &record.pseudonym,
        report,
        model_landmarks: &record.views,
        corrections: &record.corrections,
        clinician_grades: &record.clinician_grades,
        clinician_scores,
        context: &record.context,
    };
    serde_json::to_string_pretty(&exported).ok()
}

/// Offers `contents` as a file download.
pub fn download(name: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    download_blob(name, &blob);
}

/// Offers bytes as a file download.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else { return };
    download_blob(name, &blob);
}

fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = document.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    // Revoke once the download has started.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 5000);
    }
}
