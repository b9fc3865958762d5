//! Eye safety on hand-built exams: lagophthalmos (the gap left on eye closure), ocular
//! synkinesis in mm with the suggested Sunnybrook point, and how the eyes move the
//! House-Brackmann estimate and the affected side. Every expected value is worked by hand
//! from the rules in src/scores (eye_safety.rs, affected_side.rs, house_brackmann.rs).

mod common;
use common::readings::*;
use facegrade::measure::Expression::{self, *};
use facegrade::scores::eye_safety::EyeClosure;
use facegrade::scores::{score_exam, DecidedBy, ExamReadings, ExamScores};
use facegrade::side::{PerSide, Side};

const FISSURE: &str = "palpebral_fissure_height_mm";

/// A symmetric, normally moving face (tests/common/readings.rs): both eyes 10 mm at rest
/// and closed on gentle (0.5 mm, under the 1 mm threshold) and tight closure; both narrow
/// 2 mm on the big smile and the snarl; with some readings replaced.
fn symmetric_with(changes: &[Row]) -> ExamReadings {
    exam(&replaced(&symmetric_with_snarl_fissures(), changes))
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-4
}

fn gap(s: &ExamScores, view: Expression) -> PerSide<Option<f32>> {
    s.eye_safety.lagophthalmos.per_view.iter().find(|g| g.view == view).unwrap().gap_mm
}

fn eye_votes(s: &ExamScores) -> Vec<&facegrade::scores::affected_side::SideVote> {
    s.affected_side.evidence.iter().filter(|v| v.measurement.as_str() == FISSURE).collect()
}

#[test]
fn a_right_eye_left_3_mm_open_on_tight_closure() {
    // Everything symmetric except the right eye, 3 mm open on tight closure.
    let s = score_exam(&symmetric_with(&[(TightClosure, FISSURE, 0.0, 3.0)]), None);
    // Affected side: the eye alone decides. Tight closure: right gap 3 mm beside a closed
    // left eye, fissure difference 3 mm (full from 2 mm) -> 2 x 1 = 2 votes to the right.
    assert_eq!((s.affected_side.side, &s.affected_side.decided_by), (Side::Right, &DecidedBy::Measurements));
    // The symmetric movements vote with weight 0; the eye is the only vote that counts.
    let counting: Vec<_> = s.affected_side.evidence.iter().filter(|v| v.weight > 0.0).collect();
    assert_eq!(counting.len(), 1, "{:?}", s.affected_side.evidence);
    let v = counting[0];
    assert_eq!((v.view, v.points_to, v.sign.as_str()), (TightClosure, Side::Right, "eye left open while the other closes"));
    assert_eq!((v.left_mm, v.right_mm), (0.0, 3.0));
    assert_eq!(s.affected_side.vote_toward_left, -2.0);

    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.affected, Some(Side::Right));
    assert_eq!(gap(&s, TightClosure), PerSide::new(Some(0.0), Some(3.0)));
    assert_eq!(gap(&s, GentleClosure), PerSide::new(Some(0.0), Some(0.0)), "0.5 mm is under the 1 mm closed threshold");
    let tight = &l.per_view[1];
    assert_eq!(tight.view, TightClosure);
    assert_eq!(tight.complete, PerSide::new(Some(true), Some(false)));
    // (10 - 3) / 10 of the right fissure closes, all of the left.
    assert!(close(tight.closed_fraction.right.unwrap(), 0.7) && close(tight.closed_fraction.left.unwrap(), 1.0));
    assert_eq!(tight.evidence.inputs.len(), 2, "the tight closure and the rest fissure");
    assert_eq!(l.closure, PerSide::new(EyeClosure::Complete, EyeClosure::Incomplete));
    assert_eq!(l.largest_gap_mm, PerSide::new(Some(0.0), Some(3.0)));
    assert_eq!(l.affected_incomplete, Some(true));
    assert_eq!(l.statement, "Incomplete eye closure on the right (affected) side: 3.0 mm left open on tight closure, closed on gentle closure (left eye closes completely).");

    // House-Brackmann: incomplete closure is IV (smile and brow move 100 %).
    assert_eq!(s.house_brackmann.grade, Some(4));
    assert_eq!(s.house_brackmann.reason, "incomplete eye closure: tight eye closure leaves 3.0 mm open on the affected side");
    // auto-eFACE full eye closure: (10 - 3) / 10.
    let full = s.auto_eface.dynamic_items.iter().find(|i| i.name == "full_eye_closure").unwrap();
    assert!(close(full.score.unwrap(), 70.0));
}

