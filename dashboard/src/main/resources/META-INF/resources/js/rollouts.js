import { el, markLoaded, replace, showError, table, text, time } from './dom.js';
import { getJson, postJson } from './api.js';
import { live, refresher } from './live.js';
import { shell } from './shell.js';

const ACTIONS = ['APPROVE', 'PAUSE', 'RESUME', 'ABORT', 'ROLLBACK', 'RETRY'];
// The scopes a family rollout may take (DirectiveScope without the instance-only RESUME_OF_IMAGE); the API checks.
const SCOPES = ['RESUMES_OF_2L_IMAGES', 'ALL_CREATES'];
const SETTINGS = ['DENY', 'PERMIT', 'UNSET'];

function gates(wave) {
  if (!wave.gates.length) return 'not evaluated yet';
  return el('ul', { class: 'gates' }, wave.gates.map((g) => el('li', { class: `verdict-${g.verdict}` },
    `${g.gate}: ${g.observed} against ${g.threshold} → ${g.verdict}`, g.detail ? ` (${g.detail})` : '')));
}

function progress(wave) {
  const pct = wave.requiredCreates > 0 ? Math.min(100, (100 * wave.createsObserved) / wave.requiredCreates) : 0;
  return el('span', { class: 'progress' },
    el('progress', { max: wave.requiredCreates || 1, value: wave.createsObserved }),
    ` ${wave.createsObserved} / ${wave.requiredCreates} creates (${pct.toFixed(0)}%)`);
}

function waves(rollout) {
  return table(['Wave', 'Hosts', 'Progress under the policy', 'Status', 'Gates', 'Started', 'Completed'],
    rollout.waves.map((w) => ({
      cells: [w.index, `${(w.hostFraction * 100).toFixed(0)}%`, progress(w), w.status, gates(w), time(w.startedAt),
        time(w.completedAt)],
    })),
    (row, i) => ({ class: rollout.currentWave === i ? 'current' : null }));
}

// Reasons typed and the last action's outcome, per rollout, survive the card being rebuilt by a live update.
const reasons = new Map();
const outcomes = new Map();
// fleet-stream's audited verdicts by command id, from the actions log. The published state's lastCommandId
// names rejected commands too, so only the audit (COMMAND_ACCEPTED / COMMAND_REJECTED) says what happened.
const verdicts = new Map();

function outcomeText(rolloutId) {
  const outcome = outcomes.get(rolloutId);
  if (!outcome) return '';
  if (outcome instanceof Node) return outcome.cloneNode(true);
  const verdict = verdicts.get(outcome.commandId);
  if (verdict && verdict.verdict === 'ACCEPTED') {
    return `${outcome.action} accepted by fleet-stream (command ${outcome.commandId})`;
  }
  if (verdict && verdict.verdict === 'REJECTED') {
    return el('span', { class: 'error' },
      `${outcome.action} rejected by fleet-stream (${verdict.verdictDetail}) (command ${outcome.commandId})`);
  }
  return `${outcome.action} sent as command ${outcome.commandId}; waiting for fleet-stream's verdict`;
}

function showOutcome(rolloutId) {
  const shown = document.querySelector(`article[data-rollout-id="${CSS.escape(rolloutId)}"] .result`);
  if (shown) replace(shown, outcomeText(rolloutId));
}

function controls(rollout, me) {
  if (!me.operator) return null;
  const reason = el('input', { name: 'reason', size: 40, placeholder: 'reason (required)', class: 'reason',
    oninput: (e) => reasons.set(rollout.rolloutId, e.target.value) });
  reason.value = reasons.get(rollout.rolloutId) || '';
  const result = el('span', { class: 'result', role: 'status' }, outcomeText(rollout.rolloutId));
  async function send(action) {
    let outcome;
    try {
      const receipt = await postJson(`/api/rollouts/${encodeURIComponent(rollout.rolloutId)}/commands`,
        { action, reason: reason.value });
      outcome = { action: receipt.action, commandId: receipt.commandId };
      reasons.delete(rollout.rolloutId);
      reason.value = '';
    } catch (e) {
      outcome = el('span', { class: 'error' }, e.message);
    }
    outcomes.set(rollout.rolloutId, outcome);
    showOutcome(rollout.rolloutId);
  }
  return el('div', { class: 'controls' }, reason, ACTIONS.map((a) => el('button', {
    type: 'button', 'data-action': a, disabled: !rollout.allowedActions.includes(a), onclick: () => send(a),
  }, a.toLowerCase())), result);
}

