//! Exams saved on this device, in the browser's IndexedDB (database "facegrade", store
//! "exams", one record per exam keyed by its id). Nothing is sent anywhere. Each record
//! holds the pseudonym, the captured views' landmarks (enough to score the exam again),
//! clinicians' corrections next to the model's output, and the last scores. The picture
//! each view was measured on (a JPEG, for review and correction) is kept in the store
//! "pictures" under "<exam id>/<view>"; pictures are never exported and go with their exam
//! when it is deleted. Fine-tuning keeps its training frames in "training" (one JSON
//! string per frame, keyed by frame id) and fine-tuned models as their card (JSON) in
//! "models" and their ONNX file in "model_files", both keyed by model id, so that listing
//! the models reads no model file; which model is active is remembered in localStorage.
//! A write is reported done only when its transaction completes. An exam's write checks
//! its revision in the same transaction (another tab's later edit is never overwritten),
//! and another tab blocking or upgrading the database is reported ([`StoreNotice`]).

use super::model_loader::describe;
use js_sys::{Array, Promise};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "facegrade";
const STORE: &str = "exams";
const PICTURES: &str = "pictures";
const TRAINING: &str = "training";
const MODELS: &str = "models";
const MODEL_FILES: &str = "model_files";
/// 1: exams; 2: pictures added; 3: training frames and fine-tuned models added; 4: model
/// files kept apart from their cards.
const VERSION: u32 = 4;
/// localStorage key of the active fine-tuned model's id (absent: the shipped model).
const ACTIVE_MODEL: &str = "facegrade.active-model";

pub use super::saved_exam::ExamRecord;

/// A new, empty exam record.
pub fn new_record(pseudonym: String) -> ExamRecord {
    let now = js_sys::Date::now();
    // Unique enough on one device: time plus randomness.
    let id = format!("exam-{}-{:06}", now as u64, (js_sys::Math::random() * 1e6) as u32);
    ExamRecord::new(id, pseudonym, now)
}

/// What another tab's FaceGrade is doing to this page's database, for the page to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreNotice {
    Clear,
    /// This page's upgrade of the database waits for another tab that holds an older
    /// version open: saving waits until that tab is closed or reloaded.
    BlockedByOlderTab,
    /// A newer FaceGrade upgraded the database in another tab: this (older) page closed its
    /// connection and cannot save until it is reloaded.
    NewerTabUpgraded,
}

impl StoreNotice {
    pub fn code(self) -> &'static str {
        match self {
            StoreNotice::Clear => "none",
            StoreNotice::BlockedByOlderTab => "blocked",
            StoreNotice::NewerTabUpgraded => "newer-tab",
        }
    }
}

thread_local! {
    static NOTICE: RefCell<Option<Box<dyn Fn(StoreNotice)>>> = RefCell::new(None);
    /// Made once and shared by every open: `blocked` and `versionchange` handlers.
    static ON_BLOCKED: Closure<dyn Fn()> = Closure::new(|| notify(StoreNotice::BlockedByOlderTab));
    static ON_VERSION_CHANGE: Closure<dyn Fn(web_sys::Event)> = Closure::new(|event: web_sys::Event| {
        // A newer page wants to upgrade: let it (this page's transaction fails and says so).
        if let Some(db) = event.target().and_then(|t| t.dyn_into::<IdbDatabase>().ok()) {
            db.close();
        }
        notify(StoreNotice::NewerTabUpgraded);
    });
}

/// Where the page hears of [`StoreNotice`]s.
pub fn on_notice(f: impl Fn(StoreNotice) + 'static) {
    NOTICE.with_borrow_mut(|n| *n = Some(Box::new(f)));
}

fn notify(notice: StoreNotice) {
    NOTICE.with_borrow(|n| if let Some(f) = n { f(notice) });
}

/// The browser's reason in plain words.
fn reason(error: Option<web_sys::DomException>) -> String {
    error.map_or("unknown error".to_string(), |e| match e.name().as_str() {
        "QuotaExceededError" => "the browser's storage for this page is full: export and delete old exams, then try again".to_string(),
        "VersionError" => {
            notify(StoreNotice::NewerTabUpgraded);
            "a newer FaceGrade has opened the saved exams (in another tab?): reload this tab to save again".to_string()
        }
        _ => format!("{}: {}", e.name(), e.message()),
    })
}

