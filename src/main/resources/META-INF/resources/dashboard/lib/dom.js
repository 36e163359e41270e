/**
 * DOM helpers. Every piece of data goes on the page as text (text nodes, textContent), never parsed as HTML.
 */
export function $(id) { return document.getElementById(id); }

/** Appends a child: nodes as they are, arrays flattened, null/undefined/false left out, anything else as text. */
export function add(parent, kid) {
  if (kid === undefined || kid === null || kid === false) return;
  if (Array.isArray(kid)) { kid.forEach((k) => add(parent, k)); return; }
  parent.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
}

/** An element with attributes (`text`, `class`, `on<event>` handlers, properties `value`/`checked`/…) and children. */
export function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'value') e.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') e[k] = !!v;
    else e.setAttribute(k, v === true ? '' : String(v));
  });
  kids.forEach((k) => add(e, k));
  return e;
}

/** Replaces a node's children. */
export function fill(node, ...kids) {
  node.replaceChildren();
  kids.forEach((k) => add(node, k));
  return node;
}
