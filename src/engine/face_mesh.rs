//! The attention face-landmark model: 468-point mesh plus refined eyes, lips and irises
//! on a rotated 192x192 face crop, mapped back to image pixels.

use super::roi::RotatedSquare;
use super::runtime::{ModelError, ModelRunner};
use super::topology::{MESH_POINTS, REFINED_EYE_POINTS, REFINED_LIP_POINTS};
use crate::geometry::{Affine2, Point2, Point3};
use crate::image_view::{sample_crop, ImageView, InputScaling};
use crate::side::PerSide;

pub const MESH_INPUT: usize = 192;

/// Output order of face_landmark_with_attention.onnx.
const OUT_MESH: usize = 0;
const OUT_LIPS: usize = 1;
const OUT_IMAGE_LEFT_EYE: usize = 2;
const OUT_IMAGE_RIGHT_EYE: usize = 3;
const OUT_IMAGE_LEFT_IRIS: usize = 4;
const OUT_IMAGE_RIGHT_IRIS: usize = 5;
const OUT_PRESENCE: usize = 6;

/// One pass of the attention model, in image pixels, labelled as the model labels its
/// crop. In an unmirrored crop the model's labels are the subject's anatomical sides;
/// [`super::mirror`] relabels a mirrored pass.
#[derive(Clone, Debug, Default)]
pub struct MeshPass {
    pub mesh: Vec<Point3>,
    pub lips: Vec<Point2>,
    pub eyes: PerSide<Vec<Point2>>,
    pub irises: PerSide<[Point2; 5]>,
    /// Face presence probability.
    pub presence: f32,
    pub mirrored: bool,
}

pub struct FaceMeshModel {
    runner: ModelRunner,
}

impl FaceMeshModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        Ok(FaceMeshModel { runner: ModelRunner::from_bytes("face landmark", bytes, &[1, MESH_INPUT, MESH_INPUT, 3])? })
    }

    pub fn input_mut(&mut self) -> &mut [f32] {
        self.runner.input_mut()
    }

    /// Runs the model alone on the current input (its outputs stay in the runner).
    pub fn infer(&mut self) -> Result<(), ModelError> {
        self.runner.run()
    }

    pub fn run(&mut self, image: &ImageView, roi: &RotatedSquare, mirrored: bool) -> Result<MeshPass, ModelError> {
        let mut pass = MeshPass::default();
        self.run_into(image, roi, mirrored, &mut pass)?;
        Ok(pass)
    }

    /// As [`FaceMeshModel::run`], into a pass whose buffers are reused (no allocation once
    /// they have grown to size).
    pub fn run_into(&mut self, image: &ImageView, roi: &RotatedSquare, mirrored: bool, out: &mut MeshPass) -> Result<(), ModelError> {
        let to_image = roi.crop_to_image(MESH_INPUT, mirrored);
        sample_crop(image, &to_image, MESH_INPUT, InputScaling::ZeroToOne, self.runner.input_mut());
        self.infer()?;
        self.read_outputs(&to_image, mirrored, out)
    }

    /// Runs on the current input buffer; `to_image` maps crop pixels to the image.
    pub fn run_prepared(&mut self, to_image: &Affine2, mirrored: bool) -> Result<MeshPass, ModelError> {
        self.infer()?;
        let mut pass = MeshPass::default();
        self.read_outputs(to_image, mirrored, &mut pass)?;
        Ok(pass)
    }

    fn read_outputs(&self, to_image: &Affine2, mirrored: bool, out: &mut MeshPass) -> Result<(), ModelError> {
        let r = &self.runner;
        let z_scale = to_image.scale();
        out.mesh.clear();
        out.mesh.extend(r.output(OUT_MESH, MESH_POINTS * 3)?.chunks_exact(3).map(|p| {
            let q = to_image.apply(Point2::new(p[0], p[1]));
            Point3::new(q.x, q.y, p[2] * z_scale)
        }));
        let points = |index: usize, count: usize, into: &mut Vec<Point2>| -> Result<(), ModelError> {
            into.clear();
            into.extend(r.output(index, count * 2)?.chunks_exact(2).map(|p| to_image.apply(Point2::new(p[0], p[1]))));
            Ok(())
        };
        let iris = |index: usize| -> Result<[Point2; 5], ModelError> {
            let v = r.output(index, 10)?;
            Ok(std::array::from_fn(|k| to_image.apply(Point2::new(v[2 * k], v[2 * k + 1]))))
        };
        points(OUT_LIPS, REFINED_LIP_POINTS, &mut out.lips)?;
        // The model's "left" is the image-left eye of its crop: the subject's right.
        points(OUT_IMAGE_LEFT_EYE, REFINED_EYE_POINTS, &mut out.eyes.right)?;
        points(OUT_IMAGE_RIGHT_EYE, REFINED_EYE_POINTS, &mut out.eyes.left)?;
        out.irises = PerSide::new(iris(OUT_IMAGE_RIGHT_IRIS)?, iris(OUT_IMAGE_LEFT_IRIS)?);
        let presence_logit = r.output(OUT_PRESENCE, 1)?[0];
        out.presence = 1.0 / (1.0 + (-presence_logit).exp());
        out.mirrored = mirrored;
        Ok(())
    }

    /// Time per kind of operation on the current input (see [`ModelRunner::profile`]).
    pub fn profile(&mut self, runs: usize, now_ms: &dyn Fn() -> f64) -> Result<Vec<super::runtime::OpTime>, ModelError> {
        self.runner.profile(runs, now_ms)
    }

    /// Raw output `index` of the last run (for reference tests).
    pub fn raw_output(&self, index: usize, expected: usize) -> Result<&[f32], ModelError> {
        self.runner.output(index, expected)
    }
}
