//! A scored exam (`facegrade exam`, the page's report): text, CSV and JSON.

use super::csv;
use super::measurements::eye_words;
use crate::measure::uncertainty::with_error_bar;
use crate::measure::MeasurementName;
use crate::scores::auto_eface::EfaceItem;
use crate::scores::sunnybrook::SunnybrookItem;
use crate::scores::ExamReport;
use std::fmt::Write;

/// The exam's JSON: every field in declaration order, pretty-printed.
pub fn json(report: &ExamReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(report)
}

/// The exam's CSV header: one record per view and measurement follows. The last three
/// columns are the standard uncertainties (1 SD, all sources) of right, left and
/// difference, in the record's unit (see [`crate::measure::uncertainty`]).
pub const CSV_HEADER: [&str; 10] = ["view", "measurement", "right", "left", "difference", "severity", "unit", "right_uncertainty", "left_uncertainty", "difference_uncertainty"];

/// The exam's CSV (`facegrade exam --csv`, the page's "Export CSV"): the header, then
/// every view's every measurement in report order, each record ending in a line end. A
/// value that could not be computed is `NaN`; a measurement the view lacks has `NaN`
/// values and empty severity and unit; an unknown uncertainty is empty.
pub fn csv(report: &ExamReport) -> String {
    let mut out = csv::record(&CSV_HEADER) + "\n";
    for (view, m) in &report.views {
        for name in MeasurementName::ALL {
            let mut row = vec![view.code().to_string(), name.to_string()];
            match m.measurements.get(&name) {
                Some(v) => {
                    row.extend([format!("{:.2}", v.right), format!("{:.2}", v.left), format!("{:.2}", v.difference), v.severity.code().into(), v.unit.code().into()]);
                    let u = v.uncertainty().map(|u| u.total);
                    row.extend([u.map(|u| u.right), u.map(|u| u.left), u.map(|u| u.difference)].map(uncertainty_field));
                }
                None => row.extend(["NaN", "NaN", "NaN", "", "", "", "", ""].map(String::from)),
            }
            out += &csv::record(&row);
            out.push('\n');
        }
    }
    out
}

/// An uncertainty as a CSV field: two decimals, empty when unknown.
pub fn uncertainty_field(u: Option<f32>) -> String {
    u.filter(|u| u.is_finite()).map_or(String::new(), |u| format!("{u:.2}"))
}

