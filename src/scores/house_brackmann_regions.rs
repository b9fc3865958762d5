//! House-Brackmann per facial region: forehead, eye, nose, mouth, each graded I-VI and
//! written "F3 E4 N2 M3" (Yen, Driscoll & Lalwani 2003, Otol Neurotol 24:118, who grade
//! each region by the House-Brackmann criteria and find the global grade follows the eye
//! most; clinical_background.md section 8). The regional criteria are House & Brackmann's
//! own motion column (Otolaryngol HNS 1985;93:146, Table 1): forehead "moderate to good
//! function" (II), "slight to moderate movement" (III), "none" (IV-V); eye "complete
//! closure with minimum effort" (II), "complete closure with effort" (III), "incomplete
//! closure" (IV-V); mouth "slight asymmetry" (II), "slightly weak with maximum effort"
//! (III), "asymmetric with maximum effort" (IV), "slight movement" (V); VI no movement.
//!
//! How each region is read from the exam (the cut points are ours, the same ones the
//! global estimate uses for the smile, see [`movement_grade`]):
//! - F, forehead: brow lift (brow raise minus rest brow height), affected / healthy.
//! - E, eye: closure and lagophthalmos. Tight closure leaving 1 mm or more open is
//!   incomplete closure, so E is IV or worse, as the scale says: V when the affected eye
//!   closes under 25 % of its fissure, VI under 5 %. Complete tight closure but an
//!   incomplete gentle closure ("closes with effort"): III. Both complete: II when the
//!   affected eye at rest is 2 mm narrower or wider than the healthy one (a noticeable
//!   difference, Hohman 2014), else I.
//! - N, nose: snarl (nose wrinkle), the alar base's lift, affected / healthy; "not
//!   measured" without a snarl view.
//! - M, mouth: big smile, the commissure's excursion, affected / healthy.

use super::evidence::{Evidence, Reader};
use super::readings::ExamReadings;
use crate::measure::Expression::*;
use crate::measure::{Expression, MeasurementName};
use crate::side::Side;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacialRegion {
    Forehead,
    Eye,
    Nose,
    Mouth,
}

impl FacialRegion {
    pub const ALL: [FacialRegion; 4] = [FacialRegion::Forehead, FacialRegion::Eye, FacialRegion::Nose, FacialRegion::Mouth];

    /// Yen et al.'s letter.
    pub fn letter(self) -> char {
        match self {
            FacialRegion::Forehead => 'F',
            FacialRegion::Eye => 'E',
            FacialRegion::Nose => 'N',
            FacialRegion::Mouth => 'M',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FacialRegion::Forehead => "forehead",
            FacialRegion::Eye => "eye",
            FacialRegion::Nose => "nose",
            FacialRegion::Mouth => "mouth",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionalGrade {
    pub region: FacialRegion,
    /// 1-6; None when not measured.
    pub grade: Option<u8>,
    pub finding: Option<String>,
    pub not_measured: Option<String>,
    pub rule: String,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionalGrades {
    /// Forehead, eye, nose, mouth.
    pub regions: Vec<RegionalGrade>,
    /// e.g. "F3 E4 N- M3" ("-": not measured).
    pub written: String,
}

const MOVEMENT_RULE: &str = "affected / healthy movement: >= 90 % I, >= 75 % II, >= 50 % III, >= 25 % IV, >= 5 % V, else VI";
const EYE_RULE: &str = "tight closure leaves >= 1 mm open (incomplete closure): IV, V if the eye closes < 25 % of its fissure, VI < 5 %; complete tight but incomplete gentle closure: III; both complete: II if the fissure at rest differs >= 2 mm from the healthy eye, else I";

/// A region's grade from the affected side's movement as a fraction of the healthy side's.
pub fn movement_grade(fraction: f32) -> u8 {
    match fraction {
        f if f >= 0.90 => 1,
        f if f >= 0.75 => 2,
        f if f >= 0.50 => 3,
        f if f >= 0.25 => 4,
        f if f >= 0.05 => 5,
        _ => 6,
    }
}

type Graded = Result<(u8, String), String>;

fn moved(r: &mut Reader, view: Expression, measurement: MeasurementName, increase: bool, what: &str) -> Graded {
    let (q, finding) = r.movement_fraction(view, measurement, increase)?;
    Ok((movement_grade(q), format!("{what}: {finding}")))
}

fn eye(r: &mut Reader) -> Graded {
    let tight = r.closure(TightClosure)?;
    if tight.affected_left_open() {
        let f = tight.affected_fraction;
        let grade = if f < 0.05 { 6 } else if f < 0.25 { 5 } else { 4 };
        return Ok((grade, format!("incomplete closure: tight closure leaves {:.1} mm open ({:.0} % of the fissure closed)", tight.affected_remaining_mm, 100.0 * f)));
    }
    let gentle = r.closure(GentleClosure)?;
    if gentle.affected_left_open() {
        return Ok((3, format!("closes only with effort: gentle closure leaves {:.1} mm open", gentle.affected_remaining_mm)));
    }
    let rest = r.read(Rest, MeasurementName::PalpebralFissureHeight)?;
    let d = rest.affected - rest.healthy;
    Ok(if d.abs() >= 2.0 { (2, format!("closes completely; fissure at rest {d:+.1} mm from the healthy eye")) } else { (1, "closes completely, symmetric at rest".to_string()) })
}

fn region(readings: &ExamReadings, affected: Side, region: FacialRegion) -> RegionalGrade {
    let mut r = Reader::new(readings, affected);
    let (rule, result) = match region {
        FacialRegion::Forehead => (MOVEMENT_RULE, moved(&mut r, BrowRaise, MeasurementName::BrowHeight, true, "the brow")),
        FacialRegion::Eye => (EYE_RULE, eye(&mut r)),
        FacialRegion::Nose => (MOVEMENT_RULE, moved(&mut r, Snarl, MeasurementName::AlarBaseHeight, false, "the nose (alar base) in the snarl")),
        FacialRegion::Mouth => (MOVEMENT_RULE, moved(&mut r, BigSmile, MeasurementName::CommissureExcursion, true, "the mouth corner")),
    };
    let (grade, finding, not_measured) = match result {
        Ok((g, f)) => (Some(g), Some(f), None),
        Err(why) => (None, None, Some(why)),
    };
    RegionalGrade { region, grade, finding, not_measured, rule: rule.into(), evidence: r.evidence }
}

/// Each region's grade, and the written form.
pub fn grade_regions(readings: &ExamReadings, affected: Side) -> RegionalGrades {
    let regions: Vec<RegionalGrade> = FacialRegion::ALL.iter().map(|&g| region(readings, affected, g)).collect();
    let written = regions.iter().map(|g| format!("{}{}", g.region.letter(), g.grade.map_or("-".to_string(), |x| x.to_string()))).collect::<Vec<_>>().join(" ");
    RegionalGrades { regions, written }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movement_grades_follow_the_stated_cut_points() {
        assert_eq!([1.2, 0.9, 0.89, 0.75, 0.74, 0.5, 0.49, 0.25, 0.24, 0.05, 0.04, 0.0].map(movement_grade), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    }
}
