/**
 * Logs explorer: Cloudflare's filters, newest first, keyset pages of the Logs API (`cursor`); a row opens its detail.
 */
import { ALL, api, enc, gatewayPath } from '../lib/api.js';
import { el } from '../lib/dom.js';
import { fmtCost, fmtInt, fmtMs, fmtTime } from '../lib/format.js';
import { route } from '../lib/router.js';
import { showLog } from './log-detail.js';

/** [input id, label, input type ('bool': any / yes / no)]. */
const FIELDS = [
  ['f-model', 'Model', 'text'], ['f-provider', 'Provider', 'text'], ['f-status', 'Status code', 'number'],
  ['f-success', 'Success', 'bool'], ['f-cached', 'Cached', 'bool'], ['f-meta-key', 'Metadata key', 'text'],
  ['f-meta-value', 'Metadata value', 'text'], ['f-cost-min', 'Cost ≥', 'number'], ['f-cost-max', 'Cost ≤', 'number'],
  ['f-tokens-min', 'Tokens ≥', 'number'], ['f-tokens-max', 'Tokens ≤', 'number'],
  ['f-from', 'From', 'datetime-local'], ['f-to', 'To', 'datetime-local'], ['f-event', 'Event id', 'text'],
  ['f-search', 'Search', 'text']];

function logsGateway(S) {
  if (S.gateway !== ALL) return S.gateway;
  return S.gateways.length ? S.gateways[0].id : null;
}

/** The Logs API's filter parameters of the form's values. */
export function logsQuery(values) {
  const parts = [];
  let n = 0;
  const filter = (key, op, value) => {
    parts.push('filters[' + n + '][key]=' + enc(key), 'filters[' + n + '][operator]=' + op,
      'filters[' + n + '][value][0]=' + enc(value));
    n++;
  };
  if (values['f-model']) filter('model', 'eq', values['f-model']);
  if (values['f-provider']) filter('provider', 'eq', values['f-provider']);
  if (values['f-status']) filter('status_code', 'eq', values['f-status']);
  if (values['f-success']) filter('success', 'eq', values['f-success']);
  if (values['f-cached']) filter('cached', 'eq', values['f-cached']);
  const mk = values['f-meta-key'];
  const mv = values['f-meta-value'];
  if (mk && mv && /^[A-Za-z0-9_.:-]{1,64}$/.test(mk)) {
    filter('metadata.' + mk, 'eq', mv); // the entry, name and value together: answered by the metadata index
  } else {
    if (mk) filter('metadata.key', 'eq', mk);
    if (mv) filter('metadata.value', 'eq', mv);
  }
  if (values['f-cost-min']) filter('cost', 'gte', values['f-cost-min']);
  if (values['f-cost-max']) filter('cost', 'lte', values['f-cost-max']);
  if (values['f-tokens-min']) filter('tokens', 'gte', values['f-tokens-min']);
  if (values['f-tokens-max']) filter('tokens', 'lte', values['f-tokens-max']);
  if (values['f-from']) filter('created_at', 'gte', new Date(values['f-from']).toISOString());
  if (values['f-to']) filter('created_at', 'lte', new Date(values['f-to']).toISOString());
  if (values['f-event']) filter('event_id', 'eq', values['f-event']);
  if (values['f-search']) parts.push('search=' + enc(values['f-search']));
  return parts.join('&');
}

function filterForm(values, onApply) {
  const inputs = {};
  const form = el('form', { class: 'card filters', id: 'log-filters' });
  FIELDS.forEach(([id, label, type]) => {
    const input = type === 'bool'
      ? el('select', { id }, el('option', { value: '' }, 'any'), el('option', { value: 'true' }, 'yes'),
        el('option', { value: 'false' }, 'no'))
      : el('input', { id, type, step: type === 'number' ? 'any' : null });
    input.value = values[id] || '';
    inputs[id] = input;
    form.append(el('label', {}, label, input));
  });
  form.append(el('button', { type: 'submit', id: 'apply-filters' }, 'Apply'),
    el('button', { type: 'button', class: 'secondary', id: 'clear-filters', onclick: () => onApply({}) }, 'Clear'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = {};
    Object.keys(inputs).forEach((k) => { v[k] = inputs[k].value.trim(); });
    onApply(v);
  });
  return form;
}

function logRow(l, gw, detail) {
  const tokens = (l.tokens_in || 0) + (l.tokens_out || 0);
  const tr = el('tr', { class: 'row', 'data-id': l.id },
    el('td', {}, fmtTime(l.created_at)), el('td', { class: 'hide-narrow' }, l.provider), el('td', {}, l.model || '–'),
    el('td', { class: 'num ' + (l.success ? 'ok' : 'error') }, l.status_code), el('td', { class: 'num' }, fmtInt(tokens)),
    el('td', { class: 'num' }, fmtCost(l.cost)), el('td', { class: 'num hide-narrow' }, fmtMs(l.duration)),
    el('td', { class: 'num' }, l.cached ? 'HIT' : ''));
  tr.addEventListener('click', () => {
    document.querySelectorAll('#log-rows tr.sel').forEach((x) => x.classList.remove('sel'));
    tr.classList.add('sel');
    showLog(gw, l.id, detail);
  });
  return tr;
}

export async function logs(page, S) {
  const gw = logsGateway(S);
  page.append(el('h1', {}, 'Logs' + (gw ? ': ' + gw : '')));
  if (!gw) { page.append(el('p', { class: 'muted' }, 'No gateways yet.')); return; }
  if (S.gateway === ALL) page.append(el('p', { class: 'muted' }, 'Logs are kept per gateway: choose one above.'));
  const values = S.logFilters || {};
  const tbody = el('tbody', { id: 'log-rows' });
  const more = el('button', { type: 'button', class: 'secondary', id: 'more', hidden: true }, 'Load more');
  const status = el('p', { class: 'muted', id: 'log-status' });
  const detail = el('div', { class: 'card', id: 'log-detail' }, el('p', { class: 'muted' }, 'Select a log to see it.'));
  const heads = ['Time', 'Provider', 'Model', 'Status', 'Tokens', 'Cost', 'Duration', 'Cache'];
  page.append(filterForm(values, (v) => { S.logFilters = v; route(); }),
    el('div', { class: 'logs' }, el('div', { class: 'card' }, el('div', { class: 'table-wrap' },
      el('table', { id: 'log-table' }, el('thead', {}, el('tr', {}, heads.map((h, i) =>
        el('th', { class: (i >= 3 ? 'num' : '') + (i === 1 || i === 6 ? ' hide-narrow' : '') }, h)))), tbody)),
    status, more), detail));
  let cursor = '';
  const query = logsQuery(values);
  const load = async () => {
    status.textContent = 'Loading…';
    try {
      const r = await api('GET', gatewayPath(gw) + '/logs?per_page=50&cursor=' + enc(cursor) + (query ? '&' + query : ''));
      r.result.forEach((l) => tbody.append(logRow(l, gw, detail)));
      cursor = r.result_info.next_cursor;
      more.hidden = !cursor;
      status.textContent = tbody.children.length ? tbody.children.length + ' logs shown' : 'No logs match.';
    } catch (e) {
      status.textContent = e.message;
    }
  };
  more.addEventListener('click', load);
  await load();
}
