//! The index file: a fixed header, then a postcard-encoded payload.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "HELPDOCK"
//! 8       4     format version, u32 little-endian
//! 12      8     payload length in bytes, u64 little-endian
//! 20      4     CRC-32 of the payload, u32 little-endian
//! 24      n     payload: postcard(IndexData)
//! ```
//!
//! The payload holds the documents, an `fst::Map` from term to postings offset, the postings,
//! the Chinese tables, the synonym groups, an `fst::Map` of titles and tags for completions, and
//! the two-character words by their last character ([`crate::word_ends`]) and, in a split
//! index, by their first.
//! A split index (see [`crate::shards`]) leaves the postings, the articles' text and the
//! completions to shard files and holds their layout instead.
//! A postings list is the term's IDF (f32 LE), its cohesion (one byte: how often the term is a
//! word rather than straddling two), a varint count, then per document a varint gap
//! from the previous document number and one saturating byte of term frequency per field.
//!
//! [`Index::from_bytes`] checks magic, version, length and checksum before it decodes anything, and
//! every later read is bounds-checked: no input makes it panic.

use fst::raw::{Fst, Node, Output};
use serde::{Deserialize, Serialize};

use crate::chinese::{Chinese, ChineseTables};
use crate::synonyms::SynonymGroup;
use crate::tokenizer::{tokenize_with, Token};
use crate::{checksum, scoring, varint, IndexError};

pub const MAGIC: &[u8; 8] = b"HELPDOCK";
/// Bump on any change to the payload layout; old files are then refused with a clear message.
pub const FORMAT_VERSION: u32 = 8;
pub const HEADER_LEN: usize = 24;

/// One article as the index stores it: what a result needs to be shown and suggested.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    pub id: String,
    pub title: String,
    pub category: String,
    pub locale: String,
    pub tags: Vec<String>,
    pub contexts: Vec<String>,
    pub popularity: f32,
    /// Plain text of the body, for snippets.
    pub body: String,
    /// Token counts of title, tags and body, for BM25 length normalisation.
    pub field_lengths: [u32; 3],
}

#[derive(Serialize, Deserialize)]
pub(crate) struct IndexData {
    /// In a split index, without title, category, tags and body: those are in record shards.
    pub docs: Vec<StoredDoc>,
    pub terms: Vec<u8>,
    /// Empty in a split index: the postings are in shards.
    pub postings: Vec<u8>,
    pub chinese: ChineseTables,
    pub synonyms: Vec<SynonymGroup>,
    /// None in a split index: the completions are a shard.
    pub phrases: Option<crate::suggest::PhraseData>,
    /// Where the shards are, for a split index.
    pub layout: Option<crate::shards::Layout>,
    /// The commonest words ending with each character, as a bitmap over the two-character
    /// Chinese terms (see [`crate::word_ends`]).
    pub word_ends: Vec<u8>,
    /// In a split index, the commonest words starting with each character, as a bitmap over
    /// the two-character terms (see [`crate::word_ends::build_starts`]); empty in a one-file
    /// index.
    pub word_starts: Vec<u8>,
}

