//! The exam's flow: each view with its instruction, a countdown, a capture window in which
//! the worker keeps the peak frame (furthest into the expression, passing the quality
//! gate), retake of any view, then the scores; a saved exam reopened and scored again.

use super::{captured, protocol, Captured, ExamPhase, ExamState, Skip, ViewStatus};
use crate::live::Analysis;
use crate::protocol::wire::Attachments;
use crate::protocol::{CaptureFailed, FromWorker, ToWorker};
use crate::store::{self, ExamRecord};
use facegrade::correction::LandmarkCorrections;
use facegrade::measure::Expression;
use facegrade::scores::ExamReport;
use facegrade::side::Side;
use crate::i18n::lang;
use facegrade::i18n::{Msg, Said};
use leptos::prelude::*;
use std::collections::BTreeMap;

const COUNTDOWN_S: u32 = 3;
const CAPTURE_WINDOW_MS: i32 = 2500;
/// How long to wait for the worker to analyse a captured still.
const CAPTURE_REPLY_TIMEOUT_MS: i32 = 30_000;

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The scored exam, or why there is none.
pub async fn scores(analysis: Analysis, affected: Option<Side>) -> Result<Box<ExamReport>, String> {
    let worker = analysis.client().ok_or("the analysis is not running")?;
    match worker.request(&ToWorker::ScoreExam { affected }, Attachments::default()).await? {
        (FromWorker::Exam(result), _) => result,
        _ => Err("the analysis answered out of turn".into()),
    }
}

/// Scores the views the worker holds, with the affected side as set on the page.
pub fn request_scores(exam: ExamState, analysis: Analysis) {
    let affected = exam.affected.get_untracked();
    leptos::task::spawn_local(async move { exam.on_scored(scores(analysis, affected).await) });
}

/// Waits while the run is held (`hold.rs`), saying why. False when the run was stopped.
async fn wait_while_held(exam: ExamState) -> bool {
    while let Some(hold) = exam.hold.get_untracked() {
        if !exam.running() {
            return false;
        }
        exam.prompt.set(Said::new(Msg::PausedBecause).with("why", hold.explain()));
        sleep(200).await;
    }
    exam.running()
}

/// Sleeps `ms` in tenths of a second; false as soon as the run is held or stopped.
async fn sleep_unheld(exam: ExamState, ms: i32) -> bool {
    let mut left = ms;
    while left > 0 {
        if exam.hold.get_untracked().is_some() || !exam.running() {
            return false;
        }
        sleep(left.min(100)).await;
        left -= 100;
    }
    exam.hold.get_untracked().is_none() && exam.running()
}

/// One view: countdown, capture window, its peak frame analysed. A hold (frozen camera,
/// analysis restarting...) during the countdown or the window takes the view again once
/// it lifts. False when the run was stopped.
async fn take_view(exam: ExamState, analysis: Analysis, view: Expression) -> bool {
    loop {
        exam.set_status(view, ViewStatus::Capturing);
        if !wait_while_held(exam).await {
            exam.set_status(view, ViewStatus::Pending);
            return false;
        }
        match capture_view(exam, analysis, view).await {
            Some(answer) => {
                exam.on_captured(answer);
                return true;
            }
            None if !exam.running() => {
                exam.set_status(view, ViewStatus::Pending);
                return false;
            }
            // Held: the window saw stale or no frames; take it again.
            None => {}
        }
    }
}

