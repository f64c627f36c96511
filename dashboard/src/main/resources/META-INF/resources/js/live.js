// The page's live link: one EventSource on /api/live. The browser reconnects by itself after a dropped
// connection (waiting the server's retry delay); when the server answers with an error status it gives up,
// so then we open a new EventSource ourselves, backing off up to 15 s.

const MAX_BACKOFF_MS = 15000;

export function live(onUpdate) {
  const status = document.getElementById('live-status');
  let backoff = 1000;

  function show(state, label) {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = label;
  }

  function open() {
    const source = new EventSource('/api/live');
    source.addEventListener('hello', () => {
      backoff = 1000;
      show('live', 'live');
    });
    source.addEventListener('update', (event) => {
      show('live', 'live');
      onUpdate(JSON.parse(event.data));
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        show('down', `reconnecting in ${Math.round(backoff / 1000)} s`);
        setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } else {
        show('down', 'reconnecting');
      }
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
