//! What the scores read: per view, each measurement's left and right value. Built from an
//! exam's measurements, or by hand in tests (hand-computed examples of every formula).

use crate::measure::{ExamMeasurements, Expression};
use crate::measure::MeasurementName;
use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One measurement in one view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub values: PerSide<f32>,
    pub confidence: f32,
    pub uncertain: bool,
}

/// All readings of an exam.
#[derive(Clone, Debug, Default)]
pub struct ExamReadings {
    views: BTreeMap<Expression, BTreeMap<MeasurementName, Reading>>,
}

/// One number a score item used, for the item's evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemInput {
    pub view: Expression,
    pub measurement: MeasurementName,
    pub left: f32,
    pub right: f32,
}

/// A reading split into the affected and the healthy side.
#[derive(Clone, Copy, Debug)]
pub struct Sided {
    pub affected: f32,
    pub healthy: f32,
    pub confidence: f32,
    pub uncertain: bool,
}

impl ExamReadings {
    pub fn from_exam(exam: &ExamMeasurements) -> ExamReadings {
        let mut readings = ExamReadings::default();
        for (&view, m) in &exam.views {
            let entry = readings.views.entry(view).or_default();
            for (&name, v) in &m.measurements {
                entry.insert(name, Reading { values: PerSide::new(v.left, v.right), confidence: v.confidence, uncertain: v.uncertain });
            }
        }
        readings
    }

    /// Adds one reading with full confidence (hand-built exams).
    pub fn with(mut self, view: Expression, measurement: MeasurementName, left: f32, right: f32) -> ExamReadings {
        self.views.entry(view).or_default().insert(measurement, Reading { values: PerSide::new(left, right), confidence: 1.0, uncertain: false });
        self
    }

    pub fn has_view(&self, view: Expression) -> bool {
        self.views.contains_key(&view)
    }

    pub fn get(&self, view: Expression, measurement: MeasurementName) -> Option<&Reading> {
        self.views.get(&view)?.get(&measurement)
    }

    /// The reading split by the affected side, recorded into `inputs`; Err says what is missing.
    pub fn sided(&self, view: Expression, measurement: MeasurementName, affected: Side, inputs: &mut Vec<ItemInput>) -> Result<Sided, String> {
        let Some(r) = self.views.get(&view) else {
            return Err(super::words::english(crate::i18n::Msg::ReasonNoView, &[("view", view.code())]));
        };
        let Some(r) = r.get(&measurement) else {
            return Err(super::words::english(crate::i18n::Msg::ReasonNotInView, &[("measurement", measurement.as_str()), ("view", view.code())]));
        };
        inputs.push(ItemInput { view, measurement, left: r.values.left, right: r.values.right });
        Ok(Sided { affected: *r.values.get(affected), healthy: *r.values.get(affected.other()), confidence: r.confidence, uncertain: r.uncertain })
    }
}
