// Accessibility and phones: axe-core finds nothing in any state of the panel, everything works
// from the keyboard alone, and on a phone the panel is full-screen and survives the keyboard.
//
// HELPDOCK_SCREENSHOTS=docs node --test tests/e2e/a11y.test.mjs rewrites docs/*.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { eventually, ROOT, useDemo } from './harness.mjs';

const demo = useDemo();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = process.env.HELPDOCK_SCREENSHOTS === 'docs' ? join(ROOT, 'docs') : join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

async function visit(path, options = {}) {
  const context = await demo.browser.newContext(options);
  const page = await context.newPage();
  await page.goto(demo.server.site + path);
  page.close = () => context.close();
  return page;
}

/** axe-core over the whole page, the widget's shadow root included. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The element focused inside the widget's shadow root, described. */
function focused(page) {
  return page.evaluate(() => {
    const host = document.activeElement;
    if (host?.id !== 'helpdock') return `outside: ${host?.tagName}`;
    const el = host.shadowRoot.activeElement;
    const inDialog = !!el?.closest('[role=dialog]');
    return `${inDialog ? 'dialog' : 'widget'}: ${el?.tagName} ${el?.getAttribute('role') || ''} ${el?.textContent.trim().slice(0, 20)}`;
  });
}

describe('accessibility', () => {
  for (const [name, path, theme] of [['light, zh-CN', '/orders/1', 'light'], ['dark, zh-TW', '/orders/1?locale=zh-TW', 'dark']]) {
    test(`axe-core finds no violations in any view (${name})`, async () => {
      // bypassCSP lets the test inject axe; the widget itself runs under the real policy elsewhere.
      const page = await visit(path, { bypassCSP: true, colorScheme: theme });
      await page.getByRole('button', { name: /^(帮助|幫助)$/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('.hd-popular .hd-article-link').first().waitFor();
      assert.deepEqual(await axeViolations(page), [], 'home');

      await dialog.getByRole('combobox').fill('退款');
      await dialog.getByRole('option').first().waitFor();
      assert.deepEqual(await axeViolations(page), [], 'results');

      await dialog.getByRole('combobox').press('Enter');
      await dialog.locator('.hd-article-body').waitFor();
      await dialog.locator('.hd-vote').last().click();
      assert.deepEqual(await axeViolations(page), [], 'article');

      await dialog.locator('.hd-contact-button').click();
      await dialog.locator('.hd-hours').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'contact');
      await page.close();
    });
  }

  test('keyboard only: open, search, read, jump back with /, Tab stays inside, Esc returns focus', async () => {
    const page = await visit('/');
    // Tab through the host page to the launcher.
    for (let i = 0; i < 20 && !(await focused(page)).startsWith('widget: BUTTON'); i++) await page.keyboard.press('Tab');
    assert.match(await focused(page), /^widget: BUTTON/);
    await page.keyboard.press('Enter');
    await eventually(async () => assert.match(await focused(page), /^dialog: INPUT combobox/));

    await page.keyboard.type('账户冻结');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(async () => assert.match(await focused(page), /^dialog: BUTTON .*返回/));
    await page.keyboard.press('/');
    await eventually(async () => assert.match(await focused(page), /^dialog: INPUT combobox/));

    // Tab and Shift+Tab wrap around inside the dialog.
    const seen = new Set();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const where = await focused(page);
      assert.match(where, /^dialog: /, `Tab ${i + 1} left the dialog: ${where}`);
      seen.add(where);
    }
    const visited = [...seen].join(' / ');
    for (const control of ['INPUT combobox', '联系客服', '×']) assert.ok(visited.includes(control), visited);
    await page.getByRole('combobox').focus();
    await page.keyboard.press('Shift+Tab');
    assert.match(await focused(page), /^dialog: /);

    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.match(await focused(page), /^widget: BUTTON/, 'focus returns to the launcher');
    assert.equal(await page.getByRole('button', { name: '帮助', exact: true }).getAttribute('aria-expanded'), 'false');
    await page.close();
  });
});

