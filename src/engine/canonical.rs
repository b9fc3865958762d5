//! The canonical face: a symmetric, frontal, scale-normalised 478-point shape, and the
//! mesh's left/right mirror permutation.
//!
//! MediaPipe's wheel ships no canonical mesh, so we derive one from the model's own
//! output on real frontal faces (`facegrade derive-canonical IMAGE...`, which writes
//! canonical_face_data.rs):
//! 1. each face is put in a normalised frame: origin at the midpoint of the iris centres,
//!    x along the line from the subject's right to left iris (roll removed), unit
//!    inter-pupillary distance; then generalised Procrustes to the running mean;
//! 2. the mirror permutation pairs every point with the point nearest its mirror image
//!    (x -> -x) in the mean shape, with the pairs the refinement maps fix forced and
//!    mutual nearest neighbours preferred;
//!    (in the dense nostril base, 20/141/242/250/370/462, nearest-neighbour pairing is
//!    ambiguous and may pair a point with its neighbour's partner; no measurement uses them);
//! 3. the mean is symmetrised: S[i] = (M[i] + mirror(M[perm[i]])) / 2.
//!
//! Units: unit inter-pupillary distance; axes x to the subject's left, y down, z away
//! from the camera, as in the image.

use super::canonical_face_data::{CANONICAL_FACE, MIRROR_PERMUTATION};
use super::topology::{iris_indices, known_mirror_pairs, MESH_WITH_IRIS};
use crate::geometry::{fit_similarity, Point3};
use crate::side::Side;

/// The committed canonical face, if it has been derived.
pub fn canonical_face() -> Option<Vec<Point3>> {
    (CANONICAL_FACE.len() == MESH_WITH_IRIS).then(|| CANONICAL_FACE.iter().map(|p| Point3::new(p[0], p[1], p[2])).collect())
}

/// The committed mirror permutation, if derived: point i's mirror partner.
pub fn mirror_permutation() -> Option<Vec<usize>> {
    (MIRROR_PERMUTATION.len() == MESH_WITH_IRIS).then(|| MIRROR_PERMUTATION.iter().map(|&i| i as usize).collect())
}

/// Puts one 478-point face into the normalised frame described above.
pub fn normalise(face: &[Point3]) -> Vec<Point3> {
    let r = face[iris_indices(Side::Right)[0]];
    let l = face[iris_indices(Side::Left)[0]];
    let (cx, cy, cz) = ((r.x + l.x) / 2.0, (r.y + l.y) / 2.0, (r.z + l.z) / 2.0);
    let ipd = r.distance(l).max(1e-6);
    let angle = (l.y - r.y).atan2(l.x - r.x);
    let (s, c) = angle.sin_cos();
    face.iter()
        .map(|p| {
            let (x, y, z) = (p.x - cx, p.y - cy, p.z - cz);
            Point3::new((c * x + s * y) / ipd, (-s * x + c * y) / ipd, z / ipd)
        })
        .collect()
}

fn mirror(p: Point3) -> Point3 {
    Point3::new(-p.x, p.y, p.z)
}

/// Derives (canonical shape, mirror permutation) from several faces' 478-point meshes.
pub fn derive(faces: &[Vec<Point3>]) -> (Vec<Point3>, Vec<usize>) {
    assert!(!faces.is_empty());
    let normalised: Vec<Vec<Point3>> = faces.iter().map(|f| normalise(f)).collect();
    let mut mean = average(&normalised);
    for _ in 0..3 {
        let aligned: Vec<Vec<Point3>> = normalised
            .iter()
            .map(|f| match fit_similarity(f, &mean, None) {
                Some(t) => f.iter().map(|p| t.apply(*p)).collect(),
                None => f.clone(),
            })
            .collect();
        mean = normalise(&average(&aligned));
    }
    let mean = to_symmetry_frame(&mean);
    let perm = mirror_pairs(&mean);
    let symmetric: Vec<Point3> = (0..mean.len())
        .map(|i| {
            let m = mirror(mean[perm[i]]);
            Point3::new((mean[i].x + m.x) / 2.0, (mean[i].y + m.y) / 2.0, (mean[i].z + m.z) / 2.0)
        })
        .collect();
    (symmetric, perm)
}

