//! A split index: one small main file, plus shards the widget fetches only when a query needs
//! them.
//!
//! A help center of a few hundred articles ships as one file (`index.bin`). A large one would
//! make every visitor download megabytes of postings and article text before the first result,
//! so `helpdock build` can split it, as Pagefind does:
//!
//! - the **main file** keeps what every query reads: the term dictionary, the Chinese and
//!   synonym tables, and per article its id, language, popularity, contexts and field lengths;
//! - **postings shards** hold consecutive postings lists, laid out so that lists a query reads
//!   together sit together (`IndexBuilder::layout_order`; a list never straddles two shards);
//! - **record shards** hold the title, category, tags and plain text of consecutive articles,
//!   which results, snippets and related articles show;
//! - one **phrases shard** holds the completions dictionary.
//!
//! Any read of a part that is not loaded yet notes its shard as missing and reads as empty. A
//! caller runs its query, takes the missing shards ([`Index::take_missing`]), fetches and adds
//! them ([`Index::add_shard`]), and runs the query again until nothing is missing: the answer
//! is then exactly the one-file index's, because every read saw the same bytes. Shards are only
//! ever added, so this ends; in practice after one or two rounds.
//!
//! A shard file has the main file's header with its own magic (`HELPSHRD`), and a postcard
//! payload naming the build it belongs to, so a shard of an older build is refused rather than
//! mixed in.

use serde::{Deserialize, Serialize};

use crate::format::{checked_payload, IndexData, StoredDoc};
use crate::suggest::PhraseData;
use crate::{checksum, Index, IndexError};

pub const SHARD_MAGIC: &[u8; 8] = b"HELPSHRD";

/// Which part of a split index a shard file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ShardId {
    /// Postings lists, the `n`th run of them in the build's layout order.
    Postings(u32),
    /// Titles, tags and text of the `n`th run of articles.
    Records(u32),
    /// The completions dictionary.
    Phrases,
}

/// How `helpdock build` cuts an index into shards.
#[derive(Debug, Clone, Copy)]
pub struct SplitOptions {
    /// A postings shard ends at the first list boundary past this many bytes.
    pub postings_bytes: usize,
    /// Articles per record shard.
    pub docs_per_shard: usize,
}

impl SplitOptions {
    /// Measured on the 5,000-article corpus (BENCHMARKS.md). Postings shards are small because
    /// a query reading pinyin initials scores dozens of rare two-character words: in term order
    /// each lay in its own shard (at 2 KB the 95th percentile query fetched 47 KB of shards, at
    /// 8 KB 90 KB). Laid out by initials, they share shards, and 1 KB saves only 4 KB more at
    /// the 95th percentile (main file and shards 195.3 KB against 199.5) for twice the files;
    /// 4 KB costs 13 KB.
    pub const DEFAULT: SplitOptions = SplitOptions {
        postings_bytes: 2 * 1024,
        docs_per_shard: 8,
    };
}

/// At most this many postings shards (larger ones for a large help center): the file count,
/// and the build's time creating files, stay bounded.
pub const MAX_POSTINGS_SHARDS: u64 = 4096;

impl Default for SplitOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Whether a build splits its index.
#[derive(Debug, Clone, Copy)]
pub enum Split {
    Never,
    Always(SplitOptions),
    /// Split when the one-file index would be larger than `bytes`.
    Above {
        bytes: usize,
        options: SplitOptions,
    },
}

impl Split {
    /// [`Split::auto`] with the default cut.
    pub const AUTO: Split = Split::auto(SplitOptions::DEFAULT);

    /// One file up to 1 MiB (about 400 KB gzip, a few hundred articles), shards cut by
    /// `options` beyond: a visitor's first search then never waits for more than the main file
    /// and a few shards.
    pub const fn auto(options: SplitOptions) -> Split {
        Split::Above {
            bytes: 1 << 20,
            options,
        }
    }
}

/// A split index as `helpdock build` writes it: the main file and each shard with its path
/// relative to the main file.
pub struct SplitIndex {
    pub index: Vec<u8>,
    pub shards: Vec<(String, Vec<u8>)>,
}

/// Where the main file says its shards are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Layout {
    /// Ties shard files to this build: a checksum over all of them.
    pub build: u32,
    /// The size of each postings shard, in order. Sizes rather than where each shard starts:
    /// they are small numbers near the shard size, where starts grow to the end of the
    /// postings, so they compress (at 5,000 articles, 2.4 KB gzip instead of 4.4, on the
    /// download before every first result).
    pub postings_sizes: Vec<u64>,
    pub docs_per_shard: u32,
}

