//! Draws the landmarks over the video on a canvas of the video's pixel size. The canvas is
//! mirrored by CSS together with the preview, so it always lines up with the face. Each
//! region is coloured by its left/right severity: calm colours when the sides match,
//! amber when the difference is noticeable, red when marked; grey when the frame cannot
//! be measured.

use super::protocol::OverlayFace;
use facegrade::measure::measurements::Region;
use facegrade::measure::Severity;
use facegrade::side::Side;
use web_sys::CanvasRenderingContext2d;

pub fn clear(ctx: &CanvasRenderingContext2d, width: f64, height: f64) {
    ctx.clear_rect(0.0, 0.0, width, height);
}

fn polyline(ctx: &CanvasRenderingContext2d, points: &[[f32; 2]], closed: bool, colour: &str, width: f64) {
    let Some(first) = points.first() else { return };
    ctx.begin_path();
    ctx.move_to(first[0] as f64, first[1] as f64);
    for p in &points[1..] {
        ctx.line_to(p[0] as f64, p[1] as f64);
    }
    if closed {
        ctx.close_path();
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width);
    ctx.stroke();
}

/// The colour of a region: its own calm colour, or the severity's.
fn colour(severity: Option<Severity>, calm: &'static str) -> &'static str {
    match severity {
        Some(Severity::Marked) => "rgba(255,60,60,0.95)",
        Some(Severity::Noticeable) => "rgba(255,170,0,0.95)",
        Some(Severity::None) => calm,
        None => "rgba(180,180,180,0.8)",
    }
}

/// `region_severity` as (region, severity); empty when the frame is not measurable.
pub fn draw_face(ctx: &CanvasRenderingContext2d, face: &OverlayFace, region_severity: &[(Region, Severity)], show_mesh: bool) {
    let severity = |region: Region| region_severity.iter().find(|(r, _)| *r == region).map(|(_, s)| *s);
    let scale = face.scale as f64;
    if show_mesh {
        ctx.set_fill_style_str("rgba(255,255,255,0.55)");
        for p in &face.mesh {
            ctx.fill_rect(p[0] as f64 - 0.75, p[1] as f64 - 0.75, 1.5, 1.5);
        }
    }
    let midline: Vec<[f32; 2]> = facegrade::engine::topology::MIDLINE.iter().filter_map(|&i| face.mesh.get(i).copied()).collect();
    polyline(ctx, &midline, false, "rgba(255,215,0,0.9)", 1.5 * scale);
    for side in Side::BOTH {
        let eye = face.eyes.get(side);
        // An eye the two eyelid models disagree on is always orange-dashed: check it.
        let lid_colour = if eye.uncertain { "rgba(255,140,0,0.95)" } else { colour(severity(Region::Eyelid), "rgba(0,220,255,0.95)") };
        if eye.uncertain {
            let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &3.0.into()));
        }
        polyline(ctx, &eye.lid_loop, true, lid_colour, 1.5 * scale);
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        ctx.begin_path();
        let c = eye.iris_centre;
        let _ = ctx.arc(c[0] as f64, c[1] as f64, eye.iris_radius as f64, 0.0, std::f64::consts::TAU);
        ctx.set_stroke_style_str("rgba(120,255,120,0.9)");
        ctx.set_line_width(1.2 * scale);
        ctx.stroke();
        polyline(ctx, face.brows.get(side), false, colour(severity(Region::Brow), "rgba(200,160,255,0.95)"), 1.5 * scale);
    }
    polyline(ctx, &face.lips, true, colour(severity(Region::Mouth), "rgba(255,105,180,0.95)"), 1.5 * scale);
}
