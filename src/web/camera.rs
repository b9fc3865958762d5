//! Camera access, with every failure turned into a message a person can act on.

use super::model_loader::describe;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamConstraints};

/// Why the camera could not start, in plain words, with a stable code for the page.
pub struct CameraError {
    pub code: &'static str,
    pub message: String,
}

pub async fn open_camera(width: u32, height: u32) -> Result<MediaStream, CameraError> {
    let window = web_sys::window().expect("window");
    let devices = window.navigator().media_devices().map_err(|_| CameraError {
        code: "no-camera-api",
        message: "This browser does not give pages camera access here. Open the page over http://127.0.0.1 or https.".into(),
    })?;
    let video = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&video, &k.into(), &v).ok();
    set("width", js_sys::Object::from_entries(&js_sys::Array::of1(&js_sys::Array::of2(&"ideal".into(), &width.into()))).unwrap().into());
    set("height", js_sys::Object::from_entries(&js_sys::Array::of1(&js_sys::Array::of2(&"ideal".into(), &height.into()))).unwrap().into());
    set("facingMode", "user".into());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&false.into());
    let promise = devices.get_user_media_with_constraints(&constraints).map_err(|e| classify(&e))?;
    let stream = JsFuture::from(promise).await.map_err(|e| classify(&e))?;
    Ok(stream.unchecked_into())
}

fn classify(e: &JsValue) -> CameraError {
    let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name()).unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => CameraError {
            code: "permission-denied",
            message: "Camera permission was denied. Allow the camera for this page (the camera icon in the address bar), then press Start camera again.".into(),
        },
        "NotFoundError" | "OverconstrainedError" => CameraError {
            code: "no-camera",
            message: "No camera was found. Connect a camera, then press Start camera again.".into(),
        },
        "NotReadableError" | "AbortError" => CameraError {
            code: "camera-busy",
            message: "The camera is in use by another program or could not start. Close other video apps, then try again.".into(),
        },
        _ => CameraError { code: "camera-error", message: format!("The camera could not start ({}).", describe(e)) },
    }
}

pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}
