//! The physical constant that turns image pixels into millimetres.

/// Average horizontal visible iris diameter used to turn pixels into millimetres
/// (MediaPipe Iris assumes 11.7 ± 0.5 mm; Emotrics uses 11.77 mm).
pub const IRIS_DIAMETER_MM: f32 = 11.7;
