//! What the page shows about the eyes, as plain data (no web types, so its unit tests run
//! natively with `cargo test`): the live Eyes box's sentences here, the blink test's
//! recording and chart (`blinks.rs`), and the exam report's eye-safety findings
//! (`eye_safety.rs`). The components that draw them are in `components/`.

mod blinks;
mod eye_safety;

pub use blinks::*;
pub use eye_safety::*;

use facegrade::engine::eye_state::EyeState;
use facegrade::measure::measurements::EyeStateMeasurement;
use facegrade::i18n::{fill, Lang, Msg};
use facegrade::side::Side;

pub use facegrade::report::eye_words::eye_name_in;

/// The Eyes box's line for one eye, in `lang`: "Right eye: open, 8.4 mm of eyeball
/// visible", "Left eye: closed", "Right eye: narrowed, 3.1 mm of eyeball visible", "Left
/// eye: unknown: <advice>".
pub fn eye_sentence(side: Side, e: &EyeStateMeasurement, lang: Lang) -> String {
    let eye = eye_name_in(side, lang);
    let mm = format!("{:.1}", e.visible_height_mm);
    match (e.state, e.unknown_reason) {
        (EyeState::Closed, _) => fill(Msg::EyeClosed, lang, &[("eye", eye)]),
        (EyeState::Unknown, Some(reason)) => fill(Msg::EyeUnknownBecause, lang, &[("eye", eye), ("reason", reason.advice(lang))]),
        (EyeState::Unknown, None) => fill(Msg::EyeUnknown, lang, &[("eye", eye)]),
        (EyeState::Narrowed, _) => fill(Msg::EyeNarrowed, lang, &[("eye", eye), ("mm", &mm)]),
        (EyeState::Open, _) => fill(Msg::EyeOpen, lang, &[("eye", eye), ("mm", &mm)]),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use facegrade::engine::eye_state::ReadingSource;
    use facegrade::engine::eye_state::UnknownReason;

    pub(crate) fn eye(state: EyeState, mm: f32) -> EyeStateMeasurement {
        EyeStateMeasurement { state, visible_height_mm: mm, confidence: 0.9, unknown_reason: None, disagrees_with_landmarks: false, source: ReadingSource::Image }
    }

    #[test]
    fn eye_sentences_name_the_anatomical_side_and_the_state() {
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Open, 8.44), Lang::En), "Right eye: open, 8.4 mm of eyeball visible");
        assert_eq!(eye_sentence(Side::Left, &eye(EyeState::Closed, 0.0), Lang::En), "Left eye: closed");
        assert_eq!(eye_sentence(Side::Left, &eye(EyeState::Narrowed, 3.06), Lang::En), "Left eye: narrowed, 3.1 mm of eyeball visible");
        let dark = EyeStateMeasurement { unknown_reason: Some(UnknownReason::TooDark), ..eye(EyeState::Unknown, 5.0) };
        assert_eq!(eye_sentence(Side::Right, &dark, Lang::En), format!("Right eye: unknown: {}", UnknownReason::TooDark.advice(Lang::En)));
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Unknown, 5.0), Lang::En), "Right eye: unknown");
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Open, 8.44), Lang::Ja), "右目: 開いている（眼球が8.4 mm見えている）");
    }
}
