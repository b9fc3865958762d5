//! Plain 2-D/3-D geometry: points, affine maps, rigid alignment.
//!
//! Image coordinates are continuous pixels: the pixel with index (i, j) covers
//! [i, i+1) x [j, j+1), so its centre is (i + 0.5, j + 0.5). A horizontal mirror of an
//! image of width W maps x to W - x under this convention.

use serde::{Deserialize, Serialize};

/// The axis-aligned bounds of points in the image plane: (min corner, max corner).
pub fn image_bounds(points: &[Point3]) -> (Point2, Point2) {
    points.iter().fold((Point2::new(f32::MAX, f32::MAX), Point2::new(f32::MIN, f32::MIN)), |(lo, hi), p| {
        (Point2::new(lo.x.min(p.x), lo.y.min(p.y)), Point2::new(hi.x.max(p.x), hi.y.max(p.y)))
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Point2 {
    pub x: f32,
    pub y: f32,
}

impl Point2 {
    pub const fn new(x: f32, y: f32) -> Self {
        Point2 { x, y }
    }
    pub fn distance(self, other: Point2) -> f32 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
    pub fn midpoint(self, other: Point2) -> Point2 {
        Point2::new((self.x + other.x) * 0.5, (self.y + other.y) * 0.5)
    }
    pub fn lerp(self, other: Point2, t: f32) -> Point2 {
        Point2::new(self.x + (other.x - self.x) * t, self.y + (other.y - self.y) * t)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Point3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

impl Point3 {
    pub const fn new(x: f32, y: f32, z: f32) -> Self {
        Point3 { x, y, z }
    }
    pub fn xy(self) -> Point2 {
        Point2::new(self.x, self.y)
    }
    pub fn distance(self, o: Point3) -> f32 {
        ((self.x - o.x).powi(2) + (self.y - o.y).powi(2) + (self.z - o.z).powi(2)).sqrt()
    }
}

/// An affine map of the plane: (u, v) -> (a u + b v + c, d u + e v + f).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Affine2 {
    pub a: f32,
    pub b: f32,
    pub c: f32,
    pub d: f32,
    pub e: f32,
    pub f: f32,
}

impl Affine2 {
    pub const IDENTITY: Affine2 = Affine2 { a: 1.0, b: 0.0, c: 0.0, d: 0.0, e: 1.0, f: 0.0 };

    pub fn apply(&self, p: Point2) -> Point2 {
        Point2::new(self.a * p.x + self.b * p.y + self.c, self.d * p.x + self.e * p.y + self.f)
    }

    /// The linear part only (for directions and lengths).
    pub fn apply_vector(&self, p: Point2) -> Point2 {
        Point2::new(self.a * p.x + self.b * p.y, self.d * p.x + self.e * p.y)
    }

    /// `self ∘ inner`: first `inner`, then `self`.
    pub fn compose(&self, inner: &Affine2) -> Affine2 {
        Affine2 {
            a: self.a * inner.a + self.b * inner.d,
            b: self.a * inner.b + self.b * inner.e,
            c: self.a * inner.c + self.b * inner.f + self.c,
            d: self.d * inner.a + self.e * inner.d,
            e: self.d * inner.b + self.e * inner.e,
            f: self.d * inner.c + self.e * inner.f + self.f,
        }
    }

    pub fn inverse(&self) -> Affine2 {
        let det = self.a * self.e - self.b * self.d;
        let (a, b, d, e) = (self.e / det, -self.b / det, -self.d / det, self.a / det);
        Affine2 { a, b, c: -(a * self.c + b * self.f), d, e, f: -(d * self.c + e * self.f) }
    }

    /// Mean length scale: how many target units one source unit becomes.
    pub fn scale(&self) -> f32 {
        (self.a * self.e - self.b * self.d).abs().sqrt()
    }

    /// Horizontal mirror of an image `width` pixels wide (x -> width - x).
    pub fn mirror_x(width: f32) -> Affine2 {
        Affine2 { a: -1.0, b: 0.0, c: width, d: 0.0, e: 1.0, f: 0.0 }
    }

    /// Rotation by `angle` radians (image axes: x right, y down) about `centre`.
    pub fn rotation_about(centre: Point2, angle: f32) -> Affine2 {
        let (s, c) = angle.sin_cos();
        Affine2 {
            a: c,
            b: -s,
            c: centre.x - c * centre.x + s * centre.y,
            d: s,
            e: c,
            f: centre.y - s * centre.x - c * centre.y,
        }
    }
}

/// Angle of the vector from `from` to `to` in image axes (radians, y down).
pub fn angle_of(from: Point2, to: Point2) -> f32 {
    (to.y - from.y).atan2(to.x - from.x)
}

/// Wraps an angle into (-pi, pi].
pub fn normalize_radians(angle: f32) -> f32 {
    let two_pi = std::f32::consts::TAU;
    let mut a = angle % two_pi;
    if a <= -std::f32::consts::PI {
        a += two_pi;
    } else if a > std::f32::consts::PI {
        a -= two_pi;
    }
    a
}

/// A 3x3 matrix, row major, f64 for the small solves that need it.
pub type Mat3 = [[f64; 3]; 3];

pub fn mat3_mul(a: &Mat3, b: &Mat3) -> Mat3 {
    let mut r = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            r[i][j] = (0..3).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    r
}

pub fn mat3_transpose(a: &Mat3) -> Mat3 {
    let mut r = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            r[i][j] = a[j][i];
        }
    }
    r
}

pub fn mat3_apply(a: &Mat3, v: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| a[i][0] * v[0] + a[i][1] * v[1] + a[i][2] * v[2])
}

/// Similarity transform `target ≈ scale * rotation * source + translation`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Similarity3 {
    pub rotation: Mat3,
    pub scale: f64,
    pub translation: [f64; 3],
}

