//! The clinician's grades: the totals recomputed from the clinician's values by the
//! scales' rules, checked against totals worked out by hand on hand-built exams
//! (readings in mm, no model: the arithmetic is what is under test here; tests/fhir.rs
//! runs the same on a real exam).

use facegrade::clinician::grades::{current, suggestion};
use facegrade::clinician::items::EfaceItemName::*;
use facegrade::clinician::items::{RestingRegion, SunnybrookExpression as Expr};
use facegrade::clinician::{final_scores, ClinicianGrade, GradedItem};
use facegrade::measure::Expression::Rest;
use facegrade::measure::MeasurementName::{BrowHeight, PalpebralFissureHeight};
use facegrade::scores::{score_exam, ExamReadings, ExamScores};
use facegrade::side::Side;

fn grade(item: GradedItem, suggested: Option<f32>, value: f32) -> ClinicianGrade {
    ClinicianGrade { item, suggested, clinician_value: value, reason: None, by: "AB".into(), at: "2026-12-06T10:00:00.000Z".into() }
}

/// Rest only, left side weak: brow 16 mm left vs 20 right (affected/healthy 80 %), fissure
/// 12.5 mm left vs 10 right (healthy/affected 80 %, and 2.5 mm wider: Sunnybrook eye 1).
fn rest_only() -> ExamScores {
    let readings = ExamReadings::default().with(Rest, BrowHeight, 16.0, 20.0).with(Rest, PalpebralFissureHeight, 12.5, 10.0);
    score_exam(&readings, Some(Side::Left))
}

fn close(a: Option<f32>, b: f32) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-3)
}

#[test]
fn a_changed_item_moves_its_subscore_and_the_total() {
    let s = rest_only();
    assert!(close(s.auto_eface.static_score, 80.0) && close(s.auto_eface.total, 80.0), "{:?}", s.auto_eface.static_score);
    assert_eq!(suggestion(&s, GradedItem::Eface(BrowAtRest)), Some(80.0));
    // Brow at rest 80 -> 60: static (60 + 80) / 2 = 70, the only subscore, so the total too.
    let f = final_scores(&s, &[grade(GradedItem::Eface(BrowAtRest), Some(80.0), 60.0)]);
    assert!(close(f.auto_eface.static_score, 70.0) && close(f.auto_eface.total, 70.0), "{:?}", f.auto_eface.total);
    assert_eq!(f.auto_eface.dynamic_score, None, "no dynamic item measured or graded");
    // The clinician grades the unmeasured cheek 2: resting = 5 x (eye 1 + cheek 2 + mouth
    // 0..1) = 15..20; voluntary 4 x 5..25 = 20..100, synkinesis 0..15 unmeasured; the
    // composite 0..85.
    assert_eq!(s.sunnybrook.resting_score, [5.0, 20.0], "eye 1, cheek 0-2, mouth 0-1");
    let f = final_scores(&s, &[grade(GradedItem::SunnybrookResting(RestingRegion::Cheek), None, 2.0)]);
    assert_eq!(f.sunnybrook.resting_score, [15.0, 20.0]);
    assert_eq!(f.sunnybrook.composite, [0.0, 85.0]);
    assert!(!f.sunnybrook.not_measured.contains(&"resting.cheek".to_string()));
}

