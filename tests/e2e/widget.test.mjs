// The widget as a site owner embeds it and a visitor uses it: on the demo customer site, which
// is another origin than the Helpdock server and sends a strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventually, useDemo } from './harness.mjs';

const demo = useDemo();

/** A fresh page (own storage) on the demo site at `path`, collecting console problems. */
async function visit(path = '/', { init, viewport, locale } = {}) {
  const context = await demo.browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(e.message));
  if (init) await page.addInitScript(init);
  await page.goto(demo.server.site + path);
  page.close = () => context.close();
  return page;
}

function launcher(page, name = '帮助') {
  return page.getByRole('button', { name, exact: true });
}

async function openPanel(page, { launcherName = '帮助', title = '帮助中心' } = {}) {
  await launcher(page, launcherName).click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}

function searchBox(dialog, name = '搜索帮助文章') {
  return dialog.getByRole('combobox', { name });
}

async function optionTitles(dialog) {
  return dialog.getByRole('option').locator('.hd-result-title').allTextContents();
}

describe('embedding with one script tag', () => {
  test('works from another origin under a strict CSP, and no CSS crosses the shadow root', async () => {
    const page = await visit('/');
    assert.notEqual(new URL(demo.server.site).origin, new URL(demo.server.url).origin);
    const csp = (await page.request.get(demo.server.site + '/')).headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' http:\/\/127\.0\.0\.1:\d+ 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/, 'no eval and no inline code are needed');

    // The widget loads while the visitor reads, before any click.
    await eventually(async () => {
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource')
        .some((r) => r.name.endsWith('/widget/helpdock-widget_bg.wasm')));
      assert.ok(loaded, 'the wasm is fetched when the browser is idle');
    });

    // Host CSS that would restyle every button and input does not reach the widget...
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('button, input, li, h2 { color: rgb(255, 0, 0) !important; font-size: 40px !important; }');
      document.adoptedStyleSheets = [sheet];
    });
    const dialog = await openPanel(page);
    const colorOf = (locator) => locator.evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(await colorOf(launcher(page)), 'rgb(255, 0, 0)');
    assert.notEqual(await colorOf(searchBox(dialog)), 'rgb(255, 0, 0)');
    assert.equal(await searchBox(dialog).evaluate((el) => getComputedStyle(el).fontSize), '16px');
    // ...and the widget's CSS does not reach the host page.
    const payButton = page.getByRole('button', { name: /付款/ });
    assert.equal(await payButton.evaluate((el) => getComputedStyle(el).borderRadius), '8px');
    assert.equal(await page.locator('#helpdock').evaluate((el) => el.shadowRoot.mode), 'open');

    await searchBox(dialog).fill('退款');
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '退款一直没到账怎么办？'));
    assert.deepEqual(page.problems, [], 'no CSP violation or script error');
    await page.close();
  });

  test('a widget download that fails is tried again on the next click', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const failures = [];
    page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
    let attempts = 0;
    await page.route('**/widget/helpdock-widget_bg.wasm', (route) =>
      (attempts++ === 0 ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(demo.server.site + '/');
    // The loader's first try, while the page is idle, meets a dropped connection.
    await eventually(async () => assert.ok(failures.some((f) => /the widget failed to load/.test(f))));
    await launcher(page).click();
    await page.getByRole('dialog', { name: '帮助中心' }).waitFor({ state: 'visible' });
    assert.equal(attempts, 2);
    await context.close();
  });

  test('a widget script that failed to download is fetched again on the next click', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const failures = [];
    page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
    // Both of the widget's scripts meet a dropped connection once (a module import, unlike
    // the wasm's fetch: the HTML standard let browsers keep its failure for the page's life).
    const tries = {};
    const script = (url) => /\/widget\/(helpdock-widget|__wasm_split)\.js$/.test(url.pathname);
    await page.route(script, (route) => {
      const name = new URL(route.request().url()).pathname;
      tries[name] = (tries[name] || 0) + 1;
      return tries[name] === 1 ? route.abort('internetdisconnected') : route.continue();
    });
    await page.goto(demo.server.site + '/');
    await eventually(async () => assert.ok(failures.some((f) => /the widget failed to load/.test(f))));
    await launcher(page).click();
    await page.getByRole('dialog', { name: '帮助中心' }).waitFor({ state: 'visible' });
    await searchBox(page.getByRole('dialog')).fill('退款');
    await eventually(async () => assert.equal((await optionTitles(page.getByRole('dialog')))[0], '退款一直没到账怎么办？'));
    await context.close();
  });

  test('a click while offline says so, and the panel opens once the browser is back online', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const failures = [];
    page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
    // The loader's try while the page is idle fails, so the click is the one that loads.
    const wasm = '**/widget/helpdock-widget_bg.wasm';
    await page.route(wasm, (route) => route.abort('internetdisconnected'));
    await page.goto(demo.server.site + '/');
    await eventually(async () => assert.ok(failures.some((f) => /the widget failed to load/.test(f))));
    await context.setOffline(true);
    await page.unroute(wasm);

    await launcher(page).click();
    // The launcher's own line, beside it: the widget has status lines of its own.
    const status = page.locator('#helpdock .hd-launcher-status');
    assert.equal(await status.getAttribute('role'), 'status');
    await eventually(async () => assert.equal(
      await status.textContent(), '帮助中心暂时打不开，网络恢复后会自动打开。'));
    assert.equal(await page.getByRole('dialog').count(), 0);

    await context.setOffline(false);
    await page.getByRole('dialog', { name: '帮助中心' }).waitFor({ state: 'visible' });
    await eventually(async () => assert.equal(await status.textContent(), '', 'the message goes once the widget is there'));
    assert.ok((await status.boundingBox()).width <= 1, 'and with it the box it was in');
    await context.close();
  });

  test('a visitor saving data downloads the widget only when they open it', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
    const widgetFetched = () => page.evaluate(() => performance.getEntriesByType('resource')
      .some((r) => /helpdock-widget_bg\.wasm|\/help\/index\.bin/.test(r.name)));
    await page.goto(demo.server.site + '/');
    // Past the moment the loader would have used, idle, to fetch it.
    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => setTimeout(done, 2000))));
    assert.equal(await widgetFetched(), false);
    await launcher(page).click();
    await page.getByRole('dialog', { name: '帮助中心' }).waitFor({ state: 'visible' });
    assert.equal(await widgetFetched(), true);
    // A form the visitor sent offline on an earlier page is the exception: it goes out by
    // itself, so the next page loads the widget at once.
    await page.evaluate(() => sessionStorage.setItem('helpdock.form_queued', '{"kind":"chat","files":1}'));
    await page.goto(demo.server.site + '/orders/1');
    await eventually(async () => assert.equal(await widgetFetched(), true));
    await context.close();
  });

  test('theming: colour, position and dark mode come from the host', async () => {
    const page = await visit('/');
    await page.evaluate(() => {
      const host = document.getElementById('helpdock');
      host.style.setProperty('--hd-color', 'rgb(0, 120, 80)');
      host.setAttribute('data-position', 'left');
      host.setAttribute('data-theme', 'dark');
    });
    const box = await launcher(page).boundingBox();
    assert.ok(box.x < 100, `the launcher sits on the left (x = ${box.x})`);
    assert.equal(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(0, 120, 80)');
    const dialog = await openPanel(page);
    assert.equal(await dialog.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(31, 35, 41)');
    await page.close();
  });
});

