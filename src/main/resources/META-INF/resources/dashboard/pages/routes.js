/**
 * A gateway's dynamic routes, read through the routes API: the list (name, source, deployed version), and for a
 * route its deployed version's elements (id, type, properties, outputs), its versions and its deployments.
 * Configuration-declared routes show their version only (their elements live in the configuration).
 */
import { api, enc, gatewayPath } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { fmtTime } from '../lib/format.js';

const json = (v) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1).replace(/\n\s*/g, ' '));

function elementsTable(elements) {
  return el('table', { id: 'route-elements' }, el('thead', {}, el('tr', {},
    ['Element', 'Type', 'Properties', 'Outputs'].map((h) => el('th', {}, h)))),
  el('tbody', {}, elements.map((e) => el('tr', { 'data-element': e.id },
    el('td', {}, el('code', {}, e.id)), el('td', {}, e.type), el('td', {}, el('code', {}, json(e.properties))),
    el('td', {}, Object.entries(e.outputs || {}).map(([name, to]) =>
      el('div', {}, name + ' → ', el('code', {}, to && to.elementId ? to.elementId : json(to)))))))));
}

async function showRoute(gw, r, host) {
  const path = gatewayPath(gw) + '/routes/' + enc(r.id);
  const deployed = r.version ? r.version.version_id : null;
  fill(host, el('h3', {}, 'Route ' + r.name), el('p', { class: 'muted', id: 'route-deployed' },
    deployed ? 'Deployed version: ' + deployed : 'No version deployed'));
  if (r.source === 'config') {
    host.append(el('p', { class: 'muted' }, 'Declared in configuration: its elements are in the configuration file.'));
    return;
  }
  if (Array.isArray(r.elements)) host.append(el('div', { class: 'table-wrap' }, elementsTable(r.elements)));
  const [versions, deployments] = await Promise.all([api('GET', path + '/versions'), api('GET', path + '/deployments')]);
  host.append(el('h3', {}, 'Versions'), el('ul', { id: 'route-versions' }, versions.result.versions.map((v) =>
    el('li', { class: v.active === 'true' ? 'ok' : '' }, el('code', {}, v.version_id), ' ', fmtTime(v.created_at),
      v.comment ? ' — ' + v.comment : '', v.active === 'true' ? ' (active)' : ''))),
  el('h3', {}, 'Deployments'), el('ul', { id: 'route-deployments' }, deployments.result.deployments.slice(0, 10).map((d) =>
    el('li', {}, fmtTime(d.created_at), ': version ', el('code', {}, d.version_id), d.comment ? ' — ' + d.comment : ''))));
}

/** Fills host with the gateway's routes (hidden when it has none). */
export async function routesOf(gw, host) {
  fill(host, el('h2', {}, 'Dynamic routes'), el('p', { class: 'muted' }, 'Loading…'));
  host.hidden = false;
  let list;
  try {
    list = (await api('GET', gatewayPath(gw) + '/routes')).result.routes;
  } catch (e) {
    fill(host, el('h2', {}, 'Dynamic routes'), el('p', { class: 'error' }, e.message));
    return;
  }
  const detail = el('div', { id: 'route-detail' });
  fill(host, el('h2', {}, 'Dynamic routes'), list.length
    ? el('div', { class: 'table-wrap' }, el('table', { id: 'route-table' }, el('thead', {}, el('tr', {},
      ['Name', 'Source', 'Deployed version', 'Elements'].map((h) => el('th', {}, h)))),
    el('tbody', {}, list.map((r) => {
      const tr = el('tr', { class: 'row', 'data-name': r.name }, el('td', {}, r.name), el('td', {}, r.source),
        el('td', {}, r.version ? el('code', {}, r.version.version_id) : 'none'),
        el('td', { class: 'num' }, Array.isArray(r.elements) ? r.elements.length : '–'));
      tr.addEventListener('click', () => {
        host.querySelectorAll('#route-table tr.sel').forEach((x) => x.classList.remove('sel'));
        tr.classList.add('sel');
        showRoute(gw, r, detail).catch((e) => detail.append(el('p', { class: 'error' }, e.message)));
      });
      return tr;
    }))))
    : el('p', { class: 'muted' }, 'No dynamic routes (model "dynamic/<name>"): create them with the routes API.'), detail);
}
