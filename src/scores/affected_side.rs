//! Which side is affected, over the whole exam, with its evidence.
//!
//! Votes, summed (positive toward the left); 0.5 in all decides:
//! - Each movement (brow raise, smiles, pucker, lower teeth, snarl) votes for the side that
//!   moves less, weighted by how lopsided the movement is and by how many millimetres it
//!   differs (full weight, 1, from 2 mm). Movements where neither side moves 1 mm do not vote.
//! - Each eye closure (gentle, tight) votes for the eye that does not close, up to 2: the
//!   eye that stays open is the most specific sign of a facial palsy (House-Brackmann IV:
//!   "incomplete eye closure"). An eye left open (fissure 1 mm or more, auto-eFACE's
//!   closed threshold) while the other closes gets 2 x (their fissure difference / 2 mm,
//!   at most 1), so a 1 mm gap beside a closed eye decides alone. When both eyes stay open,
//!   the eye that closes the smaller fraction of its resting fissure gets 2 x (fraction
//!   difference / 0.4, at most 1) x (gap difference / 2 mm, at most 1), and nothing under a
//!   0.1 difference. Both eyes closed: no vote. Neither eye moving 1 mm: no vote.
//! - Each mouth movement that narrows one eye (big smile, pucker: oral-ocular synkinesis)
//!   votes weakly, up to 0.25, for that eye's side as the synkinetic side: when it narrows
//!   at least 1 mm more than the other eye and beyond what normal eyes do (35 % of the
//!   resting fissure on smiling: normal 21.6 % +- 13.4 %, Laryngoscope 2013, doi
//!   10.1002/lary.23778; 10 % on the pucker, where normal eyes narrow 1.7 %, Renne 2025),
//!   weighted by the excess (full from 2 mm). The normal-range check keeps a healthy eye
//!   narrowing with a normal smile beside a flaccid one from voting for the healthy side.
//! - A drooped mouth corner at rest adds up to half a vote.
//!
//! The user's choice always wins.

use super::evidence::{gap_left_open, MIN_HEALTHY_MM};
use super::readings::ExamReadings;
use crate::measure::Expression::{self, *};
use crate::measure::MeasurementName;
use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};

/// Below this summed vote the sides are not told apart.
const CLEAR_VOTE: f32 = 0.5;
const MIN_MOVEMENT_MM: f32 = 1.0;
/// A left/right difference in movement of this much (the eyelid's noticeable 2 mm) gets a
/// full vote; smaller ones proportionally less.
const DIFFERENCE_FOR_FULL_VOTE_MM: f32 = 2.0;
/// An eye that does not close, the most specific sign: up to two full votes per closure view.
const EYE_LEFT_OPEN_WEIGHT: f32 = 2.0;
/// Both eyes open: a difference of this much in the fraction of the resting fissure closed
/// gets the full eye vote; under `MIN_CLOSED_FRACTION_DIFFERENCE` none.
const FRACTION_FOR_FULL_VOTE: f32 = 0.4;
const MIN_CLOSED_FRACTION_DIFFERENCE: f32 = 0.1;
/// Oral-ocular synkinesis: a weak vote, at most this per mouth movement.
const SYNKINESIS_WEIGHT: f32 = 0.25;
/// Narrowing (fraction of the resting fissure) beyond which an eye's narrowing is not what
/// normal eyes do: smiling (normal 21.6 % + 1 SD 13.4 %), pucker (normal 1.7 %).
const NORMAL_SMILE_NARROWING: f32 = 0.35;
const NORMAL_PUCKER_NARROWING: f32 = 0.10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    User,
    Measurements,
    /// No clear difference: the scores still need a side, so the one that moved less
    /// overall is used, and the result says so.
    Unclear,
}

