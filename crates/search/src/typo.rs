//! Typo matching over the term dictionary: a Levenshtein automaton evaluated lazily.
//!
//! fst's own `Levenshtein` builds its whole DFA before the first lookup, which took 5–6 ms for
//! an 11-letter word at distance 2, the slowest step of any query, and more in the browser.
//! This automaton keeps the edit-distance table's current row as its state and computes the
//! next row only for the bytes the dictionary walk visits, abandoning a branch as soon as
//! every entry of the row is over the limit. The cost follows how many terms lie near the
//! word, not the size of a DFA for every possible string.
//!
//! Distances count bytes. The Latin terms it is used for are ASCII after folding; a non-ASCII
//! letter costs more than one edit, which only makes matching stricter.

use fst::raw::{Fst, Node, Output};
use fst::Automaton;

/// The largest distance the automaton computes; a larger one asked for is lowered to it.
pub const MAX_DISTANCE: u8 = 3;

/// Cells in a row's band: the word positions within [`MAX_DISTANCE`] of the input read.
const BAND: usize = 2 * MAX_DISTANCE as usize + 1;

/// The terms within `max` edits (insertions, deletions, substitutions) of a word.
pub struct LazyLevenshtein<'a> {
    word: &'a [u8],
    max: u8,
}

/// One row of the edit-distance table, after `depth` input bytes: only the cells for word
/// positions `depth - max ..= depth + max`. A cell farther from the diagonal needs more than
/// `max` insertions or deletions, so it is over the limit anyway, and the row fits in a few
/// bytes on the stack: the walk allocates nothing per byte it reads.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    depth: usize,
    cells: [u8; BAND],
}

impl<'a> LazyLevenshtein<'a> {
    pub fn new(word: &'a str, max: u8) -> LazyLevenshtein<'a> {
        LazyLevenshtein {
            word: word.as_bytes(),
            max: max.min(MAX_DISTANCE),
        }
    }

    /// Over the limit: what every cell outside the band or the word holds.
    fn over(&self) -> u8 {
        self.max + 1
    }

    /// The word position of band cell `k` in the row after `depth` bytes, if inside the word.
    fn position(&self, depth: usize, k: usize) -> Option<usize> {
        let j = (depth + k).checked_sub(usize::from(self.max))?;
        (j <= self.word.len()).then_some(j)
    }

    /// The band's cell `k`, or over the limit outside the band.
    fn cell(&self, row: &Row, k: usize) -> u8 {
        row.cells.get(k).copied().unwrap_or(self.over())
    }
}

impl Automaton for LazyLevenshtein<'_> {
    /// The row so far; `None` once no continuation can come within the limit.
    type State = Option<Row>;

    fn start(&self) -> Self::State {
        let mut cells = [self.over(); BAND];
        for (k, cell) in cells.iter_mut().enumerate() {
            if let Some(j) = self.position(0, k) {
                *cell = (j as u8).min(self.over());
            }
        }
        Some(Row { depth: 0, cells })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state.as_ref().is_some_and(|row| {
            // The cell for the whole word: position `len` is band cell `len + max - depth`.
            (self.word.len() + usize::from(self.max))
                .checked_sub(row.depth)
                .is_some_and(|k| self.cell(row, k) <= self.max)
        })
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let row = state.as_ref()?;
        let depth = row.depth + 1;
        let mut next = [self.over(); BAND];
        let width = 2 * usize::from(self.max) + 1;
        for k in 0..width {
            let Some(j) = self.position(depth, k) else {
                continue;
            };
            // Cell j of the new row from cells j - 1 and j of the old one, which sit one band
            // position further right there (the band moves one position per byte).
            let distance = if j == 0 {
                depth.min(usize::from(self.over())) as u8
            } else {
                let substitute = self.cell(row, k) + u8::from(self.word[j - 1] != byte);
                let delete = self.cell(row, k + 1) + 1;
                let insert = k.checked_sub(1).map_or(self.over(), |left| next[left]) + 1;
                substitute.min(delete).min(insert).min(self.over())
            };
            next[k] = distance;
        }
        (next.iter().any(|&d| d <= self.max)).then_some(Row { depth, cells: next })
    }
}

/// The terms of `fst` within the automaton's distance, in key order, at most `limit`: those
/// starting with byte `first` if given, and with `letters_only`, those of the letters a to z
/// alone. A walk of the dictionary's nodes that follows a transition only while the automaton
/// can still match: fst's own search stream does the same for any automaton, ranges and
/// states kept on a heap, and its copy for this automaton was 6 KB of the widget.
pub fn near_terms(
    fst: &Fst<Vec<u8>>,
    automaton: &LazyLevenshtein,
    first: Option<u8>,
    letters_only: bool,
    limit: usize,
) -> Vec<(String, u64)> {
    let mut walk = NearTerms {
        fst,
        automaton,
        letters_only,
        limit,
        key: Vec::new(),
        found: Vec::new(),
    };
    let (root, start) = (fst.root(), automaton.start());
    match first {
        Some(byte) => {
            if let Some(i) = root.find_input(byte) {
                walk.step(root.transition(i), Output::zero(), &start);
            }
        }
        None => walk.visit(root, Output::zero(), &start),
    }
    walk.found
}

/// [`near_terms`]' walk: the key so far and the terms found.
struct NearTerms<'f, 'a> {
    fst: &'f Fst<Vec<u8>>,
    automaton: &'a LazyLevenshtein<'a>,
    letters_only: bool,
    limit: usize,
    key: Vec<u8>,
    found: Vec<(String, u64)>,
}

