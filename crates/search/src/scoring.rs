//! Ranking: BM25F over three fields, with every constant in this one place.
//!
//! A term's weight in a document is its frequency summed over the fields, each field scaled by
//! [`FIELD_WEIGHTS`], then saturated by BM25's `k1` and normalised by the document's weighted
//! length (`b`). The IDF is computed once at build time and stored with each postings list, so
//! the widget and the CLI multiply and add the very same `f32`s: no `ln` at query time, whose
//! last bit may differ between the wasm and the native maths library.

/// Fields of an article, in the order their term frequencies are stored.
pub const FIELDS: [&str; 3] = ["title", "tags", "body"];

/// How much one occurrence in each field counts. A title word says what the article is about;
/// a tag is the site owner's word for what visitors type; the body is supporting evidence.
pub const FIELD_WEIGHTS: [f32; 3] = [4.0, 2.5, 1.0];

/// BM25 term-frequency saturation. Higher than plain BM25's usual 1.2 because the frequency it
/// saturates is already weighted by field: one title occurrence is 4, so at 1.2 a word in the
/// title and the body counted hardly more than one in the title alone. Swept on the sixteen
/// judged sets with the coverage weights below (BENCHMARKS.md, 2026-12-04): twelve gained
/// Recall@1, four lost a query or two; above 3, Recall@3 falls.
pub const K1: f32 = 2.2;

/// BM25 length normalisation: 0 ignores document length, 1 normalises fully.
pub const B: f32 = 0.75;

/// A term reached by prefix expansion of the word being typed counts this much of an exact one.
pub const PREFIX_WEIGHT: f32 = 0.6;

/// A Chinese term reached through full pinyin (`tuikuan` → 退款). Below an exact character
/// match: pinyin is ambiguous (Meilisearch made it opt-in after 不/布/部 all became `bu`).
pub const PINYIN_WEIGHT: f32 = 0.8;

/// A Chinese term reached through pinyin one slip away (`tuikaun` → tuikuan → 退款): pinyin's
/// weight times a one-edit English typo's.
pub const PINYIN_TYPO_WEIGHT: f32 = PINYIN_WEIGHT * FUZZY_WEIGHTS[0];

/// A Chinese term reached through initials (`tk` → 退款): far more ambiguous still.
pub const INITIALS_WEIGHT: f32 = 0.45;

/// A Chinese term reached from a homophone the visitor's IME picked by mistake (`退宽` → 退款).
pub const HOMOPHONE_WEIGHT: f32 = 0.7;

/// A word reached from a character of the query that no known bigram covers (`退` of `退的钱`
/// → 退款): a weak guess.
pub const ORPHAN_WEIGHT: f32 = 0.5;

/// A word such a character ends (`装` of `宽带多久能装好` → 安装; see [`crate::word_ends`]):
/// weaker than one it starts, as a character more often starts the word it is typed for.
/// Measured on the judged help centers under `tests/relevance`: any factor from 0.4 to 0.85
/// gained about the same (BENCHMARKS.md).
pub const ORPHAN_ENDING_WEIGHT: f32 = ORPHAN_WEIGHT * 0.5;

/// A bigram with a particle (`的钱`) counts as a word, and is searched, from this cohesion on.
pub const WORD_COHESION: u8 = 128;

/// A Latin term one edit away from the visitor's word (`refnd` → refund), and two edits away.
pub const FUZZY_WEIGHTS: [f32; 2] = [0.55, 0.35];

/// The base form of a past tense or `-ing` word the index lacks (`refunded` → refund): the
/// same word in another tense, closer than a typo.
pub const INFLECTION_WEIGHT: f32 = 0.8;

