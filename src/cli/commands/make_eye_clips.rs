//! `facegrade make-eye-clips VIDEO.y4m --labels LABELS.json --out-dir DIR`: clips with a
//! known eye state per frame, from a labelled video of natural blinks.
//!
//! Real blinks close both eyes together, so a one-sided closure (a wink, or the eye a palsy
//! leaves open) has no natural footage with ground truth. Here the subject's left eye is
//! held open through every blink by pasting in its look from the last frame where both
//! eyes were open: only the right eye blinks, exactly as it did in the video.
//!
//! Writes `blink.y4m` (the video as read) and `wink_right.y4m` (right eye blinks, left
//! stays open), both through the same y4m writer so their untouched pixels are identical,
//! and prints a JSON summary of which frames were patched from which.
//!
//! The pasted eye is placed by the open frame's left lid contour carried over to the
//! patched frame by the motion of the skin around the eye, not by the engine's contour on
//! the closed eye: mid-blink its lateral canthus reads 5-7 px low with the head still,
//! which would paste the open eye tilted and low. The summary gives that offset per frame.

use super::capped_read::{read_text_capped, MAX_JSON_FILE_BYTES};
use super::{load_engine, models_dir, Args, CliError};
use facegrade::engine::{Engine, FaceLandmarks};
use facegrade::engine::eyelids::{LATERAL_CANTHUS, MEDIAL_CANTHUS};
use facegrade::geometry::Point2;
use facegrade::image_view::ImageView;
use facegrade::side::Side;
use facegrade::synthetic::eye_paste::{carry_eye_contour, median_mesh_shift, paste_eye, pasted_region};
use facegrade::video::y4m::{Y4mReader, Y4mWriter};
use image::RgbImage;
use serde::{Deserialize, Serialize};
use std::io::{BufReader, BufWriter};
use std::path::Path;

/// The per-frame eye labels of `tests/data/blink_labels.json` (anatomical sides; frames
/// 0-based in the labelled video).
#[derive(Deserialize)]
struct Labels {
    frames: Vec<FrameLabel>,
}

#[derive(Deserialize)]
struct FrameLabel {
    frame: usize,
    right: String,
    left: String,
}

impl Labels {
    fn at(&self, frame: usize) -> Result<&FrameLabel, CliError> {
        self.frames.iter().find(|l| l.frame == frame).ok_or_else(|| CliError(format!("the labels have no frame {frame}")))
    }
}

impl FrameLabel {
    fn left_open(&self) -> bool {
        self.left == "open"
    }
    fn both_open(&self) -> bool {
        self.left_open() && self.right == "open"
    }
}

/// The last frame with both eyes open: the left eye every later not-open frame gets.
struct OpenReference {
    frame_index: usize,
    image: RgbImage,
    /// Its face, found the first time a frame needs it.
    face: Option<FaceLandmarks>,
}

#[derive(Serialize)]
struct Patch {
    /// Index in the clip (0-based) and in the labels (clip index + --first-frame).
    frame: usize,
    label_frame: usize,
    left_label: String,
    /// The all-open frame whose left eye was pasted in (clip index).
    source_frame: usize,
    /// The pasted disc on this frame: no pixel outside it changed.
    left_eye_centre: [f32; 2],
    pasted_radius_px: f32,
    /// The head's motion since the source frame (px), from the skin around the left eye.
    head_shift_px: [f32; 2],
    /// The engine's left canthi on this (unpatched) frame less where the source's canthi
    /// were carried to: how far the engine's canthi drift on a closing eye (px).
    engine_lateral_canthus_offset_px: [f32; 2],
    engine_medial_canthus_offset_px: [f32; 2],
}

/// The first face the engine finds in `image`, with a left lid contour.
fn first_face(engine: &mut Engine, image: &RgbImage, frame: usize) -> Result<FaceLandmarks, CliError> {
    let faces = engine.analyse_image(&ImageView::from_rgb(image))?;
    let face = faces.into_iter().next().ok_or_else(|| CliError(format!("no face found in frame {frame}")))?;
    if face.eyes.left.lid_contour.len() <= MEDIAL_CANTHUS {
        return Err(CliError(format!("frame {frame}: the engine gave no left lid contour")));
    }
    Ok(face)
}

fn offset(a: Point2, b: Point2) -> [f32; 2] {
    [a.x - b.x, a.y - b.y]
}

