//! The clinician's grades and the record's context on the page: the clinician's name kept
//! in this browser's settings (localStorage) and used as "by", the browser clock as "at";
//! each accept or change appended to the exam's audit list, which the saving effect then
//! writes with the exam. What the grades do to the scores is the core's
//! (`facegrade::clinician`).

use super::ExamState;
use facegrade::clinician::grades::suggestion;
use facegrade::clinician::{final_scores, ClinicalContext, ClinicianGrade, GradedItem};
use facegrade::i18n::{Msg, Said};
use facegrade::scores::ExamReport;
use leptos::prelude::*;

/// localStorage key of the clinician's name or initials.
const CLINICIAN_NAME: &str = "facegrade.clinician";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The name or initials last typed on this browser (empty when none).
pub fn clinician_name() -> String {
    local_storage().and_then(|s| s.get_item(CLINICIAN_NAME).ok().flatten()).unwrap_or_default()
}

pub fn set_clinician_name(name: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(CLINICIAN_NAME, name.trim());
    }
}

/// Now, by the browser's clock (ISO 8601, UTC).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Appends the clinician's `value` for `item` (with FaceGrade's current suggestion) to
/// the exam's audit list. Err says why nothing was kept: no scored exam, no clinician
/// name, a value off the item's scale.
pub fn record_grade(exam: ExamState, item: GradedItem, value: f32, reason: &str) -> Result<(), Said> {
    let suggested = exam.result.with_untracked(|r| r.as_ref().map(|r| suggestion(&r.scores, item))).ok_or(Said::new(Msg::ScoreExamFirst))?;
    let reason = reason.trim();
    let grade = ClinicianGrade { item, suggested, clinician_value: value, reason: (!reason.is_empty()).then(|| reason.to_string()), by: clinician_name(), at: now_iso() };
    grade.check_in(crate::i18n::lang()).map_err(Said::verbatim)?;
    exam.edit_record(|r| r.clinician_grades.push(grade));
    Ok(())
}

/// Replaces the record's context after checking it; Err leaves the saved one as it was.
pub fn set_context(exam: ExamState, change: impl FnOnce(&mut ClinicalContext)) -> Result<(), Said> {
    let mut context = exam.record.with_untracked(|r| r.as_ref().map(|r| r.context.clone())).ok_or(Said::new(Msg::NoExamOpen))?;
    change(&mut context);
    context.check_in(crate::i18n::lang()).map_err(Said::verbatim)?;
    exam.edit_record(|r| r.context = context);
    Ok(())
}

/// The scored exam with the clinician's values in place and the totals recomputed.
pub fn final_report(report: &ExamReport, grades: &[ClinicianGrade]) -> ExamReport {
    ExamReport { scores: final_scores(&report.scores, grades), ..report.clone() }
}
