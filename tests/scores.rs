//! Exam scores on hand-built exams, against values computed by hand from the formulas
//! (auto-eFACE: Compute_eFace.py; Sunnybrook and House-Brackmann: the rules stated in
//! src/scores). No models: the readings are typed in.

mod common;
use common::readings::*;
use facegrade::measure::Expression::*;
use facegrade::scores::{score_exam, DecidedBy, ExamScores};
use facegrade::side::Side;

fn item<'a>(items: &'a [facegrade::scores::auto_eface::EfaceItem], name: &str) -> &'a facegrade::scores::auto_eface::EfaceItem {
    items.iter().find(|i| i.name == name).unwrap_or_else(|| panic!("no item {name}"))
}

fn close(a: Option<f32>, b: f32) -> bool {
    a.is_some_and(|a| (a - b).abs() < 0.01)
}

#[test]
fn a_symmetric_exam_scores_as_normal() {
    let s = score_exam(&exam(&symmetric_with_snarl_fissures()), None);
    let e = &s.auto_eface;
    for i in e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items) {
        assert!(close(i.score, 100.0), "{}: {:?} ({:?})", i.name, i.score, i.not_measured);
    }
    assert!(e.complete && close(e.total, 100.0));
    let sb = &s.sunnybrook;
    assert_eq!(sb.resting_score, [0.0, 10.0], "cheek not measured: 0-2 x 5");
    assert_eq!(sb.voluntary_score, [100.0, 100.0]);
    assert_eq!(sb.synkinesis_score, [0.0, 3.0], "synkinesis in gentle closure not measured: 0-3");
    assert_eq!(sb.composite, [87.0, 100.0]);
    assert_eq!(sb.not_measured, ["resting.cheek", "synkinesis.gentle_eye_closure"]);
    assert_eq!(s.house_brackmann.grade, Some(1));
    assert_eq!(s.affected_side.decided_by, DecidedBy::Unclear);
    assert!(s.missing_views.is_empty());
}

/// Right-sided flaccid palsy; every expected value below is worked by hand.
fn flaccid_right() -> ExamScores {
    score_exam(&exam(&flaccid_right_rows()), None)
}

#[test]
fn auto_eface_items_match_hand_computation() {
    let s = flaccid_right();
    assert_eq!(s.affected_side.side, Side::Right);
    assert_eq!(s.affected_side.decided_by, DecidedBy::Measurements);
    let e = &s.auto_eface;
    // Brow at rest: affected / healthy = 16 / 20.
    assert!(close(item(&e.static_items, "brow_at_rest").score, 80.0));
    // Fissure at rest: healthy / affected = 10 / 12 = 83.33 %.
    assert!(close(item(&e.static_items, "palpebral_fissure_at_rest").score, 83.333));
    // Commissure at rest: e = CE sin(SA - 90): healthy 25 sin 10 = 4.3412, affected
    // 24 sin 2 = 0.8376; 0 < e_a < e_h, so e_a / e_h = 19.29 %.
    let oral = 100.0 * (24.0 * 2f32.to_radians().sin()) / (25.0 * 10f32.to_radians().sin());
    assert!(close(item(&e.static_items, "oral_commissure_at_rest").score, oral));
    assert!(close(e.static_score, (80.0 + 83.333 + oral) / 3.0));
    // Brow elevation: (17 - 16) / (27 - 20) = 14.29 %.
    assert!(close(item(&e.dynamic_items, "brow_elevation").score, 100.0 / 7.0));
    // Gentle closure: (12 - 6) / 12 = 50 %; tight: (12 - 3) / 12 = 75 %.
    assert!(close(item(&e.dynamic_items, "gentle_eye_closure").score, 50.0));
    assert!(close(item(&e.dynamic_items, "full_eye_closure").score, 75.0));
    // Smile: (26 - 24) / (32 - 25) = 28.57 %; EEE: 2 / 5 = 40 %.
    assert!(close(item(&e.dynamic_items, "oral_commissure_with_smile").score, 200.0 / 7.0));
    assert!(close(item(&e.dynamic_items, "lower_lip_eee").score, 40.0));
    let dynamic = (100.0 / 7.0 + 50.0 + 75.0 + 200.0 / 7.0 + 40.0) / 5.0;
    assert!(close(e.dynamic_score, dynamic));
    // Ocular synkinesis: min(12 / 8, 12 / 10) = 120 %, folded to 80.
    let ocular = item(&e.synkinesis_items, "ocular_synkinesis");
    assert!(close(ocular.ratio_percent, 120.0) && close(ocular.score, 80.0));
    assert!(close(e.total, ((80.0 + 83.333 + oral) / 3.0 + dynamic + 80.0) / 3.0));
    // Every item shows the numbers it used.
    assert_eq!(item(&e.dynamic_items, "brow_elevation").evidence.inputs.len(), 2);
}

