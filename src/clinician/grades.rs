//! The clinician's grades: every automatic item value is a suggestion the clinician
//! accepts or changes, with an optional reason. Each accept or change is one
//! [`ClinicianGrade`] appended to the exam's audit list (never edited or removed), so the
//! list says who set what, when, over which suggestion. An item's value is the last
//! entry's; the totals are recomputed from those values with the scales' own rules
//! ([`auto_eface::assemble`], [`sunnybrook::assemble`]).

use super::context::is_date;
use super::items::{EfaceItemName, GradedItem, RestingRegion, SunnybrookExpression};
use crate::scores::auto_eface::{self, EfaceItem};
use crate::scores::house_brackmann;
use crate::scores::sunnybrook::{self, SunnybrookItem};
use crate::scores::ExamScores;
use crate::i18n::{fill, text, Lang, Msg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest reason and clinician name kept (a reason is a sentence, not a letter).
pub const MAX_REASON_CHARS: usize = 500;
pub const MAX_NAME_CHARS: usize = 60;

/// One accept or change in the audit list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClinicianGrade {
    pub item: GradedItem,
    /// The automatic value when the clinician graded the item; None when FaceGrade did not
    /// measure it (the clinician grades what landmarks cannot see, e.g. the cheek).
    pub suggested: Option<f32>,
    pub clinician_value: f32,
    /// Why, when the clinician said.
    #[serde(default)]
    pub reason: Option<String>,
    /// The clinician's name or initials, as typed on the page.
    pub by: String,
    /// When, as the clinician's clock had it (ISO 8601, UTC).
    pub at: String,
}

impl ClinicianGrade {
    /// The clinician kept the suggestion.
    pub fn accepted(&self) -> bool {
        self.suggested == Some(self.clinician_value)
    }

    /// The entry in words, e.g. "changed FaceGrade's value 3 to 4: closes with effort".
    /// The audit list's line: when, who, which item, what was done and why.
    pub fn audit_line(&self) -> String {
        self.audit_line_in(Lang::En)
    }

    /// [`ClinicianGrade::audit_line`] in `lang` (the clinician's own reason as written).
    pub fn audit_line_in(&self, lang: Lang) -> String {
        format!("{} {}: {} {}: {}", self.at, self.by, self.item.scale(), self.item.label_in(lang), self.describe_in(lang))
    }

    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// What was done, in `lang`, then the clinician's reason.
    pub fn describe_in(&self, lang: Lang) -> String {
        let value = self.item.format(self.clinician_value);
        let what = match self.suggested {
            Some(_) if self.accepted() => fill(Msg::AuditAccepted, lang, &[("value", &value)]),
            Some(s) => fill(Msg::AuditChanged, lang, &[("from", &self.item.format(s)), ("value", &value)]),
            None => fill(Msg::AuditGraded, lang, &[("value", &value)]),
        };
        match self.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(reason) => format!("{what}: {reason}"),
            None => what,
        }
    }

    /// Err says what is wrong with the entry: a value outside the item's scale, no name,
    /// a name, reason or time too long or with control characters.
    pub fn check(&self) -> Result<(), String> {
        self.check_in(Lang::En)
    }

    /// The same, saying what is wrong in `lang`.
    pub fn check_in(&self, lang: Lang) -> Result<(), String> {
        let allowed = self.item.allowed();
        if !allowed.admits(self.clinician_value) {
            let msg = if allowed.whole { Msg::GradeOffScaleWhole } else { Msg::GradeOffScaleNumber };
            let (min, max, value) = (allowed.min.to_string(), allowed.max.to_string(), self.clinician_value.to_string());
            return Err(fill(msg, lang, &[("item", &self.item.code()), ("min", &min), ("max", &max), ("value", &value)]));
        }
        let plain = |s: &str, max: usize| s.chars().count() <= max && !s.chars().any(char::is_control);
        if self.by.trim().is_empty() || !plain(&self.by, MAX_NAME_CHARS) {
            return Err(fill(Msg::GradeNeedsName, lang, &[("max", &MAX_NAME_CHARS.to_string())]));
        }
        if self.reason.as_deref().is_some_and(|r| !plain(r, MAX_REASON_CHARS)) {
            return Err(fill(Msg::GradeReasonTooLong, lang, &[("max", &MAX_REASON_CHARS.to_string())]));
        }
        if !is_date_time(&self.at) {
            return Err(text(Msg::GradeTimeNotDate, lang).into());
        }
        Ok(())
    }
}

/// A UTC time as browsers' `toISOString` and FHIR R4 `dateTime` write it:
/// YYYY-MM-DDThh:mm:ss[.fff]Z.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() >= 20 && s.len() <= 30 && s.is_ascii() && is_date(&s[..10]) && b[10] == b'T' && s.ends_with('Z')
        && b[13] == b':' && b[16] == b':' && s[11..13].parse::<u8>().is_ok_and(|h| h < 24) && s[14..16].parse::<u8>().is_ok_and(|m| m < 60)
        && s[17..19].parse::<u8>().is_ok_and(|x| x < 60) && (s.len() == 20 || (b[19] == b'.' && s[20..s.len() - 1].bytes().all(|c| c.is_ascii_digit()) && s.len() > 21))
}