/// Another form of an English word the visitor typed, which the articles hold beside it
/// (`contact` → contacting, `failing` → failed): the same word, but the form typed says more
/// about which article is meant, and a help center written in English uses many forms of a
/// few dozen verbs. On the 57 judged sets, a first version (which scanned the terms starting
/// with the root) gained +0.031, +0.011 and −0.019 summed Recall@1 at 0.4, 0.6 and 0.8, and
/// +0.056, +0.070 and +0.077 Recall@3; the one kept, at 0.4, +0.023 and +0.055.
pub const WORD_FAMILY_WEIGHT: f32 = 0.4;

/// The noun of a verb the visitor typed, or the verb of a noun (`verify` → verification,
/// `payment` → pay; `tokenizer::derived_forms`). On the 67 judged sets it gained 3 queries'
/// Recall@1 and 1 query's Recall@3 (8,780 queries), at 0.4 and at 0.6 alike, and lost none;
/// 0.25 lost one. Where the verb's own word is in an article, that stays worth more.
pub const DERIVED_WEIGHT: f32 = 0.4;

/// A separable word split by the visitor (`付了款` → 付款): the word itself, with an
/// infix a bigram index cannot see through.
pub const SEPARATED_WORD_WEIGHT: f32 = 0.9;

/// Latin words this long get one typo, and this long two (Algolia's thresholds).
pub const FUZZY_MIN_LEN: [usize; 2] = [4, 8];

/// How many edits a word of `len` letters may be from the word meant: 0, 1 or 2, by
/// [`FUZZY_MIN_LEN`].
pub fn typo_edits(len: usize) -> usize {
    FUZZY_MIN_LEN.iter().filter(|&&min| len >= min).count()
}

/// Terms added from a synonym group the query mentions (`找真人` also searches `人工客服`).
pub const SYNONYM_WEIGHT: f32 = 0.7;

/// A Chinese synonym phrase one of whose bigrams is in no article (找回密码 where no article
/// says 回密) still stands for its other bigrams, which need only be in the same article, at
/// this share of its weight: half, measured against 0.3 and 0.7 on the judged sets.
pub const PARTIAL_PHRASE_WEIGHT: f32 = 0.5;

/// The weight of each term of a synonym phrase of `words` Latin words (0 for a Chinese phrase):
/// a document matching `code` alone has a share of `promo code`, not all of it (the words of
/// an alternative are each scored on their own, the best one counting).
pub fn synonym_weight(words: usize) -> f32 {
    SYNONYM_WEIGHT / words.max(1) as f32
}

/// What a synonym alternative scores in each of the `bigrams` groups of the Chinese phrase it
/// stands for, as a share of its score: 账单 is one word standing for the three bigrams of
/// 交易记录, and must not count three times over an article with 交易记录 itself. Counting it
/// once (`1 / bigrams`) was too little: where no article has the visitor's phrase, the
/// alternatives are the phrase, and on the judged sets that lost more queries than it won.
pub fn synonym_spread(bigrams: usize) -> f32 {
    1.0 / (bigrams.max(1) as f32).sqrt()
}

/// Documents matching more of the query's terms rank higher: the score is multiplied by
/// `1 + COVERAGE_WEIGHT * matched / total`. Less than [`TITLE_COVERAGE_WEIGHT`]: a long body
/// holds some of almost any query's bigrams, a title only those of its topic.
pub const COVERAGE_WEIGHT: f32 = 0.7;

/// A group made for a character no known bigram covers (an orphan, see [`ORPHAN_WEIGHT`])
/// counts this much of a word towards coverage: matching `错了` in a title is a guess, not
/// a word of the query found.
pub const ORPHAN_COVERAGE: f32 = 0.75;

/// Documents whose title holds more of the query's terms rank higher: the score is multiplied by
/// `1 + TITLE_COVERAGE_WEIGHT * matched_in_title / total`. A title is the article's own summary;
/// `退款没到账` is about the article titled 退款…没到账, not the one that only says 没到账.
pub const TITLE_COVERAGE_WEIGHT: f32 = 1.0;