#[test]
fn sunnybrook_parts_match_hand_computation() {
    let s = flaccid_right();
    let sb = &s.sunnybrook;
    let grade = |items: &[facegrade::scores::sunnybrook::SunnybrookItem], name: &str| items.iter().find(|i| i.name == name).unwrap().grade;
    // Eye: affected fissure 2 mm wider (12 vs 10) -> 1; mouth: corner 3 mm lower -> 1.
    assert_eq!(grade(&sb.resting, "eye"), Some(1));
    assert_eq!(grade(&sb.resting, "mouth"), Some(1));
    assert_eq!(grade(&sb.resting, "cheek"), None);
    assert_eq!(sb.resting_score, [10.0, 20.0]);
    // Brow 1/7 -> 2; gentle closure 0.5 / 1.0 -> 3; smile 2/7 -> 2; snarl 0.5/3 -> 2; pucker 2/7 -> 2.
    let voluntary: Vec<Option<u8>> = sb.voluntary.iter().map(|i| i.grade).collect();
    assert_eq!(voluntary, [Some(2), Some(3), Some(2), Some(2), Some(2)]);
    assert_eq!(sb.voluntary_score, [44.0, 44.0]);
    // The flaccid eye does not narrow: no ocular synkinesis.
    assert_eq!(sb.synkinesis_score, [0.0, 3.0]);
    assert_eq!(sb.composite, [21.0, 34.0]);
    // House-Brackmann: tight closure leaves 3 mm open, smile 29 % (not under 25 %) -> IV.
    assert_eq!(s.house_brackmann.grade, Some(4));
    assert!(s.house_brackmann.reason.contains("tight eye closure"), "{}", s.house_brackmann.reason);
}

#[test]
fn eye_safety_of_the_flaccid_exam() {
    let s = flaccid_right();
    // Gentle closure leaves 6 mm (left 0.5 counts as closed), tight 3 mm, on the right.
    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.statement, "Incomplete eye closure on the right (affected) side: 3.0 mm left open on tight closure, 6.0 mm on gentle closure (left eye closes completely).");
    assert_eq!(l.affected_incomplete, Some(true));
    // Each closure votes 2 for the right eye (fissure differences 5.5 and 3 mm, full from 2 mm).
    let eye: Vec<f32> = s.affected_side.evidence.iter().filter(|v| v.measurement == "palpebral_fissure_height_mm").map(|v| v.weight).collect();
    assert_eq!(eye, [2.0, 2.0]);
    // The flaccid right eye does not narrow in the smile (12 -> 12) while the left narrows
    // 2 mm (20 %, within normal): 2 mm less than the healthy eye, suggested point 0; no
    // synkinesis vote for the left.
    let smile = &s.eye_safety.ocular_synkinesis.per_view[0];
    assert_eq!((smile.excess_mm, smile.suggested_point), (Some(-2.0), Some(0)));
}

#[test]
fn ocular_synkinesis_is_graded_on_the_affected_eye() {
    // Left affected, synkinetic: the left eye narrows to 4 mm in the big smile (healthy 9
    // of 10) and to 6 mm in the pucker (healthy 10 of 10); movement otherwise near normal.
    let mut rows: Vec<Row> = SYMMETRIC.iter().filter(|r| r.1 != "palpebral_fissure_height_mm" || !matches!(r.0, BigSmile | Pucker)).copied().collect();
    rows.push((BigSmile, "palpebral_fissure_height_mm", 4.0, 9.0));
    rows.push((Pucker, "palpebral_fissure_height_mm", 6.0, 10.0));
    let s = score_exam(&exam(&rows), Some(Side::Left));
    assert_eq!(s.affected_side.decided_by, DecidedBy::User);
    // auto-eFACE: min(4/9, 6/10) = 44.4 %.
    assert!(close(s.auto_eface.synkinesis_score, 400.0 / 9.0));
    // Sunnybrook: smile narrowing 1 - 0.4/0.9 = 0.556 -> 2; pucker 1 - 0.6 = 0.4 -> 2.
    let synk: Vec<Option<u8>> = s.sunnybrook.synkinesis.iter().map(|i| i.grade).collect();
    assert_eq!(synk, [Some(0), None, Some(2), None, Some(2)], "no snarl eye reading: snarl synkinesis not measured");
    // Any ocular synkinesis makes House-Brackmann at least III.
    assert_eq!(s.house_brackmann.grade, Some(3));
}

#[test]
fn missing_views_are_listed_and_their_items_not_measured() {
    let rows: Vec<Row> = SYMMETRIC.iter().filter(|r| !matches!(r.0, TightClosure | Snarl)).copied().collect();
    let s = score_exam(&exam(&rows), None);
    assert_eq!(s.missing_views, [TightClosure, Snarl]);
    let full = item(&s.auto_eface.dynamic_items, "full_eye_closure");
    assert!(full.score.is_none() && full.not_measured.as_deref() == Some("no tight_closure view"));
    assert!(!s.auto_eface.complete);
    assert_eq!(s.house_brackmann.grade, None);
    // Snarl not measured: voluntary 1-5 and synkinesis 0-3 open up the range.
    assert_eq!(s.sunnybrook.voluntary_score, [84.0, 100.0]);
}

#[test]
fn a_face_that_does_not_move_is_not_divided_by_zero() {
    // The healthy side did not move in the brow raise either: not measured, not 0 or 100.
    let rows: Vec<Row> = SYMMETRIC.iter().map(|&(v, m, l, r)| if v == BrowRaise && m == "brow_height_mm" { (v, m, 20.3, 20.2) } else { (v, m, l, r) }).collect();
    let s = score_exam(&exam(&rows), Some(Side::Right));
    let brow = item(&s.auto_eface.dynamic_items, "brow_elevation");
    assert!(brow.score.is_none(), "{brow:?}");
    assert!(brow.not_measured.as_ref().unwrap().contains("was the expression performed"));
}

#[test]
fn scores_serialise_with_stable_names() {
    let json = serde_json::to_value(flaccid_right()).unwrap();
    for key in ["affected_side", "auto_eface", "sunnybrook", "house_brackmann", "eye_safety", "missing_views", "notice"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["affected_side"]["side"], "right");
    assert_eq!(json["auto_eface"]["dynamic_items"][0]["name"], "brow_elevation");
    assert_eq!(json["auto_eface"]["dynamic_items"][0]["evidence"]["inputs"][0]["view"], "rest");
}
