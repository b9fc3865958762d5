//! Agreement across the exams saved on this device: FaceGrade's suggestions against the
//! clinician's final values (per score item), and the model's landmarks against the
//! clinician's corrections (per measurement). The exams go to the core as the file
//! `facegrade agreement` reads (each as "Export JSON" writes it), so the page and the
//! command line compute the same; the results are text tables.

use crate::exam::export::exam_json;
use crate::i18n::{words, lang, say, t};
use crate::store::{self, ExamRecord};
use facegrade::agreement::{exams, over_exams, AgreementReport};
use facegrade::i18n::{Msg, Said};
use facegrade::report::agreement::{bland_altman_words_in, grade_words_in, icc_words_in, SECTIONS};
use leptos::prelude::*;

/// The fewest exams a statistic is computed over (ICC and Bland-Altman need two pairs).
const FEWEST_EXAMS: usize = 2;

/// The saved exams as the exported exams file, then the core's agreement over them.
fn agreement_over(records: &[ExamRecord]) -> Result<AgreementReport, Said> {
    let exported: Vec<String> = records.iter().filter_map(|r| exam_json(r, &r.report()?)).collect();
    let parsed = exams::parse(&format!("[{}]", exported.join(","))).map_err(|e| Said::new(Msg::AgreementNotComparable).with("error", e.to_string()))?;
    Ok(over_exams(&parsed))
}

/// Why there is nothing to show yet, if so.
fn not_enough(report: &AgreementReport) -> Option<Said> {
    let (fewest, count) = (FEWEST_EXAMS.to_string(), report.exams.to_string());
    if report.exams < FEWEST_EXAMS {
        let msg = if report.exams == 1 { Msg::AgreementTooFewOne } else { Msg::AgreementTooFew };
        return Some(Said::new(msg).with("fewest", fewest).with("count", count));
    }
    report.series.iter().all(|s| s.pairs < FEWEST_EXAMS).then(|| Said::new(Msg::AgreementNoPairs).with("fewest", fewest).with("count", count))
}

fn tables(report: AgreementReport) -> impl IntoView {
    SECTIONS
        .into_iter()
        .map(|(compared, title)| {
            let rows: Vec<_> = report.series.iter().filter(|s| s.compared == compared).cloned().collect();
            let empty = rows.is_empty();
            view! {
                <table class="agreement-table" data-compared=format!("{compared:?}")>
                    <caption>{move || t(title)}</caption>
                    <thead><tr><th>{words(Msg::AgreementItem)}</th><th>{words(Msg::AgreementExams)}</th><th>"ICC(2,1)"</th><th>"Bland-Altman"</th><th>{words(Msg::AgreementGrades)}</th></tr></thead>
                    <tbody>
                        {empty.then(|| view! { <tr><td colspan="5">{words(Msg::AgreementNone)}</td></tr> })}
                        {rows.into_iter().map(|s| view! {
                            <tr data-series=s.name.clone()>
                                <th scope="row" lang="en">{s.name.clone()}</th>
                                <td data-pairs=s.pairs.to_string()>{s.pairs}</td>
                                <td>{icc_words_in(&s, lang())}</td>
                                <td>{bland_altman_words_in(&s, lang())}</td>
                                <td>{grade_words_in(&s, lang()).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
}

/// Reads the saved exams whole (the page's list leaves their faces out, and corrected
/// views are measured again from them), then computes.
fn compute(result: RwSignal<Option<Result<AgreementReport, Said>>>) {
    leptos::task::spawn_local(async move {
        let all = store::load_all().await.map_err(|e| Said::new(Msg::AgreementUnreadable).with("error", e));
        result.set(Some(all.and_then(|exams| agreement_over(&exams))));
    });
}

#[component]
pub fn Agreement() -> impl IntoView {
    // Computed when asked: every corrected exam is measured twice.
    let result = RwSignal::new(None::<Result<AgreementReport, Said>>);
    view! {
        <section id="agreement">
            <h2>{words(Msg::AgreementHeading)}</h2>
            <p class="hint">{words(Msg::AgreementHint)}</p>
            <button data-action="compute-agreement" on:click=move |_| compute(result)>{words(Msg::ComputeAgreement)}</button>
            {move || result.get().map(|r| match r {
                Err(e) => view! { <p class="error" id="agreement-message" role="alert">{say(&e)}</p> }.into_any(),
                Ok(report) => {
                    let message = not_enough(&report);
                    let notes = report.notes.clone();
                    let no_notes = notes.is_empty();
                    view! {
                        <p id="agreement-summary" data-exams=report.exams.to_string()>{say(&Said::new(Msg::AgreementOver).with("count", report.exams.to_string()))}</p>
                        <p id="agreement-message" class="hint" role="status" class:hidden=message.is_none()>{message.as_ref().map(say).unwrap_or_default()}</p>
                        {tables(report.clone())}
                        <p class="rule">{move || if report.method == facegrade::agreement::method_in(facegrade::i18n::Lang::En) { facegrade::agreement::method_in(lang()).to_string() } else { report.method.clone() }}</p>
                        <ul id="agreement-notes" lang="en" class:hidden=no_notes>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    }.into_any()
                }
            })}
        </section>
    }
}
