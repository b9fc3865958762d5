//! Review and correction of a captured view: the picture it was measured on with the
//! landmarks that measurements use. A clinician drags a point (or selects it and nudges it
//! a pixel at a time), sets an iris circle (drag its centre or its rim handle), marks an
//! eye as closed; zoom with the wheel or the buttons, pan by dragging the picture; undo and
//! redo. Each finished edit is stored beside the model's landmarks (never over them) and
//! the whole exam is measured and scored again at once. The panel and its pointer
//! handling are `components/review.rs`; the canvas is redrawn by its effect.

use super::exam::{run as exam_run, ExamState};
use super::live::Analysis;
use super::protocol::wire::Attachments;
use super::protocol::{FromWorker, ToWorker};
use facegrade::i18n::{Msg, Said};
use facegrade::measure::Expression;
use facegrade::correction::{correctable_points, corrected_mesh, CorrectableRegion, IrisCircle, LandmarkCorrections};
use facegrade::engine::topology::{brow_upper, eye_refinement, iris_indices, lid, INNER_LOWER_LIP, INNER_UPPER_LIP, MIDLINE, OUTER_LOWER_LIP, OUTER_UPPER_LIP};
use facegrade::engine::FaceLandmarks;
use facegrade::geometry::{image_bounds, Point2, Point3};
use facegrade::side::Side;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, ImageBitmap};

/// The canvas's own pixel size (CSS scales it to the page).
pub(crate) const CANVAS_W: f64 = 720.0;
pub(crate) const CANVAS_H: f64 = 540.0;
/// How near (canvas pixels) a press must be to pick a handle.
const PICK_RADIUS: f64 = 12.0;
/// A fingertip's reach in CSS pixels (half of WCAG's 44 px target): on a phone the canvas
/// is drawn at half its size or less, so a touch picks within this much of a point.
pub(crate) const TOUCH_REACH_CSS_PX: f64 = 22.0;

/// Something the clinician can drag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Handle {
    Point(usize),
    IrisCentre(Side),
    IrisRim(Side),
}

impl Handle {
    pub(crate) fn code(self) -> String {
        match self {
            Handle::Point(i) => format!("point-{i}"),
            Handle::IrisCentre(s) => format!("iris-centre-{}", s.name()),
            Handle::IrisRim(s) => format!("iris-rim-{}", s.name()),
        }
    }

    fn from_code(code: &str) -> Option<Handle> {
        if let Some(i) = code.strip_prefix("point-") {
            return i.parse().ok().map(Handle::Point);
        }
        let side = |s: &str| s.parse::<Side>().ok();
        if let Some(s) = code.strip_prefix("iris-centre-") {
            return side(s).map(Handle::IrisCentre);
        }
        code.strip_prefix("iris-rim-").and_then(side).map(Handle::IrisRim)
    }
}

/// The picture under review. `code` is the `#review[data-picture]` hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureState {
    None,
    Loading,
    Shown,
    /// No picture was kept (a view saved before pictures were): landmarks only.
    Missing,
}

impl PictureState {
    pub fn code(self) -> &'static str {
        match self {
            PictureState::None => "none",
            PictureState::Loading => "loading",
            PictureState::Shown => "shown",
            PictureState::Missing => "missing",
        }
    }
}

pub(crate) enum Drag {
    Handle { handle: Handle, before: LandmarkCorrections },
    Pan { from: (f64, f64), centre: (f64, f64) },
}

#[derive(Clone, Copy)]
pub struct Editor {
    /// The view under review (its code), if any.
    pub view: RwSignal<Option<String>>,
    pub(crate) original: StoredValue<Option<FaceLandmarks>, LocalStorage>,
    pub corrections: RwSignal<LandmarkCorrections>,
    pub(crate) undo: RwSignal<Vec<LandmarkCorrections>>,
    pub(crate) redo: RwSignal<Vec<LandmarkCorrections>>,
    pub(crate) zoom: RwSignal<f64>,
    /// The picture point at the canvas's centre.
    pub(crate) centre: RwSignal<(f64, f64)>,
    pub selected: RwSignal<Option<Handle>>,
    pub(crate) picture: StoredValue<Option<ImageBitmap>, LocalStorage>,
    pub picture_state: RwSignal<PictureState>,
    pub(crate) drag: StoredValue<Option<Drag>, LocalStorage>,
    pub show_original: RwSignal<bool>,
    pub error: RwSignal<Option<Said>>,
    pub canvas: NodeRef<html::Canvas>,
}

