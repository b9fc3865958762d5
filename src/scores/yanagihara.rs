//! The Yanagihara grading system (Yanagihara N., "Grading of facial palsy", in Fisch U.
//! (ed.), Facial Nerve Surgery, Kugler/Aesculapius 1977, pp. 533-535), the 40-point scale
//! most Japanese clinics use: 10 items, each 4 (normal or nearly normal), 2 (partial
//! palsy) or 0 (severe or complete palsy), total 0-40. As commonly read, 40 is normal
//! and 8 or less a complete palsy; cut points differ between sources
//! (clinical_background.md section 8), so none is applied here.
//!
//! Yanagihara is graded by eye; we estimate each item from the exam's views with the rules
//! below, which are ours. Items the exam has no view for are not measured and take the
//! whole range 0-4, as Sunnybrook's unmeasured items do; the total is then a range.
//!
//! - at rest: the largest resting difference relative to what people notice (2 mm at the
//!   eyelid, 3 mm at brow and mouth corner; Hohman 2014, Chu 2011): under 1x 4, under
//!   2x 2, else 0;
//! - forehead wrinkle (brow raise), nose wrinkle (snarl, the alar base's lift), whistle
//!   (pucker, the commissure moving in), grin (big smile, the commissure moving out): the
//!   affected side's movement over the healthy side's, >= 75 % 4, >= 25 % 2, else 0;
//! - gentle and tight eye closure: the affected eye closes completely (under 1 mm left) 4;
//!   closes at least 25 % of its fissure 2; else 0;
//! - blink (the most-closed frame of a few natural blinks) and wink (the affected eye
//!   closing alone), the optional steps: the closure rule above, read from the visible
//!   eyeball (0 when the eye image reads closed; the landmark models draw squeezed eyes
//!   9-19 % open, clinical_background.md section 8);
//! - lower-lip depression (the optional step): the lower lip's drop from rest, affected
//!   over healthy, as the movement rule above.
//!
//! An exam without an optional step leaves its item not measured (0-4).

use super::evidence::{Closure, Evidence, Reader};
use super::readings::ExamReadings;
use super::words::{english, mm, percent};
use crate::i18n::{text, Lang, Msg};
use crate::measure::Expression::{self, *};
use crate::measure::MeasurementName;
use crate::side::Side;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YanagiharaItem {
    AtRest,
    ForeheadWrinkle,
    Blink,
    GentleEyeClosure,
    TightEyeClosure,
    Wink,
    NoseWrinkle,
    Whistle,
    Grin,
    LowerLipDepression,
}

impl YanagiharaItem {
    /// In the scale's order.
    pub const ALL: [YanagiharaItem; 10] = [
        YanagiharaItem::AtRest,
        YanagiharaItem::ForeheadWrinkle,
        YanagiharaItem::Blink,
        YanagiharaItem::GentleEyeClosure,
        YanagiharaItem::TightEyeClosure,
        YanagiharaItem::Wink,
        YanagiharaItem::NoseWrinkle,
        YanagiharaItem::Whistle,
        YanagiharaItem::Grin,
        YanagiharaItem::LowerLipDepression,
    ];