/// Waits for the database to open (creating or upgrading its stores).
async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser keeps no local database here (private window?): exams cannot be saved")?;
    // Some private windows refuse here (a thrown InvalidStateError) rather than by an error event.
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION).map_err(|e| describe(&e))?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let Some(request) = event.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok()) else { return };
        let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) else { return };
        let names = db.object_store_names();
        if !names.contains(STORE) {
            let params = IdbObjectStoreParameters::new();
            params.set_key_path(&"id".into());
            let _ = db.create_object_store_with_optional_parameters(STORE, &params);
        }
        for name in [PICTURES, TRAINING, MODELS, MODEL_FILES] {
            if !names.contains(name) {
                let _ = db.create_object_store(name);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    ON_BLOCKED.with(|f| request.set_onblocked(Some(f.as_ref().unchecked_ref())));
    let opened = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(opened).await.map_err(|_| reason(request.error().ok().flatten()))?;
    let db = request.result().map_err(|e| describe(&e))?.dyn_into::<IdbDatabase>().map_err(|_| "the local database did not open".to_string())?;
    ON_VERSION_CHANGE.with(|f| db.set_onversionchange(Some(f.as_ref().unchecked_ref())));
    notify(StoreNotice::Clear);
    Ok(db)
}

/// Runs `f` in one transaction over the stores `names` and waits for the transaction to
/// complete: only then is a write on disk. A transaction that aborts, even at commit
/// (the storage full), is an error, and none of its writes happened. Ok carries the
/// result of the request `f` returns.
async fn transact(names: &[&str], mode: IdbTransactionMode, f: impl FnOnce(&IdbTransaction) -> Result<IdbRequest, JsValue>) -> Result<JsValue, String> {
    let db = open().await?;
    let stores = Array::new();
    for name in names {
        stores.push(&JsValue::from_str(name));
    }
    let outcome = async {
        let tx = db.transaction_with_str_sequence_and_mode(&stores, mode).map_err(|e| describe(&e))?;
        let completed = Promise::new(&mut |resolve, reject| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onerror(Some(&reject));
            tx.set_onabort(Some(&reject));
        });
        let request = match f(&tx) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.abort();
                return Err(describe(&e));
            }
        };
        JsFuture::from(completed).await.map_err(|_| reason(tx.error().or_else(|| request.error().ok().flatten())))?;
        request.result().map_err(|e| describe(&e))
    }
    .await;
    db.close();
    outcome
}

/// One request on one store, in its own transaction.
async fn on_store(name: &str, mode: IdbTransactionMode, f: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>) -> Result<JsValue, String> {
    transact(&[name], mode, |tx| f(&tx.object_store(name)?)).await
}

fn as_list(v: JsValue) -> Result<Array, String> {
    v.dyn_into().map_err(|_| "unexpected database contents".to_string())
}

/// What came of writing an exam.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Written {
    /// On disk, as this revision.
    Saved { revision: u64 },
    /// The stored record's revision is not the one this page's copy was based on: another
    /// tab wrote it meanwhile. Nothing was written.
    ChangedElsewhere,
}

/// Saves (or replaces) one exam if the stored record is still the revision `record` was
/// based on (or absent); `overwrite` writes it whatever is stored. The check and the write
/// are one transaction, so no other tab can write in between.
pub async fn save(record: &ExamRecord, overwrite: bool) -> Result<Written, String> {
    use std::cell::Cell;
    use std::rc::Rc;
    if record.listed_bytes.is_some() {
        // Its faces were left out for the list: saving it would lose them.
        return Err("an exam read for the list cannot be saved as it is (read it whole first)".into());
    }
    let value = record_value(record)?;
    let (key, base) = (JsValue::from_str(&record.id), record.revision);
    let conflict = Rc::new(Cell::new(false));
    let revision = Rc::new(Cell::new(base + 1));
    let outcome = transact(&[STORE], IdbTransactionMode::Readwrite, |tx| {
        let store = tx.object_store(STORE)?;
        let read = store.get(&key)?;
        let (request, tx, conflict, revision) = (read.clone(), tx.clone(), conflict.clone(), revision.clone());
        let on_read = Closure::once_into_js(move || {
            let stored = request.result().ok().filter(|v| !v.is_undefined());
            let stored_revision = stored.map(|v| js_sys::Reflect::get(&v, &"revision".into()).ok().and_then(|r| r.as_f64()).unwrap_or(0.0) as u64);
            if !overwrite && stored_revision.is_some_and(|r| r != base) {
                conflict.set(true);
                let _ = tx.abort();
                return;
            }
            let next = if overwrite { stored_revision.unwrap_or(base).max(base) + 1 } else { base + 1 };
            revision.set(next);
            let _ = js_sys::Reflect::set(&value, &"revision".into(), &JsValue::from_f64(next as f64));
            if let Err(e) = store.put(&value) {
                web_sys::console::warn_1(&e);
                let _ = tx.abort();
            }
        });
        read.set_onsuccess(Some(on_read.unchecked_ref()));
        Ok(read)
    })
    .await;
    match outcome {
        _ if conflict.get() => Ok(Written::ChangedElsewhere),
        Ok(_) => Ok(Written::Saved { revision: revision.get() }),
        Err(e) => Err(e),
    }
}

