//! The measurements and scores as people and programs read them: the plain-text report,
//! CSV, JSON, FHIR and PDF. Written once here, so that the command line and the page export the same
//! thing; nothing here measures or scores, it only formats what [`crate::measure`] and
//! [`crate::scores`] produced.

pub mod agreement;
pub mod csv;
pub mod exam;
pub mod eye_words;
pub mod fhir;
pub mod measurements;
pub mod pdf;
pub mod printed;
