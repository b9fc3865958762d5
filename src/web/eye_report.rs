//! What the page shows about the eyes, as plain data (no web types, so its unit tests run
//! natively with `cargo test`): the live Eyes box's sentences, the blink test's recording
//! (one sample per analysed frame, in millimetres with one scale) and its chart, and the
//! exam report's eye-safety findings read back from the exam JSON into typed structs.
//! The components that draw them: `eyes_box.rs`, `blinks_panel.rs`, `eye_safety_panel.rs`.

use super::protocol::FrameReport;
use facegrade::engine::eye_state::EyeState;
use facegrade::measure::blinks::{BlinkAnalysis, EyeOpeningSample};
use facegrade::measure::measurements::EyeStateMeasurement;
use facegrade::measure::Expression;
use facegrade::side::{PerSide, Side};
use serde::Deserialize;

/// "Right eye", "Left eye".
pub fn eye_name(side: Side) -> &'static str {
    match side {
        Side::Right => "Right eye",
        Side::Left => "Left eye",
    }
}

/// The Eyes box's line for one eye: "Right eye: open, 8.4 mm of eyeball visible",
/// "Left eye: closed", "Right eye: narrowed, 3.1 mm of eyeball visible", "Left eye:
/// unknown: <advice>".
pub fn eye_sentence(side: Side, e: &EyeStateMeasurement) -> String {
    let state = match e.state {
        EyeState::Closed => "closed".to_string(),
        EyeState::Unknown => match e.unknown_reason {
            Some(reason) => format!("unknown: {}", reason.advice()),
            None => "unknown".to_string(),
        },
        state => format!("{}, {:.1} mm of eyeball visible", state.code(), e.visible_height_mm),
    };
    format!("{}: {state}", eye_name(side))
}

/// Shown under an eye whose image and landmarks disagree.
pub const DISAGREEMENT: &str = "image and landmarks disagree: check this eye";

// ---------------------------------------------------------------------------------------
// Blink test
// ---------------------------------------------------------------------------------------

/// One analysed frame of the blink test, before the recording's scale is known.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BlinkFrame {
    time_ms: f64,
    /// Visible eyeball height in image pixels; None where the eye's state is unknown or
    /// the frame failed the quality gate.
    opening_px: PerSide<Option<f32>>,
    /// The frame's own scale (mm per px), when it was measured.
    own_mm_per_px: Option<f32>,
    /// The frame's scale when both eyes read open (an open eye shows its whole iris).
    open_eyes_mm_per_px: Option<f32>,
}

/// The blink test's frames: one per analysed frame, in the order they came.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlinkRecording {
    frames: Vec<BlinkFrame>,
}

impl BlinkRecording {
    /// Adds one analysed frame. A frame that fails the quality gate, has no face, or an eye
    /// whose state is unknown still counts as a frame (a gap for that eye).
    pub fn push(&mut self, r: &FrameReport) {
        let scale = r.mm_per_px.filter(|s| s.is_finite() && *s > 0.0);
        let usable = r.quality_code == "ok";
        let (opening_px, open_eyes) = match (r.eyes, scale) {
            (Some(eyes), Some(s)) if usable => {
                let px = eyes.map(|_, e| (e.state != EyeState::Unknown && e.visible_height_mm.is_finite()).then(|| e.visible_height_mm.max(0.0) / s));
                (px, (eyes.left.state == EyeState::Open && eyes.right.state == EyeState::Open).then_some(s))
            }
            _ => (PerSide::new(None, None), None),
        };
        self.frames.push(BlinkFrame { time_ms: r.time_ms, opening_px, own_mm_per_px: scale.filter(|_| usable), open_eyes_mm_per_px: open_eyes });
    }

    /// Frames recorded so far.
    pub fn frame_count(&self) -> usize {
        self.frames.len()
    }

