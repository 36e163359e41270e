/**
 * A route's elements drawn as an SVG graph by a small layered layout of our own: each element in the layer of its
 * longest path from the start, top to bottom; an output that skips layers runs through placeholder points beside
 * the elements in between (never across them); each layer ordered by a few barycentre sweeps to cut crossings. An
 * arrow per output, labelled with the output's name. Every piece of data goes in as text (SVG text and title nodes),
 * never as markup. Drafts work too: an output to a missing element is a dangling red label, a cycle is cut.
 */
const NS = 'http://www.w3.org/2000/svg';
const W = 168; const H = 48; const GX = 28; const GY = 70; const PAD = 14; const DW = 16;
let drawn = 0;

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(NS, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) e.setAttribute(k, String(v)); });
  kids.flat().forEach((k) => { if (k !== undefined && k !== null) e.append(k); });
  return e;
}

const outputs = (e) => Object.entries((e && e.outputs) || {}).map(([name, to]) => [name, to && to.elementId]);
const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const str = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

/** A condition in a few words: {"metadata.plan": "pro"} → metadata.plan = pro; else its JSON. */
function condition(c) {
  const keys = c && typeof c === 'object' ? Object.keys(c) : [];
  if (keys.length !== 1 || keys[0].startsWith('$')) return str(c);
  const v = c[keys[0]];
  const ops = v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
  if (ops.length === 1 && ops[0].startsWith('$')) return keys[0] + ' ' + ops[0].slice(1) + ' ' + str(v[ops[0]]);
  return keys[0] + ' = ' + str(v);
}

/** The second line of a node: what the element does, in a few words. */
export function summary(e) {
  const p = e.properties || {};
  switch (e.type) {
    case 'model': return (p.provider || '?') + '/' + (p.model || '?');
    case 'percentage': return p.key ? 'split by ' + p.key : 'split';
    case 'conditional': return 'if ' + condition(p.conditions || p.condition);
    case 'rate': case 'rate_limit':
      return (p.limitType === 'cost' ? '$' + p.limit : p.limit + ' req') + ' / ' + (p.interval || p.window) + ' s';
    default: return String(e.type || '?');
  }
}

/** Layer of each element: its longest path from the start (bounded, so a cycle in a draft ends). */
function depths(list, index) {
  const depth = list.map(() => 0);
  for (let round = 0; round < list.length; round++) {
    let moved = false;
    list.forEach((e, i) => outputs(e).forEach(([, to]) => {
      const j = index.get(to);
      if (j !== undefined && j !== i && depth[j] < depth[i] + 1 && depth[i] + 1 < list.length) {
        depth[j] = depth[i] + 1;
        moved = true;
      }
    }));
    if (!moved) break;
  }
  return depth;
}

/** Items (the elements, then placeholders of long outputs) with their layer and position, and the outputs' chains. */
function layout(list) {
  const index = new Map(list.map((e, i) => [e.id, i]));
  const depth = depths(list, index);
  const items = list.map((e, i) => ({ layer: depth[i], w: W }));
  const up = list.map(() => []); const down = list.map(() => []);
  const link = (a, b) => { down[a].push(b); up[b].push(a); };
  const edges = [];
  list.forEach((e, i) => outputs(e).forEach(([name, to]) => {
    const j = index.get(to);
    const chain = [i];
    if (j !== undefined && depth[j] > depth[i]) {
      for (let d = depth[i] + 1; d < depth[j]; d++) {
        items.push({ layer: d, w: DW });
        up.push([]); down.push([]);
        link(chain[chain.length - 1], items.length - 1);
        chain.push(items.length - 1);
      }
      link(chain[chain.length - 1], j);
    }
    if (j !== undefined) chain.push(j);
    edges.push({ name, to, chain });
  }));
  const rows = [];
  items.forEach((it, k) => (rows[it.layer] = rows[it.layer] || []).push(k));
  for (let d = 0; d < rows.length; d++) rows[d] = rows[d] || [];
  const order = [];
  rows.forEach((row) => row.forEach((k, p) => { order[k] = p; }));
  const bary = (nbrs, k) => (nbrs[k].length ? nbrs[k].reduce((s, n) => s + order[n], 0) / nbrs[k].length : order[k]);
  for (let sweep = 0; sweep < 4; sweep++) {
    const nbrs = sweep % 2 ? down : up;
    (sweep % 2 ? rows.slice().reverse() : rows).forEach((row) => {
      const b = new Map(row.map((k) => [k, bary(nbrs, k)]));
      row.sort((x, y) => b.get(x) - b.get(y)).forEach((k, p) => { order[k] = p; });
    });
  }
  const span = (row) => row.reduce((s, k) => s + items[k].w, 0) + GX * (row.length - 1);
  const width = Math.max(...rows.map(span)) + 2 * PAD;
  rows.forEach((row, d) => {
    let x = (width - span(row)) / 2;
    row.forEach((k) => { items[k].cx = x + items[k].w / 2; items[k].y = PAD + d * (H + GY); x += items[k].w + GX; });
  });
  return { items, edges, width, height: PAD * 2 + (rows.length - 1) * (H + GY) + H };
}

