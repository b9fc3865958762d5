//! The measurements' names, defined once. The snake_case name with its unit suffix is a
//! public hook: a JSON key of every exported measurement, a CSV column stem, a page
//! attribute and the scores' reference to a measurement. Definitions are in
//! [`super::measurements`] (Emotrics, clinical_background.md section 2.3).

use super::measurements::Unit;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::cmp::Ordering;

/// One clinical measurement, per side of the face.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeasurementName {
    /// Iris centre up to the brow's upper contour.
    #[serde(rename = "brow_height_mm")]
    BrowHeight,
    /// Margin-reflex distance 1: iris centre to the upper lid margin.
    #[serde(rename = "mrd1_mm")]
    Mrd1,
    /// Margin-reflex distance 2: iris centre to the lower lid margin.
    #[serde(rename = "mrd2_mm")]
    Mrd2,
    /// The largest upper-to-lower lid distance.
    #[serde(rename = "palpebral_fissure_height_mm")]
    PalpebralFissureHeight,
    /// The eyeball showing between the lids (0 when the eye image reads closed).
    #[serde(rename = "visible_eyeball_height_mm")]
    VisibleEyeballHeight,
    /// Canthus to canthus.
    #[serde(rename = "palpebral_fissure_width_mm")]
    PalpebralFissureWidth,
    /// Lower-lip midline point to the mouth corner.
    #[serde(rename = "commissure_excursion_mm")]
    CommissureExcursion,
    /// Mouth corner below the line through the medial canthi.
    #[serde(rename = "commissure_height_mm")]
    CommissureHeight,
    /// Horizontal through the lip midline point to the corner, + 90 degrees.
    #[serde(rename = "smile_angle_deg")]
    SmileAngle,
    /// Outer upper lip halfway between midline and corner, below the medial-canthal line.
    #[serde(rename = "upper_lip_height_mm")]
    UpperLipHeight,
    /// Outer lower lip halfway between midline and corner, below the medial-canthal line.
    #[serde(rename = "lower_lip_height_mm")]
    LowerLipHeight,
    /// Inner-lip gap halfway between midline and corner.
    #[serde(rename = "dental_show_mm")]
    DentalShow,
    /// Nasal alar base below the medial-canthal line.
    #[serde(rename = "alar_base_height_mm")]
    AlarBaseHeight,
    /// Alar base to mouth corner, along which the nasolabial fold runs.
    #[serde(rename = "nasolabial_length_mm")]
    NasolabialLength,
}

use MeasurementName::*;

impl MeasurementName {
    /// Every measurement, in report order.
    pub const ALL: [MeasurementName; 14] = [
        BrowHeight,
        Mrd1,
        Mrd2,
        PalpebralFissureHeight,
        VisibleEyeballHeight,
        PalpebralFissureWidth,
        CommissureExcursion,
        CommissureHeight,
        SmileAngle,
        UpperLipHeight,
        LowerLipHeight,
        DentalShow,
        AlarBaseHeight,
        NasolabialLength,
    ];

    /// The unit it is measured in (the stable name's suffix).
    pub const fn unit(self) -> Unit {
        match self {
            SmileAngle => Unit::Degrees,
            _ => Unit::Millimetres,
        }
    }

    /// The stable name (the serde name).
    pub const fn as_str(self) -> &'static str {
        match self {
            BrowHeight => "brow_height_mm",
            Mrd1 => "mrd1_mm",
            Mrd2 => "mrd2_mm",
            PalpebralFissureHeight => "palpebral_fissure_height_mm",
            VisibleEyeballHeight => "visible_eyeball_height_mm",
            PalpebralFissureWidth => "palpebral_fissure_width_mm",
            CommissureExcursion => "commissure_excursion_mm",
            CommissureHeight => "commissure_height_mm",
            SmileAngle => "smile_angle_deg",
            UpperLipHeight => "upper_lip_height_mm",
            LowerLipHeight => "lower_lip_height_mm",
            DentalShow => "dental_show_mm",
            AlarBaseHeight => "alar_base_height_mm",
            NasolabialLength => "nasolabial_length_mm",
        }
    }

    /// The measurement's name for a person, in `lang` ("brow height"; 瞼裂高 ...).
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Msg;
        crate::i18n::text(
            match self {
                BrowHeight => Msg::BrowHeight,
                Mrd1 => Msg::Mrd1,
                Mrd2 => Msg::Mrd2,
                PalpebralFissureHeight => Msg::PalpebralFissureHeight,
                VisibleEyeballHeight => Msg::VisibleEyeballHeight,
                PalpebralFissureWidth => Msg::PalpebralFissureWidth,
                CommissureExcursion => Msg::CommissureExcursion,
                CommissureHeight => Msg::CommissureHeight,
                SmileAngle => Msg::SmileAngle,
                UpperLipHeight => Msg::UpperLipHeight,
                LowerLipHeight => Msg::LowerLipHeight,
                DentalShow => Msg::DentalShow,
                AlarBaseHeight => Msg::AlarBaseHeight,
                NasolabialLength => Msg::NasolabialLength,
            },
            lang,
        )
    }
}

/// The stable names, in report order (the names of [`MeasurementName::ALL`]).
pub const MEASUREMENT_NAMES: [&str; 14] = {
    let mut names = [""; 14];
    let mut i = 0;
    while i < names.len() {
        names[i] = MeasurementName::ALL[i].as_str();
        i += 1;
    }
    names
};

impl std::fmt::Display for MeasurementName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that names no measurement.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a measurement")]
pub struct UnknownMeasurement(pub String);

impl std::str::FromStr for MeasurementName {
    type Err = UnknownMeasurement;

    fn from_str(s: &str) -> Result<Self, UnknownMeasurement> {
        MeasurementName::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| UnknownMeasurement(s.to_string()))
    }
}

/// Ordered by name, so that maps keyed by measurement keep the order (and JSON) they had
/// when keyed by the name itself, and can be looked up by the name ([`Borrow<str>`]).
impl Ord for MeasurementName {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for MeasurementName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Borrow<str> for MeasurementName {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// A measurement equals its stable name (`name == "mrd1_mm"`).
impl PartialEq<&str> for MeasurementName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_reads_back_and_is_its_serde_name() {
        for m in MeasurementName::ALL {
            assert_eq!(m.as_str().parse::<MeasurementName>(), Ok(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
            assert_eq!(serde_json::from_value::<MeasurementName>(m.as_str().into()).unwrap(), m);
        }
        assert!("brow_height".parse::<MeasurementName>().is_err());
        for m in MeasurementName::ALL {
            assert!(m.as_str().ends_with(&format!("_{}", m.unit().code())), "{m}: the name's suffix is its unit");
        }
        let mut sorted = MEASUREMENT_NAMES;
        sorted.sort();
        sorted.windows(2).for_each(|w| assert_ne!(w[0], w[1], "names are distinct"));
    }
}
