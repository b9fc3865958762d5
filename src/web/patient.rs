//! Patient mode: the live measurements in plain words, only where a difference is large
//! enough for people to notice (the severity thresholds), and never as a diagnosis.

use super::protocol::MeasureRow;
use facegrade::measure::measurements::Unit;
use facegrade::measure::{MeasurementName, Severity};
use facegrade::i18n::{fill, text, Lang, Msg};
use facegrade::side::Side;

/// (plain name, what a larger value on one side means); None for what is not said to a
/// patient (the visible eyeball follows the eye opening).
fn plain(name: MeasurementName) -> Option<(Msg, Msg)> {
    use MeasurementName::*;
    Some(match name {
        BrowHeight => (Msg::PlainEyebrow, Msg::LargerHigher),
        Mrd1 => (Msg::PlainUpperEyelid, Msg::LargerMoreOpen),
        Mrd2 => (Msg::PlainLowerEyelid, Msg::LargerLower),
        PalpebralFissureHeight => (Msg::PlainEyeOpening, Msg::LargerWider),
        PalpebralFissureWidth => (Msg::PlainEye, Msg::LargerWider),
        CommissureExcursion => (Msg::PlainMouthCorner, Msg::LargerFurtherOut),
        CommissureHeight => (Msg::PlainMouthCorner, Msg::LargerLower),
        SmileAngle => (Msg::PlainMouthCornerAngle, Msg::LargerSteeper),
        UpperLipHeight => (Msg::PlainUpperLip, Msg::LargerLower),
        LowerLipHeight => (Msg::PlainLowerLip, Msg::LargerLower),
        DentalShow => (Msg::PlainTeeth, Msg::LargerMore),
        AlarBaseHeight => (Msg::PlainNoseSide, Msg::LargerLower),
        NasolabialLength => (Msg::PlainNoseToMouth, Msg::LargerLonger),
        VisibleEyeballHeight => return None,
    })
}

/// Sentences for the noticeable differences, largest first, in `lang`; one reassuring
/// sentence when there are none.
pub fn summary(rows: &[MeasureRow], lang: Lang) -> Vec<String> {
    let mut noticeable: Vec<&MeasureRow> = rows.iter().filter(|r| r.severity != Severity::None).collect();
    noticeable.sort_by(|a, b| b.difference.total_cmp(&a.difference));
    if noticeable.is_empty() {
        return vec![text(Msg::NoNoticeableDifference, lang).into()];
    }
    noticeable
        .iter()
        .filter_map(|r| {
            let (name, larger) = plain(r.name)?;
            let side = if r.left > r.right { Side::Left } else { Side::Right };
            let unit = text(if r.unit == Unit::Degrees { Msg::UnitDegrees } else { Msg::UnitMm }, lang);
            let how = if r.severity == Severity::Marked { text(Msg::Clearly, lang) } else { "" };
            let amount = format!("{:.0} {unit}", r.difference);
            Some(fill(
                Msg::PatientDifference,
                lang,
                &[("side", side.word(lang)), ("other", side.other().word(lang)), ("name", text(name, lang)), ("how", how), ("larger", text(larger, lang)), ("amount", &amount)],
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use MeasurementName::*;

    fn row(name: MeasurementName, right: f32, left: f32, severity: Severity) -> MeasureRow {
        MeasureRow { name, right, left, difference: (left - right).abs(), percent: None, unit: Unit::Millimetres, severity }
    }

    #[test]
    fn says_which_side_in_plain_words() {
        let s = summary(&[row(CommissureHeight, 40.0, 44.0, Severity::Noticeable), row(BrowHeight, 20.0, 20.5, Severity::None)], Lang::En);
        assert_eq!(s, ["Your left mouth corner is lower than your right by 4 mm."]);
        assert_eq!(summary(&[row(BrowHeight, 22.0, 20.0, Severity::Marked)], Lang::En), ["Your right eyebrow is clearly higher than your left by 2 mm."]);
        assert!(summary(&[row(BrowHeight, 20.0, 20.5, Severity::None)], Lang::En)[0].contains("look alike"));
        assert_eq!(summary(&[row(CommissureHeight, 40.0, 44.0, Severity::Noticeable)], Lang::Ja), ["口角は、左側が右側より4 mm下がっています。"]);
        assert_eq!(summary(&[row(BrowHeight, 22.0, 20.0, Severity::Marked)], Lang::Ja), ["眉毛は、右側が左側より2 mmはっきりと高くなっています。"]);
    }
}