describe('the JS API', () => {
  test('calls made before the widget loads are queued and replayed; events reach listeners', async () => {
    // The page calls Helpdock before the loader has even run, the documented way.
    const page = await visit('/', {
      init: () => {
        window.events = [];
        const record = (name) => (detail) => window.events.push([name, detail]);
        window.Helpdock = { q: ['open', 'close', 'search', 'article', 'rating'].map((e) => ['on', e, record(e)]) };
        window.Helpdock.q.push(['search', '账户冻结']);
      },
    });
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await searchBox(dialog).inputValue(), '账户冻结');
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '账户被冻结了怎么解冻？'));
    await eventually(async () => {
      const events = await page.evaluate(() => window.events);
      assert.deepEqual(events.map((e) => e[0]).slice(0, 2), ['open', 'search']);
      assert.equal(events[1][1].query, '账户冻结');
      assert.ok(events[1][1].results > 0);
    });

    await page.evaluate(() => window.Helpdock.openArticle('change-phone-number'));
    await eventually(async () => {
      assert.match(await dialog.locator('#hd-article-title').textContent(), /手机号/);
    });
    await page.evaluate(() => window.Helpdock.close());
    await dialog.waitFor({ state: 'hidden' });
    const events = await page.evaluate(() => window.events.map((e) => e[0]));
    assert.deepEqual(events.slice(-2), ['article', 'close']);

    // An id no article has is the site's mistake: its developer is told in the console.
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.evaluate(() => window.Helpdock.openArticle('no-such-id'));
    await eventually(async () => assert.ok(warnings.some((w) => w.includes('"no-such-id"')), warnings.join(' | ')));
    assert.ok(await dialog.locator('article.hd-article').isHidden(), 'not the article it showed before');
    await page.evaluate(() => window.Helpdock.close());
    await dialog.waitFor({ state: 'hidden' });

    // setLocale switches every string, the launcher's too.
    await page.evaluate(() => window.Helpdock.setLocale('en'));
    const english = await openPanel(page, { launcherName: 'Help', title: 'Help center' });
    assert.ok(await english.getByRole('button', { name: 'Contact us' }).isVisible());
    await page.close();
  });
});

