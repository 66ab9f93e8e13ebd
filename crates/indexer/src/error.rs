use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum BuildError {
    /// A problem inside one article, at a line a site owner can jump to.
    #[error("{}:{line}: {message}", path.display())]
    Article {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// The reason is part of the message and not a `source`: error reports print the chain of
    /// sources, and would print it twice.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// An output folder a build must not replace: it is wholly replaced by the new output.
    #[error("--out {}: {problem}", path.display())]
    Output {
        path: PathBuf,
        problem: OutputProblem,
    },
    #[error("no articles found under {} (*.md or *.markdown files outside hidden folders, other than drafts, README.md and _*.md)", .0.display())]
    NoArticles(PathBuf),
}

/// Why a folder cannot be a build's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum OutputProblem {
    #[error("is a file, not a folder")]
    IsAFile,
    #[error("is the articles' folder or holds it; build into a folder of its own")]
    HoldsTheArticles,
    #[error("holds files that are not a Helpdock build; choose a new or empty folder")]
    NotABuild,
}

impl BuildError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BuildError {
        let path = path.into();
        move |error| BuildError::Io { path, error }
    }
}
