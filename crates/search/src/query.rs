//! Answering a query: tokens to groups, groups to scores, scores to ranked hits.
//!
//! Each query token becomes a *group* of index terms that could stand for it: the exact term;
//! for the word still being typed, the terms it is a prefix of; for a Latin word, the terms a
//! typo or two away, and the Chinese terms its pinyin or initials spell; for a Chinese bigram the
//! index lacks, the terms its homophones form. Tokens that say how the visitor asks rather than
//! what about (English `the`, Chinese 怎么, a particle's bigram such as 的钱) are left out when
//! the query has other words, and a Chinese character no remaining bigram covers becomes a group
//! of its own (退 of 退的钱 → 退款, 退回). A document scores the best member of each group
//! (so twenty expansions cannot outvote one exact word), the groups add up, and documents
//! matching more groups rank higher.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use fst::Streamer;
use serde::Serialize;

use crate::chinese::{pair_terms, terms_starting_with, InitialsTable, PairTerm, Slot};
use crate::format::{language_of, starting_with, Index, Posting};
use crate::order;
use crate::pinyin_typo;
use crate::scoring;
use crate::snippet::{highlight_ranges, make_snippet, Snippet};
use crate::synonyms::{inflects, normalize, PhraseStarts, SynonymGroup, Vocabulary};
use crate::tokenizer::{
    bigram, framing_starts, is_chinese_function_word, is_cjk, is_english_stopword,
    is_function_char, is_particle, is_question_char, Token, TokenKind,
};
use crate::typo::{near_terms, LazyLevenshtein};
use crate::word_ends::{self, WordEnds};

/// At most this many index terms stand in for one prefix, pinyin slot pair or typo.
const MAX_EXPANSIONS: usize = 64;

/// How many words an orphaned character stands for (see [`Index::add_orphans`]); a split
/// index marks that many per character at build time.
const ORPHAN_EXPANSIONS: usize = word_ends::KEPT_STARTING;

/// How many bigrams a pair of pinyin slots may gather before the linked ones are picked.
const PAIR_CANDIDATES: usize = 4 * MAX_EXPANSIONS;

/// The second words of an English compound that are shorter than three letters (`topup`,
/// `signin`; see [`Index::compound_split`]).
const COMPOUND_PARTICLES: [&str; 2] = ["up", "in"];

/// The other splits of a pinyin word into syllables tried when the first spells nothing.
const MAX_SPLITS: usize = 8;

/// One Latin letter: no word and no syllable yet (see [`Index::letter_itself`]).
fn is_lone_letter(token: &Token) -> bool {
    token.kind == TokenKind::Latin && token.text.chars().count() == 1
}

/// For each pair's candidate bigrams, whether one of the neighbouring pairs has a candidate that
/// continues it (`支付` then `付密`) or leads into it.
fn linked_pairs(found: &[&[PairTerm]]) -> Vec<Vec<bool>> {
    let ends = |terms: &[PairTerm], end: usize| -> HashSet<char> {
        terms.iter().map(|(_, chars)| chars[end]).collect()
    };
    let firsts: Vec<HashSet<char>> = found.iter().map(|t| ends(t, 0)).collect();
    let lasts: Vec<HashSet<char>> = found.iter().map(|t| ends(t, 1)).collect();
    found
        .iter()
        .enumerate()
        .map(|(i, terms)| {
            terms
                .iter()
                .map(|&(_, [first, last])| {
                    let from_previous = i > 0 && lasts[i - 1].contains(&first);
                    let into_next = i + 1 < found.len() && firsts[i + 1].contains(&last);
                    from_previous || into_next
                })
                .collect()
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// The most hits to return.
    pub limit: usize,
    /// Treat the last token as a prefix unless the query ends with a space: search as you type.
    pub prefix_last: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            prefix_last: true,
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document number in the index.
    #[serde(skip)]
    pub doc: u32,
    pub id: String,
    pub title: String,
    pub category: String,
    pub locale: String,
    pub score: f32,
    pub snippet: Snippet,
    /// Byte ranges of `title` to highlight.
    pub title_highlights: Vec<(usize, usize)>,
}

/// A synonym group the query mentions, and the phrase of it the query used.
struct Mention<'a> {
    group: &'a SynonymGroup,
    phrase: &'a String,
    /// Where the group and the phrase are in the index's synonym list.
    at: (usize, usize),
    /// The query's word that says the phrase in another tense (`forgot` for `forget`).
    inflected: Option<String>,
    /// The query's words (as terms) that say words of the phrase with a slip (`refnd` for
    /// `refund`; see [`Index::respelled_for_vocabulary`]). Empty when the phrase is typed.
    slipped: Vec<String>,
}

#[derive(Clone)]
struct Member {
    offset: u64,
    weight: f32,
    term: String,
    /// For a synonym alternative from a phrase of several terms, the phrase's number (from 1)
    /// among the alternatives: such a term counts only in articles holding the whole phrase.
    phrase: u32,
}

#[derive(Default)]
struct Group {
    /// The query token's own term.
    term: String,
    members: Vec<Member>,
    /// The members are readings of pinyin, initials or a homophone: guesses at the word the
    /// visitor meant, which are likelier the more articles use them (see [`reading_prior`]).
    by_reading: bool,
    /// Synonym alternatives for this token (see [`Index::add_synonyms`]): shared with every
    /// token the mentioned phrase spans, so their postings are scored once per query.
    synonyms: Vec<Rc<Vec<Member>>>,
    /// Made for a character no known bigram covers (see [`Index::add_orphans`]): a guess,
    /// which counts less towards how much of the query a document covers.
    orphan: bool,
}

impl Group {
    /// Whether the query word the group stands for is Chinese.
    fn is_chinese(&self) -> bool {
        self.term.chars().next().is_some_and(is_cjk)
    }

    fn is_live(&self) -> bool {
        !self.members.is_empty() || self.synonyms.iter().any(|s| !s.is_empty())
    }

    /// How much matching this group adds to a document's coverage of the query.
    fn coverage(&self) -> f32 {
        if self.orphan {
            scoring::ORPHAN_COVERAGE
        } else {
            1.0
        }
    }

    /// Every term that can stand for the token: its own members, then synonym alternatives.
    fn all_members(&self) -> impl Iterator<Item = &Member> + '_ {
        self.members
            .iter()
            .chain(self.synonyms.iter().flat_map(|s| s.iter()))
    }
}

/// Decoded postings lists by dictionary offset, for one query: a synonym's terms stand in for
/// every query word its phrase spans, so the same list is wanted several times. With each
/// list, its title boost (see [`Index::title_boost`]), counted once as the list is decoded.
#[derive(Default)]
struct PostingsCache(HashMap<u64, Decoded>);

/// A decoded postings list: its weight (IDF), its title boost, its postings.
type Decoded = (f32, f32, Arc<Vec<Posting>>);

impl PostingsCache {
    fn entry(&mut self, index: &Index, offset: u64) -> &Decoded {
        self.0
            .entry(offset)
            .or_insert_with(|| index.decoded(offset))
    }

    fn get(&mut self, index: &Index, offset: u64) -> (f32, Arc<Vec<Posting>>) {
        let (idf, _, postings) = self.entry(index, offset);
        (*idf, Arc::clone(postings))
    }

    /// The title boost of a member's term (see [`Index::title_boost`]): none for a Latin
    /// term. In a title, a Latin word is mostly a name, of a command or a product (`perl`,
    /// `samba`, `App`), which the other articles about it repeat in their bodies: counted
    /// as the title's topic, it put the page titled `perl` before `perlfunc` for `Perl 内部函数`
    /// (Debian's man pages: Recall@1 0.785 without the boost for Latin terms, 0.772 with it).
    fn title_boost(&mut self, index: &Index, member: &Member) -> f32 {
        if !member.term.chars().next().is_some_and(is_cjk) {
            return 1.0;
        }
        self.entry(index, member.offset).1
    }
}

/// What queries worked out from the index alone, kept for the queries after them, up to
/// [`KEPT_ITEMS`] items (postings, documents): past it, it starts again empty.
pub(crate) struct Kept<K, V> {
    map: HashMap<K, V>,
    items: usize,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            map: HashMap::default(),
            items: 0,
        }
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Kept<K, V> {
    fn get(&self, key: &K) -> Option<V> {
        self.map.get(key).cloned()
    }

    fn keep(&mut self, key: K, value: V, items: usize) {
        if self.items + items > KEPT_ITEMS {
            self.map.clear();
            self.items = 0;
        }
        self.items += items;
        self.map.insert(key, value);
    }
}

/// The most items each [`Kept`] holds: 262,144 postings (8 bytes each) or documents (4).
const KEPT_ITEMS: usize = 1 << 18;

/// Decoded postings lists by dictionary offset: a visitor's keystrokes ask for the same lists
/// again (转, 转人, 转人工), and a request for a person reads the dozen lists of its synonym
/// group's phrases every time. The JavaScript engines hold their whole index decoded; this
/// holds what queries have used.
pub(crate) type DecodedLists = Kept<u64, Decoded>;

/// The documents holding every term of a phrase of several terms, by the terms' dictionary
/// offsets: every request for a person intersects the postings of the same two dozen phrases
/// of its group.
pub(crate) type PhraseDocs = Kept<Vec<u64>, Arc<Vec<u32>>>;

/// One synonym group's phrases as terms, with dictionary offsets where the index has them.
pub(crate) type GroupTerms = Vec<Vec<(String, Option<u64>)>>;

/// Per character, its commonest two-character words and their priors (see
/// [`Index::commonest_starting`]).
pub(crate) type CommonestStarting = HashMap<char, Vec<(String, u64, f32)>>;

/// The most a translated synonym alternative may weigh (see [`Index::synonym_caps`]).
#[derive(Clone, Copy)]
struct Cap {
    weight: f32,
    /// Whether the query words the alternatives stand for are Chinese.
    cjk: bool,
}

/// Scratch space for one group's best score per document, reused across the groups of a query.
struct BestPerDoc {
    score: Vec<f32>,
    in_title: Vec<bool>,
    /// The group that last wrote each document's entry (entries of earlier groups are stale).
    stamp: Vec<u32>,
    group: u32,
    /// The documents the current group reached, in first-reached order.
    touched: Vec<u32>,
}

impl BestPerDoc {
    fn new(docs: usize) -> BestPerDoc {
        BestPerDoc {
            score: vec![0.0; docs],
            in_title: vec![false; docs],
            stamp: vec![0; docs],
            group: 0,
            // Room for every document at once: it grows for each query otherwise.
            touched: Vec::with_capacity(docs),
        }
    }

    fn next_group(&mut self) {
        // Kept across queries (`Workspace`), the count wraps after four billion groups: then
        // every entry is stale again.
        if self.group == u32::MAX {
            self.stamp.fill(0);
            self.group = 0;
        }
        self.group += 1;
        self.touched.clear();
    }

    fn offer(&mut self, doc: u32, score: f32, in_title: bool) {
        let d = doc as usize;
        if d >= self.stamp.len() {
            return; // a posting past the last document: a damaged index, not worth a panic
        }
        if self.stamp[d] != self.group {
            self.stamp[d] = self.group;
            self.score[d] = 0.0f32.max(score);
            self.in_title[d] = in_title;
            self.touched.push(doc);
        } else {
            self.score[d] = self.score[d].max(score);
            self.in_title[d] |= in_title;
        }
    }
}