/// Rotates and shifts a shape so its best mirror plane (from the known pairs: normal along
/// the mean right->left pair vector, through the mean pair midpoint) is x = 0.
fn to_symmetry_frame(shape: &[Point3]) -> Vec<Point3> {
    let pairs = known_mirror_pairs();
    let (mut n, mut mid) = ([0.0f64; 3], [0.0f64; 3]);
    for &(a, b) in &pairs {
        let (pa, pb) = (shape[a], shape[b]);
        n[0] += (pb.x - pa.x) as f64;
        n[1] += (pb.y - pa.y) as f64;
        n[2] += (pb.z - pa.z) as f64;
        mid[0] += ((pa.x + pb.x) / 2.0) as f64;
        mid[1] += ((pa.y + pb.y) / 2.0) as f64;
        mid[2] += ((pa.z + pb.z) / 2.0) as f64;
    }
    let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
    let n = n.map(|v| v / len);
    let mid = mid.map(|v| v / pairs.len() as f64);
    // Rotation taking n to the x axis, about the axis n x e_x (Rodrigues).
    let (c, axis) = (n[0], [0.0, n[2], -n[1]]);
    let s = (axis[1] * axis[1] + axis[2] * axis[2]).sqrt();
    let rotate = |v: [f64; 3]| -> [f64; 3] {
        if s < 1e-12 {
            return v;
        }
        let k = axis.map(|a| a / s);
        let dot = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
        let cross = [k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]];
        [0, 1, 2].map(|i| v[i] * c + cross[i] * s + k[i] * dot * (1.0 - c))
    };
    shape
        .iter()
        .map(|p| {
            let r = rotate([p.x as f64 - mid[0], p.y as f64 - mid[1], p.z as f64 - mid[2]]);
            Point3::new(r[0] as f32, r[1] as f32, r[2] as f32)
        })
        .collect()
}

fn average(faces: &[Vec<Point3>]) -> Vec<Point3> {
    let n = faces.len() as f32;
    (0..faces[0].len())
        .map(|i| {
            let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
            for f in faces {
                x += f[i].x;
                y += f[i].y;
                z += f[i].z;
            }
            Point3::new(x / n, y / n, z / n)
        })
        .collect()
}

/// Mirror partner of every point (an involution): forced pairs first, then mutual
/// nearest neighbours of the mirrored shape, then the closest remaining pairs.
pub fn mirror_pairs(shape: &[Point3]) -> Vec<usize> {
    let n = shape.len();
    let mut perm: Vec<Option<usize>> = vec![None; n];
    for (a, b) in known_mirror_pairs() {
        // (midline points come as (i, i))
        perm[a] = Some(b);
        perm[b] = Some(a);
    }
    let dist = |i: usize, j: usize| mirror(shape[i]).distance(shape[j]);
    loop {
        let free: Vec<usize> = (0..n).filter(|&i| perm[i].is_none()).collect();
        if free.is_empty() {
            break;
        }
        if free.len() == 1 {
            perm[free[0]] = Some(free[0]);
            break;
        }
        // Off the midline nothing is its own mirror.
        let nearest = |i: usize| free.iter().copied().filter(|&j| j != i).min_by(|&a, &b| dist(i, a).total_cmp(&dist(i, b))).unwrap();
        let mut progressed = false;
        for &i in &free {
            if perm[i].is_some() {
                continue;
            }
            let j = nearest(i);
            if perm[j].is_none() && nearest(j) == i {
                perm[i] = Some(j);
                perm[j] = Some(i);
                progressed = true;
            }
        }
        if !progressed {
            // Pair the globally closest remaining couple to break a cycle.
            let (mut best, mut bi, mut bj) = (f32::MAX, free[0], free[0]);
            for &i in &free {
                for &j in free.iter().filter(|&&j| j != i) {
                    if dist(i, j) < best {
                        best = dist(i, j);
                        bi = i;
                        bj = j;
                    }
                }
            }
            perm[bi] = Some(bj);
            perm[bj] = Some(bi);
        }
    }
    perm.into_iter().map(|p| p.expect("every point paired")).collect()
}

/// Renders the derived data as the Rust source of canonical_face_data.rs.
pub fn to_rust_source(shape: &[Point3], perm: &[usize], sources: &[String]) -> String {
    let mut s = String::from("// Generated by `facegrade derive-canonical`; see src/engine/canonical.rs. Do not edit.\n");
    s += &format!("// Derived from: {}\n", sources.join(", "));
    s += "#[rustfmt::skip]\npub const CANONICAL_FACE: &[[f32; 3]] = &[\n";
    for p in shape {
        s += &format!("    [{:.5}, {:.5}, {:.5}],\n", p.x, p.y, p.z);
    }
    s += "];\n#[rustfmt::skip]\npub const MIRROR_PERMUTATION: &[u16] = &[\n";
    for chunk in perm.chunks(20) {
        s += "    ";
        s += &chunk.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        s += ",\n";
    }
    s += "];\n";
    s
}
