//! Pointwise (1x1, stride 1, no padding, group 1) convolution with bias on NCHW
//! planes: the 72 pointwise nodes of the attention mesh, 46 of the iris model, 20 of the
//! detector. tract 0.23.9 runs each as a matrix product: it packs the input (OptMatMulPack),
//! reshapes around it (IntoShape), then runs its matrix kernel, which in the browser was
//! about half of the landmark model's time and 70 % of the iris model's.
//!
//! Here the product runs directly on NCHW: one input channel's pixels are one contiguous
//! row, so the input needs no packing. The weights are packed once, when the model is
//! wired, into panels of [`PANEL`] output channels ([panel][input channel][channel in
//! panel]) so the inner loop reads them in order. The wasm SIMD128 path keeps a register
//! tile of output channels x pixels (XNNPACK's f32-gemm design turned round: weights
//! broadcast, pixels as vectors).
//!
//! In Chromium it is faster than tract on every shape of the two models (1.4x on 12x12
//! planes of 128 channels to 3.5x on 2x2 planes): the landmark model's pointwise nodes
//! take 1.7 ms a run instead of about 3.3, the whole model 4.2 ms instead of 5.9; the
//! iris model's 2.1 instead of about 3.4, the whole model 3.7 instead of 5.0. Natively
//! (x86-64's baseline SSE2, no FMA) it is slower than tract's AVX-512 FMA kernels: the
//! pointwise nodes take 2.8 ms instead of about 1.9 in the landmark model (the whole model
//! 14 % slower) and 2.8 instead of about 1.5 in the iris model (45 % slower).

use super::graph;
use tract_onnx::pb::GraphProto;
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradePointwiseConv";

/// Output channels per weight panel: the widest register tile's channels.
pub const PANEL: usize = 8;

/// The weights `[cout][cin]` (row-major) packed into `cout.div_ceil(PANEL)` panels of
/// `[cin][PANEL]`, the last panel's missing channels zero.
pub fn pack_weights(weights: &[f32], cout: usize, cin: usize) -> Vec<f32> {
    assert_eq!(weights.len(), cout * cin, "pointwise weights do not match their channels");
    let panels = cout.div_ceil(PANEL);
    let mut packed = vec![0.0; panels * cin * PANEL];
    for (co, row) in weights.chunks_exact(cin).enumerate() {
        let (panel, lane) = (co / PANEL, co % PANEL);
        for (ci, &w) in row.iter().enumerate() {
            packed[(panel * cin + ci) * PANEL + lane] = w;
        }
    }
    packed
}

/// `out[n][co][p] = bias[co] + sum over ci (in order) of w[co][ci] * x[n][ci][p]` for
/// `batches` images of `cin` planes of `plane` pixels; `panels` from [`pack_weights`],
/// `cout = bias.len()`. Every output sums the bias, then the channels in order, multiply
/// then add (no fused multiply-add), in the SIMD and scalar paths alike: the same bits.
pub fn pointwise(input: &[f32], batches: usize, cin: usize, plane: usize, panels: &[f32], bias: &[f32], output: &mut [f32]) {
    let cout = bias.len();
    assert!(
        input.len() >= batches * cin * plane && output.len() >= batches * cout * plane && panels.len() == cout.div_ceil(PANEL) * cin * PANEL,
        "pointwise buffers do not match"
    );
    if cin == 0 || plane == 0 {
        for (row, &b) in output.chunks_exact_mut(plane.max(1)).zip(bias.iter().cycle()).take(batches * cout) {
            row.fill(b);
        }
        return;
    }
    for n in 0..batches {
        let x = &input[n * cin * plane..(n + 1) * cin * plane];
        let y = &mut output[n * cout * plane..(n + 1) * cout * plane];
        for (k, panel) in panels.chunks_exact(cin * PANEL).enumerate() {
            let first = k * PANEL;
            let channels = PANEL.min(cout - first);
            convolve_panel(x, cin, plane, panel, &bias[first..first + channels], &mut y[first * plane..(first + channels) * plane]);
        }
    }
}

