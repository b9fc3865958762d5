//! Files instead of the camera: a photo set (chosen or dropped; each photo assigned to a
//! view, guessed from its name or order for the user to confirm) or a recorded video (the
//! engine over its frames with a progress bar, a timeline of per-region asymmetry, a frame
//! suggested per view, to confirm or change). Either way the chosen pictures go through the
//! same still analysis, review and report as camera captures. Files are read in this
//! browser; nothing is uploaded. The panel is `components/from_files.rs`.

use super::exam::{run as exam_run, ExamState};
use super::live::Analysis;
use super::protocol::wire::Attachments;
use super::protocol::{FromWorker, ToWorker};
use super::photo_views::{duplicated, guess_view, Guess};
use facegrade::measure::timeline::{suggest_frames, FrameReading};
use facegrade::measure::Expression;
use leptos::html;
use facegrade::i18n::{fill, Lang, Msg, Said};
use facegrade::quality::QualityIssue;
use leptos::prelude::*;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::{File, ImageBitmap};

/// Video frames analysed per second of video.
const VIDEO_SAMPLES_PER_S: f64 = 10.0;
/// Longest video read (a standard exam takes about a minute).
const MAX_VIDEO_S: f64 = 180.0;

/// Where a recorded video is. `code` is the `#video-reading[data-video-state]` hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoPhase {
    Idle,
    Reading,
    /// Read: the timeline and the suggested frames are shown.
    Read,
    Cancelled,
}

impl VideoPhase {
    pub fn code(self) -> &'static str {
        match self {
            VideoPhase::Idle => "idle",
            VideoPhase::Reading => "reading",
            VideoPhase::Read => "read",
            VideoPhase::Cancelled => "cancelled",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Files {
    /// The photos chosen: (file name, assigned view, how it was guessed).
    pub photos: RwSignal<Vec<(String, Expression, Guess)>>,
    photo_files: StoredValue<Vec<File>, LocalStorage>,
    pub error: RwSignal<Option<Said>>,
    pub video_state: RwSignal<VideoPhase>,
    pub video_progress: RwSignal<f64>,
    pub readings: RwSignal<Vec<FrameReading>>,
    /// Per view: the chosen time (s) and the note of the suggestion (the analysis's own
    /// words), None where the user chose the time; no entry: the view is not used.
    pub video_choice: RwSignal<BTreeMap<Expression, (f64, Option<String>)>>,
    pub video: NodeRef<html::Video>,
    video_url: StoredValue<Option<String>, LocalStorage>,
}

impl Files {
    pub fn new() -> Self {
        Files {
            photos: RwSignal::new(Vec::new()),
            photo_files: StoredValue::new_local(Vec::new()),
            error: RwSignal::new(None),
            video_state: RwSignal::new(VideoPhase::Idle),
            video_progress: RwSignal::new(0.0),
            readings: RwSignal::new(Vec::new()),
            video_choice: RwSignal::new(BTreeMap::new()),
            video: NodeRef::new(),
            video_url: StoredValue::new_local(None),
        }
    }
}

/// Photos chosen or dropped: each gets a guessed view.
pub fn choose_photos(files: Files, list: Option<web_sys::FileList>) {
    let Some(list) = list else { return };
    let chosen: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).filter(|f| f.type_().starts_with("image/")).collect();
    if chosen.is_empty() {
        files.error.set(Some(Msg::FilesNoPicture.into()));
        return;
    }
    files.error.set(None);
    files.photos.set(chosen.iter().enumerate().map(|(i, f)| {
        let (view, guess) = guess_view(&f.name(), i);
        (f.name(), view, guess)
    }).collect());
    files.photo_files.set_value(chosen);
}

pub fn set_photo_view(files: Files, index: usize, code: &str) {
    if let Some(view) = Expression::from_code(code) {
        files.photos.update(|p| {
            if let Some(entry) = p.get_mut(index) {
                entry.1 = view;
            }
        });
    }
}

/// Bytes of a picture's head read to check its claimed size: enough for a PNG's IHDR, a
/// WebP's VP8X and a JPEG's frame header behind a large EXIF block.
const PICTURE_HEAD_BYTES: i32 = 256 * 1024;

/// Refuses a picture whose file or header claims more than the core's caps (see
/// `facegrade::image_file`) before the browser allocates its pixels. A header this head
/// does not reach is left to the browser's decoder.
async fn check_picture_size(file: &web_sys::Blob) -> Result<(), String> {
    use facegrade::image_file::{check_dimensions, header_dimensions, ImageFileError, MAX_FILE_BYTES};
    if file.size() > MAX_FILE_BYTES as f64 {
        return Err(ImageFileError::FileTooLarge { bytes: file.size() as u64 }.to_string());
    }
    let head = file.slice_with_i32_and_i32(0, PICTURE_HEAD_BYTES).map_err(|e| super::model_loader::describe(&e))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await.map_err(|e| super::model_loader::describe(&e))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    match header_dimensions(&bytes) {
        Ok((width, height)) => check_dimensions(width, height).map_err(|e| e.to_string()),
        Err(_) => Ok(()),
    }
}

/// Decodes a picture file in the browser (off this thread) into a bitmap, after checking
/// the size its header claims.
async fn bitmap_of(file: &web_sys::Blob) -> Result<ImageBitmap, String> {
    check_picture_size(file).await?;
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.create_image_bitmap_with_blob(file).map_err(|e| super::model_loader::describe(&e))?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| "the file could not be read as a picture".to_string())?.dyn_into().map_err(|_| "not a picture".to_string())
}