impl DecidedBy {
    /// The stable word (the serde name), as the report shows it.
    pub fn code(&self) -> &'static str {
        match self {
            DecidedBy::User => "user",
            DecidedBy::Measurements => "measurements",
            DecidedBy::Unclear => "unclear",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideVote {
    pub view: Expression,
    pub measurement: MeasurementName,
    /// The millimetres the sign reads, per side: movement from rest for a movement, the gap
    /// left open for an eye closure, the narrowing from rest for synkinesis, the corner's
    /// height for the mouth at rest.
    pub left_mm: f32,
    pub right_mm: f32,
    /// The side this points to as affected, and how strongly (movements 0-1, eye closure
    /// 0-2, synkinesis 0-0.25, mouth at rest 0-0.5).
    pub points_to: Side,
    pub weight: f32,
    /// What the vote saw on `points_to`'s side, e.g. "moves less", "eye left open".
    pub sign: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffectedSide {
    pub side: Side,
    pub decided_by: DecidedBy,
    /// Sum of the votes, positive toward the subject's left being affected.
    pub vote_toward_left: f32,
    pub evidence: Vec<SideVote>,
}

const FISSURE: MeasurementName = MeasurementName::PalpebralFissureHeight;

/// (view, measurement, movement grows the value?) for each voting movement. The eye
/// closures vote by `eye_closure_vote`.
const MOVEMENTS: [(Expression, MeasurementName, bool); 6] = [
    (BrowRaise, MeasurementName::BrowHeight, true),
    (SmallSmile, MeasurementName::CommissureExcursion, true),
    (BigSmile, MeasurementName::CommissureExcursion, true),
    (Pucker, MeasurementName::CommissureExcursion, false),
    (LowerTeeth, MeasurementName::DentalShow, true),
    (Snarl, MeasurementName::AlarBaseHeight, false),
];

pub fn find(readings: &ExamReadings, user_choice: Option<Side>) -> AffectedSide {
    let mut evidence = Vec::new();
    for (view, measurement, increase) in MOVEMENTS {
        let (Some(rest), Some(moved)) = (readings.get(Rest, measurement), readings.get(view, measurement)) else { continue };
        let sign = if increase { 1.0 } else { -1.0 };
        let (l, r) = (sign * (moved.values.left - rest.values.left), sign * (moved.values.right - rest.values.right));
        let most = l.abs().max(r.abs());
        if most < MIN_MOVEMENT_MM {
            continue;
        }
        // Lopsided relative to the movement, and by enough millimetres to be more than
        // landmark noise: small movements read with large relative errors.
        let lopsided = ((r - l) / most).clamp(-1.0, 1.0);
        let weight = lopsided.abs() * ((r - l).abs() / DIFFERENCE_FOR_FULL_VOTE_MM).min(1.0);
        evidence.push(SideVote { view, measurement, left_mm: l, right_mm: r, points_to: if lopsided >= 0.0 { Side::Left } else { Side::Right }, weight, sign: "moves less".into() });
    }
    if let Some(rest) = readings.get(Rest, FISSURE) {
        for view in [GentleClosure, TightClosure] {
            evidence.extend(readings.get(view, FISSURE).and_then(|closed| eye_closure_vote(view, rest.values, closed.values)));
        }
        for (view, normal) in [(BigSmile, NORMAL_SMILE_NARROWING), (Pucker, NORMAL_PUCKER_NARROWING)] {
            evidence.extend(readings.get(view, FISSURE).and_then(|during| synkinesis_vote(view, rest.values, during.values, normal)));
        }
    }
    if let Some(h) = readings.get(Rest, MeasurementName::CommissureHeight) {
        let lower_left = h.values.left - h.values.right;
        if lower_left.abs() >= MIN_MOVEMENT_MM {
            let points_to = if lower_left > 0.0 { Side::Left } else { Side::Right };
            evidence.push(SideVote { view: Rest, measurement: MeasurementName::CommissureHeight, left_mm: h.values.left, right_mm: h.values.right, points_to, weight: 0.5 * (lower_left.abs() / 3.0).min(1.0), sign: "mouth corner lower at rest".into() });
        }
    }
    let vote_toward_left: f32 = evidence.iter().map(|v| if v.points_to == Side::Left { v.weight } else { -v.weight }).sum();
    let measured_side = if vote_toward_left >= 0.0 { Side::Left } else { Side::Right };
    let (side, decided_by) = match user_choice {
        Some(side) => (side, DecidedBy::User),
        None if vote_toward_left.abs() >= CLEAR_VOTE => (measured_side, DecidedBy::Measurements),
        None => (measured_side, DecidedBy::Unclear),
    };
    AffectedSide { side, decided_by, vote_toward_left, evidence }
}

/// The vote of one eye closure view: for the eye that does not close (see the module doc).
/// None when neither eye moves 1 mm, both close, the eyes do not differ enough, or a
/// resting fissure is under 1 mm.
pub fn eye_closure_vote(view: Expression, rest: PerSide<f32>, closed: PerSide<f32>) -> Option<SideVote> {
    if [rest.left, rest.right, closed.left, closed.right].iter().any(|v| !v.is_finite()) || rest.left.min(rest.right) < MIN_HEALTHY_MM {
        return None;
    }
    if (rest.left - closed.left).abs().max((rest.right - closed.right).abs()) < MIN_MOVEMENT_MM {
        return None;
    }
    let gap = closed.map(|_, &v| gap_left_open(v));
    let fraction = gap.map(|side, g| (rest.get(side) - g) / rest.get(side));
    // The eye that closes the smaller fraction of its resting fissure.
    let open = if fraction.left < fraction.right { Side::Left } else { Side::Right };
    let (open_gap, other_gap) = (*gap.get(open), *gap.get(open.other()));
    let raw_difference = (closed.get(open) - closed.get(open.other()).max(0.0)).max(0.0);
    let mm_factor = |d: f32| (d / DIFFERENCE_FOR_FULL_VOTE_MM).min(1.0);
    let (weight, sign) = if open_gap > 0.0 && other_gap == 0.0 {
        (EYE_LEFT_OPEN_WEIGHT * mm_factor(raw_difference), "eye left open while the other closes")
    } else if open_gap > 0.0 {
        let d = (fraction.left - fraction.right).abs();
        if d < MIN_CLOSED_FRACTION_DIFFERENCE {
            return None;
        }
        (EYE_LEFT_OPEN_WEIGHT * (d / FRACTION_FOR_FULL_VOTE).min(1.0) * mm_factor((open_gap - other_gap).max(0.0)), "eye closes a smaller fraction of its fissure")
    } else {
        return None;
    };
    (weight > 0.0).then_some(SideVote { view, measurement: FISSURE, left_mm: gap.left, right_mm: gap.right, points_to: open, weight, sign: sign.into() })
}

/// The weak vote of one mouth movement for the eye that narrows with it (oral-ocular
/// synkinesis), beyond `normal_narrowing` (fraction of its resting fissure) and at least
/// 1 mm more than the other eye.
pub fn synkinesis_vote(view: Expression, rest: PerSide<f32>, during: PerSide<f32>, normal_narrowing: f32) -> Option<SideVote> {
    if [rest.left, rest.right, during.left, during.right].iter().any(|v| !v.is_finite()) || rest.left.min(rest.right) < MIN_HEALTHY_MM {
        return None;
    }
    let narrowing = rest.map(|side, r| r - during.get(side));
    let narrower = if narrowing.left > narrowing.right { Side::Left } else { Side::Right };
    let excess = narrowing.get(narrower) - narrowing.get(narrower.other());
    if excess < MIN_MOVEMENT_MM || narrowing.get(narrower) / rest.get(narrower) <= normal_narrowing {
        return None;
    }
    let weight = SYNKINESIS_WEIGHT * (excess / DIFFERENCE_FOR_FULL_VOTE_MM).min(1.0);
    Some(SideVote { view, measurement: FISSURE, left_mm: narrowing.left, right_mm: narrowing.right, points_to: narrower, weight, sign: "eye narrows with the movement (synkinesis)".into() })
}
