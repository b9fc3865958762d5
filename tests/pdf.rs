//! The exam report as a PDF, read back by a PDF reader (poppler's pdftotext and pdfimages):
//! a real exam (../shared/data/faces, synthetic expressions with a weak left side) gives
//! a file whose text has the intended-purpose notice, the eye-safety statement, the
//! headline scores with their values and every item; pictures only when given, as JPEGs.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::pdf_text::{pdf_images, pdf_text};
use common::*;
use facegrade::i18n::Lang;
use facegrade::report::pdf::picture::picture;
use facegrade::report::pdf::{exam_pdf, PdfContext};
use facegrade::report::printed::{headline, items};
use facegrade::scores::{examine, ExamReport};
use facegrade::side::PerSide;
use std::path::PathBuf;

fn photos() -> std::collections::BTreeMap<facegrade::measure::Expression, image::RgbImage> {
    synthetic_exam_images(&mut engine(), &load_rgb(face("portrait_frontal_ai.jpg")), PerSide::new(0.2, 1.0))
}

fn report(photos: &std::collections::BTreeMap<facegrade::measure::Expression, image::RgbImage>) -> ExamReport {
    let mut engine = engine();
    let faces = photos.iter().map(|(v, p)| (*v, analyse(&mut engine, p))).collect();
    examine(&faces, None, None).expect("the exam is measurable")
}

fn write(name: &str, pdf: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("facegrade-pdf-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// The line of a table row: it starts with the label's first words and ends with the value.
fn has_row(text: &str, label: &str, value: &str) -> bool {
    let start: String = label.split(' ').take(3).collect::<Vec<_>>().join(" ");
    text.lines().any(|l| l.starts_with(&start) && l.ends_with(&format!(" {value}")))
}

#[test]
fn the_report_pdf_reads_back_with_its_scores_items_and_notice() {
    let photos = photos();
    let report = report(&photos);
    let context = PdfContext { pseudonym: Some("Müller–P±7 — ≥".into()), taken: Some("2026-12-06T09:30:00Z".into()), facegrade_version: "test".into(), pictures: vec![], ..Default::default() };
    let started = std::time::Instant::now();
    let pdf = exam_pdf(&report, &context);
    println!("report PDF: {} bytes, made in {:.2} ms", pdf.len(), started.elapsed().as_secs_f64() * 1e3);
    assert!(pdf.starts_with(b"%PDF-1.4\n"));
    let path = write("plain", &pdf);
    let text = pdf_text(&path);
    let flowing = text.split_whitespace().collect::<Vec<_>>().join(" ");
    println!("{text}");
    assert!(flowing.contains(&report.scores.notice), "the notice, whole: measurements, not a diagnosis");
    assert!(flowing.contains("measurements from face landmarks, not a diagnosis"));
    // WinAnsi keeps the umlaut, en and em dash and plus-minus; "≥" is written out.
    assert!(text.contains("Patient code: Müller–P±7 — >="), "{text}");
    assert!(flowing.contains(&report.scores.eye_safety.lagophthalmos.statement));
    let rows = headline(&report, Lang::En);
    for key in ["eface_total", "sunnybrook_composite", "house_brackmann_estimate", "yanagihara_total"] {
        let (_, label, value) = rows.iter().find(|r| r.0 == key).unwrap_or_else(|| panic!("{key} in the headline"));
        assert!(has_row(&text, label, value), "{key}: {label} = {value}");
    }
    assert!(report.scores.auto_eface.total.is_some(), "a full exam has its auto-eFACE total");
    for (scale, item, value, _) in items(&report, Lang::En) {
        assert!(text.lines().any(|l| l.starts_with(&scale) && l.contains(&format!("{item} {value}"))) || flowing.contains(&item), "{scale} {item} {value}");
    }
    assert!(pdf_images(&path).is_empty(), "no pictures unless asked for");
    std::fs::remove_file(path).ok();
}

#[test]
fn the_views_pictures_go_in_as_jpegs_only_when_given() {
    let photos = photos();
    let report = report(&photos);
    let pictures: Vec<_> = photos.iter().take(2).map(|(view, photo)| picture(photo, &format!("{} view", view.code())).unwrap()).collect();
    let sizes: Vec<(u32, u32)> = pictures.iter().map(|p| (p.jpeg.width, p.jpeg.height)).collect();
    let (w, h) = photos.values().next().map(|p| p.dimensions()).unwrap();
    assert!(sizes.iter().all(|&(pw, ph)| pw.max(ph) <= 800 && (pw as f32 / ph as f32 - w as f32 / h as f32).abs() < 0.02), "scaled, same shape: {sizes:?} from {w}x{h}");
    let with = exam_pdf(&report, &PdfContext { pictures, facegrade_version: "test".into(), ..Default::default() });
    let without = exam_pdf(&report, &PdfContext { facegrade_version: "test".into(), ..Default::default() });
    println!("report PDF with {} pictures: {} bytes, without: {} bytes", sizes.len(), with.len(), without.len());
    let path = write("pictures", &with);
    let images = pdf_images(&path);
    assert_eq!(images.iter().map(|i| (i.0, i.1)).collect::<Vec<_>>(), sizes);
    assert!(images.iter().all(|i| i.2 == "rgb" && i.3 == "jpeg"), "{images:?}");
    assert!(pdf_text(&path).contains("rest view"), "the caption");
    assert!(with.len() > without.len() + 10_000);
    std::fs::remove_file(path).ok();
}

#[test]
fn the_clinician_s_grades_audit_and_context_are_in_the_pdf_as_on_the_page() {
    use facegrade::clinician::context::{Cause, ClinicalContext};
    use facegrade::clinician::{ClinicianGrade, GradedItem};
    let report = report(&photos());
    let suggested = facegrade::clinician::grades::suggestion(&report.scores, GradedItem::HouseBrackmann);
    let grade = ClinicianGrade { item: GradedItem::HouseBrackmann, suggested, clinician_value: 4.0, reason: Some("incomplete closure seen in clinic".into()), by: "Dr Test".into(), at: "2026-12-06T10:00:00Z".into() };
    let context = ClinicalContext { cause: Some(Cause::Bells), onset: Some("2026-11-20".into()), note: "Second visit".into(), ..Default::default() };
    let pdf = exam_pdf(&report, &PdfContext { facegrade_version: "test".into(), clinician_grades: vec![grade.clone()], clinical_context: context, ..Default::default() });
    let path = write("graded", &pdf);
    let flowing = pdf_text(&path).split_whitespace().collect::<Vec<_>>().join(" ");
    std::fs::remove_file(path).ok();
    assert!(flowing.contains("The clinician's grades") && flowing.contains(&grade.audit_line()), "{flowing}");
    let graded = ExamReport { scores: facegrade::clinician::final_scores(&report.scores, &[grade]), ..report.clone() };
    let (_, label, value) = headline(&graded, Lang::En).into_iter().find(|r| r.0 == "house_brackmann_estimate").unwrap();
    assert!(flowing.contains(&format!("{label} {value}")), "the clinician's House-Brackmann {value} in the recomputed scores");
    assert!(flowing.contains("Cause: ") && flowing.contains("Onset: 2026-11-20") && flowing.contains("Note: Second visit"));
    // Without grades or context, neither section.
    let plain = write("ungraded", &exam_pdf(&report, &PdfContext { facegrade_version: "test".into(), ..Default::default() }));
    let text = pdf_text(&plain);
    std::fs::remove_file(plain).ok();
    assert!(!text.contains("The clinician's grades") && !text.contains("Clinical context"));
}
