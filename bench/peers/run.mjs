// Helpdock against MiniSearch, FlexSearch and Pagefind: the same articles built into each
// engine, the same queries run in the same headless Debian Chromium, one table.
//
//   bash bench/peers.sh [--corpora demo,manpages,generated-5000] [--rounds 10] [--warmup 3]
//     [--warmup-ms 1000]
//
// (peers.sh builds the Helpdock binary and its search-only wasm module, installs the peers from
// npm, then runs this file.) For each corpus and engine it reports:
// - build time: Helpdock's release binary on the Markdown folder; the JavaScript engines in
//   Node on the same text (index, then serialize), Pagefind through its Node API;
// - bytes before the first result: every file the page fetches from a cold cache until the
//   first query's first result can be shown (engine code, wasm, index, Pagefind's chunks and
//   the first result's fragment), raw and gzip -9;
//   For the engines that fetch parts on demand (Helpdock's split index, Pagefind), also the
//   gzip bytes before the first result for --cold-sample queries (default 40), each from a
//   cold cache: p50 / p95 / max;
// - query latency p50 and p99 over `rounds` timed passes of every query (default 10), after
//   untimed passes: at least `--warmup` (default 3), and more until `--warmup-ms` (default
//   1000) have gone by,
//   with a cross-origin-isolated page so performance.now() has 5 µs resolution;
// - Recall@1 and Recall@3 on the corpus's judgments, for all queries and for those written in
//   Chinese characters.
// Results go to stdout as Markdown and to target/bench-peers/results.json. With
// DUMP_TIMES=PREFIX, each engine's timed passes also go to PREFIX-ENGINE.json ({queries, times},
// the times in run order), to see where its slowest fall.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

import { Document, Encoder } from 'flexsearch';
import MiniSearch from 'minisearch';
import * as pagefind from 'pagefind';

import { demo, generated, manpages } from './corpora.mjs';
import { flexsearchOptions, minisearchOptions } from './options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const stage = path.join(root, 'target/bench-peers');
const { chromium } = await import(path.join(root, 'node_modules/playwright-core/index.mjs'));

const ENGINES = ['helpdock', 'minisearch', 'flexsearch', 'pagefind'];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const corpusNames = option('corpora', 'demo,manpages,generated-5000').split(',');
// Ten passes: with three, the p99 of the demo's 360 queries was the 11th slowest of 1,080
// times, and a handful of the browser's pauses (a collection, a compile finishing) decided
// it, for one engine in one run and the other in the next.
const rounds = Number(option('rounds', '10'));
// Untimed passes before the timed ones, the same for every engine: the first runs of a query
// also pay for the browser compiling hot code (wasm tier-up, JS JIT), which a visitor meets
// in their first keystrokes, not in the seconds of typing after them. At least `--warmup`
// passes (default 3), and more until `--warmup-ms` (default 1000) have gone by: the
// optimizing compilers work in the background for longer than three passes of the demo's
// queries take (about 15 ms each for Helpdock), and the first timed passes held most of
// Helpdock's slowest times (BENCHMARKS.md, "Against the peers").
const warmup = Number(option('warmup', '3'));
const warmupMs = Number(option('warmup-ms', '1000'));
const only = option('engines', ENGINES.join(',')).split(',');
const slowest = Number(option('slowest', '0'));
const coldSample = Number(option('cold-sample', '40'));

function loadCorpus(name) {
  if (name === 'demo') return demo(root);
  if (name === 'manpages') return manpages(stage);
  const m = /^generated-(\d+)$/.exec(name);
  if (m) return generated(root, stage, Number(m[1]));
  throw new Error(`unknown corpus ${name}`);
}