const at = (p0, p1, p2, p3, t) => (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t * t * p2 + t ** 3 * p3;

function label(x, y, text, cls) {
  const w = text.length * 6.4 + 8;
  return svg('g', { class: cls }, svg('rect', { class: 'rg-label-bg', x: x - w / 2, y: y - 8, width: w, height: 15, rx: 3 }),
    svg('text', { x, y: y + 3, 'text-anchor': 'middle' }, text));
}

/** Port offsets: a node's outputs leave its bottom, and arrive at a node's top, spread in the order of the far end. */
function ports(items, edges, n) {
  const out = new Map(); const inc = new Map();
  const spread = (groups, step) => groups.forEach((list) => {
    list.sort((a, b) => a.far - b.far);
    const s = Math.min(step, W / (list.length + 1));
    list.forEach((p, r) => { p.edge[p.key] = (r - (list.length - 1) / 2) * s; p.edge[p.key + 'Rank'] = r; });
  });
  edges.forEach((e) => {
    const c = e.chain;
    (out.get(c[0]) || out.set(c[0], []).get(c[0])).push({ edge: e, key: 'out', far: c.length > 1 ? items[c[1]].cx : 0 });
    const last = c[c.length - 1];
    if (c.length > 1 && last < n) (inc.get(last) || inc.set(last, []).get(last)).push({ edge: e, key: 'in', far: items[c[c.length - 2]].cx });
  });
  spread(out, 36);
  spread(inc, 20);
}

function edgeShapes(list, { items, edges }, marker) {
  ports(items, edges, list.length);
  const lines = svg('g', { class: 'rg-edges' }); const labels = svg('g', { class: 'rg-labels' });
  edges.forEach((e) => {
    const src = items[e.chain[0]];
    const x1 = src.cx + e.out; const y1 = src.y + H;
    const from = list[e.chain[0]].id;
    if (e.chain.length === 1) {
      lines.append(svg('path', { class: 'rg-edge rg-dangling', d: 'M' + x1 + ',' + y1 + ' v' + GY / 2 }));
      labels.append(label(x1, y1 + GY / 2 + 8, e.name + ' → ? ' + String(e.to), 'rg-label rg-missing'));
      return;
    }
    let d = 'M' + x1 + ',' + y1; let [x, y] = [x1, y1]; let first = null;
    e.chain.slice(1).forEach((k, i, rest) => {
      const it = items[k]; const end = i === rest.length - 1;
      const tx = it.cx + (end ? e.in : 0); const ty = it.y - (end ? 2 : 0);
      const bend = Math.max(24, Math.abs(ty - y) / 2);
      d += ' C' + x + ',' + (y + bend) + ' ' + tx + ',' + (ty - bend) + ' ' + tx + ',' + ty;
      if (!first) first = [x, y + bend, tx, ty - bend, tx, ty];
      if (!end) d += ' V' + (it.y + H);
      [x, y] = [tx, end ? ty : it.y + H];
    });
    lines.append(svg('path', { class: 'rg-edge', d, 'marker-end': 'url(#' + marker + ')', 'data-edge': from + ':' + e.name + ':' + e.to }));
    const t = 0.3 + 0.25 * (e.outRank % 2);
    labels.append(label(at(x1, first[0], first[2], first[4], t), at(y1, first[1], first[3], first[5], t), e.name, 'rg-label'));
  });
  return [lines, labels];
}

function node(e, it, bad) {
  const kind = ['start', 'end', 'model', 'conditional', 'percentage', 'rate', 'rate_limit'].includes(e.type) ? e.type : 'other';
  const what = ['model', 'rate', 'rate_limit'].includes(e.type) ? e.type + ': ' + summary(e) : summary(e);
  return svg('g', {
    class: 'rg-node rg-' + kind + (bad ? ' rg-bad' : ''), 'data-element': e.id,
    transform: 'translate(' + (it.cx - W / 2) + ',' + it.y + ')'
  }, svg('title', {}, e.id + ' (' + e.type + ')' + (e.properties ? '\n' + JSON.stringify(e.properties, null, 1) : '')),
  svg('rect', { width: W, height: H, rx: 8 }),
  svg('text', { class: 'rg-id', x: W / 2, y: 19, 'text-anchor': 'middle' }, cut(String(e.id), 24)),
  svg('text', { class: 'rg-sum', x: W / 2, y: 36, 'text-anchor': 'middle' }, cut(what, 27)));
}

/**
 * The SVG of a route's elements (an array of {id, type, properties, outputs}); {@code bad} is the id of an element to
 * mark (the one an API error names). Entries that are not objects with an id are left out.
 */
export function routeGraph(elements, bad) {
  const list = (Array.isArray(elements) ? elements : []).filter((e) => e && typeof e === 'object' && e.id !== undefined);
  const marker = 'rg-arrow-' + (++drawn);
  if (!list.length) {
    return svg('svg', { class: 'route-graph', viewBox: '0 0 200 30', width: 200, height: 30 },
      svg('text', { x: 4, y: 20, class: 'rg-sum' }, 'No elements'));
  }
  const l = layout(list);
  const [lines, labels] = edgeShapes(list, l, marker);
  const height = l.height + GY / 2; // room for dangling outputs below the last layer
  return svg('svg', {
    class: 'route-graph', viewBox: '0 0 ' + l.width + ' ' + height, width: l.width, height, role: 'img',
    'aria-label': 'Route graph'
  }, svg('defs', {}, svg('marker', {
    id: marker, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'
  }, svg('path', { class: 'rg-arrow', d: 'M0,0 L10,5 L0,10 z' }))),
  lines, list.map((e, i) => node(e, l.items[i], e.id === bad)), labels);
}
