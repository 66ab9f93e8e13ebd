//! Synonym groups and intents: `转人工`, `人工客服` and `talk to a human` mean one thing, and
//! that thing is "get me a person". A query containing one phrase of a group also searches the
//! others (at a discount), and a group's intent tells the widget to offer the chat.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::tokenizer::{fold_char, is_cjk};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynonymGroup {
    /// Normalised phrases: folded like query text (lower case, simplified, half-width).
    pub phrases: Vec<String>,
    /// What a query containing one of the phrases wants, e.g. `human`.
    pub intent: Option<String>,
    /// Article ids shown first for such a query, in this order (after those in the query's
    /// language): the site's answer to the intent, as incumbents' "pinned results".
    pub pinned: Vec<String>,
    /// Only the first phrase brings in the others, as Elasticsearch's `wallet => 钱包, 皮夹`:
    /// a dictionary's English word stands for its Chinese glosses, but 钱包 in a query must not
    /// bring in 皮夹, a gloss of another sense.
    pub one_way: bool,
}

/// Text folded as the tokenizer folds it, with runs of non-word characters as one space.
pub fn normalize(text: &str, fold: &dyn Fn(char) -> char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().map(|c| fold(fold_char(c))) {
        // `can't` and `cant` are one word: visitors on phones leave the apostrophe out.
        if matches!(c, '\'' | '\u{2019}') && out.ends_with(|p: char| p.is_ascii_alphabetic()) {
            continue;
        }
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Endings a Latin phrase may carry in a query and still match: `orders`, `canceled`,
/// `charged`, `shipping`. Synonym phrases are written in their base form.
const LATIN_ENDINGS: [&str; 6] = ["", "s", "es", "d", "ed", "ing"];

/// Whether `word` is `base` or `base` with one of the [`LATIN_ENDINGS`] (`shipped` is not:
/// the doubled consonant is left to the phrase list).
pub fn inflects(word: &str, base: &str) -> bool {
    word.strip_prefix(base)
        .is_some_and(|ending| LATIN_ENDINGS.contains(&ending))
}

/// How many other words may stand between two words of a Latin phrase in a query: `close my
/// account` says `close account`, and `cancel my last order` says `cancel order`.
const MAX_WORDS_BETWEEN: usize = 2;

/// Whether normalised `query` contains normalised `phrase`. A phrase that starts or ends with
/// a Latin letter must do so at a word boundary, give or take an inflection: `agent` is in
/// `an agent` and `agents` but not `reagent` or `agentic`. The words of a Latin phrase of
/// several words must come in order, with at most [`MAX_WORDS_BETWEEN`] others between two;
/// those of a two-word phrase may also come the other way round (see [`pair`]).
///
/// [`PhraseStarts::mentions`] asks this of each phrase only where it could start in the query,
/// through the same two tests ([`phrase_at`], [`contains_english_words`]); the tests ask it
/// of whole queries.
#[cfg(test)]
fn contains_phrase(query: &str, phrase: &str) -> bool {
    if is_english_words(phrase) {
        let words: Vec<&str> = words_of(query).collect();
        return contains_english_words(&words, phrase);
    }
    contains_text(query, phrase)
}

/// Whether `phrase` is several English words, which [`contains_english_words`] finds.
fn is_english_words(phrase: &str) -> bool {
    // Bytes, not `contains(' ')`: a character searcher set up for a dozen bytes cost more
    // than the search, and every phrase a query might mention asks.
    phrase.bytes().all(|b| b.is_ascii()) && phrase.bytes().any(|b| b == b' ')
}

/// The words of normalised text, split at its single spaces: by a test of each character,
/// which for a few short words costs less than `split(' ')`'s searcher.
fn words_of(text: &str) -> std::str::Split<'_, fn(char) -> bool> {
    text.split(is_space)
}

fn is_space(c: char) -> bool {
    c == ' '
}

/// Whether a query of `words` says the English `phrase`: its words in order with few others
/// between, or a pair of words the other way round.
fn contains_english_words(words: &[&str], phrase: &str) -> bool {
    contains_words(words, words_of(phrase))
        || pair(phrase).is_some_and(|(first, second)| contains_words(words, [second, first]))
}

/// The two words of a two-word English phrase, which may also come the other way round:
/// English says `ticket refund` and `refund my ticket`, `password reset` and `reset my
/// password`, of one thing.
fn pair(phrase: &str) -> Option<(&str, &str)> {
    let (first, second) = phrase.split_once(' ')?;
    (!second.bytes().any(|b| b == b' ')).then_some((first, second))
}

/// The `wanted` words in order among `words` with few between, each whole, the last one
/// perhaps inflected (as [`contains_text`] allows at a phrase's end).
fn contains_words<'w, W>(words: &[&str], wanted: W) -> bool
where
    W: IntoIterator<Item = &'w str>,
    W::IntoIter: Clone,
{
    let mut wanted = wanted.into_iter();
    let Some(first) = wanted.next() else {
        return false;
    };
    (0..words.len()).any(|at| {
        words[at] == first && words_follow(words[at + 1..].iter().copied(), wanted.clone())
    })
}

/// Whether each of `wanted` comes in `words`, in order, at most [`MAX_WORDS_BETWEEN`] others
/// after the one before; the last may be inflected.
fn words_follow<'w, 'q>(
    mut words: impl Iterator<Item = &'q str>,
    wanted: impl Iterator<Item = &'w str>,
) -> bool {
    let mut wanted = wanted.peekable();
    while let Some(want) = wanted.next() {
        let last = wanted.peek().is_none();
        let fits = |w: &str| w == want || (last && inflects(w, want));
        if !words.by_ref().take(MAX_WORDS_BETWEEN + 1).any(fits) {
            return false;
        }
    }
    true
}

/// `phrase` inside `query` as text, at word boundaries where it has Latin edges.
#[cfg(test)]
fn contains_text(query: &str, phrase: &str) -> bool {
    (query.match_indices(phrase)).any(|(at, _)| phrase_at(query, at, phrase))
}

/// Whether `query` holds `phrase` from byte `at`, at word boundaries where it has Latin
/// edges: `agent` is in `an agent` and `agents` but not `reagent` or `agentic`.
fn phrase_at(query: &str, at: usize, phrase: &str) -> bool {
    let Some(rest) = query.get(at..).and_then(|from| from.strip_prefix(phrase)) else {
        return false;
    };
    let latin_edge = |c: Option<char>| c.is_some_and(is_latin_letter);
    let glued_before =
        latin_edge(phrase.chars().next()) && latin_edge(query[..at].chars().next_back());
    let ends_word = |ending: &&str| {
        rest.strip_prefix(*ending)
            .is_some_and(|after| !latin_edge(after.chars().next()))
    };
    let glued_after =
        latin_edge(phrase.chars().next_back()) && !LATIN_ENDINGS.iter().any(ends_word);
    !glued_before && !glued_after
}

/// A letter or digit of a Latin word: what a Latin phrase must not be glued to.
fn is_latin_letter(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The run of Latin letters and digits `text` starts with (empty when it starts otherwise).
fn leading_run(text: &str) -> &str {
    let end = text
        .find(|c: char| !is_latin_letter(c))
        .unwrap_or(text.len());
    &text[..end]
}

/// FNV-1a: a phrase's leading run as a sort key, so the runs need no sort of strings (which
/// would compile the standard library's sort once more into the widget; see `order`).
fn run_hash(run: &str) -> u32 {
    (run.bytes()).fold(RUN_HASH_START, run_hash_step)
}

/// FNV-1a's hash of no bytes.
const RUN_HASH_START: u32 = 0x811c_9dc5;

/// FNV-1a's hash of one byte more.
fn run_hash_step(hash: u32, byte: u8) -> u32 {
    (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
}

/// The English words of the groups' phrases, each once, in the groups' order, for reading a
/// misspelled word as the nearest of them.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: Vec<String>,
    /// The words by first letter, then position: a slip is looked for among the words that
    /// start alike, a few dozen of some thousands.
    by_first: Vec<Entry>,
}

/// A vocabulary word as [`Vocabulary::nearest`] first compares it, without reading it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    first: u8,
    /// Its length in bytes, at most 255 (longer words are never near anything).
    len: u8,
    /// Its [`letter_set`].
    letters: u32,
    /// Its position in `words`.
    at: u32,
}

impl Vocabulary {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let words = latin_words(groups);
        let mut by_first: Vec<Entry> = (0..)
            .zip(&words)
            .filter(|(_, w)| w.len() <= LONGEST_WORD)
            .map(|(at, w)| Entry {
                first: w.as_bytes()[0],
                len: w.len() as u8,
                letters: letter_set(w.as_bytes()),
                at,
            })
            .collect();
        // A stable sort keeps each letter's words in the groups' order.
        crate::order::sort_by_key(&mut by_first, |e| u32::from(e.first));
        Vocabulary { words, by_first }
    }

    /// The word closest to `word` within `max` edits (insertions, deletions, substitutions,
    /// and two neighbouring letters swapped), the first of equals in the groups' order; none
    /// when `word` is itself one of them.
    pub fn nearest(&self, word: &str, max: usize) -> Option<&str> {
        let w = word.as_bytes();
        let (&first, second) = w.split_first()?;
        let letters = letter_set(w);
        // Slips rarely hit the first letter, unless it swaps with the second: only the words
        // that start with either are compared.
        let starting = |letter: u8| {
            let from = self.by_first.partition_point(|e| e.first < letter);
            self.by_first[from..]
                .iter()
                .take_while(move |e| e.first == letter)
        };
        // The words that start with the second letter, when it differs, for a swap of the two.
        let other = second.first().copied().filter(|&s| s != first);
        let candidates = starting(first).chain(other.into_iter().flat_map(starting));
        let mut best: Option<(usize, u32)> = None;
        for entry in candidates {
            // An edit takes at most one letter out of the word's set and puts at most one in:
            // a word whose letters differ by more than two an edit cannot be near, and most of
            // those that start alike are ruled out so, before their letters are read.
            if usize::from(entry.len).abs_diff(w.len()) > max
                || (entry.letters ^ letters).count_ones() as usize > 2 * max
            {
                continue;
            }
            let candidate = &self.words[entry.at as usize];
            let c = candidate.as_bytes();
            let starts_alike = c[0] == first || (c.len() > 1 && c[0] == w[1] && c[1] == first);
            if !starts_alike {
                continue;
            }
            let Some(distance) = edit_distance(w, c, max) else {
                continue;
            };
            if distance == 0 {
                return None;
            }
            if inflections_of_one_word(word, candidate) {
                continue;
            }
            if best.is_none_or(|b| (distance, entry.at) < b) {
                best = Some((distance, entry.at));
            }
        }
        best.map(|(_, i)| self.words[i as usize].as_str())
    }
}

