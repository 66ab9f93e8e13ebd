//! Running a build: read every article, check them all, then write the output: a new tree
//! swapped in, or an earlier build updated in place.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use helpdock_search::{Index, IndexBuilder, Split, SplitIndex};

use crate::article::{parse_article, ParsedArticle};
use crate::{BuildError, OutputProblem};

/// What a build wrote, for the CLI to print.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    pub index_path: PathBuf,
    pub index_bytes: usize,
    /// Shard files beside the index (none for a one-file index) and their total size.
    pub shards: usize,
    pub shard_bytes: usize,
    pub articles: usize,
    pub terms: usize,
    pub articles_by_locale: BTreeMap<String, usize>,
}

/// The steps of a build, in order, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing the Markdown files; one tick per article.
    Reading,
    /// Building the Chinese tables and bigram cohesion from all the text; no ticks.
    Analysing,
    /// Counting each article's terms; one tick per article.
    Indexing,
    /// Writing the pages while the index is finished, then the index; one tick per page.
    Writing,
}

/// Hears how a build is going. The CLI draws a progress bar with it on long builds. Articles
/// are read and written on several threads, so ticks may come from any of them. A stage may
/// begin twice, the second time with its count of ticks.
pub trait Progress: Sync {
    /// A stage begins, with this many ticks to come (0 when it has no ticks).
    fn stage(&self, stage: Stage, total: u64);
    fn tick(&self);
}

/// No progress display.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: Stage, _: u64) {}
    fn tick(&self) {}
}

/// Builds `content_dir` into `out_dir`. An error in the content changes nothing under
/// `out_dir`; an earlier build's output is updated in place, its index replaced last.
pub fn build(content_dir: &Path, out_dir: &Path) -> Result<BuildReport, BuildError> {
    build_with_progress(content_dir, out_dir, &Quiet)
}

/// [`build`], reporting each stage and article to `progress`; splits large indexes.
pub fn build_with_progress(
    content_dir: &Path,
    out_dir: &Path,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    build_with_options(content_dir, out_dir, Split::AUTO, progress)
}

/// [`build_with_progress`], with the choice of one index file or shards.
pub fn build_with_options(
    content_dir: &Path,
    out_dir: &Path,
    split: Split,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    check_output_folder(content_dir, out_dir)?;
    let articles = read_articles(content_dir, progress)?;
    progress.stage(Stage::Analysing, 0);
    let synonyms = crate::synonyms::load(content_dir)?;
    check_pins(content_dir, &synonyms, &articles)?;
    // Every text the index is built from: the Chinese tables and bigram cohesion come from it.
    let texts: Vec<&str> = articles
        .iter()
        .flat_map(|a| {
            [a.search.title.as_str(), a.search.body.as_str()]
                .into_iter()
                .chain(a.search.tags.iter().map(String::as_str))
        })
        .collect();
    // Only phrases a query can say: a one-way group's others (a dictionary's glosses) are
    // never read from a query, so their characters need no pinyin.
    let phrases: String = synonyms
        .iter()
        .flat_map(|g| {
            g.phrases
                .iter()
                .take(if g.one_way { 1 } else { usize::MAX })
        })
        .map(String::as_str)
        .collect();
    let tables = crate::language::chinese_tables_with(&texts, &phrases);
    let folding = helpdock_search::chinese::FoldTable::new(&tables.variants);
    let fold = |c| folding.fold(c);
    let cohesion = crate::language::bigram_cohesion(&texts, &fold);
    let mut builder = IndexBuilder::with_language(tables, synonyms).with_cohesion(cohesion);
    progress.stage(Stage::Indexing, articles.len() as u64);
    // One segment per core, counted at once, appended in document order.
    let segments = crate::parallel::map_chunks(&articles, |start, part| {
        builder.segment(
            start,
            part.iter().map(|a| {
                progress.tick();
                &a.search
            }),
        )
    });
    for segment in segments {
        builder.append(segment);
    }

    progress.stage(Stage::Writing, articles.len() as u64);
    let (output, index) = if is_previous_output(out_dir) {
        update_in_place(out_dir, builder, split, &articles, progress)?
    } else {
        write_new(out_dir, builder, split, &articles, progress)?
    };

    let mut articles_by_locale = BTreeMap::new();
    for article in &articles {
        *articles_by_locale
            .entry(article.search.locale.clone())
            .or_insert(0) += 1;
    }
    Ok(BuildReport {
        out_dir: out_dir.to_path_buf(),
        index_path: out_dir.join("index.bin"),
        index_bytes: output.index.len(),
        shards: output.shards.len(),
        shard_bytes: output.shards.iter().map(|s| s.1.len()).sum(),
        articles: index.len(),
        terms: index.term_count(),
        articles_by_locale,
    })
}

