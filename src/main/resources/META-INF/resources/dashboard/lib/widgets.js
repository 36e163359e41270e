/** Pieces the overview and spend pages share: the range bar, stat cards, breakdown tables, the analytics path. */
import { ALL, S, base, enc } from './api.js';
import { el } from './dom.js';
import { fmtCost, fmtInt, fmtMs, fmtPct } from './format.js';

const RANGES = { '1h': 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };

export function analyticsPath() {
  return S.gateway === ALL ? base() + '/analytics' : base() + '/gateways/' + enc(S.gateway) + '/analytics';
}

/** The chosen range as analytics parameters and its bounds in epoch seconds. */
export function range() {
  // rounded up: a range ending at this second's start left out the requests of the last fraction of a second (a page
  // opened right after a request did not show it)
  let to = Math.ceil(Date.now() / 1000);
  let from = to - (RANGES[S.range] || 86400);
  if (S.range === 'custom' && S.from && S.to) {
    from = Math.floor(new Date(S.from).getTime() / 1000);
    to = Math.floor(new Date(S.to).getTime() / 1000);
  }
  return { from, to, query: 'from=' + from + '&to=' + to };
}

export function rangeBar(onChange) {
  const bar = el('div', { class: 'toolbar', id: 'range' });
  Object.keys(RANGES).forEach((k) => bar.append(el('button', {
    type: 'button', class: 'secondary' + (S.range === k ? ' on' : ''), 'data-range': k,
    onclick: () => { S.range = k; onChange(); }
  }, k)));
  const from = el('input', { type: 'datetime-local', value: S.from, 'aria-label': 'From' });
  const to = el('input', { type: 'datetime-local', value: S.to, 'aria-label': 'To' });
  bar.append(el('label', {}, 'From', from), el('label', {}, 'To', to), el('button', {
    type: 'button', class: 'secondary' + (S.range === 'custom' ? ' on' : ''),
    onclick: () => { S.range = 'custom'; S.from = from.value; S.to = to.value; onChange(); }
  }, 'Apply range'));
  return bar;
}

export function stat(id, label, value) {
  return el('div', { class: 'card stat', id }, el('div', { class: 'v' }, value), el('div', { class: 'k' }, label));
}

/** A table of an analytics answer's groups (sorted by `sortBy` when given, largest first). */
export function breakdown(title, id, groups, sortBy) {
  const rows = groups.slice();
  if (sortBy) rows.sort((a, b) => b[sortBy] - a[sortBy]);
  const heads = ['Name', 'Requests', 'Errors', 'Tokens in', 'Tokens out', 'Cost', 'Cache hits', 'p50', 'p95'];
  return el('div', { class: 'card' }, el('h2', {}, title), el('div', { class: 'table-wrap' }, el('table', { id },
    el('thead', {}, el('tr', {}, heads.map((h, i) => el('th', { class: i ? 'num' : '' }, h)))),
    el('tbody', {}, rows.map((g) => el('tr', {}, el('td', {}, g.group === null ? '(none)' : g.group),
      el('td', { class: 'num' }, fmtInt(g.requests)), el('td', { class: 'num' }, fmtInt(g.errors)),
      el('td', { class: 'num' }, fmtInt(g.tokens_in)), el('td', { class: 'num' }, fmtInt(g.tokens_out)),
      el('td', { class: 'num' }, fmtCost(g.cost)), el('td', { class: 'num' }, fmtPct(g.cache_hit_ratio)),
      el('td', { class: 'num' }, fmtMs(g.latency_p50_ms)), el('td', { class: 'num' }, fmtMs(g.latency_p95_ms))))))));
}
