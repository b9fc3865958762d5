//! Saved exams (on this device only): the pseudonym, the list with open, rename, delete and
//! compare, the whole store exported or imported, a patient's trend and the before/after
//! comparison of two ticked exams.

use super::charts::TrendChart;
use crate::exam::run::open;
use crate::exam::saving::{delete, describe_record, export_store, import_store, rename};
use crate::exam::ExamState;
use crate::i18n::{words, lang, say, t};
use crate::live::Analysis;
use crate::storage_space::Space;
use crate::store::ExamRecord;
use crate::trends::{compare, metrics};
use facegrade::i18n::{fill, Lang, Msg};
use facegrade::measure::uncertainty::ChangeVerdict;
use leptos::prelude::*;

#[component]
pub fn History() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    // Exams ticked for the before/after comparison (at most two).
    let compared = RwSignal::new(Vec::<String>::new());
    let trend_metric = RwSignal::new("eface_total".to_string());
    view! {
        <section id="history">
            <h2>{words(Msg::HistoryHeading)}</h2>
            <label>{words(Msg::PseudonymLabel)}
                <input type="text" data-action="pseudonym" maxlength="60" prop:value=move || exam.pseudonym.get()
                    on:input=move |ev| exam.pseudonym.set(event_target_value(&ev)) />
            </label>
            <p class="hint">{words(Msg::PseudonymHint)}</p>
            <div class="controls">
                <button data-action="export-store" on:click=move |_| export_store(exam)>{words(Msg::ExportStore)}</button>
                <label>{words(Msg::ImportStoreLabel)}
                    <input type="file" accept=".json,application/json" data-action="import-store" on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(file) = input.files().and_then(|f| f.get(0)) {
                            import_store(exam, file);
                        }
                        input.set_value("");
                    } />
                </label>
            </div>
            <StorageLine />
            <p id="store-note" class:hidden=move || exam.store_note.get().is_none()>{move || exam.store_note.get().unwrap_or_default()}</p>
            <p id="store-error" class="error" class:hidden=move || exam.store_error.get().is_none()>{move || exam.store_error.get().map(|e| say(&e)).unwrap_or_default()}</p>
            <ul id="exam-history">
                <For each=move || exam.history.get() key=|r| (r.id.clone(), r.updated_ms.to_bits(), r.pseudonym.clone()) children=move |r| saved_exam(r, compared) />
            </ul>
            <section id="trends">
                <h3>{words(Msg::TrendsHeading)}</h3>
                <label>{words(Msg::TrendShow)}
                    <select data-action="trend-metric" on:change=move |ev| trend_metric.set(event_target_value(&ev))>
                        {move || metrics(lang()).into_iter().map(|(key, label)| {
                            let picked = key.clone();
                            view! { <option value=key prop:selected=move || trend_metric.get() == picked>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <TrendChart metric=trend_metric />
                <p class="hint">{words(Msg::TrendHint)}</p>
            </section>
            <Comparison compared=compared />
        </section>
    }
}

/// The space saved exams take and whether the browser keeps them persistently.
#[component]
fn StorageLine() -> impl IntoView {
    let storage = expect_context::<ExamState>().storage;
    let space = storage.space;
    let number = move |f: fn(&Space) -> f64| move || space.get().map(|s| format!("{:.0}", f(&s))).unwrap_or_default();
    view! {
        <p id="storage-space" class="hint" data-usage=number(|s| s.usage) data-quota=number(|s| s.quota)
            data-exam-bytes=number(|s| s.exams) data-picture-bytes=number(|s| s.pictures)
            class:hidden=move || space.get().is_none()>{move || space.get().map(|s| s.describe(lang())).unwrap_or_default()}</p>
        <p id="storage-persistence" class="hint" data-persist=move || storage.persistence.get().code()>{move || storage.persistence.get().explain(lang())}</p>
        <p id="storage-error" class="error" class:hidden=move || storage.error.get().is_none()>
            {move || storage.error.get().map(|e| fill(Msg::StorageError, lang(), &[("error", &say(&e))])).unwrap_or_default()}
        </p>
    }
}

/// One saved exam in the list.
fn saved_exam(r: ExamRecord, compared: RwSignal<Vec<String>>) -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let analysis = expect_context::<Analysis>();
    let id = r.id.clone();
    let line = describe_record(&r);
    let scored = if r.result.is_some() { "yes" } else { "no" };
    let (open_id, rename_id, delete_id, confirm_id, ticked_id, tick_id) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    view! {
        <li data-exam-id=id data-scored=scored>
            {line}" "
            <button data-action="open-exam" prop:disabled=move || exam.phase.get().running() on:click=move |_| open(exam, analysis, &open_id)>{words(Msg::OpenExam)}</button>
            <button data-action="rename-exam" on:click=move |_| rename(exam, rename_id.clone())>{words(Msg::RenameExam)}</button>
            <button data-action="delete-exam" on:click=move |_| delete(exam, delete_id.clone())>
                {move || if exam.confirm_delete.get().as_deref() == Some(confirm_id.as_str()) { t(Msg::DeleteAgain) } else { t(Msg::DeleteExam) }}
            </button>
            <label><input type="checkbox" data-action="compare-exam" prop:checked=move || compared.get().contains(&ticked_id)
                on:change=move |ev| tick(compared, &tick_id, event_target_checked(&ev)) />{words(Msg::CompareExam)}</label>
        </li>
    }
}

/// Ticks or unticks an exam for the comparison; a third tick replaces the oldest.
fn tick(compared: RwSignal<Vec<String>>, id: &str, on: bool) {
    compared.update(|c| {
        c.retain(|x| x != id);
        if on {
            c.push(id.to_string());
            if c.len() > 2 {
                c.remove(0);
            }
        }
    });
}

/// A change's verdict as (the `data-real-change` hook: yes, no or unknown; the words in
/// `lang`). How a change is judged is [`Msg::MdcRule`].
pub fn change_words(verdict: Option<ChangeVerdict>, lang: Lang) -> (&'static str, String) {
    match verdict {
        Some(v) if v.exceeds_error => ("yes", fill(Msg::ChangeBeyond, lang, &[("mdc", &format!("{:.1}", v.mdc95))])),
        Some(v) => ("no", fill(Msg::ChangeWithin, lang, &[("mdc", &format!("{:.1}", v.mdc95))])),
        None => ("unknown", "-".to_string()),
    }
}

/// Two ticked exams side by side, the earlier first, with the change.
#[component]
fn Comparison(compared: RwSignal<Vec<String>>) -> impl IntoView {
    let exam = expect_context::<ExamState>();
    move || {
        let ids = compared.get();
        let lang = lang();
        let history = exam.history.get();
        let find = |id: &String| history.iter().find(|r| &r.id == id);
        let (Some(a), Some(b)) = (ids.first().and_then(find), ids.get(1).and_then(find)) else {
            return view! { <p id="comparison-hint" class="hint">{t(Msg::CompareHint)}</p> }.into_any();
        };
        let (first, second, rows) = compare(a, b, lang);
        let label = |id: &str| history.iter().find(|r| r.id == id).map(describe_record).unwrap_or_default();
        let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.1}"));
        view! {
            <table id="comparison" data-before=first.clone() data-after=second.clone()>
                <caption>{fill(Msg::CompareCaption, lang, &[("before", &label(&first)), ("after", &label(&second))])}</caption>
                <thead><tr><th>{t(Msg::CompareMeasure)}</th><th>{t(Msg::CompareBefore)}</th><th>{t(Msg::CompareAfter)}</th><th>{t(Msg::CompareChange)}</th><th>{t(Msg::CompareBeyondError)}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let change = r.change().map_or("-".to_string(), |c| format!("{c:+.1}"));
                        let (real, words) = change_words(r.verdict, lang);
                        view! { <tr data-compare=r.key.clone()><th>{r.label.clone()}</th><td>{f(r.before)}</td><td>{f(r.after)}</td><td>{change}</td><td data-real-change=real>{words}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{t(Msg::MdcRule)}</p>
        }.into_any()
    }
}