/// A query in one language multiplies the score of articles in another by this: an English
/// article that quotes `转人工` is not what a Chinese reader wants first, nor a Chinese article
/// that mentions "agent" what an English reader wants. An article in another language whose
/// title holds more of the query than any title in the reader's language keeps its whole
/// score: on a Chinese help center with a few English articles, `rude driver` wants 投诉司机,
/// not the English article on fees that mentions a driver in passing. 0.7 since the built-in
/// vocabulary grew to 375 groups: on the 31 judged sets 0.5, 0.6, 0.7 and 0.8 sum to Recall@1
/// 27.261, 27.275, 27.290 and 27.282, and 0.7 loses no query 0.5 found.
pub const OTHER_LANGUAGE_FACTOR: f32 = 0.7;

/// The front matter's `popularity` (0..1) multiplies the score by up to `1 + POPULARITY_WEIGHT`.
pub const POPULARITY_WEIGHT: f32 = 0.15;

/// A bigram that always straddles two words (`款没` in 退款没到账) keeps this share of its weight;
/// one that is always a word, or inside one, keeps all of it. Bigrams index every substring,
/// which is what makes them robust, but the straddling ones are mostly noise.
pub const STRADDLING_WEIGHT: f32 = 0.6;

/// The weight factor for a term's cohesion byte (see [`STRADDLING_WEIGHT`]).
pub fn cohesion_weight(cohesion: u8) -> f32 {
    STRADDLING_WEIGHT + (1.0 - STRADDLING_WEIGHT) * f32::from(cohesion) / 255.0
}

/// How much more a title holding a term counts, at most, in a help center of long articles:
/// see [`title_boost`].
pub const TITLE_TOPIC_BOOST: f32 = 3.0;

/// The average weighted article length (see [`weighted_length`]) from which a title holding a
/// term starts to count more, and from which it counts in full: the judged help centers of
/// articles of 150 to 400 characters average 155 to 320, those of 700 to 1,500 about 550.
pub const LONG_ARTICLES: [f32; 2] = [300.0, 500.0];

/// What a title holding a term multiplies the term's score by, in a help center of `docs`
/// articles, `with_term` of them holding the term and `titled` of those in the title.
///
/// A long article mentions its neighbours' topics in passing: on a driving school's help
/// center 退款 is in the body of half the articles, so its IDF is low, and a query's stray
/// bigram (`没到`, once in the body of the coupon article) outweighs the title 退款多久到账.
/// Counted among titles, 退款 is rare: the title's match is weighed by the ratio of the two
/// IDFs, to the power ¾, at most [`TITLE_TOPIC_BOOST`], and only as far as the articles are
/// long ([`LONG_ARTICLES`]): in short ones a body mention is no aside, and on the judged sets
/// of short articles the boost lost as many queries as it won. The logarithms are
/// [`ln`]'s, so the widget and the CLI compute the same factor.
pub fn title_boost(docs: usize, with_term: usize, titled: usize, average_length: f32) -> f32 {
    let [from, full] = LONG_ARTICLES;
    let long = ((average_length - from) / (full - from)).clamp(0.0, 1.0);
    if long == 0.0 || titled == 0 || with_term == 0 {
        return 1.0;
    }
    let rsj = |df: usize| ln((docs as f64 - df as f64 + 0.5) / (df as f64 + 0.5) + 1.0);
    let ratio = (rsj(titled) / rsj(with_term).max(1e-3)).max(1.0) as f32;
    // ratio^¾ as square roots, which every platform rounds alike (powf may not).
    let three_quarters = ratio.sqrt() * ratio.sqrt().sqrt();
    (1.0 + long * (three_quarters - 1.0)).min(TITLE_TOPIC_BOOST)
}

