//! The core compiled to wasm32, run in headless Chromium (wasm-bindgen-test): the same
//! models reproduce MediaPipe's reference outputs, and the whole engine finds the face.
#![cfg(target_arch = "wasm32")]

use facegrade::engine::face_mesh::FaceMeshModel;
use facegrade::engine::{Engine, ModelBytes};
use facegrade::geometry::Affine2;
use facegrade::image_view::ImageView;
use wasm_bindgen_test::*;

#[path = "common/onnx_graphs.rs"]
mod onnx_graphs;

wasm_bindgen_test_configure!(run_in_browser);

const DETECTOR: &[u8] = include_bytes!("../models/face_detection_short_range.onnx");
const MESH: &[u8] = include_bytes!("../models/face_landmark_with_attention.onnx");
const IRIS: &[u8] = include_bytes!("../models/iris_landmark.onnx");
const CROP_INPUT: &[u8] = include_bytes!("../../shared/data/reference/face_landmark_input_1x192x192x3_nhwc_01.f32");
const MESH_REFERENCE: &[u8] = include_bytes!("../../shared/data/reference/face_landmark_with_attention.output_mesh_identity.mediapipe.f32");
const ASTRONAUT: &[u8] = include_bytes!("../../shared/data/faces/astronaut.png");

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

#[wasm_bindgen_test]
fn attention_mesh_matches_mediapipe_in_the_browser() {
    let mut mesh = FaceMeshModel::from_bytes(MESH).unwrap();
    mesh.input_mut().copy_from_slice(&floats(CROP_INPUT));
    mesh.run_prepared(&Affine2::IDENTITY, false).unwrap();
    let got = mesh.raw_output(0, 1404).unwrap();
    let expected = floats(MESH_REFERENCE);
    let diff = got.iter().zip(&expected).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    assert!(diff <= 1e-3, "max abs diff {diff}");
}

#[wasm_bindgen_test]
fn whole_engine_finds_the_astronaut() {
    let image = image::load_from_memory(ASTRONAUT).unwrap().to_rgb8();
    let mut engine = Engine::new(&ModelBytes { face_detector: DETECTOR, face_landmarks: MESH, iris_landmarks: IRIS }).unwrap();
    let faces = engine.analyse_image(&ImageView::from_rgb(&image)).unwrap();
    assert_eq!(faces.len(), 1);
    let face = &faces[0];
    assert!(face.presence > 0.9, "presence {}", face.presence);
    // Iris centres sit where the native run puts them (astronaut.png, about 204,101 and 247,103).
    let right = face.eyes.right.iris_centre;
    let left = face.eyes.left.iris_centre;
    assert!((right.x - 204.0).abs() < 4.0 && (right.y - 101.0).abs() < 4.0, "right iris {right:?}");
    assert!((left.x - 247.0).abs() < 4.0 && (left.y - 103.0).abs() < 4.0, "left iris {left:?}");
}

/// The eye state reads the astronaut's open eyes open in wasm too, and prints what one
/// eye's reading costs there (the budget is 1 ms per eye per frame; a figure, not a
/// pass/fail timing).
#[wasm_bindgen_test]
fn eye_state_reads_open_eyes_in_the_browser_and_reports_its_cost() {
    use facegrade::engine::eye_state::{read_eye, EyePatch, EyeState};
    use facegrade::side::Side;
    use wasm_bindgen::JsCast;
    let image = image::load_from_memory(ASTRONAUT).unwrap().to_rgb8();
    let mut engine = Engine::new(&ModelBytes { face_detector: DETECTOR, face_landmarks: MESH, iris_landmarks: IRIS }).unwrap();
    let face = engine.analyse_image(&ImageView::from_rgb(&image)).unwrap().remove(0);
    for side in Side::BOTH {
        assert_eq!(face.eyes.get(side).image.state, EyeState::Open, "{side:?}: {:?}", face.eyes.get(side).image);
    }
    let view = ImageView::from_rgb(&image);
    let mut patch = Box::<EyePatch>::default();
    let performance = js_sys::global().unchecked_into::<web_sys::Window>().performance().unwrap();
    let runs = 2000;
    let start = performance.now();
    let mut score = 0.0;
    for _ in 0..runs {
        score += read_eye(&view, Side::Right, &face.eyes.right, &mut patch).eyeball_score();
    }
    let per_eye_us = (performance.now() - start) * 1000.0 / runs as f64;
    console_log!("eye state from the image: {per_eye_us:.1} us per eye in wasm (mean score {:.2})", score / runs as f32);
}

