//! The model files the engine runs, by the names they carry in `models/` (natively) and
//! on the page's origin (the web loader fetches `models/<name>`).

/// BlazeFace short range: face boxes and six keypoints.
pub const FACE_DETECTOR: &str = "face_detection_short_range.onnx";
/// The face mesh with attention: 468 points with refined eyes, lips and irises.
pub const FACE_LANDMARKS: &str = "face_landmark_with_attention.onnx";
/// The iris landmark model: a second opinion on each eye's lids and iris.
pub const IRIS_LANDMARKS: &str = "iris_landmark.onnx";

/// Every model file, in the order of [`super::ModelBytes`]'s fields.
pub const MODEL_FILES: [&str; 3] = [FACE_DETECTOR, FACE_LANDMARKS, IRIS_LANDMARKS];

/// The sha256 of each shipped model file (models/MODELS.md, checked by `tests/models.rs`).
/// The page checks every model it downloads or reads from its offline copy against these
/// before running it: a damaged file would otherwise give wrong landmarks, not an error.
pub const MODEL_SHA256: [(&str, &str); 3] = [
    (FACE_DETECTOR, "8172346041eb4274601831548831da7c800ceb4230ef60b0db38825856c2d0b9"),
    (FACE_LANDMARKS, "b1027e397f959cf6c7a0fc872d0d3a994085c3e55d3c961177d16d387a4a2afa"),
    (IRIS_LANDMARKS, "29b37a8b8db3faa379d9219df96532fc51726b411a7ede4af8cb7818cca4b7ce"),
];

/// A model file whose bytes are not the shipped file's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name} is damaged: its sha256 is {found}, the shipped file's is {expected}")]
pub struct DamagedModel {
    pub name: String,
    pub expected: String,
    pub found: String,
}

/// Checks `bytes` against the shipped sha256 of the model file `name`; a name that is no
/// shipped model is refused too (nothing unknown runs).
pub fn check_shipped(name: &str, bytes: &[u8]) -> Result<(), DamagedModel> {
    let expected = MODEL_SHA256.iter().find(|(n, _)| *n == name).map_or("(not a shipped model)", |(_, h)| h);
    let found = crate::finetune::model_file::sha256_hex(bytes);
    if found == expected {
        Ok(())
    } else {
        Err(DamagedModel { name: name.to_string(), expected: expected.to_string(), found })
    }
}
