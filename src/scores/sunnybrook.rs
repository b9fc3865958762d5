//! The parts of the Sunnybrook Facial Grading System (Ross et al., Otolaryngol HNS 1996;
//! clinical_background.md section 3) that landmarks can support.
//!
//! Sunnybrook is graded by eye; we grade from measured ratios with the rules below, which
//! are ours (stated in each item), not the scale's. Items landmarks cannot measure are
//! listed as not measured with the range they could take, never guessed; the composite is
//! therefore a range: the lowest and highest composite the unmeasured items allow.
//!
//! - Resting symmetry (x5): eye (normal 0, narrow or wide 1), cheek (nasolabial fold: not
//!   measured, 0-2), mouth (normal 0, corner drooped or pulled up 1). A difference counts
//!   at the thresholds people notice: 2 mm at the eyelid, 3 mm at the mouth.
//! - Voluntary movement (x4): brow lift, gentle eye closure, open-mouth smile, snarl, lip
//!   pucker, each 1 (unable to initiate) to 5 (complete), from the affected side's
//!   movement as a fraction of the healthy side's.
//! - Synkinesis: each expression 0 (none) to 3 (severe). Only ocular synkinesis is
//!   measured (the affected eye narrowing during the movement, relative to the healthy
//!   eye and to rest); synkinesis that shows elsewhere (at the mouth during eye closure)
//!   is not measured.
//! - Composite = voluntary - resting - synkinesis.

use super::evidence::{ratio, Evidence, Reader, MIN_HEALTHY_MM};
use super::readings::ExamReadings;
use super::words::{english, mm, percent};
use crate::i18n::{text, Lang, Msg};
use crate::measure::Expression::{self, *};
use crate::measure::MeasurementName;
use crate::side::Side;
use serde::{Deserialize, Serialize};

