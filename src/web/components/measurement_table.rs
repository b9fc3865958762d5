//! The exam report's measurements: every view's values per side with their error bars,
//! "3.1 ± 0.4 mm" (standard uncertainty, 1 SD; see `facegrade::measure::uncertainty`).

use facegrade::measure::uncertainty::with_error_bar_in;
use facegrade::measure::MeasurementName;
use facegrade::scores::ExamReport;
use facegrade::i18n::{text, Lang, Msg};
use leptos::prelude::*;

#[component]
pub fn MeasurementTable(result: ExamReport, lang: Lang) -> impl IntoView {
    let rows = result
        .views
        .iter()
        .flat_map(|(view, m)| MeasurementName::ALL.into_iter().filter_map(move |name| Some((*view, name, m.measurements.get(&name)?.clone()))))
        .map(|(view, name, v)| {
            let u = v.uncertainty().map(|u| u.total);
            let (right, left, difference) = (
                with_error_bar_in(v.right, u.map(|u| u.right), v.unit, lang),
                with_error_bar_in(v.left, u.map(|u| u.left), v.unit, lang),
                with_error_bar_in(v.difference, u.map(|u| u.difference), v.unit, lang),
            );
            let within = v.uncertainty().map(|u| u.within_person);
            view! {
                <tr data-view=view.code() data-measurement=name.as_str()
                    data-uncertainty-right=u.map(|u| format!("{:.2}", u.right)).unwrap_or_default()
                    data-uncertainty-left=u.map(|u| format!("{:.2}", u.left)).unwrap_or_default()
                    data-within-person-right=within.map(|u| format!("{:.2}", u.right)).unwrap_or_default()>
                    <td>{view.name(lang)}</td>
                    <th>{name.label(lang)}</th>
                    <td data-side="right">{right}</td>
                    <td data-side="left">{left}</td>
                    <td>{difference}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="exam-measurements">
            <caption>{text(Msg::MeasurementsCaption, lang)}</caption>
            <thead><tr><th>{text(Msg::ViewHeader, lang)}</th><th>{text(Msg::MeasureHeader, lang)}</th><th>{text(Msg::RightHeader, lang)}</th><th>{text(Msg::LeftHeader, lang)}</th><th>{text(Msg::DifferenceHeader, lang)}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
