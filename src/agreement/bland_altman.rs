//! Bland-Altman agreement (Bland & Altman 1986, Lancet 1:307): the bias (mean of the
//! differences) and the 95 % limits of agreement, bias +- 1.96 SD of the differences
//! (SD with n - 1). Here a difference is FaceGrade's value minus the clinician's, so a
//! positive bias means FaceGrade reads higher.

use super::{NotComputed, Pair};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlandAltman {
    pub pairs: usize,
    /// Mean of (suggested - clinician).
    pub bias: f64,
    /// Sample standard deviation of the differences.
    pub sd: f64,
    /// bias - 1.96 SD, bias + 1.96 SD.
    pub limits_of_agreement: [f64; 2],
}

/// Refused with fewer than 2 pairs or non-finite values. Identical differences give SD 0
/// and limits equal to the bias, which is what they are.
pub fn bland_altman(pairs: &[Pair]) -> Result<BlandAltman, NotComputed> {
    if pairs.len() < 2 {
        return Err(NotComputed::TooFewPairs(pairs.len()));
    }
    if pairs.iter().any(|p| !p.suggested.is_finite() || !p.clinician.is_finite()) {
        return Err(NotComputed::BadInput);
    }
    let d: Vec<f64> = pairs.iter().map(|p| p.suggested - p.clinician).collect();
    let n = d.len() as f64;
    let bias = d.iter().sum::<f64>() / n;
    let sd = (d.iter().map(|x| (x - bias).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    Ok(BlandAltman { pairs: d.len(), bias, sd, limits_of_agreement: [bias - 1.96 * sd, bias + 1.96 * sd] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // Suggested vs clinician: (10, 8), (12, 11), (9, 9), (15, 12), (7, 7).
        // Differences 2, 1, 0, 3, 0: bias = 6 / 5 = 1.2; squared deviations 0.64, 0.04,
        // 1.44, 3.24, 1.44 sum to 6.8; SD = sqrt(6.8 / 4) = sqrt(1.7) = 1.30384;
        // limits 1.2 -+ 1.96 x 1.30384 = -1.35553, 3.75553.
        let pairs: Vec<Pair> = [(10., 8.), (12., 11.), (9., 9.), (15., 12.), (7., 7.)].map(|(s, c)| Pair { suggested: s, clinician: c }).to_vec();
        let ba = bland_altman(&pairs).unwrap();
        assert!((ba.bias - 1.2).abs() < 1e-12);
        assert!((ba.sd - 1.7f64.sqrt()).abs() < 1e-12);
        assert!((ba.limits_of_agreement[0] + 1.355_53).abs() < 1e-5 && (ba.limits_of_agreement[1] - 3.755_53).abs() < 1e-5);
    }

    #[test]
    fn one_pair_is_not_enough() {
        assert_eq!(bland_altman(&[Pair { suggested: 1.0, clinician: 2.0 }]), Err(NotComputed::TooFewPairs(1)));
    }
}
