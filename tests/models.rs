//! The committed ONNX models: checksums match MODELS.md, and each loads in tract and
//! reproduces MediaPipe's TFLite/graph reference outputs (max abs diff <= 1e-3).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::engine::detector::FaceDetector;
use facegrade::engine::face_mesh::FaceMeshModel;
use facegrade::engine::iris::IrisModel;
use facegrade::engine::model_files::{check_shipped, MODEL_SHA256};
use facegrade::engine::runtime::ModelRunner;
use sha2::{Digest, Sha256};
use facegrade::finetune::model_file::ModelFile;

const TOLERANCE: f32 = 1e-3;

#[test]
fn checksums_match_models_md() {
    let md = std::fs::read_to_string(model_path("MODELS.md")).unwrap();
    let mut checked = 0;
    for line in md.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() == 2 && parts[1].ends_with(".onnx") && parts[0].len() == 64 {
            let bytes = std::fs::read(model_path(parts[1])).unwrap();
            let digest = format!("{:x}", Sha256::digest(&bytes));
            assert_eq!(digest, parts[0], "{} does not match MODELS.md", parts[1]);
            checked += 1;
        }
    }
    assert_eq!(checked, 4, "MODELS.md lists four models");
}

/// The page checks each model it loads against `MODEL_SHA256`: those must be MODELS.md's
/// (a rebuilt model needs them updated, or the page refuses it), the real files pass, and
/// one changed byte is refused with both checksums named.
#[test]
fn shipped_checksums_match_models_md_and_refuse_a_changed_byte() {
    let md = std::fs::read_to_string(model_path("MODELS.md")).unwrap();
    for (name, sha) in MODEL_SHA256 {
        assert!(md.lines().any(|l| l.split_whitespace().eq([sha, name])), "{name}: {sha} is not MODELS.md's checksum");
        let mut bytes = std::fs::read(model_path(name)).unwrap();
        check_shipped(name, &bytes).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        let err = check_shipped(name, &bytes).unwrap_err();
        assert_eq!((err.name.as_str(), err.expected.as_str()), (name, sha));
        assert!(err.to_string().contains("damaged") && err.found.len() == 64 && err.found != sha, "{err}");
    }
    let err = check_shipped("other.onnx", b"onnx").unwrap_err();
    assert!(err.to_string().contains("not a shipped model"), "{err}");
}

/// The detector and the attention model keep MediaPipe's float16 weights, each read
/// through a Cast to float32 (models/MODELS.md): the Casts of constants fold when tract
/// optimises the model, so the plan is the one the same weights stored as float32 give,
/// and no frame pays for them.
#[test]
fn float16_weights_fold_at_load() {
    let plan = |name: &'static str, bytes: &[u8], shape: &[usize]| {
        let mut runner = ModelRunner::from_bytes(name, bytes, shape).unwrap();
        let mut ops: Vec<(String, usize)> = runner.profile(1, &|| 0.0).unwrap().into_iter().map(|o| (o.op, o.nodes)).collect();
        ops.sort();
        ops
    };
    for (name, shape) in [("face_detection_short_range.onnx", [1, 128, 128, 3]), ("face_landmark_with_attention.onnx", [1, 192, 192, 3])] {
        let bytes = std::fs::read(model_path(name)).unwrap();
        let mut widened = ModelFile::parse(&bytes).unwrap();
        let float16 = widened.float16_weights();
        assert!(float16.len() > 50, "{name}: {} float16 weights", float16.len());
        for weight in &float16 {
            let values = widened.weights(weight).unwrap();
            widened.set_weights(weight, &values).unwrap();
        }
        assert!(widened.float16_weights().is_empty());
        assert_eq!(plan(name, &bytes, &shape), plan(name, &widened.to_bytes(), &shape), "{name}: float16 storage changed the optimised plan");
    }
}

fn check(runner_output: &[f32], reference_file: &str) {
    let expected = read_f32(reference(reference_file));
    let diff = max_abs_diff(runner_output, &expected);
    assert!(diff <= TOLERANCE, "{reference_file}: max abs diff {diff}");
}

#[test]
fn face_detector_reproduces_tflite() {
    let mut det = FaceDetector::from_bytes(&std::fs::read(model_path("face_detection_short_range.onnx")).unwrap()).unwrap();
    det.input_mut().copy_from_slice(&read_f32(reference("face_detection_input_1x128x128x3_nhwc_m1p1.f32")));
    let _ = det.detect_prepared(&FaceDetector::letterbox(512, 512)).unwrap();
    let (regressors, logits) = det.raw_outputs().unwrap();
    check(regressors, "face_detection_short_range.regressors.tflite.f32");
    check(logits, "face_detection_short_range.classificators.tflite.f32");
}

#[test]
fn plain_face_mesh_reproduces_tflite() {
    let bytes = std::fs::read(model_path("face_landmark.onnx")).unwrap();
    let mut runner = ModelRunner::from_bytes("face landmark (plain)", &bytes, &[1, 192, 192, 3]).unwrap();
    runner.input_mut().copy_from_slice(&read_f32(reference("face_landmark_input_1x192x192x3_nhwc_01.f32")));
    runner.run().unwrap();
    check(runner.output(0, 1404).unwrap(), "face_landmark.conv2d_21.tflite.f32");
    check(runner.output(1, 1).unwrap(), "face_landmark.conv2d_31.tflite.f32");
}

#[test]
fn attention_mesh_reproduces_mediapipe_graph() {
    let mut mesh = FaceMeshModel::from_bytes(&std::fs::read(model_path("face_landmark_with_attention.onnx")).unwrap()).unwrap();
    mesh.input_mut().copy_from_slice(&read_f32(reference("face_landmark_input_1x192x192x3_nhwc_01.f32")));
    mesh.run_prepared(&facegrade::geometry::Affine2::IDENTITY, false).unwrap();
    let outputs = [
        ("output_mesh_identity", 1404),
        ("output_lips", 160),
        ("output_left_eye", 142),
        ("output_right_eye", 142),
        ("output_left_iris", 10),
        ("output_right_iris", 10),
        ("conv_faceflag", 1),
    ];
    for (i, (name, len)) in outputs.iter().enumerate() {
        check(mesh.raw_output(i, *len).unwrap(), &format!("face_landmark_with_attention.{name}.mediapipe.f32"));
    }
}

#[test]
fn iris_model_reproduces_tflite() {
    let mut iris = IrisModel::from_bytes(&std::fs::read(model_path("iris_landmark.onnx")).unwrap()).unwrap();
    iris.input_mut().copy_from_slice(&read_f32(reference("iris_landmark_input_1x64x64x3_nhwc_01.f32")));
    iris.run_prepared(&facegrade::geometry::Affine2::IDENTITY).unwrap();
    check(iris.raw_output(0, 213).unwrap(), "iris_landmark.output_eyes_contours_and_brows.tflite.f32");
    check(iris.raw_output(1, 15).unwrap(), "iris_landmark.output_iris.tflite.f32");
}

#[test]
fn corrupt_model_is_refused_with_a_message() {
    let mut bytes = std::fs::read(model_path("iris_landmark.onnx")).unwrap();
    bytes.truncate(bytes.len() / 2);
    let err = IrisModel::from_bytes(&bytes).err().expect("truncated model must not load");
    assert!(err.to_string().contains("could not be loaded"), "{err}");
    let err = FaceDetector::from_bytes(b"not an onnx file").err().expect("garbage must not load");
    assert!(err.to_string().contains("face detector"), "{err}");
}