/// Whether this browser lets the page open its database at all (private windows and
/// locked-down profiles may not).
pub async fn usable() -> Result<(), String> {
    open().await.map(|db| db.close())
}

fn record_value(record: &ExamRecord) -> Result<JsValue, String> {
    let json = serde_json::to_string(record).map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&json).map_err(|e| describe(&e))
}

/// Every saved exam, newest first, whichever record version wrote it. Records that do not
/// read as exams are skipped.
pub async fn load_all() -> Result<Vec<ExamRecord>, String> {
    read_every(|record, _| record).await
}

/// The saved-exam list, newest first: each exam as [`ExamRecord::listed`] (faces left
/// out), read one at a time so that the page never holds the whole store at once.
pub async fn list() -> Result<Vec<ExamRecord>, String> {
    read_every(ExamRecord::listed).await
}

/// Every stored record that reads as an exam, each passed with its stored JSON's size
/// through `keep` as it is read, newest first.
async fn read_every(keep: impl Fn(ExamRecord, usize) -> ExamRecord) -> Result<Vec<ExamRecord>, String> {
    let list = as_list(on_store(STORE, IdbTransactionMode::Readonly, |s| s.get_all()).await?)?;
    let mut records: Vec<ExamRecord> = list
        .iter()
        .filter_map(|r| js_sys::JSON::stringify(&r).ok().and_then(|s| s.as_string()))
        .filter_map(|s| ExamRecord::read(&s).ok().map(|r| keep(r, s.len())))
        .collect();
    records.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
    Ok(records)
}

/// One saved exam, whole.
pub async fn load(id: &str) -> Result<ExamRecord, String> {
    let key = JsValue::from_str(id);
    let value = on_store(STORE, IdbTransactionMode::Readonly, |s| s.get(&key)).await?;
    if value.is_undefined() || value.is_null() {
        return Err("this exam is no longer saved on this device".into());
    }
    let json = js_sys::JSON::stringify(&value).map_err(|e| describe(&e))?.as_string().unwrap_or_default();
    ExamRecord::read(&json)
}

/// Deletes an exam, its pictures and the training frames cut from them (they hold the
/// patient's face too), in one transaction: all of it or none.
pub async fn delete(id: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    let range = web_sys::IdbKeyRange::bound(&format!("{id}/").into(), &format!("{id}/\u{ffff}").into()).map_err(|e| describe(&e))?;
    transact(&[STORE, PICTURES, TRAINING], IdbTransactionMode::Readwrite, |tx| {
        tx.object_store(PICTURES)?.delete(&range)?;
        tx.object_store(TRAINING)?.delete(&range)?;
        tx.object_store(STORE)?.delete(&key)
    })
    .await
    .map(|_| ())
}

fn picture_key(exam_id: &str, view: &str) -> JsValue {
    format!("{exam_id}/{view}").into()
}

/// Keeps the picture a view was measured on (replacing a retaken view's).
pub async fn save_picture(exam_id: &str, view: &str, picture: &web_sys::Blob) -> Result<(), String> {
    let key = picture_key(exam_id, view);
    on_store(PICTURES, IdbTransactionMode::Readwrite, |s| s.put_with_key(picture, &key)).await.map(|_| ())
}

/// The picture of a saved view, if it was kept.
pub async fn load_picture(exam_id: &str, view: &str) -> Result<Option<web_sys::Blob>, String> {
    let key = picture_key(exam_id, view);
    Ok(on_store(PICTURES, IdbTransactionMode::Readonly, |s| s.get(&key)).await?.dyn_into::<web_sys::Blob>().ok())
}

/// The bytes of every kept picture (their blobs' sizes; no picture is read).
pub async fn picture_bytes() -> Result<f64, String> {
    let list = as_list(on_store(PICTURES, IdbTransactionMode::Readonly, |s| s.get_all()).await?)?;
    // A fold from +0: an empty f64 sum is -0, shown as "-0 bytes".
    Ok(list.iter().filter_map(|p| p.dyn_into::<web_sys::Blob>().ok()).fold(0.0, |total, b| total + b.size()))
}

