/*
 * The gateway's dashboard (ES modules, no build step): sign-in and sign-out, the gateway selector and the pages
 * (pages/*.js) over the admin APIs (analytics, Logs, management, routes) with a session cookie. Shared pieces are in
 * lib/: dom (text-only DOM building), api (state, session calls with CSRF), format, charts (uPlot), widgets, router.
 */
import { ALL, S, api, loadGateways, whenGatewaysLoaded, whenSignedOut } from './lib/api.js';
import { destroyCharts } from './lib/charts.js';
import { $, el, fill } from './lib/dom.js';
import { register, route } from './lib/router.js';
import { gateways } from './pages/gateways.js';
import { logs } from './pages/logs.js';
import { overview } from './pages/overview.js';
import { spend } from './pages/spend.js';

register('overview', overview);
register('logs', logs);
register('spend', spend);
register('gateways', gateways);

function showSignIn(message) {
  destroyCharts();
  $('app-view').hidden = true;
  $('signin-view').hidden = false;
  $('signin-error').textContent = message || '';
  $('token').value = '';
  $('token').focus();
}

whenSignedOut(showSignIn);
whenGatewaysLoaded((list) => {
  fill($('gateway'), el('option', { value: ALL }, 'All gateways'), list.map((g) => el('option', { value: g.id }, g.id)));
  $('gateway').value = S.gateway;
});

async function start(session) {
  S.account = session.account;
  S.role = session.role;
  $('signin-view').hidden = true;
  $('app-view').hidden = false;
  $('role').textContent = session.role;
  await loadGateways();
  await route();
}

async function signIn(ev) {
  ev.preventDefault();
  $('signin-error').textContent = '';
  try {
    const r = await api('POST', '/dashboard/api/session', { token: $('token').value });
    await start(r.result);
  } catch (e) {
    $('signin-error').textContent = e.status === 401 ? 'Wrong token.' : 'Sign-in failed: ' + e.message;
  }
}

async function signOut() {
  await api('DELETE', '/dashboard/api/session').catch(() => null);
  showSignIn('Signed out.');
}

$('signin-form').addEventListener('submit', signIn);
$('signout').addEventListener('click', signOut);
$('gateway').addEventListener('change', () => { S.gateway = $('gateway').value; route(); });
window.addEventListener('hashchange', () => { if (!$('app-view').hidden) route(); });
api('GET', '/dashboard/api/session').then((r) => start(r.result)).catch(() => showSignIn(''));
