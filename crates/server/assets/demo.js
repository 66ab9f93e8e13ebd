// The demo site's own script: it marks the current page in the menu, and the "pay" button
// fails on purpose and tells the widget through its error hook, as a real checkout would.

// Calls Helpdock, or queues the call until the loader has run (it replays `Helpdock.q`).
function helpdock(method) {
  var args = Array.prototype.slice.call(arguments, 1);
  var api = (window.Helpdock = window.Helpdock || { q: [] });
  if (typeof api[method] === 'function') api[method].apply(api, args);
  else api.q.push([method].concat(args));
}

document.querySelectorAll('nav a').forEach(function (link) {
  if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
});
var pay = document.getElementById('pay');
if (pay) {
  pay.addEventListener('click', function () {
    document.getElementById('pay-result').textContent = '支付失败：银行卡余额不足（演示）';
    helpdock('setContext', { tags: ['payment_failed'] });
  });
}
