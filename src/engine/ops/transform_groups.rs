//! Finding the converter's standard-op rewrites of MediaPipe's custom ops in a model
//! (their nodes are named `TFL_<op>_<index>/...`) and putting one FaceGrade operator in
//! each group's place, only where the group is exactly what [`super::transform_spelling`]
//! spells from the parameters its constants hold.

use super::graph;
use super::transform_spelling::{Parameter, Spelling};
use std::collections::{HashMap, HashSet};
use tract_onnx::pb::{GraphProto, NodeProto, TensorProto};

/// One rewritten custom op: its nodes, the tensors it reads from outside (in the order
/// the nodes first read them) and the one tensor it gives to the rest of the graph.
pub struct Group {
    pub prefix: String,
    nodes: Vec<usize>,
    pub inputs: Vec<String>,
    pub output: String,
}

impl Group {
    /// The external inputs in each order a two-input op could take them.
    pub fn input_orders(&self) -> Vec<Vec<String>> {
        match self.inputs.as_slice() {
            [a, b] => vec![vec![a.clone(), b.clone()], vec![b.clone(), a.clone()]],
            other => vec![other.to_vec()],
        }
    }
}

/// Replaces every group of `custom_op`'s rewrite that `recognise` turns into a node by
/// that node (the group's nodes go, and the constants only they read); returns how many.
pub fn adopt(graph: &mut GraphProto, custom_op: &str, recognise: impl Fn(&GraphProto, &Group) -> Option<NodeProto>) -> usize {
    let mut adopted = 0;
    for prefix in prefixes(graph, custom_op) {
        // Found again each time: replacing a group moves the nodes after it.
        let Some(group) = group(graph, &prefix) else { continue };
        let Some(node) = recognise(graph, &group) else { continue };
        // The new node takes the place of the group's last node: everything it reads is
        // written before that.
        let last = *group.nodes.iter().max().expect("a group has nodes");
        graph.node[last] = node;
        let removed: HashSet<usize> = group.nodes.iter().copied().filter(|&i| i != last).collect();
        let mut index = 0;
        graph.node.retain(|_| {
            index += 1;
            !removed.contains(&(index - 1))
        });
        let read: HashSet<&str> = graph.node.iter().flat_map(|n| n.input.iter().map(String::as_str)).collect();
        let own = format!("{prefix}/");
        let unread: HashSet<String> = graph.initializer.iter().filter(|t| t.name.starts_with(&own) && !read.contains(t.name.as_str())).map(|t| t.name.clone()).collect();
        graph.initializer.retain(|t| !unread.contains(&t.name));
        adopted += 1;
    }
    adopted
}

/// The distinct `TFL_<custom_op>_<digits>` prefixes of node names, in graph order.
fn prefixes(graph: &GraphProto, custom_op: &str) -> Vec<String> {
    let head = format!("TFL_{custom_op}_");
    let mut prefixes: Vec<String> = vec![];
    for node in &graph.node {
        let Some((prefix, _)) = node.name.split_once('/') else { continue };
        let numbered = prefix.strip_prefix(&head).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if numbered && !prefixes.iter().any(|p| p == prefix) {
            prefixes.push(prefix.to_string());
        }
    }
    prefixes
}

/// The nodes named `<prefix>/...` as a group, if exactly one tensor they write is read
/// outside them.
fn group(graph: &GraphProto, prefix: &str) -> Option<Group> {
    let own = format!("{prefix}/");
    let nodes: Vec<usize> = graph.node.iter().enumerate().filter(|(_, n)| n.name.starts_with(&own)).map(|(i, _)| i).collect();
    let constants: HashSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    let inside: HashSet<usize> = nodes.iter().copied().collect();
    let written: HashSet<&str> = nodes.iter().flat_map(|&i| graph.node[i].output.iter().map(String::as_str)).collect();
    let mut inputs: Vec<String> = vec![];
    for &i in &nodes {
        for input in &graph.node[i].input {
            if !input.is_empty() && !written.contains(input.as_str()) && !constants.contains(input.as_str()) && !inputs.contains(input) {
                inputs.push(input.clone());
            }
        }
    }
    let read_outside: HashSet<&str> = graph
        .node
        .iter()
        .enumerate()
        .filter(|(i, _)| !inside.contains(i))
        .flat_map(|(_, n)| n.input.iter().map(String::as_str))
        .chain(graph.output.iter().map(|o| o.name.as_str()))
        .filter(|name| written.contains(name))
        .collect();
    let [output] = read_outside.into_iter().collect::<Vec<_>>()[..] else { return None };
    Some(Group { prefix: prefix.to_string(), nodes, inputs, output: output.to_string() })
}

/// Whether the group's nodes and the constants they read are exactly `spelling`'s (names,
/// operators, inputs, attributes, constant shapes and values).
pub fn spelled_as(graph: &GraphProto, group: &Group, spelling: &Spelling) -> bool {
    if group.nodes.len() != spelling.nodes.len() {
        return false;
    }
    let by_name: HashMap<&str, &NodeProto> = group.nodes.iter().map(|&i| (graph.node[i].name.as_str(), &graph.node[i])).collect();
    if by_name.len() != group.nodes.len() {
        return false;
    }
    let nodes_match = spelling.nodes.iter().all(|expected| by_name.get(expected.name.as_str()).is_some_and(|found| same_node(found, expected)));
    nodes_match && spelling.constants.iter().all(|expected| graph::initializer(graph, &expected.name).is_some_and(|found| same_constant(found, expected)))
}

fn same_node(found: &NodeProto, expected: &NodeProto) -> bool {
    let attributes = |n: &NodeProto| {
        let mut list: Vec<_> = n.attribute.iter().map(|a| (a.name.clone(), a.r#type, a.i, a.ints.clone(), a.f.to_bits(), a.s.clone())).collect();
        list.sort();
        list
    };
    found.op_type == expected.op_type
        && found.domain.is_empty()
        && found.input == expected.input
        && found.output == expected.output
        && attributes(found) == attributes(expected)
}

fn same_constant(found: &TensorProto, expected: &TensorProto) -> bool {
    let bits = |t: &TensorProto| graph::floats(t).map(|v| v.iter().map(|f| f.to_bits() as i64).collect::<Vec<_>>());
    let values = |t: &TensorProto| if t.data_type == expected.data_type { bits(t).or_else(|| graph::int64s(t)) } else { None };
    found.dims == expected.dims && values(found).is_some() && values(found) == values(expected)
}

/// The constant holding `parameter` in the group `spelling` names.
pub fn parameter<'g>(graph: &'g GraphProto, spelling: &Spelling, parameter: Parameter) -> Option<&'g TensorProto> {
    let (_, name) = spelling.parameters.iter().find(|(p, _)| *p == parameter)?;
    graph::initializer(graph, name)
}

/// A parameter holding one float.
pub fn float_parameter(graph: &GraphProto, spelling: &Spelling, p: Parameter) -> Option<f32> {
    match parameter(graph, spelling, p).and_then(graph::floats)?.as_slice() {
        &[value] => Some(value),
        _ => None,
    }
}

/// A parameter holding integers.
pub fn int_parameter(graph: &GraphProto, spelling: &Spelling, p: Parameter) -> Option<Vec<i64>> {
    parameter(graph, spelling, p).and_then(graph::int64s)
}
