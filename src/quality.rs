//! The quality gate: measure only when the frame can support a measurement, and say why
//! not (and how to fix it) otherwise.

use crate::engine::topology::{iris, iris_indices};
use crate::engine::face_landmarks::FaceLandmarks;
use crate::i18n::{fill, text, Lang, Msg};
use crate::image_view::ImageView;
use crate::measure::{measure, FaceMeasurements};
use crate::side::Side;
use serde::{Deserialize, Serialize};

/// Limits the live page uses. Yaw and pitch beyond ~12 degrees distort left/right
/// comparisons more than the pose correction can undo (clinical_background.md section 5).
#[derive(Clone, Copy, Debug)]
pub struct QualityLimits {
    pub max_yaw_deg: f32,
    pub max_pitch_deg: f32,
    /// Inter-pupillary distance in pixels below which the face is too small to measure.
    pub min_interpupillary_px: f32,
    pub min_luminance: f32,
    pub min_sharpness: f32,
}

impl Default for QualityLimits {
    fn default() -> Self {
        QualityLimits { max_yaw_deg: 12.0, max_pitch_deg: 12.0, min_interpupillary_px: 40.0, min_luminance: 50.0, min_sharpness: 1.5 }
    }
}

/// Why a frame is not measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum QualityIssue {
    NoFace,
    SeveralFaces { count: usize },
    /// Head turned toward the subject's own right (positive yaw) or left.
    HeadTurned { toward: Side, degrees: f32 },
    HeadTilted { chin_down: bool, degrees: f32 },
    TooFar,
    TooDark,
    Blurred,
}

impl QualityIssue {
    /// Stable code for the page's data-quality attribute.
    pub fn code(&self) -> &'static str {
        match self {
            QualityIssue::NoFace => "no-face",
            QualityIssue::SeveralFaces { .. } => "several-faces",
            QualityIssue::HeadTurned { .. } => "head-turned",
            QualityIssue::HeadTilted { .. } => "head-tilted",
            QualityIssue::TooFar => "too-far",
            QualityIssue::TooDark => "too-dark",
            QualityIssue::Blurred => "blurred",
        }
    }

    /// A frame's problem, by its stored code ([`QualityIssue::code`]), in a few words in
    /// `lang` ("head turned"); an unknown code in words as it is.
    pub fn code_words(code: &str, lang: Lang) -> String {
        let msg = match code {
            "no-face" => Msg::ProblemNoFace,
            "several-faces" => Msg::ProblemSeveralFaces,
            "head-turned" => Msg::ProblemHeadTurned,
            "head-tilted" => Msg::ProblemHeadTilted,
            "too-far" => Msg::ProblemTooFar,
            "too-dark" => Msg::ProblemTooDark,
            "blurred" => Msg::ProblemBlurred,
            _ => return code.replace('-', " "),
        };
        text(msg, lang).to_string()
    }

    /// Plain words for the person in front of the camera, in `lang`.
    pub fn advice(&self, lang: Lang) -> String {
        match self {
            QualityIssue::NoFace => text(Msg::NoFace, lang).into(),
            QualityIssue::SeveralFaces { count } => fill(Msg::SeveralFaces, lang, &[("count", &count.to_string())]),
            QualityIssue::HeadTurned { toward, degrees } => {
                fill(Msg::HeadTurned, lang, &[("degrees", &format!("{degrees:.0}")), ("side", toward.word(lang)), ("other", toward.other().word(lang))])
            }
            QualityIssue::HeadTilted { chin_down, degrees } => fill(if *chin_down { Msg::ChinDown } else { Msg::ChinUp }, lang, &[("degrees", &format!("{degrees:.0}"))]),
            QualityIssue::TooFar => text(Msg::TooFar, lang).into(),
            QualityIssue::TooDark => text(Msg::TooDark, lang).into(),
            QualityIssue::Blurred => text(Msg::Blurred, lang).into(),
        }
    }
}

/// Frame statistics the gate needs besides the landmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrameStats {
    pub faces_detected: usize,
    pub face_luminance: f32,
    pub face_sharpness: f32,
}

/// The first problem found, in the order a person can fix them.
pub fn assess(face: Option<&FaceLandmarks>, stats: FrameStats, limits: &QualityLimits) -> Result<(), QualityIssue> {
    let Some(face) = face else {
        return Err(QualityIssue::NoFace);
    };
    if stats.faces_detected > 1 {
        return Err(QualityIssue::SeveralFaces { count: stats.faces_detected });
    }
    let pupil = |side: Side| face.mesh[iris_indices(side)[iris::CENTRE]].xy();
    let ipd = pupil(Side::Right).distance(pupil(Side::Left));
    if ipd < limits.min_interpupillary_px {
        return Err(QualityIssue::TooFar);
    }
    // Positive yaw turns the nose toward the image left: the subject's own right.
    if face.pose.yaw.abs() > limits.max_yaw_deg {
        let toward = if face.pose.yaw > 0.0 { Side::Right } else { Side::Left };
        return Err(QualityIssue::HeadTurned { toward, degrees: face.pose.yaw.abs() });
    }
    if face.pose.pitch.abs() > limits.max_pitch_deg {
        return Err(QualityIssue::HeadTilted { chin_down: face.pose.pitch > 0.0, degrees: face.pose.pitch.abs() });
    }
    if stats.face_luminance < limits.min_luminance {
        return Err(QualityIssue::TooDark);
    }
    if stats.face_sharpness < limits.min_sharpness {
        return Err(QualityIssue::Blurred);
    }
    Ok(())
}

/// The gate's statistics of one frame: how many faces the detector found, and the
/// luminance and sharpness inside the face's crop (none without a face).
pub fn frame_stats(image: &ImageView, face: Option<&FaceLandmarks>, faces_detected: usize) -> FrameStats {
    match face {
        Some(face) => {
            let (face_luminance, face_sharpness) = image.luminance_and_sharpness(&face.roi.crop_to_image(1, false), 12);
            FrameStats { faces_detected, face_luminance, face_sharpness }
        }
        None => FrameStats { faces_detected, ..Default::default() },
    }
}

/// A frame through the quality gate, and its measurements (with their own iris
/// calibration) when it has a face: what the live page, a recorded video and the
/// benchmark show for each frame. The measurements come even when the gate refuses the
/// frame, so that the view can say what it would read; the gate's verdict says whether
/// to trust them.
pub fn gate_and_measure(image: &ImageView, face: Option<&FaceLandmarks>, faces_detected: usize, limits: &QualityLimits) -> (Result<(), QualityIssue>, Option<FaceMeasurements>) {
    let stats = frame_stats(image, face, faces_detected);
    (assess(face, stats, limits), face.and_then(|f| measure(f, None, None)))
}
