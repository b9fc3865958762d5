//! The words of the exam report's eye-safety findings (`crate::scores::eye_safety`):
//! eye names, column headings, gaps and narrowings; the page and the PDF say them alike.

use crate::measure::Expression;
use crate::i18n::{fill, text, Lang, Msg};
use crate::side::Side;

/// "Right eye", "Left eye".
pub fn eye_name(side: Side) -> &'static str {
    eye_name_in(side, Lang::En)
}

/// "Right eye", "Left eye" / 右目, 左目.
pub fn eye_name_in(side: Side, lang: Lang) -> &'static str {
    text(if side == Side::Right { Msg::RightEye } else { Msg::LeftEye }, lang)
}

/// The eyes in table order: the affected eye first, the healthy one beside it; right then
/// left when the affected side is unknown.
pub fn eye_order(affected: Option<Side>) -> [Side; 2] {
    affected.map_or(Side::BOTH, |a| [a, a.other()])
}

/// A column heading, in `lang`: "Right eye (affected)", "Left eye (healthy)", or "Right
/// eye".
pub fn eye_heading(side: Side, affected: Option<Side>, unclear: bool, lang: Lang) -> String {
    let eye = eye_name_in(side, lang);
    let heading = match affected {
        Some(a) if a == side && unclear => Msg::EyeTakenAsAffected,
        Some(a) if a == side => Msg::EyeAffected,
        Some(_) if unclear => Msg::EyeOtherSide,
        Some(_) => Msg::EyeHealthy,
        None => return eye.to_string(),
    };
    fill(heading, lang, &[("eye", eye)])
}

/// "gentle closure", "big smile", ...
pub fn view_words(view: Expression) -> String {
    view.code().replace('_', " ")
}

/// A gap left open: "0 (closes)", "3.2 mm", "not measured".
pub fn gap_words(gap_mm: Option<f32>, lang: Lang) -> String {
    match gap_mm {
        Some(g) if g <= 0.0 => text(Msg::GapCloses, lang).to_string(),
        Some(g) => fill(Msg::GapMm, lang, &[("mm", &format!("{g:.1}"))]),
        None => text(Msg::NotMeasured, lang).to_string(),
    }
}

/// An eye's narrowing: "2.1 mm (21 % of rest)", "-0.4 mm (-4 % of rest)" (wider than at
/// rest), "not measured".
pub fn narrowing_words(mm: Option<f32>, percent: Option<f32>, lang: Lang) -> String {
    match (mm, percent) {
        (Some(mm), Some(p)) => fill(Msg::NarrowingWords, lang, &[("mm", &format!("{:.1}", no_negative_zero(mm, 10.0))), ("percent", &format!("{:.0}", no_negative_zero(p, 1.0)))]),
        (Some(mm), None) => fill(Msg::GapMm, lang, &[("mm", &format!("{:.1}", no_negative_zero(mm, 10.0)))]),
        _ => text(Msg::NotMeasured, lang).to_string(),
    }
}

/// `v` rounded to 1/`per_unit`, with a value that rounds to zero shown as 0 (not "-0.0").
pub fn no_negative_zero(v: f32, per_unit: f32) -> f32 {
    let r = (v * per_unit).round() / per_unit;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
