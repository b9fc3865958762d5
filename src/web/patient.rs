//! Patient mode: the live measurements in plain words, only where a difference is large
//! enough for people to notice (the severity thresholds), and never as a diagnosis.

use super::protocol::MeasureRow;
use facegrade::measure::measurements::Unit;
use facegrade::measure::{MeasurementName, Severity};
use facegrade::side::Side;

/// (plain name, what a larger value on one side means); None for what is not said to a
/// patient (the visible eyeball follows the eye opening).
fn plain(name: MeasurementName) -> Option<(&'static str, &'static str)> {
    use MeasurementName::*;
    Some(match name {
        BrowHeight => ("eyebrow", "higher"),
        Mrd1 => ("upper eyelid", "more open"),
        Mrd2 => ("lower eyelid", "lower"),
        PalpebralFissureHeight => ("eye opening", "wider"),
        PalpebralFissureWidth => ("eye", "wider"),
        CommissureExcursion => ("mouth corner", "further out"),
        CommissureHeight => ("mouth corner", "lower"),
        SmileAngle => ("mouth corner angle", "steeper"),
        UpperLipHeight => ("upper lip", "lower"),
        LowerLipHeight => ("lower lip", "lower"),
        DentalShow => ("teeth showing", "more"),
        AlarBaseHeight => ("side of the nose", "lower"),
        NasolabialLength => ("nose-to-mouth-corner distance", "longer"),
        VisibleEyeballHeight => return None,
    })
}

/// Sentences for the noticeable differences, largest first; one reassuring sentence when
/// there are none.
pub fn summary(rows: &[MeasureRow]) -> Vec<String> {
    let mut noticeable: Vec<&MeasureRow> = rows.iter().filter(|r| r.severity != Severity::None).collect();
    noticeable.sort_by(|a, b| b.difference.total_cmp(&a.difference));
    if noticeable.is_empty() {
        return vec!["Your left and right sides look alike in this picture: no difference large enough for people to notice.".into()];
    }
    noticeable
        .iter()
        .filter_map(|r| {
            let (name, larger) = plain(r.name)?;
            let side = if r.left > r.right { Side::Left } else { Side::Right };
            let unit = if r.unit == Unit::Degrees { "degrees" } else { "mm" };
            let how = if r.severity == Severity::Marked { "clearly " } else { "" };
            Some(format!("Your {} {name} is {how}{larger} than your {} by {:.0} {unit}.", side.name(), side.other().name(), r.difference))
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
        let s = summary(&[row(CommissureHeight, 40.0, 44.0, Severity::Noticeable), row(BrowHeight, 20.0, 20.5, Severity::None)]);
        assert_eq!(s, ["Your left mouth corner is lower than your right by 4 mm."]);
        assert_eq!(summary(&[row(BrowHeight, 22.0, 20.0, Severity::Marked)]), ["Your right eyebrow is clearly higher than your left by 2 mm."]);
        assert!(summary(&[row(BrowHeight, 20.0, 20.5, Severity::None)])[0].contains("look alike"));
    }
}
