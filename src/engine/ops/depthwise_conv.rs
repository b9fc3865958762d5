//! Depthwise 3x3 convolution with bias on NCHW planes, stride 1 or 2, padding 0 or 1
//! on each side: all 66 depthwise nodes of the attention mesh (and those of the iris and
//! detector models). tract 0.23.9 has no 3x3 path and runs stride 2 scalar in wasm.
//!
//! The design follows XNNPACK's `f32-dwconv2d-chw` kernels (3x3p1 and 3x3s2p1,
//! wasmsimd): one channel's whole plane at a time, four output columns per SIMD
//! vector, the nine taps as broadcast weights. Here each plane is first copied into a
//! zero-bordered scratch plane, so the inner loop needs no edge cases, which also keeps
//! the many small planes (2x2 to 4x4 pixels, 37 of 66 nodes) cheap: the borders are
//! zeroed once per call, and only the interior is rewritten per channel.

use super::graph;
use std::cell::RefCell;
use tract_onnx::pb::GraphProto;
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradeDepthwiseConv3x3";

/// Stride and zero padding (pixels on each side) of one convolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Geometry {
    pub stride: usize,
    pub top: usize,
    pub left: usize,
    pub bottom: usize,
    pub right: usize,
}

impl Geometry {
    /// Output height and width for an `h` x `w` input (`None` when the padded input is
    /// smaller than the kernel).
    pub fn output_size(&self, h: usize, w: usize) -> Option<(usize, usize)> {
        let (ph, pw) = (h + self.top + self.bottom, w + self.left + self.right);
        (ph >= 3 && pw >= 3 && self.stride > 0).then(|| ((ph - 3) / self.stride + 1, (pw - 3) / self.stride + 1))
    }
}

thread_local! {
    /// The zero-bordered plane, reused from call to call (it only ever grows, so a
    /// frame allocates nothing once the largest plane has been seen).
    static PADDED: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Extra zero columns at the end of each padded row: the stride-2 SIMD path reads up
/// to three values past the last one it uses.
const ROW_SLACK: usize = 4;

/// Depthwise 3x3 convolution of `planes` planes of `h` x `w` (channel `p % channels` for
/// plane `p`, `channels = bias.len()`): `weights` holds nine row-major taps per channel.
/// Writes `planes` output planes of [`Geometry::output_size`] into `output`.
pub fn depthwise_3x3(input: &[f32], planes: usize, h: usize, w: usize, geometry: Geometry, weights: &[f32], bias: &[f32], output: &mut [f32]) {
    let (oh, ow) = geometry.output_size(h, w).expect("input at least as large as the kernel");
    let channels = bias.len();
    assert!(weights.len() == 9 * channels && input.len() >= planes * h * w && output.len() >= planes * oh * ow, "depthwise buffers do not match");
    let row = w + geometry.left + geometry.right + ROW_SLACK;
    let padded_len = (h + geometry.top + geometry.bottom) * row;
    PADDED.with(|padded| {
        let mut padded = padded.borrow_mut();
        if padded.len() < padded_len {
            padded.resize(padded_len, 0.0);
        }
        let padded = &mut padded[..padded_len];
        padded.fill(0.0);
        for p in 0..planes {
            let c = p % channels;
            for (y, source) in input[p * h * w..(p + 1) * h * w].chunks_exact(w).enumerate() {
                let start = (y + geometry.top) * row + geometry.left;
                padded[start..start + w].copy_from_slice(source);
            }
            let taps: &[f32; 9] = weights[9 * c..9 * c + 9].try_into().expect("nine taps");
            for (oy, out) in output[p * oh * ow..(p + 1) * oh * ow].chunks_exact_mut(ow).enumerate() {
                let top = oy * geometry.stride * row;
                let rows = [&padded[top..top + row], &padded[top + row..top + 2 * row], &padded[top + 2 * row..top + 3 * row]];
                convolve_row(rows, taps, bias[c], geometry.stride, out);
            }
        }
    });
}

/// One output row from the three padded input rows under it: the SIMD path's quads,
/// then the rest tap by tap (nine passes of `out += tap * row`, which LLVM vectorises
/// natively for stride 1). Every output sums bias, then the taps in row-major order,
/// multiply then add (no fused multiply-add), in both paths: the same bits.
#[inline]
fn convolve_row(rows: [&[f32]; 3], taps: &[f32; 9], bias: f32, stride: usize, out: &mut [f32]) {
    let done = match stride {
        1 => convolve_row_s1_simd(rows, taps, bias, out),
        2 => convolve_row_s2_simd(rows, taps, bias, out),
        _ => 0,
    };
    let out = &mut out[done..];
    let n = out.len();
    out.fill(bias);
    for (row, k) in rows.iter().zip(taps.chunks_exact(3)) {
        for (kx, &tap) in k.iter().enumerate() {
            let start = done * stride + kx;
            if stride == 1 {
                for (o, v) in out.iter_mut().zip(&row[start..start + n]) {
                    *o += v * tap;
                }
            } else {
                for (o, v) in out.iter_mut().zip(row[start..].iter().step_by(stride)) {
                    *o += v * tap;
                }
            }
        }
    }
}

/// Stride 1: four outputs per vector from three unaligned loads per row (columns x,
/// x+1, x+2). Returns how many outputs it wrote.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn convolve_row_s1_simd(rows: [&[f32]; 3], taps: &[f32; 9], bias: f32, out: &mut [f32]) -> usize {
    use core::arch::wasm32::*;
    let quads = out.len() / 4;
    let k: [v128; 9] = std::array::from_fn(|i| f32x4_splat(taps[i]));
    for q in 0..quads {
        let x = 4 * q;
        let mut acc = f32x4_splat(bias);
        for (r, row) in rows.iter().enumerate() {
            // SAFETY: x + 6 <= out.len() + 2 <= row.len() (a padded row holds the output
            // width plus two); v128 loads and stores need no alignment.
            unsafe {
                let p = row.as_ptr().add(x);
                acc = f32x4_add(acc, f32x4_mul(v128_load(p as *const v128), k[3 * r]));
                acc = f32x4_add(acc, f32x4_mul(v128_load(p.add(1) as *const v128), k[3 * r + 1]));
                acc = f32x4_add(acc, f32x4_mul(v128_load(p.add(2) as *const v128), k[3 * r + 2]));
            }
        }
        // SAFETY: x + 4 <= out.len().
        unsafe { v128_store(out.as_mut_ptr().add(x) as *mut v128, acc) };
    }
    quads * 4
}

