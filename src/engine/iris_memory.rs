//! Video: the iris model's second opinion on the lids, run only when the lids need it.
//!
//! The iris model costs two runs per frame (one per eye), as much as the face model
//! itself. While an eye's opening holds still, its last reading still holds too: it is
//! kept in the eye's own frame (origin at the lateral canthus, unit = canthal width, x
//! toward the medial canthus) and laid back onto the eye as it moves. The model runs
//! again for an eye when its opening (read by the face model) has changed since, when the
//! two opinions last disagreed (the eye is uncertain), and at least every few frames.
//!
//! Video frames alternate direct and mirrored face-model passes, whose openings differ
//! by the model's left/right bias: on expressions_ai_2 by 3.5-4.5 % of the eye's width
//! from one frame to the next, which a 3 % threshold took for movement on every other
//! frame (the model ran on 50 % of that video's eye-frames at 30 fps, and on 77 % of the
//! open eye's when the other eye's runs were forced). So each eye keeps a running
//! estimate of that bias (from consecutive frames of the two kinds) and compares openings
//! with half of it taken off each kind's reading: a moving lid shows at once and in full,
//! the alternation does not. (Comparing each kind only with its own kind was tried
//! before: no fewer runs, and a lid moving through the frame after a run went unnoticed.)

use super::iris::IrisPass;
use crate::geometry::Point2;
use crate::side::{PerSide, Side};

/// Re-run when the face model's opening changed by this fraction of the eye's width
/// (a blink, a closure, a squeeze: about 0.1-0.3).
const OPENING_CHANGE: f32 = 0.03;
/// The bias estimate follows consecutive direct/mirrored differences at this rate...
const BIAS_RATE: f32 = 0.2;
/// ... each clamped to this fraction of the width: a larger step is the lid moving.
const BIAS_LIMIT: f32 = 0.06;
/// Re-run at least this often (frames) even on a still eye.
const REFRESH_FRAMES: u32 = 4;

/// One eye's last iris-model reading in its own frame.
#[derive(Clone, Debug, Default)]
struct EyeReading {
    contour: Vec<Point2>,
    iris: [Point2; 5],
    /// The face model's opening / width, bias-corrected, when the iris model last ran.
    opening_ratio: f32,
    /// The last frame's own opening / width and whether its pass was mirrored.
    last_frame: Option<(f32, bool)>,
    /// Running estimate of the mirrored pass's opening less the direct pass's (/ width).
    mirrored_bias: f32,
    /// This frame's bias-corrected opening (set by `needs_run`, kept by `remember`).
    opening_ratio_now: f32,
    frames_since: u32,
    uncertain: bool,
    valid: bool,
}

/// Per video stream (each tracker has its own).
#[derive(Clone, Debug, Default)]
pub struct IrisMemory {
    eyes: PerSide<EyeReading>,
    /// Iris-model runs and frames seen, per eye (for the benchmark and tests).
    pub runs: u64,
    pub frames: u64,
    /// Eyes whose lids need the iris model on every frame regardless (the benchmark's
    /// worst case for one eye: a shut eye whose two readings keep disagreeing).
    pub every_frame: PerSide<bool>,
}

/// The eye's frame from the face model's canthi: origin, unit x axis, unit y axis, width.
fn eye_frame(lateral: Point2, medial: Point2) -> (Point2, Point2, Point2, f32) {
    let (dx, dy) = (medial.x - lateral.x, medial.y - lateral.y);
    let width = (dx * dx + dy * dy).sqrt().max(1e-3);
    let u = Point2::new(dx / width, dy / width);
    (lateral, u, Point2::new(-u.y, u.x), width)
}

fn to_local(p: Point2, frame: (Point2, Point2, Point2, f32)) -> Point2 {
    let (o, u, v, w) = frame;
    let (x, y) = (p.x - o.x, p.y - o.y);
    Point2::new((x * u.x + y * u.y) / w, (x * v.x + y * v.y) / w)
}

fn to_image(p: Point2, frame: (Point2, Point2, Point2, f32)) -> Point2 {
    let (o, u, v, w) = frame;
    Point2::new(o.x + w * (p.x * u.x + p.y * v.x), o.y + w * (p.x * u.y + p.y * v.y))
}

impl IrisMemory {
    pub fn reset(&mut self) {
        self.eyes = PerSide::default();
    }

    /// Whether the iris model must run on this eye now. `opening_ratio` is the face
    /// model's lid opening over the canthal width in this frame, from a `mirrored` pass or
    /// a direct one; call once per frame and eye, then [`IrisMemory::remember`] if it runs
    /// or [`IrisMemory::recall`] if not.
    pub fn needs_run(&mut self, side: Side, opening_ratio: f32, mirrored: bool) -> bool {
        self.frames += 1;
        let eye = self.eyes.get_mut(side);
        if let Some((last, last_mirrored)) = eye.last_frame.replace((opening_ratio, mirrored)) {
            if last_mirrored != mirrored {
                let mirrored_less_direct = if mirrored { opening_ratio - last } else { last - opening_ratio };
                eye.mirrored_bias += BIAS_RATE * (mirrored_less_direct.clamp(-BIAS_LIMIT, BIAS_LIMIT) - eye.mirrored_bias);
            }
        }
        eye.opening_ratio_now = opening_ratio - if mirrored { 0.5 } else { -0.5 } * eye.mirrored_bias;
        let moved = (eye.opening_ratio_now - eye.opening_ratio).abs() > OPENING_CHANGE;
        let run = *self.every_frame.get(side) || !eye.valid || eye.uncertain || eye.frames_since + 1 >= REFRESH_FRAMES || moved;
        if run {
            self.runs += 1;
        }
        run
    }

