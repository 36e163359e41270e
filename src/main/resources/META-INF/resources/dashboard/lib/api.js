/**
 * The page's state and its one way to the gateway's APIs: the session cookie goes along, writes carry the CSRF token
 * (the aigw_csrf cookie's value in X-CSRF-Token). Answers the parsed v4 body; a failure throws an Error with the
 * envelope's message and the HTTP status.
 */
export const ALL = '__all';

export const S = { account: null, role: null, gateways: [], gateway: ALL, range: '24h', from: '', to: '', charts: [] };

let onSignedOut = () => {};
let onGateways = () => {};

/** What to do when an API call answers 401 (the session ended). */
export function whenSignedOut(f) { onSignedOut = f; }

/** What to do when the gateways were (re)loaded (the selector follows them). */
export function whenGatewaysLoaded(f) { onGateways = f; }

export function enc(s) { return encodeURIComponent(s); }

export function cookie(name) {
  const parts = document.cookie ? document.cookie.split('; ') : [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return '';
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = cookie('aigw_csrf');
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { json = null; }
  if (r.status === 401 && !path.startsWith('/dashboard/api/session')) onSignedOut('Your session has ended: sign in again.');
  if (!r.ok) {
    const err = new Error(json && json.errors && json.errors[0] ? json.errors[0].message : 'HTTP ' + r.status);
    err.status = r.status;
    throw err;
  }
  return json === null ? { raw: text } : json;
}

/** A stored body as text (the Logs API answers it raw), or an Error with the envelope's message. */
export async function rawBody(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  const text = await r.text();
  if (r.ok) return text;
  let json = null;
  try { json = JSON.parse(text); } catch (e) { json = null; }
  throw new Error(json && json.errors ? json.errors[0].message : 'HTTP ' + r.status);
}

export function base() { return '/client/v4/accounts/' + enc(S.account) + '/ai-gateway'; }

export function gatewayPath(id) { return base() + '/gateways/' + enc(id); }

export function isAdmin() { return S.role === 'admin'; }

/** The gateways the selector offers (the management API's list, configured ones included). */
export async function loadGateways() {
  const r = await api('GET', base() + '/gateways?per_page=100');
  S.gateways = r.result;
  if (!S.gateways.some((g) => g.id === S.gateway)) S.gateway = ALL;
  onGateways(S.gateways);
  return S.gateways;
}
