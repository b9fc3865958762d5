//! The live page: model loading with progress, camera, mirrored preview with overlay,
//! quality gate, timings. Stable data-* hooks for tests are documented in README "Testing".

use super::camera::{self, CameraError};
use super::live::{FrameResult, LiveSession};
use super::model_loader::{fetch_model, MODEL_FILES};
use super::overlay;
use facegrade::engine::ModelBytes;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, MediaStream};

/// Model sizes in bytes (models/MODELS.md), for progress before Content-Length is known.
const MODEL_BYTES_TOTAL: f64 = (418_535 + 4_925_409 + 2_639_563) as f64;

#[derive(Clone, Copy)]
struct Page {
    state: RwSignal<&'static str>,
    message: RwSignal<String>,
    progress: RwSignal<f64>,
    camera_error: RwSignal<Option<(&'static str, String)>>,
    frames: RwSignal<u64>,
    fps: RwSignal<f64>,
    engine_ms: RwSignal<f64>,
    face_present: RwSignal<bool>,
    landmark_count: RwSignal<usize>,
    face_box: RwSignal<String>,
    frame_size: RwSignal<String>,
    quality: RwSignal<(String, String)>,
    show_mesh: RwSignal<bool>,
    /// (name, right, left, difference, severity) of the live measurements.
    measures: RwSignal<Vec<(&'static str, f32, f32, f32, &'static str)>>,
    session: StoredValue<Option<LiveSession>, LocalStorage>,
    stream: StoredValue<Option<MediaStream>, LocalStorage>,
    frame_times: StoredValue<Vec<f64>, LocalStorage>,
    video: NodeRef<html::Video>,
    overlay: NodeRef<html::Canvas>,
}

#[component]
pub fn App() -> impl IntoView {
    let page = Page {
        state: RwSignal::new("loading"),
        message: RwSignal::new("Loading the face models…".into()),
        progress: RwSignal::new(0.0),
        camera_error: RwSignal::new(None),
        frames: RwSignal::new(0),
        fps: RwSignal::new(0.0),
        engine_ms: RwSignal::new(0.0),
        face_present: RwSignal::new(false),
        landmark_count: RwSignal::new(0),
        face_box: RwSignal::new(String::new()),
        frame_size: RwSignal::new(String::new()),
        quality: RwSignal::new(("no-face".into(), "Waiting for the camera.".into())),
        show_mesh: RwSignal::new(false),
        measures: RwSignal::new(Vec::new()),
        session: StoredValue::new_local(None),
        stream: StoredValue::new_local(None),
        frame_times: StoredValue::new_local(Vec::with_capacity(32)),
        video: NodeRef::new(),
        overlay: NodeRef::new(),
    };
    leptos::task::spawn_local(load_models(page));
    listen_for_hidden_tab(page);

    view! {
        <main id="app" data-state=move || page.state.get()>
            <header class="top">
                <h1>"FaceGrade"</h1>
                <p class="privacy" id="privacy" data-privacy="on-device">
                    "Processed on this device: the video never leaves this browser. Nothing is uploaded or stored unless you save it."
                </p>
            </header>
            <p class="disclaimer">"Objective facial measurements, not a diagnosis."</p>
            <section class="status" aria-live="polite">
                <p id="status-message">{move || page.message.get()}</p>
                <progress id="model-progress" max="1"
                    data-model-progress=move || format!("{:.3}", page.progress.get())
                    prop:value=move || page.progress.get()
                    class:hidden=move || page.state.get() != "loading"></progress>
                <p id="camera-error" class="error"
                    data-camera-error=move || page.camera_error.get().map(|(c, _)| c).unwrap_or("")
                    class:hidden=move || page.camera_error.get().is_none()>
                    {move || page.camera_error.get().map(|(_, m)| m).unwrap_or_default()}
                </p>
                <button data-action="start-camera" on:click=move |_| start_camera(page)
                    prop:disabled=move || page.state.get() == "loading" || page.state.get() == "running">
                    "Start camera"
                </button>
                <button data-action="stop-camera" on:click=move |_| stop_camera(page)
                    prop:disabled=move || page.state.get() != "running">
                    "Stop"
                </button>
                <label><input type="checkbox" data-action="toggle-mesh"
                    on:change=move |ev| page.show_mesh.set(event_target_checked(&ev)) />" Show full mesh"</label>
            </section>
            <section class="stage">
                <video node_ref=page.video class="preview mirrored" autoplay=true playsinline=true prop:muted=true></video>
                <canvas node_ref=page.overlay class="overlay mirrored"></canvas>
                <p class="sides-note">"Mirror view: your left side is on the left of the screen. All labels use your own (anatomical) left and right."</p>
            </section>
            <section class="readout">
                <p id="quality" data-quality=move || page.quality.get().0 class:bad=move || page.quality.get().0 != "ok">
                    {move || page.quality.get().1}
                </p>
                <p id="face"
                    data-face=move || if page.face_present.get() { "present" } else { "absent" }
                    data-landmarks=move || page.landmark_count.get().to_string()
                    data-face-box=move || page.face_box.get()
                    data-frame-size=move || page.frame_size.get()>
                    {move || if page.face_present.get() { format!("Face found: {} landmarks", page.landmark_count.get()) } else { "No face".to_string() }}
                </p>
                <table id="measurements" class:greyed=move || page.quality.get().0 != "ok">
                    <caption>"Live measurements (millimetres; subject's own right and left). Greyed when the picture cannot be measured."</caption>
                    <thead><tr><th>"Measure"</th><th>"Right"</th><th>"Left"</th><th>"Difference"</th><th>"Asymmetry"</th></tr></thead>
                    <tbody>
                        {move || page.measures.get().into_iter().map(|(name, right, left, diff, severity)| view! {
                            <tr data-measure-row=name data-severity=severity>
                                <th>{name.replace('_', " ")}</th>
                                <td data-measure=name data-side="right">{format!("{right:.1}")}</td>
                                <td data-measure=name data-side="left">{format!("{left:.1}")}</td>
                                <td>{format!("{diff:.1}")}</td>
                                <td>{severity}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <details id="diagnostics" open=true>
                    <summary>"Diagnostics"</summary>
                    <p id="frames" data-frames=move || page.frames.get().to_string()>{move || format!("{} frames analysed", page.frames.get())}</p>
                    <p id="fps" data-fps=move || format!("{:.1}", page.fps.get())>{move || format!("{:.1} frames per second", page.fps.get())}</p>
                    <p id="model-time" data-model-ms=move || format!("{:.1}", page.engine_ms.get())>{move || format!("engine {:.1} ms per frame", page.engine_ms.get())}</p>
                </details>
            </section>
        </main>
    }
}

async fn load_models(page: Page) {
    let mut loaded = Vec::new();
    let mut done_before = 0usize;
    for name in MODEL_FILES {
        let result = fetch_model(name, |n| page.progress.set(((done_before + n) as f64 / MODEL_BYTES_TOTAL).min(1.0))).await;
        match result {
            Ok(bytes) => {
                done_before += bytes.len();
                loaded.push(bytes);
            }
            Err(e) => return fail(page, format!("The face models could not be loaded: {e}. Reload the page to try again.")),
        }
    }
    page.message.set("Preparing the models…".into());
    // Let the page paint the message before the (blocking) model optimisation.
    yield_to_browser().await;
    let models = ModelBytes { face_detector: &loaded[0], face_landmarks: &loaded[1], iris_landmarks: &loaded[2] };
    match LiveSession::new(&models) {
        Ok(session) => {
            page.session.set_value(Some(session));
            page.progress.set(1.0);
            page.state.set("ready");
            page.message.set("Models ready. Starting the camera…".into());
            start_camera(page);
        }
        Err(e) => fail(page, format!("The face models could not be prepared: {e}. Reload the page to try again.")),
    }
}

fn fail(page: Page, message: String) {
    page.state.set("error");
    page.message.set(message);
}

async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn start_camera(page: Page) {
    if page.state.get_untracked() == "running" || page.session.with_value(|s| s.is_none()) {
        return;
    }
    page.camera_error.set(None);
    page.message.set("Asking for the camera…".into());
    leptos::task::spawn_local(async move {
        match camera::open_camera(640, 480).await {
            Ok(stream) => {
                let Some(video) = page.video.get_untracked() else { return };
                video.set_src_object(Some(&stream));
                let _ = video.play();
                watch_for_unplug(page, &stream);
                page.stream.set_value(Some(stream));
                page.session.update_value(|s| {
                    if let Some(s) = s {
                        s.reset()
                    }
                });
                page.state.set("running");
                page.message.set("Camera on. Look straight at the camera.".into());
                schedule_frame(page);
            }
            Err(CameraError { code, message }) => {
                page.state.set("ready");
                page.message.set("The camera is off.".into());
                page.camera_error.set(Some((code, message)));
            }
        }
    });
}

fn stop_camera(page: Page) {
    page.stream.update_value(|s| {
        if let Some(s) = s.take() {
            camera::stop(&s);
        }
    });
    if let Some(video) = page.video.get_untracked() {
        video.set_src_object(None);
    }
    if page.state.get_untracked() == "running" {
        page.state.set("ready");
    }
    page.message.set("The camera is off. Press Start camera to continue.".into());
}

fn watch_for_unplug(page: Page, stream: &MediaStream) {
    for track in stream.get_video_tracks().iter() {
        let track: web_sys::MediaStreamTrack = track.unchecked_into();
        let on_ended = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            stop_camera(page);
            page.camera_error.set(Some(("camera-disconnected", "The camera was disconnected. Reconnect it, then press Start camera.".into())));
        });
        track.set_onended(Some(on_ended.as_ref().unchecked_ref()));
        on_ended.forget();
    }
}

fn listen_for_hidden_tab(page: Page) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let doc = document.clone();
    let handler = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if doc.hidden() && page.state.get_untracked() == "running" {
            page.message.set("Paused while the tab is hidden.".into());
        } else if page.state.get_untracked() == "running" {
            page.message.set("Camera on. Look straight at the camera.".into());
            page.session.update_value(|s| {
                if let Some(s) = s {
                    s.reset()
                }
            });
        }
    });
    let _ = document.add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
    handler.forget();
}

