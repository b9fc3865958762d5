//! The words the page's layout adds (section tabs, the two modes, the exam bar, keyboard
//! shortcuts, the charts' text equivalents), from the message table in the page's
//! language (each call subscribes to a change of language).

use crate::i18n::{say, t};
use crate::sections::Section;
use facegrade::i18n::{Msg, Said};

pub fn section_label(section: Section) -> &'static str {
    t(match section {
        Section::Live => Msg::TabLive,
        Section::Exam => Msg::TabExam,
        Section::Report => Msg::TabReport,
        Section::History => Msg::TabSavedExams,
        Section::Model => Msg::TabModel,
    })
}

pub fn sections() -> &'static str {
    t(Msg::SectionsLabel)
}

/// What each mode shows, said where the mode is chosen.
pub fn mode_note(patient: bool) -> &'static str {
    t(if patient { Msg::ModePatientNote } else { Msg::ModeClinicianNote })
}

/// The exam bar while a view is taken (k counts from 1).
pub fn exam_step(k: usize, n: usize, prompt: &str) -> String {
    say(&Said::new(Msg::ExamStepOf).with("k", k.to_string()).with("n", n.to_string()).with("prompt", prompt))
}

/// The exam bar between runs.
pub fn exam_views_captured(captured: usize, n: usize) -> String {
    say(&Said::new(Msg::ExamViewsCaptured).with("captured", captured.to_string()).with("n", n.to_string()))
}

pub fn open_report() -> &'static str {
    t(Msg::OpenTheReport)
}

pub fn shortcuts() -> &'static str {
    t(Msg::KeyboardShortcuts)
}

pub fn trend_as_table() -> &'static str {
    t(Msg::TrendAsTable)
}

pub fn trend_columns() -> [&'static str; 3] {
    [t(Msg::TrendColumnDate), t(Msg::TrendColumnValue), t(Msg::TrendColumnChanged)]
}

pub fn region_bars_label() -> &'static str {
    t(Msg::RegionBarsLabel)
}

pub fn no_report() -> &'static str {
    t(Msg::NoScoredExamYet)
}

pub fn line_styles() -> &'static str {
    t(Msg::LineStyles)
}

pub fn trend_chart() -> &'static str {
    t(Msg::TrendChartLabel)
}

/// The accessible names of the controls in a table row or list, which show no label of their own.
pub fn grade_value_label(scale: &str, item: &str) -> String {
    say(&Said::new(Msg::GradeValueLabel).with("scale", scale).with("item", item))
}

pub fn grade_reason_label(scale: &str, item: &str) -> String {
    say(&Said::new(Msg::GradeReasonLabel).with("scale", scale).with("item", item))
}

pub fn photo_view_label(photo: &str) -> String {
    say(&Said::new(Msg::PhotoViewLabel).with("photo", photo))
}

pub fn treatment_date_label(treatment: &str) -> String {
    say(&Said::new(Msg::TreatmentDateLabel).with("treatment", treatment))
}