/// The plain-text report: the notice, pose warnings, eye safety, each view's eyes, the
/// affected side with its votes, auto-eFACE, Sunnybrook, the House-Brackmann estimate
/// (overall and per region) and the Yanagihara estimate.
pub fn text(report: &ExamReport) -> String {
    let mut out = String::new();
    let s = &report.scores;
    let _ = writeln!(out, "{}\n", s.notice);
    for (view, m) in &report.views {
        if !m.pose_within_limits {
            let _ = writeln!(out, "warning: {} view: head turned beyond correction (yaw {:.0}, pitch {:.0} deg); its values are flagged", view.code(), m.pose_deg.yaw, m.pose_deg.pitch);
        }
    }
    let _ = writeln!(out, "{}\n{}\n", s.eye_safety.lagophthalmos.statement, s.eye_safety.ocular_synkinesis.statement);
    let _ = writeln!(out, "Eyes, as each view's eye image shows them:");
    for (view, m) in &report.views {
        let _ = writeln!(out, "  {:<15} right {}; left {}", view.code(), eye_words(&m.eyes.right), eye_words(&m.eyes.left));
    }
    let _ = writeln!(out, "\nMeasurements per view (value \u{b1} standard uncertainty, 1 SD; 95 % interval = \u{b1} 1.96 SD):");
    for (view, m) in &report.views {
        let _ = writeln!(out, "  {}", view.code());
        for name in MeasurementName::ALL {
            let Some(v) = m.measurements.get(&name) else { continue };
            let u = v.uncertainty().map(|u| u.total);
            let _ = writeln!(out, "    {:<30} right {:>16}  left {:>16}", name.as_str(), with_error_bar(v.right, u.map(|u| u.right), v.unit), with_error_bar(v.left, u.map(|u| u.left), v.unit));
        }
    }
    let _ = writeln!(out);
    let a = &s.affected_side;
    let _ = writeln!(out, "Affected side: {} ({:?}, vote {:+.2} toward left)", a.side.name(), a.decided_by, a.vote_toward_left);
    for v in &a.evidence {
        let _ = writeln!(out, "  {:<15} {:<28} left {:>6.1} right {:>6.1} mm -> {}: {} ({:.2})", v.view.code(), v.measurement.as_str(), v.left_mm, v.right_mm, v.points_to.name(), v.sign, v.weight);
    }
    let e = &s.auto_eface;
    let opt = |x: Option<f32>| x.map_or("-".to_string(), |v| format!("{v:.1}"));
    let _ = writeln!(out, "\nauto-eFACE: static {}, dynamic {}, synkinesis {}, total {}{}", opt(e.static_score), opt(e.dynamic_score), opt(e.synkinesis_score), opt(e.total), if e.complete { "" } else { " (incomplete)" });
    let eface_line = |i: &EfaceItem| {
        let uncertain = if i.evidence.uncertain { " uncertain eyelid" } else { "" };
        let not_measured = i.not_measured.as_ref().map_or(String::new(), |r| format!(" not measured: {r}"));
        format!("  {:<28} {:>6} (ratio {:>6} %){uncertain}{not_measured}\n", i.name, opt(i.score), opt(i.ratio_percent))
    };
    e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items).for_each(|i| out.push_str(&eface_line(i)));
    let sb = &s.sunnybrook;
    let range = |r: [f32; 2]| if r[0] == r[1] { format!("{:.0}", r[0]) } else { format!("{:.0}-{:.0}", r[0], r[1]) };
    let _ = writeln!(out, "\nSunnybrook (measurable parts): composite {}, voluntary {}, resting {}, synkinesis {}", range(sb.composite), range(sb.voluntary_score), range(sb.resting_score), range(sb.synkinesis_score));
    let sunnybrook_line = |part: &str, i: &SunnybrookItem| {
        let grade = i.grade.map_or(format!("{}-{}", i.range[0], i.range[1]), |g| g.to_string());
        format!("  {:<11} {:<20} {:>4}  {}\n", part, i.name, grade, i.finding.as_deref().or(i.not_measured.as_deref().map(|_| "not measured")).unwrap_or(""))
    };
    for (part, items) in [("resting", &sb.resting), ("voluntary", &sb.voluntary), ("synkinesis", &sb.synkinesis)] {
        items.iter().for_each(|i| out.push_str(&sunnybrook_line(part, i)));
    }
    let hb = &s.house_brackmann;
    let _ = writeln!(out, "\nHouse-Brackmann estimate: {} ({})\n  {}", hb.label.as_deref().unwrap_or("not estimated"), hb.reason, hb.note);
    if let Some(regions) = &hb.regions {
        let _ = writeln!(out, "  by region (Yen et al. 2003): {}", regions.written);
        for g in &regions.regions {
            let _ = writeln!(out, "    {} {:<9} {}", g.region.letter(), g.region.name(), g.finding.as_deref().or(g.not_measured.as_deref().map(|_| "not measured")).unwrap_or(""));
        }
    }
    if let Some(y) = &s.yanagihara {
        let total = if y.total[0] == y.total[1] { y.total[0].to_string() } else { format!("{}-{}", y.total[0], y.total[1]) };
        let _ = writeln!(out, "\nYanagihara estimate (40-point): {total} / 40");
        for i in &y.items {
            let score = i.score.map_or(format!("{}-{}", i.range[0], i.range[1]), |v| v.to_string());
            let _ = writeln!(out, "  {:<22} {:>4}  {}", i.item.name(), score, i.finding.as_deref().or(i.not_measured.as_deref().map(|_| "not measured")).unwrap_or(""));
        }
    }
    if !s.missing_views.is_empty() {
        let _ = writeln!(out, "\nViews not provided: {}", s.missing_views.iter().map(|e| e.code()).collect::<Vec<_>>().join(", "));
    }
    out
}