/// The English words of the groups' phrases, each once, in the groups' order. (Not sorted:
/// a sort of strings would compile the standard library's sort once more into the widget.)
fn latin_words(groups: &[SynonymGroup]) -> Vec<String> {
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    (groups.iter())
        .flat_map(|g| g.phrases.iter())
        .flat_map(|p| p.split(' '))
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        .filter(|w| seen.insert(w))
        .map(str::to_string)
        .collect()
}

/// The letters a to z a word has, a bit each (other bytes share one bit). Not inlined: the
/// compiler unrolls the loop, and two copies of it cost the widget more than the call.
#[inline(never)]
fn letter_set(word: &[u8]) -> u32 {
    let mut set = 0;
    for &b in word {
        set |= 1 << b.wrapping_sub(b'a').min(26);
    }
    set
}

/// Whether two words differ only in an English ending (`delivered`, `delivery`): another
/// form of a word, not a slip, and not the same thing (签收 is no 外卖).
fn inflections_of_one_word(a: &str, b: &str) -> bool {
    const ENDINGS: [&str; 11] = [
        "", "d", "ed", "er", "ers", "es", "ies", "ing", "ion", "s", "y",
    ];
    let common = (a.bytes().zip(b.bytes()))
        .take_while(|(x, y)| x == y)
        .count();
    common >= 3 && ENDINGS.contains(&&a[common..]) && ENDINGS.contains(&&b[common..])
}

