//! The evidence in one eye's image, and the state it implies.
//!
//! Three cues, each measured on the luminance across the lids ([`super::patch`]):
//!
//! - **Where the darkest band sits.** An open eye's darkest band is its iris and pupil,
//!   centred half a fissure above the lower lid; a closed eye's darkest band is the line
//!   where the lids meet (lashes, or a fold in a squeeze), on the lower lid itself. The
//!   cue is the rise of the band's centre above the lower lid, in eye widths.
//! - **Whether sclera flanks it.** Beside an iris, at the same height, lies sclera, paler
//!   than the iris; a lash line or a fold runs on, as dark, across the eye. The cue is
//!   the brightest flank's contrast against the band, as a share of the band's depth.
//! - **Whether there is a dark band at all.** An iris is much darker than the skin around
//!   the eye; a squeezed eye's folds are only a little darker. A band shallower than
//!   [`MIN_IRIS_DEPTH`] of the skin's brightness cannot be an iris.
//!
//! The landmark models' own opening is the third opinion (weighted least: it is what
//! fails on closed eyes). Thresholds were set on the blink frames of
//! `../shared/data/faces/expressions_ai_2.mp4` labelled by eye (`tests/data/blink_labels.json`):
//! open eyes scored 0.90-1.00, narrowed eyes 0.41-1.00, closed eyes 0.00-0.34 (the highest
//! a frame whose label notes a possible sliver of eyeball). Brightness and contrast
//! changes cancel (every cue is a ratio within the same eye), which the tests check.

use super::patch::{column_u, row_v, EyeFrame, EyePatch, COLUMNS, ROWS, ROW_STEP};
use super::{EyeImageReading, EyeState, UnknownReason, NARROWED_FRACTION_OF_WIDTH};
use crate::engine::eyelids::{EyeEstimate, LATERAL_CANTHUS, MEDIAL_CANTHUS};
use crate::image_view::ImageView;
use crate::side::Side;
use serde::{Deserialize, Serialize};

/// The numbers an eye's state was decided from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EyeEvidence {
    /// Brightness of the skin above or below the eye (0-255, the brighter of the two).
    pub skin_level: f32,
    /// Depth of the darkest band across the lids, as a share of the skin's brightness.
    pub band_depth: f32,
    /// Rise of the darkest band's centre above the lower lid, eye widths.
    pub band_rise: f32,
    /// Brightest flank beside the iris, against the band, as a share of the band's depth.
    pub sclera_contrast: f32,
    /// The landmark models' fused opening, eye widths.
    pub landmark_opening: f32,
    /// 0 (no eyeball in sight) to 1 (iris and sclera plainly visible).
    pub eyeball_score: f32,
}

/// Below this eyeball score an eye reads closed.
pub const CLOSED_BELOW_SCORE: f32 = 0.375;
/// A dark band shallower than this share of the skin's brightness is not an iris.
pub const MIN_IRIS_DEPTH: f32 = 0.15;
/// The landmark lid contours run along the lash roots, outside the eyeball that shows
/// between them: measured on the labelled blink frames, the fused opening exceeded the
/// visible eyeball height by 0.051 +- 0.010 eye widths (1.66 +- 0.33 px).
pub const LASH_LINE_ALLOWANCE: f32 = 0.05;
/// Skin darker than this (0-255) is too dark to read.
const TOO_DARK_SKIN: f32 = 20.0;
/// More than this share of the eye's samples at the sensor's ceiling is glare.
const GLARE_FRACTION: f32 = 0.08;
/// More than this share of the eye outside the frame: unreadable.
const OUTSIDE_FRACTION: f32 = 0.05;
/// An eye narrower than this (px) is too small to read.
const MIN_EYE_WIDTH_PX: f32 = 10.0;
/// The band core: samples darker than this share of the band's depth below the skin.
const CORE_LEVEL: f32 = 0.8;

