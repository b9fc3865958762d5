//! MediaPipe's Landmarks2TransformMatrix (v2) as one operator: from the coarse mesh's
//! landmarks, the 4x4 matrix mapping an output crop (around an eye or the lips, rotated so
//! the two rotation landmarks lie level) into the feature map.
//!
//! MediaPipe: r = target - atan2(ry - ly, rx - lx); rotate the subset by r, take its
//! bounding box, rotate the box centre back; T = shift(centre) * rot(-r) *
//! scale(scale * box / out) * shift(-out / 2). Computed in f32 in the order of the
//! converter's standard-op rewrite (`tools/convert_models.py`), which is the reference
//! (checked there against MediaPipe's TFLite outputs); tract ran that rewrite as 60 nodes.

use super::graph;
use super::transform_groups::{self, float_parameter, int_parameter, Group};
use super::transform_spelling::{self, int_attribute, ints_attribute, MatrixParameters, Parameter, Spelling};
use tract_onnx::pb::{attribute_proto::AttributeType, AttributeProto, GraphProto, NodeProto};
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradeLandmarksToTransformMatrix";

/// The row-major 4x4 matrix for `landmarks` (`dims` values per landmark, x and y first).
pub fn landmarks_to_transform_matrix(landmarks: &[f32], dims: usize, p: &MatrixParameters) -> [f32; 16] {
    let point = |i: i64| (landmarks[i as usize * dims], landmarks[i as usize * dims + 1]);
    let ((lx, ly), (rx, ry)) = (point(p.left), point(p.right));
    let (dx, dy) = (rx - lx, ry - ly);
    let h = (dx * dx + dy * dy).sqrt();
    let (cos_a, sin_a) = (dx / h, dy / h);
    // r = target - a: cos r = cos t cos a + sin t sin a; sin r = sin t cos a - cos t sin a.
    let c = p.cos_target * cos_a + p.sin_target * sin_a;
    let s = p.sin_target * cos_a - p.cos_target * sin_a;
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f32::INFINITY, f32::NEG_INFINITY, f32::INFINITY, f32::NEG_INFINITY);
    for &i in &p.subset {
        let (px, py) = point(i);
        let (x, y) = (c * px - s * py, s * px + c * py);
        (min_x, max_x, min_y, max_y) = (min_x.min(x), max_x.max(x), min_y.min(y), max_y.max(y));
    }
    let (width, height) = (max_x - min_x, max_y - min_y);
    let (mx, my) = ((max_x + min_x) * 0.5, (max_y + min_y) * 0.5);
    // The box centre back in the input frame, with rot(-r) = [[c, s], [-s, c]].
    let (cx, cy) = (c * mx + s * my, c * my - s * mx);
    let (sx, sy) = (width * p.x_scale, height * p.y_scale);
    let (m00, m01, m10, m11) = (c * sx, s * sy, -(s * sx), c * sy);
    let m03 = cx - (m00 * p.half_width + m01 * p.half_height);
    let m13 = cy - (m10 * p.half_width + m11 * p.half_height);
    [m00, m01, 0.0, m03, m10, m11, 0.0, m13, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
}

/// The typed operator: landmarks `[1, N, D]` (D >= 2) -> matrix `[1, 4, 4]`.
#[derive(Clone, Debug)]
pub struct LandmarksToTransformMatrix(MatrixParameters);

impl PartialEq for LandmarksToTransformMatrix {
    fn eq(&self, other: &Self) -> bool {
        // Bit for bit, so that the relation is an equivalence (Eq) even for NaN.
        let key = |p: &MatrixParameters| {
            let floats = [p.cos_target, p.sin_target, p.x_scale, p.y_scale, p.half_width, p.half_height].map(f32::to_bits);
            (p.left, p.right, p.subset.clone(), floats)
        };
        key(&self.0) == key(&other.0)
    }
}

impl Eq for LandmarksToTransformMatrix {}

impl Op for LandmarksToTransformMatrix {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }
    op_as_typed_op!();
}

impl EvalOp for LandmarksToTransformMatrix {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let landmarks = args_1!(inputs);
        let dims = landmark_dims(landmarks.shape(), &self.0)?;
        let matrix = landmarks_to_transform_matrix(landmarks.try_as_plain_ram()?.as_slice::<f32>()?, dims, &self.0);
        Ok(tvec!(Tensor::from_shape(&[1, 4, 4], &matrix)?.into_tvalue()))
    }
}