impl Similarity3 {
    pub fn apply(&self, p: Point3) -> Point3 {
        let r = mat3_apply(&self.rotation, [p.x as f64, p.y as f64, p.z as f64]);
        Point3::new(
            (self.scale * r[0] + self.translation[0]) as f32,
            (self.scale * r[1] + self.translation[1]) as f32,
            (self.scale * r[2] + self.translation[2]) as f32,
        )
    }

    pub fn inverse_apply(&self, p: Point3) -> Point3 {
        let v = [
            p.x as f64 - self.translation[0],
            p.y as f64 - self.translation[1],
            p.z as f64 - self.translation[2],
        ];
        let r = mat3_apply(&mat3_transpose(&self.rotation), v);
        Point3::new((r[0] / self.scale) as f32, (r[1] / self.scale) as f32, (r[2] / self.scale) as f32)
    }
}

/// Umeyama's least-squares similarity (rotation, uniform scale, translation) taking
/// `source` onto `target`, with optional per-point weights. Returns None when degenerate:
/// no weight, a point that is not a number, or points (source or target) that are
/// coincident or collinear, about which a rotation is not determined.
pub fn fit_similarity(source: &[Point3], target: &[Point3], weights: Option<&[f32]>) -> Option<Similarity3> {
    let n = source.len();
    if n < 3 || target.len() != n || weights.is_some_and(|w| w.len() != n) {
        return None;
    }
    let w = |i: usize| weights.map_or(1.0, |w| w[i] as f64);
    let total: f64 = (0..n).map(w).sum();
    if !(total.is_finite() && total > 0.0) {
        return None;
    }
    let mean = |pts: &[Point3]| {
        let mut m = [0.0f64; 3];
        for (i, p) in pts.iter().enumerate() {
            m[0] += w(i) * p.x as f64;
            m[1] += w(i) * p.y as f64;
            m[2] += w(i) * p.z as f64;
        }
        m.map(|v| v / total)
    };
    let (ms, mt) = (mean(source), mean(target));
    let mut cov = [[0.0f64; 3]; 3];
    let mut var_s = 0.0;
    for i in 0..n {
        let s = [source[i].x as f64 - ms[0], source[i].y as f64 - ms[1], source[i].z as f64 - ms[2]];
        let t = [target[i].x as f64 - mt[0], target[i].y as f64 - mt[1], target[i].z as f64 - mt[2]];
        for r in 0..3 {
            for c in 0..3 {
                cov[r][c] += w(i) * t[r] * s[c];
            }
            var_s += w(i) * s[r] * s[r];
        }
    }
    if !(var_s.is_finite() && cov.iter().flatten().all(|c| c.is_finite())) {
        return None;
    }
    let (u, sigma, v) = svd3(&cov);
    // Rank below 2: one of the point sets is a point or a line.
    if !(sigma[1] > 1e-9 * sigma[0]) {
        return None;
    }
    let mut d = [1.0, 1.0, 1.0];
    if det3(&u) * det3(&v) < 0.0 {
        d[2] = -1.0;
    }
    let mut ud = u;
    for row in ud.iter_mut() {
        for (c, val) in row.iter_mut().enumerate() {
            *val *= d[c];
        }
    }
    let rotation = mat3_mul(&ud, &mat3_transpose(&v));
    if var_s <= 0.0 {
        return None;
    }
    let scale = (sigma[0] * d[0] + sigma[1] * d[1] + sigma[2] * d[2]) / var_s;
    let rs = mat3_apply(&rotation, ms);
    let translation = [mt[0] - scale * rs[0], mt[1] - scale * rs[1], mt[2] - scale * rs[2]];
    Some(Similarity3 { rotation, scale, translation })
}

