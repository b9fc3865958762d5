//! The scoring rules' words in either language. The scales write each finding and
//! not-measured reason as a message of the table filled in English (`fill(msg, Lang::En,
//! ..)`), and store that English (exports keep it). [`said_in`] reads such a stored
//! sentence back as its message and values (`i18n::stored`) and says it in another
//! language, so a saved exam, old or new, reads in the page's language without storing a
//! second one.

use crate::i18n::{fill, stored, Lang, Msg};

/// Every finding and not-measured reason the scales write (`said_in` tries them in order).
pub const SAID: &[Msg] = &[
    Msg::ReasonNoView,
    Msg::ReasonNotInView,
    Msg::ReasonNotANumber,
    Msg::ReasonTooSmall,
    Msg::ReasonHealthyEyeClosedAtRest,
    Msg::ReasonHealthyEyeBarelyClosed,
    Msg::ReasonCheekNotMeasurable,
    Msg::ReasonClosureSynkinesisNotMeasured,
    Msg::ReasonNoBlinkStep,
    Msg::ReasonNoWinkStep,
    Msg::ReasonNoLowerLipStep,
    Msg::FindingNarrow,
    Msg::FindingWide,
    Msg::FindingNormalEye,
    Msg::FindingCornerDrooped,
    Msg::FindingCornerPulled,
    Msg::FindingNormalMouth,
    Msg::FindingMoves,
    Msg::FindingEyeCloses,
    Msg::FindingEyeNarrowsMore,
    Msg::FindingClosesCompletely,
    Msg::FindingLeftOpen,
    Msg::FindingNoRestingAsymmetry,
    Msg::FindingRestingTimes,
    Msg::FindingOtherEyeClosedToo,
];

/// A stored finding or reason (the English a scale wrote) in `lang`; None when it is no
/// sentence of the scales (then show it as it is, in English).
pub fn said_in(english: &str, lang: Lang) -> Option<String> {
    stored::said_in(english, SAID, lang)
}

/// A stored finding or reason in `lang`, or as it is (English) when it is no sentence of
/// the scales.
pub fn stored_in(stored: &str, lang: Lang) -> String {
    stored::said_in_or_as_is(stored, SAID, lang)
}

/// The English of `msg` filled with `values`: what the scales store.
pub fn english(msg: Msg, values: &[(&str, &str)]) -> String {
    fill(msg, Lang::En, values)
}

/// A number as the scales print it: one decimal ("3.0").
pub fn mm(value: f32) -> String {
    format!("{value:.1}")
}

/// A fraction as a whole percentage ("42").
pub fn percent(fraction: f32) -> String {
    format!("{:.0}", 100.0 * fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_reason_reads_back_in_either_language() {
        let stored = english(Msg::ReasonTooSmall, &[("what", crate::i18n::text(Msg::WhatHealthyBrowLift, Lang::En)), ("mm", "0.4"), ("min", "1")]);
        assert_eq!(stored, "the healthy brow's lift is 0.4 mm, under 1 mm: was the expression performed?");
        assert_eq!(said_in(&stored, Lang::En).as_deref(), Some(stored.as_str()));
        assert_eq!(said_in(&stored, Lang::Ja).as_deref(), Some("健側の眉毛の挙上量が0.4 mmで、1 mm未満です: 表情は行われましたか？"));
        assert_eq!(said_in("no gentle_closure view", Lang::Ja).as_deref(), Some("「軽い閉眼」の表情がありません"));
        // Words that are not the scales' sentence, or a value of the wrong kind, are not read.
        assert_eq!(said_in("no such view", Lang::Ja), None);
        assert_eq!(said_in("narrow (a lot mm)", Lang::Ja), None);
        // A reading that is not a number still reads back.
        assert_eq!(said_in("the healthy side's movement is NaN mm, under 1 mm: was the expression performed?", Lang::Ja).as_deref(), Some("健側の動きがNaN mmで、1 mm未満です: 表情は行われましたか？"));
    }

    #[test]
    fn a_finding_inside_a_finding_is_translated_too() {
        let inner = english(Msg::FindingLeftOpen, &[("mm", "2.5"), ("percent", "70")]);
        let outer = english(Msg::FindingOtherEyeClosedToo, &[("finding", &inner), ("percent", "90")]);
        assert_eq!(said_in(&outer, Lang::Ja).as_deref(), Some("2.5 mm開いたまま（安静時の開きの70 %を閉じる）。反対側の目も閉じた（90 %）"));
    }
}
