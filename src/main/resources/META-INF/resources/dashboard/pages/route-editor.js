/**
 * One route: its deployed version, a version's elements as a graph (lib/route-graph.js) and as a table, its versions
 * (view one; deploy a newer one or roll back to an older one), its deployments, and — for an admin on an API route —
 * the form for a new version (./route-version-form.js) and deletion. Configured routes and read-only sessions: view
 * only. After a change, {@code reload({id, version, message})} draws the list again with this route open.
 */
import { api, enc, gatewayPath, isAdmin } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { fmtTime } from '../lib/format.js';
import { routeGraph } from '../lib/route-graph.js';
import { TEMPLATE, versionForm } from './route-version-form.js';

const json = (v) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1).replace(/\n\s*/g, ' '));

function elementsTable(elements) {
  return el('div', { class: 'table-wrap' }, el('table', { id: 'route-elements' }, el('thead', {}, el('tr', {},
    ['Element', 'Type', 'Properties', 'Outputs'].map((h) => el('th', {}, h)))),
  el('tbody', {}, (elements || []).map((e) => el('tr', { 'data-element': e.id },
    el('td', {}, el('code', {}, e.id)), el('td', {}, e.type), el('td', {}, el('code', {}, json(e.properties))),
    el('td', {}, Object.entries(e.outputs || {}).map(([name, to]) =>
      el('div', {}, name + ' → ', el('code', {}, to && to.elementId ? to.elementId : json(to))))))))));
}

function versionView(title, elements) {
  return el('div', {}, el('h3', { id: 'route-view-title' }, title), el('div', { class: 'route-version' },
    el('div', { class: 'graph-wrap', id: 'route-graph' }, routeGraph(elements)), elementsTable(elements)));
}

function versionsList(list, number, actions) {
  const active = list.findIndex((v) => v.active === 'true');
  return el('ul', { id: 'route-versions', class: 'versions' }, list.map((v, i) => {
    const on = v.active === 'true';
    return el('li', { class: on ? 'ok' : '', 'data-version': v.version_id },
      el('strong', {}, 'v' + number.get(v.version_id)), ' ', el('code', { title: v.version_id }, v.version_id.slice(0, 8)),
      ' ', fmtTime(v.created_at), v.comment ? ' — ' + v.comment : '', on ? ' (active)' : '', ' ',
      el('button', { type: 'button', class: 'secondary small view-version', onclick: () => actions.view(v) }, 'View'),
      actions.deploy && !on ? el('button', {
        type: 'button', class: 'small deploy-version', onclick: () => actions.deploy(v, active >= 0 && i < active)
      }, active >= 0 && i < active ? 'Roll back' : 'Deploy') : null);
  }));
}

export async function showRoute(gw, r, host, reload, wanted, message) {
  const path = gatewayPath(gw) + '/routes/' + enc(r.id);
  const deployed = r.version ? r.version.version_id : null;
  const status = el('p', { id: 'route-status', class: 'ok', role: 'status' }, message || '');
  const head = el('p', { class: 'muted', id: 'route-deployed' }, deployed ? 'Deployed version: ' + deployed : 'No version deployed');
  fill(host, el('h3', {}, 'Route ' + r.name), head, status);
  if (r.source === 'config') {
    host.append(el('p', { class: 'muted', id: 'route-readonly' }, 'Declared in configuration: change it there (read-only here).'),
      versionView('Elements (from configuration)', r.elements));
    return;
  }
  const [versions, deployments] = await Promise.all([api('GET', path + '/versions'), api('GET', path + '/deployments')]);
  const list = versions.result.versions;
  const number = new Map(list.map((v, i) => [v.version_id, i + 1]));
  if (deployed) head.textContent = 'Deployed version: v' + number.get(deployed) + ' (' + deployed + ')';
  const view = el('div', { id: 'route-view' });
  const draw = (v) => fill(view, v
    ? versionView('Version v' + number.get(v.version_id) + (v.active === 'true' ? ' (deployed)' : ' (not deployed)'), v.elements)
    : el('p', { class: 'muted' }, 'No version yet' + (isAdmin() ? ': write the first one below.' : '.')));
  const shown = list.find((v) => v.version_id === wanted) || list.find((v) => v.active === 'true') || list[list.length - 1];
  draw(shown);
  const writable = isAdmin();
  const fail = (e) => { status.className = 'error'; status.textContent = e.message; };
  const deploy = (v, back) => {
    const n = number.get(v.version_id);
    api('POST', path + '/deployments', { version_id: v.version_id, comment: back ? 'roll back to v' + n : 'deploy v' + n })
      .then(() => reload({ id: r.id, version: v.version_id, message: (back ? 'Rolled back to v' : 'Deployed v') + n + '.' }))
      .catch(fail);
  };
  host.append(writable ? el('div', { class: 'toolbar' }, el('button', { type: 'button', class: 'danger', id: 'delete-route', onclick: () => {
    if (!window.confirm('Delete route ' + r.name + ' and all its versions?')) return;
    api('DELETE', path).then(() => reload(null)).catch(fail);
  } }, 'Delete route')) : el('p', { class: 'muted' }, 'Read-only session: routes cannot be changed.'),
  view, el('h3', {}, 'Versions'), list.length ? versionsList(list, number, { view: draw, deploy: writable ? deploy : null })
    : el('p', { class: 'muted' }, 'None yet.'),
  el('h3', {}, 'Deployments'), el('ul', { id: 'route-deployments' }, deployments.result.deployments.slice(0, 10).map((d) =>
    el('li', {}, fmtTime(d.created_at), ': v' + (number.get(d.version_id) || '?') + ' ', el('code', { title: d.version_id }, d.version_id.slice(0, 8)),
      d.comment ? ' — ' + d.comment : ''))));
  if (writable) {
    host.append(versionForm(path, shown ? shown.elements : TEMPLATE, (v) => reload({
      id: r.id, version: v.version_id, message: 'Saved v' + (list.length + 1) + ' (not deployed yet).'
    })));
  }
}
