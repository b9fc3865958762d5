//! `facegrade exam --rest A --brow-raise B ... [--snarl I] [--affected-side S] [--json | --csv]`:
//! one photo per expression in, the exam's scores with per-item evidence out (or, with
//! `--csv`, every view's measurements, as the page's "Export CSV").

use super::measure::{parse_known_scale, parse_side};
use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::engine::FaceLandmarks;
use facegrade::image_view::ImageView;
use facegrade::measure::Expression;
use facegrade::report;
use facegrade::scores::examine;
use std::collections::BTreeMap;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let mut options: Vec<&str> = Expression::ALL.iter().map(|e| e.flag()).collect();
    options.extend(["--models", "--mm-per-px", "--ipd-mm", "--affected-side"]);
    let args = Args::parse(args, &["--json", "--csv"], &options)?;
    if let Some(extra) = args.positional.first() {
        return Err(CliError(format!("exam takes each image after its expression's flag (e.g. --rest {extra})")));
    }
    let missing: Vec<&str> = Expression::ALL.iter().filter(|e| !e.optional() && args.option(e.flag()).is_none()).map(|e| e.flag()).collect();
    if !missing.is_empty() {
        return Err(CliError(format!("exam needs one image per expression; missing {}", missing.join(", "))));
    }
    let known_scale = parse_known_scale(&args)?;
    let affected = parse_side(args.option("--affected-side"))?;
    let mut engine = load_engine(&models_dir(&args))?;
    let mut faces: BTreeMap<Expression, FaceLandmarks> = BTreeMap::new();
    for expression in Expression::ALL {
        let Some(path) = args.option(expression.flag()) else { continue };
        let image = load_image(path)?;
        let mut found = engine.analyse_image(&ImageView::from_rgb(&image))?;
        match found.len() {
            0 => return Err(CliError(format!("{} image {path}: no face found", expression.code()))),
            1 => {}
            n => return Err(CliError(format!("{} image {path}: {n} faces found; the exam needs one face per photo", expression.code()))),
        }
        faces.insert(expression, found.remove(0));
    }
    let exam = examine(&faces, known_scale, affected).ok_or_else(|| CliError("no view could be pose-corrected (canonical face missing)".into()))?;
    if args.has("--json") {
        println!("{}", report::exam::json(&exam)?);
    } else if args.has("--csv") {
        print!("{}", report::exam::csv(&exam));
    } else {
        print!("{}", report::exam::text(&exam));
    }
    Ok(())
}
