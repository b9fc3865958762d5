//! Clinicians' corrections of a captured view's landmarks.
//!
//! Landmark models trained on normal faces read palsied faces as more symmetric than they
//! are and miss closed eyes (Kimura et al. 2025). So a clinician may move any point that a
//! measurement uses, set an iris circle, or mark an eye as closed. The corrections are
//! kept beside the model's original output (never merged into it), so that the view can
//! be measured either way, and so that the pairs (model output, corrected points) can
//! later fine-tune the model. A corrected face is rebuilt from its corrected mesh with
//! [`FaceLandmarks::from_mesh`]: pose, frontal face and eyes are recomputed, and since a
//! clinician has looked at it, its eyes are no longer "uncertain".

use crate::engine::topology::{alar_base, brow_upper, iris_indices, iris, lid, lid_contour, lower_lid, upper_lid, INNER_LOWER_LIP, INNER_UPPER_LIP, MESH_WITH_IRIS, MIDLINE, OUTER_LOWER_LIP, OUTER_UPPER_LIP};
use crate::engine::eye_state::{reading_from_lids, ReadingSource};
use crate::engine::face_landmarks::FaceLandmarks;
use crate::geometry::{Point2, Point3};
use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An iris outline set by hand: centre and radius in image pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct IrisCircle {
    pub centre: Point2,
    pub radius_px: f32,
}

/// What a clinician changed on one view. Empty = the model's output stands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LandmarkCorrections {
    /// Moved points: mesh index -> corrected position (image pixels).
    #[serde(default)]
    pub moved: BTreeMap<usize, Point2>,
    /// Iris outlines set by hand, per anatomical side.
    #[serde(default)]
    pub iris: PerSide<Option<IrisCircle>>,
    /// Eyes marked closed: the upper lid is laid onto the lower lid (fissure height 0).
    #[serde(default)]
    pub eye_closed: PerSide<bool>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CorrectionError {
    #[error("point {0} is not one of the {MESH_WITH_IRIS} landmarks")]
    UnknownPoint(usize),
    #[error("a corrected position is not a finite number (point {0})")]
    NotFinite(usize),
    #[error("an iris radius must be a positive number of pixels")]
    BadIrisRadius,
    #[error("the face has {0} landmarks, not {MESH_WITH_IRIS}")]
    WrongMesh(usize),
}

impl LandmarkCorrections {
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty() && self.iris.left.is_none() && self.iris.right.is_none() && !self.eye_closed.left && !self.eye_closed.right
    }

    /// Whether these corrections change one eye's lids or iris, or mark it closed.
    pub fn touches_eye(&self, side: Side) -> bool {
        *self.eye_closed.get(side) || self.touches_iris(side) || self.moved.keys().any(|i| lid_contour(side).contains(i))
    }

    /// Whether these corrections set one eye's iris circle or move one of its iris points.
    pub fn touches_iris(&self, side: Side) -> bool {
        self.iris.get(side).is_some() || self.moved.keys().any(|i| iris_indices(side).contains(i))
    }

    /// Checks every value before anything is applied (corrections also come from files).
    pub fn validate(&self) -> Result<(), CorrectionError> {
        for (&i, p) in &self.moved {
            if i >= MESH_WITH_IRIS {
                return Err(CorrectionError::UnknownPoint(i));
            }
            if !p.x.is_finite() || !p.y.is_finite() {
                return Err(CorrectionError::NotFinite(i));
            }
        }
        for circle in [self.iris.left, self.iris.right].into_iter().flatten() {
            if !(circle.radius_px.is_finite() && circle.radius_px > 0.0 && circle.centre.x.is_finite() && circle.centre.y.is_finite()) {
                return Err(CorrectionError::BadIrisRadius);
            }
        }
        Ok(())
    }
}

