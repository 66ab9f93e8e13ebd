//! `helpdock serve` as a process: it creates and migrates its SQLite file, reports health, and
//! refuses to start on a missing or corrupt index with a message that says what to run.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_helpdock"));
    command.args(["serve", "--addr", "127.0.0.1:0"]);
    command.arg("--data").arg(dir.join("data"));
    command.arg("--widget-dir").arg(dir.join("widget"));
    command.arg("--help-dir").arg(dir.join("help"));
    command
}

/// A site folder: the demo content built for real, and a widget folder with its loader and
/// the chat module's linker (what scripts/split-widget.sh adds to Trunk's build).
fn site(dir: &Path) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    helpdock_indexer::build(&content, &dir.join("help")).unwrap();
    std::fs::create_dir_all(dir.join("widget")).unwrap();
    std::fs::write(dir.join("widget/helpdock.js"), "/* loader */").unwrap();
    std::fs::write(dir.join("widget/__wasm_split.js"), "/* linker */").unwrap();
}

fn start(dir: &Path) -> Server {
    let mut child = serve_command(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("helpdock listening on http://")
        .expect(&line)
        .to_string();
    Server { child, addr }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let (status, _, body) = get_with(addr, path, "");
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A request with extra header lines: the status, the response's header block and its body.
fn get_with(addr: &str, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    (
        head[9..12].parse().unwrap(),
        head,
        response[split + 4..].to_vec(),
    )
}

#[test]
fn browsers_that_accept_brotli_get_the_widgets_precompressed_files() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let widget = tmp.path().join("widget");
    std::fs::write(widget.join("app.wasm"), b"\0asm plain").unwrap();
    std::fs::write(widget.join("app.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(widget.join("helpdock.js.br"), b"brotli loader").unwrap();
    let server = start(tmp.path());

    for (path, br) in [
        ("/widget/app.wasm", "brotli bytes"),
        ("/helpdock.js", "brotli loader"),
    ] {
        let (status, head, body) = get_with(&server.addr, path, "Accept-Encoding: gzip, br\r\n");
        assert_eq!(status, 200, "{head}");
        assert!(head.contains("content-encoding: br"), "{head}");
        assert!(
            head.contains("vary: accept-encoding"),
            "a cache must not serve br to all: {head}"
        );
        assert_eq!(body, br.as_bytes());
    }
    // A client that does not accept br (curl, an old browser) gets the file itself.
    let (status, head, body) = get_with(&server.addr, "/widget/app.wasm", "");
    assert_eq!(status, 200);
    assert!(!head.contains("content-encoding"), "{head}");
    assert_eq!(body, b"\0asm plain");
}

#[test]
fn first_start_creates_the_database_and_reports_healthy() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let server = start(tmp.path());

    let (status, body) = get(&server.addr, "/healthz");
    assert_eq!(status, 200, "{body}");
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    assert!(health["articles"].as_u64().unwrap() >= 55);
    assert!(tmp.path().join("data/helpdock.sqlite3").is_file());
}

#[test]
fn the_demo_page_embeds_the_widget_with_one_script_tag() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let server = start(tmp.path());
    let (status, page) = get(&server.addr, "/");
    assert_eq!(status, 200);
    // The embed is one tag; the page's other script is the host's own (its pay button).
    let embeds: Vec<&str> = page
        .split("<script")
        .skip(1)
        .filter(|tag| tag.contains("helpdock.js"))
        .collect();
    assert_eq!(embeds.len(), 1, "{page}");
    assert!(embeds[0].contains("src=\"/helpdock.js\""), "{page}");
    assert!(!page.contains("<script>"), "no inline script: {page}");
    assert_eq!(get(&server.addr, "/helpdock.js").0, 200);
    assert_eq!(
        get(&server.addr, "/help/articles/refund-not-received.html").0,
        200
    );
    assert_eq!(
        get(&server.addr, "/help/articles/no-such-article.html").0,
        404
    );
}

#[test]
fn a_restart_keeps_the_same_database() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    drop(start(tmp.path()));
    let server = start(tmp.path());
    assert_eq!(get(&server.addr, "/healthz").0, 200);
}

#[test]
fn a_missing_index_stops_the_server_with_the_command_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("widget")).unwrap();
    let output = serve_command(tmp.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("run `helpdock build"));
}

#[test]
fn a_widget_built_by_trunk_alone_stops_the_server_with_the_script_to_run() {
    // Without scripts/split-widget.sh the widget would load, then fail at its first import.
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    std::fs::remove_file(tmp.path().join("widget/__wasm_split.js")).unwrap();
    let output = serve_command(tmp.path()).output().unwrap();
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("scripts/build-site.sh"), "{stderr}");
}

#[test]
fn a_corrupt_index_stops_the_server_with_exit_code_2() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    let index = tmp.path().join("help/index.bin");
    let mut bytes = std::fs::read(&index).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&index, bytes).unwrap();
    let output = serve_command(tmp.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("truncated"));
}