/// FaceGrade's own operators (PRelu, 2x2 max pool, depthwise 3x3, pointwise 1x1; their
/// SIMD128 paths) give tract's results in the browser, on random shapes and values, and
/// the pointwise kernel on its remainders (partial pixel vectors, partial panels).
#[wasm_bindgen_test]
fn own_operators_match_tracts_in_the_browser() {
    for seed in 0..40 {
        let worst = onnx_graphs::check_random_case(seed);
        assert!(worst <= 1e-5, "difference {worst} for seed {seed}");
    }
    let worst = onnx_graphs::check_pointwise_remainders();
    assert!(worst <= 1e-5, "pointwise remainders: difference {worst}");
}

/// Where the landmark and iris models' time goes in wasm with tract's operators only,
/// with FaceGrade's but tract's pointwise convolutions, and with all of FaceGrade's (a
/// figure for BENCHMARKS, not a pass/fail timing): five rounds, alternating, so the
/// machine's load hits all alike; each round times ten plain runs (the whole model, no
/// per-node clock) and profiles ten more (per operation; the fastest round printed).
#[wasm_bindgen_test]
fn own_operators_profile_in_the_browser() {
    use facegrade::engine::ops::OwnOps;
    use facegrade::engine::runtime::ModelRunner;
    use wasm_bindgen::JsCast;
    let performance = js_sys::global().unchecked_into::<web_sys::Window>().performance().unwrap();
    let now_ms = || performance.now();
    let configurations = [("tract's ops", OwnOps::NONE), ("FaceGrade's ops but tract's pointwise", OwnOps { pointwise_conv: false, ..OwnOps::ALL }), ("FaceGrade's ops", OwnOps::ALL)];
    for (model, bytes, side) in [("landmark", MESH, 192), ("iris", IRIS, 64)] {
        let mut runners: Vec<(&str, ModelRunner)> =
            configurations.into_iter().map(|(name, ops)| (name, ModelRunner::with_ops("profiled", bytes, &[1, side, side, 3], ops).unwrap())).collect();
        let (mut plain, mut profiles) = (vec![Vec::new(); runners.len()], vec![Vec::new(); runners.len()]);
        for _round in 0..5 {
            for (i, (_, runner)) in runners.iter_mut().enumerate() {
                runner.profile(1, &now_ms).unwrap();
                let start = now_ms();
                for _ in 0..10 {
                    runner.input_mut();
                    runner.run().unwrap();
                }
                plain[i].push((now_ms() - start) / 10.0);
                profiles[i].push(runner.profile(10, &now_ms).unwrap());
            }
        }
        for (((name, _), plain), rounds) in runners.iter().zip(&plain).zip(&profiles) {
            let sum = |r: &Vec<facegrade::engine::runtime::OpTime>| r.iter().map(|o| o.ms_per_run).sum::<f64>();
            let fastest = rounds.iter().min_by(|a, b| sum(a).total_cmp(&sum(b))).unwrap();
            let each: Vec<String> = plain.iter().map(|ms| format!("{ms:.2}")).collect();
            let top: Vec<String> = fastest.iter().take(8).map(|o| format!("{} {:.3} ms ({})", o.op, o.ms_per_run, o.nodes)).collect();
            let best = plain.iter().copied().fold(f64::MAX, f64::min);
            console_log!("{model} model in wasm, {name}: {} ms per run (best {best:.2}; 5 rounds of 10); fastest profile {:.2} ms: {}", each.join(" / "), sum(fastest), top.join(", "));
        }
    }
}