    /// The stable name (as serialised).
    pub fn name(self) -> &'static str {
        match self {
            YanagiharaItem::AtRest => "at_rest",
            YanagiharaItem::ForeheadWrinkle => "forehead_wrinkle",
            YanagiharaItem::Blink => "blink",
            YanagiharaItem::GentleEyeClosure => "gentle_eye_closure",
            YanagiharaItem::TightEyeClosure => "tight_eye_closure",
            YanagiharaItem::Wink => "wink",
            YanagiharaItem::NoseWrinkle => "nose_wrinkle",
            YanagiharaItem::Whistle => "whistle",
            YanagiharaItem::Grin => "grin",
            YanagiharaItem::LowerLipDepression => "lower_lip_depression",
        }
    }

    /// The item's name in `lang`, as Japanese clinicians name the scale's items (the
    /// English is the stable name in words, "lower lip depression").
    pub fn words(self, lang: Lang) -> &'static str {
        text(
            match self {
                YanagiharaItem::AtRest => Msg::YanagiharaAtRest,
                YanagiharaItem::ForeheadWrinkle => Msg::YanagiharaForeheadWrinkle,
                YanagiharaItem::Blink => Msg::YanagiharaBlink,
                YanagiharaItem::GentleEyeClosure => Msg::YanagiharaGentleEyeClosure,
                YanagiharaItem::TightEyeClosure => Msg::YanagiharaTightEyeClosure,
                YanagiharaItem::Wink => Msg::YanagiharaWink,
                YanagiharaItem::NoseWrinkle => Msg::YanagiharaNoseWrinkle,
                YanagiharaItem::Whistle => Msg::YanagiharaWhistle,
                YanagiharaItem::Grin => Msg::YanagiharaGrin,
                YanagiharaItem::LowerLipDepression => Msg::YanagiharaLowerLipDepression,
            },
            lang,
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YanagiharaScore {
    pub item: YanagiharaItem,
    /// 0, 2 or 4; None when not measured.
    pub score: Option<u8>,
    /// [score, score] when measured, [0, 4] when not.
    pub range: [u8; 2],
    pub finding: Option<String>,
    pub not_measured: Option<String>,
    pub rule: String,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Yanagihara {
    pub items: Vec<YanagiharaScore>,
    /// [lowest, highest] possible out of 40, given the unmeasured items.
    pub total: [u8; 2],
    pub not_measured: Vec<YanagiharaItem>,
}

const MOVEMENT_RULE: &str = "affected / healthy movement: >= 75 % 4, >= 25 % 2, else 0";
const CLOSURE_RULE: &str = "affected eye closes completely (under 1 mm left open) 4, closes >= 25 % of its fissure 2, else 0";
const SEEN_CLOSURE_RULE: &str = "affected eye closes completely (under 1 mm of eyeball left visible, read from the eye image) 4, closes >= 25 % of its visible eyeball 2, else 0";
const REST_RULE: &str = "largest resting difference over the noticeable one (eyelid 2 mm, brow and mouth corner 3 mm): under 1x 4, under 2x 2, else 0";

/// An item's score from the affected side's movement as a fraction of the healthy side's.
pub fn movement_score(fraction: f32) -> u8 {
    match fraction {
        f if f >= 0.75 => 4,
        f if f >= 0.25 => 2,
        _ => 0,
    }
}

type Scored = Result<(u8, String), String>;

fn movement(r: &mut Reader, view: Expression, measurement: MeasurementName, increase: bool) -> Scored {
    let (q, finding) = r.movement_fraction(view, measurement, increase)?;
    Ok((movement_score(q), finding))
}

fn closure(r: &mut Reader, view: Expression) -> Scored {
    closure_by(r, view, MeasurementName::PalpebralFissureHeight)
}

fn closure_by(r: &mut Reader, view: Expression, opening: MeasurementName) -> Scored {
    Ok(closure_score(&r.closure_by(view, opening)?))
}

fn closure_score(c: &Closure) -> (u8, String) {
    if !c.affected_left_open() {
        (4, text(Msg::FindingClosesCompletely, Lang::En).to_string())
    } else {
        let score = if c.affected_fraction >= 0.25 { 2 } else { 0 };
        (score, english(Msg::FindingLeftOpen, &[("mm", &mm(c.affected_remaining_mm)), ("percent", &percent(c.affected_fraction))]))
    }
}

fn at_rest(r: &mut Reader) -> Scored {
    let eye = r.read(Rest, MeasurementName::PalpebralFissureHeight)?;
    let brow = r.read(Rest, MeasurementName::BrowHeight)?;
    let mouth = r.read(Rest, MeasurementName::CommissureHeight)?;
    let parts = [(Msg::RestEyelid, (eye.affected - eye.healthy).abs() / 2.0), (Msg::RestBrow, (brow.affected - brow.healthy).abs() / 3.0), (Msg::RestMouthCorner, (mouth.affected - mouth.healthy).abs() / 3.0)];
    let (what, worst) = parts.into_iter().fold((Msg::RestEyelid, 0.0_f32), |w, p| if p.1 > w.1 { p } else { w });
    let score = if worst < 1.0 { 4 } else if worst < 2.0 { 2 } else { 0 };
    Ok((score, if worst < 1.0 { text(Msg::FindingNoRestingAsymmetry, Lang::En).to_string() } else { english(Msg::FindingRestingTimes, &[("what", text(what, Lang::En)), ("times", &mm(worst))]) }))
}

/// The wink: the closure rule on the affected eye; the finding says when the other eye
/// closed too (then it was not a wink of the affected eye alone).
fn wink(r: &mut Reader) -> Scored {
    let c = r.closure_by(Wink, MeasurementName::VisibleEyeballHeight)?;
    let (score, finding) = closure_score(&c);
    Ok(match c.healthy_fraction {
        Some(f) if f >= 0.75 => (score, english(Msg::FindingOtherEyeClosedToo, &[("finding", &finding), ("percent", &percent(f))])),
        _ => (score, finding),
    })
}

/// Why an optional step's item is not measured when the exam lacks the step.
fn no_view(view: Expression) -> String {
    let why = match view {
        Blink => Msg::ReasonNoBlinkStep,
        Wink => Msg::ReasonNoWinkStep,
        _ => Msg::ReasonNoLowerLipStep,
    };
    text(why, Lang::En).to_string()
}

/// `score` of an optional step's item, or why not when the exam lacks the step.
fn step(readings: &ExamReadings, view: Expression, score: impl FnOnce() -> Scored) -> Scored {
    if readings.has_view(view) {
        score()
    } else {
        Err(no_view(view))
    }
}

fn score_item(readings: &ExamReadings, affected: Side, item: YanagiharaItem) -> YanagiharaScore {
    use YanagiharaItem as I;
    let mut r = Reader::new(readings, affected);
    let (rule, result) = match item {
        I::AtRest => (REST_RULE, at_rest(&mut r)),
        I::ForeheadWrinkle => (MOVEMENT_RULE, movement(&mut r, BrowRaise, MeasurementName::BrowHeight, true)),
        I::GentleEyeClosure => (CLOSURE_RULE, closure(&mut r, GentleClosure)),
        I::TightEyeClosure => (CLOSURE_RULE, closure(&mut r, TightClosure)),
        I::NoseWrinkle => (MOVEMENT_RULE, movement(&mut r, Snarl, MeasurementName::AlarBaseHeight, false)),
        I::Whistle => (MOVEMENT_RULE, movement(&mut r, Pucker, MeasurementName::CommissureExcursion, false)),
        I::Grin => (MOVEMENT_RULE, movement(&mut r, BigSmile, MeasurementName::CommissureExcursion, true)),
        I::Blink => (SEEN_CLOSURE_RULE, step(readings, Blink, || closure_by(&mut r, Blink, MeasurementName::VisibleEyeballHeight))),
        I::Wink => (SEEN_CLOSURE_RULE, step(readings, Wink, || wink(&mut r))),
        I::LowerLipDepression => (MOVEMENT_RULE, step(readings, LowerLipDepression, || movement(&mut r, LowerLipDepression, MeasurementName::LowerLipHeight, true))),
    };
    let evidence = r.evidence;
    match result {
        Ok((s, finding)) => YanagiharaScore { item, score: Some(s), range: [s, s], finding: Some(finding), not_measured: None, rule: rule.into(), evidence },
        Err(why) => YanagiharaScore { item, score: None, range: [0, 4], finding: None, not_measured: Some(why), rule: rule.into(), evidence },
    }
}

pub fn score(readings: &ExamReadings, affected: Side) -> Yanagihara {
    let items: Vec<YanagiharaScore> = YanagiharaItem::ALL.iter().map(|&i| score_item(readings, affected, i)).collect();
    let total = [items.iter().map(|i| i.range[0]).sum(), items.iter().map(|i| i.range[1]).sum()];
    let not_measured = items.iter().filter(|i| i.score.is_none()).map(|i| i.item).collect();
    Yanagihara { items, total, not_measured }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movement_scores_follow_the_stated_cut_points() {
        assert_eq!([1.1, 0.75, 0.74, 0.25, 0.24, 0.0].map(movement_score), [4, 4, 2, 2, 0, 0]);
    }

    #[test]
    fn an_empty_exam_is_the_whole_range() {
        let y = score(&ExamReadings::default(), Side::Left);
        assert_eq!(y.total, [0, 40]);
        assert_eq!(y.not_measured.len(), 10);
    }
}