/// Analyses the photo set as a new exam: one view per photo.
pub fn analyse_photos(files: Files, exam: ExamState, worker: Analysis) {
    let photos = files.photos.get_untracked();
    let views: Vec<Expression> = photos.iter().map(|p| p.1).collect();
    let twice = duplicated(&views);
    if !twice.is_empty() {
        let names: Vec<&str> = twice.iter().map(|v| v.code()).collect();
        files.error.set(Some(Said::new(Msg::FilesViewTwice).with("views", names.join(", "))));
        return;
    }
    if exam.running() || views.is_empty() {
        return;
    }
    files.error.set(None);
    exam_run::start_from_files(exam, worker, &views);
    exam.prompt.set(Said::new(Msg::AnalysingPhotos).with("count", views.len().to_string()));
    let list = files.photo_files.get_value();
    leptos::task::spawn_local(async move {
        for (file, view) in list.iter().zip(views) {
            let picture = bitmap_of(file).await.map_err(|e| format!("{}: {e}", file.name()));
            analyse_still(exam, worker, view, picture).await;
        }
        score(exam, worker);
    });
}

/// One view's picture analysed as a still in the worker; a picture that could not be
/// read is that view's failed capture.
async fn analyse_still(exam: ExamState, worker: Analysis, view: Expression, picture: Result<ImageBitmap, String>) {
    let answer = match (picture, worker.client()) {
        (Ok(bitmap), Some(w)) => w.request(&ToWorker::Still { view }, Attachments::bitmap(bitmap)).await,
        (Err(e), _) => Err(e),
        (_, None) => Err("the analysis is not running".into()),
    };
    exam.on_captured(super::exam::captured(view, answer));
}

fn score(exam: ExamState, worker: Analysis) {
    exam.prompt.set(Msg::ScoringExam.into());
    exam_run::request_scores(exam, worker);
}

async fn wait_for_event(target: &web_sys::EventTarget, name: &str) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(name, &resolve, &options);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Seeks the video to `t` seconds and grabs that frame.
async fn frame_at(video: &web_sys::HtmlVideoElement, t: f64) -> Result<ImageBitmap, String> {
    video.set_current_time(t);
    wait_for_event(video, "seeked").await;
    let window = web_sys::window().ok_or("no window")?;
    // On a busy machine the seeked frame may not be decoded yet: wait for it, then for a
    // paint, so the bitmap is the frame at `t` and not a blank one.
    if video.ready_state() < 2 {
        wait_for_event(video, "canplay").await;
    }
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(painted).await;
    let promise = window.create_image_bitmap_with_html_video_element(video).map_err(|e| super::model_loader::describe(&e))?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| super::model_loader::describe(&e))?.dyn_into().map_err(|_| "no frame".to_string())
}

