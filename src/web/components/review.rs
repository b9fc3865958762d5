//! Review and correction of a captured view (the panel): the picture with the landmarks
//! measurements use, the point picker, nudges, zoom, undo and redo, eyes marked closed, and
//! the view's measurements as now corrected. Pointer handling is here; what an edit does
//! is `editor.rs`. One effect redraws the canvas whenever what it shows changes.

use crate::editor::{close, commit, draw, edit, move_handle, nudge, pick, redo, select_handle, selected_screen_position, to_picture, undo, zoom_about, Drag, Editor, Handle, PictureState, CANVAS_H, CANVAS_W, TOUCH_REACH_CSS_PX};
use crate::exam::ExamState;
use crate::live::Analysis;
use facegrade::correction::{correctable_points, CorrectablePoint, CorrectableRegion, LandmarkCorrections};
use facegrade::measure::{Expression, MeasurementName};
use facegrade::side::Side;
use leptos::prelude::*;
use web_sys::{PointerEvent, WheelEvent};

/// A point's name in the clinic's words, e.g. "right upper lid 3".
pub fn point_label(p: &CorrectablePoint, ordinal: usize) -> String {
    let region = match p.region {
        CorrectableRegion::Brow => "brow",
        CorrectableRegion::UpperLid => "upper lid",
        CorrectableRegion::LowerLid => "lower lid",
        CorrectableRegion::Lips => "lips",
        CorrectableRegion::Nose => "alar base",
        CorrectableRegion::Midline => "midline",
    };
    match p.side {
        Some(side) => format!("{} {region} {ordinal}", side.name()),
        None => format!("{region} {ordinal}"),
    }
}

/// Every handle for the point picker: (code, label).
pub fn handle_choices() -> Vec<(String, String)> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    let mut out: Vec<(String, String)> = correctable_points()
        .iter()
        .map(|p| {
            let key = point_label(p, 0);
            let n = counts.entry(key).or_insert(0);
            *n += 1;
            (Handle::Point(p.index).code(), point_label(p, *n))
        })
        .collect();
    for side in Side::BOTH {
        out.push((Handle::IrisCentre(side).code(), format!("{} iris centre", side.name())));
        out.push((Handle::IrisRim(side).code(), format!("{} iris rim (radius)", side.name())));
    }
    out
}


fn canvas_position(canvas: &web_sys::HtmlCanvasElement, x: i32, y: i32) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    ((x as f64 - rect.left()) * CANVAS_W / rect.width().max(1.0), (y as f64 - rect.top()) * CANVAS_H / rect.height().max(1.0))
}

fn on_pointer_down(editor: Editor, ev: PointerEvent) {
    let Some(canvas) = editor.canvas.get_untracked() else { return };
    let Some(mesh) = editor.mesh() else { return };
    let at = canvas_position(&canvas, ev.client_x(), ev.client_y());
    let _ = canvas.set_pointer_capture(ev.pointer_id());
    ev.prevent_default();
    // A finger covers more than a mouse pointer: its reach in the canvas's own units.
    let reach = if ev.pointer_type() == "touch" { TOUCH_REACH_CSS_PX * CANVAS_W / canvas.get_bounding_client_rect().width().max(1.0) } else { 0.0 };
    match pick(editor, &mesh, at, reach) {
        Some(handle) => {
            editor.selected.set(Some(handle));
            editor.drag.set_value(Some(Drag::Handle { handle, before: editor.corrections.get_untracked() }));
        }
        None => editor.drag.set_value(Some(Drag::Pan { from: at, centre: editor.centre.get_untracked() })),
    }
}

