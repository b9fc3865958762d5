//! Clinical measurements: millimetres per anatomical side on the pose-normalised face.

pub mod calibration;
pub mod face_frame;
pub mod measurements;
pub mod units;

pub use measurements::{measure, FaceMeasurements, Severity, SideValue, MEASUREMENT_NAMES};
