//! The on-device landmark engine: faces, refined eyes and lips, irises, head pose.

pub mod analysis;
pub mod canonical;
mod canonical_face_data;
pub mod detector;
pub mod eye_state;
pub mod eyelids;
pub mod face_landmarks;
pub mod face_mesh;
pub mod iris;
pub mod iris_memory;
pub mod mirror;
pub mod model_files;
pub mod ops;
pub mod pose;
pub mod roi;
pub mod runtime;
pub mod small_faces;
pub mod topology;
pub mod tracking;

pub use analysis::{Engine, EngineError, ModelBytes, PassPlan};
pub use face_landmarks::FaceLandmarks;
pub use model_files::{check_shipped, DamagedModel, MODEL_FILES};
