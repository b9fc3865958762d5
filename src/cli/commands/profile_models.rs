//! `facegrade profile-models [--runs N] [--json] [--ops LIST]`: where tract's time goes
//! in the face landmark and iris models, per kind of operation (the performance issue's
//! per-op profile; the browser's is in `bench/run`). `--ops` picks which of FaceGrade's
//! own operators run (`all`, the default and what the app runs; `none`, tract's only; or
//! a list such as `prelu,max-pool`), to measure each against tract's.

use super::{models_dir, read_model, Args, CliError};
use facegrade::engine::face_mesh::MESH_INPUT;
use facegrade::engine::iris::IRIS_INPUT;
use facegrade::engine::model_files;
use facegrade::engine::ops::OwnOps;
use facegrade::engine::runtime::{ModelRunner, OpTime};
use std::time::Instant;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json"], &["--runs", "--models", "--ops"])?;
    let runs: usize = args.option("--runs").map(|r| r.parse().map_err(|_| CliError(format!("--runs {r} is not a number")))).transpose()?.unwrap_or(30);
    let ops = args.option("--ops").map(OwnOps::parse).transpose().map_err(CliError)?.unwrap_or(OwnOps::ALL);
    let dir = models_dir(&args);
    let load = |name: &'static str, file: &str, side: usize| -> Result<ModelRunner, CliError> {
        Ok(ModelRunner::with_ops(name, &read_model(&dir, file)?, &[1, side, side, 3], ops)?)
    };
    let start = Instant::now();
    let now_ms = || start.elapsed().as_secs_f64() * 1000.0;
    // Warm up once, then time (inputs are zeros: convolution cost does not depend on content).
    let mut mesh = load("face landmark", model_files::FACE_LANDMARKS, MESH_INPUT)?;
    mesh.profile(1, &now_ms)?;
    let landmarks = mesh.profile(runs, &now_ms)?;
    let mut iris_model = load("iris landmark", model_files::IRIS_LANDMARKS, IRIS_INPUT)?;
    iris_model.profile(1, &now_ms)?;
    let iris = iris_model.profile(runs, &now_ms)?;
    if args.has("--json") {
        println!("{}", serde_json::json!({ "runs": runs, "face_landmark_with_attention": landmarks, "iris_landmark": iris }));
        return Ok(());
    }
    for (name, table) in [("face_landmark_with_attention", &landmarks), ("iris_landmark", &iris)] {
        print_table(name, table, runs);
    }
    Ok(())
}

fn print_table(name: &str, table: &[OpTime], runs: usize) {
    let total: f64 = table.iter().map(|o| o.ms_per_run).sum();
    println!("{name}: {total:.2} ms per run (mean of {runs}), by operation");
    println!("  {:<28} {:>8} {:>7} {:>6}", "operation", "ms", "share", "nodes");
    for o in table.iter().take(12) {
        println!("  {:<28} {:>8.3} {:>6.1}% {:>6}", o.op, o.ms_per_run, 100.0 * o.ms_per_run / total.max(1e-9), o.nodes);
    }
}
