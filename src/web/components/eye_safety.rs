//! The exam report's eye-safety panel, at the top of the report: the lagophthalmos
//! statement (can the affected eye close?), the gap each eye leaves on gentle and tight
//! closure (healthy eye beside the affected), then ocular synkinesis: how much each eye
//! narrows in the big smile and the pucker, with the suggested Sunnybrook synkinesis point
//! marked as a suggestion. From the core's scores (`facegrade::scores::eye_safety`); prints
//! with the report.

use crate::eye_report::{eye_heading, eye_order, gap_words, narrowing_words, no_negative_zero};
use facegrade::scores::eye_safety::{Lagophthalmos, OcularSynkinesis};
use facegrade::scores::EyeSafety as EyeSafetyFindings;
use facegrade::i18n::{fill, text, Lang, Msg};
use leptos::prelude::*;

#[component]
pub fn EyeSafety(safety: EyeSafetyFindings, lang: Lang) -> impl IntoView {
    let s = safety;
    let lag = s.lagophthalmos;
    let syn = s.ocular_synkinesis;
    let order = eye_order(lag.affected);
    let incomplete = match lag.affected_incomplete {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    let gap_rows = lag
        .per_view
        .iter()
        .map(|g| {
            let cells = order
                .iter()
                .map(|&side| {
                    let gap = *g.gap_mm.get(side);
                    view! { <td data-gap-side=side.name() data-gap-mm=gap.map(|v| format!("{v:.1}")).unwrap_or_default()>{gap_words(gap, lang)}</td> }
                })
                .collect_view();
            let why = g.not_measured_in(lang).map(|w| fill(Msg::NotMeasuredBecause, lang, &[("why", &w)])).unwrap_or_else(|| if g.evidence.uncertain { text(Msg::EyelidsUncertain, lang).into() } else { String::new() });
            view! { <tr data-closure-view=g.view.code()><th>{g.view.name(lang)}</th>{cells}<td class="eye-note">{why}</td></tr> }
        })
        .collect_view();
    let syn_order = eye_order(Some(syn.affected));
    let narrowing_rows = syn
        .per_view
        .iter()
        .map(|n| {
            let cells = syn_order
                .iter()
                .map(|&side| {
                    let (mm, pct) = (*n.narrowing_mm.get(side), *n.narrowing_percent.get(side));
                    view! {
                        <td data-narrowing-side=side.name() data-narrowing-mm=mm.map(|v| format!("{v:.1}")).unwrap_or_default()
                            data-narrowing-percent=pct.map(|v| format!("{v:.0}")).unwrap_or_default()>{narrowing_words(mm, pct, lang)}</td>
                    }
                })
                .collect_view();
            let excess = n.excess_mm.map_or("-".to_string(), |e| format!("{:+.1} mm", no_negative_zero(e, 10.0)));
            let point = match (n.suggested_point, n.not_measured_in(lang)) {
                (Some(p), _) => fill(Msg::Suggestion, lang, &[("point", &p.to_string())]),
                (None, Some(why)) => fill(Msg::NotMeasuredBecause, lang, &[("why", &why)]),
                (None, None) => text(Msg::NotMeasured, lang).to_string(),
            };
            view! {
                <tr data-narrowing-view=n.view.code()>
                    <th>{n.view.name(lang)}</th>
                    {cells}
                    <td data-excess-mm=n.excess_mm.map(|v| format!("{v:.1}")).unwrap_or_default()>{excess}</td>
                    <td data-suggested-point=n.suggested_point.map(|p| p.to_string()).unwrap_or_default() data-suggestion=if n.suggestion { "yes" } else { "no" }>{point}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section id="eye-safety" data-eye-safety="shown">
            <p id="lagophthalmos-statement" class="eye-statement" data-lagophthalmos-statement=lag.statement.clone() data-affected-incomplete=incomplete>
                {lag.statement_in(lang)}
            </p>
            <table id="lagophthalmos-table" class="eye-table">
                <caption>{text(Msg::ClosureCaption, lang)}</caption>
                <thead><tr><th>{text(Msg::ViewHeader, lang)}</th>{order.iter().map(|&s| view! { <th>{eye_heading(s, lag.affected, false, lang)}</th> }).collect_view()}<th></th></tr></thead>
                <tbody>{gap_rows}</tbody>
            </table>
            <p class="rule">{Lagophthalmos::rule_in(lang)}</p>
            <h3>{text(Msg::OcularSynkinesisHeading, lang)}</h3>
            <p id="ocular-synkinesis-statement" data-synkinesis-statement=syn.statement.clone()>{syn.statement_in(lang)}</p>
            <table id="ocular-synkinesis-table" class="eye-table">
                <caption>{text(Msg::NarrowingCaption, lang)}</caption>
                <thead><tr>
                    <th>{text(Msg::ViewHeader, lang)}</th>
                    {syn_order.iter().map(|&s| view! { <th>{eye_heading(s, Some(syn.affected), syn.affected_side_unclear, lang)}</th> }).collect_view()}
                    <th>{text(Msg::AffectedMinusHealthy, lang)}</th>
                    <th>{text(Msg::SuggestedSynkinesisPoint, lang)}</th>
                </tr></thead>
                <tbody>{narrowing_rows}</tbody>
            </table>
            <p id="synkinesis-note" class="note">{OcularSynkinesis::note_in(lang)}</p>
            <p class="rule">{OcularSynkinesis::rule_in(lang)}</p>
        </section>
    }
}