impl Editor {
    pub fn new() -> Self {
        Editor {
            view: RwSignal::new(None),
            original: StoredValue::new_local(None),
            corrections: RwSignal::new(LandmarkCorrections::default()),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
            zoom: RwSignal::new(1.0),
            centre: RwSignal::new((0.0, 0.0)),
            selected: RwSignal::new(None),
            picture: StoredValue::new_local(None),
            picture_state: RwSignal::new(PictureState::None),
            drag: StoredValue::new_local(None),
            show_original: RwSignal::new(true),
            error: RwSignal::new(None),
            canvas: NodeRef::new(),
        }
    }

    pub(crate) fn mesh(&self) -> Option<Vec<Point3>> {
        let corrections = self.corrections.get_untracked();
        self.original.with_value(|o| o.as_ref().and_then(|f| corrected_mesh(&f.mesh, &corrections).ok()))
    }
}

/// Opens a captured view for review: its landmarks, its corrections so far, its picture.
pub fn open(editor: Editor, exam: ExamState, view: &str) {
    let Some(record) = exam.record.get_untracked() else { return };
    let Some(face) = record.views.get(view).and_then(|v| serde_json::from_value::<FaceLandmarks>(v.clone()).ok()) else {
        editor.error.set(Some(Msg::ReviewLandmarksUnreadable.into()));
        return;
    };
    editor.error.set(None);
    let [x0, y0, w, h] = bounding_box(&face.mesh);
    editor.centre.set((x0 + w / 2.0, y0 + h / 2.0));
    editor.zoom.set((CANVAS_W / (w * 1.3)).min(CANVAS_H / (h * 1.3)));
    editor.original.set_value(Some(face));
    editor.corrections.set(record.corrections.get(view).cloned().unwrap_or_default());
    editor.undo.set(Vec::new());
    editor.redo.set(Vec::new());
    editor.selected.set(None);
    editor.view.set(Some(view.to_string()));
    editor.picture.set_value(None);
    editor.picture_state.set(PictureState::Loading);
    let (id, view) = (record.id.clone(), view.to_string());
    let in_memory = exam.pictures.with_value(|p| p.get(&view).cloned());
    leptos::task::spawn_local(async move {
        let blob = match in_memory {
            Some(b) => Some(b),
            None => super::store::load_picture(&id, &view).await.ok().flatten(),
        };
        let bitmap = match (blob, web_sys::window()) {
            (Some(blob), Some(w)) => match w.create_image_bitmap_with_blob(&blob) {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|b| b.dyn_into::<ImageBitmap>().ok()),
                Err(_) => None,
            },
            _ => None,
        };
        if editor.view.get_untracked().as_deref() != Some(view.as_str()) {
            return;
        }
        editor.picture_state.set(if bitmap.is_some() { PictureState::Shown } else { PictureState::Missing });
        editor.picture.set_value(bitmap);
    });
}

pub fn close(editor: Editor) {
    editor.view.set(None);
    editor.original.set_value(None);
    editor.picture.set_value(None);
    editor.picture_state.set(PictureState::None);
}

fn bounding_box(mesh: &[Point3]) -> [f64; 4] {
    let (min, max) = image_bounds(mesh);
    [min.x as f64, min.y as f64, (max.x - min.x).max(1.0) as f64, (max.y - min.y).max(1.0) as f64]
}

/// Picture coordinates -> canvas pixels, and back.
fn to_canvas(editor: Editor, p: (f64, f64)) -> (f64, f64) {
    let (z, (cx, cy)) = (editor.zoom.get_untracked(), editor.centre.get_untracked());
    (CANVAS_W / 2.0 + z * (p.0 - cx), CANVAS_H / 2.0 + z * (p.1 - cy))
}

