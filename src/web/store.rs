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

use super::model_loader::describe;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

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
    ExamRecord { id, pseudonym, created_ms: now, updated_ms: now, views: Default::default(), result: None, corrections: Default::default() }
}

/// Waits for an IndexedDB request; Err carries the browser's reason in plain words.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await.map_err(|_| {
        request.error().ok().flatten().map_or("unknown error".to_string(), |e| {
            if e.name() == "QuotaExceededError" {
                "the browser's storage for this page is full: export and delete old exams, then try again".to_string()
            } else {
                format!("{}: {}", e.name(), e.message())
            }
        })
    })?;
    request.result().map_err(|e| describe(&e))
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser keeps no local database here (private window?): exams cannot be saved")?;
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
    done(&request).await?.dyn_into::<IdbDatabase>().map_err(|_| "the local database did not open".to_string())
}

async fn with_store<T>(mode: IdbTransactionMode, f: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>, read: impl FnOnce(JsValue) -> Result<T, String>) -> Result<T, String> {
    with_named_store(STORE, mode, f, read).await
}

async fn with_named_store<T>(name: &str, mode: IdbTransactionMode, f: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>, read: impl FnOnce(JsValue) -> Result<T, String>) -> Result<T, String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(name, mode).map_err(|e| describe(&e))?;
    let store = tx.object_store(name).map_err(|e| describe(&e))?;
    let request = f(&store).map_err(|e| describe(&e))?;
    let value = done(&request).await;
    db.close();
    read(value?)
}

/// Saves (or replaces) one exam.
pub async fn save(record: &ExamRecord) -> Result<(), String> {
    let json = serde_json::to_string(record).map_err(|e| e.to_string())?;
    let value = js_sys::JSON::parse(&json).map_err(|e| describe(&e))?;
    with_store(IdbTransactionMode::Readwrite, |s| s.put(&value), |_| Ok(())).await
}

/// Every saved exam, newest first. Records that do not read as exams are skipped.
pub async fn load_all() -> Result<Vec<ExamRecord>, String> {
    let mut records: Vec<ExamRecord> = with_store(IdbTransactionMode::Readonly, |s| s.get_all(), |v| {
        let list: Array = v.dyn_into().map_err(|_| "unexpected database contents".to_string())?;
        Ok(list
            .iter()
            .filter_map(|r| js_sys::JSON::stringify(&r).ok().and_then(|s| s.as_string()))
            .filter_map(|s| serde_json::from_str::<ExamRecord>(&s).ok())
            .collect())
    })
    .await?;
    records.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
    Ok(records)
}

/// Deletes an exam, its pictures and the training frames cut from them (they hold the
/// patient's face too).
pub async fn delete(id: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    with_store(IdbTransactionMode::Readwrite, |s| s.delete(&key), |_| Ok(())).await?;
    let range = web_sys::IdbKeyRange::bound(&format!("{id}/").into(), &format!("{id}/\u{ffff}").into()).map_err(|e| describe(&e))?;
    with_named_store(PICTURES, IdbTransactionMode::Readwrite, |s| s.delete(&range), |_| Ok(())).await?;
    with_named_store(TRAINING, IdbTransactionMode::Readwrite, |s| s.delete(&range), |_| Ok(())).await
}

fn picture_key(exam_id: &str, view: &str) -> JsValue {
    format!("{exam_id}/{view}").into()
}

/// Keeps the picture a view was measured on (replacing a retaken view's).
pub async fn save_picture(exam_id: &str, view: &str, picture: &web_sys::Blob) -> Result<(), String> {
    let key = picture_key(exam_id, view);
    with_named_store(PICTURES, IdbTransactionMode::Readwrite, |s| s.put_with_key(picture, &key), |_| Ok(())).await
}

/// The picture of a saved view, if it was kept.
pub async fn load_picture(exam_id: &str, view: &str) -> Result<Option<web_sys::Blob>, String> {
    let key = picture_key(exam_id, view);
    with_named_store(PICTURES, IdbTransactionMode::Readonly, |s| s.get(&key), |v| Ok(v.dyn_into::<web_sys::Blob>().ok())).await
}

