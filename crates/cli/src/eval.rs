//! `helpdock eval`: how often the right article comes first, for a set of judged queries.
//!
//! A judgment file is TOML, one `[[query]]` per visitor query:
//!
//! ```toml
//! [[query]]
//! q = "退款一直不到账"
//! kind = "zh"            # zh, en, pinyin, initials, typo, traditional, intent, or your own
//! relevant = ["refund-not-received"]
//! ```
//!
//! For each kind and overall it reports Recall@1 and Recall@3 (a relevant article among the
//! first 1 or 3 results) and MRR (the mean of 1 / rank of the first relevant article). Queries
//! run exactly as the widget runs them, the last word matched as a prefix.

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::io::Write;

use anyhow::{Context, Result};
use helpdock_search::{Index, SearchOptions};
use serde::{Deserialize, Serialize};

#[derive(clap::Args)]
pub struct Args {
    /// The judgments file (TOML, `[[query]]` entries with q, kind, relevant).
    judgments: PathBuf,
    /// The index file written by `helpdock build`.
    #[arg(long, default_value = "dist/help/index.bin")]
    index: PathBuf,
    /// Print the metrics as JSON.
    #[arg(long)]
    json: bool,
    /// Also list every query whose first result is not relevant.
    #[arg(long)]
    misses: bool,
    /// Also list the N slowest queries with their times.
    #[arg(long, value_name = "N", default_value_t = 0)]
    slowest: usize,
}

// Unknown keys are refused: a misspelt `relevent` would otherwise leave a query with nothing
// relevant, always a miss, and the figures quietly wrong.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Judgments {
    query: Vec<toml::Spanned<Judgment>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Judgment {
    q: String,
    kind: String,
    relevant: Vec<String>,
}

/// Metrics for one slice of the judgments.
#[derive(Serialize, Default, Clone, Copy)]
pub struct Metrics {
    pub queries: usize,
    pub recall_at_1: f64,
    pub recall_at_3: f64,
    pub mrr: f64,
}

#[derive(Default)]
struct Sums {
    queries: usize,
    at_1: usize,
    at_3: usize,
    reciprocal_ranks: f64,
}

impl Sums {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        if let Some(rank) = rank {
            self.at_1 += usize::from(rank == 1);
            self.at_3 += usize::from(rank <= 3);
            self.reciprocal_ranks += 1.0 / rank as f64;
        }
    }

    fn metrics(&self) -> Metrics {
        let n = self.queries.max(1) as f64;
        Metrics {
            queries: self.queries,
            recall_at_1: self.at_1 as f64 / n,
            recall_at_3: self.at_3 as f64 / n,
            mrr: self.reciprocal_ranks / n,
        }
    }
}

/// Query latency on this machine, natively: each judged query run once, timed alone.
#[derive(Serialize)]
struct Latency {
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

#[derive(Serialize)]
struct Report {
    overall: Metrics,
    by_kind: BTreeMap<String, Metrics>,
    latency: Latency,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

/// What is wrong with a judgments file, at a line its author can jump to (exit code 2).
#[derive(Debug)]
pub struct JudgmentsError {
    path: PathBuf,
    line: usize,
    message: String,
}

impl std::fmt::Display for JudgmentsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

impl std::error::Error for JudgmentsError {}

pub fn run(args: Args) -> Result<()> {
    let text = std::fs::read_to_string(&args.judgments)
        .with_context(|| format!("cannot read the judgments {}", args.judgments.display()))?;
    let refuse = |at: usize, message: String| JudgmentsError {
        path: args.judgments.clone(),
        line: 1
            + (text.as_bytes().iter().take(at))
                .filter(|&&b| b == b'\n')
                .count(),
        message,
    };
    let judgments: Judgments = toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        refuse(at, format!("not a judgments file: {}", e.message()))
    })?;
    let index = crate::load_index(&args.index)?;
    check_ids(&index, &judgments).map_err(|(at, message)| refuse(at, message))?;
    let judgments: Vec<Judgment> = (judgments.query.into_iter())
        .map(toml::Spanned::into_inner)
        .collect();

