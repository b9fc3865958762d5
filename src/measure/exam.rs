//! A standard exam: one frame per expression, measured with one calibration.
//!
//! The views are those of the MEEI / auto-eFACE protocol plus the snarl of Sunnybrook and
//! the Sir Charles Bell Society (clinical_background.md section 6): rest, brow raise,
//! gentle and tight eye closure, small and big smile, pucker, show lower teeth, snarl.
//! Three optional steps add what the Yanagihara scale grades and the protocol lacks
//! (section 8): a blink, a wink (the affected eye closing alone) and lower-lip depression.

use super::calibration::{calibrate, Calibration, KnownScale};
use super::name::MeasurementName;
use super::measurements::{measure_with_calibration, FaceMeasurements};
use crate::engine::face_landmarks::FaceLandmarks;
use crate::i18n::{text, Lang, Msg};
use crate::side::Side;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One view of the exam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expression {
    Rest,
    BrowRaise,
    GentleClosure,
    TightClosure,
    SmallSmile,
    BigSmile,
    Pucker,
    LowerTeeth,
    Snarl,
    /// Yanagihara's blink: the most-closed frame of a few natural blinks.
    Blink,
    /// Yanagihara's wink: the affected eye closing alone, the other kept open.
    Wink,
    /// Yanagihara's lower-lip depression: the lower lip pulled down.
    LowerLipDepression,
}

impl Expression {
    /// In exam order.
    pub const ALL: [Expression; 9] = [
        Expression::Rest,
        Expression::BrowRaise,
        Expression::GentleClosure,
        Expression::TightClosure,
        Expression::SmallSmile,
        Expression::BigSmile,
        Expression::Pucker,
        Expression::LowerTeeth,
        Expression::Snarl,
    ];

    /// The optional steps Yanagihara's scale adds, in exam order (after [`Self::ALL`]).
    pub const YANAGIHARA: [Expression; 3] = [Expression::Blink, Expression::Wink, Expression::LowerLipDepression];

    /// Every view FaceGrade knows: the protocol's, then Yanagihara's.
    pub const EVERY: [Expression; 12] = {
        let mut every = [Expression::Rest; 12];
        let mut i = 0;
        while i < 12 {
            every[i] = if i < 9 { Expression::ALL[i] } else { Expression::YANAGIHARA[i - 9] };
            i += 1;
        }
        every
    };

    /// The stable name used in JSON (same as the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Expression::Rest => "rest",
            Expression::BrowRaise => "brow_raise",
            Expression::GentleClosure => "gentle_closure",
            Expression::TightClosure => "tight_closure",
            Expression::SmallSmile => "small_smile",
            Expression::BigSmile => "big_smile",
            Expression::Pucker => "pucker",
            Expression::LowerTeeth => "lower_teeth",
            Expression::Snarl => "snarl",
            Expression::Blink => "blink",
            Expression::Wink => "wink",
            Expression::LowerLipDepression => "lower_lip_depression",
        }
    }

    /// The command-line flag naming this view's image.
    pub fn flag(self) -> &'static str {
        match self {
            Expression::Rest => "--rest",
            Expression::BrowRaise => "--brow-raise",
            Expression::GentleClosure => "--gentle-closure",
            Expression::TightClosure => "--tight-closure",
            Expression::SmallSmile => "--small-smile",
            Expression::BigSmile => "--big-smile",
            Expression::Pucker => "--pucker",
            Expression::LowerTeeth => "--lower-teeth",
            Expression::Snarl => "--snarl",
            Expression::Blink => "--blink",
            Expression::Wink => "--wink",
            Expression::LowerLipDepression => "--lower-lip-depression",
        }
    }

    /// What the patient is asked to do, in plain words, in `lang`.
    pub fn instruction(self, lang: Lang) -> &'static str {
        text(
            match self {
                Expression::Rest => Msg::DoRest,
                Expression::BrowRaise => Msg::DoBrowRaise,
                Expression::GentleClosure => Msg::DoGentleClosure,
                Expression::TightClosure => Msg::DoTightClosure,
                Expression::SmallSmile => Msg::DoSmallSmile,
                Expression::BigSmile => Msg::DoBigSmile,
                Expression::Pucker => Msg::DoPucker,
                Expression::LowerTeeth => Msg::DoLowerTeeth,
                Expression::Snarl => Msg::DoSnarl,
                Expression::Blink => Msg::DoBlink,
                Expression::Wink => Msg::DoWink,
                Expression::LowerLipDepression => Msg::DoLowerLipDepression,
            },
            lang,
        )
    }

    /// The view's name for a person, in `lang` ("brow raise"; 額のしわ寄せ as in the
    /// Yanagihara scale).
    pub fn name(self, lang: Lang) -> &'static str {
        text(
            match self {
                Expression::Rest => Msg::ViewRest,
                Expression::BrowRaise => Msg::ViewBrowRaise,
                Expression::GentleClosure => Msg::ViewGentleClosure,
                Expression::TightClosure => Msg::ViewTightClosure,
                Expression::SmallSmile => Msg::ViewSmallSmile,
                Expression::BigSmile => Msg::ViewBigSmile,
                Expression::Pucker => Msg::ViewPucker,
                Expression::LowerTeeth => Msg::ViewLowerTeeth,
                Expression::Snarl => Msg::ViewSnarl,
                Expression::Blink => Msg::ViewBlink,
                Expression::Wink => Msg::ViewWink,
                Expression::LowerLipDepression => Msg::ViewLowerLipDepression,
            },
            lang,
        )
    }

    /// The snarl (not in the auto-eFACE set) and Yanagihara's steps are optional; the rest
    /// are needed for scores.
    pub fn optional(self) -> bool {
        self == Expression::Snarl || self.yanagihara_step()
    }

    /// One of the steps only Yanagihara's scale uses ([`Self::YANAGIHARA`]).
    pub fn yanagihara_step(self) -> bool {
        Expression::YANAGIHARA.contains(&self)
    }

    pub fn from_code(code: &str) -> Option<Expression> {
        Expression::EVERY.into_iter().find(|e| e.code() == code)
    }

    /// How far into this expression a frame is (larger = further), for picking the peak
    /// frame of a capture: the mean over both sides of the measurement the expression
    /// moves most (brow height for a brow raise, fissure height for eye closures,
    /// commissure excursion for smiles and the pucker, dental show for the lower teeth,
    /// alar base lift for the snarl, the fissure for a blink, the more closed eye's fissure
    /// for a wink, the lower lip's drop for lower-lip depression). At rest every frame
    /// scores alike (the first good one is kept).
    pub fn peak_score(self, m: &FaceMeasurements) -> f32 {
        let mean = |name: MeasurementName| m.measurements.get(&name).map_or(f32::NAN, |v| (v.left + v.right) / 2.0);
        match self {
            Expression::Rest => 0.0,
            Expression::BrowRaise => mean(MeasurementName::BrowHeight),
            Expression::GentleClosure | Expression::TightClosure => -mean(MeasurementName::PalpebralFissureHeight),
            Expression::SmallSmile | Expression::BigSmile => mean(MeasurementName::CommissureExcursion),
            Expression::Pucker => -mean(MeasurementName::CommissureExcursion),
            Expression::LowerTeeth => mean(MeasurementName::DentalShow),
            Expression::Snarl => -mean(MeasurementName::AlarBaseHeight),
            Expression::Blink => -mean(MeasurementName::PalpebralFissureHeight),
            Expression::Wink => -m.measurements.get(&MeasurementName::PalpebralFissureHeight).map_or(f32::NAN, |v| v.left.min(v.right)),
            Expression::LowerLipDepression => mean(MeasurementName::LowerLipHeight),
        }
    }
}

