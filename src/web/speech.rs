//! Spoken exam prompts with the browser's speech synthesis, using only voices that run on
//! this device (`localService`): a network voice would send the text elsewhere.

use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

fn synthesis() -> Option<SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// An on-device English voice (any on-device voice if none is English).
fn local_voice(synthesis: &SpeechSynthesis) -> Option<SpeechSynthesisVoice> {
    let voices: Vec<SpeechSynthesisVoice> = synthesis.get_voices().iter().filter_map(|v| v.dyn_into().ok()).filter(|v: &SpeechSynthesisVoice| v.local_service()).collect();
    voices.iter().find(|v| v.lang().starts_with("en")).or(voices.first()).cloned()
}

/// Whether prompts can be spoken here: Err says why not, in plain words.
pub fn available() -> Result<(), String> {
    let synthesis = synthesis().ok_or("this browser cannot speak")?;
    local_voice(&synthesis).map(|_| ()).ok_or_else(|| "this browser has no voice that runs on this device, and FaceGrade does not send text to online voices; the prompts stay on screen".to_string())
}

/// Speaks `text` (cancelling anything still being said); silent when no on-device voice exists.
pub fn say(text: &str) {
    let Some(synthesis) = synthesis() else { return };
    let Some(voice) = local_voice(&synthesis) else { return };
    let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else { return };
    utterance.set_voice(Some(&voice));
    utterance.set_lang(&voice.lang());
    synthesis.cancel();
    synthesis.speak(&utterance);
}
