//! What an exam measured, as a flat list of findings, one per future Observation: every
//! view's measurements per side, the affected side, the auto-eFACE and Sunnybrook totals
//! and items that were measured, each eye's lagophthalmos (largest gap on closure) and the
//! House-Brackmann estimate. Items that were not
//! measured (a missing view, no movement) are left out: the export carries only what was
//! measured, and the report says what is missing.

use crate::clinician::ClinicianGrade;
use crate::measure::measurements::Unit;
use crate::measure::{Expression, MeasurementName};
use crate::scores::{AffectedSide, DecidedBy, ExamReport};
use crate::side::Side;

/// The unit of a finding's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingUnit {
    Millimetres,
    Degrees,
    /// A scale's points (auto-eFACE 0-100, Sunnybrook composite).
    Score,
}

impl From<Unit> for FindingUnit {
    fn from(u: Unit) -> Self {
        match u {
            Unit::Millimetres => FindingUnit::Millimetres,
            Unit::Degrees => FindingUnit::Degrees,
        }
    }
}

/// A finding's value, as FHIR R4 Observation.value[x] carries it.
#[derive(Clone, Debug, PartialEq)]
pub enum FindingValue {
    /// valueQuantity.
    Quantity(f32, FindingUnit),
    /// valueRange: a Sunnybrook score whose unmeasured items leave it open.
    Range(f32, f32, FindingUnit),
    /// valueInteger: a Sunnybrook item's grade.
    Grade(u8),
    /// valueCodeableConcept: the House-Brackmann estimate, "I".."VI" with its label.
    HouseBrackmann { grade: u8, label: String },
    /// valueCodeableConcept: a side (the affected side).
    Side(Side),
}

/// One future Observation.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Stable within the exam; seeds the resource id.
    pub role: String,
    /// The code in the FaceGrade measurement code system, and its display.
    pub code: String,
    pub display: String,
    /// This finding in words (Observation.code.text), e.g. with its side and view.
    pub text: String,
    /// LOINC (code, display) where one was verified.
    pub loinc: Option<(&'static str, &'static str)>,
    pub side: Option<Side>,
    pub view: Option<Expression>,
    pub value: FindingValue,
    pub uncertainty: Option<f32>,
    /// The rule or reason behind a score, as the text report states it.
    pub note: Option<String>,
    /// FaceGrade's own value where the clinician's value (or a total recomputed from
    /// clinicians' values) differs from it ([`super::clinician_review`]).
    pub suggestion: Option<FindingValue>,
    /// The clinician's accepts and changes of this item, oldest first.
    pub audit: Vec<ClinicianGrade>,
}

fn finding(code: String, display: String, value: FindingValue, note: Option<String>) -> Finding {
    Finding { role: code.clone(), code, text: display.clone(), display, loinc: None, side: None, view: None, value, uncertainty: None, note, suggestion: None, audit: Vec::new() }
}

/// Every finding of the exam, in report order.
pub fn findings(report: &ExamReport) -> Vec<Finding> {
    let mut out = measurements(report);
    out.extend(scores(report));
    out
}

fn measurements(report: &ExamReport) -> Vec<Finding> {
    let mut out = Vec::new();
    for (view, measured) in &report.views {
        for name in MeasurementName::ALL {
            let Some(v) = measured.measurements.get(&name) else { continue };
            for side in Side::BOTH {
                let value = v.value(side);
                if !value.is_finite() {
                    continue;
                }
                let loinc = (name == MeasurementName::PalpebralFissureHeight).then(|| super::codes::loinc_palpebral_fissure_height(side));
                // The stated standard uncertainty (all sources: the error bar beside the value).
                let uncertainty = v.uncertainty().map(|u| match side {
                    Side::Left => u.total.left,
                    Side::Right => u.total.right,
                }).filter(|u| u.is_finite());
                out.push(Finding {
                    role: format!("{}/{}/{}", view.code(), name.as_str(), side.name()),
                    code: name.as_str().to_string(),
                    display: name.as_str().to_string(),
                    text: format!("{} ({} side, {} view)", name.as_str(), side.name(), view.code()),
                    loinc,
                    side: Some(side),
                    view: Some(*view),
                    value: FindingValue::Quantity(value, v.unit.into()),
                    uncertainty,
                    note: v.uncertain.then(|| "uses an eyelid on which the two eyelid models disagree".to_string()),
                    suggestion: None,
                    audit: Vec::new(),
                });
            }
        }
    }
    out
}