/// The part of an article a record shard holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Record {
    pub title: String,
    pub category: String,
    pub tags: Vec<String>,
    pub body: String,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct ShardData {
    pub build: u32,
    pub id: ShardId,
    pub content: ShardContent,
}

#[derive(Serialize, Deserialize)]
pub(crate) enum ShardContent {
    Postings(Vec<u8>),
    Records(Vec<Record>),
    Phrases(PhraseData),
}

/// The postings of a loaded index: the whole blob for a one-file index, or the shards loaded
/// so far.
pub(crate) struct PostingsStore {
    starts: Vec<u64>,
    shards: Vec<Option<Vec<u8>>>,
}

impl PostingsStore {
    pub(crate) fn whole(blob: Vec<u8>) -> Self {
        PostingsStore {
            starts: vec![0],
            shards: vec![Some(blob)],
        }
    }

    fn split(starts: Vec<u64>) -> Self {
        let shards = vec![None; starts.len()];
        PostingsStore { starts, shards }
    }

    /// The shard holding `offset`, and the offset within it.
    fn locate(&self, offset: u64) -> (usize, usize) {
        let shard = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(shard).copied().unwrap_or(0);
        (shard, (offset - start.min(offset)) as usize)
    }

    /// The bytes from `offset` to the end of its shard, or the shard to fetch.
    pub(crate) fn from(&self, offset: u64) -> Result<&[u8], ShardId> {
        let (shard, at) = self.locate(offset);
        match self.shards.get(shard) {
            Some(Some(bytes)) => Ok(bytes.get(at..).unwrap_or(&[])),
            _ => Err(ShardId::Postings(shard as u32)),
        }
    }
}

/// Where each postings shard starts, from the shards' sizes. Sizes that overflow (a damaged
/// layout) saturate, and no shard then fits where they put it (see `Index::add_postings`).
fn starts_of(sizes: &[u64]) -> Vec<u64> {
    let mut start = 0u64;
    (sizes.iter())
        .map(|&size| {
            let this = start;
            start = start.saturating_add(size);
            this
        })
        .collect()
}

/// Splits the one-file payload: `list_starts` are the offsets where postings lists begin.
pub(crate) fn split(
    mut data: IndexData,
    list_starts: &[u64],
    options: SplitOptions,
) -> (IndexData, Vec<ShardData>) {
    let mut shards = Vec::new();
    let postings = std::mem::take(&mut data.postings);
    let mut starts = vec![0u64];
    let shard_bytes =
        (options.postings_bytes as u64).max(postings.len() as u64 / MAX_POSTINGS_SHARDS);
    for &start in list_starts {
        let current = *starts.last().unwrap_or(&0);
        if start - current >= shard_bytes {
            starts.push(start);
        }
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(postings.len(), |&e| e as usize);
        shards.push((
            ShardId::Postings(n as u32),
            ShardContent::Postings(postings[start as usize..end].to_vec()),
        ));
    }
    let per = options.docs_per_shard.max(1);
    for (n, chunk) in data.docs.chunks_mut(per).enumerate() {
        let records = chunk.iter_mut().map(take_record).collect();
        shards.push((ShardId::Records(n as u32), ShardContent::Records(records)));
    }
    if let Some(phrases) = data.phrases.take() {
        shards.push((ShardId::Phrases, ShardContent::Phrases(phrases)));
    }
    let build = build_id(&postings, &starts, per, &shards);
    let total = postings.len() as u64;
    let shards: Vec<ShardData> = shards
        .into_iter()
        .map(|(id, content)| ShardData { build, id, content })
        .collect();
    data.layout = Some(Layout {
        build,
        postings_sizes: (starts.iter().zip(starts.iter().skip(1).chain([&total])))
            .map(|(start, next)| next - start)
            .collect(),
        docs_per_shard: per as u32,
    });
    (data, shards)
}

fn take_record(doc: &mut StoredDoc) -> Record {
    Record {
        title: std::mem::take(&mut doc.title),
        category: std::mem::take(&mut doc.category),
        tags: std::mem::take(&mut doc.tags),
        body: std::mem::take(&mut doc.body),
    }
}