fn schedule_frame(page: Page) {
    request_animation_frame(move || {
        if page.state.get_untracked() != "running" {
            return;
        }
        step(page);
        schedule_frame(page);
    });
}

fn step(page: Page) {
    let Some(video) = page.video.get_untracked() else { return };
    let now = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    let result = page.session.try_update_value(|s| s.as_mut().and_then(|s| s.step(&video, now))).flatten();
    let Some(result) = result else { return };
    update_readout(page, &result, now);
    draw(page, &result);
}

fn update_readout(page: Page, r: &FrameResult, now: f64) {
    page.frames.update(|n| *n += 1);
    page.frame_times.update_value(|t| {
        t.push(now);
        if t.len() > 30 {
            t.remove(0);
        }
        if t.len() > 1 {
            page.fps.set((t.len() - 1) as f64 * 1000.0 / (t[t.len() - 1] - t[0]).max(1.0));
        }
    });
    page.engine_ms.set(r.engine_ms);
    page.frame_size.set(format!("{} {}", r.width, r.height));
    match &r.face {
        Some(face) => {
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for p in &face.mesh {
                x0 = x0.min(p.x);
                y0 = y0.min(p.y);
                x1 = x1.max(p.x);
                y1 = y1.max(p.y);
            }
            page.face_present.set(true);
            let measured = facegrade::measure::measure(face, None, None);
            page.measures.set(measured.map_or_else(Vec::new, |m| {
                facegrade::measure::MEASUREMENT_NAMES
                    .iter()
                    .map(|&n| {
                        let v = &m.measurements[n];
                        (n, v.right, v.left, v.difference, v.severity.code())
                    })
                    .collect()
            }));
            page.landmark_count.set(face.mesh.len());
            page.face_box.set(format!("{:.0} {:.0} {:.0} {:.0}", x0, y0, x1 - x0, y1 - y0));
        }
        None => {
            page.face_present.set(false);
            page.measures.set(Vec::new());
            page.landmark_count.set(0);
            page.face_box.set(String::new());
        }
    }
    let quality = match &r.quality {
        Ok(()) => ("ok".to_string(), "Good: one face, facing the camera, well lit.".to_string()),
        Err(issue) => (issue.code().to_string(), issue.advice()),
    };
    if page.quality.get_untracked() != quality {
        page.quality.set(quality);
    }
}

fn draw(page: Page, r: &FrameResult) {
    let Some(canvas) = page.overlay.get_untracked() else { return };
    if canvas.width() != r.width || canvas.height() != r.height {
        canvas.set_width(r.width);
        canvas.set_height(r.height);
    }
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok()) else { return };
    overlay::clear(&ctx, r.width as f64, r.height as f64);
    if let Some(face) = &r.face {
        overlay::draw_face(&ctx, face, page.show_mesh.get_untracked());
    }
}
