//! The Bundle's non-Observation resources: the pseudonymous Patient, the FaceGrade Device
//! and the DiagnosticReport that gathers the Observations.

use super::codes::{FACEGRADE_PSEUDONYM, FACEGRADE_REPORT};
use super::observation::Shared;
use super::ModelChecksum;
use crate::scores::ExamReport;
use serde_json::{json, Value};

/// FHIR R4 Patient (http://hl7.org/fhir/R4/patient.html) with the pseudonym as its only
/// content: an `identifier` (use "secondary", FaceGrade's pseudonym system). No name,
/// birth date, gender or address: FaceGrade never has them. Without a pseudonym the
/// Patient is empty, and only links the Observations to one subject.
pub fn patient(pseudonym: Option<&str>) -> Value {
    let mut p = json!({ "resourceType": "Patient" });
    if let Some(code) = pseudonym.filter(|c| !c.trim().is_empty()) {
        p["identifier"] = json!([{ "use": "secondary", "system": FACEGRADE_PSEUDONYM, "value": code.trim() }]);
    }
    p
}

/// FHIR R4 Device (http://hl7.org/fhir/R4/device.html): FaceGrade as software, its
/// version and each model file's sha256 in Device.version (type = what is versioned).
pub fn device(facegrade_version: &str, models: &[ModelChecksum]) -> Value {
    let mut versions = vec![json!({ "type": { "text": "FaceGrade software version" }, "value": facegrade_version })];
    versions.extend(models.iter().map(|m| json!({ "type": { "text": format!("model file {} sha256", m.file) }, "value": m.sha256 })));
    json!({
        "resourceType": "Device",
        "deviceName": [{ "name": "FaceGrade", "type": "user-friendly-name" }],
        "type": { "text": "facial landmark measurement software (automated video landmark analysis)" },
        "version": versions,
    })
}

/// The exam's missing views in words, or None when every view was measured.
pub fn missing_views_statement(report: &ExamReport) -> Option<String> {
    let missing = &report.scores.missing_views;
    (!missing.is_empty()).then(|| {
        let names: Vec<&str> = missing.iter().map(|v| v.code()).collect();
        format!("Views not provided or not measurable: {}; their measurements and the scores that need them are not in this report.", names.join(", "))
    })
}

/// FHIR R4 DiagnosticReport (http://hl7.org/fhir/R4/diagnosticreport.html): references
/// every Observation in `result`; the conclusion is the intended purpose and the
/// "measurements, not a diagnosis" notice, then, when views are missing, which, then the
/// clinician's free-text note (R4's DiagnosticReport has no note element).
pub fn diagnostic_report(report: &ExamReport, shared: &Shared, results: &[String], clinician_note: &str) -> Value {
    // The current wording, whatever notice an older saved exam carries.
    let mut conclusion = crate::scores::notice();
    if let Some(missing) = missing_views_statement(report) {
        conclusion = format!("{conclusion} {missing}");
    }
    if !clinician_note.trim().is_empty() {
        conclusion = format!("{conclusion} Clinician's note: {}", clinician_note.trim());
    }
    json!({
        "resourceType": "DiagnosticReport",
        "status": shared.status,
        "code": { "coding": [{ "system": FACEGRADE_REPORT, "code": "facial-nerve-exam", "display": "Facial nerve function measurements (FaceGrade exam)" }], "text": "Facial nerve function measurements" },
        "subject": { "reference": shared.patient },
        "effectiveDateTime": shared.effective,
        "result": results.iter().map(|r| json!({ "reference": r })).collect::<Vec<_>>(),
        "conclusion": conclusion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patient_carries_the_trimmed_pseudonym_or_nothing() {
        assert_eq!(patient(Some(" P-7 "))["identifier"][0]["value"], "P-7");
        for empty in [None, Some(""), Some("  ")] {
            assert_eq!(patient(empty), json!({ "resourceType": "Patient" }));
        }
    }
}