/// The measured views of one exam.
#[derive(Clone, Debug, Serialize)]
pub struct ExamMeasurements {
    /// The view whose iris calibration all views share.
    pub calibration_reference: Expression,
    pub calibration: Calibration,
    /// Millimetres per unit of the frontal (canonical) face: the subject's own scale,
    /// constant across expressions, which carries the calibration between views.
    pub mm_per_frontal_unit: f32,
    pub views: BTreeMap<Expression, FaceMeasurements>,
}

/// Measures every view with one calibration. Closed eyes hide the iris, so each frame's
/// own iris reading is not used: the reference view's (rest if present, else the view
/// whose iris reading is most trusted) mm per frontal unit is carried to every view
/// through that view's own rigid-fit scale. A `known` scale, if given, applies to the
/// reference view. None when no view has a frontal face (no canonical face).
pub fn measure_exam(faces: &BTreeMap<Expression, FaceLandmarks>, known: Option<KnownScale>, affected: Option<Side>) -> Option<ExamMeasurements> {
    let usable: Vec<(Expression, &FaceLandmarks)> = faces.iter().filter(|(_, f)| f.pixels_per_frontal_unit > 0.0).map(|(e, f)| (*e, f)).collect();
    let calibrated: Vec<(Expression, &FaceLandmarks, Calibration)> = usable.iter().map(|&(e, f)| (e, f, calibrate(f, known))).collect();
    let (reference, reference_face, calibration) = calibrated
        .iter()
        .find(|(e, _, _)| *e == Expression::Rest)
        .or_else(|| calibrated.iter().max_by(|a, b| a.2.confidence.total_cmp(&b.2.confidence)))
        .copied()?;
    let mm_per_frontal_unit = calibration.mm_per_px * reference_face.pixels_per_frontal_unit;
    let views = usable
        .iter()
        .filter_map(|&(e, f)| {
            let carried = Calibration { mm_per_px: mm_per_frontal_unit / f.pixels_per_frontal_unit, ..calibration };
            Some((e, measure_with_calibration(f, carried, affected)?))
        })
        .collect();
    Some(ExamMeasurements { calibration_reference: reference, calibration, mm_per_frontal_unit, views })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_serde_names_and_round_trip() {
        assert_eq!(Expression::EVERY[..9], Expression::ALL);
        assert_eq!(Expression::EVERY[9..], Expression::YANAGIHARA);
        for e in Expression::EVERY {
            assert_eq!(serde_json::to_value(e).unwrap(), e.code());
            assert_eq!(Expression::from_code(e.code()), Some(e));
            assert_eq!(e.flag(), format!("--{}", e.code().replace('_', "-")));
        }
    }
}
