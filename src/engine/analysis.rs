//! The engine: detection -> face crop -> attention mesh (+ mirrored pass) -> iris model per
//! eye -> fused eyelids -> head pose. One `Engine` holds the three optimised models; the
//! iris model may come last (the page's first landmarks need only the other two).

use super::canonical::{canonical_face, mirror_permutation};
pub use super::face_landmarks::FaceLandmarks;
use super::face_landmarks::{pose_and_frontal_into, pose_weights};
use super::detector::{Detection, FaceDetector, DETECTOR_INPUT};
use super::small_faces;
use super::eye_state::{apply_reading, read_eye, EyePatch};
use super::eyelids::{fuse_eye_into, iris_radius_px, lid_opening_px, LATERAL_CANTHUS, MEDIAL_CANTHUS};
use super::face_mesh::{FaceMeshModel, MeshPass};
use super::iris::{IrisModel, IrisPass};
use super::iris_memory::IrisMemory;
use super::mirror::{mean_pass_into, MirrorMap};
use super::roi::RotatedSquare;
use super::runtime::ModelError;
use super::topology::{eye_refinement, iris_indices, LIPS_REFINEMENT, LID_CONTOUR_POINTS, MESH_WITH_IRIS};
use crate::geometry::{Affine2, Point2, Point3};
use crate::measure::uncertainty::spread_across_views;
use crate::image_view::ImageView;
use crate::side::{PerSide, Side};

/// The three model files, as bytes (read from disk natively, fetched in the browser).
pub struct ModelBytes<'a> {
    pub face_detector: &'a [u8],
    pub face_landmarks: &'a [u8],
    pub iris_landmarks: &'a [u8],
}

/// How one face is analysed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PassPlan {
    /// Run the face crop direct and mirrored and average (stills, captured exam frames).
    pub mirror_average: bool,
    /// Run only the mirrored crop (live video alternates; the temporal filter averages).
    pub mirrored_only: bool,
    /// Run the iris model on each eye as a second opinion on the lids.
    pub iris_cross_check: bool,
    /// Extra views of every crop, (rotation in degrees, scale), whose results are
    /// averaged in: the models' readings jitter with how the face falls on their input
    /// grid (0.5-0.7 mm at the eyelids when the head rolls 15 degrees), and the mean of a
    /// few views jitters less.
    pub extra_crop_views: &'static [(f32, f32)],
}

impl PassPlan {
    pub const STILL: PassPlan = PassPlan { mirror_average: true, mirrored_only: false, iris_cross_check: true, extra_crop_views: &STILL_EXTRA_VIEWS };
    pub fn video_frame(mirrored: bool) -> PassPlan {
        PassPlan { mirror_average: false, mirrored_only: mirrored, iris_cross_check: true, extra_crop_views: &[] }
    }
}

const STILL_EXTRA_VIEWS: [(f32, f32); 4] = [(-4.0, 1.0), (4.0, 1.0), (0.0, 0.93), (0.0, 1.07)];

pub struct Engine {
    detector: FaceDetector,
    mesh: FaceMeshModel,
    /// None until the iris model is added: the eyes are then the attention model's alone.
    iris: Option<IrisModel>,
    mirror: Option<MirrorMap>,
    canonical: Option<Vec<Point3>>,
    pose_weights: Vec<f32>,
    scratch: Scratch,
}

/// Buffers reused from frame to frame: once grown, the per-frame path allocates nothing
/// of its own (tests/allocations.rs).
#[derive(Default)]
struct Scratch {
    /// A mirrored pass before relabelling.
    raw: MeshPass,
    /// The passes of one face (views x direct/mirrored), and their mean.
    passes: Vec<MeshPass>,
    mean: MeshPass,
    /// Iris model passes per eye (one per view), and their mean.
    iris: PerSide<Vec<IrisPass>>,
    iris_mean: PerSide<IrisPass>,
    /// One eye's image, read for its state (a fixed array).
    eye_patch: Box<EyePatch>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("the canonical face and mirror permutation are missing (run `facegrade derive-canonical`)")]
    NoCanonicalFace,
}

