//! Draws the landmarks over the video on a canvas of the video's pixel size. The canvas is
//! mirrored by CSS together with the preview, so it always lines up with the face.

use facegrade::engine::topology::{iris_indices, MIDLINE};
use facegrade::engine::FaceLandmarks;
use facegrade::geometry::Point2;
use facegrade::side::Side;
use web_sys::CanvasRenderingContext2d;

pub fn clear(ctx: &CanvasRenderingContext2d, width: f64, height: f64) {
    ctx.clear_rect(0.0, 0.0, width, height);
}

fn polyline(ctx: &CanvasRenderingContext2d, points: &[Point2], closed: bool, colour: &str, width: f64) {
    let Some(first) = points.first() else { return };
    ctx.begin_path();
    ctx.move_to(first.x as f64, first.y as f64);
    for p in &points[1..] {
        ctx.line_to(p.x as f64, p.y as f64);
    }
    if closed {
        ctx.close_path();
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width);
    ctx.stroke();
}

/// Lid contour in drawing order: lower lid lateral->medial, then upper lid medial->lateral.
fn lid_loop(contour: &[Point2]) -> Vec<Point2> {
    let mut v: Vec<Point2> = contour[0..9].to_vec();
    v.extend(contour[9..16].iter().rev());
    v
}

pub fn draw_face(ctx: &CanvasRenderingContext2d, face: &FaceLandmarks, show_mesh: bool) {
    let scale = (face.roi.size as f64 / 200.0).max(1.0);
    if show_mesh {
        ctx.set_fill_style_str("rgba(255,255,255,0.55)");
        for p in &face.mesh[..468] {
            ctx.fill_rect(p.x as f64 - 0.75, p.y as f64 - 0.75, 1.5, 1.5);
        }
    }
    let midline: Vec<Point2> = MIDLINE.iter().map(|&i| face.mesh[i].xy()).collect();
    polyline(ctx, &midline, false, "rgba(255,215,0,0.9)", 1.5 * scale);
    for side in Side::BOTH {
        let eye = face.eyes.get(side);
        let colour = if eye.uncertain { "rgba(255,140,0,0.95)" } else { "rgba(0,220,255,0.95)" };
        polyline(ctx, &lid_loop(&eye.lid_contour), true, colour, 1.5 * scale);
        ctx.begin_path();
        let c = eye.iris_centre;
        let _ = ctx.arc(c.x as f64, c.y as f64, eye.iris_radius_px as f64, 0.0, std::f64::consts::TAU);
        ctx.set_stroke_style_str("rgba(120,255,120,0.9)");
        ctx.set_line_width(1.2 * scale);
        ctx.stroke();
        let centre = face.mesh[iris_indices(side)[0]];
        ctx.set_fill_style_str("rgba(120,255,120,0.9)");
        ctx.fill_rect(centre.x as f64 - 1.0, centre.y as f64 - 1.0, 2.0, 2.0);
        let brow: Vec<Point2> = facegrade::engine::topology::brow_upper(side).iter().map(|&i| face.mesh[i].xy()).collect();
        polyline(ctx, &brow, false, "rgba(200,160,255,0.95)", 1.5 * scale);
    }
    // Outer lip ring: lower outer (0..11) then upper outer (11..20) reversed.
    let mut lips: Vec<Point2> = face.lips[0..11].to_vec();
    lips.extend(face.lips[11..20].iter().rev());
    polyline(ctx, &lips, true, "rgba(255,105,180,0.95)", 1.5 * scale);
}
