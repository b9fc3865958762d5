//! `facegrade measure IMAGE... [--json|--csv] [--mm-per-px X | --ipd-mm X] [--affected-side left|right]`

use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::image_view::ImageView;
use facegrade::measure::calibration::KnownScale;
use facegrade::measure::measure;
use facegrade::report::{self, measurements::ImageMeasurements};
use facegrade::side::Side;

pub fn parse_side(value: Option<&str>) -> Result<Option<Side>, CliError> {
    match value {
        None | Some("auto") => Ok(None),
        Some(word) => word.parse::<Side>().map(Some).map_err(|_| CliError(format!("--affected-side takes left, right or auto, not '{word}'"))),
    }
}

/// `--mm-per-px X` or `--ipd-mm X` (the subject's interpupillary distance), at most one.
pub fn parse_known_scale(args: &Args) -> Result<Option<KnownScale>, CliError> {
    let positive = |flag: &str, v: &str| v.parse::<f32>().ok().filter(|x| *x > 0.0 && x.is_finite()).ok_or_else(|| CliError(format!("{flag} needs a positive number, not '{v}'")));
    match (args.option("--mm-per-px"), args.option("--ipd-mm")) {
        (Some(_), Some(_)) => Err(CliError("give --mm-per-px or --ipd-mm, not both".into())),
        (Some(v), None) => Ok(Some(KnownScale::MmPerPx(positive("--mm-per-px", v)?))),
        (None, Some(v)) => Ok(Some(KnownScale::InterpupillaryMm(positive("--ipd-mm", v)?))),
        (None, None) => Ok(None),
    }
}

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json", "--csv"], &["--models", "--mm-per-px", "--ipd-mm", "--affected-side"])?;
    if args.positional.is_empty() {
        return Err(CliError("measure needs at least one IMAGE".into()));
    }
    let known_scale = parse_known_scale(&args)?;
    let affected = parse_side(args.option("--affected-side"))?;
    let mut engine = load_engine(&models_dir(&args))?;
    let mut json = Vec::new();
    if args.has("--csv") {
        println!("{}", report::measurements::csv_header());
    }
    for path in &args.positional {
        let image = load_image(path)?;
        let faces = engine.analyse_image(&ImageView::from_rgb(&image))?;
        let measured = ImageMeasurements { image: path.clone(), faces: faces.iter().filter_map(|f| measure(f, known_scale, affected)).collect() };
        if args.has("--json") {
            json.push(measured);
        } else if args.has("--csv") {
            report::measurements::csv_records(&measured).iter().for_each(|record| println!("{record}"));
        } else {
            print!("{}", report::measurements::text(&measured));
        }
    }
    if args.has("--json") {
        println!("{}", report::measurements::json(&json)?);
    }
    Ok(())
}
