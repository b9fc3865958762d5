//! The exam on real faces: a full set of expressions made from one real photo by smooth,
//! known warps (synthetic expressions), symmetric or with one side weak, then the real
//! engine, measurements and scores. Checks that the scores see what was done.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::engine::FaceLandmarks;
use facegrade::measure::Expression::{self, *};
use facegrade::measure::measure_exam;
use facegrade::scores::{score_exam, DecidedBy, ExamReadings, ExamScores};
use facegrade::side::{PerSide, Side};
use facegrade::synthetic::mirror;
use std::collections::BTreeMap;

#[test]
fn the_peak_frame_score_rises_with_each_expression() {
    // Expression::peak_score picks a capture's peak frame: every moving view must score
    // above the rest photo's frame on the same measure.
    let mut engine = engine();
    let rest = load_rgb(face("portrait_frontal_ai.jpg"));
    let views = synthetic_exam(&mut engine, &rest, PerSide::new(1.0, 1.0));
    let exam = measure_exam(&views, None, None).unwrap();
    for view in [BrowRaise, GentleClosure, TightClosure, SmallSmile, BigSmile, Pucker, Snarl] {
        let (moved, still) = (view.peak_score(&exam.views[&view]), view.peak_score(&exam.views[&Rest]));
        println!("{view:?}: peak score {moved:.2} vs rest {still:.2}");
        assert!(moved > still, "{view:?}: {moved} vs rest {still}");
    }
}

fn scores(views: &BTreeMap<Expression, FaceLandmarks>) -> ExamScores {
    let exam = measure_exam(views, None, None).expect("measurable");
    score_exam(&ExamReadings::from_exam(&exam), None)
}

fn summary(s: &ExamScores) -> String {
    let e = &s.auto_eface;
    let items: Vec<String> = e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items).map(|i| format!("{}={}", i.name, i.score.map_or("-".into(), |v| format!("{v:.0}")))).collect();
    format!(
        "side {:?} ({:?}, {:+.2}); eFACE static {:?} dynamic {:?} synk {:?} total {:?}; Sunnybrook {:?}; HB {:?} ({})\n  {}",
        s.affected_side.side, s.affected_side.decided_by, s.affected_side.vote_toward_left,
        e.static_score, e.dynamic_score, e.synkinesis_score, e.total, s.sunnybrook.composite, s.house_brackmann.grade, s.house_brackmann.reason,
        items.join(" ")
    )
}

fn eface_item(s: &ExamScores, name: &str) -> Option<f32> {
    let e = &s.auto_eface;
    e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items).find(|i| i.name == name).and_then(|i| i.score)
}

fn voluntary_grade(s: &ExamScores, name: &str) -> Option<u8> {
    s.sunnybrook.voluntary.iter().find(|i| i.name == name).and_then(|i| i.grade)
}

#[test]
fn synthetic_exams_on_a_real_face() {
    let mut engine = engine();
    let rest = load_rgb(face("portrait_frontal_ai.jpg"));
    let symmetric = scores(&synthetic_exam(&mut engine, &rest, PerSide::new(1.0, 1.0)));
    println!("symmetric exam: {}", summary(&symmetric));
    let weak_left = scores(&synthetic_exam(&mut engine, &rest, PerSide::new(0.2, 1.0)));
    println!("weak-left exam: {}", summary(&weak_left));
    let weak_right_mirror = scores(&synthetic_exam(&mut engine, &mirror(&rest), PerSide::new(1.0, 0.2)));
    println!("mirrored photo, weak right: {}", summary(&weak_right_mirror));

    // A warp lowers the upper lids but cannot close an eye (the lid still shows the iris
    // below it), so eye-closure items are not asserted here; the scores' hand-computed
    // tests cover their formulas, and the engine tests the lid readings.
    // Symmetric movement: no side stands out, the smile is symmetric.
    assert_eq!(symmetric.affected_side.decided_by, DecidedBy::Unclear, "{:?}", symmetric.affected_side);
    assert!(eface_item(&symmetric, "oral_commissure_with_smile").unwrap() >= 75.0);
    assert!(voluntary_grade(&symmetric, "open_mouth_smile").unwrap() >= 4);
    assert!(voluntary_grade(&symmetric, "lip_pucker").unwrap() >= 4);
    // The same real face at rest in every exam: the static items stay near normal.
    for s in [&symmetric, &weak_left, &weak_right_mirror] {
        assert!(s.auto_eface.static_score.unwrap() >= 85.0, "{}", summary(s));
    }

    // One side moving at 20 %: found, and its movements score low.
    assert_eq!((weak_left.affected_side.side, &weak_left.affected_side.decided_by), (Side::Left, &DecidedBy::Measurements));
    assert!(eface_item(&weak_left, "oral_commissure_with_smile").unwrap() <= 50.0);
    assert!(voluntary_grade(&weak_left, "open_mouth_smile").unwrap() <= 3);
    assert!(voluntary_grade(&weak_left, "lip_pucker").unwrap() <= 3);
    assert!(weak_left.auto_eface.dynamic_score.unwrap() < symmetric.auto_eface.dynamic_score.unwrap() - 15.0);

    // The mirrored exam is the same exam with the sides exchanged.
    assert_eq!(weak_right_mirror.affected_side.side, Side::Right);
    let (a, b) = (weak_left.auto_eface.total.unwrap(), weak_right_mirror.auto_eface.total.unwrap());
    println!("auto-eFACE total, weak left vs its mirror image: {a:.2} vs {b:.2}");
    assert!((a - b).abs() <= 2.0);
    assert_eq!(weak_left.sunnybrook.composite, weak_right_mirror.sunnybrook.composite);
}
