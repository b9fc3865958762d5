//! This browser's storage for saved exams: persistent storage is asked for when the first
//! exam is saved (navigator.storage.persist(); without it the browser may clear this site's
//! data when the disk runs short), and the space exams, their pictures and the whole page
//! (the offline copy of the app included) take, against the quota the browser allows.

use crate::model_loader::describe;
use crate::store::{self, ExamRecord};
use facegrade::i18n::{fill, text, Lang, Msg, Said};
use js_sys::{Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// localStorage key: persistent storage was asked for on this device (asked once).
const ASKED: &str = "facegrade.persist-asked";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// No exam saved yet on this device: not asked.
    NotAsked,
    /// The browser keeps saved exams until the user deletes them.
    Granted,
    /// Asked and refused: the browser may clear saved exams when space runs short.
    Refused,
    /// This browser has no storage manager here.
    Unsupported,
}

impl Persistence {
    /// The page's hook (`#storage-persistence[data-persist]`).
    pub fn code(self) -> &'static str {
        match self {
            Persistence::NotAsked => "not-asked",
            Persistence::Granted => "granted",
            Persistence::Refused => "refused",
            Persistence::Unsupported => "unsupported",
        }
    }

    pub fn explain(self, lang: Lang) -> &'static str {
        let msg = match self {
            Persistence::NotAsked => Msg::PersistNotAsked,
            Persistence::Granted => Msg::PersistGranted,
            Persistence::Refused => Msg::PersistRefused,
            Persistence::Unsupported => Msg::PersistUnsupported,
        };
        text(msg, lang)
    }
}

/// Space in bytes. `usage` and `quota` are the browser's estimate for this whole origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Space {
    pub exams: f64,
    pub pictures: f64,
    pub usage: f64,
    pub quota: f64,
}

#[derive(Clone, Copy)]
pub struct StorageStatus {
    pub persistence: RwSignal<Persistence>,
    pub space: RwSignal<Option<Space>>,
    /// What went wrong, the browser's own words passed through.
    pub error: RwSignal<Option<Said>>,
    /// Another tab blocking this page's database, or upgrading it under this page.
    pub notice: RwSignal<store::StoreNotice>,
}

impl StorageStatus {
    pub fn new() -> Self {
        let notice = RwSignal::new(store::StoreNotice::Clear);
        store::on_notice(move |n| {
            if notice.get_untracked() != n {
                notice.set(n);
            }
        });
        StorageStatus { persistence: RwSignal::new(Persistence::NotAsked), space: RwSignal::new(None), error: RwSignal::new(None), notice }
    }

    /// Reads the current state without asking anything (on load).
    pub async fn read(self) {
        let state = match manager() {
            None => Persistence::Unsupported,
            Some(m) => match call_bool(m.persisted()).await {
                Ok(true) => Persistence::Granted,
                Ok(false) if asked_before() => Persistence::Refused,
                Ok(false) => Persistence::NotAsked,
                Err(e) => return self.error.set(Some(Said::verbatim(e))),
            },
        };
        self.persistence.set(state);
    }

    /// After an exam was saved: asks for persistent storage once on this device.
    pub async fn after_save(self) {
        if self.persistence.get_untracked() != Persistence::NotAsked {
            return;
        }
        let Some(m) = manager() else { return self.persistence.set(Persistence::Unsupported) };
        remember_asked();
        match call_bool(m.persist()).await {
            Ok(true) => self.persistence.set(Persistence::Granted),
            Ok(false) => self.persistence.set(Persistence::Refused),
            Err(e) => {
                self.persistence.set(Persistence::Refused);
                self.error.set(Some(Said::verbatim(e)));
            }
        }
    }

    /// Measures the space saved exams and their pictures take, and the origin's estimate.
    pub async fn measure(self, history: &[ExamRecord]) {
        let exams = history.iter().map(store::record_bytes).sum::<usize>() as f64;
        let pictures = match store::picture_bytes().await {
            Ok(b) => b,
            Err(e) => return self.error.set(Some(Said::new(Msg::PictureSizeUnreadable).with("error", e))),
        };
        let Some(m) = manager() else { return };
        let estimate = match m.estimate().map_err(|e| describe(&e)) {
            Ok(p) => JsFuture::from(p).await.map_err(|e| describe(&e)),
            Err(e) => Err(e),
        };
        match estimate {
            Ok(e) => {
                let number = |k: &str| Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
                self.space.set(Some(Space { exams, pictures, usage: number("usage"), quota: number("quota") }));
            }
            Err(e) => self.error.set(Some(Said::new(Msg::SpaceUnknown).with("error", e))),
        }
    }
}

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    Reflect::has(&navigator, &"storage".into()).ok()?.then(|| navigator.storage())
}

async fn call_bool(promise: Result<Promise, JsValue>) -> Result<bool, String> {
    let value = JsFuture::from(promise.map_err(|e| describe(&e))?).await.map_err(|e| describe(&e))?;
    Ok(value.as_bool().unwrap_or(false))
}

fn asked_before() -> bool {
    store::local_storage().and_then(|s| s.get_item(ASKED).ok().flatten()).is_some()
}

fn remember_asked() {
    if let Some(s) = store::local_storage() {
        let _ = s.set_item(ASKED, "1");
    }
}

/// Bytes in words: "12 kB", "3.4 MB", "2.1 GB".
pub fn size_words(bytes: f64) -> String {
    match bytes {
        b if b >= 1e9 => format!("{:.1} GB", b / 1e9),
        b if b >= 1e6 => format!("{:.1} MB", b / 1e6),
        b if b >= 1e3 => format!("{:.0} kB", b / 1e3),
        b => format!("{b:.0} bytes"),
    }
}

impl Space {
    pub fn describe(&self, lang: Lang) -> String {
        fill(
            Msg::SpaceUsed,
            lang,
            &[("exams", &size_words(self.exams)), ("pictures", &size_words(self.pictures)), ("usage", &size_words(self.usage)), ("quota", &size_words(self.quota))],
        )
    }
}
