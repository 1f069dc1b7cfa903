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
    fn clip_cuts_on_characters() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("ééé", 2), "éé…");
    }
}