impl Engine {
    pub fn new(models: &ModelBytes) -> Result<Self, EngineError> {
        let mut engine = Engine::without_iris_model(models.face_detector, models.face_landmarks)?;
        engine.add_iris_model(models.iris_landmarks)?;
        Ok(engine)
    }

    /// The engine before its iris model: faces are found and meshed, the eyes come from
    /// the attention model alone (no iris-model cross-check) until [`Engine::add_iris_model`].
    pub fn without_iris_model(face_detector: &[u8], face_landmarks: &[u8]) -> Result<Self, EngineError> {
        let detector = FaceDetector::from_bytes(face_detector)?;
        let mesh = FaceMeshModel::from_bytes(face_landmarks)?;
        let canonical = canonical_face();
        let pose_weights = pose_weights(canonical.as_deref());
        Ok(Engine { detector, mesh, iris: None, mirror: mirror_permutation().map(MirrorMap::new), canonical, pose_weights, scratch: Scratch::default() })
    }

    /// Loads (or replaces) the iris model; from the next face on, each eye is cross-checked.
    pub fn add_iris_model(&mut self, iris_landmarks: &[u8]) -> Result<(), EngineError> {
        self.iris = Some(IrisModel::from_bytes(iris_landmarks)?);
        Ok(())
    }

    pub fn has_iris_model(&self) -> bool {
        self.iris.is_some()
    }

    pub fn detector(&mut self) -> &mut FaceDetector {
        &mut self.detector
    }
    pub fn mesh_model(&mut self) -> &mut FaceMeshModel {
        &mut self.mesh
    }
    /// None before [`Engine::add_iris_model`].
    pub fn iris_model(&mut self) -> Option<&mut IrisModel> {
        self.iris.as_mut()
    }
    pub fn mirror_map(&self) -> Option<&MirrorMap> {
        self.mirror.as_ref()
    }

    /// All faces in a still image, each analysed without left/right bias. A face too
    /// small for the whole-frame detector is searched for in tiles (see [`super::small_faces`]).
    pub fn analyse_image(&mut self, image: &ImageView) -> Result<Vec<FaceLandmarks>, EngineError> {
        let mut detections = self.detect(image)?;
        let from_tiles = detections.is_empty();
        if from_tiles {
            detections = self.detect_small_faces(image)?;
        }
        let mut faces = detections
            .iter()
            .map(|d| self.analyse_face(image, &RotatedSquare::face_from_detection(d), Some(d.score), PassPlan::STILL))
            .collect::<Result<Vec<_>, _>>()?;
        if from_tiles {
            // Tens of tiles give the detector tens of chances to see a face in a pattern:
            // a tile's face counts only when the landmark model, on the full-resolution
            // crop, agrees that it is one.
            faces.retain(|f| f.presence >= small_faces::MIN_LANDMARK_PRESENCE);
        }
        Ok(faces)
    }

    /// Faces in the frame. The detector is not mirror-consistent either, so it also runs on
    /// the mirrored frame and each face's box and keypoints are averaged with their mirror
    /// twin: the face crop, and so everything downstream, is then mirror-consistent.
    pub fn detect(&mut self, image: &ImageView) -> Result<Vec<Detection>, EngineError> {
        self.detect_in(image, &FaceDetector::letterbox(image.width(), image.height()))
    }

    /// How many faces the detector finds in the whole frame: the direct pass alone, since
    /// the mirrored pass only refines the boxes it pairs with (see `detect_in`) and never
    /// adds or removes one. Tracking counts faces this way every 30th frame (a second face).
    pub fn count_faces(&mut self, image: &ImageView) -> Result<usize, EngineError> {
        Ok(self.detector.detect(image, &FaceDetector::letterbox(image.width(), image.height()))?.len())
    }

