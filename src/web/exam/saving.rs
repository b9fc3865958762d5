//! Exams kept on this device: the current exam is saved by one effect whenever its record
//! changes (a reload or a crash loses no captured view), each view's picture beside it;
//! the saved-exam list, renaming, deleting, and the whole store exported or imported. The
//! first exam saved asks the browser to keep the storage persistently (`storage_space.rs`).

use super::ExamState;
use crate::store::{self, ExamRecord};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Saves the current exam each time its record changes; a failure is shown, and the
/// views stay in the page.
pub fn save_when_changed(exam: ExamState) {
    Effect::new(move |_| {
        let Some(record) = exam.record.get() else { return };
        leptos::task::spawn_local(async move {
            match store::save(&record).await {
                Ok(()) => {
                    exam.store_error.set(None);
                    exam.storage.after_save().await;
                }
                Err(e) => exam.store_error.set(Some(format!("Could not save the exam on this device: {e}. Nothing captured is lost: the views stay in this page, and the exam is saved again with the next change."))),
            }
            refresh_history(exam).await;
        });
    });
}

/// Keeps the picture a view was measured on.
pub fn keep_picture(exam: ExamState, id: String, view: String, picture: web_sys::Blob) {
    leptos::task::spawn_local(async move {
        if let Err(e) = store::save_picture(&id, &view, &picture).await {
            exam.store_error.set(Some(format!("The picture of the {view} view could not be kept on this device: {e}. Its landmarks are saved.")));
        }
    });
}

/// Reloads the list of saved exams, and the space they take.
pub async fn refresh_history(exam: ExamState) {
    match store::list().await {
        Ok(list) => {
            exam.storage.measure(&list).await;
            exam.history.set(list);
        }
        Err(e) => exam.store_error.set(Some(format!("Saved exams cannot be read: {e}"))),
    }
}

pub fn rename(exam: ExamState, id: String) {
    let name = exam.pseudonym.get_untracked();
    if exam.record.with_untracked(|r| r.as_ref().is_some_and(|r| r.id == id)) {
        // The current exam: the saving effect writes it.
        return exam.edit_record(|r| r.pseudonym = name);
    }
    leptos::task::spawn_local(async move {
        // The list holds exams without their faces: rename the whole exam as saved.
        let mut record = match store::load(&id).await {
            Ok(r) => r,
            Err(e) => return exam.store_error.set(Some(format!("Could not rename: {e}"))),
        };
        record.pseudonym = name;
        record.updated_ms = js_sys::Date::now();
        if let Err(e) = store::save(&record).await {
            exam.store_error.set(Some(format!("Could not rename: {e}")));
        }
        refresh_history(exam).await;
    });
}

/// Deletes on the second press: the exam, its pictures and its training frames together.
pub fn delete(exam: ExamState, id: String) {
    if exam.confirm_delete.get_untracked().as_deref() != Some(id.as_str()) {
        exam.confirm_delete.set(Some(id));
        return;
    }
    exam.confirm_delete.set(None);
    leptos::task::spawn_local(async move {
        if let Err(e) = store::delete(&id).await {
            exam.store_error.set(Some(format!("Could not delete: {e}. Nothing was deleted.")));
        }
        refresh_history(exam).await;
    });
}

/// Offers every saved exam as one file.
pub fn export_store(exam: ExamState) {
    leptos::task::spawn_local(async move {
        match store::load_all().await {
            Ok(all) => super::export::download("facegrade-store.json", "application/json", &crate::saved_exam::export(all, js_sys::Date::now())),
            Err(e) => exam.store_error.set(Some(format!("Could not export: {e}"))),
        }
    });
}

/// Imports a store file: validated whole before anything is written, merged without
/// overwriting; the outcome is shown either way.
pub fn import_store(exam: ExamState, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(t) => t.as_string().unwrap_or_default(),
            Err(e) => return exam.store_error.set(Some(format!("Could not read the file: {}", crate::model_loader::describe(&e)))),
        };
        let here = match store::load_all().await {
            Ok(h) => h,
            Err(e) => return exam.store_error.set(Some(format!("Could not read the saved exams: {e}"))),
        };
        match crate::saved_exam::plan_import(&text, &here) {
            Err(why) => exam.store_error.set(Some(format!("Import refused, nothing was changed: {why}"))),
            Ok(plan) => match store::save_all(&plan.to_write).await {
                Ok(()) => {
                    exam.store_error.set(None);
                    exam.store_note.set(Some(plan.summary()));
                    exam.storage.after_save().await;
                }
                Err(e) => exam.store_error.set(Some(format!("Import failed, nothing was changed: {e}"))),
            },
        }
        refresh_history(exam).await;
    });
}

/// Object URLs of the current exam's pictures, for the report's optional thumbnails
/// (loaded from this device's storage when not in memory).
pub async fn picture_urls(exam: ExamState) -> Vec<(String, String)> {
    let Some(record) = exam.record.get_untracked() else { return Vec::new() };
    let mut out = Vec::new();
    for view in record.views.keys() {
        let blob = match exam.pictures.with_value(|p| p.get(view).cloned()) {
            Some(b) => Some(b),
            None => store::load_picture(&record.id, view).await.ok().flatten(),
        };
        if let Some(url) = blob.and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok()) {
            out.push((view.clone(), url));
        }
    }
    out
}

/// A short line for the history list.
pub fn describe_record(r: &ExamRecord) -> String {
    let date = js_sys::Date::new(&r.created_ms.into());
    let when = String::from(date.to_locale_string(crate::i18n::date_locale(), &JsValue::UNDEFINED));
    let total = r.eface_total().map_or("not scored".to_string(), |t| format!("auto-eFACE total {t:.0}"));
    format!("{when}: {}, {} views, {total}", if r.pseudonym.is_empty() { "(no pseudonym)" } else { &r.pseudonym }, r.views.len())
}
