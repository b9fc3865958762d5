//! Whether the live camera's picture can be trusted for an exam capture. A capture measures
//! one peak frame of a 2.5 s window, in millimetres scaled from that image: a picture that
//! has stopped changing (a stuck driver repeating its last buffer, or no new frames at
//! all), a picture whose size changed since the camera started (the scale of earlier views
//! would not match), or too few frames to find a peak in the window would each give a
//! number that does not describe the face. The watch only sees frame times, a cheap
//! fingerprint of each frame's pixels and the frame's size.

use crate::i18n::{self, Lang, Msg};

/// The same picture in every analysed frame for this long: frozen. A live sensor's noise
/// changes the sampled pixels of every frame; only a repeated buffer leaves them identical.
pub const FROZEN_AFTER_MS: f64 = 2000.0;
/// No new picture at all for this long: frozen (longer, so that a page busy for a moment
/// is not taken for a stopped camera).
pub const NO_PICTURE_AFTER_MS: f64 = 3000.0;
/// Frame rate averaged over this window.
pub const RATE_WINDOW_MS: f64 = 3000.0;
/// Below this rate a capture window (2.5 s) holds too few frames to find the expression's
/// peak.
pub const MIN_FPS: f64 = 4.0;

/// What is wrong with the camera's picture.
#[derive(Clone, Debug, PartialEq)]
pub enum CameraFault {
    /// The same picture for [`FROZEN_AFTER_MS`] or longer.
    Frozen,
    /// The picture's size changed after the camera started.
    ResolutionChanged { from: (u32, u32), to: (u32, u32) },
    /// Fewer than [`MIN_FPS`] new pictures a second over [`RATE_WINDOW_MS`].
    LowFrameRate { fps: f64 },
}

impl CameraFault {
    /// The page's hook (`data-camera-fault`).
    pub fn code(&self) -> &'static str {
        match self {
            CameraFault::Frozen => "frozen",
            CameraFault::ResolutionChanged { .. } => "resolution-changed",
            CameraFault::LowFrameRate { .. } => "low-frame-rate",
        }
    }

    /// What the page says, in `lang`.
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            CameraFault::Frozen => i18n::text(Msg::CameraFrozen, lang).to_string(),
            CameraFault::ResolutionChanged { from, to } => {
                let (from, to) = (format!("{}\u{d7}{}", from.0, from.1), format!("{}\u{d7}{}", to.0, to.1));
                i18n::fill(Msg::CameraResized, lang, &[("from", &from), ("to", &to)])
            }
            CameraFault::LowFrameRate { fps } => i18n::fill(Msg::CameraLowFrameRate, lang, &[("fps", &format!("{fps:.1}")), ("min", &format!("{MIN_FPS:.0}"))]),
        }
    }
}

/// The camera's recent pictures, from its start.
#[derive(Clone, Debug, Default)]
pub struct CameraWatch {
    started_ms: f64,
    /// The first picture's size.
    size: Option<(u32, u32)>,
    /// A size different from the first, once seen (it stays: the camera must be restarted).
    changed_to: Option<(u32, u32)>,
    fingerprint: Option<u64>,
    /// When the analysed picture last changed, and when the last one was analysed: a
    /// worker busy for seconds (a model being prepared) analyses nothing meanwhile, which
    /// is not a frozen camera.
    changed_ms: f64,
    analysed_ms: f64,
    /// When the video last showed a new picture.
    arrived_ms: f64,
    /// When new pictures arrived, within the last [`RATE_WINDOW_MS`].
    arrivals: Vec<f64>,
}

impl CameraWatch {
    /// A camera started at `now_ms`.
    pub fn new(now_ms: f64) -> CameraWatch {
        CameraWatch { started_ms: now_ms, changed_ms: now_ms, analysed_ms: now_ms, arrived_ms: now_ms, ..CameraWatch::default() }
    }

    /// A new picture arrived (the video's time moved on), not yet analysed.
    pub fn arrived(&mut self, now_ms: f64) {
        self.arrived_ms = now_ms;
        self.arrivals.push(now_ms);
        self.arrivals.retain(|&t| now_ms - t <= RATE_WINDOW_MS);
    }

    /// An analysed picture: its fingerprint and size.
    pub fn analysed(&mut self, now_ms: f64, fingerprint: u64, size: (u32, u32)) {
        match self.size {
            None => self.size = Some(size),
            Some(first) if first != size && self.changed_to.is_none() => self.changed_to = Some(size),
            Some(_) => {}
        }
        if self.fingerprint != Some(fingerprint) {
            self.fingerprint = Some(fingerprint);
            self.changed_ms = now_ms;
        }
        self.analysed_ms = now_ms;
    }

    /// What is wrong at `now_ms`, the most serious first; None: the picture can be captured.
    pub fn fault(&self, now_ms: f64) -> Option<CameraFault> {
        if let (Some(from), Some(to)) = (self.size, self.changed_to) {
            return Some(CameraFault::ResolutionChanged { from, to });
        }
        if self.analysed_ms - self.changed_ms >= FROZEN_AFTER_MS || now_ms - self.arrived_ms >= NO_PICTURE_AFTER_MS {
            return Some(CameraFault::Frozen);
        }
        // The rate needs a full window of running camera to be judged.
        if now_ms - self.started_ms >= RATE_WINDOW_MS {
            let recent = self.arrivals.iter().filter(|&&t| now_ms - t <= RATE_WINDOW_MS).count();
            let fps = recent as f64 * 1000.0 / RATE_WINDOW_MS;
            if fps < MIN_FPS {
                return Some(CameraFault::LowFrameRate { fps });
            }
        }
        None
    }
}

