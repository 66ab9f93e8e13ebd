//! Text to terms, identically at build time and at query time.
//!
//! - Characters are folded first: full-width forms to half-width (`ＡＢＣ１２３` → `abc123`),
//!   Latin to lower case without accents (`Café` → `cafe`).
//! - A run of letters and digits is one Latin token; numbers stay whole (`95733` is a term).
//! - A run of CJK characters becomes overlapping bigrams (`退款到账` → `退款 款到 到账`), or a
//!   single character when the run has one. Bigrams need no dictionary in the browser and match
//!   substrings across word boundaries, where dictionary segmenters disagree with each other.
//!
//! Every token keeps the byte span it came from, so snippets can highlight the original text.

/// Latin tokens longer than this are dropped: they are hashes or URLs, not words anyone types.
const MAX_LATIN_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits outside the CJK blocks.
    Latin,
    /// A CJK bigram, or a lone CJK character.
    Cjk,
}

/// One token: its normalized text (before stemming) and the byte range of the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    /// The index term for this token: the text, with English plurals folded.
    pub fn term(&self) -> String {
        match self.kind {
            TokenKind::Latin => stem(&self.text),
            TokenKind::Cjk => self.text.clone(),
        }
    }

    /// [`Token::term`], keeping the token's own string where it is the term.
    fn into_term(self) -> String {
        match self.kind {
            TokenKind::Latin => stem(&self.text),
            TokenKind::Cjk => self.text,
        }
    }
}

/// English function words, and the pieces contractions split into (`didn't` → didn, t). They
/// stay in the index, so a query made only of them still finds something, but a query with
/// other English words ignores them: in an index of mostly Chinese articles `i`, `but` and
/// `it` are rare, so BM25 would weigh them like real words. So are:
/// - the light words of a request (`get`, `want`, `make`, `request`, `you`): "how do I get a
///   receipt" is about the receipt, not the article that says "get it back";
/// - adverbs (`still`, `already`, `again`, `keeps` of `keeps failing`), which say how long or
///   how often, never what about;
/// - nouns that name no topic (`item`, `problem`, `issue`): "item is fake" is about fakes, not
///   the article on being paid for an item sold.
///
/// Negations (`not`, `cant`) and `need` ("what do I need") carry meaning in support questions
/// and are not here. Sorted, for binary search.
const ENGLISH_STOPWORDS: [&str; 116] = [
    "a", "about", "after", "again", "already", "also", "am", "an", "and", "any", "anything", "are",
    "as", "at", "be", "been", "being", "but", "by", "can", "could", "d", "did", "didn", "do",
    "does", "doesn", "don", "even", "for", "from", "get", "got", "had", "has", "hasn", "have",
    "haven", "he", "her", "him", "his", "how", "i", "if", "in", "is", "isn", "issue", "issues",
    "it", "item", "items", "its", "just", "keeps", "ll", "m", "make", "me", "much", "my", "now",
    "of", "on", "only", "or", "our", "please", "problem", "problems", "re", "really", "request",
    "s", "she", "should", "so", "some", "still", "stuff", "t", "that", "the", "their", "them",
    "then", "there", "these", "they", "thing", "things", "this", "those", "to", "too", "us", "ve",
    "very", "want", "was", "wasn", "we", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "yet", "you", "your",
];

/// Particles, pronouns and the copula: characters that join words rather than name a topic.
/// Sorted by code point, for binary search.
const PARTICLES: [char; 16] = [
    '么', '了', '他', '们', '你', '吗', '吧', '呀', '呢', '啊', '啦', '嘛', '她', '我', '是', '的',
];

/// Question characters (几号, 哪天, 啥时候): a bigram holding one asks, and is never an input
/// method's slip for a word (几号 is not 机号), nor a stray character worth guessing a word
/// for. Sorted by code point, for binary search.
const QUESTION_CHARS: [char; 7] = ['什', '几', '咋', '哪', '啥', '怎', '谁'];

