//! One finding as a FHIR R4 Observation (http://hl7.org/fhir/R4/observation.html):
//! code (FaceGrade, plus LOINC where verified), value[x], side in bodySite, the view and
//! the uncertainty as components, method, device, subject and effectiveDateTime.

use super::codes::{self, FACEGRADE_HOUSE_BRACKMANN, FACEGRADE_MEASUREMENT, FACEGRADE_VIEW, OBSERVATION_CATEGORY, SNOMED_CT, UCUM};
use super::findings::{Finding, FindingUnit, FindingValue};
use crate::side::Side;
use serde_json::{json, Value};

/// What every Observation of one exam shares.
pub struct Shared<'a> {
    pub status: &'a str,
    pub patient: &'a str,
    pub device: &'a str,
    pub effective: &'a str,
    pub method: &'a str,
}

/// The component code of a measurement's uncertainty: FaceGrade measurement code
/// `measurement_uncertainty`, a valueQuantity in the finding's own unit: the standard
/// uncertainty (1 SD, all sources; the "±" value FaceGrade states beside it; see
/// [`crate::measure::uncertainty`]). FHIR R4 has no core element or extension for a
/// measurement's uncertainty (R5 adds Quantity uncertainty extensions), so a component is
/// used.
pub const UNCERTAINTY_CODE: &str = "measurement_uncertainty";
/// The component code of FaceGrade's own value where the clinician's value replaced it
/// (the suggestion kept visible beside the clinician's value, [`super::clinician_review`]).
pub const SUGGESTION_CODE: &str = "facegrade_suggestion";
/// The component code that names the exam view a measurement was taken in.
pub const VIEW_CODE: &str = "exam_view";

/// A UCUM quantity (FHIR R4 Quantity with system, code and human unit).
fn quantity(value: f32, unit: FindingUnit) -> Value {
    let (code, human) = match unit {
        FindingUnit::Millimetres => ("mm", "mm"),
        FindingUnit::Degrees => ("deg", "degree"),
        FindingUnit::Score => ("{score}", "score"),
    };
    // Two decimals: the value's own precision is far coarser, and f32 noise stays out.
    json!({ "value": (value as f64 * 100.0).round() / 100.0, "unit": human, "system": UCUM, "code": code })
}

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "system": system, "code": code, "display": display })
}

fn side_concept(side: Side) -> Value {
    let (code, display) = codes::snomed_side(side);
    json!({ "coding": [coding(SNOMED_CT, code, display)], "text": side.name() })
}

fn roman(grade: u8) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI"][(grade.clamp(1, 6) - 1) as usize]
}

/// The value[x] element's name and value.
fn value(v: &FindingValue) -> (&'static str, Value) {
    match v {
        FindingValue::Quantity(x, unit) => ("valueQuantity", quantity(*x, *unit)),
        FindingValue::Range(low, high, unit) => ("valueRange", json!({ "low": quantity(*low, *unit), "high": quantity(*high, *unit) })),
        FindingValue::Grade(g) => ("valueInteger", json!(g)),
        FindingValue::HouseBrackmann { grade, label } => ("valueCodeableConcept", json!({ "coding": [coding(FACEGRADE_HOUSE_BRACKMANN, roman(*grade), label)], "text": label })),
        FindingValue::Side(side) => ("valueCodeableConcept", side_concept(*side)),
    }
}

fn unit_of(v: &FindingValue) -> Option<FindingUnit> {
    match v {
        FindingValue::Quantity(_, u) | FindingValue::Range(_, _, u) => Some(*u),
        _ => None,
    }
}

/// The Observation resource (without id; the bundle sets it).
pub fn observation(f: &Finding, shared: &Shared) -> Value {
    let mut coding_list = vec![coding(FACEGRADE_MEASUREMENT, &f.code, &f.display)];
    if let Some((code, display)) = f.loinc {
        coding_list.insert(0, coding(codes::LOINC, code, display));
    }
    let mut obs = json!({
        "resourceType": "Observation",
        "status": shared.status,
        "category": [{ "coding": [coding(OBSERVATION_CATEGORY, "exam", "Exam")] }],
        "code": { "coding": coding_list, "text": f.text },
        "subject": { "reference": shared.patient },
        "effectiveDateTime": shared.effective,
        "method": { "text": shared.method },
        "device": { "reference": shared.device },
    });
    let (key, v) = value(&f.value);
    obs[key] = v;
    if let Some(side) = f.side {
        obs["bodySite"] = side_concept(side);
    }
    let mut components = Vec::new();
    if let Some(view) = f.view {
        components.push(json!({
            "code": { "coding": [coding(FACEGRADE_MEASUREMENT, VIEW_CODE, "exam view")] },
            "valueCodeableConcept": { "coding": [coding(FACEGRADE_VIEW, view.code(), view.code())], "text": view.instruction(crate::i18n::Lang::En) },
        }));
    }
    if let (Some(u), Some(unit)) = (f.uncertainty, unit_of(&f.value)) {
        components.push(json!({
            "code": { "coding": [coding(FACEGRADE_MEASUREMENT, UNCERTAINTY_CODE, "standard uncertainty (1 SD)")] },
            "valueQuantity": quantity(u, unit),
        }));
    }
    if let Some(suggested) = &f.suggestion {
        let (key, v) = value(suggested);
        let mut c = json!({ "code": { "coding": [coding(FACEGRADE_MEASUREMENT, SUGGESTION_CODE, "FaceGrade's automatic value (suggestion)")] } });
        c[key] = v;
        components.push(c);
    }
    if !components.is_empty() {
        obs["component"] = Value::Array(components);
    }
    let mut notes: Vec<Value> = f.note.iter().map(|n| json!({ "text": n })).collect();
    notes.extend(f.audit.iter().map(|g| json!({ "authorString": g.by.trim(), "time": g.at, "text": g.describe() })));
    if !notes.is_empty() {
        obs["note"] = Value::Array(notes);
    }
    obs
}