/// Values per landmark, after checking the shape is `[1, N, D]` with every index below N.
fn landmark_dims(shape: &[usize], p: &MatrixParameters) -> TractResult<usize> {
    let &[1, n, dims] = shape else { bail!("{OP_TYPE} expects landmarks [1, N, D], got {shape:?}") };
    let largest = p.subset.iter().chain([&p.left, &p.right]).copied().max().unwrap_or(0);
    ensure!(dims >= 2 && largest < n as i64 && p.subset.iter().all(|&i| i >= 0) && p.left >= 0 && p.right >= 0, "{OP_TYPE}: landmark index out of [0, {n}) or fewer than 2 values per landmark");
    Ok(dims)
}

impl TypedOp for LandmarksToTransformMatrix {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let shape = inputs[0].shape.as_concrete().context("FaceGradeLandmarksToTransformMatrix needs a known input shape")?;
        landmark_dims(shape, &self.0)?;
        Ok(tvec!(f32::fact([1, 4, 4])))
    }
    as_op!();
}

/// ONNX builder: `FaceGradeLandmarksToTransformMatrix(landmarks)` with the parameters as attributes.
#[derive(Clone, Debug)]
struct MatrixNode(MatrixParameters);

impl Expansion for MatrixNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        check_input_arity(inputs, 1)?;
        check_output_arity(outputs, 1)?;
        s.equals(&outputs[0].datum_type, &inputs[0].datum_type)?;
        s.equals(&outputs[0].rank, 3)?;
        s.equals(&outputs[0].shape[0], 1.to_dim())?;
        s.equals(&outputs[0].shape[1], 4.to_dim())?;
        s.equals(&outputs[0].shape[2], 4.to_dim())
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        model.wire_node(prefix, LandmarksToTransformMatrix(self.0.clone()), inputs)
    }
}

const FLOATS: [&str; 6] = ["cos_target", "sin_target", "x_scale", "y_scale", "half_width", "half_height"];

fn float_fields(p: &mut MatrixParameters) -> [&mut f32; 6] {
    [&mut p.cos_target, &mut p.sin_target, &mut p.x_scale, &mut p.y_scale, &mut p.half_width, &mut p.half_height]
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, node| {
        let int = |name| graph::int(node, name).with_context(|| format!("{OP_TYPE} without '{name}'"));
        let mut p = MatrixParameters { left: int("left")?, right: int("right")?, subset: graph::ints(node, "subset").context("no subset")?, ..Default::default() };
        for (name, field) in FLOATS.into_iter().zip(float_fields(&mut p)) {
            *field = graph::float(node, name).with_context(|| format!("{OP_TYPE} without '{name}'"))?;
        }
        Ok((expand(MatrixNode(p)), vec![]))
    });
}

/// Replaces each `landmarks_to_transform_matrix` rewrite by one operator; returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    transform_groups::adopt(graph, "Landmarks2TransformMatrix", recognise)
}

fn recognise(graph: &GraphProto, group: &Group) -> Option<NodeProto> {
    let [landmarks] = group.inputs.as_slice() else { return None };
    let spell = |p: &MatrixParameters| {
        let mut spelling = Spelling::new(&group.prefix);
        transform_spelling::landmarks_to_transform_matrix(&mut spelling, landmarks, &group.output, p);
        spelling
    };
    let names = spell(&MatrixParameters::default());
    let single = |p| match int_parameter(graph, &names, p)?.as_slice() {
        &[i] => Some(i),
        _ => None,
    };
    let float = |p| float_parameter(graph, &names, p);
    let p = MatrixParameters {
        left: single(Parameter::LeftIndex)?,
        right: single(Parameter::RightIndex)?,
        subset: int_parameter(graph, &names, Parameter::Subset)?,
        cos_target: float(Parameter::CosTarget)?,
        sin_target: float(Parameter::SinTarget)?,
        x_scale: float(Parameter::XScale)?,
        y_scale: float(Parameter::YScale)?,
        half_width: float(Parameter::HalfWidth)?,
        half_height: float(Parameter::HalfHeight)?,
    };
    if !transform_groups::spelled_as(graph, group, &spell(&p)) {
        return None;
    }
    let mut attribute = vec![int_attribute("left", p.left), int_attribute("right", p.right), ints_attribute("subset", &p.subset)];
    let mut values = p.clone();
    for (name, value) in FLOATS.into_iter().zip(float_fields(&mut values)) {
        attribute.push(AttributeProto { name: name.into(), f: *value, r#type: AttributeType::Float as i32, ..Default::default() });
    }
    Some(NodeProto { name: group.prefix.clone(), op_type: OP_TYPE.into(), input: vec![landmarks.clone()], output: vec![group.output.clone()], attribute, ..Default::default() })
}