/// The per-document arrays a ranking works in, kept for the next query: allocating and zeroing
/// them for every query was 6 % of the instructions at 5,000 articles, and they grow with the
/// help center. A ranking leaves them as it found them: every total back to zero, and each
/// [`BestPerDoc`] entry stale.
pub(crate) struct Workspace {
    /// Per document: score sum, and the coverage of the groups it matched, overall and in the
    /// title (every group covers more than zero, so zero means "not matched yet").
    totals: Vec<(f32, f32, f32)>,
    best: BestPerDoc,
}

impl Workspace {
    fn new(docs: usize) -> Workspace {
        Workspace {
            totals: vec![(0.0, 0.0, 0.0); docs],
            best: BestPerDoc::new(docs),
        }
    }
}

/// The first of `postings` (in document order) not before `doc`: an exponential search from
/// the front, so stepping through a short list of documents costs its length times the log of
/// the gap, not the long list's length.
fn gallop(postings: &[Posting], doc: u32) -> usize {
    let (mut low, mut step) = (0, 1);
    while low + step <= postings.len() && postings[low + step - 1].doc < doc {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(postings.len());
    low + postings[low..high].partition_point(|p| p.doc < doc)
}

/// What visitors put inside a separable word (离合词): an aspect or result (`付了款`, `付完款`,
/// `下错单`), a measure (`转笔账`), or a potential (`退不了款`, `绑不上卡`).
const SEPARABLE_INFIXES: [&str; 9] = ["了", "过", "完", "错", "好", "上", "笔", "不了", "不上"];

/// The characters of consecutive overlapping CJK bigrams (`付了`, `了款` → 付, 了, 款), if
/// they are such.
fn separated(bigrams: &[Token]) -> Option<Vec<char>> {
    let mut chars: Vec<char> = Vec::new();
    for (k, bigram) in bigrams.iter().enumerate() {
        let mut own = bigram.text.chars();
        let (Some(a), Some(b), None) = (own.next(), own.next(), own.next()) else {
            return None;
        };
        let overlaps = k == 0 || bigrams[k - 1].start + chars[k - 1].len_utf8() == bigram.start;
        if bigram.kind != TokenKind::Cjk || !overlaps || k > 0 && chars[k] != a {
            return None;
        }
        if k == 0 {
            chars.push(a);
        }
        chars.push(b);
    }
    Some(chars)
}

/// Whether the bigram `tokens[i]` overlaps a Chinese function word beside it: 以寄 of 可以寄
/// straddles 可以, so no word was meant, and no homophone (以及) should be guessed for it.
fn overlaps_function_word(tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter_map(|j| tokens.get(j))
        .any(|t| {
            t.kind == TokenKind::Cjk
                && t.start < token.end
                && token.start < t.end
                && is_chinese_function_word(&t.text)
        })
}

/// Whether `mention`'s phrase, where it first occurs in `text`, partly overlaps a phrase of
/// another mentioned group (one inside the other is a longer phrase that says it, not a
/// clash).
fn overlaps_another_phrase(text: &str, mention: &Mention, mentioned: &[Mention]) -> bool {
    let Some(start) = text.find(mention.phrase.as_str()) else {
        return false;
    };
    let end = start + mention.phrase.len();
    (mentioned.iter())
        .filter(|other| !std::ptr::eq(other.group, mention.group))
        .flat_map(|other| text.match_indices(other.phrase.as_str()))
        .any(|(at, phrase)| {
            let (s, e) = (at, at + phrase.len());
            s < end && start < e && !(s <= start && end <= e) && !(start <= s && e <= end)
        })
}

/// The readings of a pinyin query without those that only frame the question, when it spells
/// words too: `yunfei zenme suan` is about 运费, and its 怎么 (and 费怎, straddling into it)
/// matched every title asking 怎么, as the same words typed in characters do not. A query that
/// spells nothing else (`zenmeban`) keeps them.
fn without_framing(mut groups: Vec<Group>) -> Vec<Group> {
    let frames = |t: &str| is_chinese_function_word(t) || t.chars().any(is_question_char);
    let spells_content = (groups.iter()).any(|g| g.members.iter().any(|m| !frames(&m.term)));
    if spells_content {
        // A pair that read only as framing goes, as a skipped word does; one that read as
        // nothing at all stays, unmatched, as before.
        groups.retain_mut(|group| {
            let had = !group.members.is_empty();
            group.members.retain(|m| !frames(&m.term));
            !had || !group.members.is_empty()
        });
    }
    groups
}

/// A sort key that puts the terms in most articles first.
fn most_first(doc_freq: usize) -> u32 {
    u32::MAX - u32::try_from(doc_freq).unwrap_or(u32::MAX)
}

/// How likely a term reached by reading is the one meant: the square root of its document
/// frequency over that of the group's most frequent member. Visitors abbreviate common words
/// (`zfmm` is 支付密码), yet BM25 favours rare ones, so without this an accidental 正反 or 证方
/// outweighs 支付. `sqrt` is exactly rounded everywhere, so the widget and the CLI agree.
fn reading_prior(doc_freq: usize, max_doc_freq: usize) -> f32 {
    (doc_freq as f32 / max_doc_freq.max(1) as f32).sqrt()
}

impl Group {
    fn add(&mut self, term: String, offset: u64, weight: f32) {
        // One offset per term in the dictionary: comparing offsets compares terms, cheaply.
        if !self.members.iter().any(|m| m.offset == offset) {
            self.members.push(Member {
                offset,
                weight,
                term,
                phrase: 0,
            });
        }
    }
}

impl Index {
    /// Ranks the articles for `query`. An empty or unmatched query gives no hits.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit> {
        let (ranked, groups) = self.rank_with_groups(query, options);
        if ranked.is_empty() {
            return Vec::new();
        }
        // The index terms the query matched, for the highlights.
        let matched: HashSet<String> = (groups.iter())
            .flat_map(|g| g.all_members().map(|m| m.term.clone()))
            .collect();
        ranked
            .into_iter()
            .map(|(doc, score)| self.hit(doc, score, &matched))
            .collect()
    }

    /// The ranking alone, as `(document number, score)`, best first: [`Index::search`] without
    /// the snippets and highlights, for callers that show no excerpt (and for benchmarks that
    /// compare engines on ranking).
    pub fn rank(&self, query: &str, options: &SearchOptions) -> Vec<(u32, f32)> {
        self.rank_with_groups(query, options).0
    }

    /// The ranking, and the query's groups (whose member terms a hit highlights).
    fn rank_with_groups(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> (Vec<(u32, f32)>, Vec<Group>) {
        if options.limit == 0 {
            return (Vec::new(), Vec::new());
        }
        let (mentioned, language, groups) = self.read_query(query, options.prefix_last);
        let mut ranked = self.score(&groups, language, options.limit);
        self.pin(&mentioned, language, &mut ranked);
        ranked.truncate(options.limit);
        (ranked, groups)
    }

    /// What the query says: the synonym groups it mentions, its language, and the groups of
    /// alternatives it is searched as. Tokenized once, for the language and the plan.
    fn read_query(
        &self,
        query: &str,
        prefix_last: bool,
    ) -> (Vec<Mention<'_>>, Option<&'static str>, Vec<Group>) {
        let (query, mentioned) = self.in_site_words(query);
        let tokens = self.tokenize(&query);
        let language = self.query_language(&tokens, &mentioned);
        let groups = self.plan(&query, tokens, prefix_last, &mentioned, language);
        (mentioned, language, groups)
    }

    /// The query as the site would have worded it, with the synonym groups it mentions. A
    /// Chinese phrase of a group that no article uses (Taiwan's 登入 on a site that says 登录)
    /// is swapped for the group's Chinese phrase of the same length that the most articles
    /// use, so the characters
    /// around it meet the site's text as they would have: `登入密码忘了` is searched as
    /// 登录密码忘了, whose 录密 is found beside 登录, where 入密 had found 输入密码. English
    /// phrases are never swapped in: a translation stays below the words typed; nor are the
    /// phrases of an intent. In a split index the choice reads each candidate's postings
    /// header, so before their shards arrive the query is searched as typed (noting them) and
    /// the widget's next pass, with the shards, swaps: one more round of shards at most. A 吗
    /// typed for a code is read as the code first (`without_stray_ma`).
    // Not inlined into its one caller, as `plan` and `score` are not: the three inlined made
    // the engine's wasm 0.8 KB larger.
    #[inline(never)]
    fn in_site_words<'q>(&self, query: &'q str) -> (Cow<'q, str>, Vec<Mention<'_>>) {
        let mut worded = normalize(query, &|c| self.chinese.fold(c));
        let mut swapped = false;
        if let Some(respelled) = self.without_stray_ma(&worded) {
            worded = respelled;
            swapped = true;
        }
        let mentioned = self.mentions_in(&worded);
        let chinese = |phrase: &str| phrase.chars().all(is_cjk);
        // How many articles hold every term of phrase `p` of group `g`: none if one is missing.
        let site_uses = |g: usize, p: usize| -> Option<usize> {
            let dfs: Option<Vec<usize>> = (self.group_terms(g)[p].iter())
                .map(|(_, offset)| offset.map(|o| self.doc_freq_at(o)))
                .collect();
            dfs?.into_iter().min().filter(|&df| df > 0)
        };
        for mention in &mentioned {
            let (g, p) = mention.at;
            let unused = (self.group_terms(g)[p].iter()).all(|(_, offset)| offset.is_none());
            // An intent's phrases are different things to say (真人, 人工客服), not spellings
            // of one word, and a one-way group's are what its first phrase also means (绑卡
            // is also 绑定): the visitor's own stay.
            if !chinese(mention.phrase)
                || !unused
                || mention.group.intent.is_some()
                || mention.group.one_way
            {
                continue;
            }
            // A phrase that shares characters with another the query mentions (碎了 in
            // 屏碎了, beside 屏碎) stays as typed: swapping it would break the other.
            if overlaps_another_phrase(&worded, mention, &mentioned) {
                continue;
            }
            let phrases = &mention.group.phrases;
            // Another spelling of the same word (登入, 登录; 簡訊, 短信) is as long; a longer or
            // shorter phrase is another way to say it (登不上, 登录不了), and swapping it in
            // would weigh its words as if typed.
            let length = mention.phrase.chars().count();
            let best = (0..phrases.len())
                .filter(|&q| q != p && chinese(&phrases[q]))
                .filter(|&q| phrases[q].chars().count() == length)
                .filter_map(|q| Some((site_uses(g, q)?, q)))
                // The most articles; on a tie, the phrase listed first.
                .max_by_key(|&(df, q)| (df, std::cmp::Reverse(q)));
            if let Some((_, q)) = best {
                if worded.contains(mention.phrase.as_str()) {
                    worded = worded.replacen(mention.phrase.as_str(), &phrases[q], 1);
                    swapped = true;
                }
            }
        }
        if !swapped {
            return (Cow::Borrowed(query), mentioned);
        }
        let mentioned = self.mentions_in(&worded);
        (Cow::Owned(worded), mentioned)
    }

    /// The query with a 吗 or 嘛 typed inside it, between two characters, read as the
    /// homophone it slipped for: `付款吗在哪` is 付款码 (the input method offers 吗 first for
    /// `ma`). A question's 吗 ends it; inside, the character before and the homophone make a
    /// term of the index (款码, the commonest if several), where the particle makes no word.
    /// Apps are full of such codes: 付款码, 验证码, 提取码, 乘车码.
    fn without_stray_ma(&self, query: &str) -> Option<String> {
        let mut chars: Vec<char> = query.chars().collect();
        let mut changed = false;
        for i in 1..chars.len().saturating_sub(1) {
            let (before, typed, after) = (chars[i - 1], chars[i], chars[i + 1]);
            if !matches!(typed, '吗' | '嘛') || !is_cjk(before) || !is_cjk(after) {
                continue;
            }
            if self.is_word(&[before, typed].iter().collect::<String>()) {
                continue;
            }
            let commonest = (self.chinese.homophones(typed).into_iter())
                .filter(|&h| !is_particle(h))
                .filter_map(|h| {
                    let offset = self.terms.get([before, h].iter().collect::<String>())?;
                    Some((self.doc_freq_at(offset), h))
                })
                .max();
            if let Some((_, slipped_for)) = commonest {
                chars[i] = slipped_for;
                changed = true;
            }
        }
        changed.then(|| chars.into_iter().collect())
    }

    /// The language a query is written in: `zh` with Chinese characters, `en` with a word of
    /// three letters or more that the index knows as a Latin term (`human`, though it also
    /// reads as the pinyin hu-man) or with an English synonym phrase (`talk to a human` where
    /// no article says "talk" or "human"), `zh` for an intent's phrase spelled in pinyin
    /// (`zhuanrengong`), none otherwise (`tk`, `tuikuan`).
    fn query_language(&self, tokens: &[Token], mentioned: &[Mention]) -> Option<&'static str> {
        // A Chinese phrase mentioned without a Chinese character was spelled in pinyin.
        let spelled_in_pinyin = (mentioned.iter()).any(|m| m.phrase.chars().any(is_cjk));
        if spelled_in_pinyin || tokens.iter().any(|t| t.kind == TokenKind::Cjk) {
            return Some("zh");
        }
        let english = tokens
            .iter()
            .any(|t| t.text.len() >= 3 && self.terms.get(t.term()).is_some())
            || (mentioned.iter()).any(|m| m.phrase.bytes().any(|b| b.is_ascii_alphabetic()));
        english.then_some("en")
    }

    /// Moves the articles pinned to the query's intent to the top, those in the query's
    /// language first.
    fn pin(&self, mentioned: &[Mention], language: Option<&str>, ranked: &mut Vec<(u32, f32)>) {
        let pinned: Vec<u32> = mentioned
            .iter()
            .flat_map(|m| &m.group.pinned)
            .filter_map(|id| self.docs.iter().position(|d| &d.id == id).map(|i| i as u32))
            .collect();
        if pinned.is_empty() {
            return;
        }
        let speaks =
            |doc: u32| language.is_none_or(|l| self.docs[doc as usize].locale.starts_with(l));
        // Those in the query's language first, each side in the synonym file's order.
        let (mut pinned, others): (Vec<u32>, Vec<u32>) =
            pinned.into_iter().partition(|&d| speaks(d));
        pinned.extend(others);
        let top = ranked.first().map_or(0.0, |r| r.1);
        ranked.retain(|(doc, _)| !pinned.contains(doc));
        for (k, &doc) in pinned.iter().enumerate().rev() {
            ranked.insert(0, (doc, top + (pinned.len() - k) as f32));
        }
    }

    /// The intent of the query, if it mentions a phrase of a synonym group that has one:
    /// `Some("human")` for `转人工` with the default synonyms.
    pub fn intent(&self, query: &str) -> Option<&str> {
        self.mentioned_synonyms(query)
            .into_iter()
            .find_map(|m| m.group.intent.as_deref())
    }

    /// The synonym groups the query mentions, each with the phrase it used: the one place
    /// that decides, for synonyms, intents and pins alike.
    fn mentioned_synonyms(&self, query: &str) -> Vec<Mention<'_>> {
        self.mentions_in(&normalize(query, &|c| self.chinese.fold(c)))
    }

    /// [`Index::mentioned_synonyms`] of a query already normalised.
    fn mentions_in(&self, normalized: &str) -> Vec<Mention<'_>> {
        let starts = (self.phrase_starts).get_or_init(|| PhraseStarts::new(&self.synonyms));
        let respelled = self.respelled_for_vocabulary(normalized);
        let mut found: Vec<Mention> = Vec::new();
        let mut add =
            |more: Vec<(usize, usize)>, inflected: Option<&String>, slips: &[(String, &str)]| {
                for (g, p) in more {
                    if found.iter().any(|m| m.at.0 == g) {
                        continue;
                    }
                    let phrase = &self.synonyms[g].phrases[p];
                    let slipped = (slips.iter())
                        .filter(|(_, read)| phrase.split(' ').any(|w| w == *read))
                        .map(|(typed, _)| typed.clone())
                        .collect();
                    found.push(Mention {
                        group: &self.synonyms[g],
                        phrase,
                        at: (g, p),
                        inflected: inflected.cloned(),
                        slipped,
                    });
                }
            };
        add(starts.mentions(&self.synonyms, normalized), None, &[]);
        if let Some(respelled) = respelled.as_deref() {
            let slips: Vec<(String, &str)> = (normalized.split(' ').zip(respelled.split(' ')))
                .filter(|(typed, read)| typed != read)
                .map(|(typed, read)| (crate::tokenizer::stem(typed), read))
                .collect();
            add(starts.mentions(&self.synonyms, respelled), None, &slips);
        }
        for token in self.tokenize(normalized) {
            add(self.phrases_spelled_by(&token, starts), None, &[]);
            add(
                self.phrases_inflected_by(&token, starts),
                Some(&token.term()),
                &[],
            );
        }
        found
    }

    /// The query with each English word of four letters or more that neither the articles
    /// nor the vocabulary know, and that spells no pinyin, read as the vocabulary word one
    /// slip away (two from eight letters): `forgot pasword` mentions `forgot password` where no
    /// article says password in English, so it reaches 忘记密码. A slip an article's own word
    /// can correct is read so too: the typo groups correct the word (`warrenty` finds an
    /// English article's `warranty`) but mention none of its synonyms (保修).
    fn respelled_for_vocabulary(&self, normalized: &str) -> Option<String> {
        let respelling = |w: &str| -> Option<&str> {
            let edits = scoring::typo_edits(w.len());
            if edits == 0
                || !w.bytes().all(|b| b.is_ascii_lowercase())
                || is_english_stopword(w)
                || self.terms.get(crate::tokenizer::stem(w)).is_some()
            {
                return None;
            }
            let words = (self.vocabulary_words).get_or_init(|| Vocabulary::new(&self.synonyms));
            let found = words.nearest(w, edits)?;
            // Pinyin is read as pinyin (`yajin` is no slip for an English word): checked last,
            // as it is the dearer test and most words have no near vocabulary word anyway.
            self.chinese.segment(w, false).is_none().then_some(found)
        };
        let mut changed = false;
        let read: Vec<&str> = (normalized.split(' '))
            .map(|w| match respelling(w) {
                Some(found) => {
                    changed = true;
                    found
                }
                None => w,
            })
            .collect();
        changed.then(|| read.join(" "))
    }

    /// The one-word phrases an English word is a past tense or `-ing` form of, when the word
    /// itself is in no group: `scammed` mentions `scam`, `paid` `pay`. The vocabulary lists base
    /// forms, and a visitor describing what happened writes the past.
    fn phrases_inflected_by(&self, token: &Token, starts: &PhraseStarts) -> Vec<(usize, usize)> {
        if token.kind != TokenKind::Latin {
            return Vec::new();
        }
        // Most words have no inflected reading: ask for bases before reading the phrase list.
        let bases = crate::tokenizer::inflection_bases(&token.text);
        if bases.is_empty() || !starts.mentions(&self.synonyms, &token.text).is_empty() {
            return Vec::new();
        }
        (bases.iter())
            .map(|base| starts.mentions(&self.synonyms, base))
            .find(|found| !found.is_empty())
            .unwrap_or_default()
    }

    /// The phrases that a word of whole pinyin syllables spells, one per group: an intent's
    /// (`zhuanrengong` is 转人工), as the visitor asks for a person as surely as in
    /// characters and the widget should offer the chat; and any other group's phrase that
    /// the site does not use, in any character the tables read (`chongzhi` is 充值, which
    /// brings in the Hong Kong site's 增值; `guashi` 挂失, and so 報失). A phrase the site
    /// uses is left to the pinyin's own readings: its synonyms as a second group beside them
    /// outweighed it (`tuikuan` found 退钱 over 退款). A word the index knows as English, or
    /// a word of the vocabulary, is not pinyin.
    fn phrases_spelled_by(&self, token: &Token, starts: &PhraseStarts) -> Vec<(usize, usize)> {
        if token.kind != TokenKind::Latin
            || self.terms.get(token.term()).is_some()
            || self.is_vocabulary_word(&token.term())
        {
            return Vec::new();
        }
        let Some(slots) = self.chinese.segment(&token.text, false) else {
            return Vec::new();
        };
        if slots.len() < 2 || slots.iter().any(|s| !matches!(s, Slot::Syllable(_))) {
            return Vec::new();
        }
        let readings: Vec<Vec<char>> = slots.iter().map(|s| self.chinese.chars_for(s)).collect();
        // One character per syllable: only the phrases of that length are asked.
        let spells =
            |phrase: &str| (phrase.chars().zip(&readings)).all(|(c, chars)| chars.contains(&c));
        // Any character with the reading: the site's own characters need not include the
        // phrase's (挂 of 挂失 on a site that says 報失).
        let reads = |phrase: &str| {
            (phrase.chars().zip(&slots)).all(|(c, slot)| self.chinese.reads_as(c, slot))
        };
        let mut spelled: Vec<(usize, usize)> = Vec::new();
        for (g, p) in starts.of_length(slots.len()) {
            // The group's first phrase that the word spells.
            if spelled.last().is_some_and(|&(found, _)| found == g) {
                continue;
            }
            let (group, phrase) = (&self.synonyms[g], &self.synonyms[g].phrases[p]);
            let found = if group.intent.is_some() {
                spells(phrase)
            } else {
                reads(phrase) && self.group_terms(g)[p].iter().any(|(_, at)| at.is_none())
            };
            if found {
                spelled.push((g, p));
            }
        }
        spelled
    }

    /// The query's groups, from its `tokens`; `language` is [`Index::query_language`]'s
    /// reading of it.
    #[inline(never)]
    fn plan(
        &self,
        query: &str,
        tokens: Vec<Token>,
        prefix_last: bool,
        mentioned: &[Mention],
        language: Option<&str>,
    ) -> Vec<Group> {
        let tokens = self.split_glued_words(self.join_spaced_pinyin(tokens));
        let still_typing = prefix_last && tokens.last().is_some_and(|t| t.end == query.len());
        let is_stopword = |t: &Token| t.kind == TokenKind::Latin && is_english_stopword(&t.text);
        let skip_stopwords = language == Some("en") && tokens.iter().any(|t| !is_stopword(t));
        let framing = framing_starts(&tokens);
        let is_function_word = |t: &Token| {
            t.kind == TokenKind::Cjk
                && (is_chinese_function_word(&t.text) || framing.contains(&t.start))
        };
        let straddles: Vec<bool> = tokens
            .iter()
            .map(|t| self.is_particle_straddle(t))
            .collect();
        let skip_function_words = (tokens.iter().zip(&straddles))
            .any(|(t, &straddle)| t.kind == TokenKind::Cjk && !is_function_word(t) && !straddle);
        // The bigrams of a phrase the vocabulary knows (不见了) were typed as meant.
        let in_phrase: HashSet<&str> = (mentioned.iter())
            .flat_map(|m| &self.group_terms(m.at.0)[m.at.1])
            .map(|(term, _)| term.as_str())
            .collect();
        let mut seen = HashSet::default();
        let mut groups = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            if !seen.insert(token.term()) {
                continue;
            }
            let typing = still_typing && i + 1 == tokens.len();
            if skip_stopwords && is_stopword(token) {
                if typing {
                    groups.push(self.completions_only(token));
                }
                continue;
            }
            if skip_function_words && is_function_word(token) {
                continue;
            }
            if is_lone_letter(token) && tokens.len() > 1 {
                groups.extend(self.letter_itself(token));
                continue;
            }
            match token.kind {
                TokenKind::Latin => self.latin_groups(token, typing, &mut groups),
                TokenKind::Cjk if tokens.len() > 1 && straddles[i] => {}
                TokenKind::Cjk => {
                    let as_typed = in_phrase.contains(token.text.as_str())
                        || overlaps_function_word(&tokens, i);
                    groups.push(self.cjk_group(token, typing, as_typed));
                }
            }
        }
        self.add_synonyms(mentioned, &mut groups);
        let rejoined = self.add_separated_words(&tokens, &mut groups);
        self.add_orphans(&tokens, &framing, &rejoined, &mut groups);
        groups
    }

    /// Separable words (离合词) split by what the visitor typed between their characters:
    /// `付了款` is 付款, `下错单` 下单, `退不了款` 退款. A word of the index made of a query
    /// bigram's first character and a later bigram's last one, with only an infix of
    /// [`SEPARABLE_INFIXES`] between them and no word of the index across either edge of the
    /// infix (`退回款` keeps 退回), becomes a group of its own. Returns the byte offsets of the
    /// characters it covers (the infix too), so they are not taken for orphans.
    fn add_separated_words(&self, tokens: &[Token], groups: &mut Vec<Group>) -> Vec<usize> {
        let mut covered = Vec::new();
        // Two bigrams hold a one-character infix (付了 · 了款), three a two-character one.
        for (i, span) in (0..tokens.len()).flat_map(|i| [(i, 2), (i, 3)]) {
            let Some(bigrams) = tokens.get(i..i + span) else {
                continue;
            };
            let Some(chars) = separated(bigrams) else {
                continue;
            };
            let infix: String = chars[1..span].iter().collect();
            let edges = [&bigrams[0].text, &bigrams[span - 1].text];
            let edge_is_word = edges.iter().any(|e| self.is_word(e));
            if !SEPARABLE_INFIXES.contains(&infix.as_str()) || edge_is_word {
                continue;
            }
            // A question word or particle is never half of a verb-object word: `用了怎么`
            // is no 用怎 (of 盗用怎么办).
            let (head, tail) = (chars[0], chars[span]);
            if [head, tail]
                .into_iter()
                .any(|c| is_question_char(c) || is_particle(c))
            {
                continue;
            }
            let word: String = [head, tail].iter().collect();
            let Some(offset) = self.terms.get(&word).filter(|_| self.is_word(&word)) else {
                continue;
            };
            if !groups.iter().any(|g| g.term == word) {
                let mut group = Group {
                    term: word.clone(),
                    ..Group::default()
                };
                group.add(word, offset, scoring::SEPARATED_WORD_WEIGHT);
                groups.push(group);
            }
            let mut at = bigrams[0].start;
            for c in &chars {
                covered.push(at);
                at += c.len_utf8();
            }
        }
        covered
    }

    /// A bigram that joins a particle or pronoun to its neighbour (`的钱`, `了能`, `回吗`) and is
    /// rarely a word in the articles: it says nothing about the topic, yet is rare, so BM25
    /// would weigh it like a keyword. Words that hold such a character (`目的`, `了解`) keep
    /// their cohesion and stay. (Question words stay too: `红包怎么` and `在哪里` in a title
    /// said as typed win more queries than `费怎` of 运费怎么办 loses.)
    fn is_particle_straddle(&self, token: &Token) -> bool {
        if token.kind != TokenKind::Cjk {
            return false;
        }
        let mut chars = token.text.chars();
        let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
            return false;
        };
        if !is_particle(a) && !is_particle(b) {
            return false;
        }
        !self.is_word(&token.term())
    }

    /// Whether the index holds `term` and, for a CJK bigram, mostly as a word or inside one
    /// rather than straddling two (see [`scoring::WORD_COHESION`]).
    fn is_word(&self, term: &str) -> bool {
        (self.terms.get(term)).is_some_and(|o| self.cohesion_at(o) >= scoring::WORD_COHESION)
    }

    /// Characters of the query that no live group covers (every bigram around them is unknown
    /// to the index or a particle straddle: `退的钱`) still say something. Each becomes a group:
    /// the particle straddles it is in, as they stand (`骗了`), and, as a weaker guess, the
    /// commonest indexed words it starts (退 → 退款, 退回), weighed by how common they are.
    /// `framing` holds the starts of the bigrams the plan skipped as framing (see
    /// [`framing_starts`]).
    fn add_orphans(
        &self,
        tokens: &[Token],
        framing: &[usize],
        rejoined: &[usize],
        groups: &mut Vec<Group>,
    ) {
        let live: HashSet<&str> = (groups.iter())
            .filter(|g| g.is_live())
            .map(|g| g.term.as_str())
            .collect();
        let mut covered: HashSet<usize> = rejoined.iter().copied().collect();
        let mut chars = Vec::new();
        for token in tokens.iter().filter(|t| t.kind == TokenKind::Cjk) {
            // A CJK token is one or two characters, never none.
            let (Some(first), Some(last)) = (token.text.chars().next(), token.text.chars().last())
            else {
                continue;
            };
            let second = token.end - last.len_utf8();
            // A function word the query skipped (怎么) covers its characters: they are not lost.
            let is_live = live.contains(token.term().as_str())
                || is_chinese_function_word(&token.text)
                || framing.contains(&token.start);
            for (start, c) in [(token.start, first), (second, last)] {
                if is_live {
                    covered.insert(start);
                }
                chars.push((start, c, token));
            }
        }
        // Each orphaned character, with the particle straddles it is in.
        let mut orphans: Vec<(char, Vec<String>)> = Vec::new();
        for (start, c, token) in chars {
            if covered.contains(&start)
                || is_particle(c)
                || is_question_char(c)
                || is_function_char(c)
            {
                continue;
            }
            let at = orphans
                .iter()
                .position(|(o, _)| *o == c)
                .unwrap_or_else(|| {
                    orphans.push((c, Vec::new()));
                    orphans.len() - 1
                });
            orphans[at].1.push(token.term());
        }
        for (c, straddles) in orphans {
            let group = self.orphan_group(c, &straddles);
            if group.is_live() {
                groups.push(group);
            }
        }
    }

    fn orphan_group(&self, c: char, straddles: &[String]) -> Group {
        let mut group = Group {
            term: c.to_string(),
            orphan: true,
            ..Group::default()
        };
        for term in straddles {
            if let Some(offset) = self.terms.get(term) {
                group.add(term.clone(), offset, 1.0);
            }
        }
        for (word, offset, weight) in self.commonest_starting(c) {
            group.add(word, offset, scoring::ORPHAN_WEIGHT * weight);
        }
        // Then, more weakly, the words it ends (装 → 安装): visitors type the short verb where
        // articles write the whole word.
        let table =
            (self.word_ends).get_or_init(|| WordEnds::load(&self.terms, &self.word_ends_bits));
        let ending = table.ending_with(c);
        self.add_commonest(
            &mut group,
            ending,
            word_ends::KEPT,
            scoring::ORPHAN_ENDING_WEIGHT,
        );
        group
    }

    /// The commonest two-character words `c` starts, at most [`ORPHAN_EXPANSIONS`], each with
    /// its [`reading_prior`]. Finding them walks every term `c` starts and reads each one's
    /// document count, a fifth of a long query's ranking, and a visitor's query brings the
    /// same characters back at every keystroke: kept per character once found whole (with
    /// every postings shard they were counted from at hand).
    fn commonest_starting(&self, c: char) -> Vec<(String, u64, f32)> {
        let cached = self.commonest_starting.lock().ok();
        if let Some(words) = cached.and_then(|cache| cache.get(&c).cloned()) {
            return words;
        }
        let noted = self.missing_noted();
        let starting = if self.word_starts_bits.is_empty() {
            terms_starting_with(&self.terms, &[c], word_ends::STARTING_SCANNED)
                .into_iter()
                // 哪 of `钱退哪去了` is not a guess at 哪些 or 哪里: question words say nothing.
                .filter(|(t, _)| t.chars().count() == 2 && !is_chinese_function_word(t))
                .collect()
        } else {
            // A split index marked the same words at build time: counting every word `c`
            // starts would fetch a shard for nearly each one.
            let table = (self.word_starts)
                .get_or_init(|| WordEnds::load_starts(&self.terms, &self.word_starts_bits));
            table.starting_with(c)
        };
        let words = self.commonest(starting, ORPHAN_EXPANSIONS);
        if self.missing_noted() == noted {
            if let Ok(mut cache) = self.commonest_starting.lock() {
                cache.insert(c, words.clone());
            }
        }
        words
    }

    /// Adds the commonest of `words` to `group`, at most `take`, each at `weight` times how
    /// common it is beside the commonest of them ([`reading_prior`]).
    fn add_commonest(
        &self,
        group: &mut Group,
        words: Vec<(String, u64)>,
        take: usize,
        weight: f32,
    ) {
        for (word, offset, prior) in self.commonest(words, take) {
            group.add(word, offset, weight * prior);
        }
    }

    /// The commonest of `words`, at most `take`, each with how common it is beside the
    /// commonest of them ([`reading_prior`]).
    fn commonest(&self, words: Vec<(String, u64)>, take: usize) -> Vec<(String, u64, f32)> {
        let mut words: Vec<(String, u64, usize)> = (words.into_iter())
            .map(|(word, offset)| (word, offset, self.doc_freq_at(offset)))
            .collect();
        order::sort_by_key(&mut words, |&(_, _, df)| most_first(df));
        let most = words.first().map_or(1, |&(_, _, df)| df);
        (words.into_iter().take(take))
            .map(|(word, offset, df)| (word, offset, reading_prior(df, most)))
            .collect()
    }

    /// A word of the index with pinyin glued on (`etcjihuo`, `appdenglu`): visitors type the
    /// brand or acronym, then the pinyin, and leave out the space the input method would not
    /// have typed. Read as the two words when the whole is neither an index term nor pinyin,
    /// the start is a Latin term of the index of three letters or more (`up` + `date` is
    /// English) and the rest spells at least two syllables. So is an English compound the
    /// articles write apart (see [`Index::compound_split`]).
    fn split_glued_words(&self, tokens: Vec<Token>) -> Vec<Token> {
        let mut out = Vec::with_capacity(tokens.len());
        for token in tokens {
            let split = if self.unknown_word(&token) {
                (self.glued_split(&token.text)).or_else(|| self.compound_split(&token.text))
            } else {
                None
            };
            match split {
                Some(at) => {
                    let (word, pinyin) = token.text.split_at(at);
                    let middle = token.start + at;
                    out.push(Token {
                        text: word.to_string(),
                        start: token.start,
                        end: middle,
                        kind: TokenKind::Latin,
                    });
                    out.push(Token {
                        text: pinyin.to_string(),
                        start: middle,
                        end: token.end,
                        kind: TokenKind::Latin,
                    });
                }
                None => out.push(token),
            }
        }
        out
    }

    /// Where an English compound the index only has apart splits (`topup` where articles
    /// write top-up, `signin` for sign in): an unknown word the index lacks in every form,
    /// that is a word of the index and then `up` or `in`. Longer second words split real
    /// words the index happens to lack (per·son, cup·on of a misspelled coupon, with·out).
    fn compound_split(&self, text: &str) -> Option<usize> {
        if text.len() < 5 || self.has_other_form(text) {
            return None;
        }
        let is_term = |word: &str| self.terms.get(crate::tokenizer::stem(word)).is_some();
        (3..=text.len() - 2).rev().find(|&at| {
            let (first, second) = text.split_at(at);
            COMPOUND_PARTICLES.contains(&second) && is_term(first) && is_term(second)
        })
    }

    /// Whether the index holds `word` in another form: a base it inflects, or one of its family.
    fn has_other_form(&self, word: &str) -> bool {
        let mut group = Group::default();
        self.add_inflection_bases(word, &mut group);
        self.add_word_family(word, &mut group);
        !group.members.is_empty()
    }

    /// A lowercase word of five letters or more that the index lacks and that spells no
    /// pinyin: the only kind [`Index::split_glued_words`] splits.
    fn unknown_word(&self, token: &Token) -> bool {
        token.kind == TokenKind::Latin
            && token.text.len() >= 5
            && token.text.bytes().all(|b| b.is_ascii_lowercase())
            && self.terms.get(token.term()).is_none()
            && self.chinese.segment(&token.text, false).is_none()
    }

    /// Where a glued word of an unknown word ends (see [`Index::split_glued_words`]), the
    /// longest such word first.
    fn glued_split(&self, text: &str) -> Option<usize> {
        if text.len() < 7 {
            return None;
        }
        (3..=text.len() - 4).rev().find(|&at| {
            let (word, pinyin) = text.split_at(at);
            self.terms.get(word).is_some()
                && self
                    .chinese
                    .segment(pinyin, false)
                    .is_some_and(|s| s.len() >= 2)
        })
    }

    /// Pinyin typed with spaces between words (`tui kuan`, `zhuan rengong`, `wang ji zhi fu mi
    /// ma`) as one word, as if typed without them, when a one-syllable word is among them: read
    /// together, each adjacent pair of syllables spells a bigram, where alone a syllable could
    /// start any of hundreds of words. Runs of whole words (`zhanghu dongjie`) read well apart
    /// and stay apart. A word the index knows as English (`an`, `he`) is left alone.
    fn join_spaced_pinyin(&self, tokens: Vec<Token>) -> Vec<Token> {
        let syllables = |t: &Token| {
            if t.kind != TokenKind::Latin || self.terms.get(t.term()).is_some() {
                return 0;
            }
            self.chinese.segment(&t.text, false).map_or(0, |s| s.len())
        };
        let counts: Vec<usize> = tokens.iter().map(syllables).collect();
        let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let run_end = (i..tokens.len())
                .find(|&j| counts[j] == 0)
                .unwrap_or(tokens.len());
            let joinable = run_end - i >= 2 && counts[i..run_end].contains(&1);
            if !joinable {
                out.push(tokens[i].clone());
                i += 1;
                continue;
            }
            let mut joined = tokens[i].clone();
            for token in &tokens[i + 1..run_end] {
                joined.text.push_str(&token.text);
                joined.end = token.end;
            }
            out.push(joined);
            i = run_end;
        }
        out
    }

    /// A letter beside other words, only as itself where the index has it: `how d` is `how`
    /// while `do` is being typed, and the T of `T+1` is no pinyin initial. Read as the words
    /// it starts, or the Chinese its initial starts, it matched nearly everything, and in a
    /// split index that meant fetching most shards before the visitor had typed a word (at
    /// 5,000 articles, 50 to 100 KB for the `d` of `how d` alone).
    fn letter_itself(&self, token: &Token) -> Option<Group> {
        let term = token.term();
        let mut group = Group::default();
        self.exact(&term, &mut group);
        group.term = term;
        (!group.members.is_empty()).then_some(group)
    }

    /// A function word still being typed (`it`, perhaps becoming `item`): only the longer
    /// terms it begins.
    fn completions_only(&self, token: &Token) -> Group {
        let mut group = Group {
            term: token.term(),
            ..Group::default()
        };
        self.expand_prefix(&token.text, &mut group);
        group.members.retain(|m| m.term != group.term);
        group
    }

    fn exact(&self, term: &str, group: &mut Group) {
        if let Some(offset) = self.terms.get(term) {
            group.add(term.to_string(), offset, 1.0);
        }
    }

    /// A Latin word: itself, its completions, its near misses; and, as separate groups, the
    /// Chinese bigrams its pinyin or initials spell.
    fn latin_groups(&self, token: &Token, typing: bool, groups: &mut Vec<Group>) {
        let term = token.term();
        let mut group = Group {
            term: term.clone(),
            ..Group::default()
        };
        self.exact(&term, &mut group);
        if group.members.is_empty() {
            self.add_inflection_bases(&term, &mut group);
        }
        self.add_word_family(&term, &mut group);
        let whole_word = !group.members.is_empty();
        if typing {
            self.expand_prefix(&token.text, &mut group);
        }
        // A word that reads as two or more pinyin syllables is pinyin, not an English typo; the
        // Levenshtein automaton for a long word is also the costliest thing a query can build.
        let reads_as_pinyin = self
            .chinese
            .segment(&token.text, typing)
            .is_some_and(|s| s.len() >= 2);
        // A word of the synonym vocabulary (`sms`, `data`) is that word, not a slip or pinyin.
        let is_vocabulary = self.is_vocabulary_word(&term);
        let found_before_typos = !group.members.is_empty();
        // One letter held down (`hhh`, the Chinese web's laughter; `zzzz`) is no word, pinyin
        // or initials: a guess at it (转账 转账 for `zzzz`) shows articles the visitor never
        // asked for, where the no-results state would offer a person.
        let held_key = is_held_key(&token.text);
        if group.members.is_empty() && !reads_as_pinyin && !is_vocabulary && !held_key {
            self.expand_typos(&term, &mut group);
        }
        // Two letters that only start English words (`te` of `temporary`) are no sign of an
        // English reader: they are likelier pinyin initials (提额).
        let is_english_word = match token.text.len() {
            ..=2 => whole_word,
            _ => !group.members.is_empty(),
        };
        let only_a_slip = is_english_word && !found_before_typos;
        // A word of the index that spells pinyin only with its last syllable unfinished
        // (`bug` as bu·g…, `tag` as ta·g…) is that word: read as pinyin, its dangling initial
        // stood for every bigram of 不 or 他 and a letter, in every article.
        let unfinished_pinyin = whole_word
            && token.text.len() >= 3
            && self.chinese.segment(&token.text, false).is_none();
        groups.push(group);
        if !is_vocabulary && !held_key && !unfinished_pinyin {
            self.pinyin_groups(&token.text, typing, is_english_word, groups);
            // `lsed` is one slip from `used`, and the initials of 临时额度.
            if only_a_slip {
                groups.extend(self.initials_of_one_word(&token.text));
            }
        }
    }

    /// Whether a Latin term is a whole phrase of a synonym group: `sms` is the text message,
    /// not the initials of 说明 and 免收, even on a site whose articles never write it. Not
    /// a dictionary's word (a one-way group's): it holds `ban` and `man`, pinyin's 办 and 慢.
    fn is_vocabulary_word(&self, term: &str) -> bool {
        let terms = self.vocabulary_terms.get_or_init(|| {
            (self.synonyms.iter())
                .filter(|group| !group.one_way)
                .flat_map(|group| &group.phrases)
                // Only a phrase without Chinese can be one Latin word; most are Chinese.
                .filter(|phrase| !phrase.chars().any(is_cjk))
                .filter_map(|phrase| match self.phrase_terms(phrase).as_slice() {
                    [t] => Some(t.clone()),
                    _ => None,
                })
                .collect()
        });
        terms.contains(term)
    }

    fn pinyin_groups(
        &self,
        letters: &str,
        typing: bool,
        is_english_word: bool,
        groups: &mut Vec<Group>,
    ) {
        if let Some(slots) = self.chinese.segment(letters, typing) {
            // A one-syllable word that is also English (`an`, `hang`) stays English.
            if slots.len() >= 2 || !is_english_word {
                // Two letters that spell one syllable or start one (`te`, `sh`) are likelier
                // initials (提额, 赎回) than a search for one character's words.
                if slots.len() == 1 && letters.len() == 2 {
                    let initials = self.chinese.initials(letters).unwrap_or_default();
                    let read = self.slot_groups(&initials, scoring::INITIALS_WEIGHT);
                    if read.iter().any(|g| !g.members.is_empty()) {
                        groups.extend(read);
                        return;
                    }
                }
                let found = self.slot_groups(&slots, scoring::PINYIN_WEIGHT);
                if is_english_word || found.iter().any(|g| !g.members.is_empty()) {
                    groups.extend(found);
                    return;
                }
                // Syllables that spell nothing the index has: the same letters split another
                // way (`xiane` is xia ne, and xian e: 限额), or a slip (`tuikuna` is tui ku na,
                // `renggong` reng gong).
                let other_split = (self.chinese.segmentations(letters, typing, MAX_SPLITS))
                    .into_iter()
                    .skip(1)
                    .find(|split| self.spells_words(split));
                if let Some(split) = other_split {
                    groups.extend(self.slot_groups(&split, scoring::PINYIN_WEIGHT));
                } else if let Some(near) = self.pinyin_near_miss(letters, typing) {
                    groups.extend(self.slot_groups(&near, scoring::PINYIN_TYPO_WEIGHT));
                } else if let Some(word) = self.before_particle(&slots) {
                    groups.extend(self.slot_groups(word, scoring::PINYIN_WEIGHT));
                } else {
                    groups.extend(found);
                }
                return;
            }
        }
        if !is_english_word {
            if let Some(slots) = self.pinyin_near_miss(letters, typing) {
                groups.extend(self.slot_groups(&slots, scoring::PINYIN_TYPO_WEIGHT));
            } else if let Some(slots) = self.chinese.initials(letters) {
                groups.extend(self.slot_groups(&slots, scoring::INITIALS_WEIGHT));
            }
        }
    }

    /// The initials reading of three letters or more, when each pair's terms run into the
    /// next pair's (临时 · 时额 · 额度 for `lsed`) and one article holds a term of every pair:
    /// one word spelled out, not letters that happen to start some terms (`refnd` runs 日额 ·
    /// 额不 · 不能 · 能定 together, but across unrelated articles).
    fn initials_of_one_word(&self, letters: &str) -> Vec<Group> {
        let Some(slots) = self.chinese.initials(letters).filter(|s| s.len() >= 3) else {
            return Vec::new();
        };
        let groups = self.slot_groups(&slots, scoring::INITIALS_WEIGHT);
        let runs_into = |a: &Group, b: &Group| {
            let ends: HashSet<char> = (a.members.iter())
                .filter_map(|m| m.term.chars().last())
                .collect();
            (b.members.iter()).any(|m| m.term.chars().next().is_some_and(|c| ends.contains(&c)))
        };
        let one_word = groups.len() + 1 == slots.len()
            && (groups.windows(2)).all(|pair| runs_into(&pair[0], &pair[1]));
        if one_word && self.one_article_holds_each(&groups) {
            groups
        } else {
            Vec::new()
        }
    }

    /// Whether some article holds a member of every group. Reads each member's postings: in a
    /// split index, a shard each; only a slip's initials reading asks.
    fn one_article_holds_each(&self, groups: &[Group]) -> bool {
        let mut in_all = vec![true; self.docs.len()];
        for group in groups {
            let mut in_this = vec![false; self.docs.len()];
            for member in &group.members {
                for posting in self.postings_at(member.offset).1 {
                    if let Some(holds) = in_this.get_mut(posting.doc as usize) {
                        *holds = true;
                    }
                }
            }
            for (all, this) in in_all.iter_mut().zip(in_this) {
                *all &= this;
            }
        }
        in_all.contains(&true)
    }

    /// A one-character word and the particle after it (`diule` is 丢了, `huaile` 坏了), which
    /// no bigram of the index spells: the word's syllable alone, standing for the words it
    /// starts (丢 → 丢失), as a lone character of a Chinese query does.
    fn before_particle<'s>(&self, slots: &'s [Slot]) -> Option<&'s [Slot]> {
        let [word @ Slot::Syllable(_), particle @ Slot::Syllable(_)] = slots else {
            return None;
        };
        (self.chinese.chars_for(particle).into_iter())
            .any(is_particle)
            .then_some(std::slice::from_ref(word))
            .filter(|_| !self.chinese.chars_for(word).into_iter().any(is_particle))
    }

    /// Letters that spell no syllables but would with one edit (`tuikaun` → tui kuan): the
    /// first such spelling, likeliest slips first, that reads as two or more syllables each
    /// neighbouring pair of which spells a term of the index. See `pinyin_typo`.
    fn pinyin_near_miss(&self, letters: &str, typing: bool) -> Option<Vec<Slot>> {
        pinyin_typo::first_one_edit(letters, |spelling| {
            let slots = self.chinese.segment(spelling, typing)?;
            self.spells_words(&slots).then_some(slots)
        })
    }

    /// Whether two or more syllables spell a term of the index with each neighbour.
    fn spells_words(&self, slots: &[Slot]) -> bool {
        let chars: Vec<Vec<char>> = slots.iter().map(|s| self.chinese.chars_for(s)).collect();
        chars.len() >= 2
            && (chars.windows(2))
                .all(|pair| !pair_terms(&self.terms, &pair[0], &pair[1], 1).is_empty())
    }

    /// One group per adjacent pair of slots, as the bigrams of the Chinese they spell; a single
    /// slot stands for every term starting with one of its characters.
    ///
    /// With three slots or more, a bigram that shares a character with a candidate of the next
    /// or previous pair (支付 · 付密 · 密码 for `zfmm`) is far likelier what the visitor meant
    /// than one that stands alone (正反 · 免密): when a pair has linked candidates, the lone ones
    /// are dropped. They seldom won a query, and in a split index each costs a shard to score
    /// (a four-letter query read up to 90 shards with them, 60 without).
    fn slot_groups(&self, slots: &[Slot], weight: f32) -> Vec<Group> {
        let chars: Vec<Vec<char>> = slots.iter().map(|s| self.chinese.chars_for(s)).collect();
        if chars.len() == 1 {
            let mut group = Group {
                by_reading: true,
                ..Group::default()
            };
            for (term, offset) in terms_starting_with(&self.terms, &chars[0], MAX_EXPANSIONS) {
                group.add(term, offset, weight);
            }
            return vec![group];
        }
        // A pair of initials reads from the table, made once; other pairs are looked up.
        let found: Vec<Cow<[PairTerm]>> = slots
            .windows(2)
            .zip(chars.windows(2))
            .map(|(s, c)| match (s, c) {
                ([Slot::Prefix(a), Slot::Prefix(b)], _) if a.len() == 1 && b.len() == 1 => {
                    Cow::Borrowed(self.initials_table().get(a.as_bytes()[0], b.as_bytes()[0]))
                }
                (_, [first, second]) => {
                    Cow::Owned(pair_terms(&self.terms, first, second, PAIR_CANDIDATES))
                }
                _ => Cow::Owned(Vec::new()),
            })
            .collect();
        let slices: Vec<&[PairTerm]> = found.iter().map(|f| &f[..]).collect();
        let linked = linked_pairs(&slices);
        let groups = slices
            .into_iter()
            .zip(linked)
            .map(|(terms, linked)| {
                let any_linked = linked.iter().any(|&l| l);
                let mut candidates: Vec<&PairTerm> = (terms.iter().zip(linked))
                    .filter(|(_, l)| *l || !any_linked)
                    .map(|(t, _)| t)
                    .collect();
                if candidates.len() > MAX_EXPANSIONS {
                    // The terms in most articles (the likeliest readings) first; stable, so ties
                    // keep the dictionary's order on every platform. Only when some must go: a
                    // split index reads each term's frequency from its shard.
                    order::sort_by_key(&mut candidates, |(offset, _)| {
                        most_first(self.doc_freq_at(*offset))
                    });
                }
                let mut group = Group {
                    by_reading: true,
                    ..Group::default()
                };
                for &(offset, chars) in candidates.into_iter().take(MAX_EXPANSIONS) {
                    group.add(bigram(chars[0], chars[1]), offset, weight);
                }
                group
            })
            .collect();
        without_framing(groups)
    }

    /// Group `g`'s phrases as terms, with their dictionary offsets where the index has them:
    /// tokenized once, when a query first mentions the group.
    fn group_terms(&self, g: usize) -> &GroupTerms {
        self.synonym_terms[g].get_or_init(|| {
            (self.synonyms[g].phrases.iter())
                .map(|phrase| {
                    (self.phrase_terms(phrase).into_iter())
                        .map(|term| {
                            let offset = self.terms.get(&term);
                            (term, offset)
                        })
                        .collect()
                })
                .collect()
        })
    }

    /// A synonym phrase's terms, without its function words when it has others, as a query
    /// drops them: `doesn't work` stands for `work`, not also for the `t` of every `hasn't`.
    fn phrase_terms(&self, phrase: &str) -> Vec<String> {
        let is_filler = |t: &Token| match t.kind {
            TokenKind::Latin => is_english_stopword(&t.text),
            TokenKind::Cjk => is_chinese_function_word(&t.text),
        };
        let tokens = self.tokenize(phrase);
        let all_filler = tokens.iter().all(is_filler);
        (tokens.iter())
            .filter(|t| all_filler || !is_filler(t))
            .map(|t| t.term())
            .collect()
    }

    fn initials_table(&self) -> &InitialsTable {
        self.initials
            .get_or_init(|| InitialsTable::build(&self.terms, &self.chinese))
    }

    /// A Chinese bigram: itself, or, when the index lacks it and it is neither a question
    /// (`几号`) nor part of a phrase the vocabulary knows (`as_typed`), the words one
    /// input-method slip away (its homophones); a lone character being typed also stands for
    /// the terms it starts.
    fn cjk_group(&self, token: &Token, typing: bool, as_typed: bool) -> Group {
        let mut group = Group {
            term: token.term(),
            ..Group::default()
        };
        self.exact(&token.text, &mut group);
        let chars: Vec<char> = token.text.chars().collect();
        let asks = chars.iter().any(|&c| is_question_char(c));
        if group.members.is_empty() && chars.len() == 2 && !asks && !as_typed {
            // An IME slip changes one character of a word (退宽 for 退款); a bigram with both
            // replaced is a different word, mostly one the query's bigram straddles (以给 → 易记).
            let (first, second) = (
                self.chinese.homophones(chars[0]),
                self.chinese.homophones(chars[1]),
            );
            // A particle kept as typed makes no word with a slip beside it: 假的 is no 价的.
            let mut one_slip = Vec::new();
            if !is_particle(chars[0]) {
                one_slip.extend(pair_terms(
                    &self.terms,
                    &chars[..1],
                    &second,
                    MAX_EXPANSIONS,
                ));
            }
            if !is_particle(chars[1]) {
                one_slip.extend(pair_terms(&self.terms, &first, &chars[1..], MAX_EXPANSIONS));
            }
            // Nor does a slip onto a particle: 记得 typed is no 记的 (登记的手机号).
            let onto_particle =
                |term: &str| (term.chars().zip(&chars)).any(|(t, &c)| t != c && is_particle(t));
            for (offset, pair) in one_slip {
                let term = bigram(pair[0], pair[1]);
                if !onto_particle(&term) {
                    group.add(term, offset, scoring::HOMOPHONE_WEIGHT);
                }
            }
            group.by_reading = true;
        }
        if typing && chars.len() == 1 {
            self.expand_prefix(&token.text, &mut group);
        }
        group
    }

    fn expand_prefix(&self, prefix: &str, group: &mut Group) {
        let mut stream = starting_with(&self.terms, prefix);
        let mut taken = 0;
        while let Some((key, offset)) = stream.next() {
            if taken == MAX_EXPANSIONS {
                break;
            }
            if let Ok(term) = std::str::from_utf8(key) {
                group.add(term.to_string(), offset, scoring::PREFIX_WEIGHT);
                taken += 1;
            }
        }
    }

    /// The word's base form when the index has that and not the word (`refunded` → refund):
    /// a visitor's tense is not a typo, and the two-edit automaton it would otherwise take is
    /// the costliest expansion a query builds.
    fn add_inflection_bases(&self, word: &str, group: &mut Group) {
        for base in crate::tokenizer::inflection_bases(word) {
            if let Some(offset) = self.terms.get(&base) {
                group.add(base, offset, scoring::INFLECTION_WEIGHT);
                return;
            }
        }
    }

    /// The other forms of an English word (`contact` → contacting, contacted) that the index
    /// holds: of the word itself, or of the base form it was read as. A form already in the
    /// group keeps its own weight.
    fn add_word_family(&self, word: &str, group: &mut Group) {
        let seeds: Vec<String> = match group.members.as_slice() {
            [] => vec![word.to_string()],
            members => members.iter().map(|m| m.term.clone()).collect(),
        };
        for seed in seeds {
            let path = self.terms.path(&seed);
            let mut add = |form: &str, weight: f32| {
                // `Group::add` would drop it too; this spares the dictionary lookup.
                if group.members.iter().any(|m| m.term == form) {
                    return;
                }
                if let Some(offset) = path.get(form) {
                    group.add(form.to_string(), offset, weight);
                }
            };
            let family = scoring::WORD_FAMILY_WEIGHT;
            crate::tokenizer::each_family_form(&seed, &mut |form| add(form, family));
            let derived = scoring::DERIVED_WEIGHT;
            crate::tokenizer::each_derived_form(&seed, &mut |form| add(form, derived));
        }
    }

    /// Terms within one edit (from 4 letters) or two (from 8) of a word the index lacks, that
    /// start with its first letter. Slips seldom hit the first letter (a swap of the first two
    /// is [`Self::add_transpositions`]'), as Lucene's fuzzy `prefix_length` assumes. Walking
    /// every first letter cost a misspelled English query a sixth of its time, and found the
    /// judged articles no oftener (all 69 judged sets: Recall@1 the same, Recall@3 one more).
    fn expand_typos(&self, word: &str, group: &mut Group) {
        let len = word.chars().count();
        for (distance, (&min_len, &weight)) in scoring::FUZZY_MIN_LEN
            .iter()
            .zip(&scoring::FUZZY_WEIGHTS)
            .enumerate()
        {
            if len < min_len || !group.members.is_empty() {
                continue;
            }
            if distance == 0 {
                self.add_transpositions(word, weight, group);
            }
            let automaton = LazyLevenshtein::new(word, distance as u8 + 1);
            let first = word.as_bytes().first().copied();
            let room = MAX_EXPANSIONS.saturating_sub(group.members.len());
            for (term, offset) in near_terms(self.terms.as_fst(), &automaton, first, false, room) {
                group.add(term, offset, weight);
            }
        }
    }

    /// Terms that are the word with two neighbouring letters swapped (`paymnet` → payment): one
    /// slip of the fingers, though Levenshtein counts it as two edits.
    fn add_transpositions(&self, word: &str, weight: f32, group: &mut Group) {
        let chars: Vec<char> = word.chars().collect();
        for i in 0..chars.len().saturating_sub(1) {
            if chars[i] == chars[i + 1] {
                continue;
            }
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            let term: String = swapped.into_iter().collect();
            if let Some(offset) = self.terms.get(&term) {
                group.add(term, offset, weight);
            }
        }
    }

    /// For each synonym phrase the query contains, the other phrases of its group become
    /// alternatives for the query tokens the phrase spans: in `打错钱了`, `转错` stands in for
    /// `打错` and `错钱`, so an article that says 转错 covers them.
    fn add_synonyms(&self, mentioned: &[Mention], groups: &mut Vec<Group>) {
        // The query's own words, as typed: never an alternative wording of another of them.
        let own: HashSet<String> = groups.iter().map(|g| g.term.clone()).collect();
        for mention in mentioned {
            let (g, source) = mention.at;
            let phrases = self.group_terms(g);
            let spanned: HashSet<&str> = phrases[source].iter().map(|(t, _)| t.as_str()).collect();
            // `有没有人工` mentions 人工; the group's `有没有人` must not make 没有 and 有人,
            // words the visitor typed and already searches, stand in for 人工 as well.
            let is_own_elsewhere =
                |term: &String| own.contains(term) && !spanned.contains(term.as_str());
            let others = (phrases.iter().enumerate())
                .filter(|&(p, _)| mention.group.phrases[p] != *mention.phrase);
            let mut shared = Vec::new();
            for (number, (_, terms)) in (1..).zip(others) {
                let words = terms.iter().filter(|(t, _)| t.is_ascii()).count();
                let weight = scoring::synonym_weight(words);
                let terms = terms.iter().filter(|(term, _)| !is_own_elsewhere(term));
                // A Chinese phrase one of whose bigrams no article holds.
                let partial = (terms.clone()).any(|(t, offset)| offset.is_none() && !t.is_ascii());
                // A request for a person, in part, is no request: `有人吗` without 人吗 is the
                // 有人 of every `有人没付`.
                if partial && mention.group.intent.is_some() {
                    continue;
                }
                let kept: Vec<(&String, u64)> = terms
                    .filter_map(|(term, offset)| offset.map(|o| (term, o)))
                    .collect();
                // One term stands alone; several must all be in an article to count there.
                let phrase = if kept.len() > 1 { number } else { 0 };
                // No article holds such a phrase whole: its other words need only co-occur.
                let weight = if partial {
                    weight * scoring::PARTIAL_PHRASE_WEIGHT
                } else {
                    weight
                };
                // Read through a slip (`trnsfer`), an alternative is no surer than the
                // corrected word itself: it must not outweigh the articles that say that word.
                let weight = if mention.slipped.is_empty() {
                    weight
                } else {
                    weight.min(scoring::FUZZY_WEIGHTS[0])
                };
                shared.extend(kept.into_iter().map(|(term, offset)| Member {
                    offset,
                    weight,
                    term: term.clone(),
                    phrase,
                }));
            }
            let shared = Rc::new(shared);
            // `canceled` mentions `cancel`: the token's term carries the ending. A slip
            // (`refnd`) carries the word it was read as: a guess at one word of the query, not
            // a word of its own that an article in the other language could cover alone.
            let spans = |term: &str| {
                spanned.contains(term)
                    || spanned.iter().any(|base| inflects(term, base))
                    || mention.inflected.as_deref() == Some(term)
                    || mention.slipped.iter().any(|typed| typed == term)
            };
            let mut carried = false;
            for group in groups.iter_mut().filter(|g| spans(&g.term)) {
                group.synonyms.push(Rc::clone(&shared));
                carried = true;
            }
            // No query word carries the phrase (`坏了` is a particle straddle the plan drops, a
            // word the index lacks may be skipped): the phrase stands as a word of its own.
            if let (false, Some((term, _))) =
                (carried || shared.is_empty(), phrases[source].first())
            {
                groups.push(Group {
                    term: term.clone(),
                    synonyms: vec![shared],
                    ..Group::default()
                });
            }
        }
    }

    /// Documents with their final scores, best first; ties go to the earlier document, so the
    /// order is the same on every platform.
    #[inline(never)]
    fn score(&self, groups: &[Group], language: Option<&str>, limit: usize) -> Vec<(u32, f32)> {
        let live = (groups.iter().filter(|g| g.is_live()))
            .map(Group::coverage)
            .sum::<f32>()
            .max(1.0);
        // Dense arrays rather than maps (`Workspace`): a common bigram's postings touch
        // thousands of documents.
        let mut space = self.workspace();
        let Workspace { totals, best } = &mut space;
        let mut matched_docs = Vec::new();
        let mut cache = PostingsCache::default();
        let alternatives = self.score_alternatives(groups, best, &mut cache);
        // How many of the query's groups each set of alternatives stands in for: 交易记录 is three
        // bigrams, and its alternative 账单 is one word, which must not count three times.
        let mut spans: HashMap<*const Vec<Member>, usize> = HashMap::default();
        // (A Latin phrase's words already share its weight: see `scoring::synonym_weight`.)
        let chinese_groups = groups.iter().filter(|g| g.is_chinese());
        for shared in chinese_groups.flat_map(|g| &g.synonyms) {
            *spans.entry(Rc::as_ptr(shared)).or_default() += 1;
        }
        for group in groups {
            self.best_per_doc(group, best, &mut cache);
            for shared in &group.synonyms {
                let key = Rc::as_ptr(shared);
                let share = scoring::synonym_spread(spans.get(&key).copied().unwrap_or(1));
                for &(doc, s, in_title) in &alternatives[&key] {
                    best.offer(doc, s * share, in_title);
                }
            }
            let coverage = group.coverage();
            for &doc in &best.touched {
                let total = &mut totals[doc as usize];
                if total.1 == 0.0 {
                    matched_docs.push(doc);
                }
                total.0 += best.score[doc as usize];
                total.1 += coverage;
                if best.in_title[doc as usize] {
                    total.2 += coverage;
                }
            }
        }
        let reader = language.map(language_of);
        let other_language =
            |doc: u32| reader.is_some_and(|l| self.doc_languages[doc as usize] != l);
        // The most of the query that the title of an article in the visitor's language holds.
        // An article in another language whose title holds more is the better answer, not one
        // that merely quotes the visitor's word; others keep the discount.
        let own_best_title = (matched_docs.iter())
            .filter(|&&doc| !other_language(doc))
            .map(|&doc| totals[doc as usize].2)
            .fold(0.0f32, f32::max);
        // Best first, ties to the earlier document: a total order, so every platform agrees.
        let ranked: Vec<u64> = (matched_docs.iter())
            .map(|&doc| {
                let (sum, matched, in_title) = totals[doc as usize];
                let mut score = sum
                    * (1.0 + scoring::COVERAGE_WEIGHT * matched / live)
                    * (1.0 + scoring::TITLE_COVERAGE_WEIGHT * in_title / live)
                    * (1.0 + scoring::POPULARITY_WEIGHT * self.doc_popularity[doc as usize]);
                if other_language(doc) && in_title <= own_best_title {
                    score *= scoring::OTHER_LANGUAGE_FACTOR;
                }
                order::pack(order::descending_f32(score), doc)
            })
            .collect();
        for &doc in &matched_docs {
            totals[doc as usize] = Default::default();
        }
        self.keep_workspace(space);
        (order::least(ranked, limit).into_iter())
            .map(|key| (key as u32, order::from_descending_f32((key >> 32) as u32)))
            .collect()
    }

    /// The kept [`Workspace`], or a new one while another thread's ranking holds it (the
    /// server ranks on several).
    fn workspace(&self) -> Workspace {
        let kept = self.workspace.lock().ok().and_then(|mut kept| kept.take());
        kept.filter(|space| space.totals.len() == self.docs.len())
            .unwrap_or_else(|| Workspace::new(self.docs.len()))
    }

    fn keep_workspace(&self, space: Workspace) {
        if let Ok(mut kept) = self.workspace.lock() {
            *kept = Some(space);
        }
    }

    /// One member term's BM25F score in one document, discounted by how the term was reached.
    fn member_score(&self, member: &Member, weight: f32, boost: f32, posting: &Posting) -> f32 {
        member.weight * self.bm25f(weight, boost, posting)
    }

    /// A posting's BM25F score for a term of weight (IDF) `idf`, times `title_boost` (see
    /// [`Self::title_boost`]) where the term is in the article's title.
    fn bm25f(&self, idf: f32, title_boost: f32, posting: &Posting) -> f32 {
        let norm = self.length_norms[posting.doc as usize];
        let score = scoring::bm25f(posting.term_freqs, idf, norm);
        if posting.term_freqs[0] > 0 {
            score * title_boost
        } else {
            score
        }
    }

    /// The postings list at `offset`, decoded, with its weight and title boost: from the lists
    /// kept across queries, or decoded and kept. A list whose shard has not arrived decodes
    /// as empty, and is kept only once it has.
    fn decoded(&self, offset: u64) -> Decoded {
        if let Some(list) = (self.decoded.lock().ok()).and_then(|kept| kept.get(&offset)) {
            return list;
        }
        let (idf, postings) = self.postings_at(offset);
        let list = (idf, self.title_boost(&postings), Arc::new(postings));
        if !list.2.is_empty() {
            if let Ok(mut kept) = self.decoded.lock() {
                kept.keep(offset, list.clone(), list.2.len());
            }
        }
        list
    }

    /// What a title holding a term multiplies its score by, from the term's `postings`: see
    /// [`scoring::title_boost`].
    fn title_boost(&self, postings: &[Posting]) -> f32 {
        // Short articles get no boost: no need to count.
        if self.average_length <= scoring::LONG_ARTICLES[0] {
            return 1.0;
        }
        let titles = postings.iter().filter(|p| p.term_freqs[0] > 0).count();
        scoring::title_boost(self.docs.len(), postings.len(), titles, self.average_length)
    }

    /// Each member's postings with its weight: the stored IDF, times the reading prior for a
    /// group of readings.
    fn member_postings<'g>(
        &self,
        members: &'g [Member],
        by_reading: bool,
        cache: &mut PostingsCache,
    ) -> Vec<(&'g Member, f32, Arc<Vec<Posting>>)> {
        let decoded: Vec<(&Member, f32, Arc<Vec<Posting>>)> = members
            .iter()
            .map(|m| {
                let (idf, postings) = cache.get(self, m.offset);
                (m, idf, postings)
            })
            .collect();
        if !by_reading {
            return decoded;
        }
        let most = decoded.iter().map(|(_, _, p)| p.len()).max().unwrap_or(0);
        decoded
            .into_iter()
            .map(|(m, idf, p)| (m, idf * reading_prior(p.len(), most), p))
            .collect()
    }

    /// Each set of synonym alternatives' best score per document, scored once however many
    /// query tokens share it.
    fn score_alternatives(
        &self,
        groups: &[Group],
        best: &mut BestPerDoc,
        cache: &mut PostingsCache,
    ) -> HashMap<*const Vec<Member>, Vec<(u32, f32, bool)>> {
        let caps = self.synonym_caps(groups, cache);
        let mut out = HashMap::default();
        for shared in groups.iter().flat_map(|g| &g.synonyms) {
            let key = Rc::as_ptr(shared);
            out.entry(key).or_insert_with(|| {
                let whole = self.whole_phrase_docs(shared, cache);
                self.best_per_doc_filtered(
                    shared,
                    false,
                    best,
                    cache,
                    caps.get(&key).copied(),
                    &whole,
                );
                (best.touched.iter())
                    .map(|&d| (d, best.score[d as usize], best.in_title[d as usize]))
                    .collect()
            });
        }
        out
    }

    /// For each set of synonym alternatives, the highest weight (IDF) among the terms of the
    /// query words it stands for, and whether those words are Chinese: an alternative in the
    /// other script (a translation) never weighs more than what the visitor typed. Without
    /// the cap a rare translation outranks a common original: `退货` would find the one English
    /// article that says "return" before the twenty Chinese ones on 退货. Alternatives in the
    /// same script keep their weight: a rare wording (封号 for 冻结) is a strong sign. A word
    /// the index lacks sets no cap: then the alternatives are all there is.
    fn synonym_caps(
        &self,
        groups: &[Group],
        cache: &mut PostingsCache,
    ) -> HashMap<*const Vec<Member>, Cap> {
        let mut caps: HashMap<*const Vec<Member>, Cap> = HashMap::default();
        for group in groups.iter().filter(|g| !g.synonyms.is_empty()) {
            let own = (group.members.iter())
                .map(|m| cache.get(self, m.offset).0)
                .fold(None, |most: Option<f32>, w| {
                    Some(most.map_or(w, |m| m.max(w)))
                });
            let cjk = group.is_chinese();
            for shared in &group.synonyms {
                let cap = caps
                    .entry(Rc::as_ptr(shared))
                    .or_insert(Cap { weight: 0.0, cjk });
                cap.weight = cap.weight.max(own.unwrap_or(f32::INFINITY));
            }
        }
        caps
    }

    /// For each phrase of several terms among synonym alternatives (see [`Member::phrase`]),
    /// the documents holding all of its terms, in order. `登录失败` stands for a failed login,
    /// not for every article that says 失败; `can't use` is not `use`.
    fn whole_phrase_docs(
        &self,
        members: &[Member],
        cache: &mut PostingsCache,
    ) -> HashMap<u32, Arc<Vec<u32>>> {
        let mut phrases: HashMap<u32, Vec<u64>> = HashMap::default();
        for member in members.iter().filter(|m| m.phrase != 0) {
            phrases
                .entry(member.phrase)
                .or_default()
                .push(member.offset);
        }
        (phrases.into_iter())
            .map(|(phrase, offsets)| {
                let kept = (self.phrase_docs.lock().ok()).and_then(|kept| kept.get(&offsets));
                let docs = kept.unwrap_or_else(|| self.holding_all(offsets, cache));
                (phrase, docs)
            })
            .collect()
    }

    /// The documents holding every term at `offsets`, in order, kept for later queries (see
    /// [`PhraseDocs`]) once every term's postings have arrived.
    fn holding_all(&self, offsets: Vec<u64>, cache: &mut PostingsCache) -> Arc<Vec<u32>> {
        let mut lists: Vec<Arc<Vec<Posting>>> =
            offsets.iter().map(|&o| cache.get(self, o).1).collect();
        // A term whose shard has not arrived has no postings yet: the answer is not final.
        let complete = lists.iter().all(|l| !l.is_empty());
        // From the rarest term's documents, each looked up in the others' lists: a phrase of a
        // rare word and a common one costs the rare word's length.
        order::sort_by_key(&mut lists, |l| l.len() as u32);
        let mut docs: Vec<u32> = lists[0].iter().map(|p| p.doc).collect();
        for other in &lists[1..] {
            if other.len() > 16 * docs.len() {
                docs.retain(|&d| other.binary_search_by_key(&d, |p| p.doc).is_ok());
            } else {
                let mut there = other.iter().map(|p| p.doc).peekable();
                docs.retain(|&d| {
                    while there.next_if(|&o| o < d).is_some() {}
                    there.peek() == Some(&d)
                });
            }
        }
        let docs = Arc::new(docs);
        if complete {
            if let Ok(mut kept) = self.phrase_docs.lock() {
                kept.keep(offsets, Arc::clone(&docs), docs.len());
            }
        }
        docs
    }

    /// Each document's score for the group's own members (its best-scoring one), and whether
    /// a member occurs in its title, into `best`.
    fn best_per_doc(&self, group: &Group, best: &mut BestPerDoc, cache: &mut PostingsCache) {
        let (members, by_reading) = (&group.members, group.by_reading);
        self.best_per_doc_filtered(members, by_reading, best, cache, None, &HashMap::default());
    }

    /// [`Self::best_per_doc`] with the weight of each member in the other script than the
    /// cap's at most the cap's, and a member of a whole phrase counted only in the documents
    /// `whole` lists for it.
    fn best_per_doc_filtered(
        &self,
        members: &[Member],
        by_reading: bool,
        best: &mut BestPerDoc,
        cache: &mut PostingsCache,
        cap: Option<Cap>,
        whole: &HashMap<u32, Arc<Vec<u32>>>,
    ) {
        best.next_group();
        let decoded = self.member_postings(members, by_reading, cache);
        for (i, (member, idf, postings)) in decoded.iter().enumerate() {
            // A term of several alternative phrases (客服 of 人工客服, 找客服, …) is read once,
            // at its best weight among the phrases whole in each document.
            if decoded[..i]
                .iter()
                .any(|(m, _, _)| m.offset == member.offset)
            {
                continue;
            }
            let idf = match cap {
                Some(cap) if member.term.chars().next().is_some_and(is_cjk) != cap.cjk => {
                    idf.min(cap.weight)
                }
                _ => *idf,
            };
            let boost = cache.title_boost(self, member);
            // A use outside any whole phrase (a one-word alternative) holds in every document,
            // and a phrase no heavier than it can never raise a document's weight. 客服 is in a
            // dozen phrases for a person, and its postings in most articles: walking every
            // phrase's documents for each was the slowest query's time (BENCHMARKS.md,
            // "Against the peers").
            let mut everywhere: Option<f32> = None;
            let mut phrases = Vec::new();
            for (m, _, _) in decoded[i..]
                .iter()
                .filter(|(m, _, _)| m.offset == member.offset)
            {
                match whole.get(&m.phrase) {
                    Some(docs) => phrases.push((m.weight, docs)),
                    None => everywhere = Some(everywhere.map_or(m.weight, |w| w.max(m.weight))),
                }
            }
            phrases.retain(|(w, _)| everywhere.is_none_or(|least| *w > least));
            let mut offer = |p: &Posting, weight: f32| {
                best.offer(
                    p.doc,
                    weight * self.bm25f(idf, boost, p),
                    p.term_freqs[0] > 0,
                )
            };
            if let Some(weight) = everywhere {
                postings.iter().for_each(|p| offer(p, weight));
            }
            // Each phrase's documents are offered their postings on their own, and a document
            // in several keeps its best (`BestPerDoc::offer`): a phrase's few documents are
            // found by galloping, where walking the term's postings beside every phrase's
            // list stepped through 客服's thousands once per phrase.
            for (weight, docs) in phrases {
                let mut rest = &postings[..];
                for &doc in docs.iter() {
                    rest = &rest[gallop(rest, doc)..];
                    // A phrase's documents hold all its terms: each has a posting here.
                    if let Some(p) = rest.first().filter(|p| p.doc == doc) {
                        offer(p, weight);
                    }
                }
            }
        }
    }

    fn hit(&self, doc: u32, score: f32, matched: &HashSet<String>) -> Hit {
        let stored = self.record(doc as usize);
        let tokenize = |text: &str| self.tokenize(text);
        Hit {
            doc,
            id: stored.id.clone(),
            title: stored.title.clone(),
            category: stored.category.clone(),
            locale: stored.locale.clone(),
            score,
            snippet: make_snippet(&stored.body, matched, &tokenize),
            title_highlights: highlight_ranges(&self.tokenize(&stored.title), matched),
        }
    }
}

