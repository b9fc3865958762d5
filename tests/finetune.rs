//! Fine-tuning from corrected landmarks on a real face: the heads really are linear in
//! their features, a tiny training set lowers the training error, the written model loads
//! and changes only what was trained, and foreign or damaged model files are refused.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::correction::LandmarkCorrections;
use facegrade::engine::topology::{lid, upper_lid, MESH_POINTS};
use facegrade::engine::{model_files, Engine, FaceLandmarks, ModelBytes};
use facegrade::finetune::dataset::{context_crop, DatasetError};
use facegrade::finetune::features::{all_heads, FeatureModel};
use facegrade::finetune::heads::{Head, HeadKind};
use facegrade::finetune::{check_candidate, tuned_models, FineTuneOptions, FineTuning, HeldOut, LandmarkReader, ModelFile, ModelFileError, TrainingFrame, TrainingSet};
use facegrade::geometry::Point2;
use facegrade::image_view::{sample_crop, ImageView, InputScaling};
use facegrade::side::Side;
use std::collections::BTreeSet;

fn analysed(engine: &mut Engine, name: &str) -> (image::RgbImage, FaceLandmarks) {
    let image = load_rgb(face(name));
    let face = engine.analyse_image(&ImageView::from_rgb(&image)).unwrap().remove(0);
    (image, face)
}

/// The right upper lid lowered by `px` image pixels: what a clinician does on a
/// narrowed eye the model read as open.
fn lowered_lid(face: &FaceLandmarks, px: f32) -> LandmarkCorrections {
    let mut c = LandmarkCorrections::default();
    for &i in upper_lid(Side::Right) {
        let p = face.mesh[i];
        c.moved.insert(i, Point2::new(p.x, p.y + px));
    }
    c
}

fn frame(engine: &mut Engine, name: &str, px: f32) -> (TrainingFrame, Vec<u8>) {
    let (image, face) = analysed(engine, name);
    let view = ImageView::from_rgb(&image);
    let frame = TrainingFrame::from_correction(name.into(), name.into(), "test".into(), &view, &face, &lowered_lid(&face, px)).unwrap().expect("corrected");
    (frame, context_crop(&view, &face.roi))
}

fn shipped() -> Vec<u8> {
    std::fs::read(model_path(model_files::FACE_LANDMARKS)).unwrap()
}

fn shipped_iris() -> Vec<u8> {
    std::fs::read(model_path(model_files::IRIS_LANDMARKS)).unwrap()
}

#[test]
fn each_head_is_linear_in_the_features_tract_exposes() {
    let bytes = shipped();
    let file = ModelFile::parse(&bytes).unwrap();
    let heads = all_heads(&file).unwrap();
    let mut model = FeatureModel::new(&file, &heads, 192).unwrap();
    let image = load_rgb(face("portrait_frontal_ai.jpg"));
    let mut engine = engine();
    let face = engine.analyse_image(&ImageView::from_rgb(&image)).unwrap().remove(0);
    sample_crop(&ImageView::from_rgb(&image), &face.roi.crop_to_image(192, false), 192, InputScaling::ZeroToOne, model.input_mut());
    let mut readings = Vec::new();
    model.read(&mut readings).unwrap();
    for (head, reading) in heads.iter().zip(&readings) {
        let w = file.weights(&head.weight).unwrap();
        let b = file.weights(&head.bias).unwrap();
        let d = head.feature_len;
        let raw: Vec<f32> = (0..head.channels()).map(|c| w[c * d..(c + 1) * d].iter().zip(&reading.features).map(|(a, f)| a * f).sum::<f32>() + b[c]).collect();
        let vpp = head.kind.values_per_point();
        let mut worst = 0.0f32;
        for k in 0..head.kind.points() {
            let (x, y) = (raw[vpp * k], raw[vpp * k + 1]);
            let (px, py) = match reading.transform {
                None => (x, y),
                Some((a, t)) => (x * a[0] + y * a[2] + t[0], x * a[1] + y * a[3] + t[1]),
            };
            worst = worst.max((px - reading.output[vpp * k]).abs()).max((py - reading.output[vpp * k + 1]).abs());
        }
        println!("{:?}: {} features, largest difference {worst:.2e} px", head.kind, d);
        assert!(worst < 2e-3, "{:?} is not W f + b (then A, t): {worst}", head.kind);
    }
}

