//! `facegrade make-eye-clips` on a cut of the real blink video (frames 70-85, the first
//! blink): the blink clip is the video as read, and the wink clip differs from it only
//! around the left eye, only in the frames whose left eye the labels do not call open.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::video::y4m::{read_y4m_file, write_y4m_file};
use std::path::Path;
use std::process::{Command, Output};

fn facegrade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facegrade")).args(args).output().expect("facegrade runs")
}

/// Largest channel difference between two frames.
fn max_difference(a: &image::RgbImage, b: &image::RgbImage) -> i32 {
    a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as i32 - y as i32).abs()).max().unwrap_or(0)
}

/// Frames 70-85 of expressions_ai_2 as a y4m in `dir` (ffmpeg decodes the mp4; our reader
/// and writer do the rest).
fn cut_of_the_blink_video(dir: &Path) -> std::path::PathBuf {
    let whole = dir.join("whole.y4m");
    let status = Command::new("ffmpeg").args(["-v", "error", "-y", "-i"]).arg(face("expressions_ai_2.mp4")).args(["-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe"]).arg(&whole).status().expect("ffmpeg runs");
    assert!(status.success());
    let (header, frames) = read_y4m_file(&whole).unwrap();
    assert_eq!((header.width, header.height, frames.len()), (480, 480, 150));
    let cut = dir.join("frames_70_85.y4m");
    write_y4m_file(&cut, &frames[70..86], header.fps).unwrap();
    std::fs::remove_file(whole).unwrap();
    cut
}

#[test]
fn the_wink_clip_changes_only_the_left_eye_of_the_frames_it_holds_open() {
    let dir = std::env::temp_dir().join(format!("facegrade-cli-eye-clips-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = cut_of_the_blink_video(&dir);
    let labels = repo().join("tests/data/blink_labels.json");
    let out_dir = dir.join("clips");
    let out = facegrade(&["make-eye-clips", cut.to_str().unwrap(), "--labels", labels.to_str().unwrap(), "--out-dir", out_dir.to_str().unwrap(), "--first-frame", "70"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    assert_eq!(summary["frames"], 16);

    // The left eye is not open in labelled frames 76-84 (closing, closed 77-79, reopening);
    // each gets the left eye of frame 75, the last with both eyes open.
    let patched = summary["patched"].as_array().unwrap();
    let label_frames: Vec<u64> = patched.iter().map(|p| p["label_frame"].as_u64().unwrap()).collect();
    assert_eq!(label_frames, (76..=84).collect::<Vec<u64>>());
    assert!(patched.iter().all(|p| p["source_frame"] == 5 && p["frame"].as_u64().unwrap() + 70 == p["label_frame"].as_u64().unwrap()));

    let (_, input) = read_y4m_file(&cut).unwrap();
    let (blink_header, blink) = read_y4m_file(&out_dir.join("blink.y4m")).unwrap();
    let (_, wink) = read_y4m_file(&out_dir.join("wink_right.y4m")).unwrap();
    assert_eq!((blink.len(), wink.len(), blink_header.fps.per_second()), (16, 16, 30.0));
    for (k, (a, b)) in input.iter().zip(&blink).enumerate() {
        // Through our writer and reader again: within a few levels of the input.
        assert!(max_difference(a, b) <= 6, "blink frame {k}: {}", max_difference(a, b));
    }
    for (k, (b, w)) in blink.iter().zip(&wink).enumerate() {
        let Some(patch) = patched.iter().find(|p| p["frame"] == k) else {
            assert_eq!(b, w, "frame {k} is not patched");
            continue;
        };
        let centre = (patch["left_eye_centre"][0].as_f64().unwrap() as f32, patch["left_eye_centre"][1].as_f64().unwrap() as f32);
        // The subject's left eye is on the image's right.
        assert!(centre.0 > 240.0, "{centre:?}");
        let radius = patch["pasted_radius_px"].as_f64().unwrap() as f32;
        assert!((15.0..40.0).contains(&radius), "{radius}");
        let (mut near_changes, mut far_changes) = (0, 0);
        for (x, y, p) in w.enumerate_pixels() {
            let d = ((x as f32 + 0.5 - centre.0).powi(2) + (y as f32 + 0.5 - centre.1).powi(2)).sqrt();
            let changed = p != b.get_pixel(x, y);
            // Chroma is shared by 2x2 blocks: a changed pixel can touch its block's others.
            if d > radius + 2.0 {
                far_changes += changed as usize;
            } else if d < 0.5 * radius {
                near_changes += changed as usize;
            }
        }
        assert_eq!(far_changes, 0, "frame {k}: pixels changed away from the left eye");
        if [77, 78, 79].contains(&(k + 70)) {
            // A closed eye made open: the middle of the eye changes.
            assert!(near_changes > 100, "frame {k}: only {near_changes} pixels changed at the left eye");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn make_eye_clips_says_what_is_missing() {
    let out = facegrade(&["make-eye-clips", "/nonexistent/video.y4m", "--out-dir", "/tmp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--labels"), "{}", String::from_utf8_lossy(&out.stderr));
    let labels = repo().join("tests/data/blink_labels.json");
    let out = facegrade(&["make-eye-clips", "/nonexistent/video.y4m", "--labels", labels.to_str().unwrap(), "--out-dir", "/tmp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read video /nonexistent/video.y4m"), "{}", String::from_utf8_lossy(&out.stderr));
}
