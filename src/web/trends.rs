//! Numbers across saved exams: a patient's trend per score or measurement, the
//! side-by-side comparison of two exams (before / after), and the report's per-region
//! bars. Pure (no web types), so it is tested natively.

use super::saved_exam::ExamRecord;
use facegrade::measure::{Expression, MeasurementName};
use facegrade::scores::ExamReport;

/// Items of auto-eFACE by region, for the report's bar chart (scores 0-100, 100 = normal).
pub const REGIONS: [(&str, &[&str]); 3] = [
    ("Brow", &["brow_at_rest", "brow_elevation"]),
    ("Eyes", &["palpebral_fissure_at_rest", "gentle_eye_closure", "full_eye_closure"]),
    ("Mouth", &["oral_commissure_at_rest", "oral_commissure_with_smile", "lower_lip_eee"]),
];

/// What can be followed over time: (key, label). Scores, each auto-eFACE item, and each
/// measurement's left/right difference at rest.
pub fn metrics() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        ("eface_total", "auto-eFACE total"),
        ("eface_static", "auto-eFACE static"),
        ("eface_dynamic", "auto-eFACE dynamic"),
        ("eface_synkinesis", "auto-eFACE synkinesis"),
        ("house_brackmann_grade", "House-Brackmann estimate (1 = I .. 6 = VI)"),
    ]
    .iter()
    .map(|(k, l)| (k.to_string(), l.to_string()))
    .collect();
    for (_, items) in REGIONS {
        for item in items {
            out.push((format!("item:{item}"), format!("auto-eFACE item: {}", item.replace('_', " "))));
        }
    }
    for name in MeasurementName::ALL {
        out.push((format!("rest:{name}"), format!("at rest, left/right difference: {}", name.as_str().replace('_', " "))));
    }
    out
}

/// The value of a metric in a scored exam; None where it was not measured.
pub fn metric_value(result: &ExamReport, key: &str) -> Option<f64> {
    let eface = &result.scores.auto_eface;
    let value = match key {
        "eface_total" => eface.total,
        "eface_static" => eface.static_score,
        "eface_dynamic" => eface.dynamic_score,
        "eface_synkinesis" => eface.synkinesis_score,
        "house_brackmann_grade" => result.scores.house_brackmann.grade.map(f32::from),
        _ => {
            if let Some(item) = key.strip_prefix("item:") {
                eface_item(result, item)
            } else if let Some(name) = key.strip_prefix("rest:") {
                let name: MeasurementName = name.parse().ok()?;
                result.views.get(&Expression::Rest)?.measurements.get(&name).map(|m| m.difference.abs())
            } else {
                None
            }
        }
    };
    value.map(f64::from)
}

pub use facegrade::report::printed::eface_items;

/// An auto-eFACE item's score, if measured.
fn eface_item(result: &ExamReport, name: &str) -> Option<f32> {
    eface_items(result).find(|i| i.name == name).and_then(|i| i.score)
}

/// A saved exam's value of a metric, if it is scored and has it.
fn record_value(r: &ExamRecord, key: &str) -> Option<f64> {
    metric_value(&r.report()?, key)
}

/// One exam's value on a trend.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    pub exam_id: String,
    pub when_ms: f64,
    pub value: f64,
}

/// The scored exams of one pseudonym, oldest first, with their value of `key`.
pub fn trend(records: &[ExamRecord], pseudonym: &str, key: &str) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = records
        .iter()
        .filter(|r| r.pseudonym == pseudonym)
        .filter_map(|r| Some(TrendPoint { exam_id: r.id.clone(), when_ms: r.created_ms, value: record_value(r, key)? }))
        .collect();
    points.sort_by(|a, b| a.when_ms.total_cmp(&b.when_ms));
    points
}

/// One line of a before/after comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonRow {
    pub key: String,
    pub label: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl ComparisonRow {
    pub fn change(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }
}

