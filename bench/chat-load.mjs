// Chat load benchmark: N visitors hold WebSockets to one `helpdock serve` on loopback, each in a
// chat that one of A agents has accepted; visitors send R messages a second in all, and we time
// each message from the visitor's `send` to the agent's socket receiving it (the relay latency:
// store in the database, acknowledge, fan out, read back after the agent's cursor, send).
//
//   node bench/chat-load.mjs [--visitors 10000] [--agents 10] [--rate 1000] [--seconds 20]
//                            [--postgres] [--bin target/release/helpdock]
//
// Build first: `cargo build --release -p helpdock`. The load generator is this one Node process
// (the `ws` package) on the same 2-core machine as the server, so the two compete for the CPU;
// the server's own CPU time and memory are read from /proc.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');
const args = parseArgs(process.argv.slice(2));
process.env.HELPDOCK_BIN = resolve(args.bin || join(ROOT, 'target', 'release', 'helpdock'));
const { startServer } = await import('../tests/e2e/harness.mjs');
const { FORM, addAgent, agentApi, database, login, submitForm, wsUrl } = await import('../tests/chat/client.mjs');
const { default: WebSocket } = await import('ws');

const VISITORS = Number(args.visitors ?? 10_000);
// At most 10: the console allows 10 sign-ins a minute per IP, and every agent here is 127.0.0.1.
const AGENTS = Number(args.agents ?? 10);
const RATE = Number(args.rate ?? 1000);
const SECONDS = Number(args.seconds ?? 20);
const WARMUP_SECONDS = 3;

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i++) {
    const key = list[i].replace(/^--/, '');
    if (list[i + 1] === undefined || list[i + 1].startsWith('--')) out[key] = true;
    else out[key] = list[++i];
  }
  return out;
}