/// Whether `c` is one of [`QUESTION_CHARS`].
pub fn is_question_char(c: char) -> bool {
    QUESTION_CHARS.binary_search(&c).is_ok()
}

/// Prepositions, adverbs and demonstratives (在, 都, 也, 把, 这), and the modal verbs 能 and 想:
/// alone in a query they join words, and a word they start (在线, 都市, 能源) is no guess at
/// what the visitor meant (`宽带多久能装好` is about installing, not about 能包). Sorted by
/// code point, for binary search.
const FUNCTION_CHARS: [char; 22] = [
    '与', '个', '也', '从', '再', '又', '向', '和', '在', '太', '对', '就', '很', '想', '才', '把',
    '能', '被', '跟', '这', '那', '都',
];

/// Whether `c` is one of [`FUNCTION_CHARS`].
pub fn is_function_char(c: char) -> bool {
    FUNCTION_CHARS.binary_search(&c).is_ok()
}

/// Whether `c` is one of [`PARTICLES`]: a bigram holding one is a word only when a dictionary
/// says so (`目的`, `了解`), never merely because its other character stands alone (`的钱`).
pub fn is_particle(c: char) -> bool {
    PARTICLES.binary_search(&c).is_ok()
}

/// Chinese question and function words (怎么, 什么, 可以, 一下), and the verbs of looking
/// something up (查询, 查看: `查询账单` is about the bill): bigrams that say how a visitor
/// asks, not what about. A query with other words ignores them, as it ignores English `the`;
/// titles are full of them (怎么…？), so matching them ranks by phrasing. 不了 and 不到 too:
/// in 去不了 and 收不到 the verb says what failed, and a title's 登录不了 is no answer to
/// `明天去不了了`. 东西 (things, stuff) too: `东西有问题想退` is about returning, not about a
/// title that says 卖出的东西. Hong Kong visitors' Cantonese question
/// words too, as the variant table folds them (點算 怎么办, 點解 为什么, 幾耐 多久, 邊度
/// 哪里, 係咪 是不是, 有冇 有没有). And how often or how surely it happened, and courtesy (老是,
/// 总是, 经常, 到底, 明明, 刚才, 麻烦, 你好): `wifi老是断` is about dropping, not 老用户. Not
/// 突然: a sudden drop in a limit has articles of its own. Sorted, for binary search.
const CHINESE_FUNCTION_WORDS: [&str; 80] = [
    "一下", "一个", "一直", "上去", "下去", "下来", "不了", "不到", "不想", "东西", "为什", "为何",
    "为啥", "么办", "什么", "他们", "但是", "你们", "你好", "几多", "几时", "几耐", "刚刚", "刚才",
    "到底", "可以", "咋办", "哪个", "哪些", "哪儿", "哪里", "回来", "因为", "多久", "多少", "多长",
    "好像", "如何", "就是", "居然", "已经", "帮我", "应该", "怎么", "怎样", "总是", "您好", "想要",
    "我们", "所以", "才能", "明明", "是不", "是否", "有冇", "有没", "查看", "查询", "点样", "点算",
    "点解", "然后", "的话", "竟然", "系咪", "经常", "老是", "能否", "要多", "请问", "谢谢", "起来",
    "边个", "边度", "还是", "这个", "进去", "那个", "需要", "麻烦",
];

/// Whether a CJK bigram is one of [`CHINESE_FUNCTION_WORDS`].
pub fn is_chinese_function_word(term: &str) -> bool {
    CHINESE_FUNCTION_WORDS.binary_search(&term).is_ok()
}

