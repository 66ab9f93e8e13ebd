//! What a visitor downloads from a split index while typing: for each query of a file, the
//! shards each keystroke fetches, in gzip bytes, as the widget fetches them (ask, fetch what
//! the answer lacked, ask again). Each query starts from the main file alone, a fresh visit.
//!
//! ```text
//! cargo build --release -p helpdock-search --example typing_bytes
//! target/release/examples/typing_bytes DIR QUERIES [--keystrokes] [--rounds]
//! ```
//!
//! `DIR` is a `helpdock build --split always` output, `QUERIES` one query a line. Without
//! `--keystrokes` the whole query is asked at once; with it, every prefix of it in turn, and
//! each keystroke that fetched something is printed. `--rounds` prints how many shards each
//! round of asking fetched, and how many of them held postings. Sizes are `gzip -9` of each shard
//! (the `gzip` command), as `bench/peers` counts them.

use std::collections::HashMap;
use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use helpdock_search::{Index, SearchOptions, ShardId};

fn gzip_size(bytes: &[u8]) -> Result<usize, Box<dyn Error>> {
    let mut child = Command::new("gzip")
        .arg("-9c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    child.stdin.take().ok_or("no stdin")?.write_all(bytes)?;
    Ok(child.wait_with_output()?.stdout.len())
}

/// Shards read from disk once, with their gzip sizes.
struct Shards {
    dir: PathBuf,
    read: HashMap<String, (Vec<u8>, usize)>,
}

impl Shards {
    fn get(&mut self, path: &str) -> Result<&(Vec<u8>, usize), Box<dyn Error>> {
        if !self.read.contains_key(path) {
            let bytes = std::fs::read(self.dir.join(path))?;
            let size = gzip_size(&bytes)?;
            self.read.insert(path.to_string(), (bytes, size));
        }
        Ok(&self.read[path])
    }
}

/// Asks `query` until nothing is missing; returns the gzip bytes and files fetched.
fn ask(
    index: &mut Index,
    query: &str,
    shards: &mut Shards,
    rounds: bool,
) -> Result<(usize, usize), Box<dyn Error>> {
    let (mut bytes, mut files) = (0, 0);
    loop {
        let _ = index.search(query, &SearchOptions::default());
        let missing = index.take_missing();
        if missing.is_empty() {
            return Ok((bytes, files));
        }
        if rounds {
            let postings = (missing.iter())
                .filter(|(id, _)| matches!(id, ShardId::Postings(_)))
                .count();
            println!("  round: {} shards ({postings} postings)", missing.len());
        }
        for (_, path) in missing {
            let (shard, size) = shards.get(&path)?;
            index.add_shard(shard)?;
            bytes += size;
            files += 1;
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keystrokes = args.iter().any(|a| a == "--keystrokes");
    let rounds = args.iter().any(|a| a == "--rounds");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [dir, queries] = paths.as_slice() else {
        return Err("usage: typing_bytes DIR QUERIES [--keystrokes] [--rounds]".into());
    };
    let dir = Path::new(dir);
    let main_file = std::fs::read(dir.join("index.bin"))?;
    println!("main file: {} B gzip", gzip_size(&main_file)?);
    let mut shards = Shards {
        dir: dir.to_path_buf(),
        read: HashMap::new(),
    };
    let mut totals = Vec::new();
    for query in std::fs::read_to_string(queries)?
        .lines()
        .filter(|l| !l.is_empty())
    {
        let mut index = Index::from_bytes(&main_file)?;
        let chars: Vec<char> = query.chars().collect();
        let steps: Vec<String> = if keystrokes {
            (1..=chars.len())
                .map(|n| chars[..n].iter().collect())
                .collect()
        } else {
            vec![query.to_string()]
        };
        let mut total = 0;
        for step in steps {
            let (bytes, files) = ask(&mut index, &step, &mut shards, rounds)?;
            if keystrokes && files > 0 {
                println!("  {step:?}: {bytes} B in {files} shards");
            }
            total += bytes;
        }
        println!("{total} B  {query}");
        totals.push(total);
    }
    totals.sort_unstable();
    let Some(&max) = totals.last() else {
        return Err("no queries".into());
    };
    let median = totals[totals.len() / 2];
    let mean = totals.iter().sum::<usize>() / totals.len();
    println!(
        "{} queries: median {median} B, mean {mean} B, max {max} B",
        totals.len()
    );
    Ok(())
}
