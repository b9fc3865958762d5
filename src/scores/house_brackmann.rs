//! A House-Brackmann grade *estimate* (House & Brackmann, Otolaryngol HNS 1985;
//! clinical_background.md section 3). House-Brackmann is a clinician's overall judgement
//! ("gestalt"); landmarks can only check its measurable criteria. The rule, ours, takes the
//! worst grade any measured criterion implies:
//!
//! - VI  no movement anywhere (every movement under 5 % of the healthy side's);
//! - V   incomplete tight eye closure and the mouth corner moves under 25 % of healthy;
//! - IV  incomplete tight eye closure (1 mm or more left open), or the mouth corner moves
//!       under 50 % of healthy in the big smile, or severe ocular synkinesis (grade 3).
//!       Incomplete closure is what separates IV from III on the scale (III: "eye closes
//!       completely with effort"; IV: "incomplete eye closure"), so an affected eye left
//!       open on tight closure makes the estimate at least IV whatever else moves;
//! - III the eye closes gently only incompletely (closes fully only with effort), or the
//!       smile moves under 75 %, or the brow under 25 % ("may not lift brow"), or any
//!       ocular synkinesis;
//! - II  the smile or brow moves under 90 %, or a noticeable resting asymmetry of the eye
//!       or mouth ("weakness only on close inspection");
//! - I   none of these.
//!
//! Beside the global grade, each region is graded on its own (forehead, eye, nose, mouth;
//! Yen et al. 2003): [`super::house_brackmann_regions`].

use super::evidence::{ratio, Evidence, Reader, MIN_HEALTHY_MM};
use super::house_brackmann_regions::{grade_regions, RegionalGrades};
use super::readings::ExamReadings;
use super::sunnybrook::Sunnybrook;
use crate::i18n::{text, Lang, Msg};
use crate::measure::Expression::*;
use crate::measure::MeasurementName;
use crate::side::Side;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HouseBrackmannEstimate {
    /// 1-6; None when the views it needs are missing.
    pub grade: Option<u8>,
    /// "I" .. "VI" with the scale's label.
    pub label: Option<String>,
    /// Which criterion set the grade.
    pub reason: String,
    pub rule: String,
    pub evidence: Evidence,
    pub note: String,
    /// Per region, "F3 E4 N2 M3" (Yen et al. 2003). None only in exams exported before
    /// regional grades existed.
    #[serde(default)]
    pub regions: Option<RegionalGrades>,
}

const RULE: &str = "worst grade implied by: VI no movement (< 5 %); V tight closure incomplete and smile < 25 %; IV tight closure incomplete (>= 1 mm), smile < 50 % or ocular synkinesis grade 3; III gentle closure incomplete, smile < 75 %, brow < 25 % or any ocular synkinesis; II smile or brow < 90 % or noticeable resting asymmetry; else I";
const NOTE: &str = "An estimate from measurable criteria, not a clinician's House-Brackmann grade.";
const LABELS: [Msg; 6] = [Msg::HouseBrackmann1, Msg::HouseBrackmann2, Msg::HouseBrackmann3, Msg::HouseBrackmann4, Msg::HouseBrackmann5, Msg::HouseBrackmann6];

/// A grade's roman numeral with the scale's label, e.g. "III (moderate dysfunction)"; None
/// outside 1-6.
pub fn label(grade: u8) -> Option<&'static str> {
    label_in(grade, Lang::En)
}

/// The same in `lang` ("III（中等度麻痺）").
pub fn label_in(grade: u8, lang: Lang) -> Option<&'static str> {
    LABELS.get((grade as usize).checked_sub(1)?).map(|&m| text(m, lang))
}

pub fn estimate(readings: &ExamReadings, affected: Side, sunnybrook: &Sunnybrook) -> HouseBrackmannEstimate {
    let mut r = Reader::new(readings, affected);
    let result = criteria(&mut r, sunnybrook);
    let evidence = r.evidence;
    let regions = Some(grade_regions(readings, affected));
    match result {
        Ok((grade, reason)) => HouseBrackmannEstimate { grade: Some(grade), label: label(grade).map(str::to_string), reason, rule: RULE.into(), evidence, note: NOTE.into(), regions },
        Err(reason) => HouseBrackmannEstimate { grade: None, label: None, reason, rule: RULE.into(), evidence, note: NOTE.into(), regions },
    }
}

fn criteria(r: &mut Reader, sunnybrook: &Sunnybrook) -> Result<(u8, String), String> {
    let (smile_a, smile_h) = r.movement(BigSmile, MeasurementName::CommissureExcursion, true)?;
    let smile = ratio(smile_a, smile_h, MIN_HEALTHY_MM, Msg::WhatHealthyCommissureExcursion)?.max(0.0);
    let (brow_a, brow_h) = r.movement(BrowRaise, MeasurementName::BrowHeight, true)?;
    let brow = ratio(brow_a, brow_h, MIN_HEALTHY_MM, Msg::WhatHealthyBrowLift)?.max(0.0);
    let gentle = r.closure(GentleClosure)?;
    let tight = r.closure(TightClosure)?;
    let synkinesis = sunnybrook.synkinesis.iter().filter_map(|i| i.grade).max().unwrap_or(0);
    let resting_asymmetry = sunnybrook.resting.iter().any(|i| i.grade.unwrap_or(0) > 0);
    let pct = |x: f32| format!("{:.0} %", 100.0 * x);
    let most_movement = smile.max(brow).max(gentle.affected_fraction).max(tight.affected_fraction);
    let grade = if most_movement < 0.05 {
        (6, format!("no movement: at most {} of the healthy side's anywhere", pct(most_movement)))
    } else if tight.affected_left_open() && smile < 0.25 {
        (5, format!("incomplete eye closure (tight closure leaves {:.1} mm open) and the mouth corner moves {} of healthy", tight.affected_remaining_mm, pct(smile)))
    } else if tight.affected_left_open() {
        (4, format!("incomplete eye closure: tight eye closure leaves {:.1} mm open on the affected side", tight.affected_remaining_mm))
    } else if smile < 0.5 {
        (4, format!("the mouth corner moves {} of healthy at maximal effort", pct(smile)))
    } else if synkinesis >= 3 {
        (4, "severe ocular synkinesis".to_string())
    } else if gentle.affected_left_open() {
        (3, format!("gentle closure leaves {:.1} mm open: the eye closes only with effort", gentle.affected_remaining_mm))
    } else if smile < 0.75 {
        (3, format!("the mouth corner moves {} of healthy", pct(smile)))
    } else if brow < 0.25 {
        (3, format!("the brow lifts {} of healthy", pct(brow)))
    } else if synkinesis >= 1 {
        (3, format!("ocular synkinesis (grade {synkinesis})"))
    } else if smile < 0.9 || brow < 0.9 {
        (2, format!("slight weakness: smile {}, brow {} of healthy", pct(smile), pct(brow)))
    } else if resting_asymmetry {
        (2, "noticeable resting asymmetry of the eye or mouth".to_string())
    } else {
        (1, "symmetric movement and rest".to_string())
    };
    Ok(grade)
}
