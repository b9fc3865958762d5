//! The exam report's PDF: what the page's report shows, in its order (the notice, eye
//! safety, the affected side, the missing views, the headline scores, every item with its
//! rule or reason), from the same rows ([`crate::report::printed`],
//! [`crate::report::eye_words`]); the views' pictures only when the caller passes them.

// The PDF stays English: its standard fonts have no Japanese characters.
use crate::i18n::Lang;
use super::document::{self, Info, Jpeg};
use super::fonts::Font;
use super::layout::Layout;
use crate::report::eye_words::{eye_heading, eye_order, gap_words, narrowing_words, no_negative_zero, view_words};
use crate::report::printed::{headline, items};
use crate::clinician::{final_scores, ClinicalContext, ClinicianGrade};
use crate::scores::{EyeSafety, ExamReport};

/// A view's picture for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct PdfPicture {
    pub caption: String,
    pub jpeg: Jpeg,
}

/// What the report says besides the exam, given by the caller.
#[derive(Clone, Debug, Default)]
pub struct PdfContext {
    /// The clinic's code for the patient, if any.
    pub pseudonym: Option<String>,
    /// When the exam was taken, as the caller writes it.
    pub taken: Option<String>,
    /// FaceGrade's version (CARGO_PKG_VERSION).
    pub facegrade_version: String,
    /// The views' pictures: none unless asked for (a report may travel).
    pub pictures: Vec<PdfPicture>,
    /// The clinician's accepted or changed items, oldest first (the exam's audit list).
    pub clinician_grades: Vec<ClinicianGrade>,
    /// Cause, onset, phase, treatments and note, as the clinician entered them.
    pub clinical_context: ClinicalContext,
}

/// The clinician's part of the report, as the page shows it: the scores recomputed from
/// the clinician's values and the audit list.
fn clinician_grades(layout: &mut Layout, report: &ExamReport, grades: &[ClinicianGrade]) {
    if grades.is_empty() {
        return;
    }
    layout.heading("The clinician's grades", 12.0);
    let graded = ExamReport { scores: final_scores(&report.scores, grades), ..report.clone() };
    layout.paragraph("Scores from the clinician's values (FaceGrade's suggestions where an item was not graded):", Font::Regular);
    let scores: Vec<Vec<String>> = headline(&graded, Lang::En).into_iter().map(|(_, label, value)| vec![label.to_string(), value]).collect();
    layout.table(&[3.0, 1.0], None, &scores);
    layout.paragraph("Who changed what, when:", Font::Regular);
    for grade in grades {
        layout.paragraph(&grade.audit_line(), Font::Regular);
    }
}

fn clinical_context(layout: &mut Layout, context: &ClinicalContext) {
    if context.is_empty() {
        return;
    }
    layout.heading("Clinical context", 12.0);
    let mut lines = Vec::new();
    if let Some(cause) = context.cause {
        lines.push(format!("Cause: {}", cause.words()));
    }
    if let Some(onset) = &context.onset {
        lines.push(format!("Onset: {onset}"));
    }
    if let Some(phase) = context.phase {
        lines.push(format!("Phase: {}", phase.code()));
    }
    for t in &context.treatments {
        lines.push(format!("Treatment: {}{}", t.kind.words(), t.date.as_ref().map(|d| format!(", {d}")).unwrap_or_default()));
    }
    if !context.note.trim().is_empty() {
        lines.push(format!("Note: {}", context.note.trim()));
    }
    for line in lines {
        layout.paragraph(&line, Font::Regular);
    }
}

