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
use regex_automata::{Input, MatchKind, PatternSet, hybrid, nfa::thompson};

/// A thread's scratch space: the lazy DFA's cache and a pattern set.
type Scratch = (hybrid::dfa::Cache, PatternSet);
type ScratchFn = Box<dyn Fn() -> Scratch + Send + Sync + RefUnwindSafe + UnwindSafe>;

/// Every pack pattern in one forward lazy DFA (no captures, no reverse
/// automaton: it only says which patterns match, and costs a third of a
/// `RegexSet` to build), with a pool of scratch space for the threads.
pub struct PatternFilter {
    dfa: Arc<hybrid::dfa::DFA>,
    scratch: Pool<Scratch, ScratchFn>,
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
        let patterns: Vec<String> = sources
            .iter()
            .map(|p| open_bounded_repeats(&ascii_word_boundaries(p)))
            .collect();
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
        let create: ScratchFn = Box::new(move || {
            (
                for_pool.create_cache(),
                PatternSet::new(for_pool.pattern_len()),
            )
        });
        Some(PatternFilter {
            dfa,
            scratch: Pool::new(create),
        })
    }

    /// Which patterns match somewhere in `text`; `None` if the lazy DFA
    /// gives up (then every pattern runs).
    pub(super) fn hits(&self, text: &str) -> Option<PatternHits> {
        let mut scratch = self.scratch.get();
        let (cache, set) = &mut *scratch;
        set.clear();
        self.dfa
            .try_which_overlapping_matches(cache, &Input::new(text), set)
            .ok()?;
        let bits = set.iter().map(|p| p.as_usize()).fold(0u64, |bits, i| {
            bits | 1u64.checked_shl(i as u32).unwrap_or(0)
        });
        Some(PatternHits { bits })
    }
}

/// The patterns (by their index over every pack) that match in a text, in
/// one word (a block of a 100 MB page keeps its own). Patterns past the
/// 64th are always taken to match: they run as if there were no filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternHits {
    bits: u64,
}

impl PatternHits {
    /// Every pattern may match: run them all.
    pub const ALL: PatternHits = PatternHits { bits: u64::MAX };

    /// Whether pattern `i` may match.
    pub fn has(self, i: usize) -> bool {
        i >= 64 || self.bits & (1 << i) != 0
    }
}

/// `pattern` with its word-boundary assertions and word and digit classes
/// made ASCII: `\b` becomes `(?-u:\b)`, `\w` `[[:word:]]`, `\d` `[0-9]`
/// (and their negations likewise, inside a class too). On text whose
/// only word characters are ASCII, the only text the filter is asked
/// about, each reads the same as its Unicode form. A Unicode `\b` makes
/// the lazy DFA give up on the first non-ASCII byte (a curly quote),
/// sending the scan to the slow engine; a Unicode `\w` is hundreds of
/// ranges, and compiling them was most of the filter's build time.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    // Depth of `[...]` classes (nested ones included), so that a class
    // escape is rewritten as a class item there.
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ => {}
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push(c);
            break;
        };
        let outside = depth == 0;
        match (e, outside) {
            ('b', true) => out.push_str("(?-u:\\b)"),
            ('w', true) => out.push_str("[[:word:]]"),
            ('W', true) => out.push_str("[[:^word:]]"),
            ('d', true) => out.push_str("[0-9]"),
            ('D', true) => out.push_str("[^0-9]"),
            ('w', false) => out.push_str("[:word:]"),
            ('W', false) => out.push_str("[:^word:]"),
            ('d', false) => out.push_str("0-9"),
            ('D', false) => out.push_str("[:^digit:]"),
            _ => {
                out.push(c);
                out.push(e);
            }
        }
    }
    out
}

/// `pattern` with each bounded repetition `{m,n}` opened to `{m,}`. The
/// filter only has to say which patterns *may* match in a block (the
/// rule's own pattern then decides where), and a pattern with its
/// repetitions opened matches wherever the original does. A bounded
/// repetition compiles to a copy of its operand per count: `[^.;]{0,60}`
/// is sixty copies of a Unicode class, and such gaps were 30% of the
/// filter's states.
fn open_bounded_repeats(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut depth = 0usize;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        match c {
            '\\' => len += rest[1..].chars().next().map_or(0, char::len_utf8),
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            '{' if depth == 0 => {
                if let Some((min, used)) = bounded_repeat(rest) {
                    out.push('{');
                    out.push_str(min);
                    out.push_str(",}");
                    rest = &rest[used..];
                    continue;
                }
            }
            _ => {}
        }
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// The minimum of a repetition `{m,n}` at the start of `s`, and the
/// repetition's length; `None` for anything else (`{m}`, `{m,}`, a
/// literal brace).
fn bounded_repeat(s: &str) -> Option<(&str, usize)> {
    let end = s.find('}')?;
    let (min, max) = s[1..end].split_once(',')?;
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    (digits(min) && digits(max)).then_some((min, end + 1))
}

#[cfg(test)]
mod tests {
    use super::ascii_word_boundaries as ascii;
    use super::open_bounded_repeats as open;

    #[test]
    fn bounded_repetitions_are_opened_and_nothing_else_changes() {
        assert_eq!(
            open(r"\bboost\w*\b[^.;]{0,25}\bcells?\b"),
            r"\bboost\w*\b[^.;]{0,}\bcells?\b"
        );
        assert_eq!(open(r"\d{1,3}(\w+\s+){2,3}?x"), r"\d{1,}(\w+\s+){2,}?x");
        // An exact count, an open one, a brace in a class or escaped, and
        // a brace that is no repetition stay as they are.
        for kept in [
            r"a{3}", r"a{3,}", r"[{0,9}]", r"\{0,9\}", r"a{x,y}", r"a{", "é{1,2",
        ] {
            assert_eq!(open(kept), kept);
        }
        assert_eq!(open("é{1,2}ü"), "é{1,}ü");
    }

    #[test]
    fn word_and_digit_classes_and_boundaries_are_made_ascii() {
        assert_eq!(
            ascii(r"\b(boost\w*)\b"),
            r"(?-u:\b)(boost[[:word:]]*)(?-u:\b)"
        );
        assert_eq!(ascii(r"a\\b\.\d\D\W\s"), r"a\\b\.[0-9][^0-9][[:^word:]]\s");
        assert_eq!(ascii(r"[\w-]+[^\W\d]"), r"[[:word:]-]+[^[:^word:]0-9]");
        assert_eq!(ascii(r"a\"), r"a\");
    }
}
