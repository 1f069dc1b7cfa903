//! Suggestions and quoting for error messages: "did you mean" for a
//! misspelt name, and [`clip`] for echoing a value a user wrote.
//!
//! Values in error messages come from files claimlint does not control (a
//! draft's front matter, a pull request's `claimlint.toml`), so they are
//! shortened before they are quoted, and a long value is not compared at
//! all: string similarity is quadratic, and a 50 MB "market" once took
//! minutes to reject. This module knows no rules or configuration.

use std::borrow::Cow;

/// Names longer than this are not worth a suggestion.
const MAX_SUGGESTED_LEN: usize = 64;

/// " (did you mean `x`?)" when a close match exists, else "".
pub fn did_you_mean(name: &str, candidates: &[&str]) -> String {
    if name.chars().count() > MAX_SUGGESTED_LEN {
        return String::new();
    }
    let name = name.to_lowercase();
    // One edit away (a swap counts as one), first in the list: `rtc` → `rct`,
    // `CL01` → `CL001`. Otherwise the closest by Jaro–Winkler.
    let close = candidates
        .iter()
        .find(|c| strsim::osa_distance(&name, &c.to_lowercase()) <= 1);
    let best = close.copied().or_else(|| {
        candidates
            .iter()
            .map(|c| (strsim::jaro_winkler(&name, &c.to_lowercase()), *c))
            .filter(|(s, _)| *s > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
    });
    best.map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
}

/// A name that is not in its vocabulary: the message and the help, ready
/// to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// "unknown market `sgp` (did you mean `sg`?)".
    pub message: String,
    /// "use one of us, uk, eu, sg, au".
    pub help: String,
}

/// The value `name` stands for, by `parse`, or why it is unknown: the one
/// form of every "unknown X, did you mean" message. `what` names the kind
/// of thing ("market", "severity"); `names` are the accepted names, for the
/// suggestion and the help. The value is quoted clipped to 64 characters.
pub fn parse_named<T>(
    what: &str,
    name: &str,
    names: &[&str],
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, Unknown> {
    parse_named_in(what, "", name, names, parse)
}

/// [`parse_named`], saying where the name was met before the suggestion:
/// "unknown markets value `sgp` in front matter (did you mean `sg`?)".
pub fn parse_named_in<T>(
    what: &str,
    place: &str,
    name: &str,
    names: &[&str],
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, Unknown> {
    parse(name).ok_or_else(|| Unknown {
        message: format!(
            "unknown {what} `{}`{place}{}",
            clip(name, 64),
            did_you_mean(name, names)
        ),
        help: format!("use one of {}", names.join(", ")),
    })
}

/// "unknown field `x`, expected one of `a`, `b`": suggests the closest.
pub fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (name, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let hint = did_you_mean(name, &names);
    (!hint.is_empty()).then(|| {
        hint.trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_string()
    })
}

/// `s` cut to at most `max` characters, with `…` where it was cut, for
/// quoting a user's value in a message.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_long_ones_are_not_compared() {
        assert_eq!(
            did_you_mean("rtc", &["rct", "opinion"]),
            " (did you mean `rct`?)"
        );
        assert_eq!(did_you_mean("zzzz", &["rct", "opinion"]), "");
        // A long value is not compared at all (string similarity is
        // quadratic in the worst case).
        assert_eq!(
            did_you_mean(&"u".repeat(65), &["u".repeat(65).as_str()]),
            ""
        );
        assert_eq!(
            did_you_mean(&"u".repeat(64), &["u".repeat(64).as_str()]),
            format!(" (did you mean `{}`?)", "u".repeat(64))
        );
    }

    #[test]
    fn unknown_names_say_what_they_are_and_what_is_allowed() {
        let names = ["us", "uk", "sg"];
        let find = |s: &str| names.iter().position(|n| *n == s);
        assert_eq!(parse_named("market", "uk", &names, find), Ok(1));
        let e = parse_named("market", "sgp", &names, find).unwrap_err();
        assert_eq!(e.message, "unknown market `sgp` (did you mean `sg`?)");
        assert_eq!(e.help, "use one of us, uk, sg");
    }

    #[test]
    fn clip_cuts_on_characters() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("ééé", 2), "éé…");
    }
}
