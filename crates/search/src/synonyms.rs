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
pub fn contains_phrase(query: &str, phrase: &str) -> bool {
    if phrase.contains(' ') && phrase.bytes().all(|b| b.is_ascii()) {
        let wanted: Vec<&str> = phrase.split(' ').collect();
        return contains_words(query, &wanted)
            || pair(phrase).is_some_and(|(first, second)| contains_words(query, &[second, first]));
    }
    contains_text(query, phrase)
}

/// The two words of a two-word English phrase, which may also come the other way round:
/// English says `ticket refund` and `refund my ticket`, `password reset` and `reset my
/// password`, of one thing.
fn pair(phrase: &str) -> Option<(&str, &str)> {
    let (first, second) = phrase.split_once(' ')?;
    (!second.contains(' ')).then_some((first, second))
}

/// The `wanted` words in order in `query` with few between, each whole, the last one
/// perhaps inflected (as [`contains_text`] allows at a phrase's end).
fn contains_words(query: &str, wanted: &[&str]) -> bool {
    let words: Vec<&str> = query.split(' ').collect();
    let Some((first, rest)) = wanted.split_first() else {
        return false;
    };
    let last = rest.len().saturating_sub(1);
    (0..words.len()).any(|start| {
        if words[start] != *first {
            return false;
        }
        let mut at = start;
        rest.iter().enumerate().all(|(k, want)| {
            let fits = |w: &str| w == *want || (k == last && inflects(w, want));
            let mut window = (words.iter().enumerate())
                .skip(at + 1)
                .take(MAX_WORDS_BETWEEN + 1);
            match window.find(|(_, w)| fits(w)) {
                Some((i, _)) => {
                    at = i;
                    true
                }
                None => false,
            }
        })
    })
}

/// `phrase` inside `query` as text, at word boundaries where it has Latin edges.
fn contains_text(query: &str, phrase: &str) -> bool {
    // Every query is checked against every synonym phrase: a one-character search (memchr)
    // rules most of them out before the costlier substring searcher is set up.
    let Some(first) = phrase.chars().next() else {
        return false;
    };
    if phrase.len() > query.len() || !query.contains(first) {
        return false;
    }
    let latin_edge = |c: Option<char>| c.is_some_and(is_latin_letter);
    query.match_indices(phrase).any(|(at, _)| {
        let before = query[..at].chars().next_back();
        let rest = &query[at + phrase.len()..];
        let starts_latin = latin_edge(phrase.chars().next());
        let ends_latin = latin_edge(phrase.chars().next_back());
        let glued_before = starts_latin && latin_edge(before);
        let ends_word = |ending: &&str| {
            rest.strip_prefix(*ending)
                .is_some_and(|after| !latin_edge(after.chars().next()))
        };
        let glued_after = ends_latin && !LATIN_ENDINGS.iter().any(ends_word);
        !glued_before && !glued_after
    })
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
    (run.bytes()).fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The English words of the groups' phrases, each once, in the groups' order. (Not sorted:
/// a sort of strings would compile the standard library's sort once more into the widget.)
pub fn latin_words(groups: &[SynonymGroup]) -> Vec<String> {
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    (groups.iter())
        .flat_map(|g| g.phrases.iter())
        .flat_map(|p| p.split(' '))
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        .filter(|w| seen.insert(w))
        .map(str::to_string)
        .collect()
}

/// The vocabulary word closest to `word` within `max` edits (insertions, deletions,
/// substitutions, and two neighbouring letters swapped), the first of equals in `words`'
/// order; none when `word` is itself one of them.
pub fn nearest_word<'w>(word: &str, words: &'w [String], max: usize) -> Option<&'w str> {
    let mut best: Option<(usize, &str)> = None;
    let (w, first) = (word.as_bytes(), word.as_bytes().first());
    let letters = letter_set(w);
    for candidate in words {
        let c = candidate.as_bytes();
        if c.len().abs_diff(w.len()) > max {
            continue;
        }
        // Slips rarely hit the first letter (unless it swaps with the second): comparing only
        // the words that start alike keeps this to a few dozen tables.
        let starts_alike =
            c.first() == first || (w.len() > 1 && c.len() > 1 && c[0] == w[1] && c[1] == w[0]);
        // An edit takes at most one letter out of the word's set and puts at most one in: a
        // word whose letters differ by more than two an edit cannot be near, and most of a
        // few dozen that start alike are ruled out so, before filling a table.
        if !starts_alike || (letter_set(c) ^ letters).count_ones() as usize > 2 * max {
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
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, w)| w)
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
}

impl PhraseStarts {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let mut starts = Vec::new();
        let mut latin = Vec::new();
        for (g, group) in groups.iter().enumerate() {
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
        PhraseStarts { starts, latin }
    }

    /// For each group that normalised `query` mentions, in group order, its first phrase
    /// (in the group's order) that the query contains: `(group, phrase)`.
    pub fn mentions(&self, groups: &[SynonymGroup], query: &str) -> Vec<(usize, usize)> {
        // The phrases found, few: a list, not an entry per group (the dictionary makes
        // thousands of groups, and a query asks several times).
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut offer = |g: u32, p: u32| {
            let (g, p) = (g as usize, p as usize);
            let phrase = groups.get(g).and_then(|group| group.phrases.get(p));
            if !found.contains(&(g, p))
                && phrase.is_some_and(|phrase| contains_phrase(query, phrase))
            {
                found.push((g, p));
            }
        };
        let mut tried: Vec<char> = Vec::new();
        for c in query.chars().filter(|c| *c != ' ' && !is_latin_letter(*c)) {
            if tried.contains(&c) {
                continue;
            }
            tried.push(c);
            let from = self.starts.partition_point(|s| s.0 < c);
            for &(_, g, p) in self.starts[from..].iter().take_while(|s| s.0 == c) {
                offer(g, p);
            }
        }
        let mut prefixes: Vec<&str> = Vec::new();
        for run in query.split(|c: char| !is_latin_letter(c)) {
            let ends = run.char_indices().map(|(i, c)| i + c.len_utf8());
            for prefix in ends.map(|end| &run[..end]) {
                if prefixes.contains(&prefix) {
                    continue;
                }
                prefixes.push(prefix);
                let hash = run_hash(prefix);
                let from = self.latin.partition_point(|s| s.0 < hash);
                for &(_, g, p) in self.latin[from..].iter().take_while(|s| s.0 == hash) {
                    offer(g, p);
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
        let words = latin_words(&[
            group(&["忘记密码", "forgot password"]),
            group(&["回收站", "recycle bin"]),
        ]);
        assert_eq!(words, ["forgot", "password", "recycle", "bin"]);
        assert_eq!(nearest_word("pasword", &words, 1), Some("password"));
        assert_eq!(nearest_word("recyle", &words, 1), Some("recycle"));
        assert_eq!(nearest_word("fogrot", &words, 1), Some("forgot"));
        assert_eq!(nearest_word("password", &words, 1), None);
        assert_eq!(nearest_word("passage", &words, 1), None);
        // Another form of a word is not a slip: `recycled` is not misspelled `recycle`.
        assert_eq!(nearest_word("recycled", &words, 1), None);
        assert_eq!(nearest_word("recylce", &words, 1), Some("recycle"));
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
        // Never inside a word.
        assert!(starts.mentions(&groups, "reagent prefund").is_empty());
    }
}
