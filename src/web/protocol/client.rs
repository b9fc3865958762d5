//! The page's handle on the analysis worker: starts it, and [`WorkerClient::request`]
//! sends a message and resolves with the reply carrying its id. Requests made before the
//! worker listens wait in an outbox; if the worker stops, every open request fails.

use super::wire::{pack, unpack, Attachments};
use super::{decode, encode, FromWorker, ToWorker};
use crate::model_loader::describe;
use js_sys::{Array, Function, Promise};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// A reply and what rode beside it.
pub type Reply = (FromWorker, Attachments);

/// A request waiting for its reply.
struct Waiting {
    resolve: Function,
    reply: Option<Result<Reply, String>>,
}

struct Shared {
    next_id: u32,
    waiting: HashMap<u32, Waiting>,
    /// Messages held until the worker listens; None once it does.
    outbox: Option<Vec<(JsValue, Array)>>,
    /// Set when the worker stopped: later requests fail at once.
    stopped: Option<String>,
}

impl Shared {
    fn settle(&mut self, id: u32, reply: Result<Reply, String>) {
        if let Some(w) = self.waiting.get_mut(&id) {
            if w.reply.is_none() {
                w.reply = Some(reply);
                let _ = w.resolve.call0(&JsValue::NULL);
            }
        }
    }
}

/// The worker `static/boot.js` started before the page's WebAssembly (so both compile at
/// once), with the events it sent since; taken once: replacements are started here.
fn adopt_early_worker() -> Option<(Worker, Array)> {
    let global = js_sys::global();
    let key = JsValue::from_str("facegradeEarlyWorker");
    let early = js_sys::Reflect::get(&global, &key).ok().filter(JsValue::is_object)?;
    let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
    let field = |name: &str| js_sys::Reflect::get(&early, &name.into()).ok();
    if let Some(release) = field("release").and_then(|f| f.dyn_into::<Function>().ok()) {
        let _ = release.call0(&early);
    }
    let worker = field("worker")?.dyn_into::<Worker>().ok()?;
    let events = field("events").and_then(|e| e.dyn_into::<Array>().ok()).unwrap_or_default();
    Some((worker, events))
}

/// Cheap to clone: every clone talks to the same worker.
#[derive(Clone)]
pub struct WorkerClient {
    worker: Worker,
    shared: Rc<RefCell<Shared>>,
    _handlers: Rc<(Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(ErrorEvent)>)>,
}

impl WorkerClient {
    /// Starts the worker; `on_event` gets what no request waits for (fine-tuning progress,
    /// the worker failing to start), `on_stopped` why a running worker stopped (an uncaught
    /// error or a trap, an out-of-memory abort among them): it cannot be trusted to answer
    /// any more, and every open request has failed.
    pub fn spawn(on_event: impl Fn(FromWorker) + 'static, on_stopped: impl Fn(String) + 'static) -> Result<WorkerClient, String> {
        let (worker, early_events) = match adopt_early_worker() {
            Some(early) => early,
            None => {
                let options = WorkerOptions::new();
                options.set_type(WorkerType::Module);
                let worker = Worker::new_with_options("worker.js", &options).map_err(|e| format!("the analysis worker could not start: {}", describe(&e)))?;
                (worker, Array::new())
            }
        };
        let shared = Rc::new(RefCell::new(Shared { next_id: 1, waiting: HashMap::new(), outbox: Some(Vec::new()), stopped: None }));
        let on_event = Rc::new(on_event);
        let on_message = {
            let (shared, worker, on_event) = (shared.clone(), worker.clone(), on_event.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let (json, attachments) = unpack(&event.data());
                let envelope = match decode::<FromWorker>(&json) {
                    Ok(e) => e,
                    Err(e) => return web_sys::console::warn_1(&e.into()),
                };
                match envelope.body {
                    FromWorker::Started => {
                        let held = shared.borrow_mut().outbox.take().unwrap_or_default();
                        for (message, transfer) in held {
                            let _ = worker.post_message_with_transfer(&message, &transfer);
                        }
                    }
                    body if envelope.id != 0 && body.ends_request() => shared.borrow_mut().settle(envelope.id, Ok((body, attachments))),
                    body => {
                        if let FromWorker::Failed(why) = &body {
                            stop(&shared, why);
                        }
                        on_event(body)
                    }
                }
            })
        };
        let on_error = {
            let shared = shared.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                event.prevent_default();
                let why = format!("the analysis worker stopped: {}", event.message());
                stop(&shared, &why);
                on_stopped(why);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // What the early worker said before these handlers listened, in order (nothing can
        // arrive in between: this runs in one task).
        for event in early_events.iter() {
            let handler: &Function = if event.is_instance_of::<ErrorEvent>() { on_error.as_ref().unchecked_ref() } else { on_message.as_ref().unchecked_ref() };
            let _ = handler.call1(&JsValue::NULL, &event);
        }
        Ok(WorkerClient { worker, shared, _handlers: Rc::new((on_message, on_error)) })
    }

    /// Ends the worker at once (one that stopped answering, before a new one starts).
    pub fn terminate(&self) {
        stop(&self.shared, "the analysis worker was replaced");
        self.worker.terminate();
    }

    /// Sends a message no reply is expected to.
    pub fn send(&self, message: &ToWorker, attachments: Attachments) {
        self.post(0, message, attachments);
    }

    /// Sends a request and waits for its reply.
    pub async fn request(&self, message: &ToWorker, attachments: Attachments) -> Result<Reply, String> {
        self.request_within(message, attachments, None).await
    }

    /// As [`request`](Self::request), failing with "did not answer in time" after `timeout_ms`.
    pub async fn request_within(&self, message: &ToWorker, attachments: Attachments, timeout_ms: Option<i32>) -> Result<Reply, String> {
        if let Some(why) = self.shared.borrow().stopped.clone() {
            return Err(why);
        }
        let id = {
            let mut s = self.shared.borrow_mut();
            s.next_id = s.next_id.wrapping_add(1).max(1);
            s.next_id
        };
        let answered = Promise::new(&mut |resolve, _| {
            self.shared.borrow_mut().waiting.insert(id, Waiting { resolve, reply: None });
        });
        self.post(id, message, attachments);
        if let Some(ms) = timeout_ms {
            let shared = self.shared.clone();
            let late = Closure::once_into_js(move || shared.borrow_mut().settle(id, Err("the analysis did not answer in time".into())));
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), ms);
            }
        }
        let _ = wasm_bindgen_futures::JsFuture::from(answered).await;
        let waited = self.shared.borrow_mut().waiting.remove(&id);
        waited.and_then(|w| w.reply).unwrap_or_else(|| Err("no answer".into()))
    }

    fn post(&self, id: u32, message: &ToWorker, attachments: Attachments) {
        let (message, transfer) = pack(encode(id, message), attachments);
        let mut s = self.shared.borrow_mut();
        match s.outbox.as_mut() {
            Some(held) => held.push((message, transfer)),
            None => {
                let _ = self.worker.post_message_with_transfer(&message, &transfer);
            }
        }
    }
}

/// The worker cannot answer any more: every open request fails with `why`.
fn stop(shared: &Rc<RefCell<Shared>>, why: &str) {
    let mut s = shared.borrow_mut();
    s.stopped = Some(why.to_string());
    let ids: Vec<u32> = s.waiting.keys().copied().collect();
    for id in ids {
        s.settle(id, Err(why.to_string()));
    }
}