/// Optimal string alignment distance (Levenshtein's, plus a swap of neighbours as one edit),
/// if it is at most `max`. The table is given up as soon as no cell of the last two rows can
/// lead back within `max`: most words compared differ by their third letter. Words longer
/// than [`LONGEST_WORD`] bytes are never near anything.
fn edit_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len() > LONGEST_WORD || b.len() > LONGEST_WORD {
        return None;
    }
    // Three rows of the table on the stack, in bytes (no distance exceeds LONGEST_WORD): this
    // runs for every vocabulary word of a length near the misspelled one's, and each row is
    // copied on.
    let mut before = [0u8; LONGEST_WORD + 1];
    let mut previous: [u8; LONGEST_WORD + 1] = std::array::from_fn(|j| j as u8);
    let mut current = [0u8; LONGEST_WORD + 1];
    for i in 1..=a.len() {
        current[0] = i as u8;
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        // Every later cell costs at least its row's least, and a swap reaches back one row
        // further, at one more.
        let least = |row: &[u8]| usize::from(row[..=b.len()].iter().copied().min().unwrap_or(0));
        if least(&current) > max && least(&previous) >= max {
            return None;
        }
        before = previous;
        previous = current;
    }
    Some(usize::from(previous[b.len()])).filter(|&d| d <= max)
}