/// The natural logarithm of `x > 0` from additions, multiplications and divisions alone,
/// which IEEE 754 rounds the same in wasm and natively: `f64::ln` calls the platform's maths
/// library, whose last bit may differ, and a tie between two articles must break the same way
/// in the widget and in `helpdock search`.
pub fn ln(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return 0.0;
    }
    // x = m · 2^e with m in [1, 2) (subnormals are no count ratio), and ln m = 2 atanh(z)
    // with z = (m − 1) / (m + 1) ≤ ⅓: the series' twentieth term is below f64's precision.
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let (mut term, mut sum) = (z, 0.0);
    for k in 0..20 {
        sum += term / f64::from(2 * k + 1);
        term *= z2;
    }
    2.0 * sum + e as f64 * std::f64::consts::LN_2
}

/// Robertson–Spärck Jones IDF, kept positive for terms in most documents.
pub fn idf(doc_count: usize, doc_freq: usize) -> f32 {
    let n = doc_count as f64;
    let df = doc_freq as f64;
    ((n - df + 0.5) / (df + 0.5) + 1.0).ln() as f32
}

/// The IDF of a Latin word, counted among the documents of the language it occurs in most:
/// `language_docs` documents of that language, `doc_freq` of them holding it, `all_docs` in
/// the whole help center. In a help center
/// of thirty Chinese articles and six English ones, `not` or `phone` is in every English
/// article, yet over all thirty-six it looks rare, and would outweigh the word that names
/// the topic (`coupon`, reached in the Chinese articles through its translation 优惠券).
/// Counted among the English articles, it weighs what it says.
///
/// The result is then rescaled towards the whole help center's scale by the square root of
/// the ratio of the two scales ([`LANGUAGE_RESCALE`]): unscaled, every word of the smaller
/// language would weigh less than the larger one's (with six English articles even the
/// rarest English word looks common), and an English article would lose to Chinese ones
/// reached through translations. Scaled in full, a word in one of four English articles
/// weighed what a word in one of forty articles does, as if four articles were evidence
/// enough: `account` in the one English article on wrong transfers outweighed 冻结 in the
/// Chinese article on frozen accounts (`account frozen cant withdraw money`). With one
/// language this is exactly [`idf`].
pub fn idf_within_language(language_docs: usize, doc_freq: usize, all_docs: usize) -> f32 {
    rescaled_idf(language_docs, doc_freq, all_docs, LANGUAGE_RESCALE)
}

/// How far [`idf_within_language`] rescales a smaller language's IDF towards the whole help
/// center's: the ratio of the scales to this power, the square root, halfway on a logarithmic
/// scale. On the 66 judged sets (BENCHMARKS.md, 2026-12-05, sixth session), against the full
/// rescale (1), summed Recall@1 gained 0.266, 0.276, 0.306, 0.258 and 0.104 at 0, 0.25, 0.4,
/// 0.5 and 0.75, nearly all of it English queries on Chinese help centers. Computed at build
/// time only, so the platform's `powf` cannot make the widget and the CLI disagree.
pub const LANGUAGE_RESCALE: f64 = 0.5;

/// The IDF of a Chinese term that only a minority locale's articles hold, counted among that
/// locale's `locale_docs` articles and rescaled in full to the whole help center's scale: a
/// regional word (行動電源, 真人) in one of four Taiwan articles weighs what a word in one
/// article of the help center does. Unlike an English word among Chinese articles, it is
/// the same language, and a visitor who types the regional word asks for what the regional
/// article says.
pub fn idf_within_locale(locale_docs: usize, doc_freq: usize, all_docs: usize) -> f32 {
    rescaled_idf(locale_docs, doc_freq, all_docs, 1.0)
}

/// The IDF of a term among `group_docs` of the `all_docs` articles, times the ratio of the
/// two scales (the IDF of a term in one article of each) to the `power`.
fn rescaled_idf(group_docs: usize, doc_freq: usize, all_docs: usize, power: f64) -> f32 {
    if group_docs >= all_docs {
        return idf(all_docs, doc_freq);
    }
    let full = idf(all_docs, 1) as f64 / idf(group_docs, 1).max(f32::MIN_POSITIVE) as f64;
    // In full, exactly the ratio, as before the halfway rescale: no `powf` rounding.
    let scale = if power == 1.0 { full } else { full.powf(power) };
    (idf(group_docs, doc_freq) as f64 * scale) as f32
}

