//! A byte trie over a set of phrases that finds, from a position on, the
//! leftmost-longest match, or every match overlapping: the same answers
//! as an `aho-corasick` automaton built with `MatchKind::LeftmostLongest`
//! or `MatchKind::Standard` over the same phrases.
//!
//! Why not the automaton: building it was a quarter of every run's
//! start-up (its failure transitions, which this does not need, most of
//! it), and a one-file run waits for it before the first sentence can be
//! read. The trie builds in a fraction of that and, on prose, searches
//! about as fast: most positions end one or two bytes into it.
//!
//! Owns: building the trie and the two searches. Does not own: what the
//! phrases are, their categories or word boundaries (`lexicon`, the packs,
//! the medicine names).

/// No node, no phrase.
const NONE: u32 = u32::MAX;

/// Nodes with at least this many children also get a table by byte.
const DENSE_FROM: usize = 8;

/// A trie over phrases' bytes; phrase `i` is the `i`th given. Nodes are
/// numbered breadth first, so a node's children have consecutive numbers:
/// the trie is a few flat arrays, built without an allocation per node.
#[derive(Debug, Clone)]
pub struct PhraseTrie {
    /// The root's child for each byte (the first byte of a phrase).
    root: Box<[u32; 256]>,
    /// Each node's first child (its children follow it in number).
    first_child: Vec<u32>,
    /// How many children each node has.
    child_count: Vec<u32>,
    /// The byte on the edge into each node: a node's children are sorted
    /// by it.
    byte: Vec<u8>,
    /// For a node with many children, its table by byte (an index into
    /// `tables`; the first levels of a lexicon branch widely, and every
    /// position of the text passes through them).
    dense: Vec<u32>,
    tables: Vec<[u32; 256]>,
    /// The phrase that ends at each node, if any.
    phrase: Vec<u32>,
}

/// A phrase found: its byte range and its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Where it starts.
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
    /// Which phrase.
    pub phrase: usize,
}

impl PhraseTrie {
    /// The trie over `phrases`. An empty phrase is never matched; of two
    /// equal phrases the first counts.
    pub fn new<S: AsRef<[u8]>>(phrases: &[S]) -> PhraseTrie {
        let bytes = |i: u32| phrases[i as usize].as_ref();
        // Phrases in byte order, equal ones by index: every node's
        // phrases are then one run of this order, the one ending there
        // first. The built-in lexicon comes sorted.
        let mut order: Vec<u32> = (0..phrases.len() as u32)
            .filter(|&i| !bytes(i).is_empty())
            .collect();
        if !order.is_sorted_by(|&a, &b| bytes(a) <= bytes(b)) {
            order.sort_by(|&a, &b| bytes(a).cmp(bytes(b)).then(a.cmp(&b)));
        }
        // The exact number of nodes, reserved at once: the arrays are never
        // copied as they grow (a one-file run spent more time in page
        // faults here than in building).
        let nodes = node_count(order.iter().map(|&i| bytes(i)));
        let with_root = |v| {
            let mut a = Vec::with_capacity(nodes);
            a.push(v);
            a
        };
        let mut t = PhraseTrie {
            root: Box::new([NONE; 256]),
            first_child: with_root(1),
            child_count: with_root(0),
            byte: Vec::with_capacity(nodes),
            dense: with_root(NONE),
            tables: Vec::new(),
            phrase: with_root(NONE),
        };
        t.byte.push(0);
        // Each node's run of `order` and depth, by node number.
        let mut runs: Vec<(u32, u32, u32)> = Vec::with_capacity(nodes);
        runs.push((0, order.len() as u32, 0));
        let mut node = 0;
        while node < runs.len() {
            let (lo, hi, depth) = runs[node];
            let (mut lo, hi, depth) = (lo as usize, hi as usize, depth as usize);
            if depth > 0 && lo < hi && bytes(order[lo]).len() == depth {
                t.phrase[node] = order[lo];
            }
            while lo < hi && bytes(order[lo]).len() == depth {
                lo += 1;
            }
            t.first_child[node] = runs.len() as u32;
            while lo < hi {
                let b = bytes(order[lo])[depth];
                let end = lo + order[lo..hi].partition_point(|&i| bytes(i)[depth] == b);
                t.add_node(b);
                runs.push((lo as u32, end as u32, depth as u32 + 1));
                lo = end;
            }
            t.child_count[node] = runs.len() as u32 - t.first_child[node];
            t.add_table(node);
            node += 1;
        }
        debug_assert_eq!(runs.len(), nodes);
        t
    }

