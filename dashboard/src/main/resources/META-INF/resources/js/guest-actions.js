// PIN / UNPIN of one guest's evtchn controls, shown to operators only. Unpin is offered only for a guest an
// operator pinned: fleet-stream rejects any other UNPIN (and the API answers it with 409).
import { el, replace } from './dom.js';
import { postJson } from './api.js';

export function pinForm(instanceId, pinned) {
  const result = el('span', { class: 'result', id: 'pin-result', role: 'status' });
  const fifo = el('select', { name: 'evtchnFifo' }, ['DENY', 'PERMIT', 'UNSET'].map((s) => el('option', {}, s)));
  const upcall = el('select', { name: 'evtchnUpcall' }, ['UNSET', 'DENY', 'PERMIT'].map((s) => el('option', {}, s)));
  // Local time in the browser, sent as an instant; empty pins until an Unpin.
  const expires = el('input', { name: 'pinExpiresAt', type: 'datetime-local' });
  const reason = el('input', { name: 'reason', size: 40, placeholder: 'reason (required)' });

  async function send(action) {
    const body = { action, reason: reason.value };
    if (action === 'PIN') {
      body.evtchnFifo = fifo.value;
      body.evtchnUpcall = upcall.value;
      if (expires.value) body.pinExpiresAt = new Date(expires.value).toISOString();
    }
    try {
      const receipt = await postJson(`/api/guests/${encodeURIComponent(instanceId)}/commands`, body);
      replace(result, `${receipt.action} sent as command ${receipt.commandId}`);
    } catch (e) {
      replace(result, el('span', { class: 'error' }, e.message));
    }
  }

  return el('form', { class: 'inline card', onsubmit: (e) => e.preventDefault() },
    el('label', {}, 'evtchn_fifo ', fifo), el('label', {}, 'evtchn_upcall ', upcall),
    el('label', {}, 'expires ', expires), reason,
    el('button', { type: 'button', 'data-action': 'PIN', onclick: () => send('PIN') }, 'Pin'),
    pinned ? el('button', { type: 'button', 'data-action': 'UNPIN', onclick: () => send('UNPIN') }, 'Unpin') : null,
    result);
}
