//! Video clips as frame sequences, for tests and research runs on recorded material.

pub mod y4m;
