//! Why a capture run waits: a view is captured only from a live, moving picture analysed
//! by a running worker. A frozen, resized or too slow camera, a camera that stopped (a
//! device unplugged or switched) or an analysis worker being restarted holds the run at its
//! next step; a view whose capture window a hold interrupted is taken again, never kept
//! from stale frames.

use crate::live::{Analysis, Live, PagePhase, WorkerHealth};
use facegrade::camera_watch::CameraFault;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum ExamHold {
    Camera(CameraFault),
    /// The camera stopped during the run.
    CameraOff,
    /// The analysis worker stopped and is being restarted.
    AnalysisRestarting,
}

impl ExamHold {
    /// The page's hook (`#exam-hold[data-exam-hold]`).
    pub fn code(&self) -> &'static str {
        match self {
            ExamHold::Camera(fault) => fault.code(),
            ExamHold::CameraOff => "camera-off",
            ExamHold::AnalysisRestarting => "analysis-restarting",
        }
    }

    pub fn explain(&self) -> String {
        match self {
            ExamHold::Camera(fault) => fault.explain(crate::i18n::lang()),
            ExamHold::CameraOff => crate::i18n::t(facegrade::i18n::Msg::HoldCameraOff).into(),
            ExamHold::AnalysisRestarting => crate::i18n::t(facegrade::i18n::Msg::HoldAnalysisRestarting).into(),
        }
    }
}

/// The hold now, read straight from the camera's and the worker's state (no effect in
/// between: a run checks it right after a capture's answer).
pub fn hold_signal(live: Live, analysis: Analysis) -> Signal<Option<ExamHold>> {
    Signal::derive(move || {
        if matches!(analysis.health.get(), WorkerHealth::Restarting(_)) {
            Some(ExamHold::AnalysisRestarting)
        } else if live.phase.get() != PagePhase::Running {
            Some(ExamHold::CameraOff)
        } else {
            live.camera_fault.get().map(ExamHold::Camera)
        }
    })
}
