//! One eye over the recording: its readings, its own open height, and the stretches
//! of readings without a long gap in which blinks are looked for.

use crate::i18n::{fill, Lang, Msg};
use super::*;

/// One eye's opening in a frame; a non-finite value is no reading.
pub(super) fn reading(sample: &EyeOpeningSample, side: Side) -> Option<f32> {
    sample.opening_mm.get(side).filter(|mm| mm.is_finite())
}

/// One readable frame of one eye.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reading {
    pub(super) time_s: f32,
    pub(super) mm: f32,
    /// Position among all frames, to count unread frames inside a blink.
    pub(super) frame: usize,
}

/// What one eye did over the recording.
#[derive(Debug)]
pub(super) struct EyeTrack {
    pub(super) side: Side,
    pub(super) readings: usize,
    pub(super) open_height_mm: Option<f32>,
    pub(super) not_measured: Option<String>,
    /// Time spans the eye was read without a gap longer than [`MAX_BRIDGED_GAP_S`].
    pub(super) stretches: Vec<(f32, f32)>,
    /// Gaps longer than [`MAX_BRIDGED_GAP_S`] between readings: count and total seconds.
    pub(super) long_gaps: (usize, f32),
    /// Spans inside the stretches where blinking cannot be judged: cut-off dips, sustained
    /// closures.
    pub(super) unclear: Vec<(f32, f32)>,
    pub(super) blinks: Vec<Blink>,
    pub(super) sustained: Vec<SustainedClosure>,
    pub(super) glitches: usize,
    pub(super) cut_off: usize,
    pub(super) blinks_with_unread_frames: usize,
}

impl EyeTrack {
    pub(super) fn new(side: Side, readings: usize) -> EyeTrack {
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
    pub(super) fn seen_throughout(&self, from: f32, to: f32) -> bool {
        self.stretches.iter().any(|&(a, b)| a <= from && to <= b) && !self.unclear.iter().any(|&(a, b)| a < to && from < b)
    }
}

pub(super) fn track_eye(frames: &[&EyeOpeningSample], side: Side) -> EyeTrack {
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
pub(super) fn open_height_mm(readings: &[Reading]) -> Result<f32, String> {
    if readings.is_empty() {
        return Err(crate::i18n::text(Msg::BlinkWhyNeverRead, Lang::En).into());
    }
    if readings.len() < MIN_READINGS {
        return Err(fill(Msg::BlinkWhyTooFew, Lang::En, &[("count", &readings.len().to_string())]));
    }
    let mut mm: Vec<f32> = readings.iter().map(|r| r.mm).collect();
    mm.sort_by(f32::total_cmp);
    let open = mm[((mm.len() - 1) as f32 * OPEN_HEIGHT_PERCENTILE).round() as usize];
    if open < CLOSED_MM {
        return Err(fill(Msg::BlinkWhyNeverOpen, Lang::En, &[("mm", &format!("{open:.1}")), ("min", &CLOSED_MM.to_string())]));
    }
    Ok(open)
}

/// The runs of readings with no gap longer than [`MAX_BRIDGED_GAP_S`].
pub(super) fn stretches(readings: &[Reading]) -> Vec<&[Reading]> {
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