pub(crate) fn to_picture(editor: Editor, c: (f64, f64)) -> (f64, f64) {
    let (z, (cx, cy)) = (editor.zoom.get_untracked(), editor.centre.get_untracked());
    (cx + (c.0 - CANVAS_W / 2.0) / z, cy + (c.1 - CANVAS_H / 2.0) / z)
}

/// Where a handle is, in picture pixels, on the corrected mesh.
fn handle_position(mesh: &[Point3], handle: Handle) -> (f64, f64) {
    match handle {
        Handle::Point(i) => (mesh[i].x as f64, mesh[i].y as f64),
        Handle::IrisCentre(side) => {
            let c = mesh[iris_indices(side)[0]];
            (c.x as f64, c.y as f64)
        }
        Handle::IrisRim(side) => {
            let (c, r) = iris_circle(mesh, side);
            (c.x as f64 + r as f64, c.y as f64)
        }
    }
}

/// The core's iris circle: the radius the calibration uses, so that dragging only the
/// centre keeps the exam's scale.
fn iris_circle(mesh: &[Point3], side: Side) -> (Point2, f32) {
    let c = facegrade::correction::iris_circle(mesh, side);
    (c.centre, c.radius_px)
}

fn handles() -> Vec<Handle> {
    let mut h: Vec<Handle> = correctable_points().into_iter().map(|p| Handle::Point(p.index)).collect();
    for side in Side::BOTH {
        h.push(Handle::IrisCentre(side));
        h.push(Handle::IrisRim(side));
    }
    h
}

/// The handle nearest a canvas position, if within reach.
/// The handle nearest `at` within `radius` canvas units (at least [`PICK_RADIUS`]).
pub(crate) fn pick(editor: Editor, mesh: &[Point3], at: (f64, f64), radius: f64) -> Option<Handle> {
    let radius = radius.max(PICK_RADIUS);
    handles()
        .into_iter()
        .map(|h| {
            let c = to_canvas(editor, handle_position(mesh, h));
            (h, (c.0 - at.0).hypot(c.1 - at.1))
        })
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(h, _)| h)
}

/// Moves a handle to a picture position, in the corrections.
pub(crate) fn move_handle(editor: Editor, mesh: &[Point3], handle: Handle, to: (f64, f64)) {
    let to = Point2::new(to.0 as f32, to.1 as f32);
    editor.corrections.update(|c| match handle {
        Handle::Point(i) => {
            c.moved.insert(i, to);
        }
        Handle::IrisCentre(side) => {
            let (_, r) = iris_circle(mesh, side);
            *c.iris.get_mut(side) = Some(IrisCircle { centre: to, radius_px: r.max(1.0) });
        }
        Handle::IrisRim(side) => {
            let (centre, _) = iris_circle(mesh, side);
            *c.iris.get_mut(side) = Some(IrisCircle { centre, radius_px: centre.distance(to).max(1.0) });
        }
    });
}

/// A finished edit: remembered for undo, stored beside the model's landmarks, and the
/// exam measured and scored again.
pub(crate) fn commit(editor: Editor, exam: ExamState, worker: Analysis, before: LandmarkCorrections) {
    if before == editor.corrections.get_untracked() {
        return;
    }
    editor.undo.update(|u| u.push(before));
    editor.redo.set(Vec::new());
    store_and_rescore(editor, exam, worker);
}

fn store_and_rescore(editor: Editor, exam: ExamState, worker: Analysis) {
    let Some(view) = editor.view.get_untracked() else { return };
    let corrections = editor.corrections.get_untracked();
    exam_run::store_corrections(exam, &view, corrections.clone());
    if let (Some(view), Some(w)) = (Expression::from_code(&view), worker.client()) {
        leptos::task::spawn_local(async move {
            match w.request(&ToWorker::CorrectView { view, corrections }, Attachments::default()).await {
                Ok((FromWorker::Corrected(Ok(())), _)) => {}
                Ok((FromWorker::Corrected(Err(e)), _)) | Err(e) => editor.error.set(Some(Said::new(Msg::ReviewCorrectionNotKept).with("error", e))),
                Ok(_) => {}
            }
            exam_run::request_scores(exam, worker);
        });
    }
}

