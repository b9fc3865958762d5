//! The quality gate on a real photo: a good frame passes, the same frame made dark or
//! blurred is refused for that reason, and a turned head gets advice toward the side that
//! brings it back to the camera.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::i18n::Lang;
use facegrade::engine::canonical::canonical_face;
use facegrade::engine::FaceLandmarks;
use facegrade::geometry::Point3;
use facegrade::engine::topology::NOSE_TIP;
use facegrade::image_view::ImageView;
use facegrade::quality::{assess, frame_stats, gate_and_measure, FrameStats, QualityIssue, QualityLimits};
use facegrade::side::Side;
use facegrade::synthetic::photometric::{darken, gaussian_blur};

#[test]
fn a_good_frame_passes_and_the_same_frame_dark_or_blurred_does_not() {
    let limits = QualityLimits::default();
    let image = load_rgb(face("portrait_frontal_ai.jpg"));
    let mut engine = engine();
    let face = analyse(&mut engine, &image);
    let gate = |img: &image::RgbImage| {
        let view = ImageView::from_rgb(img);
        let stats = frame_stats(&view, Some(&face), 1);
        let (verdict, measured) = gate_and_measure(&view, Some(&face), 1, &limits);
        assert!(measured.is_some(), "measured whatever the verdict");
        (verdict, stats)
    };
    let (verdict, stats) = gate(&image);
    println!("original: luminance {:.1}, sharpness {:.2}", stats.face_luminance, stats.face_sharpness);
    assert_eq!(verdict, Ok(()));

    let (verdict, stats) = gate(&darken(&image, 0.05));
    println!("5 % of the light: luminance {:.1}, sharpness {:.2}", stats.face_luminance, stats.face_sharpness);
    assert_eq!(verdict, Err(QualityIssue::TooDark));

    // The sharpness is read at a spacing that grows with the face (a quarter of a 12th of
    // its crop), so the gate refuses only a blur on the scale of the face's features:
    // measured here (crop ~820 px), a Gaussian of sigma 20 px still reads 11.3 and one of
    // 60 px 2.3 against the limit of 1.5; a tenth of the crop is refused.
    let sigma = 0.1 * face.roi.size;
    let (verdict, stats) = gate(&gaussian_blur(&image, sigma));
    println!("blurred (sigma {sigma:.0} px): luminance {:.1}, sharpness {:.2}", stats.face_luminance, stats.face_sharpness);
    assert_eq!(verdict, Err(QualityIssue::Blurred));

    // No face, and a second face, come before anything about the picture.
    let view = ImageView::from_rgb(&image);
    assert_eq!(gate_and_measure(&view, None, 0, &limits).0, Err(QualityIssue::NoFace));
    assert_eq!(gate_and_measure(&view, Some(&face), 2, &limits).0, Err(QualityIssue::SeveralFaces { count: 2 }));
}

/// The canonical face turned about the vertical axis by `degrees` (positive: the nose goes
/// toward the image's left), 100 px per unit of inter-pupillary distance.
fn turned_face(degrees: f32) -> FaceLandmarks {
    let (s, c) = degrees.to_radians().sin_cos();
    let mesh: Vec<Point3> =
        canonical_face().expect("canonical face is committed").iter().map(|p| Point3::new(400.0 + 100.0 * (p.x * c + p.z * s), 300.0 + 100.0 * p.y, 100.0 * (p.z * c - p.x * s))).collect();
    FaceLandmarks::from_mesh(mesh, 1.0)
}

#[test]
fn a_turned_head_is_told_to_turn_back_toward_the_camera() {
    let limits = QualityLimits::default();
    let good = FrameStats { faces_detected: 1, face_luminance: 120.0, face_sharpness: 10.0 };
    let straight = turned_face(0.0);
    assert_eq!(assess(Some(&straight), good, &limits), Ok(()));
    for (degrees, toward) in [(25.0, Side::Right), (-25.0, Side::Left)] {
        let face = turned_face(degrees);
        // Check the construction: the nose moved toward the image's left for a turn to
        // the subject's right (their right is on the image's left).
        let nose_shift = face.mesh[NOSE_TIP].x - straight.mesh[NOSE_TIP].x;
        assert_eq!(nose_shift < 0.0, toward == Side::Right, "nose moved {nose_shift} px");
        let verdict = assess(Some(&face), good, &limits);
        println!("turned {degrees:+} deg: yaw {:.1}, {verdict:?}", face.pose.yaw);
        let Err(issue @ QualityIssue::HeadTurned { toward: told, degrees: read }) = verdict else { panic!("{verdict:?}") };
        assert_eq!(told, toward);
        assert!((read - 25.0).abs() < 2.0, "read {read} deg");
        let advice = issue.advice(Lang::En);
        assert!(advice.contains(&format!("to your {}.", toward.name())) && advice.contains(&format!("a little to your {}", toward.other().name())), "{advice}");
        // The same advice in Japanese names the same sides (右 = right, 左 = left).
        let (told_ja, other_ja) = if toward == Side::Right { ("右", "左") } else { ("左", "右") };
        let advice = issue.advice(Lang::Ja);
        assert!(advice.starts_with(&format!("頭が{told_ja}へ25°")) && advice.contains(&format!("頭を少し{other_ja}へ")), "{advice}");
    }
    // Within the limit: no advice.
    assert_eq!(assess(Some(&turned_face(8.0)), good, &limits), Ok(()));
}
