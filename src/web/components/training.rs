//! The "improve the model" panel: the training set's counts and frames, fine-tuning with
//! progress, and the landmark models with their held-out errors. What each action does is
//! `training.rs`.

use facegrade::finetune::trainer::Stage;
use crate::i18n::{words, lang, say, t as tr};
use crate::live::Analysis;
use crate::training::{active_label, cancel, delete_model, export_model, export_set, import_model, import_set, set_excluded, start, use_model, collect, with_chosen_file, Training};
use facegrade::finetune::dataset::TrainingRegion;
use facegrade::finetune::{ModelCard, TrainingSet};
use facegrade::i18n::{fill, Msg};
use leptos::prelude::*;

fn card_view(id: String, card: ModelCard, t: Training) -> impl IntoView {
    let active = t.active.get_untracked().as_deref() == Some(id.as_str());
    let (use_id, export_id, delete_id) = (id.clone(), id.clone(), id.clone());
    let rows = card.held_out_error.iter().map(|(region, e)| {
        let px = |v: Option<f32>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
        view! { <tr data-region=region.clone()><td>{region.clone()}</td><td>{px(e.before_px)}</td><td>{px(e.after_px)}</td><td>{e.points}</td></tr> }
    }).collect_view();
    let (frames, groups) = (card.held_out_frames.to_string(), card.held_out_groups.to_string());
    let held = move || if card.held_out_frames == 0 { tr(Msg::NoHeldOutFrames).to_string() } else { fill(Msg::HeldOutFrames, lang(), &[("frames", &frames), ("groups", &groups)]) };
    let training = card.training_error;
    let training_line = move || match (training.before_px, training.after_px) {
        (Some(b), Some(a)) => fill(Msg::TrainingFramesError, lang(), &[("before", &format!("{b:.2}")), ("after", &format!("{a:.2}"))]),
        _ => String::new(),
    };
    let (used, used_groups, layers) = (card.frames_used.to_string(), card.groups_used.to_string(), card.heads_trained.join(", "));
    view! {
        <li class="model-card" data-model-id=id.clone() data-active=active.to_string()>
            <strong>{card.name.clone()}</strong>" · "{card.created.chars().take(10).collect::<String>()}
            " · "{move || fill(Msg::ModelCardSummary, lang(), &[("frames", &used), ("groups", &used_groups), ("layers", &layers)])}
            <p>{held}" "{training_line}</p>
            <table class="model-errors"><thead><tr><th>{words(Msg::TrainingRegion)}</th><th>{words(Msg::HeldOutBefore)}</th><th>{words(Msg::HeldOutAfter)}</th><th>{words(Msg::ModelPoints)}</th></tr></thead><tbody>{rows}</tbody></table>
            <p class="hint">{card.note.clone()}</p>
            <div class="controls">
                {if active {
                    view! { <span class="active-marker">{words(Msg::ModelInUse)}</span> }.into_any()
                } else {
                    view! { <button data-action="use-model" on:click=move |_| use_model(t, Some(use_id.clone()))>{words(Msg::UseThisModel)}</button> }.into_any()
                }}
                <button data-action="export-model" on:click=move |_| export_model(t, export_id.clone())>{words(Msg::ExportModel)}</button>
                <button data-action="delete-model" prop:disabled=active on:click=move |_| delete_model(t, delete_id.clone())>{words(Msg::DeleteModel)}</button>
            </div>
        </li>
    }
}

