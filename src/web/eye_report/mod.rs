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
use facegrade::side::Side;

pub use facegrade::report::eye_words::eye_name;

/// The Eyes box's line for one eye: "Right eye: open, 8.4 mm of eyeball visible",
/// "Left eye: closed", "Right eye: narrowed, 3.1 mm of eyeball visible", "Left eye:
/// unknown: <advice>".
pub fn eye_sentence(side: Side, e: &EyeStateMeasurement) -> String {
    let state = match e.state {
        EyeState::Closed => "closed".to_string(),
        EyeState::Unknown => match e.unknown_reason {
            Some(reason) => format!("unknown: {}", reason.advice()),
            None => "unknown".to_string(),
        },
        state => format!("{}, {:.1} mm of eyeball visible", state.code(), e.visible_height_mm),
    };
    format!("{}: {state}", eye_name(side))
}

/// Shown under an eye whose image and landmarks disagree.
pub const DISAGREEMENT: &str = "image and landmarks disagree: check this eye";

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
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Open, 8.44)), "Right eye: open, 8.4 mm of eyeball visible");
        assert_eq!(eye_sentence(Side::Left, &eye(EyeState::Closed, 0.0)), "Left eye: closed");
        assert_eq!(eye_sentence(Side::Left, &eye(EyeState::Narrowed, 3.06)), "Left eye: narrowed, 3.1 mm of eyeball visible");
        let dark = EyeStateMeasurement { unknown_reason: Some(UnknownReason::TooDark), ..eye(EyeState::Unknown, 5.0) };
        assert_eq!(eye_sentence(Side::Right, &dark), format!("Right eye: unknown: {}", UnknownReason::TooDark.advice()));
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Unknown, 5.0)), "Right eye: unknown");
    }
}
