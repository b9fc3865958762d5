//! Loading ONNX models into tract and running them with reused state.

use super::ops::{self, OwnOps};
use prost::Message;
use thiserror::Error;
use tract_onnx::prelude::*;

#[derive(Debug, Error)]
pub enum ModelError {
    #[error("the {model} model could not be loaded (is the file complete and an ONNX model?): {reason}")]
    Load { model: &'static str, reason: String },
    #[error("the {model} model failed while running: {reason}")]
    Run { model: &'static str, reason: String },
    #[error("the {model} model has an unexpected output {output}: expected {expected} values, got {actual}")]
    Output { model: &'static str, output: usize, expected: usize, actual: usize },
}

/// Time spent in one kind of operation per model run.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OpTime {
    pub op: String,
    pub ms_per_run: f64,
    /// Nodes of this kind in the optimised plan.
    pub nodes: usize,
}

/// One step of preparing a model: how long it took and how many nodes the graph has after it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PreparationStep {
    pub step: &'static str,
    pub ms: f64,
    pub nodes: usize,
}

/// One optimised tract plan plus its reusable state and input tensor.
pub struct ModelRunner {
    name: &'static str,
    state: TypedSimpleState,
    input: Option<Tensor>,
    input_shape: Vec<usize>,
    outputs: TVec<TValue>,
}

impl ModelRunner {
    /// Builds the runner once: parse, hand the operations FaceGrade has its own kernels
    /// for to them ([`ops`]), fix the input shape, optimise, plan.
    pub fn from_bytes(name: &'static str, bytes: &[u8], input_shape: &[usize]) -> Result<Self, ModelError> {
        Self::with_ops(name, bytes, input_shape, OwnOps::DEFAULT)
    }

    /// [`ModelRunner::from_bytes`] with a choice of FaceGrade's own operators (`NONE`
    /// runs tract's everywhere: the comparison for tests and measurements).
    pub fn with_ops(name: &'static str, bytes: &[u8], input_shape: &[usize], own_ops: OwnOps) -> Result<Self, ModelError> {
        Self::prepared(name, bytes, input_shape, own_ops, &mut |_, _| {})
    }

    /// [`ModelRunner::with_ops`], also returning the time each step of tract's preparation
    /// took (measured with `now_ms`) and the graph's node count after it: where a cold
    /// start's preparation goes.
    pub fn with_preparation(name: &'static str, bytes: &[u8], input_shape: &[usize], own_ops: OwnOps, now_ms: &dyn Fn() -> f64) -> Result<(Self, Vec<PreparationStep>), ModelError> {
        let mut steps = vec![];
        let mut last = now_ms();
        let runner = Self::prepared(name, bytes, input_shape, own_ops, &mut |step, nodes| {
            let now = now_ms();
            steps.push(PreparationStep { step, ms: now - last, nodes });
            last = now;
        })?;
        Ok((runner, steps))
    }