#[component]
pub fn TrainingPanel() -> impl IntoView {
    let t = expect_context::<Training>();
    let worker = expect_context::<Analysis>();
    view! {
        <section id="training">
            <h2>{words(Msg::TrainingHeading)}</h2>
            <p class="hint">{words(Msg::TrainingHint)}</p>
            <div class="controls">
                <button data-action="collect-training" on:click=move |_| collect(t, worker)>{words(Msg::CollectTraining)}</button>
                <button data-action="export-training" on:click=move |_| export_set(t)>{words(Msg::ExportTraining)}</button>
                <label>{words(Msg::ImportTrainingLabel)}
                    <input type="file" accept=".json,application/json" data-action="import-training" on:change=move |ev| with_chosen_file(&ev, |file| import_set(t, file)) />
                </label>
            </div>
            <p id="training-note" class:hidden=move || t.note.get().is_none()>{move || t.note.get().map(|n| say(&n)).unwrap_or_default()}</p>
            <p id="training-error" class="error" class:hidden=move || t.error.get().is_none()>{move || t.error.get().map(|e| say(&e)).unwrap_or_default()}</p>
            <table id="training-counts">
                <thead><tr><th>{words(Msg::TrainingRegion)}</th><th>{words(Msg::TrainingFrames)}</th><th>{words(Msg::TrainingCorrectedPoints)}</th></tr></thead>
                <tbody>
                    {move || {
                        let counts = TrainingSet::new(t.frames.get()).counts();
                        let lang = lang();
                        TrainingRegion::ALL.iter().map(|r| {
                            let c = counts.get(r).copied().unwrap_or_default();
                            view! { <tr data-region=r.name()><td>{r.word(lang)}</td><td data-frames=c.frames.to_string()>{c.frames}</td><td>{c.points}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <ul id="training-frames" data-count=move || t.frames.get().len().to_string()>
                <For each=move || t.frames.get() key=|f| (f.id.clone(), f.excluded) children=move |f| {
                    let id = f.id.clone();
                    let corrected = f.corrected_per_region();
                    let regions = move || corrected.iter().map(|(r, n)| format!("{} {n}", r.word(lang()))).collect::<Vec<_>>().join(", ");
                    view! {
                        <li data-frame-id=f.id.clone() data-excluded=f.excluded.to_string()>
                            {if f.source.is_empty() { f.id.clone() } else { f.source.clone() }}" · "{regions}" "
                            <label><input type="checkbox" data-action="exclude-frame" prop:checked=f.excluded on:change=move |ev| set_excluded(t, id.clone(), event_target_checked(&ev)) />{words(Msg::TrainingLeaveOut)}</label>
                        </li>
                    }
                } />
            </ul>
            <div class="controls">
                <button data-action="start-finetune" prop:disabled=move || t.tuning.get().is_some() || t.frames.get().iter().all(|f| f.excluded) on:click=move |_| start(t, worker)>{words(Msg::StartFinetune)}</button>
                <button data-action="cancel-finetune" prop:disabled=move || t.tuning.get().is_none() on:click=move |_| cancel(worker)>{words(Msg::CancelFinetune)}</button>
            </div>
            {move || t.tuning.get().map(|p| {
                let elapsed = (js_sys::Date::now() - p.started_ms) / 1000.0;
                let eta = if p.done > 0 { fill(Msg::FinetuneEta, lang(), &[("seconds", &format!("{:.0}", elapsed * (p.total - p.done.min(p.total)) as f64 / p.done as f64))]) } else { String::new() };
                let loss = p.error_px.map_or(String::new(), |e| fill(Msg::FinetuneLoss, lang(), &[("px", &format!("{e:.2}"))]));
                view! {
                    <div id="finetune-progress" data-done=p.done.to_string() data-total=p.total.to_string()>
                        <progress max=p.total.to_string() value=p.done.to_string()></progress>
                        <span>{fill(Msg::FinetuneProgress, lang(), &[("stage", &Stage::reported_in(&p.stage, lang())), ("done", &p.done.to_string()), ("total", &p.total.to_string())])}{loss}{eta}</span>
                    </div>
                }
            })}
            <h3>{words(Msg::LandmarkModelsHeading)}</h3>
            <p id="model-in-use" data-active-model=move || t.active.get().unwrap_or_else(|| "shipped".into())>{move || active_label(t)}</p>
            <div class="controls">
                <button data-action="use-shipped-model" prop:disabled=move || t.active.get().is_none() on:click=move |_| use_model(t, None)>{words(Msg::BackToShippedModel)}</button>
                <label>{words(Msg::ImportModelLabel)}
                    <input type="file" accept=".onnx" data-action="import-model" on:change=move |ev| with_chosen_file(&ev, |file| import_model(t, file)) />
                </label>
            </div>
            <ul id="models" data-latest=move || t.latest.get().unwrap_or_default()>
                <For each=move || t.models.get() key=|(id, _)| id.clone() children=move |(id, card)| card_view(id, card, t) />
            </ul>
        </section>
    }
}
