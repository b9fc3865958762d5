//! The model card of a fine-tuned landmark model: what it was trained on and how much it
//! changed, on frames it never saw. Stored inside the model file.

use super::dataset::{RegionCount, TrainingRegion};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Mean landmark error before and after fine-tuning, in pixels of the model's 192-pixel
/// input crop, over `points` landmark readings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BeforeAfter {
    pub before_px: Option<f32>,
    pub after_px: Option<f32>,
    pub points: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    pub name: String,
    /// When it was made (ISO 8601, from the caller's clock).
    pub created: String,
    /// The shipped model it started from: file name and sha256.
    pub base_model: String,
    pub base_sha256: String,
    pub frames_used: usize,
    pub groups_used: usize,
    pub held_out_frames: usize,
    pub held_out_groups: usize,
    /// Corrected frames and points per region in the frames used.
    pub corrected: BTreeMap<TrainingRegion, RegionCount>,
    /// Held-out error on the corrected points of each region, and over all of them.
    pub held_out_error: BTreeMap<String, BeforeAfter>,
    /// Error on the training frames' corrected points (every crop view).
    pub training_error: BeforeAfter,
    /// The layers that changed.
    pub heads_trained: Vec<String>,
    /// Crop views per frame (direct and mirrored, turned and rescaled).
    pub views_per_frame: usize,
    pub prior_strength: f64,
    /// Plain words for the people who will choose this model.
    pub note: String,
}

impl ModelCard {
    /// One line per region for a person: "eyelids 1.56 -> 0.16 px (28 points)".
    pub fn summary_lines(&self) -> Vec<String> {
        let px = |v: Option<f32>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
        self.held_out_error.iter().map(|(region, e)| format!("{region}: {} -> {} px ({} points)", px(e.before_px), px(e.after_px), e.points)).collect()
    }
}

pub fn region_key(region: Option<TrainingRegion>) -> String {
    region.map_or("all".to_string(), |r| r.name().to_string())
}
