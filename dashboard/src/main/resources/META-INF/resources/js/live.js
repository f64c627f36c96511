// The page's live link: one EventSource on /api/live. The browser reconnects by itself after a dropped
// connection (waiting the server's retry delay); when the server answers with an error status it gives up,
// so then we open a new EventSource ourselves, backing off up to 15 s, unless the session expired: then the
// stream was redirected to the login page, and the browser goes there to sign in.
import { ApiFailure, session } from './api.js';

const MAX_BACKOFF_MS = 15000;
// The server drains its changes every tick whether or not a page listens, so what changed while the link
// was down is never announced: after a reconnect the page refetches every view it shows.
const EVERY_VIEW = ['overview', 'hosts', 'guests', 'policies', 'rollouts', 'actions', 'dead-letters'];

// False once the session is gone; the browser then goes to the login page (session() already sent it there
// when the answer was a redirect; a plain 401, as HTTP Basic clients get, lands here too).
async function stillSignedIn() {
  try {
    await session();
    return true;
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      if (!window.location.pathname.endsWith('/login.html')) window.location.assign('/login.html');
      return false;
    }
    return true;
  }
}

export function live(onUpdate) {
  const status = document.getElementById('live-status');
  let backoff = 1000;
  let connectedBefore = false;

  function show(state, label) {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = label;
  }

  async function reopenLater() {
    if (!(await stillSignedIn())) return;
    show('down', `reconnecting in ${Math.round(backoff / 1000)} s`);
    setTimeout(open, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  function open() {
    const source = new EventSource('/api/live');
    source.addEventListener('hello', (event) => {
      backoff = 1000;
      show('live', 'live');
      if (connectedBefore) onUpdate({ ...JSON.parse(event.data), changed: EVERY_VIEW });
      connectedBefore = true;
    });
    source.addEventListener('update', (event) => {
      show('live', 'live');
      onUpdate(JSON.parse(event.data));
    });
    source.onerror = () => {
      show('down', 'reconnecting');
      // CLOSED: the browser gave up on this source (an error status, or an answer that is not a stream).
      if (source.readyState === EventSource.CLOSED) reopenLater();
    };
  }

  open();
}

// Runs load() now and again on request, never two at once; a request during a load runs once after it.
export function refresher(load) {
  let running = false;
  let again = false;
  async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await load();
    } finally {
      running = false;
      if (again) {
        again = false;
        run();
      }
    }
  }
  return run;
}
