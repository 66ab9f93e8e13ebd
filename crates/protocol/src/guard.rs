//! The sensitive-data guard: finds what official staff never ask for (SMS verification codes,
//! passwords, bank card numbers, Chinese resident ID numbers) so the widget can warn before
//! sending and the server can mask what it stores and shows.
//!
//! It runs in the widget too, so it uses no regex engine: a few hand-written scanners over the
//! text, each with a check that keeps false alarms down (Luhn for cards, the ISO 7064 checksum
//! for ID numbers, a nearby keyword for codes and passwords). An order number, which visitors
//! should share, is never a card: cards must start with a card network's digit and must not
//! follow words like 订单号.

use std::ops::Range;

/// A kind of secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sensitive {
    SmsCode,
    Password,
    BankCard,
    IdNumber,
}

impl Sensitive {
    /// Every kind, in the order a warning names them.
    pub const ALL: [Sensitive; 4] = [
        Sensitive::SmsCode,
        Sensitive::Password,
        Sensitive::BankCard,
        Sensitive::IdNumber,
    ];
}

/// One secret in a text: its kind and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Sensitive,
    pub range: Range<usize>,
}

const CODE_WORDS: &[&str] = &[
    "验证码",
    "校验码",
    "动态码",
    "短信码",
    "驗證碼",
    "校驗碼",
    "动态密码",
    "code",
    "otp",
];
const PASSWORD_WORDS: &[&str] = &[
    "支付密码",
    "登录密码",
    "密码",
    "密碼",
    "口令",
    "password",
    "passwd",
    "pwd",
];
const NOT_A_CARD_WORDS: &[&str] = &[
    "订单",
    "單號",
    "单号",
    "訂單",
    "交易号",
    "流水号",
    "order",
    "手机",
    "电话",
    "tel",
];
/// How far before (or after, for codes) a number a keyword still counts, in characters.
const KEYWORD_REACH: usize = 12;

/// Every secret in `text`, in order, without overlaps.
pub fn find(text: &str) -> Vec<Finding> {
    let mut found = numbers(text);
    for password in passwords(text) {
        let overlaps =
            |f: &Finding| f.range.start < password.range.end && password.range.start < f.range.end;
        let covered = found
            .iter()
            .any(|f| f.range.start <= password.range.start && password.range.end <= f.range.end);
        if covered {
            continue; // a code or card the numbers pass already named
        }
        // A password with a code inside it ("de=55555+5[") is one secret: masking only the
        // digits would leave the rest of the password readable.
        let start = (found.iter().filter(|f| overlaps(f)))
            .map(|f| f.range.start)
            .fold(password.range.start, usize::min);
        let end = (found.iter().filter(|f| overlaps(f)))
            .map(|f| f.range.end)
            .fold(password.range.end, usize::max);
        found.retain(|f| !overlaps(f));
        // Kept in order by inserting in place: a list this short needs no sort routine in
        // the wasm (each costs kilobytes there).
        let at = found.partition_point(|f| f.range.start < start);
        found.insert(
            at,
            Finding {
                kind: Sensitive::Password,
                range: start..end,
            },
        );
    }
    found
}

/// The kinds of secret in `text`, each once: what the widget's warning names.
pub fn kinds(text: &str) -> Vec<Sensitive> {
    let found = find(text);
    (Sensitive::ALL.into_iter())
        .filter(|&kind| found.iter().any(|f| f.kind == kind))
        .collect()
}

/// `text` with every secret masked by `*`. Cards and ID numbers keep their last four
/// characters, so an agent can still tell which card a visitor means.
///
/// Masking repeats until nothing changes (a few passes at most): hiding one secret can remove
/// the context that cleared another, as when "tel" inside a masked password was what marked
/// the number after it as a phone number rather than a card. Stored text is then stable.
pub fn mask(text: &str) -> String {
    const MAX_PASSES: usize = 4;
    let mut masked = mask_once(text);
    for _ in 1..MAX_PASSES {
        let again = mask_once(&masked);
        if again == masked {
            break;
        }
        masked = again;
    }
    masked
}

