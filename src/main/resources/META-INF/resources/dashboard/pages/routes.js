/**
 * A gateway's dynamic routes (routes API): the list (name, source, deployed version, number of versions), a form to
 * create one (admins), and the selected route's editor (./route-editor.js). Configuration-declared routes are shown
 * read-only. Every change goes through the routes API; after one the list is drawn again with the route still open.
 */
import { api, enc, gatewayPath, isAdmin } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { showRoute } from './route-editor.js';

const short = (id) => (id && id.length > 12 ? id.slice(0, 8) : id);

function createForm(gw, host) {
  const name = el('input', { id: 'new-route-name', placeholder: 'name, e.g. support', required: true,
    pattern: '[A-Za-z0-9_.\\-]{1,64}', 'aria-label': 'New route name' });
  const msg = el('span', { id: 'new-route-status', class: 'error', role: 'alert' });
  const form = el('form', { class: 'toolbar', id: 'new-route-form' }, name,
    el('button', { type: 'submit', id: 'create-route' }, 'New route'), msg);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    api('POST', gatewayPath(gw) + '/routes', { name: name.value.trim() })
      .then((r) => routesOf(gw, host, { id: r.result.id }))
      .catch((e) => { msg.textContent = e.message; });
  });
  return form;
}

/** Counts each API route's versions (one call per route) into its row's cell. */
function countVersions(gw, list, cells) {
  list.forEach((r, i) => {
    if (r.source === 'config') { cells[i].textContent = '1 (config)'; return; }
    api('GET', gatewayPath(gw) + '/routes/' + enc(r.id) + '/versions')
      .then((v) => { cells[i].textContent = String(v.result.versions.length); })
      .catch(() => { cells[i].textContent = '?'; });
  });
}

/**
 * Fills host with the gateway's routes; {@code open} ({id, version}) names a route to open (and the version to show).
 */
export async function routesOf(gw, host, open) {
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
  const cells = list.map(() => el('td', { class: 'num' }, '…'));
  const rows = list.map((r, i) => {
    const v = r.version ? r.version.version_id : null;
    const tr = el('tr', { class: 'row', 'data-name': r.name, 'data-id': r.id }, el('td', {}, r.name),
      el('td', {}, r.source),
      el('td', {}, v ? el('code', { title: v, 'data-version': v }, v === 'config' ? v : short(v)) : 'none'), cells[i]);
    tr.addEventListener('click', () => {
      host.querySelectorAll('#route-table tr.sel').forEach((x) => x.classList.remove('sel'));
      tr.classList.add('sel');
      showRoute(gw, r, detail, (again) => routesOf(gw, host, again))
        .catch((e) => detail.append(el('p', { class: 'error' }, e.message)));
    });
    return tr;
  });
  fill(host, el('h2', {}, 'Dynamic routes'),
    isAdmin() ? createForm(gw, host) : null,
    list.length
      ? el('div', { class: 'table-wrap' }, el('table', { id: 'route-table' }, el('thead', {}, el('tr', {},
        ['Name', 'Source', 'Deployed version', 'Versions'].map((h, i) => el('th', { class: i === 3 ? 'num' : '' }, h)))),
      el('tbody', {}, rows)))
      : el('p', { class: 'muted' }, 'No dynamic routes yet (requests name one as model "dynamic/<name>").'),
    detail);
  countVersions(gw, list, cells);
  const again = open && rows[list.findIndex((r) => r.id === open.id)];
  if (again) {
    again.classList.add('sel');
    const r = list.find((x) => x.id === open.id);
    await showRoute(gw, r, detail, (next) => routesOf(gw, host, next), open.version, open.message)
      .catch((e) => detail.append(el('p', { class: 'error' }, e.message)));
  }
}
