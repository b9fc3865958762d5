//! `facegrade agreement FILE.json [--json]`: agreement between FaceGrade and the
//! clinician over exported exams (see [`facegrade::agreement::exams`] for the file).

use super::capped_read::{read_text_capped, MAX_JSON_FILE_BYTES};
use super::{Args, CliError};
use facegrade::agreement::{exams, over_exams};
use facegrade::report;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json"], &[])?;
    let [path] = args.positional.as_slice() else {
        return Err(CliError("agreement takes one file: facegrade agreement FILE.json [--json]".into()));
    };
    let text = read_text_capped(path, MAX_JSON_FILE_BYTES).map_err(|e| CliError(format!("cannot read {path}: {e}")))?;
    let exams = exams::parse(&text).map_err(|e| match e {
        exams::ExamFileError::Json(e) => CliError(format!("{path} is not a JSON array of exported exams: {e}")),
        bad => CliError(format!("{path}: {bad}")),
    })?;
    let result = over_exams(&exams);
    if args.has("--json") {
        println!("{}", report::agreement::json(&result)?);
    } else {
        print!("{}", report::agreement::text(&result));
    }
    Ok(())
}