/// Every metric of two exams side by side (the earlier one first); rows where neither
/// exam has a value are left out.
pub fn compare(a: &ExamRecord, b: &ExamRecord) -> (String, String, Vec<ComparisonRow>) {
    let (first, second) = if a.created_ms <= b.created_ms { (a, b) } else { (b, a) };
    let rows = metrics()
        .into_iter()
        .map(|(key, label)| {
            let value = |r: &ExamRecord| record_value(r, &key);
            ComparisonRow { before: value(first), after: value(second), key, label }
        })
        .filter(|r| r.before.is_some() || r.after.is_some())
        .collect();
    (first.id.clone(), second.id.clone(), rows)
}

/// One region's bars: (item, score or None when not measured).
pub type RegionBars = (&'static str, Vec<(&'static str, Option<f64>)>);

/// The report's bars: per region, each auto-eFACE item's score (None = not measured).
pub fn region_bars(result: &ExamReport) -> Vec<RegionBars> {
    REGIONS.iter().map(|(region, items)| (*region, items.iter().map(|i| (*i, eface_item(result, i).map(f64::from))).collect())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_exams::{report, right_eye_exam};
    use facegrade::measure::Expression::Rest;
    use facegrade::measure::MeasurementName::CommissureHeight;

    fn exam(id: &str, who: &str, when: f64, total: f32, smile: Option<f32>, rest_commissure_difference: f32) -> ExamRecord {
        let mut scores = right_eye_exam();
        let eface = &mut scores.auto_eface;
        (eface.total, eface.dynamic_score) = (Some(total), None);
        eface.dynamic_items.retain(|i| i.name == "oral_commissure_with_smile");
        eface.dynamic_items[0].score = smile;
        let result = report(scores, &[(Rest, CommissureHeight, 0.0, rest_commissure_difference)]);
        ExamRecord { result: serde_json::to_value(result).ok(), ..ExamRecord::new(id.into(), who.into(), when) }
    }

    #[test]
    fn a_trend_follows_one_patient_in_time_order() {
        let records = vec![exam("c", "P-1", 3.0, 80.0, Some(70.0), -1.0), exam("a", "P-1", 1.0, 50.0, Some(20.0), -4.0), exam("x", "P-2", 2.0, 99.0, None, 0.0)];
        let t = trend(&records, "P-1", "eface_total");
        assert_eq!(t.iter().map(|p| (p.exam_id.as_str(), p.value)).collect::<Vec<_>>(), [("a", 50.0), ("c", 80.0)]);
        assert_eq!(trend(&records, "P-1", "rest:commissure_height_mm").iter().map(|p| p.value).collect::<Vec<_>>(), [4.0, 1.0]);
        assert_eq!(trend(&records, "P-1", "item:oral_commissure_with_smile").len(), 2);
        assert!(trend(&records, "P-2", "item:oral_commissure_with_smile").is_empty(), "not measured is no point");
        assert!(trend(&records, "P-1", "eface_dynamic").is_empty());
        assert!(trend(&records, "P-1", "rest:no_such_measurement").is_empty());
    }

    #[test]
    fn a_comparison_puts_the_earlier_exam_first() {
        let (before, after, rows) = compare(&exam("late", "P", 9.0, 80.0, Some(70.0), 1.0), &exam("early", "P", 1.0, 50.0, None, 3.0));
        assert_eq!((before.as_str(), after.as_str()), ("early", "late"));
        let total = rows.iter().find(|r| r.key == "eface_total").unwrap();
        assert_eq!((total.before, total.after, total.change()), (Some(50.0), Some(80.0), Some(30.0)));
        let smile = rows.iter().find(|r| r.key == "item:oral_commissure_with_smile").unwrap();
        assert_eq!((smile.before, smile.change()), (None, None));
        assert!(rows.iter().all(|r| r.key != "eface_dynamic"), "no value on either side: no row");
        let scored = exam("e", "P", 1.0, 1.0, Some(42.0), 0.0).report().unwrap();
        assert_eq!(region_bars(&scored)[2].1[1], ("oral_commissure_with_smile", Some(42.0)));
    }
}