/// Why a document scored what it did: one line per query group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The query token's term.
    pub group: String,
    /// The member term that scored best for this document, if any did.
    pub best_term: Option<String>,
    pub score: f32,
    pub in_title: bool,
}

impl Index {
    /// The per-group breakdown of `doc_id`'s score for `query`, for `helpdock search --explain`.
    /// A synonym alternative shows its own score, before the cap on translations.
    pub fn explain(&self, query: &str, doc_id: &str, options: &SearchOptions) -> Vec<Explanation> {
        let Some(doc) = self.docs.iter().position(|d| d.id == doc_id) else {
            return Vec::new();
        };
        let doc = doc as u32;
        let mut cache = PostingsCache::default();
        let (_, _, groups) = self.read_query(query, options.prefix_last);
        groups
            .iter()
            .map(|group| {
                let mut best: Option<(f32, &str)> = None;
                let mut in_title = false;
                // A synonym alternative of a phrase the article does not hold whole is no match.
                let mut members = group.members.clone();
                for shared in &group.synonyms {
                    let whole = self.whole_phrase_docs(shared, &mut cache);
                    let holds = |m: &&Member| {
                        (whole.get(&m.phrase)).is_none_or(|docs| docs.binary_search(&doc).is_ok())
                    };
                    members.extend(shared.iter().filter(holds).cloned());
                }
                let merged = self.member_postings(&members, group.by_reading, &mut cache);
                for (member, idf, postings) in merged {
                    if let Some(p) = postings.iter().find(|p| p.doc == doc) {
                        let boost = cache.title_boost(self, member);
                        let s = self.member_score(member, idf, boost, p);
                        in_title |= p.term_freqs[0] > 0;
                        if best.is_none_or(|(b, _)| s > b) {
                            best = Some((s, &member.term));
                        }
                    }
                }
                Explanation {
                    group: group.term.clone(),
                    best_term: best.map(|(_, t)| t.to_string()),
                    score: best.map_or(0.0, |(s, _)| s),
                    in_title,
                }
            })
            .collect()
    }
}

/// Three or more of one letter (`hhh`, `zzzz`): a key held down or a laugh, not a word.
fn is_held_key(letters: &str) -> bool {
    let bytes = letters.as_bytes();
    bytes.len() >= 3 && bytes.iter().all(|&b| b == bytes[0])
}
