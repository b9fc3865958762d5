//! The blink test in the live view: for 30 s (shorter with `?blink_seconds=N` in the
//! page's address, for tests) one sample of each eye's visible eyeball height per analysed
//! frame, read from the eye image; then `analyse_blinks` (pure and small: it runs on this
//! thread) gives blinks per minute, per eye complete and partial blinks, blinks of that eye
//! alone, the deepest closure and the mean closing and reopening times, and a chart of both
//! eyes over time with their blinks marked, with a text equivalent.

use facegrade::measure::blinks::note_in;
use crate::eye_report::{blink_seconds, blinked_alone_sentences, eye_name_in, BlinkChart, BlinkRecording, ChartLane};
use crate::i18n::{words, lang, say};
use crate::live::{Live, PagePhase};
use crate::protocol::FrameReport;
use facegrade::measure::blinks::{analyse_blinks, BlinkAnalysis, EyeOpeningSample};
use facegrade::i18n::{fill, text, Lang, Msg, Said};
use facegrade::side::Side;
use leptos::prelude::*;

/// The usual length of the test.
pub const DEFAULT_SECONDS: u32 = 30;

/// A finished test: what was recorded and what the analysis found.
#[derive(Clone, Debug, PartialEq)]
pub struct BlinkResult {
    pub samples: Vec<EyeOpeningSample>,
    pub analysis: BlinkAnalysis,
    /// A note about the recording's scale, if any.
    pub scale_note: Option<Msg>,
}

/// Where the test is. `code` is the `#blink-test[data-state]` hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlinkPhase {
    Idle,
    Recording,
    Done,
}

impl BlinkPhase {
    pub fn code(self) -> &'static str {
        match self {
            BlinkPhase::Idle => "idle",
            BlinkPhase::Recording => "recording",
            BlinkPhase::Done => "done",
        }
    }
}

