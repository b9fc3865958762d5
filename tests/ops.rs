//! FaceGrade's own tract operators (PRelu, 2x2 max pool, depthwise 3x3 convolution)
//! give tract's results on random shapes and values, and take over every node of their
//! kind in MediaPipe's models.
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
}

/// Every PRelu, max pool and depthwise convolution of the three shipped models runs
/// FaceGrade's kernels (none is left to tract by a pattern that failed to match).
#[test]
fn own_operators_take_over_every_node_of_their_kind_in_the_models() {
    // (model, PRelus, plain Relus, max pools, depthwise convolutions)
    for (file, prelus, relus, pools, depthwise) in [("face_landmark_with_attention", 73, 0, 16, 66), ("iris_landmark", 53, 0, 6, 26), ("face_detection_short_range", 0, 17, 3, 16)] {
        let bytes = std::fs::read(format!("{}/models/{file}.onnx", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut proto = tract_onnx::pb::ModelProto::decode(bytes.as_slice()).unwrap();
        let count = |proto: &tract_onnx::pb::ModelProto, op: &str| proto.graph.as_ref().unwrap().node.iter().filter(|n| n.op_type == op).count();
        let adopted = adopt(&mut proto, OwnOps::ALL);
        assert_eq!(count(&proto, "FaceGradeMaxPool2x2"), pools, "{file}: max pools");
        assert_eq!(count(&proto, "FaceGradeDepthwiseConv3x3"), depthwise, "{file}: depthwise convolutions");
        assert_eq!(count(&proto, "MaxPool"), 0, "{file}: max pools left to tract");
        assert_eq!(count(&proto, "FaceGradePRelu"), prelus, "{file}: PRelus");
        assert_eq!(count(&proto, "Relu"), relus, "{file}: Relus (PRelus left to tract)");
        assert_eq!(adopted, prelus + pools + depthwise);
    }
}
