//! The files panel: a photo set (chosen or dropped, each photo's view to confirm) or a
//! recorded video (progress, the timeline of per-region asymmetry, a frame per view to
//! confirm or change), analysed as an exam. What each action does is `files.rs`.

use crate::exam::ExamState;
use crate::i18n::{words, lang, say, t};
use crate::files::{analyse_photos, analyse_video_frames, cancel_video, choose_photos, problem_summary, read_video, set_photo_view, set_video_choice, Files, VideoPhase};
use crate::live::{Analysis, IrisModelState, Live};
use crate::photo_views::Guess;
use facegrade::i18n::{fill, Lang, Msg};
use facegrade::measure::timeline::note_in;
use facegrade::measure::Expression;
use crate::ui_text::photo_view_label;
use leptos::prelude::*;

const CHART_W: f64 = 600.0;
const CHART_H: f64 = 160.0;

/// The timeline chart: each region's largest left/right difference (mm) over time, with a
/// marker at each chosen frame.
fn timeline_chart(files: Files) -> impl IntoView {
    move || {
        let readings = files.readings.get();
        // The hook keeps the English; the text follows the page's language.
        let (problems, problems_said) = (problem_summary(&readings, Lang::En), problem_summary(&readings, lang()));
        let end = readings.last().map_or(1.0, |r| r.time_s.max(0.1));
        let top = readings.iter().flat_map(|r| r.region_difference_mm.values().copied()).fold(4.0f32, f32::max) as f64;
        let x = move |t: f64| t / end * CHART_W;
        let y = move |mm: f64| CHART_H - mm / top * CHART_H;
        let lines = [("brow", "#9b6bff"), ("eyelid", "#0aa5c8"), ("mouth", "#e0559b"), ("midface", "#c9a400")].map(|(region, colour)| {
            let points: String = readings.iter().filter_map(|r| r.region_difference_mm.get(region).map(|mm| format!("{:.1},{:.1} ", x(r.time_s), y(*mm as f64)))).collect();
            view! { <polyline points=points fill="none" stroke=colour stroke-width="2" data-region=region /> }
        });
        let gaps = readings.iter().filter(|r| r.problem.is_some()).map(|r| view! { <rect x=format!("{:.1}", x(r.time_s)) y="0" width="3" height=CHART_H.to_string() fill="rgba(128,128,128,0.25)" /> }).collect_view();
        let marks = files.video_choice.get().into_iter().map(|(view, (t, _))| {
            view! { <g><line x1=format!("{:.1}", x(t)) x2=format!("{:.1}", x(t)) y1="0" y2=CHART_H.to_string() stroke="#333" stroke-dasharray="3 3" /><text x=format!("{:.1}", x(t) + 2.0) y="12" font-size="10">{view.name(lang())}</text></g> }
        }).collect_view();
        view! {
            <svg id="video-timeline" viewBox=format!("0 0 {CHART_W} {CHART_H}") role="img" data-frames=readings.len().to_string()
                data-measurable=readings.iter().filter(|r| r.problem.is_none()).count().to_string()
                aria-label=t(Msg::TimelineLabel)>
                {gaps}{lines}{marks}
                <text x="2" y=(CHART_H - 4.0).to_string() font-size="10">{fill(Msg::TimelineScale, lang(), &[("top", &format!("{top:.0}")), ("end", &format!("{end:.1}"))])}</text>
            </svg>
            <p class="legend">{t(Msg::TimelineLegend)}</p>
            <p id="video-problems" class="hint" class:hidden=problems.is_empty() data-problems=problems.clone()>{fill(Msg::NotMeasuredFrames, lang(), &[("problems", &problems_said)])}</p>
        }
    }
}

