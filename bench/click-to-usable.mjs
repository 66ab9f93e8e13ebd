// Time from a click on the launcher to a usable search box (panel open, index loaded, box
// focused), in headless Debian Chromium with a cold cache, from the performance marks the
// loader (`helpdock:click`) and the widget (`helpdock:usable`) set.
//
//   node bench/click-to-usable.mjs [runs]      (after scripts/build-site.sh)
//
// Three situations, each in a fresh browser context (empty HTTP cache) per run:
//   - idle-loaded: the visitor reads the page first; the loader has fetched the widget while
//     the browser was idle, so the click only opens the panel;
//   - cold click: the click comes as soon as the page has loaded, so it waits for the wasm
//     and the index over loopback;
//   - cold click, 4G: the same over an emulated 4G link (9 Mbit/s, 60 ms RTT).
import { startServer, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] || 15);
const FOUR_G = { offline: false, latency: 60, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8) };

async function once(browser, site, { waitForIdleLoad, network }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (network) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  await page.goto(site + '/', { waitUntil: 'load' });
  const launcher = page.getByRole('button', { name: '帮助', exact: true });
  if (waitForIdleLoad) {
    await page.waitForFunction(() => performance.getEntriesByType('resource')
      .some((r) => r.name.endsWith('/help/index.bin')) && document.querySelector('#helpdock')
      ?.shadowRoot?.querySelector('.hd-app'), null, { timeout: 30_000 });
    await page.waitForTimeout(300);
  }
  await launcher.click();
  await page.waitForFunction(() => performance.getEntriesByName('helpdock:usable').length > 0, null, { timeout: 60_000 });
  const marks = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime;
    const click = at('helpdock:click');
    const since = (name) => Math.max(0, (at(name) ?? click) - click);
    return {
      usable: since('helpdock:usable'),
      wasm: since('helpdock:wasm-ready'),
      fetched: since('helpdock:index-fetched'),
      decoded: since('helpdock:index-ready'),
    };
  });
  await context.close();
  return marks;
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), min: sorted[0], max: sorted.at(-1) };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const situations = [
    ['idle-loaded (visitor reads first)', { waitForIdleLoad: true }],
    ['cold click, loopback', { waitForIdleLoad: false }],
    ['cold click, emulated 4G', { waitForIdleLoad: false, network: FOUR_G }],
  ];
  console.log(`click → usable search box, ${RUNS} runs each, fresh context (cold HTTP cache) per run`);
  console.log('| situation | p50 ms | p95 ms | min ms | max ms | p50 wasm ready | p50 index fetched | p50 index decoded |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, options] of situations) {
    await once(browser, server.site, options); // warm the server's page cache, not the browser's
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await once(browser, server.site, options));
    const s = summary(samples.map((m) => m.usable));
    const p50 = (key) => summary(samples.map((m) => m[key])).p50.toFixed(0);
    console.log(`| ${name} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.min.toFixed(0)} | ${s.max.toFixed(0)} | ${p50('wasm')} | ${p50('fetched')} | ${p50('decoded')} |`);
  }
} finally {
  await browser.close();
  await server.stop();
}
