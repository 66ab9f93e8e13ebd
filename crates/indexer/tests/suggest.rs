//! What the widget suggests besides results, on the demo help center: articles for the page and
//! for the host's error hooks, popular and related articles, completions and "did you mean".

use std::sync::OnceLock;

use helpdock_search::{ContextMatch, Index};

fn demo() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let content = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content");
        let report = helpdock_indexer::build(content.as_ref(), out.path()).unwrap();
        Index::from_bytes(&std::fs::read(report.index_path).unwrap()).unwrap()
    })
}

fn ids<'a>(docs: impl IntoIterator<Item = &'a helpdock_search::StoredDoc>) -> Vec<&'a str> {
    docs.into_iter().map(|d| d.id.as_str()).collect()
}

#[test]
fn a_host_error_hook_puts_its_articles_before_the_pages() {
    let keys = vec!["PAYMENT_FAILED".to_string()];
    let found = demo().for_context("/orders/42", &keys, Some("zh"));
    let first_page = found
        .iter()
        .position(|f| f.1 == ContextMatch::Page)
        .unwrap();
    assert!(first_page > 0, "the key matches come first");
    assert!(found[..first_page]
        .iter()
        .all(|(d, _)| d.contexts.iter().any(|c| c == "payment_failed")));
    assert!(found[first_page..]
        .iter()
        .all(|(d, _)| d.contexts.iter().any(|c| c.starts_with("/orders/"))));
    assert!(found.iter().all(|(d, _)| d.locale == "zh-CN"));
}

#[test]
fn a_problem_on_its_own_page_comes_before_the_same_problem_elsewhere() {
    let keys = vec!["payment_failed".to_string()];
    let found = demo().for_context("/checkout/demo", &keys, Some("zh"));
    let here = |d: &helpdock_search::StoredDoc| d.contexts.iter().any(|c| c == "/checkout/*");
    let problem: Vec<bool> = (found.iter())
        .filter(|f| f.1 == ContextMatch::Key)
        .map(|(d, _)| here(d))
        .collect();
    assert!(
        problem.contains(&true) && problem.contains(&false),
        "{problem:?}"
    );
    assert!(
        problem.windows(2).all(|w| w[0] >= w[1]),
        "those for this page first: {problem:?}"
    );
}

#[test]
fn a_page_without_patterns_gets_no_context_articles() {
    assert!(demo().for_context("/about", &[], Some("zh")).is_empty());
}

#[test]
fn popular_articles_are_in_the_visitors_language_most_popular_first() {
    let en = demo().popular(Some("en"), 5);
    assert_eq!(en.len(), 5);
    assert!(en.iter().all(|d| d.locale == "en"));
    assert!(en.windows(2).all(|w| w[0].popularity >= w[1].popularity));
}

#[test]
fn related_articles_share_the_subject_and_language_but_not_the_article() {
    let related = ids(demo().related("account-frozen", 3));
    assert_eq!(related.len(), 3);
    assert!(!related.contains(&"account-frozen"));
    assert!(related
        .iter()
        .all(|id| demo().doc_by_id(id).unwrap().locale == "zh-CN"));
}

#[test]
fn completions_continue_what_the_visitor_typed() {
    let completions = demo().completions("退款", 5);
    assert!(!completions.is_empty());
    assert!(completions
        .iter()
        .all(|c| c.starts_with("退款") && c != "退款"));
    // Traditional input completes to the simplified phrases the articles use.
    assert!(!demo().completions("帳戶", 5).is_empty());
    assert!(
        demo().completions("退", 5).is_empty(),
        "one character is too little to guess from"
    );
}

#[test]
fn a_misspelt_query_gets_a_respelling_that_finds_articles() {
    assert_eq!(demo().did_you_mean("refnud").as_deref(), Some("refund"));
    assert_eq!(
        demo().did_you_mean("how do I get my refnud").as_deref(),
        Some("how do I get my refund")
    );
    assert_eq!(
        demo().did_you_mean("refund"),
        None,
        "a known word needs no respelling"
    );
    assert_eq!(demo().did_you_mean("xqzv"), None);
}
