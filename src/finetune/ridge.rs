//! Ridge regression toward the original weights, in closed form.
//!
//! For one output channel with original weights w0 and rows (features f_i, target y_i):
//! minimise sum_i (f_i . w - y_i)^2 + lambda |w - w0|^2, whose solution is
//! (F'F + lambda I) w = F'y + lambda w0. Every channel of a head shares F'F, so one
//! Cholesky factorisation serves them all.

/// The factorised normal matrix of one head.
pub struct RidgeSystem {
    n: usize,
    /// Lower-triangular Cholesky factor, row-major n x n.
    factor: Vec<f64>,
    pub lambda: f64,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("the training features are degenerate (the normal matrix is not positive definite)")]
pub struct NotPositiveDefinite;

impl RidgeSystem {
    /// `rows` are feature vectors of equal length. `prior_strength` scales lambda to the
    /// features' mean energy per dimension and row: 1 weighs the original weights like one
    /// more crop.
    pub fn new(rows: &[&[f32]], prior_strength: f64) -> Result<Self, NotPositiveDefinite> {
        let n = rows.first().map_or(0, |r| r.len());
        let mut gram = vec![0.0f64; n * n];
        for row in rows {
            for i in 0..n {
                let ri = row[i] as f64;
                if ri == 0.0 {
                    continue;
                }
                let g = &mut gram[i * n..i * n + i + 1];
                for (j, gij) in g.iter_mut().enumerate() {
                    *gij += ri * row[j] as f64;
                }
            }
        }
        let trace: f64 = (0..n).map(|i| gram[i * n + i]).sum();
        let lambda = prior_strength * (trace / (n.max(1) * rows.len().max(1)) as f64).max(1e-9);
        for i in 0..n {
            gram[i * n + i] += lambda;
        }
        let factor = cholesky(gram, n)?;
        Ok(RidgeSystem { n, factor, lambda })
    }

    /// New weights for one channel: `rows_targets` pairs each row with its target.
    pub fn solve(&self, rows: &[&[f32]], targets: &[f64], original: &[f32]) -> Vec<f32> {
        let n = self.n;
        let mut rhs: Vec<f64> = original.iter().map(|&w| self.lambda * w as f64).collect();
        for (row, &y) in rows.iter().zip(targets) {
            for j in 0..n {
                rhs[j] += row[j] as f64 * y;
            }
        }
        // L z = rhs, then L' w = z.
        let l = &self.factor;
        for i in 0..n {
            let s: f64 = (0..i).map(|k| l[i * n + k] * rhs[k]).sum();
            rhs[i] = (rhs[i] - s) / l[i * n + i];
        }
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|k| l[k * n + i] * rhs[k]).sum();
            rhs[i] = (rhs[i] - s) / l[i * n + i];
        }
        rhs.into_iter().map(|w| w as f32).collect()
    }
}

/// Cholesky factor of a symmetric matrix given by its lower triangle.
fn cholesky(mut a: Vec<f64>, n: usize) -> Result<Vec<f64>, NotPositiveDefinite> {
    for j in 0..n {
        let d = a[j * n + j] - (0..j).map(|k| a[j * n + k] * a[j * n + k]).sum::<f64>();
        // Also refuses NaN.
        if d.is_nan() || d <= 0.0 {
            return Err(NotPositiveDefinite);
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let s: f64 = (0..j).map(|k| a[i * n + k] * a[j * n + k]).sum();
            a[i * n + j] = (a[i * n + j] - s) / d;
        }
        for k in j + 1..n {
            a[j * n + k] = 0.0;
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_linear_map_and_stays_put_without_data_pull() {
        // y = 2 x0 - x1 + 0.5 (bias feature 1).
        let rows: Vec<Vec<f32>> = (0..20).map(|i| vec![(i as f32 * 0.37).sin(), (i as f32 * 0.91).cos(), 1.0]).collect();
        let refs: Vec<&[f32]> = rows.iter().map(|r| r.as_slice()).collect();
        let targets: Vec<f64> = rows.iter().map(|r| 2.0 * r[0] as f64 - r[1] as f64 + 0.5).collect();
        let system = RidgeSystem::new(&refs, 1e-6).unwrap();
        let w = system.solve(&refs, &targets, &[0.0, 0.0, 0.0]);
        assert!((w[0] - 2.0).abs() < 1e-3 && (w[1] + 1.0).abs() < 1e-3 && (w[2] - 0.5).abs() < 1e-3, "{w:?}");
        // Targets equal to the original weights' own outputs: the weights do not move.
        let original = [0.3f32, -0.2, 0.1];
        let own: Vec<f64> = rows.iter().map(|r| r.iter().zip(&original).map(|(a, b)| (a * b) as f64).sum()).collect();
        let strong = RidgeSystem::new(&refs, 10.0).unwrap();
        let w = strong.solve(&refs, &own, &original);
        assert!(w.iter().zip(&original).all(|(a, b)| (a - b).abs() < 1e-5), "{w:?}");
    }
}