pub fn undo(editor: Editor, exam: ExamState, worker: Analysis) {
    let Some(previous) = editor.undo.try_update(|u| u.pop()).flatten() else { return };
    let now = editor.corrections.get_untracked();
    editor.redo.update(|r| r.push(now));
    editor.corrections.set(previous);
    store_and_rescore(editor, exam, worker);
}

pub fn redo(editor: Editor, exam: ExamState, worker: Analysis) {
    let Some(next) = editor.redo.try_update(|r| r.pop()).flatten() else { return };
    let now = editor.corrections.get_untracked();
    editor.undo.update(|u| u.push(now));
    editor.corrections.set(next);
    store_and_rescore(editor, exam, worker);
}

/// An edit made in one step (a button, a checkbox): applied, then committed.
pub(crate) fn edit(editor: Editor, exam: ExamState, worker: Analysis, change: impl FnOnce(&mut LandmarkCorrections)) {
    let before = editor.corrections.get_untracked();
    editor.corrections.update(change);
    commit(editor, exam, worker, before);
}

/// Zooms by `factor` keeping the picture point under `at` (canvas pixels) in place.
pub(crate) fn zoom_about(editor: Editor, factor: f64, at: (f64, f64)) {
    let fixed = to_picture(editor, at);
    let z = (editor.zoom.get_untracked() * factor).clamp(0.2, 40.0);
    editor.zoom.set(z);
    editor.centre.set((fixed.0 - (at.0 - CANVAS_W / 2.0) / z, fixed.1 - (at.1 - CANVAS_H / 2.0) / z));
}

/// Moves the selected handle by whole picture pixels (keyboard-precise correction).
pub(crate) fn nudge(editor: Editor, exam: ExamState, worker: Analysis, dx: f64, dy: f64) {
    let (Some(handle), Some(mesh)) = (editor.selected.get_untracked(), editor.mesh()) else { return };
    let p = handle_position(&mesh, handle);
    let before = editor.corrections.get_untracked();
    move_handle(editor, &mesh, handle, (p.0 + dx, p.1 + dy));
    commit(editor, exam, worker, before);
}

fn region_colour(region: CorrectableRegion) -> &'static str {
    match region {
        CorrectableRegion::Brow => "rgb(200,160,255)",
        CorrectableRegion::UpperLid | CorrectableRegion::LowerLid => "rgb(0,220,255)",
        CorrectableRegion::Lips => "rgb(255,105,180)",
        CorrectableRegion::Nose => "rgb(255,215,0)",
        CorrectableRegion::Midline => "rgb(255,215,0)",
    }
}

pub fn select_handle(editor: Editor, code: &str) {
    editor.selected.set(Handle::from_code(code));
}

/// The selected handle's position on the canvas element in CSS pixels ("x y"), for tests
/// that drag it with the mouse.
pub fn selected_screen_position(editor: Editor) -> String {
    let (Some(handle), Some(mesh), Some(canvas)) = (editor.selected.get(), editor.mesh(), editor.canvas.get_untracked()) else { return String::new() };
    // Recompute when anything that moves the handle on screen changes.
    let _ = (editor.zoom.get(), editor.centre.get(), editor.corrections.get());
    let (x, y) = to_canvas(editor, handle_position(&mesh, handle));
    let rect = canvas.get_bounding_client_rect();
    format!("{:.1} {:.1}", x * rect.width() / CANVAS_W, y * rect.height() / CANVAS_H)
}