/// The countdown and capture window of one view; None when a hold or a stop interrupted
/// it (its answer, if any, is dropped). A skipped view answers as failed.
async fn capture_view(exam: ExamState, analysis: Analysis, view: Expression) -> Option<Captured> {
    exam.skip.set_value(None);
    exam.phase.set(ExamPhase::Countdown(view));
    if exam.speak.get_untracked() {
        crate::speech::say(view.instruction(lang()), lang());
    }
    // The countdown, in tenths so that "capture now" and "next view" answer at once.
    let mut tenths = COUNTDOWN_S * 10;
    while tenths > 0 && exam.skip.get_value().is_none() {
        exam.prompt.set(Said::new(Msg::CapturingIn).with("instruction", view.instruction(lang())).with("seconds", tenths.div_ceil(10).to_string()));
        if !sleep_unheld(exam, 100).await {
            return None;
        }
        tenths -= 1;
    }
    if exam.skip.get_value() == Some(Skip::NextView) {
        return Some(Err(CaptureFailed { view: Some(view), message: crate::i18n::t(Msg::Skipped).into() }));
    }
    exam.phase.set(ExamPhase::Capturing(view));
    exam.prompt.set(Said::new(Msg::HoldIt).with("instruction", view.instruction(lang())));
    analysis.send(ToWorker::CaptureStart { view });
    let unheld = sleep_unheld(exam, CAPTURE_WINDOW_MS).await;
    exam.phase.set(ExamPhase::Analysing(view));
    exam.prompt.set(Msg::AnalysingBestFrame.into());
    // The window is closed in any case, so that the worker keeps no frame of it.
    let answer = match analysis.client() {
        Some(w) => w.request_within(&ToWorker::CaptureEnd, Attachments::default(), Some(CAPTURE_REPLY_TIMEOUT_MS)).await,
        None => Err("the analysis is not running".into()),
    };
    if !unheld || exam.hold.get_untracked().is_some() || !exam.running() {
        return None;
    }
    Some(captured(view, answer).map_err(|why| match why.message.as_str() {
        "the analysis did not answer in time" => CaptureFailed { view: Some(view), message: crate::i18n::t(Msg::CaptureTimedOut).into() },
        _ => why,
    }))
}

/// Runs the capture of `views` in order, then scores the exam.
pub fn run(exam: ExamState, analysis: Analysis, camera_running: bool, views: Vec<Expression>) {
    if exam.running() {
        return;
    }
    if !camera_running {
        exam.error.set(Some(Msg::StartCameraFirst.into()));
        return;
    }
    exam.error.set(None);
    exam.phase.set(ExamPhase::Scoring);
    leptos::task::spawn_local(async move {
        for view in views {
            if !exam.running() || !take_view(exam, analysis, view).await {
                return;
            }
        }
        exam.phase.set(ExamPhase::Scoring);
        exam.prompt.set(Msg::ScoringExam.into());
        let scored = scores(analysis, exam.affected.get_untracked()).await;
        // The run ends with its scores; scores asked for by a correction or a reopened
        // exam do not end a run.
        exam.phase.set(ExamPhase::Idle);
        exam.on_scored(scored);
    });
}

/// Stops the run at its next step.
pub fn stop(exam: ExamState) {
    exam.phase.set(ExamPhase::Idle);
    exam.prompt.set(Msg::ExamStopped.into());
}

pub fn start(exam: ExamState, analysis: Analysis, camera_running: bool) {
    if exam.running() {
        return;
    }
    begin_new_exam(exam, analysis);
    let views = protocol(exam.include_snarl.get_untracked(), exam.include_yanagihara.get_untracked());
    exam.views.set(views.iter().map(|&v| (v, ViewStatus::Pending)).collect());
    exam.result.set(None);
    run(exam, analysis, camera_running, views);
}

/// A new, empty exam under the current pseudonym (saved at once by the saving effect);
/// the worker forgets the previous exam's views and an open review closes.
fn begin_new_exam(exam: ExamState, analysis: Analysis) {
    analysis.send(ToWorker::ResetExam);
    exam.pictures.set_value(BTreeMap::new());
    exam.generation.update(|g| *g += 1);
    exam.record.set(Some(store::new_record(exam.pseudonym.get_untracked())));
}

/// Starts a new exam from files (photos or a video) instead of the camera.
pub fn start_from_files(exam: ExamState, analysis: Analysis, views: &[Expression]) {
    begin_new_exam(exam, analysis);
    let mut all = protocol(exam.include_snarl.get_untracked() || views.contains(&Expression::Snarl), exam.include_yanagihara.get_untracked() || views.iter().any(|v| v.yanagihara_step()));
    all.retain(|v| !views.contains(v));
    exam.views.set(views.iter().map(|&v| (v, ViewStatus::Capturing)).chain(all.into_iter().map(|v| (v, ViewStatus::Pending))).collect());
    exam.result.set(None);
    exam.error.set(None);
}

