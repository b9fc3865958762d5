//! The mirrored preview with the overlay: redrawn by one effect whenever a new frame's
//! report arrives or the mesh toggle changes.

use crate::live::Live;
use crate::overlay;
use leptos::html;
use crate::i18n::words;
use facegrade::i18n::Msg;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

#[component]
pub fn Stage() -> impl IntoView {
    let live = expect_context::<Live>();
    let canvas = NodeRef::<html::Canvas>::new();
    Effect::new(move |_| {
        let show_mesh = live.show_mesh.get();
        live.report.with(|r| {
            let (Some(r), Some(canvas)) = (r, canvas.get_untracked()) else { return };
            if canvas.width() != r.width || canvas.height() != r.height {
                canvas.set_width(r.width);
                canvas.set_height(r.height);
            }
            let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok()) else { return };
            overlay::clear(&ctx, r.width as f64, r.height as f64);
            if let Some(face) = &r.face {
                overlay::draw_face(&ctx, face, &r.region_severity, show_mesh);
            }
        });
    });
    let region_severity = Memo::new(move |_| live.report.with(|r| r.as_ref().map(|r| r.region_severity.iter().map(|(region, s)| format!("{}:{}", region.name(), s.code())).collect::<Vec<_>>().join(" ")).unwrap_or_default()));
    view! {
        <section class="stage">
            // The overlay covers the video alone, not the notes under it: drawn in the video's
            // pixels, it is stretched to exactly the video's box.
            <div class="stage-frame">
                <video node_ref=live.video class="preview mirrored" autoplay=true playsinline=true prop:muted=true></video>
                <canvas node_ref=canvas id="overlay" class="overlay mirrored" data-region-severity=move || region_severity.get()></canvas>
            </div>
            <p class="sides-note">{words(Msg::MirrorNote)}</p>
            <p class="legend">{words(Msg::ColourLegend)}</p>
            <p class="legend" id="line-styles">{crate::ui_text::line_styles}</p>
        </section>
    }
}