function seconds(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** Builds every engine's index for `corpus` under `dir`; returns build seconds per engine. */
async function buildAll(corpus, dir) {
  // The last run's indexes are moved aside, and deleted only once every engine has built: on
  // ext4 without a journal (these machines' disk), files created right after 115,000 were
  // deleted wait on the kernel's inode allocation, and the 100,000-article build paid for the
  // deletion ("Build speed" in BENCHMARKS.md). A stale `.old` is an interrupted run's.
  const aside = `${dir}.old`;
  fs.rmSync(aside, { recursive: true, force: true });
  if (fs.existsSync(dir)) fs.renameSync(dir, aside);
  fs.mkdirSync(dir, { recursive: true });
  const times = {};
  // Only the engines measured (--engines): the JavaScript ones take minutes at 100,000 articles.
  const timed = async (engine, build) => {
    if (!only.includes(engine)) return;
    const t0 = process.hrtime.bigint();
    await build();
    times[engine] = seconds(t0);
  };

  await timed('helpdock', () =>
    execFileSync(path.join(root, 'target/release/helpdock'), ['build', corpus.contentDir, '--out', path.join(dir, 'helpdock')], {
      stdio: 'ignore',
    }),
  );

  const docs = corpus.articles.map((a, n) => ({ n, id: a.id, title: a.title, tags: a.tags.join(' '), body: a.body }));

  await timed('minisearch', () => {
    const mini = new MiniSearch(minisearchOptions());
    mini.addAll(docs);
    fs.writeFileSync(path.join(dir, 'minisearch.json'), JSON.stringify(mini));
  });

  await timed('flexsearch', async () => {
    const flex = new Document(flexsearchOptions(Encoder));
    for (const d of docs) flex.add(d);
    const parts = {};
    await flex.export((key, data) => {
      parts[key] = data;
    });
    fs.writeFileSync(path.join(dir, 'flexsearch.json'), JSON.stringify({ ids: docs.map((d) => d.id), index: parts }));
  });

  await timed('pagefind', async () => {
    // One index for every language (the corpora mix zh-CN and en), as Helpdock's is.
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh' });
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    for (const a of corpus.articles) {
      const html =
        `<!doctype html><html lang="zh"><head><title>${escapeHtml(a.title)}</title></head><body>` +
        `<h1>${escapeHtml(a.title)}</h1><p>${escapeHtml(a.tags.join(' '))}</p><p>${escapeHtml(a.body)}</p></body></html>`;
      const added = await index.addHTMLFile({ url: `/a/${a.id}/`, content: html });
      if (added.errors?.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
    }
    await index.writeFiles({ outputPath: path.join(dir, 'pagefind') });
    await index.deleteIndex();
  });
  fs.rmSync(aside, { recursive: true, force: true });
  return times;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** A static server for the page, the engines and the corpora, cross-origin isolated. */
/** The file `serve` answers `url` with, or nothing. */
function servedFile(url) {
  const file = path.join(stage, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
  return file.startsWith(stage) && fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
}

function serve() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const base = ['/page.html', '/page.mjs', '/options.mjs'].includes(url) ? here : stage;
    const file = path.join(base, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function stageEngines() {
  const engines = path.join(stage, 'engines');
  fs.mkdirSync(engines, { recursive: true });
  fs.cpSync(path.join(here, 'node_modules/minisearch/dist/es'), path.join(engines, 'minisearch'), { recursive: true });
  fs.mkdirSync(path.join(engines, 'flexsearch'), { recursive: true });
  fs.copyFileSync(
    path.join(here, 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs'),
    path.join(engines, 'flexsearch/flexsearch.bundle.module.min.mjs'),
  );
  if (!fs.existsSync(path.join(engines, 'helpdock/helpdock_search_bench_bg.wasm'))) {
    throw new Error('target/bench-peers/engines/helpdock is missing: run bench/peers.sh, which builds it');
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const CJK = /[\u3400-\u9fff]/;

function recall(judgments, top) {
  const score = (filter) => {
    const picked = judgments.map((j, i) => [j, top[i]]).filter(([j]) => filter(j));
    if (!picked.length) return { n: 0, r1: NaN, r3: NaN };
    const hit = (k) => picked.filter(([j, t]) => t.slice(0, k).some((id) => j.relevant.includes(id))).length / picked.length;
    return { n: picked.length, r1: hit(1), r3: hit(3) };
  };
  return { all: score(() => true), chinese: score((j) => CJK.test(j.q)) };
}

/**
 * A fresh browser context (cold HTTP cache) that loads `engine` and answers `query`: the
 * files it fetched until the first result could be shown, raw and gzip -9.
 */
async function coldFirst(browser, origin, corpus, engine, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  let counting = true;
  page.on('response', async (response) => {
    const url = new URL(response.url()).pathname;
    if (!counting || ['/page.html', '/page.mjs', '/options.mjs'].includes(url)) return;
    // Playwright cannot hand over bodies of hundreds of MB (the large corpora's JSON indexes):
    // then the file this server sent is read from disk.
    fetched.push(response.body().then((body) => ({ url, body })).catch(() => ({ url, body: servedFile(url) })));
  });
  page.on('pageerror', (e) => console.error(`  [${engine}] page error: ${e.message}`));
  await page.goto(`${origin}/page.html?engine=${engine}&corpus=${corpus.name}`);
  await page.waitForFunction(() => window.benchReady === true);
  const first = await page.evaluate((q) => window.bench.first(q), query);
  counting = false;
  const files = await Promise.all(fetched);
  const raw = files.reduce((s, f) => s + f.body.length, 0);
  const gzip = files.reduce((s, f) => s + zlib.gzipSync(f.body, { level: 9 }).length, 0);
  return { context, page, first, files, raw, gzip };
}

/**
 * Engines that fetch index parts as queries need them (Helpdock's split index, Pagefind)
 * download a different amount before each query's first result: gzip bytes from a cold cache
 * for `coldSample` queries spread over the set, as p50 / p95 / max.
 */
async function coldBytes(browser, origin, corpus, engine, queries) {
  const step = Math.max(1, Math.floor(queries.length / coldSample));
  const sizes = [];
  const heaviest = [];
  for (let i = 0; i < queries.length && sizes.length < coldSample; i += step) {
    const { context, gzip, files } = await coldFirst(browser, origin, corpus, engine, queries[i]);
    await context.close();
    sizes.push(gzip);
    heaviest.push([gzip, files.length, queries[i]]);
  }
  sizes.sort((a, b) => a - b);
  heaviest.sort((a, b) => b[0] - a[0]);
  // With --slowest N, the N queries that download most before their first result.
  for (const [bytes, n, q] of heaviest.slice(0, slowest)) {
    console.error(`  [${engine}] ${fmtBytes(bytes)} in ${n} files  ${q}`);
  }
  return { n: sizes.length, p50: percentile(sizes, 50), p95: percentile(sizes, 95), max: sizes[sizes.length - 1] };
}

async function measure(browser, origin, corpus, engine) {
  const queries = corpus.judgments.map((j) => j.q);
  const { context, page, first, files, raw, gzip } = await coldFirst(browser, origin, corpus, engine, queries[0]);
  const isolated = await page.evaluate(() => window.crossOriginIsolated);
  const run = await page.evaluate(
    ([qs, r, w, ms]) => window.bench.run(qs, r, w, ms),
    [queries, rounds, warmup, warmupMs],
  );
  await context.close();
  if (process.env.DUMP_TIMES) {
    fs.writeFileSync(`${process.env.DUMP_TIMES}-${engine}.json`, JSON.stringify({ queries, times: run.times }));
  }
  const times = run.times.slice().sort((a, b) => a - b);
  if (slowest > 0) {
    // Each query's slowest timed pass, and its fastest: a query slow in every pass costs that
    // much, one slow only once met a pause of the browser's (a collection, another process).
    const passes = (i) => run.times.filter((_, k) => k % queries.length === i);
    const worst = queries.map((q, i) => [Math.max(...passes(i)), Math.min(...passes(i)), q]);
    worst.sort((a, b) => b[0] - a[0]);
    for (const [max, min, q] of worst.slice(0, slowest)) {
      console.error(`  [${engine}] ${max.toFixed(3)} ms (fastest pass ${min.toFixed(3)})  ${q}`);
    }
  }
  const onDemand = ['helpdock', 'pagefind'].includes(engine) && coldSample > 0;
  return {
    engine,
    firstMs: first.ms,
    files: files.length,
    fileList: files.map((f) => [f.url, f.body.length]),
    raw,
    gzip,
    cold: onDemand ? await coldBytes(browser, origin, corpus, engine, queries) : null,
    isolated,
    warmupPasses: run.untimed,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    recall: corpus.judged ? recall(corpus.judgments, run.top) : null,
  };
}

function fmtBytes(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} KB`;
}
const fmtMs = (ms) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1));
const fmtR = (r) => (Number.isNaN(r) ? '—' : r.toFixed(3));

function table(corpus, rows, builds) {
  const out = [];
  const zh = corpus.judgments.filter((j) => CJK.test(j.q)).length;
  out.push(
    `\n### ${corpus.name}: ${corpus.articles.length} articles, ${corpus.judgments.length} queries` +
      (corpus.judged ? ` (${zh} in Chinese characters)` : ' (speed only: the generated articles have no judgments)'),
  );
  out.push('');
  out.push('| engine | build s | bytes before first result (raw / gzip) | first result ms | p50 ms | p99 ms | R@1 all | R@3 all | R@1 zh | R@3 zh |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    if (r.error) {
      out.push(`| ${r.engine} | ${builds[r.engine]?.toFixed(2) ?? '—'} | failed: ${r.error} | | | | | | | |`);
      continue;
    }
    const rc = r.recall;
    const cold = r.cold ? ` (${r.cold.n} queries: p50 ${fmtBytes(r.cold.p50)}, p95 ${fmtBytes(r.cold.p95)}, max ${fmtBytes(r.cold.max)})` : '';
    out.push(
      `| ${r.engine} | ${builds[r.engine].toFixed(2)} | ${fmtBytes(r.raw)} / ${fmtBytes(r.gzip)}${cold} | ${r.firstMs.toFixed(0)} | ` +
        `${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${rc ? fmtR(rc.all.r1) : '—'} | ${rc ? fmtR(rc.all.r3) : '—'} | ` +
        `${rc ? fmtR(rc.chinese.r1) : '—'} | ${rc ? fmtR(rc.chinese.r3) : '—'} |`,
    );
  }
  return out.join('\n');
}

stageEngines();
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    // For experiments on the browser's part in the timings, e.g.
    // CHROMIUM_ARGS=--js-flags=--liftoff-only (wasm never tiered up to the optimizing compiler).
    ...(process.env.CHROMIUM_ARGS ? process.env.CHROMIUM_ARGS.split(' ') : [])],
});
const version = browser.version();
const results = [];
let report = `Chromium ${version}, ${rounds} timed passes of every query after at least ${warmup} warm-up pass${warmup === 1 ? '' : 'es'} and ${warmupMs} ms.\n`;
try {
  for (const name of corpusNames) {
    console.error(`== ${name}: preparing the corpus`);
    const corpus = loadCorpus(name);
    console.error(`== ${name}: ${corpus.articles.length} articles; building the indexes`);
    const builds = await buildAll(corpus, path.join(stage, 'corpora', name));
    const rows = [];
    for (const engine of ENGINES.filter((e) => only.includes(e))) {
      console.error(`== ${name}: ${engine} in Chromium`);
      try {
        rows.push(await measure(browser, origin, corpus, engine));
      } catch (error) {
        console.error(error);
        rows.push({ engine, error: String(error.message || error).split('\n')[0].slice(0, 120) });
      }
    }
    const section = table(corpus, rows, builds);
    console.log(section);
    report += `${section}\n`;
    results.push({ corpus: name, articles: corpus.articles.length, queries: corpus.judgments.length, builds, rows });
  }
} finally {
  await browser.close();
  server.close();
}
fs.writeFileSync(path.join(stage, 'results.json'), JSON.stringify({ chromium: version, rounds, results }, null, 2));
fs.writeFileSync(path.join(stage, 'results.md'), report);
console.error(`\nwrote ${path.join(stage, 'results.md')} and results.json`);
