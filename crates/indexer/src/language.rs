//! The Chinese tables stored in the index, computed from the corpus at build time.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use helpdock_search::chinese::fold_variant;
use helpdock_search::tokenizer::{fold_char, is_cjk, is_particle};
use helpdock_search::ChineseTables;
use pinyin::ToPinyinMulti;

/// Variant pairs folded to the mainland form even though both are simplified characters:
/// visitors type 帐户 for 账户 every day. Written Cantonese too, as Hong Kong visitors type
/// it: `冇到賬` is 没到账, `唔記得密碼` 不记得密码, `搵人工` 找人工, `電話俾人偷咗`
/// 电话给人偷了; 咗 and 嘅 are the particles 了 and 的, 佢哋 他们, 咩 the 什 of 什么.
const EXTRA_VARIANTS: [(char, char); 18] = [
    ('帐', '账'),
    ('綫', '线'),
    ('妳', '你'),
    ('冇', '没'),
    ('唔', '不'),
    ('咗', '了'),
    ('嘅', '的'),
    ('佢', '他'),
    ('搵', '找'),
    ('睇', '看'),
    ('攞', '拿'),
    ('畀', '给'),
    ('喺', '在'),
    ('哋', '们'),
    ('嚟', '来'),
    ('咩', '什'),
    ('諗', '想'),
    ('俾', '给'),
];

/// Readings kept per character: the common ones come first, and a third reading of a
/// polyphonic character is almost never what a visitor means.
const MAX_READINGS: usize = 2;

/// Tables for a corpus: variants that fold onto its characters, and the pinyin of its
/// characters plus the 3,755 most common ones.
pub fn chinese_tables(corpus: &str) -> ChineseTables {
    chinese_tables_with(&[corpus], "")
}

/// [`chinese_tables`] of all `texts`, where traditional characters also fold onto the characters of `phrases`
/// (the synonym groups) that no article uses: 訊號 must become 讯号, a synonym of 信号, even
/// in a help center that never writes 讯.
pub fn chinese_tables_with(texts: &[&str], phrases: &str) -> ChineseTables {
    let cjk = |text: &str| -> HashSet<char> { text.chars().filter(|&c| is_cjk(c)).collect() };
    // A large help center's text is over a hundred megabytes: gathered on every core.
    let parts = crate::parallel::map_chunks(texts, |_, part| {
        let mut chars: FxHashSet<char> = FxHashSet::default();
        for text in part {
            chars.extend(text.chars().filter(|&c| is_cjk(c)));
        }
        chars
    });
    let corpus_chars: HashSet<char> = parts.into_iter().flatten().collect();
    let mut variants = variants(&corpus_chars);
    let phrase_chars: HashSet<char> = cjk(phrases).difference(&corpus_chars).copied().collect();
    let extra = variants_onto(&phrase_chars)
        .into_iter()
        .filter(|(c, _)| variants.binary_search_by_key(c, |&(v, _)| v).is_err());
    variants.extend(extra.collect::<Vec<_>>());
    variants.sort_unstable();
    let folded: HashSet<char> = corpus_chars
        .iter()
        .map(|&c| fold_variant(&variants, c))
        .collect();
    let mut chars: BTreeSet<char> = common_chars();
    chars.extend(folded);

    let mut syllables: BTreeMap<String, String> = BTreeMap::new();
    for c in chars {
        let Some(readings) = c.to_pinyin_multi() else {
            continue;
        };
        let mut seen = Vec::new();
        for reading in readings.into_iter().take(MAX_READINGS) {
            let plain = reading.plain().replace('ü', "v");
            if !seen.contains(&plain) {
                syllables.entry(plain.clone()).or_default().push(c);
                seen.push(plain);
            }
        }
    }
    ChineseTables {
        variants,
        syllables: syllables.into_iter().collect(),
    }
}

/// Every traditional character whose simplified form the corpus uses, and the extra variants.
fn variants(corpus_chars: &HashSet<char>) -> Vec<(char, char)> {
    // The corpus's own form of a character: itself, or its mainland variant.
    let in_corpus = |c: char| {
        if corpus_chars.contains(&c) {
            return Some(c);
        }
        EXTRA_VARIANTS
            .iter()
            .find(|&&(variant, target)| variant == c && corpus_chars.contains(&target))
            .map(|&(_, target)| target)
    };
    let mut out: BTreeMap<char, char> = traditional_onto(in_corpus).into_iter().collect();
    for (variant, target) in EXTRA_VARIANTS {
        if corpus_chars.contains(&target) && !corpus_chars.contains(&variant) {
            out.insert(variant, target);
        }
    }
    out.into_iter().collect()
}

/// Every traditional character whose simplified form is in `chars`.
fn variants_onto(chars: &HashSet<char>) -> Vec<(char, char)> {
    traditional_onto(|c| chars.contains(&c).then_some(c))
}