fn reload(output: &SplitIndex) -> Result<Index, helpdock_search::IndexError> {
    let mut index = Index::from_bytes(&output.index)?;
    for (_, bytes) in &output.shards {
        index.add_shard(bytes)?;
    }
    Ok(index)
}

/// A pin naming no article is a typo the site owner would never notice: refuse it.
fn check_pins(
    content_dir: &Path,
    synonyms: &[helpdock_search::SynonymGroup],
    articles: &[ParsedArticle],
) -> Result<(), BuildError> {
    for id in synonyms.iter().flat_map(|g| &g.pinned) {
        if !articles.iter().any(|a| &a.search.id == id) {
            let path = content_dir.join(crate::SYNONYMS_FILE);
            let text = fs::read_to_string(&path).unwrap_or_default();
            let line = text
                .lines()
                .position(|l| l.contains(&format!("\"{id}\"")))
                .map_or(1, |i| i + 1);
            return Err(BuildError::Article {
                path,
                line,
                message: format!("pin {id:?} names no article"),
            });
        }
    }
    Ok(())
}

/// An article's text. A file that is not UTF-8 is refused at the line of its first bad byte:
/// Chinese editors on Windows often save GBK, which no visitor could read as it is.
fn read_text(path: &Path) -> Result<String, BuildError> {
    let bytes = fs::read(path).map_err(BuildError::io(path))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        BuildError::Article {
            path: path.to_path_buf(),
            line: 1 + good.iter().filter(|&&b| b == b'\n').count(),
            message: "not UTF-8 text (GBK?): save the file as UTF-8".to_string(),
        }
    })
}

/// Threads that read and parse the articles, at least.
const READ_THREADS: usize = 8;

