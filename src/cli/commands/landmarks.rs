//! `facegrade landmarks IMAGE... [--json]`: per image and face, the engine's landmarks.

use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::engine::FaceLandmarks;
use facegrade::image_view::ImageView;
use serde::Serialize;

#[derive(Serialize)]
struct FaceReport {
    detection_score: Option<f32>,
    presence_score: f32,
    pose_deg: facegrade::engine::pose::HeadPose,
    /// 478 x [x, y, z], image pixels.
    mesh: Vec<[f32; 3]>,
    eyes: EyesReport,
    /// 80 x [x, y] refined lip points.
    lips: Vec<[f32; 2]>,
}

#[derive(Serialize)]
struct EyesReport {
    left: EyeReport,
    right: EyeReport,
}

#[derive(Serialize)]
struct EyeReport {
    /// 16 fused lid points: 9 lower (lateral to medial canthus), 7 upper.
    contour: Vec<[f32; 2]>,
    iris_centre: [f32; 2],
    iris_radius_px: f32,
    opening_px: f32,
    opening_attention_px: f32,
    opening_iris_model_px: f32,
    opening_confidence: f32,
    uncertain: bool,
    /// What the eye image says: state, visible eyeball height (px), confidence, evidence.
    image: facegrade::engine::eye_state::EyeImageReading,
}

pub fn report(face: &FaceLandmarks) -> serde_json::Value {
    let eye = |e: &facegrade::engine::eyelids::EyeEstimate| EyeReport {
        contour: e.lid_contour.iter().map(|p| [p.x, p.y]).collect(),
        iris_centre: [e.iris_centre.x, e.iris_centre.y],
        iris_radius_px: e.iris_radius_px,
        opening_px: e.opening_px,
        opening_attention_px: e.opening_attention_px,
        opening_iris_model_px: e.opening_iris_model_px,
        opening_confidence: e.opening_confidence,
        uncertain: e.uncertain,
        image: e.image,
    };
    serde_json::to_value(FaceReport {
        detection_score: face.detection_score,
        presence_score: face.presence,
        pose_deg: face.pose,
        mesh: face.mesh.iter().map(|p| [p.x, p.y, p.z]).collect(),
        eyes: EyesReport { left: eye(&face.eyes.left), right: eye(&face.eyes.right) },
        lips: face.lips.iter().map(|p| [p.x, p.y]).collect(),
    })
    .expect("serialisable")
}

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json"], &["--models"])?;
    if args.positional.is_empty() {
        return Err(CliError("landmarks needs at least one IMAGE".into()));
    }
    let mut engine = load_engine(&models_dir(&args))?;
    let mut reports = Vec::new();
    for path in &args.positional {
        let image = load_image(path)?;
        let faces = engine.analyse_image(&ImageView::from_rgb(&image))?;
        if args.has("--json") {
            reports.push(serde_json::json!({
                "image": path, "width": image.width(), "height": image.height(),
                "faces": faces.iter().map(report).collect::<Vec<_>>(),
            }));
        } else {
            println!("{path}: {} face(s)", faces.len());
            for (i, f) in faces.iter().enumerate() {
                println!(
                    "  face {i}: detection {:.2}, presence {:.2}, yaw {:.1} pitch {:.1} roll {:.1} deg",
                    f.detection_score.unwrap_or(f32::NAN), f.presence, f.pose.yaw, f.pose.pitch, f.pose.roll
                );
                for (name, e) in [("right", &f.eyes.right), ("left", &f.eyes.left)] {
                    println!(
                        "    {name} eye: {} (image, confidence {:.2}), opening {:.1} px (attention {:.1}, iris model {:.1}), confidence {:.2}{}, iris r {:.1} px",
                        e.image.state.code(), e.image.confidence, e.opening_px, e.opening_attention_px, e.opening_iris_model_px, e.opening_confidence,
                        if e.uncertain { " UNCERTAIN" } else { "" }, e.iris_radius_px
                    );
                }
            }
        }
    }
    if args.has("--json") {
        println!("{}", serde_json::to_string(&reports)?);
    }
    Ok(())
}