    /// Decode, adopt FaceGrade's operators, parse, type, declutter, optimise, plan;
    /// `step` hears of each step's end with the node count (ONNX nodes, then tract's).
    fn prepared(name: &'static str, bytes: &[u8], input_shape: &[usize], own_ops: OwnOps, step: &mut dyn FnMut(&'static str, usize)) -> Result<Self, ModelError> {
        use tract_onnx::tract_hir::infer::InferenceModelExt;
        let load = |e: TractError| ModelError::Load { model: name, reason: format!("{e:#}") };
        let mut proto = tract_onnx::pb::ModelProto::decode(bytes).map_err(|e| ModelError::Load { model: name, reason: format!("not an ONNX model: {e}") })?;
        ops::adopt(&mut proto, own_ops);
        step("decode and adopt", proto.graph.as_ref().map_or(0, |g| g.node.len()));
        let parsed = ops::onnx().model_for_proto_model(&proto).map_err(load)?.with_input_fact(0, f32::fact(input_shape).into()).map_err(load)?;
        step("parse", parsed.nodes.len());
        let mut model = parsed.into_typed().map_err(load)?;
        step("typed", model.nodes.len());
        model.declutter().map_err(load)?;
        step("declutter", model.nodes.len());
        model.optimize().map_err(load)?;
        step("optimise", model.nodes.len());
        let model = model.into_runnable().map_err(load)?;
        step("plan", model.model().nodes.len());
        let state = model.spawn().map_err(load)?;
        let input = Tensor::zero::<f32>(input_shape).map_err(load)?;
        Ok(ModelRunner { name, state, input: Some(input), input_shape: input_shape.to_vec(), outputs: tvec![] })
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The input buffer (NHWC float32) to fill before [`ModelRunner::run`].
    pub fn input_mut(&mut self) -> &mut [f32] {
        if self.input.is_none() {
            // Only after a run whose input tract kept hold of.
            self.input = Some(Tensor::zero::<f32>(&self.input_shape).expect("shape was valid at load"));
        }
        self.input
            .as_mut()
            .and_then(|t| t.to_plain_array_view_mut::<f32>().ok())
            .and_then(|v| v.into_slice())
            .expect("input tensor is plain, contiguous f32")
    }

    /// Runs the model on the current input; outputs stay readable through [`ModelRunner::output`].
    pub fn run(&mut self) -> Result<(), ModelError> {
        let input: TValue = self.input.take().expect("input present").into();
        let keep = input.clone();
        self.outputs.clear();
        self.outputs = self.state.run(tvec![input]).map_err(|e| ModelError::Run { model: self.name, reason: format!("{e:#}") })?;
        // Take the input buffer back when tract no longer shares it (no per-frame allocation).
        if keep.is_exclusive() {
            self.input = Some(keep.into_tensor());
        }
        Ok(())
    }

    /// Runs the model `runs` times on the current input, timing each node with `now_ms`
    /// (the caller's clock: `Instant` natively, `performance.now()` in a browser), and
    /// returns the time per run spent in each kind of operation, largest first. Where
    /// tract's time goes, for the performance work.
    pub fn profile(&mut self, runs: usize, now_ms: &dyn Fn() -> f64) -> Result<Vec<OpTime>, ModelError> {
        self.input_mut(); // makes sure the input buffer is there
        let name = self.name;
        let fail = |e: TractError| ModelError::Run { model: name, reason: format!("{e:#}") };
        let input: TValue = self.input.clone().expect("input present").into();
        let mut totals: std::collections::BTreeMap<String, (f64, usize)> = std::collections::BTreeMap::new();
        for _ in 0..runs.max(1) {
            self.state
                .run_plan_with_eval(tvec![input.clone()], |ctx, state, node, inputs| {
                    let start = now_ms();
                    let out = tract_onnx::tract_core::plan::eval(ctx, state, node, inputs);
                    let entry = totals.entry(node.op().name().to_string()).or_default();
                    entry.0 += now_ms() - start;
                    entry.1 += 1;
                    out
                })
                .map_err(fail)?;
        }
        let runs = runs.max(1) as f64;
        let mut out: Vec<OpTime> = totals.into_iter().map(|(op, (ms, calls))| OpTime { op, ms_per_run: ms / runs, nodes: (calls as f64 / runs).round() as usize }).collect();
        out.sort_by(|a, b| b.ms_per_run.total_cmp(&a.ms_per_run));
        Ok(out)
    }

    /// Output `index` as a flat f32 slice, checked to hold `expected` values.
    pub fn output(&self, index: usize, expected: usize) -> Result<&[f32], ModelError> {
        let bad = |actual| ModelError::Output { model: self.name, output: index, expected, actual };
        let value = self.outputs.get(index).ok_or(bad(0))?;
        let slice = value.to_plain_array_view::<f32>().ok().and_then(|v| v.to_slice()).ok_or(bad(0))?;
        if slice.len() != expected {
            return Err(bad(slice.len()));
        }
        Ok(slice)
    }
}
