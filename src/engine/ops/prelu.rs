//! PRelu in one pass: `x > 0 ? x : slope[c] * x`, one slope per channel.
//!
//! MediaPipe's ONNX files spell each PRelu as four nodes, `Relu(x) + slope * Min(x, 0)`,
//! which tract runs as several passes over the tensor (292 of the attention model's
//! nodes). This operator reads and writes the tensor once, in place when tract hands it
//! the only reference.

use super::graph;
use tract_onnx::pb::{GraphProto, NodeProto};
use tract_onnx::tract_hir::internal::*;

/// FaceGrade's operator name in the rewritten ONNX graph.
const OP_TYPE: &str = "FaceGradePRelu";

/// `x > 0 ? x : slope * x` over NCHW data, `slopes` holding one slope per channel
/// (or one for all). `plane` is H*W.
pub fn prelu_nchw(data: &mut [f32], plane: usize, slopes: &[f32]) {
    for (k, values) in data.chunks_exact_mut(plane.max(1)).enumerate() {
        let slope = slopes[k % slopes.len()];
        // A select rather than branches: LLVM turns it into SIMD (SSE natively,
        // SIMD128's bitselect in wasm).
        for v in values {
            *v = if *v > 0.0 { *v } else { *v * slope };
        }
    }
}

/// The typed operator: slopes are the model's constants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PRelu {
    slopes: Arc<Tensor>,
}

impl PRelu {
    /// `slopes` holds one value per channel, or a single one.
    pub fn new(slopes: Arc<Tensor>) -> PRelu {
        PRelu { slopes }
    }
}

impl Op for PRelu {
    fn name(&self) -> StaticName {
        "FaceGradePRelu".into()
    }
    op_as_typed_op!();
}

impl EvalOp for PRelu {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let [_, _, h, w] = super::nchw(input.shape())?;
        // In place when tract no longer shares the input (the usual case: one reader).
        let mut output = input.into_tensor();
        let slopes = self.slopes.try_as_plain_ram()?;
        prelu_nchw(output.try_as_plain_ram_mut()?.as_slice_mut::<f32>()?, h * w, slopes.as_slice::<f32>()?);
        Ok(tvec!(output.into_tvalue()))
    }
}

impl TypedOp for PRelu {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let shape = inputs[0].shape.as_concrete().context("FaceGradePRelu needs a known input shape")?;
        let [_, c, _, _] = super::nchw(shape)?;
        ensure!(self.slopes.len() == c || self.slopes.len() == 1, "PRelu has {} slopes for {c} channels", self.slopes.len());
        Ok(tvec!(f32::fact(shape)))
    }
    as_op!();
}

/// ONNX builder: `FaceGradePRelu(x, slopes)`.
#[derive(Clone, Debug)]
struct PReluNode;

impl Expansion for PReluNode {
    fn name(&self) -> StaticName {
        OP_TYPE.into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        super::rules_like_first_input(s, inputs, outputs, 2)
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        let slopes = model.outlet_fact(inputs[1])?.konst.clone().context("PRelu slopes must be constant")?;
        let slopes = Arc::new(slopes.cast_to::<f32>()?.into_owned().into_shape(&[slopes.len()])?);
        model.wire_node(prefix, PRelu::new(slopes), &inputs[..1])
    }
}

pub(super) fn register(register: &mut tract_onnx::model::OnnxOpRegister) {
    register.insert(OP_TYPE, |_, _| Ok((expand(PReluNode), vec![])));
}

/// Replaces each `Add(Relu(x), Mul(slope, Min(x, 0)))` (either operand order) whose
/// inner values nothing else reads by one `FaceGradePRelu(x, slope)`; returns how many.
pub(super) fn adopt(graph: &mut GraphProto) -> usize {
    let mut adopted = 0;
    let mut i = 0;
    while i < graph.node.len() {
        if let Some((x, slope, replaced)) = prelu_at(graph, i) {
            let add = &graph.node[i];
            let node = NodeProto { name: add.name.clone(), op_type: OP_TYPE.into(), input: vec![x, slope], output: add.output.clone(), ..Default::default() };
            graph.node[i] = node;
            let mut replaced = replaced;
            replaced.sort_unstable();
            for index in replaced.into_iter().rev() {
                graph.node.remove(index);
                if index < i {
                    i -= 1;
                }
            }
            adopted += 1;
        }
        i += 1;
    }
    adopted
}

/// If node `i` is the `Add` closing a PRelu: its `x`, its slope initializer, and the
/// indices of the `Relu`, `Min` and `Mul` nodes it replaces.
fn prelu_at(graph: &GraphProto, i: usize) -> Option<(String, String, Vec<usize>)> {
    let add = &graph.node[i];
    if add.op_type != "Add" || add.input.len() != 2 {
        return None;
    }
    let only_read_once = |name: &str| graph::readers(graph, name) == 1;
    let by_op = |name: &String, op: &str| graph::producer(graph, name).filter(|(_, n)| n.op_type == op && only_read_once(name));
    let (relu, mul) = match (by_op(&add.input[0], "Relu"), by_op(&add.input[1], "Mul")) {
        (Some(r), Some(m)) => (r, m),
        _ => (by_op(&add.input[1], "Relu")?, by_op(&add.input[0], "Mul")?),
    };
    let x = relu.1.input.first()?;
    let (slope, min) = mul.1.input.iter().find_map(|slope| {
        let other = mul.1.input.iter().find(|o| *o != slope)?;
        graph::initializer(graph, slope)?;
        Some((slope, by_op(other, "Min")?))
    })?;
    let zero = min.1.input.iter().find(|z| *z != x)?;
    let is_zero = graph::initializer(graph, zero).and_then(graph::floats).is_some_and(|v| v.len() == 1 && v[0] == 0.0);
    let slope_values = graph::initializer(graph, slope).and_then(graph::floats)?;
    let per_channel = match graph::initializer(graph, slope)?.dims.as_slice() {
        [1, _, 1, 1] | [] | [1] => true,
        _ => false,
    };
    (min.1.input.len() == 2 && min.1.input.contains(x) && is_zero && per_channel && !slope_values.is_empty())
        .then(|| (x.clone(), slope.clone(), vec![relu.0, min.0, mul.0]))
}