    /// The frames as samples for `analyse_blinks`: time from the first frame (s), openings
    /// in mm with one scale for the whole recording, the median over the frames with both
    /// eyes open, as `facegrade blinks` does. Without any such frame each frame keeps its
    /// own scale, and the note says so.
    pub fn samples(&self) -> (Vec<EyeOpeningSample>, Option<String>) {
        let Some(t0) = self.frames.first().map(|f| f.time_ms) else { return (Vec::new(), None) };
        let mut scales: Vec<f32> = self.frames.iter().filter_map(|f| f.open_eyes_mm_per_px).collect();
        scales.sort_by(f32::total_cmp);
        let shared = scales.get(scales.len() / 2).copied();
        let note = (shared.is_none() && self.frames.iter().any(|f| f.opening_px.left.is_some() || f.opening_px.right.is_some()))
            .then(|| "No frame showed both eyes open, so each frame was measured with its own scale (less exact).".to_string());
        let samples = self
            .frames
            .iter()
            .map(|f| {
                let scale = shared.or(f.own_mm_per_px);
                EyeOpeningSample { time_s: ((f.time_ms - t0) / 1000.0) as f32, opening_mm: f.opening_px.map(|_, px| px.zip(scale).map(|(px, s)| px * s)) }
            })
            .collect();
        (samples, note)
    }
}

/// The blink test's length in seconds from the page's query string (`?blink_seconds=12`,
/// for tests), else `default_s`; clamped to 3-120 s.
pub fn blink_seconds(query: &str, default_s: u32) -> u32 {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "blink_seconds")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .map_or(default_s, |s| s.clamp(3, 120))
}

/// One blink on the chart, in chart coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartBlink {
    pub x0: f32,
    pub x1: f32,
    pub trough_x: f32,
    pub trough_y: f32,
    pub complete: bool,
    /// "complete blink at 3.20 s: to 0.0 mm (100 % closed), closing 65 ms, reopening 460 ms"
    pub words: String,
}

/// One eye's lane of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLane {
    pub side: Side,
    /// Top of the lane and its baseline (0 mm).
    pub top: f32,
    pub bottom: f32,
    /// The eye's opening: one polyline per stretch of read frames ("x,y x,y ...").
    pub lines: Vec<String>,
    /// The eye's open height (dashed reference line) and its y.
    pub open_height: Option<(f32, f32)>,
    pub blinks: Vec<ChartBlink>,
    /// Sustained closures (over 1 s): x from, x to.
    pub closures: Vec<(f32, f32)>,
    /// Why the eye's blinks were not measured, if so.
    pub not_measured: Option<String>,
}

/// The blink test's chart: each eye's visible eyeball height over time, in its own lane
/// (right above, left below, one scale), with its blinks marked.
#[derive(Clone, Debug, PartialEq)]
pub struct BlinkChart {
    pub width: f32,
    pub height: f32,
    /// Left edge of the plotting area (labels sit left of it) and its right edge.
    pub plot_x0: f32,
    pub plot_x1: f32,
    pub lanes: Vec<ChartLane>,
    /// Time ticks: x and label (s).
    pub ticks: Vec<(f32, String)>,
    /// The height of the lanes' top, mm.
    pub y_max_mm: f32,
}

pub const CHART_WIDTH: f32 = 640.0;
const LANE_HEIGHT: f32 = 110.0;
const LANE_GAP: f32 = 10.0;
/// Room above each lane for its title.
const LANE_HEAD: f32 = 16.0;
const PLOT_X0: f32 = 78.0;
const PLOT_RIGHT_MARGIN: f32 = 12.0;
const AXIS_HEIGHT: f32 = 28.0;

