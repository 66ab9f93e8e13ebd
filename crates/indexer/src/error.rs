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
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no articles found under {} (*.md files, other than drafts, README.md and _*.md)", .0.display())]
    NoArticles(PathBuf),
}

impl BuildError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BuildError {
        let path = path.into();
        move |source| BuildError::Io { path, source }
    }
}
