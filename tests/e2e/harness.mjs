// Shared test harness: the real `helpdock serve` binary on an ephemeral port, a fresh SQLite
// folder per run, and Debian's Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = process.env.HELPDOCK_BIN || join(ROOT, 'target', 'debug', 'helpdock');

/**
 * Starts `helpdock serve`; resolves with its base URL once it prints where it listens.
 * Options: `config` (a site config; the demo's by default), `helpDir` (a `helpdock build`
 * output; dist/help by default), `data` (a data folder to reuse, kept on stop), `addr` (default an ephemeral port), `databaseUrl` (PostgreSQL), `demoHost`.
 */
export async function startServer(extraArgs = [], options = {}) {
  const ownData = !options.data;
  const data = options.data || mkdtempSync(join(tmpdir(), 'helpdock-e2e-'));
  const args = ['serve', '--addr', options.addr || '127.0.0.1:0', '--data', data,
    '--widget-dir', join(ROOT, 'dist', 'widget'), '--help-dir', options.helpDir || join(ROOT, 'dist', 'help'),
    '--config', options.config || join(ROOT, 'demo', 'helpdock.toml')];
  const demoHost = options.demoHost !== false;
  if (demoHost) args.push('--demo-host', '127.0.0.1:0');
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  const child = spawn(BIN, [...args, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const [url, site] = await new Promise((resolveUrl, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const server = stdout.match(/listening on (http:\/\/\S+)/);
      const host = stdout.match(/demo site +(http:\/\/[^\s/]+)/);
      if (server && (host || !demoHost)) resolveUrl([server[1], host?.[1]]);
    });
    child.on('exit', (code) => reject(new Error(`helpdock serve exited with ${code}: ${stderr}`)));
    // unref: a pending timer would keep each test file's process alive for 30 s after its tests.
    setTimeout(() => reject(new Error(`helpdock serve did not start: ${stderr}`)), 30_000).unref();
  });
  return {
    /** The Helpdock server. */
    url,
    /** The demo customer site: another origin, embedding the widget from `url`. */
    site,
    data,
    /** The server's process id, for benchmarks that read its memory and CPU time. */
    pid: child.pid,
    /** Ends the process at once, as a crash or a power cut would. */
    async kill() {
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null || child.signalCode ? r() : child.on('exit', r)));
    },
    async stop() {
      if (child.exitCode === null && !child.signalCode) {
        child.kill('SIGINT');
        await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      }
      if (ownData) rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Runs `helpdock <args>` to completion, with `input` on stdin; resolves with its output. */
export function runHelpdock(args, input = '') {
  return new Promise((resolveRun, reject) => {
    const child = spawn(BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', reject);
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
    // A command that needs no input may exit before its stdin is written: that EPIPE is not
    // a failure of the command, whose exit code and output the caller checks.
    child.stdin.on('error', (error) => { if (error.code !== 'EPIPE') reject(error); });
    child.stdin.end(input);
  });
}

/** Debian's Chromium, headless, with the flags these offline machines need. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Retries `check` until it stops throwing, for up to `timeout` ms; rethrows the last failure. */
export async function eventually(check, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** One real server and one browser for a test file: started before its tests, stopped after. */
export function useDemo() {
  const demo = { server: null, browser: null };
  before(async () => {
    demo.server = await startServer();
    demo.browser = await launchBrowser();
  });
  after(async () => {
    await demo.browser?.close();
    await demo.server?.stop();
  });
  return demo;
}

/**
 * Checks that the widget in `dialog` ranks each query exactly as `helpdock search --json` does
 * on the index at `indexPath`: they run the same query code on the same index. A query asking
 * for a person gets "contact a human" on top, then the same ranking.
 */
export async function assertRanksAsCli(dialog, indexPath, queries) {
  const search = dialog.getByRole('combobox');
  for (const query of queries) {
    const out = execFileSync(BIN, ['search', '--index', indexPath, '--json', query]);
    const expected = JSON.parse(out).map((hit) => hit.id);
    assert.ok(expected.length > 0, `the CLI finds something for ${query}`);
    await search.fill(query);
    await eventually(async () => {
      const ids = await dialog.getByRole('option').evaluateAll((options) => options.map((o) => o.dataset.id));
      const articles = query === '转人工' ? (assert.equal(ids[0], 'contact'), ids.slice(1)) : ids;
      assert.deepEqual(articles, expected, query);
    });
  }
}
