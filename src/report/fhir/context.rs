//! The record's context as FHIR R4 resources, each only when the clinician gave it:
//!
//! - cause, onset and phase: one Condition (http://hl7.org/fhir/R4/condition.html), code
//!   "facial nerve palsy" with the cause (FaceGrade cause codes), onsetDateTime, and the
//!   phase as Condition.stage.summary. No clinical or verification status is asserted:
//!   FaceGrade records what the clinician typed, it does not diagnose.
//! - steroids and botulinum toxin: MedicationStatement (status `completed`,
//!   effectiveDateTime when dated); lid weight and surgery: Procedure (status
//!   `completed`, performedDateTime when dated); each gives the Condition as its reason.
//! - the free-text note: the DiagnosticReport's conclusion ([`super::resources`]).

use super::codes::{FACEGRADE_CODE_SYSTEM_BASE, FACEGRADE_REPORT};
use crate::clinician::context::{is_date, ClinicalContext, TreatmentKind};
use serde_json::{json, Value};

fn system(name: &str) -> String {
    format!("{FACEGRADE_CODE_SYSTEM_BASE}/{name}")
}

/// The Condition, when the clinician gave a cause, an onset or a phase.
pub fn condition(context: &ClinicalContext, patient: &str) -> Option<Value> {
    let onset = context.onset.as_deref().filter(|d| is_date(d));
    if context.cause.is_none() && onset.is_none() && context.phase.is_none() {
        return None;
    }
    let mut coding = vec![json!({ "system": FACEGRADE_REPORT, "code": "facial-nerve-palsy", "display": "Facial nerve palsy" })];
    let mut text = "Facial nerve palsy".to_string();
    if let Some(cause) = context.cause {
        coding.push(json!({ "system": system("palsy-cause"), "code": cause.code(), "display": cause.words() }));
        text = format!("Facial nerve palsy: {}", cause.words());
    }
    let mut c = json!({ "resourceType": "Condition", "code": { "coding": coding, "text": text }, "subject": { "reference": patient } });
    if let Some(onset) = onset {
        c["onsetDateTime"] = json!(onset);
    }
    if let Some(phase) = context.phase {
        c["stage"] = json!([{ "summary": { "coding": [{ "system": system("palsy-phase"), "code": phase.code(), "display": phase.code() }], "text": phase.code() } }]);
    }
    Some(c)
}

/// One MedicationStatement or Procedure per treatment; `condition` is the Condition's
/// reference when there is one.
pub fn treatments(context: &ClinicalContext, patient: &str, condition: Option<&str>) -> Vec<Value> {
    context
        .treatments
        .iter()
        .map(|t| {
            let concept = json!({ "coding": [{ "system": system("treatment"), "code": t.kind.code(), "display": t.kind.words() }], "text": t.kind.words() });
            let date = t.date.as_deref().filter(|d| is_date(d));
            let mut r = match t.kind {
                TreatmentKind::Steroids | TreatmentKind::BotulinumToxin => {
                    let mut m = json!({ "resourceType": "MedicationStatement", "status": "completed", "medicationCodeableConcept": concept, "subject": { "reference": patient } });
                    if let Some(d) = date {
                        m["effectiveDateTime"] = json!(d);
                    }
                    m
                }
                TreatmentKind::LidWeight | TreatmentKind::Surgery => {
                    let mut p = json!({ "resourceType": "Procedure", "status": "completed", "code": concept, "subject": { "reference": patient } });
                    if let Some(d) = date {
                        p["performedDateTime"] = json!(d);
                    }
                    p
                }
            };
            if let Some(c) = condition {
                r["reasonReference"] = json!([{ "reference": c }]);
            }
            r
        })
        .collect()
}
