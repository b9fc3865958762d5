//! The words of the exam report's eye-safety findings: the core's
//! (`facegrade::report::eye_words`), which the PDF says too.

pub use facegrade::report::eye_words::{eye_heading, eye_order, gap_words, narrowing_words, no_negative_zero};

#[cfg(test)]
mod tests {
    use super::*;
    use facegrade::i18n::Lang;
    use crate::test_exams::right_eye_exam;
    use facegrade::measure::Expression::*;
    use facegrade::side::{PerSide, Side};

    #[test]
    fn the_eye_safety_findings_in_words() {
        // The right eye 3 mm open on tight closure and 5 mm on gentle closure; it narrows
        // 4 mm (40 %) in the big smile against the left eye's 2 mm (20 %).
        let safety = right_eye_exam().eye_safety;
        let lag = &safety.lagophthalmos;
        assert_eq!((lag.affected, lag.affected_incomplete), (Some(Side::Right), Some(true)));
        assert_eq!(lag.per_view.iter().map(|g| g.view).collect::<Vec<_>>(), [GentleClosure, TightClosure]);
        assert_eq!(lag.per_view[1].gap_mm, PerSide::new(Some(0.0), Some(3.0)));
        assert_eq!(gap_words(lag.per_view[1].gap_mm.left, Lang::En), "0 (closes)");
        assert_eq!(gap_words(lag.per_view[1].gap_mm.right, Lang::En), "3.0 mm");
        let syn = &safety.ocular_synkinesis;
        assert_eq!(syn.affected, Side::Right);
        let smile = &syn.per_view[0];
        assert_eq!(smile.view, BigSmile);
        assert_eq!(narrowing_words(smile.narrowing_mm.right, smile.narrowing_percent.right, Lang::En), "4.0 mm (40 % of rest)");
        assert_eq!((smile.suggested_point, smile.suggestion), (Some(3), true));
        assert!(!syn.note.is_empty() && !syn.statement.is_empty());
        assert_eq!(eye_order(lag.affected), [Side::Right, Side::Left]);
        assert_eq!(eye_heading(Side::Left, Some(Side::Right), false, Lang::En), "Left eye (healthy)");
        assert_eq!(eye_heading(Side::Left, Some(Side::Right), true, Lang::En), "Left eye (the other side)");
        assert_eq!(eye_heading(Side::Right, Some(Side::Right), true, Lang::En), "Right eye (taken as affected; side unclear)");
        assert_eq!(narrowing_words(Some(-0.04), Some(-0.4), Lang::En), "0.0 mm (0 % of rest)");
        assert_eq!(narrowing_words(Some(-0.4), Some(-4.2), Lang::En), "-0.4 mm (-4 % of rest)");
        assert_eq!(narrowing_words(None, None, Lang::En), "not measured");
    }
}