    /// Keeps a fresh reading of the eye whose canthi (face model) are given.
    pub fn remember(&mut self, side: Side, lateral: Point2, medial: Point2, pass: &IrisPass) {
        let frame = eye_frame(lateral, medial);
        let eye = self.eyes.get_mut(side);
        eye.contour.clear();
        eye.contour.extend(pass.contour.iter().map(|&p| to_local(p, frame)));
        eye.iris = pass.iris.map(|p| to_local(p, frame));
        eye.opening_ratio = eye.opening_ratio_now;
        eye.frames_since = 0;
        eye.valid = true;
    }

    /// The remembered reading laid onto the eye's canthi in this frame, into `out`.
    pub fn recall(&mut self, side: Side, lateral: Point2, medial: Point2, out: &mut IrisPass) {
        let frame = eye_frame(lateral, medial);
        let eye = self.eyes.get_mut(side);
        eye.frames_since += 1;
        out.contour.clear();
        out.contour.extend(eye.contour.iter().map(|&p| to_image(p, frame)));
        out.iris = eye.iris.map(|p| to_image(p, frame));
    }

    /// Whether the fused eye came out uncertain (the two opinions disagree): the iris
    /// model then runs again next frame.
    pub fn note_uncertain(&mut self, side: Side, uncertain: bool) {
        self.eyes.get_mut(side).uncertain = uncertain;
    }

    /// Fraction of eye-frames on which the iris model ran.
    pub fn run_fraction(&self) -> f64 {
        if self.frames == 0 {
            0.0
        } else {
            self.runs as f64 / self.frames as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_follows_the_eye_and_a_blink_asks_for_a_new_one() {
        let mut memory = IrisMemory::default();
        assert!(memory.needs_run(Side::Right, 0.3, false), "nothing remembered yet");
        let pass = IrisPass { contour: vec![Point2::new(12.0, 5.0), Point2::new(15.0, 3.0)], iris: [Point2::new(15.0, 5.0); 5] };
        memory.remember(Side::Right, Point2::new(10.0, 5.0), Point2::new(20.0, 5.0), &pass);
        assert!(!memory.needs_run(Side::Right, 0.32, false));
        // The head moved 5 px right and grew 2x: the reading moves and scales with it.
        let mut out = IrisPass::default();
        memory.recall(Side::Right, Point2::new(15.0, 5.0), Point2::new(35.0, 5.0), &mut out);
        assert!(out.contour[0].distance(Point2::new(19.0, 5.0)) < 1e-4, "{:?}", out.contour);
        assert!(out.contour[1].distance(Point2::new(25.0, 1.0)) < 1e-4, "{:?}", out.contour);
        assert!(memory.needs_run(Side::Right, 0.1, false), "a blink");
        memory.note_uncertain(Side::Left, true);
        assert!(memory.needs_run(Side::Left, 0.3, false));
        // An eye held to every frame runs even with its opening unchanged.
        memory.remember(Side::Right, Point2::new(10.0, 5.0), Point2::new(20.0, 5.0), &pass);
        memory.every_frame.right = true;
        assert!(memory.needs_run(Side::Right, 0.1, false));
    }

    /// Direct and mirrored passes alternate, reading a still eye 4 % of its width apart:
    /// once the bias is learnt, no run until the refresh; a lid that then moves by 4 %
    /// runs it on that frame.
    #[test]
    fn the_passes_alternating_bias_is_not_movement() {
        let mut memory = IrisMemory::default();
        let pass = IrisPass { contour: vec![Point2::new(12.0, 5.0)], iris: [Point2::new(15.0, 5.0); 5] };
        let (lateral, medial) = (Point2::new(10.0, 5.0), Point2::new(20.0, 5.0));
        let mut frame = 0;
        let mut runs = move |memory: &mut IrisMemory, lid_drop: f32| {
            frame += 1;
            let mirrored = frame % 2 == 0;
            let ratio = 0.30 + if mirrored { 0.04 } else { 0.0 } - lid_drop;
            let ran = memory.needs_run(Side::Left, ratio, mirrored);
            if ran {
                memory.remember(Side::Left, lateral, medial, &pass);
            } else {
                memory.recall(Side::Left, lateral, medial, &mut IrisPass::default());
            }
            ran
        };
        let learning: usize = (0..40).map(|_| runs(&mut memory, 0.0) as usize).sum();
        let learnt: usize = (0..40).map(|_| runs(&mut memory, 0.0) as usize).sum();
        assert_eq!(learnt, 10, "a still eye, once the bias is learnt: the refresh only ({learning} runs while learning)");
        // Two frames after a run, the upper lid drops by 4 % of the width: a run at once.
        while !runs(&mut memory, 0.0) {}
        assert!(!runs(&mut memory, 0.0));
        assert!(runs(&mut memory, 0.04), "a 4 % lid movement");
        assert!(!runs(&mut memory, 0.04));
    }
}
