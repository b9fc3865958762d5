//! Clinical measurements: millimetres per anatomical side on the pose-normalised face.

pub mod blinks;
pub mod calibration;
pub mod capture_window;
pub mod exam;
pub mod face_frame;
pub mod measurements;
pub mod name;
pub mod timeline;
pub mod uncertainty;
pub mod units;

pub use exam::{measure_exam, ExamMeasurements, Expression};
pub use measurements::{measure, measure_with_calibration, FaceMeasurements, Severity, SideValue};
pub use name::{MeasurementName, MEASUREMENT_NAMES};
