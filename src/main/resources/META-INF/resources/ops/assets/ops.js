// bri-context ops dashboard. The page holds no data: everything comes from token-protected JSON endpoints.
// All text from the server goes through textContent (log messages are untrusted input).
(function () {
  'use strict';
  const TOKEN_KEY = 'bri.ops.token';
  const TAIL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  let lastSeq = 0;
  let tailTimer = null;
  let timelineChart = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === undefined || c === null) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function status(text) { $('status').textContent = text; }
  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  class HttpError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ Authorization: 'Bearer ' + token(), Accept: 'application/json' }, init.headers);
    const response = await fetch(path, init);
    if (response.status === 401 || response.status === 403) {
      disconnect('The admin token was refused (' + response.status + '). Enter a valid token.');
      throw new HttpError(response.status, 'unauthorized');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { const p = await response.json(); detail = p.detail || p.title || detail; } catch (e) { /* not JSON */ }
      throw new HttpError(response.status, detail);
    }
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') && !type.includes('ndjson') ? response.json() : response.text();
  }

  // ---- token -----------------------------------------------------------------------------------------------------
  function connect() {
    $('app').hidden = false;
    $('disconnect').hidden = false;
    for (const id of ['token', 'connect', 'token-help']) $(id).hidden = true;
    document.querySelector('label[for=token]').hidden = true;
    $('token').value = '';
    status('Connected.');
    loadLogs(true).catch(report);
  }

  function disconnect(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopTail();
    $('app').hidden = true;
    $('disconnect').hidden = true;
    for (const id of ['token', 'connect', 'token-help']) $(id).hidden = false;
    document.querySelector('label[for=token]').hidden = false;
    status(message || 'Disconnected.');
    $('token').focus();
  }

  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    connect();
  });
  $('disconnect').addEventListener('click', () => disconnect());

  // ---- tabs (WAI-ARIA tabs pattern: arrows, Home, End move and activate) ------------------------------------------
  const tabs = Array.from(document.querySelectorAll('[role=tab]'));
  const loaders = { logs: () => loadLogs(true), charts: loadCharts, analytics: loadAnalytics, performance: loadPerformance,
    errors: loadErrors, backups: loadBackups, health: loadHealth };

  function select(tab) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    tab.focus();
    const name = tab.id.replace('tab-', '');
    loaders[name]().catch(report);
  }

  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (e) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (e.key in moves) {
        e.preventDefault();
        select(tabs[(moves[e.key] + tabs.length) % tabs.length]);
      }
    });
  });

  function report(error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return;
    status('Could not load: ' + error.message);
  }

  // ---- logs --------------------------------------------------------------------------------------------------------
  function isoOrEmpty(local) {
    // datetime-local values are read as UTC, like every time on this page
    return local ? new Date(local + (local.length === 16 ? ':00' : '') + 'Z').toISOString() : '';
  }

  function filterQuery() {
    const p = new URLSearchParams();
    const add = (k, v) => { if (v) p.set(k, v); };
    add('level', $('f-level').value);
    add('component', $('f-component').value.trim());
    add('since', isoOrEmpty($('f-since').value));
    add('until', isoOrEmpty($('f-until').value));
    add('q', $('f-q').value.trim());
    return p;
  }

  function logRow(r) {
    const message = el('td', {}, r.message);
    const fields = Object.entries(r.fields || {}).map(([k, v]) => k + '=' + v).join(' ');
    if (fields) message.append(el('div', { class: 'fields' }, fields));
    if (r.exception) message.append(el('details', {}, el('summary', {}, 'stack trace'), el('pre', {}, r.exception)));
    return el('tr', { 'data-seq': r.seq }, el('td', {}, r.time.replace('T', ' ').replace('Z', '').slice(0, 23)),
      el('td', { class: 'lvl-' + r.level }, r.level), el('td', {}, r.logger), message);
  }

  async function loadLogs(replace) {
    const q = filterQuery();
    q.set('limit', '500');
    if (!replace) q.set('after', String(lastSeq));
    const page = await api('/ops/api/logs?' + q);
    const body = $('log-table').tBodies[0];
    if (replace) body.replaceChildren();
    for (const r of page.records) body.prepend(logRow(r)); // newest first
    while (body.rows.length > 1000) body.deleteRow(body.rows.length - 1);
    lastSeq = page.last_seq;
    $('log-count').textContent = body.rows.length + ' records shown (newest first; buffer keeps the last '
      + page.capacity + ').';
    const names = new Set(Array.from(body.rows, (row) => row.cells[2].textContent));
    $('components').replaceChildren(...Array.from(names).sort().map((n) => el('option', { value: n })));
  }

  function stopTail() { if (tailTimer) { clearInterval(tailTimer); tailTimer = null; } $('live').checked = false; }

  $('log-filter').addEventListener('submit', (e) => { e.preventDefault(); loadLogs(true).catch(report); });
  $('live').addEventListener('change', () => {
    if ($('live').checked) {
      tailTimer = setInterval(() => loadLogs(false).catch(report), TAIL_MS);
    } else {
      stopTail();
    }
  });
  $('download').addEventListener('click', async () => {
    try {
      const text = await api('/ops/api/logs/download?' + filterQuery(), { headers: { Accept: 'application/x-ndjson' } });
      const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
      const a = el('a', { href: url, download: 'bri-logs.ndjson' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status('Downloaded ' + (text ? text.trim().split('\n').length : 0) + ' records.');
    } catch (e) { report(e); }
  });

  // ---- analytics ---------------------------------------------------------------------------------------------------
  async function loadAnalytics() {
    const a = await api('/ops/api/analytics?' + filterQuery());
    const max = Math.max(1, ...Object.values(a.levels));
    $('level-bars').replaceChildren(...Object.entries(a.levels).map(([level, n]) => el('li', {},
      el('span', { class: 'lvl-' + level }, level),
      el('span', { class: 'bar', style: 'width:' + (100 * n / max) + '%', role: 'presentation' }),
      el('span', { class: 'num' }, n))));
    $('top-components').tBodies[0].replaceChildren(...a.components.map((c) =>
      el('tr', {}, el('td', {}, c.logger), el('td', { class: 'num' }, c.count))));
    drawTimeline(a);
  }

  function drawTimeline(a) {
    const levels = ['ERROR', 'WARN', 'INFO', 'DEBUG'];
    const xs = a.timeline.map((b) => b.start_millis / 1000);
    const data = [xs, ...levels.map((l) => a.timeline.map((b) => b.levels[l] || 0))];
    $('timeline-summary').textContent = a.total + ' records in ' + a.timeline.length + ' buckets of '
      + a.bucket_seconds + ' s.';
    const container = $('timeline');
    if (timelineChart) { timelineChart.destroy(); timelineChart = null; }
    container.replaceChildren();
    if (typeof uPlot === 'undefined' || xs.length === 0) return;
    const colors = { ERROR: '#b42318', WARN: '#8a5a00', INFO: '#1f6f43', DEBUG: '#57606a' };
    timelineChart = new uPlot({
      width: Math.max(320, container.clientWidth || 800), height: 240,
      series: [{ label: 'time (UTC)' }, ...levels.map((l) => ({ label: l, stroke: colors[l], width: 2 }))],
      axes: [{}, { label: 'records' }],
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    }, data, container);
  }

  // ---- performance -------------------------------------------------------------------------------------------------
  const ms = (v) => (v === null || v === undefined ? '–' : Number(v).toFixed(1));
  function latencyRows(rows) {
    return rows.map((r) => el('tr', {}, el('td', {}, r.name), el('td', { class: 'num' }, r.count),
      el('td', { class: 'num' }, r.errors), el('td', { class: 'num' }, ms(r.mean_ms)), el('td', { class: 'num' }, ms(r.p50_ms)),
      el('td', { class: 'num' }, ms(r.p95_ms)), el('td', { class: 'num' }, ms(r.p99_ms)), el('td', { class: 'num' }, ms(r.max_ms))));
  }

  async function loadPerformance() {
    const p = await api('/ops/api/performance');
    $('perf-http').tBodies[0].replaceChildren(...latencyRows(p.http));
    $('perf-db').tBodies[0].replaceChildren(...latencyRows(p.database));
    $('perf-cache').tBodies[0].replaceChildren(...(p.caches.length ? p.caches.map((c) => el('tr', {},
      el('td', {}, c.name), el('td', { class: 'num' }, c.hits), el('td', { class: 'num' }, c.misses),
      el('td', { class: 'num' }, c.hit_ratio === null ? '–' : (100 * c.hit_ratio).toFixed(1) + ' %'),
      el('td', { class: 'num' }, c.entries === null ? '–' : c.entries))) :
      [el('tr', {}, el('td', { colspan: 5 }, 'No cache counters yet.'))]));
  }

  // ---- errors ------------------------------------------------------------------------------------------------------
  async function loadErrors() {
    const page = await api('/ops/api/errors');
    $('error-count').textContent = page.groups.length + ' error groups.';
    $('error-groups').replaceChildren(...page.groups.map((g) => el('li', { 'data-fingerprint': g.fingerprint },
      el('strong', {}, g.exception_class || g.logger), ' — ', g.message,
      el('div', { class: 'fields' }, 'fingerprint ' + g.fingerprint + ' · ' + g.count + '× · first ' + g.first_seen
        + ' · last ' + g.last_seen + (g.example_request_id ? ' · request ' + g.example_request_id : '')),
      g.example_stack ? el('details', {}, el('summary', {}, 'example stack'), el('pre', {}, g.example_stack)) : null)));
  }

  // ---- backups -----------------------------------------------------------------------------------------------------
  const pick = (o, ...keys) => { for (const k of keys) if (o && o[k] !== undefined && o[k] !== null) return o[k]; return null; };
  function age(iso) {
    if (!iso) return '–';
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    return s < 120 ? Math.round(s) + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : s < 172800 ? (s / 3600).toFixed(1) + ' h' : (s / 86400).toFixed(1) + ' d';
  }
  function bytes(n) {
    if (n === null || n === undefined) return '–';
    const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0; let v = Number(n);
    while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return v.toFixed(i ? 1 : 0) + ' ' + u[i];
  }
  function verification(b) {
    const v = pick(b, 'verification', 'verified', 'status');
    if (v === true) return 'verified';
    if (v === false) return 'not verified';
    if (v && typeof v === 'object') return pick(v, 'status', 'state', 'result') || JSON.stringify(v);
    return v || '–';
  }
  const isGood = (b) => /^(passed|verified|ok)/i.test(String(verification(b)));

  async function loadBackups() {
    const data = await api('/admin/backups');
    const list = Array.isArray(data) ? data : (pick(data, 'backups', 'items') || []);
    const created = (b) => pick(b, 'created_at', 'createdAt', 'time');
    const good = list.filter(isGood).sort((a, b) => Date.parse(created(b)) - Date.parse(created(a)));
    const problems = pick(data, 'problems') || [];
    $('backup-summary').textContent = list.length + ' backups. Last good (verified) backup: '
      + (good.length ? pick(good[0], 'id', 'name') + ', ' + age(created(good[0])) + ' old.' : 'none.')
      + (problems.length ? ' ' + problems.length + ' files in the backup directory are not valid backups.' : '');
    $('backup-table').tBodies[0].replaceChildren(...list.map((b) => el('tr', {},
      el('td', {}, pick(b, 'id', 'name', 'file')), el('td', {}, (created(b) || '').replace('T', ' ').replace('Z', '')), el('td', {}, age(created(b))),
      el('td', { class: 'num' }, bytes(pick(b, 'backup_bytes', 'size_bytes', 'size'))), el('td', { class: isGood(b) ? 'ok' : /fail/i.test(verification(b)) ? 'bad' : 'warn' }, verification(b)))));
    await loadChecks();
  }

  // the restore drill (rebuild of the archive compared with the live database) and the live quick_check
  function drillText(r) {
    if (!r) return 'Restore drill: none since the service started.';
    const when = ' (' + age(r.started_at) + ' ago, ' + r.duration_seconds + ' s)';
    if (r.result === 'passed') {
      return 'Restore drill: passed' + when + ': chain ' + r.chain + ' rebuilt through transaction ' + r.through_tx
        + ' (last commit ' + (r.reached_commit_at || 'in the base') + '), ' + Object.keys(r.row_counts || {}).length
        + ' tables with the live row counts.';
    }
    if (r.result === 'failed') {
      const diff = (r.mismatches || []).map((m) => m.table + ' live ' + m.live + ' rebuilt ' + m.rebuilt).join('; ');
      return 'Restore drill: FAILED at ' + r.stage + when + ': ' + r.detail + (diff ? ' [' + diff + ']' : '') + '.';
    }
    return 'Restore drill: ' + r.result + when + ': ' + r.detail + '.';
  }
  function checkText(r) {
    if (!r) return 'Live quick_check: none since the service started.';
    return 'Live quick_check: ' + (r.result === 'failed' ? 'FAILED' : r.result) + ' (' + age(r.started_at) + ' ago, '
      + r.duration_seconds + ' s): ' + r.detail + (r.problems && r.problems.length ? ' [' + r.problems.slice(0, 5).join('; ') + ']' : '') + '.';
  }
  function mark(id, r, bad) { $(id).className = !r ? '' : bad.includes(r.result) ? 'bad' : /passed|ok/.test(r.result) ? 'ok' : 'warn'; }
  async function loadChecks() {
    try {
      const drill = await api('/admin/backups/drill');
      $('drill-summary').textContent = drillText(drill.last) + (drill.scheduled ? ' Scheduled: ' + drill.cron + ' (UTC).' : ' Not scheduled.');
      mark('drill-summary', drill.last, ['failed']);
    } catch (e) {
      $('drill-summary').textContent = 'Restore drill: ' + e.message;
    }
    try {
      const check = await api('/admin/storage/quick-check');
      $('quick-check-summary').textContent = checkText(check.last) + (check.scheduled ? ' Scheduled: ' + check.cron + ' (UTC).' : ' Not scheduled.');
      mark('quick-check-summary', check.last, ['failed']);
    } catch (e) {
      $('quick-check-summary').textContent = 'Live quick_check: ' + e.message;
    }
  }
  async function runCheck(button, path, running, text) {
    button.disabled = true;
    $('drill-status').textContent = running;
    try {
      const r = await api(path, { method: 'POST' });
      $('drill-status').textContent = text(r);
      await loadChecks();
    } catch (e) {
      $('drill-status').textContent = running.replace('running…', 'could not run: ') + e.message;
    } finally {
      button.disabled = false;
    }
  }
  $('start-drill').addEventListener('click', () => runCheck($('start-drill'), '/admin/backups/drill', 'Restore drill running…', drillText));
  $('start-quick-check').addEventListener('click', () => runCheck($('start-quick-check'), '/admin/storage/quick-check', 'quick_check running…', checkText));

  $('start-backup').addEventListener('click', async () => {
    const button = $('start-backup');
    button.disabled = true;
    $('backup-status').textContent = 'Backup running…';
    try {
      const result = await api('/admin/backups', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ verify: true }) });
      const b = pick(result, 'backup') || result;
      $('backup-status').textContent = 'Backup ' + (pick(b, 'id', 'name') || '') + ' finished: ' + verification(b) + '.';
      await loadBackups();
    } catch (e) {
      $('backup-status').textContent = 'Backup failed: ' + e.message;
    } finally {
      button.disabled = false;
    }
  });

  // ---- health ------------------------------------------------------------------------------------------------------
  function cell(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? Object.entries(v).map(([k, x]) => k + '=' + (typeof x === 'object' ? JSON.stringify(x) : x)).join(', ') : String(v);
  }

  async function loadHealth() {
    const h = await api('/admin/health');
    const overall = pick(h, 'status', 'overall') || '–';
    $('health-overall').replaceChildren('Overall: ', el('span', { class: 'status-' + overall }, overall));
    const components = pick(h, 'components', 'checks') || [];
    const list = Array.isArray(components) ? components : Object.entries(components).map(([k, v]) => Object.assign({ component: k }, v));
    $('health-components').tBodies[0].replaceChildren(...list.map((c) => {
      const st = pick(c, 'status', 'state') || '';
      return el('tr', {}, el('td', {}, pick(c, 'component', 'name')), el('td', { class: 'status-' + st }, st),
        el('td', {}, pick(c, 'summary', 'message') || ''), el('td', {}, cell(pick(c, 'details', 'data'))));
    }));
    const breakers = pick(h, 'breakers', 'circuit_breakers') || [];
    const blist = Array.isArray(breakers) ? breakers : Object.entries(breakers).map(([k, v]) => ({ name: k, state: typeof v === 'object' ? pick(v, 'state') : v }));
    $('health-breakers').tBodies[0].replaceChildren(...blist.map((b) => {
      const st = pick(b, 'state', 'status') || '';
      return el('tr', {}, el('td', {}, pick(b, 'name', 'breaker', 'component')), el('td', { class: 'status-' + st }, st));
    }));
    const events = pick(h, 'recent_events', 'events') || [];
    const rates = pick(h, 'cache_hit_rates') || {};
    $('health-overall').append(' · checked ' + (pick(h, 'checked_at') || '–') + ' · cache hit rates: '
      + (Object.entries(rates).map(([t, r]) => t + ' ' + (r === null || isNaN(r) || r < 0 ? '–' : (100 * r).toFixed(1) + ' %')).join(', ') || '–'));
    $('health-events').tBodies[0].replaceChildren(...(events.length ? [] : [el('tr', {}, el('td', { colspan: 4 }, 'No degradation events.'))]), ...events.map((e) => el('tr', {},
      el('td', {}, (pick(e, 'at', 'time') || '').replace('T', ' ').replace('Z', '')), el('td', {}, pick(e, 'component')),
      el('td', {}, pick(e, 'event')), el('td', {}, (pick(e, 'detail') || '') + (e.suppressed ? ' (+' + e.suppressed + ' similar)' : '')))));
  }

  // ---- charts (uPlot) -----------------------------------------------------------------------------------------------
  // Every chart is one uPlot instance, kept in window.briCharts so that the browser test can read what was drawn.
  const charts = window.briCharts = {};
  const PALETTE = ['#0b5cad', '#b42318', '#1f6f43', '#8a5a00', '#6f42c1', '#0e7490', '#be185d', '#4b5563', '#65a30d'];
  const HEALTH_COLORS = ['#1f6f43', '#8a5a00', '#b42318'];
  const HEALTH_NAMES = ['healthy', 'degraded', 'unhealthy'];
  let chartData = null;

  // Vertical lines where the overall health changed, on every time chart.
  function healthMarks(changes) {
    return { hooks: { draw: [(u) => {
      const ctx = u.ctx;
      for (const c of changes) {
        const x = u.valToPos(c.t, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.save();
        ctx.strokeStyle = HEALTH_COLORS[c.to] || '#000';
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      }
    }] } };
  }

  function chartWidth(box) { return Math.max(260, Math.floor(box.getBoundingClientRect().width) || 600); }

  function draw(id, xs, lines, opts) {
    const box = $(id);
    if (charts[id]) { charts[id].destroy(); delete charts[id]; }
    const drawn = lines.filter((l) => l.values.some((v) => v !== null && v !== undefined));
    box.dataset.series = String(drawn.length);
    if (!drawn.length || !xs.length) {
      box.replaceChildren(el('p', { class: 'empty' }, 'No data in this range yet.'));
      return;
    }
    box.replaceChildren();
    const o = opts || {};
    charts[id] = new uPlot({
      width: chartWidth(box), height: 220,
      series: [{}].concat(drawn.map((l, i) => ({ label: l.label, stroke: l.color || PALETTE[i % PALETTE.length],
        width: 2, spanGaps: false, points: { show: o.points || false, size: 6, fill: l.color || PALETTE[i % PALETTE.length] },
        paths: o.points ? () => null : undefined, scale: l.scale || 'y' }))),
      axes: [{}, { scale: 'y', size: 56 }].concat(o.y2 ? [{ scale: 'y2', side: 1, grid: { show: false }, size: 50 }] : []),
      scales: Object.assign({ x: { time: true } }, o.scales || {}),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      plugins: o.marks ? [healthMarks(o.marks)] : [],
    }, [xs].concat(drawn.map((l) => l.values)), box);
  }

  const byKind = (data, kind) => Object.keys(data.series).filter((k) => k.startsWith(kind + '|'))
    .map((k) => ({ group: k.slice(kind.length + 1), values: data.series[k] }));

  function drawCharts() {
    const d = chartData;
    if (!d) return;
    const xs = d.t;
    const marks = d.health_changes;
    const rates = byKind(d, 'http.rate');
    // rates start at zero; a flat zero line gets a 0-1 axis rather than uPlot's 0-100
    const fromZero = { y: { range: (u, min, max) => [0, Math.max(1, max)] } };
    draw('chart-rate', xs, rates.map((r) => ({ label: r.group, values: r.values })), { marks, scales: fromZero });
    draw('chart-errors', xs, byKind(d, 'http.errors').map((r) => ({ label: r.group, values: r.values })),
      { marks, scales: fromZero });
    const select = $('latency-group');
    const groups = rates.map((r) => r.group);
    const busiest = rates.map((r) => [r.group, r.values.reduce((a, v) => a + (v || 0), 0)]).sort((a, b) => b[1] - a[1]);
    const wanted = groups.includes(select.value) ? select.value : (busiest.length ? busiest[0][0] : '');
    select.replaceChildren(...groups.map((g) => el('option', { value: g }, g)));
    select.value = wanted;
    draw('chart-latency', xs, ['p50', 'p95', 'p99'].map((q, i) => ({ label: wanted + ' ' + q,
      values: d.series['http.' + q + '|' + wanted] || [], color: PALETTE[i] })), { marks });
    draw('chart-db', xs, ['p50', 'p95', 'p99'].map((q, i) => ({ label: 'database ' + q,
      values: d.series['db.' + q] || [], color: PALETTE[i] })), { marks });
    draw('chart-cache', xs, byKind(d, 'cache.hit').map((r) => ({ label: r.group,
      values: r.values.map((v) => (v === null ? null : 100 * v)) })), { marks, scales: { y: { range: [0, 100] } } });
    const lags = ['archive', 'offsite'].filter((k) => d.series['lag.' + k]);
    $('fig-lag').hidden = lags.length === 0;
    if (lags.length) {
      draw('chart-lag', xs, lags.map((k, i) => ({ label: k + ' lag', values: d.series['lag.' + k], color: PALETTE[i] })), { marks });
    }
    $('chart-summary').textContent = 'One point every ' + d.step_seconds + ' s (sampled every ' + d.sample_seconds
      + ' s); percentiles over the last ' + Math.round(d.percentile_window_seconds / 60) + ' min, never above that window\'s maximum. Times in UTC.';
    $('health-changes').replaceChildren(...(marks.length ? marks.map((c) => el('li', {},
      new Date(c.t * 1000).toISOString().replace('T', ' ').replace('.000Z', '') + ': ' + HEALTH_NAMES[c.from] + ' → '
      + HEALTH_NAMES[c.to])) : [el('li', {}, 'No health change in this range.')]));
  }

  async function drawBackups() {
    const data = await api('/admin/backups');
    const list = (Array.isArray(data) ? data : (pick(data, 'backups', 'items') || []))
      .map((b) => ({ t: Date.parse(pick(b, 'created_at', 'createdAt')) / 1000, b }))
      .filter((x) => !isNaN(x.t)).sort((a, b) => a.t - b.t);
    const xs = list.map((x) => x.t);
    const mib = (b) => (pick(b, 'backup_bytes', 'size_bytes') || 0) / 1048576;
    draw('chart-backups', xs, [
      { label: 'size MiB', values: list.map((x) => mib(x.b)) },
      { label: 'duration s', values: list.map((x) => pick(x.b, 'duration_seconds') || 0), scale: 'y2', color: PALETTE[2] },
      { label: 'verification failed', values: list.map((x) => (/fail/i.test(String(verification(x.b))) ? mib(x.b) : null)), color: PALETTE[1] },
    ], { points: true, y2: true });
  }

  async function loadCharts() {
    chartData = await api('/ops/api/charts?range=' + encodeURIComponent($('chart-range').value));
    drawCharts();
    await drawBackups();
  }

  $('chart-range').addEventListener('change', () => loadCharts().catch(report));
  $('chart-refresh').addEventListener('click', () => loadCharts().catch(report));
  $('latency-group').addEventListener('change', () => drawCharts());
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const u of Object.values(charts)) u.setSize({ width: chartWidth(u.root.parentNode), height: 220 });
    }, 150);
  });

  // ---- start -------------------------------------------------------------------------------------------------------
  if (token()) connect(); else $('token').focus();
}());
