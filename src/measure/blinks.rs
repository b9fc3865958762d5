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

use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};

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
        notes.push(format!("{} frame(s) without a valid time were left out.", samples.len() - frames.len()));
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

/// One eye's opening in a frame; a non-finite value is no reading.
fn reading(sample: &EyeOpeningSample, side: Side) -> Option<f32> {
    sample.opening_mm.get(side).filter(|mm| mm.is_finite())
}

/// One readable frame of one eye.
#[derive(Clone, Copy, Debug)]
struct Reading {
    time_s: f32,
    mm: f32,
    /// Position among all frames, to count unread frames inside a blink.
    frame: usize,
}

/// What one eye did over the recording.
#[derive(Debug)]
struct EyeTrack {
    side: Side,
    readings: usize,
    open_height_mm: Option<f32>,
    not_measured: Option<String>,
    /// Time spans the eye was read without a gap longer than [`MAX_BRIDGED_GAP_S`].
    stretches: Vec<(f32, f32)>,
    /// Gaps longer than [`MAX_BRIDGED_GAP_S`] between readings: count and total seconds.
    long_gaps: (usize, f32),
    /// Spans inside the stretches where blinking cannot be judged: cut-off dips, sustained
    /// closures.
    unclear: Vec<(f32, f32)>,
    blinks: Vec<Blink>,
    sustained: Vec<SustainedClosure>,
    glitches: usize,
    cut_off: usize,
    blinks_with_unread_frames: usize,
}

impl EyeTrack {
    fn new(side: Side, readings: usize) -> EyeTrack {
        EyeTrack {
            side,
            readings,
            open_height_mm: None,
            not_measured: None,
            stretches: Vec::new(),
            long_gaps: (0, 0.0),
            unclear: Vec::new(),
            blinks: Vec::new(),
            sustained: Vec::new(),
            glitches: 0,
            cut_off: 0,
            blinks_with_unread_frames: 0,
        }
    }

    /// Whether the eye was read, open to judgement, throughout `from..to`.
    fn seen_throughout(&self, from: f32, to: f32) -> bool {
        self.stretches.iter().any(|&(a, b)| a <= from && to <= b) && !self.unclear.iter().any(|&(a, b)| a < to && from < b)
    }
}

fn track_eye(frames: &[&EyeOpeningSample], side: Side) -> EyeTrack {
    let readings: Vec<Reading> = frames.iter().enumerate().filter_map(|(frame, s)| Some(Reading { time_s: s.time_s, mm: reading(s, side)?, frame })).collect();
    let mut eye = EyeTrack::new(side, readings.len());
    let open_mm = match open_height_mm(&readings) {
        Ok(open_mm) => open_mm,
        Err(reason) => {
            eye.not_measured = Some(reason);
            return eye;
        }
    };
    eye.open_height_mm = Some(open_mm);
    let stretches = stretches(&readings);
    for pair in stretches.windows(2) {
        eye.long_gaps.0 += 1;
        eye.long_gaps.1 += pair[1][0].time_s - pair[0][pair[0].len() - 1].time_s;
    }
    for stretch in stretches {
        eye.stretches.push((stretch[0].time_s, stretch[stretch.len() - 1].time_s));
        find_blinks_in_stretch(stretch, open_mm, side, &mut eye);
    }
    eye
}

/// The eye's own open height, or why it has none.
fn open_height_mm(readings: &[Reading]) -> Result<f32, String> {
    if readings.is_empty() {
        return Err("never read".into());
    }
    if readings.len() < MIN_READINGS {
        return Err(format!("read in only {} frame(s): too few for its open height", readings.len()));
    }
    let mut mm: Vec<f32> = readings.iter().map(|r| r.mm).collect();
    mm.sort_by(f32::total_cmp);
    let open = mm[((mm.len() - 1) as f32 * OPEN_HEIGHT_PERCENTILE).round() as usize];
    if open < CLOSED_MM {
        return Err(format!("never seen open (open height {open:.1} mm, under {CLOSED_MM} mm)"));
    }
    Ok(open)
}

/// The runs of readings with no gap longer than [`MAX_BRIDGED_GAP_S`].
fn stretches(readings: &[Reading]) -> Vec<&[Reading]> {
    let mut out = Vec::new();
    let mut from = 0;
    for i in 1..=readings.len() {
        if i == readings.len() || readings[i].time_s - readings[i - 1].time_s > MAX_BRIDGED_GAP_S {
            if i > from {
                out.push(&readings[from..i]);
            }
            from = i;
        }
    }
    out
}

/// A run of readings below [`ONSET_FRACTION`] until the opening climbs above
/// [`RECOVERY_FRACTION`]: indices into one stretch.
#[derive(Clone, Copy, Debug)]
struct Dip {
    first_below: usize,
    /// The lowest reading (the first, if several are equal).
    lowest: usize,
    /// The first reading back above [`RECOVERY_FRACTION`]; None if the stretch ends first.
    recovered: Option<usize>,
}

/// The dips of a normalised opening (opening / open height), with hysteresis.
fn find_dips(openness: &[f32]) -> Vec<Dip> {
    let mut dips = Vec::new();
    let mut current: Option<Dip> = None;
    for (i, &x) in openness.iter().enumerate() {
        match current.take() {
            Some(mut dip) if x > RECOVERY_FRACTION => {
                dip.recovered = Some(i);
                dips.push(dip);
            }
            Some(mut dip) => {
                if x < openness[dip.lowest] {
                    dip.lowest = i;
                }
                current = Some(dip);
            }
            None if x < ONSET_FRACTION => current = Some(Dip { first_below: i, lowest: i, recovered: None }),
            None => {}
        }
    }
    dips.extend(current);
    dips
}

