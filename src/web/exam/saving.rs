//! Exams kept on this device: the current exam is saved by one writer whenever its record
//! changes (a reload or a crash loses no captured view), each view's picture beside it,
//! and the page says whether it is saved; a write that failed (storage full, unavailable)
//! or met another tab's later edit is never shown as saved, and can be retried. Also the
//! saved-exam list, renaming, deleting, and the whole store exported or imported. The
//! first exam saved asks the browser to keep the storage persistently (`storage_space.rs`).

use super::ExamState;
use crate::store::{self, ExamRecord, Written};
use crate::i18n::{say, t};
use facegrade::i18n::{Msg, Said};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// Whether the current exam is on this device as the page shows it
/// (`#save-state[data-save-state]`).
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    NoExam,
    Saving,
    Saved,
    /// The last write failed (why): the exam is only in this page.
    Failed(String),
    /// This browser gives the page no storage (a private window...): the exam is only in
    /// this page, and closing it loses it.
    Unavailable(String),
    /// Another tab saved this exam after this page opened it: nothing was written.
    ChangedElsewhere,
}

impl SaveState {
    pub fn code(&self) -> &'static str {
        match self {
            SaveState::NoExam => "none",
            SaveState::Saving => "saving",
            SaveState::Saved => "saved",
            SaveState::Failed(_) => "failed",
            SaveState::Unavailable(_) => "unavailable",
            SaveState::ChangedElsewhere => "changed-elsewhere",
        }
    }
}

thread_local! {
    /// One write of the current exam at a time; a change during it is written after it,
    /// so that the state shown is that of the latest record.
    static WRITING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// Pictures whose write failed ("<exam id>/<view>" -> why): their exam is not shown as
    /// saved until a retry writes them.
    static UNSAVED_PICTURES: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    /// The current exam as last written or read whole: setting it again writes nothing, so
    /// that merely opening an exam in a second tab does not bump its revision.
    static AS_STORED: RefCell<Option<ExamRecord>> = const { RefCell::new(None) };
}

/// `record` was just read whole from this device: the page need not write it back.
pub fn read_as_stored(record: &ExamRecord) {
    AS_STORED.set(Some(record.clone()));
}

/// Why a picture of exam `id` is not saved, if one is not.
fn unsaved_picture(id: &str) -> Option<String> {
    UNSAVED_PICTURES.with_borrow(|u| u.iter().find(|(k, _)| k.starts_with(&format!("{id}/"))).map(|(_, why)| why.clone()))
}

/// Saves the current exam each time its record changes.
pub fn save_when_changed(exam: ExamState) {
    Effect::new(move |_| {
        if exam.record.with(Option::is_none) {
            return exam.save_state.set(SaveState::NoExam);
        }
        write_current(exam, false);
    });
}

/// Writes the current exam and its pictures again (the "Retry" after a failed save, or
/// "Keep mine" over another tab's edit with `overwrite`).
pub fn retry(exam: ExamState, overwrite: bool) {
    let Some(id) = exam.record.with_untracked(|r| r.as_ref().map(|r| r.id.clone())) else { return };
    leptos::task::spawn_local(async move {
        // The pictures first, so that the state the record's write ends with counts them.
        for (view, picture) in exam.pictures.get_value() {
            write_picture(exam, &id, &view, &picture).await;
        }
        write_current(exam, overwrite);
    });
}

fn write_current(exam: ExamState, overwrite: bool) {
    if WRITING.get() {
        AGAIN.set(true);
        return;
    }
    WRITING.set(true);
    exam.save_state.set(SaveState::Saving);
    leptos::task::spawn_local(async move {
        let mut overwrite = overwrite;
        let state = loop {
            AGAIN.set(false);
            let Some(record) = exam.record.get_untracked() else { break SaveState::NoExam };
            if !overwrite && AS_STORED.with_borrow(|s| s.as_ref() == Some(&record)) {
                break unsaved_picture(&record.id).map_or(SaveState::Saved, SaveState::Failed);
            }
            let written = store::save(&record, overwrite).await;
            if let Ok(Written::Saved { revision }) = written {
                // The page's copy is now based on what is stored (no new write for it).
                exam.record.update_untracked(|r| if let Some(r) = r.as_mut().filter(|r| r.id == record.id) { r.revision = revision });
                AS_STORED.set(Some(ExamRecord { revision, ..record.clone() }));
            }
            overwrite = false;
            if AGAIN.get() && !matches!(written, Ok(Written::ChangedElsewhere)) {
                continue;
            }
            break match written {
                Ok(Written::Saved { .. }) => unsaved_picture(&record.id).map_or(SaveState::Saved, SaveState::Failed),
                Ok(Written::ChangedElsewhere) => SaveState::ChangedElsewhere,
                Err(e) => match store::usable().await {
                    Err(why) => SaveState::Unavailable(why),
                    Ok(()) => SaveState::Failed(e),
                },
            };
        };
        WRITING.set(false);
        if state == SaveState::Saved {
            exam.store_error.set(None);
            exam.storage.after_save().await;
        }
        exam.save_state.set(state);
        refresh_history(exam).await;
    });
}

