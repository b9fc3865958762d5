//! `facegrade exam --rest A --brow-raise B ... [--snarl I] [--affected-side S]
//! [--json | --csv | --fhir [--pseudonym CODE]]`: one photo per expression in, the exam's
//! scores with per-item evidence out, as text, JSON, one FHIR R4 Bundle, or (`--csv`) every
//! view's measurements, as the page's "Export CSV".

use super::measure::{parse_known_scale, parse_side};
use super::clock::now_utc;
use super::{load_engine, load_image, model_checksums, models_dir, Args, CliError};
use facegrade::engine::FaceLandmarks;
use facegrade::image_view::ImageView;
use facegrade::measure::Expression;
use facegrade::report;
use facegrade::report::fhir::{fhir_bundle, RecordContext};
use facegrade::scores::examine;
use std::collections::BTreeMap;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let mut options: Vec<&str> = Expression::ALL.iter().map(|e| e.flag()).collect();
    options.extend(["--models", "--mm-per-px", "--ipd-mm", "--affected-side", "--pseudonym"]);
    let args = Args::parse(args, &["--json", "--csv", "--fhir"], &options)?;
    if [args.has("--json"), args.has("--csv"), args.has("--fhir")].iter().filter(|&&f| f).count() > 1 {
        return Err(CliError("exam writes one of --json, --csv or --fhir".into()));
    }
    if args.option("--pseudonym").is_some() && !args.has("--fhir") {
        return Err(CliError("--pseudonym goes with --fhir (the other outputs carry no patient)".into()));
    }
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
    if args.has("--fhir") {
        let record = RecordContext {
            pseudonym: args.option("--pseudonym").map(str::to_string),
            effective: now_utc(),
            facegrade_version: env!("CARGO_PKG_VERSION").to_string(),
            models: model_checksums(&models_dir(&args))?,
            // The command line applies no corrections and no one reviews the scores here.
            clinician_verified: false,
        };
        println!("{}", serde_json::to_string_pretty(&fhir_bundle(&exam, &record))?);
    } else if args.has("--json") {
        println!("{}", report::exam::json(&exam)?);
    } else if args.has("--csv") {
        print!("{}", report::exam::csv(&exam));
    } else {
        print!("{}", report::exam::text(&exam));
    }
    Ok(())
}