fn mask_once(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for finding in find(text) {
        out.push_str(&text[at..finding.range.start]);
        let secret = &text[finding.range.clone()];
        let keep = match finding.kind {
            Sensitive::BankCard | Sensitive::IdNumber => 4,
            Sensitive::SmsCode | Sensitive::Password => 0,
        };
        out.push_str(&mask_keeping_last(secret, keep));
        at = finding.range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn mask_keeping_last(secret: &str, keep: usize) -> String {
    let significant = secret.chars().filter(|c| !is_separator(*c)).count();
    let mut seen = 0;
    secret
        .chars()
        .map(|c| {
            if is_separator(c) {
                return c;
            }
            seen += 1;
            if seen > significant.saturating_sub(keep) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '-'
}

/// A run of digits, possibly grouped by single spaces or dashes ("6222 0212 3456 7890"), and
/// possibly ending in X (an ID number's check character).
struct Run {
    range: Range<usize>,
    digits: Vec<u32>,
    ends_in_x: bool,
    grouped: bool,
}

fn digit_runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i].1).is_none() || (i > 0 && is_word_char(chars[i - 1].1)) {
            i += 1;
            continue;
        }
        if already_masked(&chars[..i]) {
            // The visible tail of a masked secret, and any groups after it ("***** 2 113555"):
            // read as a number of its own, part of it could be masked on a second pass.
            i = end_of_group(&chars, i);
            continue;
        }
        let start = chars[i].0;
        let mut digits = Vec::new();
        let mut grouped = false;
        let mut j = i;
        while j < chars.len() {
            if let Some(d) = digit(chars[j].1) {
                digits.push(d);
                j += 1;
            } else if is_separator(chars[j].1)
                && chars.get(j + 1).is_some_and(|(_, c)| digit(*c).is_some())
            {
                grouped = true;
                j += 1;
            } else {
                break;
            }
        }
        let ends_in_x = digits.len() == 17 && matches!(chars.get(j), Some((_, 'X' | 'x')));
        if ends_in_x {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |(at, _)| *at);
        // A number glued to letters ("abc123456") is a word, not a card or a code.
        if !chars.get(j).is_some_and(|(_, c)| is_word_char(*c)) {
            runs.push(Run {
                range: start..end,
                digits,
                ends_in_x,
                grouped,
            });
        }
        i = j.max(i + 1);
    }
    runs
}

