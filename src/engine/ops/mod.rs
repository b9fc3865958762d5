//! FaceGrade's own tract operators for MediaPipe's models (issue #15): kernels written
//! for the shapes these models use (NCHW planes, 3x3 depthwise and 1x1 pointwise
//! convolutions, 2x2 stride-2 max pooling, per-channel PRelu), with wasm SIMD128 paths,
//! where tract 0.23.9 runs scalar code in the browser, expands one operation into several
//! passes, or packs and reshapes around its matrix kernel; and
//! MediaPipe's three custom ops of the attention mesh (Landmarks2TransformMatrix,
//! TransformTensorBilinear, TransformLandmarks), which the converter spells in hundreds
//! of standard nodes that tract is slow to prepare and to run.
//!
//! They take over at the ONNX level, before tract parses the graph: [`adopt`] renames
//! the nodes (or replaces the node groups) they cover with FaceGrade's operator names,
//! and [`onnx`] is the operator table FaceGrade parses with: builders for those names and
//! for the standard operators its models use ([`standard`]). Nodes that do not match
//! exactly (another kernel size, padding, non-constant weights) stay tract's.

pub mod depthwise_conv;
mod graph;
pub mod landmarks_to_transform_matrix;
pub mod max_pool;
pub mod pointwise_conv;
pub mod prelu;
mod standard;
mod transform_groups;
pub mod transform_landmarks;
pub mod transform_spelling;
pub mod transform_tensor_bilinear;

use tract_onnx::pb::ModelProto;
use tract_onnx::tract_hir::internal::{InferenceResult, Solver, TensorProxy};

/// Which of FaceGrade's own operators a model runs with (all, in the app and CLI;
/// subsets to measure each one against tract's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OwnOps {
    pub prelu: bool,
    pub max_pool: bool,
    pub depthwise_conv: bool,
    /// 1x1 convolutions (stride 1, no padding, group 1).
    pub pointwise_conv: bool,
    /// MediaPipe's Landmarks2TransformMatrix, TransformTensorBilinear and TransformLandmarks.
    pub transforms: bool,
}

impl OwnOps {
    pub const ALL: OwnOps = OwnOps { prelu: true, max_pool: true, depthwise_conv: true, pointwise_conv: true, transforms: true };
    pub const NONE: OwnOps = OwnOps { prelu: false, max_pool: false, depthwise_conv: false, pointwise_conv: false, transforms: false };
    /// What the app and the command line run: all of them in the browser; natively all but
    /// the pointwise convolution, whose portable path is slower there than tract's x86 and
    /// ARM matrix kernels (landmark model +14 %, iris model +47 %; BENCHMARKS.md, #15),
    /// while in wasm it is faster than tract's (-29 %, -26 %).
    pub const DEFAULT: OwnOps = OwnOps { pointwise_conv: cfg!(target_arch = "wasm32"), ..OwnOps::ALL };

    /// Parses `default` ([`OwnOps::DEFAULT`]), `all`, `none`, or a comma-separated list of `prelu`, `max-pool`,
    /// `depthwise-conv`, `pointwise-conv`, `transforms`.
    pub fn parse(list: &str) -> Result<OwnOps, String> {
        match list {
            "default" => return Ok(OwnOps::DEFAULT),
            "all" => return Ok(OwnOps::ALL),
            "none" => return Ok(OwnOps::NONE),
            _ => {}
        }
        let mut ops = OwnOps::NONE;
        for name in list.split(',') {
            match name.trim() {
                "prelu" => ops.prelu = true,
                "max-pool" => ops.max_pool = true,
                "depthwise-conv" => ops.depthwise_conv = true,
                "pointwise-conv" => ops.pointwise_conv = true,
                "transforms" => ops.transforms = true,
                other => return Err(format!("unknown operator '{other}' (expected default, all, none, or prelu,max-pool,depthwise-conv,pointwise-conv,transforms)")),
            }
        }
        Ok(ops)
    }
}

/// The operator table FaceGrade parses ONNX models with: the standard operators its
/// models use ([`standard`]; not tract-onnx's whole table, whose other operators would
/// only grow the wasm) and FaceGrade's own.
pub fn onnx() -> tract_onnx::Onnx {
    let mut onnx = tract_onnx::Onnx::default();
    standard::register(&mut onnx.op_register);
    prelu::register(&mut onnx.op_register);
    max_pool::register(&mut onnx.op_register);
    depthwise_conv::register(&mut onnx.op_register);
    pointwise_conv::register(&mut onnx.op_register);
    landmarks_to_transform_matrix::register(&mut onnx.op_register);
    transform_tensor_bilinear::register(&mut onnx.op_register);
    transform_landmarks::register(&mut onnx.op_register);
    onnx
}

/// Hands the nodes that `ops` covers to FaceGrade's operators; returns how many
/// operators now run FaceGrade's kernels.
pub fn adopt(model: &mut ModelProto, ops: OwnOps) -> usize {
    let Some(graph) = model.graph.as_mut() else { return 0 };
    let mut adopted = 0;
    if ops.prelu || ops.max_pool || ops.depthwise_conv || ops.pointwise_conv || ops.transforms {
        // The shipped models keep float16 weights behind Casts (models/MODELS.md): the
        // patterns below read weights, slopes and the rewrites' constants as float constants.
        graph::widen_float16_constants(graph);
    }
    if ops.prelu {
        adopted += prelu::adopt(graph);
    }
    if ops.max_pool {
        adopted += max_pool::adopt(graph);
    }
    if ops.depthwise_conv {
        adopted += depthwise_conv::adopt(graph);
    }
    if ops.pointwise_conv {
        adopted += pointwise_conv::adopt(graph);
    }
    if ops.transforms {
        adopted += landmarks_to_transform_matrix::adopt(graph);
        adopted += transform_tensor_bilinear::adopt(graph);
        adopted += transform_landmarks::adopt(graph);
    }
    adopted
}

/// Inference rules of an operator with `arity` inputs whose one output has the first
/// input's type and shape.
fn rules_like_first_input<'r, 'p: 'r>(s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy], arity: usize) -> InferenceResult {
    use tract_onnx::tract_hir::internal::{check_input_arity, check_output_arity};
    check_input_arity(inputs, arity)?;
    check_output_arity(outputs, 1)?;
    s.equals(&outputs[0].datum_type, &inputs[0].datum_type)?;
    s.equals(&outputs[0].shape, &inputs[0].shape)
}

/// The rank-4 NCHW shape of an operator's input, as plain sizes.
fn nchw(shape: &[usize]) -> tract_onnx::prelude::TractResult<[usize; 4]> {
    use tract_onnx::tract_hir::internal::*;
    match shape {
        &[n, c, h, w] => Ok([n, c, h, w]),
        other => bail!("expected an NCHW input, got shape {other:?}"),
    }
}
