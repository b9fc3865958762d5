//! A facial nerve record's context, as the clinician types it: cause, onset date, phase,
//! treatments with dates and a free-text note. All optional; kept with the exam on the
//! device and exported only in the files the clinician makes.

use crate::i18n::{fill, text, Lang, Msg};
use serde::{Deserialize, Serialize};

/// The palsy's cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Idiopathic (Bell's palsy).
    Bells,
    /// Herpes zoster oticus (Ramsay Hunt syndrome).
    RamsayHunt,
    /// After surgery (e.g. vestibular schwannoma, parotid).
    AfterSurgery,
    Trauma,
    Other,
}

impl Cause {
    pub const ALL: [Cause; 5] = [Cause::Bells, Cause::RamsayHunt, Cause::AfterSurgery, Cause::Trauma, Cause::Other];

    pub fn code(self) -> &'static str {
        match self {
            Cause::Bells => "bells",
            Cause::RamsayHunt => "ramsay_hunt",
            Cause::AfterSurgery => "after_surgery",
            Cause::Trauma => "trauma",
            Cause::Other => "other",
        }
    }

    /// In English, as exports and the PDF write it.
    pub fn words(self) -> &'static str {
        self.words_in(Lang::En)
    }

    pub fn words_in(self, lang: Lang) -> &'static str {
        text(
            match self {
                Cause::Bells => Msg::CauseBells,
                Cause::RamsayHunt => Msg::CauseRamsayHunt,
                Cause::AfterSurgery => Msg::CauseAfterSurgery,
                Cause::Trauma => Msg::CauseTrauma,
                Cause::Other => Msg::CauseOther,
            },
            lang,
        )
    }

    pub fn from_code(code: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The palsy's phase: flaccid (weakness) or synkinetic (aberrant regeneration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Flaccid,
    Synkinetic,
}

impl Phase {
    pub const ALL: [Phase; 2] = [Phase::Flaccid, Phase::Synkinetic];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Flaccid => "flaccid",
            Phase::Synkinetic => "synkinetic",
        }
    }

    /// In `lang` (English: the code).
    pub fn words_in(self, lang: Lang) -> &'static str {
        text(if self == Phase::Flaccid { Msg::PhaseFlaccid } else { Msg::PhaseSynkinetic }, lang)
    }

    pub fn from_code(code: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A treatment the record lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreatmentKind {
    Steroids,
    LidWeight,
    BotulinumToxin,
    Surgery,
}

impl TreatmentKind {
    pub const ALL: [TreatmentKind; 4] = [TreatmentKind::Steroids, TreatmentKind::LidWeight, TreatmentKind::BotulinumToxin, TreatmentKind::Surgery];

    pub fn code(self) -> &'static str {
        match self {
            TreatmentKind::Steroids => "steroids",
            TreatmentKind::LidWeight => "lid_weight",
            TreatmentKind::BotulinumToxin => "botulinum_toxin",
            TreatmentKind::Surgery => "surgery",
        }
    }

    /// In English, as exports and the PDF write it.
    pub fn words(self) -> &'static str {
        self.words_in(Lang::En)
    }

    pub fn words_in(self, lang: Lang) -> &'static str {
        text(
            match self {
                TreatmentKind::Steroids => Msg::TreatmentSteroids,
                TreatmentKind::LidWeight => Msg::TreatmentLidWeight,
                TreatmentKind::BotulinumToxin => Msg::TreatmentBotulinumToxin,
                TreatmentKind::Surgery => Msg::TreatmentSurgery,
            },
            lang,
        )
    }

    pub fn from_code(code: &str) -> Option<TreatmentKind> {
        TreatmentKind::ALL.into_iter().find(|t| t.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Treatment {
    pub kind: TreatmentKind,
    /// When given (YYYY-MM-DD); None when the clinician gave no date.
    #[serde(default)]
    pub date: Option<String>,
}

/// The record's context. Every field optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClinicalContext {
    #[serde(default)]
    pub cause: Option<Cause>,
    /// Onset date (YYYY-MM-DD).
    #[serde(default)]
    pub onset: Option<String>,
    #[serde(default)]
    pub phase: Option<Phase>,
    #[serde(default)]
    pub treatments: Vec<Treatment>,
    #[serde(default)]
    pub note: String,
}

pub const MAX_NOTE_CHARS: usize = 2000;

/// A calendar date as FHIR R4 `date` and HTML date inputs write it: YYYY-MM-DD with a
/// month 1-12 and a day that month has.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !s.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

impl ClinicalContext {
    pub fn is_empty(&self) -> bool {
        *self == ClinicalContext::default()
    }

    /// Err says which field is wrong: a date that is not YYYY-MM-DD, a note too long.
    pub fn check(&self) -> Result<(), String> {
        self.check_in(Lang::En)
    }

    /// The same, saying which field is wrong in `lang`.
    pub fn check_in(&self, lang: Lang) -> Result<(), String> {
        let shown = |d: &str| d.chars().take(20).collect::<String>();
        if let Some(onset) = self.onset.as_deref().filter(|d| !is_date(d)) {
            return Err(fill(Msg::ContextOnsetNotDate, lang, &[("date", &shown(onset))]));
        }
        for t in &self.treatments {
            if let Some(date) = t.date.as_deref().filter(|d| !is_date(d)) {
                return Err(fill(Msg::ContextTreatmentNotDate, lang, &[("treatment", t.kind.words_in(lang)), ("date", &shown(date))]));
            }
        }
        if self.note.chars().count() > MAX_NOTE_CHARS {
            return Err(fill(Msg::ContextNoteTooLong, lang, &[("max", &MAX_NOTE_CHARS.to_string())]));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        for ok in ["2026-02-28", "2024-02-29", "2000-02-29", "2026-12-31"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in ["2026-02-29", "1900-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-32", "", "2026-01-01T00:00", "+026-01-01"] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_context_reads_back_and_checks_its_dates() {
        let c = ClinicalContext { cause: Some(Cause::RamsayHunt), onset: Some("2026-10-01".into()), phase: Some(Phase::Flaccid), treatments: vec![Treatment { kind: TreatmentKind::Steroids, date: Some("2026-10-02".into()) }], note: "ear pain".into() };
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"ramsay_hunt\"") && json.contains("\"steroids\""), "{json}");
        assert_eq!(serde_json::from_str::<ClinicalContext>(&json).unwrap(), c);
        assert_eq!(serde_json::from_str::<ClinicalContext>("{}").unwrap(), ClinicalContext::default());
        assert!(c.check().is_ok());
        let bad = ClinicalContext { treatments: vec![Treatment { kind: TreatmentKind::LidWeight, date: Some("yesterday".into()) }], ..c };
        assert!(bad.check().unwrap_err().contains("upper eyelid weight"));
    }
}
