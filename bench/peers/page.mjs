// The browser side of the peer benchmark. bench/peers/run.mjs opens page.html?engine=…&corpus=…
// in headless Chromium and calls `window.bench.first(query)` (load the engine and its index,
// answer one query: what a visitor waits for) and then `window.bench.run(queries, rounds)`.
//
// Every engine gets the same tokenizer where it takes one (Intl.Segmenter for Chinese words,
// as in the search issue's reference figures), prefix matching on the last word (search as you
// type), and typo tolerance where it has it. Helpdock and Pagefind bring their own.

const params = new URLSearchParams(location.search);
const engineName = params.get('engine');
const corpus = `/corpora/${params.get('corpus')}`;

import { flexsearchOptions, minisearchOptions } from './options.mjs';

const engines = {
  async helpdock() {
    const module = await import('/engines/helpdock/helpdock_search_bench.js');
    await module.default({ module_or_path: '/engines/helpdock/helpdock_search_bench_bg.wasm' });
    const fetchBytes = async (file) =>
      new Uint8Array(await (await fetch(`${corpus}/helpdock/${file}`)).arrayBuffer());
    module.load(await fetchBytes('index.bin'));
    const ids = module.ids();
    // A split index answers from what it has and names the shards it lacked: fetch them and
    // ask again until nothing is missing, as the widget does. A one-file index never lacks any.
    const complete = async (ask) => {
      for (;;) {
        const answer = ask();
        const missing = module.missing();
        if (missing.length === 0) return answer;
        const shards = await Promise.all(missing.map(fetchBytes));
        for (const shard of shards) module.addShard(shard);
      }
    };
    return {
      search: async (q) => Array.from(await complete(() => module.search(q, 10)), (d) => ids[d]),
      // What the first result shows: its title and snippet, from its record shard.
      first: (results, q) => complete(() => module.searchWithSnippets(q, 1)),
    };
  },

  async minisearch() {
    const { default: MiniSearch } = await import('/engines/minisearch/index.js');
    const json = await (await fetch(`${corpus}/minisearch.json`)).text();
    const index = MiniSearch.loadJSON(json, minisearchOptions());
    return { search: (q) => index.search(q).slice(0, 10).map((r) => r.id) };
  },

  async flexsearch() {
    const { Document, Encoder } = await import('/engines/flexsearch/flexsearch.bundle.module.min.mjs');
    const parts = await (await fetch(`${corpus}/flexsearch.json`)).json();
    const index = new Document(flexsearchOptions(Encoder));
    for (const [key, data] of Object.entries(parts.index)) await index.import(key, data);
    const ids = parts.ids;
    return {
      search: (q) =>
        index.search(q, { limit: 10, merge: true, suggest: true }).map((r) => ids[r.id]),
    };
  },

  async pagefind() {
    const pagefind = await import(`${corpus}/pagefind/pagefind.js`);
    await pagefind.options({ basePath: `${corpus}/pagefind/`, excerptLength: 0 });
    await pagefind.init();
    return {
      search: async (q) => (await pagefind.search(q)).results.slice(0, 10),
      // Pagefind's results are hashes until their fragment is fetched: resolve outside the timing.
      resolve: async (results) =>
        Promise.all(results.slice(0, 3).map(async (r) => (await r.data()).url.split('/').filter(Boolean).pop())),
      first: async (results) => results[0] && (await results[0].data()),
    };
  },
};

let engine = null;

window.bench = {
  /** Loads the engine and its index and answers `query`: the visitor's first wait. */
  async first(query) {
    const t0 = performance.now();
    engine = await engines[engineName]();
    const results = await engine.search(query);
    if (engine.first) await engine.first(results, query);
    return { ms: performance.now() - t0, hits: results.length };
  },

  /** Every query `rounds` times after untimed rounds: at least `warmup` of them, and as many
   *  more as start within `warmupMs` of the first (the first also fetches what the queries
   *  need and records the top results). */
  async run(queries, rounds, warmup = 1, warmupMs = 0) {
    const times = [];
    const top = [];
    const started = performance.now();
    let untimed = 0;
    while (untimed < Math.max(warmup, 1) || performance.now() - started < warmupMs) {
      for (const q of queries) {
        const results = await engine.search(q);
        if (untimed === 0) top.push(engine.resolve ? await engine.resolve(results) : results.slice(0, 3));
      }
      untimed++;
    }
    for (let round = 0; round < rounds; round++) {
      for (const q of queries) {
        const t0 = performance.now();
        await engine.search(q);
        times.push(performance.now() - t0);
      }
    }
    return { times, top, untimed };
  },
};
window.benchReady = true;
