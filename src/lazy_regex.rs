//! claimlint's own regular expressions: compiled on first use, with the
//! cheap engines first and the fast ones once a pattern has searched
//! enough text to repay building them.
//!
//! Owns how a built-in pattern (page kind, claim finding, numbers,
//! sources, the packs) is compiled and searched. A one-file run (the
//! pre-commit and editor case) spent most of its time compiling
//! patterns, and half of each compile was the lazy DFAs' reverse
//! automaton, which only pays for itself on long text. So a pattern first
//! compiles its forward automaton alone (searched by the backtracker or
//! the PikeVM), and after it has searched [`UPGRADE_AFTER`] bytes compiles
//! the regex crate's whole engine set (forward and reverse lazy DFAs,
//! one-pass). Every engine finds the same matches (the regex crate's
//! leftmost-first semantics), so which one ran never shows in a result.
//!
//! Does not own any pattern (each module keeps its own), nor the patterns
//! a user's lexicon extension adds (`lexicon::compile_pattern`, compiled
//! once per configuration).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::meta;
use regex_automata::util::syntax;

/// Bytes a pattern searches with its cheap engines before it compiles the
/// fast ones: more than a typical page (2–8 KB) gives a pattern, so a
/// one-file run never pays for the fast engines, while a run over many
/// pages searches almost all of its text with them. The fast engines cost
/// a few tenths of a millisecond more to build per pattern, and the cheap
/// ones tens of nanoseconds more per byte, so they break even at about
/// this much text. With 64 KiB a run over 500 pages (`1x`, one thread)
/// took 9% more CPU than before this module, with 16 KiB 4% (`--timings`,
/// three runs each).
pub const UPGRADE_AFTER: usize = 16 * 1024;

/// The limits a pack pattern and a user's pattern
/// (`lexicon::compile_pattern`) compile under: the compiled automaton's
/// size and its lazy DFA's cache, in bytes, and the nesting depth.
/// Built-in patterns are far inside them.
pub(crate) const SIZE_LIMIT: usize = 1 << 20;
pub(crate) const NEST_LIMIT: u32 = 64;

/// A regular expression compiled on first use (see the module docs).
#[derive(Debug)]
pub struct LazyRegex {
    source: Cow<'static, str>,
    case_insensitive: bool,
    /// Text searched so far, while only the cheap engines exist.
    searched: AtomicUsize,
    cheap: OnceLock<meta::Regex>,
    fast: OnceLock<meta::Regex>,
}

impl LazyRegex {
    /// A built-in pattern, written with its own flags (`(?i)`).
    pub const fn new(source: &'static str) -> LazyRegex {
        LazyRegex::with(Cow::Borrowed(source), false)
    }

    /// A pack pattern: case-insensitive, under a user pattern's limits.
    pub fn case_insensitive(source: String) -> LazyRegex {
        LazyRegex::with(Cow::Owned(source), true)
    }