/// Stride 2: four outputs per vector from three loads per row (columns 2x .. 2x+12),
/// split into the even columns, the odd ones, and the even ones shifted by two.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn convolve_row_s2_simd(rows: [&[f32]; 3], taps: &[f32; 9], bias: f32, out: &mut [f32]) -> usize {
    use core::arch::wasm32::*;
    let quads = out.len() / 4;
    let k: [v128; 9] = std::array::from_fn(|i| f32x4_splat(taps[i]));
    for q in 0..quads {
        let mut acc = f32x4_splat(bias);
        for (r, row) in rows.iter().enumerate() {
            // SAFETY: the last load ends at column 8q + 12 <= 2 * out.len() + 4 <= row.len()
            // (a padded row holds at least 2 * out.len() + 1 values plus ROW_SLACK).
            unsafe {
                let p = row.as_ptr().add(8 * q);
                let a = v128_load(p as *const v128);
                let b = v128_load(p.add(4) as *const v128);
                let c = v128_load(p.add(8) as *const v128);
                let even = i32x4_shuffle::<0, 2, 4, 6>(a, b);
                let odd = i32x4_shuffle::<1, 3, 5, 7>(a, b);
                let even_next = i32x4_shuffle::<1, 2, 3, 4>(even, c);
                acc = f32x4_add(acc, f32x4_mul(even, k[3 * r]));
                acc = f32x4_add(acc, f32x4_mul(odd, k[3 * r + 1]));
                acc = f32x4_add(acc, f32x4_mul(even_next, k[3 * r + 2]));
            }
        }
        // SAFETY: 4q + 4 <= out.len().
        unsafe { v128_store(out.as_mut_ptr().add(4 * q) as *mut v128, acc) };
    }
    quads * 4
}

/// Natively the scalar loop in [`convolve_row`] does all outputs.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn convolve_row_s1_simd(_rows: [&[f32]; 3], _taps: &[f32; 9], _bias: f32, _out: &mut [f32]) -> usize {
    0
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn convolve_row_s2_simd(_rows: [&[f32]; 3], _taps: &[f32; 9], _bias: f32, _out: &mut [f32]) -> usize {
    0
}

/// The typed operator: taps (`[channels * 9]`) and bias (`[channels]`) are the model's
/// constants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepthwiseConv3x3 {
    geometry: Geometry,
    weights: Arc<Tensor>,
    bias: Arc<Tensor>,
}

impl DepthwiseConv3x3 {
    pub fn new(geometry: Geometry, weights: Arc<Tensor>, bias: Arc<Tensor>) -> TractResult<Self> {
        ensure!(weights.len() == 9 * bias.len(), "{} taps for {} channels", weights.len(), bias.len());
        Ok(DepthwiseConv3x3 { geometry, weights, bias })
    }
}

impl Op for DepthwiseConv3x3 {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }
    fn info(&self) -> TractResult<Vec<String>> {
        Ok(vec![format!("{:?}", self.geometry)])
    }
    op_as_typed_op!();
}

impl EvalOp for DepthwiseConv3x3 {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let [n, c, h, w] = super::nchw(input.shape())?;
        let (oh, ow) = self.geometry.output_size(h, w).context("input smaller than the kernel")?;
        // SAFETY: every output value is written below.
        let mut output = unsafe { Tensor::uninitialized::<f32>(&[n, c, oh, ow])? };
        let (weights, bias) = (self.weights.try_as_plain_ram()?, self.bias.try_as_plain_ram()?);
        depthwise_3x3(
            input.try_as_plain_ram()?.as_slice::<f32>()?,
            n * c,
            h,
            w,
            self.geometry,
            weights.as_slice::<f32>()?,
            bias.as_slice::<f32>()?,
            output.try_as_plain_ram_mut()?.as_slice_mut::<f32>()?,
        );
        Ok(tvec!(output.into_tvalue()))
    }
}