/// The start offsets of the bigrams of each A-not-A question in `tokens` (能不能, 可不可以,
/// 要不要, 有没有): both bigrams around the 不 or 没. Such a question asks *whether*, so its
/// 不能 or 没有 negates nothing; matched as words, `能不能周末送` would rank 哪些物品不能寄 first.
fn a_not_a_starts(tokens: &[Token]) -> Vec<usize> {
    let mut starts = Vec::new();
    for pair in tokens.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if before.kind != TokenKind::Cjk || after.kind != TokenKind::Cjk {
            continue;
        }
        let mut first = before.text.chars();
        let mut second = after.text.chars();
        let (Some(a), Some(not), None) = (first.next(), first.next(), first.next()) else {
            continue;
        };
        let (Some(not_again), Some(a_again), None) = (second.next(), second.next(), second.next())
        else {
            continue;
        };
        // Overlapping bigrams of one run share the middle character.
        let overlapping = after.start == before.start + a.len_utf8();
        if overlapping && matches!(not, '不' | '没') && not_again == not && a_again == a && a != not
        {
            starts.extend([before.start, after.start]);
        }
    }
    starts
}

/// The start offsets of bigrams that only frame the question: the A-not-A questions of
/// [`a_not_a_starts`], and the 时候 of a clause saying when something happened (付钱的时候,
/// 有时候), which is no question about time: `付钱的时候一直失败` is about a failed payment,
/// not about 什么时候放号. 什么时候 itself still asks when.
pub fn framing_starts(tokens: &[Token]) -> Vec<usize> {
    let mut starts = a_not_a_starts(tokens);
    for pair in tokens.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let overlapping = before.kind == TokenKind::Cjk
            && after.kind == TokenKind::Cjk
            && before.end == after.start + '时'.len_utf8();
        let opens_clause = matches!(before.text.as_str(), "的时" | "有时" | "这时" | "那时");
        if overlapping && opens_clause && after.text == "时候" {
            starts.push(after.start);
        }
    }
    starts
}

/// Whether `word` (lower case, unstemmed) is an English function word; see [`ENGLISH_STOPWORDS`].
pub fn is_english_stopword(word: &str) -> bool {
    ENGLISH_STOPWORDS.binary_search(&word).is_ok()
}

/// Splits `text` into tokens. See the module docs for the rules.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with(text, &|c| c)
}

