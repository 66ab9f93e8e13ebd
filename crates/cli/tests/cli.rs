//! The `helpdock` binary as a site owner uses it: build the demo content, search it, and get a
//! clear error (exit code 2, no panic) for every kind of bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn helpdock(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpdock"))
        .args(args)
        .output()
        .expect("run helpdock")
}

/// `helpdock build <content> --out <out>`.
fn build(content: &Path, out: &Path) -> Output {
    helpdock(&[
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn demo_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds the demo content into a temp folder and returns the index path.
fn built_index(dir: &Path) -> PathBuf {
    let out = dir.join("help");
    let output = build(&demo_content(), &out);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("index.bin") && stdout.contains("zh-CN"),
        "{stdout}"
    );
    out.join("index.bin")
}

fn search_json(index: &Path, query: &str) -> Vec<serde_json::Value> {
    let output = helpdock(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        query,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("search --json prints JSON")
}

#[test]
fn search_json_answers_a_visitors_question() {
    let tmp = tempfile::tempdir().unwrap();
    let index = built_index(tmp.path());
    let hits = search_json(&index, "退款一直不到账");
    assert_eq!(hits[0]["id"], "refund-not-received");
    for key in ["id", "title", "score", "snippet"] {
        assert!(hits[0].get(key).is_some(), "missing {key}");
    }
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        search_json(&index, "frozen account")[0]["id"],
        "account-frozen-en"
    );
}

#[test]
fn limit_caps_the_number_of_results() {
    let tmp = tempfile::tempdir().unwrap();
    let index = built_index(tmp.path());
    let output = helpdock(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "--limit",
        "2",
        "客服",
    ]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hits.len(), 2);
}

fn assert_bad_index(bytes: &[u8], expected_message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("index.bin");
    std::fs::write(&path, bytes).unwrap();
    let output = helpdock(&["search", "--index", path.to_str().unwrap(), "退款"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains(expected_message), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_corrupt_index_is_refused_with_exit_code_2() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(built_index(tmp.path())).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    assert_bad_index(&bytes, "checksum");
}

#[test]
fn a_truncated_index_is_refused_with_exit_code_2() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(built_index(tmp.path())).unwrap();
    assert_bad_index(&bytes[..bytes.len() - 100], "truncated");
    assert_bad_index(&bytes[..10], "truncated");
}

#[test]
fn an_index_of_another_version_is_refused_with_exit_code_2() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(built_index(tmp.path())).unwrap();
    bytes[8..12].copy_from_slice(&99u32.to_le_bytes());
    assert_bad_index(&bytes, "version 99 is not supported");
}

#[test]
fn a_file_that_is_not_an_index_is_refused_with_exit_code_2() {
    assert_bad_index(b"<!doctype html><p>404</p>", "not a Helpdock index");
}

#[test]
fn a_missing_index_file_is_a_clear_error() {
    let output = helpdock(&["search", "--index", "/nonexistent/index.bin", "退款"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cannot read the index /nonexistent/index.bin"));
}

#[test]
fn a_malformed_article_fails_the_build_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(
        content.join("broken.md"),
        "+++\nid = \"broken\"\ntitle = \"缺引号\ncategory = \"其他\"\nlocale = \"zh-CN\"\n+++\n正文\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let output = build(&content, &out);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("broken.md:3:"),
        "{}",
        stderr(&output)
    );
    assert!(
        !out.exists(),
        "a failed build must not leave partial output"
    );
}

#[test]
fn an_article_saved_as_gbk_fails_the_build_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    // "退款" in GBK on line 6, after a front matter in plain ASCII.
    let mut bytes = b"+++\nid = \"gbk\"\ntitle = \"Refund\"\nlocale = \"zh-CN\"\n+++\n".to_vec();
    bytes.extend_from_slice(&[0xCD, 0xCB, 0xBF, 0xEE, b'\n']);
    std::fs::write(content.join("gbk.md"), bytes).unwrap();
    let out = tmp.path().join("out");
    let output = build(&content, &out);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("gbk.md:6: not UTF-8 text (GBK?): save the file as UTF-8"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_link_to_an_article_that_does_not_exist_fails_the_build_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let article = |id: &str, body: &str| {
        format!("+++\nid = \"{id}\"\ntitle = \"{id}\"\nlocale = \"zh-CN\"\n+++\n{body}")
    };
    let good = article("refund", "退款。见[冻结](frozen.html#steps)。\n");
    std::fs::write(content.join("refund.md"), good).unwrap();
    let body = "解冻步骤。\n\n相关阅读：[《退款》](refund.html)[《限额》](limits.html)\n";
    std::fs::write(content.join("frozen.md"), article("frozen", body)).unwrap();
    let out = tmp.path().join("out");
    let output = build(&content, &out);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("frozen.md:8: links to limits.html, but no article has the id \"limits\""),
        "{err}"
    );
    assert!(!out.exists());
    // Every link names an article: the build goes through.
    std::fs::write(content.join("limits.md"), article("limits", "限额。\n")).unwrap();
    let output = build(&content, &out);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_reader_that_leaves_early_is_not_a_panic() {
    use std::process::Stdio;
    let tmp = tempfile::tempdir().unwrap();
    let index = built_index(tmp.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpdock"))
        .args([
            "search",
            "--index",
            index.to_str().unwrap(),
            "--limit",
            "50",
            "--explain",
            "客服",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head -0`
    let output = child.wait_with_output().unwrap();
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_judgments_file_that_measures_nothing_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let index = built_index(tmp.path());
    let index = index.to_str().unwrap();
    // A good judgment first, so each problem is reported at its own line, not the file's top.
    let good = "[[query]]\nq = \"退款\"\nkind = \"zh\"\nrelevant = [\"refund-not-received\"]\n\n";
    let cases = [
        ("query = []\n", "judgments.toml:1: the judgments file has no [[query]]"),
        (
            "[[query]]\nq = \"退款\"\nkind = \"zh\"\nrelevant = []\n",
            "judgments.toml:6: the judgment for \"退款\" names no relevant article",
        ),
        // A misspelt key would leave the query with nothing relevant: always a miss.
        (
            "[[query]]\nq = \"退款\"\nkind = \"zh\"\nrelevent = [\"refund\"]\nrelevant = []\n",
            "judgments.toml:9: not a judgments file: unknown field `relevent`",
        ),
        (
            "[[query]]\nq = \"退款\"\nkind = \"zh\"\nrelevant = [\"refund-not-recieved\"]\n",
            "judgments.toml:6: the judgment for \"退款\" names \"refund-not-recieved\", which is not in the index",
        ),
        (
            "[[query]]\nq = \" \"\nkind = \"zh\"\nrelevant = [\"refund-not-received\"]\n",
            "judgments.toml:6: a judgment's q is empty",
        ),
    ];
    for (text, expected) in cases {
        let judgments = tmp.path().join("judgments.toml");
        let text = if text.starts_with("query") {
            text.to_string()
        } else {
            format!("{good}{text}")
        };
        std::fs::write(&judgments, &text).unwrap();
        let output = helpdock(&["eval", judgments.to_str().unwrap(), "--index", index]);
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    }
}

#[test]
fn build_timings_name_every_stage() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("help");
    let content = demo_content();
    let output = helpdock(&[
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--timings",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("stages:"))
        .unwrap_or_else(|| panic!("no stages line in {stdout}"));
    for stage in ["reading", "analysing", "indexing", "writing"] {
        assert!(
            line.contains(&format!("{stage} ")),
            "{stage} missing: {line}"
        );
    }
    assert!(line.ends_with(" s"), "{line}");
    // Without the flag, the report stays as it was.
    let again = build(&content, &out);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("stages:"));
}
