// The whole way to a person, in two browsers at once: a visitor in the widget on the demo
// customer site (another origin), and an agent in the console served by the same `helpdock
// serve`. Search, the 转人工 intent, the pre-chat form with a screenshot, the queue, the agent
// accepting with the visitor's trail in view, a masked card number, a reload that keeps the
// chat, and the transcript after the agent closes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { eventually, launchBrowser, startServer } from './harness.mjs';
import { CONFIG, FORM, PASSWORD, PNG, ChatSocket, addAgent, agentApi, login, submitForm } from '../chat/client.mjs';

/** Luhn-valid, so the guard knows it for a card number. */
const CARD = '6222021234567894';

describe('live chat from the widget to the console', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer([], { config: CONFIG });
    browser = await launchBrowser();
    await addAgent(server, { url: null }, 'alice', '小李', ['general']);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function consolePage({ route } = {}) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    if (route) await route(page);
    // What the browser reports as errors, but for the sign-in check before signing in.
    page.errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/api/v1/agent/me')) page.errors.push(m.text());
    });
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('用户名').fill('alice');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: 'Helpdock 客服工作台' }).waitFor();
    return page;
  }

  async function visitorPage({ init, route } = {}) {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    if (init) await page.addInitScript(init);
    if (route) await route(page);
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(e.message));
    await page.goto(`${server.site}/orders/20261124`);
    return page;
  }

  async function openWidget(page) {
    await page.getByRole('button', { name: '帮助', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '帮助中心' });
    await dialog.waitFor();
    return dialog;
  }

  /** From the panel's header to the pre-chat form: the chat region. */
  async function chatForm(dialog) {
    await dialog.getByRole('button', { name: '联系客服', exact: true }).click();
    await dialog.getByRole('region', { name: '联系我们' }).getByRole('button', { name: '在线客服' }).click();
    return dialog.getByRole('region', { name: '在线客服' });
  }

  /** The visitor asks for a person with `description`, and the agent accepts: the chat region. */
  async function chatAccepted(dialog, agent, description) {
    const chat = await chatForm(dialog);
    await chat.getByLabel('问题描述').fill(description);
    await chat.getByRole('button', { name: '开始咨询' }).click();
    await agent.locator('#waiting li', { hasText: description }).getByRole('button', { name: /接入/ }).click();
    // Accepted when the console shows the chat with its first notice: a test that goes on
    // before then races the console's own requests.
    await eventually(async () => assert.match(await agent.locator('#messages').textContent(), /已接入/), 20_000);
    return chat;
  }

  test('search, intent, pre-chat with a screenshot, queue, accept with trail, masked card, reload, transcript', async () => {
    const agent = await consolePage();
    const visitor = await visitorPage();
    let dialog = await openWidget(visitor);
    const search = dialog.getByRole('combobox', { name: '搜索帮助文章' });

    // 1. Search, read, and find it not helpful: this is the trail the agent will see.
    await search.fill('退款没到账');
    await eventually(async () => assert.equal(
      await dialog.getByRole('option').first().locator('.hd-result-title').textContent(), '退款一直没到账怎么办？'));
    await search.press('Enter');
    await dialog.locator('article').getByRole('button', { name: '否', exact: true }).click();
    await dialog.locator('article').getByRole('button', { name: /返回/ }).click();

    // 2. The intent: 转人工 offers a person first.
    await search.fill('转人工');
    await eventually(async () => assert.equal(
      await dialog.getByRole('option').first().locator('.hd-result-title').textContent(), '联系人工客服'));
    await search.press('Enter');
    await dialog.getByRole('region', { name: '联系我们' }).getByRole('button', { name: '在线客服' }).click();

    // 3. The pre-chat form: what to prepare, the never-share warning, and a screenshot.
    const chat = dialog.getByRole('region', { name: '在线客服' });
    await chat.getByRole('button', { name: '开始咨询' }).waitFor();
    assert.match(await chat.locator('.hd-prepare').textContent(), /订单号.*截图/);
    await chat.getByLabel('问题类型').selectOption({ label: '交易纠纷与退款' });
    await chat.getByLabel('订单号（选填）').fill('20261124000123');
    await chat.getByLabel('问题描述').fill('退款五天了还没到账');
    await chat.getByLabel(/截图/).setInputFiles({ name: 'refund.png', mimeType: 'image/png', buffer: PNG });
    await chat.getByRole('button', { name: '开始咨询' }).click();

    // 4. The queue: first in line, the estimate from the config's handling time (240 s, one agent).
    await eventually(async () => assert.match(
      await chat.locator('.hd-chat-status').textContent(), /你排在第 1 位，预计等待约 4 分钟/));

    // 5. The agent accepts and sees the form, the trail and the screenshot without asking.
    const waiting = agent.locator('#waiting li');
    await waiting.first().waitFor();
    assert.match(await waiting.first().textContent(), /退款五天了还没到账/);
    await waiting.first().getByRole('button', { name: /接入/ }).click();
    const context = agent.getByRole('complementary', { name: '访客信息' });
    await eventually(async () => {
      const text = await context.textContent();
      assert.match(text, /20261124000123/);
      assert.match(text, /退款没到账/, 'the search');
      assert.match(text, /退款一直没到账怎么办？/, 'the article opened');
      assert.match(text, /认为没有帮助：退款一直没到账怎么办？/, 'the vote, by the title');
      assert.match(text, /orders\/20261124/, 'the page');
    });
    assert.deepEqual(agent.errors, [], 'the console asks for nothing that is not there');
    await eventually(async () => assert.equal(await context.locator('#shots img').count(), 1));
    await eventually(async () => assert.match(
      await chat.locator('.hd-chat-status').textContent(), /客服 小李 正在为你服务/));

    // 6. A card number: the widget warns, the visitor sends anyway, and nobody sees it whole.
    const box = chat.getByRole('textbox', { name: '输入消息' });
    await box.fill(`我的卡号是 ${CARD}`);
    await box.press('Enter');
    const warning = chat.locator('.hd-guard');
    assert.match(await warning.textContent(), /银行卡号.*官方客服绝不会/);
    await warning.getByRole('button', { name: '仍然发送' }).click();
    const mine = chat.locator('.hd-msg-visitor').last();
    await eventually(async () => {
      const text = await mine.locator('.hd-msg-text').textContent();
      assert.ok(!text.includes(CARD), text);
      assert.match(text, /7894/);
      assert.match(await mine.locator('.hd-msg-mark').textContent(), /已送达|已读/);
    });
    await eventually(async () => assert.match(await agent.locator('#messages').textContent(), /卡号是 \*+7894/));
    assert.ok(!(await agent.locator('#messages').textContent()).includes(CARD));

    // The agent answers; the visitor sees it, and the agent sees it read.
    await agent.getByLabel('回复', { exact: true }).fill('您好，已为您加急处理');
    await agent.getByLabel('回复', { exact: true }).press('Enter');
    await chat.locator('.hd-msg-agent', { hasText: '已为您加急处理' }).waitFor();
    await eventually(async () => assert.match(await mine.locator('.hd-msg-mark').textContent(), /已读/));

    // A chat holds 20 pictures, the form's screenshot among them. With 19 more sent, the next
    // one the visitor picks is refused in their language, and not as something to retry.
    const token = await visitor.evaluate(() => localStorage.getItem('helpdock.visitor'));
    assert.ok(token, 'the widget keeps its visitor token');
    const bearer = { authorization: `Bearer ${token}` };
    const { conversation } = await (await fetch(`${server.url}/api/v1/conversations/current`, { headers: bearer })).json();
    for (let n = 1; n < 20; n++) {
      const sent = await fetch(`${server.url}/api/v1/conversations/${conversation.id}/attachments`, {
        method: 'POST', headers: { ...bearer, 'content-type': 'image/png' }, body: PNG,
      });
      assert.equal(sent.status, 201);
    }
    await chat.locator('.hd-attach input[type=file]').setInputFiles({ name: 'more.png', mimeType: 'image/png', buffer: PNG });
    await eventually(async () => assert.equal(
      await chat.locator('.hd-composer [role=alert]').textContent(), '一次咨询最多发送 20 张图片，其余情况请用文字描述。'));

    // A reload keeps the chat: same messages, nothing twice.
    await visitor.reload();
    dialog = await openWidget(visitor);
    const again = dialog.getByRole('region', { name: '在线客服' });
    await eventually(async () => {
      const texts = await again.locator('.hd-msg-text').allTextContents();
      assert.equal(texts.filter((t) => t.includes('7894')).length, 1, texts.join(' | '));
      assert.equal(texts.filter((t) => t.includes('加急')).length, 1, texts.join(' | '));
    });

    // 7. The agent closes with a note; the visitor downloads the transcript.
    await agent.getByLabel('处理结果').fill('已联系银行加急');
    await agent.getByRole('button', { name: '结束会话' }).click();
    await eventually(async () => assert.match(await again.locator('.hd-chat-status').textContent(), /对话已结束/));
    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      again.getByRole('button', { name: '下载聊天记录' }).click(),
    ]);
    const transcript = readFileSync(await download.path(), 'utf8');
    assert.match(transcript, /退款五天了还没到账|卡号是/);
    assert.match(transcript, /已为您加急处理/);
    assert.match(transcript, /已联系银行加急/);
    assert.ok(!transcript.includes(CARD), 'the transcript masks the card');

    // 8. The visitor rates the chat; the console shows the rating to agents and site owners.
    const rating = again.getByRole('group', { name: '为这次服务打分' });
    await rating.getByRole('radio', { name: /很满意/ }).check();
    await again.getByLabel('还有什么想告诉我们的？（选填）').fill('处理得很快');
    await again.getByRole('button', { name: '提交评价' }).click();
    await again.getByText('感谢你的评价！').waitFor();
    await agent.reload();
    await eventually(async () => {
      const ratings = await agent.locator('#ratings').textContent();
      assert.match(ratings, /★★★★★ 很满意/);
      assert.match(ratings, /处理得很快/);
    });
    assert.deepEqual(visitor.problems, []);
  });

  test('the console counts only unread messages, keeps keyboard focus as lists change, and says refusals in words', async () => {
    const agent = await consolePage();
    const form = (description) => submitForm(server.url, '/api/v1/conversations', { ...FORM, description });
    const one = await form('控制台测试一');
    const two = await form('控制台测试二');
    const waitingButton = (text) => agent.locator('#waiting li', { hasText: text }).getByRole('button');

    // The queue redraws under the agent's keyboard: focus stays on the same 接入.
    await waitingButton('控制台测试一').focus();
    await form('控制台测试三');
    await waitingButton('控制台测试三').waitFor();
    const focusedKey = () => agent.evaluate(() => document.activeElement.getAttribute('data-key'));
    assert.equal(await focusedKey(), `accept:${one.body.conversation.id}`);

    // Accept both; the visitor of the first writes while the second is open: one unread.
    await agent.keyboard.press('Enter');
    await eventually(async () => assert.match(await agent.locator('#messages').textContent(), /已接入/));
    await waitingButton('控制台测试二').click();
    // The second chat is the open one before the first's visitor writes.
    await agent.locator('#mine li[aria-current=true]', { hasText: '控制台测试二' }).waitFor();
    const id = one.body.conversation.id;
    const visitor = await ChatSocket.open(server.url, { token: one.body.token, resume: [{ conversation: id, seq: 0 }] });
    visitor.say(id, 'v-console', '还在吗');
    const badge = agent.locator('#mine li', { hasText: '控制台测试一' }).locator('.badge');
    await eventually(async () => assert.equal(await badge.textContent(), '1'));
    await agent.locator('#mine li', { hasText: '控制台测试一' }).getByRole('button').click();
    await eventually(async () => assert.equal(await badge.count(), 0));

    // Quick replies by keyboard: arrows move through them, Enter adds the one shown to the
    // draft, after what the agent wrote.
    const reply = agent.getByLabel('回复', { exact: true });
    await eventually(async () => assert.equal(await reply.isEnabled(), true));
    await reply.fill('稍等，');
    await agent.getByLabel('快捷回复').focus();
    await agent.keyboard.press('ArrowDown');
    await agent.keyboard.press('ArrowDown');
    assert.equal(await reply.inputValue(), '稍等，', 'moving through the replies inserts none');
    await agent.keyboard.press('Enter');
    assert.equal(await reply.inputValue(), '稍等， 请提供订单号，我帮您查询。');
    await reply.fill('');
    // A reload replays every message of every chat: what was read stays read, and nothing
    // old is announced as new.
    await agent.reload();
    await agent.locator('#mine li', { hasText: '控制台测试二' }).waitFor();
    await agent.locator('#mine li', { hasText: '控制台测试一' }).waitFor();
    await agent.waitForTimeout(500);
    const ours = agent.locator('#mine li').filter({ hasText: /控制台测试[一二]/ });
    assert.equal(await ours.locator('.badge').count(), 0, 'no unread after a reload');
    assert.doesNotMatch(await agent.locator('#announcer').textContent(), /还在吗/);

    // Another agent takes the third visitor while this console still offers it (its queue
    // requests held back): the refusal reads as a sentence, not the server's English.
    await addAgent(server, { url: null }, 'bob', '小张', ['general']);
    const bob = await login(server.url, 'bob');
    let release;
    const held = new Promise((r) => { release = r; });
    await agent.route('**/api/v1/agent/queue', async (route) => { await held; await route.continue(); });
    const third = (await agentApi(server.url, bob, 'GET', '/api/v1/agent/queue')).body.waiting
      .find((w) => w.description === '控制台测试三');
    assert.equal((await agentApi(server.url, bob, 'POST', `/api/v1/agent/conversations/${third.id}/accept`)).status, 200);
    const alerts = [];
    agent.on('dialog', (d) => { alerts.push(d.message()); d.dismiss(); });
    await waitingButton('控制台测试三').click();
    await eventually(async () => assert.deepEqual(alerts, ['操作失败：这个会话已被其他客服接入或已结束。']));
    release();
    await agent.unrouteAll({ behavior: 'wait' });
    visitor.close();

    // A proxy's error page where the sign-in answer should be: not "wrong password".
    const signIn = await browser.newContext();
    const page = await signIn.newPage();
    await page.route('**/api/v1/agent/login', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' }));
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('用户名').fill('alice');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await eventually(async () => assert.equal(await page.locator('#login-error').textContent(), '服务暂时不可用，请稍后再试。'));
    await signIn.close();
  });

  test('a form sent again after its answer was lost queues one chat, not two', async () => {
    const agent = await consolePage();
    const visitor = await visitorPage();
    // The server takes the first form, and its answer never arrives: a connection that died
    // on the way back.
    let lose = true;
    await visitor.route(/\/api\/v1\/conversations$/, async (route) => {
      if (route.request().method() !== 'POST' || !lose) return route.continue();
      lose = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    const dialog = await openWidget(visitor);
    const chat = await chatForm(dialog);
    const description = '回答丢了的表单只排一次队';
    await chat.getByLabel('问题描述').fill(description);
    await chat.getByRole('button', { name: '开始咨询' }).click();
    await eventually(async () => assert.match(await chat.locator('.hd-form-error').textContent(), /网络不可用/));
    assert.equal(lose, false, 'the first form reached the server');
    await chat.getByRole('button', { name: '开始咨询' }).click();
    await eventually(async () => assert.match(await chat.textContent(), /你排在第 \d+ 位/));
    const waiting = agent.locator('#waiting li', { hasText: description });
    await eventually(async () => assert.equal(await waiting.count(), 1));
    // Still one a moment later: not a second chat on its way.
    await agent.waitForTimeout(500);
    assert.equal(await waiting.count(), 1);
    await waiting.getByRole('button', { name: /接入/ }).click();
    await agent.getByRole('button', { name: '结束会话' }).click();
    assert.deepEqual(visitor.problems, []);
  });

  test('a form with a screenshot that a server down refused goes out by itself, screenshot and all', async () => {
    const agent = await consolePage();
    const visitor = await visitorPage({ route: (page) => page.clock.install() });
    // A proxy answers for the server that is down, once: the network itself is fine, so no
    // `online` event will come to send the form again.
    let refused = 0;
    await visitor.route(/\/api\/v1\/conversations$/, (route) => {
      if (route.request().method() !== 'POST' || refused > 0) return route.continue();
      refused += 1;
      return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' });
    });
    const chat = await chatForm(await openWidget(visitor));
    const description = '服务器出错时带截图的表单稍后自动发出';
    await chat.getByLabel('问题描述').fill(description);
    await chat.getByLabel(/截图/).setInputFiles({ name: 'refund.png', mimeType: 'image/png', buffer: PNG });
    await chat.getByRole('button', { name: '开始咨询' }).click();
    await eventually(async () =>
      assert.match(await chat.locator('.hd-form-error').textContent(), /会自动提交/));
    assert.equal(refused, 1);
    await visitor.clock.fastForward(31_000);
    await eventually(async () => assert.match(await chat.textContent(), /你排在第 \d+ 位/));
    const waiting = agent.locator('#waiting li', { hasText: description });
    await eventually(async () => assert.equal(await waiting.count(), 1));
    await waiting.getByRole('button', { name: /接入/ }).click();
    const shots = agent.getByRole('complementary', { name: '访客信息' }).locator('#shots img');
    await eventually(async () => assert.equal(await shots.count(), 1, 'the screenshot came with it'));
    await agent.getByRole('button', { name: '结束会话' }).click();
    assert.deepEqual(visitor.problems, []);
  });

  test('a form sent offline goes out by itself on the next page; one with a screenshot asks for it again', async () => {
    const agent = await consolePage();
    const visitor = await visitorPage();
    // Every form the widget sends, whether or not it gets through.
    const forms = /\/api\/v1\/(conversations|tickets)$/;
    let posts = 0;
    visitor.on('request', (r) => { if (r.method() === 'POST' && forms.test(r.url())) posts += 1; });
    // Forms cannot reach the server: the widget keeps the form and says it will go out.
    const cutOff = (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue();
    const queuedMarker = () => visitor.evaluate(() => sessionStorage.getItem('helpdock.form_queued'));
    const contactForm = async () => chatForm(await openWidget(visitor));
    async function sendOffline(chat, description) {
      await chat.getByLabel('问题描述').fill(description);
      await chat.getByRole('button', { name: '开始咨询' }).click();
      await eventually(async () =>
        assert.match(await chat.locator('.hd-form-error').textContent(), /网络恢复后会自动提交/));
    }

    // With a screenshot: the next page cannot have the file, so nothing goes out without it,
    // and the screenshot field says what to add.
    await visitor.route(forms, cutOff);
    const withScreenshot = '断网时带截图提交的表单';
    let chat = await contactForm();
    await chat.getByLabel(/截图/).setInputFiles({ name: 'refund.png', mimeType: 'image/png', buffer: PNG });
    await sendOffline(chat, withScreenshot);
    await visitor.unroute(forms);
    posts = 0;
    await visitor.goto(`${server.site}/orders/20261125`);
    chat = await contactForm();
    await eventually(async () =>
      assert.match(await chat.locator('#hd-files-error').textContent(), /离开页面后截图无法保留/));
    assert.equal(await chat.getByLabel('问题描述').inputValue(), withScreenshot);
    assert.equal(posts, 0, 'nothing was sent without the screenshot');
    assert.equal(await queuedMarker(), null);

    // Without one: on the next page it goes out by itself, the widget still closed, as soon as
    // the server can be reached. This time the network is up and a proxy answers for the
    // server that is down: 502, kept and sent again all the same.
    const badGateway = (route) => (route.request().method() === 'POST'
      ? route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' })
      : route.continue());
    await visitor.route(forms, badGateway);
    const description = '断网时提交的表单换页后自动发出';
    await sendOffline(chat, description);
    await visitor.goto(`${server.site}/orders/20261126`);
    await eventually(async () => assert.ok(posts >= 2, `${posts} forms sent`));
    const waiting = agent.locator('#waiting li', { hasText: description });
    assert.equal(await waiting.count(), 0);
    await visitor.unroute(forms);
    await visitor.evaluate(() => window.dispatchEvent(new Event('online')));
    await eventually(async () => assert.equal(await waiting.count(), 1));
    await eventually(async () => assert.equal(await queuedMarker(), null));
    const dialog = await openWidget(visitor);
    chat = dialog.getByRole('region', { name: '在线客服' });
    await eventually(async () => assert.match(await chat.textContent(), /你排在第 \d+ 位/));
    // Once: the next page sends nothing.
    posts = 0;
    await visitor.goto(`${server.site}/orders/20261127`);
    // The widget there picks the chat up, and has had its moment to send anything.
    const later = await openWidget(visitor);
    await eventually(async () =>
      assert.match(await later.getByRole('region', { name: '在线客服' }).textContent(), /你排在第 \d+ 位/));
    await visitor.waitForTimeout(500);
    assert.equal(posts, 0);
    await waiting.getByRole('button', { name: /接入/ }).click();
    await agent.getByRole('button', { name: '结束会话' }).click();
    assert.deepEqual(visitor.problems, []);
  });

  test('a chat form queued offline goes as a message when nobody can chat by the time it is sent', async () => {
    const agent = await consolePage();
    const visitor = await visitorPage();
    const forms = /\/api\/v1\/(conversations|tickets)$/;
    await visitor.route(forms, (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
    const dialog = await openWidget(visitor);
    const chat = await chatForm(dialog);
    const description = '排队时没人在线了就转成留言';
    await chat.getByLabel('问题描述').fill(description);
    await chat.getByLabel(/联系方式/).fill('13800000000');
    await chat.getByRole('button', { name: '开始咨询' }).click();
    await eventually(async () =>
      assert.match(await chat.locator('.hd-form-error').textContent(), /网络恢复后会自动提交/));
    // The agent steps away: nobody can chat when the form finally goes, on the next page.
    await agent.locator('#presence').selectOption('away');
    await eventually(async () => {
      const availability = await (await fetch(`${server.url}/api/v1/chat/availability`)).json();
      assert.equal(availability.chat, false);
    });
    try {
      await visitor.unroute(forms);
      await visitor.goto(`${server.site}/orders/20261128`);
      const ticket = agent.locator('#tickets li', { hasText: description });
      await eventually(async () => {
        await agent.reload();
        assert.equal(await ticket.count(), 1);
      });
      assert.equal(await agent.locator('#waiting li', { hasText: description }).count(), 0);
    } finally {
      await agent.locator('#presence').selectOption('online');
    }
    assert.deepEqual(visitor.problems, []);
  });

  test("an agent's reply written while the connection was failing arrives once, after the console reconnects", async () => {
    // The console's frames pass through here; while `dropping`, its messages are lost on the
    // way, as on a network that died without closing the socket. `sockets` can close it.
    let dropping = false;
    const sockets = [];
    const agent = await consolePage({
      route: (page) => page.routeWebSocket(/\/api\/v1\/chat$/, (ws) => {
        const server = ws.connectToServer();
        sockets.push(ws);
        ws.onMessage((message) => {
          if (!(dropping && JSON.parse(message).type === 'send')) server.send(message);
        });
        server.onMessage((message) => ws.send(message));
      }),
    });
    const visitor = await visitorPage();
    const chat = await chatAccepted(await openWidget(visitor), agent, '客服断线时写的回复');
    await eventually(async () => assert.match(await chat.locator('.hd-chat-status').textContent(), /正在为你服务/));

    dropping = true;
    const reply = agent.getByLabel('回复', { exact: true });
    await reply.fill('这句是在断线时写的');
    await reply.press('Enter');
    await agent.waitForTimeout(300);
    assert.doesNotMatch(await chat.textContent(), /这句是在断线时写的/);
    // The connection drops for good and the console reconnects: the reply goes again.
    dropping = false;
    const before = sockets.length;
    await sockets.at(-1).close();
    await eventually(async () => assert.ok(sockets.length > before, 'the console reconnected'));
    await eventually(async () => assert.match(await chat.textContent(), /这句是在断线时写的/));
    await agent.waitForTimeout(300);
    const count = (text) => text.split('这句是在断线时写的').length - 1;
    assert.equal(count(await chat.locator('.hd-messages').textContent()), 1);
    assert.equal(count(await agent.locator('#messages').textContent()), 1);
    await agent.getByRole('button', { name: '结束会话' }).click();
    assert.deepEqual(visitor.problems, []);
  });

  test('a connection that went silent without closing is found by its unanswered ping, and the chat carries on', async () => {
    const agent = await consolePage();
    // While `silent`, the visitor's socket stays open and nothing passes either way: a phone
    // that changed networks. Only a new socket gets through again.
    let silent = false;
    const sockets = [];
    const visitor = await visitorPage({
      route: async (page) => {
        await page.clock.install();
        await page.routeWebSocket(/\/api\/v1\/chat$/, (ws) => {
          const server = ws.connectToServer();
          const mine = sockets.push(ws);
          const passes = () => !silent || mine > silentFrom;
          ws.onMessage((message) => { if (passes()) server.send(message); });
          server.onMessage((message) => { if (passes()) ws.send(message); });
        });
      },
    });
    let silentFrom = Infinity;
    const chat = await chatAccepted(await openWidget(visitor), agent, '连接悄悄断了');
    await eventually(async () => assert.match(await chat.locator('.hd-chat-status').textContent(), /正在为你服务/));

    silentFrom = sockets.length;
    silent = true;
    const reply = agent.getByLabel('回复', { exact: true });
    await reply.fill('断线期间客服发的消息');
    await reply.press('Enter');
    await agent.waitForTimeout(300);
    assert.doesNotMatch(await chat.textContent(), /断线期间客服发的消息/);
    // Quiet for 15 s, it is pinged; no answer 15 s later, it is replaced.
    await visitor.clock.fastForward(16_000);
    await visitor.clock.fastForward(16_000);
    await eventually(async () => {
      await visitor.clock.fastForward(1_000);
      assert.match(await chat.textContent(), /断线期间客服发的消息/);
    });
    assert.ok(sockets.length > silentFrom, 'a new socket');
    await agent.getByRole('button', { name: '结束会话' }).click();
    assert.deepEqual(visitor.problems, []);
  });

  test('with storage blocked by the browser, the chat still works and every message arrives', async () => {
    const agent = await consolePage();
    // A browser that refuses site storage: every write throws, as Safari's private mode did.
    const visitor = await visitorPage({
      init: () => {
        Storage.prototype.setItem = () => { throw new DOMException('blocked', 'QuotaExceededError'); };
      },
    });
    const chat = await chatAccepted(await openWidget(visitor), agent, '存储被禁用时也要能聊天');
    const box = chat.getByRole('textbox', { name: '输入消息' });
    await box.fill('第一条');
    await box.press('Enter');
    await box.fill('第二条');
    await box.press('Enter');
    await eventually(async () => {
      const messages = await agent.locator('#messages').textContent();
      assert.match(messages, /第一条[\s\S]*第二条/);
    });
    await eventually(async () => {
      const marks = await chat.locator('.hd-msg-visitor .hd-msg-mark').allTextContents();
      assert.ok(marks.length === 2 && marks.every((m) => /已送达|已读/.test(m)), marks.join(' | '));
    });
    assert.deepEqual(visitor.problems, []);
  });

  test('a message the server never took before the chat ended goes into the next question', async () => {
    // Also: "new question" after a chat ended starts one (without a crash), rather than bringing
    // the ended one back.
    const agent = await consolePage();
    const visitor = await visitorPage();
    // The visitor's frames pass through here; while `dropping`, their messages are lost on the
    // way, as on a network that died without closing the socket.
    let dropping = false;
    await visitor.routeWebSocket(/\/api\/v1\/chat$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (!(dropping && JSON.parse(message).type === 'send')) server.send(message);
      });
      server.onMessage((message) => ws.send(message));
    });
    const dialog = await openWidget(visitor);
    const chat = await chatAccepted(dialog, agent, '结束前有一句没送出');
    await eventually(async () => assert.match(await chat.locator('.hd-chat-status').textContent(), /正在为你服务/));

    dropping = true;
    const box = chat.getByRole('textbox', { name: '输入消息' });
    await box.fill('这句话服务器没收到');
    await box.press('Enter');
    await agent.getByRole('button', { name: '结束会话' }).click();
    await eventually(async () => assert.match(await chat.locator('.hd-chat-status').textContent(), /对话已结束/));
    await eventually(async () => assert.match(await chat.textContent(), /有 1 条消息没有送达/));

    await chat.getByRole('button', { name: '新的咨询' }).click();
    await dialog.getByRole('region', { name: '联系我们' }).getByRole('button', { name: '在线客服' }).click();
    const form = dialog.getByRole('region', { name: '在线客服' });
    await eventually(async () => assert.equal(await form.getByLabel('问题描述').inputValue(), '这句话服务器没收到'));
    assert.deepEqual(visitor.problems, []);
  });
});