    /// A new node (its children are set when it is reached).
    fn add_node(&mut self, byte: u8) {
        self.first_child.push(NONE);
        self.child_count.push(0);
        self.byte.push(byte);
        self.dense.push(NONE);
        self.phrase.push(NONE);
    }

    /// The root's table, or a table by byte for a node with many
    /// children.
    fn add_table(&mut self, node: usize) {
        let first = self.first_child[node] as usize;
        let kids = first..first + self.child_count[node] as usize;
        if node == 0 {
            for k in kids {
                self.root[usize::from(self.byte[k])] = k as u32;
            }
        } else if kids.len() >= DENSE_FROM {
            let mut d = [NONE; 256];
            for k in kids {
                d[usize::from(self.byte[k])] = k as u32;
            }
            self.dense[node] = self.tables.len() as u32;
            self.tables.push(d);
        }
    }

    /// Every phrase that starts at `start` (and ends by `hay`'s end),
    /// shortest first.
    fn matches_at<'a>(
        &'a self,
        hay: &'a [u8],
        start: usize,
    ) -> impl Iterator<Item = PhraseMatch> + 'a {
        let mut node = hay.get(start).map_or(NONE, |&b| self.root[usize::from(b)]);
        let mut end = start + 1;
        std::iter::from_fn(move || {
            while node != NONE {
                let p = self.phrase[node as usize];
                let here = end;
                node = hay.get(end).map_or(NONE, |&b| self.child(node, b));
                end += 1;
                if p != NONE {
                    return Some(PhraseMatch {
                        start,
                        end: here,
                        phrase: p as usize,
                    });
                }
            }
            None
        })
    }

    /// A node's child for byte `b`, or `NONE`.
    fn child(&self, node: u32, b: u8) -> u32 {
        let node = node as usize;
        if let Some(d) = self.tables.get(self.dense[node] as usize) {
            return d[usize::from(b)];
        }
        let first = self.first_child[node] as usize;
        let kids = &self.byte[first..first + self.child_count[node] as usize];
        match kids.binary_search(&b) {
            Ok(k) => (first + k) as u32,
            Err(_) => NONE,
        }
    }

    /// The leftmost match at or after `from` and, of those, the longest.
    pub fn find(&self, hay: &[u8], from: usize) -> Option<PhraseMatch> {
        (from..hay.len()).find_map(|s| self.matches_at(hay, s).last())
    }

    /// Every match, overlapping, that starts where `at_start` allows
    /// (asked only where some phrase begins with the byte there), in the
    /// order an Aho–Corasick automaton reports overlapping matches: by
    /// end, then longest first.
    pub fn find_overlapping(
        &self,
        hay: &[u8],
        mut at_start: impl FnMut(usize) -> bool,
    ) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (start, &first) in hay.iter().enumerate() {
            if self.root[usize::from(first)] != NONE && at_start(start) {
                out.extend(self.matches_at(hay, start));
            }
        }
        out.sort_by_key(|m| (m.end, std::cmp::Reverse(m.end - m.start)));
        out
    }

    /// The longest phrase's length in bytes: a search walks at most this
    /// far from each position.
    #[cfg(test)]
    pub fn longest_phrase(&self) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(u32, usize)> = self
            .root
            .iter()
            .filter(|&&n| n != NONE)
            .map(|&n| (n, 1))
            .collect();
        while let Some((node, depth)) = stack.pop() {
            if self.phrase[node as usize] != NONE {
                deepest = deepest.max(depth);
            }
            let first = self.first_child[node as usize];
            stack.extend((first..first + self.child_count[node as usize]).map(|c| (c, depth + 1)));
        }
        deepest
    }
}

