//! Blinks in a recorded video: each eye's opening over time, its blinks with their depth
//! and speed, and the two eyes' blinks paired by time.
//!
//! The approach follows JeFaPaTo (Jena Facial Palsy Toolbox, Büchner et al.): blinks are
//! peaks of the eye-closure signal, left and right peaks are paired by time, and a blink is
//! complete or partial by its depth (clinical background, section 8). JeFaPaTo finds the
//! peaks on the eye aspect ratio; here the signal is the visible eyeball height in mm read
//! from the eye image (landmark models still draw a squeezed eye open, section 8), and each
//! eye is normalised by its own open height, so a palsied eye that stands wider open is
//! judged on its own scale. A peak is found as a dip of the normalised opening with
//! hysteresis (below [`ONSET_FRACTION`] to start, above [`RECOVERY_FRACTION`] to end),
//! which is what a minimum prominence and width do for a peak finder, written in
//! thresholds a clinician can read. Acute palsy eyes close less deeply and more slowly
//! (Sci Rep 2024;14:17726): depth, closing and reopening times are reported per eye, and
//! an event where one eye blinks while the other, seen open, does not is counted.

mod dips;
mod events;
mod eye_track;
mod summary;
#[cfg(test)]
mod tests;

use crate::side::{PerSide, Side};
use dips::*;
use events::*;
use eye_track::*;
use serde::{Deserialize, Serialize};
use summary::*;
pub use summary::note_in;

/// A dip starts when the opening falls below this fraction of the eye's open height (at
/// least 25 % closed): well below the frame-to-frame noise of an open eye (a few %),
/// above the shallowest partial blinks of a palsied eye.
pub const ONSET_FRACTION: f32 = 0.75;

/// A dip ends when the opening climbs back above this fraction. The gap to
/// [`ONSET_FRACTION`] is the hysteresis: a lid wavering around 75 % is one blink, not
/// several, and a lid must really reopen before a second blink can start.
pub const RECOVERY_FRACTION: f32 = 0.85;

/// The lid is "moving" below this fraction of open height: a blink starts when the opening
/// last fell through it before the trough and ends when it first climbs back through it
/// (interpolated between frames). Chosen instead of the onset crossing so that closing
/// and reopening times cover nearly the whole lid movement, not just its middle.
pub const MOVEMENT_FRACTION: f32 = 0.90;

/// A blink is complete when the eye closes to at most this fraction of its open height...
pub const COMPLETE_FRACTION: f32 = 0.10;

/// ...or to under this opening in mm: auto-eFACE counts a palpebral fissure under 1 mm as
/// closed (clinical background, section 8).
pub const CLOSED_MM: f32 = 1.0;

/// The eye's open height is this percentile of its readings: blinks take a few % of the
/// time, so the 85th percentile sits on the open eye, just above its median noise.
pub const OPEN_HEIGHT_PERCENTILE: f32 = 0.85;

/// Readings further apart than this are a gap that is not bridged: a whole blink (100-400
/// ms) could hide inside it. Shorter gaps (unread frames, dropped frames) are bridged by
/// linear interpolation between the readings either side.
pub const MAX_BRIDGED_GAP_S: f32 = 0.3;

/// A dip shorter than this (from lid moving to lid back) is reading noise, not a blink:
/// the fastest blinks take about 100 ms, while a single bad frame at 30 fps spans under 67
/// ms. At 10 fps a one-frame dip lasts longer and cannot be told from a real blink.
pub const MIN_BLINK_S: f32 = 0.07;

/// A dip held at least 25 % closed for longer than this is a sustained closure (a squint,
/// a deliberate closure), not a blink; it is counted separately.
pub const MAX_BLINK_BELOW_ONSET_S: f32 = 1.0;

/// Right and left blinks are one event when their troughs are at most this far apart, or
/// when their intervals overlap (a slow palsied blink around a quick healthy one).
pub const PAIRING_WINDOW_S: f32 = 0.15;

/// People blink about 10-20 times a minute: a rate from less readable video than this
/// rests on a handful of blinks.
pub const RELIABLE_RATE_S: f32 = 30.0;