describe('focus', () => {
  test('focus stays in the dialog: reopened on an article, back from contact, composing pinyin', async () => {
    const page = await visit('/');
    await page.getByRole('button', { name: '帮助', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').fill('账户冻结');
    await dialog.getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await eventually(async () => assert.match(await focused(page), /^dialog: BUTTON .*返回/));

    // Closed on the article and opened again: focus is on the article's way back.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');
    await eventually(async () => assert.match(await focused(page), /^dialog: BUTTON .*返回/));

    // The contact panel and back: focus goes to its heading, then back into the article.
    await dialog.locator('.hd-contact-button').click();
    await eventually(async () => assert.match(await focused(page), /^dialog: H3/));
    await dialog.locator('.hd-contact .hd-back').click();
    await eventually(async () => assert.match(await focused(page), /^dialog: BUTTON .*返回/));

    // Enter and Esc that pick or cancel pinyin candidates neither open a result nor close.
    await page.keyboard.press('/');
    await eventually(async () => assert.match(await focused(page), /^dialog: INPUT combobox/));
    await dialog.getByRole('combobox').fill('退款');
    await dialog.getByRole('option').first().waitFor();
    for (const key of ['Enter', 'Escape']) {
      await page.evaluate((key) => {
        const input = document.getElementById('helpdock').shadowRoot.querySelector('[role=combobox]');
        input.dispatchEvent(new KeyboardEvent('keydown', { key, isComposing: true, bubbles: true, composed: true }));
      }, key);
    }
    await page.waitForTimeout(200);
    assert.ok(await dialog.isVisible(), 'Esc while composing leaves the panel open');
    assert.match(await focused(page), /^dialog: INPUT combobox/, 'Enter while composing opens no article');
    await page.close();
  });
});

describe('phones', () => {
  test('every live region is in the accessibility tree before it has anything to say', async () => {
    const page = await visit('/');
    await page.getByRole('button', { name: '帮助', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await dialog.locator('.hd-popular .hd-article-link').first().waitFor();
    // A region hidden with display: none is missing from the tree until its text comes, and
    // screen readers often say nothing of text that arrives with the region itself.
    const hiddenRegions = () => page.evaluate(() => {
      const root = document.getElementById('helpdock').shadowRoot;
      const regions = [...root.querySelectorAll('[role=alert], [role=status], [aria-live]')];
      return { count: regions.length, hidden: regions.filter((el) => getComputedStyle(el).display === 'none').map((el) => el.className) };
    });
    // An article (its vote's thanks)...
    await dialog.getByRole('combobox').fill('退款');
    await dialog.getByRole('combobox').press('Enter');
    await dialog.locator('article').waitFor();
    assert.deepEqual((await hiddenRegions()).hidden, []);
    // ...and the contact panel (the line that says whether an agent is free).
    await dialog.getByRole('button', { name: '联系客服', exact: true }).click();
    await dialog.getByRole('region', { name: '联系我们' }).waitFor();
    const contact = await hiddenRegions();
    assert.deepEqual(contact.hidden, []);
    assert.ok(await dialog.locator('.hd-handoff-status').count(), 'the contact panel has its status line');
    await page.close();
  });

  test('a launcher on the left still opens a full-screen panel', async () => {
    const page = await visit('/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.evaluate(() => document.getElementById('helpdock').setAttribute('data-position', 'left'));
    await page.getByRole('button', { name: '帮助', exact: true }).tap();
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await dialog.waitFor({ state: 'visible' });
    assert.deepEqual(await dialog.boundingBox(), { x: 0, y: 0, width: 390, height: 844 });
    await page.close();
  });

  test('the panel is full-screen, its input does not zoom, and it survives the keyboard', async () => {
    const page = await visit('/orders/20261124', {
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
    });
    await page.getByRole('button', { name: '帮助', exact: true }).tap();
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await dialog.locator('.hd-popular .hd-article-link').first().waitFor();
    assert.deepEqual(await dialog.boundingBox(), { x: 0, y: 0, width: 390, height: 844 });
    const input = dialog.getByRole('combobox');
    assert.ok(parseFloat(await input.evaluate((el) => getComputedStyle(el).fontSize)) >= 16);
    await page.screenshot({ path: join(SHOTS, 'widget-mobile.png') });

    // The on-screen keyboard takes half the screen: the panel shrinks with it and the search box
    // and results stay in view.
    await page.setViewportSize({ width: 390, height: 420 });
    await input.fill('退款');
    await dialog.getByRole('option').first().waitFor();
    await eventually(async () => assert.equal((await dialog.boundingBox()).height, 420));
    const box = await input.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 420, `search box in view: ${JSON.stringify(box)}`);
    assert.ok(await dialog.getByRole('option').first().isVisible());
    await page.close();
  });

  test('desktop screenshot', async () => {
    const page = await visit('/orders/20261124', { viewport: { width: 1280, height: 800 } });
    await page.getByRole('button', { name: '帮助', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await dialog.getByRole('combobox').fill('退款');
    await dialog.getByRole('option').first().waitFor();
    const box = await dialog.boundingBox();
    assert.ok(box.width < 500 && box.x > 640, 'a floating panel at the right, not full-screen');
    await page.screenshot({ path: join(SHOTS, 'widget-desktop.png') });
    await page.close();
  });
});