/** Runs `task` over `items`, `width` at a time. */
async function pool(items, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** The server's resident memory (bytes) and CPU time (seconds), from /proc. */
function serverUsage(pid) {
  const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  return { rss, cpu };
}

/** A socket that says hello and hands every frame to `onFrame`; keeps nothing else. */
function openSocket(base, { token, cookie, resume = [] }, onFrame) {
  const headers = cookie ? { cookie } : {};
  const ws = new WebSocket(wsUrl(base), { headers, perMessageDeflate: false });
  return new Promise((resolveOpen, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', v: 1, token, resume })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === 'welcome') resolveOpen(ws);
      else if (frame.type === 'error' && frame.code !== 'rate_limited') reject(new Error(JSON.stringify(frame)));
      else onFrame(frame);
    });
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const db = database(args.postgres ? 'postgres' : 'sqlite');
const server = await startServer([], {
  config: join(ROOT, 'bench', 'chat-load.toml'), databaseUrl: db.url, demoHost: false,
});
const sentAt = new Map();
const relay = [];
const acked = [];
let measuring = false;
let rateLimited = 0;
let closedVisitors = 0;

try {
  // Agents: sign in and connect, so the server counts them online and chats can start.
  const agents = [];
  for (let a = 0; a < AGENTS; a++) await addAgent(server, db, `agent${a}`, `客服${a}`, ['general']);
  for (let a = 0; a < AGENTS; a++) {
    const session = await login(server.url, `agent${a}`);
    if (session.status !== 200) throw new Error(`sign-in ${a}: ${session.status} (10 a minute per IP)`);
    const ws = await openSocket(server.url, { cookie: session.cookie }, (frame) => {
      if (frame.type !== 'message' || frame.author !== 'visitor') return;
      const t0 = sentAt.get(frame.client_id);
      if (t0 === undefined) return;
      sentAt.delete(frame.client_id);
      if (measuring) relay.push(performance.now() - t0);
    });
    agents.push({ session, ws });
  }

  // Visitors: a pre-chat form each, accepted round-robin by the agents.
  let t = performance.now();
  const chats = new Array(VISITORS);
  await pool([...Array(VISITORS).keys()], 32, async (i) => {
    const started = await submitForm(server.url, '/api/v1/conversations', { ...FORM, trail: [] });
    if (started.status !== 201) throw new Error(`start ${i}: ${started.status} ${JSON.stringify(started.body)}`);
    chats[i] = { id: started.body.conversation.id, token: started.body.token };
  });
  const startSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await pool(chats, 16, async (chat, i) => {
    const accepted = await agentApi(server.url, agents[i % AGENTS].session, 'POST',
      `/api/v1/agent/conversations/${chat.id}/accept`);
    if (accepted.status !== 200) throw new Error(`accept ${i}: ${accepted.status}`);
  });
  const acceptSeconds = (performance.now() - t) / 1000;

  // Connect every visitor; memory before and after is what the connections cost.
  await new Promise((r) => setTimeout(r, 1000));
  const before = serverUsage(server.pid);
  t = performance.now();
  const sockets = new Array(VISITORS);
  await pool(chats, 64, async (chat, i) => {
    sockets[i] = await openSocket(server.url, { token: chat.token, resume: [{ conversation: chat.id, seq: 0 }] },
      (frame) => {
        if (frame.type === 'ack') {
          const t0 = sentAt.get(`a${frame.client_id}`);
          if (t0 !== undefined && measuring) acked.push(performance.now() - t0);
          sentAt.delete(`a${frame.client_id}`);
        } else if (frame.type === 'error' && frame.code === 'rate_limited') rateLimited++;
      });
    sockets[i].on('close', () => { closedVisitors++; });
  });
  const connectSeconds = (performance.now() - t) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const connected = serverUsage(server.pid);

  // Send at RATE a second, round-robin over the visitors: a warm-up, then the measured run.
  let sent = 0;
  let measuredSent = 0;
  const cpuStart = { server: null, client: null };
  const runFor = async (seconds, measure) => {
    const start = performance.now();
    let due = 0;
    let startCount = sent;
    measuring = measure;
    if (measure) {
      cpuStart.server = serverUsage(server.pid).cpu;
      cpuStart.client = process.cpuUsage();
    }
    await new Promise((done) => {
      const tick = setInterval(() => {
        const elapsed = (performance.now() - start) / 1000;
        if (elapsed >= seconds) {
          clearInterval(tick);
          return done();
        }
        due = Math.floor(elapsed * RATE);
        while (sent - startCount < due) {
          const i = sent % VISITORS;
          const clientId = `m${sent}`;
          const now = performance.now();
          sentAt.set(clientId, now);
          sentAt.set(`a${clientId}`, now);
          sockets[i].send(JSON.stringify({
            type: 'send', conversation: chats[i].id, client_id: clientId,
            body: { kind: 'text', text: `第 ${sent} 条消息：退款还没到账，订单号 20261124000123` },
          }));
          sent++;
        }
      }, 2);
    });
    if (measure) measuredSent = sent - startCount;
  };
  await runFor(WARMUP_SECONDS, false);
  await new Promise((r) => setTimeout(r, 1000));
  relay.length = 0;
  acked.length = 0;
  const measuredStart = performance.now();
  await runFor(SECONDS, true);
  // Let the last messages arrive (they count; a lost one never does).
  const drainUntil = performance.now() + 10_000;
  while (relay.length < measuredSent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  const measuredSeconds = (performance.now() - measuredStart) / 1000;
  const serverCpu = serverUsage(server.pid).cpu - cpuStart.server;
  const clientCpu = process.cpuUsage(cpuStart.client);
  const end = serverUsage(server.pid);

  relay.sort((a, b) => a - b);
  acked.sort((a, b) => a - b);
  const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  const result = {
    backend: args.postgres ? 'postgres' : 'sqlite',
    visitors: VISITORS,
    agents: AGENTS,
    rate: RATE,
    seconds: SECONDS,
    setup: { start_chats_s: +startSeconds.toFixed(1), accept_s: +acceptSeconds.toFixed(1), connect_s: +connectSeconds.toFixed(1) },
    connections_held: open + agents.filter((a) => a.ws.readyState === WebSocket.OPEN).length,
    visitors_dropped: closedVisitors,
    sent: measuredSent,
    relayed: relay.length,
    rate_limited: rateLimited,
    messages_per_second: +(relay.length / SECONDS).toFixed(0),
    relay_ms: { p50: +percentile(relay, 50).toFixed(2), p99: +percentile(relay, 99).toFixed(2), max: +(relay.at(-1) ?? NaN).toFixed(2) },
    ack_ms: { p50: +percentile(acked, 50).toFixed(2), p99: +percentile(acked, 99).toFixed(2) },
    server_rss_mb: { before_visitors: +(before.rss / 2 ** 20).toFixed(1), connected: +(connected.rss / 2 ** 20).toFixed(1), end: +(end.rss / 2 ** 20).toFixed(1) },
    kb_per_connection: +((connected.rss - before.rss) / VISITORS / 1024).toFixed(1),
    server_cpu_percent: +((serverCpu / measuredSeconds) * 100).toFixed(0),
    loadgen_cpu_percent: +(((clientCpu.user + clientCpu.system) / 1e6 / measuredSeconds) * 100).toFixed(0),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`| ${result.backend} | ${VISITORS} | ${result.connections_held} | ${RATE} | ${result.messages_per_second} | ` +
    `${result.relay_ms.p50} | ${result.relay_ms.p99} | ${result.kb_per_connection} KB | ${result.server_cpu_percent}% | ${result.loadgen_cpu_percent}% |`);
  for (const s of sockets) s?.terminate();
  for (const a of agents) a.ws.terminate();
} finally {
  await server.stop();
  db.stop();
}
