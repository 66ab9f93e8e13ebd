//! `helpdock build`: a folder of Markdown articles in, a search index and static pages out.
//!
//! ```text
//! <out>/index.bin              the search index (see helpdock_search::format)
//! <out>/index.bin.br           the same in brotli, for browsers that accept br
//! <out>/shards/<build>/*.bin   a large index's shards, fetched on demand (helpdock_search::shards)
//! <out>/articles/<id>.html     a standalone page per article, readable without JavaScript;
//!                              the widget's article view shows its <article> element
//! ```
//!
//! The build is all or nothing: any malformed article stops it with the file and line, and
//! the previous output stays untouched.

mod article;
mod dictionary;
mod error;
mod language;
mod markdown;
mod output;
mod parallel;
mod synonyms;

pub use article::{parse_article, ParsedArticle, LOCALES};
pub use error::{BuildError, OutputProblem};
pub use language::chinese_tables;
pub use output::{
    build, build_with_options, build_with_progress, BuildReport, Progress, Quiet, Stage,
};
pub use synonyms::SYNONYMS_FILE;
