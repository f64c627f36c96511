import { el, markLoaded, replace, showError, table, text, time } from './dom.js';
import { getJson } from './api.js';
import { live, refresher } from './live.js';
import { shell } from './shell.js';

// The symbols of PolicyReasonCode and PolicyMode (events-schema/src/main/avro/shared); the API rejects others.
const REASONS = ['HIBERNATED_2L_IMAGE_ON_FIFO_HOST', 'FIFO_IMAGE_NEEDS_PERMIT', 'RESUME_FAILURE_OBSERVED',
  'FAMILY_ROLLOUT', 'OPERATOR_PIN', 'OPERATOR_UNPIN', 'LIFTED', 'ROLLBACK', 'UNKNOWN'];
const MODES = ['OBSERVE', 'ADVISE', 'ENFORCE'];

const form = document.getElementById('filter');
REASONS.forEach((r) => document.getElementById('filter-reason').append(el('option', {}, r)));
MODES.forEach((m) => document.getElementById('filter-mode').append(el('option', {}, m)));

function target(p) {
  if (p.targetKind === 'INSTANCE') {
    return el('a', { href: `/guest.html?id=${encodeURIComponent(p.instanceId)}` }, p.key);
  }
  return p.key;
}

const load = refresher(async () => {
  try {
    const query = new URLSearchParams(new FormData(form)).toString();
    const view = await getJson(`/api/policies?${query}`);
    text('count', `${view.matching} of ${view.total} policies match` +
      (view.policies.length < view.matching ? `; the newest ${view.policies.length} are listed` : ''));
    replace('policies', table(['Target', 'Version', 'Mode', 'Reason', 'evtchn_fifo', 'evtchn_upcall', 'Scope',
      'Rollout', 'Cohort', 'Issued', 'Expires', 'Evidence'], view.policies.map((p) => ({
      cells: [target(p), `v${p.version}`, p.mode, `${p.reasonCode}: ${p.reasonText}`, p.evtchnFifo, p.evtchnUpcall,
        p.imageId ? `${p.scope} (image ${p.imageId})` : p.scope,
        p.rolloutId ? `${p.rolloutId} wave ${p.wave}` : '', p.cohortFraction, time(p.issuedAt), time(p.liftsAt),
        p.evidenceEventIds.length],
    })), (row, i) => ({ 'data-key': view.policies[i].key })));
    replace('error');
  } catch (e) {
    showError('error', e);
  }
  markLoaded();
});

form.addEventListener('input', () => load());
form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
await shell('policies.html');
await load();
live((update) => { if (update.changed.includes('policies')) load(); });
