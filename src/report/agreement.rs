//! The agreement report (`facegrade agreement`, the page's agreement view): text, JSON and
//! the words of each statistic.

use crate::agreement::{AgreementReport, Compared, NotComputed, SeriesAgreement, Statistic};
use crate::i18n::{self, fill, Lang, Msg};
use std::fmt::Write;

pub fn json(report: &AgreementReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(report)
}

/// "ICC 0.91 (95 % CI 0.80 to 0.96)", or why it was not computed.
pub fn icc_words(s: &SeriesAgreement) -> String {
    icc_words_in(s, Lang::En)
}

/// The same in `lang`.
pub fn icc_words_in(s: &SeriesAgreement, lang: Lang) -> String {
    let two = |v: f64| format!("{v:.2}");
    match &s.icc {
        Statistic::Computed(i) => match i.ci95 {
            Some([lo, hi]) => fill(Msg::AgreementIccWords, lang, &[("value", &two(i.value)), ("lo", &two(lo)), ("hi", &two(hi))]),
            None => fill(Msg::AgreementIccPerfect, lang, &[("value", &two(i.value))]),
        },
        Statistic::NotComputed(why) => fill(Msg::AgreementIccNotComputed, lang, &[("why", &why_in(why, lang))]),
    }
}

/// "bias +0.40, limits -1.20 to 2.00", or why it was not computed.
pub fn bland_altman_words(s: &SeriesAgreement) -> String {
    bland_altman_words_in(s, Lang::En)
}

/// The same in `lang`.
pub fn bland_altman_words_in(s: &SeriesAgreement, lang: Lang) -> String {
    match &s.bland_altman {
        Statistic::Computed(b) => {
            let [lo, hi] = b.limits_of_agreement;
            fill(Msg::AgreementBiasWords, lang, &[("bias", &format!("{:+.2}", b.bias)), ("lo", &format!("{lo:.2}")), ("hi", &format!("{hi:.2}"))])
        }
        Statistic::NotComputed(why) => fill(Msg::AgreementBlandAltmanNotComputed, lang, &[("why", &why_in(why, lang))]),
    }
}

/// House-Brackmann grades: "exact 3/5 (60 %), within one grade 5/5 (100 %)"; None for
/// other series.
pub fn grade_words(s: &SeriesAgreement) -> Option<String> {
    grade_words_in(s, Lang::En)
}

/// The same in `lang`.
pub fn grade_words_in(s: &SeriesAgreement, lang: Lang) -> Option<String> {
    Some(match s.grades.as_ref()? {
        Statistic::Computed(g) => {
            let percent = |f: f64| format!("{:.0}", 100.0 * f);
            fill(
                Msg::AgreementGradeWords,
                lang,
                &[
                    ("exact", &g.exact.to_string()),
                    ("pairs", &g.pairs.to_string()),
                    ("exact_percent", &percent(g.exact_fraction)),
                    ("within", &g.within_one.to_string()),
                    ("within_percent", &percent(g.within_one_fraction)),
                ],
            )
        }
        Statistic::NotComputed(why) => fill(Msg::AgreementGradesNotComputed, lang, &[("why", &why_in(why, lang))]),
    })
}

/// Why a statistic was not computed, in `lang` (English: its Display).
pub fn why_in(why: &NotComputed, lang: Lang) -> String {
    match why {
        NotComputed::TooFewPairs(n) => fill(Msg::AgreementTooFewPairs, lang, &[("count", &n.to_string())]),
        NotComputed::NoVariance => i18n::text(Msg::AgreementNoVariance, lang).to_string(),
        NotComputed::BadInput => i18n::text(Msg::AgreementBadInput, lang).to_string(),
    }
}

/// The two kinds of series, with their titles.
pub const SECTIONS: [(Compared, Msg); 2] = [(Compared::ScoreItem, Msg::AgreementSectionScoreItems), (Compared::Measurement, Msg::AgreementSectionMeasurements)];

fn line(s: &SeriesAgreement) -> String {
    let grades = grade_words(s).map_or(String::new(), |g| format!("; {g}"));
    format!("  {:<44} n={:<3} {}; {}{grades}\n", s.name, s.pairs, icc_words(s), bland_altman_words(s))
}

pub fn text(report: &AgreementReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Agreement over {} exam(s).\n{}\n", report.exams, report.method);
    for (compared, title) in SECTIONS {
        let title = i18n::text(title, Lang::En);
        let rows: Vec<&SeriesAgreement> = report.series.iter().filter(|s| s.compared == compared).collect();
        let _ = writeln!(out, "{title}:");
        if rows.is_empty() {
            let _ = writeln!(out, "  none in this file");
        }
        rows.into_iter().for_each(|s| out.push_str(&line(s)));
        let _ = writeln!(out);
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "Not compared:");
        report.notes.iter().for_each(|n| {
            let _ = writeln!(out, "  {n}");
        });
    }
    out
}