/// The iris circle a mesh shows for one eye: its centre point, and the radius the
/// measurements calibrate with ([`iris::radius_px`], from the horizontal edges). The editor
/// draws and drags this circle, so moving only its centre keeps the exam's scale.
pub fn iris_circle(mesh: &[Point3], side: Side) -> IrisCircle {
    let points = iris_indices(side).map(|i| mesh[i].xy());
    IrisCircle { centre: points[iris::CENTRE], radius_px: iris::radius_px(&points) }
}

/// The corrected mesh: moved points, then hand-set irises, then closed eyes (a closed eye
/// overrides any moved upper-lid point). Depth (z) is kept from the model.
pub fn corrected_mesh(original: &[Point3], corrections: &LandmarkCorrections) -> Result<Vec<Point3>, CorrectionError> {
    if original.len() != MESH_WITH_IRIS {
        return Err(CorrectionError::WrongMesh(original.len()));
    }
    corrections.validate()?;
    let mut mesh = original.to_vec();
    for (&i, p) in &corrections.moved {
        mesh[i] = Point3::new(p.x, p.y, mesh[i].z);
    }
    for side in Side::BOTH {
        if let Some(circle) = corrections.iris.get(side) {
            set_iris(&mut mesh, side, *circle);
        }
        if *corrections.eye_closed.get(side) {
            close_eye(&mut mesh, side);
        }
    }
    Ok(mesh)
}

/// The face as corrected; the model's face itself when there is nothing to correct. The
/// crop the model saw (`roi`) and its detection score are kept: the crop is what a
/// fine-tuning needs to map the corrected points into the model's input.
pub fn apply(original: &FaceLandmarks, corrections: &LandmarkCorrections) -> Result<FaceLandmarks, CorrectionError> {
    if corrections.is_empty() {
        return Ok(original.clone());
    }
    let mesh = corrected_mesh(&original.mesh, corrections)?;
    let mut face = FaceLandmarks::from_mesh(mesh, original.presence);
    face.roi = original.roi;
    face.detection_score = original.detection_score;
    // An eye the clinician touched is read from their lids (their word is final). An eye
    // they left alone keeps the engine's estimate whole: both landmark models' opinion of
    // its lids and iris, their agreement, and what its image said, all of which the
    // calibration weighs; rebuilt from the mesh alone it would lose the iris model's part,
    // and a brow correction could rescale the whole exam.
    for side in Side::BOTH {
        let before = original.eyes.get(side);
        let eye = face.eyes.get_mut(side);
        if !corrections.touches_eye(side) {
            eye.clone_from(before);
            continue;
        }
        if !corrections.touches_iris(side) {
            // The models' disagreement on an iris nobody corrected still stands.
            eye.iris_radius_disagreement = before.iris_radius_disagreement;
        }
        eye.image = reading_from_lids(eye, ReadingSource::Clinician);
    }
    Ok(face)
}

/// Puts the iris's five points on the hand-set circle: the model's iris moved onto the
/// centre and scaled about it to the radius (the edges keep the directions the model gave
/// them, which turn with the head), so that [`iris_circle`] reads back the set circle.
fn set_iris(mesh: &mut [Point3], side: Side, circle: IrisCircle) {
    let idx = iris_indices(side);
    let old = iris_circle(mesh, side);
    // Fallback directions (right, up, left, down) if the model's iris collapsed to a point.
    const AXES: [(f32, f32); 4] = [(1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (0.0, 1.0)];
    mesh[idx[iris::CENTRE]] = Point3::new(circle.centre.x, circle.centre.y, mesh[idx[iris::CENTRE]].z);
    for (k, &i) in idx[iris::EDGES].iter().enumerate() {
        let p = mesh[i].xy();
        let (dx, dy) = if old.radius_px > 1e-3 {
            ((p.x - old.centre.x) / old.radius_px, (p.y - old.centre.y) / old.radius_px)
        } else {
            AXES[k]
        };
        mesh[i] = Point3::new(circle.centre.x + dx * circle.radius_px, circle.centre.y + dy * circle.radius_px, mesh[i].z);
    }
}

/// Lays the upper lid onto the lower: each upper-lid point takes its lower partner's
/// place (depth too, [`lid::partners`]) and the two margins coincide (fissure height 0).
fn close_eye(mesh: &mut [Point3], side: Side) {
    let map = lid_contour(side);
    for (upper, lower) in lid::partners() {
        mesh[map[upper]] = mesh[map[lower]];
    }
}

/// The region a correctable point belongs to, in the clinic's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectableRegion {
    Brow,
    UpperLid,
    LowerLid,
    Lips,
    Nose,
    Midline,
}