/// Each pointwise convolution shape of the landmark and iris models, alone in a graph, run
/// by tract (pack, reshape, matrix kernel) and by FaceGrade's operator in wasm: ms per run
/// of each, alternating (a figure for choosing tiles and for BENCHMARKS, not a pass/fail
/// timing).
#[wasm_bindgen_test]
fn own_operators_pointwise_shapes_in_the_browser() {
    use facegrade::engine::ops::OwnOps;
    use facegrade::engine::runtime::ModelRunner;
    use wasm_bindgen::JsCast;
    let performance = js_sys::global().unchecked_into::<web_sys::Window>().performance().unwrap();
    // (input channels, output channels, plane side, nodes in the landmark and iris models)
    let shapes = [
        (128, 128, 2, 15), (128, 128, 3, 3), (128, 128, 4, 10), (128, 128, 6, 3), (128, 128, 12, 2), (32, 32, 2, 5), (32, 32, 3, 1), (32, 32, 16, 6),
        (32, 32, 48, 2), (16, 16, 96, 2), (16, 32, 48, 1), (64, 64, 8, 6), (64, 64, 24, 2), (128, 32, 2, 5), (128, 32, 3, 1), (32, 64, 8, 3), (32, 64, 24, 1),
        (64, 128, 4, 3), (64, 128, 12, 1), (64, 128, 16, 5), (64, 128, 8, 5), (64, 128, 2, 6), (64, 32, 32, 4), (32, 64, 32, 4), (128, 64, 16, 4), (128, 64, 8, 4),
        (128, 64, 4, 4), (128, 64, 2, 4),
    ];
    let mut v = onnx_graphs::Values::new(3);
    let (mut tracts_total, mut ours_total) = (0.0, 0.0);
    for (cin, cout, side, nodes) in shapes {
        let graph = onnx_graphs::pointwise_1x1(&v.take(cout * cin), cin, Some(&v.take(cout)));
        let shape = [1, cin, side, side];
        let input = v.take(cin * side * side);
        let mut runners: Vec<ModelRunner> = [OwnOps::NONE, OwnOps::ALL].into_iter().map(|ops| ModelRunner::with_ops("pointwise", &graph, &shape, ops).unwrap()).collect();
        let runs = (200_000 / (cin * cout * side * side / 64).max(1)).clamp(20, 2000);
        let mut best = [f64::MAX; 2];
        for _round in 0..3 {
            for (runner, best) in runners.iter_mut().zip(&mut best) {
                runner.input_mut().copy_from_slice(&input);
                runner.run().unwrap();
                let start = performance.now();
                for _ in 0..runs {
                    // The input buffer is back after each run (a fresh one if tract kept it).
                    runner.input_mut();
                    runner.run().unwrap();
                }
                *best = best.min((performance.now() - start) / runs as f64);
            }
        }
        tracts_total += best[0] * nodes as f64;
        ours_total += best[1] * nodes as f64;
        console_log!("pointwise {cin:>3} -> {cout:>3} on {side:>2}x{side:<2} ({nodes:>2} nodes): tract {:.4} ms, FaceGrade {:.4} ms ({:.2}x)", best[0], best[1], best[0] / best[1]);
    }
    console_log!("pointwise, all shapes times their nodes: tract {tracts_total:.3} ms, FaceGrade {ours_total:.3} ms");
}

