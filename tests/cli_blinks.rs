//! `facegrade blinks` on the real blink video and on its wink clip (the left eye's blinks
//! replaced by its open eye from just before them): both eyes blink twice in the first,
//! only the right eye in the second, and the right eye is named as blinking alone.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn facegrade(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facegrade")).args(args).output().expect("facegrade runs")
}

fn blinks(clip: &Path) -> serde_json::Value {
    let out = facegrade(&["blinks", clip.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn count(analysis: &serde_json::Value, side: &str, what: &str) -> u64 {
    analysis["per_side"][side][what].as_u64().unwrap_or_else(|| panic!("{side}.{what} in {analysis}"))
}

#[test]
fn blinks_are_counted_per_side_and_a_wink_names_its_side() {
    let dir = std::env::temp_dir().join(format!("facegrade-cli-blinks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let video = dir.join("expressions_ai_2.y4m");
    let status = Command::new("ffmpeg").args(["-v", "error", "-y", "-i"]).arg(face("expressions_ai_2.mp4")).args(["-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe"]).arg(&video).status().expect("ffmpeg runs");
    assert!(status.success());

    let both = blinks(&video);
    println!("blink video: {}", serde_json::to_string(&both["per_side"]).unwrap());
    for side in ["right", "left"] {
        assert_eq!(count(&both, side, "complete"), 2, "{side}");
        assert_eq!(count(&both, side, "blinked_alone"), 0, "{side}");
    }

    let labels = repo().join("tests/data/blink_labels.json");
    let out = facegrade(&["make-eye-clips", video.to_str().unwrap(), "--labels", labels.to_str().unwrap(), "--out-dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let wink = blinks(&dir.join("wink_right.y4m"));
    println!("wink clip: {}", serde_json::to_string(&wink["per_side"]).unwrap());
    assert_eq!(count(&wink, "right", "complete"), 2);
    assert_eq!(count(&wink, "right", "blinked_alone"), 2);
    assert_eq!(count(&wink, "left", "complete") + count(&wink, "left", "partial"), 0);

    let text = facegrade(&["blinks", "/nonexistent.y4m"]);
    assert_eq!(text.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&text.stderr).starts_with("facegrade: cannot read /nonexistent.y4m"));
    let _ = std::fs::remove_dir_all(&dir);
}