impl TypedOp for DepthwiseConv3x3 {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let shape = inputs[0].shape.as_concrete().context("FaceGradeDepthwiseConv3x3 needs a known input shape")?;
        let [n, c, h, w] = super::nchw(shape)?;
        ensure!(c == self.bias.len(), "{c} channels for {} filters", self.bias.len());
        let (oh, ow) = self.geometry.output_size(h, w).context("input smaller than the kernel")?;
        Ok(tvec!(f32::fact([n, c, oh, ow])))
    }
    as_op!();
}

/// ONNX builder: `FaceGradeDepthwiseConv3x3(x, W[C,1,3,3], B[C]?)` with Conv's `strides`
/// and `pads` attributes.
#[derive(Clone, Debug)]
struct DepthwiseNode(Geometry);

impl Expansion for DepthwiseNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        check_output_arity(outputs, 1)?;
        s.equals(&outputs[0].datum_type, &inputs[0].datum_type)?;
        s.equals(&outputs[0].rank, 4)?;
        s.given(&inputs[0].shape, move |s, shape| {
            let (oh, ow) = self.0.output_size(shape[2].to_usize()?, shape[3].to_usize()?).context("input smaller than the kernel")?;
            s.equals(&outputs[0].shape[0], shape[0].clone())?;
            s.equals(&outputs[0].shape[1], shape[1].clone())?;
            s.equals(&outputs[0].shape[2], oh.to_dim())?;
            s.equals(&outputs[0].shape[3], ow.to_dim())
        })
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        let weights = model.outlet_fact(inputs[1])?.konst.clone().context("depthwise weights must be constant")?;
        let channels = weights.shape()[0];
        let bias = match inputs.get(2) {
            Some(&b) => model.outlet_fact(b)?.konst.clone().context("depthwise bias must be constant")?.cast_to::<f32>()?.into_owned(),
            None => Tensor::zero::<f32>(&[channels])?,
        };
        let weights = weights.cast_to::<f32>()?.into_owned().into_shape(&[weights.len()])?;
        let op = DepthwiseConv3x3::new(self.0, Arc::new(weights), Arc::new(bias.into_shape(&[channels])?))?;
        model.wire_node(prefix, op, &inputs[..1])
    }
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, node| {
        let ints = |name| graph::ints(node, name).unwrap_or_default();
        let (strides, pads) = (ints("strides"), ints("pads"));
        let geometry = geometry(&strides, &pads).context("FaceGradeDepthwiseConv3x3 with unsupported strides or pads")?;
        Ok((expand(DepthwiseNode(geometry)), vec![]))
    });
}

/// The geometry for ONNX `strides` ([s, s], s = 1 or 2) and `pads` ([top, left, bottom,
/// right], each 0 or 1); absent attributes are ONNX's defaults (stride 1, no padding).
fn geometry(strides: &[i64], pads: &[i64]) -> Option<Geometry> {
    let stride = match strides {
        [] => 1,
        &[s, t] if s == t && (s == 1 || s == 2) => s as usize,
        _ => return None,
    };
    let pad = |i: usize| pads.get(i).copied().unwrap_or(0);
    let valid = (pads.is_empty() || pads.len() == 4) && (0..4).all(|i| (0..=1).contains(&pad(i)));
    valid.then(|| Geometry { stride, top: pad(0) as usize, left: pad(1) as usize, bottom: pad(2) as usize, right: pad(3) as usize })
}

/// Renames each depthwise 3x3 Conv FaceGrade's kernels cover (one filter per channel,
/// constant weights and bias, no dilation, supported strides and pads) to FaceGrade's;
/// returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    let covered: Vec<usize> = graph
        .node
        .iter()
        .enumerate()
        .filter(|(_, node)| {
            let Some(weights) = node.input.get(1).and_then(|w| graph::initializer(graph, w)) else { return false };
            let channels = weights.dims.first().copied().unwrap_or(0);
            let bias_constant = node.input.get(2).is_none_or(|b| b.is_empty() || graph::initializer(graph, b).is_some());
            node.op_type == "Conv"
                && weights.dims == [channels, 1, 3, 3]
                && graph::int(node, "group") == Some(channels)
                && graph::ints(node, "kernel_shape").is_none_or(|k| k == [3, 3])
                && graph::ints(node, "dilations").is_none_or(|d| d.iter().all(|&d| d == 1))
                && geometry(&graph::ints(node, "strides").unwrap_or_default(), &graph::ints(node, "pads").unwrap_or_default()).is_some()
                && graph::explicit_padding(node)
                && bias_constant
        })
        .map(|(i, _)| i)
        .collect();
    for &i in &covered {
        let node = &mut graph.node[i];
        node.op_type = OP_TYPE.into();
        node.attribute.retain(|a| a.name == "strides" || a.name == "pads");
        if node.input.get(2).is_some_and(|b| b.is_empty()) {
            node.input.truncate(2);
        }
    }
    covered.len()
}
