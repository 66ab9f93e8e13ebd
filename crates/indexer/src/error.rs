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
    #[error("--out {}: {reason}", path.display())]
    Output { path: PathBuf, reason: &'static str },
    #[error("no articles found under {} (*.md or *.markdown files outside hidden folders, other than drafts, README.md and _*.md)", .0.display())]
    NoArticles(PathBuf),
}

impl BuildError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BuildError {
        let path = path.into();
        move |error| BuildError::Io { path, error }
    }
}