impl BlinkChart {
    pub fn new(samples: &[EyeOpeningSample], analysis: &BlinkAnalysis) -> BlinkChart {
        let series: Vec<_> = Side::BOTH.iter().map(|&side| analysis.series(samples, side)).collect();
        let t_end = series.iter().flat_map(|s| s.points.last().map(|p| p.0)).fold(0.0f32, f32::max).max(1.0);
        let t_start = series.iter().flat_map(|s| s.points.first().map(|p| p.0)).fold(f32::INFINITY, f32::min).min(t_end - 1.0).max(0.0);
        let readings = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1).chain(s.open_height_mm));
        let y_max_mm = (readings.fold(0.0f32, f32::max) * 1.15).max(2.0).ceil();
        let plot_x1 = CHART_WIDTH - PLOT_RIGHT_MARGIN;
        let x = move |t: f32| PLOT_X0 + (t - t_start) / (t_end - t_start) * (plot_x1 - PLOT_X0);
        let lanes = series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let top = LANE_HEAD + i as f32 * (LANE_HEAD + LANE_HEIGHT + LANE_GAP);
                let bottom = top + LANE_HEIGHT;
                let y = move |mm: f32| bottom - mm.clamp(0.0, y_max_mm) / y_max_mm * LANE_HEIGHT;
                let mut lines = Vec::new();
                let mut current = String::new();
                for &(t, mm) in &s.points {
                    match mm {
                        Some(mm) => current += &format!("{:.1},{:.1} ", x(t), y(mm)),
                        None if !current.is_empty() => lines.push(std::mem::take(&mut current).trim_end().to_string()),
                        None => {}
                    }
                }
                if !current.is_empty() {
                    lines.push(current.trim_end().to_string());
                }
                let blinks = s
                    .blinks
                    .iter()
                    .map(|b| ChartBlink {
                        x0: x(b.start_s),
                        x1: x(b.end_s).max(x(b.start_s) + 1.5),
                        trough_x: x(b.trough_s),
                        trough_y: y(b.min_opening_mm),
                        complete: b.complete,
                        words: format!(
                            "{} blink at {:.2} s: to {:.1} mm ({:.0} % closed), closing {:.0} ms, reopening {:.0} ms",
                            if b.complete { "complete" } else { "partial" },
                            b.trough_s,
                            b.min_opening_mm,
                            100.0 * b.depth_fraction,
                            b.closing_ms,
                            b.reopening_ms
                        ),
                    })
                    .collect();
                ChartLane {
                    side: s.side,
                    top,
                    bottom,
                    lines,
                    open_height: s.open_height_mm.map(|h| (h, y(h))),
                    blinks,
                    closures: s.sustained_closures.iter().map(|c| (x(c.start_s), x(c.end_s))).collect(),
                    not_measured: analysis.per_side.get(s.side).not_measured.clone(),
                }
            })
            .collect();
        let step = nice_step(t_end - t_start);
        let first = (t_start / step).ceil() as i32;
        let last = (t_end / step).floor() as i32;
        let ticks = (first..=last).map(|k| k as f32 * step).map(|t| (x(t), if step < 1.0 { format!("{t:.1}") } else { format!("{t:.0}") })).collect();
        BlinkChart { width: CHART_WIDTH, height: 2.0 * (LANE_HEAD + LANE_HEIGHT) + LANE_GAP + AXIS_HEIGHT, plot_x0: PLOT_X0, plot_x1, lanes, ticks, y_max_mm }
    }

    /// The y of the time axis (under the last lane).
    pub fn axis_y(&self) -> f32 {
        self.lanes.last().map_or(self.height - AXIS_HEIGHT, |l| l.bottom)
    }
}

/// A tick spacing giving about 6-12 ticks over `span_s`.
fn nice_step(span_s: f32) -> f32 {
    [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0].into_iter().find(|s| span_s / s <= 12.0).unwrap_or(120.0)
}