/// Where the digits starting at `i`, with single separators between them, end.
fn end_of_group(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() {
        let next_is_digit = chars.get(i + 1).is_some_and(|(_, c)| digit(*c).is_some());
        if digit(chars[i].1).is_some() || (is_separator(chars[i].1) && next_is_digit) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The visible tail of a masked number ("**** 7894"): masking it again would hide the last
/// four digits the agent needs.
fn already_masked(before: &[(usize, char)]) -> bool {
    before
        .iter()
        .rev()
        .map(|(_, c)| *c)
        .find(|c| !is_separator(*c))
        == Some('*')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn numbers(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for run in digit_runs(text) {
        let kind = if is_id_number(&run) {
            Some(Sensitive::IdNumber)
        } else if is_card(&run) && !keyword_before(text, run.range.start, NOT_A_CARD_WORDS) {
            Some(Sensitive::BankCard)
        } else if is_code(text, &run) {
            Some(Sensitive::SmsCode)
        } else {
            None
        };
        if let Some(kind) = kind {
            found.push(Finding {
                kind,
                range: run.range,
            });
        }
    }
    found
}

/// A mainland resident ID: 17 digits and a check character (ISO 7064 MOD 11-2).
fn is_id_number(run: &Run) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let (body, check) = match (run.digits.len(), run.ends_in_x) {
        (17, true) => (&run.digits[..], 'X'),
        (18, false) => (
            &run.digits[..17],
            char::from_digit(run.digits[17], 10).unwrap_or('?'),
        ),
        _ => return false,
    };
    let sum: u32 = body.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK[(sum % 11) as usize] == check
}

/// A payment card: 13 to 19 digits, a card network's first digit, and a valid Luhn checksum.
fn is_card(run: &Run) -> bool {
    let n = run.digits.len();
    if !(13..=19).contains(&n) || run.ends_in_x || !matches!(run.digits[0], 3..=6) {
        return false;
    }
    let sum: u32 = (run.digits.iter().rev().enumerate())
        .map(|(i, &d)| match (i % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A verification code: 4 to 8 digits, ungrouped, near a word such as 验证码.
fn is_code(text: &str, run: &Run) -> bool {
    (4..=8).contains(&run.digits.len())
        && !run.grouped
        && (keyword_before(text, run.range.start, CODE_WORDS)
            || keyword_after(text, run.range.end, CODE_WORDS))
}

fn keyword_before(text: &str, at: usize, words: &[&str]) -> bool {
    let window: String = text[..at].chars().rev().take(KEYWORD_REACH).collect();
    let window: String = window.chars().rev().collect::<String>().to_lowercase();
    words.iter().any(|w| window.contains(w))
}

fn keyword_after(text: &str, at: usize, words: &[&str]) -> bool {
    let window: String = text[at..]
        .chars()
        .take(KEYWORD_REACH)
        .collect::<String>()
        .to_lowercase();
    words.iter().any(|w| window.contains(w))
}

/// A password: a keyword such as 密码, an optional "是", "为" or colon, then 4 or more
/// characters of Latin letters, digits and symbols.
fn passwords(text: &str) -> Vec<Finding> {
    // The keywords are ASCII or Chinese, so ASCII lower-casing finds them all and keeps every
    // byte offset: full Unicode lower-casing changes lengths (K, the Kelvin sign, is 3 bytes
    // and its `k` 1; İ is 2 and its `i̇` 3), and an offset into it could split a character
    // of `text`.
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for word in PASSWORD_WORDS {
        let mut from = 0;
        while let Some(hit) = lower[from..].find(word) {
            let after = from + hit + word.len();
            from = after;
            let start = skip_joiners(text, after);
            let end = text[start..]
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_graphic()) || "，。,".contains(*c))
                .map_or(text.len(), |(i, _)| start + i);
            // A password has a letter or a digit: "密码-****" is one masked already.
            // Nor is a card or ID number masked to its last four ("*********6666").
            let value = &text[start..end];
            let readable = value.chars().any(|c| c.is_ascii_alphanumeric()) && !masked_tail(value);
            if end - start >= 4 && readable {
                let at = found.partition_point(|r: &Range<usize>| r.start < start);
                found.insert(at, start..end);
            }
        }
    }
    // Keywords inside another password's value ("pwd=xpasswd=…") give overlapping values:
    // they are one secret, masked whole. `found` is in order: each range went in at its place.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in found {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    (merged.into_iter())
        .map(|range| Finding {
            kind: Sensitive::Password,
            range,
        })
        .collect()
}

/// Stars then at most four digits (or an ID number's X): what masking a number leaves.
fn masked_tail(value: &str) -> bool {
    let tail = value.trim_start_matches('*');
    tail.len() < value.len()
        && tail.len() <= 4
        && tail
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
}

/// Skips "是", "为", "is", colons, spaces and the like between a keyword and its value.
fn skip_joiners(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        if rest.starts_with("is ") {
            at += 3;
        } else if let Some(c) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '是' | '为' | '為' | ':' | '：' | ' ' | '='))
        {
            at += c.len_utf8();
        } else {
            return at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_number_is_masked_to_its_last_four_digits() {
        assert_eq!(
            mask("我的卡号是 6222 0212 3456 7894，扣款了"),
            "我的卡号是 **** **** **** 7894，扣款了"
        );
        assert_eq!(
            mask("card 4111111111111111 please"),
            "card ************1111 please"
        );
        assert_eq!(kinds("6222021234567894"), vec![Sensitive::BankCard]);
    }

    #[test]
    fn order_numbers_and_phone_numbers_stay_readable() {
        // A valid card number, but it follows 订单号: an order number the agent needs.
        let text = "订单号 4111111111111111 一直没退款";
        assert_eq!(mask(text), text);
        assert_eq!(mask("电话 13800138000"), "电话 13800138000");
        // Fails Luhn: not a card.
        assert_eq!(mask("6222021234567890"), "6222021234567890");
    }

    #[test]
    fn id_numbers_pass_their_checksum() {
        assert_eq!(
            kinds("身份证 11010519491231002X"),
            vec![Sensitive::IdNumber]
        );
        assert_eq!(mask("11010519491231002X"), "**************002X");
        assert_eq!(kinds("身份证 110105194912310021"), Vec::<Sensitive>::new());
    }

    #[test]
    fn codes_need_a_keyword_nearby() {
        assert_eq!(mask("验证码是 482913"), "验证码是 ******");
        assert_eq!(mask("482913 is my code"), "****** is my code");
        assert_eq!(mask("我转了 482913 元"), "我转了 482913 元");
    }

    #[test]
    fn passwords_after_a_keyword_are_masked() {
        assert_eq!(mask("我的密码是abc12345"), "我的密码是********");
        assert_eq!(mask("password: hunter22"), "password: ********");
        assert_eq!(mask("我忘记密码了"), "我忘记密码了");
    }

    #[test]
    fn a_masked_password_is_not_masked_again() {
        // Found by `cargo fuzz run protocol`: a second pass over masked text found new
        // secrets in what the first had left (stars and symbols, a masked card's last four,
        // the groups after a masked password).
        for (text, masked) in [
            ("动态密码-102777=5555/", "动态密码-************"),
            ("5co动态密码de=55555+5[", "5co动态密码***********"),
            ("动态密码6222021234567894", "动态密码************7894"),
            ("动态密码12345 2 113555", "动态密码***** 2 113555"),
        ] {
            assert_eq!(mask(text), masked, "{text}");
            assert_eq!(mask(masked), masked, "{text}");
        }
    }

    #[test]
    fn a_keyword_hidden_by_masking_does_not_clear_a_card() {
        // "tel" marks the number after it as a phone number, but it sits inside a password;
        // once the password is masked the number reads as the card it is.
        let text = "密码8888888888888tel55，4111111111111111";
        let masked = mask(text);
        assert_eq!(masked, mask(&masked));
        assert!(!masked.contains("4111111111111111"), "{masked}");
    }

    #[test]
    fn masking_twice_changes_nothing() {
        let once = mask("卡号 6222 0212 3456 7894，验证码 482913，身份证 11010519491231002X");
        assert_eq!(mask(&once), once);
        assert!(once.contains("7894") && once.contains("002X"), "{once}");
    }

    #[test]
    fn nothing_panics_on_odd_text() {
        for text in [
            "",
            "密码",
            "密码是",
            "1",
            "６２２２０２１２３４５６７８９４",
            "x1234567890123456",
            // Unicode lower-casing makes this 17 bytes again, with 码 split across offsets.
            "\u{212A}密码abcdİİ",
            "İ密码İabcdefg",
        ] {
            let _ = mask(text);
        }
        assert_eq!(
            kinds("６２２２０２１２３４５６７８９４"),
            vec![Sensitive::BankCard]
        );
        // A cased non-ASCII letter elsewhere in the message hides no password.
        assert_eq!(kinds("\u{212A}İ 密码 abcd1234"), vec![Sensitive::Password]);
    }
}
