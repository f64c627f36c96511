import { clock, el, markLoaded, replace, showError, table, text } from './dom.js';
import { getJson } from './api.js';
import { live, refresher } from './live.js';
import { shell } from './shell.js';

// Chart is the global of the Chart.js UMD bundle served from the webjar.
const hazardsChart = new Chart(document.getElementById('chart-hazards'), {
  type: 'line',
  data: { labels: [], datasets: [
    { label: 'hazards', data: [], borderColor: '#d97706', backgroundColor: '#d97706' },
    { label: 'failures', data: [], borderColor: '#dc2626', backgroundColor: '#dc2626' },
    { label: 'policies', data: [], borderColor: '#2563eb', backgroundColor: '#2563eb' },
  ] },
  options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});

const eventsChart = new Chart(document.getElementById('chart-events'), {
  type: 'bar',
  data: { labels: [], datasets: [{ label: 'events', data: [], backgroundColor: '#64748b' }] },
  options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});

function renderCharts(series) {
  const labels = series.map((p) => clock(p.bucketStart));
  hazardsChart.data.labels = labels;
  hazardsChart.data.datasets[0].data = series.map((p) => p.hazards);
  hazardsChart.data.datasets[1].data = series.map((p) => p.failures);
  hazardsChart.data.datasets[2].data = series.map((p) => p.policies);
  hazardsChart.update('none');
  eventsChart.data.labels = labels;
  eventsChart.data.datasets[0].data = series.map((p) => p.events);
  eventsChart.update('none');
}

function render(o) {
  text('stat-hosts', o.hosts);
  text('stat-stale', o.staleHosts);
  text('stat-guests-running', o.guestsRunning);
  text('stat-guests-tracked', o.guestsTracked);
  text('stat-rate', o.eventsPerSecond.toFixed(1));
  text('stat-events', o.eventsTotal);
  text('stat-policies', o.policies);
  text('stat-rollouts', o.activeRollouts);
  text('stat-dead-letters', o.deadLetters);
  replace('profiles', table(['Xen profile', 'FIFO built in', 'Hosts'],
    o.hostsByProfile.map((p) => ({ cells: [p.xenProfile, p.fifoBuiltIn ? 'yes' : 'no', p.hosts] }))));
  renderCharts(o.series);
}

const load = refresher(async () => {
  try {
    render(await getJson('/api/overview'));
    replace('error');
    markLoaded();
  } catch (e) {
    showError('error', e);
  }
});

await shell('index.html');
await load();
// The rate decays and heartbeats age even when nothing changed, so the overview refreshes every tick.
live(() => load());