fn eye_safety(layout: &mut Layout, s: &EyeSafety) {
    let lag = &s.lagophthalmos;
    layout.heading("Eye safety", 12.0);
    layout.paragraph(&lag.statement, Font::Bold);
    let order = eye_order(lag.affected);
    let mut header = vec!["View".to_string()];
    header.extend(order.iter().map(|&side| eye_heading(side, lag.affected, false, Lang::En)));
    header.push(String::new());
    let rows: Vec<Vec<String>> = lag
        .per_view
        .iter()
        .map(|g| {
            let mut row = vec![view_words(g.view)];
            row.extend(order.iter().map(|&side| gap_words(*g.gap_mm.get(side), Lang::En)));
            row.push(g.not_measured.clone().map(|w| format!("not measured: {w}")).unwrap_or_else(|| if g.evidence.uncertain { "eyelid landmarks uncertain: check the photo".into() } else { String::new() }));
            row
        })
        .collect();
    layout.paragraph("Eye closure: the gap each eye leaves open, mm. 0 = closes completely (under 1 mm).", Font::Regular);
    layout.table(&[1.0, 1.3, 1.3, 2.0], Some(&header), &rows);
    layout.paragraph(&lag.rule, Font::Regular);

    let syn = &s.ocular_synkinesis;
    layout.heading("Ocular synkinesis: eye narrowing with mouth movements", 11.0);
    layout.paragraph(&syn.statement, Font::Bold);
    let order = eye_order(Some(syn.affected));
    let mut header = vec!["View".to_string()];
    header.extend(order.iter().map(|&side| eye_heading(side, Some(syn.affected), syn.affected_side_unclear, Lang::En)));
    header.extend(["Affected minus healthy".to_string(), "Suggested Sunnybrook synkinesis point".to_string()]);
    let rows: Vec<Vec<String>> = syn
        .per_view
        .iter()
        .map(|n| {
            let mut row = vec![view_words(n.view)];
            row.extend(order.iter().map(|&side| narrowing_words(*n.narrowing_mm.get(side), *n.narrowing_percent.get(side), Lang::En)));
            row.push(n.excess_mm.map_or("-".to_string(), |e| format!("{:+.1} mm", no_negative_zero(e, 10.0))));
            row.push(match (n.suggested_point, &n.not_measured) {
                (Some(p), _) => format!("{p} (suggestion)"),
                (None, Some(why)) => format!("not measured: {why}"),
                (None, None) => "not measured".to_string(),
            });
            row
        })
        .collect();
    layout.paragraph("How much each eye narrows from rest (mm, and % of that eye at rest; negative = wider than at rest).", Font::Regular);
    layout.table(&[1.0, 1.4, 1.4, 1.0, 1.6], Some(&header), &rows);
    layout.paragraph(&syn.note, Font::Regular);
    layout.paragraph(&syn.rule, Font::Regular);
}

/// The exam report as a PDF file.
pub fn exam_pdf(report: &ExamReport, context: &PdfContext) -> Vec<u8> {
    let s = &report.scores;
    let mut layout = Layout::default();
    layout.heading("FaceGrade exam report", 16.0);
    let about: Vec<String> = [context.pseudonym.as_ref().map(|p| format!("Patient code: {p}")), context.taken.as_ref().map(|t| format!("Taken: {t}"))].into_iter().flatten().collect();
    if !about.is_empty() {
        layout.paragraph(&about.join("    "), Font::Regular);
    }
    layout.paragraph(&s.notice, Font::Bold);
    eye_safety(&mut layout, &s.eye_safety);

    layout.heading("Scores", 12.0);
    let side = &s.affected_side;
    layout.paragraph(&format!("Affected side: {} (decided by {})", side.side.name(), side.decided_by.code()), Font::Regular);
    if !s.missing_views.is_empty() {
        layout.paragraph(&format!("Views not captured: {}", s.missing_views.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")), Font::Regular);
    }
    let scores: Vec<Vec<String>> = headline(report, Lang::En).into_iter().map(|(_, label, value)| vec![label.to_string(), value]).collect();
    layout.table(&[3.0, 1.0], None, &scores);
    if let Some(regions) = &s.house_brackmann.regions {
        layout.paragraph(&format!("House-Brackmann by region (Yen et al. 2003): {}", regions.written), Font::Regular);
    }
    layout.paragraph(&s.house_brackmann.note, Font::Regular);

    clinician_grades(&mut layout, report, &context.clinician_grades);
    clinical_context(&mut layout, &context.clinical_context);

    layout.heading("Items", 12.0);
    let header = ["Scale", "Item", "Value", "Rule or reason"].map(String::from);
    let rows: Vec<Vec<String>> = items(report, Lang::En).into_iter().map(|(scale, item, value, why)| vec![scale, item, value, why]).collect();
    layout.table(&[0.9, 2.3, 1.1, 3.3], Some(&header), &rows);

    if !context.pictures.is_empty() {
        layout.heading("The views' pictures", 12.0);
        for (i, p) in context.pictures.iter().enumerate() {
            layout.picture(i, p.jpeg.width, p.jpeg.height, 300.0, &p.caption);
        }
    }
    let pages = layout.finish(&format!("FaceGrade {} exam report. {}", context.facegrade_version, crate::scores::NOT_A_DIAGNOSIS.split('.').next().unwrap_or_default()));
    let pictures: Vec<Jpeg> = context.pictures.iter().map(|p| p.jpeg.clone()).collect();
    document::write(&pages, &pictures, &Info { title: "FaceGrade exam report".into(), producer: format!("FaceGrade {}", context.facegrade_version) })
}
