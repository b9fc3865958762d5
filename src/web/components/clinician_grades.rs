//! The clinician's grades in the report: each scored item's suggestion with accept or
//! change (a value on the item's scale) and an optional reason; the totals recomputed from
//! the clinician's values; the audit list (who changed what, when). The clinician's name
//! is kept in this browser's settings.

use crate::exam::export::headline;
use crate::exam::grading::{clinician_name, final_report, record_grade, set_clinician_name};
use crate::exam::ExamState;
use crate::i18n::{words, lang, say, t};
use facegrade::i18n::{Msg, Said};
use facegrade::clinician::grades::{current, suggestion};
use facegrade::clinician::{ClinicianGrade, GradedItem};
use facegrade::scores::ExamReport;
use crate::ui_text::{grade_reason_label, grade_value_label};
use leptos::prelude::*;

#[component]
pub fn ClinicianGrades() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let name = RwSignal::new(clinician_name());
    let error = RwSignal::new(None::<Said>);
    let grades = Memo::new(move |_| exam.record.with(|r| r.as_ref().map(|r| r.clinician_grades.clone()).unwrap_or_default()));
    let totals = move || {
        exam.result.with(|r| r.as_ref().map(|r| final_report(r, &grades.get()))).map(|r| {
            headline(&r, crate::i18n::lang()).into_iter().map(|(key, label, value)| view! { <tr><th>{label}</th><td data-final-score=key>{value}</td></tr> }).collect_view()
        })
    };
    view! {
        <section id="clinician-grades" data-graded=move || grades.with(|g| current(g).len()).to_string()>
            <h3>{words(Msg::GradesHeading)}</h3>
            <p class="hint">{words(Msg::GradesHint)}</p>
            <label>{words(Msg::ClinicianNameLabel)}
                <input type="text" data-action="clinician-name" maxlength="60" prop:value=move || name.get()
                    on:change=move |ev| { let v = event_target_value(&ev); set_clinician_name(&v); name.set(v.trim().to_string()); } />
            </label>
            <p id="grade-error" class="error" class:hidden=move || error.get().is_none()>{move || error.get().map(|e| say(&e)).unwrap_or_default()}</p>
            <table id="clinician-totals"><caption>{words(Msg::GradesTotalsCaption)}</caption>{totals}</table>
            <table id="grade-items">
                <thead><tr>{move || [Msg::GradesScale, Msg::GradesItem, Msg::GradesSuggested, Msg::GradesClinicianValue, Msg::GradesGrade, Msg::GradesReason].map(|m| view! { <th>{t(m)}</th> })}<th></th></tr></thead>
                <tbody>{move || exam.result.with(|r| r.as_ref().map(|r| GradedItem::all().into_iter().map(|item| row(r, item, grades, error)).collect_view()))}</tbody>
            </table>
            <h4>{words(Msg::GradesAudit)}</h4>
            <ol id="grade-audit">
                {move || { let lang = lang(); grades.get().into_iter().map(|g| view! { <li data-grade-item=g.item.code()>{g.audit_line_in(lang)}</li> }).collect_view() }}
            </ol>
        </section>
    }
}

/// The control for a value on the item's scale: a number for auto-eFACE (0-100), a
/// choice of the grades otherwise.
fn value_control(item: GradedItem, value: RwSignal<String>) -> AnyView {
    let allowed = item.allowed();
    let label = move || grade_value_label(item.scale(), &item.label_in(lang()));
    if !allowed.whole {
        return view! {
            <input type="number" data-action="grade-value" aria-label=label min=allowed.min max=allowed.max step="1" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        }
        .into_any();
    }
    let choices: Vec<f32> = (allowed.min as u8..=allowed.max as u8).map(f32::from).collect();
    view! {
        <select data-action="grade-value" aria-label=label on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="" prop:selected=move || value.get().is_empty()>"-"</option>
            {choices.into_iter().map(|v| {
                let code = format!("{v:.0}");
                let selected = code.clone();
                view! { <option value=code prop:selected=move || value.get() == selected>{item.format(v)}</option> }
            }).collect_view()}
        </select>
    }
    .into_any()
}

fn row(report: &ExamReport, item: GradedItem, grades: Memo<Vec<ClinicianGrade>>, error: RwSignal<Option<Said>>) -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let suggested = suggestion(&report.scores, item);
    let now = move || grades.with(|g| current(g).get(&item).map(|g| g.clinician_value));
    // The control starts at the current value (untracked: a grade does not redraw the rows).
    let start = grades.with_untracked(|g| current(g).get(&item).map(|g| g.clinician_value)).or(suggested).map_or(String::new(), |v| if item.allowed().whole { format!("{v:.0}") } else { format!("{v:.1}") });
    let value = RwSignal::new(start);
    let reason = RwSignal::new(String::new());
    let keep = move |v: Option<f32>| {
        let result = v.ok_or_else(|| Said::new(Msg::GradeChooseFirst).with("item", item.code())).and_then(|v| record_grade(exam, item, v, &reason.get_untracked()));
        if result.is_ok() {
            reason.set(String::new());
        }
        error.set(result.err());
    };
    view! {
        <tr data-grade-item=item.code() data-changed=move || if now().is_some_and(|v| Some(v) != suggested) { "yes" } else { "no" }>
            <td>{item.scale()}</td>
            <td>{move || item.label_in(lang())}</td>
            <td data-suggested=suggested.map_or(String::new(), |v| v.to_string())>{move || suggested.map_or(t(Msg::NotMeasured).to_string(), |v| item.format(v))}</td>
            <td data-clinician-value=move || now().map_or(String::new(), |v| v.to_string())>{move || now().map_or("-".to_string(), |v| item.format(v))}</td>
            <td>{value_control(item, value)}</td>
            <td><input type="text" data-action="grade-reason" aria-label=move || grade_reason_label(item.scale(), &item.label_in(lang())) maxlength="500" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) /></td>
            <td>
                <button data-action="accept-grade" prop:disabled=suggested.is_none() on:click=move |_| keep(suggested)>{words(Msg::GradeAccept)}</button>
                <button data-action="set-grade" on:click=move |_| keep(value.get_untracked().trim().parse::<f32>().ok())>{words(Msg::GradeSet)}</button>
            </td>
        </tr>
    }
}
