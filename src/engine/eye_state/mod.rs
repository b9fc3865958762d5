//! Whether each eye is open, narrowed or closed, read from the eye image itself.
//!
//! Landmark models trained on normal faces miss closed eyes (Kimura et al. 2025; measured
//! for this project: MediaPipe's meshes still draw 9-19 % of the eye's width open on
//! squeezed eyes, so a healthy tight closure read 4-6 mm open). So the engine looks at the
//! pixels between the lids: an open eye shows its iris, a disc darker than the skin
//! around it, with sclera paler than the iris beside it; a closed eye, gently or squeezed,
//! shows lid skin where the iris was, and at most a thin dark line of lashes or folds low
//! down. The reading is combined with the two landmark opinions the engine already has
//! ([`super::eyelids`]); when it says "closed" the lids are laid together, so every
//! measurement downstream sees the eye closed.

mod evidence;
pub mod patch;

pub use evidence::{read_eye, EyeEvidence, LASH_LINE_ALLOWANCE};
pub use patch::{EyeFrame, EyePatch};

use crate::i18n::{text, Lang, Msg};
use super::eyelids::EyeEstimate;
use super::topology::lid;
use crate::geometry::Point2;
use serde::{Deserialize, Serialize};

/// What the eye image says about one eye.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EyeState {
    /// Iris and sclera visible, the fissure at least [`NARROWED_FRACTION_OF_WIDTH`].
    Open,
    /// The eyeball still shows, less than an open eye's fissure: a blink on its way, a
    /// gentle closure that stops short, a palsied eye trying to close.
    Narrowed,
    /// No eyeball visible: lids meet (visible height 0).
    Closed,
    /// The image cannot say (see [`UnknownReason`]); never a guess.
    #[default]
    Unknown,
}

impl EyeState {
    /// The stable word used in JSON and on the page (same as the serde name).
    pub fn code(self) -> &'static str {
        match self {
            EyeState::Open => "open",
            EyeState::Narrowed => "narrowed",
            EyeState::Closed => "closed",
            EyeState::Unknown => "unknown",
        }
    }
}

/// Why an eye's state is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownReason {
    /// Part of the eye lies outside the frame.
    OutOfFrame,
    /// Too little light to tell skin from eye.
    TooDark,
    /// Bright reflections (glasses, a lamp) cover the eye.
    Glare,
    /// No skin-like area around the eye to compare with (hair, a hand, a patch over it),
    /// or the eye is too small in the frame to read.
    Obscured,
}

impl UnknownReason {
    /// A sentence for the page and the report, in `lang`.
    pub fn advice(self, lang: Lang) -> &'static str {
        text(
            match self {
                UnknownReason::OutOfFrame => Msg::EyeOutOfFrame,
                UnknownReason::TooDark => Msg::EyeTooDark,
                UnknownReason::Glare => Msg::EyeGlare,
                UnknownReason::Obscured => Msg::EyeObscured,
            },
            lang,
        )
    }
}

/// Who said what the eye's state is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingSource {
    /// Read from the image by the engine.
    #[default]
    Image,
    /// A clinician corrected this eye's lids (or ticked "eye closed"): their word is final.
    Clinician,
    /// Read from landmark geometry alone (a landmark set without its image).
    Landmarks,
}

/// One eye's state from the image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EyeImageReading {
    pub state: EyeState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_reason: Option<UnknownReason>,
    /// Visible eyeball height across the lids (image px); 0 when closed, the landmarks'
    /// opening when the image cannot say.
    pub visible_height_px: f32,
    /// 0-1: how clearly the image shows this state.
    pub confidence: f32,
    /// The image and the landmark models disagree about the opening (beyond the eyelid
    /// fusion's tolerance): shown as uncertain, and the image's reading is used only when
    /// it is confident.
    pub disagrees_with_landmarks: bool,
    pub source: ReadingSource,
    /// The numbers the state was decided from.
    pub evidence: EyeEvidence,
}

