//! `facegrade exam --rest A --brow-raise B ... [--snarl I] [--blink J] [--wink K]
//! [--lower-lip-depression L] [--affected-side S]
//! [--json | --csv | --fhir [--fhir-with-pdf] [--pseudonym CODE]] [--pdf OUT.pdf
//! [--pdf-with-pictures]]`: one photo per expression in, the exam's scores with per-item
//! evidence out, as text, JSON, one FHIR R4 Bundle, or (`--csv`) every view's
//! measurements, as the page's "Export CSV"; `--pdf` also writes the report as a PDF file
//! (the views' photos in it only with `--pdf-with-pictures`), `--fhir-with-pdf` puts that
//! PDF in the Bundle's DiagnosticReport.presentedForm.

use super::measure::{parse_known_scale, parse_side};
use super::clock::now_utc;
use super::{load_engine, load_image, model_checksums, models_dir, Args, CliError};
use facegrade::engine::FaceLandmarks;
use facegrade::image_view::ImageView;
use facegrade::measure::Expression;
use facegrade::report;
use facegrade::report::fhir::presented_form::attach_pdf;
use facegrade::report::fhir::{fhir_bundle, RecordContext};
use facegrade::report::pdf::{exam_pdf, picture::picture, PdfContext};
use facegrade::scores::examine;
use std::collections::BTreeMap;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let mut options: Vec<&str> = Expression::EVERY.iter().map(|e| e.flag()).collect();
    options.extend(["--models", "--mm-per-px", "--ipd-mm", "--affected-side", "--pseudonym", "--pdf"]);
    let args = Args::parse(args, &["--json", "--csv", "--fhir", "--fhir-with-pdf", "--pdf-with-pictures"], &options)?;
    if [args.has("--json"), args.has("--csv"), args.has("--fhir")].iter().filter(|&&f| f).count() > 1 {
        return Err(CliError("exam writes one of --json, --csv or --fhir".into()));
    }
    if args.option("--pseudonym").is_some() && !args.has("--fhir") && args.option("--pdf").is_none() {
        return Err(CliError("--pseudonym goes with --fhir or --pdf (the other outputs carry no patient)".into()));
    }
    if args.has("--fhir-with-pdf") && !args.has("--fhir") {
        return Err(CliError("--fhir-with-pdf goes with --fhir (it puts the report's PDF in the Bundle)".into()));
    }
    if args.has("--pdf-with-pictures") && args.option("--pdf").is_none() && !args.has("--fhir-with-pdf") {
        return Err(CliError("--pdf-with-pictures goes with --pdf OUT.pdf or --fhir-with-pdf".into()));
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
    let mut pictures = Vec::new();
    for expression in Expression::EVERY {
        let Some(path) = args.option(expression.flag()) else { continue };
        let image = load_image(path)?;
        if args.has("--pdf-with-pictures") {
            // Captioned by the view only: a file name may carry the patient's name.
            pictures.extend(picture(&image, &format!("{} view", expression.code().replace('_', " "))));
        }
        let mut found = engine.analyse_image(&ImageView::from_rgb(&image))?;
        match found.len() {
            0 => return Err(CliError(format!("{} image {path}: no face found", expression.code()))),
            1 => {}
            n => return Err(CliError(format!("{} image {path}: {n} faces found; the exam needs one face per photo", expression.code()))),
        }
        faces.insert(expression, found.remove(0));
    }
    let exam = examine(&faces, known_scale, affected).ok_or_else(|| CliError("no view could be pose-corrected (canonical face missing)".into()))?;
    let taken = now_utc();
    let pdf = (args.option("--pdf").is_some() || args.has("--fhir-with-pdf")).then(|| {
        let context = PdfContext { pseudonym: args.option("--pseudonym").map(str::to_string), taken: Some(taken.clone()), facegrade_version: env!("CARGO_PKG_VERSION").to_string(), pictures, ..Default::default() };
        exam_pdf(&exam, &context)
    });
    if let (Some(out), Some(pdf)) = (args.option("--pdf"), &pdf) {
        std::fs::write(out, pdf).map_err(|e| CliError(format!("cannot write the PDF to {out}: {e}")))?;
    }
    if args.has("--fhir") {
        let record = RecordContext {
            pseudonym: args.option("--pseudonym").map(str::to_string),
            effective: taken,
            facegrade_version: env!("CARGO_PKG_VERSION").to_string(),
            models: model_checksums(&models_dir(&args))?,
            // The command line applies no corrections and no one reviews the scores here.
            clinician_verified: false,
            // No clinician grades or context: those are made on the page.
            ..Default::default()
        };
        let mut bundle = fhir_bundle(&exam, &record);
        if let (true, Some(pdf)) = (args.has("--fhir-with-pdf"), &pdf) {
            attach_pdf(&mut bundle, pdf, "FaceGrade exam report");
        }
        println!("{}", serde_json::to_string_pretty(&bundle)?);
    } else if args.has("--json") {
        println!("{}", report::exam::json(&exam)?);
    } else if args.has("--csv") {
        print!("{}", report::exam::csv(&exam));
    } else {
        print!("{}", report::exam::text(&exam));
    }
    Ok(())
}
