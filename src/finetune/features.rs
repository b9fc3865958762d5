//! A landmark model run with its heads' inputs exposed: per crop, each head's features,
//! its attention transform (refined heads) and its output, all read from one tract run.

use super::heads::{Head, HeadKind};
use super::model_file::ModelFile;
use crate::engine::runtime::ModelError;
use tract_onnx::prelude::*;

/// One head's view of one crop.
#[derive(Clone, Debug, Default)]
pub struct HeadReading {
    /// The flattened features the head's convolution reads, then a 1 for its bias.
    pub features: Vec<f32>,
    /// The head's points in crop pixels: x, y(, z) per point.
    pub output: Vec<f32>,
    /// Refined heads: point = raw A + t, as (A00, A01, A10, A11) and (t0, t1).
    pub transform: Option<([f32; 4], [f32; 2])>,
}

/// The model with extra outputs.
pub struct FeatureModel {
    state: TypedSimpleState,
    heads: Vec<Head>,
    input: Tensor,
    /// The model's own outputs come first; the heads' extra outputs follow.
    own_outputs: usize,
}

const NAME: &str = "face landmark (fine-tuning)";

impl FeatureModel {
    /// Prepares `file` (square RGB input of `input_size`) with each head's features and
    /// transform as extra outputs.
    pub fn new(file: &ModelFile, heads: &[Head], input_size: usize) -> Result<Self, ModelError> {
        let load = |e: TractError| ModelError::Load { model: NAME, reason: format!("{e:#}") };
        let mut outputs = file.output_names();
        let own_outputs = outputs.len();
        for head in heads {
            outputs.push(head.features.clone());
            if let Some((a, t)) = &head.transform {
                outputs.push(a.clone());
                outputs.push(t.clone());
            }
        }
        let plan = crate::engine::ops::onnx()
            .model_for_proto_model(file.proto())
            .map_err(load)?
            .with_input_fact(0, f32::fact([1, input_size, input_size, 3]).into())
            .map_err(load)?
            .with_outputs_by_name(&outputs)
            .map_err(load)?
            .into_optimized()
            .map_err(load)?
            .into_runnable()
            .map_err(load)?;
        let state = plan.spawn().map_err(load)?;
        let input = Tensor::zero::<f32>(&[1, input_size, input_size, 3]).map_err(load)?;
        Ok(FeatureModel { state, heads: heads.to_vec(), input, own_outputs })
    }

    /// The input crop (NHWC, RGB in 0..1) to fill before [`FeatureModel::read`].
    pub fn input_mut(&mut self) -> &mut [f32] {
        self.input.to_plain_array_view_mut::<f32>().ok().and_then(|v| v.into_slice()).expect("input tensor is plain, contiguous f32")
    }

    /// Runs the model once; `out[i]` gets head `i` (in the order given to `new`).
    pub fn read(&mut self, out: &mut Vec<HeadReading>) -> Result<(), ModelError> {
        let run = |e: TractError| ModelError::Run { model: NAME, reason: format!("{e:#}") };
        let values = self.state.run(tvec![self.input.clone().into()]).map_err(run)?;
        let flat = |i: usize| -> Result<&[f32], ModelError> { values.get(i).and_then(|v| v.to_plain_array_view::<f32>().ok()).and_then(|v| v.to_slice()).ok_or(ModelError::Output { model: NAME, output: i, expected: 1, actual: 0 }) };
        out.resize(self.heads.len(), HeadReading::default());
        let mut next = self.own_outputs;
        for (head, reading) in self.heads.iter().zip(out.iter_mut()) {
            let output = flat(head.kind.model_output())?;
            if output.len() != head.channels() {
                return Err(ModelError::Output { model: NAME, output: head.kind.model_output(), expected: head.channels(), actual: output.len() });
            }
            reading.output.clear();
            reading.output.extend_from_slice(output);
            let features = flat(next)?;
            if features.len() != head.feature_len {
                return Err(ModelError::Output { model: NAME, output: next, expected: head.feature_len, actual: features.len() });
            }
            reading.features.clear();
            reading.features.extend_from_slice(features);
            reading.features.push(1.0);
            next += 1;
            reading.transform = match head.transform {
                None => None,
                Some(_) => {
                    let (a, t) = (flat(next)?, flat(next + 1)?);
                    next += 2;
                    if a.len() != 4 || t.len() != 2 {
                        return Err(ModelError::Output { model: NAME, output: next - 2, expected: 4, actual: a.len() });
                    }
                    Some(([a[0], a[1], a[2], a[3]], [t[0], t[1]]))
                }
            };
        }
        Ok(())
    }
}

/// Every head of the attention model that fine-tuning updates, located in `file`.
pub fn all_heads(file: &ModelFile) -> Result<Vec<Head>, super::model_file::ModelFileError> {
    HeadKind::ALL.iter().map(|&k| Head::locate(file, k)).collect()
}