/// A loaded index, ready to answer queries.
pub struct Index {
    pub(crate) docs: Vec<StoredDoc>,
    pub(crate) terms: Terms,
    pub(crate) postings: crate::shards::PostingsStore,
    /// Each document's length term of BM25F (see [`scoring::length_norm`]): scoring reads it
    /// for every posting, so it is worked out once, when the index loads.
    pub(crate) length_norms: Vec<f32>,
    /// Each document's language (the first two letters of its locale) and popularity, in
    /// arrays of their own: scoring reads them for every matched document.
    pub(crate) doc_languages: Vec<[u8; 2]>,
    pub(crate) doc_popularity: Vec<f32>,
    pub(crate) average_length: f32,
    pub(crate) chinese: Chinese,
    pub(crate) synonyms: Vec<SynonymGroup>,
    /// Titles and tags, for completions; None until a split index's phrases shard is added.
    pub(crate) phrases: Option<crate::suggest::Phrases>,
    /// Which shards a split index has, has loaded and has found missing.
    pub(crate) shards: crate::shards::ShardState,
    /// The bitmap of words by last character, and the table read from it when a query first
    /// needs it (see [`crate::word_ends`]).
    pub(crate) word_ends_bits: Vec<u8>,
    pub(crate) word_ends: std::sync::OnceLock<crate::word_ends::WordEnds>,
    /// The same for words by first character, in a split index only.
    pub(crate) word_starts_bits: Vec<u8>,
    pub(crate) word_starts: std::sync::OnceLock<crate::word_ends::WordEnds>,
    /// Two-character terms by initials, built when a query first reads as initials.
    pub(crate) initials: std::sync::OnceLock<crate::chinese::InitialsTable>,
    /// Each synonym group's phrases as terms, tokenized when a query first mentions the group:
    /// most of the thousands of groups (the dictionary's) are never mentioned.
    pub(crate) synonym_terms: Box<[std::sync::OnceLock<crate::query::GroupTerms>]>,
    /// The synonym phrases by first character, built on the first query.
    pub(crate) phrase_starts: std::sync::OnceLock<crate::synonyms::PhraseStarts>,
    /// The English words of the synonym phrases, built when a query first has a word that
    /// neither the articles nor the vocabulary know.
    pub(crate) vocabulary_words: std::sync::OnceLock<crate::synonyms::Vocabulary>,
    /// The terms of the single-word phrases of the two-way synonym groups (see
    /// `Index::is_vocabulary_word`), made on first use.
    pub(crate) vocabulary_terms: std::sync::OnceLock<rustc_hash::FxHashSet<String>>,
    /// The commonest words each character starts, as a query's lone characters read them
    /// (see `Index::commonest_starting`), kept as queries first find them whole.
    pub(crate) commonest_starting: std::sync::Mutex<crate::query::CommonestStarting>,
    /// Postings lists decoded by earlier queries (see `query::DecodedLists`).
    pub(crate) decoded: std::sync::Mutex<crate::query::DecodedLists>,
    /// The documents holding whole phrases, found by earlier queries (see `query::PhraseDocs`).
    pub(crate) phrase_docs: std::sync::Mutex<crate::query::PhraseDocs>,
    /// The per-document arrays of the last ranking, for the next.
    pub(crate) workspace: std::sync::Mutex<Option<crate::query::Workspace>>,
}

/// One document's entry in a postings list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub term_freqs: [u8; 3],
}

pub(crate) fn encode(data: &IndexData) -> Vec<u8> {
    let payload = postcard::to_allocvec(data).expect("in-memory serialization cannot fail");
    frame(MAGIC, &payload)
}

