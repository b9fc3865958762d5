//! What the report shows and exports of a scored exam: the headline scores, every item
//! with its rule or reason, the JSON file, and the download of a file made on this page
//! (a blob: URL; nothing is sent). The CSV is the core's (`facegrade::report::exam::csv`),
//! the same file `facegrade exam --csv` writes.

use crate::store::ExamRecord;
use crate::trends::eface_items;
use facegrade::correction::LandmarkCorrections;
use facegrade::clinician::{final_scores, ClinicalContext, ClinicianGrade};
use facegrade::scores::{ExamReport, ExamScores, INTENDED_PURPOSE};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

/// (data-score name, label, shown value) of the headline scores.
pub fn headline(r: &ExamReport) -> Vec<(&'static str, &'static str, String)> {
    let n = |v: Option<f32>| v.map_or("not measured".to_string(), |x| format!("{x:.0}"));
    let eface = &r.scores.auto_eface;
    let composite = {
        let [lo, hi] = r.scores.sunnybrook.composite;
        if lo == hi { format!("{lo:.0}") } else { format!("{lo:.0}-{hi:.0}") }
    };
    vec![
        ("eface_total", "auto-eFACE total (0-100, 100 = normal)", n(eface.total)),
        ("eface_static", "auto-eFACE static", n(eface.static_score)),
        ("eface_dynamic", "auto-eFACE dynamic", n(eface.dynamic_score)),
        ("eface_synkinesis", "auto-eFACE synkinesis", n(eface.synkinesis_score)),
        ("sunnybrook_composite", "Sunnybrook composite, measurable parts (range over what is not measured)", composite),
        ("house_brackmann_estimate", "House-Brackmann estimate", r.scores.house_brackmann.label.clone().unwrap_or_else(|| "not estimated".into())),
    ]
}

/// Every auto-eFACE and Sunnybrook item as (scale, item, value, evidence or reason).
pub fn items(r: &ExamReport) -> Vec<(String, String, String, String)> {
    let mut out: Vec<(String, String, String, String)> = eface_items(r)
        .map(|item| {
            let (value, why) = match item.score {
                Some(s) => (format!("{s:.0}"), item.rule.clone()),
                None => ("not measured".into(), item.not_measured.clone().unwrap_or_default()),
            };
            ("auto-eFACE".into(), item.name.clone(), value, why)
        })
        .collect();
    let sb = &r.scores.sunnybrook;
    for (part, list) in [("resting", &sb.resting), ("voluntary", &sb.voluntary), ("synkinesis", &sb.synkinesis)] {
        for item in list {
            let (value, why) = match item.grade {
                Some(g) => (g.to_string(), item.finding.clone().unwrap_or_default()),
                None => (format!("{}-{} (not measured)", item.range[0], item.range[1]), item.not_measured.clone().unwrap_or_default()),
            };
            out.push(("Sunnybrook".into(), format!("{part}: {}", item.name), value, why));
        }
    }
    out
}

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
