//! The exam's progress, shown whatever section is open: step k of n and what to do now
//! (the countdown included, announced at once to screen readers), or how many views are
//! captured, with a way to the report once there is one.

use crate::exam::{ExamState, ViewStatus};
use crate::live::Live;
use crate::sections::{OpenSection, Section};
use crate::ui_text::{exam_step, exam_views_captured, open_report};
use leptos::prelude::*;

#[component]
pub fn ExamBar() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let open = expect_context::<OpenSection>();
    let live = expect_context::<Live>();
    let words = Memo::new(move |_| {
        let views = exam.views.get();
        let phase = exam.phase.get();
        match phase.view() {
            Some(view) => {
                let k = views.iter().position(|(v, _)| *v == view).map_or(1, |i| i + 1);
                exam_step(k, views.len(), &crate::i18n::say(&exam.prompt.get()))
            }
            None if phase.running() => crate::i18n::say(&exam.prompt.get()),
            None => exam_views_captured(views.iter().filter(|(_, s)| *s == ViewStatus::Captured).count(), views.len()),
        }
    });
    let no_report_link = move || exam.result.with(Option::is_none) || open.0.get() == Section::Report || live.patient_mode.get();
    view! {
        <div id="exam-bar" class="exam-bar" hidden=move || exam.views.with(Vec::is_empty) data-exam-state=move || exam.state_code()>
            <p id="exam-bar-text" aria-live="assertive" aria-atomic="true">{move || words.get()}</p>
            <button type="button" data-action="show-report" hidden=no_report_link on:click=move |_| open.show(Section::Report)>{open_report}</button>
        </div>
    }
}