/// Reads one eye: samples its image into `patch` (reused; nothing is allocated) and
/// decides its state from the image cues and the landmarks' fused estimate `eye`.
pub fn read_eye(image: &ImageView, side: Side, eye: &EyeEstimate, patch: &mut EyePatch) -> EyeImageReading {
    let contour = &eye.lid_contour;
    let landmark_visible_px = (eye.opening_px - LASH_LINE_ALLOWANCE * eye.width_px).max(0.0);
    let unknown = |reason, evidence| EyeImageReading { state: EyeState::Unknown, unknown_reason: Some(reason), visible_height_px: landmark_visible_px, confidence: 0.0, evidence, ..Default::default() };
    let Some(frame) = EyeFrame::new(side, contour[LATERAL_CANTHUS], contour[MEDIAL_CANTHUS]) else {
        return unknown(UnknownReason::Obscured, EyeEvidence::default());
    };
    if frame.width_px < MIN_EYE_WIDTH_PX {
        return unknown(UnknownReason::Obscured, EyeEvidence::default());
    }
    patch.sample_into(image, frame);
    let evidence = measure_evidence(patch, eye);
    if patch.outside_fraction > OUTSIDE_FRACTION {
        return unknown(UnknownReason::OutOfFrame, evidence);
    }
    if evidence.skin_level < TOO_DARK_SKIN {
        return unknown(UnknownReason::TooDark, evidence);
    }
    if patch.saturated_fraction > GLARE_FRACTION {
        return unknown(UnknownReason::Glare, evidence);
    }
    decide(evidence, frame.width_px, landmark_visible_px)
}

/// The state from the evidence: closed below [`CLOSED_BELOW_SCORE`], else the landmarks'
/// opening less the lash line is the visible height, "narrowed" when it is under
/// [`NARROWED_FRACTION_OF_WIDTH`] of the eye's width.
fn decide(evidence: EyeEvidence, width_px: f32, landmark_visible_px: f32) -> EyeImageReading {
    let score = evidence.eyeball_score;
    let closed = score < CLOSED_BELOW_SCORE;
    // Confidence grows with the distance from the threshold, full 0.3 away.
    let confidence = ((score - CLOSED_BELOW_SCORE).abs() / 0.3).clamp(0.0, 1.0);
    let (state, visible_height_px) = if closed {
        (EyeState::Closed, 0.0)
    } else if landmark_visible_px < NARROWED_FRACTION_OF_WIDTH * width_px {
        (EyeState::Narrowed, landmark_visible_px)
    } else {
        (EyeState::Open, landmark_visible_px)
    };
    // The landmarks disagree when they draw a closed eye well open (over the eyelid
    // fusion's 12 % tolerance) or an eye the image sees open as shut.
    let disagrees_with_landmarks = (closed && evidence.landmark_opening > 0.12) || (!closed && evidence.landmark_opening < 0.06);
    EyeImageReading { state, unknown_reason: None, visible_height_px, confidence, disagrees_with_landmarks, evidence, ..Default::default() }
}

fn clamp01(x: f32) -> f32 {
    x.clamp(0.0, 1.0)
}

/// The cues of one sampled eye (see the module's documentation).
pub fn measure_evidence(patch: &EyePatch, eye: &EyeEstimate) -> EyeEvidence {
    let frame = patch.frame;
    let (iris_u, _) = frame.from_image(eye.iris_centre);
    let iris_radius = (eye.iris_radius_px / frame.width_px).clamp(0.05, 0.4);
    let iris_u = iris_u.clamp(0.15, 0.85);
    let mut profile = [0.0f32; ROWS];
    column_mean(patch, |u| (u - iris_u).abs() <= 0.45 * iris_radius, iris_u, 0..ROWS, &mut profile);
    let skin_above = median_of(&profile[4..14]);
    let skin_below = median_of(&profile[50..60]);
    let skin_level = skin_above.max(skin_below);
    let search = 12..52;
    let darkest = search.clone().min_by(|&a, &b| profile[a].total_cmp(&profile[b])).unwrap_or(ROWS / 2);
    let band_level = profile[darkest];
    let depth = (skin_level - band_level).max(0.0);
    let band_depth = if skin_level > 0.0 { depth / skin_level } else { 0.0 };
    let (top, bottom) = core_edges(&profile, darkest, skin_level - CORE_LEVEL * depth);
    let centre_v = row_v(0) + (top + bottom) / 2.0 * ROW_STEP;
    let band_rise = lower_lid_v(&frame, eye, iris_u) - centre_v;
    let flank_rows = (top.floor().max(0.0) as usize)..((bottom.ceil() as usize + 1).min(ROWS));
    let sclera = brightest_flank(patch, iris_u, iris_radius, flank_rows);
    let sclera_contrast = if depth > 1.0 { ((sclera - band_level) / depth).max(0.0) } else { 0.0 };
    let landmark_opening = eye.opening_px / frame.width_px;
    let iris_seen = band_depth >= MIN_IRIS_DEPTH;
    let rise_cue = if iris_seen { clamp01((band_rise - 0.09) / 0.07) } else { 0.0 };
    let sclera_cue = if iris_seen { clamp01((sclera_contrast - 0.45) / 0.25) } else { 0.0 };
    let landmark_cue = clamp01((landmark_opening - 0.15) / 0.15);
    let eyeball_score = 0.4 * rise_cue + 0.4 * sclera_cue + 0.2 * landmark_cue;
    EyeEvidence { skin_level, band_depth, band_rise, sclera_contrast, landmark_opening, eyeball_score }
}

