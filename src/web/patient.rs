//! Patient mode: the live measurements in plain words, only where a difference is large
//! enough for people to notice (the severity thresholds), and never as a diagnosis.

use super::protocol::MeasureRow;

/// (plain name, what a larger value on one side means).
fn plain(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "brow_height_mm" => ("eyebrow", "higher"),
        "mrd1_mm" => ("upper eyelid", "more open"),
        "mrd2_mm" => ("lower eyelid", "lower"),
        "palpebral_fissure_height_mm" => ("eye opening", "wider"),
        "palpebral_fissure_width_mm" => ("eye", "wider"),
        "commissure_excursion_mm" => ("mouth corner", "further out"),
        "commissure_height_mm" => ("mouth corner", "lower"),
        "smile_angle_deg" => ("mouth corner angle", "steeper"),
        "upper_lip_height_mm" => ("upper lip", "lower"),
        "lower_lip_height_mm" => ("lower lip", "lower"),
        "dental_show_mm" => ("teeth showing", "more"),
        "alar_base_height_mm" => ("side of the nose", "lower"),
        "nasolabial_length_mm" => ("nose-to-mouth-corner distance", "longer"),
        _ => return None,
    })
}

/// Sentences for the noticeable differences, largest first; one reassuring sentence when
/// there are none.
pub fn summary(rows: &[MeasureRow]) -> Vec<String> {
    let mut noticeable: Vec<&MeasureRow> = rows.iter().filter(|r| r.severity != "none").collect();
    noticeable.sort_by(|a, b| b.difference.total_cmp(&a.difference));
    if noticeable.is_empty() {
        return vec!["Your left and right sides look alike in this picture: no difference large enough for people to notice.".into()];
    }
    noticeable
        .iter()
        .filter_map(|r| {
            let (name, larger) = plain(&r.name)?;
            let (side, other) = if r.left > r.right { ("left", "right") } else { ("right", "left") };
            let unit = if r.unit == "deg" { "degrees" } else { "mm" };
            let how = if r.severity == "marked" { "clearly " } else { "" };
            Some(format!("Your {side} {name} is {how}{larger} than your {other} by {:.0} {unit}.", r.difference))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, right: f32, left: f32, severity: &str) -> MeasureRow {
        MeasureRow { name: name.into(), right, left, difference: (left - right).abs(), percent: None, unit: "mm".into(), severity: severity.into() }
    }

    #[test]
    fn says_which_side_in_plain_words() {
        let s = summary(&[row("commissure_height_mm", 40.0, 44.0, "noticeable"), row("brow_height_mm", 20.0, 20.5, "none")]);
        assert_eq!(s, ["Your left mouth corner is lower than your right by 4 mm."]);
        assert!(summary(&[row("brow_height_mm", 20.0, 20.5, "none")])[0].contains("look alike"));
    }
}
