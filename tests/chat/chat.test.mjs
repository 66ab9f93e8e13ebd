// The live chat against the real `helpdock serve`, over real HTTP and real WebSockets, once on
// a SQLite file and once on a real PostgreSQL server: the same suite for both backends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, eventually } from '../e2e/harness.mjs';
import {
  CONFIG, FORM, PNG, ChatSocket, addAgent, agentApi, database, login, submitForm,
} from './client.mjs';
import { runHelpdock } from '../e2e/harness.mjs';
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

for (const backend of ['sqlite', 'postgres']) {
  describe(`chat on ${backend}`, () => {
    let db;
    let server;
    // One session for tests that do not sign in or out themselves: sign-ins are rate-limited.
    let alice;
    const sockets = [];
    const open = async (base, options) => {
      const socket = await ChatSocket.open(base, options);
      sockets.push(socket);
      return socket;
    };

    before(async () => {
      db = database(backend);
      server = await startServer([], { config: CONFIG, databaseUrl: db.url, demoHost: false });
      await addAgent(server, db, 'alice', '小李', ['general']);
      await addAgent(server, db, 'bob', '老王', ['merchant']);
      alice = await login(server.url, 'alice');
    });

    after(async () => {
      for (const socket of sockets) socket.close();
      await server?.stop();
      db?.stop();
    });

    /** A visitor's chat that alice has accepted: [conversation id, visitor token, sockets]. */
    async function acceptedChat(agent, agentSocket) {
      const started = await submitForm(server.url, '/api/v1/conversations', FORM);
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const id = started.body.conversation.id;
      const accepted = await agentApi(server.url, agent, 'POST', `/api/v1/agent/conversations/${id}/accept`);
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      await agentSocket.waitFor((f) => f.type === 'state' && f.conversation === id && f.status === 'active');
      return [id, started.body.token];
    }

    test('with no agent online, the visitor leaves a message that an agent finishes', async () => {
      const availability = await (await fetch(`${server.url}/api/v1/chat/availability`)).json();
      assert.deepEqual(availability, { open_now: true, agents_online: 0, chat: false });
      const refused = await submitForm(server.url, '/api/v1/conversations', FORM);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error, 'unavailable');

      const noContact = await submitForm(server.url, '/api/v1/tickets', { ...FORM, contact: '' });
      assert.equal(noContact.status, 400);
      const ticket = await submitForm(server.url, '/api/v1/tickets', FORM, { files: [PNG] });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));

      const alice = await login(server.url, 'alice');
      const open = await agentApi(server.url, alice, 'GET', '/api/v1/agent/tickets');
      const mine = open.body.tickets.find((t) => t.id === ticket.body.ticket.id);
      assert.equal(mine.order_number, FORM.order_number);
      assert.equal(mine.trail[0].query, '退款一直不到账');
      assert.equal(mine.attachments[0].content_type, 'image/png');
      const done = await agentApi(server.url, alice, 'POST', `/api/v1/agent/tickets/${mine.id}/done`);
      assert.equal(done.status, 204);
      const still = await agentApi(server.url, alice, 'GET', '/api/v1/agent/tickets');
      assert.ok(!still.body.tickets.some((t) => t.id === mine.id));
    });

    test('a visitor queues, an agent accepts with their trail, and messages arrive once, masked', async () => {
      const alice = await login(server.url, 'alice');
      assert.equal(alice.status, 200);
      assert.match(alice.setCookie, /HttpOnly/);
      assert.match(alice.setCookie, /SameSite=Strict/);
      const console_ = await open(server.url, { cookie: alice.cookie });

      const first = await submitForm(server.url, '/api/v1/conversations', FORM, { files: [PNG] });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const id = first.body.conversation.id;
      const visitor = await open(server.url, { token: first.body.token, resume: [{ conversation: id, seq: 0 }] });
      const queued = await visitor.waitFor((f) => f.type === 'queue' && f.conversation === id);
      assert.equal(queued.position, 1);
      assert.equal(queued.agents_online, 1);
      assert.equal(queued.eta_seconds, 240, 'one round of the configured handling time');

      const second = await submitForm(server.url, '/api/v1/conversations', { ...FORM, description: '账户被冻结了怎么办' });
      const otherId = second.body.conversation.id;
      const other = await open(server.url, { token: second.body.token, resume: [{ conversation: otherId, seq: 0 }] });
      assert.equal((await other.waitFor((f) => f.type === 'queue')).position, 2);
      await console_.waitFor((f) => f.type === 'queue_changed');

      const queue = await agentApi(server.url, alice, 'GET', '/api/v1/agent/queue');
      assert.deepEqual(queue.body.waiting.map((w) => w.id), [id, otherId]);

      // The handoff: everything the visitor already told the widget, before accepting.
      const detail = await agentApi(server.url, alice, 'GET', `/api/v1/agent/conversations/${id}`);
      assert.equal(detail.body.conversation.order_number, FORM.order_number);
      assert.equal(detail.body.conversation.page, '/orders/20261124');
      assert.deepEqual(detail.body.conversation.trail, FORM.trail);
      const [shot] = detail.body.attachments;
      const image = await fetch(`${server.url}/api/v1/attachments/${shot.id}`, { headers: { cookie: alice.cookie } });
      assert.equal(image.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
      const stranger = await fetch(`${server.url}/api/v1/attachments/${shot.id}`);
      assert.equal(stranger.status, 404, 'nobody else sees a screenshot');

      const accepted = await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/accept`);
      assert.equal(accepted.status, 200);
      const active = await visitor.waitFor((f) => f.type === 'state' && f.status === 'active');
      assert.equal(active.agent_name, '小李');
      assert.equal((await other.waitFor((f) => f.type === 'queue' && f.position === 1)).position, 1);
      const again = await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/accept`);
      assert.equal(again.status, 409, 'a chat is accepted once');

      visitor.say(id, 'v-1', '我的卡号是 6222 0212 3456 7894，验证码 482913');
      const ack = await visitor.waitFor((f) => f.type === 'ack' && f.client_id === 'v-1');
      const seen = await console_.waitFor((f) => f.type === 'message' && f.client_id === 'v-1');
      assert.equal(seen.body.text, '我的卡号是 **** **** **** 7894，验证码 ******');
      assert.equal(seen.seq, ack.seq);

      // A retry after a lost ack: acknowledged again under the same number, stored once.
      visitor.say(id, 'v-1', '我的卡号是 6222 0212 3456 7894，验证码 482913');
      const reAck = await visitor.waitFor((f) => f.type === 'ack' && f.client_id === 'v-1', visitor.frames.indexOf(ack) + 1);
      assert.equal(reAck.seq, ack.seq);

      visitor.send({ type: 'typing', conversation: id, on: true });
      assert.equal((await console_.waitFor((f) => f.type === 'typing')).who, 'visitor');

      console_.say(id, 'a-1', '您好，我来帮您查询退款进度');
      const reply = await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'a-1');
      assert.equal(reply.author, 'agent');
      assert.equal(reply.author_name, '小李');
      visitor.send({ type: 'read', conversation: id, seq: reply.seq });
      assert.equal((await console_.waitFor((f) => f.type === 'read' && f.who === 'visitor')).seq, reply.seq);

      console_.send({ type: 'ping' });
      await console_.waitFor((f) => f.type === 'pong');
      assert.equal(console_.messages(id).filter((m) => m.client_id === 'v-1').length, 1);
      assert.deepEqual(visitor.messages(id).map((m) => m.seq), [1, 2, 3], 'joined, v-1, a-1: no gaps');

      const closed = await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`,
        { resolution: '已联系银行加急，预计 1 个工作日到账' });
      assert.equal(closed.status, 200);
      await visitor.waitFor((f) => f.type === 'state' && f.status === 'closed');
      visitor.say(id, 'v-2', '还在吗');
      assert.equal((await visitor.waitFor((f) => f.type === 'error')).code, 'closed');

      const transcript = await fetch(`${server.url}/api/v1/conversations/${id}/transcript`, {
        headers: { authorization: `Bearer ${first.body.token}` },
      });
      assert.equal(transcript.status, 200);
      assert.match(transcript.headers.get('content-disposition'), /attachment/);
      const text = await transcript.text();
      assert.match(text, /\*\*\*\* \*\*\*\* \*\*\*\* 7894/);
      assert.doesNotMatch(text, /6222 0212/);
      assert.match(text, /小李 \(客服\): 您好，我来帮您查询退款进度/);
      assert.match(text, /处理结果: 已联系银行加急/);

      // Earlier conversations travel with the visitor's token.
      const next = await submitForm(server.url, '/api/v1/conversations', FORM, { token: first.body.token });
      assert.equal(next.body.token, first.body.token);
      const nextDetail = await agentApi(server.url, alice, 'GET', `/api/v1/agent/conversations/${next.body.conversation.id}`);
      assert.deepEqual(nextDetail.body.earlier.map((e) => e.id), [id]);
      for (const leftover of [otherId, next.body.conversation.id]) {
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${leftover}/accept`);
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${leftover}/close`, { resolution: '' });
      }
      console_.close();
    });

    test('a dropped connection resumes after its last sequence number: nothing lost or repeated', async () => {
      const alice = await login(server.url, 'alice');
      const console_ = await open(server.url, { cookie: alice.cookie });
      const [id, token] = await acceptedChat(alice, console_);
      let visitor = await open(server.url, { token, resume: [{ conversation: id, seq: 0 }] });
      console_.say(id, 'a-1', '第一条');
      const firstSeen = await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'a-1');
      visitor.close();
      console_.say(id, 'a-2', '第二条');
      console_.say(id, 'a-3', '第三条');
      await console_.waitFor((f) => f.type === 'ack' && f.client_id === 'a-3');

      visitor = await open(server.url, { token, resume: [{ conversation: id, seq: firstSeen.seq }] });
      await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'a-3');
      assert.deepEqual(visitor.texts(id), ['第二条', '第三条']);

      // A page reload in another tab finds the chat with the token alone.
      const current = await (await fetch(`${server.url}/api/v1/conversations/current`, {
        headers: { authorization: `Bearer ${token}` },
      })).json();
      assert.equal(current.conversation.id, id);
      assert.equal(current.conversation.status, 'active');
      await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
      console_.close();
    });

    test('a visitor flooding typing frames is slowed down, and the agent hears each change once', async () => {
      const alice = await login(server.url, 'alice');
      const console_ = await open(server.url, { cookie: alice.cookie });
      const [id, token] = await acceptedChat(alice, console_);
      const visitor = await open(server.url, { token, resume: [{ conversation: id, seq: 0 }] });
      for (let i = 0; i < 100; i++) visitor.send({ type: 'typing', conversation: id, on: true });
      const limited = await visitor.waitFor((f) => f.type === 'error' && f.code === 'rate_limited');
      assert.match(limited.message, /too many frames/);
      // The limit refills: after a pause the visitor chats normally.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      visitor.say(id, 'v-flood-1', '还在吗');
      await console_.waitFor((f) => f.type === 'message' && f.client_id === 'v-flood-1');
      const typing = console_.frames.filter((f) => f.type === 'typing' && f.conversation === id);
      assert.deepEqual(typing.map((f) => f.on), [true], 'one "typing" for a hundred identical frames');
      await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
      visitor.close();
      console_.close();
    });

    test("the chat's own notices are in the visitor's language", async () => {
      const alice = await login(server.url, 'alice');
      const console_ = await open(server.url, { cookie: alice.cookie });
      for (const [locale, joined, ended, title] of [
        ['en', '小李 joined the chat', 'The chat has ended', 'Support chat transcript'],
        ['zh-TW', '客服 小李 已接入', '對話已結束', '線上客服聊天記錄'],
        ['zh-HK', '客服 小李 已接入', '對話已結束', '線上客服聊天記錄'],
        ['zh-CN', '客服 小李 已接入', '会话已结束', '在线客服聊天记录'],
      ]) {
        const started = await submitForm(server.url, '/api/v1/conversations', { ...FORM, locale });
        assert.equal(started.status, 201, JSON.stringify(started.body));
        const id = started.body.conversation.id;
        const visitor = await open(server.url, { token: started.body.token, resume: [{ conversation: id, seq: 0 }] });
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/accept`);
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
        await visitor.waitFor((f) => f.type === 'message' && f.body.text === ended);
        const notices = visitor.messages(id).filter((m) => m.author === 'system').map((m) => m.body.text);
        assert.deepEqual(notices, [joined, ended], locale);
        // The transcript the visitor keeps speaks the same language.
        const transcript = await fetch(`${server.url}/api/v1/conversations/${id}/transcript`, {
          headers: { authorization: `Bearer ${started.body.token}` },
        });
        const text = await transcript.text();
        assert.ok(text.split('\n')[0].endsWith(title), text);
        assert.ok(text.includes(ended), text);
        visitor.close();
      }
      console_.close();
    });

    test("only the agent in a chat can close it: anyone else's attempt tells the visitor nothing", async () => {
      const alice = await login(server.url, 'alice');
      const bob = await login(server.url, 'bob');
      const console_ = await open(server.url, { cookie: alice.cookie });
      const [id, token] = await acceptedChat(alice, console_);
      const visitor = await open(server.url, { token, resume: [{ conversation: id, seq: 0 }] });
      const refused = await agentApi(server.url, bob, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      visitor.say(id, 'v-still-here', '我还在');
      await console_.waitFor((f) => f.type === 'message' && f.client_id === 'v-still-here');
      assert.ok(!visitor.texts(id).some((t) => /会话已结束/.test(t)), visitor.texts(id).join(' | '));
      const closed = await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
      assert.equal(closed.status, 200);
      await visitor.waitFor((f) => f.type === 'message' && /会话已结束/.test(f.body.text ?? ''));
      visitor.close();
      console_.close();
    });

    test("signing out ends the agent's open socket too", async () => {
      const alice = await login(server.url, 'alice');
      const console_ = await open(server.url, { cookie: alice.cookie });
      assert.ok(console_.frames.some((f) => f.type === 'welcome'));
      const out = await agentApi(server.url, alice, 'POST', '/api/v1/agent/logout');
      assert.equal(out.status, 204);
      const ended = await console_.waitFor((f) => f.type === 'error');
      assert.equal(ended.code, 'signed_out');
      assert.match(ended.message, /signed out/);
      await eventually(() => assert.ok(console_.closed));
    });

    test('killing the server mid-chat and restarting it leaves both sides every message exactly once', async () => {
      const alice = await login(server.url, 'alice');
      let console_ = await open(server.url, { cookie: alice.cookie });
      const [id, token] = await acceptedChat(alice, console_);
      let visitor = await open(server.url, { token, resume: [{ conversation: id, seq: 0 }] });
      visitor.say(id, 'v-1', '我的退款还没到');
      await console_.waitFor((f) => f.type === 'message' && f.client_id === 'v-1');
      console_.say(id, 'a-1', '我查一下');
      await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'a-1');
      // Sent as the power goes: the visitor never learns whether it arrived.
      visitor.say(id, 'v-2', '订单号 20261124000123');

      const addr = new URL(server.url).host;
      await server.kill();
      await eventually(() => assert.ok(visitor.closed && console_.closed));
      server = await startServer([], {
        config: CONFIG, databaseUrl: db.url, demoHost: false, data: server.data, addr,
      });

      const last = (socket) => Math.max(0, ...socket.messages(id).map((m) => m.seq));
      const before = { visitor: visitor.messages(id), agent: console_.messages(id) };
      visitor = await open(server.url, { token, resume: [{ conversation: id, seq: last({ messages: () => before.visitor }) }] });
      console_ = await open(server.url, { cookie: alice.cookie, resume: [{ conversation: id, seq: last({ messages: () => before.agent }) }] });
      // The widget resends whatever was not acknowledged, under the same client id.
      visitor.say(id, 'v-2', '订单号 20261124000123');
      visitor.say(id, 'v-3', '谢谢');
      await console_.waitFor((f) => f.type === 'message' && f.client_id === 'v-3');
      await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'v-3');

      for (const [side, now] of [['visitor', visitor], ['agent', console_]]) {
        const all = [...before[side], ...now.messages(id)];
        const seqs = all.map((m) => m.seq);
        assert.deepEqual(seqs, [...new Set(seqs)], `${side} got no message twice`);
        assert.deepEqual(seqs, seqs.slice().sort((a, b) => a - b), `${side} got them in order`);
        assert.deepEqual(all.filter((m) => m.author !== 'system').map((m) => m.client_id),
          ['v-1', 'a-1', 'v-2', 'v-3'], `${side} has every message`);
      }
      await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
    });

    test('a merchant goes to the merchant team first, and an agent can transfer the chat', async () => {
      const alice = await login(server.url, 'alice');
      const bob = await login(server.url, 'bob');
      const aliceSocket = await open(server.url, { cookie: alice.cookie });
      const bobSocket = await open(server.url, { cookie: bob.cookie });
      const started = await submitForm(server.url, '/api/v1/conversations', { ...FORM, customer_kind: 'merchant', category: 'limits' });
      const id = started.body.conversation.id;
      assert.equal(started.body.conversation.team, 'merchant');
      const bobQueue = await agentApi(server.url, bob, 'GET', '/api/v1/agent/queue');
      assert.ok(bobQueue.body.waiting.some((w) => w.id === id && w.own_team));
      const aliceQueue = await agentApi(server.url, alice, 'GET', '/api/v1/agent/queue');
      assert.ok(!aliceQueue.body.waiting.some((w) => w.id === id), 'the merchant team is online: theirs first');

      const visitor = await open(server.url, { token: started.body.token, resume: [{ conversation: id, seq: 0 }] });
      assert.equal((await agentApi(server.url, bob, 'POST', `/api/v1/agent/conversations/${id}/accept`)).status, 200);
      await bobSocket.waitFor((f) => f.type === 'state' && f.conversation === id && f.status === 'active');
      const moved = await agentApi(server.url, bob, 'POST', `/api/v1/agent/conversations/${id}/transfer`, { team: 'general' });
      assert.equal(moved.status, 200);
      await visitor.waitFor((f) => f.type === 'state' && f.status === 'waiting' && f.team === 'general');
      const nowAlice = await agentApi(server.url, alice, 'GET', '/api/v1/agent/queue');
      assert.ok(nowAlice.body.waiting.some((w) => w.id === id && w.own_team));
      assert.equal((await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/accept`)).status, 200);
      const joined = await aliceSocket.waitFor((f) => f.type === 'message' && f.conversation === id && /转接/.test(f.body.text ?? ''));
      assert.ok(joined, 'alice sees the whole chat, transfer included');
      await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
      aliceSocket.close();
      bobSocket.close();
    });

    if (backend === 'postgres') {
      test('two instances on one PostgreSQL: a visitor on one and an agent on the other chat normally', async () => {
        const second = await startServer([], { config: CONFIG, databaseUrl: db.url, demoHost: false });
        try {
          const alice = await login(second.url, 'alice');
          const console_ = await open(second.url, { cookie: alice.cookie });
          const started = await submitForm(server.url, '/api/v1/conversations', FORM);
          const id = started.body.conversation.id;
          const visitor = await open(server.url, { token: started.body.token, resume: [{ conversation: id, seq: 0 }] });
          await console_.waitFor((f) => f.type === 'queue_changed');
          assert.equal((await agentApi(second.url, alice, 'POST', `/api/v1/agent/conversations/${id}/accept`)).status, 200);
          await visitor.waitFor((f) => f.type === 'state' && f.status === 'active');
          visitor.say(id, 'v-1', '你好，在吗');
          assert.equal((await console_.waitFor((f) => f.type === 'message' && f.client_id === 'v-1')).body.text, '你好，在吗');
          console_.say(id, 'a-1', '在的，请讲');
          assert.equal((await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'a-1')).author_name, '小李');
          console_.send({ type: 'typing', conversation: id, on: true });
          await visitor.waitFor((f) => f.type === 'typing' && f.who === 'agent');
          await agentApi(second.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
          await visitor.waitFor((f) => f.type === 'state' && f.status === 'closed');
          console_.close();
        } finally {
          await second.stop();
        }
      });
    }

    test('bad input gets a clear JSON error and changes nothing', async () => {
      const alice = await login(server.url, 'alice');
      const socket = await open(server.url, { cookie: alice.cookie });
      socket.send('not json');
      assert.equal((await socket.waitFor((f) => f.type === 'error')).code, 'malformed');
      socket.send({ type: 'send', conversation: '../x', client_id: 'c', body: { kind: 'text', text: 'x' } });
      await socket.waitFor((f) => f.type === 'error' && f.message === 'bad id');
      socket.send({ type: 'ping' });
      await socket.waitFor((f) => f.type === 'pong');

      const anonymous = await open(server.url, {});
      assert.equal((await anonymous.waitFor((f) => f.type === 'error')).code, 'not_found', 'a visitor needs a token');
      const future = await open(server.url, { cookie: alice.cookie, v: 99 });
      assert.equal((await future.waitFor((f) => f.type === 'error')).code, 'version');
      await eventually(() => assert.ok(future.closed && anonymous.closed));

      assert.equal((await login(server.url, 'alice', 'wrong password')).body.error, 'wrong_credentials');
      const noCsrf = await agentApi(server.url, { ...alice, csrf: 'nope' }, 'POST', '/api/v1/agent/presence', { presence: 'away' });
      assert.equal(noCsrf.status, 403);
      assert.equal(noCsrf.body.error, 'csrf');

      const badCategory = await submitForm(server.url, '/api/v1/conversations', { ...FORM, category: 'x' });
      assert.equal(badCategory.status, 400);
      assert.match(badCategory.body.message, /category/);
      const svg = await submitForm(server.url, '/api/v1/conversations', FORM, { files: [Buffer.from('<svg onload=alert(1)>')] });
      assert.equal(svg.status, 415);
      const huge = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
      assert.equal((await submitForm(server.url, '/api/v1/conversations', FORM, { files: [huge] })).status, 413);
      const four = await submitForm(server.url, '/api/v1/conversations', FORM, { files: [PNG, PNG, PNG, PNG] });
      assert.equal(four.status, 400);
      const evil = await submitForm(server.url, '/api/v1/conversations', FORM, { origin: 'https://evil.example' });
      assert.equal(evil.status, 403);
      assert.equal(evil.body.error, 'origin_not_allowed');
      await assert.rejects(ChatSocket.open(server.url, { origin: 'https://evil.example' }), /403/);
      // An embedding site's page is trusted with a visitor's socket, never with the agent's
      // cookie: sent from there, the cookie makes no agent.
      const aliceAgain = await login(server.url, 'alice');
      const embedded = await ChatSocket.open(server.url, { cookie: aliceAgain.cookie, origin: 'https://shop.example' });
      const refusedAgent = embedded.frames.find((f) => f.type === 'welcome' || f.type === 'error');
      assert.equal(refusedAgent.type, 'error', 'a visitor without a token, not alice');
      assert.equal(refusedAgent.code, 'not_found');
      embedded.close();

      // A frame over the limit closes that connection; the server carries on.
      socket.send('x'.repeat(20_000));
      await eventually(() => assert.ok(socket.closed));
      const health = await (await fetch(`${server.url}/healthz`)).json();
      assert.equal(health.status, 'ok');
      assert.equal(health.backend, backend);
    });

    test('helpdock agent list and disable: a disabled agent cannot sign in', async () => {
      const where = db.url ? ['--database-url', db.url] : ['--data', server.data];
      const list = await runHelpdock(['agent', 'list', ...where]);
      assert.match(list.stdout, /alice +小李 +general/);
      const before = await login(server.url, 'bob');
      assert.equal((await runHelpdock(['agent', 'disable', 'bob', ...where])).code, 0);
      assert.equal((await login(server.url, 'bob')).status, 401);
      const stale = await agentApi(server.url, before, 'GET', '/api/v1/agent/me');
      assert.equal(stale.status, 401, 'disabling ends the sessions');
      assert.equal((await runHelpdock(['agent', 'enable', 'bob', ...where])).code, 0);
      assert.equal((await login(server.url, 'bob')).status, 200);
      const short = await runHelpdock(['agent', 'add', 'carol', '--name', 'C', ...where], 'short\n');
      assert.equal(short.code, 1);
      assert.match(short.stderr, /at least 10 characters/);
    });

    test('a visitor rates their ended chat and reports a search that found nothing; agents read both', async () => {
      const alice = await login(server.url, 'alice');
      const console_ = await open(server.url, { cookie: alice.cookie });
      const [id, token] = await acceptedChat(alice, console_);
      const rate = (body, bearer = token) => fetch(`${server.url}/api/v1/conversations/${id}/rating`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal((await rate({ score: 5 })).status, 409, 'rated once it has ended');
      await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
      assert.equal((await rate({ score: 0 })).status, 400);
      const stranger = await submitForm(server.url, '/api/v1/tickets', FORM);
      assert.equal((await rate({ score: 1 }, stranger.body.token)).status, 404, "not someone else's chat");
      assert.equal((await rate({ score: 4, comment: '很快解决了 卡号 6222021234567894' })).status, 204);
      const ratings = await agentApi(server.url, alice, 'GET', '/api/v1/agent/ratings');
      const mine = ratings.body.recent.find((r) => r.conversation === id);
      assert.equal(mine.score, 4);
      assert.equal(mine.agent, 'alice');
      assert.ok(!mine.comment.includes('6222021234567894'), mine.comment);
      assert.ok(ratings.body.count >= 1 && ratings.body.average >= 1);

      const gap = (query) => fetch(`${server.url}/api/v1/search-gaps`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, locale: 'zh-CN' }),
      });
      assert.equal((await gap('  数字人民币   硬钱包 ')).status, 204);
      assert.equal((await gap('数字人民币 硬钱包')).status, 204);
      assert.equal((await gap('')).status, 400);
      const gaps = await agentApi(server.url, alice, 'GET', '/api/v1/agent/search-gaps');
      const counted = gaps.body.gaps.find((g) => g.query === '数字人民币 硬钱包');
      assert.equal(counted?.count, 2, JSON.stringify(gaps.body));
      console_.close();
    });

    test('a screenshot the disk cannot take refuses the chat whole: nothing waits in the queue', async () => {
      const console_ = await open(server.url, { cookie: alice.cookie });
      const dir = join(server.data, 'attachments');
      const had = existsSync(dir);
      if (had) renameSync(dir, `${dir}.away`);
      writeFileSync(dir, 'a file where the folder should be');
      try {
        const form = { ...FORM, description: '磁盘出错时这条不该排队' };
        const refused = await submitForm(server.url, '/api/v1/conversations', form, { files: [PNG] });
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        const queue = await agentApi(server.url, alice, 'GET', '/api/v1/agent/queue');
        assert.ok(!queue.body.waiting.some((w) => w.description === form.description), 'no orphan chat queued');
      } finally {
        rmSync(dir);
        if (had) renameSync(`${dir}.away`, dir);
        console_.close();
      }
    });

    test('a cursor from past the end of a chat still gets what comes next, and reads nothing unwritten', async () => {
      const alice = await login(server.url, 'alice');
      const console_ = await open(server.url, { cookie: alice.cookie });
      const [id, token] = await acceptedChat(alice, console_);
      const far = Number.MAX_SAFE_INTEGER;
      const visitor = await open(server.url, { token, resume: [{ conversation: id, seq: far }] });
      visitor.send({ type: 'read', conversation: id, seq: far });
      visitor.send({ type: 'ping' });
      await visitor.waitFor((f) => f.type === 'pong');
      console_.say(id, 'a-next', '请问还在吗');
      const next = await visitor.waitFor((f) => f.type === 'message' && f.client_id === 'a-next');
      const receipts = console_.frames.filter((f) => f.type === 'read' && f.conversation === id);
      assert.ok(receipts.every((r) => r.seq < next.seq), JSON.stringify(receipts));
      visitor.close();
      console_.close();
    });

    test('a chat holds at most 20 pictures: one more is refused and not kept on disk', async () => {
      const chat = await submitForm(server.url, '/api/v1/conversations', { ...FORM, description: '截图很多' }, { files: [PNG] });
      assert.equal(chat.status, 201, JSON.stringify(chat.body));
      const picture = () => fetch(`${server.url}/api/v1/conversations/${chat.body.conversation.id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chat.body.token}`, 'content-type': 'image/png' },
        body: PNG,
      });
      // The form's screenshot counts: 19 more make 20.
      for (let sent = 1; sent < 20; sent++) assert.equal((await picture()).status, 201, `picture ${sent + 1}`);
      const files = readdirSync(join(server.data, 'attachments')).length;
      const refused = await picture();
      assert.equal(refused.status, 409);
      assert.equal((await refused.json()).error, 'too_many_pictures');
      assert.equal(readdirSync(join(server.data, 'attachments')).length, files);
    });

    test('pictures sent all at once still stop at 20, and the refused ones leave no file behind', async () => {
      const chat = await submitForm(server.url, '/api/v1/conversations', { ...FORM, description: '一下子传很多截图' }, { files: [PNG] });
      assert.equal(chat.status, 201, JSON.stringify(chat.body));
      const files = readdirSync(join(server.data, 'attachments')).length;
      const picture = () => fetch(`${server.url}/api/v1/conversations/${chat.body.conversation.id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chat.body.token}`, 'content-type': 'image/png' },
        body: PNG,
      });
      // 25 at once: each is counted while the others are still being written.
      const statuses = (await Promise.all(Array.from({ length: 25 }, picture))).map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 19, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 409).length, 6, statuses.join(' '));
      assert.equal(readdirSync(join(server.data, 'attachments')).length, files + 19);
    });

    test('a form sent again after its answer was lost makes one chat and one ticket, and a token that works', async () => {
      const console_ = await open(server.url, { cookie: alice.cookie });
      try {
        // The first answer "never arrived": the widget sends the same form again, with no token.
        const form = { ...FORM, description: '这张表单发了两次', form_id: randomBytes(12).toString('hex') };
        const first = await submitForm(server.url, '/api/v1/conversations', form, { files: [PNG] });
        assert.equal(first.status, 201, JSON.stringify(first.body));
        const again = await submitForm(server.url, '/api/v1/conversations', form, { files: [PNG] });
        assert.equal(again.status, 200, JSON.stringify(again.body));
        const id = first.body.conversation.id;
        assert.equal(again.body.conversation.id, id);
        assert.deepEqual(again.body.attachments, first.body.attachments, 'the screenshot is stored once');
        const queue = await agentApi(server.url, alice, 'GET', '/api/v1/agent/queue');
        assert.equal(queue.status, 200, JSON.stringify(queue.body));
        assert.equal(queue.body.waiting.filter((w) => w.description === form.description).length, 1);

        // The new token finds the chat; the one the lost answer carried no longer does.
        const current = (token) => fetch(`${server.url}/api/v1/conversations/current`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.notEqual(again.body.token, first.body.token);
        assert.equal((await (await current(again.body.token)).json()).conversation.id, id);
        assert.equal((await current(first.body.token)).status, 401);
        // Sent a third time with that token, it keeps the token.
        const third = await submitForm(server.url, '/api/v1/conversations', form, { token: again.body.token });
        assert.equal(third.status, 200);
        assert.equal(third.body.token, again.body.token);
        // Changed before it was sent again (the visitor saw "offline" and added a detail): the
        // agent gets the new words as the visitor's message, once however often it is sent.
        const edited = { ...form, description: '这张表单发了两次，订单号 20261124' };
        for (let i = 0; i < 2; i++) {
          const sent = await submitForm(server.url, '/api/v1/conversations', edited, { token: again.body.token });
          assert.equal(sent.status, 200, JSON.stringify(sent.body));
          assert.equal(sent.body.conversation.id, id);
        }
        const seen = await agentApi(server.url, alice, 'GET', `/api/v1/agent/conversations/${id}`);
        assert.equal(seen.body.conversation.description, form.description);
        assert.deepEqual(
          seen.body.messages.map((m) => [m.author, m.body.text]),
          [['visitor', edited.description]],
        );
        // Another visitor cannot take it over by sending its id.
        const other = await submitForm(server.url, '/api/v1/tickets', FORM);
        const stolen = await submitForm(server.url, '/api/v1/conversations', form, { token: other.body.token });
        assert.equal(stolen.status, 400, JSON.stringify(stolen.body));

        const message = { ...form, description: '留言也只留一次', form_id: randomBytes(12).toString('hex') };
        const ticket = await submitForm(server.url, '/api/v1/tickets', message);
        const ticketAgain = await submitForm(server.url, '/api/v1/tickets', message);
        assert.equal(ticketAgain.status, 200, JSON.stringify(ticketAgain.body));
        assert.equal(ticketAgain.body.ticket.id, ticket.body.ticket.id);
        const tickets = await agentApi(server.url, alice, 'GET', '/api/v1/agent/tickets');
        assert.equal(tickets.body.tickets.filter((t) => t.description === message.description).length, 1);
        const addition = { ...message, description: '留言也只留一次，补充：是 3 号的订单' };
        for (let i = 0; i < 2; i++) {
          const sent = await submitForm(server.url, '/api/v1/tickets', addition, { token: ticket.body.token });
          assert.equal(sent.status, 200, JSON.stringify(sent.body));
        }
        const added = await agentApi(server.url, alice, 'GET', '/api/v1/agent/tickets');
        assert.equal(
          added.body.tickets.find((t) => t.id === ticket.body.ticket.id).description,
          `${message.description}\n\n${addition.description}`,
        );
        // Each change adds up to a form's 2,000 characters; the ticket stops growing at 8,000.
        const statuses = [];
        for (let i = 0; i < 5; i++) {
          const long = { ...message, description: `${i}`.repeat(1900) };
          statuses.push((await submitForm(server.url, '/api/v1/tickets', long, { token: ticket.body.token })).status);
        }
        assert.deepEqual(statuses, [200, 200, 200, 200, 400]);

        // A chat whose answer was lost, then the same form as a message (nobody was online by
        // the time the widget sent it again): one ticket, and the chat leaves the queue.
        const turned = { ...form, description: '先排队后留言', form_id: randomBytes(12).toString('hex') };
        const queuedFirst = await submitForm(server.url, '/api/v1/conversations', turned);
        assert.equal(queuedFirst.status, 201);
        const asMessage = await submitForm(server.url, '/api/v1/tickets', turned);
        assert.equal(asMessage.status, 201, JSON.stringify(asMessage.body));
        const after = await agentApi(server.url, alice, 'GET', '/api/v1/agent/queue');
        assert.ok(!after.body.waiting.some((w) => w.description === turned.description), 'the chat left the queue');
        const turnedTickets = await agentApi(server.url, alice, 'GET', '/api/v1/agent/tickets');
        assert.equal(turnedTickets.body.tickets.filter((t) => t.description === turned.description).length, 1);

        const bad = await submitForm(server.url, '/api/v1/tickets', { ...message, form_id: 'not hex' });
        assert.equal(bad.status, 400);
        assert.match(bad.body.message, /form_id/);
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/accept`);
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${id}/close`, { resolution: '' });
        // Once its chat is no longer waiting, the id fetches nothing: the form is a new question.
        const later = await submitForm(server.url, '/api/v1/conversations', form);
        assert.equal(later.status, 201, JSON.stringify(later.body));
        assert.notEqual(later.body.conversation.id, id);
        assert.notEqual(later.body.token, third.body.token);
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${later.body.conversation.id}/accept`);
        await agentApi(server.url, alice, 'POST', `/api/v1/agent/conversations/${later.body.conversation.id}/close`, { resolution: '' });
      } finally {
        console_.close();
      }
    });

    test('too many sign-in attempts from one address are refused for a while', async () => {
      let last;
      for (let i = 0; i < 12; i += 1) last = await login(server.url, 'alice', `guess ${i}`);
      assert.equal(last.status, 429);
      assert.equal(last.body.error, 'rate_limited');
    });

    test('too many chats and messages started from one address are refused for a while', async () => {
      // The config allows 60 an hour; the suite has started fewer than that before this test.
      let refused;
      for (let i = 0; i <= 60 && !refused; i++) {
        const r = await submitForm(server.url, '/api/v1/tickets', FORM);
        if (r.status === 429) refused = r;
        else assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      assert.ok(refused, 'the 61st is refused at the latest');
      assert.equal(refused.body.error, 'rate_limited');
      assert.match(refused.body.message, /hotline/);

      // Behind a reverse proxy (the config trusts this address as one), each visitor the proxy
      // names is counted on their own: the next visitor is not refused for the first one's chats.
      const forwardedFor = (ip) => ({ 'x-forwarded-for': ip });
      const other = await submitForm(server.url, '/api/v1/tickets', FORM, { headers: forwardedFor('203.0.113.9') });
      assert.equal(other.status, 201, JSON.stringify(other.body));
      // The proxy's own address is still over the limit: the header was what changed.
      const same = await submitForm(server.url, '/api/v1/tickets', FORM, { headers: forwardedFor('127.0.0.1') });
      assert.equal(same.status, 429);
    });
  });
}
