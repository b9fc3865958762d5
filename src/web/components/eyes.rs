//! The live "Eyes" box: each eye's state as the engine reads it from the eye image (open,
//! narrowed, closed, or unknown with the reason), the visible eyeball height, and a warning
//! where the image and the landmark models disagree. Anatomical sides, right first.

use crate::eye_report::{eye_name_in, eye_sentence};
use crate::i18n::{words, lang, t};
use facegrade::i18n::{fill, Msg};
use facegrade::measure::measurements::EyeStateMeasurement;
use facegrade::side::{PerSide, Side};
use leptos::prelude::*;

/// The box. `eyes`: the latest frame's eyes (None without a measured face); `quality`:
/// the quality gate's (code, advice), to grey the box when the frame cannot be measured;
/// `iris_loading`: the eyes wait for the iris model (their heights are millimetres).
#[component]
pub fn EyesBox(#[prop(into)] eyes: Signal<Option<PerSide<EyeStateMeasurement>>>, #[prop(into)] quality: Signal<(String, String)>, #[prop(into)] iris_loading: Signal<bool>) -> impl IntoView {
    let eye = move |side: Side| eyes.with(|e| e.as_ref().map(|e| *e.get(side)));
    let state = move |side: Side| eye(side).map_or("", |e| e.state.code());
    let measurable = move || quality.with(|q| q.0 == "ok");
    view! {
        <section id="eyes" class="eyes" class:greyed=move || !measurable()
            data-eye-state-right=move || state(Side::Right)
            data-eye-state-left=move || state(Side::Left)>
            <h3>{words(Msg::EyesHeading)}</h3>
            {Side::BOTH.into_iter().map(|side| view! {
                <p data-eye=side.name()
                    data-eye-state=move || state(side)
                    data-eye-height-mm=move || eye(side).map(|e| format!("{:.1}", e.visible_height_mm)).unwrap_or_default()
                    data-eye-disagrees=move || if eye(side).is_some_and(|e| e.disagrees_with_landmarks) { "yes" } else { "no" }>
                    {move || match eye(side) {
                        Some(e) => eye_sentence(side, &e, lang()),
                        None if iris_loading.get() => fill(Msg::EyeNotReadYet, lang(), &[("eye", eye_name_in(side, lang()))]),
                        None => fill(Msg::EyeNotRead, lang(), &[("eye", eye_name_in(side, lang()))]),
                    }}
                    <span class="eye-warning" class:hidden=move || !eye(side).is_some_and(|e| e.disagrees_with_landmarks)>
                        {move || format!(" ({})", t(Msg::EyeDisagreement))}
                    </span>
                </p>
            }).collect_view()}
            <p class="hint" class:hidden=measurable>{words(Msg::EyesGreyed)}</p>
        </section>
    }
}
