//! Agreement between FaceGrade and the clinician over exported exams: score items from
//! hand-built exams with clinician values set at known offsets (so the expected bias and
//! limits are worked by hand), measurements from real faces with a clinician's
//! correction, and the command line over such a file.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::readings::*;
use common::*;
use facegrade::agreement::exams::{pair_up, AgreementExam};
use facegrade::agreement::{over_exams, Compared, NotComputed, SeriesAgreement, Statistic};
use facegrade::correction::LandmarkCorrections;
use facegrade::engine::topology::brow_upper;
use facegrade::geometry::Point2;
use facegrade::measure::Expression::{self, *};
use facegrade::scores::{examine, score_exam, ExamScores};
use facegrade::side::Side;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::Command;

/// Healthy (HB I), right flaccid (HB IV) and left synkinetic (HB III) exams.
fn three_exams() -> Vec<ExamScores> {
    let healthy = symmetric_with_snarl_fissures();
    let mut synkinetic: Vec<Row> = SYMMETRIC.iter().filter(|r| r.1 != "palpebral_fissure_height_mm" || !matches!(r.0, BigSmile | Pucker)).copied().collect();
    synkinetic.push((BigSmile, "palpebral_fissure_height_mm", 4.0, 9.0));
    synkinetic.push((Pucker, "palpebral_fissure_height_mm", 6.0, 10.0));
    vec![score_exam(&exam(&healthy), None), score_exam(&exam(&flaccid_right_rows()), None), score_exam(&exam(&synkinetic), Some(Side::Left))]
}

fn exported(scores: &ExamScores, clinician: Value) -> Value {
    json!({ "scores": scores, "clinician": clinician })
}

fn series<'a>(all: &'a [SeriesAgreement], name: &str) -> &'a SeriesAgreement {
    all.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no series {name}"))
}

fn file_of(exams: &[Value]) -> Vec<AgreementExam> {
    serde_json::from_value(Value::Array(exams.to_vec())).expect("the file format reads")
}

fn score_file() -> Vec<Value> {
    let e = three_exams();
    let grades: Vec<u8> = e.iter().map(|s| s.house_brackmann.grade.unwrap()).collect();
    assert_eq!(grades, [1, 4, 3]);
    let total = |s: &ExamScores| f64::from(s.auto_eface.total.unwrap());
    // The clinician's totals are FaceGrade's minus 2, 4 and 6; grades I, V, III.
    vec![
        exported(&e[0], json!({ "auto_eface.total": total(&e[0]) - 2.0, "house_brackmann.grade": 1, "sunnybrook.voluntary.brow_lift": 5 })),
        exported(&e[1], json!({ "auto_eface.total": total(&e[1]) - 4.0, "house_brackmann.grade": 5, "not_an_item": 3 })),
        exported(&e[2], json!({ "auto_eface.total": total(&e[2]) - 6.0, "house_brackmann.grade": 3 })),
    ]
}

#[test]
fn score_items_agree_as_worked_by_hand() {
    let report = over_exams(&file_of(&score_file()));
    assert_eq!(report.exams, 3);
    // Differences (FaceGrade - clinician) 2, 4, 6: bias 4, SD sqrt((4 + 0 + 4) / 2) = 2,
    // limits 4 -+ 1.96 x 2 = 0.08 and 7.92.
    let total = series(&report.series, "auto_eface.total");
    let Statistic::Computed(ba) = &total.bland_altman else { panic!("{total:?}") };
    assert!((ba.bias - 4.0).abs() < 1e-4 && (ba.sd - 2.0).abs() < 1e-4, "{ba:?}");
    assert!((ba.limits_of_agreement[0] - 0.08).abs() < 1e-4 && (ba.limits_of_agreement[1] - 7.92).abs() < 1e-4);
    assert!(matches!(total.icc, Statistic::Computed(ref i) if i.value > 0.0 && i.value < 1.0 && i.ci95.is_some()));
    assert!(total.grades.is_none());
    // Grades (I, I), (IV, V), (III, III): exact 2 of 3, within one grade 3 of 3.
    let hb = series(&report.series, "house_brackmann.grade");
    let Some(Statistic::Computed(g)) = &hb.grades else { panic!("{hb:?}") };
    assert_eq!((g.exact, g.within_one, g.pairs), (2, 3, 3));
    // One exam only: said, not NaN.
    let brow = series(&report.series, "sunnybrook.voluntary.brow_lift");
    assert_eq!(brow.icc, Statistic::NotComputed(NotComputed::TooFewPairs(1)));
    assert_eq!(report.notes, ["exam 2: FaceGrade has no value for not_an_item; not compared"]);
    assert!(!serde_json::to_string(&report).unwrap().contains("NaN"));
}

