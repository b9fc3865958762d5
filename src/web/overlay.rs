//! Draws the landmarks over the video on a canvas of the video's pixel size. The canvas is
//! mirrored by CSS together with the preview, so it always lines up with the face. Each
//! region is coloured by its left/right severity: calm colours when the sides match,
//! amber when the difference is noticeable, red when marked; grey when the frame cannot
//! be measured. Severity is never told by colour alone: noticeable is also dotted, marked
//! dashed and thicker, and the amber and red are Okabe-Ito's orange and vermillion, which
//! stay apart for red-green colour blindness.

use super::protocol::OverlayFace;
use facegrade::measure::measurements::Region;
use facegrade::measure::Severity;
use facegrade::side::Side;
use web_sys::CanvasRenderingContext2d;

pub fn clear(ctx: &CanvasRenderingContext2d, width: f64, height: f64) {
    ctx.clear_rect(0.0, 0.0, width, height);
}

/// How a contour is stroked: its colour, a width factor and a dash pattern (in line
/// widths; empty = solid).
#[derive(Clone, Copy)]
struct Stroke {
    colour: &'static str,
    widen: f64,
    dash: &'static [f64],
}

impl Stroke {
    const fn solid(colour: &'static str) -> Stroke {
        Stroke { colour, widen: 1.0, dash: &[] }
    }
}

fn polyline(ctx: &CanvasRenderingContext2d, points: &[[f32; 2]], closed: bool, stroke: Stroke, width: f64) {
    let Some(first) = points.first() else { return };
    let width = width * stroke.widen;
    let dash = js_sys::Array::new();
    for d in stroke.dash {
        dash.push(&(d * width).into());
    }
    let _ = ctx.set_line_dash(&dash);
    ctx.set_line_cap(if stroke.dash.is_empty() { "butt" } else { "round" });
    ctx.begin_path();
    ctx.move_to(first[0] as f64, first[1] as f64);
    for p in &points[1..] {
        ctx.line_to(p[0] as f64, p[1] as f64);
    }
    if closed {
        ctx.close_path();
    }
    ctx.set_stroke_style_str(stroke.colour);
    ctx.set_line_width(width);
    ctx.stroke();
    let _ = ctx.set_line_dash(&js_sys::Array::new());
}

/// A region's stroke: its own calm colour, solid, or the severity's colour and style.
fn severity_stroke(severity: Option<Severity>, calm: &'static str) -> Stroke {
    match severity {
        // Okabe-Ito vermillion, dashed and thicker.
        Some(Severity::Marked) => Stroke { colour: "rgba(213,94,0,0.95)", widen: 1.6, dash: &[4.0, 2.5] },
        // Okabe-Ito orange, dotted (round caps make the zero-length dashes dots).
        Some(Severity::Noticeable) => Stroke { colour: "rgba(230,159,0,0.95)", widen: 1.3, dash: &[0.0, 2.5] },
        Some(Severity::None) => Stroke::solid(calm),
        None => Stroke::solid("rgba(180,180,180,0.8)"),
    }
}

/// An eye the two eyelid models disagree on: orange dash-dot, apart from every severity.
const UNCERTAIN_LID: Stroke = Stroke { colour: "rgba(230,159,0,0.95)", widen: 1.0, dash: &[5.0, 2.0, 0.0, 2.0] };

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
    polyline(ctx, &midline, false, Stroke::solid("rgba(255,215,0,0.9)"), 1.5 * scale);
    for side in Side::BOTH {
        let eye = face.eyes.get(side);
        // An eye the two eyelid models disagree on is always drawn so: check it.
        let lid = if eye.uncertain { UNCERTAIN_LID } else { severity_stroke(severity(Region::Eyelid), "rgba(0,220,255,0.95)") };
        polyline(ctx, &eye.lid_loop, true, lid, 1.5 * scale);
        ctx.begin_path();
        let c = eye.iris_centre;
        let _ = ctx.arc(c[0] as f64, c[1] as f64, eye.iris_radius as f64, 0.0, std::f64::consts::TAU);
        ctx.set_stroke_style_str("rgba(120,255,120,0.9)");
        ctx.set_line_width(1.2 * scale);
        ctx.stroke();
        polyline(ctx, face.brows.get(side), false, severity_stroke(severity(Region::Brow), "rgba(200,160,255,0.95)"), 1.5 * scale);
    }
    polyline(ctx, &face.lips, true, severity_stroke(severity(Region::Mouth), "rgba(255,105,180,0.95)"), 1.5 * scale);
}
