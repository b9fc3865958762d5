//! Each eye's summary and the recording's limitations, in words.

use super::*;

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
pub(super) fn eye_notes(eye: &EyeTrack) -> Vec<String> {
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
