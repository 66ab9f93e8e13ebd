//! Behaviour of a built index: what a visitor's query finds, and how bad bytes are refused.

use helpdock_search::{
    Article, ChineseTables, Index, IndexBuilder, IndexError, SearchOptions, SynonymGroup,
    FORMAT_VERSION,
};

fn article(id: &str, title: &str, tags: &[&str], body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        category: "test".into(),
        locale: if title.is_ascii() { "en" } else { "zh-CN" }.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        body: body.into(),
        ..Article::default()
    }
}

fn demo_bytes() -> Vec<u8> {
    let mut b = IndexBuilder::new();
    b.add(article(
        "refund-not-received",
        "退款一直没到账怎么办？",
        &["退款", "没到账"],
        "商家同意退款后，退回余额即时到账，退回银行卡需要 1–3 个工作日。",
    ));
    b.add(article(
        "account-frozen",
        "账户被冻结了怎么解冻？",
        &["冻结", "解冻"],
        "账户因安全原因被冻结时，可以在 App 内申请解冻，或拨打 95733。",
    ));
    b.add(article(
        "contact-human-agent",
        "如何联系人工客服",
        &["转人工", "人工客服"],
        "在客服中心输入转人工即可排队。退款问题也可以找人工。",
    ));
    b.add(article(
        "refund-not-received-en",
        "My refund has not arrived",
        &["refund", "money back"],
        "Refunds to a bank card take 1-3 business days after the merchant approves them.",
    ));
    b.add(article(
        "forgot-password-en",
        "Forgot your password",
        &["password", "reset"],
        "Reset your login password from the sign-in screen.",
    ));
    b.finish()
}

fn ids(index: &Index, query: &str) -> Vec<String> {
    index
        .search(query, &SearchOptions::default())
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn a_synonym_phrase_stands_for_its_content_words_only() {
    let group = SynonymGroup {
        phrases: ["failed", "not working", "doesn't work"]
            .map(String::from)
            .to_vec(),
        intent: None,
        pinned: Vec::new(),
        one_way: false,
    };
    let mut b = IndexBuilder::with_language(ChineseTables::default(), vec![group]);
    b.add(article(
        "payment-failed",
        "Payment failed",
        &[],
        "Your card payment failed.",
    ));
    b.add(article(
        "tracking",
        "My tracking hasn't updated",
        &[],
        "The parcel hasn't moved and it isn't lost.",
    ));
    let index = Index::from_bytes(&b.finish()).unwrap();
    // `doesn't` splits into the stopwords `doesn` and `t`: they must not match every `hasn't`.
    assert_eq!(ids(&index, "not working"), ["payment-failed"]);
}

#[test]
fn a_synonym_phrase_of_several_words_counts_only_whole() {
    let found = |phrases: [&str; 2]| {
        let group = SynonymGroup {
            phrases: phrases.map(String::from).to_vec(),
            intent: None,
            pinned: Vec::new(),
            one_way: false,
        };
        let mut b = IndexBuilder::with_language(ChineseTables::default(), vec![group]);
        b.add(article(
            "card-code",
            "Card security code",
            &[],
            "Three digits on the back.",
        ));
        b.add(article(
            "checkout",
            "Checkout",
            &[],
            "Type a promo code here.",
        ));
        b.add(article(
            "delivery",
            "Delivery times",
            &[],
            "Parcels arrive in two days.",
        ));
        let index = Index::from_bytes(&b.finish()).unwrap();
        ids(&index, "coupon")
    };
    // A security code is not a promo code: sharing `code` is no match for the phrase.
    assert_eq!(found(["coupon", "promo code"]), ["checkout"]);
    assert_eq!(found(["coupon", "code"]), ["card-code", "checkout"]);
}

#[test]
fn an_index_round_trips_its_articles() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    assert_eq!(index.len(), 5);
    let doc = index.doc_by_id("account-frozen").unwrap();
    assert_eq!(doc.title, "账户被冻结了怎么解冻？");
    assert_eq!(doc.tags, ["冻结", "解冻"]);
    assert!(index.term_count() > 20);
}

#[test]
fn the_article_about_the_query_ranks_first() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    assert_eq!(ids(&index, "退款")[0], "refund-not-received");
    assert_eq!(ids(&index, "账户冻结了")[0], "account-frozen");
    assert_eq!(ids(&index, "转人工")[0], "contact-human-agent");
    assert_eq!(ids(&index, "refund")[0], "refund-not-received-en");
}

#[test]
fn a_colloquial_sentence_finds_its_article() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    assert_eq!(ids(&index, "退款一直不到账")[0], "refund-not-received");
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    assert_eq!(ids(&index, "passw")[0], "forgot-password-en");
    assert_eq!(ids(&index, "冻")[0], "account-frozen");
    // A finished word (trailing space) is matched exactly, not as a prefix.
    assert!(ids(&index, "passw ").is_empty());
}