/// The header (`magic`, version, length, checksum) followed by the payload.
pub(crate) fn frame(magic: &[u8; 8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The term dictionary: an fst map from each term to its postings' offset.
///
/// Its lookup is [`walk`], the walk a pinyin query's character pairs also take from a shared
/// first character (see `chinese::pair_terms`): the widget carries one copy of the fst's node
/// decoding, not the library's `get` beside it.
pub(crate) struct Terms(fst::Map<Vec<u8>>);

impl Terms {
    /// The offset stored for `term`, if the dictionary has it.
    pub fn get(&self, term: impl AsRef<[u8]>) -> Option<u64> {
        let fst = self.0.as_fst();
        let (node, output) = walk(fst, (fst.root(), Output::zero()), term.as_ref())?;
        node.is_final()
            .then(|| output.cat(node.final_output()).value())
    }

    /// The dictionary's nodes along `word`, as far as it goes: its other forms (`refunded`,
    /// `refunding`) are looked up from where they part from it, not each from the root.
    pub fn path<'t>(&'t self, word: &'t str) -> TermPath<'t> {
        let fst = self.0.as_fst();
        let mut nodes = Vec::with_capacity(word.len() + 1);
        nodes.push((fst.root(), Output::zero()));
        for byte in word.bytes() {
            let Some(next) = walk(fst, nodes[nodes.len() - 1], &[byte]) else {
                break;
            };
            nodes.push(next);
        }
        TermPath { fst, word, nodes }
    }
}

/// A word's walk through the term dictionary (see [`Terms::path`]).
pub(crate) struct TermPath<'t> {
    fst: &'t Fst<Vec<u8>>,
    word: &'t str,
    /// The node and output after each of the word's first bytes, from none.
    nodes: Vec<(Node<'t>, Output)>,
}

impl TermPath<'_> {
    /// What [`Terms::get`] gives for `term`, walked on from the node where it parts from
    /// the path's word.
    pub fn get(&self, term: &str) -> Option<u64> {
        let shared = (self.word.bytes().zip(term.bytes()))
            .take_while(|(a, b)| a == b)
            .count()
            .min(self.nodes.len() - 1);
        let (node, output) = walk(self.fst, self.nodes[shared], &term.as_bytes()[shared..])?;
        node.is_final()
            .then(|| output.cat(node.final_output()).value())
    }
}

impl std::ops::Deref for Terms {
    type Target = fst::Map<Vec<u8>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// The node of `fst` that `bytes` lead to from `at`, with the output gathered on the way.
#[inline(never)]
pub(crate) fn walk<'f>(
    fst: &'f Fst<Vec<u8>>,
    at: (Node<'f>, Output),
    bytes: &[u8],
) -> Option<(Node<'f>, Output)> {
    let (mut node, mut output) = at;
    for &byte in bytes {
        let transition = node.transition(node.find_input(byte)?);
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
    }
    Some((node, output))
}

/// The entries of `map` whose keys start with `prefix`, in key order. A range of the map, not
/// an automaton: each automaton type compiles the fst's stream code anew, and `starts_with`
/// cost the widget 6 KB beside the plain stream every other scan uses.
pub(crate) fn starting_with<'m>(map: &'m fst::Map<Vec<u8>>, prefix: &str) -> fst::map::Stream<'m> {
    use fst::IntoStreamer;
    let range = map.range().ge(prefix);
    let range = match after_prefix(prefix.as_bytes()) {
        Some(end) => range.lt(end),
        None => range,
    };
    range.into_stream()
}

/// The least key after every key that starts with `prefix`: the prefix up to its last byte
/// below 0xFF, that byte one higher. None when no byte is below 0xFF, as for the empty prefix.
fn after_prefix(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xFF {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes.try_into().unwrap_or_default())
}

