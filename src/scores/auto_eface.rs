//! Auto-eFACE-style scores (Banks et al., PRS 2015; Miller et al., PRS 2021), as computed
//! by auto-eFACE's Compute_eFace.py (clinical_background.md section 2.4).
//!
//! Each item is a ratio of the affected to the healthy side (or of the affected side to
//! itself at rest), in percent; 100 = symmetric. The ratio is clipped to 0-200 and folded
//! to an item score of 100 - |100 - ratio|, so both too little and too much count against.
//! Static = mean of the 3 static items, dynamic = mean of the 5 dynamic items,
//! synkinesis = the ocular item, total = mean of the three subscores (compute_scores.py).
//! An item whose inputs are missing or meaningless is "not measured", with the reason,
//! and the subscores are the means of the items that were measured.

use super::evidence::{ratio, Evidence, Reader, MIN_HEALTHY_MM};
use super::readings::ExamReadings;
use crate::i18n::{text, Lang, Msg};
use crate::measure::Expression::*;
use crate::measure::MeasurementName;
use crate::side::Side;
use serde::{Deserialize, Serialize};

/// The items by their stable names: (name, the name's words, the rule). The stored
/// `name` and `rule` are their English.
const ITEMS: [(&str, Msg, Msg); 9] = [
    ("brow_at_rest", Msg::ItemBrowAtRest, Msg::RuleBrowAtRest),
    ("palpebral_fissure_at_rest", Msg::ItemFissureAtRest, Msg::RuleFissureAtRest),
    ("oral_commissure_at_rest", Msg::ItemCommissureAtRest, Msg::RuleCommissureAtRest),
    ("brow_elevation", Msg::ItemBrowElevation, Msg::RuleBrowElevation),
    ("gentle_eye_closure", Msg::ItemGentleEyeClosure, Msg::RuleGentleEyeClosure),
    ("full_eye_closure", Msg::ItemFullEyeClosure, Msg::RuleFullEyeClosure),
    ("oral_commissure_with_smile", Msg::ItemCommissureWithSmile, Msg::RuleCommissureWithSmile),
    ("lower_lip_eee", Msg::ItemLowerLipEee, Msg::RuleLowerLipEee),
    ("ocular_synkinesis", Msg::ItemOcularSynkinesis, Msg::RuleOcularSynkinesis),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EfaceItem {
    pub name: String,
    /// 0-100, 100 = normal; None when not measured.
    pub score: Option<f32>,
    /// The ratio before folding, percent, clipped to 0-200.
    pub ratio_percent: Option<f32>,
    pub rule: String,
    pub evidence: Evidence,
    pub not_measured: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutoEface {
    pub static_items: Vec<EfaceItem>,
    pub dynamic_items: Vec<EfaceItem>,
    pub synkinesis_items: Vec<EfaceItem>,
    /// Means of the measured items (None when none was measured).
    pub static_score: Option<f32>,
    pub dynamic_score: Option<f32>,
    pub synkinesis_score: Option<f32>,
    /// Mean of the three subscores.
    pub total: Option<f32>,
    /// Every item was measured.
    pub complete: bool,
}

impl EfaceItem {
    /// The item's name in `lang` (an unknown stored name as it is).
    pub fn name_in(&self, lang: Lang) -> String {
        item_name_in(&self.name, lang)
    }

    /// The item's rule in `lang` (an unknown stored name's rule as stored).
    pub fn rule_in(&self, lang: Lang) -> String {
        ITEMS.iter().find(|(n, ..)| *n == self.name).map_or_else(|| self.rule.clone(), |(_, _, rule)| text(*rule, lang).to_string())
    }
}

/// The name of the item stored as `name`, in `lang` (English: the stable name; an unknown
/// name as it is).
pub fn item_name_in(name: &str, lang: Lang) -> String {
    ITEMS.iter().find(|(n, ..)| *n == name).map_or_else(|| name.to_string(), |(_, words, _)| text(*words, lang).to_string())
}

/// The rule of the item named `name`, in English (as stored).
fn rule_of(name: &str) -> &'static str {
    ITEMS.iter().find(|(n, ..)| *n == name).map_or("", |(_, _, rule)| text(*rule, Lang::En))
}

/// The folded item score of a ratio in percent.
pub fn fold(ratio_percent: f32) -> f32 {
    100.0 - (100.0 - ratio_percent.clamp(0.0, 200.0)).abs()
}

fn item(readings: &ExamReadings, affected: Side, name: &'static str, compute: impl FnOnce(&mut Reader) -> Result<f32, String>) -> EfaceItem {
    let rule = rule_of(name);
    let mut reader = Reader::new(readings, affected);
    let result = compute(&mut reader);
    let evidence = reader.evidence;
    match result {
        Ok(r) => {
            let ratio_percent = (100.0 * r).clamp(0.0, 200.0);
            EfaceItem { name: name.into(), score: Some(fold(ratio_percent)), ratio_percent: Some(ratio_percent), rule: rule.into(), evidence, not_measured: None }
        }
        Err(reason) => EfaceItem { name: name.into(), score: None, ratio_percent: None, rule: rule.into(), evidence, not_measured: Some(reason) },
    }
}

/// A side's commissure excursion split into its vertical (e, up positive) and horizontal
/// (d) parts by the smile angle, as auto-eFACE does.
fn commissure_parts(excursion_mm: f32, smile_angle_deg: f32) -> (f32, f32) {
    let a = (smile_angle_deg - 90.0).to_radians();
    (a.sin() * excursion_mm, a.cos() * excursion_mm)
}

pub fn score(readings: &ExamReadings, affected: Side) -> AutoEface {
    let it = |name, f: &dyn Fn(&mut Reader) -> Result<f32, String>| item(readings, affected, name, f);
    let static_items = vec![
        it("brow_at_rest", &|r| {
            let b = r.read(Rest, MeasurementName::BrowHeight)?;
            ratio(b.affected, b.healthy, MIN_HEALTHY_MM, Msg::WhatHealthyBrowHeight)
        }),
        it("palpebral_fissure_at_rest", &|r| {
            let f = r.read(Rest, MeasurementName::PalpebralFissureHeight)?;
            ratio(f.healthy, f.affected, MIN_HEALTHY_MM, Msg::WhatAffectedFissure)
        }),
        it(
            "oral_commissure_at_rest",
            &|r| {
                let ce = r.read(Rest, MeasurementName::CommissureExcursion)?;
                let sa = r.read(Rest, MeasurementName::SmileAngle)?;
                let (e_a, d_a) = commissure_parts(ce.affected, sa.affected);
                let (e_h, d_h) = commissure_parts(ce.healthy, sa.healthy);
                if 0.0 < e_a && e_a < e_h {
                    Ok(1.0 - (e_h - e_a) / e_h)
                } else {
                    ratio(d_a, d_h, MIN_HEALTHY_MM, Msg::WhatHealthyCommissureHorizontal)
                }
            },
        ),
    ];
    let dynamic_items = vec![
        it("brow_elevation", &|r| {
            let (a, h) = r.movement(BrowRaise, MeasurementName::BrowHeight, true)?;
            ratio(a, h, MIN_HEALTHY_MM, Msg::WhatHealthyBrowLift)
        }),
        it("gentle_eye_closure", &|r| Ok(r.closure(GentleClosure)?.affected_fraction)),
        it("full_eye_closure", &|r| Ok(r.closure(TightClosure)?.affected_fraction)),
        it("oral_commissure_with_smile", &|r| {
            let (a, h) = r.movement(BigSmile, MeasurementName::CommissureExcursion, true)?;
            ratio(a, h, MIN_HEALTHY_MM, Msg::WhatHealthyCommissureExcursion)
        }),
        it("lower_lip_eee", &|r| {
            let d = r.read(LowerTeeth, MeasurementName::DentalShow)?;
            ratio(d.affected, d.healthy, MIN_HEALTHY_MM, Msg::WhatHealthyDentalShow)
        }),
    ];
    let synkinesis_items = vec![it(
        "ocular_synkinesis",
        &|r| {
            let smile = r.read(BigSmile, MeasurementName::PalpebralFissureHeight)?;
            let pucker = r.read(Pucker, MeasurementName::PalpebralFissureHeight)?;
            let s = ratio(smile.affected, smile.healthy, MIN_HEALTHY_MM, Msg::WhatHealthyFissureSmile)?;
            let p = ratio(pucker.affected, pucker.healthy, MIN_HEALTHY_MM, Msg::WhatHealthyFissurePucker)?;
            Ok(s.min(p))
        },
    )];
    assemble(static_items, dynamic_items, synkinesis_items)
}

/// The subscores and total from the items: each subscore the mean of its measured items,
/// the total the mean of the subscores (compute_scores.py). Used for the measured items
/// and again when a clinician has set items' values ([`crate::clinician::grades`]).
pub fn assemble(static_items: Vec<EfaceItem>, dynamic_items: Vec<EfaceItem>, synkinesis_items: Vec<EfaceItem>) -> AutoEface {
    let mean = |items: &[EfaceItem]| {
        let scores: Vec<f32> = items.iter().filter_map(|i| i.score).collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f32>() / scores.len() as f32)
    };
    let (static_score, dynamic_score, synkinesis_score) = (mean(&static_items), mean(&dynamic_items), mean(&synkinesis_items));
    let subscores: Vec<f32> = [static_score, dynamic_score, synkinesis_score].into_iter().flatten().collect();
    let complete = static_items.iter().chain(&dynamic_items).chain(&synkinesis_items).all(|i| i.score.is_some());
    AutoEface {
        total: (!subscores.is_empty()).then(|| subscores.iter().sum::<f32>() / subscores.len() as f32),
        static_items,
        dynamic_items,
        synkinesis_items,
        static_score,
        dynamic_score,
        synkinesis_score,
        complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_penalises_both_directions_and_clips() {
        assert_eq!(fold(100.0), 100.0);
        assert_eq!(fold(80.0), 80.0);
        assert_eq!(fold(120.0), 80.0);
        assert_eq!(fold(250.0), 0.0);
        assert_eq!(fold(-10.0), 0.0);
    }

    #[test]
    fn commissure_parts_split_by_the_smile_angle() {
        // 100 degrees: 10 degrees above the horizontal.
        let (e, d) = commissure_parts(20.0, 100.0);
        assert!((e - 20.0 * 10f32.to_radians().sin()).abs() < 1e-5);
        assert!((d - 20.0 * 10f32.to_radians().cos()).abs() < 1e-5);
    }
}
