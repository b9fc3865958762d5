//! The items a clinician grades, typed: every auto-eFACE item (0-100), every Sunnybrook
//! item (resting eye 0-1, cheek 0-2, mouth 0-1; voluntary movement 1-5; synkinesis 0-3;
//! Ross et al. 1996) and the House-Brackmann grade (I-VI, House & Brackmann 1985).
//! Each item's code is the dotted path the exports use (`auto_eface.brow_at_rest`,
//! `sunnybrook.voluntary.snarl`, `house_brackmann`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// auto-eFACE's items (Banks et al. 2015; clinical_background.md section 2.4), in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EfaceItemName {
    BrowAtRest,
    PalpebralFissureAtRest,
    OralCommissureAtRest,
    BrowElevation,
    GentleEyeClosure,
    FullEyeClosure,
    OralCommissureWithSmile,
    LowerLipEee,
    OcularSynkinesis,
}

impl EfaceItemName {
    pub const ALL: [EfaceItemName; 9] = [
        Self::BrowAtRest,
        Self::PalpebralFissureAtRest,
        Self::OralCommissureAtRest,
        Self::BrowElevation,
        Self::GentleEyeClosure,
        Self::FullEyeClosure,
        Self::OralCommissureWithSmile,
        Self::LowerLipEee,
        Self::OcularSynkinesis,
    ];

    /// The name `scores::auto_eface` gives the item.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BrowAtRest => "brow_at_rest",
            Self::PalpebralFissureAtRest => "palpebral_fissure_at_rest",
            Self::OralCommissureAtRest => "oral_commissure_at_rest",
            Self::BrowElevation => "brow_elevation",
            Self::GentleEyeClosure => "gentle_eye_closure",
            Self::FullEyeClosure => "full_eye_closure",
            Self::OralCommissureWithSmile => "oral_commissure_with_smile",
            Self::LowerLipEee => "lower_lip_eee",
            Self::OcularSynkinesis => "ocular_synkinesis",
        }
    }
}

/// Sunnybrook's resting-symmetry regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RestingRegion {
    Eye,
    Cheek,
    Mouth,
}

impl RestingRegion {
    pub const ALL: [RestingRegion; 3] = [Self::Eye, Self::Cheek, Self::Mouth];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eye => "eye",
            Self::Cheek => "cheek",
            Self::Mouth => "mouth",
        }
    }
}

/// Sunnybrook's five expressions, graded for voluntary movement and for synkinesis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SunnybrookExpression {
    BrowLift,
    GentleEyeClosure,
    OpenMouthSmile,
    Snarl,
    LipPucker,
}

impl SunnybrookExpression {
    pub const ALL: [SunnybrookExpression; 5] = [Self::BrowLift, Self::GentleEyeClosure, Self::OpenMouthSmile, Self::Snarl, Self::LipPucker];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BrowLift => "brow_lift",
            Self::GentleEyeClosure => "gentle_eye_closure",
            Self::OpenMouthSmile => "open_mouth_smile",
            Self::Snarl => "snarl",
            Self::LipPucker => "lip_pucker",
        }
    }
}

/// One item a clinician grades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GradedItem {
    Eface(EfaceItemName),
    SunnybrookResting(RestingRegion),
    SunnybrookVoluntary(SunnybrookExpression),
    SunnybrookSynkinesis(SunnybrookExpression),
    HouseBrackmann,
}

/// What values an item takes: inclusive bounds, and whether only whole numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AllowedValues {
    pub min: f32,
    pub max: f32,
    pub whole: bool,
}

impl AllowedValues {
    pub fn admits(self, value: f32) -> bool {
        value.is_finite() && value >= self.min && value <= self.max && (!self.whole || value.fract() == 0.0)
    }
}

impl GradedItem {
    /// Every item, in report order.
    pub fn all() -> Vec<GradedItem> {
        let mut out: Vec<GradedItem> = EfaceItemName::ALL.into_iter().map(GradedItem::Eface).collect();
        out.extend(RestingRegion::ALL.map(GradedItem::SunnybrookResting));
        out.extend(SunnybrookExpression::ALL.map(GradedItem::SunnybrookVoluntary));
        out.extend(SunnybrookExpression::ALL.map(GradedItem::SunnybrookSynkinesis));
        out.push(GradedItem::HouseBrackmann);
        out
    }

