//! `facegrade finetune DATASET --out MODEL.onnx`: the same fine-tuning the page runs in
//! its worker, on a training set file exported from the page (or pooled from several).

use super::clock::today;
use super::capped_read::{read_text_capped, MAX_JSON_FILE_BYTES};
use super::{models_dir, Args, CliError};
use facegrade::finetune::{FineTuneOptions, FineTuning, HeldOut, Progress, Stage, TrainingSet};

use facegrade::engine::model_files;
pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json", "--mirror-only"], &["--out", "--models", "--name", "--prior", "--held-out"])?;
    let [dataset] = args.positional.as_slice() else {
        return Err(CliError("finetune needs one training set file (exported from the page's training set view)".into()));
    };
    let out = args.option("--out").ok_or_else(|| CliError("finetune needs --out MODEL.onnx".into()))?;
    let text = read_text_capped(dataset, MAX_JSON_FILE_BYTES).map_err(|e| CliError(format!("cannot read {dataset}: {e}")))?;
    let set = TrainingSet::from_json(&text).map_err(|e| CliError(format!("{dataset}: {e}")))?;
    let read = |name: &str| {
        let path = models_dir(&args).join(name);
        std::fs::read(&path).map_err(|e| CliError(format!("cannot read model {}: {e}", path.display())))
    };
    let (base, iris_base) = (read(model_files::FACE_LANDMARKS)?, read(model_files::IRIS_LANDMARKS)?);
    let options = FineTuneOptions {
        prior_strength: args.option("--prior").map(|p| p.parse::<f64>().map_err(|_| CliError(format!("--prior {p} is not a number")))).transpose()?.unwrap_or(FineTuneOptions::default().prior_strength),
        all_views: !args.has("--mirror-only"),
        held_out: match args.option("--held-out") {
            None => HeldOut::Auto,
            Some("none") => HeldOut::Nothing,
            Some(groups) => HeldOut::Groups(groups.split(',').map(str::to_string).collect()),
        },
        name: args.option("--name").unwrap_or("fine-tuned").to_string(),
        created: today(),
    };
    let tuning = FineTuning::new(&base, &iris_base, &set.frames, options)?;
    let (train, held) = tuning.frames();
    eprintln!("fine-tuning on {train} frames, {held} held out");
    let result = tuning.run_to_end(progress_lines())?;
    std::fs::write(out, &result.model).map_err(|e| CliError(format!("cannot write {out}: {e}")))?;
    if args.has("--json") {
        println!("{}", serde_json::to_string_pretty(&result.card).expect("card serialises"));
    } else {
        println!("wrote {out}: {} frames used, layers changed: {}", result.card.frames_used, result.card.heads_trained.join(", "));
        for line in result.card.summary_lines() {
            println!("  held-out {line}");
        }
    }
    Ok(())
}

/// Prints fine-tuning progress on stderr: a line per stage and per tenth of the work.
pub fn progress_lines() -> impl FnMut(&Progress) {
    let mut shown = (Stage::Done, usize::MAX);
    move |p: &Progress| {
        let tenth = p.done * 10 / p.total.max(1);
        if (p.stage, tenth) != shown {
            shown = (p.stage, tenth);
            let error = p.training_error_px.map_or(String::new(), |e| format!(", training error {e:.2} px"));
            eprintln!("{} {}/{}{error}", p.stage.describe(), p.done, p.total);
        }
    }
}
