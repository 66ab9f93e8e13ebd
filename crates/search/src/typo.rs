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

use fst::Automaton;

/// The terms within `max` edits (insertions, deletions, substitutions) of a word.
pub struct LazyLevenshtein<'a> {
    word: &'a [u8],
    max: u8,
}

impl<'a> LazyLevenshtein<'a> {
    pub fn new(word: &'a str, max: u8) -> LazyLevenshtein<'a> {
        LazyLevenshtein {
            word: word.as_bytes(),
            max,
        }
    }

    /// Row entries are capped just over the limit, so they fit a byte for any word length.
    fn cap(&self, distance: usize) -> u8 {
        distance.min(usize::from(self.max) + 1) as u8
    }
}

impl Automaton for LazyLevenshtein<'_> {
    /// The edit distances from the prefix read so far to every prefix of the word; `None`
    /// once no continuation can come within the limit.
    type State = Option<Vec<u8>>;

    fn start(&self) -> Self::State {
        Some((0..=self.word.len()).map(|i| self.cap(i)).collect())
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .and_then(|row| row.last())
            .is_some_and(|&d| d <= self.max)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let row = state.as_ref()?;
        let mut next = Vec::with_capacity(row.len());
        next.push(self.cap(usize::from(row[0]) + 1));
        for (i, &w) in self.word.iter().enumerate() {
            let substitute = usize::from(row[i]) + usize::from(w != byte);
            let delete = usize::from(row[i + 1]) + 1;
            let insert = usize::from(next[i]) + 1;
            next.push(self.cap(substitute.min(delete).min(insert)));
        }
        next.iter().any(|&d| d <= self.max).then_some(next)
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
            "a", "ab", "abc", "abcd", "bcd", "xbcx", "abdc", "acbd", "dcba", "aabbccdd",
        ];
        for query in ["abcd", "abc", "bd", "aabbcd", "x"] {
            for max in 0..=2u8 {
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
