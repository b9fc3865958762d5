//! Which side is affected, over the whole exam, with its evidence.
//!
//! Each movement (brow raise, eye closures, smiles, pucker, lower teeth, snarl) votes for
//! the side that moves less, weighted by how lopsided the movement is and by how many
//! millimetres it differs (full weight from 2 mm); a drooped mouth corner at rest adds up
//! to half a vote. Movements where neither side moves 1 mm do not vote.
//! The user's choice always wins.

use super::readings::ExamReadings;
use crate::measure::Expression::{self, *};
use crate::side::Side;
use serde::Serialize;

/// Below this summed vote the sides are not told apart.
const CLEAR_VOTE: f32 = 0.5;
const MIN_MOVEMENT_MM: f32 = 1.0;
/// A left/right difference in movement of this much (the eyelid's noticeable 2 mm) gets a
/// full vote; smaller ones proportionally less.
const DIFFERENCE_FOR_FULL_VOTE_MM: f32 = 2.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    User,
    Measurements,
    /// No clear difference: the scores still need a side, so the one that moved less
    /// overall is used, and the result says so.
    Unclear,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideVote {
    pub view: Expression,
    pub measurement: &'static str,
    /// Movement from rest (or the resting difference), mm, per side.
    pub left_mm: f32,
    pub right_mm: f32,
    /// The side this points to as weaker, and how strongly (0-1).
    pub points_to: Side,
    pub weight: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AffectedSide {
    pub side: Side,
    pub decided_by: DecidedBy,
    /// Sum of the votes, positive toward the subject's left being affected.
    pub vote_toward_left: f32,
    pub evidence: Vec<SideVote>,
}

/// (view, measurement, movement grows the value?) for each voting movement.
const MOVEMENTS: [(Expression, &str, bool); 8] = [
    (BrowRaise, "brow_height_mm", true),
    (GentleClosure, "palpebral_fissure_height_mm", false),
    (TightClosure, "palpebral_fissure_height_mm", false),
    (SmallSmile, "commissure_excursion_mm", true),
    (BigSmile, "commissure_excursion_mm", true),
    (Pucker, "commissure_excursion_mm", false),
    (LowerTeeth, "dental_show_mm", true),
    (Snarl, "alar_base_height_mm", false),
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
        evidence.push(SideVote { view, measurement, left_mm: l, right_mm: r, points_to: if lopsided >= 0.0 { Side::Left } else { Side::Right }, weight });
    }
    if let Some(h) = readings.get(Rest, "commissure_height_mm") {
        let lower_left = h.values.left - h.values.right;
        if lower_left.abs() >= MIN_MOVEMENT_MM {
            let points_to = if lower_left > 0.0 { Side::Left } else { Side::Right };
            evidence.push(SideVote { view: Rest, measurement: "commissure_height_mm", left_mm: h.values.left, right_mm: h.values.right, points_to, weight: 0.5 * (lower_left.abs() / 3.0).min(1.0) });
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
