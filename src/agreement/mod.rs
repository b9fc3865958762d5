//! Agreement on a clinic's own patients: FaceGrade's suggestions against the clinician's
//! final values (per score item), and the model's landmarks against the clinician's
//! corrections (per measurement), across exams. Pure statistics over plain pairs:
//!
//! - [`icc`]: ICC(2,1), two-way random, absolute agreement, single rater (Shrout & Fleiss
//!   1979; McGraw & Wong 1996), with its 95 % confidence interval;
//! - [`bland_altman`]: bias and 95 % limits of agreement (Bland & Altman 1986);
//! - [`grade_agreement`]: exact and within-one-grade agreement of House-Brackmann grades.
//!
//! Nothing is guessed: with too few pairs or no variance a statistic is "not computed",
//! with the reason, never NaN. [`exams`] builds the pairs from exported exams.

pub mod bland_altman;
pub mod exams;
pub mod f_distribution;
pub mod grade_agreement;
pub mod icc;
pub mod imported_face;
pub mod score_items;

use bland_altman::BlandAltman;
use grade_agreement::GradeAgreement;
use icc::Icc;
use serde::{Deserialize, Serialize};

/// One exam's value of one item or measurement: FaceGrade's and the clinician's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// FaceGrade's suggestion (or the value measured on the model's landmarks).
    pub suggested: f64,
    /// The clinician's final value (or the value measured on the corrected landmarks).
    pub clinician: f64,
}

/// What a series compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compared {
    /// A score item: FaceGrade's suggestion vs the clinician's final value.
    ScoreItem,
    /// A measurement: on the model's landmarks vs on the clinician's corrected landmarks.
    Measurement,
}

/// The kind of values in a series, which decides the statistics that apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// A number on a continuous or many-step scale (mm, degrees, eFACE points).
    Continuous,
    /// A House-Brackmann grade, 1-6: exact and within-one-grade agreement are added.
    HouseBrackmannGrade,
}

/// One item or measurement across exams.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairedSeries {
    /// e.g. "auto_eface.brow_elevation" or "rest brow_height_mm left".
    pub name: String,
    pub compared: Compared,
    pub scale: Scale,
    pub pairs: Vec<Pair>,
}

/// Why a statistic was not computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "reason", content = "pairs")]
pub enum NotComputed {
    #[error("needs at least 2 exams, has {0}")]
    TooFewPairs(usize),
    #[error("no variance: every value is the same, so agreement is undefined")]
    NoVariance,
    #[error("a value is not a finite number")]
    BadInput,
}

/// A statistic, or why it was not computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Statistic<T> {
    Computed(T),
    NotComputed(NotComputed),
}

impl<T> From<Result<T, NotComputed>> for Statistic<T> {
    fn from(r: Result<T, NotComputed>) -> Self {
        match r {
            Ok(v) => Statistic::Computed(v),
            Err(e) => Statistic::NotComputed(e),
        }
    }
}

/// The agreement of one series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesAgreement {
    pub name: String,
    pub compared: Compared,
    pub pairs: usize,
    pub icc: Statistic<Icc>,
    pub bland_altman: Statistic<BlandAltman>,
    /// House-Brackmann grades only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grades: Option<Statistic<GradeAgreement>>,
}

/// ICC(2,1) with FaceGrade and the clinician as the two raters, Bland-Altman, and for
/// grades exact and within-one agreement.
pub fn agreement(series: &PairedSeries) -> SeriesAgreement {
    let table: Vec<Vec<f64>> = series.pairs.iter().map(|p| vec![p.suggested, p.clinician]).collect();
    SeriesAgreement {
        name: series.name.clone(),
        compared: series.compared,
        pairs: series.pairs.len(),
        icc: icc::icc_2_1(&table).into(),
        bland_altman: bland_altman::bland_altman(&series.pairs).into(),
        grades: (series.scale == Scale::HouseBrackmannGrade).then(|| grade_agreement::grade_agreement(&series.pairs).into()),
    }
}

/// The agreement over a file of exams: every series, and what could not be compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreementReport {
    pub exams: usize,
    pub series: Vec<SeriesAgreement>,
    pub notes: Vec<String>,
    pub method: String,
}

/// How agreement is computed, in `lang` (a report stores the English).
pub fn method_in(lang: crate::i18n::Lang) -> &'static str {
    crate::i18n::text(crate::i18n::Msg::AgreementMethod, lang)
}

pub fn over_exams(exams: &[exams::AgreementExam]) -> AgreementReport {
    let paired = exams::pair_up(exams);
    AgreementReport { exams: exams.len(), series: paired.series.iter().map(agreement).collect(), notes: paired.notes, method: method_in(crate::i18n::Lang::En).into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_exam_says_so_rather_than_printing_nan() {
        let s = PairedSeries { name: "house_brackmann.grade".into(), compared: Compared::ScoreItem, scale: Scale::HouseBrackmannGrade, pairs: vec![Pair { suggested: 3.0, clinician: 4.0 }] };
        let a = agreement(&s);
        assert_eq!(a.icc, Statistic::NotComputed(NotComputed::TooFewPairs(1)));
        assert_eq!(a.bland_altman, Statistic::NotComputed(NotComputed::TooFewPairs(1)));
        assert!(matches!(a.grades, Some(Statistic::Computed(ref g)) if g.within_one == 1 && g.exact == 0));
        let json = serde_json::to_string(&a).unwrap();
        assert!(!json.contains("NaN") && !json.contains("null,"), "{json}");
    }
}
