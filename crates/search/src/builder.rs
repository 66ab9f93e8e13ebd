//! Writing an index: articles in, one self-checking byte buffer out.

use rustc_hash::FxHashMap as HashMap;

use crate::chinese::{Chinese, ChineseTables, FoldTable};
use crate::format::{encode, language_of, IndexData, Posting, StoredDoc};
use crate::shards::{self, Split, SplitIndex};
use crate::suggest::PhraseData;
use crate::synonyms::{normalize, SynonymGroup};
use crate::{scoring, tokenizer, varint, word_ends};

/// An article as the indexer sees it: front matter plus the body as plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub category: String,
    pub locale: String,
    pub tags: Vec<String>,
    pub contexts: Vec<String>,
    /// 0..1, from front matter; nudges the most-asked articles up among near ties.
    pub popularity: f32,
    pub body: String,
}

/// Collects articles, then writes the index with [`IndexBuilder::finish`].
#[derive(Default)]
pub struct IndexBuilder {
    docs: Vec<StoredDoc>,
    postings: HashMap<String, Vec<Posting>>,
    tables: ChineseTables,
    chinese: Chinese,
    /// The variant folding of `chinese`, for every character of every article.
    folding: FoldTable,
    synonyms: Vec<SynonymGroup>,
    cohesion: HashMap<String, u8>,
}

impl IndexBuilder {
    /// A builder with no Chinese tables and no synonyms: CJK bigrams and Latin words only.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that folds variants and stores the pinyin and synonym tables in the index.
    /// Synonym phrases are normalised here, with the same folding as queries.
    pub fn with_language(tables: ChineseTables, synonyms: Vec<SynonymGroup>) -> Self {
        let tables = tables.sorted();
        let chinese = Chinese::new(&tables, None);
        let fold = |c| chinese.fold(c);
        let synonyms = synonyms
            .into_iter()
            .map(|group| SynonymGroup {
                phrases: group
                    .phrases
                    .iter()
                    .map(|p| normalize(p, &fold))
                    .filter(|p| !p.is_empty())
                    .collect(),
                intent: group.intent,
                pinned: group.pinned,
                one_way: group.one_way,
            })
            .filter(|group| group.phrases.len() > 1 || group.intent.is_some())
            .collect();
        IndexBuilder {
            folding: FoldTable::new(&tables.variants),
            tables,
            chinese,
            synonyms,
            ..Self::default()
        }
    }

    /// Adds one article; documents are numbered in the order they are added.
    pub fn add(&mut self, article: Article) {
        let segment = self.segment(self.docs.len(), [&article]);
        self.append(segment);
    }

