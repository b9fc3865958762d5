//! The agreement report (`facegrade agreement`): text and JSON.

use crate::agreement::{AgreementReport, Compared, SeriesAgreement, Statistic};
use std::fmt::Write;

pub fn json(report: &AgreementReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(report)
}

fn line(s: &SeriesAgreement) -> String {
    let icc = match &s.icc {
        Statistic::Computed(i) => match i.ci95 {
            Some([lo, hi]) => format!("ICC {:.2} (95 % CI {lo:.2} to {hi:.2})", i.value),
            None => format!("ICC {:.2} (no interval: perfect agreement)", i.value),
        },
        Statistic::NotComputed(why) => format!("ICC not computed: {why}"),
    };
    let ba = match &s.bland_altman {
        Statistic::Computed(b) => format!("bias {:+.2}, limits {:.2} to {:.2}", b.bias, b.limits_of_agreement[0], b.limits_of_agreement[1]),
        Statistic::NotComputed(why) => format!("Bland-Altman not computed: {why}"),
    };
    let grades = match &s.grades {
        Some(Statistic::Computed(g)) => format!("; exact {}/{} ({:.0} %), within one grade {}/{} ({:.0} %)", g.exact, g.pairs, 100.0 * g.exact_fraction, g.within_one, g.pairs, 100.0 * g.within_one_fraction),
        Some(Statistic::NotComputed(why)) => format!("; grade agreement not computed: {why}"),
        None => String::new(),
    };
    format!("  {:<44} n={:<3} {icc}; {ba}{grades}\n", s.name, s.pairs)
}

pub fn text(report: &AgreementReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Agreement over {} exam(s).\n{}\n", report.exams, report.method);
    for (compared, title) in [(Compared::ScoreItem, "Score items: FaceGrade's suggestion vs the clinician's value"), (Compared::Measurement, "Measurements: model's landmarks vs the clinician's corrections")] {
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
