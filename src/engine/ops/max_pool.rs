//! Max pooling over 2x2 windows with stride 2, no padding, on NCHW planes: every
//! MaxPool in MediaPipe's face, iris and detector models. tract 0.23.9 runs these
//! scalar in wasm (its 2x2 fast path is stride 1 only, and SIMD only on x86/aarch64).

use super::graph;
use tract_onnx::pb::GraphProto;
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradeMaxPool2x2";

/// 2x2 stride-2 max pooling of `planes` planes of `h` x `w` (row-major, one after the
/// other) into `output`, `planes` x `h/2` x `w/2` (a last odd row or column is dropped,
/// as ONNX's floor rounding does).
pub fn max_pool_2x2s2(input: &[f32], planes: usize, h: usize, w: usize, output: &mut [f32]) {
    let (oh, ow) = (h / 2, w / 2);
    assert!(input.len() >= planes * h * w && output.len() >= planes * oh * ow, "max pool buffers too small");
    for p in 0..planes {
        let plane = &input[p * h * w..(p + 1) * h * w];
        for y in 0..oh {
            let top = &plane[2 * y * w..2 * y * w + 2 * ow];
            let bottom = &plane[(2 * y + 1) * w..(2 * y + 1) * w + 2 * ow];
            pool_row(top, bottom, &mut output[(p * oh + y) * ow..(p * oh + y + 1) * ow]);
        }
    }
}

/// The larger of two values, as wasm's `f32x4.pmax` defines it (`a < b ? b : a`), so
/// the SIMD and scalar paths agree to the bit.
#[inline(always)]
fn max(a: f32, b: f32) -> f32 {
    if a < b { b } else { a }
}

/// One output row from two input rows of `2 * out.len()` values.
#[inline]
fn pool_row(top: &[f32], bottom: &[f32], out: &mut [f32]) {
    let done = pool_row_simd(top, bottom, out);
    for x in done..out.len() {
        out[x] = max(max(top[2 * x], top[2 * x + 1]), max(bottom[2 * x], bottom[2 * x + 1]));
    }
}

/// Four outputs at a time from eight values of each row: vertical max, then the max of
/// each horizontal pair (even and odd lanes shuffled apart). Returns how many outputs
/// it wrote.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn pool_row_simd(top: &[f32], bottom: &[f32], out: &mut [f32]) -> usize {
    use core::arch::wasm32::*;
    let quads = out.len() / 4;
    for q in 0..quads {
        // SAFETY: 8 * q + 8 <= 2 * out.len() <= top.len(), bottom.len(); 4 * q + 4 <=
        // out.len(); wasm's v128 loads and stores need no alignment.
        unsafe {
            let t = top.as_ptr().add(8 * q);
            let b = bottom.as_ptr().add(8 * q);
            let v0 = f32x4_pmax(v128_load(t as *const v128), v128_load(b as *const v128));
            let v1 = f32x4_pmax(v128_load(t.add(4) as *const v128), v128_load(b.add(4) as *const v128));
            let even = i32x4_shuffle::<0, 2, 4, 6>(v0, v1);
            let odd = i32x4_shuffle::<1, 3, 5, 7>(v0, v1);
            v128_store(out.as_mut_ptr().add(4 * q) as *mut v128, f32x4_pmax(even, odd));
        }
    }
    quads * 4
}

/// Natively the scalar loop in [`pool_row`] does all outputs.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn pool_row_simd(_top: &[f32], _bottom: &[f32], _out: &mut [f32]) -> usize {
    0
}

/// The typed operator.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MaxPool2x2;

impl Op for MaxPool2x2 {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }
    op_as_typed_op!();
}

impl EvalOp for MaxPool2x2 {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let [n, c, h, w] = super::nchw(input.shape())?;
        // SAFETY: every output value is written below.
        let mut output = unsafe { Tensor::uninitialized::<f32>(&[n, c, h / 2, w / 2])? };
        max_pool_2x2s2(input.try_as_plain_ram()?.as_slice::<f32>()?, n * c, h, w, output.try_as_plain_ram_mut()?.as_slice_mut::<f32>()?);
        Ok(tvec!(output.into_tvalue()))
    }
}

impl TypedOp for MaxPool2x2 {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let shape = inputs[0].shape.as_concrete().context("FaceGradeMaxPool2x2 needs a known input shape")?;
        let [n, c, h, w] = super::nchw(shape)?;
        Ok(tvec!(f32::fact([n, c, h / 2, w / 2])))
    }
    as_op!();
}

/// ONNX builder: `FaceGradeMaxPool2x2(x)`.
#[derive(Clone, Debug)]
struct MaxPoolNode;

impl Expansion for MaxPoolNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        check_input_arity(inputs, 1)?;
        check_output_arity(outputs, 1)?;
        s.equals(&outputs[0].datum_type, &inputs[0].datum_type)?;
        s.equals(&outputs[0].rank, 4)?;
        s.given(&inputs[0].shape, move |s, shape| {
            s.equals(&outputs[0].shape[0], shape[0].clone())?;
            s.equals(&outputs[0].shape[1], shape[1].clone())?;
            s.equals(&outputs[0].shape[2], (shape[2].to_usize()? / 2).to_dim())?;
            s.equals(&outputs[0].shape[3], (shape[3].to_usize()? / 2).to_dim())
        })
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        model.wire_node(prefix, MaxPool2x2, inputs)
    }
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, _| Ok((expand(MaxPoolNode), vec![])));
}

/// Renames each plain 2x2 stride-2 MaxPool (no padding, no dilation, floor rounding,
/// no index output) to FaceGrade's; returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    let mut adopted = 0;
    for node in graph.node.iter_mut() {
        let plain = node.op_type == "MaxPool"
            && node.output.len() == 1
            && graph::ints(node, "kernel_shape").as_deref() == Some(&[2, 2])
            && graph::ints(node, "strides").as_deref() == Some(&[2, 2])
            && graph::ints(node, "pads").is_none_or(|p| p.iter().all(|&p| p == 0))
            && graph::ints(node, "dilations").is_none_or(|d| d.iter().all(|&d| d == 1))
            && graph::int(node, "ceil_mode").unwrap_or(0) == 0
            && graph::explicit_padding(node);
        if plain {
            node.op_type = OP_TYPE.into();
            node.attribute.clear();
            adopted += 1;
        }
    }
    adopted
}
