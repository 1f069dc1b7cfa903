//! The pack-pattern filter: every pack pattern in one forward lazy DFA,
//! which says in one scan which patterns can match in a block, so a rule
//! runs only those.
//!
//! Owns building that automaton and asking it. Does not own the patterns
//! themselves (`load`), or when the answer can be trusted (`matcher`: not
//! on text with non-ASCII word characters, where its ASCII word boundaries
//! could differ from the patterns' own).

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID, PatternSet, hybrid, nfa::thompson};

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + RefUnwindSafe + UnwindSafe>;

/// Every pack pattern in one forward lazy DFA (no captures, no reverse
/// automaton: it only says which patterns match, and costs a third of a
/// `RegexSet` to build), with a pool of caches for the threads.
pub struct PatternFilter {
    dfa: Arc<hybrid::dfa::DFA>,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

impl std::fmt::Debug for PatternFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternFilter").finish_non_exhaustive()
    }
}

impl PatternFilter {
    /// The filter over `sources`, their word boundaries made ASCII so the
    /// lazy DFA never has to give up on a non-ASCII byte (a curly quote).
    /// `None` if it cannot be built: then every pattern runs.
    pub(super) fn new(sources: &[String]) -> Option<PatternFilter> {
        let patterns: Vec<String> = sources.iter().map(|p| ascii_word_boundaries(p)).collect();
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(8 << 20),
            )
            .syntax(syntax::Config::new().case_insensitive(true))
            .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build_many(&patterns)
            .ok()?;
        let dfa = Arc::new(dfa);
        let for_pool = Arc::clone(&dfa);
        let create: CacheFn = Box::new(move || for_pool.create_cache());
        Some(PatternFilter {
            dfa,
            caches: Pool::new(create),
        })
    }

    /// Which patterns match somewhere in `text`; `None` if the lazy DFA
    /// gives up (then every pattern runs).
    pub(super) fn hits(&self, text: &str) -> Option<PatternHits> {
        let mut cache = self.caches.get();
        let mut set = PatternSet::new(self.dfa.pattern_len());
        self.dfa
            .try_which_overlapping_matches(&mut cache, &Input::new(text), &mut set)
            .ok()?;
        Some(PatternHits(set))
    }
}

/// The patterns (by their index over every pack) that match in a text.
#[derive(Debug, Clone)]
pub struct PatternHits(PatternSet);

impl PatternHits {
    /// Whether pattern `i` matches somewhere.
    pub fn has(&self, i: usize) -> bool {
        PatternID::new(i).is_ok_and(|id| self.0.contains(id))
    }
}

/// `pattern` with each word-boundary assertion `\b` made ASCII
/// (`(?-u:\b)`). On text whose only word characters are ASCII the two
/// agree everywhere; a Unicode `\b` makes the lazy DFA give up on the
/// first non-ASCII byte (a curly quote), sending the scan to the slow
/// engine.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(e) => {
                out.push(c);
                out.push(e);
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ascii_word_boundaries as ascii;

    #[test]
    fn only_word_boundaries_are_rewritten() {
        assert_eq!(ascii(r"\b(boost\w*)\b"), r"(?-u:\b)(boost\w*)(?-u:\b)");
        assert_eq!(ascii(r"a\\b\.\d"), r"a\\b\.\d");
        assert_eq!(ascii(r"a\"), r"a\");
    }
}