/// Checks the header and returns the payload it describes.
pub(crate) fn checked_payload<'a>(
    magic: &[u8; 8],
    bytes: &'a [u8],
) -> Result<&'a [u8], IndexError> {
    if bytes.len() < magic.len() || &bytes[..magic.len()] != magic {
        return Err(if magic.starts_with(bytes) {
            IndexError::Truncated {
                expected: HEADER_LEN as u64,
                found: bytes.len() as u64,
            }
        } else {
            IndexError::BadMagic
        });
    }
    if bytes.len() < HEADER_LEN {
        return Err(IndexError::Truncated {
            expected: HEADER_LEN as u64,
            found: bytes.len() as u64,
        });
    }
    let version = le_u32(&bytes[8..12]);
    if version != FORMAT_VERSION {
        return Err(IndexError::WrongVersion {
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let payload_len = u64::from_le_bytes(bytes[12..20].try_into().unwrap_or_default());
    let payload = &bytes[HEADER_LEN..];
    let expected = (HEADER_LEN as u64).saturating_add(payload_len);
    if (payload.len() as u64) < payload_len {
        return Err(IndexError::Truncated {
            expected,
            found: bytes.len() as u64,
        });
    }
    if (payload.len() as u64) > payload_len {
        return Err(IndexError::Corrupt(format!(
            "{} unexpected bytes after the payload",
            payload.len() as u64 - payload_len
        )));
    }
    let stored = le_u32(&bytes[20..24]);
    let computed = checksum::hash(payload);
    if stored != computed {
        return Err(IndexError::ChecksumMismatch { stored, computed });
    }
    Ok(payload)
}

/// Every CJK character that occurs in a term: what pinyin may expand to.
pub(crate) fn term_chars<D: AsRef<[u8]>>(terms: &fst::Map<D>) -> rustc_hash::FxHashSet<char> {
    use fst::Streamer;
    let mut chars = rustc_hash::FxHashSet::default();
    let mut stream = terms.stream();
    while let Some((key, _)) = stream.next() {
        if let Ok(term) = std::str::from_utf8(key) {
            chars.extend(term.chars().filter(|&c| crate::tokenizer::is_cjk(c)));
        }
    }
    chars
}

impl Index {
    /// Loads an index from the bytes `helpdock build` wrote, checking them first.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, IndexError> {
        let payload = checked_payload(MAGIC, bytes)?;
        let data: IndexData = postcard::from_bytes(payload)
            .map_err(|e| IndexError::Corrupt(format!("payload does not decode: {e}")))?;
        if !crate::fst_check::well_formed(&data.terms) {
            return Err(IndexError::Corrupt(
                "term dictionary: not a well-formed fst".into(),
            ));
        }
        let terms = fst::Map::new(data.terms)
            .map(Terms)
            .map_err(|e| IndexError::Corrupt(format!("term dictionary: {e}")))?;
        let doc_lengths: Vec<f32> = data
            .docs
            .iter()
            .map(|d| scoring::weighted_length(d.field_lengths))
            .collect();
        let average_length = if doc_lengths.is_empty() {
            1.0
        } else {
            doc_lengths.iter().sum::<f32>() / doc_lengths.len() as f32
        };
        let length_norms = (doc_lengths.iter())
            .map(|&length| scoring::length_norm(length, average_length))
            .collect();
        if !data.chinese.is_sorted() {
            return Err(IndexError::Corrupt(
                "pinyin and variant tables out of order".into(),
            ));
        }
        let chinese = Chinese::new(&data.chinese, Some(&term_chars(&terms)));
        let doc_languages = data.docs.iter().map(|d| language_of(&d.locale)).collect();
        let doc_popularity = data.docs.iter().map(|d| d.popularity).collect();
        let shards = crate::shards::ShardState::new(data.layout, data.docs.len());
        let phrases = data.phrases.map(|p| p.load()).transpose()?;
        if phrases.is_none() && !shards.is_split() {
            return Err(IndexError::Corrupt(
                "one-file index without completions".into(),
            ));
        }
        Ok(Index {
            docs: data.docs,
            terms,
            postings: shards.postings_store(data.postings),
            length_norms,
            doc_languages,
            doc_popularity,
            average_length,
            chinese,
            synonym_terms: data.synonyms.iter().map(|_| Default::default()).collect(),
            synonyms: data.synonyms,
            phrases,
            shards,
            word_ends_bits: data.word_ends,
            word_ends: std::sync::OnceLock::new(),
            word_starts_bits: data.word_starts,
            word_starts: std::sync::OnceLock::new(),
            initials: std::sync::OnceLock::new(),
            phrase_starts: std::sync::OnceLock::new(),
            vocabulary_words: std::sync::OnceLock::new(),
            vocabulary_terms: std::sync::OnceLock::new(),
            commonest_starting: Default::default(),
            decoded: Default::default(),
            phrase_docs: Default::default(),
            workspace: Default::default(),
        })
    }

    /// Tokenizes `text` exactly as the index was built: with its variant folding.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        tokenize_with(text, &|c| self.chinese.fold(c))
    }

    /// The number of articles.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    pub fn docs(&self) -> &[StoredDoc] {
        &self.docs
    }

    /// The article with this front-matter id. In a split index its title and text may not be
    /// loaded yet: see [`crate::shards`].
    pub fn doc_by_id(&self, id: &str) -> Option<&StoredDoc> {
        let doc = self.docs.iter().position(|d| d.id == id)?;
        Some(self.record(doc))
    }

    /// How many articles hold the term whose postings start at `offset`, without decoding them.
    pub(crate) fn doc_freq_at(&self, offset: u64) -> usize {
        let mut pos = 5;
        varint::read(self.postings_from(offset), &mut pos)
            .map_or(0, |n| (n as usize).min(self.docs.len()))
    }

    /// How often the term whose postings start at `offset` is a word of its own (0–255).
    pub(crate) fn cohesion_at(&self, offset: u64) -> u8 {
        self.postings_from(offset).get(4).copied().unwrap_or(0)
    }

    /// The postings list at `offset`: its term weight (IDF times cohesion) and entries. A
    /// malformed list yields what decoded cleanly before the fault; doc numbers beyond the
    /// document table are dropped.
    pub(crate) fn postings_at(&self, offset: u64) -> (f32, Vec<Posting>) {
        let postings = self.postings_from(offset);
        let mut pos = 0;
        let Some(head) = postings.get(pos..pos + 5) else {
            return (0.0, Vec::new());
        };
        let idf = f32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let weight = idf * scoring::cohesion_weight(head[4]);
        pos += 5;
        let count = varint::read(postings, &mut pos).unwrap_or(0) as usize;
        let mut out = Vec::with_capacity(count.min(self.docs.len()));
        let mut doc = 0u64;
        for i in 0..count {
            let Some(gap) = varint::read(postings, &mut pos) else {
                break;
            };
            doc = if i == 0 { gap } else { doc.saturating_add(gap) };
            let Some(tf) = postings.get(pos..pos + 3) else {
                break;
            };
            pos += 3;
            if doc >= self.docs.len() as u64 {
                break;
            }
            out.push(Posting {
                doc: doc as u32,
                term_freqs: [tf[0], tf[1], tf[2]],
            });
        }
        (weight, out)
    }
}