/// Reopens a saved exam: its views go back to the worker and it is scored again.
pub fn open(exam: ExamState, analysis: Analysis, id: &str) {
    reopen(exam, analysis, id, None);
}

/// The most recent exam left unfinished (views captured, never scored): what a reload or
/// a crash in the middle of a capture run leaves.
pub fn unfinished(history: &[store::ExamRecord]) -> Option<&store::ExamRecord> {
    history.iter().filter(|r| r.result.is_none() && !r.views.is_empty()).max_by(|a, b| a.updated_ms.total_cmp(&b.updated_ms))
}

/// Reopens an unfinished exam and captures the views it lacks, then scores it.
pub fn resume(exam: ExamState, analysis: Analysis, camera_running: bool, id: &str) {
    if !camera_running {
        exam.error.set(Some(Msg::StartCameraFirst.into()));
        return;
    }
    reopen(exam, analysis, id, Some(camera_running));
}

/// Puts a saved exam back in the page and the worker; then scores it, or with
/// `capture_rest` (the camera's state) runs the capture of its missing views.
fn reopen(exam: ExamState, analysis: Analysis, id: &str, capture_rest: Option<bool>) {
    if exam.running() {
        return;
    }
    let id = id.to_string();
    leptos::task::spawn_local(async move {
        // The list holds exams without their faces: read this one whole.
        match store::load(&id).await {
            Ok(record) if !exam.running() => put_back(exam, analysis, record, capture_rest).await,
            Ok(_) => {}
            Err(e) => exam.error.set(Some(Said::new(Msg::SavedExamUnreadable).with("error", e))),
        }
    });
}

async fn put_back(exam: ExamState, analysis: Analysis, record: ExamRecord, capture_rest: Option<bool>) {
    let protocol_views = protocol(record.views.contains_key("snarl"), Expression::YANAGIHARA.iter().any(|v| record.views.contains_key(v.code())));
    let missing: Vec<Expression> = protocol_views.iter().copied().filter(|v| !record.views.contains_key(v.code())).collect();
    exam.views.set(protocol_views.iter().map(|v| (*v, if record.views.contains_key(v.code()) { ViewStatus::Captured } else { ViewStatus::Pending })).collect());
    exam.pseudonym.set(record.pseudonym.clone());
    exam.result.set(record.report());
    exam.error.set(None);
    let who = if record.pseudonym.is_empty() { crate::i18n::t(Msg::UnnamedPatient).to_string() } else { record.pseudonym.clone() };
    exam.prompt.set(match capture_rest {
        None => Said::new(Msg::Reopened).with("patient", who).with("count", record.views.len().to_string()),
        Some(_) => Said::new(Msg::ResumingExam).with("patient", who).with("kept", record.views.len().to_string()).with("missing", missing.len().to_string()),
    });
    let restore = ToWorker::RestoreExam { views: record.views.clone(), corrections: record.corrections.clone() };
    super::saving::read_as_stored(&record);
    exam.record.set(Some(record));
    exam.pictures.set_value(BTreeMap::new());
    exam.generation.update(|g| *g += 1);
    let Some(w) = analysis.client() else { return };
    match w.request(&restore, Attachments::default()).await {
        Ok((FromWorker::Restored { count, unreadable }, _)) => {
            if !unreadable.is_empty() {
                exam.error.set(Some(Said::new(Msg::UnreadableViews).with("views", unreadable.join(", "))));
            }
            match capture_rest {
                Some(camera_running) => run(exam, analysis, camera_running, missing),
                None if count == 0 => exam.prompt.set(Msg::NoUsableView.into()),
                None => request_scores(exam, analysis),
            }
        }
        Ok(_) => exam.error.set(Some(Msg::OutOfTurnOpenAgain.into())),
        Err(e) => exam.error.set(Some(Said::new(Msg::ViewsNotRestored).with("error", e))),
    }
}

/// Keeps a view's corrections beside the model's landmarks (empty = none); the saving
/// effect writes them.
pub fn store_corrections(exam: ExamState, view: &str, corrections: LandmarkCorrections) {
    exam.edit_record(|r| {
        if corrections.is_empty() {
            r.corrections.remove(view);
        } else {
            r.corrections.insert(view.to_string(), corrections);
        }
    });
}