    /// Faces too small for [`Engine::detect`], found in the tiles of a large still; the
    /// first tile level that finds any face answers.
    pub fn detect_small_faces(&mut self, image: &ImageView) -> Result<Vec<Detection>, EngineError> {
        for tiles in small_faces::tile_levels(image.width(), image.height()) {
            let mut found = Vec::new();
            for tile in &tiles {
                found.extend(self.detect_in(image, tile)?);
            }
            if !found.is_empty() {
                return Ok(small_faces::one_per_face(found));
            }
        }
        Ok(Vec::new())
    }

    /// Faces in the square region `to_image` maps the detector's input onto, each averaged
    /// with its twin found in the region's mirror image.
    fn detect_in(&mut self, image: &ImageView, to_image: &Affine2) -> Result<Vec<Detection>, EngineError> {
        let direct = self.detector.detect(image, to_image)?;
        let mirrored: Vec<Detection> = self
            .detector
            .detect(image, &to_image.compose(&Affine2::mirror_x(DETECTOR_INPUT as f32)))?
            .into_iter()
            .map(|d| d.relabel_mirrored())
            .collect();
        Ok(direct
            .into_iter()
            .map(|d| match mirrored.iter().filter(|m| m.iou(&d) > 0.5).max_by(|a, b| a.iou(&d).total_cmp(&b.iou(&d))) {
                Some(twin) => d.averaged_with(twin),
                None => d,
            })
            .collect())
    }

    /// One face inside `roi`.
    pub fn analyse_face(&mut self, image: &ImageView, roi: &RotatedSquare, detection_score: Option<f32>, plan: PassPlan) -> Result<FaceLandmarks, EngineError> {
        let mut face = FaceLandmarks::default();
        self.analyse_face_into(image, roi, detection_score, plan, &mut face)?;
        Ok(face)
    }

    /// As [`Engine::analyse_face`], into a face whose buffers are reused: the per-frame
    /// path of live video.
    pub fn analyse_face_into(&mut self, image: &ImageView, roi: &RotatedSquare, detection_score: Option<f32>, plan: PassPlan, out: &mut FaceLandmarks) -> Result<(), EngineError> {
        self.analyse(image, roi, detection_score, plan, None, out)
    }

    /// As [`Engine::analyse_face_into`] for one frame of a video stream whose iris-model
    /// readings `memory` keeps: the iris model runs on an eye only when its lids need it
    /// (see [`IrisMemory`]). For single-view plans (live video), whose one iris pass is
    /// used as it is.
    pub fn analyse_video_face_into(&mut self, image: &ImageView, roi: &RotatedSquare, detection_score: Option<f32>, plan: PassPlan, memory: &mut IrisMemory, out: &mut FaceLandmarks) -> Result<(), EngineError> {
        debug_assert!(plan.extra_crop_views.is_empty(), "the memory keeps one view's reading");
        self.analyse(image, roi, detection_score, plan, Some(memory), out)
    }

