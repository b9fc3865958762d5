//! Camera access, with every failure turned into a message a person can act on.

use super::model_loader::describe;
use facegrade::i18n::{Msg, Said};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamConstraints};

/// Why the camera could not start, in plain words, with a stable code for the page.
pub struct CameraError {
    pub code: &'static str,
    pub message: Said,
}

/// Which camera, at what resolution (an ideal: the camera may offer less).
#[derive(Clone, Debug, PartialEq)]
pub struct CameraChoice {
    pub device_id: Option<String>,
    pub width: u32,
    pub height: u32,
}

impl Default for CameraChoice {
    fn default() -> Self {
        CameraChoice { device_id: None, width: 640, height: 480 }
    }
}

/// The resolutions offered in the picker.
pub const RESOLUTIONS: [(u32, u32); 3] = [(640, 480), (1280, 720), (1920, 1080)];

pub async fn open_camera(choice: &CameraChoice) -> Result<MediaStream, CameraError> {
    settle(request_camera(choice)?).await
}

/// Asks for the camera now and returns the browser's pending answer, to be awaited with
/// [`settle`] later: the page asks while its models are still being prepared, so the
/// camera is already running when the analysis can start (cold start, issue #15).
pub fn request_camera(choice: &CameraChoice) -> Result<js_sys::Promise, CameraError> {
    let devices = media_devices()?;
    let video = js_sys::Object::new();
    let ideal = |v: JsValue| js_sys::Object::from_entries(&js_sys::Array::of1(&js_sys::Array::of2(&"ideal".into(), &v))).map(JsValue::from).unwrap_or_default();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&video, &k.into(), &v).ok();
    set("width", ideal(choice.width.into()));
    set("height", ideal(choice.height.into()));
    match &choice.device_id {
        Some(id) => set("deviceId", js_sys::Object::from_entries(&js_sys::Array::of1(&js_sys::Array::of2(&"exact".into(), &id.into()))).map(JsValue::from).unwrap_or_default()),
        None => set("facingMode", "user".into()),
    };
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&false.into());
    devices.get_user_media_with_constraints(&constraints).map_err(|e| classify(&e))
}

/// The camera stream a [`request_camera`] answer gives, or why not.
pub async fn settle(request: js_sys::Promise) -> Result<MediaStream, CameraError> {
    let stream = JsFuture::from(request).await.map_err(|e| classify(&e))?;
    Ok(stream.unchecked_into())
}

/// The cameras this page may use, as (device id, label). Labels are only given once the
/// camera permission has been granted.
pub async fn list_cameras() -> Vec<(String, String)> {
    let Ok(devices) = media_devices() else { return Vec::new() };
    let Ok(promise) = devices.enumerate_devices() else { return Vec::new() };
    let Ok(list) = JsFuture::from(promise).await else { return Vec::new() };
    let list: js_sys::Array = list.unchecked_into();
    list.iter()
        .filter_map(|d| d.dyn_into::<web_sys::MediaDeviceInfo>().ok())
        .filter(|d| d.kind() == web_sys::MediaDeviceKind::Videoinput)
        .enumerate()
        .map(|(i, d)| {
            let label = d.label();
            (d.device_id(), if label.is_empty() { format!("Camera {}", i + 1) } else { label })
        })
        .collect()
}

fn media_devices() -> Result<web_sys::MediaDevices, CameraError> {
    let window = web_sys::window().expect("window");
    window.navigator().media_devices().map_err(|_| CameraError {
        code: "no-camera-api",
        message: Msg::NoCameraAccess.into(),
    })
}

fn classify(e: &JsValue) -> CameraError {
    let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name()).unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => CameraError {
            code: "permission-denied",
            message: Msg::CameraDenied.into(),
        },
        "NotFoundError" | "OverconstrainedError" => CameraError {
            code: "no-camera",
            message: Msg::NoCamera.into(),
        },
        "NotReadableError" | "AbortError" => CameraError {
            code: "camera-busy",
            message: Msg::CameraBusy.into(),
        },
        _ => CameraError { code: "camera-error", message: Said::new(Msg::CameraFailed).with("error", describe(e)) },
    }
}

pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}