/// One panel's output channels (`bias.len()` rows of `plane` in `out`), scalar: register
/// tiles of four channels x eight pixels as plain arrays (LLVM keeps them in SSE
/// registers), then the last pixels row by row. Measured natively against rows of
/// `out += w * x` (20-30 % slower: a load and a store per multiply-add) and other tiles
/// (4x16, 8x4, 2x16 no faster on both models; 8x8 three times slower: it spills).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn convolve_panel(x: &[f32], cin: usize, plane: usize, panel: &[f32], bias: &[f32], out: &mut [f32]) {
    debug_assert!(x.len() == cin * plane && panel.len() == cin * PANEL && out.len() == bias.len() * plane);
    const CO: usize = 4;
    const PX: usize = 8;
    let full = plane / PX * PX;
    for first in (0..bias.len()).step_by(CO) {
        let channels = CO.min(bias.len() - first);
        let b: [f32; CO] = std::array::from_fn(|j| if j < channels { bias[first + j] } else { 0.0 });
        for p in (0..full).step_by(PX) {
            let mut acc: [[f32; PX]; CO] = std::array::from_fn(|j| [b[j]; PX]);
            for (x_row, w) in x.chunks_exact(plane).zip(panel.chunks_exact(PANEL)) {
                let xs: &[f32; PX] = x_row[p..p + PX].try_into().expect("eight pixels");
                let w: &[f32; CO] = w[first..first + CO].try_into().expect("four weights");
                for (a, &w) in acc.iter_mut().zip(w) {
                    for (a, &v) in a.iter_mut().zip(xs) {
                        *a += w * v;
                    }
                }
            }
            for (j, a) in acc.iter().enumerate().take(channels) {
                out[(first + j) * plane + p..][..PX].copy_from_slice(a);
            }
        }
        for j in 0..channels {
            let row = &mut out[(first + j) * plane..(first + j + 1) * plane];
            row[full..].fill(b[j]);
            for (x_row, w) in x.chunks_exact(plane).zip(panel.chunks_exact(PANEL)) {
                let w = w[first + j];
                for (o, &v) in row[full..].iter_mut().zip(&x_row[full..]) {
                    *o += w * v;
                }
            }
        }
    }
}

