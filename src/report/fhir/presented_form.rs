//! The exam report as a PDF inside the Bundle, only when asked for (it may hold the views'
//! pictures): DiagnosticReport.presentedForm, "entire report as issued" (FHIR R4
//! DiagnosticReport), one Attachment with contentType application/pdf, the file in `data`
//! (base64) and its `size` in bytes.

use base64::Engine;
use serde_json::{json, Value};

/// Puts `pdf` into the Bundle's DiagnosticReport as its presentedForm. False when the
/// Bundle has no DiagnosticReport.
pub fn attach_pdf(bundle: &mut Value, pdf: &[u8], title: &str) -> bool {
    let Some(entries) = bundle["entry"].as_array_mut() else { return false };
    let Some(report) = entries.iter_mut().map(|e| &mut e["resource"]).find(|r| r["resourceType"] == "DiagnosticReport") else { return false };
    report["presentedForm"] = json!([{
        "contentType": "application/pdf",
        "language": "en",
        "data": base64::engine::general_purpose::STANDARD.encode(pdf),
        "size": pdf.len(),
        "title": title,
    }]);
    true
}
