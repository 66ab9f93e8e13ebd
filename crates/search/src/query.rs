//! Answering a query: terms to groups, groups to scores, scores to ranked hits.
//!
//! Each query token becomes a *group* of index terms: the exact term, plus, for the word still
//! being typed, the terms it is a prefix of. A document scores the best member of each group
//! (so twenty expansions of `re` cannot outvote one exact word), and the groups add up.

use std::collections::{HashMap, HashSet};

use fst::automaton::{Automaton, Str};
use fst::{IntoStreamer, Streamer};
use serde::Serialize;

use crate::format::Index;
use crate::scoring;
use crate::snippet::{highlight_ranges, make_snippet, Snippet};
use crate::tokenizer::{tokenize, TokenKind};

/// At most this many index terms stand in for one prefix.
const MAX_PREFIX_EXPANSIONS: usize = 64;

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

struct Member {
    offset: u64,
    weight: f32,
    term: String,
}

impl Index {
    /// Ranks the articles for `query`. An empty or unmatched query gives no hits.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit> {
        let groups = self.term_groups(query, options.prefix_last);
        let live_groups = groups.iter().filter(|g| !g.is_empty()).count();
        if live_groups == 0 || options.limit == 0 {
            return Vec::new();
        }
        let mut ranked = self.score(&groups, live_groups);
        ranked.truncate(options.limit);
        let matched: HashSet<String> = groups.into_iter().flatten().map(|m| m.term).collect();
        ranked
            .into_iter()
            .map(|(doc, score)| self.hit(doc, score, &matched))
            .collect()
    }

    fn term_groups(&self, query: &str, prefix_last: bool) -> Vec<Vec<Member>> {
        let tokens = tokenize(query);
        let still_typing = prefix_last && tokens.last().is_some_and(|t| t.end == query.len());
        let mut seen = HashSet::new();
        let mut groups = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let term = token.term();
            if !seen.insert(term.clone()) {
                continue;
            }
            let mut group = Vec::new();
            if let Some(offset) = self.terms.get(&term) {
                group.push(Member {
                    offset,
                    weight: 1.0,
                    term: term.clone(),
                });
            }
            let expandable = token.kind == TokenKind::Latin || token.text.chars().count() == 1;
            if still_typing && i + 1 == tokens.len() && expandable {
                self.expand_prefix(&token.text, &term, &mut group);
            }
            groups.push(group);
        }
        groups
    }

    fn expand_prefix(&self, prefix: &str, exact: &str, group: &mut Vec<Member>) {
        let mut stream = self
            .terms
            .search(Str::new(prefix).starts_with())
            .into_stream();
        let mut taken = 0;
        while let Some((key, offset)) = stream.next() {
            if taken == MAX_PREFIX_EXPANSIONS {
                break;
            }
            let Ok(term) = std::str::from_utf8(key) else {
                continue;
            };
            if term != exact {
                group.push(Member {
                    offset,
                    weight: scoring::PREFIX_WEIGHT,
                    term: term.to_string(),
                });
                taken += 1;
            }
        }
    }

    /// Documents with their final scores, best first; ties go to the earlier document, so the
    /// order is the same on every platform.
    fn score(&self, groups: &[Vec<Member>], live_groups: usize) -> Vec<(u32, f32)> {
        let mut totals: HashMap<u32, (f32, u32)> = HashMap::new();
        for group in groups {
            let mut best: HashMap<u32, f32> = HashMap::new();
            for member in group {
                let (idf, postings) = self.postings_at(member.offset);
                for p in postings {
                    let length = self.doc_lengths[p.doc as usize];
                    let s = member.weight
                        * scoring::bm25f(p.term_freqs, idf, length, self.average_length);
                    let slot = best.entry(p.doc).or_insert(0.0);
                    *slot = slot.max(s);
                }
            }
            for (doc, s) in best {
                let total = totals.entry(doc).or_insert((0.0, 0));
                total.0 += s;
                total.1 += 1;
            }
        }
        let mut ranked: Vec<(u32, f32)> = totals
            .into_iter()
            .map(|(doc, (sum, matched))| {
                let coverage = matched as f32 / live_groups as f32;
                let popularity = self.docs[doc as usize].popularity;
                let score = sum
                    * (1.0 + scoring::COVERAGE_WEIGHT * coverage)
                    * (1.0 + scoring::POPULARITY_WEIGHT * popularity);
                (doc, score)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    fn hit(&self, doc: u32, score: f32, matched: &HashSet<String>) -> Hit {
        let stored = &self.docs[doc as usize];
        Hit {
            doc,
            id: stored.id.clone(),
            title: stored.title.clone(),
            category: stored.category.clone(),
            locale: stored.locale.clone(),
            score,
            snippet: make_snippet(&stored.body, matched),
            title_highlights: highlight_ranges(&stored.title, matched),
        }
    }
}
