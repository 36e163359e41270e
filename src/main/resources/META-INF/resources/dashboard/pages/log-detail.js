/**
 * A log's detail: its fields, metadata, usage, feedback and score (editable by admins, PATCH as in Cloudflare), the
 * other attempts and steps under the same event id, and the request and response bodies (JSON pretty-printed, an
 * event stream as its events, anything else as text).
 */
import { api, enc, gatewayPath, isAdmin, rawBody } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { fmtCost, fmtInt, fmtMs, fmtTime, pretty } from '../lib/format.js';

const isSet = (v) => v !== null && v !== undefined;

/** The events of a text/event-stream body: [{name, data}], or null when the text is not one. */
export function sseEvents(text) {
  if (!/^(event|data|id|retry):/m.test(text) || !/\r?\n\r?\n/.test(text)) return null;
  const events = [];
  text.split(/\r?\n\r?\n/).forEach((block) => {
    let name = 'message';
    const data = [];
    block.split(/\r?\n/).forEach((line) => {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    });
    if (data.length || name !== 'message') events.push({ name, data: data.join('\n') });
  });
  return events.length ? events : null;
}

/** A stored body: pretty JSON, an event stream as its list of events, else the text as it is. */
export function bodyView(text) {
  const json = pretty(text);
  if (json !== null) return el('pre', { class: 'body' }, json);
  const events = sseEvents(text);
  if (events) {
    return [el('p', { class: 'muted' }, events.length + ' events'), el('ol', { class: 'events' },
      events.map((e) => el('li', {}, el('code', { class: 'event-name' }, e.name), el('pre', { class: 'body' }, pretty(e.data) || e.data))))];
  }
  return el('pre', { class: 'body' }, text);
}

function fields(l) {
  const kv = el('dl', { class: 'kv' });
  [['Id', l.id], ['Time', fmtTime(l.created_at)], ['Provider', l.provider], ['Model', l.model], ['Path', l.path],
    ['Status', l.status_code + (l.success ? ' (success)' : ' (failed)')], ['Cache', l.cached ? 'HIT' : 'MISS'],
    ['Duration', fmtMs(l.duration)], ['Time to first byte', fmtMs(l.ttfb)],
    ['Tokens in / out', fmtInt(l.tokens_in) + ' / ' + fmtInt(l.tokens_out)], ['Cost', fmtCost(l.cost)],
    ['Event id', l.event_id], ['Step / attempt', (isSet(l.step) ? l.step : '–') + ' / ' + (l.attempt || '–')],
    ['Route', l.route], ['Error', l.error_class]].forEach(([k, v]) => {
    if (isSet(v)) kv.append(el('dt', {}, k), el('dd', {}, String(v)));
  });
  return kv;
}

function annotation(l, path) {
  const feedback = el('select', { id: 'feedback' }, el('option', { value: '' }, 'none'),
    el('option', { value: '1' }, '+1 good'), el('option', { value: '0' }, '0'), el('option', { value: '-1' }, '-1 bad'));
  feedback.value = isSet(l.feedback) ? String(l.feedback) : '';
  const score = el('input', { id: 'score', type: 'number', step: 1, value: isSet(l.score) ? l.score : '' });
  const saved = el('span', { class: 'muted', id: 'annotation-status' });
  const save = el('button', { type: 'button', id: 'save-annotation', disabled: !isAdmin() }, 'Save');
  save.addEventListener('click', () => {
    api('PATCH', path, {
      feedback: feedback.value === '' ? null : Number(feedback.value),
      score: score.value === '' ? null : Number(score.value)
    }).then(() => { saved.textContent = 'Saved.'; }).catch((e) => { saved.textContent = e.message; });
  });
  return el('div', { class: 'toolbar' }, el('label', {}, 'Feedback', feedback), el('label', {}, 'Score', score), save, saved);
}

/** The logs under the same event id (a Universal request's steps, a route's elements, retries), by step and attempt. */
async function attempts(gw, l, host, detail) {
  if (!l.event_id) return;
  const a = await api('GET', gatewayPath(gw) + '/logs?per_page=50'
    + '&filters[0][key]=event_id&filters[0][operator]=eq&filters[0][value][0]=' + enc(l.event_id));
  if (a.result.length < 2) return;
  const order = (x) => [isSet(x.step) ? x.step : -1, x.attempt || 0, x.created_at];
  const rows = a.result.slice().sort((x, y) => {
    const [p, q] = [order(x), order(y)];
    return p[0] - q[0] || p[1] - q[1] || (p[2] < q[2] ? -1 : p[2] > q[2] ? 1 : 0);
  });
  fill(host, el('h2', {}, 'Attempts under event ' + l.event_id), el('table', { id: 'attempts-table' },
    el('thead', {}, el('tr', {}, ['Step', 'Attempt', 'Provider', 'Model', 'Status', 'Duration']
      .map((h, i) => el('th', { class: i === 4 || i === 5 ? 'num' : '' }, h)))),
    el('tbody', {}, rows.map((x) => {
      const tr = el('tr', { class: 'row' + (x.id === l.id ? ' sel' : ''), 'data-id': x.id },
        el('td', {}, isSet(x.step) ? x.step : '–'), el('td', {}, x.attempt || '–'), el('td', {}, x.provider),
        el('td', {}, x.model || '–'), el('td', { class: 'num ' + (x.success ? 'ok' : 'error') }, x.status_code),
        el('td', { class: 'num' }, fmtMs(x.duration)));
      tr.addEventListener('click', () => showLog(gw, x.id, detail));
      return tr;
    }))));
}

export async function showLog(gw, id, detail) {
  const path = gatewayPath(gw) + '/logs/' + enc(id);
  fill(detail, el('p', { class: 'muted' }, 'Loading…'));
  let l;
  try {
    l = (await api('GET', path)).result;
  } catch (e) {
    fill(detail, el('p', { class: 'error' }, e.message));
    return;
  }
  const request = el('div', { id: 'request-body' }, el('p', { class: 'muted' }, 'Loading…'));
  const response = el('div', { id: 'response-body' }, el('p', { class: 'muted' }, 'Loading…'));
  const steps = el('div', { id: 'attempts' });
  fill(detail, el('h2', {}, 'Log'), fields(l),
    l.metadata ? [el('h2', {}, 'Metadata'), el('pre', { id: 'log-metadata' }, pretty(l.metadata) || l.metadata)] : null,
    el('h2', {}, 'Feedback'), annotation(l, path),
    l.usage ? [el('h2', {}, 'Usage'), el('pre', { id: 'log-usage' }, JSON.stringify(l.usage, null, 2))] : null,
    steps, el('h2', {}, 'Request'), request, el('h2', {}, 'Response'), response);
  [['request', request], ['response', response]].forEach(([which, host]) => {
    rawBody(path + '/' + which).then((text) => fill(host, bodyView(text)))
      .catch((e) => fill(host, el('p', { class: 'muted' }, e.message)));
  });
  attempts(gw, l, steps, detail).catch(() => null);
}
