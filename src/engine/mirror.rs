//! Left/right bias removal. One pass of the face model is not mirror-consistent (1-3 %
//! of the inter-ocular distance, up to 2.4 mm of false asymmetry), so the engine also runs
//! the horizontally mirrored crop and averages its relabelled result with the direct one.

use super::face_mesh::MeshPass;
use super::topology::{iris, LIPS_REFINEMENT, MESH_WITH_IRIS};
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
        let mut out = MeshPass::default();
        self.relabel_into(pass, &mut out);
        out
    }

    /// As [`MirrorMap::relabel`], into reused buffers.
    pub fn relabel_into(&self, pass: &MeshPass, out: &mut MeshPass) {
        assert!(pass.mirrored);
        out.mesh.clear();
        out.mesh.resize(pass.mesh.len(), Point3::default());
        for (i, p) in pass.mesh.iter().enumerate() {
            out.mesh[self.mesh[i]] = *p;
        }
        out.lips.clear();
        out.lips.resize(pass.lips.len(), Point2::default());
        for (k, p) in pass.lips.iter().enumerate() {
            out.lips[self.lips[k]] = *p;
        }
        out.eyes.left.clone_from(&pass.eyes.right);
        out.eyes.right.clone_from(&pass.eyes.left);
        // Mirroring swaps the iris's horizontal edges as well as the sides.
        let swap_edges = |i: &[Point2; 5]| iris::MIRRORED.map(|k| i[k]);
        out.irises = PerSide::new(swap_edges(&pass.irises.right), swap_edges(&pass.irises.left));
        out.presence = pass.presence;
        out.mirrored = false;
    }
}

/// Point-wise mean of passes with the same labels (at least one), into reused buffers.
pub fn mean_pass_into(passes: &[MeshPass], out: &mut MeshPass) {
    let n = passes.len() as f32;
    let first = &passes[0];
    let mean2 = |get: &dyn Fn(&MeshPass) -> &[Point2], into: &mut Vec<Point2>| {
        into.clear();
        into.extend((0..get(first).len()).map(|i| {
            let (x, y) = passes.iter().fold((0.0, 0.0), |(x, y), p| (x + get(p)[i].x, y + get(p)[i].y));
            Point2::new(x / n, y / n)
        }));
    };
    out.mesh.clear();
    out.mesh.extend((0..first.mesh.len()).map(|i| {
        let (x, y, z) = passes.iter().fold((0.0, 0.0, 0.0), |(x, y, z), p| (x + p.mesh[i].x, y + p.mesh[i].y, z + p.mesh[i].z));
        Point3::new(x / n, y / n, z / n)
    }));
    mean2(&|p: &MeshPass| &p.lips, &mut out.lips);
    mean2(&|p: &MeshPass| &p.eyes.left, &mut out.eyes.left);
    mean2(&|p: &MeshPass| &p.eyes.right, &mut out.eyes.right);
    let iris = |side: Side| -> [Point2; 5] {
        std::array::from_fn(|k| {
            let (x, y) = passes.iter().fold((0.0, 0.0), |(x, y), p| (x + p.irises.get(side)[k].x, y + p.irises.get(side)[k].y));
            Point2::new(x / n, y / n)
        })
    };
    out.irises = PerSide::new(iris(Side::Left), iris(Side::Right));
    out.presence = passes.iter().map(|p| p.presence).sum::<f32>() / n;
    out.mirrored = false;
}