/// A real face's rest view, exported with a clinician's correction lifting the left
/// brow's middle point by `lift_px`.
fn corrected_rest_exam(name: &str, lift_px: f32) -> Value {
    let mut engine = engine();
    let face = analyse(&mut engine, &load_rgb(common::face(name)));
    let faces: BTreeMap<Expression, _> = BTreeMap::from([(Rest, face.clone())]);
    let report = examine(&faces, None, None).expect("measured");
    let mut c = LandmarkCorrections::default();
    let i = brow_upper(Side::Left)[2];
    let p = face.mesh[i].xy();
    c.moved.insert(i, Point2::new(p.x, p.y - lift_px));
    json!({ "exam_id": name, "scores": report.scores, "calibration": report.calibration, "model_landmarks": { "rest": face }, "corrections": { "rest": c } })
}

#[test]
fn corrected_landmarks_pair_with_the_model_s_per_measurement() {
    let exams = file_of(&[corrected_rest_exam("obama.jpg", 12.0), corrected_rest_exam("biden.jpg", 12.0)]);
    let paired = pair_up(&exams);
    assert!(paired.notes.is_empty(), "{:?}", paired.notes);
    let get = |name: &str| paired.series.iter().find(|s| s.name == name && s.compared == Compared::Measurement).unwrap_or_else(|| panic!("{name}"));
    // The lifted left brow measures higher on the corrected face; the right brow is untouched.
    for p in &get("rest brow_height_mm left").pairs {
        assert!(p.clinician > p.suggested + 0.5, "{p:?}");
    }
    for p in &get("rest brow_height_mm right").pairs {
        assert!((p.clinician - p.suggested).abs() < 1e-3, "{p:?}");
    }
    let report = over_exams(&exams);
    let left = series(&report.series, "rest brow_height_mm left");
    assert!(matches!(left.bland_altman, Statistic::Computed(ref b) if b.bias < -0.5), "{left:?}");
}

#[test]
fn the_command_reads_a_file_and_says_what_it_cannot_compute() {
    let dir = std::env::temp_dir().join(format!("facegrade-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("exams.json");
    std::fs::write(&path, serde_json::to_string(&score_file()).unwrap()).unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_facegrade")).arg("agreement").args(args).output().unwrap();
    let out = run(&[path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Agreement over 3 exam(s)") && text.contains("house_brackmann.grade") && text.contains("exact 2/3"), "{text}");
    assert!(text.contains("needs at least 2 exams, has 1") && !text.contains("NaN"), "{text}");
    let out = run(&[path.to_str().unwrap(), "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["exams"], 3);
    std::fs::write(&path, "{}").unwrap();
    let out = run(&[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a JSON array of exported exams"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_statistics_words_speak_japanese_and_the_english_is_unchanged() {
    use facegrade::i18n::Lang;
    use facegrade::report::agreement::{bland_altman_words_in, grade_words_in, icc_words_in, why_in};
    let japanese = |s: &str| s.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'));
    // A file where some statistics are computed and some are not (a single pair).
    let file = score_file();
    let report = over_exams(&file_of(&file));
    let one = over_exams(&file_of(&file[..1]));
    let mut not_computed = 0;
    for s in report.series.iter().chain(&one.series) {
        for ja in [icc_words_in(s, Lang::Ja), bland_altman_words_in(s, Lang::Ja)].into_iter().chain(grade_words_in(s, Lang::Ja)) {
            let latin: Vec<&str> = ja.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty() && !["ICC", "Bland", "Altman"].contains(w)).collect();
            assert!(japanese(&ja) && latin.is_empty(), "{}: {ja} ({latin:?})", s.name);
        }
        if let Statistic::NotComputed(why) = &s.icc {
            assert_eq!(why_in(why, Lang::En), why.to_string(), "the English is the command line's");
            not_computed += 1;
        }
    }
    for why in [NotComputed::TooFewPairs(1), NotComputed::NoVariance, NotComputed::BadInput] {
        assert_eq!(why_in(&why, Lang::En), why.to_string());
        assert!(japanese(&why_in(&why, Lang::Ja)), "{why:?}");
    }
    assert!(not_computed > 0, "a single exam leaves the ICC not computed");
}
