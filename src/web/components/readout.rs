//! What the camera sees now: the quality verdict, the face found, the eyes, and the
//! measurements as a clinician's table or a patient's sentences. Everything derives from
//! the latest frame's report. The page's other sections sit inside it (the layout's
//! column), passed as children.

use super::blinks::BlinkPanel;
use super::eyes::EyesBox;
use crate::live::{IrisModelState, Live};
use crate::patient;
use crate::protocol::{FrameReport, MeasureRow};
use facegrade::side::Side;
use leptos::prelude::*;

/// The quality gate's (code, advice) of the latest frame: `#quality`'s hook and text.
pub fn quality(live: Live) -> Memo<(String, String)> {
    Memo::new(move |_| {
        live.report.with(|r| match r {
            None => ("no-face".into(), "Waiting for the camera.".into()),
            Some(FrameReport { quality: None, .. }) => ("ok".into(), "Good: one face, facing the camera, well lit.".into()),
            Some(FrameReport { quality: Some(issue), .. }) => (issue.code().into(), issue.advice()),
        })
    })
}

#[component]
pub fn Readout(children: Children) -> impl IntoView {
    let live = expect_context::<Live>();
    let quality = quality(live);
    let measurable = move || quality.with(|q| q.0 == "ok");
    let face = Memo::new(move |_| live.report.with(|r| r.as_ref().and_then(|r| r.face.as_ref()).map(|f| (f.landmark_count, f.face_box))));
    let frame_size = Memo::new(move |_| live.report.with(|r| r.as_ref().map(|r| format!("{} {}", r.width, r.height)).unwrap_or_default()));
    let rows = Memo::new(move |_| live.report.with(|r| r.as_ref().map(|r| r.rows.clone()).unwrap_or_default()));
    let eyes = Memo::new(move |_| live.report.with(|r| r.as_ref().and_then(|r| r.eyes)));
    view! {
        <section class="readout">
            <p id="quality" data-quality=move || quality.get().0 class:bad=move || !measurable()>
                {move || quality.get().1}
            </p>
            <p id="face"
                data-face=move || if face.get().is_some() { "present" } else { "absent" }
                data-landmarks=move || face.get().map_or(0, |f| f.0).to_string()
                data-face-box=move || face.get().map(|(_, [x, y, w, h])| format!("{x:.0} {y:.0} {w:.0} {h:.0}")).unwrap_or_default()
                data-frame-size=move || frame_size.get()>
                {move || match face.get() { Some((n, _)) => format!("Face found: {n} landmarks"), None => "No face".to_string() }}
            </p>
            <EyesBox eyes=eyes quality=quality iris_loading=Signal::derive(move || live.iris_model.with(|s| *s == IrisModelState::Loading)) />
            <section id="patient-summary" class:hidden=move || !live.patient_mode.get() class:greyed=move || !measurable()>
                <h2>"What the camera sees"</h2>
                <ul>
                    {move || {
                        if !measurable() {
                            vec![view! { <li>{quality.get().1}</li> }].into_iter().collect_view()
                        } else {
                            patient::summary(&rows.get()).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()
                        }
                    }}
                </ul>
                <p class="disclaimer">"These are measurements, not a diagnosis. Talk to your clinician about what they mean for you."</p>
            </section>
            <table id="measurements" class:greyed=move || !measurable() class:hidden=move || live.patient_mode.get()>
                <caption>"Live measurements (millimetres; subject's own right and left). Greyed when the picture cannot be measured."</caption>
                <thead><tr><th>"Measure"</th><th>"Right"</th><th>"Left"</th><th>"Difference"</th><th>"Smaller side, % of the other"</th><th>"Asymmetry"</th></tr></thead>
                <tbody>
                    // Rebuilt from scratch each frame in a plain reactive closure, which drops the
                    // old rows' owners with it. (A keyed <For> here leaked ~1 KB a frame: every
                    // row's values change each frame, so every row is new, and leptos 0.8 keeps a
                    // weak link to each row's owner in the For's long-lived owner: found by the
                    // soak, `memory::live_heap_bytes`.)
                    {move || rows.get().into_iter().map(measure_row).collect_view()}
                </tbody>
            </table>
            <BlinkPanel />
            {children()}
        </section>
    }
}

fn measure_row(r: MeasureRow) -> impl IntoView {
    let name = r.name.as_str();
    let label = format!("{} ({})", name.trim_end_matches("_mm").trim_end_matches("_deg").replace('_', " "), r.unit.code());
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
            <td>{severity}</td>
        </tr>
    }
}
