//! The words the page's layout adds (section tabs, the two modes, the exam bar, keyboard
//! shortcuts, the charts' text equivalents), kept together for the message table.

use crate::sections::Section;

pub fn section_label(section: Section) -> &'static str {
    match section {
        Section::Live => "Live",
        Section::Exam => "Exam",
        Section::Report => "Report",
        Section::History => "Saved exams",
        Section::Model => "Model",
    }
}

pub const SECTIONS: &str = "Sections";

/// What each mode shows, said where the mode is chosen.
pub fn mode_note(patient: bool) -> &'static str {
    if patient {
        "Patient mode: what the camera sees in plain sentences and the guided exam; no tables, scores or saved exams."
    } else {
        "Clinician mode: measurement tables, the exam's scores and report, saved exams and the landmark model."
    }
}


/// The exam bar while a view is taken (k counts from 1).
pub fn exam_step(k: usize, n: usize, prompt: &str) -> String {
    format!("Exam step {k} of {n}: {prompt}")
}

/// The exam bar between runs.
pub fn exam_views_captured(captured: usize, n: usize) -> String {
    format!("Exam: {captured} of {n} views captured.")
}

pub const OPEN_REPORT: &str = "Open the report";

pub const SHORTCUTS: &str = "Keyboard: Tab moves between controls and the arrow keys between sections. In the Live or Exam section, Space starts the exam; during a countdown Space captures the view now and N skips to the next view; Escape stops the exam.";

pub const TREND_TABLE: &str = "The trend as a table";
pub const TREND_COLUMNS: [&str; 3] = ["Date", "Value (\u{b1} standard uncertainty)", "Changed from the first exam beyond measurement error?"];
pub const REGION_BARS_TEXT: &str = "The same values are listed in the items table below.";
pub const NO_REPORT: &str = "No scored exam yet: run the guided exam, analyse photos or a video, or open a saved exam.";
pub const LINE_STYLES: &str = "Line styles say the same as the colours: solid where the sides match, dotted orange where the difference is noticeable, dashed vermillion where it is marked; dash-dot where the eyelid models disagree.";
pub const TREND_CHART: &str = "Trend of the chosen value over the saved exams; the table after it gives the same values.";

/// The accessible names of the controls in a table row or list, which show no label of their own.
pub fn grade_value_label(scale: &str, item: &str) -> String {
    format!("{scale} {item}: the clinician's value")
}

pub fn grade_reason_label(scale: &str, item: &str) -> String {
    format!("{scale} {item}: the reason for the change")
}

pub fn photo_view_label(photo: &str) -> String {
    format!("The view of {photo}")
}

pub fn treatment_date_label(treatment: &str) -> String {
    format!("{treatment}: date given")
}
