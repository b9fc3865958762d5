//! `facegrade profile-models [--runs N] [--json]`: where tract's time goes in the face
//! landmark and iris models, per kind of operation (the performance issue's per-op
//! profile; the browser's is in `bench/run`).

use super::{load_engine, models_dir, Args, CliError};
use facegrade::engine::runtime::OpTime;
use std::time::Instant;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json"], &["--runs", "--models"])?;
    let runs: usize = args.option("--runs").map(|r| r.parse().map_err(|_| CliError(format!("--runs {r} is not a number")))).transpose()?.unwrap_or(30);
    let mut engine = load_engine(&models_dir(&args))?;
    let start = Instant::now();
    let now_ms = || start.elapsed().as_secs_f64() * 1000.0;
    // Warm up once, then time (inputs are zeros: convolution cost does not depend on content).
    engine.mesh_model().profile(1, &now_ms)?;
    let landmarks = engine.mesh_model().profile(runs, &now_ms)?;
    let iris_model = engine.iris_model().ok_or_else(|| CliError("the iris model is not loaded".into()))?;
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
