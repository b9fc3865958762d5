//! A recorded video as a timeline of readings, and the frames it suggests for each exam
//! view.
//!
//! Each frame's reading holds how far it is into each expression (`Expression::peak_score`,
//! the same measure the live capture uses to keep a view's peak frame) and each region's
//! largest left/right difference in millimetres. A view is suggested only where the video
//! shows its movement: its peak must differ from the resting frame by at least
//! [`MIN_MOVEMENT_MM`]; the suggestions are for the user to confirm, not final.

use crate::i18n::{fill, text, Lang, Msg};
use super::exam::Expression;
use super::measurements::{FaceMeasurements, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Smallest peak-minus-rest change (mm) that counts as the expression being shown: above
/// the frame-to-frame jitter of video landmarks (about 1 mm on a 480-pixel face), below
/// any real brow raise, smile, pucker or eye closure (5 mm and more).
pub const MIN_MOVEMENT_MM: f32 = 2.0;

/// One video frame's reading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameReading {
    pub time_s: f64,
    /// Why the frame cannot be measured (the quality gate's code), if it cannot.
    pub problem: Option<String>,
    /// Per view code: how far into that expression the frame is (mm; larger = further).
    pub peak_scores: BTreeMap<String, f32>,
    /// Per region ("brow", "eyelid", "mouth", "midface"): the largest left/right
    /// difference among its millimetre measurements.
    pub region_difference_mm: BTreeMap<String, f32>,
}

impl FrameReading {
    /// The reading of a frame: `problem` from the quality gate (None = passed),
    /// `measured` None when no face could be measured.
    pub fn new(time_s: f64, problem: Option<String>, measured: Option<&FaceMeasurements>) -> FrameReading {
        let mut reading = FrameReading { time_s, problem, peak_scores: BTreeMap::new(), region_difference_mm: BTreeMap::new() };
        let Some(m) = measured else {
            reading.problem.get_or_insert_with(|| "no-face".into());
            return reading;
        };
        for view in Expression::ALL {
            let score = view.peak_score(m);
            if score.is_finite() {
                reading.peak_scores.insert(view.code().to_string(), score);
            }
        }
        for v in m.measurements.values().filter(|v| v.unit == Unit::Millimetres && v.difference.is_finite()) {
            let entry = reading.region_difference_mm.entry(v.region.name().to_string()).or_insert(0.0);
            *entry = entry.max(v.difference.abs());
        }
        reading
    }

    fn usable(&self) -> bool {
        self.problem.is_none() && !self.peak_scores.is_empty()
    }
}

/// A suggestion's stored note (English) in `lang`; as it is when it is none of the
/// suggestions' sentences.
pub fn note_in(note: &str, lang: Lang) -> String {
    const NOTES: &[Msg] = &[Msg::SuggestRest, Msg::SuggestDeepestClosure, Msg::SuggestPeak, Msg::SuggestHalfwaySmile];
    crate::i18n::stored::said_in_or_as_is(note, NOTES, lang)
}

/// A frame suggested for one view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Index into the readings.
    pub frame: usize,
    pub time_s: f64,
    /// Why this frame, or why the user must confirm it.
    pub note: String,
}

