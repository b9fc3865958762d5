//! The standard ONNX operators MediaPipe's models use (opset 13), and only those: the
//! operator table FaceGrade parses its models with.
//!
//! tract-onnx's own table (`tract_onnx::onnx()`) registers every ONNX operator it knows,
//! so the page's wasm carried all of them: Fourier transforms (and rustfft), recurrent
//! networks, tree ensembles, quantised and random ops, NNEF bridges, none of which these
//! models use. Its builders are private, so the 26 these models need are built here, on
//! the same tract-hir operators tract-onnx 0.23.9 builds them on (`ops/math.rs`,
//! `ops/logic.rs`, `ops/array/`, `ops/nn/`, `ops/cast.rs`: MIT/Apache-2.0), with the
//! attribute parsing cut to what opset 13 and these graphs spell. A model with another
//! operator fails to load with that operator's name (`runtime::ModelRunner::from_bytes`).

use tract_onnx::model::{optional_inputs, OnnxOpRegister, ParsingContext};
use tract_onnx::pb::NodeProto;
use tract_onnx::tract_hir::internal::*;
use tract_onnx::tract_hir::ops::{self, array, cnn, nn};

type Built = TractResult<(Box<dyn InferenceOp>, Vec<String>)>;

/// Registers the standard operators of MediaPipe's face detector, face mesh (with and
/// without attention) and iris models.
pub(super) fn register(register: &mut OnnxOpRegister) {
    // Arithmetic and logic, elementwise with numpy broadcasting.
    register.insert("Add", |_, _| Ok((ops::math::Add.into_hir(), vec![])));
    register.insert("Sub", |_, _| Ok((ops::math::Sub.into_hir(), vec![])));
    register.insert("Mul", |_, _| Ok((ops::math::Mul.into_hir(), vec![])));
    register.insert("Div", |_, _| Ok((ops::math::Div.into_hir(), vec![])));
    register.insert("Min", |_, _| Ok((Box::new(ops::binary::Nary(Box::new(ops::math::Min), false)), vec![])));
    register.insert("Floor", |_, _| Ok((ops::math::floor().into_hir(), vec![])));
    register.insert("Sqrt", |_, _| Ok((ops::math::sqrt().into_hir(), vec![])));
    register.insert("Neg", |_, _| Ok((ops::math::neg().into_hir(), vec![])));
    register.insert("Not", |_, _| Ok((ops::logic::not().into_hir(), vec![])));
    register.insert("And", |_, _| Ok((ops::logic::And.into_hir(), vec![])));
    register.insert("Greater", |_, _| Ok((ops::logic::CompGT.into_hir(), vec![])));
    register.insert("Less", |_, _| Ok((ops::logic::CompLT.into_hir(), vec![])));
    register.insert("Where", |_, _| Ok((expand(ops::logic::Iff), vec![])));
    register.insert("Relu", |_, _| Ok((expand(ops::activations::Clip::new(Some(0.0), None)), vec![])));
    register.insert("Cast", cast);
    register.insert("MatMul", |_, _| Ok((expand(ops::matmul::MatMulInference::default()), vec![])));
    // Shapes and layout.
    register.insert("Concat", |_, node| Ok((expand(array::Concat::new(node.get_attr("axis")?)), vec![])));
    register.insert("Gather", |_, node| Ok((expand(array::Gather::new(node.get_attr_opt("axis")?.unwrap_or(0))), vec![])));
    register.insert("Reshape", |_, node| {
        let allow_zero = node.get_attr_opt::<i64>("allowzero")?.unwrap_or(0) != 0;
        Ok((expand(array::Reshape::new(allow_zero)), vec![]))
    });
    register.insert("Transpose", |_, node| {
        let permutation = node.get_attr_opt_vec("perm")?;
        Ok((expand(array::PermuteAxes::new(permutation.map(|p| p.into()))), vec![]))
    });
    register.insert("Slice", slice);
    register.insert("Pad", pad);
    // Convolutions, pooling, reductions.
    register.insert("Conv", conv);
    register.insert("MaxPool", max_pool);
    register.insert("ReduceMax", |ctx, node| reduce(ctx, node, nn::Reducer::Max));
    register.insert("ReduceMin", |ctx, node| reduce(ctx, node, nn::Reducer::Min));
}