#[test]
fn every_item_graded_gives_totals_worked_out_by_hand() {
    let s = score_exam(&ExamReadings::default(), Some(Side::Left));
    assert_eq!(s.auto_eface.total, None, "nothing measured");
    let mut grades: Vec<ClinicianGrade> = [(BrowAtRest, 60.0), (PalpebralFissureAtRest, 80.0), (OralCommissureAtRest, 100.0), (BrowElevation, 50.0), (GentleEyeClosure, 50.0), (FullEyeClosure, 50.0), (OralCommissureWithSmile, 50.0), (LowerLipEee, 100.0), (OcularSynkinesis, 70.0)]
        .into_iter()
        .map(|(i, v)| grade(GradedItem::Eface(i), None, v))
        .collect();
    grades.extend([(RestingRegion::Eye, 1.0), (RestingRegion::Cheek, 2.0), (RestingRegion::Mouth, 0.0)].map(|(r, v)| grade(GradedItem::SunnybrookResting(r), None, v)));
    grades.extend(Expr::ALL.into_iter().zip([5.0, 4.0, 3.0, 2.0, 1.0]).map(|(e, v)| grade(GradedItem::SunnybrookVoluntary(e), None, v)));
    grades.extend(Expr::ALL.into_iter().zip([0.0, 1.0, 2.0, 3.0, 0.0]).map(|(e, v)| grade(GradedItem::SunnybrookSynkinesis(e), None, v)));
    grades.push(grade(GradedItem::HouseBrackmann, None, 4.0));
    let f = final_scores(&s, &grades);
    // Static (60 + 80 + 100) / 3 = 80, dynamic (4 x 50 + 100) / 5 = 60, synkinesis 70,
    // total (80 + 60 + 70) / 3 = 70.
    let e = &f.auto_eface;
    assert!(close(e.static_score, 80.0) && close(e.dynamic_score, 60.0) && close(e.synkinesis_score, 70.0) && close(e.total, 70.0), "{e:?}");
    assert!(e.complete);
    // Resting 5 x 3 = 15, voluntary 4 x 15 = 60, synkinesis 6, composite 60 - 15 - 6 = 39.
    let sb = &f.sunnybrook;
    assert_eq!((sb.resting_score, sb.voluntary_score, sb.synkinesis_score, sb.composite), ([15.0; 2], [60.0; 2], [6.0; 2], [39.0; 2]));
    assert!(sb.not_measured.is_empty());
    assert_eq!((f.house_brackmann.grade, f.house_brackmann.label.as_deref()), (Some(4), Some("IV (moderately severe dysfunction)")));
}

#[test]
fn the_latest_entry_counts_and_a_value_off_the_scale_is_refused() {
    let s = rest_only();
    let item = GradedItem::Eface(BrowAtRest);
    // Changed to 60, then back to the suggestion: the audit keeps both, the value is 80.
    let grades = [grade(item, Some(80.0), 60.0), grade(item, Some(80.0), 80.0)];
    assert!(grades[1].accepted() && !grades[0].accepted());
    assert_eq!(current(&grades)[&item].clinician_value, 80.0);
    assert!(close(final_scores(&s, &grades).auto_eface.total, 80.0));
    for (item, value) in [(GradedItem::SunnybrookVoluntary(Expr::Snarl), 0.0), (GradedItem::SunnybrookSynkinesis(Expr::Snarl), 1.5), (GradedItem::HouseBrackmann, 7.0), (GradedItem::Eface(BrowAtRest), 101.0)] {
        let g = grade(item, None, value);
        assert!(g.check().unwrap_err().contains("from"), "{item} {value}");
        assert_eq!(final_scores(&s, &[g]), s, "an entry off the scale changes nothing");
    }
    let nameless = ClinicianGrade { by: " ".into(), ..grade(item, Some(80.0), 70.0) };
    assert!(nameless.check().unwrap_err().contains("name"));
    for at in ["", "yesterday", "2026-12-06", "2026-12-06T25:00:00Z", "2026-12-06T10:00:00.Z", "2026-12-06T10:00:00+01:00"] {
        assert!(ClinicianGrade { at: at.into(), ..grade(item, Some(80.0), 70.0) }.check().is_err(), "{at}");
    }
    assert!(ClinicianGrade { at: "2026-12-06T10:00:00Z".into(), ..grade(item, Some(80.0), 70.0) }.check().is_ok());
    let long_reason = ClinicianGrade { reason: Some("x".repeat(501)), ..grade(item, Some(80.0), 70.0) };
    assert!(long_reason.check().is_err());
    // A grade stored as JSON reads back.
    let g = grade(GradedItem::SunnybrookVoluntary(Expr::LipPucker), Some(3.0), 4.0);
    let json = serde_json::to_string(&g).unwrap();
    assert!(json.contains("\"sunnybrook.voluntary.lip_pucker\""), "{json}");
    assert_eq!(serde_json::from_str::<ClinicianGrade>(&json).unwrap(), g);
}
