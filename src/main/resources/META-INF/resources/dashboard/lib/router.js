/** The pages by name (#/<name>) and the one way to (re)draw the current one. */
import { S } from './api.js';
import { $, el, fill } from './dom.js';
import { destroyCharts } from './charts.js';

const pages = {};

export function register(name, draw) { pages[name] = draw; }

/** The page named by the location's hash (#/logs), or the overview. */
export function current() {
  const name = location.hash.replace(/^#\/?/, '').split('?')[0];
  return pages[name] ? name : 'overview';
}

export async function route() {
  const name = current();
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('data-page') === name));
  destroyCharts();
  // a fresh container per drawing: a slower earlier drawing still in flight fills its own, detached one
  const page = el('div', { class: 'page', 'data-page': name });
  fill($('page'), page);
  try {
    await pages[name](page, S);
  } catch (e) {
    page.append(el('p', { class: 'error' }, 'Could not load: ' + e.message));
  }
}
