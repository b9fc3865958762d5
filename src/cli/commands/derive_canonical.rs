//! `facegrade derive-canonical IMAGE... [--out FILE]`: derives the canonical face and the
//! mirror permutation from real frontal faces (see src/engine/canonical.rs).

use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::engine::canonical::{derive, to_rust_source};
use facegrade::engine::PassPlan;
use facegrade::engine::roi::RotatedSquare;
use facegrade::image_view::ImageView;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &[], &["--models", "--out"])?;
    if args.positional.is_empty() {
        return Err(CliError("derive-canonical needs at least one IMAGE of a frontal face".into()));
    }
    let mut engine = load_engine(&models_dir(&args))?;
    let mut faces = Vec::new();
    let mut sources = Vec::new();
    for path in &args.positional {
        let image = load_image(path)?;
        let view = ImageView::from_rgb(&image);
        let detections = engine.detect(&view)?;
        let Some(d) = detections.first() else {
            return Err(CliError(format!("{path}: no face")));
        };
        // Single direct pass: the permutation the mirrored pass needs is what we derive.
        let plan = PassPlan { mirror_average: false, mirrored_only: false, iris_cross_check: false, extra_crop_views: &[] };
        let face = engine.analyse_face(&view, &RotatedSquare::face_from_detection(d), Some(d.score), plan)?;
        faces.push(face.mesh);
        sources.push(std::path::Path::new(path).file_name().map_or(path.clone(), |n| n.to_string_lossy().into_owned()));
    }
    let (shape, perm) = derive(&faces);
    let fixed = (0..perm.len()).filter(|&i| perm[i] == i).count();
    eprintln!("derived from {} faces; {} self-symmetric (midline) points", faces.len(), fixed);
    let source = to_rust_source(&shape, &perm, &sources);
    match args.option("--out") {
        Some(out) => std::fs::write(out, source)?,
        None => print!("{source}"),
    }
    Ok(())
}
