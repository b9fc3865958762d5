//! Sentences the core stored in English (a score's finding, a blink analysis's note), read
//! back as the message and values they were filled from, and said in another language.
//! The callers name the messages a sentence may be ([`said_in`]'s `among`); each
//! placeholder's value is checked and translated by its kind (its name).

use super::{fill, text, unfill, Lang, Msg};
use crate::measure::{Expression, MeasurementName};

/// The words a `{what}` placeholder takes: what was too small to divide by, and which
/// part of the face is asymmetric at rest.
pub const WHAT: &[Msg] = &[
    Msg::WhatHealthyBrowHeight,
    Msg::WhatAffectedFissure,
    Msg::WhatHealthyCommissureHorizontal,
    Msg::WhatHealthyBrowLift,
    Msg::WhatHealthyCommissureExcursion,
    Msg::WhatHealthyDentalShow,
    Msg::WhatHealthyFissureSmile,
    Msg::WhatHealthyFissurePucker,
    Msg::WhatHealthyMovement,
    Msg::WhatAffectedFissureAtRest,
    Msg::WhatHealthyFissureAtRest,
    Msg::RestEyelid,
    Msg::RestBrow,
    Msg::RestMouthCorner,
];

/// `stored` in `lang` when it is one of the messages `among` filled in English ([`said_in`]);
/// as it is (English) otherwise.
pub fn said_in_or_as_is(stored: &str, among: &[Msg], lang: Lang) -> String {
    said_in(stored, among, lang).unwrap_or_else(|| stored.to_string())
}

/// `english`, one of the messages `among` filled in English, in `lang`; None when it is
/// none of them.
pub fn said_in(english: &str, among: &[Msg], lang: Lang) -> Option<String> {
    among.iter().find_map(|&msg| {
        let values = unfill(msg, english)?;
        let said: Vec<(&str, String)> = values.iter().map(|(name, value)| Some((*name, value_in(name, value, among, lang)?))).collect::<Option<_>>()?;
        let said: Vec<(&str, &str)> = said.iter().map(|(n, v)| (*n, v.as_str())).collect();
        Some(fill(msg, lang, &said))
    })
}

/// A placeholder's value in `lang`, by the placeholder's kind; None when the value is not
/// of that kind (the sentence is then some other message). In English the value stays as
/// the core wrote it (a view's code, a measurement's stable name).
fn value_in(name: &str, value: &str, among: &[Msg], lang: Lang) -> Option<String> {
    let said = value_of_kind(name, value, among, lang)?;
    Some(if lang == Lang::En { value.to_string() } else { said })
}

fn value_of_kind(name: &str, value: &str, among: &[Msg], lang: Lang) -> Option<String> {
    let word = |words: &[Msg]| words.iter().find(|&&m| text(m, Lang::En) == value).map(|&m| text(m, lang).to_string());
    match name {
        "view" => Expression::from_code(value).map(|v| v.name(lang).to_string()),
        "measurement" => value.parse::<MeasurementName>().ok().map(|m| m.label(lang).to_string()),
        "what" => word(WHAT),
        "eye" => word(&[Msg::RightEye, Msg::LeftEye]),
        // A sentence inside the sentence, of the same kinds.
        "finding" | "why" => said_in(value, among, lang),
        // Everything else is a number as the core prints it ("-2.0", "+0.4", "42", "NaN").
        _ => is_number(value).then(|| value.to_string()),
    }
}

/// A number as Rust prints it, non-finite ones ("NaN", "inf") included: a reading that
/// is not a number is still reported in the sentence it belongs to.
fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if digits == "NaN" || digits == "inf" {
        return true;
    }
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.') && digits.chars().any(|c| c.is_ascii_digit())
}
