//! FaceGrade's suggested value of every score item, under the names a clinician's values
//! are given in: "auto_eface.<item>" and its subscores, "sunnybrook.<part>.<item>" and
//! "sunnybrook.composite", "house_brackmann.grade" and
//! "house_brackmann.<forehead|eye|nose|mouth>", "yanagihara.<item>" and
//! "yanagihara.total". Only values FaceGrade measured are
//! suggestions: an unmeasured item, or a Sunnybrook composite or Yanagihara total that is still a range, has
//! none.

use super::Scale;
use crate::scores::ExamScores;
use std::collections::BTreeMap;

/// Item name -> FaceGrade's suggested value.
pub fn suggested_values(scores: &ExamScores) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut put = |name: String, value: Option<f64>| {
        if let Some(v) = value.filter(|v| v.is_finite()) {
            out.insert(name, v);
        }
    };
    let e = &scores.auto_eface;
    for i in e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items) {
        put(format!("auto_eface.{}", i.name), i.score.map(f64::from));
    }
    for (name, v) in [("static", e.static_score), ("dynamic", e.dynamic_score), ("synkinesis", e.synkinesis_score), ("total", e.total)] {
        put(format!("auto_eface.{name}"), v.map(f64::from));
    }
    let sb = &scores.sunnybrook;
    for (part, items) in [("resting", &sb.resting), ("voluntary", &sb.voluntary), ("synkinesis", &sb.synkinesis)] {
        for i in items {
            put(format!("sunnybrook.{part}.{}", i.name), i.grade.map(f64::from));
        }
    }
    put("sunnybrook.composite".into(), (sb.composite[0] == sb.composite[1]).then_some(f64::from(sb.composite[0])));
    put("house_brackmann.grade".into(), scores.house_brackmann.grade.map(f64::from));
    for r in scores.house_brackmann.regions.iter().flat_map(|g| &g.regions) {
        put(format!("house_brackmann.{}", r.region.name()), r.grade.map(f64::from));
    }
    if let Some(y) = &scores.yanagihara {
        for i in &y.items {
            put(format!("yanagihara.{}", i.item.name()), i.score.map(f64::from));
        }
        put("yanagihara.total".into(), (y.total[0] == y.total[1]).then_some(f64::from(y.total[0])));
    }
    out
}

/// The scale an item's values are on.
pub fn scale_of(item: &str) -> Scale {
    if item.starts_with("house_brackmann.") {
        Scale::HouseBrackmannGrade
    } else {
        Scale::Continuous
    }
}
