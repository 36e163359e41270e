/**
 * The form for a route's new version: its elements as JSON in a textarea (an array, or {"elements": [...]}), an
 * optional comment, a preview drawn from the draft, and the API's answer next to it. A refused version (400) shows
 * the API's message, which names the element at fault, and the draft's graph with that element marked.
 */
import { api } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { routeGraph } from '../lib/route-graph.js';

/** What a new route's first version starts from: start → one model → end. */
export const TEMPLATE = [
  { id: 'start', type: 'start', outputs: { next: { elementId: 'model' } } },
  { id: 'model', type: 'model', properties: { provider: 'openai', model: 'gpt-4o-mini', timeout: 10000, retries: 1 },
    outputs: { success: { elementId: 'end' } } },
  { id: 'end', type: 'end' }];

/**
 * @param path the route's API path
 * @param initial the elements the textarea starts with
 * @param onSaved called with the new version (the API's result)
 */
export function versionForm(path, initial, onSaved) {
  const text = el('textarea', { id: 'route-json', rows: 16, spellcheck: 'false', 'aria-label': 'Elements (JSON)' });
  text.value = JSON.stringify(initial, null, 2);
  const comment = el('input', { id: 'route-comment', placeholder: 'comment (optional)', 'aria-label': 'Comment' });
  const error = el('p', { id: 'route-json-error', class: 'error', role: 'alert' });
  const preview = el('div', { id: 'route-preview', class: 'graph-wrap' });
  const draft = () => {
    const v = JSON.parse(text.value);
    return Array.isArray(v) ? v : v && v.elements;
  };
  const show = (bad) => {
    try {
      fill(preview, routeGraph(draft(), bad));
      return true;
    } catch (e) {
      error.textContent = 'The elements are not valid JSON: ' + e.message;
      fill(preview);
      return false;
    }
  };
  const save = el('button', { type: 'submit', id: 'save-version' }, 'Save as new version');
  const form = el('form', { id: 'route-version-form' }, el('h3', {}, 'New version'),
    el('div', { class: 'route-edit' },
      el('div', {}, el('label', { for: 'route-json' }, 'Elements (JSON)'), text,
        el('div', { class: 'toolbar' }, comment, save,
          el('button', { type: 'button', class: 'secondary', id: 'preview-version', onclick: () => {
            error.textContent = '';
            show(null);
          } }, 'Preview'))),
      el('div', {}, error, preview)));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.textContent = '';
    if (!show(null)) return;
    save.disabled = true;
    const body = { elements: draft() };
    if (comment.value.trim()) body.comment = comment.value.trim();
    api('POST', path + '/versions', body)
      .then((r) => onSaved(r.result))
      .catch((e) => {
        error.textContent = e.message;
        const named = /element '([^']*)'/.exec(e.message);
        show(named ? named[1] : null);
      })
      .finally(() => { save.disabled = false; });
  });
  return form;
}