/// [`tokenize`], with a further per-character folding after the built-in one: the index's
/// traditional-to-simplified table, so both sides of a search fold alike.
pub fn tokenize_with(text: &str, fold: &dyn Fn(char) -> char) -> Vec<Token> {
    let mut runs = RunBuffer::default();
    for (start, raw) in text.char_indices() {
        runs.push(start, start + raw.len_utf8(), fold(fold_char(raw)));
    }
    runs.flush();
    runs.tokens
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Run {
    #[default]
    None,
    Latin,
    Cjk,
}

/// The characters of the current run, with their spans, until a change of script ends it.
#[derive(Default)]
struct RunBuffer {
    kind: Run,
    chars: Vec<(usize, usize, char)>,
    tokens: Vec<Token>,
}

impl RunBuffer {
    fn push(&mut self, start: usize, end: usize, c: char) {
        let kind = classify(c);
        if kind != self.kind {
            self.flush();
            self.kind = kind;
        }
        if kind != Run::None {
            self.chars.push((start, end, c));
        }
    }

    fn flush(&mut self) {
        self.flush_run();
        // Cleared, not taken: the next run reuses the room.
        self.chars.clear();
    }

    fn flush_run(&mut self) {
        let chars = &self.chars;
        let (Some(&(start, _, _)), Some(&(_, end, _))) = (chars.first(), chars.last()) else {
            return;
        };
        match self.kind {
            Run::Latin if chars.len() <= MAX_LATIN_CHARS => self.tokens.push(Token {
                text: chars.iter().map(|&(_, _, c)| c).collect(),
                start,
                end,
                kind: TokenKind::Latin,
            }),
            Run::Cjk if chars.len() == 1 => self.tokens.push(Token {
                text: chars[0].2.to_string(),
                start,
                end,
                kind: TokenKind::Cjk,
            }),
            Run::Cjk => {
                for pair in chars.windows(2) {
                    self.tokens.push(Token {
                        text: bigram(pair[0].2, pair[1].2),
                        start: pair[0].0,
                        end: pair[1].1,
                        kind: TokenKind::Cjk,
                    });
                }
            }
            _ => {}
        }
    }
}

/// Two characters as a string, allocated once at its size.
pub(crate) fn bigram(a: char, b: char) -> String {
    let mut text = String::with_capacity(a.len_utf8() + b.len_utf8());
    text.push(a);
    text.push(b);
    text
}

fn classify(c: char) -> Run {
    if is_cjk(c) {
        Run::Cjk
    } else if c.is_alphanumeric() {
        Run::Latin
    } else {
        Run::None
    }
}

/// Han ideographs (with extension A, B and compatibility forms), kana and Hangul: scripts written
/// without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// Full-width to half-width, lower case, accents removed: what a phone keyboard in Chinese mode
/// produces (`ＶＩＰ`, `９５７３３`) must match what the article says.
pub fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0x3000 => ' ',
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // The CJK ideographs (and the Yijing symbols among them) have no case: most of a Chinese
    // text skips the case tables' search.
    if ('\u{3400}'..='\u{9FFF}').contains(&c) {
        return c;
    }
    let lower = {
        let mut it = c.to_lowercase();
        match (it.next(), it.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    };
    fold_accent(lower)
}

fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' => 'a',
        'ç' => 'c',
        'è'..='ë' | 'ē' => 'e',
        'ì'..='ï' | 'ī' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' | 'ō' => 'o',
        'ù'..='ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Folds English plurals so `refunds` finds `refund`: a light rule, not a full stemmer,
/// because over-stemming (`business` → `busi`) hurts short help-center queries more than it helps.
pub fn stem(word: &str) -> String {
    let n = word.len();
    if n >= 5 && word.ends_with("ies") {
        return format!("{}y", &word[..n - 3]);
    }
    let keeps_s = ["ss", "us", "is", "ys"]
        .iter()
        .any(|end| word.ends_with(end));
    if n >= 4 && word.ends_with('s') && !keeps_s && word.is_ascii() {
        return word[..n - 1].to_string();
    }
    word.to_string()
}

/// The base forms a past tense or `-ing` form may come from (`refunded` → `refund`,
/// `declined` → `decline`, `transferred` → `transfer`, `charging` → `charge`, `applied` →
/// `apply`), longest first. A query tries them when the word itself is not in the index;
/// articles are not stemmed this way, so over-stemming cannot merge words there.
pub fn inflection_bases(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !word.is_ascii() {
        return out;
    }
    // The irregular verbs of payment support: what was paid, sent, lost or frozen.
    const IRREGULAR: [(&str, &str); 12] = [
        ("bought", "buy"),
        ("forgot", "forget"),
        ("forgotten", "forget"),
        ("froze", "freeze"),
        ("lost", "lose"),
        ("paid", "pay"),
        ("sent", "send"),
        ("spent", "spend"),
        ("stole", "steal"),
        ("stolen", "steal"),
        ("taken", "take"),
        ("took", "take"),
    ];
    if let Ok(i) = IRREGULAR.binary_search_by(|(past, _)| past.cmp(&word)) {
        out.push(IRREGULAR[i].1.to_string());
    }
    if let Some(base) = word.strip_suffix("ied").filter(|b| b.len() >= 2) {
        out.push(joined(base, "y"));
    }
    for suffix in ["ed", "ing"] {
        let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() >= 3) else {
            continue;
        };
        let bytes = base.as_bytes();
        let doubled = bytes[bytes.len() - 1] == bytes[bytes.len() - 2];
        out.push(base.to_string());
        out.push(joined(base, "e"));
        if doubled {
            out.push(base[..base.len() - 1].to_string());
        }
    }
    out
}

/// The root an English word shares with its other forms: `contact`, `contacting` and
/// `contacted` are all `contact`; `apply`, `applied` and `applying` `appli`; `transfer` and
/// `transferred` `transfer`. A light conflation, not a dictionary stemmer: it takes off one
/// plural, then one of `-ing`, `-ed` or `-e`, writes a final `y` as `i` and undoubles a final
/// consonant, never leaving fewer than three letters. The root is only ever compared with
/// other roots (see [`word_family`]), so it need not be a word itself.
pub fn word_root(word: &str) -> String {
    let mut root = word.to_string();
    to_root(&mut root);
    root
}

