//! Pinyin typed with a slip of the finger: `tuikaun` for tuikuan (退款), `renggong` for rengong
//! (人工). On a phone's Latin keyboard such slips are as common in pinyin as in English, but a
//! word that spells no syllables reaches no Chinese term at all, and the English typo matching
//! walks the dictionary's English words, not readings. The query tries the spellings one edit
//! away, likeliest slips first, and takes the first that reads as syllables spelling words the
//! index has (see `Index::pinyin_near_miss`).

/// Words shorter than this are not corrected: one edit from four letters reaches too many
/// readings (`tuk`, `kua`) to guess which the visitor meant.
pub const MIN_LEN: usize = 5;

/// The letters a missing letter is tried as: the vowels, and the n, g and h of the finals -n,
/// -ng and the initials zh, ch, sh, which is where pinyin's missing letters mostly fall. All 26
/// would nearly triple the spellings tried for a word that is no pinyin at all (an English
/// word the index lacks), the common case, and every keystroke pays for them.
const LIKELY_LETTERS: [u8; 8] = *b"aeiougnh";

/// The keys around each letter on a QWERTY keyboard, a to z: a wrong letter is mostly a
/// neighbour of the right one (`fingdan` for dingdan, `tuikuab` for tuikuan).
const NEIGHBOURS: [&[u8]; 26] = [
    b"qwsz", b"vghn", b"xdfv", b"serfcx", b"wsdr", b"drtgvc", b"ftyhbv", b"gyujnb", b"ujko",
    b"huikmn", b"jiolm", b"kop", b"njk", b"bhjm", b"iklp", b"ol", b"wa", b"edft", b"awedxz",
    b"rfgy", b"yhji", b"cfgb", b"qase", b"zsdc", b"tghu", b"asx",
];

/// The first answer `attempt` gives for the spellings one edit from `letters` (lower-case
/// ASCII), tried in the order slips happen on a phone keyboard: two neighbouring letters
/// swapped, a letter doubled or extra, a letter missing (one of [`LIKELY_LETTERS`]), a letter
/// wrong (one of its [`NEIGHBOURS`]). Nothing for words of other characters or shorter than
/// [`MIN_LEN`].
/// Plain loops over one buffer: no allocation per spelling, and little code in the widget.
pub fn first_one_edit<T>(letters: &str, mut attempt: impl FnMut(&str) -> Option<T>) -> Option<T> {
    let bytes = letters.as_bytes();
    if bytes.len() < MIN_LEN || !bytes.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let n = bytes.len();
    let mut word: Vec<u8> = Vec::with_capacity(n + 1);
    let mut spelled = |edit: &dyn Fn(&mut Vec<u8>)| {
        word.clear();
        word.extend_from_slice(bytes);
        edit(&mut word);
        attempt(std::str::from_utf8(&word).unwrap_or_default())
    };
    for i in 1..n {
        if bytes[i - 1] != bytes[i] {
            if let Some(found) = spelled(&|w| w.swap(i - 1, i)) {
                return Some(found);
            }
        }
    }
    for i in 0..n {
        if let Some(found) = spelled(&|w| {
            w.remove(i);
        }) {
            return Some(found);
        }
    }
    for i in 0..=n {
        for c in LIKELY_LETTERS {
            if let Some(found) = spelled(&|w| w.insert(i, c)) {
                return Some(found);
            }
        }
    }
    for i in 0..n {
        for &c in NEIGHBOURS[usize::from(bytes[i] - b'a')] {
            if let Some(found) = spelled(&|w| w[i] = c) {
                return Some(found);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings(letters: &str) -> Vec<String> {
        let mut all = Vec::new();
        first_one_edit(letters, |w| -> Option<()> {
            all.push(w.to_string());
            None
        });
        all
    }

    #[test]
    fn swaps_come_first_then_extra_missing_and_wrong_letters() {
        let all = spellings("tuikaun");
        assert_eq!(all[0], "utikaun");
        let at = |w: &str| all.iter().position(|x| x == w).unwrap();
        assert!(at("tuikuan") < at("tuikan")); // a swap before a deletion
                                               // A deletion before an insertion.
        assert!(at("tuikan") < at("tuikauan"));
        // An insertion before a substitution.
        assert!(at("tuikauan") < at("tuikaub"));
        // 6 swaps, 7 deletions, 8 × 8 insertions, and each letter's neighbours on the keyboard
        // (t 4, u 4, i 4, k 5, a 4, u 4, n 4).
        assert_eq!(all.len(), 6 + 7 + 8 * 8 + (4 + 4 + 4 + 5 + 4 + 4 + 4));
    }

    #[test]
    fn keyboard_neighbours_are_each_others() {
        for (i, keys) in NEIGHBOURS.iter().enumerate() {
            let letter = b'a' + i as u8;
            for &k in *keys {
                let back = NEIGHBOURS[usize::from(k - b'a')].contains(&letter);
                assert!(k != letter && back, "{} and {}", letter as char, k as char);
            }
        }
    }

    #[test]
    fn short_or_non_letter_words_have_none() {
        assert!(spellings("tuik").is_empty());
        assert!(spellings("tuik5an").is_empty());
        assert!(spellings("退款退款退款").is_empty());
    }

    #[test]
    fn the_first_answer_ends_the_search() {
        let mut tried = 0;
        let found = first_one_edit("tuikaun", |w| {
            tried += 1;
            (w == "tuikuan").then(|| w.to_string())
        });
        assert_eq!(found.as_deref(), Some("tuikuan"));
        assert_eq!(tried, 5); // the fifth swap
    }
}
