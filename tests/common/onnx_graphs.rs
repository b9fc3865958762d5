//! Tiny ONNX graphs of one operation each (as MediaPipe's models spell it), and a
//! runner comparing FaceGrade's own operators with tract's on them: shared by the native
//! (tests/ops.rs) and browser (tests/wasm_engine.rs) operator tests.
#![allow(dead_code)]

use facegrade::engine::ops::{adopt, OwnOps};
use facegrade::engine::runtime::ModelRunner;
use prost::Message;
use tract_onnx::pb::{attribute_proto::AttributeType, AttributeProto, GraphProto, ModelProto, NodeProto, OperatorSetIdProto, TensorProto, TypeProto, ValueInfoProto, type_proto};

fn tensor(name: &str, dims: &[i64], values: &[f32]) -> TensorProto {
    TensorProto { name: name.into(), dims: dims.to_vec(), data_type: 1, float_data: values.to_vec(), ..Default::default() }
}

fn ints(name: &str, values: &[i64]) -> AttributeProto {
    AttributeProto { name: name.into(), ints: values.to_vec(), r#type: AttributeType::Ints as i32, ..Default::default() }
}

fn int(name: &str, value: i64) -> AttributeProto {
    AttributeProto { name: name.into(), i: value, r#type: AttributeType::Int as i32, ..Default::default() }
}

fn node(op_type: &str, inputs: &[&str], output: &str, attribute: Vec<AttributeProto>) -> NodeProto {
    NodeProto { name: output.into(), op_type: op_type.into(), input: inputs.iter().map(|s| s.to_string()).collect(), output: vec![output.into()], attribute, ..Default::default() }
}

fn model(nodes: Vec<NodeProto>, initializer: Vec<TensorProto>, output: &str) -> Vec<u8> {
    let float = TypeProto { value: Some(type_proto::Value::TensorType(type_proto::Tensor { elem_type: 1, shape: None })), ..Default::default() };
    let value = |name: &str| ValueInfoProto { name: name.into(), r#type: Some(float.clone()), ..Default::default() };
    let graph = GraphProto { node: nodes, initializer, input: vec![value("x")], output: vec![value(output)], name: "op".into(), ..Default::default() };
    ModelProto { ir_version: 7, opset_import: vec![OperatorSetIdProto { domain: String::new(), version: 13 }], graph: Some(graph), ..Default::default() }.encode_to_vec()
}

/// MediaPipe's PRelu: `Relu(x) + slope * Min(x, 0)`, one slope per channel.
pub fn prelu(slopes: &[f32]) -> Vec<u8> {
    let c = slopes.len() as i64;
    model(
        vec![
            node("Relu", &["x"], "relu", vec![]),
            node("Min", &["x", "zero"], "min", vec![]),
            node("Mul", &["slope", "min"], "mul", vec![]),
            node("Add", &["relu", "mul"], "y", vec![]),
        ],
        vec![tensor("zero", &[], &[0.0]), tensor("slope", &[1, c, 1, 1], slopes)],
        "y",
    )
}

/// ONNX MaxPool, 2x2 window, stride 2.
pub fn max_pool_2x2() -> Vec<u8> {
    model(vec![node("MaxPool", &["x"], "y", vec![ints("kernel_shape", &[2, 2]), ints("strides", &[2, 2])])], vec![], "y")
}

/// ONNX depthwise Conv, 3x3, with bias; `pads` is [top, left, bottom, right].
pub fn depthwise_3x3(weights: &[f32], bias: &[f32], stride: i64, pads: [i64; 4]) -> Vec<u8> {
    let c = bias.len() as i64;
    let attributes = vec![ints("kernel_shape", &[3, 3]), ints("strides", &[stride, stride]), ints("pads", &pads), int("group", c), ints("dilations", &[1, 1])];
    model(
        vec![node("Conv", &["x", "w", "b"], "y", attributes)],
        vec![tensor("w", &[c, 1, 3, 3], weights), tensor("b", &[c], bias)],
        "y",
    )
}

/// ONNX Conv, 1x1 (`cout` x `cin` weights), stride 1, no padding, group 1; with a bias
/// or without.
pub fn pointwise_1x1(weights: &[f32], cin: usize, bias: Option<&[f32]>) -> Vec<u8> {
    let cout = (weights.len() / cin.max(1)) as i64;
    let attributes = vec![ints("kernel_shape", &[1, 1]), ints("strides", &[1, 1]), ints("pads", &[0, 0, 0, 0]), int("group", 1), ints("dilations", &[1, 1])];
    let mut initializers = vec![tensor("w", &[cout, cin as i64, 1, 1], weights)];
    let inputs: &[&str] = match bias {
        Some(bias) => {
            initializers.push(tensor("b", &[cout], bias));
            &["x", "w", "b"]
        }
        None => &["x", "w"],
    };
    model(vec![node("Conv", inputs, "y", attributes)], initializers, "y")
}

/// How many of the graph's operations FaceGrade's operators take over.
pub fn adopted(bytes: &[u8]) -> usize {
    let mut proto = ModelProto::decode(bytes).expect("a valid graph");
    adopt(&mut proto, OwnOps::ALL)
}

/// The graph's output for `input` (of `shape`), run with FaceGrade's operators or tract's.
pub fn run(bytes: &[u8], shape: &[usize], input: &[f32], ops: OwnOps, outputs: usize) -> Vec<f32> {
    let mut runner = ModelRunner::with_ops("operator test", bytes, shape, ops).expect("the graph loads");
    runner.input_mut().copy_from_slice(input);
    runner.run().expect("the graph runs");
    runner.output(0, outputs).expect("output of the expected size").to_vec()
}

/// The largest difference between FaceGrade's and tract's output, relative to the
/// value's size where that is above 1.
pub fn largest_difference(ours: &[f32], tracts: &[f32]) -> f32 {
    assert_eq!(ours.len(), tracts.len());
    ours.iter().zip(tracts).map(|(a, b)| (a - b).abs() / b.abs().max(1.0)).fold(0.0, f32::max)
}

/// A small deterministic generator of values in [-2, 2) (no proptest in the browser).
pub struct Values(u64);

impl Values {
    pub fn new(seed: u64) -> Self {
        Values(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407))
    }
    pub fn next(&mut self) -> f32 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 4.0 - 2.0
    }
    pub fn take(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.next()).collect()
    }
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() + 2.0) / 4.0 * n as f32) as usize % n
    }
}