const EYE_THRESHOLD_MM: f32 = 2.0;
const MOUTH_THRESHOLD_MM: f32 = 3.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SunnybrookItem {
    pub name: String,
    /// The grade when measured.
    pub grade: Option<u8>,
    /// The grades this item can take: [grade, grade] when measured, the scale's whole
    /// range when not.
    pub range: [u8; 2],
    /// What was seen, e.g. "narrow" or "affected moves 42 % of healthy".
    pub finding: Option<String>,
    pub rule: String,
    pub evidence: Evidence,
    pub not_measured: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sunnybrook {
    pub resting: Vec<SunnybrookItem>,
    pub voluntary: Vec<SunnybrookItem>,
    pub synkinesis: Vec<SunnybrookItem>,
    /// [lowest, highest] possible, given the unmeasured items.
    pub resting_score: [f32; 2],
    pub voluntary_score: [f32; 2],
    pub synkinesis_score: [f32; 2],
    pub composite: [f32; 2],
    pub not_measured: Vec<String>,
}

/// The items' stable names and their words (the stored `name` is the English).
const NAMES: [(&str, Msg); 8] = [
    ("eye", Msg::ItemEye),
    ("cheek", Msg::ItemCheek),
    ("mouth", Msg::ItemMouth),
    ("brow_lift", Msg::ItemBrowLift),
    ("gentle_eye_closure", Msg::ItemGentleEyeClosure),
    ("open_mouth_smile", Msg::ItemOpenMouthSmile),
    ("snarl", Msg::ItemSnarl),
    ("lip_pucker", Msg::ItemLipPucker),
];

impl SunnybrookItem {
    /// The item's name in `lang` (an unknown stored name as it is).
    pub fn name_in(&self, lang: Lang) -> String {
        item_name_in(&self.name, lang)
    }
}

/// The name of the item stored as `name` ("eye", "brow_lift"), in `lang` (an unknown
/// name as it is).
pub fn item_name_in(name: &str, lang: Lang) -> String {
    NAMES.iter().find(|(n, _)| *n == name).map_or_else(|| name.to_string(), |(_, words)| text(*words, lang).to_string())
}

/// Voluntary movement grade from the affected/healthy movement ratio.
pub fn voluntary_grade(movement_ratio: f32) -> u8 {
    match movement_ratio {
        r if r < 0.10 => 1,
        r if r < 0.35 => 2,
        r if r < 0.70 => 3,
        r if r < 0.90 => 4,
        _ => 5,
    }
}

/// Synkinesis grade from the relative narrowing of the affected eye (0 = none, 1 = shut).
pub fn synkinesis_grade(narrowing: f32) -> u8 {
    match narrowing {
        n if n < 0.15 => 0,
        n if n < 0.35 => 1,
        n if n < 0.60 => 2,
        _ => 3,
    }
}

type Graded = Result<(u8, String), String>;

fn item(readings: &ExamReadings, affected: Side, name: &'static str, rule: &'static str, scale: [u8; 2], compute: &dyn Fn(&mut Reader) -> Graded) -> SunnybrookItem {
    let mut reader = Reader::new(readings, affected);
    let result = compute(&mut reader);
    let evidence = reader.evidence;
    match result {
        Ok((grade, finding)) => SunnybrookItem { name: name.into(), grade: Some(grade), range: [grade, grade], finding: Some(finding), rule: rule.into(), evidence, not_measured: None },
        Err(reason) => SunnybrookItem { name: name.into(), grade: None, range: scale, finding: None, rule: rule.into(), evidence, not_measured: Some(reason) },
    }
}

fn not_measured(name: &'static str, scale: [u8; 2], reason: Msg) -> SunnybrookItem {
    SunnybrookItem {
        name: name.into(),
        grade: None,
        range: scale,
        finding: None,
        rule: "not measurable from landmarks".into(),
        evidence: Evidence { inputs: vec![], confidence: 0.0, uncertain: false },
        not_measured: Some(text(reason, Lang::En).to_string()),
    }
}

fn graded_movement(r: &mut Reader, view: Expression, measurement: MeasurementName, increase: bool) -> Graded {
    let (a, h) = r.movement(view, measurement, increase)?;
    let q = ratio(a, h, MIN_HEALTHY_MM, Msg::WhatHealthyMovement)?;
    Ok((voluntary_grade(q), super::evidence::moves_finding(q, a, h)))
}

/// Ocular synkinesis during `view`: how much more the affected eye narrows than the healthy one.
fn ocular_synkinesis(r: &mut Reader, view: Expression) -> Graded {
    let rest = r.read(Rest, MeasurementName::PalpebralFissureHeight)?;
    let during = r.read(view, MeasurementName::PalpebralFissureHeight)?;
    let affected = ratio(during.affected, rest.affected, MIN_HEALTHY_MM, Msg::WhatAffectedFissureAtRest)?;
    let healthy = ratio(during.healthy, rest.healthy, MIN_HEALTHY_MM, Msg::WhatHealthyFissureAtRest)?;
    let narrowing = (1.0 - affected / healthy.max(1e-3)).max(0.0);
    Ok((synkinesis_grade(narrowing), english(Msg::FindingEyeNarrowsMore, &[("percent", &percent(narrowing))])))
}

pub fn score(readings: &ExamReadings, affected: Side) -> Sunnybrook {
    let it = |name, rule, scale, f: &dyn Fn(&mut Reader) -> Graded| item(readings, affected, name, rule, scale, f);
    let resting = vec![
        it("eye", "affected fissure height 2 mm or more below (narrow) or above (wide) the healthy one: 1, else 0", [0, 1], &|r| {
            let f = r.read(Rest, MeasurementName::PalpebralFissureHeight)?;
            let d = f.affected - f.healthy;
            Ok(match d {
                d if d <= -EYE_THRESHOLD_MM => (1, english(Msg::FindingNarrow, &[("mm", &mm(d))])),
                d if d >= EYE_THRESHOLD_MM => (1, english(Msg::FindingWide, &[("mm", &mm(d))])),
                d => (0, english(Msg::FindingNormalEye, &[("mm", &format!("{d:+.1}"))])),
            })
        }),
        not_measured("cheek", [0, 2], Msg::ReasonCheekNotMeasurable),
        it("mouth", "affected commissure 3 mm or more lower (drooped) or higher or further out (pulled up/out): 1, else 0", [0, 1], &|r| {
            let height = r.read(Rest, MeasurementName::CommissureHeight)?;
            let excursion = r.read(Rest, MeasurementName::CommissureExcursion)?;
            let lower = height.affected - height.healthy;
            let further_out = excursion.affected - excursion.healthy;
            Ok(if lower >= MOUTH_THRESHOLD_MM {
                (1, english(Msg::FindingCornerDrooped, &[("mm", &mm(lower))]))
            } else if lower <= -MOUTH_THRESHOLD_MM || further_out >= MOUTH_THRESHOLD_MM {
                (1, english(Msg::FindingCornerPulled, &[("higher", &mm(-lower)), ("out", &mm(further_out))]))
            } else {
                (0, english(Msg::FindingNormalMouth, &[("mm", &format!("{lower:+.1}"))]))
            })
        }),
    ];
    const VOLUNTARY_RULE: &str = "affected movement / healthy movement: < 10 % 1, < 35 % 2, < 70 % 3, < 90 % 4, else 5";
    let voluntary = vec![
        it("brow_lift", VOLUNTARY_RULE, [1, 5], &|r| graded_movement(r, BrowRaise, MeasurementName::BrowHeight, true)),
        it("gentle_eye_closure", VOLUNTARY_RULE, [1, 5], &|r| {
            let c = r.closure(GentleClosure)?;
            let (a, h) = (c.affected_fraction, c.healthy_fraction.ok_or_else(|| text(Msg::ReasonHealthyEyeClosedAtRest, Lang::En).to_string())?);
            if h < 0.1 {
                return Err(english(Msg::ReasonHealthyEyeBarelyClosed, &[("percent", &percent(h))]));
            }
            let q = a / h;
            Ok((voluntary_grade(q), english(Msg::FindingEyeCloses, &[("affected", &percent(a)), ("healthy", &percent(h))])))
        }),
        it("open_mouth_smile", VOLUNTARY_RULE, [1, 5], &|r| graded_movement(r, BigSmile, MeasurementName::CommissureExcursion, true)),
        it("snarl", VOLUNTARY_RULE, [1, 5], &|r| graded_movement(r, Snarl, MeasurementName::AlarBaseHeight, false)),
        it("lip_pucker", VOLUNTARY_RULE, [1, 5], &|r| graded_movement(r, Pucker, MeasurementName::CommissureExcursion, false)),
    ];
    const SYNKINESIS_RULE: &str = "affected eye's narrowing beyond the healthy eye's, relative to rest: < 15 % 0, < 35 % 1, < 60 % 2, else 3";
    let synkinesis = vec![
        it("brow_lift", SYNKINESIS_RULE, [0, 3], &|r| ocular_synkinesis(r, BrowRaise)),
        not_measured("gentle_eye_closure", [0, 3], Msg::ReasonClosureSynkinesisNotMeasured),
        it("open_mouth_smile", SYNKINESIS_RULE, [0, 3], &|r| ocular_synkinesis(r, BigSmile)),
        it("snarl", SYNKINESIS_RULE, [0, 3], &|r| ocular_synkinesis(r, Snarl)),
        it("lip_pucker", SYNKINESIS_RULE, [0, 3], &|r| ocular_synkinesis(r, Pucker)),
    ];
    assemble(resting, voluntary, synkinesis)
}

/// The part scores, composite and not-measured list from the items: each part the
/// weighted sum of its items' ranges (resting x5, voluntary x4, synkinesis x1), the
/// composite voluntary - resting - synkinesis as a range. Used for the measured items and
/// again when a clinician has set items' grades ([`crate::clinician::grades`]).
pub fn assemble(resting: Vec<SunnybrookItem>, voluntary: Vec<SunnybrookItem>, synkinesis: Vec<SunnybrookItem>) -> Sunnybrook {
    let total = |items: &[SunnybrookItem], weight: f32| {
        let lo: f32 = items.iter().map(|i| i.range[0] as f32).sum();
        let hi: f32 = items.iter().map(|i| i.range[1] as f32).sum();
        [weight * lo, weight * hi]
    };
    let (resting_score, voluntary_score, synkinesis_score) = (total(&resting, 5.0), total(&voluntary, 4.0), total(&synkinesis, 1.0));
    let composite = [
        (voluntary_score[0] - resting_score[1] - synkinesis_score[1]).max(0.0),
        (voluntary_score[1] - resting_score[0] - synkinesis_score[0]).max(0.0),
    ];
    let not_measured = [("resting", &resting), ("voluntary", &voluntary), ("synkinesis", &synkinesis)]
        .iter()
        .flat_map(|(part, items)| items.iter().filter(|i| i.grade.is_none()).map(move |i| format!("{part}.{}", i.name)))
        .collect();
    Sunnybrook { resting, voluntary, synkinesis, resting_score, voluntary_score, synkinesis_score, composite, not_measured }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_stated_cut_points() {
        assert_eq!([0.0, 0.09, 0.1, 0.34, 0.35, 0.69, 0.7, 0.89, 0.9, 1.3].map(voluntary_grade), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!([0.0, 0.14, 0.15, 0.34, 0.35, 0.59, 0.6, 1.0].map(synkinesis_grade), [0, 0, 1, 1, 2, 2, 3, 3]);
    }
}