#[test]
fn an_eye_open_on_both_closures_gets_both_gaps_and_both_votes() {
    let s = score_exam(&symmetric_with(&[(GentleClosure, FISSURE, 0.5, 4.0), (TightClosure, FISSURE, 0.0, 3.0)]), None);
    // Gentle: fissure difference 4 - 0.5 = 3.5 mm -> 2; tight 3 mm -> 2.
    assert_eq!(s.affected_side.vote_toward_left, -4.0);
    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.largest_gap_mm, PerSide::new(Some(0.0), Some(4.0)));
    assert_eq!(l.statement, "Incomplete eye closure on the right (affected) side: 3.0 mm left open on tight closure, 4.0 mm on gentle closure (left eye closes completely).");
    assert_eq!(s.house_brackmann.grade, Some(4));
}

#[test]
fn incomplete_closure_with_a_weak_smile_is_house_brackmann_v() {
    // The right mouth corner moves 1 mm against 7 mm: 14 %, under 25 %.
    let s = score_exam(&symmetric_with(&[(TightClosure, FISSURE, 0.0, 3.0), (BigSmile, "commissure_excursion_mm", 32.0, 26.0)]), None);
    assert_eq!(s.house_brackmann.grade, Some(5));
    assert_eq!(s.house_brackmann.reason, "incomplete eye closure (tight closure leaves 3.0 mm open) and the mouth corner moves 14 % of healthy");
}

#[test]
fn both_eyes_closed_is_complete_and_no_grade_iv_from_the_eye() {
    let s = score_exam(&symmetric_with(&[]), None);
    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.closure, PerSide::new(EyeClosure::Complete, EyeClosure::Complete));
    assert_eq!(l.affected, None, "symmetric: the side is unclear");
    assert_eq!(l.affected_incomplete, None);
    assert_eq!(l.statement, "Both eyes close completely on gentle and tight closure.");
    assert_eq!(s.house_brackmann.grade, Some(1));
    assert!(eye_votes(&s).is_empty(), "{:?}", s.affected_side.evidence);
    // With the side chosen, the affected eye is reported as closing.
    let chosen = score_exam(&symmetric_with(&[]), Some(Side::Left));
    assert_eq!(chosen.eye_safety.lagophthalmos.affected_incomplete, Some(false));
    assert_eq!(chosen.house_brackmann.grade, Some(1));
}

#[test]
fn the_closed_threshold_is_one_millimetre() {
    // 0.9 mm counts as closed, 1.0 mm as a 1.0 mm gap. The eyes differ by only 0.1 mm, so
    // the vote is 2 x 0.1 / 2 = 0.1: too little to decide the side.
    let s = score_exam(&symmetric_with(&[(TightClosure, FISSURE, 0.9, 1.0)]), None);
    assert_eq!(gap(&s, TightClosure), PerSide::new(Some(0.0), Some(1.0)));
    assert_eq!(s.affected_side.decided_by, DecidedBy::Unclear);
    assert!(close(s.affected_side.vote_toward_left, -0.1), "{}", s.affected_side.vote_toward_left);
    assert_eq!(s.eye_safety.lagophthalmos.statement, "Incomplete eye closure on the right side: 1.0 mm left open on tight closure, closed on gentle closure (left eye closes completely).");
    // The scores still use the side that leans: right, whose eye is left open -> IV.
    assert_eq!(s.house_brackmann.grade, Some(4));
}

