//! A face read from an exported exam file is outside data: its point lists are indexed by
//! landmark number all through measurement, so their lengths are checked once, at import,
//! instead of trusting the file (a short mesh would otherwise be an index panic).

use crate::engine::topology::{LID_CONTOUR_POINTS, MESH_WITH_IRIS, REFINED_EYE_POINTS, REFINED_LIP_POINTS};
use crate::engine::FaceLandmarks;
use crate::side::Side;

/// Why `face` cannot be measured as the engine's output, if it cannot.
pub fn check_face(face: &FaceLandmarks) -> Result<(), String> {
    check_len("mesh", face.mesh.len(), MESH_WITH_IRIS, false)?;
    check_len("frontal", face.frontal.len(), MESH_WITH_IRIS, true)?;
    check_len("lips", face.lips.len(), REFINED_LIP_POINTS, true)?;
    for side in Side::BOTH {
        check_len("eye_regions", face.eye_regions.get(side).len(), REFINED_EYE_POINTS, true)?;
        check_len("eyes.lid_contour", face.eyes.get(side).lid_contour.len(), LID_CONTOUR_POINTS, true)?;
    }
    let finite = face.mesh.iter().chain(&face.frontal).all(|p| p.x.is_finite() && p.y.is_finite() && p.z.is_finite());
    if !finite {
        return Err("a landmark is not a finite number".into());
    }
    Ok(())
}

/// `len` must be `expected`, or 0 where the list is optional (not derived).
fn check_len(name: &str, len: usize, expected: usize, optional: bool) -> Result<(), String> {
    if len == expected || (optional && len == 0) {
        return Ok(());
    }
    Err(format!("its {name} has {len} points, {expected} expected"))
}
