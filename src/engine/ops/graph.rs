//! Reading and editing an ONNX graph before tract parses it: where FaceGrade's own
//! operators take over nodes (or groups of nodes) that tract would run slowly.

use tract_onnx::pb::{GraphProto, NodeProto, TensorProto};

/// The initializer (constant weight) called `name`, if it is one.
pub fn initializer<'a>(graph: &'a GraphProto, name: &str) -> Option<&'a TensorProto> {
    graph.initializer.iter().find(|t| t.name == name)
}

/// A float initializer's values (stored either as `float_data` or little-endian `raw_data`).
pub fn floats(tensor: &TensorProto) -> Option<Vec<f32>> {
    const FLOAT: i32 = 1;
    if tensor.data_type != FLOAT {
        return None;
    }
    if !tensor.float_data.is_empty() {
        return Some(tensor.float_data.clone());
    }
    (tensor.raw_data.len() % 4 == 0).then(|| tensor.raw_data.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

/// Folds every `Cast(to = float)` of a float16 (or float) initializer into a float32 initializer
/// under the Cast's output name, as tract's optimiser would fold it after parsing
/// (`tests/models.rs` float16_weights_fold_at_load): the values are the same, and the
/// patterns that adopt FaceGrade's operators see plain float constants. Returns how many.
pub fn widen_float16_constants(graph: &mut GraphProto) -> usize {
    const FLOAT: i32 = 1;
    const FLOAT16: i32 = 10;
    let mut widened = 0;
    let mut i = 0;
    while i < graph.node.len() {
        let node = &graph.node[i];
        let to_float = node.op_type == "Cast" && int(node, "to") == Some(FLOAT as i64) && node.input.len() == 1 && node.output.len() == 1;
        // A float source too: fine-tuning writes trained weights back as float32 behind
        // the same Casts (src/finetune/model_file.rs).
        let source = to_float.then(|| initializer(graph, &node.input[0])).flatten().filter(|t| t.data_type == FLOAT16 || t.data_type == FLOAT);
        let Some(values) = source.and_then(|t| if t.data_type == FLOAT { floats(t) } else { float16_values(t) }) else {
            i += 1;
            continue;
        };
        let (input, output) = (node.input[0].clone(), node.output[0].clone());
        let dims = source.map(|t| t.dims.clone()).unwrap_or_default();
        graph.node.remove(i);
        graph.initializer.push(TensorProto { name: output, dims, data_type: FLOAT, raw_data: values.iter().flat_map(|v| v.to_le_bytes()).collect(), ..Default::default() });
        if readers(graph, &input) == 0 {
            graph.initializer.retain(|t| t.name != input);
        }
        widened += 1;
    }
    widened
}

/// An int64 initializer's values (stored either as `int64_data` or little-endian `raw_data`).
pub fn int64s(tensor: &TensorProto) -> Option<Vec<i64>> {
    const INT64: i32 = 7;
    if tensor.data_type != INT64 {
        return None;
    }
    if !tensor.int64_data.is_empty() {
        return Some(tensor.int64_data.clone());
    }
    (tensor.raw_data.len() % 8 == 0).then(|| tensor.raw_data.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().expect("eight bytes"))).collect())
}

/// A float16 initializer's values as f32 (ONNX stores them as `raw_data` little-endian
/// halves, or one half per `int32_data` entry).
fn float16_values(tensor: &TensorProto) -> Option<Vec<f32>> {
    use tract_onnx::prelude::f16;
    let half = |bits: u16| f16::from_bits(bits).to_f32();
    if !tensor.raw_data.is_empty() {
        return (tensor.raw_data.len() % 2 == 0).then(|| tensor.raw_data.chunks_exact(2).map(|b| half(u16::from_le_bytes([b[0], b[1]]))).collect());
    }
    Some(tensor.int32_data.iter().map(|&v| half(v as u16)).collect())
}

/// How many node inputs (and graph outputs) read the tensor `name`.
pub fn readers(graph: &GraphProto, name: &str) -> usize {
    graph.node.iter().flat_map(|n| n.input.iter()).filter(|i| *i == name).count() + graph.output.iter().filter(|o| o.name == name).count()
}

/// The node writing tensor `name`.
pub fn producer<'a>(graph: &'a GraphProto, name: &str) -> Option<(usize, &'a NodeProto)> {
    graph.node.iter().enumerate().find(|(_, n)| n.output.iter().any(|o| o == name))
}

/// An integer-list attribute (`None` when absent).
pub fn ints(node: &NodeProto, name: &str) -> Option<Vec<i64>> {
    node.attribute.iter().find(|a| a.name == name).map(|a| a.ints.clone())
}

/// An integer attribute (`None` when absent).
pub fn int(node: &NodeProto, name: &str) -> Option<i64> {
    node.attribute.iter().find(|a| a.name == name).map(|a| a.i)
}

/// A float attribute (`None` when absent).
pub fn float(node: &NodeProto, name: &str) -> Option<f32> {
    node.attribute.iter().find(|a| a.name == name).map(|a| a.f)
}

/// Whether the node's padding is its `pads` attribute (no `auto_pad` other than NOTSET).
pub fn explicit_padding(node: &NodeProto) -> bool {
    node.attribute.iter().find(|a| a.name == "auto_pad").is_none_or(|a| a.s.is_empty() || a.s == b"NOTSET")
}
