//! Review and correction of a captured view (the panel): the picture with the landmarks
//! measurements use, the point picker, nudges, zoom, undo and redo, eyes marked closed, and
//! the view's measurements as now corrected. Pointer handling is here; what an edit does
//! is `editor.rs`. One effect redraws the canvas whenever what it shows changes.

use crate::editor::{close, commit, draw, edit, move_handle, nudge, pick, redo, select_handle, selected_screen_position, to_picture, undo, zoom_about, Drag, Editor, Handle, PictureState, CANVAS_H, CANVAS_W, TOUCH_REACH_CSS_PX};
use crate::exam::ExamState;
use crate::i18n::{words, lang, say};
use crate::live::Analysis;
use facegrade::correction::{correctable_points, CorrectablePoint, CorrectableRegion, LandmarkCorrections};
use facegrade::i18n::{fill, text, Lang, Msg};
use facegrade::measure::{Expression, MeasurementName};
use facegrade::side::Side;
use leptos::prelude::*;
use web_sys::{PointerEvent, WheelEvent};

/// A point's name in the clinic's words, e.g. "right upper lid 3" (右上眼瞼 3).
pub fn point_label(p: &CorrectablePoint, ordinal: usize, lang: Lang) -> String {
    let region = text(
        match p.region {
            CorrectableRegion::Brow => Msg::RegionBrow,
            CorrectableRegion::UpperLid => Msg::RegionUpperLid,
            CorrectableRegion::LowerLid => Msg::RegionLowerLid,
            CorrectableRegion::Lips => Msg::RegionLips,
            CorrectableRegion::Nose => Msg::RegionAlarBase,
            CorrectableRegion::Midline => Msg::RegionMidline,
        },
        lang,
    );
    let n = ordinal.to_string();
    match p.side {
        Some(side) => fill(Msg::ReviewPointSided, lang, &[("side", side.word(lang)), ("region", region), ("n", &n)]),
        None => format!("{region} {n}"),
    }
}

/// Every handle for the point picker: (code, label in `lang`).
pub fn handle_choices(lang: Lang) -> Vec<(String, String)> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    let mut out: Vec<(String, String)> = correctable_points()
        .iter()
        .map(|p| {
            let key = point_label(p, 0, Lang::En);
            let n = counts.entry(key).or_insert(0);
            *n += 1;
            (Handle::Point(p.index).code(), point_label(p, *n, lang))
        })
        .collect();
    for side in Side::BOTH {
        out.push((Handle::IrisCentre(side).code(), fill(Msg::ReviewIrisCentre, lang, &[("side", side.word(lang))])));
        out.push((Handle::IrisRim(side).code(), fill(Msg::ReviewIrisRim, lang, &[("side", side.word(lang))])));
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
                        Some(view! { <tr data-review-measure=name.as_str()><th>{name.label(lang())}</th><td data-side="right">{f(v.right)}</td><td data-side="left">{f(v.left)}</td><td>{f(v.difference)}</td></tr> })
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
                {move || fill(Msg::ReviewEyeClosed, lang(), &[("side", side.word(lang()))])}</label>
        }
    };
    view! {
        <section id="review" class:hidden=move || editor.view.get().is_none()
            data-view=move || editor.view.get().unwrap_or_default()
            data-picture=move || editor.picture_state.get().code()
            data-corrections=move || { let c = editor.corrections.get(); (c.moved.len() + c.iris.left.is_some() as usize + c.iris.right.is_some() as usize + c.eye_closed.left as usize + c.eye_closed.right as usize).to_string() }>
            <h2>{move || {
                let code = editor.view.get().unwrap_or_default();
                let view = Expression::from_code(&code).map_or_else(|| code.replace('_', " "), |v| v.name(lang()).to_string());
                fill(Msg::ReviewHeading, lang(), &[("view", &view)])
            }}</h2>
            <p class="hint">{words(Msg::ReviewHint)}</p>
            <p class="hint" class:hidden=move || editor.picture_state.get() != PictureState::Missing>{words(Msg::ReviewNoPicture)}</p>
            <p class="error" class:hidden=move || editor.error.get().is_none()>{move || editor.error.get().map(|e| say(&e)).unwrap_or_default()}</p>
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
                <label>{words(Msg::ReviewPoint)}
                    <select data-action="select-point" on:change=move |ev| select_handle(editor, &event_target_value(&ev))>
                        <option value="">{words(Msg::ReviewPickPoint)}</option>
                        {move || handle_choices(lang()).into_iter().map(|(code, label)| {
                            let selected_code = code.clone();
                            view! { <option value=code prop:selected=move || editor.selected.get().map(|h| h.code()) == Some(selected_code.clone())>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button data-action="nudge" data-dx="0" data-dy="-1" on:click=move |_| nudge(editor, exam, worker, 0.0, -1.0)>{words(Msg::NudgeUp)}</button>
                <button data-action="nudge" data-dx="0" data-dy="1" on:click=move |_| nudge(editor, exam, worker, 0.0, 1.0)>{words(Msg::NudgeDown)}</button>
                <button data-action="nudge" data-dx="-1" data-dy="0" on:click=move |_| nudge(editor, exam, worker, -1.0, 0.0)>{words(Msg::NudgeLeft)}</button>
                <button data-action="nudge" data-dx="1" data-dy="0" on:click=move |_| nudge(editor, exam, worker, 1.0, 0.0)>{words(Msg::NudgeRight)}</button>
                <button data-action="zoom-in" on:click=move |_| zoom_about(editor, 1.5, (CANVAS_W / 2.0, CANVAS_H / 2.0))>{words(Msg::ZoomIn)}</button>
                <button data-action="zoom-out" on:click=move |_| zoom_about(editor, 1.0 / 1.5, (CANVAS_W / 2.0, CANVAS_H / 2.0))>{words(Msg::ZoomOut)}</button>
                <button data-action="undo" prop:disabled=move || editor.undo.get().is_empty() on:click=move |_| undo(editor, exam, worker)>{words(Msg::Undo)}</button>
                <button data-action="redo" prop:disabled=move || editor.redo.get().is_empty() on:click=move |_| redo(editor, exam, worker)>{words(Msg::Redo)}</button>
                {eye_box(Side::Right)}
                {eye_box(Side::Left)}
                <label><input type="checkbox" data-action="show-original" prop:checked=move || editor.show_original.get()
                    on:change=move |ev| editor.show_original.set(event_target_checked(&ev)) />{words(Msg::ReviewShowOriginal)}</label>
                <button data-action="reset-corrections" prop:disabled=move || editor.corrections.get().is_empty()
                    on:click=move |_| edit(editor, exam, worker, |c| *c = LandmarkCorrections::default())>{words(Msg::ReviewReset)}</button>
                <button data-action="close-review" on:click=move |_| close(editor)>{words(Msg::ReviewClose)}</button>
            </div>
            <table id="review-measurements">
                <caption>{words(Msg::ReviewMeasurementsCaption)}</caption>
                <thead><tr><th>{words(Msg::ReviewMeasure)}</th><th>{words(Msg::RightHeader)}</th><th>{words(Msg::LeftHeader)}</th><th>{words(Msg::ReviewDifference)}</th></tr></thead>
                <tbody>{measurements}</tbody>
            </table>
        </section>
    }
}
