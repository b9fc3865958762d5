//! `facegrade measure IMAGE... [--json|--csv] [--mm-per-px X | --ipd-mm X] [--affected-side left|right]`

use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::engine::eye_state::EyeState;
use facegrade::image_view::ImageView;
use facegrade::measure::measurements::EyeStateMeasurement;
use facegrade::measure::calibration::KnownScale;
use facegrade::measure::{measure, FaceMeasurements, MEASUREMENT_NAMES};
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

/// "open, 8.4 mm visible (confidence 0.92)", "closed", "unknown: <why>".
pub fn eye_words(e: &EyeStateMeasurement) -> String {
    let mut words = match (e.state, e.unknown_reason) {
        (EyeState::Unknown, Some(reason)) => format!("unknown: {}", reason.advice()),
        (EyeState::Closed, _) => format!("closed (confidence {:.2})", e.confidence),
        (state, _) => format!("{}, {:.1} mm of eyeball visible (confidence {:.2})", state.code(), e.visible_height_mm, e.confidence),
    };
    if e.disagrees_with_landmarks {
        words.push_str(" [image and landmarks disagree]");
    }
    words
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
        let mut header = vec!["image".to_string(), "face".into(), "yaw_deg".into(), "pitch_deg".into(), "roll_deg".into(), "mm_per_px".into()];
        for name in MEASUREMENT_NAMES {
            header.push(format!("{name}_left"));
            header.push(format!("{name}_right"));
        }
        println!("{}", header.join(","));
    }
    for path in &args.positional {
        let image = load_image(path)?;
        let faces = engine.analyse_image(&ImageView::from_rgb(&image))?;
        let measured: Vec<FaceMeasurements> = faces.iter().filter_map(|f| measure(f, known_scale, affected)).collect();
        if args.has("--json") {
            json.push(serde_json::json!({ "image": path, "faces": measured }));
        } else if args.has("--csv") {
            for (i, m) in measured.iter().enumerate() {
                let mut row = vec![path.clone(), i.to_string(), format!("{:.2}", m.pose_deg.yaw), format!("{:.2}", m.pose_deg.pitch), format!("{:.2}", m.pose_deg.roll), format!("{:.5}", m.mm_per_px)];
                for name in MEASUREMENT_NAMES {
                    let v = &m.measurements[name];
                    row.push(format!("{:.2}", v.left));
                    row.push(format!("{:.2}", v.right));
                }
                println!("{}", row.join(","));
            }
        } else {
            println!("{path}: {} face(s)", measured.len());
            for m in &measured {
                println!(
                    "  pose yaw {:.1} pitch {:.1} roll {:.1} deg{}; {:.4} mm/px ({:?}, confidence {:.2}); affected side: {}",
                    m.pose_deg.yaw, m.pose_deg.pitch, m.pose_deg.roll,
                    if m.pose_within_limits { "" } else { " (BEYOND CORRECTION: values flagged)" },
                    m.mm_per_px, m.calibration.source, m.calibration.confidence,
                    m.affected_side.side.map_or("unknown", |s| s.name())
                );
                println!("  eyes (from the eye image): right {}, left {}", eye_words(&m.eyes.right), eye_words(&m.eyes.left));
                println!("  {:<30} {:>8} {:>8} {:>8} {:>8}  severity", "measurement", "right", "left", "diff", "%");
                for name in MEASUREMENT_NAMES {
                    let v = &m.measurements[name];
                    println!(
                        "  {:<30} {:>8.2} {:>8.2} {:>8.2} {:>8}  {:?}{}",
                        name, v.right, v.left, v.difference,
                        v.percent.map_or("-".to_string(), |p| format!("{p:.0}")),
                        v.severity, if v.uncertain { " (uncertain eyelid)" } else { "" }
                    );
                }
            }
        }
    }
    if args.has("--json") {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    Ok(())
}
