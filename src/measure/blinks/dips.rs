//! Blinks as dips of one eye's normalised opening: found with hysteresis, then timed
//! (start, trough, end) where the opening crosses the movement level.

use super::*;

/// A run of readings below [`ONSET_FRACTION`] until the opening climbs above
/// [`RECOVERY_FRACTION`]: indices into one stretch.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dip {
    pub(super) first_below: usize,
    /// The lowest reading (the first, if several are equal).
    pub(super) lowest: usize,
    /// The first reading back above [`RECOVERY_FRACTION`]; None if the stretch ends first.
    pub(super) recovered: Option<usize>,
}

/// The dips of a normalised opening (opening / open height), with hysteresis.
pub(super) fn find_dips(openness: &[f32]) -> Vec<Dip> {
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
pub(super) struct DipShape {
    pub(super) start_s: f32,
    pub(super) trough_s: f32,
    pub(super) end_s: f32,
    pub(super) min_mm: f32,
    /// How long the eye stayed at least 25 % closed.
    pub(super) below_onset_s: f32,
    pub(super) unread_frames: bool,
}

/// Finds one stretch's dips and files each as a blink, a sustained closure, noise, or (cut
/// off by the stretch's ends) not counted.
pub(super) fn find_blinks_in_stretch(stretch: &[Reading], open_mm: f32, side: Side, eye: &mut EyeTrack) {
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
pub(super) fn dip_shape(times: &[f32], openness: &[f32], dip: &Dip, recovered: usize, bounds: (usize, usize)) -> DipShape {
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
pub(super) fn crossing(times: &[f32], openness: &[f32], j: usize, level: f32) -> f32 {
    let (t0, t1, r0, r1) = (times[j], times[j + 1], openness[j], openness[j + 1]);
    if r1 == r0 {
        return t0;
    }
    t0 + ((level - r0) / (r1 - r0)).clamp(0.0, 1.0) * (t1 - t0)
}

/// When the lid started closing towards reading `lowest`: the last passage down through
/// [`MOVEMENT_FRACTION`] after reading `from`; if the eye never got that open since, the
/// time it was most open.
pub(super) fn last_rise_before(times: &[f32], openness: &[f32], lowest: usize, from: usize) -> f32 {
    match (from..lowest).rev().find(|&j| openness[j] >= MOVEMENT_FRACTION) {
        Some(j) => crossing(times, openness, j, MOVEMENT_FRACTION),
        None => times[most_open(openness, from..lowest)],
    }
}

/// When the lid was back after reading `lowest`: the first passage up through
/// [`MOVEMENT_FRACTION`] up to reading `to`; if it never got that open by then, the time it
/// was most open.
pub(super) fn first_rise_after(times: &[f32], openness: &[f32], lowest: usize, to: usize) -> f32 {
    match (lowest + 1..=to).find(|&k| openness[k] >= MOVEMENT_FRACTION) {
        Some(k) => crossing(times, openness, k - 1, MOVEMENT_FRACTION),
        None => times[most_open(openness, lowest + 1..to + 1)],
    }
}

pub(super) fn most_open(openness: &[f32], range: std::ops::Range<usize>) -> usize {
    range.max_by(|&a, &b| openness[a].total_cmp(&openness[b])).expect("a dip has readings either side")
}

/// The middle of the dip's deepest part: the run of readings around the lowest that stay
/// within [`TROUGH_BAND_FRACTION`] of it.
pub(super) fn trough_time(times: &[f32], openness: &[f32], dip: &Dip, recovered: usize) -> f32 {
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

pub(super) fn blink(side: Side, shape: &DipShape, open_mm: f32) -> Blink {
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
