//! Clinicians' corrections on a real face: a correction moves exactly the measurement it
//! should, by the amount it should, and a corrected exam scores what the clinician saw
//! (the closed eye the landmark model missed).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::correction::{apply, iris_circle, CorrectionError, IrisCircle, LandmarkCorrections};
use facegrade::engine::topology::{brow_upper, commissure, iris_indices, upper_lid};
use facegrade::engine::{Engine, FaceLandmarks};
use facegrade::geometry::Point2;
use facegrade::image_view::ImageView;
use facegrade::measure::calibration::{CalibrationSource, KnownScale};
use facegrade::measure::{measure, Expression, MEASUREMENT_NAMES};
use facegrade::scores::examine_corrected;
use facegrade::side::{PerSide, Side};
use std::collections::BTreeMap;

/// A fixed scale, so that only the corrected points move the figures.
const SCALE: KnownScale = KnownScale::MmPerPx(0.1);

fn real_face(engine: &mut Engine) -> FaceLandmarks {
    let image = load_rgb(face("portrait_frontal_ai.jpg"));
    let mut faces = engine.analyse_image(&ImageView::from_rgb(&image)).unwrap();
    assert_eq!(faces.len(), 1);
    faces.remove(0)
}

fn value(face: &FaceLandmarks, name: &str, side: Side) -> f32 {
    measure(face, Some(SCALE), None).unwrap().measurements[name].value(side)
}

#[test]
fn corrections_move_exactly_what_they_should() {
    let mut engine = engine();
    let original = real_face(&mut engine);

    // Nothing to correct: the model's face itself.
    let same = apply(&original, &LandmarkCorrections::default()).unwrap();
    assert_eq!(same.mesh, original.mesh);

    // A "correction" that leaves a point where it was rebuilds the face from its mesh: every
    // measurement stays within 0.05 mm of the model's own.
    let mut noop = LandmarkCorrections::default();
    noop.moved.insert(10, original.mesh[10].xy());
    let rebuilt = apply(&original, &noop).unwrap();
    assert_eq!(rebuilt.roi, original.roi, "the model's crop is kept for fine-tuning");
    for name in MEASUREMENT_NAMES {
        for side in Side::BOTH {
            let (a, b) = (value(&original, name, side), value(&rebuilt, name, side));
            assert!((a - b).abs() < 0.05, "{name} {side:?}: {a} vs {b} after a no-op correction");
        }
    }

    // The right upper lid raised by 5 px (0.5 mm at this scale): the right fissure opens by
    // that much, the left eye does not change.
    let mut raise_lid = LandmarkCorrections::default();
    for &i in upper_lid(Side::Right) {
        let p = original.mesh[i].xy();
        raise_lid.moved.insert(i, Point2::new(p.x, p.y - 5.0));
    }
    let raised = apply(&original, &raise_lid).unwrap();
    let name = "palpebral_fissure_height_mm";
    let gain = value(&raised, name, Side::Right) - value(&original, name, Side::Right);
    println!("right upper lid raised 0.50 mm: fissure height +{gain:.3} mm");
    assert!((gain - 0.5).abs() < 0.05, "fissure gained {gain} mm");
    assert!((value(&raised, name, Side::Left) - value(&original, name, Side::Left)).abs() < 0.02);

    // The left mouth corner lowered by 20 px (2 mm): its height changes by about that, the
    // right corner's does not.
    let mut droop = LandmarkCorrections::default();
    let corner = original.mesh[commissure(Side::Left)].xy();
    droop.moved.insert(commissure(Side::Left), Point2::new(corner.x, corner.y + 20.0));
    let drooped = apply(&original, &droop).unwrap();
    let name = "commissure_height_mm";
    let change = (value(&drooped, name, Side::Left) - value(&original, name, Side::Left)).abs();
    println!("left commissure lowered 2.00 mm: commissure height changed {change:.3} mm");
    assert!((change - 2.0).abs() < 0.2, "{change}");
    assert!((value(&drooped, name, Side::Right) - value(&original, name, Side::Right)).abs() < 0.05);

    // An eye marked closed measures closed; the other stays open.
    let mut closed = LandmarkCorrections::default();
    closed.eye_closed.left = true;
    let shut = apply(&original, &closed).unwrap();
    let name = "palpebral_fissure_height_mm";
    println!("left eye marked closed: fissure {:.3} mm (right {:.3})", value(&shut, name, Side::Left), value(&shut, name, Side::Right));
    assert!(value(&shut, name, Side::Left) < 0.05);
    assert!((value(&shut, name, Side::Right) - value(&original, name, Side::Right)).abs() < 0.02);

    // Iris circles set 10 % larger: the iris calibration reads 10 % fewer mm per pixel.
    let mut irises = LandmarkCorrections::default();
    for side in Side::BOTH {
        let e = original.eyes.get(side);
        *irises.iris.get_mut(side) = Some(IrisCircle { centre: e.iris_centre, radius_px: e.iris_radius_px * 1.1 });
    }
    let larger = apply(&original, &irises).unwrap();
    let (before, after) = (measure(&original, None, None).unwrap().mm_per_px, measure(&larger, None, None).unwrap().mm_per_px);
    println!("irises 10 % larger: {before:.5} -> {after:.5} mm/px (ratio {:.3})", after / before);
    assert!((after / before - 1.0 / 1.1).abs() < 0.03, "{before} -> {after}");
    let centre = larger.mesh[iris_indices(Side::Right)[0]].xy();
    assert!(centre.distance(original.eyes.right.iris_centre) < 1e-3);
}

