//! The command line as a user runs it: real images, real models, the JSON it documents,
//! and clear messages (exit status 2) on bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use std::process::{Command, Output};
use facegrade::engine::{model_files, MODEL_FILES};
use facegrade::measure::MEASUREMENT_NAMES;
use facegrade::report::csv::parse_record;

fn facegrade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facegrade")).args(args).output().expect("facegrade runs")
}

fn stdout_json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn landmarks_and_measure_write_the_documented_json() {
    let obama = face("obama.jpg");
    let json = stdout_json(&facegrade(&["landmarks", obama.to_str().unwrap(), "--json"]));
    let faces = json[0]["faces"].as_array().unwrap();
    assert_eq!(faces.len(), 1);
    assert_eq!(faces[0]["mesh"].as_array().unwrap().len(), 478);
    let json = stdout_json(&facegrade(&["measure", obama.to_str().unwrap(), "--json", "--affected-side", "right"]));
    let m = &json[0]["faces"][0];
    assert_eq!(m["affected_side"]["side"], "right");
    for name in facegrade::measure::MEASUREMENT_NAMES {
        let v = &m["measurements"][name];
        for key in ["left", "right", "difference", "percent", "severity", "unit", "region", "confidence", "uncertain"] {
            assert!(v.get(key).is_some(), "{name}.{key}");
        }
    }
}

#[test]
fn exam_scores_every_view_and_says_what_it_could_not_measure() {
    // The same neutral photo for every view: nothing moves, so the movement items must
    // say "not measured" (or 0 for closure) rather than invent a number.
    let neutral = face("portrait_frontal_ai.jpg");
    let p = neutral.to_str().unwrap();
    let mut args = vec!["exam", "--json"];
    for flag in ["--rest", "--brow-raise", "--gentle-closure", "--tight-closure", "--small-smile", "--big-smile", "--pucker", "--lower-teeth"] {
        args.extend([flag, p]);
    }
    let json = stdout_json(&facegrade(&args));
    let s = &json["scores"];
    assert_eq!(s["missing_views"], serde_json::json!(["snarl"]));
    // Yanagihara: no blink, wink, lower-lip depression or snarl view, no brow lift: ranges.
    assert!(s["yanagihara"]["not_measured"].as_array().unwrap().iter().any(|v| v == "nose_wrinkle"));
    let text = String::from_utf8_lossy(&facegrade(&args[..1].iter().chain(&args[2..]).copied().collect::<Vec<_>>()).stdout).into_owned();
    assert!(text.contains("by region (Yen et al. 2003): F- E") && text.contains("Yanagihara estimate (40-point): "), "{text}");
    assert!(text.contains("blink                   0-4  not measured"), "{text}");
    assert!(s["notice"].as_str().unwrap().contains("not a diagnosis"));
    let brow = &s["auto_eface"]["dynamic_items"][0];
    assert_eq!(brow["name"], "brow_elevation");
    assert!(brow["score"].is_null() && brow["not_measured"].as_str().unwrap().contains("performed"));
    assert_eq!(s["auto_eface"]["complete"], false);
    assert!(s["house_brackmann"]["grade"].is_null());
    // By region: no brow lift, no snarl view, no smile: only the eye is graded.
    let written = s["house_brackmann"]["regions"]["written"].as_str().unwrap();
    assert!(written.starts_with("F- E") && written.ends_with(" N- M-"), "{written}");
    assert_eq!(json["calibration"]["reference_view"], "rest");
    assert_eq!(json["views"].as_object().unwrap().len(), 8);
    assert!(s["sunnybrook"]["not_measured"].as_array().unwrap().iter().any(|v| v == "resting.cheek"));
}