/// The attention mesh with MediaPipe's transform ops as FaceGrade's operators against the
/// converter's standard-op rewrite run by tract, in wasm: the same outputs (1e-5 relative
/// above 1), and each one's preparation steps and time per run printed for BENCHMARKS
/// (alternating, three rounds; figures, not pass/fail timings).
#[wasm_bindgen_test]
fn attention_mesh_with_transform_operators_in_the_browser() {
    use facegrade::engine::ops::OwnOps;
    use facegrade::engine::runtime::ModelRunner;
    use wasm_bindgen::JsCast;
    let performance = js_sys::global().unchecked_into::<web_sys::Window>().performance().unwrap();
    let now_ms = || performance.now();
    let configurations = [("tract's rewrite", OwnOps { transforms: false, ..OwnOps::ALL }), ("FaceGrade's transforms", OwnOps::ALL)];
    for round in 0..3 {
        let mut outputs = vec![];
        for (name, ops) in configurations {
            let (mut runner, steps) = ModelRunner::with_preparation("face landmark", MESH, &[1, 192, 192, 3], ops, &now_ms).unwrap();
            let prepared: f64 = steps.iter().map(|s| s.ms).sum();
            let each: Vec<String> = steps.iter().map(|s| format!("{} {:.0} ms ({} nodes)", s.step, s.ms, s.nodes)).collect();
            runner.input_mut().copy_from_slice(&floats(CROP_INPUT));
            runner.profile(1, &now_ms).unwrap();
            let per_run: f64 = runner.profile(10, &now_ms).unwrap().iter().map(|o| o.ms_per_run).sum();
            runner.run().unwrap();
            outputs.push(runner.output(0, 1404).unwrap().to_vec());
            console_log!("round {round}, {name}: prepared in {prepared:.0} ms ({}); {per_run:.2} ms per run (10 runs)", each.join(", "));
        }
        let worst = onnx_graphs::largest_difference(&outputs[1], &outputs[0]);
        assert!(worst <= 1e-5, "mesh differs by {worst}");
    }
}

/// The crop every model input goes through: the page's RGBA frames take a SIMD path, the
/// command line's RGB frames the scalar one; both give the same bits, inside the frame, over
/// its edges and outside it, at every supersampling level (1 to 4 taps per axis).
#[wasm_bindgen_test]
fn rgba_crops_match_rgb_crops_to_the_bit() {
    use facegrade::image_view::{sample_crop, InputScaling, PixelLayout};
    let (width, height) = (97u32, 61u32);
    let mut seed = 7u32;
    let mut random = move || {
        seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
        (seed >> 8) as f32 / (1u32 << 24) as f32
    };
    let rgba: Vec<u8> = (0..width * height * 4).map(|_| (random() * 256.0) as u8).collect();
    let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let (rgba_view, rgb_view) = (ImageView::new(width, height, PixelLayout::Rgba, &rgba).unwrap(), ImageView::new(width, height, PixelLayout::Rgb, &rgb).unwrap());
    for case in 0..40 {
        let size = 8 + case % 5;
        // Image pixels per crop pixel from 0.5 to 4.5 (1 to 4 taps), any rotation, a
        // centre anywhere from 10 px outside the frame to 10 px beyond it.
        let (scale, angle) = (0.5 + 4.0 * random(), 6.3 * random());
        let (s, c) = angle.sin_cos();
        let (cx, cy) = (random() * (width as f32 + 20.0) - 10.0, random() * (height as f32 + 20.0) - 10.0);
        let half = size as f32 / 2.0;
        let to_image = Affine2 { a: scale * c, b: -scale * s, c: cx - scale * (c * half - s * half), d: scale * s, e: scale * c, f: cy - scale * (s * half + c * half) };
        for scaling in [InputScaling::ZeroToOne, InputScaling::MinusOneToOne] {
            let (mut from_rgba, mut from_rgb) = (vec![0.0f32; size * size * 3], vec![0.0f32; size * size * 3]);
            sample_crop(&rgba_view, &to_image, size, scaling, &mut from_rgba);
            sample_crop(&rgb_view, &to_image, size, scaling, &mut from_rgb);
            let same = from_rgba.iter().zip(&from_rgb).all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(same, "case {case}: the RGBA crop differs from the RGB crop (scale {scale}, centre {cx}, {cy})");
        }
    }
}