fn on_pointer_move(editor: Editor, ev: PointerEvent) {
    let Some(canvas) = editor.canvas.get_untracked() else { return };
    let at = canvas_position(&canvas, ev.client_x(), ev.client_y());
    let pan = editor.drag.with_value(|d| match d {
        Some(Drag::Handle { handle, .. }) => Some(Err(*handle)),
        Some(Drag::Pan { from, centre }) => Some(Ok((*from, *centre))),
        None => None,
    });
    match pan {
        Some(Err(handle)) => {
            let Some(mesh) = editor.mesh() else { return };
            move_handle(editor, &mesh, handle, to_picture(editor, at));
        }
        Some(Ok((from, centre))) => {
            let z = editor.zoom.get_untracked();
            editor.centre.set((centre.0 - (at.0 - from.0) / z, centre.1 - (at.1 - from.1) / z));
        }
        None => return,
    }
}

fn on_pointer_up(editor: Editor, exam: ExamState, worker: Analysis) {
    if let Some(Drag::Handle { before, .. }) = editor.drag.try_update_value(|d| d.take()).flatten() {
        commit(editor, exam, worker, before);
    }
}

fn on_wheel(editor: Editor, ev: WheelEvent) {
    ev.prevent_default();
    let Some(canvas) = editor.canvas.get_untracked() else { return };
    let at = canvas_position(&canvas, ev.client_x(), ev.client_y());
    zoom_about(editor, if ev.delta_y() < 0.0 { 1.25 } else { 0.8 }, at);
}

