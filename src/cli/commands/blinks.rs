//! `facegrade blinks VIDEO.y4m|FRAMES_DIR [--fps N] [--json] [--mm-per-px X | --ipd-mm X]`:
//! blinks per minute, complete and partial blinks per side, their depth and timing, read
//! from each eye's image in every frame (the live page's tracker, frame by frame).

use super::measure::parse_known_scale;
use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::engine::eye_state::EyeState;
use facegrade::engine::tracking::FaceTracker;
use facegrade::image_view::ImageView;
use facegrade::measure::blinks::{analyse_blinks, BlinkAnalysis, EyeOpeningSample};
use facegrade::measure::measure;
use facegrade::side::{PerSide, Side};
use facegrade::video::y4m::Y4mReader;
use std::path::{Path, PathBuf};

/// One frame's eye openings in image pixels (converted to mm once the whole video's
/// calibration is known: a closed eye hides the iris that calibrates its own frame).
struct FrameReading {
    time_s: f32,
    opening_px: PerSide<Option<f32>>,
    /// This frame's iris calibration, when both eyes are open (mm per px).
    open_eyes_mm_per_px: Option<f32>,
}

pub fn run(args: &[String]) -> Result<(), CliError> {
    let args = Args::parse(args, &["--json"], &["--models", "--fps", "--mm-per-px", "--ipd-mm"])?;
    let [input] = args.positional.as_slice() else {
        return Err(CliError("blinks needs one VIDEO.y4m or FRAMES_DIR".into()));
    };
    let known = parse_known_scale(&args)?;
    let mut engine = load_engine(&models_dir(&args))?;
    let mut tracker = FaceTracker::new();
    let mut readings = Vec::new();
    let mut read_frame = |image: &image::RgbImage, time_s: f32| -> Result<(), CliError> {
        let tracked = tracker.track(&mut engine, &ImageView::from_rgb(image), time_s as f64)?;
        let reading = match tracked.face.and_then(|face| measure(face, known, None)) {
            Some(m) => FrameReading {
                time_s,
                opening_px: m.eyes.map(|_, e| (e.state != EyeState::Unknown).then(|| e.visible_height_mm / m.mm_per_px)),
                open_eyes_mm_per_px: (m.eyes.left.state == EyeState::Open && m.eyes.right.state == EyeState::Open).then_some(m.mm_per_px),
            },
            None => FrameReading { time_s, opening_px: PerSide::new(None, None), open_eyes_mm_per_px: None },
        };
        readings.push(reading);
        Ok(())
    };
    let path = Path::new(input);
    if path.is_dir() {
        let fps = parse_fps(args.option("--fps"))?;
        let frames = frame_files(path)?;
        if frames.is_empty() {
            return Err(CliError(format!("{input} holds no PNG or JPEG frames")));
        }
        for (k, file) in frames.iter().enumerate() {
            read_frame(&load_image(&file.to_string_lossy())?, k as f32 / fps)?;
        }
    } else {
        let file = std::fs::File::open(path).map_err(|e| CliError(format!("cannot read {input}: {e}")))?;
        let mut video = Y4mReader::new(std::io::BufReader::new(file)).map_err(|e| CliError(format!("{input}: {e}")))?;
        let fps = match args.option("--fps") {
            Some(v) => parse_fps(Some(v))?,
            None => video.fps(),
        };
        let mut k = 0;
        while let Some(frame) = video.next_frame().map_err(|e| CliError(format!("{input}: {e}")))? {
            read_frame(&frame, k as f32 / fps)?;
            k += 1;
        }
    }
    let analysis = analyse_blinks(&in_millimetres(&readings)?);
    if args.has("--json") {
        println!("{}", serde_json::to_string_pretty(&analysis)?);
    } else {
        print_summary(input, &analysis);
    }
    Ok(())
}

fn parse_fps(value: Option<&str>) -> Result<f32, CliError> {
    match value {
        None => Ok(30.0),
        Some(v) => v.parse::<f32>().ok().filter(|f| *f > 0.0 && f.is_finite() && *f <= 1000.0).ok_or_else(|| CliError(format!("--fps needs a positive number, not '{v}'"))),
    }
}

/// The frames of a folder, in name order (frame0001.png, ...).
fn frame_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CliError(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg")))
        .collect();
    files.sort();
    Ok(files)
}

/// Openings in mm with one calibration for the whole video: the median of the frames
/// whose eyes are both open (a given --mm-per-px or --ipd-mm sets every frame's scale).
fn in_millimetres(readings: &[FrameReading]) -> Result<Vec<EyeOpeningSample>, CliError> {
    let mut scales: Vec<f32> = readings.iter().filter_map(|r| r.open_eyes_mm_per_px).collect();
    if scales.is_empty() && !readings.iter().any(|r| r.opening_px.left.is_some() || r.opening_px.right.is_some()) {
        return Err(CliError("no frame of this video shows a measurable face".into()));
    }
    if scales.is_empty() {
        return Err(CliError("no frame shows both eyes open, so the video cannot be calibrated: give --mm-per-px or --ipd-mm".into()));
    }
    scales.sort_by(f32::total_cmp);
    let mm_per_px = scales[scales.len() / 2];
    Ok(readings.iter().map(|r| EyeOpeningSample { time_s: r.time_s, opening_mm: r.opening_px.map(|_, px| px.map(|v| v * mm_per_px)) }).collect())
}

fn print_summary(input: &str, a: &BlinkAnalysis) {
    println!("{input}: {} frames, {:.1} s ({:.1} s analysed); {:.1} blinks per minute", a.frames, a.duration_s, a.analysed_s, a.blinks_per_minute);
    for side in Side::BOTH {
        let s = a.per_side.get(side);
        if let Some(why) = &s.not_measured {
            println!("  {} eye: not measured ({why})", side.name());
            continue;
        }
        let ms = |v: Option<f32>| v.map_or("-".to_string(), |v| format!("{v:.0} ms"));
        println!(
            "  {} eye: open {:.1} mm; {} complete, {} partial blink(s) ({} with the other eye open), deepest closure {}; closing {}, reopening {}",
            side.name(),
            s.open_height_mm.unwrap_or(f32::NAN),
            s.complete,
            s.partial,
            s.blinked_alone,
            s.deepest_closure_mm.map_or("-".to_string(), |v| format!("{v:.1} mm")),
            ms(s.mean_closing_ms),
            ms(s.mean_reopening_ms)
        );
    }
    for note in &a.notes {
        println!("  note: {note}");
    }
}