/// Times and shape of one complete dip.
#[derive(Clone, Copy, Debug)]
struct DipShape {
    start_s: f32,
    trough_s: f32,
    end_s: f32,
    min_mm: f32,
    /// How long the eye stayed at least 25 % closed.
    below_onset_s: f32,
    unread_frames: bool,
}

/// Finds one stretch's dips and files each as a blink, a sustained closure, noise, or (cut
/// off by the stretch's ends) not counted.
fn find_blinks_in_stretch(stretch: &[Reading], open_mm: f32, side: Side, eye: &mut EyeTrack) {
    let times: Vec<f32> = stretch.iter().map(|r| r.time_s).collect();
    let openness: Vec<f32> = stretch.iter().map(|r| r.mm / open_mm).collect();
    let dips = find_dips(&openness);
    for (i, dip) in dips.iter().enumerate() {
        // A dip already under way when reading began, or not over when it stopped, has its
        // trough or its movement unseen: it is not counted.
        let Some(recovered) = dip.recovered.filter(|_| dip.first_below > 0) else {
            eye.cut_off += 1;
            eye.unclear.push((times[dip.first_below.saturating_sub(1)], times[dip.recovered.unwrap_or(times.len() - 1)]));
            continue;
        };
        let previous_lowest = if i > 0 { dips[i - 1].lowest } else { 0 };
        let next_lowest = dips.get(i + 1).map_or(times.len() - 1, |d| d.lowest);
        let mut shape = dip_shape(&times, &openness, dip, recovered, (previous_lowest, next_lowest));
        shape.min_mm = stretch[dip.lowest].mm;
        shape.unread_frames = stretch[recovered].frame - stretch[dip.first_below - 1].frame > recovered - (dip.first_below - 1);
        if shape.below_onset_s > MAX_BLINK_BELOW_ONSET_S {
            eye.sustained.push(SustainedClosure { side, start_s: shape.start_s, end_s: shape.end_s, min_opening_mm: shape.min_mm });
            eye.unclear.push((shape.start_s, shape.end_s));
        } else if shape.end_s - shape.start_s < MIN_BLINK_S {
            eye.glitches += 1;
        } else {
            eye.blinks_with_unread_frames += usize::from(shape.unread_frames);
            eye.blinks.push(blink(side, &shape, open_mm));
        }
    }
}

/// Start, trough and end of a dip, searching for the lid's movement no further back than
/// the previous dip's lowest reading and no further on than the next one's (`bounds`).
fn dip_shape(times: &[f32], openness: &[f32], dip: &Dip, recovered: usize, bounds: (usize, usize)) -> DipShape {
    let fell_s = crossing(times, openness, dip.first_below - 1, ONSET_FRACTION);
    let last_below = (dip.first_below..recovered).rev().find(|&k| openness[k] < ONSET_FRACTION).unwrap_or(dip.first_below);
    let rose_s = crossing(times, openness, last_below, ONSET_FRACTION);
    DipShape {
        start_s: last_rise_before(times, openness, dip.lowest, bounds.0),
        trough_s: trough_time(times, openness, dip, recovered),
        end_s: first_rise_after(times, openness, dip.lowest, bounds.1),
        min_mm: 0.0,
        below_onset_s: rose_s - fell_s,
        unread_frames: false,
    }
}

/// When the opening passes `level` between readings `j` and `j + 1`, by linear
/// interpolation (this is how short gaps are bridged).
fn crossing(times: &[f32], openness: &[f32], j: usize, level: f32) -> f32 {
    let (t0, t1, r0, r1) = (times[j], times[j + 1], openness[j], openness[j + 1]);
    if r1 == r0 {
        return t0;
    }
    t0 + ((level - r0) / (r1 - r0)).clamp(0.0, 1.0) * (t1 - t0)
}

/// When the lid started closing towards reading `lowest`: the last passage down through
/// [`MOVEMENT_FRACTION`] after reading `from`; if the eye never got that open since, the
/// time it was most open.
fn last_rise_before(times: &[f32], openness: &[f32], lowest: usize, from: usize) -> f32 {
    match (from..lowest).rev().find(|&j| openness[j] >= MOVEMENT_FRACTION) {
        Some(j) => crossing(times, openness, j, MOVEMENT_FRACTION),
        None => times[most_open(openness, from..lowest)],
    }
}

/// When the lid was back after reading `lowest`: the first passage up through
/// [`MOVEMENT_FRACTION`] up to reading `to`; if it never got that open by then, the time it
/// was most open.
fn first_rise_after(times: &[f32], openness: &[f32], lowest: usize, to: usize) -> f32 {
    match (lowest + 1..=to).find(|&k| openness[k] >= MOVEMENT_FRACTION) {
        Some(k) => crossing(times, openness, k - 1, MOVEMENT_FRACTION),
        None => times[most_open(openness, lowest + 1..to + 1)],
    }
}

fn most_open(openness: &[f32], range: std::ops::Range<usize>) -> usize {
    range.max_by(|&a, &b| openness[a].total_cmp(&openness[b])).expect("a dip has readings either side")
}

