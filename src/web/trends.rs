//! Numbers across saved exams: a patient's trend per score or measurement, the
//! side-by-side comparison of two exams (before / after), and the report's per-region
//! bars. Pure (no web types), so it is tested natively.

use super::saved_exam::ExamRecord;
use facegrade::i18n::{fill, text, Lang, Msg};
use facegrade::measure::uncertainty::{real_change, ChangeVerdict};
use facegrade::measure::{Expression, MeasurementName};
use facegrade::scores::ExamReport;

/// Items of auto-eFACE by region, for the report's bar chart (scores 0-100, 100 = normal).
pub const REGIONS: [(Msg, &[&str]); 3] = [
    (Msg::RegionsBrow, &["brow_at_rest", "brow_elevation"]),
    (Msg::RegionsEyes, &["palpebral_fissure_at_rest", "gentle_eye_closure", "full_eye_closure"]),
    (Msg::RegionsMouth, &["oral_commissure_at_rest", "oral_commissure_with_smile", "lower_lip_eee"]),
];

/// What can be followed over time: (key, label in `lang`). Scores, each auto-eFACE item,
/// and each measurement's left/right difference at rest.
pub fn metrics(lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        ("eface_total", Msg::MetricEfaceTotal),
        ("eface_static", Msg::MetricEfaceStatic),
        ("eface_dynamic", Msg::MetricEfaceDynamic),
        ("eface_synkinesis", Msg::MetricEfaceSynkinesis),
        ("house_brackmann_grade", Msg::MetricHouseBrackmann),
    ]
    .iter()
    .map(|(k, l)| (k.to_string(), text(*l, lang).to_string()))
    .collect();
    for (_, items) in REGIONS {
        for item in items {
            out.push((format!("item:{item}"), fill(Msg::MetricEfaceItem, lang, &[("item", &item.replace('_', " "))])));
        }
    }
    // English keeps the measurement's code in words (as before); Japanese its label.
    for name in MeasurementName::ALL {
        let measure = match lang {
            Lang::En => name.as_str().replace('_', " "),
            Lang::Ja => name.label(lang).to_string(),
        };
        out.push((format!("rest:{name}"), fill(Msg::MetricRestDifference, lang, &[("measure", &measure)])));
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
/// A metric's within-person standard uncertainty in an exam (the part that does not
/// cancel between two exams of one person; see `facegrade::measure::uncertainty`): a
/// measurement's left/right difference at rest has one; the scores state none.
pub fn metric_uncertainty(result: &ExamReport, key: &str) -> Option<f64> {
    let name: MeasurementName = key.strip_prefix("rest:")?.parse().ok()?;
    let u = result.views.get(&Expression::Rest)?.measurements.get(&name)?.uncertainty()?.within_person.difference;
    u.is_finite().then_some(f64::from(u))
}


/// An auto-eFACE item's score, if measured.
fn eface_item(result: &ExamReport, name: &str) -> Option<f32> {
    eface_items(result).find(|i| i.name == name).and_then(|i| i.score)
}

/// A saved exam's value of a metric with its within-person uncertainty, if it is scored
/// and has the value.
fn record_value(r: &ExamRecord, key: &str) -> Option<(f64, Option<f64>)> {
    let report = r.report()?;
    Some((metric_value(&report, key)?, metric_uncertainty(&report, key)))
}

/// A change from `before` to `after` against measurement error (MDC95 from both
/// within-person uncertainties); None when either lacks a value or an uncertainty.
fn verdict(before: Option<(f64, Option<f64>)>, after: Option<(f64, Option<f64>)>) -> Option<ChangeVerdict> {
    let ((b, bu), (a, au)) = (before?, after?);
    real_change(b as f32, bu? as f32, a as f32, au? as f32)
}

/// One exam's value on a trend.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    pub exam_id: String,
    pub when_ms: f64,
    pub value: f64,
    /// Within-person standard uncertainty, where the metric states one.
    pub uncertainty: Option<f64>,
    /// The change from the baseline (the first exam) against measurement error; None for
    /// the baseline itself and where either exam has no uncertainty.
    pub from_baseline: Option<ChangeVerdict>,
}

/// The scored exams of one pseudonym, oldest first, with their value of `key`, each
/// later one against the first (the baseline).
pub fn trend(records: &[ExamRecord], pseudonym: &str, key: &str) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = records
        .iter()
        .filter(|r| r.pseudonym == pseudonym)
        .filter_map(|r| {
            let (value, uncertainty) = record_value(r, key)?;
            Some(TrendPoint { exam_id: r.id.clone(), when_ms: r.created_ms, value, uncertainty, from_baseline: None })
        })
        .collect();
    points.sort_by(|a, b| a.when_ms.total_cmp(&b.when_ms));
    if let Some(baseline) = points.first().map(|p| (p.value, p.uncertainty)) {
        for p in points.iter_mut().skip(1) {
            p.from_baseline = verdict(Some(baseline), Some((p.value, p.uncertainty)));
        }
    }
    points
}

