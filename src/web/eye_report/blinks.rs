//! The blink test's recording (one sample per analysed frame, in millimetres with one
//! scale), its length from the page's address, and its chart as plain geometry.

use crate::protocol::FrameReport;
use facegrade::engine::eye_state::EyeState;
use facegrade::i18n::{fill, Lang, Msg};
use facegrade::measure::blinks::{BlinkAnalysis, EyeOpeningSample};
use facegrade::side::{PerSide, Side};

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
        let usable = r.quality.is_none();
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
    pub fn samples(&self) -> (Vec<EyeOpeningSample>, Option<Msg>) {
        let Some(t0) = self.frames.first().map(|f| f.time_ms) else { return (Vec::new(), None) };
        let mut scales: Vec<f32> = self.frames.iter().filter_map(|f| f.open_eyes_mm_per_px).collect();
        scales.sort_by(f32::total_cmp);
        let shared = scales.get(scales.len() / 2).copied();
        let note = (shared.is_none() && self.frames.iter().any(|f| f.opening_px.left.is_some() || f.opening_px.right.is_some()))
            .then_some(Msg::BlinkOwnScale);
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
    /// "complete blink at 3.20 s: to 0.0 mm (100 % closed), closing 65 ms, reopening 460 ms",
    /// in the language the chart was drawn for
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
    pub fn new(samples: &[EyeOpeningSample], analysis: &BlinkAnalysis, lang: Lang) -> BlinkChart {
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
                        words: fill(
                            if b.complete { Msg::BlinkWordsComplete } else { Msg::BlinkWordsPartial },
                            lang,
                            &[
                                ("time", &format!("{:.2}", b.trough_s)),
                                ("mm", &format!("{:.1}", b.min_opening_mm)),
                                ("percent", &format!("{:.0}", 100.0 * b.depth_fraction)),
                                ("closing", &format!("{:.0}", b.closing_ms)),
                                ("reopening", &format!("{:.0}", b.reopening_ms)),
                            ],
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
/// "The right eye blinked alone 2 times (the left eye seen open, not blinking)."
pub fn blinked_alone_sentences(a: &BlinkAnalysis, lang: Lang) -> Vec<String> {
    Side::BOTH
        .iter()
        .filter_map(|&side| {
            let n = a.per_side.get(side).blinked_alone;
            let msg = if n == 1 { Msg::BlinkedAloneOnce } else { Msg::BlinkedAloneTimes };
            (n > 0).then(|| fill(msg, lang, &[("side", side.word(lang)), ("n", &n.to_string()), ("other", side.other().word(lang))]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eye_report::tests::eye;
    use facegrade::measure::blinks::analyse_blinks;
    use facegrade::quality::QualityIssue;

    fn report(time_ms: f64, right: (EyeState, f32), left: (EyeState, f32), mm_per_px: f32, quality: Option<QualityIssue>) -> FrameReport {
        FrameReport {
            eyes: Some(PerSide::new(eye(left.0, left.1), eye(right.0, right.1))),
            mm_per_px: Some(mm_per_px),
            time_ms,
            quality,
            ..Default::default()
        }
    }

    #[test]
    fn the_recording_uses_one_scale_from_frames_with_both_eyes_open_and_drops_unreadable_frames() {
        let mut rec = BlinkRecording::default();
        let open = (EyeState::Open, 8.0);
        // Both open at 0.1 mm/px (80 px), then a closed right eye in a frame whose own scale
        // is off (0.2), an unknown left eye, a failed gate, no face.
        rec.push(&report(1000.0, open, open, 0.1, None));
        rec.push(&report(1033.0, open, open, 0.1, None));
        rec.push(&report(1066.0, (EyeState::Narrowed, 4.0), open, 0.2, None));
        rec.push(&report(1100.0, (EyeState::Closed, 0.0), (EyeState::Unknown, 6.0), 0.2, None));
        rec.push(&report(1133.0, open, open, 0.1, Some(QualityIssue::HeadTurned { toward: Side::Left, degrees: 20.0 })));
        rec.push(&FrameReport { time_ms: 1166.0, quality: Some(QualityIssue::NoFace), ..Default::default() });
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
        rec.push(&report(0.0, (EyeState::Narrowed, 4.0), (EyeState::Closed, 0.0), 0.2, None));
        let (samples, note) = rec.samples();
        assert_eq!(samples[0].opening_mm, PerSide::new(Some(0.0), Some(4.0)));
        assert!(facegrade::i18n::text(note.unwrap(), Lang::En).contains("own scale"));
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
        let chart = BlinkChart::new(&samples, &a, Lang::En);
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
        assert_eq!(blinked_alone_sentences(&a, Lang::En), ["The right eye blinked alone 1 time (the left eye seen open, not blinking)."]);
        // The same chart in Japanese: the words follow the language, the geometry does not.
        let ja = BlinkChart::new(&samples, &a, Lang::Ja);
        assert!(ja.lanes[0].blinks[0].words.starts_with("完全瞬目 2.00秒: 0.0 mmまで（100 %閉瞼）"), "{}", ja.lanes[0].blinks[0].words);
        assert_eq!(ja.lanes[0].blinks[0].x0, full.x0);
        assert_eq!(blinked_alone_sentences(&a, Lang::Ja), ["右目だけが1回まばたきしました（左目は開いたままで、まばたきしていません）。"]);
    }

    #[test]
    fn an_empty_recording_still_charts() {
        let a = analyse_blinks(&[]);
        let chart = BlinkChart::new(&[], &a, Lang::En);
        assert!(chart.lanes.iter().all(|l| l.lines.is_empty() && l.blinks.is_empty()));
        assert!(blinked_alone_sentences(&a, Lang::En).is_empty());
    }
}
