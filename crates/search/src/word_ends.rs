//! Two-character words by their last or first character: what a lone character of a query
//! can stand for when it ends or starts the word the visitor meant.
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
//!
//! A split index marks the words each character starts as well ([`build_starts`]). Finding
//! the commonest of them takes every one's document count, and a split index lays its
//! two-character terms' postings out by their initials, not their first character (see
//! `IndexBuilder::layout_order`): counting them all would fetch a shard for nearly each one.
//! A one-file index has every count at hand and marks none.

use fst::Streamer;
use rustc_hash::FxHashMap as HashMap;

use crate::scoring::WORD_COHESION;
use crate::tokenizer::{is_chinese_function_word, is_cjk};

/// The most words kept per last character.
pub const KEPT: usize = 4;

/// The most words kept per first character: as many as an orphaned character stands for.
pub const KEPT_STARTING: usize = 8;

/// Of the terms a character starts, only this many, the first in dictionary order, are
/// counted: the query's own cap on them.
pub const STARTING_SCANNED: usize = 256;

/// The two characters of a two-character Chinese term: the terms the ends bitmap numbers.
fn two_chinese(term: &str) -> Option<(char, char)> {
    two_chars(term).filter(|&(first, last)| is_cjk(first) && is_cjk(last))
}

/// The two characters of any two-character term: the terms the starts bitmap numbers.
pub(crate) fn two_chars(term: &str) -> Option<(char, char)> {
    let mut chars = term.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(first), Some(last), None) => Some((first, last)),
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
    mark_commonest(by_end, count, KEPT)
}

/// Builds the starts bitmap from every term in dictionary (byte) order, with its document
/// frequency: for each character, the [`KEPT_STARTING`] commonest two-character words among
/// the first [`STARTING_SCANNED`] terms it starts, as the query would pick them from a scan
/// (function words such as 怎么 are no guess at a topic).
pub fn build_starts<'t>(terms: impl Iterator<Item = (&'t str, usize)>) -> Vec<u8> {
    let mut by_start: HashMap<char, Vec<(usize, usize)>> = HashMap::default();
    // The terms a character starts are neighbours in dictionary order: a running count.
    let (mut current, mut seen) = (None, 0);
    let mut count = 0;
    for (term, doc_freq) in terms {
        let Some(first) = term.chars().next() else {
            continue;
        };
        if current != Some(first) {
            (current, seen) = (Some(first), 0);
        }
        seen += 1;
        let in_scan = seen <= STARTING_SCANNED;
        if two_chars(term).is_none() {
            continue;
        }
        if in_scan && !is_chinese_function_word(term) {
            by_start.entry(first).or_default().push((count, doc_freq));
        }
        count += 1;
    }
    mark_commonest(by_start, count, KEPT_STARTING)
}

/// A bitmap over `count` terms marking the `kept` commonest of each list of (term number,
/// document frequency).
fn mark_commonest(
    mut lists: HashMap<char, Vec<(usize, usize)>>,
    count: usize,
    kept: usize,
) -> Vec<u8> {
    let mut bits = vec![0u8; count.div_ceil(8)];
    for words in lists.values_mut() {
        // Stable: among equally common words, dictionary order.
        words.sort_by_key(|&(_, doc_freq)| std::cmp::Reverse(doc_freq));
        for &(n, _) in words.iter().take(kept) {
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
        Self::load_numbered(terms, bits, two_chinese)
    }

    /// Reads the terms the bitmap of [`build_starts`] marks.
    pub fn load_starts(terms: &fst::Map<Vec<u8>>, bits: &[u8]) -> WordEnds {
        Self::load_numbered(terms, bits, two_chars)
    }

    /// Reads the terms `bits` marks, numbering the terms `numbered` reads as two characters.
    fn load_numbered(
        terms: &fst::Map<Vec<u8>>,
        bits: &[u8],
        numbered: fn(&str) -> Option<(char, char)>,
    ) -> WordEnds {
        let mut table = Vec::new();
        let mut n = 0;
        let mut stream = terms.stream();
        while let Some((key, offset)) = stream.next() {
            let Some((first, last)) = std::str::from_utf8(key).ok().and_then(numbered) else {
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

    /// The marked words that start with `first`, each with its postings offset, in dictionary
    /// order.
    pub fn starting_with(&self, first: char) -> Vec<(String, u64)> {
        (self.0.iter())
            .filter(|&&(start, _, _)| start == first)
            .map(|&(start, end, offset)| ([start, end].iter().collect(), offset))
            .collect()
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

    /// The words `build_starts` marks for `first` among `terms`, read back in dictionary order.
    fn starting(terms: &[(&str, usize)], first: char) -> Vec<String> {
        let mut sorted = terms.to_vec();
        sorted.sort_by_key(|&(term, _)| term);
        let bits = build_starts(sorted.iter().copied());
        let keys = sorted.iter().enumerate().map(|(i, &(t, _))| (t, i as u64));
        let map = fst::Map::from_iter(keys).unwrap();
        let terms = fst::Map::new(map.into_fst().into_inner()).unwrap();
        let table = WordEnds::load_starts(&terms, &bits);
        table
            .starting_with(first)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn marks_the_commonest_words_each_character_starts() {
        let mut terms: Vec<(String, usize)> = "一二三四五六七八九十"
            .chars()
            .enumerate()
            .map(|(i, c)| (format!("退{c}"), i))
            .collect();
        terms.extend([("退".into(), 90), ("退款".into(), 50), ("怎么".into(), 99)]);
        terms.extend([
            ("怎样".into(), 1),
            ("refund".into(), 40),
            ("支付".into(), 3),
        ]);
        let terms: Vec<(&str, usize)> = terms.iter().map(|(t, df)| (t.as_str(), *df)).collect();
        // The eight commonest of eleven two-character words: not 退一, 退二 or 退三, nor 退.
        assert_eq!(
            starting(&terms, '退'),
            ["退七", "退九", "退五", "退八", "退六", "退十", "退四", "退款"]
        );
        // 怎么 and 怎样 are function words: no guess at a topic.
        assert!(starting(&terms, '怎').is_empty());
        assert_eq!(starting(&terms, '支'), ["支付"]);
        assert!(starting(&terms, 'r').is_empty());
    }

    #[test]
    fn counts_only_the_terms_a_query_scans() {
        // The query reads the first STARTING_SCANNED terms a character starts: a common word
        // past them is not one it could pick.
        let mut terms: Vec<(String, usize)> = (0..STARTING_SCANNED as u32)
            .map(|i| (format!("退{}", char::from_u32(0x4e00 + i).unwrap()), 1))
            .collect();
        terms.push(("退龟".into(), 1000));
        let terms: Vec<(&str, usize)> = terms.iter().map(|(t, df)| (t.as_str(), *df)).collect();
        let marked = starting(&terms, '退');
        assert_eq!(marked.len(), KEPT_STARTING);
        assert!(!marked.contains(&"退龟".to_string()));
    }

    #[test]
    fn a_short_bitmap_marks_nothing_past_its_end() {
        let map = fst::Map::from_iter([("安装", 0u64), ("维修", 1)]).unwrap();
        let terms = fst::Map::new(map.into_fst().into_inner()).unwrap();
        assert!(WordEnds::load(&terms, &[]).ending_with('装').is_empty());
        assert_eq!(WordEnds::load(&terms, &[0b01]).ending_with('装').len(), 1);
    }
}