#[derive(Clone, Copy)]
pub struct BlinkTest {
    pub state: RwSignal<BlinkPhase>,
    /// Test length, seconds.
    pub seconds: u32,
    recording: StoredValue<BlinkRecording, LocalStorage>,
    /// When the recording started (page clock, ms): frames grabbed earlier are left out.
    started_ms: StoredValue<f64, LocalStorage>,
    /// Bumped by each start, so a previous run's timer cannot end a new run.
    run: StoredValue<u32, LocalStorage>,
    pub remaining_s: RwSignal<u32>,
    pub frames: RwSignal<usize>,
    pub result: RwSignal<Option<BlinkResult>>,
    pub error: RwSignal<Option<Said>>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

impl BlinkTest {
    pub fn new() -> Self {
        let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        BlinkTest {
            state: RwSignal::new(BlinkPhase::Idle),
            seconds: blink_seconds(&query, DEFAULT_SECONDS),
            recording: StoredValue::new_local(BlinkRecording::default()),
            started_ms: StoredValue::new_local(0.0),
            run: StoredValue::new_local(0),
            remaining_s: RwSignal::new(0),
            frames: RwSignal::new(0),
            result: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Each analysed frame while recording (its time is when the page grabbed it).
    pub fn on_report(&self, report: &FrameReport) {
        if self.state.get_untracked() != BlinkPhase::Recording || report.time_ms < self.started_ms.get_value() {
            return;
        }
        self.recording.update_value(|r| r.push(report));
        self.frames.set(self.recording.with_value(BlinkRecording::frame_count));
    }

    fn start(self, camera_running: bool) {
        if self.state.get_untracked() == BlinkPhase::Recording {
            return;
        }
        if !camera_running {
            self.error.set(Some(Msg::BlinkCameraFirst.into()));
            return;
        }
        self.error.set(None);
        self.result.set(None);
        self.recording.set_value(BlinkRecording::default());
        self.frames.set(0);
        self.started_ms.set_value(now_ms());
        self.run.update_value(|r| *r += 1);
        let run = self.run.get_value();
        self.remaining_s.set(self.seconds);
        self.state.set(BlinkPhase::Recording);
        leptos::task::spawn_local(async move {
            let end = self.started_ms.get_value() + self.seconds as f64 * 1000.0;
            while self.state.get_untracked() == BlinkPhase::Recording && self.run.get_value() == run {
                let left = end - now_ms();
                if left <= 0.0 {
                    self.finish();
                    return;
                }
                self.remaining_s.set((left / 1000.0).ceil() as u32);
                sleep(200).await;
            }
        });
    }

    /// Ends the recording (the time is up, or Stop) and analyses it.
    fn finish(self) {
        if self.state.get_untracked() != BlinkPhase::Recording {
            return;
        }
        let (samples, scale_note) = self.recording.with_value(BlinkRecording::samples);
        let analysis = analyse_blinks(&samples);
        self.result.set(Some(BlinkResult { samples, analysis, scale_note }));
        self.state.set(BlinkPhase::Done);
    }
}

/// A per-eye count for a data hook: empty until a test is done.
fn count(test: BlinkTest, f: fn(&facegrade::measure::blinks::SideBlinks) -> usize, side: Side) -> String {
    test.result.with(|r| r.as_ref().map(|r| f(r.analysis.per_side.get(side)).to_string()).unwrap_or_default())
}

#[component]
pub fn BlinkPanel() -> impl IntoView {
    let test = expect_context::<BlinkTest>();
    let live = expect_context::<Live>();
    let running = move || live.phase.get() == PagePhase::Running;
    view! {
        <section id="blink-test" data-state=move || test.state.get().code() data-blink-seconds=test.seconds.to_string()
            data-blinks-complete-right=move || count(test, |s| s.complete, Side::Right)
            data-blinks-complete-left=move || count(test, |s| s.complete, Side::Left)
            data-blinks-partial-right=move || count(test, |s| s.partial, Side::Right)
            data-blinks-partial-left=move || count(test, |s| s.partial, Side::Left)
            data-blinks-alone-right=move || count(test, |s| s.blinked_alone, Side::Right)
            data-blinks-alone-left=move || count(test, |s| s.blinked_alone, Side::Left)
            data-blinks-per-minute=move || test.result.with(|r| r.as_ref().map(|r| format!("{:.1}", r.analysis.blinks_per_minute)).unwrap_or_default())>
            <h2>{words(Msg::BlinkTestHeading)}</h2>
            <p class="hint">{words(Msg::BlinkTestHint)}</p>
            <div class="controls">
                <button data-action="start-blink-test" on:click=move |_| test.start(live.running())
                    prop:disabled=move || test.state.get() == BlinkPhase::Recording || !running()>
                    {move || say(&Said::new(Msg::BlinkTestStart).with("seconds", test.seconds.to_string()))}
                </button>
                <button data-action="stop-blink-test" on:click=move |_| test.finish()
                    prop:disabled=move || test.state.get() != BlinkPhase::Recording>{words(Msg::BlinkTestStop)}</button>
            </div>
            <p id="blink-prompt" class="prompt" class:hidden=move || test.state.get() != BlinkPhase::Recording>
                {move || say(&Said::new(Msg::BlinkPrompt).with("seconds", test.remaining_s.get().to_string()).with("frames", test.frames.get().to_string()))}
            </p>
            <p id="blink-error" class="error" class:hidden=move || test.error.get().is_none()>{move || test.error.get().map(|e| say(&e)).unwrap_or_default()}</p>
            {move || test.result.get().map(|r| results(&r, lang()))}
        </section>
    }
}

/// The test's results in `lang` (the caller re-draws them when the language changes).
fn results(r: &BlinkResult, lang: Lang) -> impl IntoView {
    let a = &r.analysis;
    type Stat = (&'static str, Msg, fn(&facegrade::measure::blinks::SideBlinks) -> String);
    let stats: [Stat; 7] = [
        ("complete", Msg::BlinkStatComplete, |s| s.complete.to_string()),
        ("partial", Msg::BlinkStatPartial, |s| s.partial.to_string()),
        ("alone", Msg::BlinkStatAlone, |s| s.blinked_alone.to_string()),
        ("deepest", Msg::BlinkStatDeepest, |s| s.deepest_closure_mm.map_or("-".into(), |v| format!("{v:.1}"))),
        ("closing", Msg::BlinkStatClosing, |s| s.mean_closing_ms.map_or("-".into(), |v| format!("{v:.0}"))),
        ("reopening", Msg::BlinkStatReopening, |s| s.mean_reopening_ms.map_or("-".into(), |v| format!("{v:.0}"))),
        ("open", Msg::BlinkStatOpen, |s| s.open_height_mm.map_or("-".into(), |v| format!("{v:.1}"))),
    ];
    let alone = blinked_alone_sentences(a, lang);
    // The analysis's own notes and reasons, stored in English, said in `lang`.
    let not_measured = Side::BOTH.iter().filter_map(|&s| a.per_side.get(s).not_measured.as_ref().map(|why| fill(Msg::BlinkNotMeasured, lang, &[("eye", eye_name_in(s, lang)), ("why", &note_in(why, lang))])));
    let notes: Vec<String> = r.scale_note.iter().map(|m| text(*m, lang).to_string()).chain(a.notes.iter().map(|n| note_in(n, lang))).chain(not_measured).collect();
    let chart = BlinkChart::new(&r.samples, a, lang);
    let (no_alone, no_notes) = (alone.is_empty(), notes.is_empty());
    view! {
        <p id="blink-rate">{fill(Msg::BlinkRate, lang, &[
            ("rate", &format!("{:.1}", a.blinks_per_minute)),
            ("events", &a.events.len().to_string()),
            ("analysed", &format!("{:.1}", a.analysed_s)),
            ("duration", &format!("{:.1}", a.duration_s)),
            ("frames", &a.frames.to_string()),
        ])}</p>
        <table id="blink-summary">
            <thead><tr><th></th><th>{text(Msg::RightEye, lang)}</th><th>{text(Msg::LeftEye, lang)}</th></tr></thead>
            <tbody>
                {stats.into_iter().map(|(key, label, value)| view! {
                    <tr data-blink-stat=key>
                        <th>{text(label, lang)}</th>
                        <td data-side="right">{value(&a.per_side.right)}</td>
                        <td data-side="left">{value(&a.per_side.left)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <ul id="blink-alone" class:hidden=no_alone>
            {alone.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
        </ul>
        {chart_view(chart, lang)}
        <ul id="blink-notes" class="hint" class:hidden=no_notes>
            {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
        </ul>
    }
}

const COLOURS: [(&str, &str); 2] = [("#1b6fa8", "none"), ("#7b3fa0", "5 3")];

fn chart_view(chart: BlinkChart, lang: Lang) -> impl IntoView {
    let axis_y = chart.axis_y();
    let y_max = chart.y_max_mm;
    let lanes = chart.lanes.iter().enumerate().map(|(i, lane)| lane_view(lane, COLOURS[i.min(1)], chart.plot_x0, chart.plot_x1, y_max, lang)).collect_view();
    let ticks = chart
        .ticks
        .iter()
        .map(|(x, label)| {
            view! {
                <line x1=format!("{x:.1}") x2=format!("{x:.1}") y1=format!("{axis_y:.1}") y2=format!("{:.1}", axis_y + 4.0) stroke="#555" />
                <text x=format!("{x:.1}") y=format!("{:.1}", axis_y + 15.0) font-size="10" text-anchor="middle">{label.clone()}</text>
            }
        })
        .collect_view();
    let text_items = chart
        .lanes
        .iter()
        .flat_map(|lane| {
            let name = eye_name_in(lane.side, lang);
            let mut items: Vec<_> = lane.blinks.iter().map(|b| (lane.side, format!("{name}: {}", b.words), if b.complete { "complete" } else { "partial" })).collect();
            if lane.blinks.is_empty() {
                let none = match &lane.not_measured {
                    Some(why) => fill(Msg::BlinkNoneMeasured, lang, &[("eye", name), ("why", &note_in(why, lang))]),
                    None => fill(Msg::BlinkNone, lang, &[("eye", name)]),
                };
                items.push((lane.side, none, "none"));
            }
            items.extend(lane.closures.iter().map(|_| (lane.side, fill(Msg::BlinkSustained, lang, &[("eye", name)]), "sustained")));
            items
        })
        .map(|(side, words, kind)| view! { <li data-blink-side=side.name() data-blink-kind=kind>{words}</li> })
        .collect_view();
    view! {
        <figure id="blink-chart">
            <svg viewBox=format!("0 0 {:.0} {:.0}", chart.width, chart.height) role="img"
                aria-label=text(Msg::BlinkChartLabel, lang)>
                {lanes}
                <line x1=format!("{:.1}", chart.plot_x0) x2=format!("{:.1}", chart.plot_x1) y1=format!("{axis_y:.1}") y2=format!("{axis_y:.1}") stroke="#555" />
                {ticks}
                <text x=format!("{:.1}", chart.plot_x1) y=format!("{:.1}", chart.height - 1.0) font-size="10" text-anchor="end">{text(Msg::BlinkChartTime, lang)}</text>
            </svg>
            <figcaption>
                {text(Msg::BlinkChartCaption, lang)}
            </figcaption>
            <ul id="blink-chart-text">{text_items}</ul>
        </figure>
    }
}

fn lane_view(lane: &ChartLane, (colour, dash): (&'static str, &'static str), x0: f32, x1: f32, y_max: f32, lang: Lang) -> impl IntoView {
    let (top, bottom) = (lane.top, lane.bottom);
    let height = bottom - top;
    let f = |v: f32| format!("{v:.1}");
    let closures = lane
        .closures
        .iter()
        .map(|&(a, b)| {
            view! {
                <g data-sustained-closure=lane.side.name()>
                    <rect x=f(a) y=f(top) width=f((b - a).max(1.5)) height=f(height) fill="#888" fill-opacity="0.2" />
                    <text x=f((a + b) / 2.0) y=f(top + 11.0) font-size="10" text-anchor="middle">"S"</text>
                </g>
            }
        })
        .collect_view();
    let blinks = lane
        .blinks
        .iter()
        .map(|b| {
            let kind = if b.complete { "complete" } else { "partial" };
            let band = if b.complete {
                view! { <rect x=f(b.x0) y=f(top) width=f(b.x1 - b.x0) height=f(height) fill="#c8453b" fill-opacity="0.22" /> }.into_any()
            } else {
                view! { <rect x=f(b.x0) y=f(top) width=f(b.x1 - b.x0) height=f(height) fill="#d19a1f" fill-opacity="0.12" stroke="#9a6700" stroke-dasharray="3 2" /> }.into_any()
            };
            view! {
                <g data-blink-side=lane.side.name() data-blink-kind=kind>
                    {band}
                    <circle cx=f(b.trough_x) cy=f(b.trough_y) r="3.5" fill=if b.complete { "#b42318" } else { "#fff" } stroke="#b42318" stroke-width="1.5" />
                    <text x=f(b.trough_x) y=f(top + 11.0) font-size="10" font-weight="bold" text-anchor="middle">{if b.complete { "C" } else { "P" }}</text>
                </g>
            }
        })
        .collect_view();
    let lines = lane
        .lines
        .iter()
        .map(|points| view! { <polyline points=points.clone() fill="none" stroke=colour stroke-width="1.6" stroke-dasharray=dash /> })
        .collect_view();
    let open = lane.open_height.map(|(mm, y)| {
        view! {
            <line x1=f(x0) x2=f(x1) y1=f(y) y2=f(y) stroke="#999" stroke-dasharray="2 3" />
            <text x=f(x0 - 4.0) y=f(y + 3.0) font-size="9" text-anchor="end">{fill(Msg::BlinkChartOpen, lang, &[("mm", &format!("{mm:.1}"))])}</text>
        }
    });
    view! {
        <g data-lane=lane.side.name()>
            <rect x=f(x0) y=f(top) width=f(x1 - x0) height=f(height) fill="#fafbfc" stroke="#d0d7de" />
            <text x=f(x0) y=f(top - 4.0) font-size="11" font-weight="bold">{fill(Msg::BlinkLaneTitle, lang, &[("eye", eye_name_in(lane.side, lang))])}</text>
            <text x=f(x0 - 4.0) y=f(top + 9.0) font-size="9" text-anchor="end">{format!("{y_max:.0} mm")}</text>
            <text x=f(x0 - 4.0) y=f(bottom) font-size="9" text-anchor="end">"0"</text>
            {closures}
            {blinks}
            {open}
            {lines}
        </g>
    }
}
