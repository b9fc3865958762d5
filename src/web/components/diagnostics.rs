//! Diagnostics: frames analysed, frames per second, and where a frame's time goes (in the
//! worker: reading the frame, the engine, the measurements; and camera to result).

use crate::i18n::{words, lang};
use crate::live::Live;
use facegrade::i18n::{fill, Msg};
use leptos::prelude::*;

#[component]
pub fn Diagnostics() -> impl IntoView {
    let live = expect_context::<Live>();
    let stats = live.stats;
    let timing = Memo::new(move |_| live.report.with(|r| r.as_ref().map(|r| r.timings).unwrap_or_default()));
    let worker_bytes = Memo::new(move |_| live.report.with(|r| r.as_ref().map_or(0, |r| r.worker_memory_bytes)));
    let worker_live = Memo::new(move |_| live.report.with(|r| r.as_ref().map_or(0, |r| r.worker_live_heap_bytes)));
    // Read with each report: the page's own instance grows with what the page keeps.
    let page_bytes = move || live.report.with(|_| crate::memory::wasm_memory_bytes());
    let page_live = move || live.report.with(|_| crate::memory::live_heap_bytes());
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let ms = move |v: f64| format!("{v:.1}");
    view! {
        <details id="diagnostics">
            <summary>{words(Msg::DiagnosticsHeading)}</summary>
            <p id="frames" data-frames=move || stats.with(|s| s.frames.to_string())>{move || fill(Msg::FramesAnalysed, lang(), &[("count", &stats.with(|s| s.frames).to_string())])}</p>
            <p id="fps" data-fps=move || stats.with(|s| format!("{:.1}", s.fps))>{move || fill(Msg::FramesPerSecond, lang(), &[("fps", &stats.with(|s| format!("{:.1}", s.fps)))])}</p>
            <p id="model-time" data-model-ms=move || ms(timing.get().engine_ms) data-model-ms-total=move || stats.with(|s| format!("{:.1}", s.engine_ms_total))>{move || fill(Msg::EngineTime, lang(), &[("ms", &ms(timing.get().engine_ms))])}</p>
            <p id="stage-times" data-grab-ms=move || ms(timing.get().grab_ms) data-measure-ms=move || ms(timing.get().measure_ms) data-latency-ms=move || stats.with(|s| ms(s.latency_ms))>
                {move || { let t = timing.get(); fill(Msg::StageTimes, lang(), &[("grab", &ms(t.grab_ms)), ("measure", &ms(t.measure_ms)), ("latency", &stats.with(|s| format!("{:.0}", s.latency_ms)))]) }}
            </p>
            <p id="memory" data-worker-bytes=move || worker_bytes.get().to_string() data-page-bytes=move || page_bytes().to_string()
                data-worker-live-bytes=move || worker_live.get().to_string() data-page-live-bytes=move || page_live().to_string()>
                {move || {
                    let m = |bytes: u64| format!("{:.1}", mib(bytes));
                    fill(Msg::WasmMemory, lang(), &[("worker", &m(worker_bytes.get())), ("worker_live", &m(worker_live.get())), ("page", &m(page_bytes())), ("page_live", &m(page_live()))])
                }}
            </p>
        </details>
    }
}
