/*!
 * Helpdock loader: the one <script> tag a site owner pastes.
 *
 *   <script src="https://help.example.com/helpdock.js" data-locale="zh-CN"
 *           data-color="#0958d9" async></script>
 *
 * It draws the launcher at once, in a shadow root so host CSS and widget CSS never meet, and
 * imports the wasm widget when the browser is idle or on the first click, whichever comes
 * first. It never blocks the host page and uses no eval.
 */
(function () {
  'use strict';
  if (window.Helpdock && window.Helpdock.version) return;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var server = (data.server || new URL(script ? script.src : location.href).origin).replace(/\/+$/, '');
  var locale = data.locale || navigator.language || 'zh-CN';
  // The launcher must be labelled before the widget (and its string catalog) loads.
  var LAUNCHER_LABEL = { 'zh-CN': '帮助', 'zh-TW': '幫助', en: 'Help' };
  var LAUNCHER_CSS =
    ':host{all:initial}' +
    '.hd-launcher{position:fixed;right:var(--hd-offset-x,20px);bottom:var(--hd-offset-y,20px);' +
    'z-index:2147483000;display:flex;align-items:center;gap:6px;min-height:48px;padding:0 20px;' +
    'border:0;border-radius:24px;background:var(--hd-color,#0958d9);color:var(--hd-on-color,#fff);' +
    'font:600 16px/1 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;' +
    'box-shadow:0 4px 16px rgba(0,0,0,.2);cursor:pointer}' +
    '.hd-launcher:focus-visible{outline:3px solid #1f2329;outline-offset:3px}' +
    '.hd-launcher[aria-busy=true]{cursor:progress;opacity:.85}' +
    '.hd-launcher::before{content:"?"/"";display:inline-grid;place-items:center;width:22px;height:22px;' +
    'border-radius:50%;background:rgba(255,255,255,.22);font-size:14px}';

  var widget = null;
  var loading = null;

  function labelFor(tag) {
    var t = String(tag).toLowerCase();
    if (t.indexOf('en') === 0) return LAUNCHER_LABEL.en;
    if (/^zh-(tw|hk|mo|hant)/.test(t)) return LAUNCHER_LABEL['zh-TW'];
    return LAUNCHER_LABEL['zh-CN'];
  }

  function start() {
    var host = document.createElement('div');
    host.id = 'helpdock';
    if (data.color) host.style.setProperty('--hd-color', data.color);
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: 'open' });

    var style = document.createElement('style');
    style.textContent = LAUNCHER_CSS;
    var sheet = document.createElement('link');
    sheet.rel = 'stylesheet';
    sheet.href = server + '/widget/widget.css';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'hd-launcher';
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.textContent = labelFor(locale);
    root.appendChild(style);
    root.appendChild(sheet);
    root.appendChild(button);

    function load() {
      if (!loading) {
        loading = import(server + '/widget/helpdock-widget.js')
          .then(function (module) {
            return module.default({ module_or_path: server + '/widget/helpdock-widget_bg.wasm' }).then(function () {
              module.mount(root, button, server, locale);
              widget = module;
              return module;
            });
          })
          .catch(function (error) {
            loading = null; // let the next click try again
            console.error('Helpdock: the widget failed to load', error);
            throw error;
          });
      }
      return loading;
    }

    function whenLoaded(action) {
      if (widget) return action(widget);
      button.setAttribute('aria-busy', 'true');
      load()
        .then(action)
        .catch(function () {})
        .then(function () { button.removeAttribute('aria-busy'); });
    }

    button.addEventListener('click', function () {
      whenLoaded(function (w) { w.toggle(); });
    });
    api.open = function () { whenLoaded(function (w) { w.open(); }); };
    api.close = function () { if (widget) widget.close(); };

    // Warm the widget up while the visitor reads, so the first click opens it at once.
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1500); };
    idle(function () { load().catch(function () {}); });
  }

  var api = { version: '0.1.0', open: function () {}, close: function () {} };
  window.Helpdock = api;
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