/// Reads a recorded video: every sampled frame through the engine, then suggestions.
pub fn read_video(files: Files, exam: ExamState, worker: Analysis, file: File) {
    if files.video_state.get_untracked() == VideoPhase::Reading || exam.running() {
        return;
    }
    let Some(video) = files.video.get_untracked() else { return };
    if let Some(old) = files.video_url.try_update_value(|u| u.take()).flatten() {
        let _ = web_sys::Url::revoke_object_url(&old);
    }
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else { return };
    files.video_url.set_value(Some(url.clone()));
    files.error.set(None);
    files.readings.set(Vec::new());
    files.video_choice.set(BTreeMap::new());
    files.video_progress.set(0.0);
    files.video_state.set(VideoPhase::Reading);
    leptos::task::spawn_local(async move {
        video.set_muted(true);
        video.set_src(&url);
        let loaded = js_sys::Promise::new(&mut |resolve, reject| {
            video.set_onloadeddata(Some(&resolve));
            video.set_onerror(Some(&reject));
        });
        if wasm_bindgen_futures::JsFuture::from(loaded).await.is_err() || video.duration().is_nan() {
            files.video_state.set(VideoPhase::Idle);
            files.error.set(Some(Said::new(Msg::VideoCannotPlay).with("file", file.name())));
            return;
        }
        let duration = video.duration().min(MAX_VIDEO_S);
        let count = ((duration * VIDEO_SAMPLES_PER_S).floor() as usize).max(1);
        let mut readings = Vec::with_capacity(count);
        for k in 0..count {
            if files.video_state.get_untracked() != VideoPhase::Reading {
                return;
            }
            let t = k as f64 / VIDEO_SAMPLES_PER_S;
            let bitmap = match frame_at(&video, t).await {
                Ok(b) => b,
                Err(e) => {
                    files.error.set(Some(Said::new(Msg::VideoFrameUnreadable).with("time", format!("{t:.1}")).with("error", e)));
                    continue;
                }
            };
            let Some(w) = worker.client() else { return };
            match w.request(&ToWorker::VideoFrame { time_ms: t * 1000.0, first: k == 0 }, Attachments::bitmap(bitmap)).await {
                Ok((FromWorker::VideoReading(Ok(reading)), _)) => readings.push(reading),
                Ok((FromWorker::VideoReading(Err(e)), _)) | Err(e) => files.error.set(Some(Said::new(Msg::VideoFrameFailed).with("time", format!("{t:.1}")).with("error", e))),
                Ok(_) => {}
            }
            files.video_progress.set((k + 1) as f64 / count as f64);
            if k % 5 == 4 {
                files.readings.set(readings.clone());
            }
        }
        let suggestions = suggest_frames(&readings);
        if suggestions.is_empty() {
            files.error.set(Some(Said::new(Msg::VideoNothingMeasured).with("problems", problem_summary(&readings, crate::i18n::lang()))));
        }
        files.video_choice.set(suggestions.into_iter().map(|(view, s)| (view, (s.time_s, Some(s.note)))).collect());
        files.readings.set(readings);
        files.video_state.set(VideoPhase::Read);
    });
}

/// "12 frame(s): head turned; 3 frame(s): blurred" for the frames that could not be measured.
pub fn problem_summary(readings: &[FrameReading], lang: Lang) -> String {
    let mut problems: BTreeMap<String, usize> = BTreeMap::new();
    for p in readings.iter().filter_map(|r| r.problem.as_ref()) {
        *problems.entry(p.clone()).or_default() += 1;
    }
    let sep = facegrade::i18n::text(Msg::ListSemicolon, lang);
    problems.iter().map(|(p, n)| fill(Msg::FramesWithProblem, lang, &[("count", &n.to_string()), ("problem", &QualityIssue::code_words(p, lang))])).collect::<Vec<_>>().join(sep)
}

pub fn cancel_video(files: Files) {
    if files.video_state.get_untracked() == VideoPhase::Reading {
        files.video_state.set(VideoPhase::Cancelled);
    }
}

pub fn set_video_choice(files: Files, view: Expression, time_s: Option<f64>) {
    files.video_choice.update(|c| match time_s {
        Some(t) if t.is_finite() && t >= 0.0 => {
            c.insert(view, (t, None));
        }
        _ => {
            c.remove(&view);
        }
    });
}

/// Analyses the chosen video frames as a new exam.
pub fn analyse_video_frames(files: Files, exam: ExamState, worker: Analysis) {
    let chosen: Vec<(Expression, f64)> = files.video_choice.get_untracked().into_iter().map(|(v, (t, _))| (v, t)).collect();
    let Some(video) = files.video.get_untracked() else { return };
    if chosen.is_empty() || exam.running() {
        files.error.set(Some(Msg::ChooseAFrame.into()));
        return;
    }
    let views: Vec<Expression> = chosen.iter().map(|c| c.0).collect();
    exam_run::start_from_files(exam, worker, &views);
    exam.prompt.set(Said::new(Msg::AnalysingVideoFrames).with("count", views.len().to_string()));
    leptos::task::spawn_local(async move {
        for (view, t) in chosen {
            let picture = frame_at(&video, t).await;
            analyse_still(exam, worker, view, picture).await;
        }
        score(exam, worker);
    });
}

