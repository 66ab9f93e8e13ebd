//! `build` end to end on real folders: what it writes, and that a bad article writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use helpdock_indexer::{build, BuildError, OutputProblem};
use helpdock_search::{Index, SearchOptions};

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn article(id: &str, title: &str, body: &str) -> String {
    format!("+++\nid = \"{id}\"\ntitle = \"{title}\"\ncategory = \"其他\"\nlocale = \"zh-CN\"\n+++\n{body}\n")
}

/// A fresh folder for one test: the content folder (created) and the output path (not).
fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir(&content).unwrap();
    let out = tmp.path().join("out");
    (tmp, content, out)
}

#[test]
fn a_build_writes_an_index_and_a_page_per_article() {
    let (_tmp, content, out) = site();
    write(
        &content,
        "a.md",
        &article("refund", "退款没到账", "退款需要 1–3 个工作日。"),
    );
    write(
        &content,
        "b.md",
        &article("frozen", "账户冻结", "申请解冻。<script>x()</script>"),
    );

    let report = build(&content, &out).unwrap();

    assert_eq!(report.articles, 2);
    let bytes = fs::read(out.join("index.bin")).unwrap();
    let index = Index::from_bytes(&bytes).unwrap();
    // The brotli copy `helpdock serve` sends to browsers that accept br is the same index.
    let mut unpacked = Vec::new();
    let br = fs::read(out.join("index.bin.br")).unwrap();
    brotli::BrotliDecompress(&mut &br[..], &mut unpacked).unwrap();
    assert_eq!(unpacked, bytes);
    assert!(br.len() < bytes.len());
    assert_eq!(
        index.search("退款", &SearchOptions::default())[0].id,
        "refund"
    );
    let page = fs::read_to_string(out.join("articles/frozen.html")).unwrap();
    assert!(page.contains("<h1>账户冻结</h1>") && !page.contains("<script>"));
    // The widget's article view shows the page's one <article> element: the sanitised body.
    let body = &page[page.find("<article>").unwrap()..page.rfind("</article>").unwrap()];
    assert!(
        body.contains("申请解冻") && !body.contains("账户冻结"),
        "{body}"
    );
    assert_eq!(page.matches("<article>").count(), 1);
}

#[test]
fn a_malformed_article_names_file_and_line_and_keeps_the_old_output() {
    let (_tmp, content, out) = site();
    write(&content, "a.md", &article("refund", "退款没到账", "正文"));
    build(&content, &out).unwrap();
    let before = fs::read(out.join("index.bin")).unwrap();

    write(
        &content,
        "b.md",
        "+++\nid = \"broken\"\ntitle = \"坏的\ncategory = \"其他\"\n+++\n",
    );
    let err = build(&content, &out).unwrap_err();

    match &err {
        BuildError::Article { path, line, .. } => {
            assert!(path.ends_with("b.md"));
            assert_eq!(*line, 3);
        }
        other => panic!("unexpected error {other}"),
    }
    assert!(err.to_string().contains("b.md:3:"), "{err}");
    assert_eq!(fs::read(out.join("index.bin")).unwrap(), before);
    assert!(!out.join("articles/broken.html").exists());
}

#[test]
fn two_articles_with_one_id_are_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.md", &article("same", "一", "正文"));
    write(tmp.path(), "b.md", &article("same", "二", "正文"));
    let err = build(tmp.path(), &tmp.path().join("out")).unwrap_err();
    assert!(err.to_string().contains("already used by"), "{err}");
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn an_empty_folder_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(matches!(
        build(tmp.path(), &tmp.path().join("out")),
        Err(BuildError::NoArticles(_))
    ));
}

#[test]
fn drafts_readmes_and_underscore_files_are_not_articles() {
    let (_tmp, content, out) = site();
    write(
        &content,
        "a.md",
        &article("refund", "退款没到账", "退款需要 1–3 个工作日。"),
    );
    write(
        &content,
        "b.md",
        &article("frozen", "账户冻结", "申请解冻。").replace("+++\nid", "+++\ndraft = true\nid"),
    );
    write(&content, "README.md", "# How we write articles\n");
    write(&content, "_index.md", "Section notes\n");

    let report = build(&content, &out).unwrap();

    assert_eq!(report.articles, 1);
    assert!(out.join("articles/refund.html").exists());
    assert!(!out.join("articles/frozen.html").exists());
    // A folder of drafts alone is no help center.
    fs::remove_file(content.join("a.md")).unwrap();
    assert!(matches!(
        build(&content, &out),
        Err(BuildError::NoArticles(_))
    ));
}