/// The longest word [`edit_distance`] compares.
const LONGEST_WORD: usize = 24;

/// Every synonym phrase by where it could start in a query, so a query is checked only against
/// a few of the hundreds a site has: a Chinese phrase by its first character, an English one by
/// its first word's letters. (Testing each phrase in turn was a third of a query's time.)
#[derive(Debug, Default)]
pub struct PhraseStarts {
    /// `(first character, group, phrase)` of the phrases that start otherwise than with a
    /// Latin letter, ordered by character.
    starts: Vec<(char, u32, u32)>,
    /// `(hash of the leading Latin run, group, phrase)` of the others, ordered by hash. Such a
    /// phrase can only be found where a run of the query begins with its leading run (see
    /// [`contains_text`] and [`contains_words`]), or, for a pair of words, with its second
    /// word (see [`pair`]), so a pair is here under both. An English query looks up
    /// the prefixes of its words, a few dozen, where checking every phrase that starts with
    /// one of its letters took a third of its time.
    latin: Vec<(u32, u32, u32)>,
    /// `(characters, group, phrase)` of the phrases of two characters or more of the groups
    /// that are not one-way, ordered by length, then group and phrase: the phrases a word of
    /// pinyin syllables could spell, one character a syllable (see [`Self::of_length`]).
    by_length: Vec<(u32, u32, u32)>,
}

