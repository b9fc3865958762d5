//! The F distribution's quantile, which the ICC's confidence interval needs (McGraw &
//! Wong 1996 use F quantiles with a non-integer denominator degree of freedom).
//!
//! F(d1, d2) has CDF P(X <= x) = I_t(d1/2, d2/2) with t = d1 x / (d1 x + d2), I the
//! regularized incomplete beta function (Abramowitz & Stegun 26.6.2). I is computed by
//! its continued fraction (A&S 26.5.8, evaluated by the modified Lentz method as in
//! Numerical Recipes, 3rd ed., section 6.4), ln Gamma by the Lanczos approximation
//! (g = 7, 9 coefficients). The quantile is found by bisection on t, where the CDF is
//! monotone, to 1e-12.

/// ln Gamma(x) for x > 0 (Lanczos, g = 7; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let sum = C[1..].iter().enumerate().fold(C[0], |s, (i, c)| s + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The continued fraction of I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    d = 1.0 / if d.abs() < TINY { TINY } else { d };
    let mut h = d;
    for m in 1..1000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        for aa in [m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))] {
            d = 1.0 + aa * d;
            d = 1.0 / if d.abs() < TINY { TINY } else { d };
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), a, b > 0, x in [0, 1].
pub fn regularized_incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    // The fraction converges fast below the mean; above it use I_x(a, b) = 1 - I_{1-x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// P(X <= x) for X ~ F(d1, d2).
pub fn f_cdf(x: f64, d1: f64, d2: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    regularized_incomplete_beta(d1 * x / (d1 * x + d2), d1 / 2.0, d2 / 2.0)
}

/// The p-quantile of F(d1, d2): the x with P(X <= x) = p. None unless 0 < p < 1 and both
/// degrees of freedom are positive and finite.
pub fn f_quantile(p: f64, d1: f64, d2: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0 && d1 > 0.0 && d2 > 0.0 && d1.is_finite() && d2.is_finite()) {
        return None;
    }
    // Bisection on t = d1 x / (d1 x + d2) in (0, 1), where I_t is increasing.
    let (a, b) = (d1 / 2.0, d2 / 2.0);
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if regularized_incomplete_beta(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-15 {
            break;
        }
    }
    let t = 0.5 * (lo + hi);
    Some(d2 * t / (d1 * (1.0 - t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        // Gamma(n) = (n - 1)!; Gamma(1/2) = sqrt(pi).
        assert!(near(ln_gamma(5.0), 24f64.ln(), 1e-13));
        assert!(near(ln_gamma(11.0), 3_628_800f64.ln(), 1e-13));
        assert!(near(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13));
    }

    #[test]
    fn incomplete_beta_matches_closed_forms() {
        // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(2, 2) = 3x^2 - 2x^3.
        assert!(near(regularized_incomplete_beta(0.3, 1.0, 1.0), 0.3, 1e-12));
        assert!(near(regularized_incomplete_beta(0.6, 3.0, 1.0), 0.216, 1e-12));
        assert!(near(regularized_incomplete_beta(0.7, 2.0, 2.0), 3.0 * 0.49 - 2.0 * 0.343, 1e-12));
    }

    #[test]
    fn f_quantiles_match_published_tables() {
        // Upper 5 % and 2.5 % points of F (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
        assert!(near(f_quantile(0.95, 1.0, 1.0).unwrap(), 161.448, 1e-5));
        assert!(near(f_quantile(0.95, 5.0, 15.0).unwrap(), 2.901, 1e-3));
        assert!(near(f_quantile(0.975, 5.0, 15.0).unwrap(), 3.576, 1e-3));
        assert!(near(f_quantile(0.95, 10.0, 20.0).unwrap(), 2.348, 1e-3));
        // Non-integer degrees of freedom, as the ICC interval uses (scipy.stats.f.ppf 1.x).
        assert!(near(f_quantile(0.95, 5.0, 15.0).unwrap(), 2.901_294_536_236_157, 1e-9));
        assert!(near(f_quantile(0.975, 5.0, 3.7).unwrap(), 10.466_545_635_649_885, 1e-9));
        assert!(near(f_quantile(0.975, 3.7, 5.0).unwrap(), 7.482_187_800_098_081, 1e-9));
        assert!(f_quantile(1.0, 5.0, 15.0).is_none() && f_quantile(0.5, 0.0, 15.0).is_none());
    }
}
