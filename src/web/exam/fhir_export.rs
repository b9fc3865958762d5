//! "Export FHIR": the current exam as one FHIR R4 Bundle, built by the core
//! (`facegrade::report::fhir`, the same builder as `facegrade exam --fhir`), with the
//! pseudonym, the clinician's grades and the record's context; nothing else of the patient.

use crate::store::ExamRecord;
use facegrade::finetune::model_file::sha256_hex;
use facegrade::report::fhir::{fhir_bundle, ModelChecksum, RecordContext};
use facegrade::scores::ExamReport;
use leptos::prelude::*;

/// The sha256 of each model file this page runs (the shipped or the fine-tuned pair),
/// for the Bundle's Device; set once the models are loaded.
#[derive(Clone, Copy)]
pub struct ModelChecksums(pub StoredValue<Vec<ModelChecksum>>);

impl ModelChecksums {
    pub fn new() -> ModelChecksums {
        ModelChecksums(StoredValue::new(Vec::new()))
    }

    pub fn set(&self, files: &[&str], bytes: &[Vec<u8>]) {
        self.0.set_value(files.iter().zip(bytes).map(|(f, b)| ModelChecksum { file: f.to_string(), sha256: sha256_hex(b) }).collect());
    }

    /// A model loaded later (the iris model, after the first landmarks).
    pub fn add(&self, file: &str, bytes: &[u8]) {
        self.0.update_value(|models| models.push(ModelChecksum { file: file.to_string(), sha256: sha256_hex(bytes) }));
    }
}

/// The exam's Bundle as JSON. The effective time is when the exam was started; the
/// record is clinician-verified when landmarks were corrected or items graded.
pub fn fhir_json(record: &ExamRecord, report: &ExamReport, models: Vec<ModelChecksum>) -> Option<String> {
    let effective = String::from(js_sys::Date::new(&record.created_ms.into()).to_iso_string());
    let context = RecordContext {
        pseudonym: Some(record.pseudonym.clone()).filter(|p| !p.trim().is_empty()),
        effective,
        facegrade_version: env!("CARGO_PKG_VERSION").to_string(),
        models,
        clinician_verified: !record.corrections.is_empty(),
        grades: record.clinician_grades.clone(),
        context: record.context.clone(),
        ..Default::default()
    };
    serde_json::to_string_pretty(&fhir_bundle(report, &context)).ok()
}
