//! Each eye's summary and the recording's limitations, in words.

use super::*;
use crate::i18n::{fill, text, Lang, Msg};

/// A note in English, as stored.
fn note(msg: Msg, values: &[(&str, &str)]) -> String {
    fill(msg, Lang::En, values)
}

pub(super) fn mean(values: impl Iterator<Item = f32>) -> Option<f32> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f32)
}

pub(super) fn side_summary(eye: &EyeTrack, events: &[BlinkEvent], side: Side) -> SideBlinks {
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
pub(super) fn recording_notes(frames: &[&EyeOpeningSample], analysed_s: f32) -> Vec<String> {
    if frames.is_empty() {
        return vec![text(Msg::BlinkNoteNoFrames, Lang::En).into()];
    }
    let mut notes = Vec::new();
    let mut intervals: Vec<f32> = frames.windows(2).map(|w| w[1].time_s - w[0].time_s).filter(|dt| *dt > 0.0).collect();
    intervals.sort_by(f32::total_cmp);
    if let Some(&typical) = intervals.get(intervals.len() / 2).filter(|&&dt| dt > SPARSE_FRAME_INTERVAL_S) {
        notes.push(note(Msg::BlinkNoteSparse, &[("ms", &format!("{:.0}", typical * 1000.0))]));
    }
    if analysed_s <= 0.0 {
        notes.push(text(Msg::BlinkNoteNoStretch, Lang::En).into());
    } else if analysed_s < RELIABLE_RATE_S {
        notes.push(note(Msg::BlinkNoteShortRate, &[("seconds", &format!("{analysed_s:.1}")), ("min", &format!("{RELIABLE_RATE_S:.0}"))]));
    }
    notes
}

/// Notes on one eye: why it is not measured, what was left out.
pub(super) fn eye_notes(eye: &EyeTrack) -> Vec<String> {
    let name = crate::report::eye_words::eye_name_in(eye.side, Lang::En);
    let mut notes = Vec::new();
    if let Some(reason) = &eye.not_measured {
        notes.push(note(Msg::BlinkNoteEyeNotMeasured, &[("eye", name), ("why", reason)]));
    }
    if eye.long_gaps.0 > 0 {
        let (count, seconds) = (eye.long_gaps.0.to_string(), format!("{:.1}", eye.long_gaps.1));
        notes.push(note(Msg::BlinkNoteGaps, &[("eye", name), ("seconds", &seconds), ("count", &count), ("max", &MAX_BRIDGED_GAP_S.to_string())]));
    }
    if eye.cut_off > 0 {
        notes.push(note(Msg::BlinkNoteCutOff, &[("eye", name), ("count", &eye.cut_off.to_string())]));
    }
    if eye.glitches > 0 {
        notes.push(note(Msg::BlinkNoteGlitches, &[("eye", name), ("count", &eye.glitches.to_string()), ("ms", &format!("{:.0}", MIN_BLINK_S * 1000.0))]));
    }
    if eye.blinks_with_unread_frames > 0 {
        notes.push(note(Msg::BlinkNoteBridged, &[("eye", name), ("count", &eye.blinks_with_unread_frames.to_string())]));
    }
    notes
}

/// Every note and not-measured reason the analysis writes (`note_in` tries them in order).
const NOTES: &[Msg] = &[
    Msg::BlinkNoteUntimed,
    Msg::BlinkNoteNoFrames,
    Msg::BlinkNoteSparse,
    Msg::BlinkNoteNoStretch,
    Msg::BlinkNoteShortRate,
    Msg::BlinkNoteEyeNotMeasured,
    Msg::BlinkNoteGaps,
    Msg::BlinkNoteCutOff,
    Msg::BlinkNoteGlitches,
    Msg::BlinkNoteBridged,
    Msg::BlinkWhyNeverRead,
    Msg::BlinkWhyTooFew,
    Msg::BlinkWhyNeverOpen,
];

/// A stored note or reason of the analysis (English) in `lang`; as it is when it is none
/// of the analysis's sentences.
pub fn note_in(stored: &str, lang: Lang) -> String {
    crate::i18n::stored::said_in_or_as_is(stored, NOTES, lang)
}
