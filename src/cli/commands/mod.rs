//! Subcommands and their shared plumbing (argument parsing, model and image loading).

mod agreement;
mod blinks;
mod capped_read;
mod clock;
mod derive_canonical;
mod exam;
mod finetune;
mod finetune_experiment;
mod landmarks;
mod make_eye_clips;
mod measure;
mod profile_models;

use facegrade::engine::{model_files, Engine, ModelBytes};
use facegrade::finetune::model_file::sha256_hex;
use facegrade::image_file;
use facegrade::report::fhir::ModelChecksum;
use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
facegrade: objective facial palsy measurements, on this machine only

USAGE:
  facegrade landmarks IMAGE... [--json] [--models DIR]
  facegrade measure IMAGE... [--json|--csv] [--mm-per-px X | --ipd-mm X]
                    [--affected-side left|right|auto]
  facegrade exam --rest A --brow-raise B --gentle-closure C --tight-closure D
                 --small-smile E --big-smile F --pucker G --lower-teeth H [--snarl I]
                 [--blink J] [--wink K] [--lower-lip-depression L]
                 [--affected-side left|right|auto] [--mm-per-px X | --ipd-mm X]
                 [--json | --csv | --fhir [--fhir-with-pdf] [--pseudonym CODE]]
                 [--pdf OUT.pdf [--pdf-with-pictures]]
  facegrade agreement EXAMS.json [--json]
  facegrade blinks VIDEO.y4m|FRAMES_DIR [--fps N] [--json] [--mm-per-px X | --ipd-mm X]
  facegrade derive-canonical IMAGE... [--out FILE] [--models DIR]
  facegrade finetune TRAINING_SET.json --out MODEL.onnx [--name NAME] [--prior X]
                     [--held-out GROUP,...|none] [--mirror-only] [--json] [--models DIR]
  facegrade finetune-experiment IMAGE... --held-out PERSON,... --out RESULT.json
                     [--prior X] [--save-set FILE] [--models DIR]
  facegrade profile-models [--runs N] [--json] [--models DIR] [--ops default|all|none|prelu,max-pool,depthwise-conv,pointwise-conv,transforms]
  facegrade make-eye-clips VIDEO.y4m --labels LABELS.json --out-dir DIR [--first-frame N]
                           [--models DIR]

Sides are the subject's anatomical left/right (the subject's left appears on the image's
right in an unmirrored photo). Models are read from --models, $FACEGRADE_MODELS, or the
models/ folder of the source tree.
";

/// A user-facing error: printed as `facegrade: <message>`, exit status 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

pub fn run(args: Vec<String>) -> i32 {
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return 2;
    };
    let result = match command.as_str() {
        "landmarks" => landmarks::run(rest),
        "measure" => measure::run(rest),
        "exam" => exam::run(rest),
        "agreement" => agreement::run(rest),
        "blinks" => blinks::run(rest),
        "derive-canonical" => derive_canonical::run(rest),
        "finetune" => finetune::run(rest),
        "finetune-experiment" => finetune_experiment::run(rest),
        "profile-models" => profile_models::run(rest),
        "make-eye-clips" => make_eye_clips::run(rest),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(CliError(format!("unknown command '{other}'\n\n{USAGE}"))),
    };
    match result {
        Ok(()) => 0,
        Err(CliError(message)) => {
            eprintln!("facegrade: {message}");
            2
        }
    }
}

/// Parsed flags: positional arguments, boolean switches, and `--key value` options.
pub struct Args {
    pub positional: Vec<String>,
    switches: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    pub fn parse(args: &[String], switches: &[&str], options: &[&str]) -> Result<Args, CliError> {
        let mut out = Args { positional: vec![], switches: vec![], options: vec![] };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if switches.contains(&a.as_str()) {
                out.switches.push(a.clone());
            } else if options.contains(&a.as_str()) {
                let v = it.next().ok_or_else(|| CliError(format!("{a} needs a value")))?;
                out.options.push((a.clone(), v.clone()));
            } else if a.starts_with("--") {
                return Err(CliError(format!("unknown option '{a}'")));
            } else {
                out.positional.push(a.clone());
            }
        }
        Ok(out)
    }

    pub fn has(&self, switch: &str) -> bool {
        self.switches.iter().any(|s| s == switch)
    }

    pub fn option(&self, key: &str) -> Option<&str> {
        self.options.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

pub fn models_dir(args: &Args) -> PathBuf {
    if let Some(dir) = args.option("--models") {
        return PathBuf::from(dir);
    }
    if let Ok(dir) = std::env::var("FACEGRADE_MODELS") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// One model file's bytes.
pub fn read_model(dir: &Path, name: &str) -> Result<Vec<u8>, CliError> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|e| CliError(format!("cannot read model {}: {e}", path.display())))
}

pub fn load_engine(dir: &Path) -> Result<Engine, CliError> {
    let read = |name: &str| read_model(dir, name);
    let (d, m, i) = (read(model_files::FACE_DETECTOR)?, read(model_files::FACE_LANDMARKS)?, read(model_files::IRIS_LANDMARKS)?);
    Engine::new(&ModelBytes { face_detector: &d, face_landmarks: &m, iris_landmarks: &i }).map_err(|e| CliError(e.to_string()))
}

/// Each model file's name and sha256, as the engine reads them from `dir` (the FHIR
/// export's Device records them).
pub fn model_checksums(dir: &Path) -> Result<Vec<ModelChecksum>, CliError> {
    model_files::MODEL_FILES
        .iter()
        .map(|name| Ok(ModelChecksum { file: name.to_string(), sha256: sha256_hex(&read_model(dir, name)?) }))
        .collect()
}

/// An image file, its size checked before it is read and its header before it is
/// decoded (see [`facegrade::image_file`] for the caps).
pub fn load_image(path: &str) -> Result<image::RgbImage, CliError> {
    let cannot = |e: &dyn std::fmt::Display| CliError(format!("cannot read image {path}: {e}"));
    let contents = capped_read::read_capped(path, image_file::MAX_FILE_BYTES).map_err(|e| cannot(&e))?;
    image_file::decode_rgb(&contents).map_err(|e| cannot(&e))
}