/// Saves several exams in one transaction: all or none.
pub async fn save_all(records: &[ExamRecord]) -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| describe(&e))?;
    let store = tx.object_store(STORE).map_err(|e| describe(&e))?;
    let mut last = None;
    for r in records {
        let json = serde_json::to_string(r).map_err(|e| e.to_string())?;
        let value = js_sys::JSON::parse(&json).map_err(|e| describe(&e))?;
        last = Some(store.add(&value).map_err(|e| describe(&e))?);
    }
    let result = match last {
        Some(request) => done(&request).await.map(|_| ()),
        None => Ok(()),
    };
    db.close();
    result
}

/// Keeps (or replaces) a training frame (JSON of `TrainingFrame`).
pub async fn save_training_frame(id: &str, json: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    let value = JsValue::from_str(json);
    with_named_store(TRAINING, IdbTransactionMode::Readwrite, |s| s.put_with_key(&value, &key), |_| Ok(())).await
}

/// Every training frame's JSON.
pub async fn load_training_frames() -> Result<Vec<String>, String> {
    with_named_store(TRAINING, IdbTransactionMode::Readonly, |s| s.get_all(), |v| {
        let list: Array = v.dyn_into().map_err(|_| "unexpected database contents".to_string())?;
        Ok(list.iter().filter_map(|v| v.as_string()).collect())
    })
    .await
}

pub async fn delete_training_frame(id: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    with_named_store(TRAINING, IdbTransactionMode::Readwrite, |s| s.delete(&key), |_| Ok(())).await
}

/// Runs `f` in one transaction over the stores `names` and waits for the request it
/// returns (the last of its requests): all of them or none.
async fn in_transaction(names: &[&str], mode: IdbTransactionMode, f: impl FnOnce(&web_sys::IdbTransaction) -> Result<IdbRequest, JsValue>) -> Result<JsValue, String> {
    let db = open().await?;
    let stores = Array::new();
    for name in names {
        stores.push(&JsValue::from_str(name));
    }
    let tx = db.transaction_with_str_sequence_and_mode(&stores, mode).map_err(|e| describe(&e))?;
    let result = match f(&tx) {
        Ok(request) => done(&request).await,
        Err(e) => Err(describe(&e)),
    };
    db.close();
    result
}

/// Keeps a fine-tuned model: its card (JSON) and its ONNX file, together or not at all.
pub async fn save_model(id: &str, card_json: &str, bytes: &[u8]) -> Result<(), String> {
    let key = JsValue::from_str(id);
    let file = js_sys::Uint8Array::from(bytes).buffer();
    in_transaction(&[MODELS, MODEL_FILES], IdbTransactionMode::Readwrite, |tx| {
        tx.object_store(MODEL_FILES)?.put_with_key(&file, &key)?;
        tx.object_store(MODELS)?.put_with_key(&card_json.into(), &key)
    })
    .await
    .map(|_| ())
}

/// The stored models' ids and cards (JSON), in id order; no model file is read.
pub async fn load_model_cards() -> Result<Vec<(String, String)>, String> {
    let strings = |v: JsValue| -> Result<Vec<String>, String> {
        let list: Array = v.dyn_into().map_err(|_| "unexpected database contents".to_string())?;
        Ok(list.iter().map(|k| k.as_string().unwrap_or_default()).collect())
    };
    let ids = strings(with_named_store(MODELS, IdbTransactionMode::Readonly, |s| s.get_all_keys(), Ok).await?)?;
    let cards = strings(with_named_store(MODELS, IdbTransactionMode::Readonly, |s| s.get_all(), Ok).await?)?;
    Ok(ids.into_iter().zip(cards).collect())
}

/// One stored model's ONNX file.
pub async fn load_model_file(id: &str) -> Result<Option<Vec<u8>>, String> {
    let key = JsValue::from_str(id);
    with_named_store(MODEL_FILES, IdbTransactionMode::Readonly, |s| s.get(&key), |v| {
        Ok(v.is_instance_of::<js_sys::ArrayBuffer>().then(|| js_sys::Uint8Array::new(&v).to_vec()))
    })
    .await
}

/// Deletes a model's card and file together.
pub async fn delete_model(id: &str) -> Result<(), String> {
    let key = JsValue::from_str(id);
    in_transaction(&[MODELS, MODEL_FILES], IdbTransactionMode::Readwrite, |tx| {
        tx.object_store(MODEL_FILES)?.delete(&key)?;
        tx.object_store(MODELS)?.delete(&key)
    })
    .await
    .map(|_| ())
}

fn local_storage() -> Option<web_sys::Storage> {
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
