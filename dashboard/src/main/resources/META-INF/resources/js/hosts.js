import { el, markLoaded, replace, showError, table, text } from './dom.js';
import { getJson } from './api.js';
import { live, refresher } from './live.js';
import { shell } from './shell.js';

const load = refresher(async () => {
  try {
    const view = await getJson('/api/hosts');
    text('count', `${view.total} hosts, ${view.stale} stale (no heartbeat lately), ${view.alarmed} alarmed`
      + ' (outbox full or events refused); stale hosts are listed first, then alarmed ones');
    replace('hosts', table(['Host', 'Xen profile', 'FIFO built in', 'Agent', 'Heartbeat age', 'Outbox depth',
      'Outbox fill', 'Events refused', 'Alarm', 'Last policy version', 'Policy table', 'Domains'],
    view.hosts.map((h) => ({
      host: h,
      cells: [h.hostId, h.xenProfile, h.fifoBuiltIn ? 'yes' : 'no', h.agentVersion, `${h.heartbeatAgeSeconds} s`,
        h.outboxDepth, h.outboxFillPercent === null ? '–' : `${h.outboxFillPercent.toFixed(0)}%`, h.eventsRefused,
        h.alarm || '', h.lastPolicyVersion === null ? '–' : `v${h.lastPolicyVersion}`, h.policyTableSize,
        h.domainsRunning],
    })), (row) => ({
      class: [row.host.stale ? 'stale' : null, row.host.alarmed ? 'alarm' : null].filter(Boolean).join(' ') || null,
      'data-host-id': row.host.hostId,
    })));
    replace('error');
  } catch (e) {
    showError('error', e);
  }
  markLoaded();
});

await shell('hosts.html');
await load();
// Heartbeat ages grow every second, so the table refreshes on every tick.
live(() => load());
