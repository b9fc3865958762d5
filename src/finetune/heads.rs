//! The attention model's output heads that fine-tuning updates.
//!
//! Each head is one convolution whose kernel covers its whole input feature map (3x3 on
//! 3x3 for the mesh, 2x2 on 2x2 for the refined lips, eyes and irises), so its output is
//! a linear function of the flattened features: `raw = W f + b`. The refined heads then
//! map their raw points into the face crop with a per-face affine transform (the
//! attention crop MediaPipe computes from the mesh): `point = raw A + t`. Updating `W`
//! and `b` by a ridge regression is therefore exact linear algebra, no back-propagation.

use super::model_file::{ModelFile, ModelFileError};
use crate::engine::topology::{iris, iris_indices, LEFT_EYE_REFINEMENT, LIPS_REFINEMENT, MESH_POINTS, REFINED_EYE_POINTS, REFINED_LIP_POINTS, RIGHT_EYE_REFINEMENT};
use crate::side::Side;

/// Which output of face_landmark_with_attention.onnx a head writes. The model names eyes
/// and irises from the image's point of view: its "left eye" is the subject's right eye.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadKind {
    Mesh,
    Lips,
    ImageLeftEye,
    ImageRightEye,
    ImageLeftIris,
    ImageRightIris,
    /// The iris model's eye contour (71 points, lid contour first), its second opinion on
    /// the lids; it sees the subject's left eye mirrored.
    IrisModelContour,
}

impl HeadKind {
    pub const ALL: [HeadKind; 6] = [HeadKind::Mesh, HeadKind::Lips, HeadKind::ImageLeftEye, HeadKind::ImageRightEye, HeadKind::ImageLeftIris, HeadKind::ImageRightIris];

    /// The convolution's node name in the converted model (tools/convert_models.py).
    pub fn conv_node(self) -> &'static str {
        match self {
            HeadKind::Mesh => "output_mesh",
            HeadKind::Lips => "conv_lips",
            HeadKind::ImageLeftEye => "conv_left_eye",
            HeadKind::ImageRightEye => "conv_right_eye",
            HeadKind::ImageLeftIris => "conv_left_iris",
            HeadKind::ImageRightIris => "conv_right_iris",
            HeadKind::IrisModelContour => "conv_eyes_contours_and_brows",
        }
    }

    /// Index of the model output this head produces.
    pub fn model_output(self) -> usize {
        match self {
            HeadKind::Mesh => 0,
            HeadKind::Lips => 1,
            HeadKind::ImageLeftEye => 2,
            HeadKind::ImageRightEye => 3,
            HeadKind::ImageLeftIris => 4,
            HeadKind::ImageRightIris => 5,
            HeadKind::IrisModelContour => 0,
        }
    }

    pub fn points(self) -> usize {
        match self {
            HeadKind::Mesh => MESH_POINTS,
            HeadKind::Lips => REFINED_LIP_POINTS,
            HeadKind::ImageLeftEye | HeadKind::ImageRightEye | HeadKind::IrisModelContour => REFINED_EYE_POINTS,
            HeadKind::ImageLeftIris | HeadKind::ImageRightIris => 5,
        }
    }

    /// Values per point in the raw output: x, y, z for the mesh and the iris model's
    /// contour, x, y for the rest.
    pub fn values_per_point(self) -> usize {
        if matches!(self, HeadKind::Mesh | HeadKind::IrisModelContour) {
            3
        } else {
            2
        }
    }

    /// The subject's landmark (478-point mesh index) that label `k` of this head names,
    /// in a direct crop or a horizontally mirrored one (`mirror_partner` is the mesh's
    /// mirror permutation). Mirroring swaps the eyes, and an iris's horizontal edges. The
    /// iris model's crop is mirrored exactly when it shows the subject's left eye.
    pub fn landmark(self, k: usize, mirrored: bool, mirror_partner: &[usize]) -> usize {
        match (self, mirrored) {
            (HeadKind::Mesh, false) => k,
            (HeadKind::Mesh, true) => mirror_partner[k],
            (HeadKind::Lips, false) => LIPS_REFINEMENT[k],
            (HeadKind::Lips, true) => mirror_partner[LIPS_REFINEMENT[k]],
            (HeadKind::ImageLeftEye, false) | (HeadKind::ImageRightEye, true) => RIGHT_EYE_REFINEMENT[k],
            (HeadKind::ImageRightEye, false) | (HeadKind::ImageLeftEye, true) => LEFT_EYE_REFINEMENT[k],
            (HeadKind::ImageLeftIris, false) => iris_indices(Side::Right)[k],
            (HeadKind::ImageRightIris, false) => iris_indices(Side::Left)[k],
            (HeadKind::ImageLeftIris, true) => iris_indices(Side::Left)[iris::MIRRORED[k]],
            (HeadKind::ImageRightIris, true) => iris_indices(Side::Right)[iris::MIRRORED[k]],
            (HeadKind::IrisModelContour, false) => RIGHT_EYE_REFINEMENT[k],
            (HeadKind::IrisModelContour, true) => LEFT_EYE_REFINEMENT[k],
        }
    }
}

