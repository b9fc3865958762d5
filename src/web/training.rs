//! "Improve the model": the training set made of clinicians' corrections, fine-tuning in
//! the worker, and the choice of landmark model. Everything stays on this device: the
//! training set and models live in IndexedDB, files are exported only by the user. The
//! panel is `components/training.rs`.

use super::exam::export::{download, download_bytes};
use super::live::Analysis;
use super::protocol::wire::Attachments;
use super::protocol::{FromWorker, ToWorker};
use super::model_loader::describe;
use super::store;
use facegrade::finetune::model_file::sha256_hex;
use facegrade::i18n::{Msg, Said};
use facegrade::finetune::{tuned_models, ModelCard, TrainingFrame, TrainingSet};
use leptos::prelude::*;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;


/// A running fine-tuning as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tuning {
    pub stage: String,
    pub done: u32,
    pub total: u32,
    pub error_px: Option<f64>,
    pub started_ms: f64,
}

#[derive(Clone, Copy)]
pub struct Training {
    pub frames: RwSignal<Vec<TrainingFrame>>,
    pub note: RwSignal<Option<Said>>,
    pub error: RwSignal<Option<Said>>,
    pub tuning: RwSignal<Option<Tuning>>,
    pub models: RwSignal<Vec<(String, ModelCard)>>,
    /// The fine-tuned model in use (None: the shipped one).
    pub active: RwSignal<Option<String>>,
    /// The model just made, offered for use.
    pub latest: RwSignal<Option<String>>,
    /// The shipped landmark and iris models' bytes: the base of every fine-tuning and the
    /// reference an imported model is checked against.
    pub shipped: StoredValue<Option<(Vec<u8>, Vec<u8>)>, LocalStorage>,
}

impl Training {
    pub fn new() -> Self {
        Training {
            frames: RwSignal::new(Vec::new()),
            note: RwSignal::new(None),
            error: RwSignal::new(None),
            tuning: RwSignal::new(None),
            models: RwSignal::new(Vec::new()),
            active: RwSignal::new(None),
            latest: RwSignal::new(None),
            shipped: StoredValue::new_local(None),
        }
    }
}

/// Chooses the landmark and iris models at start-up: the active fine-tuned pair if its
/// file still checks out against the shipped models, else the shipped ones (and the user
/// is told why). Reads only the active model's file: the training set and the model list
/// are loaded by [`refresh`], off the start-up path.
pub async fn choose_models(t: Training, shipped: (Vec<u8>, Vec<u8>)) -> (Vec<u8>, Vec<u8>) {
    t.shipped.set_value(Some(shipped.clone()));
    let Some(id) = store::active_model() else { return shipped };
    let stored = store::load_model_file(&id).await;
    let checked = match stored {
        Ok(Some(bytes)) => tuned_models(&bytes, &shipped.0, &shipped.1).map_err(|e| e.to_string()),
        Ok(None) => Err("it is no longer stored on this device".to_string()),
        Err(e) => Err(e),
    };
    match checked {
        Ok(models) => {
            t.active.set(Some(id));
            (models.face_landmarks, models.iris_landmarks)
        }
        Err(why) => {
            let _ = store::set_active_model(None);
            t.error.set(Some(Said::new(Msg::TunedModelUnusable).with("why", why)));
            shipped
        }
    }
}

/// Reloads the training set and the stored models' cards.
pub async fn refresh(t: Training) {
    match store::load_training_frames().await {
        Ok(list) => {
            let mut frames: Vec<TrainingFrame> = list.iter().filter_map(|j| serde_json::from_str(j).ok()).collect();
            frames.sort_by(|a, b| a.id.cmp(&b.id));
            t.frames.set(frames);
        }
        Err(e) => t.error.set(Some(Said::new(Msg::TrainingSetUnreadable).with("error", e))),
    }
    match store::load_model_cards().await {
        Ok(list) => t.models.set(list.into_iter().filter_map(|(id, card)| Some((id, serde_json::from_str(&card).ok()?))).collect()),
        Err(e) => t.error.set(Some(Said::new(Msg::StoredModelsUnreadable).with("error", e))),
    }
}