/// ONNX Cast: tract-onnx's builder without its string parsing (no string tensors here);
/// int64 becomes tract's symbolic dimension type, as tract-onnx makes it, so shape
/// computations stay symbolic.
fn cast(_: &ParsingContext, node: &NodeProto) -> Built {
    let mut to = node.get_attr::<DatumType>("to")?;
    if to == i64::datum_type() {
        to = TDim::datum_type();
    }
    Ok((Box::new(ops::cast::cast(to)), vec![]))
}

/// ONNX Slice from opset 10: starts, ends and the optional axes and steps are inputs.
fn slice(ctx: &ParsingContext, node: &NodeProto) -> Built {
    if ctx.onnx_operator_set_version < 10 {
        bail!("Slice before ONNX opset 10 (attributes for starts and ends) is not among FaceGrade's operators");
    }
    let mut optional = optional_inputs(node).skip(3);
    Ok((
        Box::new(array::StridedSlice {
            begin_mask: 0,
            end_mask: 0,
            shrink_axis_mask: 0,
            optional_axes_input: optional.next().flatten(),
            optional_steps_input: optional.next().flatten(),
        }),
        vec![],
    ))
}

/// ONNX Pad from opset 11, with its pads (and padding value, if given) constant, over
/// every axis: how the converter writes MediaPipe's explicit paddings.
fn pad(ctx: &ParsingContext, node: &NodeProto) -> Built {
    if ctx.onnx_operator_set_version < 11 {
        bail!("Pad before ONNX opset 11 (pads as an attribute) is not among FaceGrade's operators");
    }
    if optional_inputs(node).nth(3).flatten().is_some() {
        bail!("Pad with an axes input is not among FaceGrade's operators");
    }
    let mode = match node.get_attr_opt::<&str>("mode")? {
        None | Some("constant") => None,
        Some("reflect") => Some(array::PadMode::Reflect),
        Some("edge") => Some(array::PadMode::Edge),
        Some(other) => bail!("Pad mode {other} is not among ONNX's"),
    };
    Ok((expand(ConstantPads { mode, value_input: optional_inputs(node).nth(2).flatten() }), vec![]))
}

/// Pad whose pads input is a constant of the graph: `mode` (None: a constant value, from
/// `value_input` or zero).
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
struct ConstantPads {
    mode: Option<array::PadMode>,
    value_input: Option<usize>,
}