#[test]
fn an_eye_that_closes_only_with_effort_is_house_brackmann_iii() {
    let s = score_exam(&symmetric_with(&[(GentleClosure, FISSURE, 0.5, 2.5)]), None);
    // Gentle: fissure difference 2.5 - 0.5 = 2 mm -> 2 votes to the right.
    assert_eq!(s.affected_side.vote_toward_left, -2.0);
    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.closure.right, EyeClosure::CompleteOnlyWithEffort);
    assert_eq!(l.affected_incomplete, Some(true));
    assert_eq!(l.statement, "The right (affected) eye closes completely only with effort: 2.5 mm left open on gentle closure, closed on tight closure (left eye closes completely).");
    assert_eq!(s.house_brackmann.grade, Some(3));
    assert_eq!(s.house_brackmann.reason, "gentle closure leaves 2.5 mm open: the eye closes only with effort");
}

#[test]
fn with_both_eyes_open_the_eye_closing_less_of_its_fissure_votes() {
    // Tight closure: left closes (10 - 2) / 10 = 0.8, right (10 - 6) / 10 = 0.4. Fraction
    // difference 0.4 (full), gap difference 4 mm (full) -> 2 votes to the right.
    let s = score_exam(&symmetric_with(&[(TightClosure, FISSURE, 2.0, 6.0)]), None);
    let votes = eye_votes(&s);
    assert_eq!(votes.len(), 1);
    assert_eq!((votes[0].points_to, votes[0].sign.as_str()), (Side::Right, "eye closes a smaller fraction of its fissure"));
    assert!(close(votes[0].weight, 2.0), "{}", votes[0].weight);
    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.closure, PerSide::new(EyeClosure::Incomplete, EyeClosure::Incomplete));
    assert_eq!(
        l.statement,
        "Incomplete eye closure on both sides: right (affected) 6.0 mm left open on tight closure, closed on gentle closure; left (not the affected side) 2.0 mm left open on tight closure, closed on gentle closure. \
         Both eyes are left open on tight closure: check that the expression was performed and the eyelids were read correctly."
    );
}

#[test]
fn a_closure_not_performed_does_not_vote_but_is_reported() {
    // The rest photo again for both closures: neither eye moves 1 mm.
    let s = score_exam(&symmetric_with(&[(GentleClosure, FISSURE, 10.0, 10.0), (TightClosure, FISSURE, 10.0, 10.0)]), None);
    assert!(eye_votes(&s).is_empty());
    let l = &s.eye_safety.lagophthalmos;
    assert_eq!(l.largest_gap_mm, PerSide::new(Some(10.0), Some(10.0)));
    assert!(l.statement.starts_with("Incomplete eye closure on both sides: right 10.0 mm left open on tight closure, 10.0 mm on gentle closure; left 10.0 mm"), "{}", l.statement);
    assert!(l.statement.ends_with(" Both eyes are left open on gentle closure and tight closure: check that the expression was performed and the eyelids were read correctly."), "{}", l.statement);
}

#[test]
fn closure_views_missing_are_not_measured() {
    let rows: Vec<Row> = symmetric_with_snarl_fissures().into_iter().filter(|r| !matches!(r.0, GentleClosure | TightClosure)).collect();
    let readings = exam(&rows);
    let l = score_exam(&readings, Some(Side::Right)).eye_safety.lagophthalmos;
    assert_eq!(l.closure, PerSide::new(EyeClosure::NotMeasured, EyeClosure::NotMeasured));
    assert_eq!(l.affected_incomplete, None);
    assert_eq!(l.per_view[0].not_measured.as_deref(), Some("no gentle_closure view"));
    assert_eq!(l.statement, "Eye closure not measured: no gentle or tight closure view with eyelid readings.");
    // Tight closure only.
    let rows: Vec<Row> = symmetric_with_snarl_fissures().into_iter().filter(|r| r.0 != GentleClosure).collect();
    let readings = exam(&rows);
    assert_eq!(score_exam(&readings, None).eye_safety.lagophthalmos.statement, "Both eyes close completely on tight closure (gentle closure not measured).");
}

