//! Properties over random corpora: every article can be found by its own title, and search
//! never panics on any query.

use helpdock_search::{Article, Index, IndexBuilder, SearchOptions};
use proptest::prelude::*;

/// Titles mixing Chinese characters, Latin words and digits, as help-center titles do.
fn title() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[退款账户冻结密码转人工客服限额实名认证刷脸支付提现充值]{1,4}",
        "[a-z]{2,9}",
        "[0-9]{1,5}",
    ];
    proptest::collection::vec(word, 1..5).prop_map(|words| words.join(" "))
}

fn build(titles: &[String]) -> Index {
    let mut builder = IndexBuilder::new();
    for (i, title) in titles.iter().enumerate() {
        builder.add(Article {
            id: format!("a{i}"),
            title: title.clone(),
            body: format!("正文 {i} body text"),
            ..Article::default()
        });
    }
    Index::from_bytes(&builder.finish()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_article_is_found_by_its_own_exact_title(titles in proptest::collection::vec(title(), 1..40)) {
        let index = build(&titles);
        let options = SearchOptions { limit: titles.len(), ..SearchOptions::default() };
        for (i, title) in titles.iter().enumerate() {
            let hits = index.search(title, &options);
            let id = format!("a{i}");
            prop_assert!(hits.iter().any(|h| h.id == id), "{title:?} did not find {id}");
        }
    }

    #[test]
    fn any_query_returns_without_panicking(query in "\\PC{0,40}") {
        let index = build(&["退款一直没到账".to_string(), "Forgot password".to_string()]);
        let _ = index.search(&query, &SearchOptions::default());
    }
}
