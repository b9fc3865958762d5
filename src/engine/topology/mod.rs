//! Index sets of MediaPipe's 478-point face mesh (468 mesh points + 10 iris points) and
//! of the attention model's refined outputs, in the subject's anatomical sides.
//!
//! MediaPipe names its outputs from the image's point of view: its "left eye" (mesh 33-133)
//! is the subject's right eye. Everything here is renamed to anatomical sides.

use crate::side::Side;

pub mod iris;
pub mod lid;

pub const MESH_POINTS: usize = 468;
pub const MESH_WITH_IRIS: usize = 478;
pub const REFINED_EYE_POINTS: usize = 71;
pub const REFINED_LIP_POINTS: usize = 80;
/// Points in the lid contour (layout in [`lid`]).
pub const LID_CONTOUR_POINTS: usize = lid::POINTS;

/// Mesh indices the attention model's refined eye points overwrite, subject's right eye
/// (MediaPipe's "left eye"; tensors_to_face_landmarks_with_attention.pbtxt).
pub const RIGHT_EYE_REFINEMENT: [usize; REFINED_EYE_POINTS] = [
    33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173, 130, 25, 110, 24, 23, 22, 26,
    112, 243, 247, 30, 29, 27, 28, 56, 190, 226, 31, 228, 229, 230, 231, 232, 233, 244, 113, 225, 224, 223, 222,
    221, 189, 35, 124, 46, 53, 52, 65, 143, 111, 117, 118, 119, 120, 121, 128, 245, 156, 70, 63, 105, 66, 107, 55,
    193,
];

/// The same for the subject's left eye (MediaPipe's "right eye"), point for point the mirror image.
pub const LEFT_EYE_REFINEMENT: [usize; REFINED_EYE_POINTS] = [
    263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398, 359, 255, 339, 254, 253, 252,
    256, 341, 463, 467, 260, 259, 257, 258, 286, 414, 446, 261, 448, 449, 450, 451, 452, 453, 464, 342, 445, 444,
    443, 442, 441, 413, 265, 353, 276, 283, 282, 295, 372, 340, 346, 347, 348, 349, 350, 357, 465, 383, 300, 293,
    334, 296, 336, 285, 417,
];

/// Mesh indices the 80 refined lip points overwrite: lower outer (11, subject's right
/// commissure first), upper outer (9), lower inner (11), upper inner (9), then the
/// semi-outer and semi-inner rings in the same pattern.
pub const LIPS_REFINEMENT: [usize; REFINED_LIP_POINTS] = [
    61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 185, 40, 39, 37, 0, 267, 269, 270, 409, 78, 95, 88, 178, 87,
    14, 317, 402, 318, 324, 308, 191, 80, 81, 82, 13, 312, 311, 310, 415, 76, 77, 90, 180, 85, 16, 315, 404, 320,
    307, 306, 184, 74, 73, 72, 11, 302, 303, 304, 408, 62, 96, 89, 179, 86, 15, 316, 403, 319, 325, 292, 183, 42,
    41, 38, 12, 268, 271, 272, 407,
];

/// Iris points appended to the mesh: centre, then the four boundary points.
pub fn iris_indices(side: Side) -> [usize; 5] {
    match side {
        Side::Right => [468, 469, 470, 471, 472],
        Side::Left => [473, 474, 475, 476, 477],
    }
}

pub fn eye_refinement(side: Side) -> &'static [usize; REFINED_EYE_POINTS] {
    match side {
        Side::Right => &RIGHT_EYE_REFINEMENT,
        Side::Left => &LEFT_EYE_REFINEMENT,
    }
}

/// One eye's lid contour as mesh indices (layout in [`lid`]).
pub fn lid_contour(side: Side) -> &'static [usize] {
    &eye_refinement(side)[..lid::POINTS]
}

/// One eye's upper lid between the canthi, lateral to medial, as mesh indices.
pub fn upper_lid(side: Side) -> &'static [usize] {
    &eye_refinement(side)[lid::UPPER]
}

/// One eye's lower lid, lateral canthus to medial canthus, as mesh indices.
pub fn lower_lid(side: Side) -> &'static [usize] {
    &eye_refinement(side)[lid::LOWER]
}

/// Lateral (outer) and medial (inner) canthus mesh indices.
pub fn canthi(side: Side) -> (usize, usize) {
    match side {
        Side::Right => (33, 133),
        Side::Left => (263, 362),
    }
}

/// Brow contour (upper edge, lateral to medial) per side.
pub fn brow_upper(side: Side) -> [usize; 5] {
    match side {
        Side::Right => [70, 63, 105, 66, 107],
        Side::Left => [300, 293, 334, 296, 336],
    }
}

/// Oral commissure (mouth corner) per side.
pub fn commissure(side: Side) -> usize {
    match side {
        Side::Right => 61,
        Side::Left => 291,
    }
}

/// Nasal alar base (the side of the nostril) per side: a proxy for the nasolabial region.
pub fn alar_base(side: Side) -> usize {
    match side {
        Side::Right => 129,
        Side::Left => 358,
    }
}

/// Midline points used for the facial midline: forehead, glabella, nasion, nose tip,
/// subnasale, upper lip, lower lip, chin.
pub const MIDLINE: [usize; 8] = [10, 9, 168, 4, 2, 0, 17, 152];
pub const NOSE_TIP: usize = 4;
pub const UPPER_LIP_CENTRE: usize = 0;
pub const LOWER_LIP_CENTRE: usize = 17;
/// Lip contours (mesh indices), from the subject's right commissure to the left.
pub const OUTER_UPPER_LIP: [usize; 11] = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291];
pub const OUTER_LOWER_LIP: [usize; 11] = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291];
pub const INNER_UPPER_LIP: [usize; 11] = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308];
pub const INNER_LOWER_LIP: [usize; 11] = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308];

/// The mesh's points on the facial midline (their own mirror partners).
pub const MIDLINE_POINTS: [usize; 28] =
    [0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 94, 151, 152, 164, 168, 175, 195, 197, 199, 200];

/// Known mirror pairs from the refinement maps: each eye's i-th point mirrors the other
/// eye's i-th point, and the lip rings are symmetric about their middle.
pub fn known_mirror_pairs() -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> =
        RIGHT_EYE_REFINEMENT.iter().zip(LEFT_EYE_REFINEMENT.iter()).map(|(&a, &b)| (a, b)).collect();
    for ring in [OUTER_UPPER_LIP, OUTER_LOWER_LIP, INNER_UPPER_LIP, INNER_LOWER_LIP] {
        for k in 0..ring.len() {
            pairs.push((ring[k], ring[ring.len() - 1 - k]));
        }
    }
    pairs.extend(MIDLINE_POINTS.iter().map(|&i| (i, i)));
    for side in [Side::Right] {
        let (r, l) = (iris_indices(side), iris_indices(Side::Left));
        // Iris order is centre, then edges in image order; mirroring swaps the horizontal edges.
        pairs.extend(iris::MIRRORED.iter().enumerate().map(|(k, &m)| (r[k], l[m])));
    }
    pairs
}
