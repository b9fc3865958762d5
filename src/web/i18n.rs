//! The page's language: a `Lang` signal in context (and reachable from the exam's async
//! steps), chosen from the stored choice or the browser's languages, shown in
//! `<html lang>`, switched live by the picker. The words are the core's table
//! (`facegrade::i18n`).

use facegrade::i18n::{text, Lang, Msg, Said};
use leptos::prelude::*;
use std::cell::Cell;

/// Where the picked language is remembered (this browser only).
const STORED: &str = "facegrade-language";

/// The page's language, in context.
#[derive(Clone, Copy)]
pub struct PageLang(pub RwSignal<Lang>);

thread_local! {
    static CURRENT: Cell<Option<RwSignal<Lang>>> = const { Cell::new(None) };
}

/// Makes the page's language signal (once, in the composition root) and keeps
/// `<html lang>` following it.
pub fn provide() -> PageLang {
    let lang = RwSignal::new(initial());
    CURRENT.with(|c| c.set(Some(lang)));
    Effect::new(move |_| {
        let code = lang.get().code();
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", code);
        }
    });
    provide_context(PageLang(lang));
    PageLang(lang)
}

/// The stored choice, else the browser's preferred languages (`navigator.languages`).
fn initial() -> Lang {
    let Some(window) = web_sys::window() else { return Lang::En };
    if let Some(stored) = window.local_storage().ok().flatten().and_then(|s| s.get_item(STORED).ok().flatten()) {
        if let Some(lang) = Lang::from_code(&stored) {
            return lang;
        }
    }
    let tags: Vec<String> = window.navigator().languages().iter().filter_map(|t| t.as_string()).collect();
    Lang::from_preferences(&tags)
}

/// The page's language now; inside a view or effect it also subscribes to changes.
pub fn lang() -> Lang {
    CURRENT.with(|c| c.get()).map_or(Lang::En, |l| l.get())
}

/// A message in the page's language (subscribes, like [`lang`]).
pub fn t(msg: Msg) -> &'static str {
    text(msg, lang())
}

/// A message as a view's text or attribute that follows the page's language. One closure
/// type for every message: each `move || t(Msg::X)` written in a view is a type of its
/// own, and Leptos' rendering code is compiled once per type (the wasm's size).
pub fn words(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || t(msg)
}

/// A message with its values in the page's language (subscribes, like [`lang`]).
pub fn say(said: &Said) -> String {
    said.text(lang())
}

/// The locale dates are written in (`Date.toLocaleString`): day/month/year in English,
/// 年/月/日 in Japanese.
pub fn date_locale() -> &'static str {
    match lang() {
        Lang::En => "en-GB",
        Lang::Ja => "ja-JP",
    }
}

/// The picker at the top of the page: remembers the choice in this browser.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let PageLang(lang) = expect_context::<PageLang>();
    view! {
        <label class="language">{move || t(Msg::LanguageLabel)}" "
            <select id="language" on:change=move |ev| {
                if let Some(picked) = Lang::from_code(&event_target_value(&ev)) {
                    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                        let _ = s.set_item(STORED, picked.code());
                    }
                    lang.set(picked);
                }
            }>
                {Lang::ALL.into_iter().map(|l| view! { <option value=l.code() prop:selected=move || lang.get() == l>{l.own_name()}</option> }).collect_view()}
            </select>
        </label>
    }
}
