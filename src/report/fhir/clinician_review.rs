//! The clinician's review in the FHIR export. Each Observation of a score carries the
//! clinician's value (or, for a total, the total recomputed from the clinician's values:
//! [`crate::clinician::final_scores`]); where that differs from FaceGrade's value, the
//! suggestion stays visible as a component (code `facegrade_suggestion`), and every accept
//! or change of the item is an Annotation (author, time, what and why) in
//! Observation.note. An item FaceGrade did not measure but the clinician graded is
//! exported with the clinician's value and says so.

use super::findings::{findings, Finding, FindingValue};
use crate::clinician::{final_scores, ClinicianGrade};
use crate::scores::ExamReport;
use std::collections::BTreeMap;

/// The exam's findings with the clinician's values in place: the audit entries that pass
/// [`ClinicianGrade::check`] apply, others are left out of the record.
pub fn reviewed_findings(report: &ExamReport, grades: &[ClinicianGrade]) -> Vec<Finding> {
    let suggested = findings(report);
    let owned: Vec<ClinicianGrade> = grades.iter().filter(|g| g.check().is_ok()).cloned().collect();
    if owned.is_empty() {
        return suggested;
    }
    let reviewed = ExamReport { scores: final_scores(&report.scores, &owned), ..report.clone() };
    let before: BTreeMap<String, FindingValue> = suggested.into_iter().map(|f| (f.role, f.value)).collect();
    findings(&reviewed)
        .into_iter()
        .map(|mut f| {
            match before.get(&f.role) {
                Some(v) if *v != f.value => f.suggestion = Some(v.clone()),
                Some(_) => {}
                None => f.note = Some(format!("FaceGrade did not measure this; the value is the clinician's. {}", f.note.take().unwrap_or_default()).trim_end().to_string()),
            }
            f.audit = owned.iter().filter(|g| g.item.code() == f.role).cloned().collect();
            f
        })
        .collect()
}
