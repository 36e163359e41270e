/**
 * The spend page's budgets: each spend-limit rule of the selected gateway with its current use, read from the
 * management API's `…/gateways/{id}/spend-limits` (Redis counters, exact across replicas). A rule split by provider,
 * model or metadata has one counter per value: the form names the value to read.
 */
import { api, enc, gatewayPath } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { fmtCost } from '../lib/format.js';

export function budgets(page, gatewayId) {
  const host = el('div', { class: 'card', id: 'spend-budgets' }, el('h2', {}, 'Budgets'));
  const list = el('div', { class: 'grid2' });
  const inputs = { provider: null, model: null, metadata: null };
  const load = async () => {
    const q = Object.entries(inputs).filter(([, i]) => i && i.value.trim())
      .map(([k, i]) => k + '=' + enc(i.value.trim())).join('&');
    try {
      const r = await api('GET', gatewayPath(gatewayId) + '/spend-limits' + (q ? '?' + q : ''));
      const rules = r.result.spend_limits || [];
      if (!rules.length) { host.remove(); return; }
      fill(list, ...rules.map(rule));
    } catch (e) {
      fill(list, el('p', { class: 'error' }, e.message));
    }
  };
  const splits = el('div', { class: 'toolbar', id: 'budget-split' });
  ['provider', 'model', 'metadata'].forEach((k) => {
    inputs[k] = el('input', { id: 'budget-' + k, size: 12, 'aria-label': k });
    splits.append(el('label', {}, k === 'metadata' ? 'metadata value' : k, inputs[k]));
  });
  splits.append(el('button', { type: 'button', id: 'budget-show', onclick: load }, 'Show use'));
  host.append(el('p', { class: 'muted' },
    'A rule split by provider, model or metadata counts each value apart: name the value to see its use.'), splits, list);
  page.append(host);
  return load();
}

function rule(r) {
  const scope = ['provider', 'model', 'metadata']
    .filter((k) => r[k] && r[k].mode && r[k].mode !== 'all')
    .map((k) => k + ' ' + r[k].mode + (r[k].key ? ' ' + r[k].key : '') + (r[k].value ? ' = ' + r[k].value : ''));
  const known = r.spent !== null && r.spent !== undefined;
  const kv = el('dl', { class: 'kv' },
    el('dt', {}, 'budget'), el('dd', {}, fmtCost(r.budget) + ' per ' + period(r.interval) + ' (' + r.technique + ')'),
    el('dt', {}, 'applies to'), el('dd', {}, scope.length ? scope.join(', ') : 'every request'),
    el('dt', {}, 'spent'), el('dd', { class: 'spent' }, known ? fmtCost(r.spent) : 'name a ' + r.split_by.join(' / ')),
    el('dt', {}, 'remaining'), el('dd', { class: 'remaining' }, known ? fmtCost(r.remaining) : '–'),
    el('dt', {}, 'resets in'), el('dd', {}, known ? within(r.reset_seconds) : '–'));
  return el('div', { class: 'budget', 'data-rule': r.id },
    el('h3', {}, r.id),
    known ? el('meter', { min: 0, max: r.budget, value: r.spent, high: r.budget * 0.8, optimum: 0,
      title: fmtCost(r.spent) + ' of ' + fmtCost(r.budget) }) : null,
    kv);
}

function period(s) {
  if (s === null || s === undefined) return '–';
  if (s % 86400 === 0) return s / 86400 === 1 ? 'day' : s / 86400 + ' days';
  if (s % 3600 === 0) return s / 3600 === 1 ? 'hour' : s / 3600 + ' h';
  if (s % 60 === 0) return s / 60 + ' min';
  return s + ' s';
}

/** A time left: hours and minutes. */
function within(s) {
  if (s < 60) return 'under a minute';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return (h ? h + ' h ' : '') + m + ' min';
}
