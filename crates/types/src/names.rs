//! The one rule for the names people give things (connections, automations,
//! accounts, API keys), shared by the server, the web app and the OpenAPI schema.

/// The JSON Schema `pattern` of a name: no control characters, and at least one
/// character that is not white space.
pub const NAME_PATTERN: &str = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$";

/// A name as sent, checked: at most `max` characters, no control characters, not
/// blank. Returns it without surrounding white space, or the message for the field.
pub fn parse_name(raw: &str, max: usize) -> Result<String, String> {
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    let name = raw.trim();
    if name.is_empty() || raw.chars().count() > max {
        return Err(format!("must be 1–{max} characters"));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_name;

    #[test]
    fn names_are_trimmed_bounded_and_printable() {
        assert_eq!(parse_name("  Sales team ", 64).as_deref(), Ok("Sales team"));
        assert_eq!(
            parse_name(&"é".repeat(64), 64).map(|n| n.chars().count()),
            Ok(64)
        );
        for bad in [
            "",
            "   ",
            "a\tb",
            "a\u{85}",
            "line\n",
            &"x".repeat(65),
            &format!(" {}", "x".repeat(64)),
        ] {
            assert!(parse_name(bad, 64).is_err(), "{bad:?}");
        }
    }
}
