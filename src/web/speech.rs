//! Spoken exam prompts with the browser's speech synthesis, using only voices that run on
//! this device (`localService`): a network voice would send the text elsewhere. The voice
//! speaks the page's language: a Japanese page needs a Japanese voice ("ja*"), and without
//! one the prompts stay silent (an English voice would misread Japanese) and the page says
//! so; an English page takes an English voice, else any on-device voice.

use facegrade::i18n::{Lang, Msg, Said};
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

fn synthesis() -> Option<SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// An on-device voice for `lang`.
fn local_voice(synthesis: &SpeechSynthesis, lang: Lang) -> Option<SpeechSynthesisVoice> {
    let voices: Vec<SpeechSynthesisVoice> = synthesis.get_voices().iter().filter_map(|v| v.dyn_into().ok()).filter(|v: &SpeechSynthesisVoice| v.local_service()).collect();
    let speaks = |v: &&SpeechSynthesisVoice| v.lang().to_ascii_lowercase().starts_with(lang.code());
    match lang {
        Lang::En => voices.iter().find(speaks).or(voices.first()).cloned(),
        Lang::Ja => voices.iter().find(speaks).cloned(),
    }
}

/// Whether prompts can be spoken here in `lang`: Err says why not.
pub fn available(lang: Lang) -> Result<(), Said> {
    let synthesis = synthesis().ok_or(Said::new(Msg::NoSpeechHere))?;
    match local_voice(&synthesis, lang) {
        Some(_) => Ok(()),
        None if lang == Lang::Ja && local_voice(&synthesis, Lang::En).is_some() => Err(Msg::NoJapaneseVoice.into()),
        None => Err(Msg::NoLocalVoice.into()),
    }
}

/// Speaks `text`, written in `lang` (cancelling anything still being said); silent when no
/// on-device voice speaks that language.
pub fn say(text: &str, lang: Lang) {
    let Some(synthesis) = synthesis() else { return };
    let Some(voice) = local_voice(&synthesis, lang) else { return };
    let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else { return };
    utterance.set_voice(Some(&voice));
    utterance.set_lang(&voice.lang());
    synthesis.cancel();
    synthesis.speak(&utterance);
}