    const fn with(source: Cow<'static, str>, case_insensitive: bool) -> LazyRegex {
        LazyRegex {
            source,
            case_insensitive,
            searched: AtomicUsize::new(0),
            cheap: OnceLock::new(),
            fast: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Compiles the cheap engines now, for a caller with a spare thread.
    /// A thread that needs the pattern meanwhile waits for this compile
    /// instead of starting its own.
    pub fn warm_up(&self) {
        if self.fast.get().is_none() {
            self.cheap.get_or_init(|| self.compiled(false));
        }
    }

    /// Compiles the cheap engines now, or says why the pattern does not
    /// compile: for checking the packs' patterns.
    pub fn check(&self) -> Result<(), String> {
        if self.cheap.get().is_some() || self.fast.get().is_some() {
            return Ok(());
        }
        let re = self.build(false)?;
        let _ = self.cheap.set(re);
        Ok(())
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.engine(haystack.len()).is_match(haystack)
    }

    /// The first match's byte range.
    pub fn find(&self, haystack: &str) -> Option<Range<usize>> {
        self.engine(haystack.len())
            .find(haystack)
            .map(|m| m.range())
    }

    /// Every match's byte range, left to right, not overlapping.
    pub fn find_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Range<usize>> + use<'r, 'h> {
        self.engine(haystack.len())
            .find_iter(haystack)
            .map(|m| m.range())
    }

    /// The byte range of capture group `group` in the first match, if
    /// the pattern matches and the group took part.
    pub fn capture(&self, haystack: &str, group: usize) -> Option<Range<usize>> {
        let re = self.engine(haystack.len());
        let mut caps = re.create_captures();
        re.captures(haystack, &mut caps);
        caps.get_group(group).map(|s| s.range())
    }

    /// Every match whose capture group `group` took part, left to right:
    /// the whole match's byte range and the group's.
    pub fn capture_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
        group: usize,
    ) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + use<'r, 'h> {
        self.engine(haystack.len())
            .captures_iter(haystack)
            .filter_map(move |c| Some((c.get_match()?.range(), c.get_group(group)?.range())))
    }

    /// The engines to search `len` more bytes with: the fast ones once
    /// they exist or once this search takes the total past
    /// [`UPGRADE_AFTER`], else the cheap ones.
    fn engine(&self, len: usize) -> &meta::Regex {
        if let Some(fast) = self.fast.get() {
            return fast;
        }
        let before = self.searched.fetch_add(len, Ordering::Relaxed);
        if before.saturating_add(len) > UPGRADE_AFTER {
            return self.fast.get_or_init(|| self.compiled(true));
        }
        self.cheap.get_or_init(|| self.compiled(false))
    }

    /// A built-in pattern compiled: they always compile (each module's
    /// tests and the packs test search with every one).
    fn compiled(&self, fast: bool) -> meta::Regex {
        self.build(fast)
            .unwrap_or_else(|e| panic!("built-in pattern `{}` compiles: {e}", self.source))
    }

    fn build(&self, fast: bool) -> Result<meta::Regex, String> {
        // The regex crate's own settings; the cheap set leaves out every
        // engine that needs more than the forward automaton.
        let mut config = meta::Config::new()
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20));
        if !fast {
            config = config.hybrid(false).onepass(false).dfa(false);
        }
        let mut syntax = syntax::Config::new();
        if self.case_insensitive {
            config = config
                .nfa_size_limit(Some(SIZE_LIMIT))
                .hybrid_cache_capacity(SIZE_LIMIT);
            syntax = syntax.case_insensitive(true).nest_limit(NEST_LIMIT);
        }
        meta::Builder::new()
            .configure(config)
            .syntax(syntax)
            .build(&self.source)
            .map_err(|e| describe(&e))
    }
}

#[cfg(test)]
impl LazyRegex {
    /// Every match in each of `haystacks` by the cheap engines and by the
    /// fast ones, compiled afresh (the pattern's own state is left alone).
    pub(crate) fn matches_by_both(&self, haystacks: &[String]) -> [Vec<Vec<Range<usize>>>; 2] {
        [false, true].map(|fast| {
            let re = self.build(fast).expect("compiles");
            haystacks
                .iter()
                .map(|h| re.find_iter(h).map(|m| m.range()).collect())
                .collect()
        })
    }
}

/// A build error as the regex crate words it: the syntax error with the
/// pattern and a caret under the problem, or the size limit exceeded.
fn describe(e: &regex_automata::meta::BuildError) -> String {
    if let Some(syntax) = e.syntax_error() {
        syntax.to_string()
    } else if let Some(limit) = e.size_limit() {
        format!("the compiled pattern exceeds the size limit of {limit} bytes")
    } else {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Searching past the threshold switches engines without changing a
    /// single match; both engine sets are used by the end.
    #[test]
    fn the_cheap_and_fast_engines_find_the_same_matches() {
        static WORD: LazyRegex = LazyRegex::new(r"(?i)\b(glow\w*|ré\w+)\b");
        let text = "Glowing skin, réveil and GLOW. Not aglow. ";
        let first: Vec<_> = WORD.find_iter(text).collect();
        assert!(WORD.fast.get().is_none(), "one short search stays cheap");
        assert_eq!(first, vec![0..7, 14..21, 26..30], "é is two bytes");
        let long = text.repeat(UPGRADE_AFTER / text.len() + 1);
        assert_eq!(
            WORD.find_iter(&long).count(),
            3 * (UPGRADE_AFTER / text.len() + 1)
        );
        assert!(
            WORD.fast.get().is_some(),
            "the long search compiled the fast engines"
        );
        assert_eq!(WORD.find_iter(text).collect::<Vec<_>>(), first);
        assert_eq!(WORD.capture(text, 1), Some(0..7));
        let groups: Vec<_> = WORD.capture_iter(text, 1).map(|(_, g)| g).collect();
        assert_eq!(groups, first);
    }

    /// A pack pattern is case-insensitive and under the user limits: a
    /// bad one says why.
    #[test]
    fn pack_patterns_fold_case_and_report_errors() {
        let re = LazyRegex::case_insensitive(r"\bfirm(er|ing)?\b".to_string());
        assert!(re.is_match("FIRMING cream"));
        assert_eq!(re.find("a firmer jaw"), Some(2..8));
        let bad = LazyRegex::case_insensitive("(unclosed".to_string());
        assert!(bad.check().unwrap_err().contains("unclosed"));
        let huge = LazyRegex::case_insensitive(r"\w{1000}\w{1000}".to_string());
        assert!(huge.check().unwrap_err().contains("size limit"));
    }
}