function card(rollout, me) {
  return el('article', { class: 'card rollout', 'data-rollout-id': rollout.rolloutId },
    el('h2', {}, rollout.rolloutId, ' ', el('span', { class: `phase phase-${rollout.phase}` }, rollout.phase)),
    el('p', {}, `${rollout.targetKey} · policy v${rollout.policyVersion} · evtchn_fifo ${rollout.evtchnFifo}`,
      ` · evtchn_upcall ${rollout.evtchnUpcall} · `, el('span', { class: 'scope' }, `scope ${rollout.scope}`),
      ` · updated ${time(rollout.updatedAt)}`, rollout.lastCommandId ? ` · last command ${rollout.lastCommandId}` : ''),
    rollout.haltReason ? el('p', { class: 'halt-reason' }, `Halted: ${rollout.haltReason}`) : null,
    waves(rollout),
    controls(rollout, me));
}

function actionsLog(entries) {
  return table(['Issued', 'Actor', 'Action', 'Target', 'Reason', 'Verdict'], entries.map((a) => ({
    cells: [time(a.issuedAt), a.actor, a.action, a.target, a.reason,
      a.verdictDetail ? `${a.verdict}: ${a.verdictDetail}` : a.verdict],
  })));
}

// START of a rollout for a family with none under way; fleet-stream decides and audits, as for the buttons.
function startForm() {
  const family = el('input', { name: 'familyKey', size: 36, list: 'known-families', required: true,
    placeholder: 'family:linux-5.10@PROPOSED' });
  const fifo = el('select', { name: 'evtchnFifo' }, SETTINGS.map((s) => el('option', {}, s)));
  const upcall = el('select', { name: 'evtchnUpcall' }, ['UNSET', 'DENY', 'PERMIT'].map((s) => el('option', {}, s)));
  const scope = el('select', { name: 'scope' }, SCOPES.map((s) => el('option', {}, s)));
  const reason = el('input', { name: 'reason', size: 40, placeholder: 'reason (required)' });
  const result = el('span', { class: 'result', role: 'status' });
  async function start() {
    try {
      const receipt = await postJson(`/api/families/${encodeURIComponent(family.value.trim())}/commands`,
        { action: 'START', reason: reason.value, evtchnFifo: fifo.value, evtchnUpcall: upcall.value,
          scope: scope.value });
      outcomes.set(START, { action: receipt.action, commandId: receipt.commandId });
      reason.value = '';
    } catch (e) {
      outcomes.set(START, el('span', { class: 'error' }, e.message));
    }
    replace(result, outcomeText(START));
  }
  return el('form', { class: 'inline card', id: 'start-form', onsubmit: (e) => { e.preventDefault(); start(); } },
    el('label', {}, 'Family ', family), el('label', {}, 'evtchn_fifo ', fifo),
    el('label', {}, 'evtchn_upcall ', upcall), el('label', {}, 'Scope ', scope), reason,
    el('button', { type: 'submit', 'data-action': 'START' }, 'start'), result,
    el('datalist', { id: 'known-families' }));
}

// Suggestions only: fleet-stream accepts START for a family with no rollout under way and rejects it otherwise.
function knownFamilies(rollouts) {
  const list = document.getElementById('known-families');
  if (list) replace(list, [...new Set(rollouts.map((r) => r.targetKey))].map((k) => el('option', { value: k })));
}

const START = 'start';
const me = await shell('rollouts.html');
text('role-note', me.operator
  ? 'You can start a rollout for a family, and approve, pause, resume, abort, roll back and retry rollouts.'
  : 'Read-only: sign in as an operator to act on rollouts.');
if (me.operator) replace('start', el('h2', {}, 'Start a rollout'), startForm());

// Rebuilding a card would take the focus from a reason being typed: retry the rebuild a second later.
function typing() {
  const active = document.activeElement;
  return active && active.classList.contains('reason') && active.value !== '';
}

const loadRollouts = refresher(async () => {
  try {
    const rollouts = await getJson('/api/rollouts');
    if (typing()) {
      setTimeout(loadRollouts, 1000);
      return;
    }
    replace('rollouts', rollouts.length ? rollouts.map((r) => card(r, me)) : el('p', {}, 'No rollouts.'));
    knownFamilies(rollouts);
    replace('error');
  } catch (e) {
    showError('error', e);
  }
});

const loadActions = refresher(async () => {
  try {
    const entries = await getJson('/api/rollouts/actions');
    verdicts.clear();
    entries.forEach((a) => verdicts.set(a.commandId, a));
    replace('actions', actionsLog(entries));
    outcomes.forEach((outcome, rolloutId) => (rolloutId === START ? replace(
      document.querySelector('#start-form .result'), outcomeText(START)) : showOutcome(rolloutId)));
  } catch (e) {
    showError('error', e);
  }
});

await Promise.all([loadRollouts(), loadActions()]);
markLoaded();
live((update) => {
  if (update.changed.includes('rollouts')) loadRollouts();
  if (update.changed.includes('actions')) loadActions();
});