/// The trough of a dip is the middle of its deepest part: the readings within this
/// fraction of open height of the minimum, so that noise on a lid briefly held shut does
/// not decide where the trough is.
const TROUGH_BAND_FRACTION: f32 = 0.05;

/// Fewer readings than this cannot give an open height.
const MIN_READINGS: usize = 5;

/// Frames further apart than this (under about 15 per second) miss the bottom of brief
/// blinks.
const SPARSE_FRAME_INTERVAL_S: f32 = 0.07;

/// One analysed video frame: its time and each eye's visible eyeball height (mm, 0 =
/// closed), None where that eye could not be read in that frame (state unknown).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EyeOpeningSample {
    pub time_s: f32,
    pub opening_mm: PerSide<Option<f32>>,
}

/// One blink of one eye.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Blink {
    pub side: Side,
    /// When the lid started to close: the opening last fell through [`MOVEMENT_FRACTION`].
    pub start_s: f32,
    /// The middle of the deepest part of the blink.
    pub trough_s: f32,
    /// When the lid was back: the opening first climbed through [`MOVEMENT_FRACTION`].
    pub end_s: f32,
    /// The smallest opening read in the blink (mm). At low frame rates the true bottom may
    /// fall between frames: then this is an upper bound.
    pub min_opening_mm: f32,
    /// 1 - min_opening / open height: 1 = fully closed, 0.25 = the shallowest counted.
    pub depth_fraction: f32,
    /// Closed to at most [`COMPLETE_FRACTION`] of open height or under [`CLOSED_MM`].
    pub complete: bool,
    pub closing_ms: f32,
    pub reopening_ms: f32,
}

/// A dip held for longer than [`MAX_BLINK_BELOW_ONSET_S`]: not a blink.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SustainedClosure {
    pub side: Side,
    pub start_s: f32,
    pub end_s: f32,
    pub min_opening_mm: f32,
}

/// The blinks of the two eyes at one moment. One side None while the other blinks is
/// the palsy sign clinicians look for, if that eye was seen: see `unseen`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlinkEvent {
    /// The earlier trough of the event's blinks.
    pub time_s: f32,
    pub right: Option<Blink>,
    pub left: Option<Blink>,
    /// Per side: true where that eye has no blink here and was not seen open throughout the
    /// event (unread, cut off, held closed, or never measured), so its blink is unknown
    /// rather than absent.
    pub unseen: PerSide<bool>,
}

impl BlinkEvent {
    pub fn blink(&self, side: Side) -> Option<&Blink> {
        match side {
            Side::Right => self.right.as_ref(),
            Side::Left => self.left.as_ref(),
        }
    }

    /// The span covered by the event's blinks.
    fn span(&self) -> (f32, f32) {
        let blinks = || self.right.iter().chain(self.left.iter());
        (blinks().map(|b| b.start_s).fold(f32::INFINITY, f32::min), blinks().map(|b| b.end_s).fold(f32::NEG_INFINITY, f32::max))
    }
}

/// One eye's blink summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SideBlinks {
    /// Why this eye's blinks could not be measured at all (never read, too few readings,
    /// never seen open); None when measured.
    pub not_measured: Option<String>,
    /// The eye's own open height (mm): the [`OPEN_HEIGHT_PERCENTILE`] of its readings.
    pub open_height_mm: Option<f32>,
    pub complete: usize,
    pub partial: usize,
    /// Blinks of this eye while the other eye was seen open and did not blink.
    pub blinked_alone: usize,
    pub sustained_closures: usize,
    /// Dips not counted because a gap longer than [`MAX_BRIDGED_GAP_S`] or the start or end
    /// of the recording cut them off.
    pub not_counted: usize,
    /// Smallest opening reached in any blink (mm).
    pub deepest_closure_mm: Option<f32>,
    /// Largest depth fraction of any blink.
    pub deepest_closure_fraction: Option<f32>,
    pub mean_closing_ms: Option<f32>,
    pub mean_reopening_ms: Option<f32>,
}