    /// Counts the terms of consecutive articles, the first of them to be document number
    /// `first_doc`, without adding them yet: segments of a large help center can be counted
    /// on several threads at once, then appended in order with [`IndexBuilder::append`].
    pub fn segment<'a>(
        &self,
        first_doc: usize,
        articles: impl IntoIterator<Item = &'a Article>,
    ) -> Segment {
        let mut segment = Segment {
            first_doc,
            ..Segment::default()
        };
        for article in articles {
            let doc = (first_doc + segment.docs.len()) as u32;
            let (freqs, field_lengths) = self.count_terms(article);
            for (term, term_freqs) in freqs {
                (segment.postings.entry(term).or_default()).push(Posting { doc, term_freqs });
            }
            segment.docs.push(StoredDoc {
                id: article.id.clone(),
                title: article.title.clone(),
                category: article.category.clone(),
                locale: article.locale.clone(),
                tags: article.tags.clone(),
                contexts: article.contexts.clone(),
                popularity: article.popularity.clamp(0.0, 1.0),
                body: article.body.clone(),
                field_lengths,
            });
        }
        segment
    }

    /// Adds a segment's articles after those already added.
    ///
    /// # Panics
    /// If the segment does not start where the added articles end: documents must be numbered
    /// in order, or postings would point at the wrong articles.
    pub fn append(&mut self, segment: Segment) {
        assert_eq!(
            segment.first_doc,
            self.docs.len(),
            "segments must be appended in document order"
        );
        self.docs.extend(segment.docs);
        for (term, list) in segment.postings {
            self.postings.entry(term).or_default().extend(list);
        }
    }

    /// Each term's frequency per field in one article, and the fields' lengths in terms.
    fn count_terms(&self, article: &Article) -> (HashMap<String, [u8; 3]>, [u32; 3]) {
        let mut freqs: HashMap<String, [u8; 3]> = HashMap::default();
        let mut field_lengths = [0u32; 3];
        let tag_text = article.tags.join("\n");
        let fold = |c| self.folding.fold(c);
        for (field, text) in [&article.title, &tag_text, &article.body]
            .into_iter()
            .enumerate()
        {
            for term in tokenizer::terms(text, &fold) {
                let tf = &mut freqs.entry(term).or_default()[field];
                *tf = tf.saturating_add(1);
                field_lengths[field] += 1;
            }
        }
        (freqs, field_lengths)
    }

    /// How often each CJK bigram is a word, or inside one, rather than straddling two words
    /// (0 never … 255 always), as a dictionary segmenter saw the corpus at build time. Terms
    /// without a value count as words.
    pub fn with_cohesion(mut self, cohesion: impl IntoIterator<Item = (String, u8)>) -> Self {
        self.cohesion = cohesion.into_iter().collect();
        self
    }

    /// The number of articles added so far.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Writes the index: header, checksum and payload, ready for `Index::from_bytes`.
    pub fn finish(self) -> Vec<u8> {
        encode(&self.into_data(false).0)
    }

    /// Writes the index as one file or split into a small main file and shards fetched on
    /// demand (see [`crate::shards`]); a one-file index has no shards.
    pub fn finish_with(self, split: Split) -> SplitIndex {
        let options = match split {
            Split::Never => None,
            Split::Always(options) => Some(options),
            Split::Above { bytes, options } => (self.one_file_size() > bytes).then_some(options),
        };
        let (data, list_starts) = self.into_data(options.is_some());
        let Some(options) = options else {
            return SplitIndex {
                index: encode(&data),
                shards: Vec::new(),
            };
        };
        let (data, shards) = shards::split(data, &list_starts, options);
        let shards = shards
            .iter()
            .map(|shard| (shard.id.path(shard.build), shards::encode_shard(shard)))
            .collect();
        SplitIndex {
            index: encode(&data),
            shards,
        }
    }

    /// The order a split index's postings lists are written in, as indexes into `postings`
    /// (sorted by term; a one-file index keeps that order). A split index fetches a shard for
    /// every list a query reads, so lists read together are put together:
    ///
    /// - first most terms, in term order (a Latin prefix's completions are neighbours);
    /// - among them, the two-character Chinese terms by the initials of their readings (all
    ///   t·k terms, 提款 退款 贴款, side by side): a query in pinyin initials (`zhdj`) scores
    ///   every term each pair of letters spells, and in term order those lie in a shard each
    ///   (at 5,000 articles the heaviest initials query fetched 96 shards; see BENCHMARKS.md);
    /// - then the terms of each synonym group side by side, so that a query naming one phrase
    ///   reads all its alternatives from a shard or two instead of a shard each (at 5,000
    ///   articles: 15 KB less to download at the 95th percentile query).
    ///
    /// The words a character starts (退款 退货) are no longer neighbours, so the build marks the
    /// commonest of them, which a lone character of a query reads (see [`word_ends`]).
    ///
    /// The term dictionary maps each term to its list wherever it is. Values that rise with
    /// the keys keep it compact: the synonym terms come last (put first, they cost three times
    /// the 0.8 KB gzip they cost there), and the initials order costs 2.2 KB at 5,000 articles.
    fn layout_order(&self, postings: &[(String, Vec<Posting>)]) -> Vec<usize> {
        let fold = |c| self.folding.fold(c);
        let mut clusters: HashMap<String, usize> = HashMap::default();
        for (n, group) in self.synonyms.iter().enumerate() {
            for phrase in &group.phrases {
                for term in tokenizer::terms(phrase, &fold) {
                    clusters.entry(term).or_insert(n);
                }
            }
        }
        let block = |term: &String| match clusters.get(term) {
            Some(&n) => (n + 1, None),
            None => (0, self.initials_pair(term)),
        };
        let mut order: Vec<usize> = (0..postings.len()).collect();
        // Stable: term order within each block.
        order.sort_by_cached_key(|&i| block(&postings[i].0));
        order
    }

    /// The first letters of a two-character Chinese term's readings (`tk` for 退款): the
    /// pair of initials a visitor types for it.
    fn initials_pair(&self, term: &str) -> Option<[u8; 2]> {
        let (a, b) = word_ends::two_chars(term)?;
        let first = |c| self.chinese.initial_letters(c).first().copied();
        Some([first(a)?, first(b)?])
    }

    /// How often `term` is a word of its own (see [`IndexBuilder::with_cohesion`]); a term
    /// no segmenter measured always is.
    fn cohesion_of(&self, term: &str) -> u8 {
        self.cohesion.get(term).copied().unwrap_or(u8::MAX)
    }

    /// The one-file index's size, near enough to choose whether to split it (the postings and
    /// the text are nearly all of it), without encoding a large index only to measure it.
    fn one_file_size(&self) -> usize {
        let postings: usize = (self.postings.iter())
            .map(|(term, list)| term.len() + postings_len(list))
            .sum();
        let text: usize = (self.docs.iter())
            .map(|d| d.title.len() + d.body.len() + d.tags.iter().map(String::len).sum::<usize>())
            .sum();
        postings + text
    }

    /// The one-file payload, and the offset where each postings list starts; with `grouped`
    /// the lists are laid out for a split index (see [`IndexBuilder::layout_order`]).
    fn into_data(mut self, grouped: bool) -> (IndexData, Vec<u64>) {
        let mut blob = Vec::new();
        let mut list_starts = Vec::new();
        let mut terms = fst::MapBuilder::memory();
        // Segments were appended in document order, so each list is already sorted by document.
        let mut postings: Vec<(String, Vec<Posting>)> =
            std::mem::take(&mut self.postings).into_iter().collect();
        postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut offsets = vec![0u64; postings.len()];
        let order = if grouped {
            self.layout_order(&postings)
        } else {
            (0..postings.len()).collect()
        };
        let languages = DocLanguages::new(&self.docs);
        for i in order {
            let (term, list) = &postings[i];
            let cohesion = self.cohesion_of(term);
            offsets[i] = blob.len() as u64;
            list_starts.push(blob.len() as u64);
            let idf = if is_latin_word(term) {
                languages.idf_within_language(list)
            } else {
                languages.idf_within_region(list)
            };
            write_postings(&mut blob, idf, cohesion, list);
        }
        // fst takes its keys in byte order.
        for ((term, _), offset) in postings.iter().zip(offsets) {
            terms
                .insert(term, offset)
                .expect("terms are sorted and unique");
        }
        let terms = terms.into_inner().expect("writing to memory cannot fail");
        let word_ends = word_ends::build(
            (postings.iter())
                .map(|(term, list)| (term.as_str(), list.len(), self.cohesion_of(term))),
        );
        let word_starts = if grouped {
            word_ends::build_starts(
                postings
                    .iter()
                    .map(|(term, list)| (term.as_str(), list.len())),
            )
        } else {
            Vec::new()
        };
        let phrases = PhraseData::build(&self.docs, &|c| self.folding.fold(c));
        let synonyms = answerable_synonyms(self.synonyms, &terms, &self.tables);
        let data = IndexData {
            docs: self.docs,
            terms,
            postings: blob,
            chinese: self.tables,
            synonyms,
            phrases: Some(phrases),
            layout: None,
            word_ends,
            word_starts,
        };
        (data, list_starts)
    }
}

