//! A message as a JS object: `{json, bitmap?, buffers?, picture?}`. The message itself is
//! JSON; what is large rides beside it, transferred (bitmaps, buffers: the sender keeps no
//! copy) or cloned (a Blob is cheap to clone: its bytes are not copied).

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, ImageBitmap};

/// What rides beside a message.
#[derive(Default)]
pub struct Attachments {
    pub bitmap: Option<ImageBitmap>,
    pub buffers: Vec<ArrayBuffer>,
    pub picture: Option<Blob>,
}

impl Attachments {
    pub fn bitmap(bitmap: ImageBitmap) -> Attachments {
        Attachments { bitmap: Some(bitmap), ..Default::default() }
    }

    /// Each byte vector as its own buffer (copied once into JS memory, then transferred).
    pub fn buffers(bytes: &[&[u8]]) -> Attachments {
        Attachments { buffers: bytes.iter().map(|b| Uint8Array::from(*b).buffer()).collect(), ..Default::default() }
    }

    pub fn buffer_bytes(&self, index: usize) -> Option<Vec<u8>> {
        self.buffers.get(index).map(|b| Uint8Array::new(b).to_vec())
    }
}

/// The JS object to post and its transfer list.
pub fn pack(json: String, attachments: Attachments) -> (JsValue, Array) {
    let message = Object::new();
    let transfer = Array::new();
    let _ = Reflect::set(&message, &"json".into(), &json.into());
    if let Some(bitmap) = attachments.bitmap {
        transfer.push(&bitmap);
        let _ = Reflect::set(&message, &"bitmap".into(), &bitmap);
    }
    if !attachments.buffers.is_empty() {
        let buffers = Array::new();
        for b in attachments.buffers {
            transfer.push(&b);
            buffers.push(&b);
        }
        let _ = Reflect::set(&message, &"buffers".into(), &buffers);
    }
    if let Some(picture) = attachments.picture {
        let _ = Reflect::set(&message, &"picture".into(), &picture);
    }
    (message.into(), transfer)
}

/// The JSON and attachments of a received message.
pub fn unpack(data: &JsValue) -> (String, Attachments) {
    let field = |k: &str| Reflect::get(data, &k.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
    let json = field("json").and_then(|j| j.as_string()).unwrap_or_default();
    let buffers = field("buffers").map(|b| b.unchecked_into::<Array>().iter().filter_map(|b| b.dyn_into::<ArrayBuffer>().ok()).collect()).unwrap_or_default();
    let attachments = Attachments {
        bitmap: field("bitmap").and_then(|b| b.dyn_into::<ImageBitmap>().ok()),
        buffers,
        picture: field("picture").and_then(|p| p.dyn_into::<Blob>().ok()),
    };
    (json, attachments)
}
