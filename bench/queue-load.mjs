// Queue benchmark: W visitors wait in the queue, each with a WebSocket to one `helpdock serve`
// on loopback, and an agent accepts K of them one after another. Every accept moves everyone
// behind up one place; we time each accept from the request to the moment the last waiting
// visitor has been told their new place, and read the server's CPU time from /proc.
//
//   node bench/queue-load.mjs [--waiting 500] [--accepts 50] [--postgres]
//                             [--bin target/release/helpdock]
//
// Build first: `cargo build --release -p helpdock`. The load generator is this one Node process
// on the same 2-core machine as the server.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    waiting: { type: 'string', default: '500' },
    accepts: { type: 'string', default: '50' },
    postgres: { type: 'boolean', default: false },
    bin: { type: 'string', default: join(ROOT, 'target', 'release', 'helpdock') },
  },
});
process.env.HELPDOCK_BIN = resolve(args.bin);
const { startServer } = await import('../tests/e2e/harness.mjs');
const { FORM, addAgent, agentApi, database, login, submitForm, wsUrl } = await import('../tests/chat/client.mjs');
const { default: WebSocket } = await import('ws');

// At most 500: a visitor further back is told they are waiting, without a place.
const WAITING = Math.min(500, Number(args.waiting));
const ACCEPTS = Number(args.accepts);

/** The server's CPU time in seconds (utime + stime), from /proc. */
function serverCpu(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const db = database(args.postgres ? 'postgres' : 'sqlite');
const server = await startServer([], {
  config: join(ROOT, 'bench', 'chat-load.toml'), databaseUrl: db.url, demoHost: false,
});
try {
  await addAgent(server, db, 'agent', '客服', ['general']);
  const agent = await login(server.url, 'agent');
  const console_ = new WebSocket(wsUrl(server.url), { headers: { cookie: agent.cookie } });
  await new Promise((r) => console_.once('open', r));
  console_.send(JSON.stringify({ type: 'hello', v: 1, resume: [] }));
  // Online once the server has welcomed the console: chats can start.
  await new Promise((r) => console_.on('message', (data) => {
    if (JSON.parse(String(data)).type === 'welcome') r();
  }));

  // Every visitor's latest place in the queue, as their socket was told.
  const chats = [];
  for (let i = 0; i < WAITING; i++) {
    const started = await submitForm(server.url, '/api/v1/conversations', { ...FORM, trail: [] });
    if (started.status !== 201) throw new Error(`start ${i}: ${started.status} ${JSON.stringify(started.body)}`);
    chats.push({ id: started.body.conversation.id, token: started.body.token, position: 0 });
  }
  console.error(`${WAITING} chats started`);
  const sockets = await Promise.all(chats.map((chat) => new Promise((done, fail) => {
    const ws = new WebSocket(wsUrl(server.url), { perMessageDeflate: false });
    ws.once('error', fail);
    ws.once('open', () => ws.send(JSON.stringify({
      type: 'hello', v: 1, token: chat.token, resume: [{ conversation: chat.id, seq: 0 }],
    })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === 'queue') chat.position = frame.position;
      if (frame.type === 'welcome') done(ws);
    });
  })));
  const settled = async (expected) => {
    while (!chats.every((c, i) => expected(i) === null || c.position === expected(i))) {
      await new Promise((r) => setImmediate(r));
    }
  };
  await settled((i) => i + 1);
  console.error(`${WAITING} visitors connected and told their place`);

  // Accept the head of the queue, K times; each time everyone behind moves up one.
  const times = [];
  const cpuBefore = serverCpu(server.pid);
  for (let k = 0; k < ACCEPTS; k++) {
    const t0 = performance.now();
    const accepted = await agentApi(server.url, agent, 'POST', `/api/v1/agent/conversations/${chats[k].id}/accept`);
    if (accepted.status !== 200) throw new Error(`accept ${k}: ${accepted.status}`);
    await settled((i) => (i <= k ? null : i - k));
    times.push(performance.now() - t0);
  }
  const cpu = serverCpu(server.pid) - cpuBefore;
  times.sort((a, b) => a - b);
  const result = {
    backend: args.postgres ? 'postgres' : 'sqlite',
    waiting: WAITING,
    accepts: ACCEPTS,
    everyone_told_ms: { p50: +percentile(times, 50).toFixed(1), max: +times.at(-1).toFixed(1) },
    server_cpu_ms_per_accept: +((cpu / ACCEPTS) * 1000).toFixed(1),
  };
  console.log(JSON.stringify(result, null, 2));
  for (const s of sockets) s.terminate();
  console_.terminate();
} finally {
  await server.stop();
  db.stop();
}