#[test]
fn a_description_is_the_pages_meta_description_escaped() {
    let (_tmp, content, out) = site();
    let source = article("refund", "退款没到账", "退款需要 1–3 个工作日。").replace(
        "+++\nid",
        "+++\ndescription = \"退款多久到账 \\\"><script>x()</script>\"\nid",
    );
    write(&content, "a.md", &source);
    write(
        &content,
        "b.md",
        &article("frozen", "账户冻结", "申请解冻。"),
    );

    build(&content, &out).unwrap();

    let page = fs::read_to_string(out.join("articles/refund.html")).unwrap();
    let meta = page
        .lines()
        .find(|l| l.contains("name=\"description\""))
        .unwrap();
    assert!(meta.contains("退款多久到账"), "{meta}");
    assert!(
        !meta.contains("<script>") && !meta.contains("\">\""),
        "{meta}"
    );
    let other = fs::read_to_string(out.join("articles/frozen.html")).unwrap();
    assert!(!other.contains("name=\"description\""));
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone() {
    use helpdock_indexer::{build_with_options, Quiet};
    use helpdock_search::{Split, SplitOptions};
    use std::os::unix::fs::MetadataExt;
    let split = Split::Always(SplitOptions {
        postings_bytes: 256,
        docs_per_shard: 1,
    });
    let (_tmp, content, out) = site();
    write(
        &content,
        "a.md",
        &article("refund", "退款没到账", "退款需要 1–3 个工作日。"),
    );
    write(
        &content,
        "b.md",
        &article("frozen", "账户冻结", "申请解冻。"),
    );
    write(
        &content,
        "c.md",
        &article("limit", "转账限额", "每日限额五万元。"),
    );
    build_with_options(&content, &out, split, &Quiet).unwrap();
    let inode = |name: &str| fs::metadata(out.join(name)).unwrap().ino();
    let untouched = inode("articles/refund.html");
    let shard_folders = || fs::read_dir(out.join("shards")).unwrap().count();
    assert_eq!(shard_folders(), 1);

    // The same content again: not one file rewritten.
    build_with_options(&content, &out, split, &Quiet).unwrap();
    assert_eq!(inode("articles/refund.html"), untouched);

    write(
        &content,
        "b.md",
        &article("frozen", "账户冻结", "致电客服解冻。"),
    );
    fs::remove_file(content.join("c.md")).unwrap();
    build_with_options(&content, &out, split, &Quiet).unwrap();

    assert_eq!(inode("articles/refund.html"), untouched);
    let page = fs::read_to_string(out.join("articles/frozen.html")).unwrap();
    assert!(page.contains("致电客服解冻"), "{page}");
    assert!(!out.join("articles/limit.html").exists());
    // The old build's shards are gone; the new index finds the new text through its own.
    assert_eq!(shard_folders(), 1);
    let mut index = Index::from_bytes(&fs::read(out.join("index.bin")).unwrap()).unwrap();
    for (_, path) in index.shard_paths() {
        index.add_shard(&fs::read(out.join(path)).unwrap()).unwrap();
    }
    let hits = index.search("致电客服", &SearchOptions::default());
    assert_eq!(hits[0].id, "frozen");
    assert!(index
        .search("限额", &SearchOptions::default())
        .iter()
        .all(|h| h.id != "limit"));
    let leftovers: Vec<_> = fs::read_dir(out.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn a_build_never_replaces_a_folder_it_did_not_make() {
    let (_tmp, content, out) = site();
    write(&content, "a.md", &article("refund", "退款没到账", "正文"));

    // The articles' own folder, and a folder holding it.
    for out in [content.clone(), content.join("..")] {
        let err = build(&content, &out).unwrap_err();
        let problem = OutputProblem::HoldsTheArticles;
        assert!(
            matches!(err, BuildError::Output { problem: p, .. } if p == problem),
            "{err}"
        );
    }
    assert!(content.join("a.md").exists());

    // A folder of someone else's files, and a file.
    fs::create_dir(&out).unwrap();
    write(&out, "notes.txt", "keep me");
    let err = build(&content, &out).unwrap_err();
    let problem = OutputProblem::NotABuild;
    assert!(
        matches!(err, BuildError::Output { problem: p, .. } if p == problem),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    let file = out.join("notes.txt");
    let err = build(&content, &file).unwrap_err();
    let problem = OutputProblem::IsAFile;
    assert!(
        matches!(err, BuildError::Output { problem: p, .. } if p == problem),
        "{err}"
    );

    // An empty folder, then the same output again, are fine.
    fs::remove_file(&file).unwrap();
    build(&content, &out).unwrap();
    build(&content, &out).unwrap();
}

#[test]
fn upper_case_and_long_extensions_are_articles_and_hidden_folders_are_not() {
    let (_tmp, content, out) = site();
    write(&content, "a.md", &article("a", "一", "正文"));
    write(&content, "B.MD", &article("b", "二", "正文"));
    write(&content, "c.markdown", &article("c", "三", "正文"));
    fs::create_dir(content.join(".github")).unwrap();
    write(&content.join(".github"), "bug.md", "not an article");
    assert_eq!(build(&content, &out).unwrap().articles, 3);
}

/// A help center that links in a shared folder of articles (a symbolic link to a folder
/// elsewhere) builds those articles too.
#[cfg(unix)]
#[test]
fn a_linked_folder_of_articles_is_read() {
    let (tmp, content, out) = site();
    write(&content, "a.md", &article("a", "一", "正文"));
    let shared = tmp.path().join("shared");
    fs::create_dir(&shared).unwrap();
    write(&shared, "s.md", &article("s", "共享", "正文"));
    std::os::unix::fs::symlink(&shared, content.join("shared")).unwrap();
    assert_eq!(build(&content, &out).unwrap().articles, 2);
    assert!(out.join("articles/s.html").is_file());
}
