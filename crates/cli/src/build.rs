use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use std::io::Write;

use anyhow::Result;
use helpdock_indexer::{Progress, Stage};
use helpdock_search::{Split, SplitOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(clap::Args)]
pub struct Args {
    /// The folder of Markdown articles (searched recursively for *.md).
    content_dir: PathBuf,
    /// Where to write index.bin, articles/ and shards/. Untouched if an article is bad; an earlier
    /// build there is updated in place (only what changed is written, index.bin last).
    #[arg(long, default_value = "dist/help")]
    out: PathBuf,
    /// One index file, or a small index.bin plus shards the widget fetches as queries need
    /// them. `auto` splits indexes over 1 MiB (a few hundred articles).
    #[arg(long, value_enum, default_value_t = SplitArg::Auto)]
    split: SplitArg,
    /// A split index's postings shards end at the first list boundary past this many bytes
    /// (or more, to keep to 4,096 postings shards).
    #[arg(long, default_value_t = SplitOptions::DEFAULT.postings_bytes)]
    shard_bytes: usize,
    /// Articles per record shard of a split index (titles, tags and text for results).
    #[arg(long, default_value_t = SplitOptions::DEFAULT.docs_per_shard)]
    shard_articles: usize,
    /// Also print how long each stage of the build took (reading, analysing, indexing,
    /// writing): where a large help center's build time goes.
    #[arg(long)]
    timings: bool,
}

impl Args {
    fn split(&self) -> Split {
        let options = SplitOptions {
            postings_bytes: self.shard_bytes.max(1),
            docs_per_shard: self.shard_articles.max(1),
        };
        match self.split {
            SplitArg::Auto => Split::auto(options),
            SplitArg::Always => Split::Always(options),
            SplitArg::Never => Split::Never,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SplitArg {
    Auto,
    Always,
    Never,
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let bar = Bar::new();
    let report =
        helpdock_indexer::build_with_options(&args.content_dir, &args.out, args.split(), &bar);
    let finished = Instant::now();
    bar.bar.finish_and_clear();
    let report = report?;
    let mut out = std::io::stdout().lock();
    let locales: Vec<String> = report
        .articles_by_locale
        .iter()
        .map(|(locale, n)| format!("{n} {locale}"))
        .collect();
    writeln!(
        out,
        "built {} articles ({}) in {} ms",
        report.articles,
        locales.join(", "),
        started.elapsed().as_millis()
    )?;
    writeln!(
        out,
        "  {}  {} bytes, {} terms, format v{}",
        report.index_path.display(),
        report.index_bytes,
        report.terms,
        helpdock_search::FORMAT_VERSION
    )?;
    if report.shards > 0 {
        writeln!(
            out,
            "  {}/shards/   {} shards, {} bytes, fetched as queries need them",
            report.out_dir.display(),
            report.shards,
            report.shard_bytes
        )?;
    }
    writeln!(
        out,
        "  {}/articles/<id>.html   standalone pages (the widget shows their <article>)",
        report.out_dir.display()
    )?;
    if args.timings {
        writeln!(out, "  stages: {}", bar.timings(finished))?;
    }
    Ok(())
}

/// A progress bar on standard error, for builds long enough to wait for. indicatif draws
/// nothing when standard error is not a terminal (CI logs, pipes).
struct Bar {
    bar: ProgressBar,
    /// When each stage began, for `--timings`.
    stages: Mutex<Vec<(Stage, Instant)>>,
}

/// Builds shorter than this many articles finish before a bar would help.
const BAR_FROM_ARTICLES: u64 = 2_000;

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:<10} [{bar:30}] {pos}/{len} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar {
            bar,
            stages: Mutex::default(),
        }
    }

    /// `reading 2.6 s, analysing 4.2 s, …`: each stage's time, the last one until `end`.
    fn timings(&self, end: Instant) -> String {
        let stages = self
            .stages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let ends = stages.iter().skip(1).map(|s| s.1).chain([end]);
        (stages.iter().zip(ends))
            .map(|((stage, start), end)| {
                let seconds = end.duration_since(*start).as_secs_f64();
                format!("{} {seconds:.2} s", stage_name(*stage))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Reading => "reading",
        Stage::Analysing => "analysing",
        Stage::Indexing => "indexing",
        Stage::Writing => "writing",
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: u64) {
        let mut stages = self.stages.lock().unwrap_or_else(|p| p.into_inner());
        // Reading begins again once the articles are counted: still the same stage.
        if stages.last().is_none_or(|last| last.0 != stage) {
            stages.push((stage, Instant::now()));
        }
        drop(stages);
        if stage == Stage::Reading && total >= BAR_FROM_ARTICLES {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            // Keeps the spinner turning through the analysis, which has no ticks.
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        }
        self.bar.set_message(stage_name(stage));
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.tick();
    }

    fn tick(&self) {
        self.bar.inc(1);
    }
}
