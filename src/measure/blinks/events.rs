//! The two eyes' blinks paired by time into events, and the time they cover.

use super::*;

/// Whether a right and a left blink are the same event.
pub(super) fn same_event(right: &Blink, left: &Blink) -> bool {
    (right.trough_s - left.trough_s).abs() <= PAIRING_WINDOW_S || (right.start_s < left.end_s && left.start_s < right.end_s)
}

/// Pairs right and left blinks, nearest troughs first, each blink in one event; a blink
/// with no partner is an event of its own.
pub(super) fn pair_into_events(eyes: &PerSide<EyeTrack>) -> Vec<BlinkEvent> {
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

pub(super) fn event(right: Option<Blink>, left: Option<Blink>, eyes: &PerSide<EyeTrack>) -> BlinkEvent {
    let time_s = right.iter().chain(left.iter()).map(|b| b.trough_s).fold(f32::INFINITY, f32::min);
    let mut event = BlinkEvent { time_s, right, left, unseen: PerSide::default() };
    let (from, to) = event.span();
    event.unseen = eyes.map(|side, eye| event.blink(side).is_none() && !eye.seen_throughout(from, to));
    event
}

/// Total length of the union of time spans.
pub(super) fn covered_time(mut spans: Vec<(f32, f32)>) -> f32 {
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
