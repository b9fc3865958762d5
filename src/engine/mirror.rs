//! Left/right bias removal. One pass of the face model is not mirror-consistent (1-3 %
//! of the inter-ocular distance, up to 2.4 mm of false asymmetry), so the engine also runs
//! the horizontally mirrored crop and averages its relabelled result with the direct one.

use super::face_mesh::MeshPass;
use super::topology::{LIPS_REFINEMENT, MESH_WITH_IRIS};
use crate::geometry::{Point2, Point3};
use crate::side::{PerSide, Side};

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
            irises: PerSide::new(swap_edges(&pass.irises.right), swap_edges(&pass.irises.left)),
            presence: pass.presence,
            mirrored: false,
        }
    }
}

/// Point-wise mean of passes with the same labels (at least one).
pub fn mean_pass(passes: &[MeshPass]) -> MeshPass {
    let n = passes.len() as f32;
    let first = &passes[0];
    let mean2 = |get: &dyn Fn(&MeshPass) -> &[Point2]| -> Vec<Point2> {
        (0..get(first).len()).map(|i| {
            let (x, y) = passes.iter().fold((0.0, 0.0), |(x, y), p| (x + get(p)[i].x, y + get(p)[i].y));
            Point2::new(x / n, y / n)
        }).collect()
    };
    let mesh = (0..first.mesh.len())
        .map(|i| {
            let (x, y, z) = passes.iter().fold((0.0, 0.0, 0.0), |(x, y, z), p| (x + p.mesh[i].x, y + p.mesh[i].y, z + p.mesh[i].z));
            Point3::new(x / n, y / n, z / n)
        })
        .collect();
    let iris = |side: Side| -> [Point2; 5] {
        let v = mean2(&|p: &MeshPass| p.irises.get(side).as_slice());
        [v[0], v[1], v[2], v[3], v[4]]
    };
    MeshPass {
        mesh,
        lips: mean2(&|p: &MeshPass| &p.lips),
        eyes: PerSide::new(mean2(&|p: &MeshPass| &p.eyes.left), mean2(&|p: &MeshPass| &p.eyes.right)),
        irises: PerSide::new(iris(Side::Left), iris(Side::Right)),
        presence: passes.iter().map(|p| p.presence).sum::<f32>() / n,
        mirrored: false,
    }
}