impl EyeImageReading {
    /// 0 (no eyeball in sight) to 1 (iris and sclera plainly visible).
    pub fn eyeball_score(&self) -> f32 {
        self.evidence.eyeball_score
    }
}

/// An eye whose fissure is under this fraction of its width reads "narrowed": a relaxed
/// adult eye's fissure is about 9-11 mm over a 28-32 mm width (Emotrics' normal values),
/// so a quarter of the width is a clearly lowered lid.
pub const NARROWED_FRACTION_OF_WIDTH: f32 = 0.22;

/// Makes an eye's fused estimate follow its image reading: a closed eye gets its lids laid
/// together (opening 0, so palpebral fissure height and MRD1 follow), and an eye the image
/// and the landmarks disagree on is marked uncertain (drawn dashed, flagged in scores).
pub fn apply_reading(eye: &mut EyeEstimate, reading: EyeImageReading) {
    if reading.state == EyeState::Closed {
        close_lid_contour(&mut eye.lid_contour);
        eye.opening_px = 0.0;
        eye.opening_confidence = reading.confidence;
    }
    eye.uncertain |= reading.disagrees_with_landmarks;
    eye.image = reading;
}

/// The state an eye's lids alone imply (a clinician's corrected lids, or a landmark set
/// without its image): closed when the lids meet, else the opening less the lash line.
pub fn reading_from_lids(eye: &EyeEstimate, source: ReadingSource) -> EyeImageReading {
    let width = eye.width_px.max(1e-3);
    let visible_height_px = (eye.opening_px - evidence::LASH_LINE_ALLOWANCE * width).max(0.0);
    let state = if eye.opening_px <= LIDS_MEET_FRACTION_OF_WIDTH * width {
        EyeState::Closed
    } else if visible_height_px < NARROWED_FRACTION_OF_WIDTH * width {
        EyeState::Narrowed
    } else {
        EyeState::Open
    };
    let confidence = if source == ReadingSource::Clinician { 1.0 } else { 0.5 };
    EyeImageReading { state, visible_height_px: if state == EyeState::Closed { 0.0 } else { visible_height_px }, confidence, source, ..Default::default() }
}

/// Lids closer than this share of the eye's width meet (a clinician's "eye closed" tick
/// lays them exactly together).
const LIDS_MEET_FRACTION_OF_WIDTH: f32 = 0.02;

/// Lays the upper lid of a 16-point lid contour (layout of [`lid`]) onto the lower lid,
/// the way a clinician's "eye closed" tick does: a closed eye's fissure is 0.
pub fn close_lid_contour(contour: &mut [Point2]) {
    for (upper, lower) in lid::partners() {
        contour[upper] = contour[lower];
    }
}

/// Lowers (or raises) the upper lid of a lid contour so that its largest gap to the lower
/// lid becomes `opening_px`, keeping its shape: each upper point moves along the line to
/// its lower partner.
pub fn set_lid_opening(contour: &mut [Point2], opening_px: f32) {
    let now = super::eyelids::lid_opening_px(contour);
    if now <= 1e-3 {
        return;
    }
    let keep = (opening_px / now).clamp(0.0, 4.0);
    for (upper, lower) in lid::partners() {
        contour[upper] = contour[lower].lerp(contour[upper], keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::eyelids::lid_opening_px;

    fn almond(open: f32) -> Vec<Point2> {
        let mut c: Vec<Point2> = (0..9).map(|i| Point2::new(i as f32 * 4.0, (std::f32::consts::PI * i as f32 / 8.0).sin() * 3.0)).collect();
        c.extend((1..8).map(|i| Point2::new(i as f32 * 4.0, -(std::f32::consts::PI * i as f32 / 8.0).sin() * open)));
        c
    }

    #[test]
    fn a_closed_contour_has_no_fissure_and_a_set_opening_is_met() {
        let mut c = almond(6.0);
        close_lid_contour(&mut c);
        assert!(lid_opening_px(&c) < 1e-5);
        let mut c = almond(6.0);
        set_lid_opening(&mut c, 4.5);
        assert!((lid_opening_px(&c) - 4.5).abs() < 1e-3);
    }
}