/// Asks the worker for a training frame from every corrected view of every saved exam
/// whose picture is kept; frames of views no longer corrected are dropped.
pub fn collect(t: Training, worker: Analysis) {
    leptos::task::spawn_local(async move {
        t.error.set(None);
        let Some(worker) = worker.client() else { return };
        let exams = match store::load_all().await {
            Ok(e) => e,
            Err(e) => return t.error.set(Some(Said::new(Msg::SavedExamsUnreadable).with("error", e))),
        };
        let mut wanted = BTreeSet::new();
        let (mut asked, mut refused, mut no_picture) = (0, 0, 0);
        t.note.set(Some(Said::new(Msg::CollectingViews).with("count", exams.len().to_string())));
        for exam in &exams {
            for (view, corrections) in exam.corrections.iter().filter(|(_, c)| !c.is_empty()) {
                let Some(face) = exam.views.get(view).and_then(|f| serde_json::from_value(f.clone()).ok()) else { continue };
                let id = format!("{}/{view}", exam.id);
                wanted.insert(id.clone());
                let Ok(Some(picture)) = store::load_picture(&exam.id, view).await else {
                    no_picture += 1;
                    continue;
                };
                let Some(promise) = web_sys::window().and_then(|w| w.create_image_bitmap_with_blob(&picture).ok()) else { continue };
                let Ok(bitmap) = JsFuture::from(promise).await.and_then(|b| b.dyn_into::<web_sys::ImageBitmap>()) else {
                    no_picture += 1;
                    continue;
                };
                let source = format!("{} · {} · {}", exam.pseudonym, date(exam.created_ms), view.replace('_', " "));
                asked += 1;
                let request = ToWorker::TrainingFrame { id: id.clone(), group: exam.pseudonym.clone(), source, face, corrections: corrections.clone() };
                match worker.request(&request, Attachments::bitmap(bitmap)).await {
                    Ok((FromWorker::TrainingFrame(Ok(Some(frame))), _)) => keep_frame(t, frame).await,
                    Ok((FromWorker::TrainingFrame(Ok(None)), _)) => refuse(&id, "nothing was corrected", &mut refused),
                    Ok((FromWorker::TrainingFrame(Err(why)), _)) | Err(why) => refuse(&id, &why, &mut refused),
                    Ok(_) => refuse(&id, "the analysis answered out of turn", &mut refused),
                }
            }
        }
        // Views of exams on this device that are no longer corrected leave the set.
        let here: BTreeSet<&str> = exams.iter().map(|e| e.id.as_str()).collect();
        for frame in t.frames.get_untracked() {
            let exam_id = frame.id.split('/').next().unwrap_or_default();
            if here.contains(exam_id) && !wanted.contains(&frame.id) {
                let _ = store::delete_training_frame(&frame.id).await;
            }
        }
        refresh(t).await;
        let note = match (asked, no_picture, refused) {
            (0, 0, _) => Said::new(Msg::NoCorrectedViews),
            (0, n, _) => Said::new(Msg::NoCorrectedViewsUnpictured).with("count", n.to_string()),
            (_, _, 0) => Said::new(Msg::TrainingSetHolds).with("count", t.frames.get_untracked().len().to_string()),
            (_, _, r) => Said::new(Msg::TrainingSetHoldsRefused).with("count", t.frames.get_untracked().len().to_string()).with("refused", r.to_string()),
        };
        t.note.set(Some(note));
    });
}

/// Keeps a training frame; a clinician's exclusion survives recollection.
async fn keep_frame(t: Training, mut frame: TrainingFrame) {
    frame.excluded = t.frames.get_untracked().iter().any(|f| f.id == frame.id && f.excluded);
    if let Err(e) = store::save_training_frame(&frame.id, &serde_json::to_string(&frame).unwrap_or_default()).await {
        t.error.set(Some(Said::new(Msg::TrainingFrameNotKept).with("error", e)));
    }
}

fn refuse(id: &str, why: &str, refused: &mut usize) {
    web_sys::console::warn_1(&format!("training frame {id}: {why}").into());
    *refused += 1;
}

