//! Writing an index: articles in, one self-checking byte buffer out.

use std::collections::{BTreeMap, HashMap};

use crate::chinese::{Chinese, ChineseTables};
use crate::format::{encode, IndexData, Posting, StoredDoc};
use crate::suggest::PhraseData;
use crate::synonyms::{normalize, SynonymGroup};
use crate::{scoring, tokenizer, varint};

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
    postings: BTreeMap<String, Vec<Posting>>,
    tables: ChineseTables,
    chinese: Chinese,
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
            })
            .filter(|group| group.phrases.len() > 1 || group.intent.is_some())
            .collect();
        IndexBuilder {
            tables,
            chinese,
            synonyms,
            ..Self::default()
        }
    }

    /// Adds one article; documents are numbered in the order they are added.
    pub fn add(&mut self, article: Article) {
        let doc = self.docs.len() as u32;
        let mut freqs: HashMap<String, [u8; 3]> = HashMap::new();
        let mut field_lengths = [0u32; 3];
        let tag_text = article.tags.join("\n");
        let fold = |c| self.chinese.fold(c);
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
        for (term, term_freqs) in freqs {
            self.postings
                .entry(term)
                .or_default()
                .push(Posting { doc, term_freqs });
        }
        self.docs.push(StoredDoc {
            id: article.id,
            title: article.title,
            category: article.category,
            locale: article.locale,
            tags: article.tags,
            contexts: article.contexts,
            popularity: article.popularity.clamp(0.0, 1.0),
            body: article.body,
            field_lengths,
        });
    }

    /// How often each CJK bigram is a word, or inside one, rather than straddling two words
    /// (0 never … 255 always), as a dictionary segmenter saw the corpus at build time. Terms
    /// without a value count as words.
    pub fn with_cohesion(mut self, cohesion: HashMap<String, u8>) -> Self {
        self.cohesion = cohesion;
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
        let doc_count = self.docs.len();
        let mut blob = Vec::new();
        let mut terms = fst::MapBuilder::memory();
        // BTreeMap<String> iterates in byte order, which is the order fst requires.
        for (term, mut list) in self.postings {
            list.sort_by_key(|p| p.doc);
            terms
                .insert(&term, blob.len() as u64)
                .expect("terms are sorted and unique");
            let cohesion = self.cohesion.get(&term).copied().unwrap_or(u8::MAX);
            write_postings(
                &mut blob,
                scoring::idf(doc_count, list.len()),
                cohesion,
                &list,
            );
        }
        let terms = terms.into_inner().expect("writing to memory cannot fail");
        let phrases = PhraseData::build(&self.docs, &|c| self.chinese.fold(c));
        encode(&IndexData {
            docs: self.docs,
            terms,
            postings: blob,
            chinese: self.tables,
            synonyms: self.synonyms,
            phrases,
        })
    }
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