/// The review panel.
#[component]
pub fn Review() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let exam = expect_context::<ExamState>();
    let worker = expect_context::<Analysis>();
    let choices = handle_choices();
    // The canvas follows everything that changes what it shows.
    Effect::new(move |_| {
        editor.view.track();
        editor.picture_state.track();
        editor.corrections.track();
        editor.zoom.track();
        editor.centre.track();
        editor.selected.track();
        editor.show_original.track();
        draw(editor);
    });
    // The exam changed under the review (new, reopened, a view captured again): close it.
    Effect::new(move |previous: Option<u32>| {
        let generation = exam.generation.get();
        if previous.is_some_and(|p| p != generation) {
            close(editor);
        }
        generation
    });
    let measurements = move || {
        let view = editor.view.get().and_then(|v| Expression::from_code(&v))?;
        exam.result.with(|result| {
            let m = &result.as_ref()?.views.get(&view)?.measurements;
            Some(
                MeasurementName::ALL
                    .into_iter()
                    .filter_map(|name| {
                        let v = m.get(&name)?;
                        let f = |x: f32| format!("{x:.2}");
                        Some(view! { <tr data-review-measure=name.as_str()><th>{name.as_str().replace('_', " ")}</th><td data-side="right">{f(v.right)}</td><td data-side="left">{f(v.left)}</td><td>{f(v.difference)}</td></tr> })
                    })
                    .collect_view(),
            )
        })
    };
    let eye_box = move |side: Side| {
        view! {
            <label><input type="checkbox" data-action="mark-eye-closed" data-side=side.name()
                prop:checked=move || *editor.corrections.get().eye_closed.get(side)
                on:change=move |ev| { let closed = event_target_checked(&ev); edit(editor, exam, worker, |c| *c.eye_closed.get_mut(side) = closed); } />
                {format!(" {} eye closed", side.name())}</label>
        }
    };
    view! {
        <section id="review" class:hidden=move || editor.view.get().is_none()
            data-view=move || editor.view.get().unwrap_or_default()
            data-picture=move || editor.picture_state.get().code()
            data-corrections=move || { let c = editor.corrections.get(); (c.moved.len() + c.iris.left.is_some() as usize + c.iris.right.is_some() as usize + c.eye_closed.left as usize + c.eye_closed.right as usize).to_string() }>
            <h2>{move || format!("Review and correct: {}", editor.view.get().unwrap_or_default().replace('_', " "))}</h2>
            <p class="hint">"The picture as the camera saw it (the subject's right is on the left of the screen). Drag a point to where it belongs, or pick it below and move it a pixel at a time; drag an iris's centre or rim square to set its circle; drag the picture to pan, use the wheel to zoom. Every edit is kept beside the model's own landmarks and the exam is measured again. Grey rings show where the model had put a moved point."</p>
            <p class="hint" class:hidden=move || editor.picture_state.get() != PictureState::Missing>"No picture was kept for this view (a view saved before pictures were kept): the landmarks can still be corrected."</p>
            <p class="error" class:hidden=move || editor.error.get().is_none()>{move || editor.error.get().unwrap_or_default()}</p>
            <canvas node_ref=editor.canvas id="editor-canvas" tabindex="0"
                data-selected-screen=move || selected_screen_position(editor)
                on:pointerdown=move |ev| on_pointer_down(editor, ev)
                on:pointermove=move |ev| on_pointer_move(editor, ev)
                on:pointerup=move |_| on_pointer_up(editor, exam, worker)
                on:pointercancel=move |_| on_pointer_up(editor, exam, worker)
                on:wheel=move |ev| on_wheel(editor, ev)
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let step = if ev.shift_key() { 5.0 } else { 1.0 };
                    let (dx, dy) = match ev.key().as_str() { "ArrowLeft" => (-step, 0.0), "ArrowRight" => (step, 0.0), "ArrowUp" => (0.0, -step), "ArrowDown" => (0.0, step), _ => return };
                    ev.prevent_default();
                    nudge(editor, exam, worker, dx, dy);
                }></canvas>
            <div class="controls">
                <label>"Point "
                    <select data-action="select-point" on:change=move |ev| select_handle(editor, &event_target_value(&ev))>
                        <option value="">"(pick or click a point)"</option>
                        {choices.into_iter().map(|(code, label)| {
                            let selected_code = code.clone();
                            view! { <option value=code prop:selected=move || editor.selected.get().map(|h| h.code()) == Some(selected_code.clone())>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button data-action="nudge" data-dx="0" data-dy="-1" on:click=move |_| nudge(editor, exam, worker, 0.0, -1.0)>"Up 1 px"</button>
                <button data-action="nudge" data-dx="0" data-dy="1" on:click=move |_| nudge(editor, exam, worker, 0.0, 1.0)>"Down 1 px"</button>
                <button data-action="nudge" data-dx="-1" data-dy="0" on:click=move |_| nudge(editor, exam, worker, -1.0, 0.0)>"Left 1 px"</button>
                <button data-action="nudge" data-dx="1" data-dy="0" on:click=move |_| nudge(editor, exam, worker, 1.0, 0.0)>"Right 1 px"</button>
                <button data-action="zoom-in" on:click=move |_| zoom_about(editor, 1.5, (CANVAS_W / 2.0, CANVAS_H / 2.0))>"Zoom in"</button>
                <button data-action="zoom-out" on:click=move |_| zoom_about(editor, 1.0 / 1.5, (CANVAS_W / 2.0, CANVAS_H / 2.0))>"Zoom out"</button>
                <button data-action="undo" prop:disabled=move || editor.undo.get().is_empty() on:click=move |_| undo(editor, exam, worker)>"Undo"</button>
                <button data-action="redo" prop:disabled=move || editor.redo.get().is_empty() on:click=move |_| redo(editor, exam, worker)>"Redo"</button>
                {eye_box(Side::Right)}
                {eye_box(Side::Left)}
                <label><input type="checkbox" data-action="show-original" prop:checked=move || editor.show_original.get()
                    on:change=move |ev| editor.show_original.set(event_target_checked(&ev)) />" show the model's points"</label>
                <button data-action="reset-corrections" prop:disabled=move || editor.corrections.get().is_empty()
                    on:click=move |_| edit(editor, exam, worker, |c| *c = LandmarkCorrections::default())>"Back to the model's landmarks"</button>
                <button data-action="close-review" on:click=move |_| close(editor)>"Close"</button>
            </div>
            <table id="review-measurements">
                <caption>"This view's measurements (mm or degrees; subject's right and left), as now corrected"</caption>
                <thead><tr><th>"Measure"</th><th>"Right"</th><th>"Left"</th><th>"Difference"</th></tr></thead>
                <tbody>{measurements}</tbody>
            </table>
        </section>
    }
}