/// A point the editor offers: every point a measurement uses (iris handled as a circle).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectablePoint {
    pub index: usize,
    pub region: CorrectableRegion,
    /// None on the midline.
    pub side: Option<Side>,
}

/// The points a clinician can move, without duplicates, in a stable order.
pub fn correctable_points() -> Vec<CorrectablePoint> {
    let mut out: Vec<CorrectablePoint> = Vec::new();
    let mut add = |index: usize, region: CorrectableRegion, side: Option<Side>| {
        if !out.iter().any(|p| p.index == index) {
            out.push(CorrectablePoint { index, region, side });
        }
    };
    for side in Side::BOTH {
        for &i in lower_lid(side) {
            add(i, CorrectableRegion::LowerLid, Some(side));
        }
        for &i in upper_lid(side) {
            add(i, CorrectableRegion::UpperLid, Some(side));
        }
        for i in brow_upper(side) {
            add(i, CorrectableRegion::Brow, Some(side));
        }
        add(alar_base(side), CorrectableRegion::Nose, Some(side));
    }
    for ring in [OUTER_UPPER_LIP, OUTER_LOWER_LIP, INNER_UPPER_LIP, INNER_LOWER_LIP] {
        for (k, &i) in ring.iter().enumerate() {
            // Rings run from the subject's right commissure to the left.
            let side = match k.cmp(&(ring.len() / 2)) {
                std::cmp::Ordering::Less => Some(Side::Right),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => Some(Side::Left),
            };
            add(i, CorrectableRegion::Lips, side);
        }
    }
    for i in MIDLINE {
        add(i, CorrectableRegion::Midline, None);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_corrections_are_refused_before_anything_changes() {
        let mesh = vec![Point3::new(0.0, 0.0, 0.0); MESH_WITH_IRIS];
        let mut c = LandmarkCorrections::default();
        c.moved.insert(900, Point2::new(1.0, 1.0));
        assert_eq!(corrected_mesh(&mesh, &c), Err(CorrectionError::UnknownPoint(900)));
        let mut c = LandmarkCorrections::default();
        c.moved.insert(10, Point2::new(f32::NAN, 1.0));
        assert_eq!(corrected_mesh(&mesh, &c), Err(CorrectionError::NotFinite(10)));
        let mut c = LandmarkCorrections::default();
        c.iris.left = Some(IrisCircle { centre: Point2::new(1.0, 1.0), radius_px: -2.0 });
        assert_eq!(corrected_mesh(&mesh, &c), Err(CorrectionError::BadIrisRadius));
        assert_eq!(corrected_mesh(&mesh[..10], &LandmarkCorrections::default()), Err(CorrectionError::WrongMesh(10)));
    }

    #[test]
    fn every_correctable_point_is_a_mesh_point_once() {
        let points = correctable_points();
        assert!(points.iter().all(|p| p.index < MESH_WITH_IRIS));
        let mut indices: Vec<usize> = points.iter().map(|p| p.index).collect();
        indices.sort();
        indices.dedup();
        assert_eq!(indices.len(), points.len());
        // 16 lid points and 5 brow points and an alar base per side, 40 lip points, 8 midline (2 shared with the lips).
        assert_eq!(points.len(), 2 * (16 + 5 + 1) + 40 + 6);
    }
}
