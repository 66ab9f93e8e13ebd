// The widget (wasm, in Chromium) and `helpdock search --json` (native) run the same query code
// on the same index, so they must rank identically. Checked on queries of every kind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventually, ROOT, useDemo } from './harness.mjs';

const BIN = process.env.HELPDOCK_BIN || join(ROOT, 'target', 'debug', 'helpdock');
const QUERIES = ['退款', '账户被冻结了怎么办', '帳戶被凍結', 'tuikuan', 'rgkf', '退宽', 'refnd', 'wrong transfer', '转人工'];

const demo = useDemo();

function cliRanking(query) {
  const out = execFileSync(BIN, ['search', '--index', join(ROOT, 'dist', 'help', 'index.bin'), '--json', query]);
  return JSON.parse(out).map((hit) => hit.id);
}

test('the widget ranks every query exactly as helpdock search --json does', async () => {
  const page = await demo.browser.newPage();
  await page.goto(demo.server.url + '/');
  await page.getByRole('button', { name: '帮助', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '帮助中心' });
  const search = dialog.getByRole('combobox');
  for (const query of QUERIES) {
    const expected = cliRanking(query);
    assert.ok(expected.length > 0, `the CLI finds something for ${query}`);
    await search.fill(query);
    await eventually(async () => {
      const ids = await dialog.getByRole('option').evaluateAll((options) => options.map((o) => o.dataset.id));
      // A query asking for a person gets "contact a human" on top, then the same ranking.
      const articles = query === '转人工' ? (assert.equal(ids[0], 'contact'), ids.slice(1)) : ids;
      assert.deepEqual(articles, expected, query);
    });
  }
  await page.close();
});
