// How the JavaScript engines are configured, shared by the build in Node (run.mjs) and the
// search in the browser (page.mjs), so both sides tokenize alike.
//
// Chinese has no spaces, so both get Intl.Segmenter's word segmentation (ICU's dictionary),
// as in the search issue's reference figures; both match the last word as a prefix and
// MiniSearch also tolerates typos, as Helpdock does.

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Segmented a clause at a time: V8 copies the whole input string into every segment object it
// returns, which on a long man page exhausts the heap; no word spans spaces or punctuation.
export const words = (text) =>
  String(text)
    .toLowerCase()
    .split(/[\s，。、；：！？“”‘’（）《》,.;:!?()"'<>[\]{}|/\\=*+#~`^_-]+/u)
    .flatMap((clause) =>
      clause ? [...segmenter.segment(clause)].filter((s) => s.isWordLike).map((s) => s.segment) : [],
    );

export function minisearchOptions() {
  return {
    idField: 'id',
    fields: ['title', 'tags', 'body'],
    storeFields: [],
    tokenize: words,
    processTerm: (t) => t.toLowerCase(),
    searchOptions: { boost: { title: 3, tags: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
  };
}

export function flexsearchOptions(Encoder) {
  const encoder = new Encoder({ normalize: false, dedupe: false });
  encoder.encode = (text) => words(text);
  const field = (name) => ({ field: name, tokenize: 'forward', encoder });
  return { document: { id: 'n', store: false, index: [field('title'), field('tags'), field('body')] } };
}
