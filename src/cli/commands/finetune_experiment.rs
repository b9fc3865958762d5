//! `facegrade finetune-experiment IMAGE... --held-out PEOPLE --out RESULT.json`: the
//! fine-tuning proof on synthetic palsies with known truth.
//!
//! Each face is read by the shipped engine (that reading is taken as its truth), then
//! warped on one side (upper lid lowered, brow lowered, commissure drooped, or all three):
//! the warp moves every landmark to a known place, while the model, trained on normal
//! faces, reads the warped face as more symmetric than it is. A "clinician" corrects the
//! points the warp moved (the editor's points and the irises) to their true places.
//! Fine-tuning uses the training people's frames; the held-out people's warped frames
//! measure the error before and after per region, and their unwarped faces measure any
//! regression where nothing was wrong. An image's person is its file name up to "__".

use super::clock::today;
use super::finetune::progress_lines;
use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::correction::{correctable_points, LandmarkCorrections};
use facegrade::finetune::dataset::{context_crop, crop_points};
use facegrade::finetune::{FineTuneOptions, FineTuning, HeldOut, LandmarkReader, TrainingFrame, TrainingRegion, TrainingSet};
use facegrade::image_view::ImageView;
use facegrade::synthetic::palsy_set;
use serde_json::json;
use std::collections::BTreeSet;

/// A point counts as moved (and is corrected) past this many crop pixels.
const MOVED_CROP_PX: f32 = 0.5;
/// Allowed mean drift on unwarped held-out faces (crop pixels).
const UNWARPED_TOLERANCE_PX: f32 = 0.25;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &[], &["--out", "--models", "--held-out", "--prior", "--save-set"])?;
    let out = args.option("--out").ok_or_else(|| CliError("finetune-experiment needs --out RESULT.json".into()))?;
    let held_out: BTreeSet<String> = args.option("--held-out").ok_or_else(|| CliError("finetune-experiment needs --held-out PERSON,...".into()))?.split(',').map(str::to_string).collect();
    let prior = args.option("--prior").map(|p| p.parse::<f64>()).transpose().map_err(|_| CliError("--prior is not a number".into()))?.unwrap_or(FineTuneOptions::default().prior_strength);
    let started = std::time::Instant::now();
    let mut engine = load_engine(&models_dir(&args))?;
    let editor_points: BTreeSet<usize> = correctable_points().iter().map(|p| p.index).chain(468..478).collect();
    let mut frames = Vec::new();
    let mut unwarped = Vec::new();
    let mut people = BTreeSet::new();
