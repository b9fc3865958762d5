//! The training set: corrected frames, each self-contained so a clinic can pool them
//! across its own devices as one file.
//!
//! A frame keeps the face as the landmark model saw it (a crop around the model's input
//! square, at the model's input resolution, with a margin so rotated and rescaled views
//! can be cut from it as the engine's still analysis does), the model's landmarks as the
//! clinician saw them, and the clinician's corrected points, all in crop pixels.

use crate::correction::{corrected_mesh, correctable_points, CorrectableRegion, CorrectionError, LandmarkCorrections};
use crate::engine::face_mesh::MESH_INPUT;
use crate::engine::roi::RotatedSquare;
use crate::engine::topology::MESH_WITH_IRIS;
use crate::engine::FaceLandmarks;
use crate::geometry::{Affine2, Point2};
use crate::image_view::{sample_crop, ImageView, InputScaling};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Side of a frame's crop in pixels: the model's 192-pixel input square plus a margin of
/// 32 pixels, at the model's own scale.
pub const CONTEXT_CROP: usize = 256;
/// A point counts as corrected when the clinician moved it this far (crop pixels).
const MOVED_PX: f32 = 1e-3;

pub const FORMAT: &str = "facegrade-training-set";
pub const VERSION: u32 = 1;

/// One corrected frame.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingFrame {
    /// Unique within a set ("<exam id>/<view>" for exams).
    pub id: String,
    /// Frames of one person or exam share a group; held-out frames are whole groups, so
    /// the held-out error is measured on faces the update never saw.
    pub group: String,
    /// Where it came from, in words ("exam of 2026-11-28, rest").
    #[serde(default)]
    pub source: String,
    /// CONTEXT_CROP x CONTEXT_CROP RGB, row-major, base64.
    pub crop_rgb: String,
    /// The model's 478 landmarks as the clinician saw them (crop pixels).
    pub predicted: Vec<Point2>,
    /// Corrected points: mesh index -> crop pixels.
    pub corrected: BTreeMap<usize, Point2>,
    /// Left out of training by the clinician.
    #[serde(default)]
    pub excluded: bool,
}

/// The clinical regions errors and counts are reported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingRegion {
    Eyelids,
    Brows,
    Lips,
    /// Nose and midline.
    Other,
}

impl TrainingRegion {
    pub const ALL: [TrainingRegion; 4] = [TrainingRegion::Eyelids, TrainingRegion::Brows, TrainingRegion::Lips, TrainingRegion::Other];