/// One panel's output channels with wasm SIMD128 register tiles.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn convolve_panel(x: &[f32], cin: usize, plane: usize, panel: &[f32], bias: &[f32], out: &mut [f32]) {
    simd::convolve_panel(x, cin, plane, panel, bias, out)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::PANEL;
    use core::arch::wasm32::*;

    /// One panel: register tiles of four output channels x eight pixels (eight v128
    /// accumulators) over the plane; planes under eight pixels (the 2x2 planes) take
    /// eight channels x four pixels, so each broadcast weight still meets a full vector.
    /// Measured in Chromium on every shape of the mesh and iris models against 4x4, 2x16,
    /// 4x12 and 8x8: 4x4 and 2x16 within 2 %, 4x12 and 8x8 (12 and 16 accumulators) 13-20 %
    /// and 30-45 % slower (V8 spills them); on 2x2 planes 8x4 is 12-18 % faster than 4x4,
    /// on 3x3 planes (nine pixels) 4x8 is 10-25 % faster than 8x4.
    pub fn convolve_panel(x: &[f32], cin: usize, plane: usize, panel: &[f32], bias: &[f32], out: &mut [f32]) {
        debug_assert!(x.len() == cin * plane && panel.len() == cin * PANEL && out.len() == bias.len() * plane);
        if plane < 8 {
            panel_tiles::<8, 1>(x, cin, plane, panel, bias, out, 0);
        } else {
            panel_tiles::<4, 2>(x, cin, plane, panel, bias, out, 0);
            if bias.len() > 4 {
                panel_tiles::<4, 2>(x, cin, plane, panel, bias, out, 4);
            }
        }
    }

    /// Channels `first..first + CO` of the panel (those under `bias.len()` stored):
    /// tiles of `PV` vectors across the plane, then single vectors, then the last one to
    /// three pixels as a partial vector.
    #[inline(always)]
    fn panel_tiles<const CO: usize, const PV: usize>(x: &[f32], cin: usize, plane: usize, panel: &[f32], bias: &[f32], out: &mut [f32], first: usize) {
        let channels = bias.len().saturating_sub(first).min(CO);
        let bias: [f32; CO] = std::array::from_fn(|j| if j < channels { bias[first + j] } else { 0.0 });
        let (x, w, out) = (x.as_ptr(), panel[first..].as_ptr(), out[first * plane..].as_mut_ptr());
        let mut p = 0;
        // SAFETY: every load reads pixels p..p + 4 * PV (or p..plane) of a row of `x`,
        // every weight lies in the panel (first + CO <= PANEL), every store writes pixels
        // p..p + 4 * PV (or p..plane) of one of `channels` rows of `out`: all in bounds, as
        // `convolve_panel`'s lengths guarantee; v128 loads and stores need no alignment.
        unsafe {
            while p + 4 * PV <= plane {
                let acc = tile::<CO, PV>(cin, w, &bias, |ci, v| v128_load(x.add(ci * plane + p + 4 * v) as *const v128));
                store(&acc, channels, out.add(p), plane, 4);
                p += 4 * PV;
            }
            while p + 4 <= plane {
                let acc = tile::<CO, 1>(cin, w, &bias, |ci, _| v128_load(x.add(ci * plane + p) as *const v128));
                store(&acc, channels, out.add(p), plane, 4);
                p += 4;
            }
            let row = |ci: usize| x.add(ci * plane + p);
            let acc = match plane - p {
                0 => return,
                1 => tile::<CO, 1>(cin, w, &bias, |ci, _| v128_load32_zero(row(ci) as *const u32)),
                2 => tile::<CO, 1>(cin, w, &bias, |ci, _| v128_load64_zero(row(ci) as *const u64)),
                _ => tile::<CO, 1>(cin, w, &bias, |ci, _| v128_load32_lane::<2>(v128_load64_zero(row(ci) as *const u64), row(ci).add(2) as *const u32)),
            };
            store(&acc, channels, out.add(p), plane, plane - p);
        }
    }

    /// `CO` channels x `PV` vectors: each accumulator starts at its channel's bias, then
    /// adds `w * x` for each input channel in order (mul, then add). `pixels(ci, v)` loads
    /// input channel `ci`'s vector `v`; `w` points at the tile's first weight, channel `j`'s
    /// weight for input channel `ci` at `w + ci * PANEL + j`.
    #[inline(always)]
    unsafe fn tile<const CO: usize, const PV: usize>(cin: usize, w: *const f32, bias: &[f32; CO], pixels: impl Fn(usize, usize) -> v128) -> [[v128; PV]; CO] {
        let mut acc: [[v128; PV]; CO] = std::array::from_fn(|j| [f32x4_splat(bias[j]); PV]);
        for ci in 0..cin {
            let xs: [v128; PV] = std::array::from_fn(|v| pixels(ci, v));
            for (j, row) in acc.iter_mut().enumerate() {
                // SAFETY: the caller's panel holds cin * PANEL weights from the tile's first.
                let wj = unsafe { v128_load32_splat(w.add(ci * PANEL + j) as *const u32) };
                for (a, &xv) in row.iter_mut().zip(&xs) {
                    *a = f32x4_add(*a, f32x4_mul(wj, xv));
                }
            }
        }
        acc
    }

    /// Stores the first `channels` rows of a tile at `out` (rows `plane` apart): whole
    /// vectors, or the first `pixels` (1 to 3) lanes of a single one.
    #[inline(always)]
    unsafe fn store<const CO: usize, const PV: usize>(acc: &[[v128; PV]; CO], channels: usize, out: *mut f32, plane: usize, pixels: usize) {
        for (j, row) in acc.iter().enumerate().take(channels) {
            // SAFETY: the caller checked that these pixels of these rows lie in `out`.
            unsafe {
                let o = out.add(j * plane);
                match pixels {
                    1 => v128_store32_lane::<0>(row[0], o as *mut u32),
                    2 => v128_store64_lane::<0>(row[0], o as *mut u64),
                    3 => {
                        v128_store64_lane::<0>(row[0], o as *mut u64);
                        v128_store32_lane::<2>(row[0], o.add(2) as *mut u32);
                    }
                    _ => {
                        for (v, &a) in row.iter().enumerate() {
                            v128_store(o.add(4 * v) as *mut v128, a);
                        }
                    }
                }
            }
        }
    }
}

/// The typed operator: the packed weights (`[panels, cin, PANEL]`, [`pack_weights`]) and
/// bias (`[cout]`) are the model's constants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointwiseConv {
    cin: usize,
    panels: Arc<Tensor>,
    bias: Arc<Tensor>,
}

impl PointwiseConv {
    /// From the ONNX weights `[cout][cin]` (row-major) and the bias (`cout` values).
    pub fn new(weights: &[f32], cin: usize, bias: Vec<f32>) -> TractResult<Self> {
        let cout = bias.len();
        ensure!(weights.len() == cout * cin, "{} weights for {cout} x {cin} channels", weights.len());
        let panels = Tensor::from_shape(&[cout.div_ceil(PANEL), cin, PANEL], &pack_weights(weights, cout, cin))?;
        Ok(PointwiseConv { cin, panels: Arc::new(panels), bias: Arc::new(Tensor::from_shape(&[cout], &bias)?) })
    }
}

impl Op for PointwiseConv {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }
    fn info(&self) -> TractResult<Vec<String>> {
        Ok(vec![format!("{} -> {} channels", self.cin, self.bias.len())])
    }
    op_as_typed_op!();
}

