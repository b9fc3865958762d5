//! What the clinician adds to an exam: their grade for each scored item (the automatic
//! value stays a suggestion, every change kept in an audit list) and the facial nerve
//! record's context (cause, onset, phase, treatments, note). Pure: the page and the
//! command line store and show it; the FHIR export carries it.

pub mod context;
pub mod grades;
pub mod items;

pub use context::ClinicalContext;
pub use grades::{final_scores, ClinicianGrade};
pub use items::GradedItem;
