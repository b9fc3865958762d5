//! Agreement of ordinal grades (House-Brackmann I-VI, overall or per region): the share
//! of exams where FaceGrade's grade equals the clinician's, and where it is within one
//! grade, as House-Brackmann reliability studies report it (e.g. Kanerva et al. 2006,
//! Otolaryngol Head Neck Surg 135:865; Yen et al. 2003, Otol Neurotol 24:118).

use super::{NotComputed, Pair};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeAgreement {
    pub pairs: usize,
    pub exact: usize,
    pub within_one: usize,
    /// exact / pairs
    pub exact_fraction: f64,
    /// within_one / pairs
    pub within_one_fraction: f64,
}

/// Grades are compared as whole numbers (rounded). Refused with no pairs or a value that
/// is not a finite number.
pub fn grade_agreement(pairs: &[Pair]) -> Result<GradeAgreement, NotComputed> {
    if pairs.is_empty() {
        return Err(NotComputed::TooFewPairs(0));
    }
    if pairs.iter().any(|p| !p.suggested.is_finite() || !p.clinician.is_finite()) {
        return Err(NotComputed::BadInput);
    }
    let gap = |p: &Pair| (p.suggested.round() - p.clinician.round()).abs();
    let exact = pairs.iter().filter(|p| gap(p) == 0.0).count();
    let within_one = pairs.iter().filter(|p| gap(p) <= 1.0).count();
    let n = pairs.len();
    Ok(GradeAgreement { pairs: n, exact, within_one, exact_fraction: exact as f64 / n as f64, within_one_fraction: within_one as f64 / n as f64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_counted_example() {
        // (II, II) exact; (III, IV) within one; (I, III) neither; (VI, VI) exact.
        let pairs: Vec<Pair> = [(2., 2.), (3., 4.), (1., 3.), (6., 6.)].map(|(s, c)| Pair { suggested: s, clinician: c }).to_vec();
        let g = grade_agreement(&pairs).unwrap();
        assert_eq!((g.exact, g.within_one, g.pairs), (2, 3, 4));
        assert_eq!((g.exact_fraction, g.within_one_fraction), (0.5, 0.75));
        assert_eq!(grade_agreement(&[]), Err(NotComputed::TooFewPairs(0)));
    }
}
