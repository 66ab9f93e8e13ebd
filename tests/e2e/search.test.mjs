// A visitor on the demo page opens the widget, searches in Chinese and English, and reads the
// article they find, all in real Chromium against the real server. Search runs in the browser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, useDemo } from './harness.mjs';

const demo = useDemo();

async function openWidget(page) {
  await page.goto(demo.server.url + '/');
  const launcher = page.getByRole('button', { name: '帮助', exact: true });
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: '帮助中心' });
  await dialog.waitFor({ state: 'visible' });
  return { launcher, dialog, search: dialog.getByRole('combobox', { name: '搜索帮助文章' }) };
}

async function resultTitles(dialog) {
  return dialog.getByRole('option').locator('.hd-result-title').allTextContents();
}

describe('searching the demo help center in the widget', () => {
  test('typing 退款 lists the refund article first and opens it', async () => {
    const page = await demo.browser.newPage();
    const { dialog, search } = await openWidget(page);
    await search.fill('退款');

    await eventually(async () => {
      const titles = await resultTitles(dialog);
      assert.equal(titles[0], '退款一直没到账怎么办？');
    });
    // The match is highlighted in the title.
    assert.equal(await dialog.getByRole('option').first().locator('mark').first().textContent(), '退款');

    await dialog.getByRole('option').first().click();
    const article = dialog.locator('article');
    await eventually(async () => {
      assert.equal(await article.locator('#hd-article-title').textContent(), '退款一直没到账怎么办？');
      assert.match(await article.locator('.hd-article-body').textContent(), /工作日/);
    });

    // Back returns to the same results, with the query kept.
    await article.getByRole('button', { name: /返回/ }).click();
    assert.equal(await search.inputValue(), '退款');
    assert.equal((await resultTitles(dialog))[0], '退款一直没到账怎么办？');
    await page.close();
  });

  test('an English question finds the English article, opened by keyboard', async () => {
    const page = await demo.browser.newPage();
    const { dialog, search } = await openWidget(page);
    await search.pressSequentially('sent money to the wrong person');

    await eventually(async () => {
      assert.equal((await resultTitles(dialog))[0], 'I sent money to the wrong person');
    });
    await search.press('ArrowDown');
    assert.equal(await search.getAttribute('aria-activedescendant'), 'hd-result-0');
    await search.press('Enter');
    await eventually(async () => {
      const body = await dialog.locator('.hd-article-body').textContent();
      assert.match(body, /transfer/i);
    });
    await page.close();
  });

  test('a colloquial Chinese sentence still finds the frozen-account article', async () => {
    const page = await demo.browser.newPage();
    const { dialog, search } = await openWidget(page);
    await search.fill('账户被冻结了怎么办');
    await eventually(async () => {
      assert.match((await resultTitles(dialog))[0], /冻结/);
    });
    await page.close();
  });

  test('Escape closes the panel and returns focus to the launcher', async () => {
    const page = await demo.browser.newPage();
    const { launcher, dialog, search } = await openWidget(page);
    await eventually(async () => assert.equal(await launcher.getAttribute('aria-expanded'), 'true'));
    await search.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => {
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
      assert.equal(await launcher.evaluate((el) => el.getRootNode().activeElement === el), true);
    });
    await page.close();
  });

  test('an index that could not be fetched loads by itself once the network is back', async () => {
    const page = await demo.browser.newPage();
    await page.route('**/help/index.bin', (route) => route.abort('internetdisconnected'));
    const { dialog, search } = await openWidget(page);
    await eventually(async () => assert.equal(await dialog.getByRole('status').first().textContent(), '帮助文章加载失败'));
    await page.unroute('**/help/index.bin');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await search.fill('退款');
    await eventually(async () => assert.ok((await resultTitles(dialog)).length > 0));
    await page.close();
  });

  test('a corrupt index shows a clear error instead of results', async () => {
    const page = await demo.browser.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // A well-formed header that claims a format version this widget does not read.
    const header = Buffer.alloc(24);
    header.write('HELPDOCK');
    header.writeUInt32LE(999, 8);
    await page.route('**/help/index.bin', (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: header }));
    const { dialog } = await openWidget(page);
    await eventually(async () => {
      const status = await dialog.getByRole('status').first().textContent();
      assert.equal(status, '帮助文章加载失败');
    });
    // The visitor reads words; the reason is in the console, for the site owner.
    assert.ok(errors.some((e) => /version 999/.test(e)), errors.join(' | '));
    assert.equal(await dialog.getByRole('button', { name: '重试' }).isVisible(), true);
    await page.close();
  });
});
