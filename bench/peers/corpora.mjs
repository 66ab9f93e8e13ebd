// The corpora the peer benchmark builds into every engine, each as
//   { name, contentDir, articles: [{ id, title, tags, locale, body }], judgments, judged }
// where `contentDir` holds the articles as Helpdock Markdown (what `helpdock build` reads) and
// `articles` the same text in plain form for the JavaScript engines. `judgments` are
// [{ q, kind, relevant: [ids] }]; `judged` says whether recall means anything on the corpus.
//
// - demo:     content/ (the demo help center) with tests/relevance/demo-judgments.toml.
// - manpages: Debian's manpages-zh (real Chinese help text), one article per zh_CN page,
//             rendered by groff. Queries: each page's NAME line in zh_CN (kind zh) and, from the
//             zh_TW translation of the same page, in traditional characters (kind traditional).
// - generated-N: bench/gen-corpus.py, demo sentences reshuffled into N articles; the demo
//             queries run against it for speed only.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

const FRONT = /^\+\+\+\n([\s\S]*?)\n\+\+\+\n([\s\S]*)$/;

/** Markdown to the plain text a reader sees, roughly: enough for the JavaScript engines. */
export function markdownToText(md) {
  return md
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/[*_`>|]/g, ' ')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** The articles of a Helpdock content folder, as plain text. */
export function readContent(contentDir) {
  return walk(contentDir)
    .sort()
    .flatMap((file) => {
      const m = FRONT.exec(fs.readFileSync(file, 'utf8'));
      if (!m) return [];
      const front = parseToml(m[1]);
      return [
        {
          id: String(front.id),
          title: String(front.title),
          tags: (front.tags || []).map(String),
          locale: String(front.locale || 'zh-CN'),
          body: markdownToText(m[2]),
        },
      ];
    });
}

function readJudgments(file) {
  return parseToml(fs.readFileSync(file, 'utf8')).query.map((q) => ({
    q: q.q,
    kind: q.kind,
    relevant: q.relevant,
  }));
}

export function demo(root) {
  const contentDir = path.join(root, 'content');
  return {
    name: 'demo',
    contentDir,
    articles: readContent(contentDir),
    judgments: readJudgments(path.join(root, 'tests/relevance/demo-judgments.toml')),
    judged: true,
  };
}

function toml(s) {
  return JSON.stringify(s); // a JSON string is a valid TOML basic string
}

function writeArticle(dir, a) {
  const body = a.body.replace(/^[ \t]+/gm, ''); // indented lines would be Markdown code blocks
  const front = [
    `id = ${toml(a.id)}`,
    `title = ${toml(a.title)}`,
    `category = ${toml(a.category || 'manual')}`,
    `tags = [${a.tags.map(toml).join(', ')}]`,
    `locale = ${toml(a.locale)}`,
  ].join('\n');
  fs.writeFileSync(path.join(dir, `${a.id}.md`), `+++\n${front}\n+++\n\n${body}\n`);
}

/** A man page rendered to text by groff, and the description on its NAME line. */
function renderManPage(file) {
  const text = execFileSync(
    'sh',
    ['-c', 'zcat "$1" | groff -k -man -Tutf8 -P-c -P-b -P-u 2>/dev/null', 'sh', file],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^(名称|名稱|NAME)\s*$/.test(l.trim()) && !/^\s/.test(l));
  const nameLine = at >= 0 ? (lines.slice(at + 1).find((l) => l.trim()) || '').trim() : '';
  const dash = nameLine.search(/\s[-—–]\s/);
  const description = dash >= 0 ? nameLine.slice(dash + 3).trim() : '';
  // Drop the running header and footer lines groff puts on every page.
  const body = lines
    .filter((l, i) => !(i < 2 || /^\S.*\(\d\w*\)\s*$/.test(l)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return { body, description };
}

const CJK = /[\u3400-\u9fff]/;

/** Debian's manpages-zh, downloaded with apt-get and converted once into `cacheDir`. */
export function manpages(cacheDir) {
  const dir = path.join(cacheDir, 'manpages');
  const contentDir = path.join(dir, 'content');
  const meta = path.join(dir, 'corpus.json');
  if (!fs.existsSync(meta)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(contentDir, { recursive: true });
    execFileSync('apt-get', ['download', 'manpages-zh'], { cwd: dir, stdio: 'ignore' });
    const deb = fs.readdirSync(dir).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download manpages-zh gave no .deb');
    execFileSync('dpkg-deb', ['-x', deb, 'pkg'], { cwd: dir });
    const pages = (lang) => {
      const base = path.join(dir, 'pkg/usr/share/man', lang);
      return fs.existsSync(base) ? walk2(base) : [];
    };
    const tw = new Map(pages('zh_TW').map((f) => [path.basename(f), f]));
    const articles = [];
    const judgments = [];
    const ids = new Set();
    for (const file of pages('zh_CN').sort()) {
      const base = path.basename(file).replace(/\.gz$/, ''); // ls.1
      let id = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 90);
      while (ids.has(id)) id += '-x';
      ids.add(id);
      const { body, description } = renderManPage(file);
      if (!CJK.test(body)) continue;
      const title = base.replace(/\.[^.]+$/, '');
      articles.push({ id, title, tags: [], locale: 'zh-CN', body, category: 'manual' });
      if (CJK.test(description)) judgments.push({ q: description, kind: 'zh', relevant: [id] });
      const twFile = tw.get(path.basename(file));
      if (twFile) {
        const twDescription = renderManPage(twFile).description;
        if (CJK.test(twDescription) && twDescription !== description) {
          judgments.push({ q: twDescription, kind: 'traditional', relevant: [id] });
        }
      }
    }
    for (const a of articles) writeArticle(contentDir, a);
    fs.writeFileSync(meta, JSON.stringify({ judgments }));
  }
  return {
    name: 'manpages',
    contentDir,
    articles: readContent(contentDir),
    judgments: JSON.parse(fs.readFileSync(meta, 'utf8')).judgments,
    judged: true,
  };
}

function walk2(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk2(p) : e.name.endsWith('.gz') ? [p] : [];
  });
}

/** `count` articles generated from the demo's sentences (bench/gen-corpus.py). */
export function generated(root, cacheDir, count) {
  const contentDir = path.join(cacheDir, `generated-${count}`, 'content');
  if (!fs.existsSync(path.join(contentDir, 'zh-CN'))) {
    execFileSync('python3', [path.join(root, 'bench/gen-corpus.py'), contentDir, '--articles', String(count)], {
      stdio: 'inherit',
    });
  }
  return {
    name: `generated-${count}`,
    contentDir,
    articles: readContent(contentDir),
    judgments: readJudgments(path.join(root, 'tests/relevance/demo-judgments.toml')),
    judged: false,
  };
}
