//! Installable and offline: registers the service worker (static/sw.js, same origin) that
//! keeps one version of the app in this browser (page, scripts, wasm, models), says when
//! that copy is complete, offers a new version once the browser has fetched it in the
//! background ("A new version is ready: reload"), and removes a damaged file from the copy
//! so that it is fetched again. The copy's version is never mixed with another: the new
//! service worker takes over only when the user accepts the reload.

use crate::model_loader::describe;
use facegrade::i18n::{Msg, Said};
use js_sys::{Array, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The service worker's caches are named "facegrade-<version>" (static/sw.js).
const CACHE_PREFIX: &str = "facegrade-";

/// Where the offline copy of the app stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfflineCopy {
    /// Registering the service worker.
    Starting,
    /// The service worker downloads and checks this version's files.
    Saving,
    /// Every file of this version is kept and this page is served from the copy.
    Ready,
    /// This browser has no service workers here (or they are turned off).
    Unsupported,
    /// The copy could not be made (the reason is in `Offline::detail`).
    Failed,
}

impl OfflineCopy {
    /// The page's hook (`#offline-status[data-offline]`).
    pub fn code(self) -> &'static str {
        match self {
            OfflineCopy::Starting => "starting",
            OfflineCopy::Saving => "saving",
            OfflineCopy::Ready => "ready",
            OfflineCopy::Unsupported => "unsupported",
            OfflineCopy::Failed => "failed",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Offline {
    pub copy: RwSignal<OfflineCopy>,
    /// The version of the copy serving this page (precache.json).
    pub version: RwSignal<Option<String>>,
    pub detail: RwSignal<Option<Said>>,
    /// A new version is installed and waits for the user's reload.
    pub update_ready: RwSignal<bool>,
    /// A damaged model file replaced in the copy, said once.
    pub note: RwSignal<Option<String>>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// The user accepted the new version: the page reloads when it takes over.
    reload_asked: StoredValue<bool, LocalStorage>,
}

impl Offline {
    pub fn new() -> Self {
        Offline {
            copy: RwSignal::new(OfflineCopy::Starting),
            version: RwSignal::new(None),
            detail: RwSignal::new(None),
            update_ready: RwSignal::new(false),
            note: RwSignal::new(None),
            registration: StoredValue::new_local(None),
            reload_asked: StoredValue::new_local(false),
        }
    }

    /// Registers the service worker and follows it. Called once the models are loaded, so
    /// that the copy's downloads do not slow the first visit's start.
    pub fn start(self) {
        let Some(container) = container() else {
            return self.copy.set(OfflineCopy::Unsupported);
        };
        let on_controller = Closure::<dyn FnMut()>::new(move || {
            if self.reload_asked.get_value() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            } else {
                self.refresh();
            }
        });
        container.set_oncontrollerchange(Some(on_controller.as_ref().unchecked_ref()));
        on_controller.forget();
        leptos::task::spawn_local(async move {
            match JsFuture::from(container.register("sw.js")).await {
                Ok(r) => {
                    let registration: ServiceWorkerRegistration = r.unchecked_into();
                    self.follow(&registration);
                    self.registration.set_value(Some(registration));
                    self.refresh();
                }
                Err(e) => self.fail(Said::new(Msg::ServiceWorkerNotRegistered).with("error", describe(&e))),
            }
        });
    }

    fn fail(self, why: Said) {
        self.copy.set(OfflineCopy::Failed);
        self.detail.set(Some(why));
    }

    /// Follows each new version the browser installs.
    fn follow(self, registration: &ServiceWorkerRegistration) {
        if let Some(worker) = registration.installing() {
            self.watch(&worker);
        }
        let reg = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(worker) = reg.installing() {
                self.watch(&worker);
            }
            self.refresh();
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    }

    fn watch(self, worker: &ServiceWorker) {
        let w = worker.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            // An install that failed (a download refused or not matching its checksum).
            if w.state() == ServiceWorkerState::Redundant && self.copy.get_untracked() != OfflineCopy::Ready {
                self.fail(Msg::OfflineFileFailed.into());
            }
            self.refresh();
        });
        worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    }

    /// Reads where the service worker stands: the page is served from the copy once a
    /// service worker controls it (it activates only after every file was kept).
    fn refresh(self) {
        let (Some(container), Some(registration)) = (container(), self.registration.get_value()) else { return };
        let controlled = container.controller().is_some();
        self.update_ready.set(controlled && registration.waiting().is_some());
        if controlled {
            if self.copy.get_untracked() != OfflineCopy::Ready {
                self.copy.set(OfflineCopy::Ready);
                self.detail.set(None);
                leptos::task::spawn_local(async move { self.version.set(copy_version().await) });
            }
        } else if registration.installing().is_some() || registration.waiting().is_some() || registration.active().is_some() {
            if self.copy.get_untracked() != OfflineCopy::Failed {
                self.copy.set(OfflineCopy::Saving);
            }
        }
    }

    /// Switches to the waiting version: it takes over, deletes the old copy, and the page
    /// reloads from the new one.
    pub fn accept_update(self) {
        let Some(waiting) = self.registration.get_value().and_then(|r| r.waiting()) else { return };
        self.reload_asked.set_value(true);
        if let Err(e) = waiting.post_message(&"skip-waiting".into()) {
            self.reload_asked.set_value(false);
            self.fail(Said::new(Msg::NewVersionNotStarted).with("error", describe(&e)));
        }
    }
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent where service workers are unavailable (an insecure origin, some private modes).
    Reflect::has(&navigator, &"serviceWorker".into()).ok()?.then(|| navigator.service_worker())
}

/// The version of the copy serving this page, from its file list.
async fn copy_version() -> Option<String> {
    let response: web_sys::Response = JsFuture::from(web_sys::window()?.fetch_with_str("precache.json")).await.ok()?.dyn_into().ok()?;
    let list = JsFuture::from(response.json().ok()?).await.ok()?;
    Reflect::get(&list, &"version".into()).ok()?.as_string()
}

/// Removes `path` (relative to the page) from every copy of the app in this browser, so
/// that the next request downloads it again (the service worker checks it against its
/// version's sha256 before keeping it). Works in the page and in a worker. Ok(false):
/// there was nothing to remove (no copy, or no service worker here).
pub async fn forget_cached(path: &str) -> Result<bool, String> {
    let global = js_sys::global();
    let Ok(caches) = Reflect::get(&global, &"caches".into()) else { return Ok(false) };
    if caches.is_undefined() {
        return Ok(false);
    }
    let caches: CacheStorage = caches.unchecked_into();
    let keys: Array = JsFuture::from(caches.keys()).await.map_err(|e| describe(&e))?.unchecked_into();
    let mut removed = false;
    for key in keys.iter().filter_map(|k| k.as_string()).filter(|k| k.starts_with(CACHE_PREFIX)) {
        let cache: Cache = JsFuture::from(caches.open(&key)).await.map_err(|e| describe(&e))?.unchecked_into();
        removed |= JsFuture::from(cache.delete_with_str(path)).await.map_err(|e| describe(&e))?.as_bool().unwrap_or(false);
    }
    Ok(removed)
}
