/*
 * The gateway's dashboard: a page of plain JavaScript over the admin APIs (analytics, Logs, management), signed in
 * with a session cookie. Every piece of data is put on the page as text (textContent / text nodes), never as HTML.
 */
(function () {
  'use strict';

  var ALL = '__all';
  var RANGES = { '1h': 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };
  var BUCKET_SECONDS = { minute: 60, hour: 3600, day: 86400 };
  var COLORS = ['#2f6fde', '#e8710a', '#1e8e3e', '#c0392b', '#8e44ad', '#16a085', '#d4a017', '#7f8c8d'];
  var S = { account: null, role: null, gateways: [], gateway: ALL, range: '24h', from: '', to: '', charts: [] };

  function $(id) { return document.getElementById(id); }

  /** An element with attributes and children; strings become text nodes (never parsed as HTML). */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.indexOf('on') === 0) e.addEventListener(k.slice(2), v);
      else if (k === 'value') e.value = v;
      else if (k === 'checked' || k === 'disabled' || k === 'selected') e[k] = !!v;
      else e.setAttribute(k, v === true ? '' : String(v));
    });
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }

  function add(parent, kid) {
    if (kid === undefined || kid === null || kid === false) return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { add(parent, k); }); return; }
    parent.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }

  /** Replaces a node's children (arrays flattened, null and false left out: text, never HTML). */
  function fill(node) {
    node.replaceChildren();
    for (var i = 1; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return '';
  }

  function enc(s) { return encodeURIComponent(s); }

  /** A call to the gateway's APIs with the session; writes carry the CSRF token. Answers the parsed v4 body. */
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = cookie('aigw_csrf');
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = JSON.parse(text); } catch (e) { json = null; }
        if (r.status === 401 && path.indexOf('/dashboard/api/session') !== 0) {
          showSignIn('Your session has ended: sign in again.');
        }
        if (!r.ok) {
          var msg = json && json.errors && json.errors[0] ? json.errors[0].message : 'HTTP ' + r.status;
          var err = new Error(msg);
          err.status = r.status;
          throw err;
        }
        return json === null ? { raw: text } : json;
      });
    });
  }

  function base() { return '/client/v4/accounts/' + enc(S.account) + '/ai-gateway'; }

  function fmtInt(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'); }
  function fmtCost(n) {
    if (n === null || n === undefined) return '–';
    return '$' + (n >= 1 ? n.toFixed(2) : n.toPrecision(3).replace(/0+$/, '').replace(/\.$/, ''));
  }
  function fmtMs(n) { return n === null || n === undefined ? '–' : fmtInt(n) + ' ms'; }
  function fmtPct(n) { return n === null || n === undefined ? '–' : (n * 100).toFixed(1) + '%'; }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }

  // ---------------------------------------------------------------- sign-in, sign-out

  function showSignIn(message) {
    S.charts.forEach(function (c) { c.destroy(); });
    S.charts = [];
    $('app-view').hidden = true;
    $('signin-view').hidden = false;
    $('signin-error').textContent = message || '';
    $('token').value = '';
    $('token').focus();
  }

  function signIn(ev) {
    ev.preventDefault();
    $('signin-error').textContent = '';
    api('POST', '/dashboard/api/session', { token: $('token').value })
      .then(function (r) { start(r.result); })
      .catch(function (e) {
        $('signin-error').textContent = e.status === 401 ? 'Wrong token.' : 'Sign-in failed: ' + e.message;
      });
  }

  function signOut() {
    api('DELETE', '/dashboard/api/session').catch(function () { return null; })
      .then(function () { showSignIn('Signed out.'); });
  }

  function start(session) {
    S.account = session.account;
    S.role = session.role;
    $('signin-view').hidden = true;
    $('app-view').hidden = false;
    $('role').textContent = session.role;
    return loadGateways().then(route);
  }

  function loadGateways() {
    return api('GET', base() + '/gateways?per_page=100').then(function (r) {
      S.gateways = r.result;
      var select = $('gateway');
      var keep = S.gateway;
      fill(select, el('option', { value: ALL }, 'All gateways'));
      S.gateways.forEach(function (g) { select.append(el('option', { value: g.id }, g.id)); });
      S.gateway = S.gateways.some(function (g) { return g.id === keep; }) ? keep : ALL;
      select.value = S.gateway;
    });
  }

  // ---------------------------------------------------------------- pages

  var PAGES = { overview: overview, logs: logs, spend: spend, gateways: gateways };

  function route() {
    var name = (location.hash.replace(/^#\/?/, '').split('?')[0]) || 'overview';
    if (!PAGES[name]) name = 'overview';
    document.querySelectorAll('#nav a').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('data-page') === name);
    });
    S.charts.forEach(function (c) { c.destroy(); });
    S.charts = [];
    var page = $('page');
    fill(page);
    page.setAttribute('data-page', name);
    return Promise.resolve(PAGES[name](page)).catch(function (e) {
      page.append(el('p', { class: 'error' }, 'Could not load: ' + e.message));
    });
  }

  function analyticsPath() {
    return S.gateway === ALL ? base() + '/analytics' : base() + '/gateways/' + enc(S.gateway) + '/analytics';
  }

  /** The chosen range as analytics parameters and its bounds in epoch seconds. */
  function range() {
    var to = Math.floor(Date.now() / 1000);
    var from = to - (RANGES[S.range] || 86400);
    if (S.range === 'custom' && S.from && S.to) {
      from = Math.floor(new Date(S.from).getTime() / 1000);
      to = Math.floor(new Date(S.to).getTime() / 1000);
    }
    return { from: from, to: to, query: 'from=' + from + '&to=' + to };
  }

  function rangeBar(onChange) {
    var bar = el('div', { class: 'toolbar', id: 'range' });
    Object.keys(RANGES).forEach(function (k) {
      bar.append(el('button', {
        type: 'button', class: 'secondary' + (S.range === k ? ' on' : ''), 'data-range': k,
        onclick: function () { S.range = k; onChange(); }
      }, k));
    });
    var from = el('input', { type: 'datetime-local', value: S.from, 'aria-label': 'From' });
    var to = el('input', { type: 'datetime-local', value: S.to, 'aria-label': 'To' });
    bar.append(el('label', {}, 'From', from), el('label', {}, 'To', to), el('button', {
      type: 'button', class: 'secondary' + (S.range === 'custom' ? ' on' : ''),
      onclick: function () { S.range = 'custom'; S.from = from.value; S.to = to.value; onChange(); }
    }, 'Apply range'));
    return bar;
  }

  function stat(id, label, value) {
    return el('div', { class: 'card stat', id: id }, el('div', { class: 'v' }, value), el('div', { class: 'k' }, label));
  }

  /** Dense series for a chart: every bucket of the range, empty ones as 0 (or null for percentiles). */
  function dense(result, r, fields) {
    var step = BUCKET_SECONDS[result.bucket];
    var first = Math.floor(r.from / step) * step;
    var byTime = {};
    result.series.forEach(function (p) { byTime[Math.floor(Date.parse(p.time) / 1000)] = p; });
    var xs = [];
    var ys = fields.map(function () { return []; });
    for (var t = first; t < r.to; t += step) {
      xs.push(t);
      fields.forEach(function (f, i) {
        var p = byTime[t];
        var v = p ? f.get(p) : null;
        ys[i].push(v === null || v === undefined ? (f.gap ? null : 0) : v);
      });
    }
    return [xs].concat(ys);
  }

  function chart(host, title, fields, data) {
    var box = el('div', { class: 'card chart' }, el('h2', {}, title));
    host.append(box);
    if (typeof uPlot === 'undefined') { box.append(el('p', { class: 'muted' }, 'Charts unavailable.')); return; }
    var plot = function () {
      var opts = {
      width: Math.max(280, box.clientWidth - 24), height: 200,
      scales: { x: { time: true } },
      axes: [{ stroke: getComputedStyle(document.body).color }, { stroke: getComputedStyle(document.body).color }],
      series: [{}].concat(fields.map(function (f, i) {
        return { label: f.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false };
      }))
    };
      S.charts.push(new uPlot(opts, data, box));
    };
    // after the other charts' boxes are in the grid, so that its width is the one it keeps
    window.requestAnimationFrame(plot);
  }

  function breakdown(title, id, groups, sortBy) {
    var rows = groups.slice();
    if (sortBy) rows.sort(function (a, b) { return b[sortBy] - a[sortBy]; });
    return el('div', { class: 'card' }, el('h2', {}, title), el('div', { class: 'table-wrap' }, el('table', { id: id },
      el('thead', {}, el('tr', {}, ['Name', 'Requests', 'Errors', 'Tokens in', 'Tokens out', 'Cost', 'Cache hits',
        'p50', 'p95'].map(function (h, i) { return el('th', { class: i ? 'num' : '' }, h); }))),
      el('tbody', {}, rows.map(function (g) {
        return el('tr', {}, el('td', {}, g.group === null ? '(none)' : g.group),
          el('td', { class: 'num' }, fmtInt(g.requests)), el('td', { class: 'num' }, fmtInt(g.errors)),
          el('td', { class: 'num' }, fmtInt(g.tokens_in)), el('td', { class: 'num' }, fmtInt(g.tokens_out)),
          el('td', { class: 'num' }, fmtCost(g.cost)), el('td', { class: 'num' }, fmtPct(g.cache_hit_ratio)),
          el('td', { class: 'num' }, fmtMs(g.latency_p50_ms)), el('td', { class: 'num' }, fmtMs(g.latency_p95_ms)));
      })))));
  }

  function overview(page) {
    var title = S.gateway === ALL ? 'Overview: all gateways' : 'Overview: ' + S.gateway;
    page.append(el('h1', {}, title), rangeBar(route));
    var r = range();
    var path = analyticsPath() + '?' + r.query;
    return Promise.all([api('GET', path), api('GET', path + '&group_by=provider'), api('GET', path + '&group_by=model')])
      .then(function (res) {
        var a = res[0].result;
        var t = a.totals;
        page.append(el('div', { class: 'cards', id: 'totals' },
          stat('total-requests', 'Requests', fmtInt(t.requests)),
          stat('total-errors', 'Errors', fmtInt(t.errors)),
          stat('total-4xx', '4xx', fmtInt(t.status['4xx'])),
          stat('total-5xx', '5xx', fmtInt(t.status['5xx'])),
          stat('total-tokens-in', 'Tokens in', fmtInt(t.tokens_in)),
          stat('total-tokens-out', 'Tokens out', fmtInt(t.tokens_out)),
          stat('total-cost', 'Cost', fmtCost(t.cost)),
          stat('total-cache', 'Cache hit ratio', fmtPct(t.cache_hit_ratio)),
          stat('total-p50', 'Latency p50', fmtMs(t.latency_p50_ms)),
          stat('total-p95', 'Latency p95', fmtMs(t.latency_p95_ms)),
          stat('total-ttft', 'Time to first token p50', fmtMs(t.ttft_p50_ms))));
        var charts = el('div', { class: 'charts' });
        page.append(charts);
        var series = [
          ['Requests and errors', [
            { label: 'requests', get: function (p) { return p.requests; } },
            { label: 'errors', get: function (p) { return p.errors; } },
            { label: 'cached', get: function (p) { return p.cached; } }]],
          ['Tokens', [
            { label: 'in', get: function (p) { return p.tokens_in; } },
            { label: 'out', get: function (p) { return p.tokens_out; } }]],
          ['Latency (ms)', [
            { label: 'p50', gap: true, get: function (p) { return p.latency_p50_ms; } },
            { label: 'p95', gap: true, get: function (p) { return p.latency_p95_ms; } },
            { label: 'TTFT p50', gap: true, get: function (p) { return p.ttft_p50_ms; } }]],
          ['Cost (USD)', [{ label: 'cost', get: function (p) { return p.cost; } }]]];
        series.forEach(function (s) { chart(charts, s[0], s[1], dense(a, r, s[1])); });
        page.append(el('div', { class: 'grid2' },
          breakdown('By provider', 'by-provider', res[1].result.groups),
          breakdown('By model', 'by-model', res[2].result.groups)));
      });
  }

  function spend(page) {
    if (S.range === '1h' || S.range === '24h') S.range = '30d';
    page.append(el('h1', {}, 'Spend' + (S.gateway === ALL ? ': all gateways' : ': ' + S.gateway)), rangeBar(route));
    var r = range();
    var path = analyticsPath() + '?' + r.query;
    var keyInput = el('input', { id: 'spend-key', value: S.spendKey || 'user', size: 12 });
    var byKey = el('div', { id: 'spend-by-key' });
    function loadKey() {
      S.spendKey = keyInput.value.trim();
      fill(byKey, el('p', { class: 'muted' }, 'Loading…'));
      if (!S.spendKey) { fill(byKey); return Promise.resolve(); }
      return api('GET', path + '&group_by=metadata.' + enc(S.spendKey)).then(function (m) {
        fill(byKey, breakdown('Top spenders by metadata "' + S.spendKey + '"', 'spend-metadata',
          m.result.groups, 'cost'));
      }).catch(function (e) { fill(byKey, el('p', { class: 'error' }, e.message)); });
    }
    return Promise.all([
      api('GET', path + '&bucket=day'), api('GET', path + '&group_by=provider'), api('GET', path + '&group_by=model')
    ]).then(function (res) {
      var t = res[0].result.totals;
      page.append(el('div', { class: 'cards' },
        stat('spend-total', 'Cost in range', fmtCost(t.cost)),
        stat('spend-requests', 'Requests', fmtInt(t.requests)),
        stat('spend-per-request', 'Cost per request', fmtCost(t.requests ? t.cost / t.requests : 0))));
      var charts = el('div', { class: 'charts' });
      page.append(charts);
      var f = [{ label: 'cost per day', get: function (p) { return p.cost; } }];
      chart(charts, 'Cost by day (USD)', f, dense(res[0].result, r, f));
      page.append(el('div', { class: 'grid2' },
        breakdown('Cost by provider', 'spend-provider', res[1].result.groups, 'cost'),
        breakdown('Cost by model', 'spend-model', res[2].result.groups, 'cost')));
      page.append(el('h2', {}, 'By metadata key'), el('div', { class: 'toolbar' },
        el('label', {}, 'Metadata key', keyInput),
        el('button', { type: 'button', onclick: loadKey }, 'Show')), byKey);
      return loadKey();
    });
  }

  // ---------------------------------------------------------------- logs explorer (logs.js-sized, kept here)

  var LOG_FIELDS = [
    ['f-model', 'Model', 'text'], ['f-provider', 'Provider', 'text'], ['f-status', 'Status code', 'number'],
    ['f-success', 'Success', 'bool'], ['f-cached', 'Cached', 'bool'], ['f-meta-key', 'Metadata key', 'text'],
    ['f-meta-value', 'Metadata value', 'text'], ['f-cost-min', 'Cost ≥', 'number'], ['f-cost-max', 'Cost ≤', 'number'],
    ['f-tokens-min', 'Tokens ≥', 'number'], ['f-tokens-max', 'Tokens ≤', 'number'],
    ['f-from', 'From', 'datetime-local'], ['f-to', 'To', 'datetime-local'], ['f-search', 'Search', 'text']];

  function logsGateway() {
    if (S.gateway !== ALL) return S.gateway;
    return S.gateways.length ? S.gateways[0].id : null;
  }

  function logsQuery(values) {
    var parts = [];
    var n = 0;
    function filter(key, op, value) {
      parts.push('filters[' + n + '][key]=' + enc(key), 'filters[' + n + '][operator]=' + op,
        'filters[' + n + '][value][0]=' + enc(value));
      n++;
    }
    if (values['f-model']) filter('model', 'eq', values['f-model']);
    if (values['f-provider']) filter('provider', 'eq', values['f-provider']);
    if (values['f-status']) filter('status_code', 'eq', values['f-status']);
    if (values['f-success']) filter('success', 'eq', values['f-success']);
    if (values['f-cached']) filter('cached', 'eq', values['f-cached']);
    var mk = values['f-meta-key'];
    var mv = values['f-meta-value'];
    if (mk && mv && /^[A-Za-z0-9_.:-]{1,64}$/.test(mk)) filter('metadata.' + mk, 'eq', mv); // the entry, indexed
    else {
      if (mk) filter('metadata.key', 'eq', mk);
      if (mv) filter('metadata.value', 'eq', mv);
    }
    if (values['f-cost-min']) filter('cost', 'gte', values['f-cost-min']);
    if (values['f-cost-max']) filter('cost', 'lte', values['f-cost-max']);
    if (values['f-tokens-min']) filter('tokens', 'gte', values['f-tokens-min']);
    if (values['f-tokens-max']) filter('tokens', 'lte', values['f-tokens-max']);
    if (values['f-from']) filter('created_at', 'gte', new Date(values['f-from']).toISOString());
    if (values['f-to']) filter('created_at', 'lte', new Date(values['f-to']).toISOString());
    if (values['f-search']) parts.push('search=' + enc(values['f-search']));
    return parts.join('&');
  }

  function logs(page) {
    var gw = logsGateway();
    page.append(el('h1', {}, 'Logs' + (gw ? ': ' + gw : '')));
    if (!gw) { page.append(el('p', { class: 'muted' }, 'No gateways yet.')); return; }
    if (S.gateway === ALL) page.append(el('p', { class: 'muted' }, 'Logs are kept per gateway: choose one above.'));
    var values = S.logFilters || {};
    var inputs = {};
    var form = el('form', { class: 'card filters', id: 'log-filters' });
    LOG_FIELDS.forEach(function (f) {
      var input = f[2] === 'bool'
        ? el('select', { id: f[0] }, el('option', { value: '' }, 'any'), el('option', { value: 'true' }, 'yes'),
          el('option', { value: 'false' }, 'no'))
        : el('input', { id: f[0], type: f[2], step: f[2] === 'number' ? 'any' : null });
      input.value = values[f[0]] || '';
      inputs[f[0]] = input;
      form.append(el('label', {}, f[1], input));
    });
    form.append(el('button', { type: 'submit', id: 'apply-filters' }, 'Apply'),
      el('button', { type: 'button', class: 'secondary', onclick: function () { S.logFilters = {}; route(); } }, 'Clear'));
    var tbody = el('tbody', { id: 'log-rows' });
    var more = el('button', { type: 'button', class: 'secondary', id: 'more', hidden: true }, 'Load more');
    var status = el('p', { class: 'muted', id: 'log-status' });
    var detail = el('div', { class: 'card', id: 'log-detail' }, el('p', { class: 'muted' }, 'Select a log to see it.'));
    page.append(form, el('div', { class: 'logs' }, el('div', { class: 'card' }, el('div', { class: 'table-wrap' },
      el('table', { id: 'log-table' }, el('thead', {}, el('tr', {}, ['Time', 'Provider', 'Model', 'Status', 'Tokens',
        'Cost', 'Duration', 'Cache'].map(function (h, i) {
        return el('th', { class: (i >= 3 ? 'num' : '') + (i === 1 || i === 6 ? ' hide-narrow' : '') }, h);
      }))), tbody)), status, more), detail));
    var cursor = '';
    var query = logsQuery(values);
    function load() {
      status.textContent = 'Loading…';
      var path = base() + '/gateways/' + enc(gw) + '/logs?per_page=50&cursor=' + enc(cursor) + (query ? '&' + query : '');
      return api('GET', path).then(function (r) {
        r.result.forEach(function (l) { tbody.append(logRow(l, gw, detail)); });
        cursor = r.result_info.next_cursor;
        more.hidden = !cursor;
        status.textContent = tbody.children.length ? tbody.children.length + ' logs shown' : 'No logs match.';
      }).catch(function (e) { status.textContent = e.message; });
    }
    more.addEventListener('click', load);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var v = {};
      Object.keys(inputs).forEach(function (k) { v[k] = inputs[k].value.trim(); });
      S.logFilters = v;
      route();
    });
    return load();
  }

  function logRow(l, gw, detail) {
    var tokens = (l.tokens_in || 0) + (l.tokens_out || 0);
    var tr = el('tr', { class: 'row', 'data-id': l.id },
      el('td', {}, fmtTime(l.created_at)), el('td', { class: 'hide-narrow' }, l.provider), el('td', {}, l.model || '–'),
      el('td', { class: 'num ' + (l.success ? 'ok' : 'error') }, l.status_code), el('td', { class: 'num' }, fmtInt(tokens)),
      el('td', { class: 'num' }, fmtCost(l.cost)), el('td', { class: 'num hide-narrow' }, fmtMs(l.duration)),
      el('td', { class: 'num' }, l.cached ? 'HIT' : ''));
    tr.addEventListener('click', function () {
      document.querySelectorAll('#log-rows tr.sel').forEach(function (x) { x.classList.remove('sel'); });
      tr.classList.add('sel');
      showLog(gw, l.id, detail);
    });
    return tr;
  }

  function pretty(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return null; }
  }

  /** A stored body: pretty JSON, an event stream as its events, else the text as it is. */
  function bodyView(text) {
    var json = pretty(text);
    if (json !== null) return el('pre', { class: 'body' }, json);
    if (/^(event|data|id|retry):/m.test(text) && /\n\n/.test(text)) {
      var list = el('ol', { class: 'events' });
      text.split(/\r?\n\r?\n/).forEach(function (block) {
        if (!block.trim()) return;
        var name = 'message';
        var data = [];
        block.split(/\r?\n/).forEach(function (line) {
          if (line.indexOf('event:') === 0) name = line.slice(6).trim();
          else if (line.indexOf('data:') === 0) data.push(line.slice(5).replace(/^ /, ''));
        });
        var d = data.join('\n');
        list.append(el('li', {}, el('code', {}, name), el('pre', { class: 'body' }, pretty(d) || d)));
      });
      return list;
    }
    return el('pre', { class: 'body' }, text);
  }

  function showLog(gw, id, detail) {
    var path = base() + '/gateways/' + enc(gw) + '/logs/' + enc(id);
    fill(detail, el('p', { class: 'muted' }, 'Loading…'));
    return api('GET', path).then(function (r) {
      var l = r.result;
      var kv = el('dl', { class: 'kv' });
      [['Id', l.id], ['Time', fmtTime(l.created_at)], ['Provider', l.provider], ['Model', l.model], ['Path', l.path],
        ['Status', l.status_code + (l.success ? ' (success)' : ' (failed)')], ['Cache', l.cached ? 'HIT' : 'MISS'],
        ['Duration', fmtMs(l.duration)], ['Time to first byte', fmtMs(l.ttfb)],
        ['Tokens in / out', fmtInt(l.tokens_in) + ' / ' + fmtInt(l.tokens_out)], ['Cost', fmtCost(l.cost)],
        ['Event id', l.event_id], ['Step / attempt', (l.step === null || l.step === undefined ? '–' : l.step) + ' / ' + (l.attempt || '–')],
        ['Error', l.error_class]].forEach(function (p) {
        if (p[1] === null || p[1] === undefined) return;
        kv.append(el('dt', {}, p[0]), el('dd', {}, String(p[1])));
      });
      var feedback = el('select', { id: 'feedback' }, el('option', { value: '' }, 'none'),
        el('option', { value: '1' }, '+1 good'), el('option', { value: '0' }, '0'), el('option', { value: '-1' }, '-1 bad'));
      feedback.value = l.feedback === null || l.feedback === undefined ? '' : String(l.feedback);
      var score = el('input', { id: 'score', type: 'number', step: 1, value: l.score === null || l.score === undefined ? '' : l.score });
      var saved = el('span', { class: 'muted', id: 'annotation-status' });
      var save = el('button', { type: 'button', id: 'save-annotation', disabled: S.role !== 'admin' }, 'Save');
      save.addEventListener('click', function () {
        api('PATCH', path, {
          feedback: feedback.value === '' ? null : Number(feedback.value),
          score: score.value === '' ? null : Number(score.value)
        }).then(function () { saved.textContent = 'Saved.'; }).catch(function (e) { saved.textContent = e.message; });
      });
      var usage = l.usage ? el('pre', {}, JSON.stringify(l.usage, null, 2)) : null;
      var request = el('div', { id: 'request-body' }, el('p', { class: 'muted' }, 'Loading…'));
      var response = el('div', { id: 'response-body' }, el('p', { class: 'muted' }, 'Loading…'));
      var attempts = el('div', { id: 'attempts' });
      fill(detail, el('h2', {}, 'Log'), kv,
        l.metadata ? [el('h2', {}, 'Metadata'), el('pre', { id: 'log-metadata' }, pretty(l.metadata) || l.metadata)] : null,
        el('h2', {}, 'Feedback'), el('div', { class: 'toolbar' }, el('label', {}, 'Feedback', feedback),
          el('label', {}, 'Score', score), save, saved),
        usage ? [el('h2', {}, 'Usage'), usage] : null,
        attempts, el('h2', {}, 'Request'), request, el('h2', {}, 'Response'), response);
      ['request', 'response'].forEach(function (w) {
        var host = w === 'request' ? request : response;
        fetch(path + '/' + w, { credentials: 'same-origin' }).then(function (b) {
          return b.text().then(function (text) {
            if (b.ok) { fill(host, bodyView(text)); return; }
            var j = null;
            try { j = JSON.parse(text); } catch (e) { j = null; }
            fill(host, el('p', { class: 'muted' }, j && j.errors ? j.errors[0].message : 'HTTP ' + b.status));
          });
        });
      });
      if (l.event_id) {
        api('GET', base() + '/gateways/' + enc(gw) + '/logs?per_page=20&filters[0][key]=event_id&filters[0][operator]=eq'
          + '&filters[0][value][0]=' + enc(l.event_id)).then(function (a) {
          if (a.result.length < 2) return;
          attempts.append(el('h2', {}, 'Attempts under this event'), el('ul', {}, a.result.map(function (x) {
            var link = el('a', { href: '#/logs' }, (x.step === null ? '' : 'step ' + x.step + ', ') + 'attempt ' + x.attempt + ': '
              + x.provider + ' ' + x.status_code);
            link.addEventListener('click', function (ev) { ev.preventDefault(); showLog(gw, x.id, detail); });
            return el('li', {}, link);
          })));
        }).catch(function () { return null; });
      }
    }).catch(function (e) { fill(detail, el('p', { class: 'error' }, e.message)); });
  }

  // ---------------------------------------------------------------- gateways

  var GATEWAY_FIELDS = [
    ['cache_ttl', 'Cache TTL (seconds)', 'number'], ['cache_invalidate_on_update', 'Purge cache on update', 'checkbox'],
    ['collect_logs', 'Collect logs', 'checkbox'], ['authentication', 'Require gateway token', 'checkbox'],
    ['rate_limiting_limit', 'Rate limit (requests)', 'number'], ['rate_limiting_interval', 'Rate limit interval (s)', 'number'],
    ['rate_limiting_technique', 'Rate limit technique', ['fixed', 'sliding']],
    ['retry_max_attempts', 'Retry attempts', 'number'], ['retry_delay', 'Retry delay (ms)', 'number'],
    ['retry_backoff', 'Retry backoff', ['constant', 'linear', 'exponential']],
    ['log_management', 'Log rows kept', 'number'], ['log_management_strategy', 'When full', ['STOP_INSERTING', 'DELETE_OLDEST']]];

  function gateways(page) {
    page.append(el('h1', {}, 'Gateways'));
    var editor = el('div', { class: 'card', id: 'gateway-editor' }, el('p', { class: 'muted' }, 'Select a gateway to see its settings.'));
    var create = el('button', { type: 'button', id: 'new-gateway', disabled: S.role !== 'admin' }, 'New gateway');
    create.addEventListener('click', function () { editGateway(null, editor); });
    return loadGateways().then(function () {
      var rows = S.gateways.map(function (g) {
        var tr = el('tr', { class: 'row', 'data-id': g.id }, el('td', {}, g.id), el('td', {}, g.source),
          el('td', { class: 'num' }, g.cache_ttl === null ? 'off' : g.cache_ttl + ' s'),
          el('td', {}, g.collect_logs ? 'yes' : 'no'), el('td', {}, g.authentication ? 'yes' : 'no'),
          el('td', { class: 'hide-narrow' }, g.rate_limiting_limit ? g.rate_limiting_limit + ' / ' + g.rate_limiting_interval + ' s' : 'off'));
        tr.addEventListener('click', function () { editGateway(g, editor); });
        return tr;
      });
      page.append(el('div', { class: 'toolbar' }, create), el('div', { class: 'grid2' },
        el('div', { class: 'card table-wrap' }, el('table', { id: 'gateway-table' }, el('thead', {}, el('tr', {},
          ['Id', 'Source', 'Cache TTL', 'Logs', 'Auth', 'Rate limit'].map(function (h) { return el('th', {}, h); }))),
          el('tbody', {}, rows))), editor));
    });
  }

  function editGateway(g, editor) {
    var readOnly = S.role !== 'admin' || (g && g.source === 'config');
    var inputs = {};
    var form = el('form', { class: 'form', id: 'gateway-form' });
    var id = el('input', { id: 'g-id', value: g ? g.id : '', disabled: !!g || readOnly, required: true });
    form.append(el('label', {}, 'Id', id));
    GATEWAY_FIELDS.forEach(function (f) {
      var v = g ? g[f[0]] : null;
      var input;
      if (Array.isArray(f[2])) {
        input = el('select', { id: 'g-' + f[0], disabled: readOnly }, f[2].map(function (o) { return el('option', { value: o }, o); }));
        if (v) input.value = v;
      } else if (f[2] === 'checkbox') {
        input = el('input', { id: 'g-' + f[0], type: 'checkbox', checked: g ? !!v : f[0] === 'collect_logs', disabled: readOnly });
      } else {
        input = el('input', { id: 'g-' + f[0], type: 'number', min: 0, value: v === null || v === undefined ? '' : v, disabled: readOnly });
      }
      inputs[f[0]] = input;
      form.append(el('label', {}, f[1], input));
    });
    var tokens = el('input', { id: 'g-tokens', placeholder: g ? 'unchanged' : 'none', disabled: readOnly });
    form.append(el('label', {}, 'Gateway tokens (comma-separated; write-only)', tokens));
    var msg = el('p', { id: 'gateway-status', class: 'muted' });
    var buttons = el('div', { class: 'toolbar' });
    if (!readOnly) {
      buttons.append(el('button', { type: 'submit', id: 'save-gateway' }, g ? 'Save' : 'Create'));
      if (g) {
        buttons.append(el('button', { type: 'button', class: 'danger', id: 'delete-gateway', onclick: function () {
          if (!window.confirm('Delete gateway ' + g.id + '?')) return;
          api('DELETE', base() + '/gateways/' + enc(g.id)).then(function () { route(); })
            .catch(function (e) { msg.textContent = e.message; });
        } }, 'Delete'));
      }
    }
    form.append(buttons);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = { id: id.value.trim() };
      GATEWAY_FIELDS.forEach(function (f) {
        var input = inputs[f[0]];
        if (f[2] === 'checkbox') body[f[0]] = input.checked;
        else if (Array.isArray(f[2])) body[f[0]] = input.value;
        else body[f[0]] = input.value === '' ? null : Number(input.value);
      });
      if (tokens.value.trim()) body.tokens = tokens.value.split(',').map(function (t) { return t.trim(); }).filter(Boolean);
      var call = g ? api('PUT', base() + '/gateways/' + enc(g.id), body) : api('POST', base() + '/gateways', body);
      call.then(function (r) {
        msg.className = 'ok';
        msg.textContent = 'Saved ' + r.result.id + '.';
        return loadGateways();
      }).catch(function (e) { msg.className = 'error'; msg.textContent = e.message; });
    });
    fill(editor, el('h2', {}, g ? 'Gateway ' + g.id : 'New gateway'),
      readOnly ? el('p', { class: 'muted' }, g && g.source === 'config'
        ? 'Declared in configuration: change it there (read-only here).'
        : 'Read-only session: settings cannot be changed.') : null,
      form, msg);
  }

  // ---------------------------------------------------------------- start

  document.addEventListener('DOMContentLoaded', function () {
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', signOut);
    $('gateway').addEventListener('change', function () { S.gateway = $('gateway').value; route(); });
    window.addEventListener('hashchange', function () { if (!$('app-view').hidden) route(); });
    api('GET', '/dashboard/api/session').then(function (r) { return start(r.result); })
      .catch(function () { showSignIn(''); });
  });
})();
