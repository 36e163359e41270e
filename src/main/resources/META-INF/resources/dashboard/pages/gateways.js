/**
 * Gateways: the list with their settings; API-managed ones created, edited and deleted through the management API,
 * configuration-defined ones read-only; the selected gateway's dynamic routes (./routes.js).
 */
import { S as state, api, base, gatewayPath, isAdmin, loadGateways } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { route } from '../lib/router.js';
import { routesOf } from './routes.js';

/** [field of the management API's gateway JSON, label, input type or the words of a select]. */
const FIELDS = [
  ['cache_ttl', 'Cache TTL (seconds)', 'number'], ['cache_invalidate_on_update', 'Purge cache on update', 'checkbox'],
  ['collect_logs', 'Collect logs', 'checkbox'], ['authentication', 'Require gateway token', 'checkbox'],
  ['rate_limiting_limit', 'Rate limit (requests)', 'number'], ['rate_limiting_interval', 'Rate limit interval (s)', 'number'],
  ['rate_limiting_technique', 'Rate limit technique', ['fixed', 'sliding']],
  ['retry_max_attempts', 'Retry attempts', 'number'], ['retry_delay', 'Retry delay (ms)', 'number'],
  ['retry_backoff', 'Retry backoff', ['constant', 'linear', 'exponential']],
  ['log_management', 'Log rows kept', 'number'], ['log_management_strategy', 'When full', ['STOP_INSERTING', 'DELETE_OLDEST']]];

function input(f, g, readOnly) {
  const [key, , type] = f;
  const v = g ? g[key] : null;
  if (Array.isArray(type)) {
    const select = el('select', { id: 'g-' + key, disabled: readOnly }, type.map((o) => el('option', { value: o }, o)));
    if (v) select.value = v;
    return select;
  }
  if (type === 'checkbox') {
    return el('input', { id: 'g-' + key, type: 'checkbox', checked: g ? !!v : key === 'collect_logs', disabled: readOnly });
  }
  return el('input', { id: 'g-' + key, type: 'number', min: 0, value: v === null || v === undefined ? '' : v, disabled: readOnly });
}

function editGateway(g, editor, routes) {
  const readOnly = !isAdmin() || (g && g.source === 'config');
  const inputs = {};
  const form = el('form', { class: 'form', id: 'gateway-form' });
  const id = el('input', { id: 'g-id', value: g ? g.id : '', disabled: !!g || readOnly, required: true });
  form.append(el('label', {}, 'Id', id));
  FIELDS.forEach((f) => {
    inputs[f[0]] = input(f, g, readOnly);
    form.append(el('label', {}, f[1], inputs[f[0]]));
  });
  const tokens = el('input', { id: 'g-tokens', placeholder: g ? 'unchanged' : 'none', disabled: readOnly });
  form.append(el('label', {}, 'Gateway tokens (comma-separated; write-only)', tokens));
  const msg = el('p', { id: 'gateway-status', class: 'muted' });
  const buttons = el('div', { class: 'toolbar' });
  if (!readOnly) {
    buttons.append(el('button', { type: 'submit', id: 'save-gateway' }, g ? 'Save' : 'Create'));
    if (g) {
      buttons.append(el('button', { type: 'button', class: 'danger', id: 'delete-gateway', onclick: () => {
        if (!window.confirm('Delete gateway ' + g.id + '?')) return;
        api('DELETE', gatewayPath(g.id)).then(() => route()).catch((e) => { msg.textContent = e.message; });
      } }, 'Delete'));
    }
  }
  form.append(buttons);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = { id: id.value.trim() };
    FIELDS.forEach(([key, , type]) => {
      const i = inputs[key];
      if (type === 'checkbox') body[key] = i.checked;
      else if (Array.isArray(type)) body[key] = i.value;
      else body[key] = i.value === '' ? null : Number(i.value);
    });
    if (tokens.value.trim()) body.tokens = tokens.value.split(',').map((t) => t.trim()).filter(Boolean);
    const call = g ? api('PUT', gatewayPath(g.id), body) : api('POST', base() + '/gateways', body);
    call.then((r) => {
      msg.className = 'ok';
      msg.textContent = 'Saved ' + r.result.id + '.';
      return loadGateways();
    }).catch((e) => { msg.className = 'error'; msg.textContent = e.message; });
  });
  fill(editor, el('h2', {}, g ? 'Gateway ' + g.id : 'New gateway'),
    readOnly ? el('p', { class: 'muted' }, g && g.source === 'config'
      ? 'Declared in configuration: change it there (read-only here).'
      : 'Read-only session: settings cannot be changed.') : null,
    form, msg);
  if (g) routesOf(g.id, routes); else fill(routes);
}

export async function gateways(page) {
  page.append(el('h1', {}, 'Gateways'));
  const editor = el('div', { class: 'card', id: 'gateway-editor' }, el('p', { class: 'muted' }, 'Select a gateway to see its settings.'));
  const routes = el('div', { class: 'card', id: 'gateway-routes', hidden: true });
  const create = el('button', { type: 'button', id: 'new-gateway', disabled: !isAdmin() }, 'New gateway');
  create.addEventListener('click', () => editGateway(null, editor, routes));
  await loadGateways();
  const rows = state.gateways.map((g) => {
    const tr = el('tr', { class: 'row', 'data-id': g.id }, el('td', {}, g.id), el('td', {}, g.source),
      el('td', { class: 'num' }, g.cache_ttl === null || g.cache_ttl === undefined ? 'off' : g.cache_ttl + ' s'),
      el('td', {}, g.collect_logs ? 'yes' : 'no'), el('td', {}, g.authentication ? 'yes' : 'no'),
      el('td', { class: 'hide-narrow' }, g.rate_limiting_limit ? g.rate_limiting_limit + ' / ' + g.rate_limiting_interval + ' s' : 'off'));
    tr.addEventListener('click', () => {
      document.querySelectorAll('#gateway-table tr.sel').forEach((x) => x.classList.remove('sel'));
      tr.classList.add('sel');
      editGateway(g, editor, routes);
    });
    return tr;
  });
  page.append(el('div', { class: 'toolbar' }, create), el('div', { class: 'grid2' },
    el('div', { class: 'card table-wrap' }, el('table', { id: 'gateway-table' }, el('thead', {}, el('tr', {},
      ['Id', 'Source', 'Cache TTL', 'Logs', 'Auth', 'Rate limit'].map((h, i) => el('th', { class: i === 5 ? 'hide-narrow' : '' }, h)))),
    el('tbody', {}, rows))), editor), routes);
  if (state.gateway && state.gateways.some((g) => g.id === state.gateway)) {
    const tr = page.querySelector('#gateway-table tr[data-id="' + CSS.escape(state.gateway) + '"]');
    if (tr) tr.click();
  }
}
