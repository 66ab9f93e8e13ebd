/*!
 * Helpdock loader: the one <script> tag a site owner pastes.
 *
 *   <script src="https://help.example.com/helpdock.js" data-server="https://help.example.com"
 *           data-locale="zh-CN" data-color="#1677ff" async></script>
 *
 * It draws the launcher at once, in a shadow root so host CSS and widget CSS never meet, and
 * imports the wasm widget when the browser is idle or on the first click, whichever comes
 * first. It never blocks the host page and uses no eval.
 *
 * window.Helpdock: open(), close(), toggle(), search(q), openArticle(id),
 * setContext({page, tags, user}), setLocale(tag), on(event, fn), off(event, fn).
 * Calls made before the widget has loaded are queued and replayed in order; a page that calls
 * before this script has run pushes [method, ...args] onto window.Helpdock.q instead.
 */
(function () {
  'use strict';
  var early = window.Helpdock;
  if (early && early.version) return;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var server = (data.server || new URL(script ? script.src : location.href).origin).replace(/\/+$/, '');
  var locale = data.locale || navigator.language || 'zh-CN';
  var context = { page: '', tags: splitList(data.context), user: null };
  // The launcher is labelled before the widget loads; src/i18n.rs holds the catalog, and a
  // test checks these copies against it.
  var LAUNCHER_LABEL = { 'zh-CN': '帮助', 'zh-TW': '幫助', en: 'Help' };
  var LAUNCHER_FAILED = {
    'zh-CN': '帮助中心暂时打不开，网络恢复后会自动打开。',
    'zh-TW': '幫助中心暫時打不開，網路恢復後會自動打開。',
    en: 'Help could not open. It will open once you are back online.',
  };
  var LAUNCHER_CSS =
    ':host{all:initial}' +
    '.hd-launcher{position:fixed;right:var(--hd-offset-x,20px);bottom:var(--hd-offset-y,20px);' +
    'z-index:2147483000;display:flex;align-items:center;gap:6px;min-height:48px;padding:0 20px;' +
    'border:0;border-radius:24px;background:var(--hd-color,#0958d9);color:var(--hd-on-color,#fff);' +
    'font:600 16px/1 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;' +
    'box-shadow:0 4px 16px rgba(0,0,0,.2);cursor:pointer}' +
    ':host([data-position=left]) .hd-launcher{right:auto;left:var(--hd-offset-x,20px)}' +
    '.hd-launcher:focus-visible{outline:3px solid #1f2329;outline-offset:3px}' +
    '.hd-launcher[aria-busy=true]{cursor:progress;opacity:.85}' +
    '.hd-launcher::before{content:"?"/"";display:inline-grid;place-items:center;width:22px;height:22px;' +
    'border-radius:50%;background:rgba(255,255,255,.22);font-size:14px}' +
    '.hd-launcher[data-badge]::after{content:attr(data-badge);position:absolute;top:-6px;right:-4px;' +
    'min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#c41d1d;' +
    'color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}' +
    '.hd-launcher-status{position:fixed;right:var(--hd-offset-x,20px);bottom:calc(var(--hd-offset-y,20px) + 60px);' +
    'z-index:2147483000;max-width:min(320px,calc(100vw - 40px));margin:0;padding:10px 14px;border-radius:8px;' +
    'background:#1f2329;color:#fff;font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;' +
    'box-shadow:0 4px 16px rgba(0,0,0,.2)}' +
    ':host([data-position=left]) .hd-launcher-status{right:auto;left:var(--hd-offset-x,20px)}' +
    // Empty, it takes no room but stays a live region a screen reader listens to.
    '.hd-launcher-status:empty{width:1px;height:1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);box-shadow:none}';

  var listeners = {};
  var widget = null;
  var loading = null;
  var button = null;
  // Says so when the widget cannot load (offline, the server down): a click never goes unanswered.
  var status = null;
  // What the visitor or the page asked for while the widget could not load, and when: replayed
  // once the browser is back online, if that is soon enough to still be what they want.
  var failed = [];
  var failedAt = 0;
  var REPLAY_WITHIN_MS = 120000;

  // For the click-to-usable benchmark (bench/click-to-usable.mjs).
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  function splitList(text) {
    return String(text || '').split(',').map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function localeKey(tag) {
    var t = String(tag).toLowerCase();
    if (t.indexOf('en') === 0) return 'en';
    if (/^zh-(tw|hk|mo|hant)/.test(t)) return 'zh-TW';
    return 'zh-CN';
  }

  function labelFor(tag) {
    return LAUNCHER_LABEL[localeKey(tag)];
  }

  /** Calls the page's listeners for `name`; returns how many there were. */
  function emit(name, detail) {
    if (name === 'open' || name === 'close') followViewport(name === 'open');
    var list = (listeners[name] || []).slice();
    list.forEach(function (fn) {
      try { fn(detail); } catch (error) { console.error('Helpdock: a listener for "' + name + '" threw', error); }
    });
    return list.length;
  }

  // On a phone the panel fills the visual viewport, which the on-screen keyboard shrinks and
  // scrolls; CSS units (100dvh) do not follow it in every browser (widget.css reads these).
  function fitViewport() {
    var view = window.visualViewport;
    if (!view || !button) return;
    var host = button.getRootNode().host;
    host.style.setProperty('--hd-viewport-height', view.height + 'px');
    host.style.setProperty('--hd-viewport-top', view.offsetTop + 'px');
  }

  function followViewport(on) {
    var view = window.visualViewport;
    if (!view) return;
    var method = on ? 'addEventListener' : 'removeEventListener';
    view[method]('resize', fitViewport);
    view[method]('scroll', fitViewport);
    if (on) fitViewport();
  }

  // Constructed stylesheets need no 'unsafe-inline' in the host's CSP.
  function addLauncherStyle(root) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(LAUNCHER_CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (error) {
      var style = document.createElement('style');
      style.textContent = LAUNCHER_CSS;
      root.appendChild(style);
    }
  }

  function load() {
    if (!loading) {
      // The index downloads while the wasm compiles; the widget takes the bytes when mounted.
      var index = fetch(server + '/help/index.bin').then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + response.url);
        return response.arrayBuffer();
      });
      index.catch(function () {}); // the widget reports it, with a retry button
      // The wasm and the module the widget's JS imports (the chat module's linker) download
      // alongside that JS, not one round trip after the other: on a phone each trip counts.
      var wasm = fetch(server + '/widget/helpdock-widget_bg.wasm');
      wasm.catch(function () {});
      import(server + '/widget/__wasm_split.js').catch(function () {});
      loading = import(server + '/widget/helpdock-widget.js')
        .then(function (module) {
          return module.default({ module_or_path: wasm }).then(function () {
            mark('helpdock:wasm-ready');
            module.mount(button.getRootNode(), button, {
              server: server, locale: locale, context: context, emit: emit, index: index,
            });
            widget = module;
            return module;
          });
        })
        .catch(function (error) {
          loading = null; // let the next call try again
          console.error('Helpdock: the widget failed to load', error);
          throw error;
        });
    }
    return loading;
  }

  /** Runs `action` on the widget now, or once it has loaded: calls are replayed in order. */
  function whenLoaded(action) {
    if (widget) return action(widget);
    if (!button) return queue.push(action);
    button.setAttribute('aria-busy', 'true');
    status.textContent = '';
    load()
      .then(function (w) {
        // A page listener that throws is the page's problem, not a widget that failed to load.
        try { action(w); } catch (error) { console.error('Helpdock:', error); }
      }, function () {
        failed.push(action);
        failedAt = Date.now();
        status.textContent = LAUNCHER_FAILED[localeKey(locale)];
      })
      .then(function () { button.removeAttribute('aria-busy'); });
  }
  var queue = [];

  // Back online: load what failed, and do what was asked for if it was asked for lately.
  function retryFailed() {
    var actions = Date.now() - failedAt < REPLAY_WITHIN_MS ? failed : [];
    failed = [];
    if (actions.length) actions.forEach(whenLoaded);
    else if (!widget) load().then(function () { status.textContent = ''; }, function () {});
  }

  function start() {
    var host = document.createElement('div');
    host.id = 'helpdock';
    if (data.color) host.style.setProperty('--hd-color', data.color);
    if (data.position) host.setAttribute('data-position', data.position);
    if (data.theme) host.setAttribute('data-theme', data.theme);
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: 'open' });
    addLauncherStyle(root);

    var sheet = document.createElement('link');
    sheet.rel = 'stylesheet';
    sheet.href = server + '/widget/widget.css';
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'hd-launcher';
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.textContent = labelFor(locale);
    status = document.createElement('p');
    status.className = 'hd-launcher-status';
    status.setAttribute('role', 'status');
    root.appendChild(sheet);
    root.appendChild(status);
    root.appendChild(button);
    window.addEventListener('online', retryFailed);

    button.addEventListener('click', function () {
      mark('helpdock:click');
      // Until the widget is there, the panel is closed: impatient clicks all mean "open".
      if (widget) widget.toggle();
      else whenLoaded(function (w) { w.open(); });
    });
    queue.splice(0).forEach(whenLoaded);
    // A problem the host already reported needs the widget (and the index) for its badge;
    // a form the visitor sent offline on an earlier page needs it to go out by itself.
    if (context.tags.length || formQueued()) load().catch(function () {});

    // Warm the widget up while the visitor reads, so the first click opens it at once; unless
    // they asked their browser to save data (Save-Data), which the first click then spends.
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1500); };
    var saveData = navigator.connection && navigator.connection.saveData;
    if (!saveData) idle(function () { load().catch(function () {}); });
  }

  /** Whether the widget keeps a form to send (its `helpdock.form_queued` note). */
  function formQueued() {
    try { return !!window.sessionStorage.getItem('helpdock.form_queued'); } catch (error) { return false; }
  }

  var api = {
    version: '0.2.0',
    open: function () { whenLoaded(function (w) { w.open(); }); },
    // Queued behind an open() still waiting for the widget, so open(); close() ends closed.
    close: function () {
      if (widget) widget.close();
      else if (loading || queue.length) whenLoaded(function (w) { w.close(); });
    },
    toggle: function () { whenLoaded(function (w) { w.toggle(); }); },
    search: function (query) { var q = String(query == null ? '' : query); whenLoaded(function (w) { w.search(q); }); },
    openArticle: function (id) { var a = String(id); whenLoaded(function (w) { w.openArticle(a); }); },
    setContext: function (next) {
      next = next || {};
      if ('page' in next) context.page = String(next.page || '');
      if ('tags' in next) context.tags = Array.isArray(next.tags) ? next.tags.map(String) : splitList(next.tags);
      if ('user' in next) context.user = next.user;
      var now = function () { return { page: context.page, tags: context.tags.slice(), user: context.user }; };
      if (widget) widget.setContext(now());
      // Replayed as the context is by then, not as it was: a problem the host cleared since
      // (a payment retried and passed) must not come back. The mount reads it too.
      else if (context.tags.length && button) whenLoaded(function (w) { w.setContext(now()); });
    },
    setLocale: function (tag) {
      locale = String(tag);
      if (button) button.textContent = labelFor(locale);
      if (widget) widget.setLocale(locale);
    },
    on: function (name, fn) {
      if (typeof fn === 'function') (listeners[name] = listeners[name] || []).push(fn);
      return api;
    },
    off: function (name, fn) {
      listeners[name] = (listeners[name] || []).filter(function (f) { return f !== fn; });
      return api;
    },
  };
  window.Helpdock = api;
  // Replay what the page asked for before this script ran.
  if (early && Array.isArray(early.q)) {
    early.q.forEach(function (call) {
      var method = api[call[0]];
      if (typeof method === 'function') method.apply(api, Array.prototype.slice.call(call, 1));
    });
  }
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