    let options = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    let mut overall = Sums::default();
    let mut by_kind: BTreeMap<String, Sums> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut times = Vec::with_capacity(judgments.len());
    let mut timed = Vec::with_capacity(judgments.len());
    for j in &judgments {
        // The ranking alone is timed, as the peer benchmark times every engine; the widget
        // then cuts snippets for the hits it shows.
        let started = std::time::Instant::now();
        let ranked = index.rank(&j.q, &options);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        timed.push((ms, j.kind.as_str(), j.q.as_str()));
        let docs = index.docs();
        let hits: Vec<&str> = (ranked.iter())
            .map(|&(doc, _)| docs[doc as usize].id.as_str())
            .collect();
        let rank = hits
            .iter()
            .position(|id| j.relevant.iter().any(|r| r == id))
            .map(|i| i + 1);
        overall.add(rank);
        by_kind.entry(j.kind.clone()).or_default().add(rank);
        if rank != Some(1) {
            let got = hits.first().map_or("(nothing)", |id| id).to_string();
            misses.push(format!(
                "[{}] {:?}: rank {:?}, first {got}, want {:?}",
                j.kind, j.q, rank, j.relevant
            ));
        }
    }

    times.sort_by(f64::total_cmp);
    let report = Report {
        overall: overall.metrics(),
        by_kind: by_kind.into_iter().map(|(k, s)| (k, s.metrics())).collect(),
        latency: Latency {
            p50_ms: percentile(&times, 0.5),
            p99_ms: percentile(&times, 0.99),
            max_ms: times.last().copied().unwrap_or(0.0),
        },
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print_table(&mut out, &report)?;
    }
    timed.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, kind, q) in timed.iter().take(args.slowest) {
        eprintln!("{ms:>8.3} ms  [{kind}] {q:?}");
    }
    if args.misses {
        for miss in misses {
            eprintln!("{miss}");
        }
    }
    Ok(())
}

/// A judgment naming an article the index lacks measures nothing: refuse it.
/// A judgments file that would measure nothing, or measure wrongly: the byte offset of the
/// judgment at fault, and why.
fn check_ids(index: &Index, judgments: &Judgments) -> std::result::Result<(), (usize, String)> {
    if judgments.query.is_empty() {
        let why = "the judgments file has no [[query]]: there is nothing to measure";
        return Err((0, why.to_string()));
    }
    for spanned in &judgments.query {
        let (j, at) = (spanned.get_ref(), spanned.span().start);
        if j.q.trim().is_empty() {
            return Err((at, "a judgment's q is empty".to_string()));
        }
        if j.relevant.is_empty() {
            return Err((
                at,
                format!("the judgment for {:?} names no relevant article", j.q),
            ));
        }
        if let Some(id) = j.relevant.iter().find(|id| index.doc_by_id(id).is_none()) {
            let why = format!(
                "the judgment for {:?} names {id:?}, which is not in the index",
                j.q
            );
            return Err((at, why));
        }
    }
    Ok(())
}

fn print_table(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12} {:>7} {:>9} {:>9} {:>7}",
        "kind", "queries", "Recall@1", "Recall@3", "MRR"
    )?;
    let mut row = |name: &str, m: &Metrics| {
        writeln!(
            out,
            "{name:<12} {:>7} {:>9.3} {:>9.3} {:>7.3}",
            m.queries, m.recall_at_1, m.recall_at_3, m.mrr
        )
    };
    for (kind, metrics) in &report.by_kind {
        row(kind, metrics)?;
    }
    row("all", &report.overall)?;
    let l = &report.latency;
    writeln!(
        out,
        "latency      p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms (this build, this machine)",
        l.p50_ms, l.p99_ms, l.max_ms
    )
}
