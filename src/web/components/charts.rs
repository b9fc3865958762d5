//! The charts: the report's auto-eFACE items by region as bars, and a patient's trend of
//! one score or measurement over the saved exams.

use crate::exam::ExamState;
use crate::i18n::{words, lang, t};
use facegrade::i18n::Msg;
use facegrade::scores::auto_eface::item_name_in;
use facegrade::scores::ExamReport;
use super::history::change_words;
use crate::trends::{region_bars, trend, TrendPoint};
use crate::ui_text::{region_bars_label, trend_chart, trend_as_table, trend_columns};
use leptos::prelude::*;

/// The report's per-region bars: each auto-eFACE item's score (0-100, 100 = normal).
#[component]
pub fn RegionBars(result: ExamReport) -> impl IntoView {
    const ROW_H: f64 = 18.0;
    const LABEL_W: f64 = 210.0;
    const BAR_W: f64 = 300.0;
    let regions = region_bars(&result);
    let rows: usize = regions.iter().map(|(_, items)| items.len() + 1).sum();
    let mut y = 0.0;
    let mut parts = Vec::new();
    for (region, items) in regions {
        y += ROW_H;
        parts.push(view! { <text x="0" y=format!("{:.0}", y - 4.0) font-weight="bold" font-size="12">{move || t(region)}</text> }.into_any());
        for (item, score) in items {
            y += ROW_H;
            // The stable name in English ("brow at rest"), the item's words in Japanese.
            let label = move || item_name_in(item, lang()).replace('_', " ");
            let bar = match score {
                Some(s) => {
                    // Okabe-Ito bluish green, orange, vermillion: apart for red-green colour blindness;
                    // the number beside each bar says the same.
                    let colour = if s >= 75.0 { "#009e73" } else if s >= 50.0 { "#e69f00" } else { "#d55e00" };
                    view! {
                    <g data-bar=item data-value=format!("{s:.0}")>
                        <rect x=LABEL_W.to_string() y=format!("{:.0}", y - 13.0) width=format!("{:.1}", BAR_W * s.clamp(0.0, 100.0) / 100.0) height="11"
                            fill=colour />
                        <text x=format!("{:.0}", LABEL_W + BAR_W + 6.0) y=format!("{:.0}", y - 4.0) font-size="11">{format!("{s:.0}")}</text>
                    </g>
                    }.into_any()
                }
                None => view! { <g data-bar=item data-value="not measured"><text x=LABEL_W.to_string() y=format!("{:.0}", y - 4.0) font-size="11" fill="#595959">{words(Msg::NotMeasured)}</text></g> }.into_any(),
            };
            parts.push(view! { <g><text x="8" y=format!("{:.0}", y - 4.0) font-size="11">{label}</text>{bar}</g> }.into_any());
        }
    }
    view! {
        <figure id="region-bars">
            <svg viewBox=format!("0 0 {:.0} {:.0}", LABEL_W + BAR_W + 40.0, rows as f64 * ROW_H + 6.0) role="img" aria-label=region_bars_label>
                <line x1=LABEL_W.to_string() x2=LABEL_W.to_string() y1="0" y2=format!("{:.0}", rows as f64 * ROW_H) stroke="#999" />
                <line x1=format!("{:.0}", LABEL_W + BAR_W) x2=format!("{:.0}", LABEL_W + BAR_W) y1="0" y2=format!("{:.0}", rows as f64 * ROW_H) stroke="#ccc" stroke-dasharray="2 2" />
                {parts}
            </svg>
            <figcaption>{words(Msg::RegionBarsCaption)}</figcaption>
        </figure>
    }
}

const TREND_W: f64 = 560.0;
const TREND_H: f64 = 180.0;