/// [`word_root`] in place: a word's forms are compared with its root in one buffer.
fn to_root(root: &mut String) {
    if !root.is_ascii() || root.len() < 4 {
        return;
    }
    if root.len() >= 5 && root.ends_with("es") && !root.ends_with("ses") {
        root.pop();
    }
    if root.len() >= 4 && root.ends_with('s') && !root.ends_with("ss") {
        root.pop();
    }
    if let Some(suffix) = ["ing", "ed", "e"]
        .into_iter()
        .find(|s| root.ends_with(s) && root.len() - s.len() >= 3)
    {
        root.truncate(root.len() - suffix.len());
    }
    if root.len() >= 4 && root.ends_with('y') {
        root.pop();
        root.push('i');
    }
    let bytes = root.as_bytes();
    let last = bytes[bytes.len() - 1];
    if bytes.len() >= 4 && last == bytes[bytes.len() - 2] && !b"aeiou".contains(&last) {
        root.pop();
    }
}

/// The forms of an English word that an index may hold, found by spelling them out from its
/// [`word_root`] rather than by scanning the terms that start with it: `contact` gives
/// contacting and contacted, `transfer` transferred and transferring, `apply` applied and
/// applying, each to `found` (those with the word's root, but not the word). Plurals are
/// already folded by [`stem`]. Spelled in one buffer: the caller keeps only the index's terms.
pub fn each_family_form(word: &str, found: &mut dyn FnMut(&str)) {
    let root = word_root(word);
    if root.len() < 3 || !root.is_ascii() {
        return;
    }
    let mut form = String::with_capacity(root.len() + 5);
    let mut form_root = String::with_capacity(root.len() + 5);
    let mut spell = |stem: &str, endings: &[&str]| {
        for ending in endings {
            form.clear();
            form.push_str(stem);
            form.push_str(ending);
            form_root.clear();
            form_root.push_str(&form);
            to_root(&mut form_root);
            if form != word && form_root == root {
                found(&form);
            }
        }
    };
    spell(&root, &["", "e", "ed", "ing"]);
    if let Some(base) = root.strip_suffix('i') {
        spell(base, &["y", "ied", "ying"]);
    }
    if !b"aeiouy".contains(&root.as_bytes()[root.len() - 1]) {
        // The final consonant doubled: transferred, shipping.
        spell(&joined(&root, &root[root.len() - 1..]), &["", "ed", "ing"]);
    }
}

/// The words an English verb and its noun make of each other, spelled out both ways: `verify`
/// and verification, `confirm` and confirmation, `pay` and payment, `deliver` and delivery,
/// `renew` and renewal, `activate` and activation, `subscribe` and subscription, each to
/// `found`. A visitor types the verb where an article's title has the noun, or the other way
/// round. Spellings that are no word (`refundment`, `verifyation`) cost a lookup: the caller
/// keeps only the index's terms. A table rather than a rule per pair, for the widget's bytes.
pub fn each_derived_form(word: &str, found: &mut dyn FnMut(&str)) {
    /// An ending a word may have, and the endings its other forms have in its place.
    const ENDINGS: [(&str, &[&str]); 16] = [
        // The noun, from a verb.
        ("", &["ation", "ion", "ment", "al"]),
        ("e", &["ation", "ion", "al", "ement"]),
        ("ify", &["ification"]),
        ("ibe", &["iption"]),
        ("ate", &["ation"]),
        ("er", &["ery", "ration"]),
        ("el", &["ellation"]),
        // The verb, from a noun.
        ("ification", &["ify"]),
        ("iption", &["ibe"]),
        ("stration", &["ster"]),
        ("ellation", &["el"]),
        ("ation", &["", "e", "ate"]),
        ("ion", &["", "e"]),
        ("ment", &["", "e"]),
        ("al", &["", "e"]),
        ("ery", &["er"]),
    ];
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    let mut form = String::with_capacity(word.len() + 9);
    for (ending, others) in ENDINGS {
        let Some(stem) = word.strip_suffix(ending).filter(|stem| stem.len() >= 3) else {
            continue;
        };
        // A form spelled twice is looked up twice, which costs less than the check would.
        for other in others {
            form.clear();
            form.push_str(stem);
            form.push_str(other);
            if form != word {
                found(&form);
            }
        }
    }
}

