//! Shared helpers for native integration tests: paths to the repo's models and to the
//! shared test data (../shared next to the clone, as in CI).
#![allow(dead_code)]

pub mod pdf_text;
pub mod png_header;
pub mod readings;

use facegrade::engine::topology::{alar_base, brow_upper, commissure, lid, lid_contour, OUTER_LOWER_LIP};
use facegrade::engine::{model_files, Engine, FaceLandmarks, ModelBytes};
use facegrade::geometry::Point2;
use facegrade::image_view::ImageView;
use facegrade::measure::{measure, measure_exam};
use facegrade::scores::{score_exam, ExamReadings, ExamScores};
use facegrade::measure::Expression::{self, *};
use facegrade::side::{PerSide, Side};
use facegrade::synthetic::Drag;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn model_path(name: &str) -> PathBuf {
    repo().join("models").join(name)
}

pub fn shared() -> PathBuf {
    std::env::var("FACEGRADE_SHARED").map(PathBuf::from).unwrap_or_else(|_| repo().join("../shared"))
}

pub fn reference(name: &str) -> PathBuf {
    shared().join("data/reference").join(name)
}

pub fn face(name: &str) -> PathBuf {
    shared().join("data/faces").join(name)
}

pub fn read_f32(path: PathBuf) -> Vec<f32> {
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

pub fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

pub fn model_bytes() -> &'static (Vec<u8>, Vec<u8>, Vec<u8>) {
    static BYTES: OnceLock<(Vec<u8>, Vec<u8>, Vec<u8>)> = OnceLock::new();
    BYTES.get_or_init(|| {
        let read = |n: &str| std::fs::read(model_path(n)).unwrap();
        (read(model_files::FACE_DETECTOR), read(model_files::FACE_LANDMARKS), read(model_files::IRIS_LANDMARKS))
    })
}

pub fn engine() -> Engine {
    let (d, m, i) = model_bytes();
    Engine::new(&ModelBytes { face_detector: d, face_landmarks: m, iris_landmarks: i }).expect("engine loads")
}

pub fn load_rgb(path: PathBuf) -> image::RgbImage {
    image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgb8()
}

/// The real faces in ../shared/data/faces (stills).
pub const FACES: [&str; 5] =
    ["astronaut.png", "obama.jpg", "biden.jpg", "portrait_glasses.jpg", "portrait_frontal_ai.jpg"];

/// First frame of a YUV4MPEG2 (4:2:0) clip as RGB.
pub fn y4m_first_frame(path: PathBuf) -> image::RgbImage {
    y4m_frames(path).remove(0)
}

/// Every frame of a YUV4MPEG2 (4:2:0) clip as RGB.
pub fn y4m_frames(path: PathBuf) -> Vec<image::RgbImage> {
    let bytes = std::fs::read(&path).unwrap();
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap();
    let header = std::str::from_utf8(&bytes[..header_end]).unwrap();
    let field = |c: char| header.split(' ').find(|t| t.starts_with(c)).unwrap()[1..].parse::<usize>().unwrap();
    let (w, h) = (field('W'), field('H'));
    let mut frames = Vec::new();
    let mut at = header_end + 1;
    while at < bytes.len() {
        // Each frame: "FRAME" (maybe with parameters), newline, then Y, U, V planes.
        let line_end = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap();
        let frame = line_end + 1;
        if frame + w * h * 3 / 2 > bytes.len() {
            break;
        }
        let (y, u, v) = (&bytes[frame..frame + w * h], &bytes[frame + w * h..frame + w * h * 5 / 4], &bytes[frame + w * h * 5 / 4..frame + w * h * 3 / 2]);
        frames.push(image::RgbImage::from_fn(w as u32, h as u32, |x, yy| {
            let (x, yy) = (x as usize, yy as usize);
            let c = (yy / 2) * (w / 2) + x / 2;
            let (yv, uv, vv) = (y[yy * w + x] as f32 - 16.0, u[c] as f32 - 128.0, v[c] as f32 - 128.0);
            let r = 1.164 * yv + 1.596 * vv;
            let g = 1.164 * yv - 0.392 * uv - 0.813 * vv;
            let b = 1.164 * yv + 2.017 * uv;
            image::Rgb([r, g, b].map(|c| c.round().clamp(0.0, 255.0) as u8))
        }));
        at = frame + w * h * 3 / 2;
    }
    frames
}

