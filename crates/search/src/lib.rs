//! The Helpdock search engine: one index format and one query engine, shared by the
//! browser widget (compiled to wasm) and the `helpdock` command line.
//!
//! Sharing the code is the point. Peer engines that segment Chinese one way at build time and
//! another way at query time lose recall (see Pagefind issue #1237); here the same
//! [`tokenizer`] runs on both sides by construction, and `helpdock search` ranks exactly as the
//! widget does.
//!
//! ```
//! use helpdock_search::{Article, Index, IndexBuilder, SearchOptions};
//!
//! let mut builder = IndexBuilder::new();
//! builder.add(Article {
//!     id: "refund-not-received".into(),
//!     title: "退款一直没到账怎么办？".into(),
//!     body: "退款到银行卡一般需要 1–3 个工作日。".into(),
//!     ..Article::default()
//! });
//! let bytes = builder.finish();
//! let index = Index::from_bytes(&bytes).unwrap();
//! let hits = index.search("退款", &SearchOptions::default());
//! assert_eq!(hits[0].id, "refund-not-received");
//! ```
//!
//! Layout: [`tokenizer`] turns text into terms, [`builder`] writes the index, [`format`] holds
//! the on-disk layout and its checks, [`shards`] splits a large index for fetching on demand, [`query`] and [`scoring`] rank ([`order`] sorts, [`word_ends`] finds the words a character
//! ends), [`snippet`] cuts excerpts.

pub mod builder;
mod checksum;
pub mod chinese;
pub mod error;
pub mod format;
mod fst_check;
pub mod order;
mod pinyin_typo;
pub mod query;
pub mod scoring;
pub mod shards;
pub mod snippet;
pub mod suggest;
pub mod synonyms;
pub mod tokenizer;
pub mod typo;
mod varint;
pub mod word_ends;

pub use builder::{Article, IndexBuilder, Segment};
pub use chinese::ChineseTables;
pub use error::IndexError;
pub use format::{Index, StoredDoc, FORMAT_VERSION};
pub use query::{Explanation, Hit, SearchOptions};
pub use shards::{ShardId, Split, SplitIndex, SplitOptions};
pub use snippet::Snippet;
pub use suggest::ContextMatch;
pub use synonyms::SynonymGroup;
