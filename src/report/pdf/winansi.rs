//! Text in the standard 14 fonts' WinAnsiEncoding (PDF 32000-1:2008, Annex D.2): one byte
//! per character, Latin-1 at 0xA0-0xFF and typographic marks at 0x80-0x9F. What the
//! encoding lacks is written in plain letters ("≥" as ">=") or, failing that, as "?", so
//! that no character silently turns into another.

/// The WinAnsi byte of a character, if it has one.
pub fn byte(c: char) -> Option<u8> {
    let b = match c {
        ' '..='~' => c as u8,
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// A stand-in, in characters the encoding has, for a character it lacks.
fn stand_in(c: char) -> &'static str {
    match c {
        '≥' => ">=",
        '≤' => "<=",
        '≈' => "~",
        '≠' => "!=",
        '−' | '‐' | '‑' | '‒' => "-",
        '→' => "->",
        '←' => "<-",
        '✓' | '✔' => "yes",
        'κ' => "kappa",
        'α' => "alpha",
        'Δ' => "delta",
        '\t' | '\u{2000}'..='\u{200A}' | '\u{202F}' => " ",
        '\n' | '\r' | '\u{200B}' | '\u{FEFF}' => "",
        _ => "?",
    }
}

/// The text in WinAnsi bytes.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(stand_in(c).as_bytes()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_map_to_their_winansi_bytes_and_the_rest_is_spelled_out() {
        assert_eq!(encode("±2 mm — 5–7 °"), b"\xB12 mm \x97 5\x967 \xB0");
        assert_eq!(encode("é ü ×"), b"\xE9 \xFC \xD7");
        assert_eq!(encode("≥ 75 % → 4"), b">= 75 % -> 4");
        assert_eq!(encode("柳原法"), b"???");
        assert_eq!(encode("“a” ‘b’ …"), b"\x93a\x94 \x91b\x92 \x85");
    }
}