#[test]
fn a_letter_beside_other_words_is_only_that_letter() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    // The `p` being typed after `refund` is no word yet: not `password`, nor the initial
    // of 排队 (pái duì). The results are those for `refund`.
    assert_eq!(ids(&index, "refund p"), ids(&index, "refund"));
    assert!(!ids(&index, "refund p").contains(&"forgot-password-en".to_string()));
    // Alone, a letter still starts words: the visitor's first keystroke finds something.
    assert!(!ids(&index, "p").is_empty());
}

#[test]
fn a_compound_typed_as_one_word_finds_its_two_words() {
    let mut b = IndexBuilder::new();
    b.add(article(
        "topup-missing",
        "Phone top-up not received",
        &["top-up"],
        "A top-up to your phone can take up to an hour.",
    ));
    b.add(article(
        "sign-in",
        "Cannot sign in",
        &["sign in"],
        "Reset your password if you cannot sign in.",
    ));
    let index = Index::from_bytes(&b.finish()).unwrap();
    assert_eq!(ids(&index, "topup ")[0], "topup-missing");
    assert_eq!(ids(&index, "signin failed")[0], "sign-in");
}

#[test]
fn plural_queries_find_singular_words() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    assert_eq!(ids(&index, "passwords ")[0], "forgot-password-en");
}

#[test]
fn unmatched_and_empty_queries_find_nothing() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    assert!(ids(&index, "").is_empty());
    assert!(ids(&index, "   ？").is_empty());
    assert!(ids(&index, "xylophone ").is_empty());
}

#[test]
fn snippets_highlight_the_matched_words() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    let hit = &index.search("退款", &SearchOptions::default())[0];
    let (s, e) = hit.snippet.highlights[0];
    assert_eq!(&hit.snippet.text[s..e], "退款");
    let (s, e) = hit.title_highlights[0];
    assert_eq!(&hit.title[s..e], "退款");
}

#[test]
fn the_limit_caps_the_hits() {
    let index = Index::from_bytes(&demo_bytes()).unwrap();
    let options = SearchOptions {
        limit: 1,
        ..SearchOptions::default()
    };
    assert_eq!(index.search("退款", &options).len(), 1);
}

#[test]
fn a_truncated_file_is_refused() {
    let bytes = demo_bytes();
    for len in [0, 4, 8, 23, 24, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            matches!(
                Index::from_bytes(&bytes[..len]),
                Err(IndexError::Truncated { .. })
            ),
            "length {len}"
        );
    }
}

#[test]
fn a_flipped_byte_in_the_payload_fails_the_checksum() {
    let mut bytes = demo_bytes();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    assert!(matches!(
        Index::from_bytes(&bytes),
        Err(IndexError::ChecksumMismatch { .. })
    ));
}

#[test]
fn another_format_version_is_refused_by_number() {
    let mut bytes = demo_bytes();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = Index::from_bytes(&bytes).err().unwrap();
    assert_eq!(
        err,
        IndexError::WrongVersion {
            found: FORMAT_VERSION + 1,
            expected: FORMAT_VERSION
        }
    );
    assert!(err.to_string().contains("helpdock build"));
}

#[test]
fn a_file_that_is_not_an_index_is_refused() {
    assert_eq!(
        Index::from_bytes(b"<html>not found</html>").err(),
        Some(IndexError::BadMagic)
    );
}

#[test]
fn any_prefix_or_single_byte_corruption_never_panics() {
    let bytes = demo_bytes();
    for i in (0..bytes.len()).step_by(7) {
        let mut corrupt = bytes.clone();
        corrupt[i] = corrupt[i].wrapping_add(1);
        let _ = Index::from_bytes(&corrupt);
        let _ = Index::from_bytes(&bytes[..i]);
    }
}

/// Payloads the `index_payload` fuzz target found: behind a valid header and checksum, a term
/// dictionary whose node addresses point outside its bytes, which made fst panic (the second
/// also carried fst's own checksum, right). A crafted file must be refused like a damaged one.
#[test]
fn a_crafted_dictionary_with_the_right_checksum_is_refused() {
    let payloads: [&[u8]; 2] = [
        include_bytes!("fixtures/crafted-fst-1.bin"),
        include_bytes!("fixtures/crafted-fst-2.bin"),
    ];
    for payload in payloads {
        let mut file = b"HELPDOCK".to_vec();
        file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        file.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
        file.extend_from_slice(payload);
        assert!(matches!(
            Index::from_bytes(&file),
            Err(IndexError::Corrupt(reason)) if reason.contains("dictionary")
        ));
    }
}
