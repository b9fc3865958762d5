//! The status line and the live controls: model progress, the iris model still loading
//! (millimetres wait for it), camera errors in plain words,
//! start and stop, the camera and resolution pickers, the mesh and patient-view toggles.

use crate::camera::RESOLUTIONS;
use crate::live::{Analysis, Live, PagePhase};
use crate::i18n::{words, say};
use facegrade::i18n::Msg;
use leptos::prelude::*;

#[component]
pub fn Status() -> impl IntoView {
    let live = expect_context::<Live>();
    let analysis = expect_context::<Analysis>();
    let phase = live.phase;
    view! {
        <section class="status" aria-live="polite">
            <p id="status-message">{move || say(&live.message.get())}</p>
            <progress id="model-progress" max="1"
                data-model-progress=move || format!("{:.3}", live.progress.get())
                prop:value=move || live.progress.get()
                class:hidden=move || phase.get() != PagePhase::Loading></progress>
            <p id="iris-model" data-iris-model=move || live.iris_model.with(|s| s.code())
                class:hidden=move || live.iris_model.with(|s| s.notice().is_none())>
                {move || live.iris_model.with(|s| s.notice().map(|n| say(&n)).unwrap_or_default())}
            </p>
            <p id="camera-error" class="error"
                data-camera-error=move || live.camera_error.get().map(|(c, _)| c).unwrap_or("")
                class:hidden=move || live.camera_error.get().is_none()>
                {move || live.camera_error.get().map(|(_, m)| say(&m)).unwrap_or_default()}
            </p>
            <div class="controls">
                <button data-action="start-camera" on:click=move |_| live.start_camera(analysis)
                    prop:disabled=move || phase.get() != PagePhase::Ready>
                    {words(Msg::StartCamera)}
                </button>
                <button data-action="stop-camera" on:click=move |_| live.stop_camera()
                    prop:disabled=move || phase.get() != PagePhase::Running>
                    {words(Msg::StopCamera)}
                </button>
                <label>{words(Msg::CameraLabel)}
                    <select data-action="select-camera" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        live.choice.update(|c| c.device_id = (!id.is_empty()).then_some(id));
                        live.restart_camera(analysis);
                    }>
                        <option value="">{words(Msg::DefaultCamera)}</option>
                        <For each=move || live.cameras.get() key=|(id, _)| id.clone() children=move |(id, label)| {
                            let chosen = id.clone();
                            view! { <option value=id prop:selected=move || live.choice.get().device_id.as_deref() == Some(chosen.as_str())>{label}</option> }
                        } />
                    </select>
                </label>
                <label>{words(Msg::ResolutionLabel)}
                    <select data-action="select-resolution" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some((w, h)) = value.split_once('x').and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?))) {
                            live.choice.update(|c| { c.width = w; c.height = h; });
                            live.restart_camera(analysis);
                        }
                    }>
                        {RESOLUTIONS.iter().map(|(w, h)| view! { <option value=format!("{w}x{h}")>{format!("{w} x {h}")}</option> }).collect_view()}
                    </select>
                </label>
                <label><input type="checkbox" data-action="toggle-mesh"
                    on:change=move |ev| live.show_mesh.set(event_target_checked(&ev)) />{words(Msg::ShowMesh)}</label>
                <label><input type="checkbox" data-action="toggle-patient-mode"
                    on:change=move |ev| live.patient_mode.set(event_target_checked(&ev)) />{words(Msg::PatientView)}</label>
            </div>
        </section>
    }
}