/// The trend of one score or measurement over the saved exams of the current pseudonym.
#[component]
pub fn TrendChart(#[prop(into)] metric: Signal<String>) -> impl IntoView {
    let exam = expect_context::<ExamState>();
    move || {
        let who = exam.pseudonym.get();
        let key = metric.get();
        let points = exam.history.with(|h| trend(h, &who, &key));
        if points.is_empty() {
            return view! { <p id="trend-empty" class="hint">{t(Msg::TrendEmpty)}</p> }.into_any();
        }
        let (t0, t1) = (points[0].when_ms, points[points.len() - 1].when_ms.max(points[0].when_ms + 1.0));
        let (lo, hi) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.value), hi.max(p.value)));
        let (lo, hi) = if key.starts_with("rest:") || key == "house_brackmann_grade" { (0.0f64.min(lo), hi.max(lo + 1.0)) } else { (0.0, 100.0f64.max(hi)) };
        let x = move |t: f64| 40.0 + (t - t0) / (t1 - t0) * (TREND_W - 60.0);
        let y = move |v: f64| TREND_H - 20.0 - (v - lo) / (hi - lo) * (TREND_H - 40.0);
        let line: String = points.iter().map(|p| format!("{:.1},{:.1} ", x(p.when_ms), y(p.value))).collect();
        let table = trend_table(&points);
        let dots = points.iter().map(|p| {
            let date = date(p.when_ms);
            // The 95 % interval (± 1.96 u) as a bar; a point beyond measurement error from
            // the baseline is drawn as a filled red dot, one within it as a ring.
            let bar = p.uncertainty.map(|u| {
                let (top, bottom) = (y((p.value + 1.96 * u).min(hi)), y((p.value - 1.96 * u).max(lo)));
                view! { <line x1=format!("{:.1}", x(p.when_ms)) x2=format!("{:.1}", x(p.when_ms)) y1=format!("{top:.1}") y2=format!("{bottom:.1}") stroke="#1b6fa8" stroke-width="1" /> }
            });
            let (real, _) = change_words(p.from_baseline, lang());
            let (fill, stroke) = match real {
                "yes" => ("#d55e00", "#d55e00"),
                "no" => ("white", "#1b6fa8"),
                _ => ("#1b6fa8", "#1b6fa8"),
            };
            view! {
                <g data-trend-point=p.exam_id.clone() data-value=format!("{:.2}", p.value) data-uncertainty=p.uncertainty.map(|u| format!("{u:.2}")).unwrap_or_default() data-real-change=real>
                    {bar}
                    <circle cx=format!("{:.1}", x(p.when_ms)) cy=format!("{:.1}", y(p.value)) r="4" fill=fill stroke=stroke stroke-width="2" />
                    <text x=format!("{:.1}", x(p.when_ms) - 14.0) y=format!("{:.1}", TREND_H - 4.0) font-size="10">{date}</text>
                    <text x=format!("{:.1}", x(p.when_ms) + 6.0) y=format!("{:.1}", y(p.value) - 6.0) font-size="10">{match p.uncertainty { Some(u) => format!("{:.1} \u{b1} {u:.1}", p.value), None => format!("{:.1}", p.value) }}</text>
                </g>
            }
        }).collect_view();
        view! {
            <svg id="trend-chart" viewBox=format!("0 0 {TREND_W} {TREND_H}") role="img" aria-label=trend_chart data-points=points.len().to_string()>
                <text x="0" y="14" font-size="10">{format!("{hi:.0}")}</text>
                <text x="0" y=format!("{:.0}", TREND_H - 20.0) font-size="10">{format!("{lo:.0}")}</text>
                <polyline points=line fill="none" stroke="#1b6fa8" stroke-width="2" />
                {dots}
            </svg>
            {table}
        }.into_any()
    }
}

fn date(ms: f64) -> String {
    String::from(js_sys::Date::new(&ms.into()).to_locale_date_string(crate::i18n::date_locale(), &wasm_bindgen::JsValue::UNDEFINED))
}

/// The trend's text equivalent for screen readers: one row per exam.
fn trend_table(points: &[TrendPoint]) -> impl IntoView {
    let rows = points.iter().map(|p| {
        let value = match p.uncertainty { Some(u) => format!("{:.1} \u{b1} {u:.1}", p.value), None => format!("{:.1}", p.value) };
        view! { <tr><td>{date(p.when_ms)}</td><td>{value}</td><td>{change_words(p.from_baseline, lang()).1}</td></tr> }
    }).collect_view();
    view! {
        <table id="trend-table" class="visually-hidden">
            <caption>{trend_as_table}</caption>
            <thead><tr>{move || trend_columns().map(|c| view! { <th scope="col">{c}</th> })}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
