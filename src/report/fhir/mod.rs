//! A scored exam as one FHIR R4 Bundle (http://hl7.org/fhir/R4/bundle.html), written
//! once here for `facegrade exam --fhir` and the page's "Export FHIR".
//!
//! Pure: the date, the pseudonym, the FaceGrade version and the model checksums come in
//! as a [`RecordContext`]; nothing here reads a clock, a file or a random source.
//!
//! - Bundle.type `collection`: a `document` Bundle must start with a Composition that a
//!   clinician attests, which FaceGrade does not write; a collection is "a set of
//!   resources collected into a single package for ease of distribution".
//! - Ids are name-based UUIDs of the exam's content ([`ids`]); fullUrl `urn:uuid:...`.
//! - Status: `preliminary` ("data may be incomplete or unverified") unless a clinician
//!   has reviewed the exam, then `final`; the method says which.
//! - Only what was measured is exported; the DiagnosticReport's conclusion names the
//!   views that are missing. Nothing of the patient beyond the pseudonym leaves.

pub mod clinician_review;
pub mod codes;
pub mod context;
pub mod findings;
pub mod ids;
pub mod observation;
pub mod presented_form;
pub mod resources;


use crate::clinician::{ClinicalContext, ClinicianGrade};
use crate::scores::ExamReport;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A model file the exam ran, by name and sha256 (lower-case hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelChecksum {
    pub file: String,
    pub sha256: String,
}

/// What the record needs besides the exam, given by the caller.
#[derive(Clone, Debug, Default)]
pub struct RecordContext {
    /// The clinic's code for the patient; the Patient carries nothing else.
    pub pseudonym: Option<String>,
    /// When the exam was taken: a FHIR dateTime (e.g. "2026-12-06T09:30:00Z").
    pub effective: String,
    /// FaceGrade's version (CARGO_PKG_VERSION).
    pub facegrade_version: String,
    pub models: Vec<ModelChecksum>,
    /// A clinician has reviewed the exam (corrected landmarks or accepted the scores).
    pub clinician_verified: bool,
    /// The clinician's accepts and changes of the scored items (the audit list). Any
    /// valid entry makes the record clinician-verified.
    pub grades: Vec<ClinicianGrade>,
    /// Cause, onset, phase, treatments and note, as the clinician typed them.
    pub context: ClinicalContext,
}

/// FHIR R4 Observation.method text.
pub fn method_text(clinician_verified: bool) -> String {
    format!("automated video landmark analysis{}", if clinician_verified { ", clinician-verified" } else { "" })
}

/// The exam as a FHIR R4 Bundle of type collection: Patient, Device, DiagnosticReport,
/// one Observation per finding (with the clinician's values, [`clinician_review`]), and
/// the context the clinician gave ([`context`]).
pub fn fhir_bundle(report: &ExamReport, record: &RecordContext) -> Value {
    let seed = seed(report, record);
    let id = |role: &str| ids::uuid(&seed, role);
    let (patient_id, device_id, report_id) = (id("patient"), id("device"), id("diagnostic-report"));
    let verified = record.clinician_verified || record.grades.iter().any(|g| g.check().is_ok());
    let status = if verified { "final" } else { "preliminary" };
    let method = method_text(verified);
    let (patient_ref, device_ref) = (ids::urn(&patient_id), ids::urn(&device_id));
    let shared = observation::Shared { status, patient: &patient_ref, device: &device_ref, effective: &record.effective, method: &method };
    let observations: Vec<(String, Value)> = clinician_review::reviewed_findings(report, &record.grades)
        .iter()
        .map(|f| (id(&format!("observation/{}", f.role)), observation::observation(f, &shared)))
        .collect();
    let results: Vec<String> = observations.iter().map(|(oid, _)| ids::urn(oid)).collect();
    let mut entries = vec![
        entry(&patient_id, resources::patient(record.pseudonym.as_deref())),
        entry(&device_id, resources::device(&record.facegrade_version, &record.models)),
        entry(&report_id, resources::diagnostic_report(report, &shared, &results, &record.context.note)),
    ];
    entries.extend(observations.into_iter().map(|(oid, obs)| entry(&oid, obs)));
    let condition_id = id("condition");
    let condition = context::condition(&record.context, &patient_ref);
    let condition_ref = condition.is_some().then(|| ids::urn(&condition_id));
    entries.extend(condition.map(|c| entry(&condition_id, c)));
    let treatments = context::treatments(&record.context, &patient_ref, condition_ref.as_deref());
    entries.extend(treatments.into_iter().enumerate().map(|(i, t)| entry(&id(&format!("treatment/{i}")), t)));
    json!({ "resourceType": "Bundle", "id": id("bundle"), "type": "collection", "entry": entries })
}

fn entry(uuid: &str, mut resource: Value) -> Value {
    resource["id"] = json!(uuid);
    json!({ "fullUrl": ids::urn(uuid), "resource": resource })
}

/// What the ids derive from: the exam's JSON and the record's own fields.
fn seed(report: &ExamReport, record: &RecordContext) -> Vec<u8> {
    let exam = serde_json::to_vec(report).unwrap_or_default();
    Sha256::new()
        .chain_update(&exam)
        .chain_update(record.effective.as_bytes())
        .chain_update([0u8])
        .chain_update(record.pseudonym.as_deref().unwrap_or("").as_bytes())
        .finalize()
        .to_vec()
}