#[test]
fn bad_input_gets_a_clear_message_and_status_2() {
    let obama = face("obama.jpg");
    let p = obama.to_str().unwrap();
    let out = facegrade(&["exam", "--rest", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing --brow-raise"), "{}", stderr(&out));

    let out = facegrade(&["measure", "/nonexistent/photo.jpg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read image /nonexistent/photo.jpg"), "{}", stderr(&out));

    let out = facegrade(&["measure", p, "--affected-side", "middle"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--affected-side takes left, right or auto"));

    // A corrupt model is refused with the model's name, not a panic.
    let dir = std::env::temp_dir().join(format!("facegrade-cli-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in MODEL_FILES {
        std::fs::copy(model_path(name), dir.join(name)).unwrap();
    }
    std::fs::write(dir.join(model_files::FACE_LANDMARKS), b"not a model").unwrap();
    let out = facegrade(&["landmarks", p, "--models", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("face landmark"), "{}", stderr(&out));
}

#[test]
fn a_known_interpupillary_distance_sets_the_scale() {
    let obama = face("obama.jpg");
    let p = obama.to_str().unwrap();
    let iris = stdout_json(&facegrade(&["measure", p, "--json"]));
    let known = stdout_json(&facegrade(&["measure", p, "--json", "--ipd-mm", "70"]));
    let (a, b) = (&iris[0]["faces"][0], &known[0]["faces"][0]);
    assert_eq!(b["calibration"]["source"]["known_interpupillary_distance"]["mm"], 70.0);
    // Values scale with the calibration: the same face in a different unit.
    let ratio = b["mm_per_px"].as_f64().unwrap() / a["mm_per_px"].as_f64().unwrap();
    let brow = |m: &serde_json::Value| m["measurements"]["brow_height_mm"]["left"].as_f64().unwrap();
    assert!((brow(b) / brow(a) - ratio).abs() < 1e-3, "{} vs {ratio}", brow(b) / brow(a));
    let out = facegrade(&["measure", p, "--ipd-mm", "70", "--mm-per-px", "0.2"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn profile_models_says_where_each_model_spends_its_time() {
    let out = facegrade(&["profile-models", "--runs", "2", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = stdout_json(&out);
    for model in ["face_landmark_with_attention", "iris_landmark"] {
        let ops = json[model].as_array().expect("a list of operations");
        let total: f64 = ops.iter().map(|o| o["ms_per_run"].as_f64().unwrap()).sum();
        assert!(total > 0.0, "{model}: no time measured");
        assert!(ops.iter().any(|o| o["op"].as_str().unwrap().contains("MatMul")), "{model}: the convolutions' matrix products are listed");
        // Largest first.
        let times: Vec<f64> = ops.iter().map(|o| o["ms_per_run"].as_f64().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]));
        // The preparation, step by step, ends in the plan that was profiled (whose
        // inputs and constants are nodes too, but run no operation).
        let steps = json["preparation"][model].as_array().expect("preparation steps");
        let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
        assert_eq!(names, ["decode and adopt", "parse", "typed", "declutter", "optimise", "plan"], "{model}");
        let planned = steps.last().unwrap()["nodes"].as_u64().unwrap();
        assert!(planned >= ops.iter().map(|o| o["nodes"].as_u64().unwrap()).sum::<u64>(), "{model}: the profiled nodes are the plan's");
    }
    let mesh = json["face_landmark_with_attention"].as_array().unwrap();
    assert!(mesh.iter().any(|o| o["op"] == "FaceGradeTransformTensorBilinear"), "MediaPipe's sampling runs as FaceGrade's operator");
}

#[test]
fn finetune_refuses_a_file_that_is_not_a_training_set() {
    let dir = std::env::temp_dir().join(format!("facegrade-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("exams.json");
    std::fs::write(&bad, r#"{"exams": []}"#).unwrap();
    let out = facegrade(&["finetune", bad.to_str().unwrap(), "--out", dir.join("m.onnx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a FaceGrade training set"), "{}", stderr(&out));
    assert!(!dir.join("m.onnx").exists(), "nothing written");
}

#[test]
fn csv_quotes_a_file_name_with_a_comma_and_a_quote() {
    // RFC 4180: the name comes back whole, and every record has the header's columns.
    let dir = std::env::temp_dir().join(format!("facegrade-cli-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let awkward = dir.join("Smith, \"J\" 2026.jpg");
    std::fs::copy(face("obama.jpg"), &awkward).unwrap();
    let out = facegrade(&["measure", awkward.to_str().unwrap(), "--csv"]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let records: Vec<Vec<String>> = text.lines().map(|l| parse_record(l).expect("a valid CSV record")).collect();
    assert_eq!(records.len(), 2, "header and one face:\n{text}");
    assert_eq!(records[0].len(), 6 + 4 * MEASUREMENT_NAMES.len(), "values and their uncertainties");
    assert_eq!(records[1].len(), records[0].len(), "{text}");
    assert_eq!(records[1][0], awkward.to_str().unwrap());
    assert_eq!(records[0][6], "brow_height_mm_left");
    assert!(records[1][6].parse::<f32>().is_ok());
    assert_eq!(records[0][6 + 2 * MEASUREMENT_NAMES.len()], "brow_height_mm_left_uncertainty");
    assert!(records[1][6 + 2 * MEASUREMENT_NAMES.len()].parse::<f32>().is_ok_and(|u| u > 0.0), "a photo's values have an uncertainty");
}
