//! What the camera sees now: the quality verdict, the face found, the eyes, and the
//! measurements as a clinician's table or a patient's sentences. Everything derives from
//! the latest frame's report. The quality advice is announced to screen readers as it
//! changes.

use super::blinks::BlinkPanel;
use super::eyes::EyesBox;
use crate::live::{IrisModelState, Live};
use crate::patient;
use crate::protocol::{FrameReport, MeasureRow};
use facegrade::measure::measurements::Unit;
use facegrade::measure::Severity;
use facegrade::side::Side;
use crate::i18n::{words, lang, t};
use facegrade::i18n::{fill, text, Lang, Msg};
use leptos::prelude::*;

/// The quality gate's (code, advice) of the latest frame: `#quality`'s hook and text.
pub fn quality(live: Live) -> Memo<(String, String)> {
    Memo::new(move |_| {
        live.report.with(|r| match r {
            None => ("no-face".into(), t(Msg::WaitingForCamera).into()),
            Some(FrameReport { quality: None, .. }) => ("ok".into(), t(Msg::QualityGood).into()),
            Some(FrameReport { quality: Some(issue), .. }) => (issue.code().into(), issue.advice(lang())),
        })
    })
}

#[component]
pub fn Readout() -> impl IntoView {
    let live = expect_context::<Live>();
    let quality = quality(live);
    let measurable = move || quality.with(|q| q.0 == "ok");
    let face = Memo::new(move |_| live.report.with(|r| r.as_ref().and_then(|r| r.face.as_ref()).map(|f| (f.landmark_count, f.face_box))));
    let frame_size = Memo::new(move |_| live.report.with(|r| r.as_ref().map(|r| format!("{} {}", r.width, r.height)).unwrap_or_default()));
    let rows = Memo::new(move |_| live.report.with(|r| r.as_ref().map(|r| r.rows.clone()).unwrap_or_default()));
    let eyes = Memo::new(move |_| live.report.with(|r| r.as_ref().and_then(|r| r.eyes)));
    view! {
        <section class="readout">
            <p id="quality" role="status" aria-live="polite" data-quality=move || quality.get().0 class:bad=move || !measurable()>
                {move || quality.get().1}
            </p>
            <p id="face"
                data-face=move || if face.get().is_some() { "present" } else { "absent" }
                data-landmarks=move || face.get().map_or(0, |f| f.0).to_string()
                data-face-box=move || face.get().map(|(_, [x, y, w, h])| format!("{x:.0} {y:.0} {w:.0} {h:.0}")).unwrap_or_default()
                data-frame-size=move || frame_size.get()>
                {move || match face.get() { Some((n, _)) => fill(Msg::FaceFound, lang(), &[("count", &n.to_string())]), None => t(Msg::NoFaceShort).to_string() }}
            </p>
            <EyesBox eyes=eyes quality=quality iris_loading=Signal::derive(move || live.iris_model.with(|s| *s == IrisModelState::Loading)) />
            <section id="patient-summary" class:hidden=move || !live.patient_mode.get() class:greyed=move || !measurable()>
                <h2>{words(Msg::WhatTheCameraSees)}</h2>
                <ul>
                    {move || {
                        if !measurable() {
                            vec![view! { <li>{quality.get().1}</li> }].into_iter().collect_view()
                        } else {
                            patient::summary(&rows.get(), lang()).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()
                        }
                    }}
                </ul>
                <p class="disclaimer">{words(Msg::PatientDisclaimer)}</p>
            </section>
            <table id="measurements" class:greyed=move || !measurable() class:hidden=move || live.patient_mode.get()>
                <caption>{words(Msg::LiveCaption)}</caption>
                <thead><tr><th>{words(Msg::MeasureHeader)}</th><th>{words(Msg::RightHeader)}</th><th>{words(Msg::LeftHeader)}</th><th>{words(Msg::DifferenceHeader)}</th><th>{words(Msg::PercentHeader)}</th><th>{words(Msg::AsymmetryHeader)}</th></tr></thead>
                <tbody>
                    // Rebuilt from scratch each frame in a plain reactive closure, which drops the
                    // old rows' owners with it. (A keyed <For> here leaked ~1 KB a frame: every
                    // row's values change each frame, so every row is new, and leptos 0.8 keeps a
                    // weak link to each row's owner in the For's long-lived owner: found by the
                    // soak, `memory::live_heap_bytes`.) The rows' words are made here, in the
                    // language of the moment, not in closures of their own: a closure made each
                    // frame that reads the language leaves a dead subscriber on the language
                    // signal (which never changes to clear it), ~60 KB a second.
                    {move || { let lang = lang(); rows.get().into_iter().map(|r| measure_row(r, lang)).collect_view() }}
                </tbody>
            </table>
            <BlinkPanel />
        </section>
    }
}

fn measure_row(r: MeasureRow, lang: Lang) -> impl IntoView {
    let name = r.name.as_str();
    let label = format!("{} ({})", r.name.label(lang), text(if r.unit == Unit::Degrees { Msg::UnitDeg } else { Msg::UnitMm }, lang));
    let (right, left, difference) = (format!("{:.1}", r.right), format!("{:.1}", r.left), format!("{:.1}", r.difference));
    let percent = r.percent.map_or("-".to_string(), |p| format!("{p:.0} %"));
    let severity = r.severity.code();
    view! {
        <tr data-measure-row=name data-severity=severity>
            <th>{label}</th>
            <td data-measure=name data-side=Side::Right.name()>{right}</td>
            <td data-measure=name data-side=Side::Left.name()>{left}</td>
            <td>{difference}</td>
            <td data-percent=name>{percent}</td>
            <td>{severity_words_in(r.severity, lang)}</td>
        </tr>
    }
}

/// An asymmetry grade in words ("none", "noticeable", "marked").
fn severity_words_in(severity: Severity, lang: Lang) -> &'static str {
    text(
        match severity {
            Severity::None => Msg::SeverityNone,
            Severity::Noticeable => Msg::SeverityNoticeable,
            Severity::Marked => Msg::SeverityMarked,
        },
        lang,
    )
}
