//! Chinese without a dictionary in the browser: variant folding and pinyin.
//!
//! `helpdock build` computes two small tables (with the `zhconv` and `pinyin` crates, which never
//! ship in the widget) and stores them in the index:
//!
//! - **variants**: traditional (and variant) characters → the simplified form used in the corpus,
//!   so `帳戶被凍結` finds `账户被冻结`. Only characters whose target occurs in the corpus are kept.
//! - **syllables**: each toneless pinyin syllable with the characters read that way: the corpus's
//!   characters plus the 3,755 most common ones (GB2312 level 1), so a homophone typo such as
//!   `退宽` can be read as `tui kuan` and matched to `退款`.
//!
//! Pinyin queries never need a pinyin key per term: `tuikuan` is segmented into syllables, each
//! syllable becomes a set of characters, and the candidate bigrams are looked up in the term
//! dictionary itself.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use fst::raw::{Fst, Node, Output};
use fst::Streamer;
use serde::{Deserialize, Serialize};

use crate::format::{starting_with, walk};

/// The tables as stored in the index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChineseTables {
    /// `(variant, simplified)` pairs, sorted by variant.
    pub variants: Vec<(char, char)>,
    /// `(syllable, characters)`, sorted by syllable; a character with two readings is in both.
    pub syllables: Vec<(String, String)>,
}

impl ChineseTables {
    /// The tables in the order lookups need: they binary-search both lists.
    pub fn sorted(mut self) -> ChineseTables {
        self.variants.sort_unstable();
        self.syllables.sort_unstable();
        self.syllables.dedup_by(|a, b| a.0 == b.0);
        self
    }

    /// Whether both lists are in [`ChineseTables::sorted`] order, as a loaded index's must be:
    /// the widget checks rather than sorts, which keeps two sort routines out of the wasm.
    pub fn is_sorted(&self) -> bool {
        self.variants.is_sorted_by_key(|&(v, _)| v)
            && self.syllables.windows(2).all(|w| w[0].0 < w[1].0)
    }
}

/// `c` through a variant table sorted by variant (as [`ChineseTables::sorted`] leaves it): its
/// simplified form, or itself. The one lookup for queries, articles and the build's analysis.
#[inline]
pub fn fold_variant(variants: &[(char, char)], c: char) -> char {
    // The variants are Chinese characters: letters, digits and spaces, below the first of
    // them, need no search.
    if variants.first().is_none_or(|&(v, _)| c < v) {
        return c;
    }
    match variants.binary_search_by_key(&c, |&(v, _)| v) {
        Ok(i) => variants[i].1,
        Err(_) => c,
    }
}

/// [`fold_variant`] by direct lookup for the common ideographs (U+3400–U+9FFF), for a build,
/// which folds every character of the corpus: a binary search per character was a twentieth
/// of a large build. Other characters take the search.
#[derive(Default)]
pub struct FoldTable {
    variants: Vec<(char, char)>,
    common: Vec<char>,
}

impl FoldTable {
    const FIRST: u32 = 0x3400;
    const LAST: u32 = 0x9FFF;

    /// `variants` sorted by variant, as for [`fold_variant`].
    pub fn new(variants: &[(char, char)]) -> Self {
        let common = (Self::FIRST..=Self::LAST)
            .filter_map(char::from_u32)
            .map(|c| fold_variant(variants, c))
            .collect();
        FoldTable {
            variants: variants.to_vec(),
            common,
        }
    }

    pub fn fold(&self, c: char) -> char {
        match (c as u32).checked_sub(Self::FIRST) {
            Some(i) if c as u32 <= Self::LAST && !self.common.is_empty() => self.common[i as usize],
            _ => fold_variant(&self.variants, c),
        }
    }
}

/// One position of a pinyin query: a whole syllable, or the letters a syllable starts with
/// (an initial such as `t` in `tk`, or the syllable still being typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    Syllable(usize),
    Prefix(String),
}