impl<'f> NearTerms<'f, '_> {
    /// The node the walk has reached with automaton state `state`, then its children in order.
    fn visit(&mut self, node: Node<'f>, output: Output, state: &Option<Row>) {
        if node.is_final() && self.automaton.is_match(state) && self.found.len() < self.limit {
            if let Ok(term) = std::str::from_utf8(&self.key) {
                let offset = output.cat(node.final_output()).value();
                self.found.push((term.to_string(), offset));
            }
        }
        for transition in node.transitions() {
            if self.found.len() == self.limit {
                return;
            }
            self.step(transition, output, state);
        }
    }

    /// Follows one transition, if its byte is allowed and the automaton can still match.
    fn step(&mut self, transition: fst::raw::Transition, output: Output, state: &Option<Row>) {
        if self.letters_only && !transition.inp.is_ascii_lowercase() {
            return;
        }
        let next = self.automaton.accept(state, transition.inp);
        if !self.automaton.can_match(&next) {
            return;
        }
        self.key.push(transition.inp);
        let node = self.fst.node(transition.addr);
        self.visit(node, output.cat(transition.out), &next);
        self.key.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    fn matches(words: &[&str], query: &str, max: u8) -> Vec<String> {
        let mut sorted = words.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let set = Set::from_iter(sorted).unwrap();
        let mut stream = set.search(LazyLevenshtein::new(query, max)).into_stream();
        let mut out = Vec::new();
        while let Some(key) = stream.next() {
            out.push(String::from_utf8(key.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn the_walk_finds_what_the_search_stream_finds() {
        let mut words = vec![
            "payment", "payments", "pavement", "refund", "refunds", "rebound", "refnd2", "tokens",
            "token", "ab", "abc", "bcd", "退款", "rëfund",
        ];
        words.sort_unstable();
        let map = fst::Map::from_iter(words.iter().enumerate().map(|(i, w)| (*w, i as u64)));
        let fst = map.unwrap().into_fst();
        let near = |query: &str, max: u8, first: Option<u8>, letters_only: bool, limit: usize| {
            let automaton = LazyLevenshtein::new(query, max);
            let found = near_terms(&fst, &automaton, first, letters_only, limit);
            found.into_iter().map(|(t, _)| t).collect::<Vec<_>>()
        };
        for (query, max) in [
            ("refnd", 1),
            ("refnd", 2),
            ("pyment", 2),
            ("tken", 1),
            ("abd", 1),
        ] {
            let all = matches(&words, query, max);
            assert_eq!(near(query, max, None, false, usize::MAX), all, "{query}");
            let same_first: Vec<String> = (all.iter())
                .filter(|t| t.as_bytes()[0] == query.as_bytes()[0])
                .cloned()
                .collect();
            let first = Some(query.as_bytes()[0]);
            assert_eq!(
                near(query, max, first, false, usize::MAX),
                same_first,
                "{query}"
            );
            let letters: Vec<String> = (all.iter())
                .filter(|t| t.bytes().all(|b| b.is_ascii_lowercase()))
                .cloned()
                .collect();
            assert_eq!(near(query, max, None, true, usize::MAX), letters, "{query}");
            assert_eq!(
                near(query, max, None, false, 1),
                all[..all.len().min(1)],
                "{query}"
            );
        }
        assert_eq!(
            near("refnd", 2, None, false, usize::MAX),
            ["refnd2", "refund", "refunds"]
        );
        // The offsets are the map's.
        let automaton = LazyLevenshtein::new("tokens", 0);
        let offset = words.iter().position(|w| *w == "tokens").unwrap() as u64;
        assert_eq!(
            near_terms(&fst, &automaton, None, false, 9),
            [("tokens".to_string(), offset)]
        );
    }

    #[test]
    fn finds_the_terms_within_the_distance_and_no_others() {
        let words = [
            "payment", "payments", "pavement", "refund", "refunds", "rebound",
        ];
        assert_eq!(matches(&words, "refnd", 1), ["refund"]);
        assert_eq!(matches(&words, "refnd", 2), ["refund", "refunds"]);
        assert_eq!(matches(&words, "paymnt", 1), ["payment"]);
        assert_eq!(matches(&words, "payment", 0), ["payment"]);
        assert_eq!(matches(&words, "pyment", 2), ["payment", "payments"]);
        assert_eq!(matches(&words, "pavment", 1), ["pavement", "payment"]);
    }

    #[test]
    fn agrees_with_a_plain_edit_distance() {
        fn distance(a: &[u8], b: &[u8]) -> usize {
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, &x) in a.iter().enumerate() {
                let mut next = vec![i + 1];
                for (j, &y) in b.iter().enumerate() {
                    next.push(
                        (row[j] + usize::from(x != y))
                            .min(row[j + 1] + 1)
                            .min(next[j] + 1),
                    );
                }
                row = next;
            }
            row[b.len()]
        }
        let words = [
            "a",
            "ab",
            "abc",
            "abcd",
            "bcd",
            "xbcx",
            "abdc",
            "acbd",
            "dcba",
            "aabbccdd",
            "tokenization",
            "tokenisation",
            "tokens",
            "token",
            "authentication",
            "authorization",
            "organisation",
            "organization",
            "translation",
            "tokenizer",
        ];
        let queries = [
            "abcd",
            "abc",
            "bd",
            "aabbcd",
            "x",
            "",
            "tokenisaton",
            "tokenizaton",
            "autentication",
            "autorisation",
            "organizaton",
            "tken",
            "transaltion",
        ];
        for query in queries {
            for max in 0..=MAX_DISTANCE {
                let want: Vec<String> = words
                    .iter()
                    .filter(|w| distance(w.as_bytes(), query.as_bytes()) <= usize::from(max))
                    .map(|w| w.to_string())
                    .collect();
                let mut want = want;
                want.sort();
                assert_eq!(matches(&words, query, max), want, "{query} within {max}");
            }
        }
    }
}