fn create_writer(path: &Path, width: u32, height: u32, fps: facegrade::video::y4m::FrameRate) -> Result<Y4mWriter<BufWriter<std::fs::File>>, CliError> {
    let file = std::fs::File::create(path).map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
    Ok(Y4mWriter::new(BufWriter::new(file), width, height, fps)?)
}

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &[], &["--labels", "--out-dir", "--first-frame", "--models"])?;
    let [video] = args.positional.as_slice() else {
        return Err(CliError("make-eye-clips needs one VIDEO.y4m".into()));
    };
    let labels_path = args.option("--labels").ok_or_else(|| CliError("make-eye-clips needs --labels LABELS.json".into()))?;
    let out_dir = Path::new(args.option("--out-dir").ok_or_else(|| CliError("make-eye-clips needs --out-dir DIR".into()))?);
    let first_frame: usize = match args.option("--first-frame") {
        Some(v) => v.parse().map_err(|_| CliError(format!("--first-frame takes a frame number, not '{v}'")))?,
        None => 0,
    };
    let labels_text = read_text_capped(labels_path, MAX_JSON_FILE_BYTES).map_err(|e| CliError(format!("cannot read labels {labels_path}: {e}")))?;
    let labels: Labels = serde_json::from_str(&labels_text).map_err(|e| CliError(format!("labels {labels_path}: {e}")))?;
    let file = std::fs::File::open(video).map_err(|e| CliError(format!("cannot read video {video}: {e}")))?;
    let mut reader = Y4mReader::new(BufReader::new(file)).map_err(|e| CliError(format!("{video}: {e}")))?;
    let header = reader.header().clone();
    std::fs::create_dir_all(out_dir).map_err(|e| CliError(format!("cannot create {}: {e}", out_dir.display())))?;
    let mut engine = load_engine(&models_dir(&args))?;

    let (blink_path, wink_path) = (out_dir.join("blink.y4m"), out_dir.join("wink_right.y4m"));
    let mut blink = create_writer(&blink_path, header.width, header.height, header.fps)?;
    let mut wink = create_writer(&wink_path, header.width, header.height, header.fps)?;
    let mut reference: Option<OpenReference> = None;
    let mut patches = Vec::new();
    let mut frames = 0;
    while let Some(image) = reader.next_frame().map_err(|e| CliError(format!("{video}: {e}")))? {
        let index = frames;
        frames += 1;
        blink.write_frame(&image)?;
        let label = labels.at(first_frame + index)?;
        if label.both_open() {
            wink.write_frame(&image)?;
            reference = Some(OpenReference { frame_index: index, image, face: None });
            continue;
        }
        if label.left_open() {
            wink.write_frame(&image)?;
            continue;
        }
        let source = reference.as_mut().ok_or_else(|| CliError(format!("frame {index}: the left eye is '{}' with no all-open frame before it to take it from", label.left)))?;
        if source.face.is_none() {
            source.face = Some(first_face(&mut engine, &source.image, source.frame_index)?);
        }
        let source_face = source.face.as_ref().expect("just found");
        let source_contour = &source_face.eyes.left.lid_contour;
        let face = first_face(&mut engine, &image, index)?;
        let target_contour = carry_eye_contour(&source.image, source_contour, &image, Side::Left, median_mesh_shift(source_face, &face));
        wink.write_frame(&paste_eye(&image, &target_contour, &source.image, source_contour, Side::Left))?;
        let (centre, radius) = pasted_region(&target_contour).unwrap_or((Point2::default(), 0.0));
        let engine_contour = &face.eyes.left.lid_contour;
        patches.push(Patch {
            frame: index,
            label_frame: first_frame + index,
            left_label: label.left.clone(),
            source_frame: source.frame_index,
            left_eye_centre: [centre.x, centre.y],
            pasted_radius_px: radius,
            head_shift_px: offset(target_contour[LATERAL_CANTHUS], source_contour[LATERAL_CANTHUS]),
            engine_lateral_canthus_offset_px: offset(engine_contour[LATERAL_CANTHUS], target_contour[LATERAL_CANTHUS]),
            engine_medial_canthus_offset_px: offset(engine_contour[MEDIAL_CANTHUS], target_contour[MEDIAL_CANTHUS]),
        });
    }
    blink.finish()?;
    wink.finish()?;
    let summary = serde_json::json!({
        "video": video,
        "labels": labels_path,
        "first_frame": first_frame,
        "width": header.width,
        "height": header.height,
        "fps": format!("{}:{}", header.fps.numerator, header.fps.denominator),
        "frames": frames,
        "clips": { "blink": blink_path, "wink_right": wink_path },
        "wink_right": "the subject's right eye blinks as in the video; the left eye is pasted open from the last all-open frame wherever its label is not open",
        "patched": patches,
    });
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}