/// The language part of a locale, as two bytes (`zh-TW` → `zh`); zeros if it is shorter.
pub(crate) fn language_of(locale: &str) -> [u8; 2] {
    match locale.as_bytes() {
        [a, b, ..] => [*a, *b],
        _ => [0, 0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(keys: &[&str]) -> Terms {
        let map = fst::Map::from_iter(keys.iter().enumerate().map(|(i, k)| (*k, i as u64 * 7)));
        Terms(fst::Map::new(map.unwrap().into_fst().into_inner()).unwrap())
    }

    #[test]
    fn a_term_is_found_with_its_offset_and_a_prefix_or_longer_word_is_not() {
        let terms = terms(&["refund", "refunds", "退款", "退款到账"]);
        assert_eq!(terms.get("refund"), Some(0));
        assert_eq!(terms.get("refunds"), Some(7));
        assert_eq!(terms.get("退款到账"), Some(21));
        assert_eq!(terms.get("refun"), None);
        assert_eq!(terms.get("refundss"), None);
        assert_eq!(terms.get("退"), None);
        assert_eq!(terms.get(""), None);
    }

    #[test]
    fn a_path_along_a_word_finds_its_other_forms_as_a_lookup_does() {
        let keys = ["apply", "pay", "refund", "refunded", "refunding", "退款"];
        let terms = terms(&keys);
        let others = ["refun", "refunds", "re", "applied", "退"];
        // Forms that part from the word at every point: none, in its middle, after it, and
        // a word the dictionary holds only the start of (`refundx` walks five letters).
        for word in ["refund", "refundx", "ref", "x", ""] {
            let path = terms.path(word);
            for form in keys.iter().chain(&others) {
                assert_eq!(path.get(form), terms.get(form), "{form} from {word}");
            }
        }
    }

    #[test]
    fn the_keys_starting_with_a_prefix_come_in_order() {
        use fst::Streamer;
        let terms = terms(&["a", "re", "refund", "refunds", "rz", "退", "退款"]);
        let keys = |prefix: &str| {
            let mut stream = starting_with(&terms, prefix);
            let mut out = Vec::new();
            while let Some((key, _)) = stream.next() {
                out.push(String::from_utf8(key.to_vec()).unwrap());
            }
            out
        };
        assert_eq!(keys("ref"), ["refund", "refunds"]);
        assert_eq!(keys("re"), ["re", "refund", "refunds"]);
        assert_eq!(keys("退"), ["退", "退款"]);
        assert_eq!(keys("x"), Vec::<String>::new());
        assert_eq!(keys("").len(), 7);
    }
}
