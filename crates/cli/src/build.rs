use std::path::PathBuf;
use std::time::Instant;

use std::io::Write;

use anyhow::Result;

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
    let report = helpdock_indexer::build(&args.content_dir, &args.out)?;
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
