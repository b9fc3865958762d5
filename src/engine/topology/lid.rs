//! The lid contour's layout: 16 points shared by the attention model's refined eye, the
//! iris model's contour and the mesh's eye refinement map (whose first 16 entries are
//! these points). 9 lower-lid points run from the lateral (outer) canthus to the medial
//! (inner) canthus; 7 upper-lid points then run lateral to medial, the canthi excluded,
//! each above the lower point at the same place along the eye.

use std::ops::Range;

/// Points in the lid contour.
pub const POINTS: usize = 16;
/// The lower lid, lateral canthus to medial canthus (both canthi included).
pub const LOWER: Range<usize> = 0..9;
/// The upper lid between the canthi, lateral to medial.
pub const UPPER: Range<usize> = 9..16;
pub const LATERAL_CANTHUS: usize = 0;
pub const MEDIAL_CANTHUS: usize = 8;
/// The middle of the upper lid, and the lower-lid point below it (partners).
pub const UPPER_MIDDLE: usize = 12;
pub const LOWER_MIDDLE: usize = 4;

/// Each upper-lid point with the lower-lid point at the same place along the eye
/// (upper, lower): where the lids meet when the eye closes.
pub fn partners() -> impl Iterator<Item = (usize, usize)> {
    UPPER.zip(LATERAL_CANTHUS + 1..MEDIAL_CANTHUS)
}

/// The margin as one closed loop: the lower lid lateral to medial, then the upper lid
/// back from medial to lateral (the way an outline is drawn).
pub fn around() -> impl Iterator<Item = usize> {
    LOWER.chain(UPPER.rev())
}

/// The whole upper margin, lateral canthus to medial canthus (canthi included): the
/// contour an upper-lid measurement reads along.
pub fn upper_margin() -> impl Iterator<Item = usize> {
    std::iter::once(LATERAL_CANTHUS).chain(UPPER).chain(std::iter::once(MEDIAL_CANTHUS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_covers_every_point_once() {
        let mut seen: Vec<usize> = around().collect();
        seen.sort();
        assert_eq!(seen, (0..POINTS).collect::<Vec<_>>());
        assert_eq!(partners().count(), UPPER.len());
        assert_eq!(partners().next(), Some((9, 1)));
        assert_eq!(partners().last(), Some((15, 7)));
        assert!(partners().any(|p| p == (UPPER_MIDDLE, LOWER_MIDDLE)));
        assert_eq!(upper_margin().collect::<Vec<_>>(), vec![0, 9, 10, 11, 12, 13, 14, 15, 8]);
    }
}
