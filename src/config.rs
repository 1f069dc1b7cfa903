//! Configuration: `claimlint.toml`.

/// " (did you mean `x`?)" when a close match exists, else "".
pub fn did_you_mean(name: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(name, c), *c))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(String::new(), |(_, c)| format!(" (did you mean `{c}`?)"))
}
