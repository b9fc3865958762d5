//! The words of the exam report's eye-safety findings (`crate::scores::eye_safety`):
//! eye names, column headings, gaps and narrowings; the page and the PDF say them alike.

use crate::measure::Expression;
use crate::side::Side;

/// "Right eye", "Left eye".
pub fn eye_name(side: Side) -> &'static str {
    match side {
        Side::Right => "Right eye",
        Side::Left => "Left eye",
    }
}

/// The eyes in table order: the affected eye first, the healthy one beside it; right then
/// left when the affected side is unknown.
pub fn eye_order(affected: Option<Side>) -> [Side; 2] {
    affected.map_or(Side::BOTH, |a| [a, a.other()])
}

/// A column heading: "Right eye (affected)", "Left eye (healthy)", or "Right eye".
pub fn eye_heading(side: Side, affected: Option<Side>, unclear: bool) -> String {
    match affected {
        Some(a) if a == side && unclear => format!("{} (taken as affected; side unclear)", eye_name(side)),
        Some(a) if a == side => format!("{} (affected)", eye_name(side)),
        Some(_) if unclear => format!("{} (the other side)", eye_name(side)),
        Some(_) => format!("{} (healthy)", eye_name(side)),
        None => eye_name(side).to_string(),
    }
}

/// "gentle closure", "big smile", ...
pub fn view_words(view: Expression) -> String {
    view.code().replace('_', " ")
}

/// A gap left open: "0 (closes)", "3.2 mm", "not measured".
pub fn gap_words(gap_mm: Option<f32>) -> String {
    match gap_mm {
        Some(g) if g <= 0.0 => "0 (closes)".to_string(),
        Some(g) => format!("{g:.1} mm"),
        None => "not measured".to_string(),
    }
}

/// An eye's narrowing: "2.1 mm (21 % of rest)", "-0.4 mm (-4 % of rest)" (wider than at
/// rest), "not measured".
pub fn narrowing_words(mm: Option<f32>, percent: Option<f32>) -> String {
    match (mm, percent) {
        (Some(mm), Some(p)) => format!("{:.1} mm ({:.0} % of rest)", no_negative_zero(mm, 10.0), no_negative_zero(p, 1.0)),
        (Some(mm), None) => format!("{:.1} mm", no_negative_zero(mm, 10.0)),
        _ => "not measured".to_string(),
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
