//! A scored exam as the page reads it: the parts of the core's `ExamReport` JSON that the
//! report, the history, the trends and the review show, typed. Pure (no web types), so
//! the read-back of the core's own JSON is tested natively.
//!
// TODO(h-core merge): use facegrade::scores::ExamReport (and its items and measurements)
// once the core makes them Deserialize; these mirrors then go.

use super::eye_report::EyeSafetyView;
use facegrade::measure::Expression;
use facegrade::side::Side;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ExamResult {
    #[serde(default)]
    pub scores: Scores,
    #[serde(default)]
    pub views: BTreeMap<Expression, ViewResult>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Scores {
    #[serde(default)]
    pub affected_side: Option<AffectedSide>,
    #[serde(default)]
    pub auto_eface: Option<AutoEface>,
    #[serde(default)]
    pub sunnybrook: Option<Sunnybrook>,
    #[serde(default)]
    pub house_brackmann: Option<HouseBrackmann>,
    /// Absent in exams saved before it existed, until they are scored again.
    #[serde(default)]
    pub eye_safety: Option<EyeSafetyView>,
    #[serde(default)]
    pub missing_views: Vec<Expression>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AffectedSide {
    pub side: Side,
    pub decided_by: DecidedBy,
}

#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    User,
    Measurements,
    Unclear,
}

impl DecidedBy {
    pub fn words(self) -> &'static str {
        match self {
            DecidedBy::User => "user",
            DecidedBy::Measurements => "measurements",
            DecidedBy::Unclear => "unclear",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AutoEface {
    #[serde(default)]
    pub static_items: Vec<EfaceItem>,
    #[serde(default)]
    pub dynamic_items: Vec<EfaceItem>,
    #[serde(default)]
    pub synkinesis_items: Vec<EfaceItem>,
    pub static_score: Option<f64>,
    pub dynamic_score: Option<f64>,
    pub synkinesis_score: Option<f64>,
    pub total: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EfaceItem {
    pub name: String,
    pub score: Option<f64>,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub not_measured: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Sunnybrook {
    #[serde(default)]
    pub resting: Vec<SunnybrookItem>,
    #[serde(default)]
    pub voluntary: Vec<SunnybrookItem>,
    #[serde(default)]
    pub synkinesis: Vec<SunnybrookItem>,
    pub composite: [f64; 2],
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SunnybrookItem {
    pub name: String,
    pub grade: Option<u8>,
    pub range: [u8; 2],
    #[serde(default)]
    pub finding: Option<String>,
    #[serde(default)]
    pub not_measured: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HouseBrackmann {
    pub grade: Option<u8>,
    pub label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ViewResult {
    #[serde(default)]
    pub measurements: BTreeMap<String, SideValue>,
}

/// One measurement on both sides (subject's own right and left).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SideValue {
    #[serde(deserialize_with = "number_or_nan")]
    pub left: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub right: f64,
    #[serde(deserialize_with = "number_or_nan")]
    pub difference: f64,
    pub severity: Severity,
    pub unit: Unit,
}

/// JSON has no NaN: the core's NaN is written as null, and reads back as NaN.
fn number_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    None,
    Noticeable,
    Marked,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Noticeable => "noticeable",
            Severity::Marked => "marked",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Unit {
    #[serde(rename = "mm")]
    Millimetres,
    #[serde(rename = "deg")]
    Degrees,
}

impl Unit {
    pub fn code(self) -> &'static str {
        match self {
            Unit::Millimetres => "mm",
            Unit::Degrees => "deg",
        }
    }
}

impl ExamResult {
    /// The scored exam from its JSON as the worker sent it or the record kept it; None
    /// when it does not read as one.
    pub fn read(json: &serde_json::Value) -> Option<ExamResult> {
        ExamResult::deserialize(json).ok()
    }

    /// Every auto-eFACE item, static, dynamic then synkinesis.
    pub fn eface_items(&self) -> impl Iterator<Item = &EfaceItem> {
        self.scores.auto_eface.iter().flat_map(|e| e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items))
    }

    /// An auto-eFACE item's score, if measured.
    pub fn eface_item(&self, name: &str) -> Option<f64> {
        self.eface_items().find(|i| i.name == name).and_then(|i| i.score)
    }

    /// A measurement of one view.
    pub fn measurement(&self, view: Expression, name: &str) -> Option<&SideValue> {
        self.views.get(&view)?.measurements.get(name)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use facegrade::measure::Expression::*;
    use facegrade::scores::{score_exam, ExamReadings, ExamScores};

    /// The core's scores of an exam whose right eye is 3 mm open on tight closure and 5 mm
    /// on gentle closure, and narrows 4 mm (40 %) in the big smile against the left eye's
    /// 2 mm (20 %); the right side given as affected.
    pub(crate) fn right_eye_exam() -> ExamScores {
        let rows = [(Rest, 10.0, 10.0), (GentleClosure, 0.5, 5.0), (TightClosure, 0.0, 3.0), (BigSmile, 8.0, 6.0), (Pucker, 10.0, 10.0)];
        let readings = rows.iter().fold(ExamReadings::default(), |r, &(v, left, right)| r.with(v, facegrade::measure::MeasurementName::PalpebralFissureHeight, left, right));
        score_exam(&readings, Some(Side::Right))
    }

    #[test]
    fn the_cores_scores_read_back_typed() {
        const FISSURE: &str = "palpebral_fissure_height_mm";
        let scores = right_eye_exam();
        let json = serde_json::json!({ "scores": scores, "views": { "rest": { "measurements": { "palpebral_fissure_height_mm": { "left": 10.0, "right": 9.0, "difference": 1.0, "percent": null, "severity": "none", "unit": "mm", "region": "eyelid", "confidence": 1.0, "uncertain": false } } } } });
        let result = ExamResult::read(&json).expect("the core's JSON reads");
        let side = result.scores.affected_side.as_ref().unwrap();
        assert_eq!((side.side, side.decided_by), (Side::Right, DecidedBy::User));
        let eface = result.scores.auto_eface.as_ref().unwrap();
        assert_eq!(eface.total, scores.auto_eface.total.map(f64::from));
        assert_eq!(result.eface_items().count(), scores.auto_eface.static_items.len() + scores.auto_eface.dynamic_items.len() + scores.auto_eface.synkinesis_items.len());
        let item = &scores.auto_eface.static_items[0];
        assert_eq!(result.eface_item(&item.name), item.score.map(f64::from));
        let sb = result.scores.sunnybrook.as_ref().unwrap();
        assert_eq!(sb.composite, scores.sunnybrook.composite.map(f64::from));
        assert_eq!(sb.resting.len(), scores.sunnybrook.resting.len());
        assert_eq!(result.scores.missing_views, scores.missing_views);
        assert!(result.scores.eye_safety.is_some());
        assert_eq!(result.scores.house_brackmann.as_ref().unwrap().grade, scores.house_brackmann.grade);
        let m = result.measurement(Rest, FISSURE).unwrap();
        assert_eq!((m.right, m.severity, m.unit), (9.0, Severity::None, Unit::Millimetres));
        // A value the core could not compute (NaN, written as null) reads back as NaN.
        let nan = ExamResult::read(&serde_json::json!({ "views": { "rest": { "measurements": { "x": { "left": null, "right": 1.0, "difference": null, "severity": "none", "unit": "deg" } } } } })).unwrap();
        assert!(nan.measurement(Rest, "x").unwrap().left.is_nan());
        // An exam saved before some parts existed still reads.
        assert_eq!(ExamResult::read(&serde_json::json!({ "scores": {} })), Some(ExamResult::default()));
    }
}
