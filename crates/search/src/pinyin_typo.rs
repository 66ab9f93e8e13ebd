//! Pinyin typed with a slip of the finger: `tuikaun` for tuikuan (退款), `renggong` for rengong
//! (人工). On a phone's Latin keyboard such slips are as common in pinyin as in English, but a
//! word that spells no syllables reaches no Chinese term at all, and the English typo matching
//! walks the dictionary's English words, not readings. The query tries the spellings one edit
//! away, likeliest slips first, and takes the first that reads as syllables spelling words the
//! index has (see `Index::pinyin_near_miss`).

/// Words shorter than this are not corrected: one edit from four letters reaches too many
/// readings (`tuk`, `kua`) to guess which the visitor meant.
pub const MIN_LEN: usize = 5;

/// The letters a missing or wrong letter is tried as: the vowels, and the n, g and h of the
/// finals -n, -ng and the initials zh, ch, sh, which is where pinyin slips mostly fall. All 26
/// would nearly triple the spellings tried for a word that is no pinyin at all (an English
/// word the index lacks), the common case, and every keystroke pays for them.
const LIKELY_LETTERS: [u8; 8] = *b"aeiougnh";

/// The spellings one edit from `letters` (lower-case ASCII), in the order slips happen on a
/// phone keyboard: two neighbouring letters swapped, a letter doubled or extra, a letter
/// missing, a letter wrong (the last two from [`LIKELY_LETTERS`]). Nothing for words of other
/// characters or shorter than [`MIN_LEN`].
pub fn one_edit_spellings(letters: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = letters.as_bytes();
    let usable = bytes.len() >= MIN_LEN && bytes.iter().all(u8::is_ascii_lowercase);
    // Positions to edit, and gaps to insert into: none for a word not to correct.
    let (n, gaps) = if usable {
        (bytes.len(), bytes.len() + 1)
    } else {
        (0, 0)
    };
    let with = move |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut word = bytes.to_vec();
        edit(&mut word);
        String::from_utf8(word).unwrap_or_default()
    };
    let swaps = (1..n)
        .filter(move |&i| bytes[i - 1] != bytes[i])
        .map(move |i| with(&|w: &mut Vec<u8>| w.swap(i - 1, i)));
    let extras = (0..n).map(move |i| {
        with(&|w: &mut Vec<u8>| {
            w.remove(i);
        })
    });
    let missing = (0..gaps)
        .flat_map(move |i| LIKELY_LETTERS.map(move |c| with(&|w: &mut Vec<u8>| w.insert(i, c))));
    let wrong = (0..n).flat_map(move |i| {
        (LIKELY_LETTERS.into_iter())
            .filter(move |&c| c != bytes[i])
            .map(move |c| with(&|w: &mut Vec<u8>| w[i] = c))
    });
    swaps.chain(extras).chain(missing).chain(wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_come_first_then_extra_missing_and_wrong_letters() {
        let all: Vec<String> = one_edit_spellings("tuikaun").collect();
        assert_eq!(all[0], "utikaun");
        let at = |w: &str| all.iter().position(|x| x == w).unwrap();
        assert!(at("tuikuan") < at("tuikan")); // a swap before a deletion
        assert!(at("tuikan") < at("tuikauan")); // a deletion before an insertion
        assert!(at("tuikauan") < at("tuikaan")); // an insertion before a substitution
                                                 // 6 swaps, 7 deletions, 8 × 8 insertions, and 8 letters in each of 7 places but the
                                                 // one there (u, i, a, u and n are in the list: 5 would be no change).
        assert_eq!(all.len(), 6 + 7 + 8 * 8 + (7 * 8 - 5));
    }

    #[test]
    fn short_or_non_letter_words_have_none() {
        assert_eq!(one_edit_spellings("tuik").count(), 0);
        assert_eq!(one_edit_spellings("tuik5an").count(), 0);
        assert_eq!(one_edit_spellings("退款退款退款").count(), 0);
    }
}
