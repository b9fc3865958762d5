//! The page's words in English and Japanese: one typed message table ([`Msg`], in
//! `messages.rs`), the language ([`Lang`]), and a message with its values ([`Said`]), so
//! that what a signal holds is rendered in the language chosen when it is shown.
//!
//! Only what a person reads is translated: exported files (JSON, CSV, FHIR) keep their
//! stable English keys and values, and the PDF stays English (its standard fonts have no
//! Japanese characters). Plain data, no web types: the core's advice (quality gate, eye
//! state, exam instructions) and the page share it.

mod messages;
pub mod stored;

pub use messages::Msg;

/// A language FaceGrade speaks. English is the default (the command line, exports).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag: `<html lang>`, the picker's value, the stored choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, as the picker shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// A stored or picked code ("en", "ja").
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language for a browser's preferred languages (`navigator.languages`, most
    /// preferred first): the first one FaceGrade speaks (a "ja*" tag is Japanese, "en*"
    /// English); English when none is.
    pub fn from_preferences<S: AsRef<str>>(tags: &[S]) -> Lang {
        tags.iter()
            .find_map(|t| {
                let t = t.as_ref().to_ascii_lowercase();
                if t.starts_with("ja") {
                    Some(Lang::Ja)
                } else if t.starts_with("en") {
                    Some(Lang::En)
                } else {
                    None
                }
            })
            .unwrap_or_default()
    }
}

/// The message's text in `lang`, placeholders ("{count}") unfilled.
pub fn text(msg: Msg, lang: Lang) -> &'static str {
    let (en, ja) = msg.texts();
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The message in `lang` with its placeholders filled: `values` pairs each placeholder's
/// name with its text.
pub fn fill(msg: Msg, lang: Lang, values: &[(&str, &str)]) -> String {
    let mut out = text(msg, lang).to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The placeholders a text names, in order ("{count}" -> "count").
pub fn placeholders(text: &str) -> Vec<&str> {
    text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect()
}

/// A message with its values, to be said in whichever language the page shows when it is
/// shown (a signal holds this, not the words).
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    pub msg: Msg,
    pub values: Vec<(&'static str, String)>,
}

impl Said {
    pub fn new(msg: Msg) -> Said {
        Said { msg, values: Vec::new() }
    }

    /// Text passed through in its own words ([`Msg::Verbatim`]).
    pub fn verbatim(text: impl Into<String>) -> Said {
        Said::new(Msg::Verbatim).with("text", text)
    }

    /// Adds a placeholder's value.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Said {
        self.values.push((name, value.into()));
        self
    }

    pub fn text(&self, lang: Lang) -> String {
        let values: Vec<(&str, &str)> = self.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(self.msg, lang, &values)
    }
}

impl From<Msg> for Said {
    fn from(msg: Msg) -> Said {
        Said::new(msg)
    }
}

/// The values a message's English was filled with, read back from the English text:
/// `fill(msg, Lang::En, values)` gives `english` again. None when `english` is not that
/// message. A placeholder takes the shortest text that lets the rest match (backtracking
/// to longer ones), so a value may hold the message's own literal words only where the
/// rest still matches; callers check each value's kind.
pub fn unfill(msg: Msg, english: &str) -> Option<Vec<(&'static str, String)>> {
    let template = text(msg, Lang::En);
    // Literal, then (placeholder, literal) pairs.
    let mut parts = template.split('{');
    let head = parts.next().unwrap_or("");
    let mut slots = Vec::new();
    for part in parts {
        let (name, literal) = part.split_once('}')?;
        slots.push((name, literal));
    }
    let rest = english.strip_prefix(head)?;
    let mut values = Vec::new();
    match_slots(&slots, rest, &mut values).then_some(values)
}

/// Matches `text` against placeholders each followed by a literal, filling `values`.
fn match_slots(slots: &[(&'static str, &'static str)], text: &str, values: &mut Vec<(&'static str, String)>) -> bool {
    let Some(&(name, literal)) = slots.first() else { return text.is_empty() };
    let last = slots.len() == 1;
    let mut from = 0;
    while from <= text.len() {
        let at = if last {
            // The last placeholder takes everything up to the closing literal.
            if !text.ends_with(literal) || text.len() - literal.len() < from {
                return false;
            }
            text.len() - literal.len()
        } else {
            match text[from..].find(literal) {
                Some(i) => from + i,
                None => return false,
            }
        };
        let value = &text[..at];
        // An empty value is no value: every placeholder the scoring rules fill says something.
        if !value.is_empty() {
            values.push((name, value.to_string()));
            if match_slots(&slots[1..], &text[at + literal.len()..], values) {
                return true;
            }
            values.pop();
        }
        if last {
            return false;
        }
        // Try a longer value (the literal's next occurrence).
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}
