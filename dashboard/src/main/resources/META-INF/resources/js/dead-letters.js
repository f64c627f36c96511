import { markLoaded, replace, showError, table, text, time } from './dom.js';
import { getJson } from './api.js';
import { live, refresher } from './live.js';
import { shell } from './shell.js';

function counts(map) {
  return table(['', 'Records'], Object.entries(map).map(([name, n]) => ({ cells: [name, n] })));
}

const load = refresher(async () => {
  try {
    const view = await getJson('/api/dead-letters');
    text('stat-total', view.total);
    text('stat-dashboard', view.dashboardDecodeFailures);
    replace('by-kind', counts(view.byKind));
    replace('by-source', counts(view.bySourceTopic));
    replace('sample', table(['Failed at', 'Source', 'Kind', 'Message', 'Component', 'First bytes'],
      view.sample.map((d) => ({
        cells: [time(d.failedAt), `${d.sourceTopic}[${d.sourcePartition}]@${d.sourceOffset}`, d.errorKind,
          d.errorMessage, d.sourceComponent, d.valueHead || ''],
      }))));
    replace('error');
  } catch (e) {
    showError('error', e);
  }
  markLoaded();
});

await shell('dead-letters.html');
await load();
live((update) => { if (update.changed.includes('dead-letters')) load(); });
