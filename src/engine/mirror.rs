//! Left/right bias removal. One pass of the face model is not mirror-consistent (1-3 %
//! of the inter-ocular distance, up to 2.4 mm of false asymmetry), so the engine also runs
//! the horizontally mirrored crop and averages its relabelled result with the direct one.

use super::face_mesh::MeshPass;
use super::topology::{LIPS_REFINEMENT, MESH_WITH_IRIS};
use crate::geometry::{Point2, Point3};

/// Index permutations that relabel a mirrored pass.
#[derive(Clone, Debug)]
pub struct MirrorMap {
    mesh: Vec<usize>,
    lips: Vec<usize>,
}

impl MirrorMap {
    pub fn new(mesh_permutation: Vec<usize>) -> Self {
        assert_eq!(mesh_permutation.len(), MESH_WITH_IRIS);
        let lips = LIPS_REFINEMENT
            .iter()
            .map(|&m| {
                let partner = mesh_permutation[m];
                LIPS_REFINEMENT.iter().position(|&x| x == partner).expect("lip ring is mirror-closed")
            })
            .collect();
        MirrorMap { mesh: mesh_permutation, lips }
    }

    pub fn mesh_partner(&self, index: usize) -> usize {
        self.mesh[index]
    }

    /// Relabels a pass made on a mirrored crop (its coordinates already mapped back into
    /// the unmirrored image), so each label names the subject's true landmark.
    pub fn relabel(&self, pass: &MeshPass) -> MeshPass {
        assert!(pass.mirrored);
        let mut mesh = vec![Point3::default(); pass.mesh.len()];
        for (i, p) in pass.mesh.iter().enumerate() {
            mesh[self.mesh[i]] = *p;
        }
        let mut lips = vec![Point2::default(); pass.lips.len()];
        for (k, p) in pass.lips.iter().enumerate() {
            lips[self.lips[k]] = *p;
        }
        // Iris: centre, image-right edge, top, image-left edge, bottom: mirroring swaps the
        // horizontal edges as well as the sides.
        let swap_edges = |i: &[Point2; 5]| [i[0], i[3], i[2], i[1], i[4]];
        MeshPass {
            mesh,
            lips,
            eyes: pass.eyes.clone().swapped(),
            irises: crate::side::PerSide::new(swap_edges(&pass.irises.right), swap_edges(&pass.irises.left)),
            presence: pass.presence,
            mirrored: false,
        }
    }
}

/// Point-wise mean of two passes with the same labels.
pub fn average(a: &MeshPass, b: &MeshPass) -> MeshPass {
    let mid3 = |p: &Point3, q: &Point3| Point3::new((p.x + q.x) / 2.0, (p.y + q.y) / 2.0, (p.z + q.z) / 2.0);
    let mid_all = |p: &[Point2], q: &[Point2]| p.iter().zip(q).map(|(a, b)| a.midpoint(*b)).collect::<Vec<_>>();
    let mid_iris = |p: &[Point2; 5], q: &[Point2; 5]| std::array::from_fn(|i| p[i].midpoint(q[i]));
    MeshPass {
        mesh: a.mesh.iter().zip(&b.mesh).map(|(p, q)| mid3(p, q)).collect(),
        lips: mid_all(&a.lips, &b.lips),
        eyes: crate::side::PerSide::new(mid_all(&a.eyes.left, &b.eyes.left), mid_all(&a.eyes.right, &b.eyes.right)),
        irises: crate::side::PerSide::new(mid_iris(&a.irises.left, &b.irises.left), mid_iris(&a.irises.right, &b.irises.right)),
        presence: (a.presence + b.presence) / 2.0,
        mirrored: false,
    }
}