/// How many nodes a trie over `sorted` phrases has, the root included:
/// each phrase adds one per byte past its common prefix with the phrase
/// before it.
fn node_count<'a>(sorted: impl Iterator<Item = &'a [u8]>) -> usize {
    let mut prev: &[u8] = &[];
    let mut n = 1;
    for p in sorted {
        n += p.len() - p.iter().zip(prev).take_while(|(a, b)| a == b).count();
        prev = p;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, Input, MatchKind};

    /// Text for the tests over fixed phrase sets: phrases at the start,
    /// at the end, inside words, overlapping, and none at all.
    const HAYSTACKS: [&str; 6] = [
        "it boosts collagen",
        "boost",
        "xboostsx collagen",
        "",
        "bbb",
        "st col",
    ];

    /// What the automaton finds, for comparison.
    fn automaton(phrases: &[&str], hay: &str, from: usize) -> Option<PhraseMatch> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases)
            .unwrap();
        ac.find(Input::new(hay).span(from..hay.len()))
            .map(|m| PhraseMatch {
                start: m.start(),
                end: m.end(),
                phrase: m.pattern().as_usize(),
            })
    }

    /// Overlapping matches, in the automaton's order, for comparison.
    fn overlapping_automaton(phrases: &[&str], hay: &str) -> Vec<PhraseMatch> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(phrases)
            .unwrap();
        ac.find_overlapping_iter(hay)
            .map(|m| PhraseMatch {
                start: m.start(),
                end: m.end(),
                phrase: m.pattern().as_usize(),
            })
            .collect()
    }

    #[test]
    fn finds_every_overlapping_match_in_the_automatons_order() {
        let phrases = [
            "boost",
            "boosts collagen",
            "collagen",
            "b",
            "st co",
            "oost",
            "s",
        ];
        let t = PhraseTrie::new(&phrases);
        for hay in HAYSTACKS {
            let all = t.find_overlapping(hay.as_bytes(), |_| true);
            assert_eq!(all, overlapping_automaton(&phrases, hay), "{hay:?}");
        }
        let words = t.find_overlapping(b"boosts collagen", |s| s == 0 || s == 7);
        let spans: Vec<_> = words.iter().map(|m| m.start..m.end).collect();
        assert_eq!(spans, vec![0..1, 0..5, 0..15, 7..15]);
        assert_eq!(t.longest_phrase(), "boosts collagen".len());
    }

    #[test]
    fn finds_the_leftmost_then_the_longest() {
        let phrases = ["boost", "boosts collagen", "collagen", "b", "st co"];
        let t = PhraseTrie::new(&phrases);
        for hay in HAYSTACKS {
            for from in 0..=hay.len() {
                assert_eq!(
                    t.find(hay.as_bytes(), from),
                    automaton(&phrases, hay, from),
                    "{hay:?} from {from}"
                );
            }
        }
    }

    /// A small deterministic generator, so the test needs no crate.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    #[test]
    fn agrees_with_the_automaton_where_nodes_branch_widely() {
        // Enough phrases that the first levels get tables by byte.
        let letters = "abcdefghijklmnopqrst";
        let mut rng = Lcg(11);
        let phrases: Vec<String> = (0..400)
            .map(|_| {
                (0..1 + rng.next(4))
                    .map(|_| letters.as_bytes()[rng.next(letters.len())] as char)
                    .collect()
            })
            .collect();
        let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
        let t = PhraseTrie::new(&refs);
        assert!(t.tables.len() > 2);
        for _ in 0..50 {
            let hay: String = (0..rng.next(40))
                .map(|_| letters.as_bytes()[rng.next(letters.len())] as char)
                .collect();
            for from in 0..=hay.len() {
                assert_eq!(
                    t.find(hay.as_bytes(), from),
                    automaton(&refs, &hay, from),
                    "{hay:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_the_automaton_on_random_phrases_and_text() {
        let alphabet = ["a", "b", "c", " ", "-", "é", "’", "ab", "ba"];
        let mut rng = Lcg(7);
        for _ in 0..300 {
            let phrases: Vec<String> = (0..1 + rng.next(12))
                .map(|_| {
                    (0..1 + rng.next(4))
                        .map(|_| alphabet[rng.next(alphabet.len())])
                        .collect()
                })
                .collect();
            let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
            let t = PhraseTrie::new(&refs);
            let hay: String = (0..rng.next(30))
                .map(|_| alphabet[rng.next(alphabet.len())])
                .collect();
            for from in 0..=hay.len() {
                if hay.is_char_boundary(from) {
                    assert_eq!(
                        t.find(hay.as_bytes(), from),
                        automaton(&refs, &hay, from),
                        "{refs:?} in {hay:?} from {from}"
                    );
                }
            }
            // Overlapping: the automaton reports each of two equal phrases.
            let mut unique = refs.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(
                PhraseTrie::new(&unique).find_overlapping(hay.as_bytes(), |_| true),
                overlapping_automaton(&unique, &hay),
                "{unique:?} in {hay:?}"
            );
        }
    }
}