/// `(traditional, target)` for every CJK character whose one-character simplified form `s`
/// has a target `target_of(s)` other than itself.
fn traditional_onto(target_of: impl Fn(char) -> Option<char>) -> Vec<(char, char)> {
    let mut out = Vec::new();
    let ranges = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let simplified = fast2s::convert(&c.to_string());
        let mut it = simplified.chars();
        if let (Some(s), None) = (it.next(), it.next()) {
            match target_of(s) {
                Some(target) if target != c => out.push((c, target)),
                _ => {}
            }
        }
    }
    out
}

/// GB2312 level 1: the 3,755 characters of everyday Chinese, decoded from their GB2312 codes.
fn common_chars() -> BTreeSet<char> {
    let mut bytes = Vec::new();
    for lead in 0xB0u8..=0xD7 {
        for trail in 0xA1u8..=0xFE {
            if !(lead == 0xD7 && trail > 0xF9) {
                bytes.extend_from_slice(&[lead, trail]);
            }
        }
    }
    let (text, _, _) = encoding_rs::GBK.decode(&bytes);
    text.chars().filter(|&c| is_cjk(c)).collect()
}

/// For each CJK bigram of the corpus, how often (0..=255) it does not straddle two words of a
/// dictionary segmentation. A bigram straddles when the segmenter cuts between its characters
/// and either side belongs to a longer word (`款没` in 退款/没到账); a cut between two lone
/// characters only means the dictionary lacks the word (`到账`), so it does not count, unless one
/// of them is a particle or pronoun (`的钱`, `了能`): those are words only when the dictionary
/// says so. jieba and its 5 MB dictionary run here, at build time; the widget reads one byte
/// per term.
pub fn bigram_cohesion(
    texts: &[&str],
    fold: &(dyn Fn(char) -> char + Sync),
) -> FxHashMap<String, u8> {
    let jieba = jieba_rs::Jieba::new();
    // Only texts with Chinese in them have CJK bigrams; the segmenter need not see the rest.
    let texts: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| t.chars().any(is_cjk))
        .collect();
    // The segmentation is most of a large build's analysis: count on every core, then add up.
    let parts = crate::parallel::map_chunks(&texts, |_, part| count_straddles(&jieba, part, fold));
    let mut counts: FxHashMap<String, (u32, u32)> = FxHashMap::default();
    for part in parts {
        for (term, (inside, total)) in part {
            let count = counts.entry(term).or_default();
            count.0 += inside;
            count.1 += total;
        }
    }
    counts
        .into_iter()
        .map(|(term, (inside, total))| (term, (255 * inside / total.max(1)) as u8))
        .collect()
}

/// A word boundary at this byte offset of the text.
const CUT: u8 = 1;
/// … with a word longer than one character before it, or after it.
const LONG_WORD_BESIDE: u8 = 2;

/// Per bigram of `texts`: occurrences that do not straddle two words, and all occurrences.
fn count_straddles(
    jieba: &jieba_rs::Jieba,
    texts: &[&str],
    fold: &(dyn Fn(char) -> char + Sync),
) -> FxHashMap<String, (u32, u32)> {
    // Keyed by the two characters, not a string: no allocation per occurrence.
    let mut counts: FxHashMap<(char, char), (u32, u32)> = FxHashMap::default();
    // One flag byte per byte offset of the text, reused from text to text.
    let mut cuts: Vec<u8> = Vec::new();
    for text in texts {
        cuts.clear();
        cuts.resize(text.len() + 1, 0);
        for w in jieba.cut(text, false) {
            let long = if w.end - w.start > 1 {
                LONG_WORD_BESIDE
            } else {
                0
            };
            cuts[w.byte_start] |= long;
            cuts[w.byte_end] |= CUT | long;
        }
        for_each_bigram(text, fold, |middle, a, b| {
            let flags = cuts.get(middle).copied().unwrap_or(0);
            let straddles = flags & LONG_WORD_BESIDE != 0
                || (flags & CUT != 0 && (is_particle(a) || is_particle(b)));
            let count = counts.entry((a, b)).or_default();
            count.0 += u32::from(!straddles);
            count.1 += 1;
        });
    }
    counts
        .into_iter()
        .map(|((a, b), count)| (String::from_iter([a, b]), count))
        .collect()
}

