//! Snippets: a short excerpt around the densest cluster of matches, with highlight ranges as byte
//! offsets into the excerpt. The engine never produces HTML; the widget escapes the text and
//! draws the highlights itself, so an article cannot inject markup through a snippet.

use rustc_hash::FxHashSet as HashSet;

use serde::Serialize;

use crate::tokenizer::Token;

/// Excerpt length, in characters: two lines on a phone.
pub const SNIPPET_CHARS: usize = 90;
/// Characters of context kept before the first match in the excerpt.
const LEAD_CHARS: usize = 12;
const ELLIPSIS: &str = "…";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Sorted, non-overlapping `[start, end)` byte ranges of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
}

/// Byte ranges of `text` whose tokens are among `terms`, merged where they overlap or touch
/// (the bigrams 退款 and 款到 highlight as one run, 退款到).
pub fn highlight_ranges(tokens: &[Token], terms: &HashSet<String>) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for token in tokens {
        if !terms.contains(&token.term()) {
            continue;
        }
        match ranges.last_mut() {
            Some(last) if token.start <= last.1 => last.1 = last.1.max(token.end),
            _ => ranges.push((token.start, token.end)),
        }
    }
    ranges
}

/// The excerpt of `body` that shows the most distinct matched terms; `tokenize` must be the
/// index's own tokenizer.
pub fn make_snippet(
    body: &str,
    terms: &HashSet<String>,
    tokenize: &dyn Fn(&str) -> Vec<Token>,
) -> Snippet {
    // Newlines become spaces: same byte length, so the ranges stay valid.
    let flat: String = body
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let ranges = highlight_ranges(&tokenize(&flat), terms);
    let char_starts: Vec<usize> = flat.char_indices().map(|(i, _)| i).collect();
    let char_at = |byte: usize| char_starts.partition_point(|&b| b < byte);

    let start_char = best_window_start(&flat, &ranges, &char_at);
    let end_char = (start_char + SNIPPET_CHARS).min(char_starts.len());
    let start = char_starts.get(start_char).copied().unwrap_or(flat.len());
    let end = char_starts.get(end_char).copied().unwrap_or(flat.len());

    let lead = if start > 0 { ELLIPSIS } else { "" };
    let mut text = format!("{lead}{}", flat[start..end].trim_end());
    let highlights = ranges
        .iter()
        .filter(|&&(s, e)| s >= start && e <= start + text.len() - lead.len())
        .map(|&(s, e)| (s - start + lead.len(), e - start + lead.len()))
        .collect();
    if end < flat.len() {
        text.push_str(ELLIPSIS);
    }
    Snippet { text, highlights }
}

/// The character where the excerpt starts: a little before the match that begins the window
/// holding the most distinct matched strings.
fn best_window_start(
    text: &str,
    ranges: &[(usize, usize)],
    char_at: &dyn Fn(usize) -> usize,
) -> usize {
    let mut best = (0, 0usize);
    for (i, &(anchor, _)) in ranges.iter().enumerate() {
        let window_start = char_at(anchor).saturating_sub(LEAD_CHARS);
        let window_end = window_start + SNIPPET_CHARS;
        let distinct: HashSet<&str> = ranges[i..]
            .iter()
            .take_while(|&&(_, e)| char_at(e) <= window_end)
            .map(|&(s, e)| &text[s..e])
            .collect();
        if distinct.len() > best.1 {
            best = (window_start, distinct.len());
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenizer::tokenize;

    fn make_snippet(body: &str, terms: &HashSet<String>) -> Snippet {
        super::make_snippet(body, terms, &tokenize)
    }

    fn highlight_ranges(text: &str, terms: &HashSet<String>) -> Vec<(usize, usize)> {
        super::highlight_ranges(&tokenize(text), terms)
    }

    fn terms(list: &[&str]) -> HashSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn overlapping_bigrams_highlight_as_one_range() {
        let text = "申请退款到账时间";
        let ranges = highlight_ranges(text, &terms(&["退款", "款到"]));
        assert_eq!(ranges.len(), 1);
        assert_eq!(&text[ranges[0].0..ranges[0].1], "退款到");
    }

    #[test]
    fn the_excerpt_centres_on_the_match_and_highlights_it() {
        let body = format!(
            "{}退款会原路退回。{}",
            "无关的内容。".repeat(30),
            "其他。".repeat(30)
        );
        let snippet = make_snippet(&body, &terms(&["退款"]));
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        let (s, e) = snippet.highlights[0];
        assert_eq!(&snippet.text[s..e], "退款");
    }

    #[test]
    fn without_a_match_the_excerpt_is_the_opening() {
        let snippet = make_snippet("Short body.", &terms(&["refund"]));
        assert_eq!(snippet.text, "Short body.");
        assert!(snippet.highlights.is_empty());
    }

    #[test]
    fn latin_matches_highlight_original_case() {
        let snippet = make_snippet("Your Refunds arrive in 3 days", &terms(&["refund"]));
        let (s, e) = snippet.highlights[0];
        assert_eq!(&snippet.text[s..e], "Refunds");
    }
}