    /// The dotted code, as the FHIR export's FaceGrade measurement codes have it.
    pub fn code(self) -> String {
        match self {
            Self::Eface(i) => format!("auto_eface.{}", i.as_str()),
            Self::SunnybrookResting(r) => format!("sunnybrook.resting.{}", r.as_str()),
            Self::SunnybrookVoluntary(e) => format!("sunnybrook.voluntary.{}", e.as_str()),
            Self::SunnybrookSynkinesis(e) => format!("sunnybrook.synkinesis.{}", e.as_str()),
            Self::HouseBrackmann => "house_brackmann".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<GradedItem> {
        GradedItem::all().into_iter().find(|i| i.code() == code)
    }

    /// The scale the item belongs to, in words.
    pub fn scale(self) -> &'static str {
        match self {
            Self::Eface(_) => "auto-eFACE",
            Self::SunnybrookResting(_) | Self::SunnybrookVoluntary(_) | Self::SunnybrookSynkinesis(_) => "Sunnybrook",
            Self::HouseBrackmann => "House-Brackmann",
        }
    }

    /// The item in words, e.g. "voluntary: snarl".
    pub fn label(self) -> String {
        match self {
            Self::Eface(i) => i.as_str().replace('_', " "),
            Self::SunnybrookResting(r) => format!("resting: {}", r.as_str()),
            Self::SunnybrookVoluntary(e) => format!("voluntary: {}", e.as_str().replace('_', " ")),
            Self::SunnybrookSynkinesis(e) => format!("synkinesis: {}", e.as_str().replace('_', " ")),
            Self::HouseBrackmann => "grade".into(),
        }
    }

    /// The item as the page names it in `lang`: [`GradedItem::label`] in English, the
    /// scales' Japanese item names (the message table) in Japanese.
    pub fn label_in(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{text, Lang, Msg};
        use crate::scores::{auto_eface, sunnybrook};
        if lang == Lang::En {
            return self.label();
        }
        let part = |group: Msg, name: &str| format!("{}：{}", text(group, lang), sunnybrook::item_name_in(name, lang));
        match self {
            Self::Eface(i) => auto_eface::item_name_in(i.as_str(), lang),
            Self::SunnybrookResting(r) => part(Msg::SunnybrookResting, r.as_str()),
            Self::SunnybrookVoluntary(e) => part(Msg::SunnybrookVoluntary, e.as_str()),
            Self::SunnybrookSynkinesis(e) => part(Msg::SunnybrookSynkinesis, e.as_str()),
            Self::HouseBrackmann => text(Msg::HouseBrackmannGradeItem, lang).to_string(),
        }
    }

    /// A value of this item as the report writes it: House-Brackmann in roman numerals,
    /// grades as whole numbers, auto-eFACE items to one decimal.
    pub fn format(self, value: f32) -> String {
        match self {
            Self::HouseBrackmann => ["I", "II", "III", "IV", "V", "VI"].get((value as usize).wrapping_sub(1)).map_or(format!("{value}"), |r| r.to_string()),
            _ if self.allowed().whole => format!("{value:.0}"),
            _ => format!("{value:.1}"),
        }
    }

    /// The values the scale allows for this item.
    pub fn allowed(self) -> AllowedValues {
        let (min, max, whole) = match self {
            Self::Eface(_) => (0.0, 100.0, false),
            Self::SunnybrookResting(RestingRegion::Cheek) => (0.0, 2.0, true),
            Self::SunnybrookResting(_) => (0.0, 1.0, true),
            Self::SunnybrookVoluntary(_) => (1.0, 5.0, true),
            Self::SunnybrookSynkinesis(_) => (0.0, 3.0, true),
            Self::HouseBrackmann => (1.0, 6.0, true),
        };
        AllowedValues { min, max, whole }
    }
}

impl fmt::Display for GradedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl Serialize for GradedItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for GradedItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        GradedItem::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("'{}' is not a graded item", code.chars().take(60).collect::<String>())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_reads_back_from_its_code_and_codes_are_unique() {
        let all = GradedItem::all();
        assert_eq!(all.len(), 9 + 3 + 5 + 5 + 1);
        for item in &all {
            assert_eq!(GradedItem::from_code(&item.code()), Some(*item));
            assert_eq!(serde_json::from_str::<GradedItem>(&serde_json::to_string(item).unwrap()).unwrap(), *item);
        }
        let codes: std::collections::BTreeSet<String> = all.iter().map(|i| i.code()).collect();
        assert_eq!(codes.len(), all.len());
        assert!(serde_json::from_str::<GradedItem>("\"sunnybrook.resting.ear\"").is_err());
    }

    #[test]
    fn allowed_values_follow_each_scale() {
        let cheek = GradedItem::SunnybrookResting(RestingRegion::Cheek).allowed();
        assert!(cheek.admits(2.0) && !cheek.admits(3.0) && !cheek.admits(1.5));
        let voluntary = GradedItem::SunnybrookVoluntary(SunnybrookExpression::Snarl).allowed();
        assert!(!voluntary.admits(0.0) && voluntary.admits(5.0));
        assert!(GradedItem::Eface(EfaceItemName::BrowAtRest).allowed().admits(62.5));
        assert!(!GradedItem::Eface(EfaceItemName::BrowAtRest).allowed().admits(f32::NAN));
        assert!(!GradedItem::HouseBrackmann.allowed().admits(7.0));
    }
}
