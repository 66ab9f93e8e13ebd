//! The one error type of this crate: what is wrong with an index file, and which check caught it.

use thiserror::Error;

/// Why an index could not be loaded. Every variant is a property of the bytes, never a bug in
/// the caller, so the widget can show it and the CLI can exit with a clear message.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum IndexError {
    #[error("not a Helpdock index: the file does not start with the HELPDOCK magic bytes")]
    BadMagic,
    #[error(
        "index format version {found} is not supported (this build reads version {expected}); \
         rebuild the index with `helpdock build`"
    )]
    WrongVersion { found: u32, expected: u32 },
    #[error("index file is truncated: expected {expected} bytes, found {found}")]
    Truncated { expected: u64, found: u64 },
    #[error(
        "index file is corrupt: checksum {computed:08x} does not match the header's {stored:08x}"
    )]
    ChecksumMismatch { stored: u32, computed: u32 },
    #[error("index file is corrupt: {0}")]
    Corrupt(String),
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("index shard does not belong to this index: {0}")]
    ShardMismatch(String),
}
