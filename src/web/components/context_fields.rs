//! The facial nerve record's context: cause, onset date, phase, treatments with dates and
//! a free-text note, all optional, kept with the exam on this device (and in its exports).
//! One treatment of each kind, with its date.

use crate::exam::grading::set_context;
use crate::exam::ExamState;
use crate::i18n::{words, lang, say};
use facegrade::i18n::{Lang, Msg, Said};
use facegrade::clinician::context::{Cause, Phase, Treatment, TreatmentKind};
use facegrade::clinician::ClinicalContext;
use crate::ui_text::treatment_date_label;
use leptos::prelude::*;

/// A select of an optional field: "not stated" or one of `options` (value, code, words in
/// a language).
fn choice<T: Copy + PartialEq + Send + Sync + 'static>(
    action: &'static str,
    context: Memo<ClinicalContext>,
    change: impl Fn(Box<dyn FnOnce(&mut ClinicalContext)>) + Copy + 'static,
    options: Vec<(T, &'static str, fn(T, Lang) -> &'static str)>,
    get: fn(&ClinicalContext) -> Option<T>,
    set: fn(&mut ClinicalContext, Option<T>),
) -> impl IntoView {
    let codes = options.clone();
    view! {
        <select data-action=action on:change=move |ev| {
            let code = event_target_value(&ev);
            let v = codes.iter().find(|(_, c, _)| *c == code).map(|(v, _, _)| *v);
            change(Box::new(move |c| set(c, v)));
        }>
            <option value="" prop:selected=move || context.with(|c| get(c).is_none())>{words(Msg::ContextNotStated)}</option>
            {options.into_iter().map(move |(v, code, words)| view! { <option value=code prop:selected=move || context.with(|c| get(c) == Some(v))>{move || words(v, lang())}</option> }).collect_view()}
        </select>
    }
}

#[component]
pub fn ContextFields() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let error = RwSignal::new(None::<Said>);
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
                    } />{move || format!(" {}", kind.words_in(lang()))}</label>
                {words(Msg::ContextTreatmentOn)}<input type="date" data-action="context-treatment-date" aria-label=move || treatment_date_label(kind.words_in(lang())) prop:value=move || given().and_then(|t| t.date).unwrap_or_default()
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
            <h3>{words(Msg::ContextHeading)}</h3>
            <p class="hint">{words(Msg::ContextHint)}</p>
            <label>{words(Msg::ContextCause)} {choice("context-cause", context, change, Cause::ALL.map(|c| (c, c.code(), Cause::words_in as fn(Cause, Lang) -> &'static str)).to_vec(), |c| c.cause, |c, v| c.cause = v)}</label>
            <label>{words(Msg::ContextOnset)}
                <input type="date" data-action="context-onset" prop:value=move || context.with(|c| c.onset.clone().unwrap_or_default())
                    on:change=move |ev| { let d = date(event_target_value(&ev)); change(Box::new(move |c| c.onset = d)); } />
            </label>
            <label>{words(Msg::ContextPhase)} {choice("context-phase", context, change, Phase::ALL.map(|p| (p, p.code(), Phase::words_in as fn(Phase, Lang) -> &'static str)).to_vec(), |c| c.phase, |c, v| c.phase = v)}</label>
            <ul id="context-treatments">{TreatmentKind::ALL.map(treatment).collect_view()}</ul>
            <label>{words(Msg::ContextNote)}
                <textarea data-action="context-note" maxlength="2000" prop:value=move || context.with(|c| c.note.clone())
                    on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.note = v)); }></textarea>
            </label>
            <p id="context-error" class="error" class:hidden=move || error.get().is_none()>{move || error.get().map(|e| say(&e)).unwrap_or_default()}</p>
        </section>
    }
}