/// The bytes an exam's record takes as JSON (about what the database keeps).
pub fn record_bytes(record: &ExamRecord) -> usize {
    if let Some(stored) = record.listed_bytes {
        return stored;
    }
    serde_json::to_string(record).map_or(0, |j| j.len())
}

/// Saves several exams in one transaction: all or none.
pub async fn save_all(records: &[ExamRecord]) -> Result<(), String> {
    let values = records.iter().map(record_value).collect::<Result<Vec<_>, _>>()?;
    transact(&[STORE], IdbTransactionMode::Readwrite, |tx| {
        let store = tx.object_store(STORE)?;
        // A request to return when there is nothing to add: counting changes nothing.
        let mut last = store.count()?;
        for value in &values {
            last = store.add(value)?;
        }
        Ok(last)
    })
    .await
    .map(|_| ())
}

/// Keeps (or replaces) a training frame (JSON of `TrainingFrame`).
pub async fn save_training_frame(id: &str, json: &str) -> Result<(), String> {
    let (key, value) = (JsValue::from_str(id), JsValue::from_str(json));
    on_store(TRAINING, IdbTransactionMode::Readwrite, |s| s.put_with_key(&value, &key)).await.map(|_| ())
}

/// Every training frame's JSON.
pub async fn load_training_frames() -> Result<Vec<String>, String> {
    Ok(as_list(on_store(TRAINING, IdbTransactionMode::Readonly, |s| s.get_all()).await?)?.iter().filter_map(|v| v.as_string()).collect())
}

pub async fn delete_training_frame(id: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    on_store(TRAINING, IdbTransactionMode::Readwrite, |s| s.delete(&key)).await.map(|_| ())
}

/// Keeps a fine-tuned model: its card (JSON) and its ONNX file, together or not at all.
pub async fn save_model(id: &str, card_json: &str, bytes: &[u8]) -> Result<(), String> {
    let key = JsValue::from_str(id);
    let file = js_sys::Uint8Array::from(bytes).buffer();
    transact(&[MODELS, MODEL_FILES], IdbTransactionMode::Readwrite, |tx| {
        tx.object_store(MODEL_FILES)?.put_with_key(&file, &key)?;
        tx.object_store(MODELS)?.put_with_key(&card_json.into(), &key)
    })
    .await
    .map(|_| ())
}

/// The stored models' ids and cards (JSON), in id order; no model file is read.
pub async fn load_model_cards() -> Result<Vec<(String, String)>, String> {
    let strings = |v: JsValue| -> Result<Vec<String>, String> { Ok(as_list(v)?.iter().map(|k| k.as_string().unwrap_or_default()).collect()) };
    let ids = strings(on_store(MODELS, IdbTransactionMode::Readonly, |s| s.get_all_keys()).await?)?;
    let cards = strings(on_store(MODELS, IdbTransactionMode::Readonly, |s| s.get_all()).await?)?;
    Ok(ids.into_iter().zip(cards).collect())
}

/// One stored model's ONNX file.
pub async fn load_model_file(id: &str) -> Result<Option<Vec<u8>>, String> {
    let key = JsValue::from_str(id);
    let v = on_store(MODEL_FILES, IdbTransactionMode::Readonly, |s| s.get(&key)).await?;
    Ok(v.is_instance_of::<js_sys::ArrayBuffer>().then(|| js_sys::Uint8Array::new(&v).to_vec()))
}

/// Deletes a model's card and file together.
pub async fn delete_model(id: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    transact(&[MODELS, MODEL_FILES], IdbTransactionMode::Readwrite, |tx| {
        tx.object_store(MODEL_FILES)?.delete(&key)?;
        tx.object_store(MODELS)?.delete(&key)
    })
    .await
    .map(|_| ())
}

pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The active fine-tuned model's id; None: the shipped model.
pub fn active_model() -> Option<String> {
    local_storage().and_then(|s| s.get_item(ACTIVE_MODEL).ok().flatten())
}

pub fn set_active_model(id: Option<&str>) -> Result<(), String> {
    let storage = local_storage().ok_or("this browser keeps no local settings here")?;
    match id {
        Some(id) => storage.set_item(ACTIVE_MODEL, id).map_err(|e| describe(&e)),
        None => storage.remove_item(ACTIVE_MODEL).map_err(|e| describe(&e)),
    }
}
