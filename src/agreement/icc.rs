//! ICC(2,1): the intraclass correlation for a two-way random-effects model, absolute
//! agreement, single rater (Shrout & Fleiss 1979, Psychol Bull 86:420, "ICC(2,1)";
//! McGraw & Wong 1996, Psychol Methods 1:30, "ICC(A,1)", case 2A), with McGraw & Wong's
//! F-based 95 % confidence interval (their Table 7, case 2A).
//!
//! For n targets (exams) rated by k raters (here k = 2: FaceGrade and the clinician),
//! from the two-way ANOVA mean squares MSR (rows), MSC (columns) and MSE (residual):
//!
//!   ICC = (MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n)
//!
//! Interval: a = k ICC / (n (1 - ICC)), b = 1 + k ICC (n - 1) / (n (1 - ICC)),
//! v = (a MSC + b MSE)^2 / ((a MSC)^2 / (k - 1) + (b MSE)^2 / ((n - 1)(k - 1))),
//! F* = F_{0.975}(n - 1, v), F_* = F_{0.975}(v, n - 1);
//! lower = n (MSR - F* MSE) / (F* (k MSC + (k n - k - n) MSE) + n MSR),
//! upper = n (F_* MSR - MSE) / (k MSC + (k n - k - n) MSE + n F_* MSR).

use super::f_distribution::f_quantile;
use super::NotComputed;
use serde::{Deserialize, Serialize};

/// The two-way ANOVA mean squares of an n x k table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeanSquares {
    pub rows: f64,
    pub columns: f64,
    pub error: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Icc {
    pub value: f64,
    /// 95 % confidence interval; None when the agreement is perfect (MSE = 0, where the
    /// interval's formula divides by zero).
    pub ci95: Option<[f64; 2]>,
    pub targets: usize,
    pub raters: usize,
    pub mean_squares: MeanSquares,
}

/// The mean squares of `table` (one row per target, one column per rater; every row the
/// same length, at least 2 x 2).
pub fn mean_squares(table: &[Vec<f64>]) -> MeanSquares {
    let (n, k) = (table.len() as f64, table[0].len() as f64);
    let grand = table.iter().flatten().sum::<f64>() / (n * k);
    let row_means: Vec<f64> = table.iter().map(|r| r.iter().sum::<f64>() / k).collect();
    let col_means: Vec<f64> = (0..table[0].len()).map(|j| table.iter().map(|r| r[j]).sum::<f64>() / n).collect();
    let ss_rows = k * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_cols = n * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_total = table.iter().flatten().map(|x| (x - grand).powi(2)).sum::<f64>();
    let ss_error = (ss_total - ss_rows - ss_cols).max(0.0);
    MeanSquares { rows: ss_rows / (n - 1.0), columns: ss_cols / (k - 1.0), error: ss_error / ((n - 1.0) * (k - 1.0)) }
}

/// ICC(2,1) of `table` with its 95 % interval. Refused with fewer than 2 targets or 2
/// raters, rows of unequal length, non-finite values, or no variance at all.
pub fn icc_2_1(table: &[Vec<f64>]) -> Result<Icc, NotComputed> {
    let n = table.len();
    let k = table.first().map_or(0, Vec::len);
    if n < 2 {
        return Err(NotComputed::TooFewPairs(n));
    }
    if k < 2 || table.iter().any(|r| r.len() != k) || table.iter().flatten().any(|x| !x.is_finite()) {
        return Err(NotComputed::BadInput);
    }
    let ms = mean_squares(table);
    let (nf, kf) = (n as f64, k as f64);
    let denominator = ms.rows + (kf - 1.0) * ms.error + kf * (ms.columns - ms.error) / nf;
    if denominator <= f64::EPSILON * (1.0 + ms.rows.abs()) {
        return Err(NotComputed::NoVariance);
    }
    let value = (ms.rows - ms.error) / denominator;
    Ok(Icc { value, ci95: interval(value, ms, nf, kf), targets: n, raters: k, mean_squares: ms })
}