/// The middle of the dip's deepest part: the run of readings around the lowest that stay
/// within [`TROUGH_BAND_FRACTION`] of it.
fn trough_time(times: &[f32], openness: &[f32], dip: &Dip, recovered: usize) -> f32 {
    let floor = openness[dip.lowest] + TROUGH_BAND_FRACTION;
    let mut first = dip.lowest;
    while first > dip.first_below && openness[first - 1] <= floor {
        first -= 1;
    }
    let mut last = dip.lowest;
    while last + 1 < recovered && openness[last + 1] <= floor {
        last += 1;
    }
    (times[first] + times[last]) / 2.0
}

fn blink(side: Side, shape: &DipShape, open_mm: f32) -> Blink {
    Blink {
        side,
        start_s: shape.start_s,
        trough_s: shape.trough_s,
        end_s: shape.end_s,
        min_opening_mm: shape.min_mm,
        depth_fraction: (1.0 - shape.min_mm / open_mm).clamp(0.0, 1.0),
        complete: shape.min_mm <= COMPLETE_FRACTION * open_mm || shape.min_mm < CLOSED_MM,
        closing_ms: (shape.trough_s - shape.start_s) * 1000.0,
        reopening_ms: (shape.end_s - shape.trough_s) * 1000.0,
    }
}

/// Whether a right and a left blink are the same event.
fn same_event(right: &Blink, left: &Blink) -> bool {
    (right.trough_s - left.trough_s).abs() <= PAIRING_WINDOW_S || (right.start_s < left.end_s && left.start_s < right.end_s)
}

/// Pairs right and left blinks, nearest troughs first, each blink in one event; a blink
/// with no partner is an event of its own.
fn pair_into_events(eyes: &PerSide<EyeTrack>) -> Vec<BlinkEvent> {
    let (right, left) = (&eyes.right.blinks, &eyes.left.blinks);
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, r) in right.iter().enumerate() {
        candidates.extend(left.iter().enumerate().filter(|(_, l)| same_event(r, l)).map(|(j, l)| ((r.trough_s - l.trough_s).abs(), i, j)));
    }
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut right_paired, mut left_paired) = (vec![false; right.len()], vec![false; left.len()]);
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (_, i, j) in candidates {
        if !right_paired[i] && !left_paired[j] {
            (right_paired[i], left_paired[j]) = (true, true);
            pairs.push((Some(i), Some(j)));
        }
    }
    pairs.extend((0..right.len()).filter(|&i| !right_paired[i]).map(|i| (Some(i), None)));
    pairs.extend((0..left.len()).filter(|&j| !left_paired[j]).map(|j| (None, Some(j))));
    let mut events: Vec<BlinkEvent> = pairs.into_iter().map(|(i, j)| event(i.map(|i| right[i].clone()), j.map(|j| left[j].clone()), eyes)).collect();
    events.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
    events
}

fn event(right: Option<Blink>, left: Option<Blink>, eyes: &PerSide<EyeTrack>) -> BlinkEvent {
    let time_s = right.iter().chain(left.iter()).map(|b| b.trough_s).fold(f32::INFINITY, f32::min);
    let mut event = BlinkEvent { time_s, right, left, unseen: PerSide::default() };
    let (from, to) = event.span();
    event.unseen = eyes.map(|side, eye| event.blink(side).is_none() && !eye.seen_throughout(from, to));
    event
}

/// Total length of the union of time spans.
fn covered_time(mut spans: Vec<(f32, f32)>) -> f32 {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut total = 0.0;
    let mut current: Option<(f32, f32)> = None;
    for (a, b) in spans {
        current = match current {
            Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca;
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    total + current.map_or(0.0, |(a, b)| b - a)
}

fn mean(values: impl Iterator<Item = f32>) -> Option<f32> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f32)
}

fn side_summary(eye: &EyeTrack, events: &[BlinkEvent], side: Side) -> SideBlinks {
    let blinks = &eye.blinks;
    SideBlinks {
        not_measured: eye.not_measured.clone(),
        open_height_mm: eye.open_height_mm,
        complete: blinks.iter().filter(|b| b.complete).count(),
        partial: blinks.iter().filter(|b| !b.complete).count(),
        blinked_alone: events.iter().filter(|e| e.blink(side).is_some() && e.blink(side.other()).is_none() && !*e.unseen.get(side.other())).count(),
        sustained_closures: eye.sustained.len(),
        not_counted: eye.cut_off,
        deepest_closure_mm: blinks.iter().map(|b| b.min_opening_mm).min_by(f32::total_cmp),
        deepest_closure_fraction: blinks.iter().map(|b| b.depth_fraction).max_by(f32::total_cmp),
        mean_closing_ms: mean(blinks.iter().map(|b| b.closing_ms)),
        mean_reopening_ms: mean(blinks.iter().map(|b| b.reopening_ms)),
    }
}

/// Notes on the recording as a whole: no frames, sparse frames, a short rate.
fn recording_notes(frames: &[&EyeOpeningSample], analysed_s: f32) -> Vec<String> {
    if frames.is_empty() {
        return vec!["No frames: nothing to analyse.".into()];
    }
    let mut notes = Vec::new();
    let mut intervals: Vec<f32> = frames.windows(2).map(|w| w[1].time_s - w[0].time_s).filter(|dt| *dt > 0.0).collect();
    intervals.sort_by(f32::total_cmp);
    if let Some(&typical) = intervals.get(intervals.len() / 2).filter(|&&dt| dt > SPARSE_FRAME_INTERVAL_S) {
        notes.push(format!(
            "Frames are {:.0} ms apart (under 15 per second): brief blinks may be missed, and depths read shallower and times coarser than they are.",
            typical * 1000.0
        ));
    }
    if analysed_s <= 0.0 {
        notes.push("No stretch of video with an eye read: no blink rate.".into());
    } else if analysed_s < RELIABLE_RATE_S {
        notes.push(format!("The blink rate comes from {analysed_s:.1} s of readable video: a rate is unreliable under {RELIABLE_RATE_S:.0} s."));
    }
    notes
}

