//! The live view's state and its loop: the page's phase (loading the models, ready,
//! running the camera, failed), the camera, and one frame at a time grabbed as an
//! ImageBitmap (off this thread) and handed to the worker; the latest report lands in a
//! signal that the components derive everything from. No pixels are read on this thread.

use super::camera::{self, CameraChoice, CameraError};
use super::model_loader::describe;
use super::protocol::client::WorkerClient;
use super::protocol::wire::Attachments;
use super::protocol::{FrameReport, FromWorker, ToWorker};
use facegrade::camera_watch::{CameraFault, CameraWatch};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ImageBitmap, MediaStream};
use facegrade::i18n::{Msg, Said};

/// Where the page is. `code` is the `#app[data-state]` hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagePhase {
    /// Fetching and preparing the models.
    Loading,
    /// Models ready, camera off.
    Ready,
    /// The camera runs and frames are analysed.
    Running,
    /// The analysis cannot run (the message says why).
    Failed,
}

impl PagePhase {
    pub fn code(self) -> &'static str {
        match self {
            PagePhase::Loading => "loading",
            PagePhase::Ready => "ready",
            PagePhase::Running => "running",
            PagePhase::Failed => "error",
        }
    }
}

/// The iris model, which the page loads after the first two so that analysis starts
/// sooner: it calibrates millimetres (the iris diameter) and cross-checks the eyelids.
#[derive(Clone, Debug, PartialEq)]
pub enum IrisModelState {
    Loading,
    Ready,
    /// It could not be loaded or prepared (why): no millimetres this session.
    Failed(String),
}

impl IrisModelState {
    pub fn code(&self) -> &'static str {
        match self {
            IrisModelState::Loading => "loading",
            IrisModelState::Ready => "ready",
            IrisModelState::Failed(_) => "error",
        }
    }

    pub fn is_ready(&self) -> bool {
        *self == IrisModelState::Ready
    }

    /// What the page says while the millimetres wait (None once they are available).
    pub fn notice(&self) -> Option<Said> {
        match self {
            IrisModelState::Loading => Some(Msg::IrisLoading.into()),
            IrisModelState::Ready => None,
            IrisModelState::Failed(why) => Some(Said::new(Msg::IrisFailed).with("error", why.clone())),
        }
    }
}

/// The analysis worker as the page sees it (`#worker-health[data-worker-health]`).
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerHealth {
    Running,
    /// It stopped (why) and a new one is being started with the models it held.
    Restarting(String),
    /// It stopped and was restarted `times` times this session; the last reason.
    Restarted { times: u32, why: String },
}

impl WorkerHealth {
    pub fn code(&self) -> &'static str {
        match self {
            WorkerHealth::Running => "running",
            WorkerHealth::Restarting(_) => "restarting",
            WorkerHealth::Restarted { .. } => "restarted",
        }
    }
}

/// The page's handle on the analysis worker, in context (None: it could not start), and
/// its health: a worker that stops is replaced (`worker_restart.rs`).
#[derive(Clone, Copy)]
pub struct Analysis {
    client: StoredValue<Option<WorkerClient>, LocalStorage>,
    pub health: RwSignal<WorkerHealth>,
}

impl Analysis {
    pub fn new() -> Analysis {
        Analysis { client: StoredValue::new_local(None), health: RwSignal::new(WorkerHealth::Running) }
    }

    pub fn client(self) -> Option<WorkerClient> {
        self.client.get_value()
    }

    pub fn set_client(self, client: Option<WorkerClient>) {
        self.client.set_value(client);
    }

    pub fn send(self, message: ToWorker) {
        if let Some(w) = self.client() {
            w.send(&message, Attachments::default());
        }
    }
}

/// Frame counters for the diagnostics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameStats {
    pub frames: u64,
    pub fps: f64,
    /// Camera grab to report on this page.
    pub latency_ms: f64,
    /// The engine's time summed over every frame analysed: with `frames`, the exact mean
    /// frame time over any stretch (the soak test compares its first and last quarters).
    pub engine_ms_total: f64,
}

