// Shared test harness: the real `helpdock serve` binary on an ephemeral port, a fresh SQLite
// folder per run, and Debian's Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = process.env.HELPDOCK_BIN || join(ROOT, 'target', 'debug', 'helpdock');

/** Starts `helpdock serve`; resolves with its base URL once it prints where it listens. */
export async function startServer(extraArgs = []) {
  const data = mkdtempSync(join(tmpdir(), 'helpdock-e2e-'));
  const child = spawn(
    BIN,
    ['serve', '--addr', '127.0.0.1:0', '--data', data,
      '--widget-dir', join(ROOT, 'dist', 'widget'), '--help-dir', join(ROOT, 'dist', 'help'),
      '--config', join(ROOT, 'demo', 'helpdock.toml'), '--demo-host', '127.0.0.1:0',
      ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const [url, site] = await new Promise((resolveUrl, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const server = stdout.match(/listening on (http:\/\/\S+)/);
      const host = stdout.match(/demo site +(http:\/\/[^\s/]+)/);
      if (server && host) resolveUrl([server[1], host[1]]);
    });
    child.on('exit', (code) => reject(new Error(`helpdock serve exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`helpdock serve did not start: ${stderr}`)), 20_000);
  });
  return {
    /** The Helpdock server. */
    url,
    /** The demo customer site: another origin, embedding the widget from `url`. */
    site,
    data,
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
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
