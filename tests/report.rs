//! Exported results read back: an exam report and a photo's measurements, made by the
//! real models from a real photo, survive JSON and come back equal, so that a stored or
//! exported exam can be read as the typed values it was written from.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::engine::FaceLandmarks;
use facegrade::measure::{measure, Expression, MeasurementName};
use facegrade::report::measurements::ImageMeasurements;
use facegrade::scores::{examine, ExamReport};
use std::collections::BTreeMap;

#[test]
fn an_exam_report_round_trips_through_json() {
    let mut engine = engine();
    let face = analyse(&mut engine, &load_rgb(face("portrait_frontal_ai.jpg")));
    let views: BTreeMap<Expression, FaceLandmarks> = Expression::ALL.into_iter().map(|e| (e, face.clone())).collect();
    let report = examine(&views, None, None).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    let back: ExamReport = serde_json::from_str(&json).expect("the report reads back");
    assert_eq!(serde_json::to_string(&back).unwrap(), json, "same JSON after a round trip");
    assert_eq!(back.scores, report.scores);
    assert_eq!(back.views.len(), Expression::ALL.len());
    let rest = &back.views[&Expression::Rest];
    assert_eq!(rest.measurements.len(), MeasurementName::ALL.len());
    // Typed keys: looked up by the enum or by the stable name alike.
    let fissure = &rest.measurements[&MeasurementName::PalpebralFissureHeight];
    assert_eq!(fissure, &rest.measurements["palpebral_fissure_height_mm"]);
    assert_eq!(fissure, &report.views[&Expression::Rest].measurements[&MeasurementName::PalpebralFissureHeight]);
    // The CSV (CLI and page): a header, then one record of 10 fields per view and measurement.
    let csv = facegrade::report::exam::csv(&report);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "view,measurement,right,left,difference,severity,unit,right_uncertainty,left_uncertainty,difference_uncertainty");
    assert_eq!(lines.len(), 1 + Expression::ALL.len() * MeasurementName::ALL.len());
    assert!(lines[1..].iter().all(|l| facegrade::report::csv::parse_record(l).is_some_and(|f| f.len() == 10)));
    // A still's measurements carry their uncertainty, in JSON and CSV alike.
    assert!(fissure.uncertainty_mm.is_some_and(|u| u.total.left > 0.0 && u.total.left >= u.within_person.left), "{fissure:?}");
    assert!(json.contains("\"uncertainty_mm\"") && json.contains("\"uncertainty_deg\""));
    let fissure_row = facegrade::report::csv::parse_record(lines.iter().find(|l| l.starts_with("rest,palpebral_fissure_height_mm,")).unwrap()).unwrap();
    assert_eq!(fissure_row[8].parse::<f32>().unwrap(), (fissure.uncertainty_mm.unwrap().total.left * 100.0).round() / 100.0);
}

#[test]
fn a_photos_measurements_round_trip_through_the_exported_json() {
    let mut engine = engine();
    let face = analyse(&mut engine, &load_rgb(face("obama.jpg")));
    let measured = ImageMeasurements { image: "obama.jpg".into(), faces: vec![measure(&face, None, None).unwrap()] };
    let json = facegrade::report::measurements::json(std::slice::from_ref(&measured)).unwrap();
    let back: Vec<ImageMeasurements> = serde_json::from_str(&json).expect("the export reads back");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].image, "obama.jpg");
    let (a, b) = (&measured.faces[0], &back[0].faces[0]);
    assert_eq!(a.measurements, b.measurements);
    assert_eq!(a.eyes, b.eyes);
    assert_eq!(a.calibration, b.calibration);
    assert_eq!(facegrade::report::measurements::json(&back).unwrap(), json);
}