impl PhraseStarts {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let mut starts = Vec::new();
        let mut latin = Vec::new();
        let mut by_length = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            for (p, phrase) in group.phrases.iter().enumerate() {
                let length = phrase.chars().count() as u32;
                if !group.one_way && length >= 2 {
                    by_length.push((length, g as u32, p as u32));
                }
            }
            let triggers = if group.one_way {
                1
            } else {
                group.phrases.len()
            };
            for (p, phrase) in group.phrases.iter().enumerate().take(triggers) {
                let (g, p) = (g as u32, p as u32);
                let run = leading_run(phrase);
                if !run.is_empty() {
                    latin.push((run_hash(run), g, p));
                    // Found the other way round too, from where its second word stands.
                    if let Some((_, second)) = pair(phrase) {
                        latin.push((run_hash(leading_run(second)), g, p));
                    }
                } else if let Some(c) = phrase.chars().next() {
                    starts.push((c, g, p));
                }
            }
        }
        crate::order::sort_by_key(&mut starts, |s| s.0 as u32);
        crate::order::sort_by_key(&mut latin, |s| s.0);
        // A stable sort: each length's phrases stay in group and phrase order.
        crate::order::sort_by_key(&mut by_length, |s| s.0);
        PhraseStarts {
            starts,
            latin,
            by_length,
        }
    }

    /// `(group, phrase)` of the phrases of `length` characters of the groups that are not
    /// one-way, in group and phrase order.
    pub fn of_length(&self, length: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let length = length as u32;
        let from = self.by_length.partition_point(|s| s.0 < length);
        (self.by_length[from..].iter())
            .take_while(move |s| s.0 == length)
            .map(|&(_, g, p)| (g as usize, p as usize))
    }

    /// For each group that normalised `query` mentions, in group order, its first phrase
    /// (in the group's order) that the query contains: `(group, phrase)`.
    pub fn mentions(&self, groups: &[SynonymGroup], query: &str) -> Vec<(usize, usize)> {
        // The phrases found, few: a list, not an entry per group (the dictionary makes
        // thousands of groups, and a query asks several times).
        let mut found: Vec<(usize, usize)> = Vec::new();
        let words: Vec<&str> = words_of(query).collect();
        // Phrase `p` of group `g` where it could start, at byte `at`: a phrase of several
        // English words may have others between them, or come the other way round, so it is
        // looked for in the whole query.
        let mut offer = |g: u32, p: u32, at: usize| {
            let (g, p) = (g as usize, p as usize);
            let Some(phrase) = groups.get(g).and_then(|group| group.phrases.get(p)) else {
                return;
            };
            let there = if is_english_words(phrase) {
                contains_english_words(&words, phrase)
            } else {
                phrase_at(query, at, phrase)
            };
            if there && !found.contains(&(g, p)) {
                found.push((g, p));
            }
        };
        for (at, c) in query.char_indices() {
            if c == ' ' || is_latin_letter(c) {
                continue;
            }
            let from = self.starts.partition_point(|s| s.0 < c);
            for &(_, g, p) in self.starts[from..].iter().take_while(|s| s.0 == c) {
                offer(g, p, at);
            }
        }
        // A Latin phrase starts where a run of the query's letters does, never glued to a
        // letter before it. Each prefix's hash carries on from the one before.
        for run in query.split(|c: char| !is_latin_letter(c)) {
            let at = run.as_ptr() as usize - query.as_ptr() as usize;
            let mut hash = RUN_HASH_START;
            for (end, b) in (1..).zip(run.bytes()) {
                hash = run_hash_step(hash, b);
                if !run.is_char_boundary(end) {
                    continue;
                }
                let from = self.latin.partition_point(|s| s.0 < hash);
                for &(_, g, p) in self.latin[from..].iter().take_while(|s| s.0 == hash) {
                    offer(g, p, at);
                }
            }
        }
        // The group's first phrase found, in group order.
        crate::order::sort_by_key(&mut found, |&(g, _)| g as u32);
        found.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.min(later.1);
            }
            same
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(phrases: &[&str]) -> SynonymGroup {
        SynonymGroup {
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            ..SynonymGroup::default()
        }
    }

    #[test]
    fn phrases_match_inside_chinese_text() {
        let q = normalize("我要转人工！", &|c| c);
        assert!(contains_phrase(&q, "转人工"));
    }

    #[test]
    fn a_pair_of_words_matches_either_way_round_and_longer_phrases_in_order() {
        let q = |text: &str| normalize(text, &|c| c);
        assert!(contains_phrase(&q("reset my password"), "password reset"));
        assert!(contains_phrase(&q("refund my tickets"), "ticket refund"));
        assert!(!contains_phrase(&q("human a to talk"), "talk to a human"));
        // Found from where the second word stands, too.
        let groups = [group(&["退票", "ticket refund"])];
        let starts = PhraseStarts::new(&groups);
        assert_eq!(starts.mentions(&groups, &q("refund my ticket")), [(0, 1)]);
    }

    #[test]
    fn latin_phrases_match_whole_words_only() {
        assert_eq!(
            normalize("Can’t log in, the user's", &|c| c),
            "cant log in the users"
        );
        let q = normalize("Talk to an Agent, please", &|c| c);
        assert!(contains_phrase(&q, "agent"));
        assert!(contains_phrase(&q, "talk to"));
        assert!(contains_phrase(&normalize("agents", &|c| c), "agent"));
        let q = normalize("my orders were canceled", &|c| c);
        assert!(contains_phrase(&q, "order") && contains_phrase(&q, "cancel"));
        assert!(!contains_phrase(&normalize("reagent", &|c| c), "agent"));
        assert!(!contains_phrase(&normalize("agentic", &|c| c), "agent"));
    }

    #[test]
    fn the_words_of_a_latin_phrase_may_have_a_few_others_between() {
        let q = |text: &str| normalize(text, &|c| c);
        assert!(contains_phrase(&q("Close my account"), "close account"));
        assert!(contains_phrase(&q("cancel my last order"), "cancel order"));
        assert!(contains_phrase(
            &q("close my mobile accounts"),
            "close account"
        ));
        // Not too far apart (a pair may come the other way round: `account closed`).
        assert!(!contains_phrase(
            &q("account was then soon closed"),
            "close account"
        ));
        assert!(!contains_phrase(
            &q("close the app and then log in to my account"),
            "close account"
        ));
        // Each word whole (`reclose` is not `close`), only the last one inflected.
        assert!(!contains_phrase(&q("reclose account"), "close account"));
        assert!(!contains_phrase(
            &q("contacting support"),
            "contact support"
        ));
    }

    #[test]
    fn the_edit_distance_is_given_only_within_the_limit() {
        assert_eq!(edit_distance(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(edit_distance(b"kitten", b"sitting", 2), None);
        // A swap of neighbours is one edit, even where the row before it is over the limit.
        assert_eq!(edit_distance(b"abcdef", b"abdcef", 1), Some(1));
        assert_eq!(edit_distance(b"ab", b"ba", 1), Some(1));
        assert_eq!(edit_distance(b"xyzabc", b"abcxyz", 2), None);
        assert_eq!(edit_distance(b"same", b"same", 0), Some(0));
    }

    #[test]
    fn a_misspelled_word_is_read_as_the_nearest_vocabulary_word() {
        let words = Vocabulary::new(&[
            group(&["忘记密码", "forgot password"]),
            group(&["回收站", "recycle bin"]),
        ]);
        assert_eq!(words.words, ["forgot", "password", "recycle", "bin"]);
        assert_eq!(words.nearest("pasword", 1), Some("password"));
        assert_eq!(words.nearest("recyle", 1), Some("recycle"));
        assert_eq!(words.nearest("fogrot", 1), Some("forgot"));
        assert_eq!(words.nearest("password", 1), None);
        assert_eq!(words.nearest("passage", 1), None);
        // Another form of a word is not a slip: `recycled` is not misspelled `recycle`.
        assert_eq!(words.nearest("recycled", 1), None);
        assert_eq!(words.nearest("recylce", 1), Some("recycle"));
    }

    #[test]
    fn each_mentioned_group_gives_its_first_contained_phrase() {
        let groups = [
            group(&["转人工", "人工客服", "人工"]),
            group(&["退款", "退钱"]),
            group(&["agent", "human"]),
            group(&["冻结"]),
        ];
        let starts = PhraseStarts::new(&groups);
        let q = normalize("人工客服 退钱 talk to an agent", &|c| c);
        assert_eq!(starts.mentions(&groups, &q), [(0, 1), (1, 1), (2, 0)]);
        assert!(starts.mentions(&groups, "reagent").is_empty());
        assert!(starts.mentions(&groups, "").is_empty());
    }

    #[test]
    fn an_english_phrase_is_found_wherever_a_word_begins() {
        let groups = [
            group(&["人工", "talk to a human", "agent"]),
            group(&["退款", "refund"]),
            group(&["t+1", "到账时间"]),
        ];
        let starts = PhraseStarts::new(&groups);
        // After a Chinese character, inflected, a word of a longer phrase: each at a start.
        assert_eq!(starts.mentions(&groups, "我要agents"), [(0, 2)]);
        assert_eq!(
            starts.mentions(&groups, "please talk to a real human"),
            [(0, 1)]
        );
        assert_eq!(starts.mentions(&groups, "refunds t+1"), [(1, 1), (2, 0)]);
        // Never inside a word, but the same word again, whole, is found.
        assert!(starts.mentions(&groups, "reagent prefund").is_empty());
        assert_eq!(starts.mentions(&groups, "agentic agent"), [(0, 2)]);
        assert_eq!(
            starts.mentions(&groups, "退款了 人工退款"),
            [(0, 0), (1, 0)]
        );
    }
}