/// Each graded item's latest entry: the clinician's current value.
pub fn current(grades: &[ClinicianGrade]) -> BTreeMap<GradedItem, &ClinicianGrade> {
    grades.iter().map(|g| (g.item, g)).collect()
}

fn eface_item(scores: &ExamScores, name: EfaceItemName) -> Option<&EfaceItem> {
    let e = &scores.auto_eface;
    e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items).find(|i| i.name == name.as_str())
}

fn sunnybrook_item<'a>(items: &'a [SunnybrookItem], name: &str) -> Option<&'a SunnybrookItem> {
    items.iter().find(|i| i.name == name)
}

/// FaceGrade's value for the item: what the report suggests; None when not measured.
pub fn suggestion(scores: &ExamScores, item: GradedItem) -> Option<f32> {
    let sb = &scores.sunnybrook;
    match item {
        GradedItem::Eface(name) => eface_item(scores, name)?.score,
        GradedItem::SunnybrookResting(r) => sunnybrook_item(&sb.resting, r.as_str())?.grade.map(f32::from),
        GradedItem::SunnybrookVoluntary(e) => sunnybrook_item(&sb.voluntary, e.as_str())?.grade.map(f32::from),
        GradedItem::SunnybrookSynkinesis(e) => sunnybrook_item(&sb.synkinesis, e.as_str())?.grade.map(f32::from),
        GradedItem::HouseBrackmann => scores.house_brackmann.grade.map(f32::from),
    }
}

fn set_eface(items: &mut [EfaceItem], values: &BTreeMap<GradedItem, f32>) {
    for item in items {
        let id = EfaceItemName::ALL.into_iter().find(|n| n.as_str() == item.name).map(GradedItem::Eface);
        if let Some(v) = id.and_then(|id| values.get(&id)) {
            item.score = Some(*v);
            item.not_measured = None;
        }
    }
}

fn set_sunnybrook(items: &mut [SunnybrookItem], values: &BTreeMap<GradedItem, f32>, id: impl Fn(&str) -> Option<GradedItem>) {
    for item in items {
        if let Some(v) = id(&item.name).and_then(|id| values.get(&id)) {
            let grade = *v as u8;
            item.grade = Some(grade);
            item.range = [grade, grade];
            item.not_measured = None;
        }
    }
}

/// The exam's scores with the clinician's values in place of the suggestions, and the
/// auto-eFACE subscores and total and the Sunnybrook part scores and composite computed
/// again from them. A House-Brackmann grade the clinician set replaces the estimate (the
/// estimate is not recomputed from the other items: House-Brackmann is a judgement of the
/// whole face). Entries that fail [`ClinicianGrade::check`] are ignored; the page and the
/// import refuse them before they are kept.
pub fn final_scores(suggested: &ExamScores, grades: &[ClinicianGrade]) -> ExamScores {
    let values: BTreeMap<GradedItem, f32> = current(grades).into_iter().filter(|(_, g)| g.check().is_ok()).map(|(i, g)| (i, g.clinician_value)).collect();
    let mut scores = suggested.clone();
    if values.is_empty() {
        return scores;
    }
    let e = &suggested.auto_eface;
    let (mut s, mut d, mut k) = (e.static_items.clone(), e.dynamic_items.clone(), e.synkinesis_items.clone());
    for items in [&mut s, &mut d, &mut k] {
        set_eface(items, &values);
    }
    scores.auto_eface = auto_eface::assemble(s, d, k);
    let sb = &suggested.sunnybrook;
    let (mut r, mut v, mut y) = (sb.resting.clone(), sb.voluntary.clone(), sb.synkinesis.clone());
    let expression = |name: &str| SunnybrookExpression::ALL.into_iter().find(|e| e.as_str() == name);
    set_sunnybrook(&mut r, &values, |name| RestingRegion::ALL.into_iter().find(|r| r.as_str() == name).map(GradedItem::SunnybrookResting));
    set_sunnybrook(&mut v, &values, |name| expression(name).map(GradedItem::SunnybrookVoluntary));
    set_sunnybrook(&mut y, &values, |name| expression(name).map(GradedItem::SunnybrookSynkinesis));
    scores.sunnybrook = sunnybrook::assemble(r, v, y);
    if let Some(grade) = values.get(&GradedItem::HouseBrackmann) {
        let hb = &mut scores.house_brackmann;
        hb.grade = Some(*grade as u8);
        hb.label = house_brackmann::label(*grade as u8).map(str::to_string);
        hb.reason = "the clinician's grade".into();
        hb.note = format!("Graded by the clinician; FaceGrade's estimate from measurable criteria was {}.", suggested.house_brackmann.label.as_deref().unwrap_or("not made"));
    }
    scores
}