/// Where one head lives in a particular model file.
#[derive(Clone, Debug)]
pub struct Head {
    pub kind: HeadKind,
    /// Initializer names of the convolution's weight (out x in x kh x kw) and bias.
    pub weight: String,
    pub bias: String,
    /// The tensor the convolution reads (its features), NCHW.
    pub features: String,
    /// Refined heads: the tensors of the attention transform, A (1x2x2) and t (1x1x2).
    pub transform: Option<(String, String)>,
    /// Features per output channel (in x kh x kw).
    pub feature_len: usize,
}

impl Head {
    /// Finds the head's weights and tensors in `model`, checking that its weights are its
    /// own (a weight shared with another layer would change that layer too).
    pub fn locate(model: &ModelFile, kind: HeadKind) -> Result<Head, ModelFileError> {
        let inputs = model.node_inputs(kind.conv_node())?;
        let [features, weight, bias] = <[String; 3]>::try_from(inputs).map_err(|_| ModelFileError::Foreign(format!("layer {} has no bias", kind.conv_node())))?;
        for name in [&weight, &bias] {
            if model.uses(name) != 1 {
                return Err(ModelFileError::SharedWeight(name.clone()));
            }
        }
        let channels = kind.points() * kind.values_per_point();
        let weight_len = model.weights(&weight)?.len();
        let bias_len = model.weights(&bias)?.len();
        if bias_len != channels || weight_len % channels != 0 {
            return Err(ModelFileError::Foreign(format!("layer {} has {bias_len} outputs, {channels} expected", kind.conv_node())));
        }
        let transform = if matches!(kind, HeadKind::Mesh | HeadKind::IrisModelContour) { None } else { Some(attention_transform(model, kind)?) };
        Ok(Head { kind, weight, bias, features, transform, feature_len: weight_len / channels })
    }

    pub fn channels(&self) -> usize {
        self.kind.points() * self.kind.values_per_point()
    }
}

/// Follows conv -> Reshape -> MatMul(A) -> Add(t), the standard-op form of MediaPipe's
/// TransformLandmarks written by the converter.
fn attention_transform(model: &ModelFile, kind: HeadKind) -> Result<(String, String), ModelFileError> {
    let missing = || ModelFileError::Foreign(format!("the attention transform after {} was not found", kind.conv_node()));
    let conv_out = model.node_outputs(kind.conv_node())?.into_iter().next().ok_or_else(missing)?;
    let (_, reshaped) = model.consumer(&conv_out, "Reshape").ok_or_else(missing)?;
    let (mm_in, mm_out) = model.consumer(&reshaped[0], "MatMul").ok_or_else(missing)?;
    let (add_in, _) = model.consumer(&mm_out[0], "Add").ok_or_else(missing)?;
    let a = mm_in.into_iter().find(|i| *i != reshaped[0]).ok_or_else(missing)?;
    let t = add_in.into_iter().find(|i| *i != mm_out[0]).ok_or_else(missing)?;
    Ok((a, t))
}
