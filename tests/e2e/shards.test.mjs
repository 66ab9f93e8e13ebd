// A large help center's index is split into shards the widget fetches as queries need them
// (`helpdock build --split`). The demo content, split into small shards, must behave in the
// browser exactly as the one-file index: the same rankings as `helpdock search --json`, with
// titles and snippets, completions, and articles opened from the JS API, while fetching only
// some of the shards.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertRanksAsCli, eventually, launchBrowser, ROOT, startServer } from './harness.mjs';

const BIN = process.env.HELPDOCK_BIN || join(ROOT, 'target', 'debug', 'helpdock');
const QUERIES = ['退款', '账户被冻结了怎么办', '帳戶被凍結', 'tuikuan', 'rgkf', '退宽', 'refnd', '转人工'];

const split = { dir: null, server: null, browser: null, shards: 0 };

before(async () => {
  split.dir = mkdtempSync(join(tmpdir(), 'helpdock-split-'));
  execFileSync(BIN, ['build', join(ROOT, 'content'), '--out', split.dir, '--split', 'always', '--shard-bytes', '1024', '--shard-articles', '2']);
  const [build] = readdirSync(join(split.dir, 'shards'));
  split.shards = readdirSync(join(split.dir, 'shards', build)).length;
  split.server = await startServer([], { helpDir: split.dir });
  split.browser = await launchBrowser();
});

after(async () => {
  await split.browser?.close();
  await split.server?.stop();
  if (split.dir) rmSync(split.dir, { recursive: true, force: true });
});

async function openWidget() {
  const page = await split.browser.newPage();
  const shards = new Map(); // url → Cache-Control
  page.on('response', (response) => {
    if (response.url().includes('/help/shards/')) {
      shards.set(response.url(), response.headers()['cache-control'] ?? '');
    }
  });
  await page.goto(split.server.site + '/');
  await page.getByRole('button', { name: '帮助', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '帮助中心' });
  return { page, dialog, shards };
}

test('a split index ranks as helpdock search does, fetching only the shards it needs', async () => {
  assert.ok(split.shards > 20, `the demo splits into ${split.shards} shards`);
  const { page, dialog, shards } = await openWidget();
  const search = dialog.getByRole('combobox');
  await search.fill('退款一直不到账');
  const first = dialog.getByRole('option').first();
  await eventually(async () => {
    assert.match(await first.locator('.hd-result-title').innerText(), /退款/);
    assert.ok((await first.locator('.hd-result-snippet').innerText()).length > 10, 'a snippet');
  });
  assert.ok(shards.size > 0 && shards.size < split.shards / 2,
    `one query fetched ${shards.size} of ${split.shards} shards`);
  // Shard paths name their build, so browsers may keep them for good.
  for (const [url, cacheControl] of shards) assert.match(cacheControl, /immutable/, url);
  await assertRanksAsCli(dialog, join(split.dir, 'index.bin'), QUERIES);
  await page.close();
});

test('completions and an article opened by id arrive from their shards', async () => {
  const { page, dialog } = await openWidget();
  await dialog.getByRole('combobox').fill('退款');
  await eventually(async () => {
    const completions = await dialog.locator('.hd-completions .hd-chip').allInnerTexts();
    assert.ok(completions.some((c) => c.startsWith('退款')), `completions: ${completions}`);
  });
  // Nothing has asked for this article's record yet: the widget fetches it, then opens it.
  await page.evaluate(() => window.Helpdock.openArticle('change-phone-number'));
  await eventually(async () => {
    assert.match(await dialog.locator('#hd-article-title').textContent(), /手机号/);
  });
  await page.close();
});