    fn analyse(&mut self, image: &ImageView, roi: &RotatedSquare, detection_score: Option<f32>, plan: PassPlan, mut memory: Option<&mut IrisMemory>, out: &mut FaceLandmarks) -> Result<(), EngineError> {
        let Engine { mesh, iris, mirror, canonical, pose_weights, scratch, .. } = self;
        let mut used = 0;
        let mut next = |passes: &mut Vec<MeshPass>| {
            if passes.len() <= used {
                passes.push(MeshPass::default());
            }
            used += 1;
            used - 1
        };
        for view in crop_views(roi, plan.extra_crop_views) {
            if plan.mirror_average || plan.mirrored_only {
                let map = mirror.as_ref().ok_or(EngineError::NoCanonicalFace)?;
                mesh.run_into(image, &view, true, &mut scratch.raw)?;
                let k = next(&mut scratch.passes);
                map.relabel_into(&scratch.raw, &mut scratch.passes[k]);
            }
            if !plan.mirrored_only {
                let k = next(&mut scratch.passes);
                mesh.run_into(image, &view, false, &mut scratch.passes[k])?;
            }
        }
        let pass = if used == 1 {
            &scratch.passes[0]
        } else {
            mean_pass_into(&scratch.passes[..used], &mut scratch.mean);
            &scratch.mean
        };
        let iris_passes = if let (true, Some(iris)) = (plan.iris_cross_check, iris.as_mut()) {
            for side in Side::BOTH {
                let Some(memory) = memory.as_deref_mut() else {
                    run_iris(iris, image, pass, side, plan, scratch.iris.get_mut(side), scratch.iris_mean.get_mut(side))?;
                    continue;
                };
                let eye = pass.eyes.get(side);
                let (lateral, medial) = (eye[LATERAL_CANTHUS], eye[MEDIAL_CANTHUS]);
                let opening_ratio = lid_opening_px(&eye[..LID_CONTOUR_POINTS]) / lateral.distance(medial).max(1e-3);
                let passes = scratch.iris.get_mut(side);
                if memory.needs_run(side, opening_ratio, plan.mirrored_only) {
                    run_iris(iris, image, pass, side, plan, passes, scratch.iris_mean.get_mut(side))?;
                    memory.remember(side, lateral, medial, &passes[0]);
                } else {
                    if passes.is_empty() {
                        passes.push(IrisPass::default());
                    }
                    memory.recall(side, lateral, medial, &mut passes[0]);
                }
            }
            // One view (live video) needs no mean: its single pass is used as it is.
            let single = plan.extra_crop_views.is_empty();
            let pick = |side: Side| if single { &scratch.iris.get(side)[0] } else { scratch.iris_mean.get(side) };
            Some(PerSide::new(pick(Side::Left), pick(Side::Right)))
        } else {
            None
        };
        assemble_into(image, pass, iris_passes, *roi, detection_score, canonical.as_deref(), pose_weights, &mut scratch.eye_patch, out);
        out.spread = None;
        // Without an iris model yet (the page adds it after the first landmarks) there is
        // no per-view iris reading, hence no millimetre scale to spread.
        if !plan.extra_crop_views.is_empty() && plan.iris_cross_check && memory.is_none() && iris_passes.is_some() {
            // A still's error bars: each crop view assembled on its own (its direct and
            // mirrored passes averaged, as the reported face averages all of them).
            let per_view = used / (1 + plan.extra_crop_views.len());
            let mut view_pass = MeshPass::default();
            let views: Vec<FaceLandmarks> = (0..=plan.extra_crop_views.len())
                .map(|k| {
                    mean_pass_into(&scratch.passes[k * per_view..(k + 1) * per_view], &mut view_pass);
                    let irises = PerSide::new(&scratch.iris.left[k], &scratch.iris.right[k]);
                    let mut face = FaceLandmarks::default();
                    assemble_into(image, &view_pass, Some(irises), *roi, detection_score, canonical.as_deref(), pose_weights, &mut scratch.eye_patch, &mut face);
                    face
                })
                .collect();
            out.spread = spread_across_views(out, &views);
        }
        if let Some(memory) = memory {
            for side in Side::BOTH {
                memory.note_uncertain(side, out.eyes.get(side).uncertain);
            }
        }
        Ok(())
    }
}

/// The iris model on one eye of `pass`, once per crop view; several views are averaged
/// into `mean`.
fn run_iris(model: &mut IrisModel, image: &ImageView, pass: &MeshPass, side: Side, plan: PassPlan, passes: &mut Vec<IrisPass>, mean: &mut IrisPass) -> Result<(), ModelError> {
    let eye = pass.eyes.get(side);
    // MediaPipe orders the corners image-left to image-right: lateral->medial for the
    // right eye, medial->lateral for the left.
    let (lateral, medial) = (eye[LATERAL_CANTHUS], eye[MEDIAL_CANTHUS]);
    let roi = match side {
        Side::Right => RotatedSquare::eye_from_corners(lateral, medial),
        Side::Left => RotatedSquare::eye_from_corners(medial, lateral),
    };
    let mut used = 0;
    for view in crop_views(&roi, plan.extra_crop_views) {
        if passes.len() <= used {
            passes.push(IrisPass::default());
        }
        model.run_into(image, &view, side, &mut passes[used])?;
        used += 1;
    }
    if used > 1 {
        IrisPass::mean_into(&passes[..used], mean);
    }
    Ok(())
}

