// Clients for the chat tests, speaking docs/protocol.md over real HTTP and real WebSockets:
// a visitor (the pre-chat form, then the socket with a bearer token) and an agent (a console
// login with its cookie and CSRF token, then the socket).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import WebSocket from 'ws';
import { ROOT, eventually, runHelpdock } from '../e2e/harness.mjs';

export const CONFIG = join(ROOT, 'tests', 'chat', 'helpdock.toml');
export const PASSWORD = 'correct horse battery';
/** The smallest valid PNG: what a phone screenshot is, as far as the server can tell. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

export function wsUrl(base) {
  return base.replace(/^http/, 'ws') + '/api/v1/chat';
}

/** A PostgreSQL cluster of its own, or `null` when the backend under test is SQLite. */
export function database(backend) {
  if (backend !== 'postgres') return { url: null, stop() {} };
  const dir = mkdtempSync(join(tmpdir(), 'helpdock-pg-'));
  const script = join(ROOT, 'scripts', 'pg-test-cluster.sh');
  const started = spawnSync(script, ['start', join(dir, 'pg')], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`PostgreSQL did not start: ${started.stderr}`);
  return {
    url: started.stdout.trim(),
    stop() {
      spawnSync(script, ['stop', join(dir, 'pg')]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `helpdock agent add` on the server's database. */
export async function addAgent(server, db, username, name, teams = ['general']) {
  const where = db.url ? ['--database-url', db.url] : ['--data', server.data];
  const args = ['agent', 'add', username, '--name', name, ...teams.flatMap((t) => ['--team', t]), ...where];
  const result = await runHelpdock(args, `${PASSWORD}\n`);
  if (result.code !== 0) throw new Error(`agent add failed: ${result.stderr}`);
  return result;
}

/** POSTs the pre-chat form (or a ticket) as multipart, with screenshots. */
export async function submitForm(base, path, form, { token, files = [], origin, headers: extra } = {}) {
  const body = new FormData();
  body.append('form', JSON.stringify(form));
  for (const file of files) body.append('screenshot', new Blob([file]), 'shot.png');
  const headers = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  if (origin) headers.origin = origin;
  const response = await fetch(base + path, { method: 'POST', body, headers });
  return { status: response.status, body: await response.json() };
}

export const FORM = {
  category: 'dispute',
  customer_kind: 'personal',
  order_number: '20261124000123',
  description: '退款一直不到账，已经五天了',
  contact: '138****0000',
  locale: 'zh-CN',
  page: '/orders/20261124',
  trail: [
    { kind: 'search', query: '退款一直不到账', results: 3 },
    { kind: 'article', id: 'refund-not-received', title: '退款一直没到账怎么办？' },
    { kind: 'vote', id: 'refund-not-received', helpful: false },
  ],
};

/** Signs an agent in; returns what the console keeps: the cookie and the CSRF token. */
export async function login(base, username, password = PASSWORD) {
  const response = await fetch(`${base}/api/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json();
  const cookie = (response.headers.get('set-cookie') || '').split(';')[0];
  return { status: response.status, body, cookie, csrf: body.csrf, setCookie: response.headers.get('set-cookie') };
}

/** A console API call with the session's cookie and CSRF token. */
export async function agentApi(base, agent, method, path, json) {
  const headers = { cookie: agent.cookie, 'x-csrf-token': agent.csrf };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, {
    method, headers, body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * A chat socket that records every frame it receives, so a test can wait for one and check
 * what arrived in what order.
 */
export class ChatSocket {
  static async open(base, { token, cookie, resume = [], origin, v = 1 } = {}) {
    const headers = {};
    if (cookie) headers.cookie = cookie;
    if (origin) headers.origin = origin;
    const socket = new ChatSocket(new WebSocket(wsUrl(base), { headers }));
    await new Promise((resolve, reject) => {
      socket.ws.once('open', resolve);
      socket.ws.once('error', reject);
      socket.ws.once('unexpected-response', (_, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    socket.send({ type: 'hello', v, token, resume });
    await socket.waitFor((f) => f.type === 'welcome' || f.type === 'error');
    return socket;
  }

  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.closed = false;
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data))));
    ws.on('close', () => { this.closed = true; });
  }

  send(frame) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  say(conversation, clientId, text) {
    this.send({ type: 'send', conversation, client_id: clientId, body: { kind: 'text', text } });
  }

  /** The first frame (from `from` on) matching `predicate`, waiting up to 10 s for it. */
  waitFor(predicate, from = 0) {
    return eventually(() => {
      const frame = this.frames.slice(from).find(predicate);
      if (!frame) throw new Error(`no matching frame; got ${JSON.stringify(this.frames.slice(-5))}`);
      return frame;
    });
  }

  /** Stored messages received, in arrival order. */
  messages(conversation) {
    return this.frames.filter((f) => f.type === 'message' && f.conversation === conversation);
  }

  texts(conversation) {
    return this.messages(conversation).map((m) => m.body.text ?? `[${m.body.kind}]`);
  }

  close() {
    this.ws.close();
  }
}