impl EvalOp for PointwiseConv {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let [n, c, h, w] = super::nchw(input.shape())?;
        ensure!(c == self.cin, "{c} input channels for weights of {}", self.cin);
        let cout = self.bias.len();
        // SAFETY: every output value is written below.
        let mut output = unsafe { Tensor::uninitialized::<f32>(&[n, cout, h, w])? };
        let (panels, bias) = (self.panels.try_as_plain_ram()?, self.bias.try_as_plain_ram()?);
        pointwise(
            input.try_as_plain_ram()?.as_slice::<f32>()?,
            n,
            c,
            h * w,
            panels.as_slice::<f32>()?,
            bias.as_slice::<f32>()?,
            output.try_as_plain_ram_mut()?.as_slice_mut::<f32>()?,
        );
        Ok(tvec!(output.into_tvalue()))
    }
}

impl TypedOp for PointwiseConv {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        ensure!(inputs[0].datum_type == f32::datum_type(), "FaceGradePointwiseConv runs on f32, got {:?}", inputs[0].datum_type);
        let shape = inputs[0].shape.as_concrete().context("FaceGradePointwiseConv needs a known input shape")?;
        let [n, c, h, w] = super::nchw(shape)?;
        ensure!(c == self.cin, "{c} input channels for weights of {}", self.cin);
        Ok(tvec!(f32::fact([n, self.bias.len(), h, w])))
    }
    as_op!();
}

/// ONNX builder: `FaceGradePointwiseConv(x, W[Cout,Cin,1,1], B[Cout]?)`, no attributes.
#[derive(Clone, Debug)]
struct PointwiseNode;

impl Expansion for PointwiseNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        check_output_arity(outputs, 1)?;
        s.equals(&outputs[0].datum_type, &inputs[0].datum_type)?;
        s.equals(&outputs[0].rank, 4)?;
        s.equals(&outputs[0].shape[0], &inputs[0].shape[0])?;
        s.equals(&outputs[0].shape[1], &inputs[1].shape[0])?;
        s.equals(&outputs[0].shape[2], &inputs[0].shape[2])?;
        s.equals(&outputs[0].shape[3], &inputs[0].shape[3])
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        let weights = model.outlet_fact(inputs[1])?.konst.clone().context("pointwise weights must be constant")?;
        let &[cout, cin, 1, 1] = weights.shape() else { bail!("pointwise weights of shape {:?}", weights.shape()) };
        let floats = |t: &Tensor| -> TractResult<Vec<f32>> { Ok(t.cast_to::<f32>()?.try_as_plain_ram()?.as_slice::<f32>()?.to_vec()) };
        let bias = match inputs.get(2) {
            Some(&b) => floats(&*model.outlet_fact(b)?.konst.clone().context("pointwise bias must be constant")?)?,
            None => vec![0.0; cout],
        };
        ensure!(bias.len() == cout, "{} biases for {cout} output channels", bias.len());
        let op = PointwiseConv::new(&floats(&weights)?, cin, bias)?;
        model.wire_node(prefix, op, &inputs[..1])
    }
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, _| Ok((expand(PointwiseNode), vec![])));
}

/// Renames each Conv FaceGrade's kernel covers (1x1 kernel, group 1, stride 1, no
/// padding, no dilation, constant weights and bias) to FaceGrade's; returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    let ones = |values: Option<Vec<i64>>| values.is_none_or(|v| v.iter().all(|&v| v == 1));
    let covered: Vec<usize> = graph
        .node
        .iter()
        .enumerate()
        .filter(|(_, node)| {
            let Some(weights) = node.input.get(1).and_then(|w| graph::initializer(graph, w)) else { return false };
            let cout = weights.dims.first().copied().unwrap_or(0);
            let bias = node.input.get(2).filter(|b| !b.is_empty());
            let bias_constant = bias.is_none_or(|b| graph::initializer(graph, b).is_some_and(|b| b.dims == [cout]));
            node.op_type == "Conv"
                && node.input.len() <= 3
                && weights.dims.len() == 4
                && weights.dims[2..] == [1, 1]
                && graph::int(node, "group").is_none_or(|g| g == 1)
                && graph::ints(node, "kernel_shape").is_none_or(|k| k == [1, 1])
                && ones(graph::ints(node, "strides"))
                && ones(graph::ints(node, "dilations"))
                && graph::ints(node, "pads").is_none_or(|p| p.iter().all(|&p| p == 0))
                && graph::explicit_padding(node)
                && bias_constant
        })
        .map(|(i, _)| i)
        .collect();
    for &i in &covered {
        let node = &mut graph.node[i];
        node.op_type = OP_TYPE.into();
        node.attribute.clear();
        if node.input.get(2).is_some_and(|b| b.is_empty()) {
            node.input.truncate(2);
        }
    }
    covered.len()
}
