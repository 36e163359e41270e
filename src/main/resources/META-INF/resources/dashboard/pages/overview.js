/** Overview: totals, time series and breakdowns by provider and model over the chosen range. */
import { ALL, api } from '../lib/api.js';
import { chart, dense } from '../lib/charts.js';
import { el } from '../lib/dom.js';
import { fmtCost, fmtInt, fmtMs, fmtPct } from '../lib/format.js';
import { route } from '../lib/router.js';
import { analyticsPath, breakdown, range, rangeBar, stat } from '../lib/widgets.js';

const SERIES = [
  ['Requests and errors', [
    { label: 'requests', get: (p) => p.requests },
    { label: 'errors', get: (p) => p.errors },
    { label: 'cached', get: (p) => p.cached }]],
  ['Tokens', [
    { label: 'in', get: (p) => p.tokens_in },
    { label: 'out', get: (p) => p.tokens_out }]],
  ['Latency (ms)', [
    { label: 'p50', gap: true, get: (p) => p.latency_p50_ms },
    { label: 'p95', gap: true, get: (p) => p.latency_p95_ms },
    { label: 'TTFT p50', gap: true, get: (p) => p.ttft_p50_ms }]],
  ['Cost (USD)', [{ label: 'cost', get: (p) => p.cost }]]];

export async function overview(page, S) {
  page.append(el('h1', {}, S.gateway === ALL ? 'Overview: all gateways' : 'Overview: ' + S.gateway), rangeBar(route));
  const r = range();
  const path = analyticsPath() + '?' + r.query;
  const [all, byProvider, byModel] = await Promise.all([
    api('GET', path), api('GET', path + '&group_by=provider'), api('GET', path + '&group_by=model')]);
  const a = all.result;
  const t = a.totals;
  page.append(el('div', { class: 'cards', id: 'totals' },
    stat('total-requests', 'Requests', fmtInt(t.requests)),
    stat('total-errors', 'Errors', fmtInt(t.errors)),
    stat('total-4xx', '4xx', fmtInt(t.status['4xx'])),
    stat('total-5xx', '5xx', fmtInt(t.status['5xx'])),
    stat('total-tokens-in', 'Tokens in', fmtInt(t.tokens_in)),
    stat('total-tokens-out', 'Tokens out', fmtInt(t.tokens_out)),
    stat('total-cost', 'Cost', fmtCost(t.cost)),
    stat('total-cache', 'Cache hit ratio', fmtPct(t.cache_hit_ratio)),
    stat('total-p50', 'Latency p50', fmtMs(t.latency_p50_ms)),
    stat('total-p95', 'Latency p95', fmtMs(t.latency_p95_ms)),
    stat('total-ttft', 'Time to first token p50', fmtMs(t.ttft_p50_ms))));
  const charts = el('div', { class: 'charts' });
  page.append(charts);
  SERIES.forEach(([title, fields]) => chart(charts, title, fields, dense(a, r, fields)));
  page.append(el('div', { class: 'grid2' },
    breakdown('By provider (errors per provider)', 'by-provider', byProvider.result.groups),
    breakdown('By model', 'by-model', byModel.result.groups)));
}
