//! One photo's measurements (`facegrade measure`): text, CSV and JSON.

use super::csv;
use super::exam::uncertainty_field;
use crate::measure::uncertainty::with_error_bar;
use crate::engine::eye_state::EyeState;
use crate::measure::measurements::EyeStateMeasurement;
use crate::measure::{FaceMeasurements, MeasurementName};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The faces measured on one image.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImageMeasurements {
    pub image: String,
    pub faces: Vec<FaceMeasurements>,
}

/// "open, 8.4 mm of eyeball visible (confidence 0.92)", "closed (confidence 0.90)",
/// "unknown: <advice>", with a flag when the image and the landmarks disagree.
pub fn eye_words(e: &EyeStateMeasurement) -> String {
    let mut words = match (e.state, e.unknown_reason) {
        (EyeState::Unknown, Some(reason)) => format!("unknown: {}", reason.advice(crate::i18n::Lang::En)),
        (EyeState::Closed, _) => format!("closed (confidence {:.2})", e.confidence),
        (state, _) => format!("{}, {:.1} mm of eyeball visible (confidence {:.2})", state.code(), e.visible_height_mm, e.confidence),
    };
    if e.disagrees_with_landmarks {
        words.push_str(" [image and landmarks disagree]");
    }
    words
}

/// The plain-text report of one image, one block per face (each line ends in a newline).
pub fn text(image: &ImageMeasurements) -> String {
    let mut out = format!("{}: {} face(s)\n", image.image, image.faces.len());
    for m in &image.faces {
        let _ = writeln!(
            out,
            "  pose yaw {:.1} pitch {:.1} roll {:.1} deg{}; {:.4} mm/px ({:?}, confidence {:.2}); affected side: {}",
            m.pose_deg.yaw,
            m.pose_deg.pitch,
            m.pose_deg.roll,
            if m.pose_within_limits { "" } else { " (BEYOND CORRECTION: values flagged)" },
            m.mm_per_px,
            m.calibration.source,
            m.calibration.confidence,
            m.affected_side.side.map_or("unknown", |s| s.name())
        );
        let _ = writeln!(out, "  eyes (from the eye image): right {}, left {}", eye_words(&m.eyes.right), eye_words(&m.eyes.left));
        let _ = writeln!(out, "  values \u{b1} standard uncertainty (1 SD; 95 % interval = \u{b1} 1.96 SD)");
        let _ = writeln!(out, "  {:<30} {:>16} {:>16} {:>8} {:>8}  severity", "measurement", "right", "left", "diff", "%");
        for name in MeasurementName::ALL {
            let v = &m.measurements[&name];
            let u = v.uncertainty().map(|u| u.total);
            let _ = writeln!(
                out,
                "  {:<30} {:>16} {:>16} {:>8.2} {:>8}  {:?}{}",
                name.as_str(),
                with_error_bar(v.right, u.map(|u| u.right), v.unit),
                with_error_bar(v.left, u.map(|u| u.left), v.unit),
                v.difference,
                v.percent.map_or("-".to_string(), |p| format!("{p:.0}")),
                v.severity,
                if v.uncertain { " (uncertain eyelid)" } else { "" }
            );
        }
    }
    out
}

/// The CSV header: image, face, pose, scale, each measurement's left and right, then
/// each one's left and right standard uncertainty (1 SD, all sources; empty if unknown).
pub fn csv_header() -> String {
    let mut header = vec!["image".to_string(), "face".into(), "yaw_deg".into(), "pitch_deg".into(), "roll_deg".into(), "mm_per_px".into()];
    for name in MeasurementName::ALL {
        header.push(format!("{name}_left"));
        header.push(format!("{name}_right"));
    }
    for name in MeasurementName::ALL {
        header.push(format!("{name}_left_uncertainty"));
        header.push(format!("{name}_right_uncertainty"));
    }
    csv::record(&header)
}

/// One CSV record per face of the image (no line ends).
pub fn csv_records(image: &ImageMeasurements) -> Vec<String> {
    image
        .faces
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![image.image.clone(), i.to_string(), format!("{:.2}", m.pose_deg.yaw), format!("{:.2}", m.pose_deg.pitch), format!("{:.2}", m.pose_deg.roll), format!("{:.5}", m.mm_per_px)];
            for name in MeasurementName::ALL {
                let v = &m.measurements[&name];
                row.push(format!("{:.2}", v.left));
                row.push(format!("{:.2}", v.right));
            }
            for name in MeasurementName::ALL {
                let u = m.measurements[&name].uncertainty().map(|u| u.total);
                row.push(uncertainty_field(u.map(|u| u.left)));
                row.push(uncertainty_field(u.map(|u| u.right)));
            }
            csv::record(&row)
        })
        .collect()
}

/// The JSON of a run over several images: an array of {image, faces}, pretty-printed with
/// every object's keys in name order (as the command line has always written it).
pub fn json(images: &[ImageMeasurements]) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&serde_json::to_value(images)?)
}