    pub fn name(self) -> &'static str {
        match self {
            TrainingRegion::Eyelids => "eyelids",
            TrainingRegion::Brows => "brows",
            TrainingRegion::Lips => "lips",
            TrainingRegion::Other => "nose and midline",
        }
    }

    /// The region in a person's words, in `lang` ([`TrainingRegion::name`] is the stable
    /// English key of exports and data hooks).
    pub fn word(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::{text, Msg};
        text(
            match self {
                TrainingRegion::Eyelids => Msg::RegionEyelids,
                TrainingRegion::Brows => Msg::RegionBrows,
                TrainingRegion::Lips => Msg::RegionLips, // the same word as the review's region
                TrainingRegion::Other => Msg::RegionNoseAndMidline,
            },
            lang,
        )
    }

    /// The region of a mesh index, if it is one of the points clinicians correct (irises
    /// count with the eyelids: they set the eye's scale and opening).
    pub fn of(index: usize) -> Option<TrainingRegion> {
        if (468..MESH_WITH_IRIS).contains(&index) {
            return Some(TrainingRegion::Eyelids);
        }
        correctable_points().into_iter().find(|p| p.index == index).map(|p| match p.region {
            CorrectableRegion::UpperLid | CorrectableRegion::LowerLid => TrainingRegion::Eyelids,
            CorrectableRegion::Brow => TrainingRegion::Brows,
            CorrectableRegion::Lips => TrainingRegion::Lips,
            CorrectableRegion::Nose | CorrectableRegion::Midline => TrainingRegion::Other,
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DatasetError {
    #[error("this file is not a FaceGrade training set")]
    NotATrainingSet,
    #[error("this training set was written by a newer FaceGrade (format version {0})")]
    NewerVersion(u64),
    #[error("the training set is not valid JSON: {0}")]
    Json(String),
    #[error("frame {id}: {why}")]
    BadFrame { id: String, why: String },
    #[error("two frames share the id {0}")]
    DuplicateId(String),
    #[error(transparent)]
    Correction(#[from] CorrectionError),
}

/// The file a clinic exports and imports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingSet {
    pub format: String,
    pub version: u32,
    pub frames: Vec<TrainingFrame>,
}

impl TrainingSet {
    pub fn new(frames: Vec<TrainingFrame>) -> Self {
        TrainingSet { format: FORMAT.into(), version: VERSION, frames }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("training set serialises")
    }

    /// Reads and validates a whole file; nothing of an invalid file is used.
    pub fn from_json(text: &str) -> Result<Self, DatasetError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| DatasetError::Json(e.to_string()))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(DatasetError::NotATrainingSet);
        }
        // Compared as read: a version past u32 must not wrap round to an old one.
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(VERSION) {
            return Err(DatasetError::NewerVersion(version));
        }
        let set: TrainingSet = serde_json::from_value(value).map_err(|e| DatasetError::Json(e.to_string()))?;
        let mut ids = std::collections::BTreeSet::new();
        for frame in &set.frames {
            frame.validate()?;
            if !ids.insert(frame.id.as_str()) {
                return Err(DatasetError::DuplicateId(frame.id.clone()));
            }
        }
        Ok(set)
    }

    /// Frames and corrected points per region, over frames not excluded.
    pub fn counts(&self) -> BTreeMap<TrainingRegion, RegionCount> {
        let mut counts: BTreeMap<TrainingRegion, RegionCount> = TrainingRegion::ALL.iter().map(|&r| (r, RegionCount::default())).collect();
        for frame in self.frames.iter().filter(|f| !f.excluded) {
            for (region, points) in frame.corrected_per_region() {
                let c = counts.get_mut(&region).expect("every region");
                c.frames += 1;
                c.points += points;
            }
        }
        counts
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionCount {
    pub frames: usize,
    pub points: usize,
}

impl TrainingFrame {
    /// A frame from an analysed still and its corrections; None when nothing was corrected.
    pub fn from_correction(id: String, group: String, source: String, image: &ImageView, face: &FaceLandmarks, corrections: &LandmarkCorrections) -> Result<Option<Self>, DatasetError> {
        if corrections.is_empty() {
            return Ok(None);
        }
        if !(face.roi.size.is_finite() && face.roi.size > 1.0) {
            return Err(DatasetError::BadFrame { id, why: "the model's input crop was not kept with this view".into() });
        }
        let corrected_mesh = corrected_mesh(&face.mesh, corrections)?;
        let predicted = crop_points(face);
        let to_crop = image_to_crop(&face.roi);
        let corrected: BTreeMap<usize, Point2> =
            corrected_mesh.iter().enumerate().map(|(i, p)| (i, to_crop.apply(p.xy()))).filter(|(i, p)| p.distance(predicted[*i]) > MOVED_PX).collect();
        if corrected.is_empty() {
            return Ok(None);
        }
        Ok(Some(TrainingFrame { id, group, source, crop_rgb: encode_crop(&context_crop(image, &face.roi)), predicted, corrected, excluded: false }))
    }

    pub fn validate(&self) -> Result<(), DatasetError> {
        let bad = |why: &str| DatasetError::BadFrame { id: self.id.clone(), why: why.into() };
        if self.id.is_empty() {
            return Err(bad("it has no id"));
        }
        if self.predicted.len() != MESH_WITH_IRIS {
            return Err(bad("its model landmarks are not 478 points"));
        }
        let finite = |p: &Point2| p.x.is_finite() && p.y.is_finite() && p.x.abs() < 1e5 && p.y.abs() < 1e5;
        if !self.predicted.iter().all(finite) || !self.corrected.values().all(finite) {
            return Err(bad("a point is not a finite number"));
        }
        if self.corrected.keys().any(|&i| i >= MESH_WITH_IRIS) {
            return Err(bad("a corrected point is not one of the 478 landmarks"));
        }
        if self.corrected.is_empty() {
            return Err(bad("it has no corrected point"));
        }
        if self.crop().is_none() {
            return Err(bad("its picture is not a 256 x 256 RGB crop"));
        }
        Ok(())
    }

    /// The crop's pixels (CONTEXT_CROP x CONTEXT_CROP RGB), None if damaged.
    pub fn crop(&self) -> Option<Vec<u8>> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(&self.crop_rgb).ok()?;
        (bytes.len() == CONTEXT_CROP * CONTEXT_CROP * 3).then_some(bytes)
    }

    /// The landmark's true position as far as we know: corrected, else as the model saw it.
    pub fn truth(&self, index: usize) -> Point2 {
        self.corrected.get(&index).copied().unwrap_or(self.predicted[index])
    }

    pub fn corrected_per_region(&self) -> BTreeMap<TrainingRegion, usize> {
        let mut out = BTreeMap::new();
        for &i in self.corrected.keys() {
            if let Some(r) = TrainingRegion::of(i) {
                *out.entry(r).or_insert(0) += 1;
            }
        }
        out
    }
}

/// The square a frame's crop covers: the model's input square with its margin.
pub fn context_square(roi: &RotatedSquare) -> RotatedSquare {
    RotatedSquare { size: roi.size * CONTEXT_CROP as f32 / MESH_INPUT as f32, ..*roi }
}

/// Image pixels -> pixels of the frame's crop around `roi`.
pub fn image_to_crop(roi: &RotatedSquare) -> Affine2 {
    context_square(roi).crop_to_image(CONTEXT_CROP, false).inverse()
}

/// The face's 478 landmarks in pixels of its frame's crop.
pub fn crop_points(face: &FaceLandmarks) -> Vec<Point2> {
    let to_crop = image_to_crop(&face.roi);
    face.mesh.iter().map(|p| to_crop.apply(p.xy())).collect()
}

/// The model's input square in crop pixels (centred, unrotated).
pub fn model_square_in_crop() -> RotatedSquare {
    let c = CONTEXT_CROP as f32 / 2.0;
    RotatedSquare { centre: Point2::new(c, c), size: MESH_INPUT as f32, rotation: 0.0 }
}

/// Cuts the frame's crop out of the image, resampled as the engine samples its input.
pub fn context_crop(image: &ImageView, roi: &RotatedSquare) -> Vec<u8> {
    let mut values = vec![0.0f32; CONTEXT_CROP * CONTEXT_CROP * 3];
    let to_image: Affine2 = context_square(roi).crop_to_image(CONTEXT_CROP, false);
    sample_crop(image, &to_image, CONTEXT_CROP, InputScaling::ZeroToOne, &mut values);
    values.iter().map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8).collect()
}

pub fn encode_crop(rgb: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(rgb)
}
