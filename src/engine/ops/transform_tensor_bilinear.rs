//! MediaPipe's TransformTensorBilinear (v2) as one operator: samples an NHWC feature
//! map at the positions a 4x4 matrix maps each output pixel to (the attention mesh's
//! crops around the eyes and lips), bilinearly, zero outside the map.
//!
//! Semantics of the converter's standard-op rewrite (`tools/convert_models.py`, checked
//! there against MediaPipe): align-corners correction t += 0.5 a + 0.5 b - 0.5; a sample
//! outside [0, W-1] x [0, H-1] is zero; a corner outside the map reads zeros. tract ran
//! that rewrite as 118 nodes of comparisons, masks and gathers per crop; here it is one
//! pass per output pixel over its C contiguous channels.

use super::transform_groups::{self, float_parameter, int_parameter, Group};
use super::transform_spelling::{self, ints_attribute, Parameter, SamplingSizes, Spelling};
use super::graph;
use tract_onnx::pb::{GraphProto, NodeProto};
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradeTransformTensorBilinear";

/// Samples `map` (`[H, W, C]` of `sizes`) at the positions `matrix` (row-major 4x4) maps
/// each output pixel (u, v) to: X = a u + b v + tx, Y = d u + e v + ty. `zero_row` is C
/// zeros (what a corner outside the map reads). Writes `[out_h, out_w, C]` into `output`.
pub fn transform_tensor_bilinear(map: &[f32], sizes: SamplingSizes, matrix: &[f32; 16], zero_row: &[f32], output: &mut [f32]) {
    let SamplingSizes { height, width, channels, out_height, out_width } = sizes;
    assert!(map.len() == height * width * channels && output.len() == out_height * out_width * channels && zero_row.len() == channels, "bilinear sampling buffers do not match");
    let [a, b, _, tx, d, e, _, ty, ..] = *matrix;
    // Align corners: pixel centres sit half a pixel in.
    let tx = (tx + (a + b) * 0.5) - 0.5;
    let ty = (ty + (d + e) * 0.5) - 0.5;
    let (w, h) = (width as f32, height as f32);
    let (last_column, last_row) = ((width - 1) as f32, (height - 1) as f32);
    let corner = |x: f32, y: f32| -> &[f32] {
        if !(x < 0.0) && x < w && !(y < 0.0) && y < h {
            let i = y as usize * width + x as usize;
            &map[i * channels..(i + 1) * channels]
        } else {
            zero_row
        }
    };
    for (k, out) in output.chunks_exact_mut(channels.max(1)).enumerate() {
        let (u, v) = ((k % out_width) as f32, (k / out_width) as f32);
        let x = (a * u + b * v) + tx;
        let y = (d * u + e * v) + ty;
        let inside = !(x < 0.0) && !(x > last_column) && !(y < 0.0) && !(y > last_row);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (q11, q21, q12, q22) = (corner(x0, y0), corner(x0 + 1.0, y0), corner(x0, y0 + 1.0), corner(x0 + 1.0, y0 + 1.0));
        let (gx, gy) = (1.0 - fx, 1.0 - fy);
        // A multiplication rather than a branch, as the rewrite does (NaN stays NaN).
        let mask = if inside { 1.0 } else { 0.0 };
        for c in 0..out.len() {
            let upper = gx * q11[c] + fx * q21[c];
            let lower = gx * q12[c] + fx * q22[c];
            out[c] = (fy * lower + gy * upper) * mask;
        }
    }
}

/// The typed operator: feature map `[1, H, W, C]` and matrix `[1, 4, 4]` -> `[1, out_h, out_w, C]`.
#[derive(Clone, Debug)]
pub struct TransformTensorBilinear {
    sizes: SamplingSizes,
    zero_row: Vec<f32>,
}

impl TransformTensorBilinear {
    pub fn new(sizes: SamplingSizes) -> Self {
        TransformTensorBilinear { sizes, zero_row: vec![0.0; sizes.channels] }
    }
}

impl PartialEq for TransformTensorBilinear {
    fn eq(&self, other: &Self) -> bool {
        self.sizes == other.sizes
    }
}

impl Eq for TransformTensorBilinear {}

impl Op for TransformTensorBilinear {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }
    fn info(&self) -> TractResult<Vec<String>> {
        Ok(vec![format!("{:?}", self.sizes)])
    }
    op_as_typed_op!();
}