/// A checksum of everything the shards hold and of how they are cut, without serializing them
/// twice.
fn build_id(
    postings: &[u8],
    starts: &[u64],
    per: usize,
    shards: &[(ShardId, ShardContent)],
) -> u32 {
    let mut hasher = checksum::Hasher::new();
    hasher.update(postings);
    for start in starts {
        hasher.update(&start.to_le_bytes());
    }
    hasher.update(&(per as u64).to_le_bytes());
    for (_, content) in shards {
        match content {
            ShardContent::Postings(_) => {}
            ShardContent::Records(records) => {
                for r in records {
                    for text in [&r.title, &r.category, &r.body].into_iter().chain(&r.tags) {
                        hasher.update(text.as_bytes());
                        hasher.update(&[0]);
                    }
                }
            }
            ShardContent::Phrases(phrases) => {
                hasher.update(&postcard::to_allocvec(phrases).unwrap_or_default())
            }
        }
    }
    hasher.finalize()
}

pub(crate) fn encode_shard(shard: &ShardData) -> Vec<u8> {
    crate::format::frame(
        SHARD_MAGIC,
        &postcard::to_allocvec(shard).expect("in-memory serialization cannot fail"),
    )
}

impl ShardId {
    /// The shard's file, relative to the main index file. The build id is in the name, so a
    /// cached shard of an older build is never fetched for a newer index.
    pub fn path(&self, build: u32) -> String {
        match self {
            ShardId::Postings(n) => format!("shards/{build:08x}/p{n}.bin"),
            ShardId::Records(n) => format!("shards/{build:08x}/r{n}.bin"),
            ShardId::Phrases => format!("shards/{build:08x}/phrases.bin"),
        }
    }
}

/// What a loaded index knows about its shards.
pub(crate) struct ShardState {
    pub layout: Option<Layout>,
    pub records_loaded: Vec<bool>,
    /// A handful at a time: a Vec costs the widget less code than a set.
    pub missing: std::sync::Mutex<Vec<ShardId>>,
    /// Every time a shard was found missing, counted even when already noted: a result
    /// worked out while the count stood still read no missing shard.
    pub misses: std::sync::atomic::AtomicUsize,
}

impl ShardState {
    pub(crate) fn new(layout: Option<Layout>, doc_count: usize) -> Self {
        let records_loaded = match &layout {
            Some(l) => vec![false; doc_count.div_ceil(l.docs_per_shard.max(1) as usize)],
            None => Vec::new(),
        };
        ShardState {
            layout,
            records_loaded,
            missing: Default::default(),
            misses: Default::default(),
        }
    }

    pub(crate) fn is_split(&self) -> bool {
        self.layout.is_some()
    }

    pub(crate) fn postings_store(&self, blob: Vec<u8>) -> PostingsStore {
        match &self.layout {
            Some(layout) => PostingsStore::split(starts_of(&layout.postings_sizes)),
            None => PostingsStore::whole(blob),
        }
    }

    pub(crate) fn note(&self, id: ShardId) {
        self.misses
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut missing) = self.missing.lock() {
            if !missing.contains(&id) {
                missing.push(id);
            }
        }
    }

    /// The record shard of document `doc`, if it is not loaded.
    pub(crate) fn record_missing(&self, doc: usize) -> Option<ShardId> {
        let layout = self.layout.as_ref()?;
        let shard = doc / layout.docs_per_shard.max(1) as usize;
        (!self.records_loaded.get(shard).copied().unwrap_or(true))
            .then_some(ShardId::Records(shard as u32))
    }
}

impl Index {
    /// Whether this index was split into shards (`helpdock build --split`).
    pub fn is_split(&self) -> bool {
        self.shards.layout.is_some()
    }

    /// Every shard of this index with its path relative to the main file; none for one file.
    pub fn shard_paths(&self) -> Vec<(ShardId, String)> {
        let Some(layout) = &self.shards.layout else {
            return Vec::new();
        };
        let postings = (0..layout.postings_sizes.len()).map(|n| ShardId::Postings(n as u32));
        let records = (0..self.shards.records_loaded.len()).map(|n| ShardId::Records(n as u32));
        postings
            .chain(records)
            .chain([ShardId::Phrases])
            .map(|id| (id, id.path(layout.build)))
            .collect()
    }

    /// The shards the reads since the last call needed and did not find, with their paths.
    /// Empty means every answer since then was complete.
    pub fn take_missing(&self) -> Vec<(ShardId, String)> {
        let (Some(layout), Ok(mut missing)) = (&self.shards.layout, self.shards.missing.lock())
        else {
            return Vec::new();
        };
        std::mem::take(&mut *missing)
            .into_iter()
            .map(|id| (id, id.path(layout.build)))
            .collect()
    }

