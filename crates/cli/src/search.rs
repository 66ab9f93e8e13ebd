use std::path::PathBuf;

use std::io::Write;

use anyhow::Result;
use helpdock_search::{Hit, SearchOptions};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    /// The index file written by `helpdock build`.
    #[arg(long, default_value = "dist/help/index.bin")]
    index: PathBuf,
    /// The most results to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print a JSON array instead of text.
    #[arg(long)]
    json: bool,
    /// Match the last word exactly instead of as a prefix (the widget treats it as a prefix
    /// while the visitor types).
    #[arg(long)]
    no_prefix: bool,
    /// Show, for each result, how each query word contributed to its score.
    #[arg(long)]
    explain: bool,
    /// The query; several words are joined with spaces.
    #[arg(required = true)]
    query: Vec<String>,
}

/// One result as `--json` prints it. Highlights are UTF-8 byte ranges of `snippet` and `title`.
#[derive(Serialize)]
struct JsonHit<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    category: &'a str,
    locale: &'a str,
    score: f32,
    snippet: &'a str,
    highlights: &'a [(usize, usize)],
    title_highlights: &'a [(usize, usize)],
}

pub fn run(args: Args) -> Result<()> {
    let index = crate::load_index(&args.index)?;
    let query = args.query.join(" ");
    let options = SearchOptions {
        limit: args.limit,
        prefix_last: !args.no_prefix,
    };
    let hits = index.search(&query, &options);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&to_json(&hits))?)?;
    } else {
        print_text(&mut out, &query, &hits)?;
    }
    if args.explain {
        for hit in &hits {
            writeln!(out, "{} [{}]", hit.title, hit.id)?;
            for line in index.explain(&query, &hit.id, &options) {
                let best = line.best_term.as_deref().unwrap_or("-");
                let title = if line.in_title { "  (title)" } else { "" };
                writeln!(
                    out,
                    "    {:<12} via {:<12} {:>7.3}{title}",
                    line.group, best, line.score
                )?;
            }
        }
    }
    Ok(())
}

fn to_json(hits: &[Hit]) -> Vec<JsonHit<'_>> {
    hits.iter()
        .enumerate()
        .map(|(i, h)| JsonHit {
            rank: i + 1,
            id: &h.id,
            title: &h.title,
            category: &h.category,
            locale: &h.locale,
            score: h.score,
            snippet: &h.snippet.text,
            highlights: &h.snippet.highlights,
            title_highlights: &h.title_highlights,
        })
        .collect()
}

fn print_text(out: &mut impl Write, query: &str, hits: &[Hit]) -> std::io::Result<()> {
    if hits.is_empty() {
        writeln!(out, "no articles match {query:?}")?;
        return Ok(());
    }
    for (i, hit) in hits.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {}  [{}]  score {:.3}",
            i + 1,
            hit.title,
            hit.id,
            hit.score
        )?;
        writeln!(out, "    {}", hit.snippet.text)?;
    }
    Ok(())
}