pub(crate) fn set_excluded(t: Training, id: String, excluded: bool) {
    leptos::task::spawn_local(async move {
        let Some(mut frame) = t.frames.get_untracked().into_iter().find(|f| f.id == id) else { return };
        frame.excluded = excluded;
        match store::save_training_frame(&id, &serde_json::to_string(&frame).unwrap_or_default()).await {
            Ok(()) => t.frames.update(|fs| fs.iter_mut().filter(|f| f.id == id).for_each(|f| f.excluded = excluded)),
            Err(e) => t.error.set(Some(Said::new(Msg::FrameNotChanged).with("error", e))),
        }
    });
}

pub(crate) fn export_set(t: Training) {
    download("facegrade-training-set.json", "application/json", &TrainingSet::new(t.frames.get_untracked()).to_json());
}

/// Adds the frames of a training set file (another device's export); frames already here
/// are kept as they are. A file that does not validate is refused whole.
pub(crate) fn import_set(t: Training, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        t.error.set(None);
        let text = match JsFuture::from(file.text()).await {
            Ok(v) => v.as_string().unwrap_or_default(),
            Err(e) => return t.error.set(Some(Said::new(Msg::FileUnreadable).with("error", describe(&e)))),
        };
        let set = match TrainingSet::from_json(&text) {
            Ok(s) => s,
            Err(e) => return t.error.set(Some(Said::new(Msg::TrainingSetNotImported).with("error", e.to_string()))),
        };
        let here: BTreeSet<String> = t.frames.get_untracked().into_iter().map(|f| f.id).collect();
        let (mut added, mut kept) = (0, 0);
        for frame in set.frames {
            if here.contains(&frame.id) {
                kept += 1;
                continue;
            }
            if let Err(e) = store::save_training_frame(&frame.id, &serde_json::to_string(&frame).unwrap_or_default()).await {
                t.error.set(Some(Said::new(Msg::ImportStopped).with("added", added.to_string()).with("error", e)));
                break;
            }
            added += 1;
        }
        refresh(t).await;
        t.note.set(Some(Said::new(Msg::ImportedFrames).with("added", added.to_string()).with("kept", kept.to_string())));
    });
}

pub(crate) fn start(t: Training, worker: Analysis) {
    t.error.set(None);
    let frames: Vec<TrainingFrame> = t.frames.get_untracked().into_iter().filter(|f| !f.excluded).collect();
    let Some((base, iris)) = t.shipped.get_value() else { return t.error.set(Some(Msg::ShippedModelNotLoaded.into())) };
    if frames.is_empty() {
        return t.error.set(Some(Msg::NoIncludedFrame.into()));
    }
    let Some(worker) = worker.client() else { return };
    let created = String::from(js_sys::Date::new_0().to_iso_string());
    let name = format!("fine-tuned {} ({} frames)", &created[..10], frames.len());
    t.tuning.set(Some(Tuning { stage: crate::i18n::t(Msg::PreparingTheModel).into(), done: 0, total: 1, error_px: None, started_ms: js_sys::Date::now() }));
    leptos::task::spawn_local(async move {
        let request = ToWorker::FineTuneStart { frames, name, created };
        match worker.request(&request, Attachments::buffers(&[&base, &iris])).await {
            Ok((FromWorker::FineTuned { card }, model)) => on_done(t, model.buffer_bytes(0).unwrap_or_default(), serde_json::to_string(&card).unwrap_or_default()).await,
            Ok((FromWorker::FineTuneCancelled, _)) => on_cancelled(t),
            Ok((FromWorker::FineTuneFailed(why), _)) | Err(why) => on_failed(t, why),
            Ok(_) => on_failed(t, "the analysis answered out of turn".into()),
        }
    });
}

pub(crate) fn cancel(worker: Analysis) {
    if let Some(w) = worker.client() {
        w.send(&ToWorker::FineTuneCancel, Attachments::default());
    }
}

pub fn on_progress(t: Training, stage: String, done: u32, total: u32, error_px: Option<f64>) {
    t.tuning.update(|p| {
        if let Some(p) = p {
            *p = Tuning { stage, done, total, error_px, started_ms: p.started_ms };
        }
    });
}

