//! Native speed of each engine stage and of a whole frame, on a real face.
//! `cargo bench --bench engine`; figures are recorded in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use facegrade::engine::detector::FaceDetector;
use facegrade::engine::eye_state::{read_eye, EyePatch};
use facegrade::engine::roi::RotatedSquare;
use facegrade::engine::tracking::FaceTracker;
use facegrade::engine::{Engine, ModelBytes, PassPlan};
use facegrade::image_view::{sample_crop, ImageView, InputScaling};
use facegrade::side::Side;
use std::path::PathBuf;

fn stages(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let read = |n: &str| std::fs::read(root.join("models").join(n)).unwrap();
    let (d, m, i) = (read("face_detection_short_range.onnx"), read("face_landmark_with_attention.onnx"), read("iris_landmark.onnx"));
    let mut engine = Engine::new(&ModelBytes { face_detector: &d, face_landmarks: &m, iris_landmarks: &i }).unwrap();
    let image = image::open(root.join("../shared/data/faces/astronaut.png")).unwrap().to_rgb8();
    let view = ImageView::from_rgb(&image);
    let letterbox = FaceDetector::letterbox(image.width(), image.height());
    let detection = engine.detect(&view).unwrap().remove(0);
    let roi = RotatedSquare::face_from_detection(&detection);
    let face = engine.analyse_face(&view, &roi, None, PassPlan::STILL).unwrap();
    let eye = &face.eyes.right.lid_contour;
    let eye_roi = RotatedSquare::eye_from_corners(eye[0], eye[8]);

    let mut group = c.benchmark_group("engine");
    group.sample_size(30);
    group.bench_function("detection (one pass)", |b| b.iter(|| engine.detector().detect(&view, &letterbox).unwrap()));
    group.bench_function("landmarks (attention mesh, one pass)", |b| b.iter(|| engine.mesh_model().run(&view, &roi, false).unwrap()));
    // FaceGrade's own crop sampling alone (the model input of one pass: the rest of
    // "landmarks, one pass" beside the model).
    let mut mesh_input = vec![0.0f32; 256 * 256 * 3];
    let mesh_to_image = roi.crop_to_image(256, false);
    group.bench_function("crop sampling (attention mesh input, 256x256)", |b| {
        b.iter(|| sample_crop(&view, &mesh_to_image, 256, InputScaling::ZeroToOne, &mut mesh_input))
    });
    // The model alone on its current input: the figure bench/native_onnxruntime.py's
    // onnxruntime run is compared with (BENCHMARKS.md).
    group.bench_function("landmark model alone (tract)", |b| b.iter(|| engine.mesh_model().infer().unwrap()));
    // The eye state from the eye image (budget: 1 ms per eye per frame in wasm).
    let mut patch = Box::<EyePatch>::default();
    group.bench_function("eye state from the image (one eye)", |b| b.iter(|| read_eye(&view, Side::Right, &face.eyes.right, &mut patch).eyeball_score()));
    group.bench_function("iris (one eye)", |b| b.iter(|| engine.iris_model().expect("loaded").run(&view, &eye_roi, Side::Right).unwrap()));
    let mut tracker = FaceTracker::new();
    let mut t = 0.0;
    group.bench_function("whole video frame (tracked: mesh + 2 iris + pose + filter)", |b| {
        b.iter(|| {
            t += 1.0 / 30.0;
            tracker.track(&mut engine, &view, t).unwrap().faces_detected
        })
    });
    group.bench_function("still image (unbiased: 2 detections, 5 crop views x 2 mesh passes, 5 x 2 iris)", |b| b.iter(|| engine.analyse_image(&view).unwrap()));
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