#[test]
fn smile_narrowing_the_left_eye_by_2_3_mm_suggests_synkinesis_point_3() {
    // Left affected (chosen). Big smile: left 10 -> 7.7 (2.3 mm, 23 %), right 10 -> 10.
    // Excess 2.3 mm / 0.77 mm per point = 2.99 -> 3. Pucker: left 10 -> 8.6 (1.4 mm, 14 %),
    // right unchanged: 1.4 / 1.0 -> 1.
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 7.7, 10.0), (Pucker, FISSURE, 8.6, 10.0)]), Some(Side::Left));
    let o = &s.eye_safety.ocular_synkinesis;
    assert_eq!((o.affected, o.affected_side_unclear), (Side::Left, false));
    let smile = &o.per_view[0];
    assert_eq!((smile.view, smile.sunnybrook_item.as_str(), smile.mm_per_point), (BigSmile, "open_mouth_smile", 0.77));
    assert!(close(smile.narrowing_mm.left.unwrap(), 2.3) && close(smile.narrowing_mm.right.unwrap(), 0.0));
    assert!(close(smile.narrowing_percent.left.unwrap(), 23.0) && close(smile.narrowing_percent.right.unwrap(), 0.0));
    assert!(close(smile.excess_mm.unwrap(), 2.3));
    assert_eq!((smile.suggested_point, smile.suggestion), (Some(3), true));
    let pucker = &o.per_view[1];
    assert_eq!((pucker.view, pucker.sunnybrook_item.as_str(), pucker.mm_per_point), (Pucker, "lip_pucker", 1.0));
    assert!(close(pucker.excess_mm.unwrap(), 1.4));
    assert_eq!(pucker.suggested_point, Some(1));
    assert_eq!(
        o.statement,
        "Eye narrowing with mouth movements (ocular synkinesis): on the big smile the left (affected) eye narrows 2.3 mm (23 %), the right 0.0 mm (0 %): 2.3 mm more, suggested point 3; \
         on the pucker the left (affected) eye narrows 1.4 mm (14 %), the right 0.0 mm (0 %): 1.4 mm more, suggested point 1. Suggested Sunnybrook synkinesis points are for the clinician to confirm."
    );
    assert_eq!(o.note, "A suggested Sunnybrook synkinesis point for the clinician to confirm, not a grade.");
}

#[test]
fn the_suggestion_counts_only_narrowing_beyond_the_healthy_eye() {
    // Both eyes narrow with the smile, as normal eyes do: left (affected) 3.5 mm, right
    // 2.0 mm. Excess 1.5 / 0.77 = 1.95 -> 2 (the affected eye's own 3.5 mm would be 4.5 -> 3).
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 6.5, 8.0)]), Some(Side::Left));
    let smile = &s.eye_safety.ocular_synkinesis.per_view[0];
    assert!(close(smile.excess_mm.unwrap(), 1.5));
    assert_eq!(smile.suggested_point, Some(2));
    // The symmetric face: both narrow 2 mm (20 %), excess 0 -> 0.
    let sym = score_exam(&symmetric_with(&[]), Some(Side::Left));
    assert_eq!(sym.eye_safety.ocular_synkinesis.per_view[0].suggested_point, Some(0));
    assert!(close(sym.eye_safety.ocular_synkinesis.per_view[0].narrowing_percent.left.unwrap(), 20.0));
}

#[test]
fn a_flaccid_eye_that_narrows_less_suggests_no_synkinesis() {
    // Right affected, flaccid: the right eye stays at 10 mm in the smile, the left (healthy)
    // narrows 2 mm. Excess -2 mm -> 0, not negative.
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 8.0, 10.0)]), Some(Side::Right));
    let smile = &s.eye_safety.ocular_synkinesis.per_view[0];
    assert!(close(smile.excess_mm.unwrap(), -2.0));
    assert_eq!(smile.suggested_point, Some(0));
    assert!(s.eye_safety.ocular_synkinesis.statement.contains("the right (affected) eye narrows 0.0 mm (0 %), the left 2.0 mm (20 %): 2.0 mm less, suggested point 0"));
}