/// Suggests a frame per view. Rest: the usable frame closest to the median of every
/// expression's score (the most ordinary face of the video). Each movement: its peak,
/// if it differs from rest by `MIN_MOVEMENT_MM`; the small smile: the smiling frame
/// closest to halfway between rest and the big smile. A video cannot tell a gentle from
/// a tight eye closure: both get the deepest closure, marked for the user to confirm.
pub fn suggest_frames(readings: &[FrameReading]) -> BTreeMap<Expression, Suggestion> {
    let usable: Vec<usize> = (0..readings.len()).filter(|&i| readings[i].usable()).collect();
    let mut out = BTreeMap::new();
    if usable.is_empty() {
        return out;
    }
    let score = |i: usize, view: Expression| readings[i].peak_scores.get(view.code()).copied();
    let median = |view: Expression| {
        let mut v: Vec<f32> = usable.iter().filter_map(|&i| score(i, view)).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let moving: Vec<Expression> = Expression::ALL.into_iter().filter(|v| *v != Expression::Rest).collect();
    let medians: Vec<(Expression, f32)> = moving.iter().filter_map(|&v| Some((v, median(v)?))).collect();
    let distance_from_ordinary = |i: usize| medians.iter().map(|&(v, m)| score(i, v).map_or(0.0, |s| (s - m).abs())).sum::<f32>();
    let rest = *usable.iter().min_by(|&&a, &&b| distance_from_ordinary(a).total_cmp(&distance_from_ordinary(b))).expect("non-empty");
    let suggest = |frame: usize, note: String| Suggestion { frame, time_s: readings[frame].time_s, note };
    out.insert(Expression::Rest, suggest(rest, text(Msg::SuggestRest, Lang::En).into()));

    let peak = |view: Expression| usable.iter().copied().filter(|&i| score(i, view).is_some()).max_by(|&a, &b| score(a, view).unwrap().total_cmp(&score(b, view).unwrap()));
    for view in moving {
        if view == Expression::SmallSmile {
            continue;
        }
        let (Some(at), Some(rest_score)) = (peak(view), score(rest, view)) else { continue };
        let movement = score(at, view).unwrap() - rest_score;
        if movement < MIN_MOVEMENT_MM {
            continue;
        }
        let note = match view {
            Expression::GentleClosure | Expression::TightClosure => Msg::SuggestDeepestClosure,
            _ => Msg::SuggestPeak,
        };
        let note = fill(note, Lang::En, &[("mm", &format!("{movement:.1}"))]);
        out.insert(view, suggest(at, note));
    }
    if let (Some(big), Some(rest_score)) = (out.get(&Expression::BigSmile).map(|s| s.frame), score(rest, Expression::SmallSmile)) {
        let halfway = (rest_score + score(big, Expression::SmallSmile).unwrap_or(rest_score)) / 2.0;
        let nearest = usable.iter().copied().filter(|&i| score(i, Expression::SmallSmile).is_some()).min_by(|&a, &b| {
            (score(a, Expression::SmallSmile).unwrap() - halfway).abs().total_cmp(&(score(b, Expression::SmallSmile).unwrap() - halfway).abs())
        });
        if let Some(at) = nearest.filter(|&at| at != big && at != rest) {
            out.insert(Expression::SmallSmile, suggest(at, text(Msg::SuggestHalfwaySmile, Lang::En).into()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(t: f64, scores: &[(Expression, f32)]) -> FrameReading {
        FrameReading {
            time_s: t,
            problem: None,
            peak_scores: Expression::ALL.iter().map(|v| (v.code().to_string(), scores.iter().find(|(e, _)| e == v).map_or(0.0, |s| s.1))).collect(),
            region_difference_mm: BTreeMap::new(),
        }
    }

    #[test]
    fn each_movement_is_found_at_its_peak_and_small_movements_are_not_suggested() {
        use Expression::*;
        // rest, rest, brow raise building to its peak at t=3, rest, a smile peaking at t=6, rest.
        let mut frames = vec![
            reading(0.0, &[(BrowRaise, 20.0), (BigSmile, 25.0), (SmallSmile, 25.0)]),
            reading(1.0, &[(BrowRaise, 20.1), (BigSmile, 25.0), (SmallSmile, 25.0)]),
            reading(2.0, &[(BrowRaise, 22.0), (BigSmile, 25.0), (SmallSmile, 25.0)]),
            reading(3.0, &[(BrowRaise, 24.0), (BigSmile, 25.0), (SmallSmile, 25.0)]),
            reading(4.0, &[(BrowRaise, 20.0), (BigSmile, 25.0), (SmallSmile, 25.0)]),
            reading(5.0, &[(BrowRaise, 20.0), (BigSmile, 27.0), (SmallSmile, 27.0)]),
            reading(6.0, &[(BrowRaise, 20.0), (BigSmile, 29.0), (SmallSmile, 29.0)]),
            reading(7.0, &[(BrowRaise, 20.0), (BigSmile, 25.0), (SmallSmile, 25.0), (Pucker, 1.5)]),
        ];
        // A frame that failed the quality gate is never suggested, however extreme.
        let mut blurred = reading(8.0, &[(BrowRaise, 40.0)]);
        blurred.problem = Some("blurred".into());
        frames.push(blurred);
        let s = suggest_frames(&frames);
        assert_eq!(s[&BrowRaise].frame, 3);
        assert_eq!(s[&BigSmile].frame, 6);
        assert_eq!(s[&SmallSmile].frame, 5);
        assert!([0, 1, 4, 7].contains(&s[&Rest].frame), "{:?}", s[&Rest]);
        assert!(!s.contains_key(&Pucker), "1.5 mm is not a pucker");
        assert!(!s.contains_key(&GentleClosure));
        assert!(suggest_frames(&frames[8..]).is_empty());
    }
}