/// Each CJK bigram of `text` as the tokenizer makes them (two neighbouring CJK characters,
/// folded alike), with the byte offset between its characters in `text`. Only the bigrams: the
/// tokenizer's words and strings were half of the analysis of a large help center.
fn for_each_bigram(
    text: &str,
    fold: &(dyn Fn(char) -> char + Sync),
    mut f: impl FnMut(usize, char, char),
) {
    let mut previous = None;
    for (at, raw) in text.char_indices() {
        let c = fold(fold_char(raw));
        if !is_cjk(c) {
            previous = None;
            continue;
        }
        if let Some(first) = previous {
            f(at, first, c);
        }
        previous = Some(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_characters_are_the_gb2312_first_level() {
        let chars = common_chars();
        assert_eq!(chars.len(), 3755);
        assert!(chars.contains(&'款') && chars.contains(&'宽'));
    }

    #[test]
    fn traditional_characters_fold_onto_the_corpus() {
        let tables = chinese_tables("账户被冻结了");
        let folded: String = "帳戶被凍結了"
            .chars()
            .map(|c| fold_variant(&tables.variants, c))
            .collect();
        assert_eq!(folded, "账户被冻结了");
        assert_eq!(fold_variant(&tables.variants, '帐'), '账');
    }

    #[test]
    fn written_cantonese_folds_onto_the_mainland_words() {
        // `電話俾人偷咗` is 电话给人偷了, `佢哋` 他们, `點嚟` 点来, `做咩` 做什.
        let tables = chinese_tables("电话给人偷了，他们来做什么，我想想");
        let folded: String = "電話俾人偷咗佢哋嚟咩諗"
            .chars()
            .map(|c| fold_variant(&tables.variants, c))
            .collect();
        assert_eq!(folded, "电话给人偷了他们来什想");
    }

    #[test]
    fn bigrams_across_a_word_boundary_have_low_cohesion() {
        let cohesion = bigram_cohesion(&["申请退款没到账", "退款没到账"], &|c| c);
        assert_eq!(cohesion["退款"], 255);
        assert_eq!(cohesion["款没"], 0);
    }

    #[test]
    fn traditional_characters_fold_onto_synonym_phrases_no_article_uses() {
        let tables = chinese_tables_with(&["手机没有信号"], "信号 讯号 帐户");
        assert_eq!(
            fold_variant(&tables.variants, '訊'),
            '讯',
            "訊號 must meet the phrase 讯号"
        );
        let corpus_only = chinese_tables("手机没有信号");
        assert_eq!(fold_variant(&corpus_only.variants, '訊'), '訊');
        // A phrase never overrides the corpus's own form: 帳 still folds to the articles' 账.
        let tables = chinese_tables_with(&["我的账户"], "帐户");
        assert_eq!(fold_variant(&tables.variants, '帳'), '账');
    }

    #[test]
    fn a_particle_and_a_lone_character_are_not_a_word() {
        let cohesion = bigram_cohesion(&["这是我的钱", "出差的目的"], &|c| c);
        assert_eq!(
            cohesion["的钱"], 0,
            "jieba cuts 的 | 钱: two words, not one"
        );
        assert_eq!(cohesion["目的"], 255);
    }

    #[test]
    fn the_bigrams_counted_are_the_tokenizers() {
        use helpdock_search::tokenizer::{tokenize_with, TokenKind};
        let tables = chinese_tables("账户被冻结了，退款没到账");
        let folding = helpdock_search::chinese::FoldTable::new(&tables.variants);
        let fold = |c| folding.fold(c);
        // Traditional, full-width, kana, Latin, digits, a lone character and punctuation.
        let text = "帳戶被凍結了！ＶＩＰ会员 refund 退款95188没到账 カタカナ 好。a退b款ｃ";
        let mut counted = Vec::new();
        for_each_bigram(text, &fold, |middle, a, b| counted.push((middle, a, b)));
        let tokenized: Vec<(usize, char, char)> = tokenize_with(text, &fold)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Cjk && t.text.chars().count() == 2)
            .map(|t| {
                let mut chars = t.text.chars();
                let first = text[t.start..].chars().next().unwrap();
                let (a, b) = (chars.next().unwrap(), chars.next().unwrap());
                (t.start + first.len_utf8(), a, b)
            })
            .collect();
        assert_eq!(counted, tokenized);
        assert!(counted.iter().any(|&(_, a, b)| (a, b) == ('账', '户')));
    }

    #[test]
    fn the_fold_table_folds_every_character_as_the_search_does() {
        let tables = chinese_tables("账户被冻结了，退款没到账，电话给人偷了");
        let folding = helpdock_search::chinese::FoldTable::new(&tables.variants);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(folding.fold(c), fold_variant(&tables.variants, c), "{c}");
        }
    }

    #[test]
    fn syllables_list_homophones_toneless() {
        let tables = chinese_tables("退款");
        let kuan = tables.syllables.iter().find(|(s, _)| s == "kuan").unwrap();
        assert!(kuan.1.contains('款') && kuan.1.contains('宽'));
        assert!(tables.syllables.iter().any(|(s, _)| s == "lv"));
    }
}
