//! Fetches the three models from the page's own origin with byte-level progress, and
//! checks each against its shipped sha256 before it is used: a damaged file (most likely
//! in the browser's offline copy, `offline.rs`) is removed and downloaded once more, and
//! refused with a message if it is still not the shipped file.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

use facegrade::engine::check_shipped;

/// A model file checked against its shipped sha256.
pub struct CheckedModel {
    pub bytes: Vec<u8>,
    /// The first copy read was damaged; this one was downloaded again and is whole.
    pub replaced_damaged_copy: bool,
}

/// Fetches `models/<name>`, calling `progress(bytes_so_far)` as chunks arrive, and checks
/// it: on a mismatch the copy is dropped from the offline cache and fetched once more.
pub async fn fetch_model(name: &str, mut progress: impl FnMut(usize)) -> Result<CheckedModel, String> {
    let url = format!("models/{name}");
    let bytes = download(name, &url, &mut progress).await?;
    let Err(damage) = check_shipped(name, &bytes) else {
        return Ok(CheckedModel { bytes, replaced_damaged_copy: false });
    };
    web_sys::console::warn_1(&format!("{damage}; downloading it again").into());
    let refused = |why: String| format!("{damage}. It was refused and {why}; it is downloaded again once this device is online");
    crate::offline::forget_cached(&url).await.map_err(|e| refused(format!("could not be removed from this browser's copy ({e})")))?;
    let bytes = download(name, &url, &mut progress).await.map_err(|e| refused(format!("could not be downloaded again ({e})")))?;
    match check_shipped(name, &bytes) {
        Ok(()) => Ok(CheckedModel { bytes, replaced_damaged_copy: true }),
        Err(again) => Err(refused(format!("the copy downloaded again is damaged too (sha256 {})", again.found))),
    }
}

/// Downloads `url` whole, calling `progress(bytes_so_far)` as chunks arrive.
async fn download(name: &str, url: &str, progress: &mut impl FnMut(usize)) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("could not download {name}: {}", describe(&e)))?
        .dyn_into()
        .map_err(|_| "fetch did not return a Response".to_string())?;
    if !response.ok() {
        // The service worker says why it could not fetch a file again (static/sw.js).
        let text = match response.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).filter(|t| t.starts_with("FaceGrade")),
            Err(_) => None,
        };
        return Err(format!("could not download {name}: HTTP {}{}", response.status(), text.map(|t| format!(" ({t})")).unwrap_or_default()));
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
