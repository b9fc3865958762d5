//! What the exam report shows, once for every form of it: the page's report (and its print),
//! and the PDF (`facegrade exam --pdf`, the page's "Save PDF"). The headline scores and
//! every item with its rule or reason, as text rows; the renderers only lay them out.

use crate::scores::auto_eface::EfaceItem;
use crate::i18n::{fill, text, Lang, Msg};
use crate::scores::house_brackmann::label_in;
use crate::scores::words::stored_in;
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

/// (data-score name, label, shown value) of the headline scores, in `lang`.
pub fn headline(r: &ExamReport, lang: Lang) -> Vec<(&'static str, &'static str, String)> {
    let n = |v: Option<f32>| v.map_or(text(Msg::NotMeasured, lang).to_string(), |x| format!("{x:.0}"));
    let label = |m: Msg| text(m, lang);
    let eface = &r.scores.auto_eface;
    let [lo, hi] = r.scores.sunnybrook.composite;
    let mut rows = vec![
        ("eface_total", label(Msg::EfaceTotal), n(eface.total)),
        ("eface_static", label(Msg::EfaceStatic), n(eface.static_score)),
        ("eface_dynamic", label(Msg::EfaceDynamic), n(eface.dynamic_score)),
        ("eface_synkinesis", label(Msg::EfaceSynkinesis), n(eface.synkinesis_score)),
        ("sunnybrook_composite", label(Msg::SunnybrookComposite), range_words(format!("{lo:.0}"), format!("{hi:.0}"))),
        ("house_brackmann_estimate", label(Msg::HouseBrackmannEstimate), hb_label(r, lang)),
    ];
    if let Some(y) = &r.scores.yanagihara {
        rows.push(("yanagihara_total", label(Msg::YanagiharaEstimate), range_words(y.total[0], y.total[1])));
    }
    rows
}

/// The House-Brackmann estimate's grade and label in `lang` (the stored label, English,
/// when its grade is off the scale).
fn hb_label(r: &ExamReport, lang: Lang) -> String {
    let hb = &r.scores.house_brackmann;
    match (hb.grade.and_then(|g| label_in(g, lang)), &hb.label) {
        (Some(words), _) => words.to_string(),
        (None, Some(stored)) => stored.clone(),
        (None, None) => text(Msg::NotEstimated, lang).into(),
    }
}

/// Every auto-eFACE, Sunnybrook and Yanagihara item as (scale, item, value, evidence or
/// reason); an item not measured shows the range it could take. All in `lang`: the item
/// names, rules, findings and reasons from the stored results through the table (the
/// English is what the scales stored).
pub fn items(r: &ExamReport, lang: Lang) -> Vec<(String, String, String, String)> {
    let not_measured = |range: String| fill(Msg::RangeNotMeasured, lang, &[("range", &range)]);
    let said = |stored: &Option<String>| stored.as_deref().map(|s| stored_in(s, lang)).unwrap_or_default();
    let mut out: Vec<(String, String, String, String)> = eface_items(r)
        .map(|item| {
            let (value, why) = match item.score {
                Some(s) => (format!("{s:.0}"), item.rule_in(lang)),
                None => (text(Msg::NotMeasured, lang).into(), said(&item.not_measured)),
            };
            ("auto-eFACE".into(), item.name_in(lang), value, why)
        })
        .collect();
    let sb = &r.scores.sunnybrook;
    for (part, list) in [(Msg::SunnybrookResting, &sb.resting), (Msg::SunnybrookVoluntary, &sb.voluntary), (Msg::SunnybrookSynkinesis, &sb.synkinesis)] {
        let part = text(part, lang);
        for item in list {
            let (value, why) = match item.grade {
                Some(g) => (g.to_string(), said(&item.finding)),
                None => (not_measured(range_words(item.range[0], item.range[1])), said(&item.not_measured)),
            };
            out.push((text(Msg::ScaleSunnybrook, lang).into(), format!("{part}: {}", item.name_in(lang)), value, why));
        }
    }
    for item in r.scores.yanagihara.iter().flat_map(|y| &y.items) {
        let (value, why) = match item.score {
            Some(s) => (s.to_string(), said(&item.finding)),
            None => (not_measured(range_words(item.range[0], item.range[1])), said(&item.not_measured)),
        };
        // Spaced words in English: the eFACE items' names are snake_case, and the two scales share some.
        out.push((text(Msg::ScaleYanagihara, lang).into(), item.item.words(lang).to_string(), value, why));
    }
    out
}
