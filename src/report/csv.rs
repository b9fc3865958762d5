//! CSV as RFC 4180 has it: fields separated by commas, records by line ends; a field that
//! holds a comma, a double quote or a line end is enclosed in double quotes, and a double
//! quote inside it is doubled. (A file name like `Smith, "J".jpg` is a real case.)

use std::borrow::Cow;

/// One field, quoted when it needs to be.
pub fn field(value: &str) -> Cow<'_, str> {
    if value.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(value)
    }
}

/// One record: the fields, each quoted when it needs to be, joined by commas (no line end).
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",")
}

/// Reads one record back into its fields (the inverse of [`record`]); None when a quoted
/// field is not closed or text follows a closing quote.
pub fn parse_record(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        value.push('"');
                    }
                    '"' => break,
                    c => value.push(c),
                }
            }
            if !matches!(chars.peek(), None | Some(',')) {
                return None;
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        fields.push(value);
        if chars.next().is_none() {
            return Some(fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_fields_are_quoted_and_read_back() {
        let fields = ["plain", "Smith, \"J\".jpg", "", "two\nlines", "\"", "1.25"];
        let line = record(&fields);
        assert_eq!(line, "plain,\"Smith, \"\"J\"\".jpg\",,\"two\nlines\",\"\"\"\",1.25");
        assert_eq!(parse_record(&line).unwrap(), fields);
        assert_eq!(record(&["a", "b"]), "a,b", "plain fields stay as they were");
        assert_eq!(parse_record("\"open,1"), None);
        assert_eq!(parse_record("\"a\"b,1"), None);
    }
}