/// Sentences naming each eye that blinked while the other was seen open and did not:
/// "The right eye blinked alone 2 times (the left eye stayed open)."
pub fn blinked_alone_sentences(a: &BlinkAnalysis) -> Vec<String> {
    Side::BOTH
        .iter()
        .filter_map(|&side| {
            let n = a.per_side.get(side).blinked_alone;
            (n > 0).then(|| format!("The {} eye blinked alone {n} time{} (the {} eye seen open, not blinking).", side.name(), if n == 1 { "" } else { "s" }, side.other().name()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Exam report: eye safety
// ---------------------------------------------------------------------------------------

/// The exam's eye-safety findings (`scores.eye_safety` of the exam JSON; see
/// `facegrade::scores::eye_safety`), the fields the report shows.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EyeSafetyView {
    pub lagophthalmos: LagophthalmosView,
    pub ocular_synkinesis: SynkinesisView,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LagophthalmosView {
    pub per_view: Vec<ClosureGapView>,
    #[serde(default)]
    pub affected: Option<Side>,
    #[serde(default)]
    pub affected_incomplete: Option<bool>,
    pub statement: String,
    #[serde(default)]
    pub closed_below_mm: f32,
    #[serde(default)]
    pub rule: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ClosureGapView {
    pub view: Expression,
    pub gap_mm: PerSide<Option<f32>>,
    #[serde(default)]
    pub not_measured: Option<String>,
    #[serde(default)]
    pub evidence: EvidenceView,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct EvidenceView {
    #[serde(default)]
    pub uncertain: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SynkinesisView {
    pub per_view: Vec<NarrowingView>,
    pub affected: Side,
    #[serde(default)]
    pub affected_side_unclear: bool,
    pub statement: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct NarrowingView {
    pub view: Expression,
    #[serde(default)]
    pub sunnybrook_item: String,
    pub narrowing_mm: PerSide<Option<f32>>,
    pub narrowing_percent: PerSide<Option<f32>>,
    #[serde(default)]
    pub excess_mm: Option<f32>,
    #[serde(default)]
    pub mm_per_point: f32,
    #[serde(default)]
    pub suggested_point: Option<u8>,
    #[serde(default)]
    pub suggestion: bool,
    #[serde(default)]
    pub not_measured: Option<String>,
}

/// The eye-safety findings of a scored exam; None when the JSON has none (an exam saved
/// before they existed, until it is scored again).
pub fn eye_safety(exam: &serde_json::Value) -> Option<EyeSafetyView> {
    serde_json::from_value(exam.pointer("/scores/eye_safety")?.clone()).ok()
}

/// The eyes in table order: the affected eye first, the healthy one beside it; right then
/// left when the affected side is unknown.
pub fn eye_order(affected: Option<Side>) -> [Side; 2] {
    affected.map_or(Side::BOTH, |a| [a, a.other()])
}

/// A column heading: "Right eye (affected)", "Left eye (healthy)", or "Right eye".
pub fn eye_heading(side: Side, affected: Option<Side>, unclear: bool) -> String {
    match affected {
        Some(a) if a == side && unclear => format!("{} (taken as affected; side unclear)", eye_name(side)),
        Some(a) if a == side => format!("{} (affected)", eye_name(side)),
        Some(_) if unclear => format!("{} (the other side)", eye_name(side)),
        Some(_) => format!("{} (healthy)", eye_name(side)),
        None => eye_name(side).to_string(),
    }
}

/// "gentle closure", "big smile", ...
pub fn view_words(view: Expression) -> String {
    view.code().replace('_', " ")
}

/// A gap left open: "0 (closes)", "3.2 mm", "not measured".
pub fn gap_words(gap_mm: Option<f32>) -> String {
    match gap_mm {
        Some(g) if g <= 0.0 => "0 (closes)".to_string(),
        Some(g) => format!("{g:.1} mm"),
        None => "not measured".to_string(),
    }
}

/// An eye's narrowing: "2.1 mm (21 % of rest)", "-0.4 mm (-4 % of rest)" (wider than at
/// rest), "not measured".
pub fn narrowing_words(mm: Option<f32>, percent: Option<f32>) -> String {
    match (mm, percent) {
        (Some(mm), Some(p)) => format!("{:.1} mm ({:.0} % of rest)", no_negative_zero(mm, 10.0), no_negative_zero(p, 1.0)),
        (Some(mm), None) => format!("{:.1} mm", no_negative_zero(mm, 10.0)),
        _ => "not measured".to_string(),
    }
}

/// `v` rounded to 1/`per_unit`, with a value that rounds to zero shown as 0 (not "-0.0").
pub fn no_negative_zero(v: f32, per_unit: f32) -> f32 {
    let r = (v * per_unit).round() / per_unit;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facegrade::engine::eye_state::UnknownReason;
    use facegrade::measure::blinks::analyse_blinks;
    use facegrade::engine::eye_state::ReadingSource;
    use facegrade::measure::Expression::*;
    use facegrade::scores::{score_exam, ExamReadings};

    fn eye(state: EyeState, mm: f32) -> EyeStateMeasurement {
        EyeStateMeasurement { state, visible_height_mm: mm, confidence: 0.9, unknown_reason: None, disagrees_with_landmarks: false, source: ReadingSource::Image }
    }

    #[test]
    fn eye_sentences_name_the_anatomical_side_and_the_state() {
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Open, 8.44)), "Right eye: open, 8.4 mm of eyeball visible");
        assert_eq!(eye_sentence(Side::Left, &eye(EyeState::Closed, 0.0)), "Left eye: closed");
        assert_eq!(eye_sentence(Side::Left, &eye(EyeState::Narrowed, 3.06)), "Left eye: narrowed, 3.1 mm of eyeball visible");
        let dark = EyeStateMeasurement { unknown_reason: Some(UnknownReason::TooDark), ..eye(EyeState::Unknown, 5.0) };
        assert_eq!(eye_sentence(Side::Right, &dark), format!("Right eye: unknown: {}", UnknownReason::TooDark.advice()));
        assert_eq!(eye_sentence(Side::Right, &eye(EyeState::Unknown, 5.0)), "Right eye: unknown");
    }

    fn report(time_ms: f64, right: (EyeState, f32), left: (EyeState, f32), mm_per_px: f32, quality: &str) -> FrameReport {
        FrameReport {
            eyes: Some(PerSide::new(eye(left.0, left.1), eye(right.0, right.1))),
            mm_per_px: Some(mm_per_px),
            time_ms,
            quality_code: quality.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_recording_uses_one_scale_from_frames_with_both_eyes_open_and_drops_unreadable_frames() {
        let mut rec = BlinkRecording::default();
        let open = (EyeState::Open, 8.0);
        // Both open at 0.1 mm/px (80 px), then a closed right eye in a frame whose own scale
        // is off (0.2), an unknown left eye, a failed gate, no face.
        rec.push(&report(1000.0, open, open, 0.1, "ok"));
        rec.push(&report(1033.0, open, open, 0.1, "ok"));
        rec.push(&report(1066.0, (EyeState::Narrowed, 4.0), open, 0.2, "ok"));
        rec.push(&report(1100.0, (EyeState::Closed, 0.0), (EyeState::Unknown, 6.0), 0.2, "ok"));
        rec.push(&report(1133.0, open, open, 0.1, "head-turned"));
        rec.push(&FrameReport { time_ms: 1166.0, quality_code: "no-face".into(), ..Default::default() });
        let (samples, note) = rec.samples();
        assert_eq!(note, None);
        assert_eq!(samples.len(), 6);
        let times: Vec<f32> = samples.iter().map(|s| s.time_s).collect();
        assert!((times[3] - 0.1).abs() < 1e-6 && times[0] == 0.0, "{times:?}");
        assert_eq!(samples[0].opening_mm, PerSide::new(Some(8.0), Some(8.0)));
        // 4 mm at 0.2 mm/px is 20 px: 2 mm at the recording's 0.1 mm/px.
        assert!((samples[2].opening_mm.right.unwrap() - 2.0).abs() < 1e-5);
        assert_eq!(samples[3].opening_mm, PerSide::new(None, Some(0.0)));
        assert_eq!(samples[4].opening_mm, PerSide::new(None, None), "failed gate");
        assert_eq!(samples[5].opening_mm, PerSide::new(None, None), "no face");
    }

    #[test]
    fn without_a_frame_with_both_eyes_open_each_frame_keeps_its_own_scale_and_says_so() {
        let mut rec = BlinkRecording::default();
        rec.push(&report(0.0, (EyeState::Narrowed, 4.0), (EyeState::Closed, 0.0), 0.2, "ok"));
        let (samples, note) = rec.samples();
        assert_eq!(samples[0].opening_mm, PerSide::new(Some(0.0), Some(4.0)));
        assert!(note.unwrap().contains("own scale"));
        assert_eq!(BlinkRecording::default().samples(), (Vec::new(), None));
    }

    #[test]
    fn the_blink_length_comes_from_the_query_only_when_given_and_sensible() {
        assert_eq!(blink_seconds("", 30), 30);
        assert_eq!(blink_seconds("?blink_seconds=12", 30), 12);
        assert_eq!(blink_seconds("?a=1&blink_seconds=1", 30), 3);
        assert_eq!(blink_seconds("?blink_seconds=9999", 30), 120);
        assert_eq!(blink_seconds("?blink_seconds=x", 30), 30);
    }

    /// 30 fps for `seconds`; the right eye (8 mm open) blinks fully at 2 s and halfway at
    /// 5 s, the left (9 mm open) only at 2 s; the left eye is unread from 7 to 7.5 s.
    fn blink_samples(seconds: f32) -> Vec<EyeOpeningSample> {
        let dip = |t: f32, at: f32, depth: f32| depth * (1.0 - ((t - at).abs() / 0.15).min(1.0));
        (0..(seconds * 30.0) as usize)
            .map(|i| {
                let t = i as f32 / 30.0;
                let right = 8.0 * (1.0 - dip(t, 2.0, 1.0) - dip(t, 5.0, 0.5));
                let left = 9.0 * (1.0 - dip(t, 2.0, 1.0));
                EyeOpeningSample { time_s: t, opening_mm: PerSide::new((!(7.0..7.5).contains(&t)).then_some(left), Some(right)) }
            })
            .collect()
    }

    #[test]
    fn the_chart_draws_each_eye_in_its_lane_with_its_blinks_and_a_gap_where_unread() {
        let samples = blink_samples(10.0);
        let a = analyse_blinks(&samples);
        assert_eq!((a.per_side.right.complete, a.per_side.right.partial, a.per_side.left.complete), (1, 1, 1));
        let chart = BlinkChart::new(&samples, &a);
        let [right, left] = [&chart.lanes[0], &chart.lanes[1]];
        assert_eq!((right.side, left.side), (Side::Right, Side::Left));
        assert!(right.bottom < left.top, "right lane above the left");
        assert_eq!((right.lines.len(), left.lines.len()), (1, 2), "the unread stretch splits the left line");
        assert_eq!(right.blinks.iter().map(|b| b.complete).collect::<Vec<_>>(), [true, false]);
        let full = &right.blinks[0];
        assert!((full.trough_y - right.bottom).abs() < 0.5, "a complete blink reaches the baseline");
        assert!(full.x0 < full.trough_x && full.trough_x < full.x1);
        assert!(full.words.starts_with("complete blink at 2.00 s: to 0.0 mm (100 % closed)"), "{}", full.words);
        assert!(right.blinks[1].words.starts_with("partial blink at 5.00 s"), "{}", right.blinks[1].words);
        // One y scale for both lanes, above the larger open height.
        assert!(chart.y_max_mm >= 9.0);
        let (h, y) = left.open_height.unwrap();
        assert!((h - 9.0).abs() < 0.2 && y > left.top && y < left.bottom);
        for (x, _) in &chart.ticks {
            assert!(*x >= chart.plot_x0 - 0.01 && *x <= chart.plot_x1 + 0.01);
        }
        assert_eq!(chart.ticks.first().map(|t| t.1.as_str()), Some("0"));
        assert_eq!(blinked_alone_sentences(&a), ["The right eye blinked alone 1 time (the left eye seen open, not blinking)."]);
    }

    #[test]
    fn an_empty_recording_still_charts() {
        let a = analyse_blinks(&[]);
        let chart = BlinkChart::new(&[], &a);
        assert!(chart.lanes.iter().all(|l| l.lines.is_empty() && l.blinks.is_empty()));
        assert!(blinked_alone_sentences(&a).is_empty());
    }

    #[test]
    fn the_eye_safety_findings_read_back_from_the_exam_json() {
        const FISSURE: facegrade::measure::MeasurementName = facegrade::measure::MeasurementName::PalpebralFissureHeight;
        // The right eye 3 mm open on tight closure and 5 mm on gentle closure; it narrows
        // 4 mm (40 %) in the big smile against the left eye's 2 mm (20 %).
        let rows = [(Rest, 10.0, 10.0), (GentleClosure, 0.5, 5.0), (TightClosure, 0.0, 3.0), (BigSmile, 8.0, 6.0), (Pucker, 10.0, 10.0)];
        let readings = rows.iter().fold(ExamReadings::default(), |r, &(v, left, right)| r.with(v, FISSURE, left, right));
        let scores = score_exam(&readings, Some(Side::Right));
        let exam = serde_json::json!({ "scores": scores });
        let safety = eye_safety(&exam).expect("eye safety reads back");
        let lag = &safety.lagophthalmos;
        assert_eq!(lag.statement, scores.eye_safety.lagophthalmos.statement);
        assert_eq!((lag.affected, lag.affected_incomplete), (Some(Side::Right), Some(true)));
        assert_eq!(lag.per_view.iter().map(|g| g.view).collect::<Vec<_>>(), [GentleClosure, TightClosure]);
        assert_eq!(lag.per_view[1].gap_mm, PerSide::new(Some(0.0), Some(3.0)));
        assert_eq!(gap_words(lag.per_view[1].gap_mm.left), "0 (closes)");
        assert_eq!(gap_words(lag.per_view[1].gap_mm.right), "3.0 mm");
        let syn = &safety.ocular_synkinesis;
        assert_eq!(syn.affected, Side::Right);
        let smile = &syn.per_view[0];
        assert_eq!(smile.view, BigSmile);
        assert_eq!(narrowing_words(smile.narrowing_mm.right, smile.narrowing_percent.right), "4.0 mm (40 % of rest)");
        assert_eq!((smile.suggested_point, smile.suggestion), (Some(3), true));
        assert!(!syn.note.is_empty() && !syn.statement.is_empty());
        assert_eq!(eye_order(lag.affected), [Side::Right, Side::Left]);
        assert_eq!(eye_heading(Side::Left, Some(Side::Right), false), "Left eye (healthy)");
        assert_eq!(eye_heading(Side::Left, Some(Side::Right), true), "Left eye (the other side)");
        assert_eq!(eye_heading(Side::Right, Some(Side::Right), true), "Right eye (taken as affected; side unclear)");
        assert_eq!(narrowing_words(Some(-0.04), Some(-0.4)), "0.0 mm (0 % of rest)");
        assert_eq!(narrowing_words(Some(-0.4), Some(-4.2)), "-0.4 mm (-4 % of rest)");
        assert_eq!(narrowing_words(None, None), "not measured");
        // An exam saved before eye safety existed has none.
        assert_eq!(eye_safety(&serde_json::json!({ "scores": {} })), None);
    }
}
