/** Time-series charts (uPlot, from its WebJar: the global `uPlot`) over the analytics API's series. */
import { S } from './api.js';
import { el } from './dom.js';

const BUCKET_SECONDS = { minute: 60, hour: 3600, day: 86400 };
const COLORS = ['#2f6fde', '#e8710a', '#1e8e3e', '#c0392b', '#8e44ad', '#16a085', '#d4a017', '#7f8c8d'];

export function destroyCharts() {
  S.charts.forEach((c) => c.destroy());
  S.charts = [];
}

/**
 * Dense series for a chart: every bucket of the range [r.from, r.to), empty ones as 0 (or null, a gap, for fields
 * marked `gap`: percentiles). fields: [{label, get(point), gap?}].
 */
export function dense(result, r, fields) {
  const step = BUCKET_SECONDS[result.bucket];
  const byTime = new Map(result.series.map((p) => [Math.floor(Date.parse(p.time) / 1000), p]));
  const xs = [];
  const ys = fields.map(() => []);
  for (let t = Math.floor(r.from / step) * step; t < r.to; t += step) {
    xs.push(t);
    const p = byTime.get(t);
    fields.forEach((f, i) => {
      const v = p ? f.get(p) : null;
      ys[i].push(v === null || v === undefined ? (f.gap ? null : 0) : v);
    });
  }
  return [xs, ...ys];
}

/** A card with a chart, drawn on the next frame (once the grid has given the card its width). */
export function chart(host, title, fields, data) {
  const box = el('div', { class: 'card chart' }, el('h2', {}, title));
  host.append(box);
  if (typeof uPlot === 'undefined') { box.append(el('p', { class: 'muted' }, 'Charts unavailable.')); return; }
  window.requestAnimationFrame(() => {
    if (!box.isConnected) return;
    const ink = getComputedStyle(document.body).color;
    const opts = {
      width: Math.max(280, box.clientWidth - 24), height: 200,
      scales: { x: { time: true } },
      axes: [{ stroke: ink }, { stroke: ink }],
      series: [{}, ...fields.map((f, i) => ({ label: f.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false }))]
    };
    S.charts.push(new uPlot(opts, data, box)); // eslint-disable-line no-undef
  });
}
