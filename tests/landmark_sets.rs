//! Measurements on synthetic landmark sets, where the truth is exact: the symmetric
//! canonical face, posed in 3-D (yaw, pitch, roll), with and without a known droop of one
//! side. No models: these check pose correction and the measurement geometry alone.

use facegrade::engine::canonical::canonical_face;
use facegrade::engine::topology::{commissure, iris_indices, upper_lid};
use facegrade::engine::FaceLandmarks;
use facegrade::geometry::{mat3_mul, Point3, Similarity3};
use facegrade::measure::calibration::KnownScale;
use facegrade::measure::measurements::Unit;
use facegrade::measure::{measure, FaceMeasurements, MEASUREMENT_NAMES};
use facegrade::side::Side;

/// Inter-pupillary distance of the synthetic subject, and its size in the image.
const IPD_MM: f32 = 63.0;
const IPD_PX: f64 = 300.0;
const MM_PER_PX: f32 = IPD_MM / IPD_PX as f32;

/// R = Rz(roll) * Ry(yaw) * Rx(pitch), the convention of geometry::yaw_pitch_roll_deg.
fn rotation(yaw: f64, pitch: f64, roll: f64) -> [[f64; 3]; 3] {
    let (y, p, r) = (yaw.to_radians(), pitch.to_radians(), roll.to_radians());
    let rz = [[r.cos(), -r.sin(), 0.0], [r.sin(), r.cos(), 0.0], [0.0, 0.0, 1.0]];
    let ry = [[y.cos(), 0.0, y.sin()], [0.0, 1.0, 0.0], [-y.sin(), 0.0, y.cos()]];
    let rx = [[1.0, 0.0, 0.0], [0.0, p.cos(), -p.sin()], [0.0, p.sin(), p.cos()]];
    mat3_mul(&rz, &mat3_mul(&ry, &rx))
}

/// The canonical face (unit IPD) posed into a 1280x720 image.
fn posed(shape: &[Point3], yaw: f64, pitch: f64, roll: f64) -> FaceLandmarks {
    let camera = Similarity3 { rotation: rotation(yaw, pitch, roll), scale: IPD_PX, translation: [640.0, 360.0, 0.0] };
    FaceLandmarks::from_mesh(shape.iter().map(|p| camera.apply(*p)).collect(), 1.0)
}

/// Moves the points of one side's tissue region down (toward the chin) by `mm`, in 3-D:
/// a rigid droop of that region, the rest of the face (and the eyeball) unmoved.
fn droop(shape: &[Point3], side: Side, in_region: &dyn Fn(Point3) -> bool, mm: f32) -> Vec<Point3> {
    // Canonical x points to the subject's left.
    let on_side = |p: Point3| if side == Side::Left { p.x > 1e-4 } else { p.x < -1e-4 };
    shape.iter().map(|&p| if on_side(p) && in_region(p) { Point3::new(p.x, p.y + mm / IPD_MM, p.z) } else { p }).collect()
}

fn measured(face: &FaceLandmarks) -> FaceMeasurements {
    measure(face, Some(KnownScale::MmPerPx(MM_PER_PX)), None).expect("measurable")
}

const POSES: [(f64, f64, f64); 7] = [(0.0, 0.0, 0.0), (20.0, 0.0, 0.0), (-20.0, 0.0, 0.0), (0.0, 15.0, 0.0), (0.0, -15.0, 0.0), (0.0, 0.0, 30.0), (15.0, -10.0, -20.0)];

#[test]
fn a_symmetric_face_has_no_asymmetry_in_any_pose() {
    let shape = canonical_face().expect("canonical face is committed");
    let mut worst = (0.0f32, "", (0.0, 0.0, 0.0));
    for pose in POSES {
        let face = posed(&shape, pose.0, pose.1, pose.2);
        assert!((face.pose.yaw as f64 - pose.0).abs() < 0.1 && (face.pose.pitch as f64 - pose.1).abs() < 0.1 && (face.pose.roll as f64 - pose.2).abs() < 0.1, "{:?} vs {pose:?}", face.pose);
        let m = measured(&face);
        for name in MEASUREMENT_NAMES {
            let d = m.measurements[name].difference;
            if d > worst.0 {
                worst = (d, name, pose);
            }
        }
    }
    println!("worst asymmetry of the symmetric face over {} poses: {:.4} ({}, {:?})", POSES.len(), worst.0, worst.1, worst.2);
    assert!(worst.0 < 0.02, "{worst:?}");
}

#[test]
fn a_known_3d_droop_is_measured_in_any_pose() {
    let shape = canonical_face().expect("canonical face is committed");
    let iris_y = shape[iris_indices(Side::Left)[0]].y;
    // The brow and forehead: everything more than 12.6 mm (0.2 IPD) above the pupils.
    let brow_region = move |p: Point3| p.y < iris_y - 0.2;
    let mut worst = 0.0f32;
    for side in Side::BOTH {
        let corner = shape[commissure(side)];
        // The mouth corner and the tissue within 8 mm of it.
        let corner_region = move |p: Point3| p.distance(corner) < 8.0 / IPD_MM;
        let cases: [(&str, &dyn Fn(Point3) -> bool, f32); 2] = [("commissure_height_mm", &corner_region, 1.0), ("brow_height_mm", &brow_region, -1.0)];
        for (name, region, sign) in cases {
            for mm in [1.0f32, 3.0, 6.0] {
                let drooped = droop(&shape, side, region, mm);
                for pose in POSES {
                    let m = measured(&posed(&drooped, pose.0, pose.1, pose.2));
                    let v = &m.measurements[name];
                    // Commissure height grows downward; brow height shrinks.
                    let read = sign * (v.value(side) - v.value(side.other()));
                    worst = worst.max((read - mm).abs());
                    assert!((read - mm).abs() < 0.1, "{name} {side:?} {mm} mm at {pose:?}: read {read:.3}");
                }
            }
        }
    }
    println!("worst error of a known 3-D droop (1-6 mm, 7 poses): {worst:.4} mm");
}

#[test]
fn a_drooped_upper_lid_reads_as_a_smaller_mrd1() {
    let shape = canonical_face().expect("canonical face is committed");
    for side in Side::BOTH {
        // Upper lid points only: ptosis of 1.5 mm.
        let upper = upper_lid(side);
        let mut drooped = shape.clone();
        for &i in upper {
            drooped[i].y += 1.5 / IPD_MM;
        }
        for pose in POSES {
            let m = measured(&posed(&drooped, pose.0, pose.1, pose.2));
            let v = &m.measurements["mrd1_mm"];
            let read = v.value(side.other()) - v.value(side);
            assert!((read - 1.5).abs() < 0.1, "{side:?} at {pose:?}: {read:.3}");
            assert_eq!(v.unit, Unit::Millimetres);
        }
    }
}

#[test]
fn a_known_interpupillary_distance_calibrates_in_any_pose() {
    let shape = canonical_face().expect("canonical face is committed");
    for pose in POSES {
        let face = posed(&shape, pose.0, pose.1, pose.2);
        let m = measure(&face, Some(KnownScale::InterpupillaryMm(IPD_MM)), None).unwrap();
        // A turned head shortens the pupils' distance in the image; the pose-corrected
        // distance does not change.
        assert!((m.mm_per_px / MM_PER_PX - 1.0).abs() < 1e-3, "{pose:?}: {} vs {MM_PER_PX}", m.mm_per_px);
    }
}