use facegrade::engine::model_files;
    for path in &args.positional {
        let stem = std::path::Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or(path).to_string();
        let person = stem.split("__").next().unwrap_or(&stem).to_string();
        people.insert(person.clone());
        let image = load_image(path)?;
        let Some(face) = engine.analyse_image(&ImageView::from_rgb(&image))?.into_iter().next() else {
            eprintln!("{path}: no face, skipped");
            continue;
        };
        if held_out.contains(&person) {
            unwarped.push((context_crop(&ImageView::from_rgb(&image), &face.roi), crop_points(&face)));
        }
        let crop_px = 192.0 / face.roi.size;
        for palsy in palsy_set(&face.mesh) {
            let warped = palsy.apply(&image);
            let Some(seen) = engine.analyse_image(&ImageView::from_rgb(&warped))?.into_iter().next() else { continue };
            let mut corrections = LandmarkCorrections::default();
            for &i in &editor_points {
                let truth = palsy.moved(face.mesh[i].xy());
                if truth.distance(face.mesh[i].xy()) * crop_px > MOVED_CROP_PX {
                    corrections.moved.insert(i, truth);
                }
            }
            let id = format!("{stem}: {}", palsy.name);
            if let Some(frame) = TrainingFrame::from_correction(id, person.clone(), palsy.name.clone(), &ImageView::from_rgb(&warped), &seen, &corrections)? {
                frames.push(frame);
            }
        }
        eprintln!("{path}: {} frames so far", frames.len());
    }
    if let Some(path) = args.option("--save-set") {
        std::fs::write(path, TrainingSet::new(frames.clone()).to_json())?;
    }
    let base = std::fs::read(models_dir(&args).join(model_files::FACE_LANDMARKS))?;
    let iris_base = std::fs::read(models_dir(&args).join(model_files::IRIS_LANDMARKS))?;
    let options = FineTuneOptions { prior_strength: prior, all_views: true, held_out: HeldOut::Groups(held_out.clone()), name: "synthetic palsy experiment".into(), created: today() };
    let tuning = FineTuning::new(&base, &iris_base, &frames, options)?;
    let (n_train, n_held) = tuning.frames();
    let tuned = tuning.run_to_end(progress_lines())?;
    // Unwarped held-out faces: mean distance over the editor's points to the engine's reading.
    let editor: Vec<usize> = correctable_points().iter().map(|p| p.index).collect();
    let drift = |model: &[u8], iris: &[u8]| -> Result<f32, CliError> {
        let mut reader = LandmarkReader::new(model, iris, true)?;
        let (mut sum, mut n) = (0.0f64, 0usize);
        for (crop, truth) in &unwarped {
            let read = reader.read(crop)?;
            for &i in &editor {
                sum += read[i].distance(truth[i]) as f64;
                n += 1;
            }
        }
        Ok((sum / n.max(1) as f64) as f32)
    };
    let (unwarped_before, unwarped_after) = (drift(&base, &iris_base)?, drift(&tuned.model, &tuned.iris_model)?);
    let card = &tuned.card;
    let region = |key: &str, when: &str| card.held_out_error.get(key).and_then(|e| if when == "before" { e.before_px } else { e.after_px });
    let mut result = json!({
        "date": today(),
        "command": format!("facegrade finetune-experiment {} --held-out {} --prior {prior}", args.positional.len(), held_out.iter().cloned().collect::<Vec<_>>().join(",")),
        "units": "pixels of the model's 192-pixel face crop",
        "people": people,
        "held_out_people": held_out,
        "train_frames": n_train,
        "held_out_frames": n_held,
        "unwarped_held_out_faces": unwarped.len(),
        "unwarped_all_before_px": unwarped_before,
        "unwarped_all_after_px": unwarped_after,
        "unwarped_tolerance_px": UNWARPED_TOLERANCE_PX,
        "unwarped_within_tolerance": unwarped_after <= unwarped_before + UNWARPED_TOLERANCE_PX,
        "seconds": started.elapsed().as_secs_f32(),
        "card": card,
    });
    for (key, name) in [(TrainingRegion::Eyelids.name(), "eyelids"), (TrainingRegion::Brows.name(), "brows"), (TrainingRegion::Lips.name(), "lips"), ("all", "all")] {
        result[format!("{name}_before_px")] = json!(region(key, "before"));
        result[format!("{name}_after_px")] = json!(region(key, "after"));
    }
    if let Some(parent) = std::path::Path::new(out).parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(out, serde_json::to_string_pretty(&result).expect("json"))?;
    println!("{:<10} {:>10} {:>10}", "region", "before px", "after px");
    for name in ["eyelids", "brows", "lips", "all"] {
        let v = |w: &str| result[format!("{name}_{w}_px")].as_f64().map_or("-".into(), |v| format!("{v:.2}"));
        println!("{name:<10} {:>10} {:>10}", v("before"), v("after"));
    }
    println!("{:<10} {:>10.2} {:>10.2}   (unwarped held-out faces, tolerance +{UNWARPED_TOLERANCE_PX} px)", "unwarped", unwarped_before, unwarped_after);
    println!("{n_train} training frames, {n_held} held-out frames; wrote {out}");
    Ok(())
}