/// The tables, loaded for lookups.
#[derive(Debug, Default)]
pub(crate) struct Chinese {
    variants: Vec<(char, char)>,
    syllables: Vec<String>,
    /// Each syllable's [`sort_key`], in the same order: a query's pinyin is split by looking
    /// up its pieces, dozens per word, and comparing integers is much cheaper than strings.
    keys: Vec<u64>,
    syllable_chars: Vec<Vec<char>>,
    char_syllables: HashMap<char, Vec<usize>>,
}

/// The longest toneless pinyin syllable (`zhuang`, `shuang`).
const MAX_SYLLABLE_LEN: usize = 6;

/// A string's first eight bytes as a big-endian integer: strings in order have keys in order,
/// and syllables (six letters at most) have keys of their own.
#[inline(never)]
fn sort_key(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

impl Chinese {
    /// Loads the tables, which must be [`ChineseTables::sorted`]. With `vocabulary`, the characters of the index's terms, the lists a
    /// pinyin slot expands to keep only characters that can occur in a term: the common
    /// characters outside the corpus are there to read a query, never to be looked up.
    pub fn new(tables: &ChineseTables, vocabulary: Option<&HashSet<char>>) -> Chinese {
        let variants = tables.variants.clone();
        let mut char_syllables: HashMap<char, Vec<usize>> = HashMap::default();
        let mut syllables = Vec::with_capacity(tables.syllables.len());
        let mut keys = Vec::with_capacity(tables.syllables.len());
        let mut syllable_chars = Vec::with_capacity(tables.syllables.len());
        for (i, (syllable, chars)) in tables.syllables.iter().enumerate() {
            syllables.push(syllable.clone());
            keys.push(sort_key(syllable));
            let in_vocabulary = |c: &char| vocabulary.is_none_or(|v| v.contains(c));
            syllable_chars.push(chars.chars().filter(in_vocabulary).collect());
            for c in chars.chars() {
                char_syllables.entry(c).or_default().push(i);
            }
        }
        Chinese {
            variants,
            keys,
            syllables,
            syllable_chars,
            char_syllables,
        }
    }

    /// The simplified form of `c`, or `c` itself.
    pub fn fold(&self, c: char) -> char {
        fold_variant(&self.variants, c)
    }

    /// The characters that can fill a slot.
    pub fn chars_for(&self, slot: &Slot) -> Vec<char> {
        match slot {
            Slot::Syllable(i) => self.syllable_chars[*i].clone(),
            Slot::Prefix(prefix) => {
                let start = self.first_from(prefix);
                let mut chars = Vec::new();
                for (syllable, list) in self.syllables[start..]
                    .iter()
                    .zip(&self.syllable_chars[start..])
                {
                    if !syllable.starts_with(prefix.as_str()) {
                        break;
                    }
                    chars.extend_from_slice(list);
                }
                chars
            }
        }
    }

    /// Whether one of `c`'s readings is the whole syllable `slot`: any character of the
    /// tables, not only those of the index's terms (see [`Chinese::new`]).
    pub fn reads_as(&self, c: char, slot: &Slot) -> bool {
        match slot {
            Slot::Syllable(i) => (self.char_syllables.get(&c)).is_some_and(|s| s.contains(i)),
            Slot::Prefix(_) => false,
        }
    }

    /// The homophones of `c` (every character sharing one of its readings), `c` first.
    pub fn homophones(&self, c: char) -> Vec<char> {
        let mut out = vec![c];
        for &i in self
            .char_syllables
            .get(&c)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            out.extend(self.syllable_chars[i].iter().filter(|&&h| h != c));
        }
        out
    }

    /// The first letters of `c`'s readings (`行`: h and x), each once.
    pub fn initial_letters(&self, c: char) -> Vec<u8> {
        // A bit per letter: each once and in order, with no sort in the wasm for two letters.
        let mut seen = 0u32;
        for &i in (self.char_syllables.get(&c).map(Vec::as_slice)).unwrap_or_default() {
            if let Some(letter @ b'a'..=b'z') = self.syllables[i].bytes().next() {
                seen |= 1 << (letter - b'a');
            }
        }
        (b'a'..=b'z')
            .filter(|l| seen & (1 << (l - b'a')) != 0)
            .collect()
    }

    /// How `piece` reads, from one lookup: `Some(Some(i))` as the whole syllable `i`,
    /// `Some(None)` as the start of one, `None` as neither, nor will any longer piece that
    /// starts with it.
    fn read(&self, piece: &str) -> Option<Option<usize>> {
        let i = self.first_from(piece);
        let syllable = self.syllables.get(i).filter(|s| s.starts_with(piece))?;
        Some((syllable == piece).then_some(i))
    }

    /// Where the first syllable not before `s` is. A plain loop: the library's binary search
    /// is unrolled into several times the bytes in the widget, and one copy serves every caller.
    #[inline(never)]
    fn first_from(&self, s: &str) -> usize {
        let key = sort_key(s);
        let (mut low, mut high) = (0, self.keys.len());
        while low < high {
            let middle = (low + high) / 2;
            if self.keys[middle] < key {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// Splits letters into the fewest pinyin syllables (`zhanghudongjie` → zhang hu dong jie).
    /// With `partial_last`, the last syllable may be incomplete, as while typing (`tuik`).
    pub fn segment(&self, letters: &str, partial_last: bool) -> Option<Vec<Slot>> {
        if letters.is_empty()
            || !letters.bytes().all(|b| b.is_ascii_lowercase())
            || self.syllables.is_empty()
        {
            return None;
        }
        let n = letters.len();
        // best[i]: fewest slots covering letters[..i], where the last slot starts, and the
        // syllable it is (none for a syllable's start); the earliest start of those with
        // fewest, as each end hears from the starts in order.
        let mut best: Vec<Option<(usize, usize, Option<usize>)>> = vec![None; n + 1];
        best[0] = Some((0, 0, None));
        for start in 0..n {
            let Some((count, _, _)) = best[start] else {
                continue;
            };
            // One lookup per piece, and none once the piece starts no syllable: most of a
            // word's pieces are no pinyin, and a misspelling is tried dozens of ways.
            for end in start + 1..=n.min(start + MAX_SYLLABLE_LEN) {
                let Some(whole) = self.read(&letters[start..end]) else {
                    break;
                };
                let fits = whole.is_some() || (partial_last && end == n);
                if fits && best[end].is_none_or(|(c, _, _)| count + 1 < c) {
                    best[end] = Some((count + 1, start, whole));
                }
            }
        }
        best[n]?;
        let mut slots = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start, whole) = best[end]?;
            slots.push(match whole {
                Some(i) => Slot::Syllable(i),
                None => Slot::Prefix(letters[start..end].to_string()),
            });
            end = start;
        }
        slots.reverse();
        Some(slots)
    }

    /// Every way to split letters into as few pinyin syllables as [`Self::segment`] does, up
    /// to `cap` of them: `xiane` is xian e (限额) as well as xia ne. The first is `segment`'s.
    pub fn segmentations(&self, letters: &str, partial_last: bool, cap: usize) -> Vec<Vec<Slot>> {
        let Some(fewest) = self.segment(letters, partial_last) else {
            return Vec::new();
        };
        let mut out = vec![fewest.clone()];
        let mut path = Vec::new();
        self.split_into(
            letters,
            partial_last,
            fewest.len(),
            &mut path,
            &mut out,
            cap,
        );
        out
    }

    /// Depth-first: the splits of `rest` into `left` slots, appended to `out` after `path`.
    fn split_into(
        &self,
        rest: &str,
        partial_last: bool,
        left: usize,
        path: &mut Vec<Slot>,
        out: &mut Vec<Vec<Slot>>,
        cap: usize,
    ) {
        if left == 0 {
            if rest.is_empty() && out.len() < cap && !out.contains(path) {
                out.push(path.clone());
            }
            return;
        }
        if out.len() >= cap {
            return;
        }
        for len in 1..=rest.len().min(MAX_SYLLABLE_LEN) {
            let (piece, tail) = rest.split_at(len);
            let slot = match self.read(piece) {
                Some(Some(i)) => Slot::Syllable(i),
                Some(None) if partial_last && tail.is_empty() => Slot::Prefix(piece.to_string()),
                Some(None) => continue,
                None => break,
            };
            path.push(slot);
            self.split_into(tail, partial_last, left - 1, path, out, cap);
            path.pop();
        }
    }

    /// Initials (`rgkf` → r g k f): each letter is the start of a syllable. Few syllables
    /// start with a vowel (阿, 饿, 爱, 安, 二), so letters with two vowels or more (`hello`,
    /// `paypal`) are a word the index lacks, not initials: read as initials they found
    /// articles that had nothing to do with them.
    pub fn initials(&self, letters: &str) -> Option<Vec<Slot>> {
        let vowels = letters.bytes().filter(|b| b"aeiou".contains(b)).count();
        let ok = (2..=6).contains(&letters.len())
            && vowels <= 1
            && letters.bytes().all(|b| b.is_ascii_lowercase());
        ok.then(|| {
            letters
                .chars()
                .map(|c| Slot::Prefix(c.to_string()))
                .collect()
        })
    }
}

/// Every two-character term of the index, filed by the first letters of its characters'
/// readings: what a pair of initials (`t`, `k`) can spell, found with one lookup instead of a
/// dictionary scan for each of the hundreds of characters a letter can start. Built on the
/// first query that needs it, from the terms and the syllable table.
#[derive(Debug, Default)]
pub(crate) struct InitialsTable {
    pairs: HashMap<[u8; 2], Vec<(u64, [char; 2])>>,
}

impl InitialsTable {
    pub fn build(terms: &fst::Map<Vec<u8>>, chinese: &Chinese) -> InitialsTable {
        let mut pairs: HashMap<[u8; 2], Vec<(u64, [char; 2])>> = HashMap::default();
        let mut stream = terms.stream();
        while let Some((key, offset)) = stream.next() {
            let Ok(term) = std::str::from_utf8(key) else {
                continue;
            };
            let mut chars = term.chars();
            let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
                continue;
            };
            for x in chinese.initial_letters(a) {
                for y in chinese.initial_letters(b) {
                    pairs.entry([x, y]).or_default().push((offset, [a, b]));
                }
            }
        }
        InitialsTable { pairs }
    }

    /// The terms whose characters have readings starting with `first` and `second`, in the
    /// dictionary's order.
    pub fn get(&self, first: u8, second: u8) -> &[PairTerm] {
        (self.pairs.get(&[first, second]).map(Vec::as_slice)).unwrap_or_default()
    }
}

