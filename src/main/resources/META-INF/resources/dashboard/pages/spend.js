/**
 * Spend: cost per day, by provider, by model and by a metadata key (top spenders first), and the selected gateway's
 * budgets with their current use (`budgets.js`).
 */
import { ALL, api } from '../lib/api.js';
import { chart, dense } from '../lib/charts.js';
import { el, fill } from '../lib/dom.js';
import { fmtCost, fmtInt } from '../lib/format.js';
import { route } from '../lib/router.js';
import { analyticsPath, breakdown, range, rangeBar, stat } from '../lib/widgets.js';
import { budgets } from './budgets.js';

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
  if (S.gateway !== ALL) await budgets(page, S.gateway);
}