/// McGraw & Wong's case 2A interval, clipped to [-1, 1].
fn interval(icc: f64, ms: MeanSquares, n: f64, k: f64) -> Option<[f64; 2]> {
    if ms.error <= 0.0 || icc >= 1.0 {
        return None;
    }
    let a = k * icc / (n * (1.0 - icc));
    let b = 1.0 + k * icc * (n - 1.0) / (n * (1.0 - icc));
    let v = (a * ms.columns + b * ms.error).powi(2) / ((a * ms.columns).powi(2) / (k - 1.0) + (b * ms.error).powi(2) / ((n - 1.0) * (k - 1.0)));
    let f_lower = f_quantile(0.975, n - 1.0, v)?;
    let f_upper = f_quantile(0.975, v, n - 1.0)?;
    let c = k * ms.columns + (k * n - k - n) * ms.error;
    let lower = n * (ms.rows - f_lower * ms.error) / (f_lower * c + n * ms.rows);
    let upper = n * (f_upper * ms.rows - ms.error) / (c + n * f_upper * ms.rows);
    Some([lower.clamp(-1.0, 1.0), upper.clamp(-1.0, 1.0)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shrout & Fleiss 1979, Table 2: 6 targets rated by 4 judges.
    fn shrout_fleiss() -> Vec<Vec<f64>> {
        [[9., 2., 5., 8.], [6., 1., 3., 2.], [8., 4., 6., 8.], [7., 1., 2., 6.], [10., 5., 6., 9.], [6., 2., 4., 7.]].map(|r| r.to_vec()).to_vec()
    }

    #[test]
    fn shrout_and_fleiss_table_2() {
        let icc = icc_2_1(&shrout_fleiss()).unwrap();
        // Their Table 3: BMS = 11.24, JMS = 32.49, EMS = 1.02; ICC(2,1) = 0.29.
        // By hand: grand mean 5.5833; row means 6, 3, 6.5, 4, 7.5, 4.75 give SSR = 4 x 14.05
        // = 56.21, BMS = 56.21 / 5 = 11.24; column means 7.667, 2.5, 4.333, 6.667 give
        // SSC = 6 x 16.24 = 97.46, JMS = 97.46 / 3 = 32.49; SST = 168.96, so EMS =
        // (168.96 - 56.21 - 97.46) / 15 = 1.019; ICC = (11.24 - 1.02) / (11.24 + 3 x 1.02
        // + 4 (32.49 - 1.02) / 6) = 10.22 / 35.28 = 0.290.
        let ms = icc.mean_squares;
        assert!((ms.rows - 11.2417).abs() < 1e-3 && (ms.columns - 32.4861).abs() < 1e-3 && (ms.error - 1.0194).abs() < 1e-3, "{ms:?}");
        assert!((icc.value - 0.28976).abs() < 1e-4, "{}", icc.value);
        // McGraw & Wong's interval, as R psych::ICC prints for this table: 0.019 to 0.76
        // (scipy-computed with the same formula: 0.018787, 0.761084).
        let [lo, hi] = icc.ci95.unwrap();
        assert!((lo - 0.018787).abs() < 1e-4 && (hi - 0.761084).abs() < 1e-4, "{lo} {hi}");
    }

    #[test]
    fn too_few_targets_or_no_variance_are_refused() {
        assert_eq!(icc_2_1(&[vec![1.0, 2.0]]), Err(NotComputed::TooFewPairs(1)));
        assert_eq!(icc_2_1(&[vec![3.0, 3.0], vec![3.0, 3.0]]), Err(NotComputed::NoVariance));
        assert_eq!(icc_2_1(&[vec![3.0, 3.0], vec![3.0]]), Err(NotComputed::BadInput));
    }

    #[test]
    fn perfect_agreement_is_one_without_an_interval() {
        let icc = icc_2_1(&[vec![1.0, 1.0], vec![2.0, 2.0], vec![4.0, 4.0]]).unwrap();
        assert!((icc.value - 1.0).abs() < 1e-12 && icc.ci95.is_none());
    }
}