async fn on_done(t: Training, model: Vec<u8>, card: String) {
    t.tuning.set(None);
    let id = sha256_hex(&model)[..12].to_string();
    match store::save_model(&id, &card, &model).await {
        Ok(()) => {
            t.latest.set(Some(id));
            t.note.set(Some(Msg::FinetuneFinished.into()));
        }
        Err(e) => t.error.set(Some(Said::new(Msg::NewModelNotStored).with("error", e))),
    }
    refresh(t).await;
}

fn on_failed(t: Training, why: String) {
    t.tuning.set(None);
    t.error.set(Some(Said::new(Msg::FinetuneStopped).with("why", why)));
}

fn on_cancelled(t: Training) {
    t.tuning.set(None);
    t.note.set(Some(Msg::FinetuneCancelled.into()));
}

/// Makes a model active (None: the shipped one) and reloads the page, which loads it.
pub(crate) fn use_model(t: Training, id: Option<String>) {
    match store::set_active_model(id.as_deref()) {
        Ok(()) => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
        Err(e) => t.error.set(Some(Said::new(Msg::ModelSwitchFailed).with("error", e))),
    }
}

pub(crate) fn export_model(t: Training, id: String) {
    leptos::task::spawn_local(async move {
        match store::load_model_file(&id).await {
            Ok(Some(bytes)) => download_bytes(&format!("facegrade-landmark-model-{id}.onnx"), "application/octet-stream", &bytes),
            Ok(None) => t.error.set(Some(Msg::ModelGone.into())),
            Err(e) => t.error.set(Some(Said::new(Msg::ModelUnreadable).with("error", e))),
        }
    });
}

/// Imports a model file exported by FaceGrade: it must be the shipped model's graph with a
/// model card; anything else is refused and the active model stays.
pub(crate) fn import_model(t: Training, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        t.error.set(None);
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(b) => js_sys::Uint8Array::new(&b).to_vec(),
            Err(e) => return t.error.set(Some(Said::new(Msg::FileUnreadable).with("error", describe(&e)))),
        };
        let Some((shipped, shipped_iris)) = t.shipped.get_value() else { return };
        let checked = tuned_models(&bytes, &shipped, &shipped_iris)
            .map_err(|e| e.to_string())
            .and_then(|models| models.card.ok_or_else(|| "it has no FaceGrade model card".to_string()));
        match checked {
            Ok(card) => {
                let id = sha256_hex(&bytes)[..12].to_string();
                match store::save_model(&id, &serde_json::to_string(&card).unwrap_or_default(), &bytes).await {
                    Ok(()) => t.note.set(Some(Said::new(Msg::ImportedModel).with("name", card.name))),
                    Err(e) => t.error.set(Some(Said::new(Msg::ModelNotStored).with("error", e))),
                }
                refresh(t).await;
            }
            Err(why) => t.error.set(Some(Said::new(Msg::ModelNotImported).with("why", why))),
        }
    });
}

pub(crate) fn delete_model(t: Training, id: String) {
    leptos::task::spawn_local(async move {
        if let Err(e) = store::delete_model(&id).await {
            t.error.set(Some(Said::new(Msg::ModelNotDeleted).with("error", e)));
        }
        refresh(t).await;
    });
}

/// Hands the file chosen in a file input to `f`, then clears the input (the same file
/// can be chosen again).
pub(crate) fn with_chosen_file(ev: &leptos::ev::Event, f: impl FnOnce(web_sys::File)) {
    let input: web_sys::HtmlInputElement = event_target(ev);
    if let Some(file) = input.files().and_then(|f| f.get(0)) {
        f(file);
    }
    input.set_value("");
}

fn date(ms: f64) -> String {
    String::from(js_sys::Date::new(&ms.into()).to_iso_string()).chars().take(10).collect()
}

/// One line naming the landmark model in use, shown at the top of the page.
pub fn active_label(t: Training) -> String {
    match t.active.get() {
        None => crate::i18n::t(facegrade::i18n::Msg::ModelShipped).into(),
        Some(id) => {
            let name = t.models.get().into_iter().find(|(m, _)| *m == id).map_or(id.clone(), |(_, c)| format!("{} ({})", c.name, c.created.chars().take(10).collect::<String>()));
            facegrade::i18n::Said::new(facegrade::i18n::Msg::ModelFineTuned).with("name", name).text(crate::i18n::lang())
        }
    }
}