impl Expansion for ConstantPads {
    fn name(&self) -> StaticName {
        "Pad".into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(&'s self, s: &mut Solver<'r>, inputs: &'p [TensorProxy], outputs: &'p [TensorProxy]) -> InferenceResult {
        check_input_arity(inputs, 2 + self.value_input.is_some() as usize)?;
        check_output_arity(outputs, 1)?;
        s.equals(&inputs[0].datum_type, &outputs[0].datum_type)?;
        s.equals(&inputs[0].rank, &outputs[0].rank)?;
        s.equals(&inputs[1].rank, 1)?;
        s.equals(&inputs[1].shape[0], 2 * inputs[0].rank.bex().to_dim())?;
        s.given(&inputs[1].value, move |s, pads| {
            let pads = pads.cast_to::<TDim>()?;
            let pads = pads.try_as_plain_ram()?.as_slice::<TDim>()?;
            let rank = pads.len() / 2;
            for axis in 0..rank {
                s.equals(&outputs[0].shape[axis], inputs[0].shape[axis].bex() + pads[axis].clone() + pads[axis + rank].clone())?;
            }
            Ok(())
        })
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        let fact = model.outlet_fact(inputs[0])?.clone();
        let mode = match (&self.mode, self.value_input) {
            (Some(mode), _) => mode.clone(),
            (None, Some(value)) => array::PadMode::Constant(model.outlet_fact(inputs[value])?.konst.clone().context("Pad's value must be a constant")?),
            (None, None) => array::PadMode::Constant(Tensor::zero_scalar_dt(fact.datum_type)?.into_arc_tensor()),
        };
        let pads = model.outlet_fact(inputs[1])?.konst.clone().context("Pad's pads must be a constant")?.cast_to::<i64>()?.into_owned();
        let pads = pads.try_as_plain_ram()?.as_slice::<i64>()?;
        let rank = fact.rank();
        ensure!(pads.len() == 2 * rank && pads.iter().all(|&p| p >= 0), "Pad's pads {pads:?} for rank {rank}");
        let pads = (0..rank).map(|axis| (pads[axis] as usize, pads[axis + rank] as usize)).collect();
        model.wire_node(prefix, array::Pad { mode, pads }, &inputs[0..1])
    }
}

/// Explicit or automatic padding of a convolution or pooling (`pool`: ONNX's pooling
/// rules, with ceil_mode), as tract-onnx reads it.
fn padding(node: &NodeProto, pool: bool) -> TractResult<cnn::PaddingSpec> {
    let ceil_mode = node.get_attr_opt::<isize>("ceil_mode")?.unwrap_or(0) == 1;
    if let Some(pads) = node.get_attr_opt_tvec::<usize>("pads")? {
        let (left, right) = pads.split_at(pads.len() / 2);
        return Ok(if pool { cnn::PaddingSpec::ExplicitOnnxPool(left.into(), right.into(), ceil_mode) } else { cnn::PaddingSpec::Explicit(left.into(), right.into()) });
    }
    let none = match node.get_attr_opt_vec::<isize>("kernel_shape")? {
        Some(kernel) if pool => cnn::PaddingSpec::ExplicitOnnxPool(tvec!(0; kernel.len()), tvec!(0; kernel.len()), ceil_mode),
        Some(kernel) => cnn::PaddingSpec::Explicit(tvec!(0; kernel.len()), tvec!(0; kernel.len())),
        None => cnn::PaddingSpec::Valid,
    };
    Ok(match node.get_attr_opt::<&str>("auto_pad")? {
        None | Some("NOTSET") => none,
        Some("VALID") => cnn::PaddingSpec::Valid,
        Some("SAME_UPPER") => cnn::PaddingSpec::SameUpper,
        Some("SAME_LOWER") => cnn::PaddingSpec::SameLower,
        Some(other) => bail!("auto_pad {other} is not among ONNX's"),
    })
}

/// ONNX Conv (float; groups, dilations, strides, bias).
fn conv(_: &ParsingContext, node: &NodeProto) -> Built {
    let mut op = cnn::Conv::default().padding(padding(node, false)?);
    if let Some(kernel_shape) = node.get_attr_opt_tvec("kernel_shape")? {
        op = op.kernel_shape(kernel_shape);
    }
    if let Some(group) = node.get_attr_opt("group")? {
        op = op.group(group);
    }
    if let Some(dilations) = node.get_attr_opt_tvec("dilations")? {
        op = op.dilations(dilations);
    }
    if let Some(strides) = node.get_attr_opt_tvec("strides")? {
        op = op.strides(strides);
    }
    if node.input.len() == 3 {
        op = op.bias_input(2);
    }
    Ok((expand(op), vec![]))
}

/// ONNX MaxPool without its indices output (the pools FaceGrade's own 2x2 operator does
/// not take: see `max_pool.rs`).
fn max_pool(_: &ParsingContext, node: &NodeProto) -> Built {
    if node.output.len() > 1 {
        bail!("MaxPool with indices is not among FaceGrade's operators");
    }
    let spec = cnn::PoolSpec::new(
        nn::DataFormat::NCHW,
        node.get_attr_tvec("kernel_shape")?,
        padding(node, true)?,
        node.get_attr_opt_tvec("dilations")?,
        node.get_attr_opt_tvec("strides")?,
        0,
        0,
    );
    Ok((expand(cnn::HirMaxPool::new(spec, None)), vec![]))
}

/// ONNX ReduceMax / ReduceMin before opset 18 (axes as an attribute).
fn reduce(ctx: &ParsingContext, node: &NodeProto, reducer: nn::Reducer) -> Built {
    if ctx.onnx_operator_set_version >= 18 {
        bail!("{} from ONNX opset 18 (axes as an input) is not among FaceGrade's operators", node.op_type);
    }
    let axes = node.get_attr_opt_vec("axes")?;
    let keep_dims = node.get_attr_opt("keepdims")?.unwrap_or(1i64) == 1;
    Ok((expand(nn::Reduce::new(axes, keep_dims, reducer)), vec![]))
}
