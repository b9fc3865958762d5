//! What the exam report shows, once for every form of it: the page's report (and its print),
//! and the PDF (`facegrade exam --pdf`, the page's "Save PDF"). The headline scores and
//! every item with its rule or reason, as text rows; the renderers only lay them out.

use crate::scores::auto_eface::EfaceItem;
use crate::scores::ExamReport;

/// Every auto-eFACE item, static, dynamic then synkinesis.
pub fn eface_items(report: &ExamReport) -> impl Iterator<Item = &EfaceItem> {
    let e = &report.scores.auto_eface;
    e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items)
}

/// A range of scores as shown: "12" when both ends agree, "10-22" when items are not
/// measured.
pub fn range_words<T: PartialEq + std::fmt::Display>(lo: T, hi: T) -> String {
    if lo == hi {
        format!("{lo}")
    } else {
        format!("{lo}-{hi}")
    }
}

/// (data-score name, label, shown value) of the headline scores.
pub fn headline(r: &ExamReport) -> Vec<(&'static str, &'static str, String)> {
    let n = |v: Option<f32>| v.map_or("not measured".to_string(), |x| format!("{x:.0}"));
    let eface = &r.scores.auto_eface;
    let [lo, hi] = r.scores.sunnybrook.composite;
    let mut rows = vec![
        ("eface_total", "auto-eFACE total (0-100, 100 = normal)", n(eface.total)),
        ("eface_static", "auto-eFACE static", n(eface.static_score)),
        ("eface_dynamic", "auto-eFACE dynamic", n(eface.dynamic_score)),
        ("eface_synkinesis", "auto-eFACE synkinesis", n(eface.synkinesis_score)),
        ("sunnybrook_composite", "Sunnybrook composite, measurable parts (range over what is not measured)", range_words(format!("{lo:.0}"), format!("{hi:.0}"))),
        ("house_brackmann_estimate", "House-Brackmann estimate", r.scores.house_brackmann.label.clone().unwrap_or_else(|| "not estimated".into())),
    ];
    if let Some(y) = &r.scores.yanagihara {
        rows.push(("yanagihara_total", "Yanagihara estimate (0-40, 40 = normal; range over what is not measured)", range_words(y.total[0], y.total[1])));
    }
    rows
}

/// Every auto-eFACE, Sunnybrook and Yanagihara item as (scale, item, value, evidence or
/// reason); an item not measured shows the range it could take.
pub fn items(r: &ExamReport) -> Vec<(String, String, String, String)> {
    let mut out: Vec<(String, String, String, String)> = eface_items(r)
        .map(|item| {
            let (value, why) = match item.score {
                Some(s) => (format!("{s:.0}"), item.rule.clone()),
                None => ("not measured".into(), item.not_measured.clone().unwrap_or_default()),
            };
            ("auto-eFACE".into(), item.name.clone(), value, why)
        })
        .collect();
    let sb = &r.scores.sunnybrook;
    for (part, list) in [("resting", &sb.resting), ("voluntary", &sb.voluntary), ("synkinesis", &sb.synkinesis)] {
        for item in list {
            let (value, why) = match item.grade {
                Some(g) => (g.to_string(), item.finding.clone().unwrap_or_default()),
                None => (format!("{} (not measured)", range_words(item.range[0], item.range[1])), item.not_measured.clone().unwrap_or_default()),
            };
            out.push(("Sunnybrook".into(), format!("{part}: {}", item.name), value, why));
        }
    }
    for item in r.scores.yanagihara.iter().flat_map(|y| &y.items) {
        let (value, why) = match item.score {
            Some(s) => (s.to_string(), item.finding.clone().unwrap_or_default()),
            None => (format!("{} (not measured)", range_words(item.range[0], item.range[1])), item.not_measured.clone().unwrap_or_default()),
        };
        // Spaced words: the eFACE items' names are snake_case, and the two scales share some.
        out.push(("Yanagihara".into(), item.item.name().replace('_', " "), value, why));
    }
    out
}
