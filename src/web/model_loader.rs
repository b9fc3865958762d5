//! Fetches the models from the page's own origin with byte-level progress.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

/// Fetches `models/<name>`, calling `progress(bytes_so_far)` as chunks arrive.
pub async fn fetch_model(name: &str, mut progress: impl FnMut(usize)) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let url = format!("models/{name}");
    let response: Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|e| format!("could not download {name}: {}", describe(&e)))?
        .dyn_into()
        .map_err(|_| "fetch did not return a Response".to_string())?;
    if !response.ok() {
        return Err(format!("could not download {name}: HTTP {}", response.status()));
    }
    let body = response.body().ok_or_else(|| format!("{name}: empty response"))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().dyn_into().map_err(|_| "no stream reader".to_string())?;
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| format!("{name}: download interrupted: {}", describe(&e)))?;
        let done = Reflect::get(&chunk, &"done".into()).ok().and_then(|v| v.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into()).map_err(|_| "bad chunk".to_string())?.unchecked_into();
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
        progress(bytes.len());
    }
    Ok(bytes)
}

pub fn describe(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", String::from(err.name()), String::from(err.message()));
    }
    if let Some(err) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", err.name(), err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