    /// Checks and adds a shard file's contents. Adding a shard twice is harmless.
    pub fn add_shard(&mut self, bytes: &[u8]) -> Result<ShardId, IndexError> {
        let Some(layout) = &self.shards.layout else {
            return Err(IndexError::Corrupt(
                "this index is one file and has no shards".into(),
            ));
        };
        let payload = checked_payload(SHARD_MAGIC, bytes)?;
        let shard: ShardData = postcard::from_bytes(payload)
            .map_err(|e| IndexError::Corrupt(format!("shard does not decode: {e}")))?;
        if shard.build != layout.build {
            return Err(IndexError::ShardMismatch(format!(
                "the shard belongs to build {:08x}, the index is build {:08x}",
                shard.build, layout.build
            )));
        }
        let id = shard.id;
        match (id, shard.content) {
            (ShardId::Postings(n), ShardContent::Postings(bytes)) => self.add_postings(n, bytes)?,
            (ShardId::Records(n), ShardContent::Records(records)) => {
                self.add_records(n, records)?
            }
            (ShardId::Phrases, ShardContent::Phrases(phrases)) => {
                self.phrases = Some(phrases.load()?)
            }
            _ => {
                return Err(IndexError::ShardMismatch(
                    "the shard's content does not match its name".into(),
                ))
            }
        }
        Ok(id)
    }

    fn add_postings(&mut self, n: u32, bytes: Vec<u8>) -> Result<(), IndexError> {
        let layout = self.shards.layout.as_ref().expect("checked by add_shard");
        let n = n as usize;
        match (
            layout.postings_sizes.get(n),
            self.postings.shards.get_mut(n),
        ) {
            (Some(&size), Some(slot)) if size == bytes.len() as u64 => {
                *slot = Some(bytes);
                Ok(())
            }
            _ => Err(IndexError::ShardMismatch(format!(
                "postings shard {n} does not fit the index's layout"
            ))),
        }
    }

    fn add_records(&mut self, n: u32, records: Vec<Record>) -> Result<(), IndexError> {
        let layout = self.shards.layout.as_ref().expect("checked by add_shard");
        let per = layout.docs_per_shard.max(1) as usize;
        let first = (n as usize).saturating_mul(per);
        let expected = self.docs.len().saturating_sub(first).min(per);
        if n as usize >= self.shards.records_loaded.len() || records.len() != expected {
            return Err(IndexError::ShardMismatch(format!(
                "record shard {n} does not fit the index's layout"
            )));
        }
        for (doc, record) in self.docs[first..first + expected].iter_mut().zip(records) {
            doc.title = record.title;
            doc.category = record.category;
            doc.tags = record.tags;
            doc.body = record.body;
        }
        self.shards.records_loaded[n as usize] = true;
        Ok(())
    }

    /// Article `doc`, noting its record shard as missing when its text is not loaded yet (it
    /// then has an id but an empty title and body).
    pub(crate) fn record(&self, doc: usize) -> &StoredDoc {
        if let Some(id) = self.shards.record_missing(doc) {
            self.shards.note(id);
        }
        &self.docs[doc]
    }

    /// How many times a shard was found missing so far (see [`ShardState::misses`]).
    pub(crate) fn missing_noted(&self) -> usize {
        self.shards
            .misses
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The postings bytes from `offset` on, or empty (noting the shard) if not loaded.
    pub(crate) fn postings_from(&self, offset: u64) -> &[u8] {
        self.postings.from(offset).unwrap_or_else(|id| {
            self.shards.note(id);
            &[]
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Index {
    /// Adds every shard of a split index from `dir`, the main file's folder.
    pub fn add_shards_from(&mut self, dir: &std::path::Path) -> Result<(), IndexError> {
        for (_, path) in self.shard_paths() {
            let bytes = read(&dir.join(&path))?;
            self.add_shard(&bytes)?;
        }
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn read(path: &std::path::Path) -> Result<Vec<u8>, IndexError> {
    std::fs::read(path).map_err(|e| IndexError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_start_where_the_ones_before_end() {
        assert_eq!(starts_of(&[2100, 2200, 2200, 500]), [0, 2100, 4300, 6500]);
        assert_eq!(starts_of(&[]), Vec::<u64>::new());
    }

    #[test]
    fn sizes_that_overflow_saturate_instead_of_panicking() {
        assert_eq!(starts_of(&[u64::MAX, 1, 1]), [0, u64::MAX, u64::MAX]);
    }
}