/// A term with a Latin letter and nothing but ASCII letters and digits: `refund`, `5g`.
fn is_latin_word(term: &str) -> bool {
    term.bytes().all(|b| b.is_ascii_alphanumeric()) && term.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Each document's language and locale (as numbers), and how many documents each has.
struct DocLanguages {
    of_doc: Vec<usize>,
    counts: Vec<usize>,
    /// Each document's locale (`zh-TW` and `zh-CN` are two locales of one language).
    locale_of_doc: Vec<usize>,
    locale_counts: Vec<usize>,
    /// Whether each locale has under half of its language's documents: only a minority
    /// locale's words are counted among its own documents (see
    /// [`DocLanguages::idf_within_region`]).
    minority: Vec<bool>,
}

impl DocLanguages {
    fn new(docs: &[StoredDoc]) -> Self {
        let (of_doc, counts) = number_by(docs, |d| language_of(&d.locale));
        let (locale_of_doc, locale_counts) = number_by(docs, |d| d.locale.clone());
        let mut minority = vec![false; locale_counts.len()];
        for (&locale, &language) in locale_of_doc.iter().zip(&of_doc) {
            minority[locale] = locale_counts[locale] * 2 < counts[language];
        }
        DocLanguages {
            of_doc,
            counts,
            locale_of_doc,
            locale_counts,
            minority,
        }
    }

    /// A Chinese term's IDF, counted among the documents of its locale when only a minority
    /// locale of its language holds it: 行動電源 is in most of a help center's few Taiwan
    /// articles, the Taiwan word for 充电宝, and over the whole help center it looks rare
    /// enough to outweigh the word that names the topic (`行動電源充不了電` wants the article on
    /// not charging, not any Taiwan article). Counted among its own locale's articles it
    /// weighs what it says ([`scoring::idf_within_locale`]). The majority's words are the
    /// help center's own: the few minority articles say only some of them.
    fn idf_within_region(&self, list: &[Posting]) -> f32 {
        let all = self.of_doc.len();
        let whole = scoring::idf(all, list.len());
        // Most help centers have no minority locale: no need to look at the postings.
        if !self.minority.contains(&true) {
            return whole;
        }
        let mut locales = (list.iter()).filter_map(|p| self.locale_of_doc.get(p.doc as usize));
        match locales.next() {
            Some(&first) if self.minority[first] && locales.all(|&l| l == first) => {
                scoring::idf_within_locale(self.locale_counts[first], list.len(), all)
            }
            _ => whole,
        }
    }

    /// A Latin word's IDF among the documents of the language it occurs in most (see
    /// [`scoring::idf_within_language`]).
    fn idf_within_language(&self, list: &[Posting]) -> f32 {
        // One pass over the postings, however many languages.
        let mut holding = vec![0usize; self.counts.len()];
        for p in list {
            if let Some(&n) = self.of_doc.get(p.doc as usize) {
                holding[n] += 1;
            }
        }
        let (docs, holding) = (self.counts.iter().zip(holding))
            .map(|(&docs, holding)| (docs, holding))
            .max_by_key(|&(docs, holding)| (holding, docs))
            .unwrap_or((self.of_doc.len(), list.len()));
        scoring::idf_within_language(docs, holding, self.of_doc.len())
    }
}

/// Numbers the documents by `key`, in order of first appearance: each document's number, and
/// how many documents have each.
fn number_by<K: PartialEq>(
    docs: &[StoredDoc],
    key: impl Fn(&StoredDoc) -> K,
) -> (Vec<usize>, Vec<usize>) {
    let mut seen: Vec<K> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let of_doc = (docs.iter())
        .map(|d| {
            let k = key(d);
            let n = seen.iter().position(|s| *s == k).unwrap_or_else(|| {
                seen.push(k);
                counts.push(0);
                seen.len() - 1
            });
            counts[n] += 1;
            n
        })
        .collect();
    (of_doc, counts)
}

/// How many alternatives a one-way group keeps: the first the articles hold. A dictionary
/// lists the common senses first, and each more is bytes every visitor downloads; on the
/// judged sets two found as much as all eight.
const ONE_WAY_ALTERNATIVES: usize = 2;

/// The synonym groups a query can use with these articles: a group none of whose phrases is
/// in the index (the travel words in a payment help center) can never supply an alternative,
/// so it is left out of the file every visitor downloads. Groups with an intent or pins stay:
/// they act on the query itself. A one-way group keeps its first phrase and at most
/// [`ONE_WAY_ALTERNATIVES`] of the others that the index holds, if it has any. The check
/// folds phrases as a loaded index does.
fn answerable_synonyms(
    groups: Vec<SynonymGroup>,
    terms: &[u8],
    tables: &ChineseTables,
) -> Vec<SynonymGroup> {
    let Ok(map) = fst::Map::new(terms) else {
        return groups;
    };
    let chinese = Chinese::new(tables, Some(&crate::format::term_chars(&map)));
    let fold = |c| chinese.fold(c);
    let in_index = |phrase: &String| {
        let words = tokenizer::terms(phrase, &fold);
        !words.is_empty() && words.iter().all(|w| map.contains_key(w))
    };
    groups
        .into_iter()
        .filter_map(|mut g| {
            if g.one_way {
                // Only the alternatives can be found: the first phrase is the visitor's word.
                let mut alternatives = g.phrases.split_off(1.min(g.phrases.len()));
                alternatives.retain(in_index);
                alternatives.truncate(ONE_WAY_ALTERNATIVES);
                g.phrases.extend(alternatives);
                return (g.phrases.len() > 1).then_some(g);
            }
            let keep = g.intent.is_some() || !g.pinned.is_empty() || g.phrases.iter().any(in_index);
            keep.then_some(g)
        })
        .collect()
}

/// Consecutive articles with their terms counted: see [`IndexBuilder::segment`].
#[derive(Default)]
pub struct Segment {
    first_doc: usize,
    docs: Vec<StoredDoc>,
    postings: HashMap<String, Vec<Posting>>,
}

/// The bytes [`write_postings`] writes for `list`.
fn postings_len(list: &[Posting]) -> usize {
    let mut previous = 0;
    let entries: usize = (list.iter())
        .map(|p| varint::len(u64::from(p.doc - std::mem::replace(&mut previous, p.doc))) + 3)
        .sum();
    5 + varint::len(list.len() as u64) + entries
}

fn write_postings(out: &mut Vec<u8>, idf: f32, cohesion: u8, list: &[Posting]) {
    out.extend_from_slice(&idf.to_le_bytes());
    out.push(cohesion);
    varint::write(out, list.len() as u64);
    let mut previous = 0;
    for posting in list {
        varint::write(out, u64::from(posting.doc - previous));
        previous = posting.doc;
        out.extend_from_slice(&posting.term_freqs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            locale: "zh-CN".into(),
            ..Article::default()
        }
    }

    fn articles() -> Vec<Article> {
        vec![
            article("a", "退款没到账", "退款一般 1–3 个工作日到账。"),
            article("b", "账户被冻结", "冻结后可以申请解冻，退款照常。"),
            article("c", "Refund not received", "Refunds take 1 to 3 days."),
            article("d", "转账限额", "单笔转账最高五万元，退款不占额度。"),
            article(
                "e",
                "Frozen account",
                "A frozen account can still receive a refund.",
            ),
        ]
    }

    #[test]
    fn segments_counted_apart_build_the_same_index_as_one_by_one() {
        let mut one_by_one = IndexBuilder::new();
        for a in articles() {
            one_by_one.add(a);
        }
        let all = articles();
        let mut segmented = IndexBuilder::new();
        let (first, second) = all.split_at(2);
        // Counted in either order (as threads finish), appended in document order.
        let later = segmented.segment(2, second);
        let earlier = segmented.segment(0, first);
        segmented.append(earlier);
        segmented.append(later);
        assert_eq!(one_by_one.finish(), segmented.finish());
    }

    #[test]
    fn only_synonym_groups_the_articles_can_answer_are_stored() {
        let group = |phrases: &[&str], intent: Option<&str>| SynonymGroup {
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            intent: intent.map(str::to_string),
            pinned: Vec::new(),
            one_way: false,
        };
        let groups = vec![
            group(&["退款", "退钱"], None),
            group(&["打车", "taxi"], None),
            group(&["转人工", "人工客服"], Some("human")),
        ];
        let mut builder = IndexBuilder::with_language(ChineseTables::default(), groups);
        for a in articles() {
            builder.add(a);
        }
        let index = crate::Index::from_bytes(&builder.finish()).unwrap();
        let kept: Vec<&str> = (index.synonyms.iter())
            .map(|g| g.phrases[0].as_str())
            .collect();
        // No article says 打车 or taxi; the human intent acts on queries whatever the articles.
        assert_eq!(kept, ["退款", "转人工"]);
    }

    #[test]
    fn in_a_split_index_a_synonym_groups_lists_sit_together_after_the_rest() {
        let groups = vec![SynonymGroup {
            phrases: vec!["到账".into(), "退钱".into()],
            intent: None,
            pinned: Vec::new(),
            one_way: false,
        }];
        let mut builder = IndexBuilder::with_language(ChineseTables::default(), groups);
        for a in articles() {
            builder.add(a);
        }
        builder.add(article("d", "怎么退钱", "申请退钱。"));
        let (index, offsets) = split_offsets(builder);
        let last: Vec<&str> = offsets
            .iter()
            .rev()
            .take(2)
            .map(|(_, t)| t.as_str())
            .collect();
        // 到 sorts before 退, 退 before 钱: in term order the group's terms would be far apart.
        assert_eq!(last, ["退钱", "到账"]);
        // Both lists read back from where they moved: 退钱 itself, then its synonym 到账.
        let hits = index.search("退钱", &crate::SearchOptions::default());
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["d", "a"]);
    }

    /// The split index `builder` writes, with all its shards added, and each term by where its
    /// postings lie.
    fn split_offsets(builder: IndexBuilder) -> (crate::Index, Vec<(u64, String)>) {
        let split = builder.finish_with(Split::Always(crate::shards::SplitOptions::DEFAULT));
        let mut index = crate::Index::from_bytes(&split.index).unwrap();
        for (_, shard) in &split.shards {
            index.add_shard(shard).unwrap();
        }
        let mut offsets: Vec<(u64, String)> = Vec::new();
        let mut stream = index.terms.stream();
        while let Some((term, offset)) = fst::Streamer::next(&mut stream) {
            offsets.push((offset, String::from_utf8(term.to_vec()).unwrap()));
        }
        offsets.sort();
        (index, offsets)
    }

    #[test]
    fn in_a_split_index_the_words_of_one_pair_of_initials_sit_together() {
        let syllables = [
            ("tui", "退"),
            ("ti", "提"),
            ("kuan", "款"),
            ("huo", "货"),
            ("xian", "现"),
        ];
        let tables = ChineseTables {
            variants: Vec::new(),
            syllables: (syllables.iter())
                .map(|(s, c)| (s.to_string(), c.to_string()))
                .collect(),
        };
        let mut builder = IndexBuilder::with_language(tables, Vec::new());
        builder.add(article("a", "退款", "退货退款"));
        builder.add(article("b", "提款", "提现"));
        let (index, offsets) = split_offsets(builder);
        let laid_out: Vec<&str> = (offsets.iter())
            .map(|(_, t)| t.as_str())
            .filter(|t| t.chars().count() == 2)
            .collect();
        // In term order 提款 and 提现 come first, 退款 after 退货: `tk` would read two runs.
        // By initials: h·t, t·h, then t·k (提款 退款, side by side), then t·x.
        assert_eq!(laid_out, ["货退", "退货", "提款", "退款", "提现"]);
        let hits = index.search("tk", &crate::SearchOptions::default());
        let mut ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    #[should_panic(expected = "document order")]
    fn a_segment_out_of_order_is_refused() {
        let all = articles();
        let mut builder = IndexBuilder::new();
        let later = builder.segment(2, &all[2..]);
        builder.append(later);
    }
}
