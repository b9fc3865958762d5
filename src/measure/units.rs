//! Units that must not be mixed up silently.

use serde::{Deserialize, Serialize};

/// A length in millimetres on the face.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millimetres(pub f32);

/// Average horizontal visible iris diameter used to turn pixels into millimetres
/// (MediaPipe Iris assumes 11.7 ± 0.5 mm; Emotrics uses 11.77 mm).
pub const IRIS_DIAMETER_MM: f32 = 11.7;