pub fn det3(m: &Mat3) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

/// SVD of a 3x3 matrix by Jacobi eigen-decomposition of AᵀA: A = U diag(s) Vᵀ.
pub fn svd3(a: &Mat3) -> (Mat3, [f64; 3], Mat3) {
    let ata = mat3_mul(&mat3_transpose(a), a);
    let (eig, v) = jacobi_eigen3(&ata);
    // Sort by descending eigenvalue.
    let mut order = [0usize, 1, 2];
    order.sort_by(|&i, &j| eig[j].partial_cmp(&eig[i]).unwrap_or(std::cmp::Ordering::Equal));
    let mut vs = [[0.0; 3]; 3];
    let mut s = [0.0; 3];
    for (k, &i) in order.iter().enumerate() {
        s[k] = eig[i].max(0.0).sqrt();
        for r in 0..3 {
            vs[r][k] = v[r][i];
        }
    }
    let mut u = [[0.0; 3]; 3];
    for k in 0..3 {
        let col = mat3_apply(a, [vs[0][k], vs[1][k], vs[2][k]]);
        if s[k] > 1e-12 {
            for r in 0..3 {
                u[r][k] = col[r] / s[k];
            }
        }
    }
    // Complete U when A is rank deficient (planar point sets): u2 = u0 x u1.
    if s[2] <= 1e-12 {
        let c = cross([u[0][0], u[1][0], u[2][0]], [u[0][1], u[1][1], u[2][1]]);
        for r in 0..3 {
            u[r][2] = c[r];
        }
    }
    (u, s, vs)
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

fn jacobi_eigen3(m: &Mat3) -> ([f64; 3], Mat3) {
    let mut a = *m;
    let mut v = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    for _ in 0..50 {
        let off = a[0][1].abs() + a[0][2].abs() + a[1][2].abs();
        if off < 1e-15 {
            break;
        }
        for (p, q) in [(0, 1), (0, 2), (1, 2)] {
            if a[p][q].abs() < 1e-300 {
                continue;
            }
            let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
            let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
            let t = if theta == 0.0 { 1.0 } else { t };
            let c = 1.0 / (t * t + 1.0).sqrt();
            let s = t * c;
            let mut j = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
            j[p][p] = c;
            j[q][q] = c;
            j[p][q] = s;
            j[q][p] = -s;
            a = mat3_mul(&mat3_mul(&mat3_transpose(&j), &a), &j);
            v = mat3_mul(&v, &j);
        }
    }
    ([a[0][0], a[1][1], a[2][2]], v)
}

/// Yaw, pitch, roll in degrees from a rotation that takes the canonical (frontal) face
/// into the camera frame (x right, y down, z away from the camera).
/// Yaw turns about the vertical axis, pitch about the horizontal one, roll in the image plane.
pub fn yaw_pitch_roll_deg(r: &Mat3) -> (f32, f32, f32) {
    // R = Rz(roll) * Ry(yaw) * Rx(pitch)
    let yaw = (-r[2][0]).clamp(-1.0, 1.0).asin();
    let pitch = r[2][1].atan2(r[2][2]);
    let roll = r[1][0].atan2(r[0][0]);
    (yaw.to_degrees() as f32, pitch.to_degrees() as f32, roll.to_degrees() as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affine_inverse_round_trips() {
        let m = Affine2::rotation_about(Point2::new(3.0, 4.0), 0.3).compose(&Affine2 {
            a: 2.0, b: 0.0, c: 1.0, d: 0.0, e: 2.0, f: -1.0,
        });
        let p = Point2::new(5.0, -7.0);
        let q = m.inverse().apply(m.apply(p));
        assert!((p.x - q.x).abs() < 1e-4 && (p.y - q.y).abs() < 1e-4);
    }

    fn finite(m: &Mat3) -> bool {
        m.iter().flatten().all(|v| v.is_finite())
    }

    #[test]
    fn svd_of_degenerate_matrices_is_finite() {
        // Zero (coincident points), rank 1 (collinear) and rank 2 (planar) covariances.
        let zero = [[0.0; 3]; 3];
        let rank1 = [[2.0, 4.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 0.0]];
        let rank2 = [[1.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 0.0]];
        for (a, expected) in [(zero, [0.0, 0.0, 0.0]), (rank1, [5.0, 0.0, 0.0]), (rank2, [3.0, 1.0, 0.0])] {
            let (u, s, v) = svd3(&a);
            assert!(finite(&u) && finite(&v) && s.iter().all(|x| x.is_finite()), "{a:?}");
            for k in 0..3 {
                assert!((s[k] - expected[k]).abs() < 1e-9, "{a:?}: singular values {s:?}");
            }
        }
    }

    #[test]
    fn a_similarity_fit_to_degenerate_points_is_refused_not_nan() {
        let line: Vec<Point3> = (0..10).map(|i| Point3::new(i as f32, 2.0 * i as f32, 0.0)).collect();
        let moved: Vec<Point3> = line.iter().map(|p| Point3::new(p.x + 1.0, p.y, p.z)).collect();
        let one_point = vec![Point3::new(3.0, 4.0, 5.0); 10];
        let plane: Vec<Point3> = (0..10).map(|i| Point3::new((i % 3) as f32, (i / 3) as f32, 0.0)).collect();
        let mut with_nan = plane.clone();
        with_nan[4].x = f32::NAN;
        // Collinear: the rotation about the line is undetermined.
        assert_eq!(fit_similarity(&line, &moved, None), None);
        // Coincident: no scale either.
        assert_eq!(fit_similarity(&one_point, &one_point, None), None);
        // A face collapsed to one point: nothing to turn.
        assert_eq!(fit_similarity(&plane, &one_point, None), None);
        assert_eq!(fit_similarity(&with_nan, &plane, None), None);
        assert_eq!(fit_similarity(&plane, &plane, Some(&[0.0; 10])), None, "no weight at all");
        // Planar (a face seen flat) is not degenerate: the identity comes back.
        let fit = fit_similarity(&plane, &plane, None).unwrap();
        assert!(finite(&fit.rotation) && (fit.scale - 1.0).abs() < 1e-9);
        for p in &plane {
            assert!(fit.apply(*p).distance(*p) < 1e-5);
        }
    }

    #[test]
    fn similarity_fit_recovers_known_transform() {
        let src: Vec<Point3> = (0..20)
            .map(|i| Point3::new((i as f32).sin() * 3.0, (i as f32 * 0.7).cos() * 2.0, i as f32 * 0.1))
            .collect();
        let (s, c) = (0.4f64).sin_cos();
        let rot = [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]];
        let truth = Similarity3 { rotation: rot, scale: 2.5, translation: [1.0, -2.0, 3.0] };
        let dst: Vec<Point3> = src.iter().map(|p| truth.apply(*p)).collect();
        let fit = fit_similarity(&src, &dst, None).unwrap();
        assert!((fit.scale - 2.5).abs() < 1e-6, "{}", fit.scale);
        let (_, _, roll) = yaw_pitch_roll_deg(&fit.rotation);
        assert!((roll as f64 - 0.4f64.to_degrees()).abs() < 1e-3);
        for p in &src {
            assert!(fit.apply(*p).distance(truth.apply(*p)) < 1e-4);
        }
    }
}