/// What the page says about the current exam's saving (None: no exam).
pub fn save_state_words(exam: ExamState) -> Option<String> {
    let state = exam.save_state.get();
    let which = exam.record.with(|r| {
        r.as_ref().map(|r| {
            let patient = if r.pseudonym.is_empty() { t(Msg::UnnamedPatient).to_string() } else { r.pseudonym.clone() };
            say(&Said::new(Msg::SaveWhich).with("patient", patient).with("count", r.views.len().to_string()))
        })
    })?;
    let said = match state {
        SaveState::NoExam => return None,
        SaveState::Saving => Said::new(Msg::SaveSaving),
        SaveState::Saved => Said::new(Msg::SaveSaved),
        SaveState::Failed(why) => Said::new(Msg::SaveFailed).with("why", why),
        SaveState::Unavailable(why) => Said::new(Msg::SaveUnavailable).with("why", why),
        SaveState::ChangedElsewhere => Said::new(Msg::SaveChangedElsewhere),
    };
    Some(say(&said.with("which", which)))
}

/// Keeps the picture a view was measured on; a failure marks the exam not saved.
pub fn keep_picture(exam: ExamState, id: String, view: String, picture: web_sys::Blob) {
    leptos::task::spawn_local(async move { write_picture(exam, &id, &view, &picture).await });
}

async fn write_picture(exam: ExamState, id: &str, view: &str, picture: &web_sys::Blob) {
    let key = format!("{id}/{view}");
    match store::save_picture(id, view, picture).await {
        Ok(()) => {
            UNSAVED_PICTURES.with_borrow_mut(|u| u.remove(&key));
        }
        Err(e) => {
            let why = format!("the picture of the {view} view could not be kept ({e})");
            UNSAVED_PICTURES.with_borrow_mut(|u| u.insert(key, why.clone()));
            exam.save_state.set(SaveState::Failed(why));
        }
    }
}

/// Reloads the list of saved exams, and the space they take.
pub async fn refresh_history(exam: ExamState) {
    match store::list().await {
        Ok(list) => {
            exam.storage.measure(&list).await;
            exam.history.set(list);
        }
        Err(e) => exam.store_error.set(Some(Said::new(Msg::StoreUnreadable).with("error", e))),
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
            Err(e) => return exam.store_error.set(Some(Said::new(Msg::RenameFailed).with("error", e))),
        };
        record.pseudonym = name;
        record.updated_ms = js_sys::Date::now();
        match store::save(&record, false).await {
            Ok(Written::Saved { .. }) => {}
            Ok(Written::ChangedElsewhere) => exam.store_error.set(Some(Msg::RenameChangedElsewhere.into())),
            Err(e) => exam.store_error.set(Some(Said::new(Msg::RenameFailed).with("error", e))),
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
            exam.store_error.set(Some(Said::new(Msg::DeleteFailed).with("error", e)));
        }
        refresh_history(exam).await;
    });
}

/// Offers every saved exam as one file.
pub fn export_store(exam: ExamState) {
    leptos::task::spawn_local(async move {
        match store::load_all().await {
            Ok(all) => super::export::download("facegrade-store.json", "application/json", &crate::saved_exam::export(all, js_sys::Date::now())),
            Err(e) => exam.store_error.set(Some(Said::new(Msg::ExportFailed).with("error", e))),
        }
    });
}

/// Imports a store file: validated whole before anything is written, merged without
/// overwriting; the outcome is shown either way.
pub fn import_store(exam: ExamState, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(t) => t.as_string().unwrap_or_default(),
            Err(e) => return exam.store_error.set(Some(Said::new(Msg::FileUnreadable).with("error", crate::model_loader::describe(&e)))),
        };
        let here = match store::load_all().await {
            Ok(h) => h,
            Err(e) => return exam.store_error.set(Some(Said::new(Msg::ImportUnreadable).with("error", e))),
        };
        match crate::saved_exam::plan_import(&text, &here) {
            Err(why) => exam.store_error.set(Some(Said::new(Msg::ImportRefused).with("why", why.text(crate::i18n::lang())))),
            Ok(plan) => match store::save_all(&plan.to_write).await {
                Ok(()) => {
                    exam.store_error.set(None);
                    exam.store_note.set(Some(plan.summary(crate::i18n::lang())));
                    exam.storage.after_save().await;
                }
                Err(e) => exam.store_error.set(Some(Said::new(Msg::ImportFailed).with("error", e))),
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
    let total = r.eface_total().map_or(t(Msg::RecordNotScored).to_string(), |total| say(&Said::new(Msg::RecordEfaceTotal).with("total", format!("{total:.0}"))));
    let who = if r.pseudonym.is_empty() { t(Msg::RecordNoPseudonym).to_string() } else { r.pseudonym.clone() };
    say(&Said::new(Msg::RecordLine).with("when", when).with("who", who).with("count", r.views.len().to_string()).with("total", total))
}
