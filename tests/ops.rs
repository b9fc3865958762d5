//! FaceGrade's own tract operators (PRelu, 2x2 max pool, depthwise 3x3 and pointwise 1x1
//! convolutions) give tract's results on random shapes and values, and take over every
//! node of their kind in MediaPipe's models.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/onnx_graphs.rs"]
mod onnx_graphs;

use facegrade::engine::ops::{adopt, OwnOps};
use onnx_graphs::*;
use proptest::prelude::*;
use prost::Message;

/// Agreement with tract, relative to the value's size above 1.
const TOLERANCE: f32 = 1e-5;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn own_operators_match_tracts_on_random_shapes(seed in any::<u64>()) {
        let worst = check_random_case(seed);
        prop_assert!(worst <= TOLERANCE, "difference {worst} for seed {seed}");
    }
}

#[test]
fn own_operators_match_tracts_on_the_models_largest_planes() {
    let mut v = Values::new(15);
    for (c, side, stride, pads) in [(16, 96, 2, [0, 0, 1, 1]), (16, 96, 1, [1, 1, 1, 1]), (32, 48, 2, [0, 0, 1, 1]), (128, 2, 1, [1, 1, 1, 1])] {
        let shape = [1, c, side, side];
        let input = v.take(c * side * side);
        let graph = depthwise_3x3(&v.take(9 * c), &v.take(c), stride, pads);
        let out = c * (side / stride as usize) * (side / stride as usize);
        let worst = largest_difference(&run(&graph, &shape, &input, OwnOps::ALL, out), &run(&graph, &shape, &input, OwnOps::NONE, out));
        assert!(worst <= TOLERANCE, "depthwise {shape:?} stride {stride}: difference {worst}");
        let graph = max_pool_2x2();
        let out = c * (side / 2) * (side / 2);
        assert_eq!(run(&graph, &shape, &input, OwnOps::ALL, out), run(&graph, &shape, &input, OwnOps::NONE, out), "max pool {shape:?}");
        let graph = prelu(&v.take(c));
        assert_eq!(run(&graph, &shape, &input, OwnOps::ALL, input.len()), run(&graph, &shape, &input, OwnOps::NONE, input.len()), "PRelu {shape:?}");
    }
    // Pointwise: the mesh's largest planes and widest channels, the iris model's.
    for (cin, cout, side) in [(16, 16, 96), (16, 32, 48), (32, 32, 48), (128, 128, 12), (128, 128, 2), (128, 32, 3), (64, 32, 32), (32, 64, 32), (128, 64, 16)] {
        let worst = check_pointwise(&mut v, 1, cin, side, side, cout, true);
        assert!(worst <= TOLERANCE, "pointwise {cin} -> {cout} on {side}x{side}: difference {worst}");
    }
}

/// The pointwise kernel's remainders (pixels past the last whole tile, output channels
/// past the last whole panel, one input channel) give tract's results.
#[test]
fn pointwise_convolution_matches_tracts_on_remainders() {
    let worst = check_pointwise_remainders();
    assert!(worst <= TOLERANCE, "difference {worst}");
    println!("largest difference {worst:e} (relative above 1)");
}