#[test]
fn a_tiny_training_set_lowers_the_error_and_changes_only_what_was_trained() {
    let mut engine = engine();
    let (frame_a, crop_a) = frame(&mut engine, "portrait_frontal_ai.jpg", 4.0);
    let (frame_b, _) = frame(&mut engine, "obama.jpg", 3.0);
    let base = shipped();
    // A weak prior: two frames should be fitted closely.
    let options = FineTuneOptions { all_views: false, held_out: HeldOut::Nothing, prior_strength: 1.0, ..FineTuneOptions::default() };
    let iris_base = shipped_iris();
    let tuned = FineTuning::new(&base, &iris_base, &[frame_a.clone(), frame_b], options).unwrap().run_to_end(|_| {}).unwrap();
    let e = tuned.card.training_error;
    println!("training error {:?} -> {:?} px over {} points; layers {:?}", e.before_px, e.after_px, e.points, tuned.card.heads_trained);
    assert!(e.after_px.unwrap() < 0.5 * e.before_px.unwrap(), "{e:?}");

    // The file: same graph, card inside, weights changed only in the trained heads' rows.
    let (file, card) = check_candidate(&tuned.model, &base).unwrap();
    assert_eq!(card.unwrap().frames_used, 2);
    let original = ModelFile::parse(&base).unwrap();
    let heads = all_heads(&original).unwrap();
    let trained_rows: BTreeSet<usize> = upper_lid(Side::Right).iter().flat_map(|&i| [3 * i, 3 * i + 1]).collect();
    let mesh = &heads[0];
    let (w0, w1) = (original.weights(&mesh.weight).unwrap(), file.weights(&mesh.weight).unwrap());
    for c in 0..mesh.channels() {
        let same = w0[c * mesh.feature_len..(c + 1) * mesh.feature_len] == w1[c * mesh.feature_len..(c + 1) * mesh.feature_len];
        // Mirrored views train the partner landmarks too; nothing else moves.
        if !same {
            assert!(c % 3 != 2, "depth channel {c} changed");
        }
        if trained_rows.contains(&c) {
            assert!(!same, "trained channel {c} did not change");
        }
    }
    let changed_channels = (0..mesh.channels()).filter(|&c| w0[c * mesh.feature_len..(c + 1) * mesh.feature_len] != w1[c * mesh.feature_len..(c + 1) * mesh.feature_len]).count();
    assert!(changed_channels <= 4 * 7, "{changed_channels} mesh channels changed");

    // The iris model's update travels inside the file: only lid contour rows change.
    let models = tuned_models(&tuned.model, &base, &iris_base).unwrap();
    assert_eq!(models.iris_landmarks, tuned.iris_model);
    let (iris0, iris1) = (ModelFile::parse(&iris_base).unwrap(), ModelFile::parse(&tuned.iris_model).unwrap());
    let iris_head = Head::locate(&iris0, HeadKind::IrisModelContour).unwrap();
    let (v0, v1) = (iris0.weights(&iris_head.weight).unwrap(), iris1.weights(&iris_head.weight).unwrap());
    let changed_rows: Vec<usize> = (0..iris_head.channels()).filter(|&c| v0[c * iris_head.feature_len..(c + 1) * iris_head.feature_len] != v1[c * iris_head.feature_len..(c + 1) * iris_head.feature_len]).collect();
    println!("iris model channels changed: {changed_rows:?}");
    assert!(!changed_rows.is_empty() && changed_rows.iter().all(|&c| c < 3 * 16 && c % 3 != 2), "{changed_rows:?}");

    // Both load in the engine, and on the training face the mesh outputs differ only on trained points.
    let (d, _, _) = model_bytes();
    Engine::new(&ModelBytes { face_detector: d, face_landmarks: &models.face_landmarks, iris_landmarks: &models.iris_landmarks }).expect("the tuned models load");
    let before = LandmarkReader::new(&base, &iris_base, false).unwrap().raw_outputs(&crop_a, &frame_a.predicted).unwrap();
    let after = LandmarkReader::new(&tuned.model, &tuned.iris_model, false).unwrap().raw_outputs(&crop_a, &frame_a.predicted).unwrap();
    let mut moved = Vec::new();
    for k in 0..MESH_POINTS {
        let dy = after[0][3 * k + 1] - before[0][3 * k + 1];
        let dx = after[0][3 * k] - before[0][3 * k];
        if dx != 0.0 || dy != 0.0 {
            moved.push((k, dx, dy));
        }
    }
    println!("mesh points moved on the training face: {moved:?}");
    let corrected_lid: BTreeSet<usize> = upper_lid(Side::Right).iter().copied().collect();
    assert!(moved.iter().filter(|m| corrected_lid.contains(&m.0)).all(|m| m.2 > 0.2), "the corrected lid did not move down");
    assert!(moved.len() <= 14, "{} points moved", moved.len());
    let eye = HeadKind::ImageLeftEye.model_output();
    let lid_y = |out: &[f32]| lid::UPPER.map(|k| out[2 * k + 1]).sum::<f32>() / lid::UPPER.len() as f32;
    println!("refined right upper lid: {:.2} -> {:.2} px", lid_y(&before[eye]), lid_y(&after[eye]));
    assert!(lid_y(&after[eye]) > lid_y(&before[eye]) + 0.4);
    let iris_lid_y = |out: &[f32]| lid::UPPER.map(|k| out[3 * k + 1]).sum::<f32>() / lid::UPPER.len() as f32;
    let last = before.len() - 1;
    println!("iris model's right upper lid: {:.2} -> {:.2} px (64-pixel eye crop)", iris_lid_y(&before[last]), iris_lid_y(&after[last]));
    assert!(iris_lid_y(&after[last]) > iris_lid_y(&before[last]) + 0.2);
}