fn stroke_polyline(ctx: &CanvasRenderingContext2d, editor: Editor, mesh: &[Point3], indices: &[usize], colour: &str) {
    ctx.begin_path();
    for (k, &i) in indices.iter().enumerate() {
        let (x, y) = to_canvas(editor, (mesh[i].x as f64, mesh[i].y as f64));
        if k == 0 {
            ctx.move_to(x, y);
        } else {
            ctx.line_to(x, y);
        }
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(1.5);
    ctx.stroke();
}

/// Redraws the picture, the corrected contours and handles, and the model's own points
/// (hollow grey) where they were moved.
pub fn draw(editor: Editor) {
    let Some(canvas) = editor.canvas.get_untracked() else { return };
    canvas.set_width(CANVAS_W as u32);
    canvas.set_height(CANVAS_H as u32);
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok()) else { return };
    ctx.set_fill_style_str("#111");
    ctx.fill_rect(0.0, 0.0, CANVAS_W, CANVAS_H);
    let Some(mesh) = editor.mesh() else { return };
    editor.picture.with_value(|p| {
        if let Some(p) = p {
            let (x, y) = to_canvas(editor, (0.0, 0.0));
            let z = editor.zoom.get_untracked();
            let _ = ctx.draw_image_with_image_bitmap_and_dw_and_dh(p, x, y, p.width() as f64 * z, p.height() as f64 * z);
        }
    });
    for side in Side::BOTH {
        let map = eye_refinement(side);
        let mut outline: Vec<usize> = lid::around().map(|k| map[k]).collect();
        outline.push(map[lid::LATERAL_CANTHUS]);
        stroke_polyline(&ctx, editor, &mesh, &outline, "rgba(0,220,255,0.8)");
        stroke_polyline(&ctx, editor, &mesh, &brow_upper(side), "rgba(200,160,255,0.8)");
        let (c, r) = iris_circle(&mesh, side);
        let (x, y) = to_canvas(editor, (c.x as f64, c.y as f64));
        ctx.begin_path();
        let _ = ctx.arc(x, y, r as f64 * editor.zoom.get_untracked(), 0.0, std::f64::consts::TAU);
        ctx.set_stroke_style_str("rgba(120,255,120,0.9)");
        ctx.stroke();
    }
    for ring in [&OUTER_UPPER_LIP[..], &OUTER_LOWER_LIP[..], &INNER_UPPER_LIP[..], &INNER_LOWER_LIP[..]] {
        stroke_polyline(&ctx, editor, &mesh, ring, "rgba(255,105,180,0.8)");
    }
    stroke_polyline(&ctx, editor, &mesh, &MIDLINE, "rgba(255,215,0,0.6)");
    let corrections = editor.corrections.get_untracked();
    let selected = editor.selected.get_untracked();
    let original = editor.original.with_value(|o| o.as_ref().map(|f| f.mesh.clone())).unwrap_or_default();
    for p in correctable_points() {
        let (x, y) = to_canvas(editor, (mesh[p.index].x as f64, mesh[p.index].y as f64));
        if editor.show_original.get_untracked() && corrections.moved.contains_key(&p.index) && p.index < original.len() {
            let (ox, oy) = to_canvas(editor, (original[p.index].x as f64, original[p.index].y as f64));
            ctx.begin_path();
            let _ = ctx.arc(ox, oy, 3.5, 0.0, std::f64::consts::TAU);
            ctx.set_stroke_style_str("rgba(200,200,200,0.9)");
            ctx.stroke();
        }
        ctx.begin_path();
        let radius = if selected == Some(Handle::Point(p.index)) { 6.0 } else { 3.0 };
        let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(if corrections.moved.contains_key(&p.index) { "rgb(255,140,0)" } else { region_colour(p.region) });
        ctx.fill();
    }
    for side in Side::BOTH {
        for handle in [Handle::IrisCentre(side), Handle::IrisRim(side)] {
            let (x, y) = to_canvas(editor, handle_position(&mesh, handle));
            ctx.begin_path();
            ctx.rect(x - 4.0, y - 4.0, 8.0, 8.0);
            ctx.set_fill_style_str(if selected == Some(handle) { "rgb(255,255,255)" } else { "rgb(120,255,120)" });
            ctx.fill();
        }
    }
}

