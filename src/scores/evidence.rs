//! The evidence behind a score item: the numbers it read and how far they can be trusted.

use super::readings::{ExamReadings, ItemInput, Sided};
use super::words::{english, mm, percent};
use crate::i18n::{text, Lang, Msg};
use crate::measure::Expression;
use crate::measure::MeasurementName;
use crate::side::Side;
use serde::{Deserialize, Serialize};

/// The inputs an item used, the weakest confidence among them, and whether any of them
/// sits on an eyelid the two eyelid models disagree on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub inputs: Vec<ItemInput>,
    pub confidence: f32,
    pub uncertain: bool,
}

/// Reads measurements for one item, collecting its evidence.
pub struct Reader<'a> {
    readings: &'a ExamReadings,
    affected: Side,
    pub evidence: Evidence,
}

impl<'a> Reader<'a> {
    pub fn new(readings: &'a ExamReadings, affected: Side) -> Self {
        Reader { readings, affected, evidence: Evidence { inputs: Vec::new(), confidence: 1.0, uncertain: false } }
    }

    pub fn read(&mut self, view: Expression, measurement: MeasurementName) -> Result<Sided, String> {
        let s = self.readings.sided(view, measurement, self.affected, &mut self.evidence.inputs)?;
        self.evidence.confidence = self.evidence.confidence.min(s.confidence);
        self.evidence.uncertain |= s.uncertain;
        Ok(s)
    }
}

/// `numerator / denominator`, refused when the denominator (a healthy side's value or
/// movement, `what`: one of [`crate::i18n::stored::WHAT`]) is too small to divide by: the
/// expression was probably not performed.
pub fn ratio(numerator: f32, denominator: f32, min_denominator: f32, what: Msg) -> Result<f32, String> {
    if denominator.abs() < min_denominator || !numerator.is_finite() || !denominator.is_finite() {
        return Err(english(Msg::ReasonTooSmall, &[("what", text(what, Lang::En)), ("mm", &mm(denominator)), ("min", &min_denominator.to_string())]));
    }
    Ok(numerator / denominator)
}

/// A fissure below this (mm) counts as closed (auto-eFACE: "PFH < 1 mm counts as 0").
pub const CLOSED_FISSURE_MM: f32 = 1.0;
/// Healthy-side values or movements below this (mm) cannot be divided by.
pub const MIN_HEALTHY_MM: f32 = 1.0;

/// The gap an eye leaves open on attempted closure (lagophthalmos), mm: its palpebral
/// fissure height, or 0 when that is under `CLOSED_FISSURE_MM` (closed, as auto-eFACE
/// counts it). So a gap is either 0 or at least 1 mm. Non-finite readings stay non-finite.
pub fn gap_left_open(fissure_mm: f32) -> f32 {
    if fissure_mm < CLOSED_FISSURE_MM {
        0.0
    } else {
        fissure_mm
    }
}

/// Eye closure in one view, relative to rest.
#[derive(Clone, Copy, Debug)]
pub struct Closure {
    /// Fraction of its resting fissure the affected eye closes (1 = fully closed).
    pub affected_fraction: f32,
    /// The same for the healthy eye; None when its resting fissure is too small.
    pub healthy_fraction: Option<f32>,
    /// What is left open on the affected side (0 under 1 mm).
    pub affected_remaining_mm: f32,
}

impl Closure {
    /// The affected eye does not close (a gap of 1 mm or more is left): incomplete eye closure.
    pub fn affected_left_open(&self) -> bool {
        self.affected_remaining_mm > 0.0
    }
}

impl Reader<'_> {
    /// Movement from rest to `view` per side, (affected, healthy); positive in the
    /// expected direction (`increase`: the measurement grows).
    pub fn movement(&mut self, view: Expression, measurement: MeasurementName, increase: bool) -> Result<(f32, f32), String> {
        let rest = self.read(Expression::Rest, measurement)?;
        let moved = self.read(view, measurement)?;
        let sign = if increase { 1.0 } else { -1.0 };
        Ok((sign * (moved.affected - rest.affected), sign * (moved.healthy - rest.healthy)))
    }

    /// The affected side's movement from rest to `view` as a fraction of the healthy
    /// side's (negative movement counts as none), and the finding in words. Err when a
    /// reading is missing or the healthy side barely moved.
    pub fn movement_fraction(&mut self, view: Expression, measurement: MeasurementName, increase: bool) -> Result<(f32, String), String> {
        let (a, h) = self.movement(view, measurement, increase)?;
        let q = ratio(a, h, MIN_HEALTHY_MM, Msg::WhatHealthyMovement)?.max(0.0);
        Ok((q, moves_finding(q, a, h)))
    }

    /// How far each eye closes in `view`, by the palpebral fissure. Err when the affected
    /// eye is closed at rest.
    pub fn closure(&mut self, view: Expression) -> Result<Closure, String> {
        self.closure_by(view, MeasurementName::PalpebralFissureHeight)
    }

    /// How far each eye closes in `view`, by `opening` (the palpebral fissure, or the
    /// visible eyeball, which is 0 when the eye image reads closed).
    pub fn closure_by(&mut self, view: Expression, opening: MeasurementName) -> Result<Closure, String> {
        let rest = self.read(Expression::Rest, opening)?;
        let closed = self.read(view, opening)?;
        let affected_remaining_mm = gap_left_open(closed.affected);
        Ok(Closure {
            affected_fraction: ratio(rest.affected - affected_remaining_mm, rest.affected, MIN_HEALTHY_MM, Msg::WhatAffectedFissureAtRest)?,
            healthy_fraction: ratio(rest.healthy - gap_left_open(closed.healthy), rest.healthy, MIN_HEALTHY_MM, Msg::WhatHealthyFissureAtRest).ok(),
            affected_remaining_mm,
        })
    }
}

/// "affected side moves 42 % of healthy (3.1 vs 7.4 mm)": the affected side's movement
/// `affected_mm` as the fraction `fraction` of the healthy side's `healthy_mm`.
pub fn moves_finding(fraction: f32, affected_mm: f32, healthy_mm: f32) -> String {
    english(Msg::FindingMoves, &[("percent", &percent(fraction)), ("affected", &mm(affected_mm)), ("healthy", &mm(healthy_mm))])
}
