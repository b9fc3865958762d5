//! Fine-tuning the landmark model from clinicians' corrections, on the device.
//!
//! Landmark models trained on normal faces read palsied faces as symmetric and miss
//! closed eyes; fine-tuning on clinician-corrected frames of palsy patients cut landmark
//! error by 31 % (Kimura et al. 2025). Here the attention model's output heads are
//! updated in closed form (a ridge regression toward the shipped weights) from corrected
//! frames, and the result is the same ONNX graph with new values in those heads' weights.
//!
//! [`dataset`] frames -> [`trainer`] (via [`features`], [`heads`], [`ridge`]) -> a
//! [`model_file`] carrying its [`card`].

pub mod card;
pub mod dataset;
pub mod features;
pub mod heads;
pub mod model_file;
pub mod ridge;
pub mod trainer;

pub use card::ModelCard;
pub use dataset::{TrainingFrame, TrainingRegion, TrainingSet};
pub use model_file::{check_candidate, ModelFile, ModelFileError};
pub use trainer::{FineTuneError, FineTuneOptions, FineTuned, FineTuning, HeldOut, LandmarkReader, Progress, Stage};