/// One random case of each operator from `seed`, checked against tract: returns the
/// largest difference seen, after asserting FaceGrade's operator really ran.
pub fn check_random_case(seed: u64) -> f32 {
    let mut v = Values::new(seed);
    let (n, c) = (1 + v.below(2), 1 + v.below(9));
    let (h, w) = (1 + v.below(20), 1 + v.below(20));
    let input = v.take(n * c * h * w);
    let shape = [n, c, h, w];
    let mut worst = 0.0f32;

    let slopes = v.take(c);
    let graph = prelu(&slopes);
    assert_eq!(adopted(&graph), 1, "the PRelu pattern is recognised");
    worst = worst.max(largest_difference(&run(&graph, &shape, &input, OwnOps::ALL, input.len()), &run(&graph, &shape, &input, OwnOps::NONE, input.len())));

    if h >= 2 && w >= 2 {
        let graph = max_pool_2x2();
        assert_eq!(adopted(&graph), 1, "the max pool is recognised");
        let len = n * c * (h / 2) * (w / 2);
        worst = worst.max(largest_difference(&run(&graph, &shape, &input, OwnOps::ALL, len), &run(&graph, &shape, &input, OwnOps::NONE, len)));
    }

    let stride = 1 + v.below(2);
    let pads = [v.below(2), v.below(2), v.below(2), v.below(2)].map(|p| p as i64);
    let (ph, pw) = (h + (pads[0] + pads[2]) as usize, w + (pads[1] + pads[3]) as usize);
    if ph >= 3 && pw >= 3 {
        let graph = depthwise_3x3(&v.take(9 * c), &v.take(c), stride as i64, pads);
        assert_eq!(adopted(&graph), 1, "the depthwise convolution is recognised");
        let len = n * c * ((ph - 3) / stride + 1) * ((pw - 3) / stride + 1);
        worst = worst.max(largest_difference(&run(&graph, &shape, &input, OwnOps::ALL, len), &run(&graph, &shape, &input, OwnOps::NONE, len)));
    }

    let cout = 1 + v.below(20);
    let with_bias = v.below(4) > 0;
    worst.max(check_pointwise(&mut v, n, c, h, w, cout, with_bias))
}

/// One pointwise convolution of `cin` -> `cout` channels on `n` images of `h` x `w`, with
/// random weights, bias (when `with_bias`) and input, checked against tract: the largest
/// difference, after asserting FaceGrade's operator really ran.
pub fn check_pointwise(v: &mut Values, n: usize, cin: usize, h: usize, w: usize, cout: usize, with_bias: bool) -> f32 {
    let shape = [n, cin, h, w];
    let input = v.take(n * cin * h * w);
    let bias = with_bias.then(|| v.take(cout));
    let graph = pointwise_1x1(&v.take(cout * cin), cin, bias.as_deref());
    assert_eq!(adopted(&graph), 1, "the pointwise convolution is recognised");
    let len = n * cout * h * w;
    largest_difference(&run(&graph, &shape, &input, OwnOps::ALL, len), &run(&graph, &shape, &input, OwnOps::NONE, len))
}

/// The pointwise kernel's remainders against tract: planes of 1, 3, 9, 36 and 37 pixels
/// (and others not a multiple of a tile), output channels not a multiple of a panel, one
/// input channel. Returns the largest difference.
pub fn check_pointwise_remainders() -> f32 {
    let mut v = Values::new(21);
    let mut worst = 0.0f32;
    for (h, w) in [(1, 1), (1, 3), (3, 3), (6, 6), (37, 1), (2, 2), (4, 4), (5, 3), (2, 5), (7, 7)] {
        for (cin, cout) in [(1, 1), (1, 9), (3, 5), (16, 12), (33, 4), (64, 13), (128, 20)] {
            worst = worst.max(check_pointwise(&mut v, 1, cin, h, w, cout, cin % 2 == 1));
        }
    }
    worst
}
