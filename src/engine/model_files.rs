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
