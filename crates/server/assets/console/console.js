/*!
 * Helpdock agent console: sign in, the queue, several chats at once, the visitor's context, and
 * tickets. Plain JS against docs/protocol.md. Every text from a visitor goes into the page with
 * textContent, never as HTML.
 */
(function () {
  'use strict';

  // Every string the console shows, in one place.
  var T = {
    connected: '已连接', reconnecting: '连接中断，正在重连…', waitedFor: '已等待 ',
    minutes: ' 分钟', seconds: ' 秒', accept: '接入', personal: '个人用户', merchant: '商户',
    categories: { account: '账户与安全', dispute: '交易纠纷与退款', limits: '功能与限额', other: '其他' },
    visitor: '访客', system: '系统', image: '[图片]', read: '已读', typing: '访客正在输入…',
    noWaiting: '暂无排队访客', noChats: '暂无进行中的会话', noTickets: '暂无待处理留言',
    done: '标记已处理', ticketFrom: '联系方式：', orderNumber: '订单号', category: '问题类型',
    kind: '用户类型', description: '问题描述', contact: '联系方式', page: '所在页面', locale: '语言',
    searched: '搜索：', opened: '打开文章：', helpful: '认为有帮助：', notHelpful: '认为没有帮助：',
    noTrail: '访客没有留下搜索记录', noShots: '没有截图', noEarlier: '没有历史会话',
    wrongLogin: '用户名或密码错误', tooMany: '尝试次数过多，请稍后再试', failed: '操作失败：',
    noRatings: '近 30 天还没有评价', ratingsSummary: function (avg, n) { return '(' + avg.toFixed(1) + ' 分 · ' + n + ' 条)'; },
    scores: ['', '很不满意', '不满意', '一般', '满意', '很满意'], noGaps: '暂无搜不到的问题', times: ' 次',
    closedNote: '会话已结束', chatWith: '与访客的会话 · ', status: { waiting: '排队中', active: '进行中', closed: '已结束' },
    unread: function (n) { return n + ' 条未读'; }, newVisitor: '新访客排队：', newMessage: '新消息：',
    notSent: '消息没有发出：会话已结束或已不在你这里。', queuedSend: '连接中断，恢复后自动发送',
    // The API's refusals by code; its own messages are English, for developers.
    errors: {
      conflict: '这个会话已被其他客服接入或已结束。', not_found: '会话不存在或已不在你这里。',
      rate_limited: '操作太频繁，请稍后再试。', csrf: '登录状态已失效，请刷新页面。',
      unavailable: '服务暂时不可用，请稍后再试。', bad_request: '提交的内容有误。',
    },
    network: '网络异常，请检查网络后重试。',
  };

  var me = null;          // {agent, csrf, teams, canned_replies}
  var socket = null;
  var cursors = {};       // conversation id → highest seq seen
  // conversation id → {summary, detail, status, messages: Map seq → message, agentRead, visitorRead}
  var chats = {};
  var pending = {};       // client id → send frame, until acknowledged
  var current = null;     // the open conversation id
  var seenWaiting = {};   // waiting conversation id → true, once the queue was first loaded
  var retry = 0;
  var typingTimer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function api(method, path, body) {
    var headers = { 'content-type': 'application/json' };
    if (me) headers['x-csrf-token'] = me.csrf;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401 && path !== '/api/v1/agent/login') { showLogin(); throw new Error('unauthorized'); }
        return response.text().then(function (text) {
          // A proxy's error page is HTML, not JSON.
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (error) { json = null; }
          if (!response.ok) {
            var e = new Error((json && json.message) || response.status);
            e.status = response.status; e.code = json && json.error; e.body = json;
            throw e;
          }
          return json;
        });
      });
  }

  function showLogin() {
    me = null;
    if (socket) { socket.onclose = null; socket.close(); socket = null; }
    $('app').hidden = true;
    $('login-view').hidden = false;
    $('login-form').elements.username.focus();
  }

  function start(session) {
    me = session;
    $('login-view').hidden = true;
    $('app').hidden = false;
    var teamName = function (id) { var t = me.teams.find(function (t) { return t.id === id; }); return t ? t.name : id; };
    $('me').textContent = me.agent.display_name + '（' + me.agent.teams.map(teamName).join('、') + '）';
    $('presence').value = me.agent.presence === 'away' ? 'away' : 'online';
    var canned = $('canned');
    clear(canned);
    canned.appendChild(el('option', { value: '' }, '选择快捷回复…'));
    (me.canned_replies || []).forEach(function (text) { canned.appendChild(el('option', { value: text }, text)); });
    var teams = $('transfer-team');
    clear(teams);
    me.teams.forEach(function (t) { teams.appendChild(el('option', { value: t.id }, t.name)); });
    connect();
    refreshQueue();
  }

  // ---- the WebSocket: hello with cursors, reconnect with backoff, resend unacknowledged ----
  function connect() {
    var url = location.origin.replace(/^http/, 'ws') + '/api/v1/chat';
    socket = new WebSocket(url);
    socket.onopen = function () {
      retry = 0;
      var resume = Object.keys(cursors).map(function (id) { return { conversation: id, seq: cursors[id] }; });
      socket.send(JSON.stringify({ type: 'hello', v: 1, resume: resume }));
      Object.keys(pending).forEach(function (id) { socket.send(JSON.stringify(pending[id])); });
    };
    socket.onmessage = function (event) { onFrame(JSON.parse(event.data)); };
    socket.onclose = function () {
      $('connection').textContent = T.reconnecting;
      var delay = Math.min(15000, 500 * Math.pow(2, retry++)) * (0.75 + Math.random() / 2);
      setTimeout(function () { if (me) connect(); }, delay);
    };
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'welcome': $('connection').textContent = T.connected; refreshQueue(); refreshFeedback(); break;
      case 'message': onMessage(frame); break;
      case 'ack':
        delete pending[frame.client_id];
        if (!Object.keys(pending).length) $('send-status').textContent = '';
        break;
      case 'state': onState(frame); break;
      case 'typing': if (frame.conversation === current) showTyping(frame.on); break;
      case 'read':
        if (chats[frame.conversation]) { chats[frame.conversation].visitorRead = frame.seq; if (frame.conversation === current) renderMessages(); }
        break;
      case 'queue_changed': refreshQueue(); break;
      case 'error':
        if (frame.code === 'rate_limited') resendLater();
        else if (frame.code === 'signed_out') showLogin();
        else if (frame.code === 'closed' || frame.code === 'not_found') dropRefused();
        else console.warn('chat:', frame.code, frame.message);
        break;
    }
  }

  // The visitor's "typing" goes after a while even if its "stopped" never comes (a closed
  // tab, a dropped connection), as the widget's own indicator does.
  var typingShown = null;
  function showTyping(on) {
    clearTimeout(typingShown);
    $('typing').textContent = on ? T.typing : '';
    if (on) typingShown = setTimeout(function () { $('typing').textContent = ''; }, 8000);
  }

  // A message refused because its chat ended or moved: it would be refused on every resend.
  // Those not acknowledged for a closed or foreign chat are dropped, and the agent is told.
  function dropRefused() {
    var dropped = Object.keys(pending).filter(function (id) {
      var c = chats[pending[id].conversation];
      return !c || c.status !== 'active';
    });
    dropped.forEach(function (id) { delete pending[id]; });
    // Said only when something was: a refused resume of a chat no longer ours says nothing.
    if (dropped.length) $('send-status').textContent = T.notSent;
  }

  // A refused message stays pending: it goes again in a moment (the server drops repeats
  // by client id), not only after the next reconnect.
  var resendTimer = null;
  function resendLater() {
    if (resendTimer) return;
    resendTimer = setTimeout(function () {
      resendTimer = null;
      if (!socket || socket.readyState !== 1) return;
      Object.keys(pending).forEach(function (id) { socket.send(JSON.stringify(pending[id])); });
    }, 3000);
  }

  function chat(id) {
    if (!chats[id]) chats[id] = { detail: null, messages: new Map(), agentRead: 0, visitorRead: 0 };
    return chats[id];
  }

  function onMessage(m) {
    var c = chat(m.conversation);
    if (c.messages.has(m.seq)) return;
    c.messages.set(m.seq, m);
    cursors[m.conversation] = Math.max(cursors[m.conversation] || 0, m.seq);
    if (m.conversation === current) {
      renderMessages();
      if (m.author === 'visitor' && document.visibilityState === 'visible') markRead(m.conversation, m.seq);
    } else if (m.author === 'visitor') {
      renderMine();
      // Said aloud once, not by redrawing a list: a message in a chat that is not open. Not
      // the messages a reconnect replays before the console knows what was read.
      if (c.summary && m.seq > c.agentRead && m.body.kind === 'text') announce(T.newMessage + m.body.text.slice(0, 40));
    }
  }

  /** Visitor messages the agent has not read: counted from what was read, so a reload, which
   *  replays every message, does not count them again. */
  function unread(c) {
    // Until the queue's answer (or the accept's) says what was read, none are counted.
    if (!c.summary) return 0;
    var n = 0;
    c.messages.forEach(function (m) { if (m.author === 'visitor' && m.seq > c.agentRead) n += 1; });
    return n;
  }

  function announce(text) {
    var region = $('announcer');
    region.textContent = '';
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function onState(frame) {
    if (!cursors[frame.conversation]) cursors[frame.conversation] = 0;
    var c = chat(frame.conversation);
    c.status = frame.status;
    if (frame.status !== 'active' && frame.conversation === current) renderChatHeader();
    refreshQueue();
  }

  /** What the server says of one of this agent's chats, and how far the agent has read it. */
  function takeSummary(summary) {
    var c = chat(summary.id);
    c.summary = summary;
    c.status = summary.status;
    c.agentRead = Math.max(c.agentRead, summary.agent_read || 0);
  }

  /** A chat that is no longer this agent's: not shown, and not followed after a reconnect. */
  function forget(id) {
    delete chats[id];
    delete cursors[id];
  }

  function markRead(id, seq) {
    var c = chat(id);
    c.agentRead = Math.max(c.agentRead, seq);
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'read', conversation: id, seq: seq }));
  }

  function say(text) {
    if (!current || !text.trim()) return;
    var clientId = 'a-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var frame = { type: 'send', conversation: current, client_id: clientId, body: { kind: 'text', text: text } };
    pending[clientId] = frame;
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(frame));
    else $('send-status').textContent = T.queuedSend;
  }

  // ---- the lists ----
  function refreshQueue() {
    if (!me) return;
    api('GET', '/api/v1/agent/queue').then(function (q) {
      var arrived = q.waiting.filter(function (w) { return !seenWaiting[w.id]; });
      if (seenWaiting.loaded && arrived.length) announce(T.newVisitor + arrived[0].description.slice(0, 40));
      seenWaiting = { loaded: true };
      q.waiting.forEach(function (w) { seenWaiting[w.id] = true; });
      renderWaiting(q.waiting);
      q.mine.forEach(takeSummary);
      Object.keys(chats).forEach(function (id) {
        if (!q.mine.some(function (s) { return s.id === id; }) && id !== current) forget(id);
      });
      renderMine();
      $('tickets-count').textContent = q.open_tickets ? '(' + q.open_tickets + ')' : '';
      refreshTickets();
    }).catch(function () {});
  }

  /** Redraws a list, keeping the keyboard focus on the same control if it is still there
   *  (found by its data-key), or on the list, rather than letting it fall to the page. */
  function redraw(list, draw) {
    var focused = list.contains(document.activeElement) ? document.activeElement.getAttribute('data-key') : null;
    clear(list);
    draw();
    if (focused === null) return;
    var again = list.querySelector('[data-key="' + CSS.escape(focused) + '"]');
    focusOn(again || list);
  }

  /** Focuses `node`, made focusable from script if it is not a control (a list, a heading). */
  function focusOn(node) {
    if (!node.matches('button, input, select, textarea, a[href]')) node.setAttribute('tabindex', '-1');
    node.focus();
  }

  // What site owners read: visitors' ratings of their chats, and searches that found nothing.
  function refreshFeedback() {
    if (!me) return;
    api('GET', '/api/v1/agent/ratings').then(renderRatings).catch(function () {});
    api('GET', '/api/v1/agent/search-gaps').then(function (r) { renderGaps(r.gaps); }).catch(function () {});
  }

  function renderRatings(summary) {
    var ul = $('ratings');
    clear(ul);
    $('ratings-summary').textContent = summary.count ? T.ratingsSummary(summary.average, summary.count) : '';
    if (!summary.recent.length) ul.appendChild(el('li', { class: 'muted' }, T.noRatings));
    summary.recent.slice(0, 20).forEach(function (r) {
      var li = el('li');
      li.appendChild(el('div', { class: 'meta' }, '★'.repeat(r.score) + ' ' + T.scores[r.score] +
        (r.agent ? ' · ' + (r.agent_name || r.agent) : '') + ' · ' + new Date(r.created_at).toLocaleString('zh-CN')));
      if (r.comment) li.appendChild(el('p', { class: 'desc' }, r.comment));
      ul.appendChild(li);
    });
  }

  function renderGaps(gaps) {
    var ol = $('gaps');
    clear(ol);
    if (!gaps.length) ol.appendChild(el('li', { class: 'muted' }, T.noGaps));
    gaps.slice(0, 20).forEach(function (g) {
      var li = el('li');
      li.appendChild(el('span', { class: 'desc' }, g.query));
      li.appendChild(el('span', { class: 'meta' }, ' · ' + g.count + T.times + (g.locale ? ' · ' + g.locale : '')));
      ol.appendChild(li);
    });
  }

  function waited(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    return T.waitedFor + (s >= 60 ? Math.floor(s / 60) + T.minutes : s + T.seconds);
  }

  function renderWaiting(list) {
    var ul = $('waiting');
    $('waiting-count').textContent = list.length ? '(' + list.length + ')' : '';
    redraw(ul, function () { drawWaiting(ul, list); });
  }

  function drawWaiting(ul, list) {
    if (!list.length) ul.appendChild(el('li', { class: 'muted' }, T.noWaiting));
    list.forEach(function (w) {
      var li = el('li');
      li.appendChild(el('div', { class: 'meta' }, (T.categories[w.category] || w.category) + ' · ' +
        (w.customer_kind === 'merchant' ? T.merchant : T.personal) + ' · ' + waited(w.waited_ms)));
      li.appendChild(el('p', { class: 'desc' }, w.description));
      var button = el('button', { type: 'button', 'data-key': 'accept:' + w.id }, T.accept);
      button.setAttribute('aria-label', T.accept + '：' + w.description.slice(0, 40));
      button.addEventListener('click', function () { accept(w.id); });
      li.appendChild(button);
      ul.appendChild(li);
    });
  }

  function renderMine() {
    var ul = $('mine');
    redraw(ul, function () { drawMine(ul); });
  }

  function drawMine(ul) {
    var ids = Object.keys(chats).filter(function (id) { return chats[id].status === 'active'; });
    if (!ids.length) ul.appendChild(el('li', { class: 'muted' }, T.noChats));
    ids.forEach(function (id) {
      var c = chats[id];
      var li = el('li', { 'aria-current': id === current ? 'true' : 'false' });
      var summary = c.summary || {};
      var button = el('button', { type: 'button', class: 'secondary', 'data-key': 'open:' + id }, (summary.description || id).slice(0, 24));
      button.addEventListener('click', function () { openChat(id); });
      li.appendChild(button);
      var n = id === current ? 0 : unread(c);
      if (n) li.appendChild(el('span', { class: 'badge', 'aria-label': T.unread(n) }, n));
      ul.appendChild(li);
    });
  }

  function refreshTickets() {
    api('GET', '/api/v1/agent/tickets').then(function (r) {
      var ul = $('tickets');
      redraw(ul, function () { drawTickets(ul, r.tickets); });
    }).catch(function () {});
  }

  function drawTickets(ul, tickets) {
    if (!tickets.length) ul.appendChild(el('li', { class: 'muted' }, T.noTickets));
    tickets.forEach(function (t) {
      var li = el('li');
      li.appendChild(el('div', { class: 'meta' }, (T.categories[t.category] || t.category) + ' · ' + T.ticketFrom + t.contact));
      li.appendChild(el('p', { class: 'desc' }, t.description));
      if (t.order_number) li.appendChild(el('div', { class: 'meta' }, T.orderNumber + '：' + t.order_number));
      (t.attachments || []).forEach(function (a) {
        var link = el('a', { href: '/api/v1/attachments/' + encodeURIComponent(a.id), target: '_blank', rel: 'noopener' }, T.image);
        li.appendChild(link);
      });
      var done = el('button', { type: 'button', 'data-key': 'done:' + t.id }, T.done);
      done.addEventListener('click', function () {
        api('POST', '/api/v1/agent/tickets/' + encodeURIComponent(t.id) + '/done').then(refreshQueue).catch(report);
      });
      li.appendChild(done);
      ul.appendChild(li);
    });
  }

  function accept(id) {
    api('POST', '/api/v1/agent/conversations/' + encodeURIComponent(id) + '/accept')
      .then(function (summary) { takeSummary(summary); openChat(id); refreshQueue(); })
      .catch(report);
  }

  // ---- one conversation ----
  function openChat(id) {
    current = id;
    var c = chat(id);
    $('chat-empty').hidden = true;
    // Nothing of the chat shown before stays while this one loads.
    $('chat-title').textContent = '';
    clear($('messages'));
    ['prechat', 'trail', 'shots', 'earlier'].forEach(function (k) { clear($(k)); });
    enableChatControls(false);
    $('chat-body').hidden = false;
    $('context').hidden = false;
    $('typing').textContent = '';
    renderMine();
    api('GET', '/api/v1/agent/conversations/' + encodeURIComponent(id)).then(function (detail) {
      if (current !== id) return; // another chat was opened meanwhile
      c.detail = detail;
      c.status = detail.conversation.status;
      detail.messages.forEach(function (m) { c.messages.set(m.seq, m); cursors[id] = Math.max(cursors[id] || 0, m.seq); });
      c.visitorRead = Math.max(c.visitorRead, detail.conversation.visitor_read);
      renderChatHeader();
      renderMessages();
      renderContext(detail);
      var last = Math.max.apply(null, [0].concat(Array.from(c.messages.keys())));
      if (last) markRead(id, last);
      $('reply').focus();
    }).catch(report);
  }

  function renderChatHeader() {
    var c = chats[current];
    if (!c || !c.detail) return;
    var status = T.status[c.status] || c.status;
    $('chat-title').textContent = T.chatWith + (T.categories[c.detail.conversation.category] || '') + '（' + status + '）';
    enableChatControls(c.status === 'active');
  }

  /** The reply box and the chat's actions, usable only in an active chat. */
  function enableChatControls(open) {
    ['reply', 'canned', 'transfer', 'close', 'transfer-team', 'resolution'].forEach(function (k) { $(k).disabled = !open; });
    $('composer').querySelector('button').disabled = !open;
  }

  function renderMessages() {
    var c = chats[current];
    var ol = $('messages');
    clear(ol);
    Array.from(c.messages.values()).sort(function (a, b) { return a.seq - b.seq; }).forEach(function (m) {
      var li = el('li', { class: m.author });
      var who = m.author === 'agent' ? (m.author_name || '') : m.author === 'visitor' ? T.visitor : T.system;
      if (m.author !== 'system') li.appendChild(el('span', { class: 'who' }, who));
      if (m.body.kind === 'image') {
        li.appendChild(el('img', { src: '/api/v1/attachments/' + encodeURIComponent(m.body.attachment), alt: T.image }));
      } else {
        li.appendChild(document.createTextNode(m.body.text));
      }
      if (m.author === 'agent' && c.visitorRead >= m.seq) li.appendChild(el('span', { class: 'who' }, T.read));
      ol.appendChild(li);
    });
    ol.scrollTop = ol.scrollHeight;
  }

  function renderContext(detail) {
    var conversation = detail.conversation;
    var dl = $('prechat');
    clear(dl);
    [[T.category, T.categories[conversation.category] || conversation.category],
      [T.kind, conversation.customer_kind === 'merchant' ? T.merchant : T.personal],
      [T.orderNumber, conversation.order_number], [T.description, conversation.description],
      [T.contact, conversation.contact], [T.page, conversation.page], [T.locale, conversation.locale]]
      .forEach(function (row) {
        if (!row[1]) return;
        dl.appendChild(el('dt', {}, row[0]));
        dl.appendChild(el('dd', {}, row[1]));
      });
    var trail = $('trail');
    clear(trail);
    // Only objects are steps: a chat stored before the server checked that may hold others.
    var steps = (Array.isArray(conversation.trail) ? conversation.trail : [])
      .filter(function (step) { return step !== null && typeof step === 'object'; });
    if (!steps.length) trail.appendChild(el('li', { class: 'muted' }, T.noTrail));
    // A vote names its article by id: its title is the one the visitor opened it under.
    var titles = Object.create(null);
    steps.forEach(function (step) { if (step.kind === 'article' && step.title) titles[step.id] = step.title; });
    steps.forEach(function (step) {
      var text = step.kind === 'search' ? T.searched + step.query
        : step.kind === 'article' ? T.opened + (step.title || step.id)
        : step.kind === 'vote' ? (step.helpful ? T.helpful : T.notHelpful) + (step.title || titles[step.id] || step.id)
        : JSON.stringify(step);
      trail.appendChild(el('li', {}, text));
    });
    var shots = $('shots');
    clear(shots);
    if (!detail.attachments.length) shots.appendChild(el('p', { class: 'muted' }, T.noShots));
    detail.attachments.forEach(function (a) {
      var link = el('a', { href: '/api/v1/attachments/' + encodeURIComponent(a.id), target: '_blank', rel: 'noopener' });
      link.appendChild(el('img', { src: '/api/v1/attachments/' + encodeURIComponent(a.id), alt: '访客截图' }));
      shots.appendChild(link);
    });
    var earlier = $('earlier');
    clear(earlier);
    if (!detail.earlier.length) earlier.appendChild(el('li', { class: 'muted' }, T.noEarlier));
    detail.earlier.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('div', { class: 'meta' }, new Date(e.created_at).toLocaleString('zh-CN') + ' · ' + (T.status[e.status] || e.status)));
      li.appendChild(el('p', { class: 'desc' }, e.description));
      if (e.resolution) li.appendChild(el('div', { class: 'meta' }, e.resolution));
      earlier.appendChild(li);
    });
  }

  function report(error) {
    if (!error || error.message === 'unauthorized') return;
    var words = (error.code && T.errors[error.code]) ||
      (!error.status ? T.network : error.status >= 500 ? T.errors.unavailable : T.errors.bad_request);
    alert(T.failed + words);
  }

  // ---- wiring ----
  document.addEventListener('DOMContentLoaded', function () {
    $('login-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var form = event.target;
      $('login-error').textContent = '';
      api('POST', '/api/v1/agent/login', { username: form.elements.username.value, password: form.elements.password.value })
        .then(function (session) { form.reset(); start(session); })
        .catch(function (e) {
          $('login-error').textContent = e.status === 429 ? T.tooMany
            : e.status === 401 || e.status === 400 ? T.wrongLogin : !e.status ? T.network : T.errors.unavailable;
        });
    });
    $('composer').addEventListener('submit', function (event) {
      event.preventDefault();
      say($('reply').value);
      $('reply').value = '';
    });
    $('reply').addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        $('composer').requestSubmit();
      }
    });
    $('reply').addEventListener('input', function () {
      if (!current || !socket || socket.readyState !== 1) return;
      if (!typingTimer) socket.send(JSON.stringify({ type: 'typing', conversation: current, on: true }));
      clearTimeout(typingTimer);
      var conversation = current;
      typingTimer = setTimeout(function () {
        typingTimer = null;
        if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'typing', conversation: conversation, on: false }));
      }, 3000);
    });
    // A quick reply goes into the draft, added to what the agent has written. Chosen with the
    // mouse it goes at once; with the keyboard, arrows only move through the replies (Chromium
    // fires `change` for each) and Enter takes the one shown.
    var canned = $('canned');
    var browsing = false;
    function insertCanned() {
      if (!canned.value) return;
      var reply = $('reply');
      reply.value = reply.value.trim() ? reply.value.replace(/\s*$/, ' ') + canned.value : canned.value;
      canned.value = '';
      reply.focus();
    }
    canned.addEventListener('keydown', function (event) {
      // Moving through the closed list: arrows, Home, End, pages, type-ahead letters. Alt+↓
      // and Space open it instead, and a reply picked there goes in.
      browsing = !event.altKey && (/^(Arrow|Home$|End$|Page)/.test(event.key) ||
        (event.key.length === 1 && event.key !== ' '));
      if (event.key === 'Enter') { event.preventDefault(); insertCanned(); }
    });
    canned.addEventListener('mousedown', function () { browsing = false; });
    canned.addEventListener('change', function () { if (!browsing) insertCanned(); });
    // Each acts on the chat it was clicked for, whichever is open when the answer comes.
    $('transfer').addEventListener('click', function () {
      var id = current;
      api('POST', '/api/v1/agent/conversations/' + encodeURIComponent(id) + '/transfer', { team: $('transfer-team').value })
        .then(function () {
          forget(id);
          if (current === id) {
            current = null;
            $('chat-body').hidden = true; $('context').hidden = true; $('chat-empty').hidden = false;
            focusOn($('mine-title'));
          }
          refreshQueue();
        })
        .catch(report);
    });
    $('close').addEventListener('click', function () {
      var id = current;
      api('POST', '/api/v1/agent/conversations/' + encodeURIComponent(id) + '/close', { resolution: $('resolution').value })
        .then(function () {
          if (chats[id]) chats[id].status = 'closed';
          if (current === id) {
            $('resolution').value = '';
            renderChatHeader();
            // The button is disabled now: focus goes to the chat's heading, not the page.
            focusOn($('chat-title'));
          }
          refreshQueue();
        })
        .catch(report);
    });
    $('presence').addEventListener('change', function (event) {
      api('POST', '/api/v1/agent/presence', { presence: event.target.value }).catch(report);
    });
    $('logout').addEventListener('click', function () {
      api('POST', '/api/v1/agent/logout').catch(function () {}).then(showLogin);
    });
    setInterval(refreshQueue, 30000);
    setInterval(refreshFeedback, 60000);
    api('GET', '/api/v1/agent/me').then(start).catch(function () { showLogin(); });
  });
})();
