//! `facegrade profile-models [--runs N] [--json] [--ops LIST]`: where tract's time goes
//! in the face landmark and iris models, per kind of operation (the performance issue's
//! per-op profile; the browser's is in `bench/run`). `--ops` picks which of FaceGrade's
//! own operators run (`all`, the default and what the app runs; `none`, tract's only; or
//! a list such as `prelu,max-pool`), to measure each against tract's. Each model's
//! preparation (decode and adopt, parse, typing, declutter, optimise, plan) is timed
//! too, with the node count after each step: where a cold start goes.

use super::{models_dir, read_model, Args, CliError};
use facegrade::engine::face_mesh::MESH_INPUT;
use facegrade::engine::iris::IRIS_INPUT;
use facegrade::engine::model_files;
use facegrade::engine::ops::OwnOps;
use facegrade::engine::runtime::{ModelRunner, OpTime, PreparationStep};
use std::time::Instant;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json"], &["--runs", "--models", "--ops"])?;
    let runs: usize = args.option("--runs").map(|r| r.parse().map_err(|_| CliError(format!("--runs {r} is not a number")))).transpose()?.unwrap_or(30);
    let ops = args.option("--ops").map(OwnOps::parse).transpose().map_err(CliError)?.unwrap_or(OwnOps::DEFAULT);
    let dir = models_dir(&args);
    let start = Instant::now();
    let now_ms = || start.elapsed().as_secs_f64() * 1000.0;
    let load = |name: &'static str, file: &str, side: usize| -> Result<(ModelRunner, Vec<PreparationStep>), CliError> {
        let bytes = read_model(&dir, file)?;
        Ok(ModelRunner::with_preparation(name, &bytes, &[1, side, side, 3], ops, &now_ms)?)
    };
    // Warm up once, then time (inputs are zeros: convolution cost does not depend on content).
    let (mut mesh, mesh_preparation) = load("face landmark", model_files::FACE_LANDMARKS, MESH_INPUT)?;
    mesh.profile(1, &now_ms)?;
    let landmarks = mesh.profile(runs, &now_ms)?;
    let (mut iris_model, iris_preparation) = load("iris landmark", model_files::IRIS_LANDMARKS, IRIS_INPUT)?;
    iris_model.profile(1, &now_ms)?;
    let iris = iris_model.profile(runs, &now_ms)?;
    if args.has("--json") {
        let preparation = serde_json::json!({ "face_landmark_with_attention": mesh_preparation, "iris_landmark": iris_preparation });
        println!("{}", serde_json::json!({ "runs": runs, "face_landmark_with_attention": landmarks, "iris_landmark": iris, "preparation": preparation }));
        return Ok(());
    }
    for (name, table, preparation) in [("face_landmark_with_attention", &landmarks, &mesh_preparation), ("iris_landmark", &iris, &iris_preparation)] {
        print_preparation(name, preparation);
        print_table(name, table, runs);
    }
    Ok(())
}

fn print_preparation(name: &str, steps: &[PreparationStep]) {
    let total: f64 = steps.iter().map(|s| s.ms).sum();
    let each: Vec<String> = steps.iter().map(|s| format!("{} {:.0} ms ({} nodes)", s.step, s.ms, s.nodes)).collect();
    println!("{name}: prepared in {total:.0} ms: {}", each.join(", "));
}

fn print_table(name: &str, table: &[OpTime], runs: usize) {
    let total: f64 = table.iter().map(|o| o.ms_per_run).sum();
    println!("{name}: {total:.2} ms per run (mean of {runs}), by operation");
    println!("  {:<28} {:>8} {:>7} {:>6}", "operation", "ms", "share", "nodes");
    for o in table.iter().take(12) {
        println!("  {:<28} {:>8.3} {:>6.1}% {:>6}", o.op, o.ms_per_run, 100.0 * o.ms_per_run / total.max(1e-9), o.nodes);
    }
}