fn scores(report: &ExamReport) -> Vec<Finding> {
    let s = &report.scores;
    let mut out = Vec::new();
    if let Some(side) = decided_side(&s.affected_side) {
        let mut f = finding("affected_side".into(), "affected side".into(), FindingValue::Side(side), None);
        f.side = Some(side);
        out.push(f);
    }
    let e = &s.auto_eface;
    let totals = [("static", e.static_score), ("dynamic", e.dynamic_score), ("synkinesis", e.synkinesis_score), ("total", e.total)];
    for (part, score) in totals {
        if let Some(v) = score {
            out.push(finding(format!("auto_eface.{part}"), format!("auto-eFACE {part} score"), FindingValue::Quantity(v, FindingUnit::Score), None));
        }
    }
    for item in e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items) {
        if let Some(v) = item.score {
            out.push(finding(format!("auto_eface.{}", item.name), format!("auto-eFACE item {}", item.name), FindingValue::Quantity(v, FindingUnit::Score), Some(item.rule.clone())));
        }
    }
    let sb = &s.sunnybrook;
    let range = |r: [f32; 2]| if r[0] == r[1] { FindingValue::Quantity(r[0], FindingUnit::Score) } else { FindingValue::Range(r[0], r[1], FindingUnit::Score) };
    for (part, r) in [("composite", sb.composite), ("resting", sb.resting_score), ("voluntary", sb.voluntary_score), ("synkinesis", sb.synkinesis_score)] {
        out.push(finding(format!("sunnybrook.{part}"), format!("Sunnybrook {part} score (measurable parts)"), range(r), None));
    }
    for (part, items) in [("resting", &sb.resting), ("voluntary", &sb.voluntary), ("synkinesis", &sb.synkinesis)] {
        for item in items {
            if let Some(grade) = item.grade {
                out.push(finding(format!("sunnybrook.{part}.{}", item.name), format!("Sunnybrook {part} {}", item.name), FindingValue::Grade(grade), Some(item.rule.clone())));
            }
        }
    }
    for side in Side::BOTH {
        if let Some(gap) = *s.eye_safety.lagophthalmos.largest_gap_mm.get(side) {
            let mut f = finding("lagophthalmos.largest_gap_mm".into(), "lagophthalmos: largest gap left on eye closure".into(), FindingValue::Quantity(gap, FindingUnit::Millimetres), Some(s.eye_safety.lagophthalmos.rule.clone()));
            f.role = format!("lagophthalmos/{}", side.name());
            f.text = format!("lagophthalmos: largest gap left on eye closure ({} eye)", side.name());
            f.side = Some(side);
            out.push(f);
        }
    }
    let hb = &s.house_brackmann;
    if let (Some(grade), Some(label)) = (hb.grade, &hb.label) {
        let mut f = finding("house_brackmann".into(), "House-Brackmann grade estimate".into(), FindingValue::HouseBrackmann { grade, label: label.clone() }, Some(format!("{} {}", hb.reason, hb.note)));
        f.side = decided_side(&s.affected_side);
        out.push(f);
    }
    out
}

/// The affected side when the user or the measurements decided it; None when unclear
/// (the scores still needed a side, but a record should not state one).
fn decided_side(a: &AffectedSide) -> Option<Side> {
    (!matches!(a.decided_by, DecidedBy::Unclear)).then_some(a.side)
}
