/** How figures are written on the page. */
const missing = (n) => n === null || n === undefined;

export function fmtInt(n) { return missing(n) ? '–' : Number(n).toLocaleString('en-US'); }

export function fmtCost(n) {
  if (missing(n)) return '–';
  return '$' + (n >= 1 ? n.toFixed(2) : n.toPrecision(3).replace(/0+$/, '').replace(/\.$/, ''));
}

export function fmtMs(n) { return missing(n) ? '–' : fmtInt(n) + ' ms'; }

export function fmtPct(n) { return missing(n) ? '–' : (n * 100).toFixed(1) + '%'; }

export function fmtTime(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }

/** JSON text pretty-printed, or null when it is not JSON. */
export function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return null; }
}
