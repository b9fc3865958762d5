//! The agreement report (`facegrade agreement`, the page's agreement view): text, JSON and
//! the words of each statistic.

use crate::agreement::{AgreementReport, Compared, SeriesAgreement, Statistic};
use std::fmt::Write;

pub fn json(report: &AgreementReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(report)
}

/// "ICC 0.91 (95 % CI 0.80 to 0.96)", or why it was not computed.
pub fn icc_words(s: &SeriesAgreement) -> String {
    match &s.icc {
        Statistic::Computed(i) => match i.ci95 {
            Some([lo, hi]) => format!("ICC {:.2} (95 % CI {lo:.2} to {hi:.2})", i.value),
            None => format!("ICC {:.2} (no interval: perfect agreement)", i.value),
        },
        Statistic::NotComputed(why) => format!("ICC not computed: {why}"),
    }
}

/// "bias +0.40, limits -1.20 to 2.00", or why it was not computed.
pub fn bland_altman_words(s: &SeriesAgreement) -> String {
    match &s.bland_altman {
        Statistic::Computed(b) => format!("bias {:+.2}, limits {:.2} to {:.2}", b.bias, b.limits_of_agreement[0], b.limits_of_agreement[1]),
        Statistic::NotComputed(why) => format!("Bland-Altman not computed: {why}"),
    }
}

/// House-Brackmann grades: "exact 3/5 (60 %), within one grade 5/5 (100 %)"; None for
/// other series.
pub fn grade_words(s: &SeriesAgreement) -> Option<String> {
    Some(match s.grades.as_ref()? {
        Statistic::Computed(g) => format!("exact {}/{} ({:.0} %), within one grade {}/{} ({:.0} %)", g.exact, g.pairs, 100.0 * g.exact_fraction, g.within_one, g.pairs, 100.0 * g.within_one_fraction),
        Statistic::NotComputed(why) => format!("grade agreement not computed: {why}"),
    })
}

/// The two kinds of series, with their titles.
pub const SECTIONS: [(Compared, &str); 2] = [(Compared::ScoreItem, "Score items: FaceGrade's suggestion vs the clinician's value"), (Compared::Measurement, "Measurements: model's landmarks vs the clinician's corrections")];

fn line(s: &SeriesAgreement) -> String {
    let grades = grade_words(s).map_or(String::new(), |g| format!("; {g}"));
    format!("  {:<44} n={:<3} {}; {}{grades}\n", s.name, s.pairs, icc_words(s), bland_altman_words(s))
}

pub fn text(report: &AgreementReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Agreement over {} exam(s).\n{}\n", report.exams, report.method);
    for (compared, title) in SECTIONS {
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
