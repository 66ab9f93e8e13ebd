//! Everything the widget suggests besides search results: articles for the page the visitor is
//! on, popular articles, related articles, query completions and "did you mean".
//!
//! Completions read an `fst` map of the articles' titles and tags, built by `helpdock build`
//! (so the widget carries no fst builder); spelling suggestions read the term dictionary.

use rustc_hash::FxHashMap as HashMap;

use fst::{Map, Streamer};
use serde::{Deserialize, Serialize};

use crate::format::{starting_with, StoredDoc};
use crate::order;
use crate::synonyms::normalize;
use crate::tokenizer::TokenKind;
use crate::typo::{near_terms, LazyLevenshtein};
use crate::{Index, IndexError, SearchOptions, ShardId};

/// Why an article is suggested for the visitor's context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContextMatch {
    /// A key the host page set (`setContext({tags: ['payment_failed']})`): the site is telling
    /// us what just went wrong, so these come first and light the launcher's badge.
    Key,
    /// A URL pattern matching the page the visitor is on.
    Page,
}

/// The phrases a query can complete to, as the index file stores them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PhraseData {
    /// An fst map from normalised phrase to its number in `phrases`.
    keys: Vec<u8>,
    /// Display text and weight (how popular the articles using it are), in key order.
    phrases: Vec<(String, f32)>,
}

/// [`PhraseData`], loaded.
pub(crate) struct Phrases {
    keys: Map<Vec<u8>>,
    phrases: Vec<(String, f32)>,
}

impl PhraseData {
    /// Collects every title and tag, weighted by the popularity of the articles using them.
    pub(crate) fn build(docs: &[StoredDoc], fold: &dyn Fn(char) -> char) -> PhraseData {
        let mut phrases: HashMap<String, (String, f32)> = HashMap::default();
        for doc in docs {
            for phrase in std::iter::once(&doc.title).chain(&doc.tags) {
                let key = normalize(phrase, fold);
                if key.is_empty() {
                    continue;
                }
                let entry = phrases.entry(key).or_insert((display(phrase), 0.0));
                entry.1 += 1.0 + doc.popularity;
            }
        }
        let mut sorted: Vec<(String, (String, f32))> = phrases.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let keys = Map::from_iter(sorted.iter().enumerate().map(|(i, k)| (&k.0, i as u64)))
            .expect("keys are sorted and distinct");
        PhraseData {
            keys: keys.into_fst().into_inner(),
            phrases: sorted.into_iter().map(|k| k.1).collect(),
        }
    }

    pub(crate) fn load(self) -> Result<Phrases, IndexError> {
        if !crate::fst_check::well_formed(&self.keys) {
            return Err(IndexError::Corrupt(
                "phrase dictionary: not a well-formed fst".into(),
            ));
        }
        let keys = Map::new(self.keys)
            .map_err(|e| IndexError::Corrupt(format!("phrase dictionary: {e}")))?;
        Ok(Phrases {
            keys,
            phrases: self.phrases,
        })
    }
}

impl Index {
    /// Articles whose front-matter `contexts` match the visitor's page path or the host's
    /// context keys: key matches first (those for this page too before the others: the
    /// problem where it happened), then by popularity. Patterns starting with `/` are globs
    /// over the path (`/orders/*`); others are keys, compared without case.
    pub fn for_context(
        &self,
        path: &str,
        keys: &[String],
        language: Option<&str>,
    ) -> Vec<(&StoredDoc, ContextMatch)> {
        let mut matched: Vec<(usize, ContextMatch, u32)> = self
            .in_language(language)
            .filter_map(|n| {
                let doc = &self.docs[n];
                let (key, page) = (key_match(doc, keys), page_match(doc, path));
                match (key, page) {
                    (true, true) => Some((n, ContextMatch::Key, 0)),
                    (true, false) => Some((n, ContextMatch::Key, 1)),
                    (false, true) => Some((n, ContextMatch::Page, 2)),
                    (false, false) => None,
                }
            })
            .collect();
        order::sort_by_key(&mut matched, |&(n, _, _)| self.popularity_key(n));
        order::sort_by_key(&mut matched, |&(_, _, rank)| rank);
        (matched.into_iter())
            .map(|(n, m, _)| (self.record(n), m))
            .collect()
    }

    /// The most popular articles (front-matter `popularity`) in `language`.
    pub fn popular(&self, language: Option<&str>, limit: usize) -> Vec<&StoredDoc> {
        let mut docs: Vec<usize> = self.in_language(language).collect();
        order::sort_by_key(&mut docs, |&n| self.popularity_key(n));
        docs.truncate(limit);
        docs.into_iter().map(|n| self.record(n)).collect()
    }

    /// Articles about the same thing as `id`: those its title and tags find, in its language.
    pub fn related(&self, id: &str, limit: usize) -> Vec<&StoredDoc> {
        let Some(doc) = self.doc_by_id(id) else {
            return Vec::new();
        };
        let query = format!("{} {} ", doc.title, doc.tags.join(" "));
        let options = SearchOptions {
            limit: limit + 8,
            prefix_last: false,
        };
        self.search(&query, &options)
            .into_iter()
            .map(|hit| self.record(hit.doc as usize))
            .filter(|d| d.id != id && same_language(&d.locale, &doc.locale))
            .take(limit)
            .collect()
    }

