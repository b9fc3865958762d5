//! The exam report's measurements: every view's values per side with their error bars,
//! "3.1 ± 0.4 mm" (standard uncertainty, 1 SD; see `facegrade::measure::uncertainty`).

use facegrade::measure::uncertainty::with_error_bar;
use facegrade::measure::MeasurementName;
use facegrade::scores::ExamReport;
use leptos::prelude::*;

#[component]
pub fn MeasurementTable(result: ExamReport) -> impl IntoView {
    let rows = result
        .views
        .iter()
        .flat_map(|(view, m)| MeasurementName::ALL.into_iter().filter_map(move |name| Some((*view, name, m.measurements.get(&name)?.clone()))))
        .map(|(view, name, v)| {
            let u = v.uncertainty().map(|u| u.total);
            let (right, left, difference) = (
                with_error_bar(v.right, u.map(|u| u.right), v.unit),
                with_error_bar(v.left, u.map(|u| u.left), v.unit),
                with_error_bar(v.difference, u.map(|u| u.difference), v.unit),
            );
            let within = v.uncertainty().map(|u| u.within_person);
            view! {
                <tr data-view=view.code() data-measurement=name.as_str()
                    data-uncertainty-right=u.map(|u| format!("{:.2}", u.right)).unwrap_or_default()
                    data-uncertainty-left=u.map(|u| format!("{:.2}", u.left)).unwrap_or_default()
                    data-within-person-right=within.map(|u| format!("{:.2}", u.right)).unwrap_or_default()>
                    <td>{view.code().replace('_', " ")}</td>
                    <th>{name.as_str().trim_end_matches("_mm").trim_end_matches("_deg").replace('_', " ")}</th>
                    <td data-side="right">{right}</td>
                    <td data-side="left">{left}</td>
                    <td>{difference}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="exam-measurements">
            <caption>"Measurements per view (subject's right and left): value \u{b1} standard uncertainty (1 SD; the 95 % interval is \u{b1} 1.96 SD). It combines the spread across the picture's analysis views, the iris reading's own spread and, for millimetres, the \u{b1}0.5 mm spread of iris size between people (4.3 % of the value); angles have no scale term. A value without \u{b1} has no stated uncertainty (e.g. corrected by hand)."</caption>
            <thead><tr><th>"View"</th><th>"Measure"</th><th>"Right"</th><th>"Left"</th><th>"Difference"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