/// Mean over the columns `keep` accepts (the nearest column to `fallback_u` if none), per
/// row in `rows`, into `out`.
fn column_mean(patch: &EyePatch, keep: impl Fn(f32) -> bool, fallback_u: f32, rows: std::ops::Range<usize>, out: &mut [f32; ROWS]) {
    let nearest = ((fallback_u * COLUMNS as f32) as usize).min(COLUMNS - 1);
    for j in rows {
        let (mut sum, mut n) = (0.0, 0);
        for i in 0..COLUMNS {
            if keep(column_u(i)) {
                sum += patch.at(j, i);
                n += 1;
            }
        }
        out[j] = if n > 0 { sum / n as f32 } else { patch.at(j, nearest) };
    }
}

/// Fractional rows where the profile, going up and down from `darkest`, first rises
/// above `level`.
fn core_edges(profile: &[f32; ROWS], darkest: usize, level: f32) -> (f32, f32) {
    let mut top = darkest;
    while top > 0 && profile[top - 1] < level {
        top -= 1;
    }
    let mut bottom = darkest;
    while bottom + 1 < ROWS && profile[bottom + 1] < level {
        bottom += 1;
    }
    let cross = |inside: usize, outside: usize| {
        let (a, b) = (profile[inside], profile[outside]);
        if (b - a).abs() < 1e-6 {
            0.0
        } else {
            ((level - a) / (b - a)).clamp(0.0, 1.0)
        }
    };
    let top_f = if top > 0 { top as f32 - cross(top, top - 1) } else { 0.0 };
    let bottom_f = if bottom + 1 < ROWS { bottom as f32 + cross(bottom, bottom + 1) } else { (ROWS - 1) as f32 };
    (top_f, bottom_f)
}

/// The lower lid's position across the eye (eye widths) at `u` along it.
fn lower_lid_v(frame: &EyeFrame, eye: &EyeEstimate, u: f32) -> f32 {
    let lower = &eye.lid_contour[LATERAL_CANTHUS..=MEDIAL_CANTHUS];
    let mut previous = frame.from_image(lower[0]);
    for &p in &lower[1..] {
        let next = frame.from_image(p);
        let (lo, hi) = if previous.0 <= next.0 { (previous, next) } else { (next, previous) };
        if lo.0 <= u && u <= hi.0 {
            let t = if hi.0 - lo.0 > 1e-6 { (u - lo.0) / (hi.0 - lo.0) } else { 0.0 };
            return lo.1 + (hi.1 - lo.1) * t;
        }
        previous = next;
    }
    0.0
}

/// The brightest column mean over `rows` among the columns 1.1-1.9 iris radii either side
/// of the iris and inside the eye (where sclera shows on an open eye).
fn brightest_flank(patch: &EyePatch, iris_u: f32, iris_radius: f32, rows: std::ops::Range<usize>) -> f32 {
    let mut best = f32::NEG_INFINITY;
    for i in 0..COLUMNS {
        let u = column_u(i);
        let away = (u - iris_u).abs();
        if !(1.1 * iris_radius..=1.9 * iris_radius).contains(&away) || !(0.1..=0.9).contains(&u) {
            continue;
        }
        let (mut sum, mut n) = (0.0, 0);
        for j in rows.clone() {
            sum += patch.at(j, i);
            n += 1;
        }
        if n > 0 {
            best = best.max(sum / n as f32);
        }
    }
    if best.is_finite() {
        best
    } else {
        0.0
    }
}

/// Median of at most 16 values, without allocating.
fn median_of(values: &[f32]) -> f32 {
    let mut buffer = [0.0f32; 16];
    let n = values.len().min(16);
    buffer[..n].copy_from_slice(&values[..n]);
    buffer[..n].sort_unstable_by(f32::total_cmp);
    if n == 0 {
        0.0
    } else {
        buffer[n / 2]
    }
}