#[derive(Clone, Copy)]
pub struct Live {
    pub phase: RwSignal<PagePhase>,
    pub message: RwSignal<Said>,
    /// Model download, 0-1.
    pub progress: RwSignal<f64>,
    pub iris_model: RwSignal<IrisModelState>,
    pub camera_error: RwSignal<Option<(&'static str, Said)>>,
    pub cameras: RwSignal<Vec<(String, String)>>,
    pub choice: RwSignal<CameraChoice>,
    /// The latest analysed frame; what the live view shows derives from it.
    pub report: RwSignal<Option<FrameReport>>,
    pub stats: RwSignal<FrameStats>,
    pub show_mesh: RwSignal<bool>,
    pub patient_mode: RwSignal<bool>,
    pub video: NodeRef<html::Video>,
    /// What is wrong with the camera's picture now (frozen, resized, too slow): the exam
    /// pauses while it is set.
    pub camera_fault: RwSignal<Option<CameraFault>>,
    watch: StoredValue<CameraWatch, LocalStorage>,
    /// The video's pending `requestVideoFrameCallback` (its id) and the one callback every
    /// camera start shares; None where the browser lacks it (then the video's time is
    /// watched, which advances with the clock and so cannot tell a slow camera).
    picture_request: StoredValue<Option<f64>, LocalStorage>,
    on_picture: StoredValue<Option<wasm_bindgen::closure::Closure<dyn FnMut()>>, LocalStorage>,
    /// The video time at which the watch last saw a new picture (without the callback).
    seen_video_time: StoredValue<f64, LocalStorage>,
    stream: StoredValue<Option<MediaStream>, LocalStorage>,
    /// The camera asked for while the models load (`ask_for_camera_early`), taken by the
    /// first camera start.
    early_camera: StoredValue<Option<Result<js_sys::Promise, CameraError>>, LocalStorage>,
    /// A frame is with the worker: the next is grabbed only after its report.
    in_flight: StoredValue<bool, LocalStorage>,
    last_video_time: StoredValue<f64, LocalStorage>,
    frame_times: StoredValue<Vec<f64>, LocalStorage>,
    /// The one "camera unplugged" handler every video track shares: made once, so camera
    /// restarts through a long session leave no closure behind.
    on_track_ended: StoredValue<Option<wasm_bindgen::closure::Closure<dyn FnMut()>>, LocalStorage>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Live {
    pub fn new() -> Live {
        Live {
            phase: RwSignal::new(PagePhase::Loading),
            message: RwSignal::new(Msg::LoadingModels.into()),
            progress: RwSignal::new(0.0),
            iris_model: RwSignal::new(IrisModelState::Loading),
            camera_error: RwSignal::new(None),
            cameras: RwSignal::new(Vec::new()),
            choice: RwSignal::new(CameraChoice::default()),
            report: RwSignal::new(None),
            stats: RwSignal::new(FrameStats::default()),
            show_mesh: RwSignal::new(false),
            patient_mode: RwSignal::new(false),
            video: NodeRef::new(),
            camera_fault: RwSignal::new(None),
            watch: StoredValue::new_local(CameraWatch::default()),
            picture_request: StoredValue::new_local(None),
            on_picture: StoredValue::new_local(None),
            seen_video_time: StoredValue::new_local(-1.0),
            stream: StoredValue::new_local(None),
            early_camera: StoredValue::new_local(None),
            in_flight: StoredValue::new_local(false),
            last_video_time: StoredValue::new_local(-1.0),
            frame_times: StoredValue::new_local(Vec::with_capacity(32)),
            on_track_ended: StoredValue::new_local(None),
        }
    }

    pub fn running(self) -> bool {
        self.phase.get_untracked() == PagePhase::Running
    }

    pub fn fail(self, message: Said) {
        self.phase.set(PagePhase::Failed);
        self.message.set(message);
        // No analysis will use a camera asked for early: it is closed again.
        if let Some(Ok(request)) = self.early_camera.try_update_value(Option::take).flatten() {
            leptos::task::spawn_local(async move {
                if let Ok(stream) = camera::settle(request).await {
                    camera::stop(&stream);
                }
            });
        }
    }

    /// Asks for the camera while the models are fetched and prepared, so that its
    /// start-up (permission, first pictures) overlaps theirs; the first `start_camera`
    /// then uses the answer instead of asking again.
    pub fn ask_for_camera_early(self) {
        let request = camera::request_camera(&self.choice.get_untracked());
        if let Ok(request) = &request {
            // A refusal may come before anyone awaits it: handled here, it is not reported
            // as an uncaught error; `settle` still sees it. (Once a page: the handler is kept.)
            let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(|_| {});
            let _ = request.catch(&ignore);
            ignore.forget();
        }
        self.early_camera.set_value(Some(request));
    }

    pub fn start_camera(self, analysis: Analysis) {
        if self.phase.get_untracked() != PagePhase::Ready {
            return;
        }
        self.camera_error.set(None);
        self.message.set(Msg::AskingForCamera.into());
        let choice = self.choice.get_untracked();
        let early = self.early_camera.try_update_value(Option::take).flatten();
        leptos::task::spawn_local(async move {
            let opened = match early {
                Some(Ok(request)) => camera::settle(request).await,
                Some(Err(e)) => Err(e),
                None => camera::open_camera(&choice).await,
            };
            match opened {
                Ok(stream) => {
                    let Some(video) = self.video.get_untracked() else { return };
                    video.set_src_object(Some(&stream));
                    let _ = video.play();
                    self.watch_for_unplug(&stream);
                    self.stream.set_value(Some(stream));
                    analysis.send(ToWorker::ResetTracking);
                    self.in_flight.set_value(false);
                    self.last_video_time.set_value(-1.0);
                    self.watch_afresh();
                    self.phase.set(PagePhase::Running);
                    self.count_pictures();
                    self.message.set(Msg::CameraOn.into());
                    self.schedule_frame(analysis);
                    self.cameras.set(camera::list_cameras().await);
                }
                Err(CameraError { code, message }) => {
                    self.phase.set(PagePhase::Ready);
                    self.message.set(Msg::CameraOff.into());
                    self.camera_error.set(Some((code, message)));
                }
            }
        });
    }

    pub fn stop_camera(self) {
        self.stream.update_value(|s| {
            if let Some(s) = s.take() {
                camera::stop(&s);
            }
        });
        if let Some(video) = self.video.get_untracked() {
            video.set_src_object(None);
        }
        if self.running() {
            self.phase.set(PagePhase::Ready);
        }
        self.message.set(Msg::CameraOffPressStart.into());
    }

    /// A new camera or resolution: the running camera starts again with it.
    pub fn restart_camera(self, analysis: Analysis) {
        if self.running() {
            self.stop_camera();
            self.start_camera(analysis);
        }
    }

    fn watch_for_unplug(self, stream: &MediaStream) {
        self.on_track_ended.update_value(|handler| {
            let handler = handler.get_or_insert_with(|| {
                wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    self.stop_camera();
                    self.camera_error.set(Some(("camera-disconnected", Msg::CameraDisconnected.into())));
                })
            });
            for track in stream.get_video_tracks().iter() {
                let track: web_sys::MediaStreamTrack = track.unchecked_into();
                track.set_onended(Some(handler.as_ref().unchecked_ref()));
            }
        });
    }

