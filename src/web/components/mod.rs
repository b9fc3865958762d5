//! The page's sections, one component each; each reads the shared state it needs from
//! context (`app.rs` provides it) and receives only what it shows.

pub mod agreement;
pub mod blinks;
pub mod charts;
pub mod clinician_grades;
pub mod context_fields;
pub mod diagnostics;
pub mod exam;
pub mod exam_bar;
pub mod faults;
pub mod eye_safety;
pub mod eyes;
pub mod from_files;
pub mod history;
pub mod offline;
pub mod measurement_table;
pub mod readout;
pub mod report;
pub mod review;
pub mod stage;
pub mod tabs;
pub mod status;
pub mod training;