/// Notes on one eye: why it is not measured, what was left out.
fn eye_notes(eye: &EyeTrack) -> Vec<String> {
    let name = match eye.side {
        Side::Right => "Right eye",
        Side::Left => "Left eye",
    };
    let mut notes = Vec::new();
    if let Some(reason) = &eye.not_measured {
        notes.push(format!("{name}: {reason}; its blinks are not measured."));
    }
    if eye.long_gaps.0 > 0 {
        notes.push(format!(
            "{name}: unread for {:.1} s in {} gap(s) longer than {MAX_BRIDGED_GAP_S} s; blinks then are not seen.",
            eye.long_gaps.1, eye.long_gaps.0
        ));
    }
    if eye.cut_off > 0 {
        notes.push(format!("{name}: {} dip(s) cut off by such a gap or by the start or end of the recording were not counted.", eye.cut_off));
    }
    if eye.glitches > 0 {
        notes.push(format!("{name}: {} dip(s) shorter than {:.0} ms ignored as reading noise.", eye.glitches, MIN_BLINK_S * 1000.0));
    }
    if eye.blinks_with_unread_frames > 0 {
        notes.push(format!(
            "{name}: {} blink(s) had unread frames inside them, bridged by interpolation: their depth may be underestimated.",
            eye.blinks_with_unread_frames
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::PI;

    const OPEN_MM: f32 = 10.0;

    /// A synthetic blink: cosine-shaped closing to `depth` (fraction of open height) at
    /// `trough_s`, held for `held_s`, then cosine-shaped reopening.
    #[derive(Clone, Copy)]
    struct SynthBlink {
        trough_s: f32,
        depth: f32,
        closing_s: f32,
        held_s: f32,
        reopening_s: f32,
    }

    impl SynthBlink {
        /// A healthy blink: 100 ms closing, 150 ms reopening.
        fn quick(trough_s: f32, depth: f32) -> SynthBlink {
            SynthBlink { trough_s, depth, closing_s: 0.10, held_s: 0.0, reopening_s: 0.15 }
        }

        fn slow(trough_s: f32, depth: f32) -> SynthBlink {
            SynthBlink { trough_s, depth, closing_s: 0.25, held_s: 0.0, reopening_s: 0.40 }
        }

        fn held(trough_s: f32, held_s: f32) -> SynthBlink {
            SynthBlink { trough_s, depth: 1.0, closing_s: 0.10, held_s, reopening_s: 0.15 }
        }

        /// Fraction closed at time t.
        fn closure(&self, t: f32) -> f32 {
            let (start, reopen) = (self.trough_s - self.closing_s, self.trough_s + self.held_s);
            let shape = if t <= start || t >= reopen + self.reopening_s {
                0.0
            } else if t < self.trough_s {
                (1.0 - (PI * (t - start) / self.closing_s).cos()) / 2.0
            } else if t <= reopen {
                1.0
            } else {
                (1.0 + (PI * (t - reopen) / self.reopening_s).cos()) / 2.0
            };
            self.depth * shape
        }

        /// Time from passing 90 % of open height on the way down to the trough.
        fn expected_closing_ms(&self) -> f32 {
            self.closing_s * (1.0 - (1.0 - 0.2 / self.depth).acos() / PI) * 1000.0
        }

        fn expected_reopening_ms(&self) -> f32 {
            self.reopening_s * (1.0 - (1.0 - 0.2 / self.depth).acos() / PI) * 1000.0
        }
    }

    fn eye(open_mm: f32, dips: &[SynthBlink]) -> (f32, &[SynthBlink]) {
        (open_mm, dips)
    }

    fn opening(open_mm: f32, dips: &[SynthBlink], t: f32) -> f32 {
        open_mm * (1.0 - dips.iter().map(|d| d.closure(t)).fold(0.0, f32::max))
    }

    /// `seconds` of video at `fps`, each eye open `open_mm` with its dips.
    fn record(fps: f32, seconds: f32, right: (f32, &[SynthBlink]), left: (f32, &[SynthBlink])) -> Vec<EyeOpeningSample> {
        let frames = (seconds * fps).round() as usize;
        (0..frames)
            .map(|i| {
                let t = i as f32 / fps;
                EyeOpeningSample { time_s: t, opening_mm: PerSide::new(Some(opening(left.0, left.1, t)), Some(opening(right.0, right.1, t))) }
            })
            .collect()
    }

    /// Adds deterministic uniform noise of +-`amplitude` mm (openings stay >= 0).
    fn with_noise(mut samples: Vec<EyeOpeningSample>, amplitude: f32) -> Vec<EyeOpeningSample> {
        let mut state: u64 = 0x5eed;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * amplitude
        };
        for s in &mut samples {
            for side in Side::BOTH {
                if let Some(mm) = s.opening_mm.get_mut(side) {
                    *mm = (*mm + next()).max(0.0);
                }
            }
        }
        samples
    }

    fn unread(samples: &mut [EyeOpeningSample], side: Side, from_s: f32, to_s: f32) {
        for s in samples.iter_mut().filter(|s| s.time_s >= from_s && s.time_s <= to_s) {
            *s.opening_mm.get_mut(side) = None;
        }
    }

    fn assert_near(actual: f32, expected: f32, tolerance: f32, what: &str) {
        assert!((actual - expected).abs() <= tolerance, "{what}: {actual} vs expected {expected} (+-{tolerance})");
    }

    #[test]
    fn blinks_of_both_eyes_pair_into_events_with_their_depth_timing_and_rate_at_30_fps() {
        let dips: Vec<SynthBlink> = (0..12).map(|i| SynthBlink::quick(2.0 + 5.0 * i as f32, 1.0)).collect();
        let samples = record(30.0, 60.0, eye(OPEN_MM, &dips), eye(OPEN_MM, &dips));
        let a = analyse_blinks(&samples);
        assert_eq!((a.frames, a.frames_read), (1800, PerSide::new(1800, 1800)));
        assert_eq!(a.events.len(), 12);
        assert!(a.events.iter().all(|e| e.right.is_some() && e.left.is_some()));
        assert_near(a.blinks_per_minute, 12.0 * 60.0 / (1799.0 / 30.0), 0.01, "rate");
        for side in Side::BOTH {
            let s = a.per_side.get(side);
            assert_eq!((s.complete, s.partial, s.blinked_alone, s.sustained_closures, s.not_counted), (12, 0, 0, 0, 0), "{side:?}");
            assert_eq!(s.open_height_mm, Some(OPEN_MM));
            assert_near(s.deepest_closure_fraction.unwrap(), 1.0, 0.01, "depth");
            assert_near(s.mean_closing_ms.unwrap(), dips[0].expected_closing_ms(), 1000.0 / 30.0, "closing");
            assert_near(s.mean_reopening_ms.unwrap(), dips[0].expected_reopening_ms(), 1000.0 / 30.0, "reopening");
        }
        for (event, dip) in a.events.iter().zip(&dips) {
            assert_near(event.time_s, dip.trough_s, 1.0 / 30.0, "event time");
        }
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn an_eye_blinking_alone_while_the_other_is_seen_open_is_counted_as_the_palsy_sign() {
        let right: Vec<SynthBlink> = (0..6).map(|i| SynthBlink::quick(2.0 + 5.0 * i as f32, 1.0)).collect();
        let left: Vec<SynthBlink> = right[..2].to_vec();
        let a = analyse_blinks(&record(30.0, 30.0, eye(OPEN_MM, &right), eye(OPEN_MM, &left)));
        assert_eq!(a.events.len(), 6);
        assert_eq!(a.events.iter().filter(|e| e.left.is_none()).count(), 4);
        assert!(a.events.iter().all(|e| e.unseen == PerSide::new(false, false)));
        assert_eq!((a.per_side.right.blinked_alone, a.per_side.left.blinked_alone), (4, 0));
        assert_eq!((a.per_side.right.complete, a.per_side.left.complete), (6, 2));
    }

    #[test]
    fn complete_and_partial_blinks_are_told_apart_by_fraction_or_by_the_one_millimetre_rule() {
        // Open 8 mm: to 0.4 mm (5 %) complete; to 0.96 mm (12 % but under 1 mm) complete;
        // to 1.2 mm (15 %) partial; to 4 mm (50 %) partial; to 6.4 mm (20 % closed) no blink.
        let depths = [0.95, 0.88, 0.85, 0.5, 0.2];
        let dips: Vec<SynthBlink> = depths.iter().enumerate().map(|(i, &d)| SynthBlink::quick(2.0 + 3.0 * i as f32, d)).collect();
        let a = analyse_blinks(&record(30.0, 20.0, eye(8.0, &dips), eye(8.0, &dips)));
        let left = &a.per_side.left;
        assert_eq!((left.complete, left.partial), (2, 2));
        let complete: Vec<bool> = a.events.iter().map(|e| e.left.as_ref().unwrap().complete).collect();
        assert_eq!(complete, [true, true, false, false]);
        for (event, &depth) in a.events.iter().zip(&depths) {
            assert_near(event.left.as_ref().unwrap().depth_fraction, depth, 0.01, "depth");
            assert_near(event.left.as_ref().unwrap().min_opening_mm, 8.0 * (1.0 - depth), 0.08, "min opening");
        }
        assert_near(left.deepest_closure_mm.unwrap(), 0.4, 0.08, "deepest closure");
    }

    #[test]
    fn a_palsied_eye_closing_less_deeply_and_more_slowly_is_paired_with_the_healthy_blink() {
        let healthy: Vec<SynthBlink> = (0..5).map(|i| SynthBlink::quick(2.0 + 4.0 * i as f32, 1.0)).collect();
        let palsied: Vec<SynthBlink> = healthy.iter().map(|d| SynthBlink::slow(d.trough_s + 0.1, 0.5)).collect();
        let a = analyse_blinks(&record(30.0, 20.0, eye(OPEN_MM, &healthy), eye(12.0, &palsied)));
        assert_eq!(a.events.len(), 5);
        assert!(a.events.iter().all(|e| e.right.is_some() && e.left.is_some()));
        let (right, left) = (&a.per_side.right, &a.per_side.left);
        assert_eq!((right.complete, right.partial, left.complete, left.partial), (5, 0, 0, 5));
        assert_eq!(left.open_height_mm, Some(12.0));
        assert_near(left.deepest_closure_fraction.unwrap(), 0.5, 0.01, "palsied depth");
        assert_near(left.mean_closing_ms.unwrap(), palsied[0].expected_closing_ms(), 1000.0 / 30.0, "palsied closing");
        assert_near(left.mean_reopening_ms.unwrap(), palsied[0].expected_reopening_ms(), 1000.0 / 30.0, "palsied reopening");
        assert_near(right.mean_closing_ms.unwrap(), healthy[0].expected_closing_ms(), 1000.0 / 30.0, "healthy closing");
        assert!(left.mean_closing_ms.unwrap() > right.mean_closing_ms.unwrap() + 50.0);
    }

    #[test]
    fn blinks_at_10_fps_are_counted_and_timed_within_one_frame_with_a_note_on_the_frame_rate() {
        let dips = [
            SynthBlink { trough_s: 3.0, depth: 1.0, closing_s: 0.15, held_s: 0.0, reopening_s: 0.25 },
            SynthBlink { trough_s: 8.0, depth: 0.5, closing_s: 0.2, held_s: 0.0, reopening_s: 0.3 },
            SynthBlink { trough_s: 13.0, depth: 1.0, closing_s: 0.3, held_s: 0.0, reopening_s: 0.5 },
        ];
        let samples = record(10.0, 20.0, eye(OPEN_MM, &dips), eye(OPEN_MM, &dips[..1]));
        let a = analyse_blinks(&samples);
        assert_eq!(a.events.len(), 3);
        let right = &a.per_side.right;
        assert_eq!((right.complete, right.partial, a.per_side.left.complete, a.per_side.right.blinked_alone), (2, 1, 1, 2));
        for (event, dip) in a.events.iter().zip(&dips) {
            let b = event.right.as_ref().unwrap();
            assert_near(b.depth_fraction, dip.depth, 0.01, "depth");
            assert_near(b.trough_s, dip.trough_s, 0.1, "trough");
            assert_near(b.closing_ms, dip.expected_closing_ms(), 100.0, "closing");
            assert_near(b.reopening_ms, dip.expected_reopening_ms(), 100.0, "reopening");
        }
        assert_near(a.blinks_per_minute, 3.0 * 60.0 / 19.9, 0.01, "rate");
        assert!(a.notes.iter().any(|n| n.contains("100 ms apart")), "{:?}", a.notes);
    }

    #[test]
    fn a_closure_held_over_a_second_is_a_sustained_closure_not_a_blink() {
        let dips = [SynthBlink::quick(3.0, 1.0), SynthBlink::held(8.0, 2.0), SynthBlink::quick(14.0, 1.0), SynthBlink::held(18.0, 0.7)];
        let a = analyse_blinks(&record(30.0, 30.0, eye(OPEN_MM, &dips), eye(OPEN_MM, &dips)));
        // The 0.7 s hold stays a blink (closed 0.7 s plus part of the movement, under 1 s).
        assert_eq!(a.events.len(), 3);
        for side in Side::BOTH {
            assert_eq!((a.per_side.get(side).complete, a.per_side.get(side).sustained_closures), (3, 1));
        }
        assert_eq!(a.sustained_closures.len(), 2);
        // A lid briefly held shut: the trough is the middle of the closed part, not its first frame.
        let held = a.events[2].right.as_ref().unwrap();
        assert_near(held.trough_s, 18.35, 1.0 / 30.0, "trough of a held blink");
        let closure = &a.sustained_closures[0];
        assert_near(closure.start_s, 7.9 + 0.1 * 0.2048, 1.0 / 30.0, "closure start");
        assert_near(closure.end_s, 10.0 + 0.15 * (1.0 - 0.2048), 1.0 / 30.0, "closure end");
    }

    #[test]
    fn noise_of_a_fifth_of_a_millimetre_neither_adds_nor_splits_nor_loses_blinks() {
        let dips: Vec<SynthBlink> = (0..10).map(|i| SynthBlink::quick(1.5 + 3.0 * i as f32, if i % 2 == 0 { 1.0 } else { 0.4 })).collect();
        let a = analyse_blinks(&with_noise(record(30.0, 30.0, eye(OPEN_MM, &dips), eye(OPEN_MM, &dips)), 0.2));
        assert_eq!(a.events.len(), 10);
        for side in Side::BOTH {
            let s = a.per_side.get(side);
            assert_eq!((s.complete, s.partial, s.sustained_closures), (5, 5, 0), "{side:?}");
            assert_near(s.open_height_mm.unwrap(), OPEN_MM, 0.2, "open height");
            assert_near(s.mean_closing_ms.unwrap(), (dips[0].expected_closing_ms() + dips[1].expected_closing_ms()) / 2.0, 1000.0 / 30.0, "closing");
        }
        let partial_depths: Vec<f32> = a.events.iter().filter_map(|e| e.right.as_ref()).filter(|b| !b.complete).map(|b| b.depth_fraction).collect();
        assert!(partial_depths.iter().all(|d| (d - 0.4).abs() < 0.05), "{partial_depths:?}");
        assert!(a.notes.iter().all(|n| !n.contains("noise")), "{:?}", a.notes);
    }

    #[test]
    fn a_lid_wavering_below_recovery_is_one_blink_but_a_lid_that_reopens_blinks_twice() {
        let wave = [8.0, 5.0, 3.0, 5.0, 8.0, 5.0, 3.0, 5.0, 8.0];
        let twice = [8.0, 5.0, 3.0, 5.0, 8.0, 9.5, 8.0, 5.0, 3.0, 5.0, 8.0];
        let mut mm = vec![OPEN_MM; 60];
        mm.extend(wave);
        mm.extend([OPEN_MM; 60]);
        mm.extend(twice);
        mm.extend([OPEN_MM; 60]);
        let samples: Vec<EyeOpeningSample> =
            mm.iter().enumerate().map(|(i, &v)| EyeOpeningSample { time_s: i as f32 / 30.0, opening_mm: PerSide::new(Some(v), Some(v)) }).collect();
        let a = analyse_blinks(&samples);
        assert_eq!(a.events.len(), 3);
        assert_eq!((a.per_side.left.partial, a.per_side.left.complete), (3, 0));
        assert!(a.notes.iter().all(|n| !n.contains("noise")), "{:?}", a.notes);
    }

    #[test]
    fn a_single_bad_frame_at_30_fps_is_noise_not_a_blink() {
        let mut samples = record(30.0, 10.0, eye(OPEN_MM, &[SynthBlink::quick(6.0, 1.0)]), eye(OPEN_MM, &[SynthBlink::quick(6.0, 1.0)]));
        samples[90].opening_mm.right = Some(0.5);
        let a = analyse_blinks(&samples);
        assert_eq!(a.events.len(), 1);
        assert_eq!((a.per_side.right.complete, a.per_side.left.complete), (1, 1));
        assert!(a.notes.iter().any(|n| n.starts_with("Right eye: 1 dip(s) shorter than 70 ms")), "{:?}", a.notes);
    }

    #[test]
    fn short_gaps_are_bridged_and_a_blink_cut_by_a_long_gap_is_not_counted() {
        let right = [SynthBlink::quick(5.0, 1.0), SynthBlink { closing_s: 0.2, ..SynthBlink::quick(10.0, 1.0) }];
        let left = [SynthBlink::quick(5.0, 1.0), SynthBlink::quick(10.0, 1.0)];
        let mut samples = record(30.0, 20.0, eye(OPEN_MM, &right), eye(OPEN_MM, &left));
        unread(&mut samples, Side::Right, 4.96, 4.97); // one frame beside the trough: bridged
        unread(&mut samples, Side::Right, 9.95, 10.35); // 0.43 s from mid-closing to after the blink
        unread(&mut samples, Side::Right, 15.0, 15.2); // 0.27 s of an open eye: bridged
        let a = analyse_blinks(&samples);
        let r = &a.per_side.right;
        assert_eq!((r.complete, r.partial, r.not_counted, a.per_side.left.complete), (1, 0, 1, 2));
        assert_eq!(a.events.len(), 2);
        assert_eq!(a.events[1].unseen, PerSide::new(false, true), "the right eye's blink at 10 s is unknown, not absent");
        assert_eq!((a.per_side.left.blinked_alone, r.blinked_alone), (0, 0));
        assert!(a.notes.iter().any(|n| n.starts_with("Right eye: unread for 0.4 s in 1 gap(s)")), "{:?}", a.notes);
        assert!(a.notes.iter().any(|n| n.starts_with("Right eye: 1 dip(s) cut off")), "{:?}", a.notes);
        assert!(a.notes.iter().any(|n| n.starts_with("Right eye: 1 blink(s) had unread frames")), "{:?}", a.notes);
        assert_near(a.analysed_s, 19.0 + 29.0 / 30.0, 0.001, "analysed time (the left eye covers the gap)");
    }

    #[test]
    fn an_eye_never_read_is_reported_and_events_hold_only_the_other_eye() {
        let dips = [SynthBlink::quick(2.0, 1.0), SynthBlink::quick(6.0, 1.0)];
        let mut samples = record(30.0, 10.0, eye(OPEN_MM, &dips), eye(OPEN_MM, &dips));
        unread(&mut samples, Side::Left, 0.0, 10.0);
        let a = analyse_blinks(&samples);
        assert_eq!(a.frames_read, PerSide::new(0, 300));
        assert_eq!((a.per_side.left.open_height_mm, a.per_side.left.not_measured.as_deref()), (None, Some("never read")));
        assert_eq!(a.events.len(), 2);
        assert!(a.events.iter().all(|e| e.left.is_none() && e.right.is_some() && e.unseen == PerSide::new(true, false)));
        assert_eq!(a.per_side.right.blinked_alone, 0, "the left eye was not seen, so not a one-sided blink");
        assert!(a.notes.iter().any(|n| n == "Left eye: never read; its blinks are not measured."), "{:?}", a.notes);
    }

    #[test]
    fn an_eye_never_seen_open_is_not_measured() {
        let mut samples = record(30.0, 10.0, eye(OPEN_MM, &[]), eye(OPEN_MM, &[]));
        samples.iter_mut().for_each(|s| s.opening_mm.right = Some(0.3));
        let a = analyse_blinks(&samples);
        assert!(a.per_side.right.not_measured.as_deref().unwrap().starts_with("never seen open"));
        assert_eq!((a.per_side.right.open_height_mm, a.per_side.left.open_height_mm), (None, Some(OPEN_MM)));
        assert!(a.events.is_empty());
    }

    #[test]
    fn the_open_height_is_the_eye_open_even_when_it_is_narrowed_most_of_the_time() {
        // Open 10 mm for 3 s with one blink, then narrowed to 7 mm (a squint) for 7 s.
        let mut samples = record(30.0, 10.0, eye(OPEN_MM, &[SynthBlink::quick(1.5, 1.0)]), eye(OPEN_MM, &[]));
        samples.iter_mut().filter(|s| s.time_s >= 3.0).for_each(|s| s.opening_mm.right = Some(7.0));
        let a = analyse_blinks(&samples);
        let right = &a.per_side.right;
        assert_eq!((right.open_height_mm, right.complete, right.sustained_closures), (Some(OPEN_MM), 1, 0));
        assert_eq!(right.not_counted, 1, "the squint runs to the end of the recording");
    }

    #[test]
    fn empty_or_unreadable_input_gives_an_empty_analysis_with_notes() {
        let empty = analyse_blinks(&[]);
        assert_eq!((empty.frames, empty.events.len(), empty.blinks_per_minute, empty.duration_s), (0, 0, 0.0, 0.0));
        assert_eq!(empty.notes[0], "No frames: nothing to analyse.");
        let blank: Vec<EyeOpeningSample> = (0..50).map(|i| EyeOpeningSample { time_s: i as f32 / 30.0, opening_mm: PerSide::new(None, None) }).collect();
        let a = analyse_blinks(&blank);
        assert_eq!((a.frames, a.frames_read, a.events.len(), a.analysed_s, a.blinks_per_minute), (50, PerSide::new(0, 0), 0, 0.0, 0.0));
        assert_near(a.duration_s, 49.0 / 30.0, 1e-4, "duration");
        assert!(a.notes.iter().any(|n| n.contains("no blink rate")), "{:?}", a.notes);
        assert_eq!(a.notes.iter().filter(|n| n.contains("never read")).count(), 2);
    }

    #[test]
    fn a_short_recording_still_gives_a_rate_with_a_note_that_it_is_unreliable() {
        let a = analyse_blinks(&record(30.0, 4.0, eye(OPEN_MM, &[SynthBlink::quick(2.0, 1.0)]), eye(OPEN_MM, &[SynthBlink::quick(2.0, 1.0)])));
        assert_eq!(a.events.len(), 1);
        assert_near(a.blinks_per_minute, 60.0 / (119.0 / 30.0), 0.01, "rate");
        assert!(a.notes.iter().any(|n| n.contains("from 4.0 s") && n.contains("unreliable under 30 s")), "{:?}", a.notes);
    }

    #[test]
    fn uneven_and_unordered_frame_times_give_the_same_blinks() {
        let dips = [SynthBlink::quick(2.0, 1.0), SynthBlink::slow(5.0, 0.6), SynthBlink::quick(8.0, 0.5)];
        // Frames 20 ms and 47 ms apart in turn (30 fps on average), given in reverse order.
        let mut samples: Vec<EyeOpeningSample> = (0..300)
            .map(|i| {
                let t = (i / 2) as f32 * 0.0667 + if i % 2 == 1 { 0.02 } else { 0.0 };
                let mm = Some(opening(OPEN_MM, &dips, t));
                EyeOpeningSample { time_s: t, opening_mm: PerSide::new(mm, mm) }
            })
            .collect();
        samples.reverse();
        let a = analyse_blinks(&samples);
        assert_eq!(a.events.len(), 3);
        assert_eq!((a.per_side.right.complete, a.per_side.right.partial), (1, 2));
        for (event, dip) in a.events.iter().zip(&dips) {
            let b = event.left.as_ref().unwrap();
            assert_near(b.closing_ms, dip.expected_closing_ms(), 47.0, "closing");
            assert_near(b.reopening_ms, dip.expected_reopening_ms(), 47.0, "reopening");
        }
    }

    #[test]
    fn blinks_pair_by_near_troughs_or_overlap_but_not_a_second_apart() {
        let right = [SynthBlink::quick(3.0, 1.0), SynthBlink::quick(6.0, 1.0), SynthBlink::quick(9.0, 1.0)];
        let left = [SynthBlink::quick(3.12, 1.0), SynthBlink::slow(6.25, 0.6), SynthBlink::quick(10.0, 1.0)];
        let a = analyse_blinks(&record(30.0, 12.0, eye(OPEN_MM, &right), eye(OPEN_MM, &left)));
        let shape: Vec<(bool, bool)> = a.events.iter().map(|e| (e.right.is_some(), e.left.is_some())).collect();
        assert_eq!(shape, [(true, true), (true, true), (true, false), (false, true)]);
        assert_eq!((a.per_side.right.blinked_alone, a.per_side.left.blinked_alone), (1, 1));
        assert_near(a.events[1].time_s, 6.0, 1.0 / 30.0, "an event is timed at its earlier trough");
    }

    #[test]
    fn chart_series_hold_every_frame_and_the_blinks_and_json_uses_side_names() {
        let dips = [SynthBlink::quick(2.0, 1.0), SynthBlink::held(5.0, 1.5)];
        let mut samples = record(30.0, 10.0, eye(OPEN_MM, &dips), eye(OPEN_MM, &dips[..1]));
        unread(&mut samples, Side::Right, 8.0, 8.09);
        let a = analyse_blinks(&samples);
        let right = a.series(&samples, Side::Right);
        assert_eq!(right.points.len(), 300);
        assert_eq!(right.points.iter().filter(|p| p.1.is_none()).count(), 3);
        assert_eq!((right.blinks.len(), right.sustained_closures.len(), right.open_height_mm), (1, 1, Some(OPEN_MM)));
        assert_eq!((a.series(&samples, Side::Left).blinks.len(), a.series(&samples, Side::Left).sustained_closures.len()), (1, 0));
        assert_eq!(opening_series(&samples, Side::Left)[60], (2.0, Some(0.0)));
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["events"][0]["right"]["side"], "right");
        assert_eq!(json["per_side"]["left"]["complete"], 1);
        assert_eq!(json["sustained_closures"][0]["side"], "right");
        assert!(json["per_side"]["right"]["open_height_mm"].is_number());
    }
}