/// Everything the engine knows about the face, from the (averaged) mesh pass, the iris
/// passes and the eye image, into `out`'s reused buffers.
#[allow(clippy::too_many_arguments)]
fn assemble_into(image: &ImageView, pass: &MeshPass, iris: Option<PerSide<&IrisPass>>, roi: RotatedSquare, detection_score: Option<f32>, canonical: Option<&[Point3]>, pose_weights: &[f32], eye_patch: &mut EyePatch, out: &mut FaceLandmarks) {
    for side in Side::BOTH {
        let i = iris.map(|p| *p.get(side));
        let eye = out.eyes.get_mut(side);
        fuse_eye_into(pass.eyes.get(side), pass.irises.get(side), i.map(|p| p.contour.as_slice()), i.map(|p| &p.iris), eye);
        // The eye image has the last word on closure (before the lids go into the mesh,
        // so every measurement sees it).
        let reading = read_eye(image, side, eye, eye_patch);
        apply_reading(eye, reading);
    }
    let mesh = &mut out.mesh;
    mesh.clear();
    mesh.extend_from_slice(&pass.mesh);
    mesh.resize(MESH_WITH_IRIS, Point3::default());
    for (k, &m) in LIPS_REFINEMENT.iter().enumerate() {
        mesh[m] = Point3::new(pass.lips[k].x, pass.lips[k].y, mesh[m].z);
    }
    for side in Side::BOTH {
        let map = eye_refinement(side);
        let region = pass.eyes.get(side);
        let eye = out.eyes.get(side);
        for (k, &m) in map.iter().enumerate() {
            let p = if k < LID_CONTOUR_POINTS { eye.lid_contour[k] } else { region[k] };
            mesh[m] = Point3::new(p.x, p.y, mesh[m].z);
        }
        // Iris points take the mean depth of the lid contour (as MediaPipe does). They are
        // the attention model's iris moved onto the fused centre and scaled to the fused
        // radius, so that the mesh alone (what a corrected face is rebuilt from, what the
        // editor draws) carries the iris the face is measured with.
        let z = map[..LID_CONTOUR_POINTS].iter().map(|&m| mesh[m].z).sum::<f32>() / LID_CONTOUR_POINTS as f32;
        let iris = pass.irises.get(side);
        let r_att = iris_radius_px(iris);
        let scale = if r_att > 1e-6 { eye.iris_radius_px / r_att } else { 1.0 };
        for (k, &m) in iris_indices(side).iter().enumerate() {
            let p = Point2::new(eye.iris_centre.x + (iris[k].x - iris[0].x) * scale, eye.iris_centre.y + (iris[k].y - iris[0].y) * scale);
            mesh[m] = Point3::new(p.x, p.y, z);
        }
    }
    let (pose, scale) = pose_and_frontal_into(&out.mesh, canonical, pose_weights, &mut out.frontal);
    out.detection_score = detection_score;
    out.presence = pass.presence;
    out.roi = roi;
    out.lips.clone_from(&pass.lips);
    out.eye_regions.left.clone_from(&pass.eyes.left);
    out.eye_regions.right.clone_from(&pass.eyes.right);
    out.pose = pose;
    out.pixels_per_frontal_unit = scale;
}

/// The crop itself, then the same crop rotated and scaled about its centre by each view
/// (also how fine-tuning cuts its training views).
pub(crate) fn crop_views<'a>(roi: &'a RotatedSquare, views: &'a [(f32, f32)]) -> impl Iterator<Item = RotatedSquare> + 'a {
    std::iter::once(*roi).chain(views.iter().map(|&(deg, scale)| RotatedSquare { rotation: roi.rotation + deg.to_radians(), size: roi.size * scale, centre: roi.centre }))
}