/// The blinks of a recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlinkAnalysis {
    /// From the first frame to the last.
    pub duration_s: f32,
    /// The time at least one eye was read without a long gap: what the rate is over.
    pub analysed_s: f32,
    pub frames: usize,
    pub frames_read: PerSide<usize>,
    /// Blink events (either eye blinked) per minute of analysed time; 0 when nothing was
    /// analysed (see `notes`).
    pub blinks_per_minute: f32,
    pub per_side: PerSide<SideBlinks>,
    pub events: Vec<BlinkEvent>,
    pub sustained_closures: Vec<SustainedClosure>,
    /// Limitations of this recording's numbers, in words.
    pub notes: Vec<String>,
}

/// Chart data for one eye: its opening over time with its blinks marked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlinkSeries {
    pub side: Side,
    pub open_height_mm: Option<f32>,
    /// (time s, opening mm), None where the eye was not read.
    pub points: Vec<(f32, Option<f32>)>,
    pub blinks: Vec<Blink>,
    pub sustained_closures: Vec<SustainedClosure>,
}

impl BlinkAnalysis {
    /// One eye's chart data: `samples` must be the ones this analysis was made from.
    pub fn series(&self, samples: &[EyeOpeningSample], side: Side) -> BlinkSeries {
        BlinkSeries {
            side,
            open_height_mm: self.per_side.get(side).open_height_mm,
            points: opening_series(samples, side),
            blinks: self.events.iter().filter_map(|e| e.blink(side).cloned()).collect(),
            sustained_closures: self.sustained_closures.iter().filter(|c| c.side == side).cloned().collect(),
        }
    }
}

/// One eye's opening over time, in time order (frames without a valid time left out).
pub fn opening_series(samples: &[EyeOpeningSample], side: Side) -> Vec<(f32, Option<f32>)> {
    in_time_order(samples).iter().map(|s| (s.time_s, reading(s, side))).collect()
}

/// Finds each eye's blinks, pairs them into events and summarises them. Frames may come
/// in any order and at any spacing; unreadable frames are gaps (see [`MAX_BRIDGED_GAP_S`]).
pub fn analyse_blinks(samples: &[EyeOpeningSample]) -> BlinkAnalysis {
    let frames = in_time_order(samples);
    let mut notes = Vec::new();
    if frames.len() < samples.len() {
        notes.push(crate::i18n::fill(crate::i18n::Msg::BlinkNoteUntimed, crate::i18n::Lang::En, &[("count", &(samples.len() - frames.len()).to_string())]));
    }
    let eyes = PerSide::new(track_eye(&frames, Side::Left), track_eye(&frames, Side::Right));
    let events = pair_into_events(&eyes);
    let duration_s = frames.last().zip(frames.first()).map_or(0.0, |(last, first)| last.time_s - first.time_s);
    let analysed_s = covered_time(eyes.left.stretches.iter().chain(&eyes.right.stretches).copied().collect());
    let blinks_per_minute = if analysed_s > 0.0 { events.len() as f32 * 60.0 / analysed_s } else { 0.0 };
    let per_side = eyes.map(|side, eye| side_summary(eye, &events, side));
    notes.extend(recording_notes(&frames, analysed_s));
    for side in Side::BOTH {
        notes.extend(eye_notes(eyes.get(side)));
    }
    let mut sustained_closures: Vec<SustainedClosure> = Side::BOTH.iter().flat_map(|&s| eyes.get(s).sustained.iter().cloned()).collect();
    sustained_closures.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    BlinkAnalysis {
        duration_s,
        analysed_s,
        frames: frames.len(),
        frames_read: eyes.map(|_, eye| eye.readings),
        blinks_per_minute,
        per_side,
        events,
        sustained_closures,
        notes,
    }
}

/// Frames with a valid time, earliest first.
fn in_time_order(samples: &[EyeOpeningSample]) -> Vec<&EyeOpeningSample> {
    let mut frames: Vec<&EyeOpeningSample> = samples.iter().filter(|s| s.time_s.is_finite()).collect();
    frames.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
    frames
}