#[test]
fn foreign_damaged_or_unreadable_files_are_refused() {
    let base = shipped();
    assert!(matches!(check_candidate(b"not a model at all", &base), Err(ModelFileError::NotOnnx(_))));
    assert!(matches!(check_candidate(&base[..base.len() / 2], &base), Err(ModelFileError::NotOnnx(_))));
    let iris = std::fs::read(model_path(model_files::IRIS_LANDMARKS)).unwrap();
    let e = check_candidate(&iris, &base).unwrap_err();
    // An iris update made for another iris model is refused too.
    let mut file = ModelFile::parse(&base).unwrap();
    file.set_iris_update(&facegrade::finetune::model_file::WeightUpdate { base_sha256: "0".repeat(64), weights: Default::default() });
    assert!(matches!(tuned_models(&file.to_bytes(), &base, &iris), Err(ModelFileError::Foreign(_))));
    assert!(matches!(e, ModelFileError::Foreign(_)), "{e}");
    println!("{e}");

    // Training sets: a round trip keeps every frame; damage is refused whole.
    let mut engine = engine();
    let (frame, _) = frame(&mut engine, "portrait_frontal_ai.jpg", 2.0);
    let set = TrainingSet::new(vec![frame.clone()]);
    assert_eq!(TrainingSet::from_json(&set.to_json()).unwrap(), set);
    assert_eq!(TrainingSet::from_json("{\"exams\": []}"), Err(DatasetError::NotATrainingSet));
    assert_eq!(TrainingSet::from_json(&TrainingSet::new(vec![frame.clone(), frame.clone()]).to_json()), Err(DatasetError::DuplicateId(frame.id.clone())));
    let mut bad = frame.clone();
    bad.crop_rgb.truncate(100);
    assert!(matches!(TrainingSet::from_json(&TrainingSet::new(vec![bad]).to_json()), Err(DatasetError::BadFrame { .. })));
    let mut bad = frame;
    bad.corrected.insert(9999, Point2::new(1.0, 1.0));
    assert!(matches!(TrainingSet::from_json(&TrainingSet::new(vec![bad]).to_json()), Err(DatasetError::BadFrame { .. })));
}