/// The panel: photos and video.
#[component]
pub fn FromFiles() -> impl IntoView {
    let files = expect_context::<Files>();
    let exam = expect_context::<ExamState>();
    let worker = expect_context::<Analysis>();
    let live = expect_context::<Live>();
    let options = move |selected: Expression| {
        Expression::EVERY.into_iter().map(move |v| view! { <option value=v.code() prop:selected=v == selected>{move || v.name(lang())}</option> }).collect_view()
    };
    view! {
        <section id="from-files">
            <h2>{words(Msg::FilesHeading)}</h2>
            <p class="hint">{words(Msg::FilesHint)}</p>
            <div id="photo-drop" class="drop"
                on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                on:drop=move |ev: web_sys::DragEvent| { ev.prevent_default(); choose_photos(files, ev.data_transfer().and_then(|d| d.files())); }>
                <label>{words(Msg::PhotoSetLabel)}
                    <input type="file" accept="image/*" multiple=true data-action="import-photos" on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        choose_photos(files, input.files());
                        input.set_value("");
                    } />
                </label>
            </div>
            <ol id="photo-list" class:hidden=move || files.photos.get().is_empty()>
                // Keyed by position, file and view: changing one photo's view redraws that line only.
                <For each=move || files.photos.get().into_iter().enumerate() key=|(i, (name, view, _))| (*i, name.clone(), *view) children=move |(i, (name, view, guess))| {
                    let how = match guess { Guess::FromName => Msg::GuessedFromName, Guess::FromOrder => Msg::GuessedFromOrder };
                    view! {
                        <li data-photo=name.clone()>{name.clone()}" → "
                            <select data-action="photo-view" data-index=i.to_string() aria-label=photo_view_label(&name) on:change=move |ev| set_photo_view(files, i, &event_target_value(&ev))>{options(view)}</select>
                            " ("{move || t(how)}")"
                        </li>
                    }
                } />
            </ol>
            <button data-action="analyse-photos" class:hidden=move || files.photos.get().is_empty()
                prop:disabled=move || exam.phase.get().running() || !live.iris_model.with(IrisModelState::is_ready) on:click=move |_| analyse_photos(files, exam, worker)>{words(Msg::AnalysePhotos)}</button>
            <label>{words(Msg::RecordedVideoLabel)}
                <input type="file" accept="video/*" data-action="import-video" on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        read_video(files, exam, worker, file);
                    }
                    input.set_value("");
                } />
            </label>
            // Shown while it is read (the frame being analysed): a video that is not displayed
            // may hand out blank frames after a seek.
            <video node_ref=files.video id="video-file" class:faded=move || files.video_state.get() == VideoPhase::Idle prop:muted=true playsinline=true></video>
            <div id="video-reading" class:hidden=move || files.video_state.get() == VideoPhase::Idle data-video-state=move || files.video_state.get().code()>
                <progress id="video-progress" max="1" prop:value=move || files.video_progress.get() data-progress=move || format!("{:.3}", files.video_progress.get())></progress>
                <button data-action="cancel-video" prop:disabled=move || files.video_state.get() != VideoPhase::Reading on:click=move |_| cancel_video(files)>{words(Msg::CancelVideo)}</button>
                {timeline_chart(files)}
                <table id="video-choices" class:hidden=move || files.video_state.get() != VideoPhase::Read>
                    <caption>{words(Msg::VideoChoicesCaption)}</caption>
                    <thead><tr><th>{words(Msg::VideoViewHeader)}</th><th>{words(Msg::VideoTimeHeader)}</th><th>{words(Msg::VideoWhyHeader)}</th></tr></thead>
                    <tbody>
                        // Keyed by view and choice: changing one view's time redraws that row only.
                        <For each=move || Expression::ALL.map(|view| (view, files.video_choice.with(|c| c.get(&view).cloned())))
                            key=|(view, choice)| (*view, choice.as_ref().map(|(t, note)| (t.to_bits(), note.clone())))
                            children=move |(view, choice)| {
                            let value = choice.as_ref().map_or(String::new(), |(t, _)| format!("{t:.1}"));
                            // The suggestion's note as the analysis stored it (English), said in the page's language.
                            let note = move || match &choice {
                                None => t(Msg::NotSeenInVideo).to_string(),
                                Some((_, None)) => t(Msg::ChosenByYou).to_string(),
                                Some((_, Some(n))) => note_in(n, lang()),
                            };
                            view! {
                                <tr data-video-view=view.code()>
                                    <th>{move || view.name(lang())}</th>
                                    <td><input type="number" min="0" step="0.1" data-action="video-frame-time" data-view=view.code() prop:value=value
                                        on:change=move |ev| set_video_choice(files, view, event_target_value(&ev).parse().ok()) /></td>
                                    <td>{note}</td>
                                </tr>
                            }
                        } />
                    </tbody>
                </table>
                <button data-action="analyse-video-frames" class:hidden=move || files.video_state.get() != VideoPhase::Read
                    prop:disabled=move || exam.phase.get().running() on:click=move |_| analyse_video_frames(files, exam, worker)>{words(Msg::AnalyseChosenFrames)}</button>
            </div>
            <p id="files-error" class="error" class:hidden=move || files.error.get().is_none()>{move || files.error.get().map(|e| say(&e)).unwrap_or_default()}</p>
        </section>
    }
}