    /// A hidden tab grabs no frames; shown again, the face is tracked afresh.
    pub fn listen_for_hidden_tab(self, analysis: Analysis) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let doc = document.clone();
        let handler = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if !self.running() {
                return;
            }
            if doc.hidden() {
                self.message.set(Msg::PausedHidden.into());
            } else {
                self.message.set(Msg::CameraOn.into());
                // The face may have moved while hidden: track it afresh; no picture was
                // looked at meanwhile, which is no frozen camera.
                analysis.send(ToWorker::ResetTracking);
                self.watch_afresh();
            }
        });
        let _ = document.add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
        handler.forget();
    }

    fn schedule_frame(self, analysis: Analysis) {
        request_animation_frame(move || {
            if !self.running() {
                return self.camera_fault.set(None);
            }
            self.send_frame(analysis);
            self.check_picture();
            self.schedule_frame(analysis);
        });
    }

    /// A camera (re)started or shown again: its picture is judged from now on.
    fn watch_afresh(self) {
        self.watch.set_value(CameraWatch::new(now_ms()));
        self.seen_video_time.set_value(-1.0);
        self.camera_fault.set(None);
    }

    /// Counts each new camera picture as the video presents it (`requestVideoFrameCallback`,
    /// one pending at a time; a camera restart replaces the pending one).
    fn count_pictures(self) {
        let Some(video) = self.video.get_untracked() else { return };
        let method = |name: &str| js_sys::Reflect::get(&video, &name.into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let (Some(request), Some(cancel)) = (method("requestVideoFrameCallback"), method("cancelVideoFrameCallback")) else { return };
        if let Some(id) = self.picture_request.get_value() {
            let _ = cancel.call1(&video, &id.into());
        }
        self.on_picture.update_value(|callback| {
            let callback = callback.get_or_insert_with(|| {
                wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    self.picture_request.set_value(None);
                    if self.running() {
                        self.watch.update_value(|w| w.arrived(now_ms()));
                        self.count_pictures();
                    }
                })
            });
            let id = request.call1(&video, callback.as_ref()).ok().and_then(|id| id.as_f64());
            self.picture_request.set_value(id);
        });
    }

    /// Notes a new picture in the video, and says when the picture cannot be captured.
    fn check_picture(self) {
        let now = now_ms();
        let counted = self.on_picture.with_value(Option::is_some);
        if let Some(video) = self.video.get_untracked().filter(|_| !counted) {
            if video.ready_state() >= 2 && video.current_time() != self.seen_video_time.get_value() {
                self.seen_video_time.set_value(video.current_time());
                self.watch.update_value(|w| w.arrived(now));
            }
        }
        let fault = self.watch.with_value(|w| w.fault(now));
        if self.camera_fault.with_untracked(|f| *f != fault) {
            self.camera_fault.set(fault);
        }
    }

    /// Grabs the current video frame and hands it to the worker, one frame at a time.
    fn send_frame(self, analysis: Analysis) {
        let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
        // A worker being restarted has no models yet: frames wait for it.
        let restarting = analysis.health.with_untracked(|h| matches!(h, WorkerHealth::Restarting(_)));
        if hidden || restarting || self.in_flight.get_value() {
            return;
        }
        let Some(video) = self.video.get_untracked() else { return };
        if video.video_width() == 0 || video.ready_state() < 2 || video.current_time() == self.last_video_time.get_value() {
            return;
        }
        self.last_video_time.set_value(video.current_time());
        let Some(window) = web_sys::window() else { return };
        let Ok(promise) = window.create_image_bitmap_with_html_video_element(&video) else { return };
        let Some(worker) = analysis.client() else { return };
        self.in_flight.set_value(true);
        let sent_at = now_ms();
        leptos::task::spawn_local(async move {
            let answer = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(bitmap) => worker.request(&ToWorker::Frame { time_ms: sent_at }, Attachments::bitmap(bitmap.unchecked_into::<ImageBitmap>())).await,
                Err(e) => Err(format!("could not grab a frame: {}", describe(&e))),
            };
            self.in_flight.set_value(false);
            match answer {
                Ok((FromWorker::Frame(report), _)) if self.running() => self.on_report(*report, sent_at),
                Ok((FromWorker::FrameFailed(e), _)) | Err(e) => web_sys::console::warn_1(&format!("frame not analysed: {e}").into()),
                Ok(_) => {}
            }
        });
    }

    fn on_report(self, report: FrameReport, sent_at: f64) {
        let now = now_ms();
        let fps = self.frame_times.try_update_value(|t| {
            t.push(now);
            if t.len() > 30 {
                t.remove(0);
            }
            (t.len() > 1).then(|| (t.len() - 1) as f64 * 1000.0 / (t[t.len() - 1] - t[0]).max(1.0))
        });
        self.stats.update(|s| {
            s.frames += 1;
            if let Some(Some(fps)) = fps {
                s.fps = fps;
            }
            s.latency_ms = now - sent_at;
            s.engine_ms_total += report.timings.engine_ms;
        });
        self.watch.update_value(|w| w.analysed(now, report.fingerprint, (report.width, report.height)));
        self.report.set(Some(report));
    }
}