    /// Up to `limit` titles and tags that start with what the visitor has typed, most popular
    /// first: `退款` completes to `退款没到账`.
    pub fn completions(&self, query: &str, limit: usize) -> Vec<String> {
        let prefix = normalize(query, &|c| self.chinese.fold(c));
        if prefix.chars().count() < 2 {
            return Vec::new();
        }
        let Some(phrases) = &self.phrases else {
            self.shards.note(ShardId::Phrases);
            return Vec::new();
        };
        let mut stream = starting_with(&phrases.keys, &prefix);
        let mut found: Vec<&(String, f32)> = Vec::new();
        while let Some((key, at)) = stream.next() {
            if key != prefix.as_bytes() {
                found.extend(phrases.phrases.get(at as usize));
            }
        }
        // Heaviest first, then shortest; the stream gave them in their keys' order, which two stable
        // sorts, the last by the first key, keep for the rest.
        order::sort_by_key(&mut found, |p| u32::try_from(p.0.len()).unwrap_or(u32::MAX));
        order::sort_by_key(&mut found, |p| order::descending_f32(p.1));
        found.into_iter().take(limit).map(|p| p.0.clone()).collect()
    }

    /// A respelling of `query` that finds articles, when a Latin word of it is neither in the
    /// articles nor pinyin: `refnud recieved` → `refund received`. Transposed letters are two
    /// edits, beyond typo tolerance for short words, so such queries otherwise find little.
    pub fn did_you_mean(&self, query: &str) -> Option<String> {
        let mut corrected = String::with_capacity(query.len());
        let mut last = 0;
        let mut changed = false;
        for token in self.tokenize(query) {
            let known = self.terms.contains_key(token.term())
                || self.chinese.segment(&token.text, false).is_some();
            if token.kind != TokenKind::Latin || known {
                continue;
            }
            if let Some(word) = self.closest_word(&token.text) {
                corrected.push_str(&query[last..token.start]);
                corrected.push_str(&word);
                last = token.end;
                changed = true;
            }
        }
        if !changed {
            return None;
        }
        corrected.push_str(&query[last..]);
        let options = SearchOptions {
            limit: 1,
            prefix_last: false,
        };
        (!self.search(&corrected, &options).is_empty()).then_some(corrected)
    }

    /// The numbers of the articles in `language` (`zh`, `en`), or of all if none is in it.
    fn in_language(&self, language: Option<&str>) -> impl Iterator<Item = usize> + '_ {
        let language = language
            .filter(|l| self.docs.iter().any(|d| d.locale.starts_with(l)))
            .map(str::to_owned);
        (0..self.docs.len()).filter(move |&n| {
            language
                .as_ref()
                .is_none_or(|l| self.docs[n].locale.starts_with(l.as_str()))
        })
    }

    /// A sort key for most popular first; a stable sort leaves ties in the build's order (by
    /// file path). Popularity is in the main file, so a split index orders articles without
    /// their text.
    fn popularity_key(&self, n: usize) -> u32 {
        order::descending_f32(self.docs[n].popularity)
    }

    /// The term in most articles within one edit of `word` (two from six letters), if any.
    fn closest_word(&self, word: &str) -> Option<String> {
        let length = word.chars().count();
        if length < 3 {
            return None;
        }
        let distance = if length >= 6 { 2 } else { 1 };
        let automaton = LazyLevenshtein::new(word, distance);
        let near = near_terms(self.terms.as_fst(), &automaton, None, true, usize::MAX);
        // The lowest IDF is the term in most articles.
        let mut best: Option<(String, f32)> = None;
        for (term, offset) in near {
            let idf = self.postings_at(offset).0;
            if best.as_ref().is_none_or(|b| idf < b.1) {
                best = Some((term, idf));
            }
        }
        best.map(|b| b.0)
    }
}

/// A title or tag as a completion: without the question mark titles end with.
fn display(phrase: &str) -> String {
    phrase
        .trim_end_matches(['？', '?', '。', '.', '！', '!'])
        .to_string()
}

/// Whether one of the article's key patterns matches a key the host set.
fn key_match(doc: &StoredDoc, keys: &[String]) -> bool {
    doc.contexts.iter().any(|pattern| {
        !pattern.starts_with('/')
            && keys
                .iter()
                .any(|k| glob(&pattern.to_ascii_lowercase(), &k.to_ascii_lowercase()))
    })
}

/// Whether one of the article's path patterns matches the page.
fn page_match(doc: &StoredDoc, path: &str) -> bool {
    !path.is_empty()
        && doc
            .contexts
            .iter()
            .any(|pattern| pattern.starts_with('/') && glob(pattern, path))
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// `zh-CN` and `zh-TW` articles serve the same readers; `en` serves others.
fn same_language(a: &str, b: &str) -> bool {
    a.split('-').next() == b.split('-').next()
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs_match_paths_and_keys() {
        assert!(glob("/orders/*", "/orders/123"));
        assert!(glob("/bills*", "/bills"));
        assert!(glob("/bills*", "/bills/2026"));
        assert!(!glob("/bills*", "/account/bills"));
        assert!(glob("/account/*/cards", "/account/me/cards"));
        assert!(!glob("/account/*/cards", "/account/me/cards/1"));
        assert!(glob("payment_failed", "payment_failed"));
        assert!(!glob("payment_failed", "payment_failed_twice"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "abc"));
        assert!(glob("a*bc", "abc"));
        assert!(!glob("ab*bc", "abc"));
    }
}