describe('the JS API, early calls', () => {
  test('open() then close() before the widget loads ends closed; impatient clicks open it', async () => {
    const page = await visit('/', { init: () => { window.Helpdock = { q: [['open'], ['close']] }; } });
    await page.waitForFunction(() => document.getElementById('helpdock')?.shadowRoot?.querySelector('.hd-app'));
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await page.waitForTimeout(300);
    assert.ok(await dialog.isHidden(), 'closed, as the page last asked');
    await page.close();

    // A slow widget: every click before it arrives means "open", however many there are.
    const slow = await demo.browser.newContext();
    const second = await slow.newPage();
    await second.route('**/helpdock-widget_bg.wasm', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await second.goto(demo.server.site + '/');
    await launcher(second).click();
    await launcher(second).click();
    await second.getByRole('dialog', { name: '帮助中心' }).waitFor({ state: 'visible' });
    await second.waitForTimeout(300);
    assert.ok(await second.getByRole('dialog', { name: '帮助中心' }).isVisible());
    await slow.close();
  });
});

describe('the search panel', () => {
  test('autocomplete, keyboard choice, the article with its vote and related articles', async () => {
    const page = await visit('/', {
      init: () => { window.votes = []; window.Helpdock = { q: [['on', 'rating', (d) => window.votes.push(d)]] }; },
    });
    const dialog = await openPanel(page);
    const search = searchBox(dialog);
    await search.pressSequentially('退款');
    const chips = dialog.getByRole('group', { name: '搜索建议' }).getByRole('button');
    await eventually(async () => {
      const completions = await chips.allTextContents();
      assert.ok(completions.length > 0);
      for (const c of completions) assert.ok(c.startsWith('退款') && c.length > 2, c);
    });
    const completion = await chips.first().textContent();
    await chips.first().click();
    assert.equal(await search.inputValue(), completion);

    await search.fill('退款');
    await search.press('ArrowDown');
    await search.press('ArrowDown');
    assert.equal(await search.getAttribute('aria-activedescendant'), 'hd-result-1');
    await search.press('ArrowUp');
    assert.equal(await search.getAttribute('aria-activedescendant'), 'hd-result-0');
    await search.press('Enter');
    const article = dialog.locator('article');
    await eventually(async () => {
      assert.equal(await article.locator('#hd-article-title').textContent(), '退款一直没到账怎么办？');
      assert.match(await article.locator('.hd-article-body').textContent(), /工作日/);
    });

    // Was this helpful?
    await article.getByRole('button', { name: '是', exact: true }).click();
    assert.equal(await article.getByRole('button', { name: '是', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.match(await article.locator('.hd-feedback-thanks').textContent(), /感谢/);
    assert.deepEqual(await page.evaluate(() => window.votes), [{ article: 'refund-not-received', helpful: true }]);

    // Related articles open in place.
    const related = article.getByRole('region', { name: '相关文章' }).getByRole('button');
    assert.ok((await related.count()) >= 2);
    const next = await related.first().textContent();
    assert.notEqual(next, '退款一直没到账怎么办？');
    await related.first().click();
    await eventually(async () => assert.equal(await article.locator('#hd-article-title').textContent(), next));

    await article.getByRole('button', { name: /返回/ }).click();
    assert.equal(await search.inputValue(), '退款');
    await page.close();
  });

  test('a link to another article opens it in the widget; a link with ctrl does what the browser does', async () => {
    const page = await visit('/', {
      init: () => { window.read = []; window.Helpdock = { q: [['on', 'article', (d) => window.read.push(d.id)]] }; },
    });
    const hostUrl = page.url();
    const dialog = await openPanel(page);
    await searchBox(dialog).fill('转错账');
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '转错账了，钱能追回来吗？'));
    await searchBox(dialog).press('Enter');
    const article = dialog.locator('article');
    const link = article.locator('.hd-article-body').getByRole('link', { name: '《转账和付款限额是多少？怎么提高额度》' });
    // Resolved against the article's page on the Helpdock server, not the host's page.
    assert.match(await link.getAttribute('href'), /\/help\/articles\/transfer-and-payment-limits\.html$/);
    // Ctrl-click: a new tab, as anywhere else; the widget stays on this article.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
    await tab.close();
    assert.equal(await article.locator('#hd-article-title').textContent(), '转错账了，钱能追回来吗？');

    await link.click();
    await eventually(async () => {
      assert.equal(await article.locator('#hd-article-title').textContent(), '转账和付款限额是多少？怎么提高额度');
      assert.match(await article.locator('.hd-article-body').textContent(), /限额/);
    });
    assert.equal(page.url(), hostUrl, 'the host page stays where it was');
    assert.deepEqual(await page.evaluate(() => window.read), ['wrong-transfer', 'transfer-and-payment-limits']);
    await page.close();
  });

  test('before typing: this page\'s articles, popular ones and the hotline', async () => {
    const page = await visit('/orders/20261124');
    const dialog = await openPanel(page);
    const forPage = dialog.getByRole('region', { name: '与你当前页面相关' });
    await eventually(async () => {
      const titles = await forPage.getByRole('button').allTextContents();
      assert.ok(titles.includes('退款一直没到账怎么办？'), titles.join(' | '));
    });
    const popular = await dialog.getByRole('region', { name: '热门问题' }).getByRole('button').allTextContents();
    assert.equal(popular.length, 5);
    await eventually(async () => {
      assert.equal(await dialog.getByRole('link', { name: '客服热线 95733' }).getAttribute('href'), 'tel:95733');
    });
    await page.close();

    // A page no article is about shows no page section, only the popular ones.
    const home = await visit('/');
    const homeDialog = await openPanel(home);
    await homeDialog.getByRole('region', { name: '热门问题' }).waitFor();
    assert.equal(await homeDialog.getByRole('region', { name: '与你当前页面相关' }).count(), 0);
    await home.close();
  });

  test('no results: a respelling to try, and a person to ask', async () => {
    const page = await visit('/');
    const dialog = await openPanel(page);
    // Transposed letters are beyond typo tolerance: the widget offers the respelling.
    await searchBox(dialog).fill('refnud');
    await dialog.getByRole('button', { name: 'refund', exact: true }).click();
    assert.equal(await searchBox(dialog).inputValue(), 'refund');
    await eventually(async () => assert.ok((await optionTitles(dialog)).length > 0));
    // The count sits between the box and the results: not floating over them, as the
    // launcher's own status line does when the widget cannot load.
    const [box, line, first] = await Promise.all([
      searchBox(dialog).boundingBox(),
      dialog.getByRole('status').first().boundingBox(),
      dialog.getByRole('option').first().boundingBox(),
    ]);
    assert.ok(line && box.y + box.height <= line.y && line.y + line.height <= first.y,
      JSON.stringify({ box, line, first }));

    await searchBox(dialog).fill('xkcd1234');
    await eventually(async () => {
      assert.match(await dialog.getByRole('status').first().textContent(), /没有找到/);
    });
    // Turning away from a search that found nothing reports it to the site owner's console.
    const reported = page.waitForRequest((r) => r.url().endsWith('/api/v1/search-gaps'));
    await dialog.locator('.hd-no-results').getByRole('button', { name: '联系人工客服' }).click();
    await dialog.getByRole('region', { name: '联系我们' }).waitFor();
    const report = await reported;
    assert.deepEqual(JSON.parse(report.postData()), { query: 'xkcd1234', locale: 'zh-CN' });
    assert.equal((await report.response()).status(), 204);
    await page.close();
  });
});

describe('offline', () => {
  test('a visitor who loses the network still searches, and reads the page cached or the text', async () => {
    const page = await visit('/');
    const dialog = await openPanel(page);
    const article = dialog.locator('article');
    const openFirst = async (query, title) => {
      await searchBox(dialog).fill(query);
      await eventually(async () => assert.equal((await optionTitles(dialog))[0], title));
      await searchBox(dialog).press('Enter');
    };
    // Online, the visitor reads one article (it has a table).
    await openFirst('退款没到账', '退款一直没到账怎么办？');
    await article.locator('.hd-article-body table').waitFor();
    await article.getByRole('button', { name: /返回/ }).click();

    await page.context().setOffline(true);
    // Search answers from the index the widget holds.
    await openFirst('账户冻结', '账户被冻结了怎么解冻？');
    // Never opened before: the article's text from the index, said to be the text version.
    await eventually(async () => assert.equal(
      await article.locator('.hd-text-only-note').textContent(), '暂时打不开完整页面，以下是文章的文字版。'));
    assert.match(await article.locator('.hd-text-only').textContent(), /解冻/);
    assert.ok((await article.locator('.hd-text-only p').count()) > 3, 'one paragraph per block');
    await article.getByRole('button', { name: /返回/ }).click();
    // Read before: the browser's copy, formatted as it was.
    await openFirst('退款没到账', '退款一直没到账怎么办？');
    await article.locator('.hd-article-body table').waitFor();
    assert.equal(await article.locator('.hd-text-only').count(), 0);
    await page.close();
  });
});

describe('contextual help', () => {
  test('a host error hook puts a badge on the launcher and its articles first', async () => {
    const page = await visit('/checkout/demo');
    // The visitor read an article earlier and closed the panel on it.
    const before = await openPanel(page);
    await searchBox(before).fill('账户冻结');
    await eventually(async () => assert.equal((await optionTitles(before))[0], '账户被冻结了怎么解冻？'));
    await searchBox(before).press('Enter');
    await before.locator('article').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /付款/ }).click();
    const badged = page.getByRole('button', { name: /帮助：\d+ 篇文章与你刚遇到的问题相关/ });
    await eventually(async () => assert.ok(Number(await badged.getAttribute('data-badge')) > 0));
    const promised = Number(await badged.getAttribute('data-badge'));

    await badged.click();
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    const shown = dialog.getByRole('region', { name: '与你当前页面相关' }).locator('.hd-for-problem');
    await eventually(async () => {
      const ids = await shown.evaluateAll((els) => els.map((el) => el.dataset.id));
      assert.ok(ids.includes('payment-failed-insufficient'), ids.join(' '));
      // The badge counts what the panel shows, and the problem's articles for this page (the
      // checkout) come before those for the same problem elsewhere (credit repayment).
      assert.equal(ids.length, promised, ids.join(' '));
      assert.ok(ids.includes('scan-qr-pay-failed') && !ids.includes('credit-repayment-failed'), ids.join(' '));
    });
    // Those for the reported problem come before those for the page.
    const classes = await dialog.locator('.hd-for-context .hd-article-link')
      .evaluateAll((els) => els.map((el) => el.classList.contains('hd-for-problem')));
    assert.deepEqual(classes, [...classes].sort((a, b) => b - a));
    assert.equal(await launcher(page).getAttribute('data-badge'), null, 'seen: the badge goes');
    // A host that reports a problem and searches for it at once gets the search.
    await page.keyboard.press('Escape');
    await page.evaluate(() => {
      window.Helpdock.setContext({ tags: ['verification_failed'] });
      window.Helpdock.search('退款没到账');
    });
    await eventually(async () => assert.equal(await searchBox(dialog).inputValue(), '退款没到账'));
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '退款一直没到账怎么办？'));
    await page.close();
  });
});

