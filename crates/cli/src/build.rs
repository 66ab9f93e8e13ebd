use std::path::PathBuf;
use std::time::Instant;

use std::io::Write;

use anyhow::Result;
use helpdock_indexer::{Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(clap::Args)]
pub struct Args {
    /// The folder of Markdown articles (searched recursively for *.md).
    content_dir: PathBuf,
    /// Where to write index.bin, articles/ and fragments/. Replaced only if the build succeeds.
    #[arg(long, default_value = "dist/help")]
    out: PathBuf,
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let bar = Bar::new();
    let report = helpdock_indexer::build_with_progress(&args.content_dir, &args.out, &bar);
    bar.0.finish_and_clear();
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
    writeln!(
        out,
        "  {}/articles/<id>.html   standalone pages",
        report.out_dir.display()
    )?;
    writeln!(
        out,
        "  {}/fragments/<id>.html  article bodies for the widget",
        report.out_dir.display()
    )?;
    Ok(())
}

/// A progress bar on standard error, for builds long enough to wait for. indicatif draws
/// nothing when standard error is not a terminal (CI logs, pipes).
struct Bar(ProgressBar);

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
        Bar(bar)
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: u64) {
        if stage == Stage::Reading && total >= BAR_FROM_ARTICLES {
            self.0.set_draw_target(ProgressDrawTarget::stderr());
            // Keeps the spinner turning through the analysis, which has no ticks.
            self.0
                .enable_steady_tick(std::time::Duration::from_millis(120));
        }
        let name = match stage {
            Stage::Reading => "reading",
            Stage::Analysing => "analysing",
            Stage::Indexing => "indexing",
            Stage::Writing => "writing",
        };
        self.0.set_message(name);
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.tick();
    }

    fn tick(&self) {
        self.0.inc(1);
    }
}
