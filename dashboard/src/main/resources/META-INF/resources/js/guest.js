import { el, markLoaded, replace, showError, table, time } from './dom.js';
import { getJson } from './api.js';
import { live, refresher } from './live.js';
import { shell } from './shell.js';
import { pinForm } from './guest-actions.js';

const id = new URLSearchParams(window.location.search).get('id');

document.getElementById('find').addEventListener('submit', (event) => {
  event.preventDefault();
  const wanted = document.getElementById('find-id').value.trim();
  window.location.assign(`/guest.html?id=${encodeURIComponent(wanted)}`);
});

function policyCard(policy, streamStateUrl) {
  if (!policy) {
    return el('p', { id: 'policy' }, 'No instance-level policy for this guest.',
      streamStateUrl ? el('a', { href: streamStateUrl }, ' Full state in fleet-stream') : null);
  }
  return el('div', { id: 'policy', class: 'card' },
    el('h2', {}, `Policy v${policy.version} · ${policy.mode}`),
    el('p', {}, `evtchn_fifo ${policy.evtchnFifo}, evtchn_upcall ${policy.evtchnUpcall}`),
    el('p', {}, `Scope ${policy.scope}`, policy.imageId ? ` · image ${policy.imageId}` : '',
      policy.liftsAt ? ` · expires ${time(policy.liftsAt)}` : ''),
    el('p', {}, `${policy.reasonCode}: ${policy.reasonText}`),
    policy.liftCondition ? el('p', {}, `Lifts on ${policy.liftCondition}`) : null,
    el('p', {}, 'Evidence (highlighted in the timeline): ',
      policy.evidenceEventIds.length ? policy.evidenceEventIds.join(', ') : 'none recorded'),
    streamStateUrl ? el('a', { href: streamStateUrl }, 'Full state in fleet-stream') : null);
}

function birthCard(birth) {
  if (!birth) return el('p', { id: 'birth' }, 'No birth certificate: no agent event of this guest was read.');
  const kernel = birth.kernel
    ? `${birth.kernel} (${birth.kernelFamily}, ${birth.kernelFifoAware ? 'FIFO-aware' : '2-level only'})` : 'unknown';
  return el('div', { id: 'birth', class: 'card' },
    el('h2', {}, 'Birth certificate',
      birth.firstSeenMidLife ? el('span', { class: 'mid-life' }, ' · first seen mid-life') : null),
    birth.firstSeenMidLife ? el('p', { class: 'note' },
      'Its first event read was not its fresh boot: this is what that event said, not its real birth.') : null,
    table(['Host', 'Xen profile', 'FIFO built in', 'Kernel', 'ABI at birth', 'Known FIFO-aware from birth', 'When'],
      [{ cells: [birth.hostId, birth.xenProfile, birth.hostFifoBuiltIn ? 'yes' : 'no', kernel, birth.abi,
        birth.fifoAware ? 'yes' : 'no', time(birth.bornAt)] }]));
}

function timeline(entries, evidence) {
  return table(['Time', 'Host', 'Xen profile', 'Step', 'What happened', 'Outcome', 'Policy'],
    entries.map((e) => ({
      entry: e,
      cells: [time(e.at), e.hostId || '', e.xenProfile || '', e.kind, e.summary, e.outcome || '',
        e.policyVersion === null ? '' : `v${e.policyVersion}`],
    })),
    (row) => ({
      class: [evidence.has(row.entry.eventId) ? 'evidence' : '', row.entry.outcome === 'failed' ? 'failed' : '']
        .join(' ').trim() || null,
      'data-kind': row.entry.kind,
    }));
}

// The pin form survives the page being redrawn by a live update, so what an operator is typing is kept.
let pin = { key: null, form: null };
function pinFormFor(g) {
  const pinned = Boolean(g.policy && g.policy.pinned);
  const key = `${g.instanceId}:${pinned}`;
  if (pin.key !== key) pin = { key, form: pinForm(g.instanceId, pinned) };
  return pin.form;
}

function renderGuest(g, me) {
  document.getElementById('title').textContent = `Guest ${g.instanceId}`;
  const evidence = new Set(g.policy ? g.policy.evidenceEventIds : []);
  replace('guest',
    el('p', {}, `Seen on hosts: ${g.hosts.join(', ') || 'none'}`),
    policyCard(g.policy, g.streamStateUrl),
    birthCard(g.birth),
    me.operator ? pinFormFor(g) : null,
    el('h2', {}, 'Timeline'),
    g.truncated ? el('p', { class: 'note' }, 'Older entries were dropped; only the most recent are kept here.') : null,
    el('div', { id: 'timeline' }, timeline(g.timeline, evidence)));
}

function renderRecent(guests) {
  replace('guest', el('h2', {}, 'Recently active guests'),
    table(['Guest', 'Last step', 'When', 'Host'], guests.map((g) => ({
      cells: [el('a', { href: `/guest.html?id=${encodeURIComponent(g.instanceId)}` }, g.instanceId),
        g.lastKind, time(g.lastAt), g.lastHostId || ''],
    }))));
}

const me = await shell('guest.html');

const load = refresher(async () => {
  try {
    if (id) renderGuest(await getJson(`/api/guests/${encodeURIComponent(id)}`), me);
    else renderRecent(await getJson('/api/guests'));
    replace('error');
  } catch (e) {
    showError('error', e);
  }
  markLoaded();
});

await load();
live((update) => {
  if (update.changed.includes('guests') || update.changed.includes('policies')) load();
});
