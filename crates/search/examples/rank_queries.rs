//! Ranks each query of a file against a built index, natively, with every shard loaded: the
//! engine's time alone, for profiling (BENCHMARKS.md, "Against the peers").
//!
//! ```text
//! cargo build --release -p helpdock-search --example rank_queries
//! target/release/examples/rank_queries DIR QUERIES [ROUNDS]
//! ```
//!
//! `DIR` holds `index.bin` (and its shards, for a split index), `QUERIES` one query a line.
//! Each query is ranked `ROUNDS` times (default 20); the fastest is reported. Under
//! `valgrind --tool=callgrind`, the difference between two round counts is the ranking's
//! instruction count without the index's loading.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use helpdock_search::{Index, SearchOptions};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(queries)) = (args.next(), args.next()) else {
        return Err("usage: rank_queries DIR QUERIES [ROUNDS]".into());
    };
    let rounds: usize = args.next().map_or(Ok(20), |r| r.parse())?;
    let dir = PathBuf::from(dir);
    let mut index = Index::from_bytes(&std::fs::read(dir.join("index.bin"))?)?;
    index.add_shards_from(&dir)?;
    let options = SearchOptions::default();
    let mut times: Vec<(f64, String)> = Vec::new();
    for query in std::fs::read_to_string(queries)?
        .lines()
        .filter(|l| !l.is_empty())
    {
        let fastest = (0..rounds.max(1))
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(index.rank(query, &options));
                started.elapsed().as_secs_f64() * 1000.0
            })
            .fold(f64::INFINITY, f64::min);
        times.push((fastest, query.to_string()));
    }
    if times.is_empty() {
        return Err("no queries".into());
    }
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let at = |p: f64| times[((times.len() - 1) as f64 * (1.0 - p)).round() as usize].0;
    let total: f64 = times.iter().map(|t| t.0).sum();
    println!(
        "{} queries, fastest of {rounds}: total {total:.2} ms, p50 {:.3} ms, p99 {:.3} ms",
        times.len(),
        at(0.5),
        at(0.99)
    );
    for (ms, query) in times.iter().take(10) {
        println!("{ms:>8.3} ms  {query}");
    }
    Ok(())
}