/// One line of a before/after comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonRow {
    pub key: String,
    pub label: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// The change against measurement error; None where a side has no uncertainty.
    pub verdict: Option<ChangeVerdict>,
}

impl ComparisonRow {
    pub fn change(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }
}

/// Every metric of two exams side by side (the earlier one first); rows where neither
/// exam has a value are left out.
pub fn compare(a: &ExamRecord, b: &ExamRecord, lang: Lang) -> (String, String, Vec<ComparisonRow>) {
    let (first, second) = if a.created_ms <= b.created_ms { (a, b) } else { (b, a) };
    let rows = metrics(lang)
        .into_iter()
        .map(|(key, label)| {
            let (before, after) = (record_value(first, &key), record_value(second, &key));
            ComparisonRow { before: before.map(|v| v.0), after: after.map(|v| v.0), verdict: verdict(before, after), key, label }
        })
        .filter(|r| r.before.is_some() || r.after.is_some())
        .collect();
    (first.id.clone(), second.id.clone(), rows)
}

/// One region's bars: (item, score or None when not measured).
pub type RegionBars = (Msg, Vec<(&'static str, Option<f64>)>);

/// The report's bars: per region, each auto-eFACE item's score (None = not measured).
pub fn region_bars(result: &ExamReport) -> Vec<RegionBars> {
    REGIONS.iter().map(|(region, items)| (*region, items.iter().map(|i| (*i, eface_item(result, i).map(f64::from))).collect())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_exams::{report, right_eye_exam, with_uncertainty};
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
        let (before, after, rows) = compare(&exam("late", "P", 9.0, 80.0, Some(70.0), 1.0), &exam("early", "P", 1.0, 50.0, None, 3.0), Lang::En);
        assert_eq!((before.as_str(), after.as_str()), ("early", "late"));
        let total = rows.iter().find(|r| r.key == "eface_total").unwrap();
        assert_eq!((total.before, total.after, total.change()), (Some(50.0), Some(80.0), Some(30.0)));
        let smile = rows.iter().find(|r| r.key == "item:oral_commissure_with_smile").unwrap();
        assert_eq!((smile.before, smile.change()), (None, None));
        assert!(rows.iter().all(|r| r.key != "eface_dynamic"), "no value on either side: no row");
        assert_eq!(total.verdict, None, "scores state no uncertainty: no verdict");
        let scored = exam("e", "P", 1.0, 1.0, Some(42.0), 0.0).report().unwrap();
        assert_eq!(region_bars(&scored)[2].1[1], ("oral_commissure_with_smile", Some(42.0)));
    }

    #[test]
    fn a_change_is_called_real_only_beyond_the_mdc_of_both_exams() {
        let key = "rest:commissure_height_mm";
        let exam_u = |id: &str, when: f64, difference: f32, u: f32| {
            let mut r = exam(id, "P", when, 50.0, None, difference);
            let mut result = r.report().unwrap();
            with_uncertainty(&mut result, Rest, CommissureHeight, u);
            r.result = serde_json::to_value(result).ok();
            r
        };
        // MDC95 with u = 0.5 on both: 1.96 x sqrt(2) x 0.5 = 1.39 mm.
        let records = vec![exam_u("a", 1.0, 4.0, 0.5), exam_u("b", 2.0, 3.0, 0.5), exam_u("c", 3.0, 2.0, 0.5), exam("d", "P", 4.0, 50.0, None, 0.0)];
        let t = trend(&records, "P", key);
        assert_eq!(t[0].from_baseline, None, "the baseline");
        assert_eq!(t[0].uncertainty, Some(0.5));
        let b = t[1].from_baseline.unwrap();
        assert!(!b.exceeds_error && (b.mdc95 - 1.386).abs() < 1e-3 && (b.change + 1.0).abs() < 1e-6, "{b:?}");
        assert!(t[2].from_baseline.unwrap().exceeds_error, "2 mm beyond 1.39 mm");
        assert_eq!(t[3].from_baseline, None, "no uncertainty: no verdict");
        let (_, _, rows) = compare(&records[2], &records[0], Lang::En);
        let row = rows.iter().find(|r| r.key == key).unwrap();
        assert!(row.verdict.unwrap().exceeds_error && row.change() == Some(-2.0));
    }
}
