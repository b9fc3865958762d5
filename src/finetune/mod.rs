//! Fine-tuning the landmark model from clinicians' corrections, on the device.
//!
//! Landmark models trained on normal faces read palsied faces as symmetric and miss
//! closed eyes; fine-tuning on clinician-corrected frames of palsy patients cut landmark
//! error by 31 % (Kimura et al. 2025). Here the attention model's output heads are
//! updated in closed form (a ridge regression toward the shipped weights) from corrected
//! frames, and the result is the same ONNX graph with new values in those heads' weights.
//! The iris model's lid contour, the engine's second opinion on the lids, is updated the
//! same way and travels inside the landmark model file.
//!
//! [`dataset`] frames -> [`trainer`] (via [`reader`], [`features`], [`heads`], [`ridge`])
//! -> a [`model_file`] carrying its [`card`].

pub mod card;
pub mod dataset;
pub mod features;
mod head_solver;
pub mod heads;
mod held_out;
pub mod model_file;
pub mod reader;
pub mod ridge;
pub mod trainer;

pub use card::ModelCard;
pub use dataset::{TrainingFrame, TrainingRegion, TrainingSet};
pub use model_file::{check_candidate, tuned_models, ModelFile, ModelFileError, TunedModels};
pub use reader::LandmarkReader;
pub use trainer::{FineTuneError, FineTuneOptions, FineTuned, FineTuning, HeldOut, Progress, Stage};