/// Every `*.md` under `dir`, parsed, in path order so builds are reproducible.
fn read_articles(dir: &Path, progress: &dyn Progress) -> Result<Vec<ParsedArticle>, BuildError> {
    // Listing the folder is part of reading; the count of ticks is known once it is done.
    progress.stage(Stage::Reading, 0);
    let mut paths = Vec::new();
    collect_markdown(dir, &mut paths)?;
    paths.sort();
    progress.stage(Stage::Reading, paths.len() as u64);
    // Threads beyond the cores wait on the disk while the others parse: with the files not yet
    // in memory, 100,000 articles were read in 6 s on 8 threads against 11–14 s on 2, and as
    // fast either way once they are.
    let threads = crate::parallel::cores().max(READ_THREADS);
    let parsed = crate::parallel::map_on(threads, &paths, |path| {
        let source = read_text(path)?;
        let article = parse_article(path, &source);
        progress.tick();
        article
    });
    // In path order, so the error reported, and which of two equal ids is "first", never
    // depends on thread timing.
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut articles: Vec<ParsedArticle> = Vec::with_capacity(paths.len());
    let mut kept: Vec<PathBuf> = Vec::with_capacity(paths.len());
    for (path, article) in paths.into_iter().zip(parsed) {
        let article = article?;
        if article.draft {
            continue;
        }
        kept.push(path.clone());
        if let Some(first) = seen.insert(article.search.id.clone(), path.clone()) {
            return Err(BuildError::Article {
                line: article.id_line,
                message: format!(
                    "id {:?} is already used by {}",
                    article.search.id,
                    first.display()
                ),
                path,
            });
        }
        articles.push(article);
    }
    if articles.is_empty() {
        // No Markdown files, or drafts only: an empty help center is no build.
        return Err(BuildError::NoArticles(dir.to_path_buf()));
    }
    // A link to an article that does not exist (or is a draft) would be a dead end.
    for (article, path) in articles.iter().zip(&kept) {
        if let Some((line, id)) = (article.links.iter()).find(|(_, id)| !seen.contains_key(id)) {
            return Err(BuildError::Article {
                path: path.clone(),
                line: *line,
                message: format!("links to {id}.html, but no article has the id {id:?}"),
            });
        }
    }
    Ok(articles)
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), BuildError> {
    for entry in fs::read_dir(dir).map_err(BuildError::io(dir))? {
        let entry = entry.map_err(BuildError::io(dir))?;
        let path = entry.path();
        // Hidden folders (.git, .github) hold a repository's files, not articles.
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        // The folder listing knows each entry's type; only a symbolic link needs a look at
        // what it points to (a large help center's 100,000 look-ups were a serial half second).
        let is_dir = match entry.file_type() {
            Ok(kind) if !kind.is_symlink() => kind.is_dir(),
            _ => path.is_dir(),
        };
        if is_dir {
            if !hidden {
                collect_markdown(&path, out)?;
            }
        } else if is_markdown(&path) && !is_notes(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// `a.md`, `B.MD` or `c.markdown`: editors and other site generators write all three.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A folder's README.md and files starting with `_` (Hugo's `_index.md`) are notes about the
/// articles, not articles.
fn is_notes(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with('_') || name.eq_ignore_ascii_case("readme.md")
}

/// How a page or shard reaches the disk: a plain write into a fresh tree, or only what changed
/// into a previous one.
type Writer = fn(PathBuf, &[u8]) -> Result<(), BuildError>;

/// Finishes the index and writes the tree into `dir`: the pages, the shards, then the index
/// (last, so an index already there keeps working until its successor's shards and pages are
/// all in place). Returns the index as written and as reloaded. `out` is where the index is
/// published, for errors.
fn write_tree(
    dir: &Path,
    out: &Path,
    builder: IndexBuilder,
    split: Split,
    articles: &[ParsedArticle],
    progress: &dyn Progress,
    write: Writer,
) -> Result<(SplitIndex, Index), BuildError> {
    let pages = dir.join("articles");
    fs::create_dir_all(&pages).map_err(BuildError::io(&pages))?;
    // The pages need only the articles: they are written while the index is finished, which
    // runs on one core (two seconds of a 100,000-article build).
    let (index, written) = std::thread::scope(|scope| {
        let written = scope.spawn(|| write_pages(dir, articles, progress, write));
        (builder.finish_with(split), crate::parallel::join(written))
    });
    written?;
    for sub in shard_dirs(&index) {
        fs::create_dir_all(dir.join(sub)).map_err(BuildError::io(dir.join(sub)))?;
    }
    let reloaded = std::thread::scope(|scope| {
        // Compressing a large index takes a while: do it, and check that the index reads back,
        // while the shards are written.
        let packed = scope.spawn(|| brotli(&index.index));
        let reloaded = scope.spawn(|| reload(&index));
        crate::parallel::map(&index.shards, |(path, bytes)| write(dir.join(path), bytes))
            .into_iter()
            .collect::<Result<(), _>>()?;
        // A build must never publish an index the widget cannot read.
        let reloaded = crate::parallel::join(reloaded).map_err(|e| BuildError::Io {
            path: out.join("index.bin"),
            error: std::io::Error::other(e),
        })?;
        match packed.join() {
            Ok(br) => write(dir.join("index.bin.br"), &br)?,
            // Only the smaller download is lost (gzip still works); but an old brotli copy
            // would keep serving the old index to every browser.
            Err(_) => remove_if_present(&dir.join("index.bin.br"))?,
        }
        write(dir.join("index.bin"), &index.index)?;
        Ok::<_, BuildError>(reloaded)
    })?;
    Ok((index, reloaded))
}

/// One file per article: the widget shows the `<article>` element of the same page, so a large
/// help center does not create (and, on a rebuild, delete) a second file each.
fn write_pages(
    dir: &Path,
    articles: &[ParsedArticle],
    progress: &dyn Progress,
    write: Writer,
) -> Result<(), BuildError> {
    crate::parallel::map(articles, |article| {
        write(
            page_path(dir, &article.search.id),
            standalone_page(article).as_bytes(),
        )?;
        progress.tick();
        Ok(())
    })
    .into_iter()
    .collect()
}

/// The folders of the index's shards (one per build), relative to the output.
fn shard_dirs(index: &SplitIndex) -> impl Iterator<Item = &Path> {
    index.shards.iter().filter_map(|s| Path::new(&s.0).parent())
}

fn page_path(dir: &Path, id: &str) -> PathBuf {
    dir.join("articles").join(format!("{id}.html"))
}

fn write_file(path: PathBuf, bytes: &[u8]) -> Result<(), BuildError> {
    fs::write(&path, bytes).map_err(BuildError::io(path))
}

/// A build replaces its output folder whole, so that folder must be new, empty or an earlier
/// build's: never the articles' own folder or one holding it, nor a folder of other files.
fn check_output_folder(content: &Path, out: &Path) -> Result<(), BuildError> {
    let refuse = |problem| {
        Err(BuildError::Output {
            path: out.to_path_buf(),
            problem,
        })
    };
    if out.exists() && !out.is_dir() {
        return refuse(OutputProblem::IsAFile);
    }
    let content = fs::canonicalize(content).map_err(BuildError::io(content))?;
    if content.starts_with(resolved(out)) {
        return refuse(OutputProblem::HoldsTheArticles);
    }
    let has_files =
        |dir: &Path| fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if out.is_dir() && !is_previous_output(out) && has_files(out) {
        return refuse(OutputProblem::NotABuild);
    }
    Ok(())
}

/// `path` made absolute with its symbolic links resolved, as far as it exists: an output
/// folder may not exist yet.
fn resolved(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(found) = fs::canonicalize(if existing.as_os_str().is_empty() {
            Path::new(".")
        } else {
            existing
        }) {
            return missing.iter().rev().fold(found, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Whether `dir` holds an earlier build's output, which the build then updates where it stands.
fn is_previous_output(dir: &Path) -> bool {
    dir.join("index.bin").is_file() && dir.join("articles").is_dir()
}

/// Brings an earlier build's output up to date without rewriting it. Writing a whole new tree
/// and deleting the old one took a rebuild of 100,000 articles from 13 to 21 s on this disk
/// (BENCHMARKS.md, "Build speed"), although most rebuilds change a few articles.
///
/// Pages and shards are written first, only those whose bytes changed, and each by a rename, so
/// a visitor never reads half a file. The new index goes in last: until then the old one keeps
/// working, its shards (in their own build's folder) and pages still there, so a failed write
/// leaves a help center that works. What the new index no longer needs is removed after it.
/// The new index is read back before it goes in; the pages are written before that check
/// (while the index is finished), so were it ever to fail (a bug in the index writer, not bad
/// content), the changed pages would be new beside the old index, which still works.
fn update_in_place(
    dir: &Path,
    builder: IndexBuilder,
    split: Split,
    articles: &[ParsedArticle],
    progress: &dyn Progress,
) -> Result<(SplitIndex, Index), BuildError> {
    let written = write_tree(
        dir,
        dir,
        builder,
        split,
        articles,
        progress,
        write_if_changed,
    )?;
    remove_stale(dir, &written.0, articles);
    Ok(written)
}

/// Writes a new tree beside `out` and swaps it in; on any error it is removed, and `out` is as
/// it was.
fn write_new(
    out: &Path,
    builder: IndexBuilder,
    split: Split,
    articles: &[ParsedArticle],
    progress: &dyn Progress,
) -> Result<(SplitIndex, Index), BuildError> {
    let staging = Staging(sibling(out, "partial"));
    let _ = fs::remove_dir_all(&staging.0);
    let written = write_tree(
        &staging.0, out, builder, split, articles, progress, write_file,
    )?;
    swap_into(&staging.0, out)?;
    Ok(written)
}

/// A new tree being written: removed when dropped, so an error or a panic leaves nothing behind
/// (once swapped in, it is no longer there to remove).
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Writes `bytes` to `path` unless the file already holds them; an existing file is replaced by
/// a rename, never truncated in place while the server may be sending it.
fn write_if_changed(path: PathBuf, bytes: &[u8]) -> Result<(), BuildError> {
    match fs::File::open(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_file(path, bytes),
        Ok(file) if holds(&file, bytes) => Ok(()),
        _ => {
            let temporary = sibling(&path, "new");
            write_file(temporary.clone(), bytes)?;
            fs::rename(&temporary, &path).map_err(BuildError::io(path))
        }
    }
}

fn holds(mut file: &fs::File, bytes: &[u8]) -> bool {
    use std::io::Read;
    if file.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

fn remove_if_present(path: &Path) -> Result<(), BuildError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(BuildError::io(path)(e)),
        _ => Ok(()),
    }
}

/// Removes the pages of articles the build no longer has and the shards of earlier builds. Best
/// effort: what is left behind is never read, and the next build tries again.
fn remove_stale(dir: &Path, index: &SplitIndex, articles: &[ParsedArticle]) {
    let pages: HashSet<PathBuf> = articles
        .iter()
        .map(|a| page_path(dir, &a.search.id))
        .collect();
    if let Ok(entries) = fs::read_dir(dir.join("articles")) {
        let stale: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|path| path.is_file() && !pages.contains(path))
            .collect();
        crate::parallel::map(&stale, |path| {
            let _ = fs::remove_file(path);
        });
    }
    let current: HashSet<PathBuf> = shard_dirs(index).map(|p| dir.join(p)).collect();
    if let Ok(entries) = fs::read_dir(dir.join("shards")) {
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if !current.contains(&path) {
                remove_tree(&path);
            }
        }
    }
}

/// The main index file in brotli, which `helpdock serve` sends to browsers that accept br: 15 %
/// smaller than gzip -9 for the demo (108 against 127 KB). Quality 11 takes half a second per
/// megabyte; a large help center's main file gets quality 5 (0.3 s for the 2.5 MB of 100,000
/// articles, while the shards are written), still 11 % smaller than gzip -9.
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: if bytes.len() <= 1 << 20 { 11 } else { 5 },
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 2);
    // Reading a slice and writing a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

/// Replaces `out` with `staging`; the old output is removed only once the new one is in place.
fn swap_into(staging: &Path, out: &Path) -> Result<(), BuildError> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(BuildError::io(parent))?;
    }
    let old = sibling(out, "old");
    let _ = fs::remove_dir_all(&old);
    if out.exists() {
        fs::rename(out, &old).map_err(BuildError::io(out))?;
    }
    fs::rename(staging, out).map_err(BuildError::io(out))?;
    remove_tree(&old);
    Ok(())
}

