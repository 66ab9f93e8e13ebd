//! A split index answers exactly as the one-file index does, fetching only the shards a query
//! needs, and refuses shards that are not its own.

use std::path::{Path, PathBuf};

use helpdock_indexer::{build_with_options, Quiet};
use helpdock_search::{Index, IndexError, SearchOptions, Split, SplitOptions};

const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content");

/// Shards far smaller than the default, so the 66 demo articles make many of them.
const SMALL: SplitOptions = SplitOptions {
    postings_bytes: 512,
    docs_per_shard: 3,
};

fn build(out: &Path, split: Split) -> PathBuf {
    build_with_options(CONTENT.as_ref(), out, split, &Quiet).unwrap();
    out.join("index.bin")
}

fn whole_and_split() -> (tempfile::TempDir, Index, Index, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let whole = build(&tmp.path().join("whole"), Split::Never);
    let split = build(&tmp.path().join("split"), Split::Always(SMALL));
    let whole = Index::from_bytes(&std::fs::read(whole).unwrap()).unwrap();
    let dir = split.parent().unwrap().to_path_buf();
    let split = Index::from_bytes(&std::fs::read(split).unwrap()).unwrap();
    assert!(!whole.is_split() && split.is_split());
    (tmp, whole, split, dir)
}

/// What the widget does: answer, fetch what was missing, answer again until nothing is.
/// Returns the answer and how many shards it fetched.
fn answer<T>(index: &mut Index, dir: &Path, ask: impl Fn(&Index) -> T) -> (T, usize) {
    let mut fetched = 0;
    loop {
        let _ = index.take_missing();
        let result = ask(index);
        let missing = index.take_missing();
        if missing.is_empty() {
            return (result, fetched);
        }
        for (_, path) in missing {
            index
                .add_shard(&std::fs::read(dir.join(path)).unwrap())
                .unwrap();
            fetched += 1;
        }
    }
}

fn judged_queries() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/relevance/demo-judgments.toml"
    ))
    .unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("q = \""))
        .map(|q| q.trim_end_matches('"').replace("\\\"", "\""))
        .collect()
}

#[test]
fn a_split_index_ranks_and_shows_every_judged_query_as_one_file_does() {
    let (_tmp, whole, mut split, dir) = whole_and_split();
    let total = split.shard_paths().len();
    let queries = judged_queries();
    assert!(queries.len() >= 200);
    let options = SearchOptions::default();
    let (first, fetched) = answer(&mut split, &dir, |i| i.search(&queries[0], &options));
    assert_eq!(first, whole.search(&queries[0], &options));
    assert!(!first.is_empty() && first[0].snippet.text.chars().count() > 10);
    assert!(
        fetched > 0 && fetched < total / 2,
        "the first query fetched {fetched} of {total} shards"
    );
    for q in &queries {
        let (hits, _) = answer(&mut split, &dir, |i| i.search(q, &options));
        assert_eq!(hits, whole.search(q, &options), "{q}");
    }
}

#[test]
fn suggestions_and_articles_come_from_the_shards_they_need() {
    let (_tmp, whole, mut split, dir) = whole_and_split();
    let titles = |docs: Vec<&helpdock_search::StoredDoc>| -> Vec<(String, String)> {
        docs.into_iter()
            .map(|d| (d.id.clone(), d.title.clone()))
            .collect()
    };
    let (completions, fetched) = answer(&mut split, &dir, |i| i.completions("退款", 5));
    assert_eq!(completions, whole.completions("退款", 5));
    assert!(
        !completions.is_empty() && fetched == 1,
        "the phrases shard alone"
    );
    let (popular, _) = answer(&mut split, &dir, |i| titles(i.popular(Some("zh"), 5)));
    assert_eq!(popular, titles(whole.popular(Some("zh"), 5)));
    assert!(popular.iter().all(|(_, title)| !title.is_empty()));
    let keys = vec!["payment_failed".to_string()];
    let context = |i: &Index| {
        let found = i.for_context("/orders/1", &keys, Some("zh"));
        titles(found.into_iter().map(|f| f.0).collect())
    };
    let (for_context, _) = answer(&mut split, &dir, context);
    assert_eq!(for_context, context(&whole));
    let id = "refund-not-received";
    let (related, _) = answer(&mut split, &dir, |i| titles(i.related(id, 4)));
    assert_eq!(related, titles(whole.related(id, 4)));
    assert!(!related.is_empty());
    let (doc, _) = answer(&mut split, &dir, |i| i.doc_by_id(id).cloned());
    assert_eq!(doc.as_ref(), whole.doc_by_id(id));
}

#[test]
fn shards_of_another_build_or_damaged_ones_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = build(&tmp.path().join("a"), Split::Always(SMALL));
    let other = SplitOptions {
        docs_per_shard: 4,
        ..SMALL
    };
    let b = build(&tmp.path().join("b"), Split::Always(other));
    let mut index = Index::from_bytes(&std::fs::read(&a).unwrap()).unwrap();
    let theirs = Index::from_bytes(&std::fs::read(&b).unwrap()).unwrap();
    let (_, foreign) = &theirs.shard_paths()[0];
    let foreign = std::fs::read(b.parent().unwrap().join(foreign)).unwrap();
    assert!(matches!(
        index.add_shard(&foreign),
        Err(IndexError::ShardMismatch(_))
    ));
    let (_, ours) = &index.shard_paths()[0];
    let mut damaged = std::fs::read(a.parent().unwrap().join(ours)).unwrap();
    let last = damaged.len() - 1;
    damaged[last] ^= 0xff;
    assert!(matches!(
        index.add_shard(&damaged),
        Err(IndexError::ChecksumMismatch { .. })
    ));
    assert!(matches!(
        index.add_shard(&std::fs::read(&a).unwrap()),
        Err(IndexError::BadMagic)
    ));
    for len in 0..damaged.len() {
        let _ = index.add_shard(&damaged[..len]);
    }
}

#[test]
fn a_missing_shard_file_fails_loading_with_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let main = build(&tmp.path().join("a"), Split::Always(SMALL));
    let mut index = Index::from_bytes(&std::fs::read(&main).unwrap()).unwrap();
    let (_, path) = index.shard_paths().pop().unwrap();
    std::fs::remove_file(main.parent().unwrap().join(&path)).unwrap();
    let err = index.add_shards_from(main.parent().unwrap()).unwrap_err();
    assert!(err.to_string().contains(&path), "{err}");
}

#[test]
fn auto_keeps_the_demo_in_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    let main = build(tmp.path(), Split::AUTO);
    let index = Index::from_bytes(&std::fs::read(main).unwrap()).unwrap();
    assert!(!index.is_split());
    assert!(!tmp.path().join("shards").exists());
}