/// The eye measurements (those on the lids), read with the face's own iris calibration.
const EYE_MEASUREMENTS: [&str; 5] = ["mrd1_mm", "mrd2_mm", "palpebral_fissure_height_mm", "visible_eyeball_height_mm", "palpebral_fissure_width_mm"];

#[test]
fn a_brow_correction_leaves_the_eyes_and_the_scale_alone() {
    // The face's scale comes from the eyes as both landmark models read them (their mean
    // iris radius, their agreement): moving a brow point must not replace that reading by
    // the mesh's alone.
    let mut engine = engine();
    let original = real_face(&mut engine);
    let mut brow = LandmarkCorrections::default();
    for i in brow_upper(Side::Right) {
        let p = original.mesh[i].xy();
        brow.moved.insert(i, Point2::new(p.x, p.y - 4.0));
    }
    let corrected = apply(&original, &brow).unwrap();
    let (before, after) = (measure(&original, None, None).unwrap(), measure(&corrected, None, None).unwrap());
    println!("right brow raised 4 px: {:.6} -> {:.6} mm/px", before.mm_per_px, after.mm_per_px);
    assert!((after.mm_per_px / before.mm_per_px - 1.0).abs() < 1e-5, "{} -> {} mm/px", before.mm_per_px, after.mm_per_px);
    for side in Side::BOTH {
        assert_eq!(corrected.eyes.get(side), original.eyes.get(side), "{side:?} eye rebuilt");
        for name in EYE_MEASUREMENTS {
            let (a, b) = (before.measurements[name].value(side), after.measurements[name].value(side));
            assert!((a - b).abs() < 0.02, "{name} {side:?}: {a} -> {b} after a brow correction");
            assert_eq!(before.measurements[name].confidence, after.measurements[name].confidence, "{name} confidence");
        }
    }
    // The brow itself rose by the 4 px, in mm.
    let gain = after.measurements["brow_height_mm"].right - before.measurements["brow_height_mm"].right;
    println!("right brow height +{gain:.3} mm (4 px = {:.3} mm)", 4.0 * before.mm_per_px);
    assert!((gain / (4.0 * before.mm_per_px) - 1.0).abs() < 0.1, "the brow rose {gain} mm");
}

