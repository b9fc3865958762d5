//! Head pose and the frontalised face, by rigid (similarity) alignment of the mesh to the
//! canonical face.

use crate::geometry::{fit_similarity, yaw_pitch_roll_deg, Point3, Similarity3};
use serde::{Deserialize, Serialize};

/// Head orientation in degrees. Yaw: turning about the vertical axis; pitch: nodding;
/// roll: tilting in the image plane (positive = the subject's left eye lower in the image).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeadPose {
    pub yaw: f32,
    pub pitch: f32,
    pub roll: f32,
}

/// Fits canonical -> observed; returns the pose and the transform, and writes the
/// observed face brought back into the canonical frame (frontalised, unit
/// inter-pupillary distance) into `frontal`, reusing its buffer.
pub fn estimate_into(observed: &[Point3], canonical: &[Point3], weights: &[f32], frontal: &mut Vec<Point3>) -> Option<(HeadPose, Similarity3)> {
    let n = observed.len().min(canonical.len());
    let fit = fit_similarity(&canonical[..n], &observed[..n], Some(&weights[..n]))?;
    let (yaw, pitch, roll) = yaw_pitch_roll_deg(&fit.rotation);
    frontal.clear();
    frontal.extend(observed.iter().map(|p| fit.inverse_apply(*p)));
    Some((HeadPose { yaw, pitch, roll }, fit))
}