/// A cheap fingerprint of a picture's pixels (FNV-1a over about 4096 bytes spread across
/// the buffer): equal for a repeated buffer, different for any two frames of a live sensor.
pub fn fingerprint(pixels: &[u8]) -> u64 {
    let step = (pixels.len() / 4096).max(1);
    pixels.iter().step_by(step).fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` pictures at `fps` from `t0`, each changed or the same, as the watch sees them.
    fn feed(watch: &mut CameraWatch, t0: f64, n: usize, fps: f64, changing: bool, size: (u32, u32)) -> f64 {
        let mut t = t0;
        for i in 0..n {
            t = t0 + i as f64 * 1000.0 / fps;
            watch.arrived(t);
            watch.analysed(t, if changing { i as u64 + (t0 as u64) } else { 7 }, size);
        }
        t
    }

    #[test]
    fn a_live_picture_is_fine_and_a_repeated_one_freezes_after_two_seconds_then_recovers() {
        let mut w = CameraWatch::new(0.0);
        let t = feed(&mut w, 0.0, 60, 15.0, true, (640, 480));
        assert_eq!(w.fault(t), None);
        let t = feed(&mut w, t + 66.0, 45, 15.0, false, (640, 480));
        assert_eq!(w.fault(t), Some(CameraFault::Frozen), "3 s of one picture");
        // Frozen from the last change: one second of repeats is not yet frozen.
        let mut w2 = CameraWatch::new(0.0);
        let t2 = feed(&mut w2, 0.0, 15, 15.0, false, (640, 480));
        assert_eq!(w2.fault(t2), None);
        let t = feed(&mut w, t + 66.0, 10, 15.0, true, (640, 480));
        assert_eq!(w.fault(t), None, "moving again");
    }

    #[test]
    fn no_new_picture_at_all_is_frozen_too() {
        let mut w = CameraWatch::new(0.0);
        let t = feed(&mut w, 0.0, 30, 15.0, true, (640, 480));
        assert_eq!(w.fault(t + 1000.0), None);
        assert_eq!(w.fault(t + NO_PICTURE_AFTER_MS + 1.0), Some(CameraFault::Frozen));
    }

    #[test]
    fn a_busy_worker_is_not_a_frozen_camera() {
        let mut w = CameraWatch::new(0.0);
        let t = feed(&mut w, 0.0, 30, 15.0, true, (640, 480));
        // Pictures keep arriving, but none is analysed for 5 s (a model being prepared).
        for i in 1..=75 {
            w.arrived(t + i as f64 * 66.0);
        }
        assert_eq!(w.fault(t + 75.0 * 66.0), None);
    }

    #[test]
    fn a_size_change_stays_until_the_camera_restarts() {
        let mut w = CameraWatch::new(0.0);
        let t = feed(&mut w, 0.0, 20, 15.0, true, (640, 480));
        let t = feed(&mut w, t + 66.0, 20, 15.0, true, (1280, 720));
        let fault = w.fault(t).unwrap();
        assert_eq!(fault, CameraFault::ResolutionChanged { from: (640, 480), to: (1280, 720) });
        assert!(fault.explain(Lang::En).contains("640\u{d7}480 to 1280\u{d7}720"));
        let t = feed(&mut w, t + 66.0, 20, 15.0, true, (640, 480));
        assert!(w.fault(t).is_some(), "back to the first size: earlier frames may still have been captured at the other");
        let mut restarted = CameraWatch::new(t);
        let t = feed(&mut restarted, t, 60, 15.0, true, (1280, 720));
        assert_eq!(restarted.fault(t), None);
    }

    #[test]
    fn a_slow_camera_is_judged_after_a_full_window() {
        let mut w = CameraWatch::new(0.0);
        let t = feed(&mut w, 0.0, 6, 2.0, true, (640, 480));
        assert_eq!(w.fault(t), None, "2.5 s: not judged yet");
        let t = feed(&mut w, t + 500.0, 4, 2.0, true, (640, 480));
        match w.fault(t) {
            Some(CameraFault::LowFrameRate { fps }) => assert!((fps - 2.0).abs() < 0.5, "{fps}"),
            other => panic!("{other:?}"),
        }
        let t = feed(&mut w, t + 100.0, 60, 15.0, true, (640, 480));
        assert_eq!(w.fault(t), None);
    }

    #[test]
    fn the_fingerprint_tells_a_repeated_buffer_from_a_changed_one() {
        let a: Vec<u8> = (0..640 * 480 * 4).map(|i| (i * 7 % 251) as u8).collect();
        let mut b = a.clone();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        // One grey level of sensor noise in a spread of pixels.
        for i in (0..b.len()).step_by(b.len() / 4096 * 37) {
            b[i] = b[i].wrapping_add(1);
        }
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&[]), fingerprint(&[0]));
    }
}
