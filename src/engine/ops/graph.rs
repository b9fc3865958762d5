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

/// Whether the node's padding is its `pads` attribute (no `auto_pad` other than NOTSET).
pub fn explicit_padding(node: &NodeProto) -> bool {
    node.attribute.iter().find(|a| a.name == "auto_pad").is_none_or(|a| a.s.is_empty() || a.s == b"NOTSET")
}
