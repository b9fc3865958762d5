//! The words of the exam report's eye-safety findings (`facegrade::scores::eye_safety`):
//! column headings, gaps and narrowings.

use super::eye_name;
use facegrade::measure::Expression;
use facegrade::side::Side;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_exams::right_eye_exam;
    use facegrade::measure::Expression::*;
    use facegrade::side::PerSide;

    #[test]
    fn the_eye_safety_findings_in_words() {
        // The right eye 3 mm open on tight closure and 5 mm on gentle closure; it narrows
        // 4 mm (40 %) in the big smile against the left eye's 2 mm (20 %).
        let safety = right_eye_exam().eye_safety;
        let lag = &safety.lagophthalmos;
        assert_eq!((lag.affected, lag.affected_incomplete), (Some(Side::Right), Some(true)));
        assert_eq!(lag.per_view.iter().map(|g| g.view).collect::<Vec<_>>(), [GentleClosure, TightClosure]);
        assert_eq!(lag.per_view[1].gap_mm, PerSide::new(Some(0.0), Some(3.0)));
        assert_eq!(gap_words(lag.per_view[1].gap_mm.left), "0 (closes)");
        assert_eq!(gap_words(lag.per_view[1].gap_mm.right), "3.0 mm");
        let syn = &safety.ocular_synkinesis;
        assert_eq!(syn.affected, Side::Right);
        let smile = &syn.per_view[0];
        assert_eq!(smile.view, BigSmile);
        assert_eq!(narrowing_words(smile.narrowing_mm.right, smile.narrowing_percent.right), "4.0 mm (40 % of rest)");
        assert_eq!((smile.suggested_point, smile.suggestion), (Some(3), true));
        assert!(!syn.note.is_empty() && !syn.statement.is_empty());
        assert_eq!(eye_order(lag.affected), [Side::Right, Side::Left]);
        assert_eq!(eye_heading(Side::Left, Some(Side::Right), false), "Left eye (healthy)");
        assert_eq!(eye_heading(Side::Left, Some(Side::Right), true), "Left eye (the other side)");
        assert_eq!(eye_heading(Side::Right, Some(Side::Right), true), "Right eye (taken as affected; side unclear)");
        assert_eq!(narrowing_words(Some(-0.04), Some(-0.4)), "0.0 mm (0 % of rest)");
        assert_eq!(narrowing_words(Some(-0.4), Some(-4.2)), "-0.4 mm (-4 % of rest)");
        assert_eq!(narrowing_words(None, None), "not measured");
    }
}
