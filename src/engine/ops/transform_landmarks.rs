//! MediaPipe's TransformLandmarks (v2, 2-D) as one operator: maps the landmarks found
//! in a crop back through the crop's 4x4 matrix, x' = a x + b y + tx, y' = d x + e y + ty.
//! tract ran the converter's rewrite (`tools/convert_models.py`) as six nodes: two
//! slices, two transposes, a matrix product and an addition.

use super::transform_groups::{self, Group};
use super::transform_spelling::{self, Spelling};
use tract_onnx::pb::{GraphProto, NodeProto};
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradeTransformLandmarks";

/// Maps each (x, y) pair of `landmarks` through the row-major 4x4 `matrix`, into `output`.
pub fn transform_landmarks(landmarks: &[f32], matrix: &[f32; 16], output: &mut [f32]) {
    let [a, b, _, tx, d, e, _, ty, ..] = *matrix;
    for (point, out) in landmarks.chunks_exact(2).zip(output.chunks_exact_mut(2)) {
        let (x, y) = (point[0], point[1]);
        out[0] = (x * a + y * b) + tx;
        out[1] = (x * d + y * e) + ty;
    }
}

/// The typed operator: landmarks `[.., N, 2]` and matrix `[1, 4, 4]` -> landmarks.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TransformLandmarks;

impl Op for TransformLandmarks {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }
    op_as_typed_op!();
}

impl EvalOp for TransformLandmarks {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let (landmarks, matrix) = args_2!(inputs);
        let matrix: &[f32; 16] = matrix.try_as_plain_ram()?.as_slice::<f32>()?.try_into().context("the matrix is not 4x4")?;
        // SAFETY: every output value is written below (the last axis is 2, checked in output_facts).
        let mut output = unsafe { Tensor::uninitialized::<f32>(landmarks.shape())? };
        transform_landmarks(landmarks.try_as_plain_ram()?.as_slice::<f32>()?, matrix, output.try_as_plain_ram_mut()?.as_slice_mut::<f32>()?);
        Ok(tvec!(output.into_tvalue()))
    }
}

impl TypedOp for TransformLandmarks {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let shape = inputs[0].shape.as_concrete().context("FaceGradeTransformLandmarks needs a known input shape")?;
        let matrix = inputs[1].shape.as_concrete().context("FaceGradeTransformLandmarks needs a known matrix shape")?;
        ensure!(shape.len() == 3 && shape[2] == 2, "{OP_TYPE}: landmarks {shape:?} are not [B, N, 2]");
        ensure!(matrix == [1, 4, 4], "{OP_TYPE}: matrix {matrix:?} is not [1, 4, 4]");
        Ok(tvec!(f32::fact(shape)))
    }
    as_op!();
}

/// ONNX builder: `FaceGradeTransformLandmarks(landmarks, matrix)`.
#[derive(Clone, Debug)]
struct LandmarksNode;

impl Expansion for LandmarksNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        super::rules_like_first_input(s, inputs, outputs, 2)
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        model.wire_node(prefix, TransformLandmarks, inputs)
    }
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, _| Ok((expand(LandmarksNode), vec![])));
}

/// Replaces each `transform_landmarks` rewrite by one operator; returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    transform_groups::adopt(graph, "TransformLandmarks", recognise)
}

fn recognise(graph: &GraphProto, group: &Group) -> Option<NodeProto> {
    group.input_orders().into_iter().find_map(|inputs| {
        let [landmarks, matrix] = inputs.as_slice() else { return None };
        let mut spelling = Spelling::new(&group.prefix);
        transform_spelling::transform_landmarks(&mut spelling, landmarks, matrix, &group.output);
        transform_groups::spelled_as(graph, group, &spelling).then(|| NodeProto {
            name: group.prefix.clone(),
            op_type: OP_TYPE.into(),
            input: inputs.clone(),
            output: vec![group.output.clone()],
            ..Default::default()
        })
    })
}