#[test]
fn a_healthy_eye_narrowing_within_normal_does_not_vote_as_synkinetic() {
    // Left eye narrows 3 mm (30 %) in the smile, right not at all: within the normal range
    // (under 35 %), so no synkinesis vote for the left side.
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 7.0, 10.0)]), None);
    assert!(eye_votes(&s).is_empty(), "{:?}", s.affected_side.evidence);
    // 4 mm (40 %) is beyond it: a weak vote, 0.25 x min(4 / 2, 1) = 0.25.
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 6.0, 10.0)]), None);
    let votes = eye_votes(&s);
    assert_eq!(votes.len(), 1);
    assert_eq!((votes[0].view, votes[0].points_to, votes[0].weight, votes[0].sign.as_str()), (BigSmile, Side::Left, 0.25, "eye narrows with the movement (synkinesis)"));
    assert_eq!(s.affected_side.decided_by, DecidedBy::Unclear, "one synkinesis vote alone is weak");
}

#[test]
fn oral_ocular_synkinesis_in_smile_and_pucker_leans_the_side_weakly() {
    // Smile: left narrows 4.5 mm (45 %), right 2 mm: excess 2.5 -> 0.25. Pucker: left
    // narrows 2 mm (20 %, beyond 10 %), right 0: excess 2 -> 0.25. Sum 0.5: just decides.
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 5.5, 8.0), (Pucker, FISSURE, 8.0, 10.0)]), None);
    assert_eq!(eye_votes(&s).len(), 2);
    assert_eq!(s.affected_side.vote_toward_left, 0.5);
    assert_eq!((s.affected_side.side, &s.affected_side.decided_by), (Side::Left, &DecidedBy::Measurements));
    // An eye left open outweighs it: right eye 3 mm open on tight closure -> -2 + 0.5.
    let s = score_exam(&symmetric_with(&[(BigSmile, FISSURE, 5.5, 8.0), (Pucker, FISSURE, 8.0, 10.0), (TightClosure, FISSURE, 0.0, 3.0)]), None);
    assert_eq!(s.affected_side.vote_toward_left, -1.5);
    assert_eq!(s.affected_side.side, Side::Right);
}

#[test]
fn eye_safety_serialises_with_stable_names() {
    let s = score_exam(&symmetric_with(&[(TightClosure, FISSURE, 0.0, 3.0), (BigSmile, FISSURE, 7.7, 10.0)]), Some(Side::Right));
    let json = serde_json::to_value(&s).unwrap();
    let l = &json["eye_safety"]["lagophthalmos"];
    assert_eq!(l["closure"]["right"], "incomplete");
    assert_eq!(l["closure"]["left"], "complete");
    assert_eq!(l["affected_incomplete"], true);
    assert_eq!(l["per_view"][1]["view"], "tight_closure");
    assert_eq!(l["per_view"][1]["gap_mm"]["right"], 3.0);
    assert_eq!(l["per_view"][1]["complete"]["right"], false);
    assert_eq!(l["closed_below_mm"], 1.0);
    assert!(l["statement"].as_str().unwrap().starts_with("Incomplete eye closure on the right (affected) side"));
    let o = &json["eye_safety"]["ocular_synkinesis"];
    assert_eq!(o["per_view"][0]["view"], "big_smile");
    assert_eq!(o["per_view"][0]["suggestion"], true);
    assert_eq!(o["per_view"][0]["suggested_point"], 0, "right affected: the left eye's narrowing is not the affected eye's");
    let votes = json["affected_side"]["evidence"].as_array().unwrap();
    assert!(votes.iter().any(|v| v["view"] == "tight_closure" && v["sign"] == "eye left open while the other closes" && v["points_to"] == "right"), "{votes:?}");
}
