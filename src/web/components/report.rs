//! The exam report: eye safety first, the affected side, the headline scores, the items by
//! region as bars, every item with its rule or reason, exports (the PDF made on this
//! device, `exam/pdf.rs`) and printing, and the
//! views' pictures when asked for (off by default: a printed report may travel).

use super::charts::RegionBars;
use super::clinician_grades::ClinicianGrades;
use super::context_fields::ContextFields;
use super::eye_safety::EyeSafety;
use super::measurement_table::MeasurementTable;
use crate::exam::export::{download, exam_json, headline, items};
use crate::exam::fhir_export::{fhir_json, ModelChecksums};
use crate::exam::saving::picture_urls;
use crate::exam::ExamState;
use facegrade::scores::ExamReport;
use crate::i18n::{words, lang, t};
use facegrade::i18n::{fill, Lang, Msg};
use facegrade::scores::affected_side::DecidedBy;
use leptos::prelude::*;

#[component]
pub fn Report() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let checksums = expect_context::<ModelChecksums>();
    let show_pictures = RwSignal::new(false);
    let picture_urls_now = RwSignal::new(Vec::<(String, String)>::new());
    // The pictures follow the switch and the exam's views.
    Effect::new(move |_| {
        exam.generation.track();
        let on = show_pictures.get();
        for (_, url) in picture_urls_now.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        picture_urls_now.set(Vec::new());
        if on {
            leptos::task::spawn_local(async move { picture_urls_now.set(picture_urls(exam).await) });
        }
    });
    view! {
        <section id="exam-report" class:hidden=move || exam.result.with(Option::is_none)>
            <h2>{words(Msg::ExamReportHeading)}</h2>
            <p class="disclaimer" id="intended-purpose">{move || format!("{} {}", t(Msg::IntendedPurpose), t(Msg::NotADiagnosis))}</p>
            {move || exam.result.get().map(|r| findings(r, lang()))}
            <ClinicianGrades />
            <ContextFields />
            <div class="controls">
                <label><input type="checkbox" data-action="include-pictures" prop:checked=move || show_pictures.get()
                    on:change=move |ev| show_pictures.set(event_target_checked(&ev)) />{words(Msg::ShowPictures)}</label>
                <button data-action="export-json" on:click=move |_| {
                    let json = exam.result.with_untracked(|report| exam.record.with_untracked(|record| exam_json(record.as_ref()?, report.as_ref()?)));
                    if let Some(json) = json {
                        download("facegrade-exam.json", "application/json", &json);
                    }
                }>{words(Msg::ExportJson)}</button>
                <button data-action="export-csv" on:click=move |_| {
                    if let Some(csv) = exam.result.with_untracked(|r| r.as_ref().map(facegrade::report::exam::csv)) {
                        download("facegrade-exam.csv", "text/csv", &csv);
                    }
                }>{words(Msg::ExportCsv)}</button>
                <button data-action="export-fhir" on:click=move |_| {
                    let models = checksums.0.get_value();
                    let json = exam.result.with_untracked(|report| exam.record.with_untracked(|record| fhir_json(record.as_ref()?, report.as_ref()?, models)));
                    if let Some(json) = json {
                        download("facegrade-exam.fhir.json", "application/fhir+json", &json);
                    }
                }>{words(Msg::ExportFhir)}</button>
                <button data-action="save-pdf" on:click=move |_| crate::exam::pdf::save_pdf(exam, show_pictures.get_untracked())>{words(Msg::SavePdf)}</button>
                <button data-action="print-report" on:click=move |_| if let Some(w) = web_sys::window() { let _ = w.print(); }>{words(Msg::PrintReport)}</button>
                <span id="pdf-language" class="hint" class:hidden=move || lang() != Lang::Ja>{words(Msg::PdfInEnglish)}</span>
            </div>
            <div id="report-pictures" class:hidden=move || !show_pictures.get()>
                <For each=move || picture_urls_now.get() key=|(view, url)| (view.clone(), url.clone()) children=|(view, url)| view! {
                    <figure data-picture-view=view.clone()><img src=url alt=picture_words(&view, Msg::PictureAlt) /><figcaption>{picture_words(&view, Msg::Verbatim)}</figcaption></figure>
                } />
            </div>
        </section>
    }
}

/// A view's picture named in the page's language ("brow raise view").
fn picture_words(code: &str, msg: Msg) -> String {
    let name = facegrade::measure::Expression::from_code(code).map_or(code.replace('_', " "), |v| v.name(lang()).to_string());
    fill(msg, lang(), &[("view", &name), ("text", &name)])
}

/// What the scored exam found, in report order, in `lang` (the scoring rules' statements,
/// item names, rules and reasons too, from the stored results through the table).
fn findings(r: ExamReport, lang: Lang) -> impl IntoView {
    let side = r.scores.affected_side.side;
    let decided = match r.scores.affected_side.decided_by {
        DecidedBy::User => Msg::DecidedByUser,
        DecidedBy::Measurements => Msg::DecidedByMeasurements,
        DecidedBy::Unclear => Msg::DecidedByUnclear,
    };
    let affected = fill(Msg::AffectedSideIs, lang, &[("side", side.word(lang)), ("decided", facegrade::i18n::text(decided, lang))]);
    let missing = r.scores.missing_views.iter().map(|v| v.name(lang)).collect::<Vec<_>>().join(", ");
    let not_captured = fill(Msg::ViewsNotCaptured, lang, &[("views", &missing)]);
    view! {
        <EyeSafety safety=r.scores.eye_safety.clone() lang=lang />
        <p id="affected-side" data-affected-side=side.name()>{affected}</p>
        <p class="hint" class:hidden=missing.is_empty()>{not_captured}</p>
        <table id="exam-scores">
            {headline(&r, lang).into_iter().map(|(key, label, value)| view! {
                <tr><th>{label}</th><td data-score=key>{value}</td></tr>
            }).collect_view()}
        </table>
        <RegionBars result=r.clone() />
        <table id="exam-items">
            <thead><tr><th>{t(Msg::ScaleHeader)}</th><th>{t(Msg::ItemHeader)}</th><th>{t(Msg::ValueHeader)}</th><th>{t(Msg::RuleHeader)}</th></tr></thead>
            <tbody>
                // The rows' hooks (data-item) are the English names, whatever the language.
                {items(&r, lang).into_iter().zip(items(&r, Lang::En)).map(|((scale, item, value, why), (_, key, _, _))| {
                    view! { <tr data-item=key><td>{scale}</td><td>{item}</td><td>{value}</td><td>{why}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
        <MeasurementTable result=r.clone() lang=lang />
    }
}
