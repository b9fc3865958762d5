//! The facial nerve record's context: cause, onset date, phase, treatments with dates and
//! a free-text note, all optional, kept with the exam on this device (and in its exports).
//! One treatment of each kind, with its date.

use crate::exam::grading::set_context;
use crate::exam::ExamState;
use facegrade::clinician::context::{Cause, Phase, Treatment, TreatmentKind};
use facegrade::clinician::ClinicalContext;
use leptos::prelude::*;

#[component]
pub fn ContextFields() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let error = RwSignal::new(None::<String>);
    let context = Memo::new(move |_| exam.record.with(|r| r.as_ref().map(|r| r.context.clone()).unwrap_or_default()));
    let change = move |f: Box<dyn FnOnce(&mut ClinicalContext)>| error.set(set_context(exam, f).err());
    let date = |v: String| Some(v.trim().to_string()).filter(|d| !d.is_empty());
    let treatment = move |kind: TreatmentKind| {
        let given = move || context.with(|c| c.treatments.iter().find(|t| t.kind == kind).cloned());
        view! {
            <li data-treatment=kind.code()>
                <label><input type="checkbox" data-action="context-treatment" prop:checked=move || given().is_some()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(Box::new(move |c| {
                            c.treatments.retain(|t| t.kind != kind);
                            if on { c.treatments.push(Treatment { kind, date: None }); }
                        }));
                    } />{format!(" {}", kind.words())}</label>
                " on "<input type="date" data-action="context-treatment-date" prop:value=move || given().and_then(|t| t.date).unwrap_or_default()
                    on:change=move |ev| {
                        let d = date(event_target_value(&ev));
                        change(Box::new(move |c| match c.treatments.iter_mut().find(|t| t.kind == kind) {
                            Some(t) => t.date = d,
                            None => c.treatments.push(Treatment { kind, date: d }),
                        }));
                    } />
            </li>
        }
    };
    view! {
        <section id="record-context">
            <h3>"Facial nerve record"</h3>
            <p class="hint">"All optional. Kept with this exam on this device and in its exports; nothing else about the patient is asked for."</p>
            <label>"Cause "
                <select data-action="context-cause" on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.cause = Cause::from_code(&v))); }>
                    <option value="" prop:selected=move || context.with(|c| c.cause.is_none())>"not stated"</option>
                    {Cause::ALL.map(|cause| view! { <option value=cause.code() prop:selected=move || context.with(|c| c.cause == Some(cause))>{cause.words()}</option> }).collect_view()}
                </select>
            </label>
            <label>" Onset "
                <input type="date" data-action="context-onset" prop:value=move || context.with(|c| c.onset.clone().unwrap_or_default())
                    on:change=move |ev| { let d = date(event_target_value(&ev)); change(Box::new(move |c| c.onset = d)); } />
            </label>
            <label>" Phase "
                <select data-action="context-phase" on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.phase = Phase::from_code(&v))); }>
                    <option value="" prop:selected=move || context.with(|c| c.phase.is_none())>"not stated"</option>
                    {Phase::ALL.map(|phase| view! { <option value=phase.code() prop:selected=move || context.with(|c| c.phase == Some(phase))>{phase.code()}</option> }).collect_view()}
                </select>
            </label>
            <ul id="context-treatments">{TreatmentKind::ALL.map(treatment).collect_view()}</ul>
            <label>"Note "
                <textarea data-action="context-note" maxlength="2000" prop:value=move || context.with(|c| c.note.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.note = v)); }></textarea>
            </label>
            <p id="context-error" class="error" class:hidden=move || error.get().is_none()>{move || error.get().unwrap_or_default()}</p>
        </section>
    }
}
