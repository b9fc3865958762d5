//! The guided exam section: the controls, the current instruction, each view with its
//! status (retake, review), the keyboard shortcuts, then the review panel (the report is
//! its own section).

use super::review::Review;
use crate::editor::Editor;
use crate::exam::run::{self, request_scores};
use crate::exam::{affected_side, ExamPhase, ExamState, Skip, ViewStatus};
use crate::live::{Analysis, IrisModelState, Live, PagePhase};
use facegrade::measure::Expression;
use crate::i18n::{words, lang, say, t};
use facegrade::i18n::Msg;
use leptos::prelude::*;

#[component]
pub fn Exam() -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let live = expect_context::<Live>();
    let analysis = expect_context::<Analysis>();
    let speech_note = RwSignal::new(None::<facegrade::i18n::Said>);
    let counting_down = move || matches!(exam.phase.get(), ExamPhase::Countdown(_));
    let running = move || exam.phase.get().running();
    view! {
        <section id="exam" data-exam-state=move || exam.state_code()>
            <h2>{words(Msg::GuidedExam)}</h2>
            <p class="hint">{words(Msg::ExamHint)}</p>
            // The pseudonym the exam is saved under, here too so a clinician names the
            // exam before starting it (the same field as in Saved exams; patients' own
            // exams need none).
            <label class:hidden=move || live.patient_mode.get()>{words(Msg::PseudonymLabel)}
                <input type="text" data-action="exam-pseudonym" maxlength="60" prop:value=move || exam.pseudonym.get()
                    on:input=move |ev| exam.pseudonym.set(event_target_value(&ev)) />
            </label>
            <div class="controls">
                <button data-action="start-exam" on:click=move |_| run::start(exam, analysis, live.running())
                    // The views are measured in millimetres: they wait for the iris model.
                    prop:disabled=move || running() || live.phase.get() != PagePhase::Running || !live.iris_model.with(IrisModelState::is_ready)>{words(Msg::StartExam)}</button>
                <button data-action="stop-exam" on:click=move |_| run::stop(exam)
                    prop:disabled=move || !running()>{words(Msg::StopExam)}</button>
                <button data-action="finish-exam" on:click=move |_| {
                    exam.prompt.set(Msg::ScoringCaptured.into());
                    request_scores(exam, analysis);
                } prop:disabled=move || running() || !exam.views.get().iter().any(|(_, s)| *s == ViewStatus::Captured)>{words(Msg::ScoreCaptured)}</button>
                <button data-action="capture" prop:disabled=move || !counting_down()
                    on:click=move |_| exam.skip.set_value(Some(Skip::CaptureNow))>{words(Msg::CaptureNow)}</button>
                <button data-action="next-view" prop:disabled=move || !counting_down()
                    on:click=move |_| exam.skip.set_value(Some(Skip::NextView))>{words(Msg::SkipView)}</button>
                <label><input type="checkbox" data-action="include-snarl" on:change=move |ev| exam.include_snarl.set(event_target_checked(&ev)) />{words(Msg::IncludeSnarl)}</label>
                <label title=words(Msg::YanagiharaTitle)>
                    <input type="checkbox" data-action="include-yanagihara" on:change=move |ev| exam.include_yanagihara.set(event_target_checked(&ev)) />{words(Msg::IncludeYanagihara)}</label>
                <label><input type="checkbox" data-action="speak-prompts" on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    exam.speak.set(on);
                    speech_note.set(if on { crate::speech::available(lang()).err() } else { None });
                } />{words(Msg::SpeakInstructions)}</label>
                <label>{words(Msg::AffectedSideLabel)}
                    <select data-action="affected-side" on:change=move |ev| exam.affected.set(affected_side(&event_target_value(&ev)))>
                        <option value="auto">{words(Msg::FindFromExam)}</option>
                        <option value="left">{words(Msg::SideLeft)}</option>
                        <option value="right">{words(Msg::SideRight)}</option>
                    </select>
                </label>
            </div>
            <p id="exam-prompt" class="prompt" data-current-view=move || exam.phase.get().view().map(|e| e.code()).unwrap_or("")>{move || say(&exam.prompt.get())}</p>
            <p id="exam-error" class="error" class:hidden=move || exam.error.get().is_none()>{move || exam.error.get().map(|e| say(&e)).unwrap_or_default()}</p>
            <p id="speech-note" class="hint" class:hidden=move || speech_note.get().is_none()>{move || speech_note.get().map(|n| say(&n)).unwrap_or_default()}</p>
            <ol id="exam-views">
                <For each=move || exam.views.get() key=|(view, status)| (*view, status.clone()) children=move |(view, status)| view_line(view, status) />
            </ol>
            <p id="shortcuts" class="hint">{crate::ui_text::shortcuts}</p>
            <Review />
        </section>
    }
}

/// One view of the exam: its status, retake, and review once captured.
fn view_line(view: Expression, status: ViewStatus) -> impl IntoView {
    let exam = expect_context::<ExamState>();
    let live = expect_context::<Live>();
    let analysis = expect_context::<Analysis>();
    let editor = expect_context::<Editor>();
    let code = status.code_and_words().0;
    let label = { let status = status.clone(); move || status.code_and_words().1 };
    let corrected = Memo::new(move |_| exam.record.with(|r| r.as_ref().is_some_and(|r| r.corrections.contains_key(view.code()))));
    let running = move || exam.phase.get().running();
    view! {
        <li data-view=view.code() data-view-status=code data-corrected=move || if corrected.get() { "yes" } else { "no" }>
            {move || view.name(lang())}": "{label}{move || if corrected.get() { t(Msg::LandmarksCorrected) } else { "" }}" "
            <button data-action="retake" data-view=view.code() prop:disabled=running
                on:click=move |_| run::run(exam, analysis, live.running(), vec![view])>{words(Msg::Retake)}</button>
            <button data-action="review-view" data-view=view.code() class:hidden=code != "captured" prop:disabled=running
                on:click=move |_| crate::editor::open(editor, exam, view.code())>{words(Msg::ReviewLandmarks)}</button>
        </li>
    }
}