/// A 1x1 Conv that is not a plain pointwise convolution (a stride, padding, dilation,
/// groups, automatic padding, weights that are not constant) stays tract's.
#[test]
fn other_one_by_one_convolutions_stay_tracts() {
    use tract_onnx::pb::{attribute_proto::AttributeType, AttributeProto};
    let mut v = Values::new(5);
    let graph = pointwise_1x1(&v.take(8 * 4), 4, Some(&v.take(8)));
    assert_eq!(adopted(&graph), 1, "the plain graph is adopted");
    let ints = |name: &str, ints: &[i64]| AttributeProto { name: name.into(), ints: ints.to_vec(), r#type: AttributeType::Ints as i32, ..Default::default() };
    let changes: [(&str, AttributeProto); 6] = [
        ("stride 2", ints("strides", &[2, 2])),
        ("padding", ints("pads", &[0, 0, 1, 1])),
        ("dilation", ints("dilations", &[2, 2])),
        ("two groups", AttributeProto { name: "group".into(), i: 2, r#type: AttributeType::Int as i32, ..Default::default() }),
        ("automatic padding", AttributeProto { name: "auto_pad".into(), s: b"SAME_UPPER".to_vec(), r#type: AttributeType::String as i32, ..Default::default() }),
        ("3x3 kernel", ints("kernel_shape", &[3, 3])),
    ];
    for (what, attribute) in changes {
        let mut proto = tract_onnx::pb::ModelProto::decode(graph.as_slice()).unwrap();
        let node = &mut proto.graph.as_mut().unwrap().node[0];
        node.attribute.retain(|a| a.name != attribute.name);
        node.attribute.push(attribute);
        assert_eq!(adopt(&mut proto, OwnOps::ALL), 0, "{what}: adopted");
    }
    let mut proto = tract_onnx::pb::ModelProto::decode(graph.as_slice()).unwrap();
    proto.graph.as_mut().unwrap().initializer.retain(|t| t.name != "w");
    assert_eq!(adopt(&mut proto, OwnOps::ALL), 0, "weights not constant: adopted");
}

/// Every PRelu, max pool, depthwise and pointwise convolution and rewritten MediaPipe
/// custom op of the three shipped models runs FaceGrade's kernels (none is left to tract by
/// a pattern that failed to match).
#[test]
fn own_operators_take_over_every_node_of_their_kind_in_the_models() {
    // (model, PRelus, plain Relus, max pools, depthwise convolutions, pointwise
    // convolutions, other convolutions (3x3 and 2x2 dense, 5x5), custom ops)
    let models = [("face_landmark_with_attention", 73, 0, 16, 66, 72, 8, 11), ("iris_landmark", 53, 0, 6, 26, 46, 9, 0), ("face_detection_short_range", 0, 17, 3, 16, 20, 1, 0)];
    for (file, prelus, relus, pools, depthwise, pointwise, other_convs, transforms) in models {
        let bytes = std::fs::read(format!("{}/models/{file}.onnx", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut proto = tract_onnx::pb::ModelProto::decode(bytes.as_slice()).unwrap();
        let count = |proto: &tract_onnx::pb::ModelProto, op: &str| proto.graph.as_ref().unwrap().node.iter().filter(|n| n.op_type == op).count();
        let adopted = adopt(&mut proto, OwnOps::ALL);
        assert_eq!(count(&proto, "FaceGradeMaxPool2x2"), pools, "{file}: max pools");
        assert_eq!(count(&proto, "FaceGradeDepthwiseConv3x3"), depthwise, "{file}: depthwise convolutions");
        assert_eq!(count(&proto, "FaceGradePointwiseConv"), pointwise, "{file}: pointwise convolutions");
        assert_eq!(count(&proto, "Conv"), other_convs, "{file}: convolutions left to tract");
        assert_eq!(count(&proto, "MaxPool"), 0, "{file}: max pools left to tract");
        assert_eq!(count(&proto, "FaceGradePRelu"), prelus, "{file}: PRelus");
        assert_eq!(count(&proto, "Relu"), relus, "{file}: Relus (PRelus left to tract)");
        assert_eq!(adopted, prelus + pools + depthwise + pointwise + transforms);
    }
}

/// The attention mesh's outputs (mesh, lips, eyes, irises in pixels of the 192 x 192
/// crop; face flag) and the number of values each holds.
const MESH_OUTPUTS: [(&str, usize); 7] = [("mesh", 1404), ("lips", 160), ("left eye", 142), ("right eye", 142), ("left iris", 10), ("right iris", 10), ("face flag", 1)];

fn attention_mesh_bytes() -> Vec<u8> {
    shipped_model_bytes("face_landmark_with_attention")
}

/// A shipped model's file, `models/NAME.onnx`.
fn shipped_model_bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/models/{name}.onnx", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A picture as the mesh's input: 192 x 192 NHWC, values in [0, 1].
fn mesh_input(path: &str) -> Vec<f32> {
    let picture = image::open(path).unwrap_or_else(|e| panic!("{path}: {e}")).resize_exact(192, 192, image::imageops::FilterType::Triangle).to_rgb8();
    picture.as_raw().iter().map(|&v| v as f32 / 255.0).collect()
}

/// MediaPipe's three custom ops run as FaceGrade's operators give the outputs tract gives
/// running the converter's standard-op rewrite, on real face crops and random inputs.
#[test]
fn transform_operators_match_tracts_rewrite_in_the_attention_mesh() {
    use facegrade::engine::runtime::ModelRunner;
    let bytes = attention_mesh_bytes();
    let shape = [1, 192, 192, 3];
    let mut ours = ModelRunner::with_ops("mesh, own transforms", &bytes, &shape, OwnOps::ALL).unwrap();
    let mut tracts = ModelRunner::with_ops("mesh, tract's rewrite", &bytes, &shape, OwnOps { transforms: false, ..OwnOps::ALL }).unwrap();
    let shared = format!("{}/../shared/data", env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<(String, Vec<f32>)> = vec![("reference crop".into(), read_f32(&format!("{shared}/reference/face_landmark_input_1x192x192x3_nhwc_01.f32")))];
    inputs.push(("face_crop_192.png".into(), mesh_input(&format!("{shared}/reference/face_crop_192.png"))));
    for face in ["astronaut.png", "biden.jpg", "obama.jpg", "portrait_frontal_ai.jpg", "portrait_glasses.jpg"] {
        inputs.push((face.into(), mesh_input(&format!("{shared}/faces/{face}"))));
    }
    for seed in 0..3 {
        let mut v = Values::new(seed);
        inputs.push((format!("random {seed}"), (0..192 * 192 * 3).map(|_| (v.next() + 2.0) / 4.0).collect()));
    }
    let (mut worst_relative, mut worst_pixels) = (0.0f32, 0.0f32);
    for (name, input) in &inputs {
        ours.input_mut().copy_from_slice(input);
        tracts.input_mut().copy_from_slice(input);
        ours.run().unwrap();
        tracts.run().unwrap();
        for (index, (output, len)) in MESH_OUTPUTS.into_iter().enumerate() {
            let (a, b) = (ours.output(index, len).unwrap(), tracts.output(index, len).unwrap());
            let relative = largest_difference(a, b);
            assert!(relative <= TOLERANCE, "{name}, {output}: difference {relative} (relative above 1)");
            worst_relative = worst_relative.max(relative);
            if index < 6 {
                worst_pixels = worst_pixels.max(a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max));
            }
        }
    }
    println!("{} inputs: largest difference {worst_relative:e} (relative above 1), landmarks {worst_pixels:e} px", inputs.len());
}

/// Every rewritten Landmarks2TransformMatrix (3), TransformTensorBilinear (3) and
/// TransformLandmarks (5) of the attention mesh becomes one FaceGrade operator, and the
/// graph loses the rewrites' nodes and constants.
#[test]
fn transform_operators_take_over_every_rewritten_custom_op() {
    let bytes = attention_mesh_bytes();
    let decoded = || tract_onnx::pb::ModelProto::decode(bytes.as_slice()).unwrap();
    let count = |proto: &tract_onnx::pb::ModelProto, op: &str| proto.graph.as_ref().unwrap().node.iter().filter(|n| n.op_type == op).count();
    let size = |proto: &tract_onnx::pb::ModelProto| (proto.graph.as_ref().unwrap().node.len(), proto.graph.as_ref().unwrap().initializer.len());
    let without_transforms = OwnOps { transforms: false, ..OwnOps::ALL };
    let mut before = decoded();
    let others = adopt(&mut before, without_transforms);
    let mut after = decoded();
    let adopted = adopt(&mut after, OwnOps::ALL);
    assert_eq!(adopted - others, 11, "three matrices, three samplings, five landmark transforms");
    assert_eq!(count(&after, "FaceGradeLandmarksToTransformMatrix"), 3);
    assert_eq!(count(&after, "FaceGradeTransformTensorBilinear"), 3);
    assert_eq!(count(&after, "FaceGradeTransformLandmarks"), 5);
    let rewritten = |proto: &tract_onnx::pb::ModelProto| proto.graph.as_ref().unwrap().node.iter().filter(|n| n.name.starts_with("TFL_") && !n.op_type.starts_with("FaceGrade")).count();
    assert_eq!(rewritten(&after), 0, "no node of a rewrite is left");
    // 3 x 60 + 3 x 115 + 5 x 6 = 555 rewrite nodes (the bilinear groups' 3 Casts of float16
    // constants each were folded before) become 11.
    let ((nodes_before, constants_before), (nodes_after, constants_after)) = (size(&before), size(&after));
    println!("nodes {nodes_before} -> {nodes_after}, constants {constants_before} -> {constants_after}");
    assert_eq!(nodes_before - nodes_after, 555 - 11);
    assert!(constants_after < constants_before);
}

/// A rewrite that differs from the converter's in one constant is left to tract (never
/// run as the wrong operator).
#[test]
fn a_changed_rewrite_stays_tracts() {
    let bytes = attention_mesh_bytes();
    let mut proto = tract_onnx::pb::ModelProto::decode(bytes.as_slice()).unwrap();
    let graph = proto.graph.as_mut().unwrap();
    // The bilinear rewrite's `0.5` (align corners), and one matrix rewrite's `Neg` node.
    let half = graph.initializer.iter_mut().find(|t| t.name == "TFL_TransformTensorBilinear_99/c_22").expect("the rewrite's 0.5");
    half.raw_data = 0.25f32.to_le_bytes().to_vec();
    half.float_data.clear();
    graph.node.iter_mut().find(|n| n.name.starts_with("TFL_Landmarks2TransformMatrix_90/") && n.op_type == "Neg").unwrap().op_type = "Abs".into();
    adopt(&mut proto, OwnOps::ALL);
    let count = |op: &str| proto.graph.as_ref().unwrap().node.iter().filter(|n| n.op_type == op).count();
    assert_eq!(count("FaceGradeTransformTensorBilinear"), 2);
    assert_eq!(count("FaceGradeLandmarksToTransformMatrix"), 2);
    assert_eq!(count("FaceGradeTransformLandmarks"), 5);
}

fn read_f32(path: &str) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

/// The four shipped models, their input sides (NHWC, 3 channels).
const SHIPPED_MODELS: [(&str, usize); 4] = [("face_detection_short_range", 128), ("face_landmark", 192), ("face_landmark_with_attention", 192), ("iris_landmark", 64)];

/// FaceGrade parses its models with an operator table of its own (the standard operators
/// they use, not tract-onnx's every one): every operator of every shipped model, with and
/// without FaceGrade's kernels, has a builder in it.
#[test]
fn operator_table_covers_every_operator_of_the_shipped_models() {
    let table = facegrade::engine::ops::onnx();
    for (model, _) in SHIPPED_MODELS {
        let bytes = shipped_model_bytes(model);
        for own in [OwnOps::NONE, OwnOps::ALL] {
            let mut proto = tract_onnx::pb::ModelProto::decode(bytes.as_slice()).unwrap();
            adopt(&mut proto, own);
            for node in &proto.graph.as_ref().unwrap().node {
                assert!(table.op_register.0.contains_key(&node.op_type), "{model}: no builder for {}", node.op_type);
            }
        }
    }
}

/// The table's builders make what tract-onnx's make: each shipped model, parsed with
/// both tables (tract's kernels only), gives the same outputs to the bit on the same input.
#[test]
fn operator_table_builds_what_tract_onnx_builds() {
    use tract_onnx::prelude::*;
    let mut values = Values::new(7);
    for (model, side) in SHIPPED_MODELS {
        let bytes = shipped_model_bytes(model);
        let proto = tract_onnx::pb::ModelProto::decode(bytes.as_slice()).unwrap();
        let input: Tensor = tract_ndarray::Array4::from_shape_vec((1, side, side, 3), values.take(side * side * 3)).unwrap().into();
        let outputs = |table: tract_onnx::Onnx| {
            let plan = table.model_for_proto_model(&proto).unwrap().with_input_fact(0, f32::fact([1, side, side, 3]).into()).unwrap().into_optimized().unwrap().into_runnable().unwrap();
            plan.run(tvec!(input.clone().into())).unwrap().into_iter().map(|t| t.try_as_plain_ram().unwrap().as_slice::<f32>().unwrap().to_vec()).collect::<Vec<_>>()
        };
        let (ours, tracts) = (outputs(facegrade::engine::ops::onnx()), outputs(tract_onnx::onnx()));
        assert!(!ours.is_empty());
        assert_eq!(ours, tracts, "{model}");
    }
}