/// `stem` and `ending` as one word: what `[stem, ending].concat()` does, without the general
/// slice join the wasm would carry for it.
fn joined(stem: &str, ending: &str) -> String {
    let mut word = String::with_capacity(stem.len() + ending.len());
    word.push_str(stem);
    word.push_str(ending);
    word
}

/// The terms of `text`, in order, with duplicates kept (term frequency counts them).
pub fn terms(text: &str, fold: &dyn Fn(char) -> char) -> Vec<String> {
    tokenize_with(text, fold)
        .into_iter()
        .map(Token::into_term)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bigrams of `text` whose starts `find` returns.
    fn found_by(text: &str, find: fn(&[Token]) -> Vec<usize>) -> Vec<String> {
        let tokens = tokenize(text);
        let starts = find(&tokens);
        (tokens.into_iter())
            .filter(|t| starts.contains(&t.start))
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn a_not_a_questions_are_found_and_plain_negations_are_not() {
        let texts = |text: &str| found_by(text, a_not_a_starts);
        assert_eq!(texts("能不能周末送"), ["能不", "不能"]);
        assert_eq!(texts("可不可以退"), ["可不", "不可"]);
        assert_eq!(texts("有没有人"), ["有没", "没有"]);
        assert!(texts("不能用了").is_empty());
        assert!(texts("能 不能").is_empty());
    }

    #[test]
    fn the_when_of_a_clause_frames_and_a_question_about_time_does_not() {
        let framing = |text: &str| found_by(text, framing_starts);
        assert_eq!(framing("付钱的时候一直失败"), ["时候"]);
        assert_eq!(framing("有时候扣两次"), ["时候"]);
        assert!(framing("什么时候放号").is_empty());
        assert!(framing("的 时候").is_empty());
        assert_eq!(framing("能不能退"), ["能不", "不能"]);
    }

    #[test]
    fn past_tenses_and_ing_forms_offer_their_bases() {
        assert!(inflection_bases("refunded").contains(&"refund".to_string()));
        assert!(inflection_bases("declined").contains(&"decline".to_string()));
        assert!(inflection_bases("transferred").contains(&"transfer".to_string()));
        assert!(inflection_bases("charging").contains(&"charge".to_string()));
        assert!(inflection_bases("applied").contains(&"apply".to_string()));
        assert_eq!(inflection_bases("paid"), ["pay"]);
        assert!(inflection_bases("red").is_empty());
        assert!(inflection_bases("退款").is_empty());
    }

    #[test]
    fn the_forms_of_an_english_word_share_its_root() {
        for (forms, root) in [
            (
                &["contact", "contacting", "contacted", "contacts"][..],
                "contact",
            ),
            (&["fail", "failing", "failed"][..], "fail"),
            (&["charge", "charged", "charging", "charges"][..], "charg"),
            (&["apply", "applied", "applying", "applies"][..], "appli"),
            (&["transfer", "transferred", "transferring"][..], "transfer"),
            (&["verify", "verified"][..], "verifi"),
        ] {
            for form in forms {
                assert_eq!(word_root(form), root, "{form}");
            }
        }
        // Words that only look alike keep apart.
        assert_ne!(word_root("charger"), word_root("charge"));
        assert_ne!(word_root("card"), word_root("care"));
        assert_eq!(word_root("fee"), "fee");
        assert_eq!(word_root("use"), "use");
    }

    #[test]
    fn a_verb_and_its_noun_spell_each_other() {
        let pairs = [
            ("verify", "verification"),
            ("confirm", "confirmation"),
            ("pay", "payment"),
            ("deliver", "delivery"),
            ("renew", "renewal"),
            ("activate", "activation"),
            ("subscribe", "subscription"),
            ("register", "registration"),
            ("cancel", "cancellation"),
            ("delete", "deletion"),
            ("settle", "settlement"),
        ];
        for (verb, noun) in pairs {
            assert!(derived_forms(verb).contains(&noun.to_string()), "{verb}");
            assert!(derived_forms(noun).contains(&verb.to_string()), "{noun}");
        }
        assert!(derived_forms("id").is_empty());
        assert!(derived_forms("退款").is_empty());
    }

    fn word_family(word: &str) -> Vec<String> {
        let mut forms = Vec::new();
        each_family_form(word, &mut |form| forms.push(form.to_string()));
        forms
    }

    fn derived_forms(word: &str) -> Vec<String> {
        let mut forms = Vec::new();
        each_derived_form(word, &mut |form| forms.push(form.to_string()));
        forms
    }

    #[test]
    fn a_word_family_spells_out_the_other_forms() {
        let family = word_family("contact");
        assert!(family.contains(&"contacting".to_string()));
        assert!(family.contains(&"contacted".to_string()));
        assert!(!family.contains(&"contact".to_string()));
        assert!(word_family("failing").contains(&"failed".to_string()));
        assert!(word_family("failing").contains(&"fail".to_string()));
        assert!(word_family("transfer").contains(&"transferred".to_string()));
        assert!(word_family("applied").contains(&"apply".to_string()));
        assert!(word_family("applied").contains(&"applying".to_string()));
        assert!(word_family("charge").contains(&"charging".to_string()));
        assert!(word_family("id").is_empty());
        assert!(word_family("").is_empty());
    }

    #[test]
    fn the_stopword_list_is_sorted_and_finds_its_words() {
        assert!(ENGLISH_STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_english_stopword("the") && is_english_stopword("didn"));
        assert!(!is_english_stopword("refund") && !is_english_stopword("not"));
    }

    #[test]
    fn the_chinese_lists_are_sorted_for_binary_search() {
        assert!(PARTICLES.windows(2).all(|w| w[0] < w[1]));
        assert!(CHINESE_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(QUESTION_CHARS.windows(2).all(|w| w[0] < w[1]));
        assert!(FUNCTION_CHARS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_particle('的') && is_chinese_function_word("怎么"));
        assert!(!is_particle('款') && !is_chinese_function_word("退款"));
    }

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn chinese_runs_become_overlapping_bigrams() {
        assert_eq!(texts("退款到账"), ["退款", "款到", "到账"]);
    }

    #[test]
    fn a_single_chinese_character_is_its_own_token() {
        assert_eq!(texts("钱"), ["钱"]);
        assert_eq!(texts("冻结，钱"), ["冻结", "钱"]);
    }

    #[test]
    fn mixed_text_splits_at_script_changes() {
        assert_eq!(texts("拨打95733转人工"), ["拨打", "95733", "转人", "人工"]);
        assert_eq!(texts("Refund 退款"), ["refund", "退款"]);
    }

    #[test]
    fn full_width_and_accents_fold_to_plain_ascii() {
        assert_eq!(texts("ＶＩＰ ９５７３３"), ["vip", "95733"]);
        assert_eq!(texts("Café"), ["cafe"]);
    }

    #[test]
    fn spans_point_at_the_original_text() {
        let text = "我的 Refund 退款";
        for token in tokenize(text) {
            let original: String = text[token.start..token.end]
                .chars()
                .map(fold_char)
                .collect();
            assert_eq!(original, token.text);
        }
    }

    #[test]
    fn plurals_fold_but_short_and_ss_words_do_not() {
        assert_eq!(stem("refunds"), "refund");
        assert_eq!(stem("policies"), "policy");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("its"), "its");
    }

    #[test]
    fn punctuation_and_whitespace_produce_no_tokens() {
        assert!(tokenize("？！，。 ...").is_empty());
    }
}