impl EvalOp for TransformTensorBilinear {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let (map, matrix) = args_2!(inputs);
        let z = self.sizes;
        let matrix: &[f32; 16] = matrix.try_as_plain_ram()?.as_slice::<f32>()?.try_into().context("the matrix is not 4x4")?;
        // SAFETY: every output value is written below.
        let mut output = unsafe { Tensor::uninitialized::<f32>(&[1, z.out_height, z.out_width, z.channels])? };
        transform_tensor_bilinear(map.try_as_plain_ram()?.as_slice::<f32>()?, z, matrix, &self.zero_row, output.try_as_plain_ram_mut()?.as_slice_mut::<f32>()?);
        Ok(tvec!(output.into_tvalue()))
    }
}

impl TypedOp for TransformTensorBilinear {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let z = self.sizes;
        let map = inputs[0].shape.as_concrete().context("FaceGradeTransformTensorBilinear needs a known map shape")?;
        let matrix = inputs[1].shape.as_concrete().context("FaceGradeTransformTensorBilinear needs a known matrix shape")?;
        // The rewrite reshapes the map to [H * W, C] and the matrix to [16].
        ensure!(map.iter().product::<usize>() == z.height * z.width * z.channels && map.last() == Some(&z.channels), "{OP_TYPE}: map {map:?} for {z:?}");
        ensure!(matrix.iter().product::<usize>() == 16, "{OP_TYPE}: matrix {matrix:?} is not 4x4");
        Ok(tvec!(f32::fact([1, z.out_height, z.out_width, z.channels])))
    }
    as_op!();
}

/// ONNX builder: `FaceGradeTransformTensorBilinear(map, matrix)` with `sizes` = [H, W, C, out_h, out_w].
#[derive(Clone, Debug)]
struct BilinearNode(SamplingSizes);

impl Expansion for BilinearNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        check_input_arity(inputs, 2)?;
        check_output_arity(outputs, 1)?;
        let z = self.0;
        s.equals(&outputs[0].datum_type, &inputs[0].datum_type)?;
        s.equals(&outputs[0].rank, 4)?;
        s.equals(&outputs[0].shape[0], 1.to_dim())?;
        s.equals(&outputs[0].shape[1], z.out_height.to_dim())?;
        s.equals(&outputs[0].shape[2], z.out_width.to_dim())?;
        s.equals(&outputs[0].shape[3], z.channels.to_dim())
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        model.wire_node(prefix, TransformTensorBilinear::new(self.0), inputs)
    }
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, node| {
        let sizes = graph::ints(node, "sizes").unwrap_or_default();
        let &[height, width, channels, out_height, out_width] = sizes.as_slice() else { bail!("{OP_TYPE} needs sizes [H, W, C, out_h, out_w]") };
        let [height, width, channels, out_height, out_width] = [height, width, channels, out_height, out_width].map(|v| v.max(0) as usize);
        ensure!(height > 0 && width > 0, "{OP_TYPE}: empty feature map");
        Ok((expand(BilinearNode(SamplingSizes { height, width, channels, out_height, out_width })), vec![]))
    });
}

/// Replaces each `transform_tensor_bilinear` rewrite by one operator; returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    transform_groups::adopt(graph, "TransformTensorBilinear", recognise)
}

fn recognise(graph: &GraphProto, group: &Group) -> Option<NodeProto> {
    group.input_orders().into_iter().find_map(|inputs| {
        let [map, matrix] = inputs.as_slice() else { return None };
        let spell = |z: &SamplingSizes| {
            let mut spelling = Spelling::new(&group.prefix);
            transform_spelling::transform_tensor_bilinear(&mut spelling, map, matrix, &group.output, z);
            spelling
        };
        let names = spell(&SamplingSizes { height: 1, width: 1, ..Default::default() });
        let &[rows, channels] = int_parameter(graph, &names, Parameter::MapRows)?.as_slice() else { return None };
        let &[1, out_height, out_width, out_channels] = int_parameter(graph, &names, Parameter::OutputShape)?.as_slice() else { return None };
        let last_column = float_parameter(graph, &names, Parameter::LastColumn)?;
        let width = last_column as i64 + 1;
        let sizes_ok = last_column.fract() == 0.0 && width > 0 && rows > 0 && rows % width == 0 && channels > 0 && out_channels == channels && out_height > 0 && out_width > 0;
        if !sizes_ok {
            return None;
        }
        let sizes = [rows / width, width, channels, out_height, out_width];
        let [height, width, channels, out_height, out_width] = sizes.map(|v| v as usize);
        let z = SamplingSizes { height, width, channels, out_height, out_width };
        transform_groups::spelled_as(graph, group, &spell(&z)).then(|| NodeProto {
            name: group.prefix.clone(),
            op_type: OP_TYPE.into(),
            input: vec![map.clone(), matrix.clone()],
            output: vec![group.output.clone()],
            attribute: vec![ints_attribute("sizes", &sizes)],
            ..Default::default()
        })
    })
}