/// Deletes the previous output, its folders on several threads: unlinking 200,000 pages one by
/// one takes longer than building them, and the folders do not contend for a directory lock.
fn remove_tree(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    crate::parallel::map(&paths, |path| {
        let _ = if path.is_dir() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
    });
    let _ = fs::remove_dir_all(dir);
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// A page that reads well with no JavaScript: for visitors whose widget failed to load, for
/// search engines, and for the offline cache. The widget's article view shows what is between
/// the first `<article>` and the last `</article>`: the title and category before it are
/// escaped text, so the sanitised body is the only HTML there.
fn standalone_page(article: &ParsedArticle) -> String {
    let a = &article.search;
    let lang = ammonia::clean_text(&a.locale);
    let title = ammonia::clean_text(&a.title);
    let category = match a.category.as_str() {
        "" => String::new(),
        c => format!("<p class=\"category\">{}</p>\n", ammonia::clean_text(c)),
    };
    // For search engines' result pages; clean_text escapes quotes too, so it is safe here.
    let description = match article.description.as_str() {
        "" => String::new(),
        d => format!(
            "<meta name=\"description\" content=\"{}\">\n",
            ammonia::clean_text(d)
        ),
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {description}<title>{title}</title>\n<style>body{{font:16px/1.7 system-ui,sans-serif;max-width:42rem;\
         margin:2rem auto;padding:0 1rem;color:#1f2329}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #d0d3d6;padding:.3rem .6rem}}.category{{color:#595f66}}</style>\n\
         </head>\n<body>\n{category}<h1>{title}</h1>\n<article>\n{}\
         </article>\n</body>\n</html>\n",
        article.html
    )
}