/// Every frame of a video in ../shared/data/faces (an mp4), decoded by ffmpeg (installed
/// with the test tools) through a temporary YUV4MPEG2 file.
pub fn video_frames(name: &str) -> Vec<image::RgbImage> {
    let out: PathBuf = std::env::temp_dir().join(format!("facegrade-{}-{}.y4m", name.replace('.', "-"), std::process::id()));
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(face(name))
        .args(["-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe"])
        .arg(&out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    let frames = y4m_frames(out.clone());
    let _ = std::fs::remove_file(out);
    frames
}

/// The one face in a still.
pub fn analyse(engine: &mut Engine, image: &image::RgbImage) -> FaceLandmarks {
    let mut faces = engine.analyse_image(&ImageView::from_rgb(image)).unwrap();
    assert_eq!(faces.len(), 1);
    faces.remove(0)
}

/// Makes every exam view from a rest photo by smooth, known warps (synthetic expressions). `strength` per side scales that side's
/// movements (1 = the full movement, 0.2 = a weak side).
pub fn synthetic_exam(engine: &mut Engine, rest: &image::RgbImage, strength: PerSide<f32>) -> BTreeMap<Expression, FaceLandmarks> {
    synthetic_exam_images(engine, rest, strength).into_iter().map(|(view, image)| (view, analyse(engine, &image))).collect()
}

/// The photos of [`synthetic_exam`]: one warped copy of the rest photo per view (the
/// engine finds the landmarks the warps start from).
pub fn synthetic_exam_images(engine: &mut Engine, rest: &image::RgbImage, strength: PerSide<f32>) -> BTreeMap<Expression, image::RgbImage> {
    synthetic_view_images(engine, rest, strength, &Expression::ALL)
}

/// [`synthetic_exam_images`] of the given views only. Blink and wink are not made: a warp
/// cannot close an eye (real blinks come from video, tests/yanagihara.rs).
pub fn synthetic_view_images(engine: &mut Engine, rest: &image::RgbImage, strength: PerSide<f32>, views: &[Expression]) -> BTreeMap<Expression, image::RgbImage> {
    let face = analyse(engine, rest);
    let mm_per_px = measure(&face, None, None).unwrap().mm_per_px;
    let px = |mm: f32| mm / mm_per_px;
    let at = |i: usize| face.mesh[i].xy();
    let lip_centre = at(0).midpoint(at(17));
    let size = face.roi.size;
    // Each movement: (landmark, shift in mm as (outward, down), sigma as a fraction of the face crop).
    let movements = |view: Expression, side: Side| -> Vec<(usize, (f32, f32), f32)> {
        let upper_lid = lid_contour(side)[lid::UPPER_MIDDLE];
        match view {
            Rest => vec![],
            BrowRaise => vec![(brow_upper(side)[2], (0.0, -5.0), 0.10)],
            GentleClosure => vec![(upper_lid, (0.0, 3.0), 0.035)],
            TightClosure => vec![(upper_lid, (0.0, 4.0), 0.035), (brow_upper(side)[2], (0.0, 2.0), 0.08)],
            SmallSmile => vec![(commissure(side), (2.0, -1.5), 0.07)],
            BigSmile => vec![(commissure(side), (4.0, -3.5), 0.08)],
            Pucker => vec![(commissure(side), (-5.0, 0.0), 0.07)],
            LowerTeeth => vec![(commissure(side), (0.0, 2.5), 0.07)],
            Snarl => vec![(alar_base(side), (0.0, -3.0), 0.05)],
            // The outer lower lip two points from the midline, pulled down.
            LowerLipDepression => vec![(OUTER_LOWER_LIP[if side == Side::Right { 3 } else { 7 }], (0.0, 3.0), 0.05)],
            Blink | Wink => vec![],
        }
    };
    let mut images = BTreeMap::new();
    for &view in views {
        let mut image = rest.clone();
        for side in Side::BOTH {
            for (landmark, (out, down), sigma) in movements(view, side) {
                let centre = at(landmark);
                let outward = if centre.x >= lip_centre.x { 1.0 } else { -1.0 };
                let k = *strength.get(side);
                let drag = Drag { centre, shift: Point2::new(outward * px(out) * k, px(down) * k), sigma: sigma * size };
                image = drag.apply(&image);
            }
        }
        images.insert(view, image);
    }
    images
}

/// The scores of a synthetic exam (see [`synthetic_exam`]) with the automatic affected side.
pub fn synthetic_scores(engine: &mut Engine, rest: &image::RgbImage, strength: PerSide<f32>) -> ExamScores {
    let views = synthetic_exam(engine, rest, strength);
    score_exam(&ExamReadings::from_exam(&measure_exam(&views, None, None).expect("measurable")), None)
}