test('a problem the host reports and then clears before the widget loads is not shown', async () => {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/widget/helpdock-widget_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(demo.server.site + '/checkout/demo');
  await page.waitForFunction(() => window.Helpdock && window.Helpdock.version);
  // The payment fails, then the visitor pays again and it goes through: the host clears the
  // problem, all before the widget has loaded.
  await page.evaluate(() => {
    window.Helpdock.setContext({ tags: ['payment_failed'] });
    window.Helpdock.setContext({ tags: [] });
    window.Helpdock.open();
  });
  release();
  const dialog = page.getByRole('dialog', { name: '帮助中心' });
  await dialog.waitFor();
  await dialog.getByRole('region', { name: '与你当前页面相关' }).waitFor();
  assert.equal(await dialog.locator('.hd-for-problem').count(), 0, 'no articles for a problem that is gone');
  assert.equal(await launcher(page).getAttribute('data-badge'), null);
  await context.close();
});

describe('the path to a human', () => {
  test('an intent query offers a person first; the contact panel has the hotline and hours', async () => {
    const page = await visit('/');
    const dialog = await openPanel(page);
    for (const query of ['转人工', '找真人', 'talk to a human']) {
      await searchBox(dialog).fill(query);
      await eventually(async () => assert.equal((await optionTitles(dialog))[0], '联系人工客服', query));
    }
    await searchBox(dialog).press('Enter');
    const contact = dialog.getByRole('region', { name: '联系我们' });
    await contact.waitFor();
    await eventually(async () => {
      assert.equal(await contact.getByRole('link', { name: '95733' }).getAttribute('href'), 'tel:95733');
      assert.match(await contact.locator('.hd-hours').textContent(), /每天 08:00–22:00 \(UTC\+08:00\)/);
    });
    assert.match(await contact.textContent(), /不会索要短信验证码/);
    // No agent is signed in to this server: the visitor is offered a message instead, with the
    // hotline and hours still on screen.
    await contact.getByRole('button', { name: '在线客服' }).click();
    const form = dialog.getByRole('region', { name: '在线客服' });
    await form.getByRole('button', { name: '提交留言' }).waitFor();
    assert.match(await form.textContent(), /现在没有客服在线/);
    assert.match(await form.textContent(), /95733/);
    await page.close();
  });

  test('the contact entry is one tap away and the handoff carries the trail', async () => {
    const page = await visit('/orders/20261124', {
      init: () => {
        window.handoffs = [];
        window.Helpdock = { q: [['on', 'handoff', (d) => window.handoffs.push(d)], ['setContext', { user: { id: 'u-42' } }]] };
      },
    });
    const dialog = await openPanel(page);
    await searchBox(dialog).fill('退款没到账');
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '退款一直没到账怎么办？'));
    await searchBox(dialog).press('Enter');
    await dialog.locator('article').getByRole('button', { name: '否', exact: true }).click();
    await dialog.getByRole('button', { name: '联系客服', exact: true }).click();
    await dialog.getByRole('region', { name: '联系我们' }).getByRole('button', { name: '在线客服' }).click();

    // Nobody is online, so the visitor leaves a message; the last query is already in it.
    const form = dialog.getByRole('region', { name: '在线客服' });
    await form.getByRole('button', { name: '提交留言' }).waitFor();
    assert.equal(await form.getByLabel('问题描述').inputValue(), '退款没到账');
    await form.getByRole('button', { name: '提交留言' }).click();
    const contactField = form.getByLabel('联系方式（手机号或邮箱）');
    assert.equal(await contactField.getAttribute('aria-invalid'), 'true', 'a message needs a way back');
    assert.match(await form.textContent(), /请留下联系方式/);
    await contactField.fill('13800138000');
    await form.getByRole('button', { name: '提交留言' }).click();
    await eventually(async () => assert.match(await form.textContent(), /留言已提交/));

    const [handoff] = await page.evaluate(() => window.handoffs);
    assert.equal(handoff.locale, 'zh-CN');
    assert.deepEqual(handoff.user, { id: 'u-42' });
    assert.match(handoff.page, /\/orders\/20261124$/);
    assert.deepEqual(handoff.trail.map((s) => s.kind), ['search', 'article', 'vote']);
    assert.equal(handoff.trail[0].query, '退款没到账');
    assert.equal(handoff.trail[1].id, 'refund-not-received');
    assert.equal(handoff.trail[2].helpful, false);
    await page.close();
  });

  test('the chat is downloaded only for a visitor who turns to a person; a failed download can be retried', async () => {
    const page = await visit('/');
    const chatModule = /\/widget\/split_chat\.[0-9a-f]{16}\.wasm$/;
    const chatFetched = () => page.evaluate((pattern) => performance.getEntriesByType('resource')
      .some((r) => new RegExp(pattern).test(r.name)), chatModule.source);
    const dialog = await openPanel(page);
    await searchBox(dialog).fill('退款没到账');
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '退款一直没到账怎么办？'));
    await searchBox(dialog).press('Enter');
    await dialog.locator('article').getByRole('button', { name: /返回/ }).click();
    assert.equal(await chatFetched(), false, 'searching and reading download nothing of the chat');

    // The network drops as the visitor turns to a person: the card says so, nothing breaks.
    await page.route(chatModule, (route) => route.abort('internetdisconnected'));
    await dialog.getByRole('button', { name: '联系客服', exact: true }).click();
    const contact = dialog.getByRole('region', { name: '联系我们' });
    const start = contact.getByRole('button', { name: '在线客服' });
    await start.click();
    await eventually(async () => assert.equal(
      await contact.getByRole('alert').textContent(), '网络不可用，请检查网络后重试。'));
    assert.equal(await start.isEnabled(), true, 'the visitor can try again');
    await contact.getByRole('button', { name: /返回/ }).click();
    await searchBox(dialog).fill('账户冻结');
    await eventually(async () => assert.ok((await optionTitles(dialog)).length > 0, 'search still works'));

    // Back online, the same button brings the form.
    await page.unroute(chatModule);
    const fetched = page.waitForResponse(chatModule);
    await dialog.getByRole('button', { name: '联系客服', exact: true }).click();
    await start.click();
    // Named after its content, the module is kept by the browser without asking again.
    assert.match((await fetched).headers()['cache-control'], /immutable/);
    await dialog.getByRole('region', { name: '在线客服' }).getByRole('button', { name: '提交留言' }).waitFor();
    assert.equal(await chatFetched(), true);
    assert.deepEqual(page.problems.filter((p) => !/split_chat|Failed to fetch|ERR_INTERNET/.test(p)), []);
    await page.close();
  });

  test('nothing typed is lost: the form survives a reload, and a send made offline goes out online', async () => {
    const page = await visit('/');
    const askForPerson = async () => {
      const dialog = await openPanel(page);
      await dialog.getByRole('button', { name: '联系客服', exact: true }).click();
      await dialog.getByRole('region', { name: '联系我们' }).getByRole('button', { name: '在线客服' }).click();
      const form = dialog.getByRole('region', { name: '在线客服' });
      await form.getByRole('button', { name: '提交留言' }).waitFor();
      return form;
    };
    let form = await askForPerson();
    // Sent empty: the description takes the focus, marked invalid and described by its message.
    await form.getByRole('button', { name: '提交留言' }).click();
    const description = form.getByLabel('问题描述');
    await eventually(async () => assert.ok(await description.evaluate((el) => el.getRootNode().activeElement === el)));
    assert.equal(await description.getAttribute('aria-invalid'), 'true');
    assert.equal(await description.getAttribute('aria-describedby'), 'hd-description-error');
    assert.match(await form.locator('#hd-description-error').textContent(), /\S/);
    await form.getByLabel('问题类型').selectOption({ label: '交易纠纷与退款' });
    await form.getByLabel('订单号').fill('2026112400123');
    await form.getByLabel('问题描述').fill('退款三天了还没到账');
    await form.getByLabel('联系方式（手机号或邮箱）').fill('13800138000');

    await page.reload();
    form = await askForPerson();
    assert.equal(await form.getByLabel('订单号').inputValue(), '2026112400123');
    assert.equal(await form.getByLabel('问题描述').inputValue(), '退款三天了还没到账');
    assert.equal(await form.getByLabel('联系方式（手机号或邮箱）').inputValue(), '13800138000');
    assert.equal(await form.getByLabel('问题类型').inputValue(), 'dispute');

    // The network drops as the visitor sends: the form says it waits, and sends itself later.
    await page.context().setOffline(true);
    await form.getByRole('button', { name: '提交留言' }).click();
    await eventually(async () => assert.equal(await form.locator('.hd-form-error').textContent(),
      '网络不可用。表单已保存，网络恢复后会自动提交。'));
    await page.context().setOffline(false);
    await eventually(async () => assert.match(await form.textContent(), /留言已提交/));

    // Sent: the next form starts empty.
    await page.reload();
    form = await askForPerson();
    assert.equal(await form.getByLabel('订单号').inputValue(), '');
    await page.close();
  });

  test('three searches without opening an article offer the chat, and so do two unhelpful votes', async () => {
    const page = await visit('/');
    const dialog = await openPanel(page);
    const offer = dialog.locator('.hd-search .hd-chat-offer');
    const pause = () => page.waitForTimeout(1100); // a pause counts the query as a search
    for (const query of ['余额', '限额']) {
      await searchBox(dialog).fill(query);
      await pause();
    }
    // Opening an article starts the count again.
    await searchBox(dialog).fill('发票');
    await eventually(async () => assert.ok((await optionTitles(dialog)).length > 0));
    await searchBox(dialog).press('Enter');
    await dialog.locator('article').getByRole('button', { name: /返回/ }).click();
    for (const query of ['余额', '限额']) {
      await searchBox(dialog).fill(query);
      await pause();
      assert.equal(await offer.count(), 0, `no offer yet after "${query}"`);
    }
    await searchBox(dialog).fill('提现');
    await pause();
    await offer.waitFor();
    assert.match(await offer.textContent(), /人工客服可以帮你/);
    await page.close();

    const votes = await visit('/');
    const panel = await openPanel(votes);
    for (const id of ['refund-not-received', 'account-frozen']) {
      await votes.evaluate((a) => window.Helpdock.openArticle(a), id);
      const article = panel.locator('article');
      await eventually(async () => assert.ok(await article.isVisible()));
      await article.getByRole('button', { name: '否', exact: true }).click();
    }
    await panel.locator('article .hd-chat-offer').waitFor();
    await panel.locator('article').getByRole('button', { name: /返回/ }).click();
    await panel.locator('.hd-search .hd-chat-offer').waitFor();
    await votes.close();
  });
});

describe('languages', () => {
  test('zh-TW from data-locale, English from the browser when the page sets none', async () => {
    const tw = await visit('/?locale=zh-TW');
    const dialog = await openPanel(tw, { launcherName: '幫助', title: '幫助中心' });
    await searchBox(dialog, '搜尋幫助文章').fill('帳戶被凍結');
    await eventually(async () => assert.equal((await optionTitles(dialog))[0], '账户被冻结了怎么解冻？'));
    await dialog.getByRole('button', { name: '聯絡客服' }).click();
    await dialog.getByRole('region', { name: '聯絡我們' }).waitFor();
    await tw.close();

    const en = await visit('/?locale=auto', { locale: 'en-US' });
    const english = await openPanel(en, { launcherName: 'Help', title: 'Help center' });
    const popular = english.getByRole('region', { name: 'Popular questions' }).getByRole('button');
    await eventually(async () => assert.match(await popular.first().textContent(), /^[\x20-\x7e]+$/));
    await en.close();
  });
});
