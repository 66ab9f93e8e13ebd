//! `helpdock`: build a help center, search it, serve it.
//!
//! Exit codes: 0 success, 1 failure of the machine (I/O, a busy port), 2 bad input (a malformed
//! article, an unreadable index) — the caller's to fix.

mod agent;
mod build;
mod eval;
mod search;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// A large build allocates millions of short strings on every core at once, where glibc's
// allocator spent a fifth of the time (BENCHMARKS.md, "Build speed"). Without transparent huge
// pages (`no_thp`): zeroing them on first touch was a fifth of a 100,000-article build's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "helpdock",
    version,
    about = "Build, search and serve a Helpdock help center, and run its live chat"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a folder of Markdown articles into a search index and static pages.
    Build(build::Args),
    /// Search an index from the shell, with the widget's own query code.
    Search(search::Args),
    /// Measure relevance on a set of judged queries: Recall@1, Recall@3 and MRR by kind.
    Eval(eval::Args),
    /// Serve the demo site, the widget, the help index, the chat and the agent console.
    Serve(serve::Args),
    /// Manage the agents who answer chats: add, list, disable, enable.
    Agent(agent::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Search(args) => search::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Agent(args) => agent::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `helpdock search … | head`: the reader left; that is not a failure worth a message.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// Reads and checks an index file, with its shards if it is split; its errors name the file
/// (and exit with code 2).
pub(crate) fn load_index(path: &std::path::Path) -> anyhow::Result<helpdock_search::Index> {
    use anyhow::Context;
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read the index {}", path.display()))?;
    let mut index = helpdock_search::Index::from_bytes(&bytes)
        .with_context(|| format!("cannot load the index {}", path.display()))?;
    index
        .add_shards_from(path.parent().unwrap_or(std::path::Path::new(".")))
        .with_context(|| format!("cannot load the shards of {}", path.display()))?;
    Ok(index)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn exit_code(err: &anyhow::Error) -> u8 {
    let bad_input = err.chain().any(|cause| {
        cause.is::<helpdock_search::IndexError>()
            || cause.is::<eval::JudgmentsError>()
            || matches!(
                cause.downcast_ref::<helpdock_indexer::BuildError>(),
                Some(
                    helpdock_indexer::BuildError::Article { .. }
                        | helpdock_indexer::BuildError::NoArticles(_)
                        | helpdock_indexer::BuildError::Output { .. }
                )
            )
            || matches!(
                cause.downcast_ref::<helpdock_server::ServeError>(),
                Some(
                    helpdock_server::ServeError::BadIndex { .. }
                        | helpdock_server::ServeError::Config { .. }
                )
            )
    });
    if bad_input {
        2
    } else {
        1
    }
}
