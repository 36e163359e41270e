/**
 * Spend: cost per day, by provider, by model and by a metadata key (top spenders first). Budgets are shown when the
 * gateway's JSON carries spend-limit rules (`spend_limits`): each rule's fields as the management API gives them.
 */
import { ALL, S as state, api, gatewayPath } from '../lib/api.js';
import { chart, dense } from '../lib/charts.js';
import { el, fill } from '../lib/dom.js';
import { fmtCost, fmtInt } from '../lib/format.js';
import { route } from '../lib/router.js';
import { analyticsPath, breakdown, range, rangeBar, stat } from '../lib/widgets.js';

export async function spend(page, S) {
  if (S.range === '1h' || S.range === '24h') S.range = '30d';
  page.append(el('h1', {}, 'Spend' + (S.gateway === ALL ? ': all gateways' : ': ' + S.gateway)), rangeBar(route));
  const r = range();
  const path = analyticsPath() + '?' + r.query;
  const keyInput = el('input', { id: 'spend-key', value: S.spendKey || 'user', size: 12 });
  const byKey = el('div', { id: 'spend-by-key' });
  const loadKey = async () => {
    S.spendKey = keyInput.value.trim();
    if (!S.spendKey) { fill(byKey); return; }
    fill(byKey, el('p', { class: 'muted' }, 'Loading…'));
    try {
      const m = await api('GET', path + '&group_by=metadata.' + encodeURIComponent(S.spendKey));
      fill(byKey, breakdown('Top spenders by metadata "' + S.spendKey + '"', 'spend-metadata', m.result.groups, 'cost'));
    } catch (e) {
      fill(byKey, el('p', { class: 'error' }, e.message));
    }
  };
  const [daily, byProvider, byModel] = await Promise.all([
    api('GET', path + '&bucket=day'), api('GET', path + '&group_by=provider'), api('GET', path + '&group_by=model')]);
  const t = daily.result.totals;
  page.append(el('div', { class: 'cards' },
    stat('spend-total', 'Cost in range', fmtCost(t.cost)),
    stat('spend-requests', 'Requests', fmtInt(t.requests)),
    stat('spend-per-request', 'Cost per request', fmtCost(t.requests ? t.cost / t.requests : 0))));
  const charts = el('div', { class: 'charts' });
  page.append(charts);
  const f = [{ label: 'cost per day', get: (p) => p.cost }];
  chart(charts, 'Cost by day (USD)', f, dense(daily.result, r, f));
  page.append(el('div', { class: 'grid2' },
    breakdown('Cost by provider', 'spend-provider', byProvider.result.groups, 'cost'),
    breakdown('Cost by model', 'spend-model', byModel.result.groups, 'cost')));
  page.append(el('h2', {}, 'By metadata key'), el('div', { class: 'toolbar' },
    el('label', {}, 'Metadata key', keyInput), el('button', { type: 'button', onclick: loadKey }, 'Show')), byKey);
  await loadKey();
  budgets(page);
}

/** The selected gateway's spend-limit rules, when its JSON has any (the management API's own fields, as text). */
function budgets(page) {
  const g = state.gateways.find((x) => x.id === state.gateway);
  const rules = g && Array.isArray(g.spend_limits) ? g.spend_limits : [];
  if (!rules.length) return;
  const host = el('div', { class: 'card', id: 'spend-budgets' }, el('h2', {}, 'Budgets'));
  page.append(host);
  const show = (list) => fill(host, el('h2', {}, 'Budgets'), el('div', { class: 'grid2' }, list.map((rule, i) => {
    const kv = el('dl', { class: 'kv' });
    Object.entries(rule).forEach(([k, v]) => {
      kv.append(el('dt', {}, k), el('dd', {}, v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)));
    });
    return el('div', { class: 'budget', 'data-rule': rule.id || rule.name || String(i) }, kv);
  })));
  show(rules);
  // a fresher read of the gateway (its rules may carry their current use)
  api('GET', gatewayPath(g.id)).then((r) => {
    if (Array.isArray(r.result.spend_limits) && r.result.spend_limits.length) show(r.result.spend_limits);
  }).catch(() => null);
}
