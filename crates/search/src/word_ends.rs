//! Two-character words by their last character: what a lone character of a query can stand
//! for when it ends the word the visitor meant.
//!
//! Chinese visitors type the short verb (装, 修, 换) where articles write the whole word (安装,
//! 维修, 更换). When no bigram around such a character is known to the index, the query reads
//! the character alone ([`crate::query`]'s orphans). The words it starts are a range of the
//! term dictionary, which is sorted by prefix; the words it ends are not, and telling a word
//! (安装) from a straddle of two (能装) takes each term's postings.
//!
//! So `helpdock build` picks, for each character, the [`KEPT`] commonest words that end with
//! it, and marks them in a bitmap over the dictionary's two-character Chinese terms, in
//! dictionary order: one bit per term, under 1 KB for the demo's 5,500 such terms. The first
//! query that needs it reads the marked terms out of the dictionary ([`WordEnds::load`]), as
//! the initials table is built.

use fst::Streamer;
use rustc_hash::FxHashMap as HashMap;

use crate::scoring::WORD_COHESION;
use crate::tokenizer::{is_chinese_function_word, is_cjk};

/// The most words kept per last character.
pub const KEPT: usize = 4;

/// The two characters of a two-character Chinese term: the terms the bitmap numbers.
fn two_chinese(term: &str) -> Option<(char, char)> {
    let mut chars = term.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(first), Some(last), None) if is_cjk(first) && is_cjk(last) => Some((first, last)),
        _ => None,
    }
}

/// Builds the bitmap from every term in dictionary (byte) order, with its document frequency
/// and cohesion (how often it is a word rather than a straddle of two). Among equally common
/// words, the first in dictionary order is kept, the same every build.
pub fn build<'t>(terms: impl Iterator<Item = (&'t str, usize, u8)>) -> Vec<u8> {
    let mut by_end: HashMap<char, Vec<(usize, usize)>> = HashMap::default();
    let mut count = 0;
    for (term, doc_freq, cohesion) in terms {
        let Some((first, last)) = two_chinese(term) else {
            continue;
        };
        // 怎么 and 可以 end in a character as well, but say nothing about the topic; a term
        // ending in a negation is the start of a phrase (收不到, 还没), not a word.
        let says_something = !is_chinese_function_word(term) && !matches!(last, '不' | '没');
        if cohesion >= WORD_COHESION && first != last && says_something {
            by_end.entry(last).or_default().push((count, doc_freq));
        }
        count += 1;
    }
    let mut bits = vec![0u8; count.div_ceil(8)];
    for words in by_end.values_mut() {
        // Stable: among equally common words, dictionary order.
        words.sort_by_key(|&(_, doc_freq)| std::cmp::Reverse(doc_freq));
        for &(n, _) in words.iter().take(KEPT) {
            bits[n / 8] |= 1 << (n % 8);
        }
    }
    bits
}

/// The marked words, each as its two characters and its postings offset, in dictionary
/// order. A list searched from end to end: a few thousand entries at most, scanned for a
/// character only when a query has one no bigram covers, cost less than the code a map or a
/// sort would add to the widget.
#[derive(Debug, Default)]
pub(crate) struct WordEnds(Vec<(char, char, u64)>);

impl WordEnds {
    /// Reads the terms `bits` marks out of the dictionary. A bitmap shorter than the dictionary
    /// has (a file the checksum passed, but not written by `build`) marks nothing past its end.
    pub fn load(terms: &fst::Map<Vec<u8>>, bits: &[u8]) -> WordEnds {
        let mut table = Vec::new();
        let mut n = 0;
        let mut stream = terms.stream();
        while let Some((key, offset)) = stream.next() {
            let Some((first, last)) = std::str::from_utf8(key).ok().and_then(two_chinese) else {
                continue;
            };
            if bits
                .get(n / 8)
                .is_some_and(|byte| byte & (1 << (n % 8)) != 0)
            {
                table.push((first, last, offset));
            }
            n += 1;
        }
        WordEnds(table)
    }

    /// The marked words that end with `last`, each with its postings offset.
    pub fn ending_with(&self, last: char) -> Vec<(String, u64)> {
        (self.0.iter())
            .filter(|&&(_, end, _)| end == last)
            .map(|&(first, end, offset)| ([first, end].iter().collect(), offset))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table `build` marks for `terms`, read back through a dictionary of them.
    fn table(terms: &[(&str, usize, u8)]) -> WordEnds {
        let mut sorted = terms.to_vec();
        sorted.sort_by_key(|&(term, _, _)| term);
        let bits = build(sorted.iter().copied());
        let keys = sorted
            .iter()
            .enumerate()
            .map(|(i, &(t, _, _))| (t, i as u64));
        let map = fst::Map::from_iter(keys).unwrap();
        WordEnds::load(&fst::Map::new(map.into_fst().into_inner()).unwrap(), &bits)
    }

    fn words(table: &WordEnds, last: char) -> Vec<String> {
        table
            .ending_with(last)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn marks_the_commonest_words_for_each_last_character() {
        let table = table(&[
            ("修改", 3, 200),
            ("安装", 9, 200),
            ("维修", 5, 255),
            ("装修", 7, 200),
            ("能装", 12, 10), // a straddle, not a word
            ("怎么", 30, 255),
            ("检修", 5, 200),
            ("refund", 40, 255),
            ("修", 50, 255),
            ("收不", 20, 255),
        ]);
        assert_eq!(words(&table, '装'), ["安装"]);
        assert_eq!(words(&table, '修'), ["检修", "维修", "装修"]);
        assert_eq!(words(&table, '改'), ["修改"]);
        assert!(words(&table, '么').is_empty());
        assert!(words(&table, '不').is_empty());
    }

    #[test]
    fn keeps_at_most_kept_words_the_commonest() {
        let terms: Vec<(String, usize)> = "一二三四五六"
            .chars()
            .enumerate()
            .map(|(i, c)| (format!("{c}装"), i))
            .collect();
        let terms: Vec<(&str, usize, u8)> =
            terms.iter().map(|(t, df)| (t.as_str(), *df, 255)).collect();
        let mut kept = words(&table(&terms), '装');
        kept.sort();
        let mut want = vec!["六装", "五装", "四装", "三装"];
        want.sort();
        assert_eq!(kept, want);
    }

    #[test]
    fn a_short_bitmap_marks_nothing_past_its_end() {
        let map = fst::Map::from_iter([("安装", 0u64), ("维修", 1)]).unwrap();
        let terms = fst::Map::new(map.into_fst().into_inner()).unwrap();
        assert!(WordEnds::load(&terms, &[]).ending_with('装').is_empty());
        assert_eq!(WordEnds::load(&terms, &[0b01]).ending_with('装').len(), 1);
    }
}
