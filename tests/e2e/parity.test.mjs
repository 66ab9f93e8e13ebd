// The widget (wasm, in Chromium) and `helpdock search --json` (native) run the same query code
// on the same index, so they must rank identically. Checked on queries of every kind.
import { join } from 'node:path';
import { test } from 'node:test';
import { assertRanksAsCli, ROOT, useDemo } from './harness.mjs';

const QUERIES = ['退款', '账户被冻结了怎么办', '帳戶被凍結', 'tuikuan', 'rgkf', '退宽', 'refnd', 'wrong transfer', '转人工'];

const demo = useDemo();

test('the widget ranks every query exactly as helpdock search --json does', async () => {
  const page = await demo.browser.newPage();
  await page.goto(demo.server.url + '/');
  await page.getByRole('button', { name: '帮助', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '帮助中心' });
  await assertRanksAsCli(dialog, join(ROOT, 'dist', 'help', 'index.bin'), QUERIES);
  await page.close();
});