#[test]
fn dragging_an_iris_centre_keeps_its_radius_and_the_scale() {
    // The editor drags the circle `iris_circle` reads from the corrected mesh; its radius
    // must be the one the eye is measured with, or a drag of the centre alone rescales
    // the whole exam.
    let mut engine = engine();
    let original = real_face(&mut engine);
    for side in Side::BOTH {
        let circle = iris_circle(&original.mesh, side);
        let eye = original.eyes.get(side);
        println!("{side:?} iris: circle radius {:.3} px, measured radius {:.3} px", circle.radius_px, eye.iris_radius_px);
        assert!(circle.centre.distance(eye.iris_centre) < 1e-3);
        assert!((circle.radius_px - eye.iris_radius_px).abs() < 1e-3, "{side:?}: {} vs {}", circle.radius_px, eye.iris_radius_px);
    }
    // The calibrating eye's centre moved 2 px: its radius, and so the scale, stay.
    let before = measure(&original, None, None).unwrap();
    let CalibrationSource::Iris { eye: side } = before.calibration.source else { panic!("calibrated by the iris") };
    let circle = iris_circle(&original.mesh, side);
    let mut drag = LandmarkCorrections::default();
    *drag.iris.get_mut(side) = Some(IrisCircle { centre: Point2::new(circle.centre.x + 2.0, circle.centre.y), radius_px: circle.radius_px });
    let dragged = apply(&original, &drag).unwrap();
    let after = measure(&dragged, None, None).unwrap();
    println!("{side:?} iris centre dragged 2 px: {:.6} -> {:.6} mm/px", before.mm_per_px, after.mm_per_px);
    assert!((dragged.eyes.get(side).iris_radius_px - original.eyes.get(side).iris_radius_px).abs() < 1e-3);
    assert!((after.mm_per_px / before.mm_per_px - 1.0).abs() < 1e-4, "{} -> {}", before.mm_per_px, after.mm_per_px);
    assert!((iris_circle(&dragged.mesh, side).radius_px - circle.radius_px).abs() < 1e-3, "the mesh keeps the set circle");
}

#[test]
fn a_corrected_exam_scores_what_the_clinician_saw() {
    // The same photo for every view: the landmark model sees open eyes at "eye closure".
    // A clinician who saw the left eye close and the right eye stay open marks the left
    // eye closed: the right side is then the one that did not close, and its closure
    // items say so; marking both closed makes the closure normal.
    let mut engine = engine();
    let face = real_face(&mut engine);
    let views: BTreeMap<Expression, FaceLandmarks> = Expression::ALL.into_iter().map(|e| (e, face.clone())).collect();
    let exam_with = |closed: PerSide<bool>| {
        let marked = LandmarkCorrections { eye_closed: closed, ..Default::default() };
        let corrections = BTreeMap::from([(Expression::GentleClosure, marked.clone()), (Expression::TightClosure, marked)]);
        examine_corrected(&views, &corrections, None, None).unwrap().unwrap()
    };
    let item = |report: &facegrade::scores::ExamReport, name: &str| report.scores.auto_eface.dynamic_items.iter().find(|i| i.name == name).and_then(|i| i.score);

    let uncorrected = exam_with(PerSide::new(false, false));
    let left_closed = exam_with(PerSide::new(true, false));
    let both_closed = exam_with(PerSide::new(true, true));
    for (what, r) in [("model only", &uncorrected), ("left eye marked closed", &left_closed), ("both marked closed", &both_closed)] {
        println!("{what}: affected {:?}, gentle closure {:?}, full closure {:?}", r.scores.affected_side.side, item(r, "gentle_eye_closure"), item(r, "full_eye_closure"));
    }
    assert!(item(&uncorrected, "gentle_eye_closure").unwrap() < 15.0, "the model alone sees no closure");
    assert_eq!(left_closed.scores.affected_side.side, Side::Right, "the eye that did not close");
    assert!(item(&left_closed, "gentle_eye_closure").unwrap() < 15.0);
    assert!(item(&both_closed, "gentle_eye_closure").unwrap() >= 90.0);
    assert!(item(&both_closed, "full_eye_closure").unwrap() >= 90.0);
    // A correction that does not fit its face stops the exam instead of being dropped.
    let bad = LandmarkCorrections { moved: BTreeMap::from([(900, Point2::new(0.0, 0.0))]), ..Default::default() };
    assert_eq!(examine_corrected(&views, &BTreeMap::from([(Expression::Rest, bad)]), None, None).err(), Some(CorrectionError::UnknownPoint(900)));
}
