'use strict';
// The dashboard page: two EventSources (live events, statistics), charts from Chart.js, plain DOM tables.
(function () {
  const MAX_ROWS = 200;
  const RETRY_MS = 2000;
  const $ = (id) => document.getElementById(id);

  let windowName = '1m';
  let lastStats = null;
  let lastEventId = null;   // kept ourselves too: a new EventSource cannot send the Last-Event-ID header
  let eventsSource = null;
  let statsSource = null;
  const open = { events: false, stats: false };

  // ---- connection state -------------------------------------------------------------------------------------
  function setOpen(stream, isOpen) {
    open[stream] = isOpen;
    const ok = open.events && open.stats;
    const el = $('status');
    el.textContent = ok ? 'connected' : 'reconnecting…';
    el.className = 'status ' + (ok ? 'connected' : 'reconnecting');
    el.dataset.state = ok ? 'connected' : 'reconnecting';
  }

  function currentFilters() {
    const f = {};
    const store = $('filter-store').value.trim();
    const type = $('filter-type').value;
    const campaign = $('filter-campaign').value.trim();
    if (store) f.store = store;
    if (type) f.event_type = type;
    if (campaign) f.campaign = campaign;
    return f;
  }

  function connectEvents() {
    if (eventsSource) eventsSource.close();
    const params = new URLSearchParams(currentFilters());
    if (lastEventId) params.set('last_event_id', lastEventId);
    const source = new EventSource('/api/events/stream?' + params.toString());
    eventsSource = source;
    source.onopen = () => setOpen('events', true);
    source.addEventListener('events', (e) => {
      setOpen('events', true);
      lastEventId = e.lastEventId;
      addRows(JSON.parse(e.data));
    });
    source.addEventListener('reset', () => {
      // what we showed is older than the server's buffer (it restarted, say): start over
      clearRows();
      $('live-note').textContent = '(reloaded after a gap)';
    });
    source.addEventListener('dropped', (e) => {
      lastEventId = e.lastEventId;
      const n = JSON.parse(e.data).dropped_events;
      $('live-note').textContent = '(' + n + ' events skipped: this page fell behind)';
    });
    source.onerror = () => {
      setOpen('events', false);
      // the browser retries by itself unless the server answered with an error: then we do
      if (source.readyState === EventSource.CLOSED && eventsSource === source) {
        setTimeout(() => { if (eventsSource === source) connectEvents(); }, RETRY_MS);
      }
    };
  }

  function connectStats() {
    if (statsSource) statsSource.close();
    const source = new EventSource('/api/stats/stream');
    statsSource = source;
    source.onopen = () => setOpen('stats', true);
    source.addEventListener('stats', (e) => {
      setOpen('stats', true);
      lastStats = JSON.parse(e.data);
      renderStats();
    });
    source.onerror = () => {
      setOpen('stats', false);
      if (source.readyState === EventSource.CLOSED && statsSource === source) {
        setTimeout(() => { if (statsSource === source) connectStats(); }, RETRY_MS);
      }
    };
  }

  // ---- live table -------------------------------------------------------------------------------------------
  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function addRows(events) {
    const tbody = document.querySelector('#events-table tbody');
    const fragment = document.createDocumentFragment();
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      const tr = document.createElement('tr');
      tr.className = 'fresh';
      tr.dataset.store = e.store_id;
      tr.dataset.type = e.event_type;
      cell(tr, (e.event_time || '').replace('T', ' ').replace('Z', ''));
      cell(tr, e.store_id);
      cell(tr, e.event_type);
      cell(tr, e.session_id);
      cell(tr, e.product_id);
      cell(tr, e.price == null ? '' : Number(e.price).toFixed(2) + (e.quantity > 1 ? ' × ' + e.quantity : ''), 'num');
      cell(tr, e.utm_campaign);
      cell(tr, e.ad_id);
      cell(tr, e.device);
      cell(tr, e.country);
      fragment.appendChild(tr);
    }
    tbody.insertBefore(fragment, tbody.firstChild);
    while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(tbody.rows.length - 1);
  }

  function clearRows() {
    document.querySelector('#events-table tbody').replaceChildren();
  }

  // ---- statistics -------------------------------------------------------------------------------------------
  const fmt = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = (x) => (x == null ? '–' : (x * 100).toFixed(1) + ' %');
  const time = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });

  let rateChart, storeChart, typeChart;
  function makeCharts() {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    rateChart = new Chart($('rate-chart'), {
      type: 'line',
      data: { labels: [], datasets: [{ label: 'events/s', data: [], borderColor: '#3d6fd8', backgroundColor: 'rgba(61,111,216,.15)', fill: true, pointRadius: 0, tension: 0.2 }] },
      options: { plugins: { legend: { display: false } }, scales: { x: { ticks: { maxTicksLimit: 8, maxRotation: 0 } }, y: { beginAtZero: true } } }
    });
    storeChart = new Chart($('store-chart'), {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'events/s', data: [], backgroundColor: '#3d6fd8' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } }
    });
    typeChart = new Chart($('type-chart'), {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'events', data: [], backgroundColor: '#e08a2e' }] },
      options: { plugins: { legend: { display: false } } }
    });
  }

  function setChart(chart, labels, values) {
    if (!chart) return;
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.update('none');
  }

  function fillTable(id, rows) {
    const tbody = document.querySelector('#' + id + ' tbody');
    tbody.replaceChildren(...rows.map((values) => {
      const tr = document.createElement('tr');
      values.forEach((v) => {
        if (v instanceof Node) { const td = document.createElement('td'); td.appendChild(v); tr.appendChild(td); }
        else cell(tr, v, typeof v === 'number' ? 'num' : null);
      });
      return tr;
    }));
  }

  function renderStats() {
    const s = lastStats;
    if (!s) return;
    const w = s.windows[windowName];
    $('kpi-rate').textContent = fmt.format(w.events_per_second);
    $('kpi-events').textContent = w.events.toLocaleString('en');
    $('total-events').textContent = s.total_events.toLocaleString('en');
    $('kpi-sessions').textContent = w.active_sessions.toLocaleString('en');
    $('kpi-conversion').textContent = pct(w.funnel.overall_conversion);
    const lag = s.sink_lag;
    $('kpi-sink-lag').textContent = lag.status === 'ok' ? lag.total.toLocaleString('en') : '–';
    $('kpi-sink-status').textContent = lag.status === 'ok' ? 'group ' + lag.group_id : lag.status + (lag.message ? ': ' + lag.message : '');
    $('kpi-own-lag').textContent = s.consumer_lag < 0 ? '–' : s.consumer_lag.toLocaleString('en');

    setChart(rateChart, w.series.map((p) => time(p.t)), w.series.map((p) => p.events_per_second));
    setChart(storeChart, w.by_store.map((x) => x.store_id), w.by_store.map((x) => x.events_per_second));
    const types = Object.keys(w.by_event_type);
    setChart(typeChart, types, types.map((t) => w.by_event_type[t]));

    const top = w.funnel.steps.length ? Math.max(1, w.funnel.steps[0].sessions) : 1;
    fillTable('funnel', w.funnel.steps.map((st) => {
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.style.width = Math.round(100 * st.sessions / top) + '%';
      return [st.step, st.sessions, pct(st.conversion), bar];
    }));
    fillTable('top-products', w.top_products.map((p) => [p.product_id, p.product_id % 10 + 1, p.events, p.purchases]));
    const attribution = (a) => [a.name, a.events, a.clicks, a.purchases, money.format(a.revenue)];
    fillTable('campaigns', w.campaigns.slice(0, 15).map(attribution));
    fillTable('ads', w.ads.slice(0, 15).map(attribution));

    const stores = $('known-stores');
    const known = new Set([...stores.options].map((o) => o.value));
    w.by_store.forEach((x) => { if (!known.has(x.store_id)) { const o = document.createElement('option'); o.value = x.store_id; stores.appendChild(o); } });
  }

  // ---- controls ---------------------------------------------------------------------------------------------
  document.querySelectorAll('.window-toggle button').forEach((b) => b.addEventListener('click', () => {
    windowName = b.dataset.window;
    document.querySelectorAll('.window-toggle button').forEach((x) => x.classList.toggle('active', x === b));
    renderStats();
  }));
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    lastEventId = null;   // a new filter starts with the latest matching events
    clearRows();
    $('live-note').textContent = '';
    connectEvents();
  });
  $('clear-filters').addEventListener('click', () => {
    $('filter-store').value = '';
    $('filter-type').value = '';
    $('filter-campaign').value = '';
    $('filters').requestSubmit();
  });

  makeCharts();
  connectEvents();
  connectStats();
})();