/// A term of two characters: its dictionary offset and its characters. Readings give dozens
/// of such candidates and keep a few: each is spelled as a string only when kept.
pub(crate) type PairTerm = (u64, [char; 2]);

/// Index terms of two characters, the first from `first` and the second from `second`,
/// at most `cap` of them.
pub(crate) fn pair_terms(
    terms: &fst::Map<Vec<u8>>,
    first: &[char],
    second: &[char],
    cap: usize,
) -> Vec<PairTerm> {
    let mut out = Vec::new();
    // Few combinations: look each one up from the node the first character leads to, walked
    // once, and none for a first character no term starts with. Many (initials): scan the
    // terms starting with each first character, which the fst keeps together.
    if first.len() * second.len() <= 512 {
        let fst = terms.as_fst();
        for &a in first {
            let Some(after_a) = follow(fst, (fst.root(), Output::zero()), a) else {
                continue;
            };
            for &b in second {
                match follow(fst, after_a, b) {
                    Some((node, output)) if node.is_final() => {
                        let offset = output.cat(node.final_output()).value();
                        out.push((offset, [a, b]));
                        if out.len() == cap {
                            return out;
                        }
                    }
                    _ => {}
                }
            }
        }
        return out;
    }
    let second: HashSet<char> = second.iter().copied().collect();
    for &a in first {
        let prefix = a.to_string();
        let mut stream = starting_with(terms, &prefix);
        while let Some((key, offset)) = stream.next() {
            let Ok(term) = std::str::from_utf8(key) else {
                continue;
            };
            let mut chars = term.chars();
            if let (Some(_), Some(b), None) = (chars.next(), chars.next(), chars.next()) {
                if second.contains(&b) {
                    out.push((offset, [a, b]));
                    if out.len() == cap {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// The node of `fst` that character `c` leads to from `at`, with the output gathered on the way.
fn follow<'f>(
    fst: &'f Fst<Vec<u8>>,
    at: (Node<'f>, Output),
    c: char,
) -> Option<(Node<'f>, Output)> {
    walk(fst, at, c.encode_utf8(&mut [0; 4]).as_bytes())
}

/// Index terms starting with any of `chars` (a one-syllable pinyin query), at most `cap`.
pub(crate) fn terms_starting_with(
    terms: &fst::Map<Vec<u8>>,
    chars: &[char],
    cap: usize,
) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for &c in chars {
        let prefix = c.to_string();
        let mut stream = starting_with(terms, &prefix);
        while let Some((key, offset)) = stream.next() {
            if let Ok(term) = std::str::from_utf8(key) {
                out.push((term.to_string(), offset));
                if out.len() == cap {
                    return out;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> Chinese {
        let syllables = [
            ("dong", "冻动东懂"),
            ("gong", "工公攻"),
            ("hu", "户护互"),
            ("jie", "结节接"),
            ("kuan", "款宽"),
            ("ren", "人认"),
            ("tui", "退推腿"),
            ("xi", "西系"),
            ("xian", "先现"),
            ("an", "安按"),
            ("zhang", "账张"),
            ("zhuan", "转"),
        ];
        let tables = ChineseTables {
            variants: vec![('帳', '账'), ('凍', '冻'), ('戶', '户'), ('結', '结')],
            syllables: syllables
                .iter()
                .map(|(s, c)| (s.to_string(), c.to_string()))
                .collect(),
        };
        Chinese::new(&tables.sorted(), None)
    }

    #[test]
    fn the_fold_table_folds_as_the_variant_search() {
        // Inside the table's range, outside it (a compatibility ideograph and an extension B
        // character), and characters with no variant.
        let variants = {
            let mut v = vec![
                ('帳', '账'),
                ('凍', '冻'),
                ('\u{F900}', '豈'),
                ('\u{20000}', '一'),
            ];
            v.sort_unstable();
            v
        };
        let table = FoldTable::new(&variants);
        for c in [
            '帳',
            '凍',
            '账',
            'a',
            'Ａ',
            '\u{F900}',
            '\u{20000}',
            '\u{33FF}',
            '\u{9FFF}',
        ] {
            assert_eq!(table.fold(c), fold_variant(&variants, c), "{c}");
        }
        assert_eq!(table.fold('帳'), '账');
        assert_eq!(table.fold('\u{F900}'), '豈');
        assert_eq!(FoldTable::default().fold('帳'), '帳');
    }

    fn names(c: &Chinese, slots: &[Slot]) -> Vec<String> {
        slots
            .iter()
            .map(|s| match s {
                Slot::Syllable(i) => c.syllables[*i].clone(),
                Slot::Prefix(p) => format!("{p}*"),
            })
            .collect()
    }

    #[test]
    fn pinyin_splits_into_the_fewest_syllables() {
        let c = tables();
        assert_eq!(
            names(&c, &c.segment("zhanghudongjie", false).unwrap()),
            ["zhang", "hu", "dong", "jie"]
        );
        assert_eq!(names(&c, &c.segment("xian", false).unwrap()), ["xian"]);
        assert_eq!(
            names(&c, &c.segment("zhuanrengong", false).unwrap()),
            ["zhuan", "ren", "gong"]
        );
    }

    #[test]
    fn the_syllable_being_typed_may_be_incomplete() {
        let c = tables();
        assert!(c.segment("tuik", false).is_none());
        assert_eq!(names(&c, &c.segment("tuik", true).unwrap()), ["tui", "k*"]);
    }

    #[test]
    fn english_words_are_not_pinyin() {
        let c = tables();
        assert!(c.segment("refund", true).is_none());
        assert!(c.segment("Tui", false).is_none());
    }

    #[test]
    fn traditional_characters_fold_to_simplified() {
        let c = tables();
        let folded: String = "帳戶凍結".chars().map(|ch| c.fold(ch)).collect();
        assert_eq!(folded, "账户冻结");
    }

    #[test]
    fn homophones_share_a_reading() {
        let c = tables();
        assert!(c.homophones('宽').contains(&'款'));
        assert_eq!(c.homophones('好'), ['好']);
    }
}
