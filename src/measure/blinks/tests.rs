//! The blink rules on hand-made openings with known blinks.

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
