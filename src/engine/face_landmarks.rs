//! Everything known about one face: the engine's output, and the plain value the
//! measurements, scores, corrections and the page read. It holds no model: a face can be
//! rebuilt from a mesh alone (a clinician's corrections, a synthetic landmark set), so the
//! measurements need nothing of the engine's runtime.

use super::canonical::canonical_face;
use super::eye_state::{reading_from_lids, ReadingSource};
use super::eyelids::{fuse_eye, EyeEstimate};
use super::pose::{estimate_into, HeadPose};
use super::roi::RotatedSquare;
use super::topology::{canthi, eye_refinement, iris_indices, LIPS_REFINEMENT, MESH_POINTS, MESH_WITH_IRIS, NOSE_TIP};
use crate::geometry::{image_bounds, Point2, Point3};
use crate::measure::uncertainty::ReadingSpread;
use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};

/// Everything the engine knows about one face, in image pixels and anatomical sides.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FaceLandmarks {
    pub detection_score: Option<f32>,
    /// Face presence probability from the landmark model.
    pub presence: f32,
    pub roi: RotatedSquare,
    /// 478 points: the refined 468-point mesh (lips and eyes overwritten by the refined
    /// outputs, the eyes by the fused lid contour) plus 10 iris points; z in pixels.
    pub mesh: Vec<Point3>,
    /// The 80 refined lip points (see topology::LIPS_REFINEMENT for the layout).
    pub lips: Vec<Point2>,
    /// The 71 refined points per eye from the attention model.
    pub eye_regions: PerSide<Vec<Point2>>,
    pub eyes: PerSide<EyeEstimate>,
    pub pose: HeadPose,
    /// The mesh in the canonical frame (frontalised, unit inter-pupillary distance);
    /// empty when the canonical face is not derived.
    pub frontal: Vec<Point3>,
    /// Image pixels per unit of the frontal frame (the pose fit's scale); 0 without it.
    pub pixels_per_frontal_unit: f32,
    /// How the measurements spread across the crop views a still is analysed under (the
    /// measurements' error bars); None for a video frame or a face rebuilt from a mesh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<ReadingSpread>,
}

impl FaceLandmarks {
    /// A face from a given 478-point mesh in image pixels: landmarks a clinician has
    /// corrected, or a synthetic landmark set. The eyes are read from the mesh's own lid
    /// contour and iris points; a single (trusted) source, so never "uncertain".
    pub fn from_mesh(mesh: Vec<Point3>, presence: f32) -> FaceLandmarks {
        assert_eq!(mesh.len(), MESH_WITH_IRIS, "a face mesh has {MESH_WITH_IRIS} points");
        let flat = |indices: &[usize]| indices.iter().map(|&i| mesh[i].xy()).collect::<Vec<Point2>>();
        let eye_regions = PerSide::new(flat(eye_refinement(Side::Left)), flat(eye_refinement(Side::Right)));
        let eyes = eye_regions.map(|side, region| {
            let iris: [Point2; 5] = iris_indices(side).map(|i| mesh[i].xy());
            let mut eye = fuse_eye(region, &iris, None, None);
            eye.image = reading_from_lids(&eye, ReadingSource::Landmarks);
            eye
        });
        let (min, max) = image_bounds(&mesh);
        let roi = RotatedSquare { centre: min.midpoint(max), size: 1.5 * (max.x - min.x).max(max.y - min.y), rotation: 0.0 };
        let canonical = canonical_face();
        let mut frontal = Vec::new();
        let (pose, scale) = pose_and_frontal_into(&mesh, canonical.as_deref(), &pose_weights(canonical.as_deref()), &mut frontal);
        FaceLandmarks {
            detection_score: None,
            presence,
            roi,
            lips: flat(&LIPS_REFINEMENT),
            eye_regions,
            eyes,
            pose,
            frontal,
            pixels_per_frontal_unit: scale,
            spread: None,
            mesh,
        }
    }
}

/// Weights of the points in the pose fit. Expression moves most of the face (brows and
/// forehead in a brow raise, cheeks in a smile, chin and jaw with the mouth), and any
/// moving point the fit leans on drags the frontal face with it and hides part of the
/// movement. So the fit rests on what expression barely moves, located on the canonical
/// face: the nasal dorsum between the pupils and the nose tip, and the temples
/// (the face's sides between brow and nose level). Everything else counts a little,
/// the irises (which roll with gaze) not at all.
pub(crate) fn pose_weights(canonical: Option<&[Point3]>) -> Vec<f32> {
    let mut weights = vec![NON_RIGID_POSE_WEIGHT; MESH_WITH_IRIS];
    if let Some(c) = canonical {
        let pupil_y = c[iris_indices(Side::Left)[0]].y;
        let nose_tip_y = c[NOSE_TIP].y;
        for (w, p) in weights.iter_mut().zip(c) {
            let dorsum = p.x.abs() < 0.2 && p.y >= pupil_y && p.y <= nose_tip_y;
            let temple = p.x.abs() > 0.9 && p.y >= pupil_y - 0.15 && p.y <= nose_tip_y;
            if dorsum || temple {
                *w = 1.0;
            }
        }
    }
    for w in weights.iter_mut().skip(MESH_POINTS) {
        *w = 0.0;
    }
    weights
}

/// Weight of the expression-mobile points in the pose fit (rigid points weigh 1).
const NON_RIGID_POSE_WEIGHT: f32 = 0.05;

/// Head pose and the frontalised face (into `frontal`) with its scale (image px per
/// frontal unit); without a canonical face, roll only and no frontal face.
pub(crate) fn pose_and_frontal_into(mesh: &[Point3], canonical: Option<&[Point3]>, weights: &[f32], frontal: &mut Vec<Point3>) -> (HeadPose, f32) {
    match canonical.and_then(|c| estimate_into(mesh, c, weights, frontal)) {
        Some((pose, fit)) => (pose, fit.scale as f32),
        None => {
            frontal.clear();
            (roll_only_pose(mesh), 0.0)
        }
    }
}

/// Without a canonical face only roll can be read: the angle of the lateral canthi line.
fn roll_only_pose(mesh: &[Point3]) -> HeadPose {
    let (r, _) = canthi(Side::Right);
    let (l, _) = canthi(Side::Left);
    let roll = (mesh[l].y - mesh[r].y).atan2(mesh[l].x - mesh[r].x).to_degrees();
    HeadPose { yaw: 0.0, pitch: 0.0, roll }
}