/// A document's length with each field weighted as its terms are.
pub fn weighted_length(field_lengths: [u32; 3]) -> f32 {
    field_lengths
        .iter()
        .zip(FIELD_WEIGHTS)
        .map(|(&len, w)| len as f32 * w)
        .sum()
}

/// BM25F's length normalisation for a document of `doc_length` (see [`weighted_length`])
/// among documents of `average_length`, times `K1`: the part of the denominator that depends
/// on the document alone.
pub fn length_norm(doc_length: f32, average_length: f32) -> f32 {
    K1 * (1.0 - B + B * doc_length / average_length.max(1.0))
}

/// BM25F of one term in one document whose [`length_norm`] is `length_norm`.
pub fn bm25f(term_freqs: [u8; 3], idf: f32, length_norm: f32) -> f32 {
    let tf: f32 = term_freqs
        .iter()
        .zip(FIELD_WEIGHTS)
        .map(|(&f, w)| f as f32 * w)
        .sum();
    if tf == 0.0 {
        return 0.0;
    }
    idf * tf * (K1 + 1.0) / (tf + length_norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portable_logarithm_is_the_logarithm() {
        for x in [1.0, 1.5, 2.0, 3.7, 10.0, 41.0, 1e5, 123_456.789] {
            assert!((ln(x) - x.ln()).abs() < 1e-12, "{x}");
        }
    }

    #[test]
    fn a_title_counts_more_only_among_long_articles() {
        // 退款 in 20 of 40 articles, two of them in the title.
        assert_eq!(title_boost(40, 20, 2, 200.0), 1.0);
        let long = title_boost(40, 20, 2, 600.0);
        assert!(long > 2.0 && long <= TITLE_TOPIC_BOOST, "{long}");
        let between = title_boost(40, 20, 2, 400.0);
        assert!(1.0 < between && between < long);
        // A term in every title it is in gains nothing.
        assert_eq!(title_boost(40, 3, 3, 600.0), 1.0);
    }

    #[test]
    fn rarer_terms_weigh_more() {
        assert!(idf(100, 1) > idf(100, 50));
        assert!(idf(100, 100) > 0.0);
    }

    #[test]
    fn a_word_in_every_article_of_its_language_weighs_little() {
        // Six English articles among thirty-six, `not` in five of them.
        assert!(idf_within_language(6, 5, 36) < idf(36, 5) / 2.0);
        // A word in one article of its language weighs less than a word in one article of
        // the whole help center (six articles are little evidence of rarity), but more than
        // among its language alone: halfway, on a logarithmic scale.
        let rare = idf_within_language(6, 1, 36);
        assert!(idf(6, 1) < rare && rare < idf(36, 1), "{rare}");
        assert!(
            (rare * rare - idf(6, 1) * idf(36, 1)).abs() < 1e-4,
            "{rare}"
        );
        // With one language, nothing changes.
        assert_eq!(idf_within_language(36, 5, 36), idf(36, 5));
    }

    #[test]
    fn a_title_match_outscores_a_body_match() {
        let title = bm25f([1, 0, 0], 1.0, length_norm(100.0, 100.0));
        let body = bm25f([0, 0, 1], 1.0, length_norm(100.0, 100.0));
        assert!(title > body);
    }

    #[test]
    fn shorter_documents_score_higher_for_the_same_frequency() {
        assert!(
            bm25f([0, 0, 2], 1.0, length_norm(50.0, 100.0))
                > bm25f([0, 0, 2], 1.0, length_norm(200.0, 100.0))
        );
    }

    #[test]
    fn frequency_saturates() {
        let once = bm25f([0, 0, 1], 1.0, length_norm(100.0, 100.0));
        let ten = bm25f([0, 0, 10], 1.0, length_norm(100.0, 100.0));
        assert!(ten > once && ten < once * 3.0);
    }
}
